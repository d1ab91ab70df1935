"""``--executor ray`` where Ray is not installed: one message saying how to install it, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import ROOT, SEED

# Runs the command line with `import ray` failing, as it fails where the extra is not installed.
_WITHOUT_RAY = (
    "import sys; sys.modules['ray'] = None; sys.argv = ['babelpress'] + sys.argv[1:]; "
    "from translate.cli import main; main()"
)


def test_the_ray_executor_without_ray_says_how_to_install_it(models_env: Path, tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / SEED.name).write_bytes(SEED.read_bytes())
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_RAY, "publish", "seeds", "--to", "en", "--out", "out", "--no-glossary",
         "--executor", "ray"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1
    assert "--executor ray needs Ray, which is not installed: pip install 'babelpress[ray]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
