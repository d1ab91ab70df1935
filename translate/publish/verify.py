"""Re-check a published bundle (or a whole ``--out``) against its ``manifest.json``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import InputError
from translate.publish.bundle import MANIFEST
from translate.publish.store import LOCK_NAME, STAGING_PREFIX, read_manifest


@dataclass
class Verification:
    root: Path
    checked: int = 0
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def _ignored(relative: str) -> bool:
    first = relative.split("/", 1)[0]
    return relative == MANIFEST or first == LOCK_NAME or first.startswith((STAGING_PREFIX, ".babelpress-new-"))


def verify_bundle(path: Path) -> Verification:
    """Compare every file under ``path`` with the manifest there."""
    root = path.parent if path.name == MANIFEST and path.is_file() else path
    if not root.is_dir():
        raise InputError(f"{path} does not exist or is not a directory; give a bundle folder or an --out folder.")
    manifest = read_manifest(root / MANIFEST)
    if manifest is None:
        raise InputError(f"{root} has no babelpress {MANIFEST}: it is not a published bundle.")
    result = Verification(root)
    # A publish swapping documents in lists them as pending too: each file may be the old or the new one.
    versions: dict[str, list[dict[str, object]]] = {}
    for record in manifest.get("files", []):
        versions.setdefault(str(record.get("path", "")), []).append(record)
    pending = manifest.get("pending", {})
    optional: set[str] = set()
    for slug, update in pending.items() if isinstance(pending, dict) else ():
        old = set(manifest.get("documents", {}).get(slug, {}).get("files", []))
        for record in update.get("files", []):
            relative = str(record.get("path", ""))
            versions.setdefault(relative, []).append(record)
            if relative not in old:
                optional.add(relative)  # new with this version: not there yet if the old one is
        optional |= old - {str(r.get("path", "")) for r in update.get("files", [])}  # dropped by the new one
    listed = set(versions)
    for relative, records in versions.items():
        target = root / relative
        if not target.is_file():
            if relative not in optional:
                result.missing.append(relative)
            continue
        data = target.read_bytes()
        result.checked += 1
        digest = hashlib.sha256(data).hexdigest()
        if not any(len(data) == r.get("size") and digest == r.get("sha256") for r in records):
            result.changed.append(relative)
    for target in sorted(root.rglob("*")):
        relative = target.relative_to(root).as_posix()
        if (target.is_file() or target.is_symlink()) and relative not in listed and not _ignored(relative):
            result.extra.append(relative)
    return result
