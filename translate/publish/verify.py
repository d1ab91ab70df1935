"""Re-check a published bundle (or a whole ``--out``) against its manifest.

The manifest is ``.babelpress-manifest.json``; a bundle or ``--out`` published
by the previous version has ``manifest.json``, which is read the same way.

Nothing outside the folder given is read: a manifest that lists a path
outside it is refused before any file is opened, and a listed file reached
through a symbolic link counts as changed without being followed (babelpress
writes regular files only).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from translate.errors import InputError
from translate.publish.bundle import GENERATOR, LEGACY_MANIFEST, MANIFEST
from translate.publish.store import LOCK_NAME, STAGING_PREFIX, manifest_path, read_manifest

REPUBLISH = "Re-publish with `babelpress publish` to rewrite it."


@dataclass
class Verification:
    root: Path
    manifest: Path  # the manifest the files were checked against
    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def _ignored(relative: str, manifests: set[str]) -> bool:
    first = relative.split("/", 1)[0]
    return relative in manifests or first == LOCK_NAME or first.startswith((STAGING_PREFIX, ".babelpress-new-"))


def _corrupt(path: Path, why: str) -> InputError:
    return InputError(f"{path} is corrupt ({why}). {REPUBLISH}")


def _is_record(record: object) -> bool:
    return (isinstance(record, dict) and isinstance(record.get("path"), str) and bool(record["path"])
            and isinstance(record.get("size"), int) and isinstance(record.get("sha256"), str))


def read_records(root: Path, path: Path | None = None) -> list[dict[str, Any]]:
    """The file records of ``root``'s manifest, each with a path inside ``root``.

    A document a publish is swapping in is listed twice: its old records and,
    under ``pending``, its new ones; a file that exists in one version only
    gets ``"optional": True`` here.

    Raises:
        InputError: when the manifest is missing, unreadable, corrupt, not
            babelpress', or lists a path outside ``root``.
    """
    path = manifest_path(root) if path is None else path
    if path.is_symlink():
        raise InputError(f"{path} is a symbolic link, not the manifest babelpress wrote. {REPUBLISH}")
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{root} has no babelpress manifest ({MANIFEST}): it is not a published bundle.") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror or exc}).") from None
    try:
        data = json.loads(text.decode("utf-8"))
    except ValueError as exc:
        raise _corrupt(path, f"it is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise _corrupt(path, "it is not a JSON object")
    if data.get("generator") != GENERATOR:
        raise InputError(f"{path} was not written by babelpress: {root} is not a published bundle.")
    records = data.get("files")
    if not isinstance(records, list) or not all(_is_record(record) for record in records):
        raise _corrupt(path, "its 'files' is not a list of files, each with a path, a size and a sha256")
    records = [dict(record) for record in records]
    pending = data.get("pending", {})
    documents = data.get("documents", {})
    if not isinstance(pending, dict) or not isinstance(documents, dict):
        raise _corrupt(path, "its 'pending' or 'documents' is not an object")
    for slug, update in pending.items():
        new = update.get("files") if isinstance(update, dict) else None
        if not isinstance(new, list) or not all(_is_record(record) for record in new):
            raise _corrupt(path, f"its pending '{slug}' is not a list of files")
        old_document = documents.get(slug)
        old = set(old_document.get("files", [])) if isinstance(old_document, dict) else set()
        paths = {record["path"] for record in new}
        for record in records:
            if record["path"] in old and record["path"] not in paths:
                record["optional"] = True  # dropped by the new version
        records.extend(dict(record, optional=record["path"] not in old) for record in new)
    for record in records:
        relative = record["path"]
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\x00" in relative:
            raise InputError(
                f"{path} lists {relative!r}, a path outside {root}: a manifest lists only files inside its "
                f"own folder, so this one was edited or damaged (nothing outside was read). {REPUBLISH}"
            )
    return records


def _through_link(root: Path, relative: str) -> bool:
    """Whether ``root/relative`` passes through a symbolic link below ``root``."""
    current = root
    for part in PurePosixPath(relative).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def verify_bundle(path: Path) -> Verification:
    """Compare every file under ``path`` with the manifest there."""
    given = path.name in (MANIFEST, LEGACY_MANIFEST) and path.is_file()
    root = path.parent if given else path
    if not root.is_dir():
        raise InputError(f"{path} does not exist or is not a directory; give a bundle folder or an --out folder.")
    manifest = path if given else manifest_path(root)
    records = read_records(root, manifest)  # every listed path checked before any file is opened
    result = Verification(root, manifest)
    # Never a file to check: the manifest itself, and the previous version's one a publish is replacing.
    manifests = {manifest.name}
    if manifest.name != LEGACY_MANIFEST and read_manifest(root / LEGACY_MANIFEST) is not None:
        manifests.add(LEGACY_MANIFEST)
    # A publish swapping documents in lists them as pending too: each file may be the old or the new one.
    versions: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        versions.setdefault(record["path"], []).append(record)
    listed = set(versions)
    for relative, candidates in versions.items():
        target = root / relative
        if _through_link(root, relative):
            result.changed.append(relative)
            continue
        if not target.is_file():
            if not all(record.get("optional") for record in candidates):
                result.missing.append(relative)
            continue
        try:
            data = target.read_bytes()
        except OSError as exc:
            raise InputError(f"{target} cannot be read ({exc.strerror or exc}); check its permissions.") from None
        result.checked += 1
        digest = hashlib.sha256(data).hexdigest()
        if not any(len(data) == record["size"] and digest == record["sha256"] for record in candidates):
            result.changed.append(relative)
    for target in sorted(root.rglob("*")):  # rglob does not descend into linked folders
        relative = target.relative_to(root).as_posix()
        if (target.is_symlink() or target.is_file()) and relative not in listed and not _ignored(relative, manifests):
            result.extra.append(relative)
    return result
