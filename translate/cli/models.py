"""``babelpress models``: list, install and remove translation model packages."""

from __future__ import annotations

import json
from pathlib import Path

import click

from translate.defaults import is_language_code
from translate.errors import PackageError


@click.group()
def models() -> None:
    """Manage translation model packages (Argos Translate format).

    Models live in Argos Translate's package directory (ARGOS_PACKAGES_DIR, by
    default ~/.local/share/argos-translate/packages), so models installed for
    Argos Translate or LibreTranslate are used as they are.
    """


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option("--available", is_flag=True, help="List the pairs the online package index offers (needs internet).")
def list_models(as_json: bool, available: bool) -> None:
    """List installed models (or, with --available, the online index)."""
    if available:
        from translate.engine import index

        entries = index.fetch_index()
        rows = [
            {"pair": f"{e.get('from_code')}-{e.get('to_code')}", "version": str(e.get("package_version", "")),
             "languages": f"{e.get('from_name', '')} → {e.get('to_name', '')}"}
            for e in entries
        ]
        if as_json:
            click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            for row in rows:
                click.echo(f"{row['pair']:<8} {row['version']:<8} {row['languages']}")
        return
    from translate.engine import packages, paths

    found = packages.installed_packages()
    if as_json:
        click.echo(json.dumps(
            [{"pair": p.pair, "name": p.name, "version": p.package_version, "from_name": p.from_name,
              "to_name": p.to_name, "path": str(p.path)} for p in found],
            indent=2, ensure_ascii=False,
        ))
        return
    directory = paths.packages_dir()
    if not found:
        click.echo(
            f"No models installed in {directory}.\n"
            "Install one with `babelpress models install de en` (needs internet) or from a file "
            "with `babelpress models install PATH/TO/FILE.argosmodel`."
        )
        return
    click.echo(f"Models in {directory}:")
    width = max(len(p.name) for p in found)
    for p in found:
        click.echo(f"  {p.pair:<8} {p.name:<{width}}  {p.package_version or '-':<6} {p.from_name} → {p.to_name}")


@models.command("install")
@click.argument("sources", nargs=-1, required=True)
def install(sources: tuple[str, ...]) -> None:
    """Install models: a language pair from the online index, or package files.

    \b
      babelpress models install de en                  # from the Argos index (internet)
      babelpress models install translate-de_en.argosmodel   # offline, from a file
      babelpress models install path/to/unpacked-package/    # an unpacked package

    A pair with no direct model (de es) installs the pair through English.
    """
    from translate.engine import install

    existing = [Path(s) for s in sources if Path(s).exists()]
    if len(existing) == len(sources):
        for path in existing:
            package = install.install_directory(path) if path.is_dir() else install.install_file(path)
            click.echo(f"Installed {package.pair} ({package.name} {package.package_version}) into {package.path.parent}")
        return
    if len(sources) == 2 and all(is_language_code(s) for s in sources):
        from translate.engine import index

        for package in index.install_pair(sources[0], sources[1], report=lambda m: click.echo(m, err=True)):
            click.echo(f"Installed {package.pair} ({package.name} {package.package_version}) into {package.path.parent}")
        return
    missing = [s for s in sources if not Path(s).exists()]
    raise PackageError(
        f"'{missing[0]}' is neither an existing .argosmodel file or package directory nor a "
        "language pair. Give two language codes (`babelpress models install de en`) or paths "
        "to package files."
    )


@models.command("remove")
@click.argument("spec", nargs=-1, required=True)
def remove(spec: tuple[str, ...]) -> None:
    """Remove an installed model, by pair (`de en` or `de-en`) or by package name."""
    from translate.engine import packages

    wanted = "-".join(spec)
    found = packages.select(packages.installed_packages(), wanted)
    if not found:
        raise PackageError(
            f"No installed model matches '{' '.join(spec)}'. See `babelpress models list` for "
            "the installed pairs and package names."
        )
    for package in found:
        packages.remove(package)
        click.echo(f"Removed {package.pair} ({package.name})")
