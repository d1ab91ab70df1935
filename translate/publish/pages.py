"""Loose pages: one Markdown file per input and language (``babelpress translate``).

Where :mod:`translate.publish.run` writes verifiable bundles, ``translate``
renders each translated document on its own: :func:`render_pages` gives the
text per language (a seed's date is kept as front matter) and
:func:`write_pages` writes ``<out>/<name>.<lang>.md``, all pages or none.

babelpress knows the pages it wrote from ``<out>/.babelpress-pages.json``,
which records the sha256 of each page it wrote. An existing page is replaced
only when it is still what babelpress wrote; a file it did not write, or a
page edited since, is replaced only with ``force``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from translate.documents.model import Document
from translate.errors import OutputError
from translate.files import write_all_atomic

__all__ = ["RECORD", "check_pages", "page_name", "page_names", "render_pages", "write_pages"]

RECORD = ".babelpress-pages.json"
_ELSEWHERE = "choose another --out directory"


def page_name(document: Document) -> str:
    """The file name stem of a document's pages: its file's stem, else its name (``text``, ``stdin``)."""
    return document.path.stem if document.path is not None else document.name


def render_pages(
    documents: Sequence[Document], units: Sequence[Mapping[str, Sequence[str]]], languages: Sequence[str]
) -> list[dict[str, str]]:
    """Per document, the rendered text in each language of ``units`` (translated units per language)."""
    pages = []
    for document, translated in zip(documents, units):
        meta = None
        if document.date:  # metadata found in a seed is kept, as front matter
            meta = {"lang": "", "date": document.date}
        pages.append({lang: document.render(translated[lang], meta and {**meta, "lang": lang}).text
                      for lang in languages})
    return pages


def page_names(documents: Sequence[Document], languages: Iterable[str]) -> list[str]:
    """The file names the pages of ``documents`` get, in writing order."""
    langs = list(languages)
    return [f"{page_name(document)}.{language}.md" for document in documents for language in langs]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_record(out: Path) -> dict[str, list[str]]:
    """Page name -> the sha256 of what babelpress wrote there ({} when there is no readable record)."""
    try:
        data = json.loads((out / RECORD).read_text(encoding="utf-8"))
        files = data["files"] if data.get("generator") == "babelpress" else {}
        return {str(name): [str(h) for h in hashes] for name, hashes in files.items() if isinstance(hashes, list)}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def _current(path: Path, record: Mapping[str, list[str]]) -> str | None:
    """The sha256 of the page at ``path`` if babelpress wrote it as it is now, else None."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        digest = _sha256(path.read_bytes())
    except OSError:
        return None
    return digest if digest in record.get(path.name, []) else None


def _foreign(out: Path, names: Iterable[str], record: Mapping[str, list[str]]) -> list[str]:
    return [name for name in dict.fromkeys(names)
            if ((out / name).exists() or (out / name).is_symlink()) and _current(out / name, record) is None]


def check_pages(out: Path, names: Iterable[str], force: bool = False) -> None:
    """Refuse (``OutputError``) pages in ``out`` that babelpress did not write, unless ``force``."""
    if force:
        return
    foreign = _foreign(out, names, _read_record(out))
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        which = "which babelpress did not write (or which was changed since)"
        raise OutputError(
            f"{out} already has {shown}, {which}. Move it away, {_ELSEWHERE}, or pass --force to replace it."
        )


def write_pages(out: Path, documents: Sequence[Document], pages: Sequence[Mapping[str, str]],
                force: bool = False) -> list[Path]:
    """Write every page as ``<out>/<name>.<lang>.md``, all or none; the paths written, in order.

    Pages babelpress did not write are refused (see :func:`check_pages`)
    unless ``force``. The record is renamed into place before the pages and
    lists both the old and the new sha256 of each page, so a run killed
    between two renames still leaves every page known as babelpress's.
    """
    files: list[tuple[Path, bytes]] = []
    for document, texts in zip(documents, pages):
        for language, body in texts.items():
            text = body if body.endswith("\n") else body + "\n"
            files.append((out / f"{page_name(document)}.{language}.md", text.encode("utf-8")))
    record = _read_record(out)
    check_pages(out, [path.name for path, _ in files], force)
    kept = {name: hashes for name, hashes in record.items() if (out / name).is_file()}
    for path, data in files:
        previous = _current(path, record)
        kept[path.name] = list(dict.fromkeys([_sha256(data), *([previous] if previous else [])]))
    manifest = json.dumps({"generator": "babelpress", "files": dict(sorted(kept.items()))}, indent=2) + "\n"
    write_all_atomic([(out / RECORD, manifest), *files], _ELSEWHERE)
    return [path for path, _ in files]
