#!/usr/bin/env bash
# Everything babelpress writes for the seed and ../shared/corpus/markdown-de/, produced
# with the code of TREE, into OUT: bundles (cold and warm, with glossary and memory),
# the folders layout with zip archives, tar.gz, `translate --out` files, `--text`,
# the terminal output and --json summaries, and the memory's TMX export. Run it for
# two revisions and `diff -r` the results to show a change leaves every output as it was:
#
#   git worktree add /tmp/before REV
#   bench/outputs.sh /tmp/before /tmp/out && mv /tmp/out /tmp/out-before
#   bench/outputs.sh "$PWD" /tmp/out && diff -r /tmp/out-before /tmp/out && echo identical
#
# (OUT is the same path both times: some outputs name it.) Uses the synthetic test
# models and a private Argos/memory home inside OUT, removed at the end.
set -euo pipefail
TREE=$(cd "$1" && pwd); OUT=$2
HERE=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$HERE/../shared
PY=${PYTHON:-$HERE/.venv/bin/python}
rm -rf "$OUT"; mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
export PYTHONPATH=$TREE
export XDG_DATA_HOME=$OUT/.home/data XDG_CONFIG_HOME=$OUT/.home/config XDG_CACHE_HOME=$OUT/.home/cache
export ARGOS_PACKAGES_DIR=$OUT/.home/packages ARGOS_PACKAGE_INDEX=http://127.0.0.1:9/
export BABELPRESS_MEMORY=$OUT/.home/memory.sqlite3
BP="$PY -m translate"
$BP models install "$HERE"/tests/models/translate-de_en-synthetic.argosmodel \
    "$HERE"/tests/models/translate-en_es-synthetic.argosmodel >/dev/null
cd "$HERE"
SEEDS=$(ls "$HERE"/seeds/*)
MD=$(ls "$SHARED"/corpus/markdown-de/*.md)
set +e
$BP publish $SEEDS --to en,es --out "$OUT/seed" --json >"$OUT/seed.json" 2>"$OUT/seed.err"; echo "seed rc $?" >>"$OUT/rc"
$BP publish $MD --to en,es --out "$OUT/md" --json >"$OUT/md.json" 2>"$OUT/md.err"; echo "md rc $?" >>"$OUT/rc"
$BP publish $MD $SEEDS --to en,es --out "$OUT/md-warm" --json >"$OUT/md-warm.json" 2>"$OUT/md-warm.err"; echo "warm rc $?" >>"$OUT/rc"
$BP publish $MD $SEEDS --to es --no-glossary --no-memory --layout folders --archive zip --out "$OUT/folders" \
    >/dev/null 2>"$OUT/folders.err"; echo "folders rc $?" >>"$OUT/rc"
$BP publish $SEEDS --to en --archive tar.gz --no-memory --out "$OUT/tgz" >/dev/null 2>"$OUT/tgz.err"; echo "tgz rc $?" >>"$OUT/rc"
$BP translate $SEEDS $MD --to en,es --out "$OUT/translate" --no-memory >"$OUT/translate.out" 2>"$OUT/translate.err"
echo "translate rc $?" >>"$OUT/rc"
$BP translate --text "Das Freihandelsabkommen mit Alibaba ist unterzeichnet. Die Zölle schaden den Unternehmen." \
    --to es >"$OUT/text.out" 2>"$OUT/text.err"; echo "text rc $?" >>"$OUT/rc"
$BP memory export "$OUT/memory.tmx" >/dev/null 2>&1; echo "export rc $?" >>"$OUT/rc"
set -e
# Times and dates are the only parts that may differ between two runs.
sed -i -E 's/"seconds": [0-9.]+/"seconds": X/; s/in [0-9.]+ s/in X s/' "$OUT"/*.json "$OUT"/*.err
sed -i -E 's/(creationdate|changedate|lastusagedate)="[^"]*"/\1=""/g' "$OUT/memory.tmx"
rm -rf "$OUT/.home"
