"""``babelpress verify``: re-check published bundles against their manifests."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("verify")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print problems only.")
@click.pass_context
def verify(ctx: click.Context, bundles: tuple[Path, ...], quiet: bool) -> None:
    """Check that BUNDLES (bundle folders, or a whole --out folder) are as published.

    Every file listed in the manifest (.babelpress-manifest.json) must exist with its recorded
    sha256 and size, and no other file may have been added. Reports each
    changed, missing or extra file; exits with status 1 on any problem.

    \b
      babelpress verify output/
      babelpress verify output/mexiko-setzt-e-commerce-als-wirtschaftswaffe-ein
    """
    from translate.errors import BabelpressError
    from translate.publish.verify import verify_bundle

    failed = 0
    for bundle in bundles:
        try:
            result = verify_bundle(bundle)
        except BabelpressError as exc:
            click.echo(f"Error: {exc}", err=True)
            failed += 1
            continue
        for label, paths in (("changed", result.changed), ("missing", result.missing), ("extra", result.extra)):
            for path in paths:
                click.echo(f"{label}: {result.root / path}")
        if result.ok:
            if not quiet:
                click.echo(f"OK {result.root}: {result.checked} files match {result.manifest}")
        else:
            failed += 1
            click.echo(
                f"Error: {result.root} does not match its manifest: {len(result.changed)} changed, "
                f"{len(result.missing)} missing, {len(result.extra)} extra.", err=True)
    if failed:
        ctx.exit(1)
