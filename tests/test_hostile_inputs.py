"""The hostile-input set: every command that takes a file, given the worst files a user could give it.

Each case runs ``python -m translate ...`` in a real process, in a project that
already holds a published bundle, a glossary and a translation memory, with
the test models installed in a private packages folder. Every case must:

- exit with status 1 or 2 and print one clear message (``Error: ...``, or
  click's usage form), never a traceback or a Python exception name;
- read and write nothing outside the paths it was given: the whole test tree
  (project, inputs, packages, home) is the same before and after, and the
  content of a sentinel file that external entities, manifests and symbolic
  links point at never shows up in any output;
- leave the earlier bundle verifying, the glossary loading and the memory
  checking clean.

The fixtures are ``tests/fixtures/hostile/`` (listed in its README), laid out
with the large and binary ones by ``make.py``. The outcome table (case,
command, exit status, first line of the message) is printed at the end of
the module's run (``pytest -s`` or ``-rA`` shows it).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import DE_EN, ROOT, SEED

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
TIMEOUT = 30
# A traceback, a Python exception or warning class (OSError, KeyError, UserWarning...) or a raw errno.
PYTHON_NAMES = re.compile(r"Traceback|\b[A-Za-z_]+(?:Error|Exception|Warning)\b|\[Errno \d+\]")


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    cwd: str = "{project}"
    xfail: str | None = None
    accepted: str | None = None  # a harmless file that is imported: exit 0, and only this path may change

    def argv(self, world: World) -> list[str]:
        return [arg.format(**world.places) for arg in self.args]


def case(name: str, *args: str, cwd: str = "{project}", xfail: str | None = None,
         accepted: str | None = None) -> Case:
    return Case(name, args, cwd, xfail, accepted)



G = ("--glossary", "{project}/glossary/terms.yaml")
M = ("--memory", "{project}/memory.sqlite3")
NEW_OUT = ("--out", "{project}/new-output")
ARTICLE = "{project}/seeds/article.txt"

CASES = [
    # translate FILE
    case("translate binary", "translate", "{in}/binary.txt", "--to", "en"),
    case("translate empty", "translate", "{in}/empty.txt", "--to", "en"),
    case("translate only whitespace", "translate", "{in}/only-whitespace.md", "--to", "en"),
    case("translate invalid UTF-8", "translate", "{in}/invalid-utf8.txt", "--to", "en"),
    case("translate UTF-16 without BOM", "translate", "{in}/utf16-no-bom.txt", "--to", "en"),
    case("translate NUL bytes", "translate", "{in}/nul-bytes.md", "--to", "en"),
    case("translate huge line", "translate", "{in}/huge-line.txt", "--to", "en"),
    case("translate broken front matter", "translate", "{in}/frontmatter-broken.md", "--to", "en"),
    case("translate front matter billion laughs", "translate", "{in}/frontmatter-billion-laughs.md", "--to", "en"),
    case("translate front matter python tag", "translate", "{in}/frontmatter-python-tag.md", "--to", "en"),
    case("translate front matter list", "translate", "{in}/frontmatter-list.md", "--to", "en"),
    case("translate a folder", "translate", "{in}/sources-empty", "--to", "en"),
    case("translate missing file", "translate", "{in}/no-such-file.txt", "--to", "en"),
    case("translate unknown encoding", "translate", ARTICLE, "--to", "en", "--encoding", "klingon"),
    case("translate --out is a file", "translate", ARTICLE, "--to", "en,es", "--out", "{in}/empty.txt"),
    # publish SOURCES
    case("publish binary", "publish", "{in}/binary.txt", *NEW_OUT),
    case("publish invalid UTF-8", "publish", "{in}/invalid-utf8.txt", *NEW_OUT),
    case("publish NUL bytes", "publish", "{in}/nul-bytes.md", *NEW_OUT),
    case("publish broken front matter", "publish", "{in}/frontmatter-broken.md", *NEW_OUT),
    case("publish front matter billion laughs", "publish", "{in}/frontmatter-billion-laughs.md", *NEW_OUT),
    case("publish empty folder", "publish", "{in}/sources-empty", *NEW_OUT),
    case("publish folder of symlinks to outside", "publish", "{in}/sources-with-link", *NEW_OUT),
    case("publish --json binary", "publish", "{in}/binary.txt", *NEW_OUT, "--json"),
    case("publish glossary billion laughs", "publish", *NEW_OUT, "--glossary", "{in}/glossary-billion-laughs.yaml"),
    case("publish memory random bytes", "publish", *NEW_OUT, "--memory", "{in}/random.sqlite3"),
    case("publish memory truncated SQLite", "publish", *NEW_OUT, "--memory", "{in}/truncated.sqlite3"),
    # babelpress.yaml
    case("config billion laughs", "publish", "--config", "{in}/config-billion-laughs.yaml"),
    case("config python tag", "publish", "--config", "{in}/config-python-tag.yaml"),
    case("config is a list", "publish", "--config", "{in}/config-list.yaml"),
    case("config broken syntax", "publish", "--config", "{in}/config-broken-syntax.yaml"),
    case("config wrong types", "publish", "--config", "{in}/config-wrong-types.yaml"),
    case("config binary", "publish", "--config", "{in}/binary.yaml"),
    case("config in working folder", "publish", cwd="{in}/project-with-bad-config"),
    # verify DIR
    case("verify manifest lists ../", "verify", "{in}/verify-traversal"),
    case("verify manifest lists absolute path", "verify", "{in}/verify-absolute"),
    case("verify manifest path with NUL", "verify", "{in}/verify-nul-path"),
    case("verify manifest not JSON", "verify", "{in}/verify-not-json"),
    case("verify manifest is a list", "verify", "{in}/verify-list"),
    case("verify manifest files not a list", "verify", "{in}/verify-files-wrong"),
    case("verify manifest is a symlink", "verify", "{in}/verify-symlinked-manifest"),
    case("verify a file", "verify", "{in}/verify-not-a-folder.md"),
    case("verify folder without manifest", "verify", "{in}/sources-empty"),
    case("verify missing folder", "verify", "{in}/no-such-folder"),
    # glossary import FILE (CSV, TSV)
    case("glossary import CSV one column", "glossary", "import", "{in}/csv-one-column.csv", "--to", "en", *G),
    case("glossary import CSV five columns", "glossary", "import", "{in}/csv-five-columns.csv", "--to", "en", *G),
    case("glossary import CSV quote never closed", "glossary", "import", "{in}/csv-unclosed-quote.csv", "--to", "en", *G),
    case("glossary import CSV 10k columns", "glossary", "import", "{in}/columns-10k.csv", "--to", "en", *G),
    case("glossary import CSV huge cell", "glossary", "import", "{in}/huge-cell.csv", "--to", "en", *G),
    case("glossary import CSV binary", "glossary", "import", "{in}/binary.csv", "--to", "en", *G),
    case("glossary import CSV invalid UTF-8", "glossary", "import", "{in}/invalid-utf8.csv", "--to", "en", *G),
    case("glossary import CSV UTF-16 without BOM", "glossary", "import", "{in}/utf16-no-bom.csv", "--to", "en", *G),
    case("glossary import CSV empty", "glossary", "import", "{in}/empty.csv", "--to", "en", *G),
    case("glossary import TSV NUL bytes", "glossary", "import", "{in}/nul-bytes.tsv", "--to", "en", *G),
    case("glossary import TSV ragged rows", "glossary", "import", "{in}/tsv-ragged.tsv", "--to", "en", *G),
    # glossary import FILE (TBX)
    case("glossary import TBX billion laughs", "glossary", "import", "{in}/tbx-billion-laughs.tbx", *G),
    case("glossary import TBX XXE file", "glossary", "import", "{in}/tbx-xxe-file.tbx", *G),
    case("glossary import TBX XXE relative", "glossary", "import", "{in}/tbx-xxe-relative.tbx", *G),
    # A DOCTYPE naming an external DTD is common in real TBX/TMX files: imported, the DTD never read.
    case("glossary import TBX external DTD", "glossary", "import", "{in}/tbx-external-dtd.tbx", *G,
         accepted="project/glossary/terms.yaml"),
    case("glossary import TBX parameter entity", "glossary", "import", "{in}/tbx-parameter-entity.tbx", *G),
    case("glossary import TBX malformed", "glossary", "import", "{in}/tbx-malformed.tbx", *G),
    case("glossary import TBX wrong root", "glossary", "import", "{in}/tbx-wrong-root.tbx", *G),
    case("glossary import TBX truncated", "glossary", "import", "{in}/tbx-truncated.tbx", *G),
    case("glossary import TBX binary", "glossary", "import", "{in}/binary.tbx", *G),
    # glossary check FILE, and hostile glossary files
    case("glossary check binary", "glossary", "check", "{in}/binary.txt", "--lang", "en", *G),
    case("glossary check invalid UTF-8", "glossary", "check", "{in}/invalid-utf8.txt", "--lang", "en", *G),
    case("glossary check --source binary", "glossary", "check", ARTICLE, "--lang", "en", "--source", "{in}/binary.txt", *G),
    case("glossary YAML billion laughs", "glossary", "check", ARTICLE, "--lang", "en",
         "--glossary", "{in}/glossary-billion-laughs.yaml"),
    case("glossary YAML python tag", "glossary", "check", ARTICLE, "--lang", "en",
         "--glossary", "{in}/glossary-python-tag.yaml"),
    case("glossary YAML a scalar", "glossary", "validate", "--glossary", "{in}/glossary-scalar.yaml"),
    case("glossary YAML entries not a list", "glossary", "validate", "--glossary", "{in}/glossary-wrong-shape.yaml"),
    case("glossary YAML broken syntax", "glossary", "list", "--glossary", "{in}/glossary-broken-syntax.yaml"),
    case("glossary YAML binary", "glossary", "validate", "--glossary", "{in}/binary.yaml"),
    case("glossary add to binary YAML", "glossary", "add", "--term", "de=Zoll", "--term", "en=customs",
         "--glossary", "{in}/binary.yaml"),
    # memory import FILE (TMX), and hostile memory files
    case("memory import TMX billion laughs", "memory", "import", "{in}/tmx-billion-laughs.tmx", *M),
    case("memory import TMX XXE file", "memory", "import", "{in}/tmx-xxe-file.tmx", *M),
    case("memory import TMX XXE relative", "memory", "import", "{in}/tmx-xxe-relative.tmx", *M),
    case("memory import TMX external DTD", "memory", "import", "{in}/tmx-external-dtd.tmx", *M,
         accepted="project/memory.sqlite3"),
    case("memory import TMX parameter entity", "memory", "import", "{in}/tmx-parameter-entity.tmx", *M),
    case("memory import TMX malformed", "memory", "import", "{in}/tmx-malformed.tmx", *M),
    case("memory import TMX wrong root", "memory", "import", "{in}/tmx-wrong-root.tmx", *M),
    case("memory import TMX truncated", "memory", "import", "{in}/tmx-truncated.tmx", *M),
    case("memory import TMX empty", "memory", "import", "{in}/empty.tmx", *M),
    case("memory import TMX binary", "memory", "import", "{in}/binary.tmx", *M),
    case("memory import into random bytes", "memory", "import", "{in}/tmx-valid.tmx", "--memory", "{in}/random.sqlite3"),
    case("memory import into truncated SQLite", "memory", "import", "{in}/tmx-valid.tmx",
         "--memory", "{in}/truncated.sqlite3"),
    case("memory check random bytes", "memory", "check", "--memory", "{in}/random.sqlite3"),
    case("memory check truncated SQLite", "memory", "check", "--memory", "{in}/truncated.sqlite3"),
    case("memory check another app's SQLite", "memory", "check", "--memory", "{in}/other-app.sqlite3"),
    case("memory stats random bytes", "memory", "stats", "--memory", "{in}/random.sqlite3"),
    case("memory export from truncated SQLite", "memory", "export", "{project}/export.tmx",
         "--memory", "{in}/truncated.sqlite3"),
    # models install FILE (.argosmodel)
    case("models install empty file", "models", "install", "{in}/empty.argosmodel"),
    case("models install not a zip", "models", "install", "{in}/not-a-zip.argosmodel"),
    case("models install truncated zip", "models", "install", "{in}/truncated.argosmodel"),
    case("models install ../ member", "models", "install", "{in}/traversal.argosmodel"),
    case("models install absolute member", "models", "install", "{in}/absolute.argosmodel"),
    case("models install symlink member", "models", "install", "{in}/symlink.argosmodel"),
    case("models install zip bomb", "models", "install", "{in}/bomb.argosmodel"),
    case("models install no metadata", "models", "install", "{in}/no-metadata.argosmodel"),
    case("models install metadata not JSON", "models", "install", "{in}/metadata-not-json.argosmodel"),
    case("models install metadata a list", "models", "install", "{in}/metadata-list.argosmodel"),
    case("models install broken model", "models", "install", "{in}/broken-model.argosmodel"),
    case("models install a folder without package", "models", "install", "{in}/sources-empty"),
]


# -- the world every case runs in ---------------------------------------------------------------------

@dataclass
class World:
    root: Path
    project: Path
    inputs: Path
    packages: Path
    sentinel: bytes
    env: dict[str, str]

    @property
    def places(self) -> dict[str, str]:
        return {"project": str(self.project), "in": str(self.inputs), "root": str(self.root)}


def snapshot(root: Path, inputs: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root``: type and mode, and the content's hash (inputs: size and mtime)."""
    tree: dict[str, tuple[object, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = path.lstat()
            relative = str(path.relative_to(root))
            if relative.endswith((".sqlite3-wal", ".sqlite3-shm")):
                continue  # SQLite's own companions of a memory (a read-only check may leave them, empty)
            if stat.S_ISLNK(info.st_mode):
                tree[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                tree[relative] = ("dir", stat.S_IMODE(info.st_mode))
            elif path.is_relative_to(inputs):
                tree[relative] = ("file", info.st_mode, info.st_size, info.st_mtime_ns)
            else:
                tree[relative] = ("file", info.st_mode, hashlib.sha256(path.read_bytes()).hexdigest())
    return tree


def cli(world: World, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "translate", *args], cwd=cwd or world.project, env=world.env,
                          capture_output=True, text=True, errors="replace", timeout=TIMEOUT)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, installed_models: Path) -> Iterator[World]:
    root = tmp_path_factory.mktemp("hostile")
    sentinel = f"babelpress-sentinel-{uuid.uuid4().hex}".encode()
    (root / "secret.txt").write_bytes(sentinel + b"\n")
    inputs, project, packages, home = root / "in", root / "project", root / "packages", root / "home"
    made = subprocess.run([sys.executable, str(HOSTILE / "make.py"), str(inputs), str(root / "secret.txt"), str(DE_EN)],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert made.returncode == 0, made.stderr
    shutil.copytree(installed_models, packages, symlinks=True)
    (project / "seeds").mkdir(parents=True)
    shutil.copy(SEED, project / "seeds" / "article.txt")
    (project / "glossary").mkdir()
    shutil.copy(ROOT / "glossary" / "terms.yaml", project / "glossary" / "terms.yaml")
    (project / "babelpress.yaml").write_text(
        "sources: [seeds]\nsource_lang: de\ntargets: [en, es]\nglossary: glossary/terms.yaml\nout: output\n")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("BABELPRESS_", "ARGOS_", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_CACHE_HOME=str(home / "cache"), ARGOS_PACKAGES_DIR=str(packages),
               ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/", BABELPRESS_MEMORY=str(project / "memory.sqlite3"),
               PYTHONDONTWRITEBYTECODE="1")
    home.mkdir()
    made_world = World(root, project, inputs, packages, sentinel, env)
    published = cli(made_world, "publish", "-q")
    assert published.returncode == 0, published.stderr
    assert_nothing_damaged(made_world)
    yield made_world
    shutil.rmtree(root, ignore_errors=True)


def assert_nothing_damaged(world: World) -> None:
    from translate.glossary import load_glossary
    from translate.memory.check import check_memory
    from translate.publish.verify import verify_bundle

    bundle = verify_bundle(world.project / "output")
    assert bundle.ok and bundle.checked > 0, bundle
    assert len(load_glossary(world.project / "glossary" / "terms.yaml")) > 0
    memory = check_memory(world.project / "memory.sqlite3")
    assert memory.ok and memory.entries > 0, memory.problems


OUTCOMES: list[tuple[str, str, int | str, str]] = []


@pytest.fixture(scope="module", autouse=True)
def outcome_table(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not OUTCOMES:
        return
    lines = [f"Hostile inputs: {len(OUTCOMES)} cases",
             "| case | command | exit | first line of the message |", "|---|---|---|---|"]
    lines += [f"| {name} | {command} | {code} | {message.replace('|', '/')} |" for name, command, code, message in OUTCOMES]
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line)
    report = os.environ.get("BABELPRESS_HOSTILE_TABLE")
    if report:
        Path(report).write_text("\n".join(lines) + "\n")


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _message_problems(hostile: Case, result: subprocess.CompletedProcess[str]) -> list[str]:
    problems = []
    stderr = result.stderr.strip()
    if hostile.accepted:
        if result.returncode != 0:
            problems.append(f"exit status {result.returncode}: a harmless file was refused")
    else:
        if result.returncode not in (1, 2):
            problems.append(f"exit status {result.returncode}, not 1 or 2")
        errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
        usage = result.returncode == 2 and stderr.startswith("Usage:")
        # publish reports each document and a summary line around its one error
        first = usage or stderr.startswith("Error: ") or hostile.args[0] == "publish"
        if len(errors) != 1 or not first:
            problems.append(f"stderr is not one 'Error:' message: {stderr[:300]!r}")
    for stream in (result.stdout, result.stderr):
        found = PYTHON_NAMES.search(stream)
        if found:
            problems.append(f"a traceback or Python name in the output: {found.group(0)!r}")
    return problems


def _sentinel_leaks(world: World, result: subprocess.CompletedProcess[str],
                    before: dict[str, tuple[object, ...]], after: dict[str, tuple[object, ...]]) -> list[str]:
    leaks = []
    secret = world.sentinel.decode()
    if secret in result.stdout or secret in result.stderr:
        leaks.append("the sentinel's content was printed")
    for relative in after:
        path = world.root / relative
        if before.get(relative) != after[relative] and after[relative][0] == "file" and relative != "secret.txt":
            if world.sentinel in path.read_bytes():
                leaks.append(f"the sentinel's content was written to {relative}")
    return leaks


@pytest.mark.parametrize(
    "hostile",
    [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [])
     for c in CASES],
)
def test_hostile_input_is_refused_cleanly_and_harms_nothing(world: World, hostile: Case) -> None:
    before = snapshot(world.root, world.inputs)
    command = " ".join(hostile.args[:2] if hostile.args[0] in ("glossary", "memory", "models") else hostile.args[:1])
    try:
        result = cli(world, *hostile.argv(world), cwd=Path(hostile.cwd.format(**world.places)))
    except subprocess.TimeoutExpired:
        OUTCOMES.append((hostile.name, command, "timeout", f"still running after {TIMEOUT} s"))
        raise
    after = snapshot(world.root, world.inputs)
    message = _first_line(result.stderr) or _first_line(result.stdout)
    OUTCOMES.append((hostile.name, command, result.returncode, message.replace(str(world.root), "…")[:160]))
    problems = _message_problems(hostile, result) + _sentinel_leaks(world, result, before, after)
    changed = sorted(set(before) ^ set(after) | {k for k in before if k in after and before[k] != after[k]})
    # the --out folder a publish was given may be created with the lock babelpress keeps there
    allowed = {hostile.accepted, "project/new-output", "project/new-output/.babelpress.lock"}
    changed = [path for path in changed if path not in allowed]
    if changed:
        problems.append(f"files outside the given paths were written or removed: {changed[:10]}")
    escaped = [p for p in (world.root.parent / "escaped.txt", world.root / "escaped.txt") if p.exists()]
    if escaped:
        problems.append(f"a package member escaped to {escaped}")
    assert not problems, "\n".join(problems) + f"\n--- stdout:\n{result.stdout[-2000:]}\n--- stderr:\n{result.stderr[-2000:]}"
    assert_nothing_damaged(world)


def test_the_set_is_large_and_its_readme_lists_every_committed_fixture() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    readme = (HOSTILE / "README.md").read_text()
    committed = [p for p in HOSTILE.rglob("*") if p.is_file() and p.name not in ("README.md", "make.py")
                 and "__pycache__" not in p.parts]
    listed = re.findall(r"`([^`]+)`", readme)
    missing = [str(p.relative_to(HOSTILE)) for p in committed
               if not any(fnmatch.fnmatch(str(p.relative_to(HOSTILE)), pattern) for pattern in listed)]
    assert not missing, f"fixtures missing from the README: {missing}"
    assert sum(p.stat().st_size for p in committed) < 200_000
