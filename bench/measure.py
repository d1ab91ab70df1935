"""Run a command and print its peak RSS as a last JSON line: ``python bench/measure.py CMD ...``.

The command's own output passes through; its exit status is this script's.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

if __name__ == "__main__":
    done = subprocess.run(sys.argv[1:], check=False, timeout=float(os.environ.get("MEASURE_TIMEOUT", "7200")))
    sys.stdout.flush()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"peak_rss_mb": peak, "returncode": done.returncode}), flush=True)
    sys.exit(done.returncode)
