"""Writing built documents into ``--out``: staged, locked, checked, swapped.

See :mod:`translate.publish.store` for the guarantees. A document whose
paths collide with files babelpress did not write is reported and skipped
(or stops the run with ``fail_fast``); the others are written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from translate.checkpoints import reached
from translate.errors import OutputError
from translate.publish import store
from translate.publish.archive import archive_name, build_archive
from translate.publish.bundle import BuiltDocument
from translate.publish.request import PublishReport, PublishRequest, Published


def commit(request: PublishRequest, built: list[BuiltDocument], report: PublishReport,
           on_wait: Callable[[str], None] | None = None, edits: Mapping[str, str] | None = None,
           manifest: store.OutputManifest | None = None) -> store.OutputManifest:
    """Write ``built`` into ``request.out``; record what happened in ``report``.

    ``edits`` tells, per page edited by hand, ``""`` where the built page
    keeps the edit (it may replace it), else why it cannot be kept.
    ``manifest`` is the output manifest as an earlier commit of the same
    publish left it: used while the file is still that one (see
    :meth:`store.OutputManifest.current`), so a publish in chunks does not
    read a manifest of every document again for each chunk. Returns the
    manifest as this commit left it.
    """
    return _Committer(request, report, edits or {}).commit(built, on_wait, manifest)


class _Committer:
    def __init__(self, request: PublishRequest, report: PublishReport, edits: Mapping[str, str]) -> None:
        self.request, self.report, self.edits = request, report, edits

    def _fail(self, source: str, message: str) -> None:
        if self.request.fail_fast:
            raise OutputError(message)
        self.report.errors.append({"source": source, "error": message})

    def commit(self, built: list[BuiltDocument], on_wait: Callable[[str], None] | None,
               known: store.OutputManifest | None) -> store.OutputManifest:
        request, out = self.request, self.request.out
        staging = store.Staging(out)
        manifest = known
        try:
            archives: dict[str, bytes] = {}
            for document in built:
                for relative, data in document.files.items():
                    staging.write(relative, data)
                if request.archive:
                    name = archive_name(document.slug, request.archive)
                    archives[document.slug] = build_archive(document.files, request.archive)
                    staging.write(name, archives[document.slug])
            reached("staged")
            with store.locked(out, on_wait):
                reached("locked")
                store.recover(out)
                manifest = store.OutputManifest.current(out, request.layout, known)
                if not manifest.ours and not request.force:
                    raise OutputError(
                        f"{manifest.path} was not written by babelpress; refusing to replace it. "
                        "Publish into another --out, or pass --force."
                    )
                if manifest.settle():  # a killed publish left documents pending: keep what is on disk
                    manifest.write()
                accepted = [d for d in built if self._may_write(d, manifest)]
                # Old and new listed together first: at every instant of the swaps, each file on
                # disk matches the manifest (verify accepts either), and its paths stay owned.
                for document in accepted:
                    manifest.add_pending(document.slug, document.entry, self._all_files(document, archives))
                if accepted:
                    manifest.write()
                    reached("pending")
                for document in accepted:
                    self._swap(staging, document, archives)
                    reached("swapped")
                    self.report.documents.append(
                        Published.of(document.source, document.slug, sorted(self._all_files(document, archives))))
                    self.report.warnings.extend(document.warnings)
                if accepted:
                    manifest.settle(swapped=True)
                    manifest.write()
                    reached("settled")
        except BaseException:
            if manifest is not None:  # it may hold changes the file does not: never trust it again
                manifest.identity = None
            raise
        finally:
            staging.close()
        assert manifest is not None  # set under the lock, or an exception was raised
        return manifest

    def _all_files(self, document: BuiltDocument, archives: dict[str, bytes]) -> dict[str, bytes]:
        files = dict(document.files)
        if document.slug in archives and self.request.archive:
            files[archive_name(document.slug, self.request.archive)] = archives[document.slug]
        return files

    def _may_write(self, document: BuiltDocument, manifest: store.OutputManifest) -> bool:
        if self.request.force:
            return True
        holder = manifest.documents.get(document.slug, {}).get("source")
        if holder is not None and holder != document.source:
            self._fail(document.source, (
                f"{document.source}: not published: {self.request.out / document.slug} holds {holder}, another "
                f"source whose title gives the same folder name '{document.slug}'. Give one of them a `slug:` in "
                "its front matter (or another title), publish into another --out, or pass --force to replace it."
            ))
            return False
        edited = [path for path in store.edited_paths(self.request.out, document.slug, manifest)
                  if self.edits.get(path) != ""]
        if edited:
            shown = ", ".join(edited[:3]) + (f" and {len(edited) - 3} more" if len(edited) > 3 else "")
            reasons = sorted({self.edits[path] for path in edited if self.edits.get(path)})
            why = f" It cannot be kept as a translation: {'; '.join(reasons)}." if reasons else ""
            self._fail(document.source, (
                f"{document.source}: not published: {shown} in {self.request.out} {'was' if len(edited) == 1 else 'were'}"
                f" edited since babelpress wrote it, and babelpress never replaces an edit.{why} Keep the edit "
                "elsewhere (`babelpress verify` lists what changed) and publish again, or pass --force to replace it."
            ))
            return False
        extra = [archive_name(document.slug, self.request.archive)] if self.request.archive else []
        foreign = store.foreign_paths(self.request.out, document, self.request.layout, manifest, extra)
        if not foreign:
            return True
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        self._fail(document.source, (
            f"{document.source}: not published: {self.request.out} already has {shown}, which babelpress "
            "did not write. Move it away, publish into another --out, or pass --force to replace it."
        ))
        return False

    def _swap(self, staging: store.Staging, document: BuiltDocument, archives: dict[str, bytes]) -> None:
        out = self.request.out
        try:
            if self.request.layout == "bundle":
                store.swap_directory(staging.path / "new" / document.slug, out / document.slug, staging.path / "old")
                singles = []
            else:
                singles = list(document.files)
            if document.slug in archives and self.request.archive:
                singles.append(archive_name(document.slug, self.request.archive))
            for relative in singles:
                target = out / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_dir() and not target.is_symlink():
                    staging_old = staging.path / "old" / relative.replace("/", "__")
                    target.rename(staging_old)  # only with --force: a folder where a file goes
                os.replace(staging.path / "new" / relative, target)
        except OSError as exc:
            raise store.output_error(out, exc) from None
