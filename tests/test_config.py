"""babelpress.yaml: complete validation with file, line and key; defaults; the shipped config."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from support import ROOT

from translate.errors import ConfigError
from translate.publish.config import ProjectConfig, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "babelpress.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_config(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "sources: [articles/, extra.md]\nsource_lang: de\ntargets: [en, es]\nout: site/content\n"
        "layout: folders\nglossary: terms.yaml\narchive: tar.gz\nencoding: cp1252\n"
        "engine:\n  beam_size: 2\n  threads: 1\n  compute_type: float32\n"
    ))
    config = load_config(path)
    assert config.sources == [tmp_path / "articles/", tmp_path / "extra.md"]
    assert config.targets == ["en", "es"]
    assert config.out == tmp_path / "site/content"
    assert (config.layout, config.archive, config.encoding) == ("folders", "tar.gz", "cp1252")
    assert config.glossary == tmp_path / "terms.yaml"
    assert (config.beam_size, config.threads, config.compute_type) == (2, 1, "float32")


def test_defaults_and_empty_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "# nothing set\n"))
    assert config.sources == []
    assert config.glossary == tmp_path / "glossary/terms.yaml"
    default = ProjectConfig()
    assert (default.out, default.layout, default.source_lang, default.archive) == (Path("output"), "bundle", "de", None)


def test_every_problem_is_reported_with_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "sources: seeds/\n"
        "targts: [en]\n"
        "layout: pages\n"
        "engine:\n"
        "  beam_size: 0\n"
        "  beams: 3\n"
        "archive: rar\n"
        "targets: [en, 'e s']\n"
    ))
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == "\n".join([
        "invalid configuration:",
        f"{path}:2: targts: unknown key; known keys are sources, source_lang, targets, out, layout, "
        "glossary, memory, archive, encoding, engine, executor.",
        f"{path}:3: layout: must be one of bundle, folders, not 'pages'.",
        f"{path}:5: engine.beam_size: must be a whole number from 1 to 16, not 0.",
        f"{path}:6: engine.beams: unknown key; known keys are beam_size, threads, compute_type.",
        f"{path}:7: archive: must be one of zip, tar.gz (or null), not 'rar'.",
        f"{path}:8: targets: must be language codes such as [en, es]; not e s.",
    ])


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sources: [seeds/\nout: x\n")
    with pytest.raises(ConfigError, match=rf"^{path}:\d+: not valid YAML"):
        load_config(path)


def test_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must be a mapping of settings"):
        load_config(write(tmp_path, "- seeds/\n"))


def test_unsafe_yaml_tags_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(write(tmp_path, "out: !!python/object/apply:os.system ['true']\n"))


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")


def test_shipped_project_config_publishes_the_seeds() -> None:
    config = load_config(ROOT / "babelpress.yaml")
    assert config.sources == [ROOT / "seeds"]
    assert config.targets == ["en", "es"]
    assert config.out == ROOT / "output"
    assert config.layout == "bundle"
    assert config.glossary == ROOT / "glossary/terms.yaml"
    assert yaml.safe_load((ROOT / "babelpress.yaml").read_text())["source_lang"] == "de"


def test_the_executor_is_a_name_or_a_mapping(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "executor: ray\n")).executor == "ray"
    config = load_config(write(tmp_path, "executor:\n  name: ray\n  address: auto\n  workers: 8\n  threads: 2\n"))
    assert (config.executor, config.ray_address, config.workers, config.worker_threads) == ("ray", "auto", 8, 2)
    assert ProjectConfig().executor == "local"


def test_a_bad_executor_names_each_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "executor:\n  name: spark\n  workers: 0\n  adress: auto\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).splitlines()[1:] == [
        f"{path}:2: executor.name: must be one of local, ray, not 'spark'.",
        f"{path}:3: executor.workers: must be a whole number ≥ 1, not 0.",
        f"{path}:4: executor.adress: unknown key; known keys are name, address, workers, threads.",
    ]
