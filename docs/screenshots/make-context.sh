#!/bin/bash
# Makes docs/screenshots/context-gaps-1280x800.png and context-1280x800.png: whole files
# from a local clone. The file is real code nobody on the team wrote (CPython's
# json/decoder.py, from the build environment's Python), committed in a scratch git
# repository and changed there in two places far apart; `concord-cli import-git` imports
# the commit and records the clone, so the window reads the whole old and new file.
#
#   bash docs/screenshots/make-context.sh        (from the checkout; builds what it needs)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/concord-context.XXXXXX)
trap 'rm -rf "$work"' EXIT

./dev shell bash -euc '
w="$1"
src=$(python3 -c "import json.decoder as d; print(d.__file__)")
git init -q -b main "$w/repo"
cp "$src" "$w/repo/decoder.py"
export GIT_AUTHOR_NAME="Ada Example" GIT_AUTHOR_EMAIL=ada@example.org GIT_COMMITTER_NAME="Ada Example" \
       GIT_COMMITTER_EMAIL=ada@example.org GIT_AUTHOR_DATE="2026-11-30T10:00:00+01:00" \
       GIT_COMMITTER_DATE="2026-11-30T10:00:00+01:00"
git -C "$w/repo" add decoder.py
git -C "$w/repo" commit -q -m "json: the decoder as in CPython"
python3 - "$w/repo/decoder.py" <<PY
import sys
path = sys.argv[1]
text = open(path).read()
# Two changes far apart: the first and the last error message of the module.
text = text.replace("Unterminated string starting at", "Unterminated string that starts at", 1)
text = text.replace("Expecting value", "Expecting a JSON value", 1)
open(path, "w").write(text)
PY
git -C "$w/repo" commit -q -am "json: name what was expected in the error"
git -C "$w/repo" rev-parse HEAD > "$w/shas.txt"
' bash "$work"

sha=$(cat "$work/shas.txt")
./dev cli new "$work/context.concord" >/dev/null
./dev cli import-git "$work/context.concord" --repo "$work/repo" --shas "$work/shas.txt" --project python/cpython
./dev cli import "$work/context.concord" resources/sample/taxonomy.csv >/dev/null
./dev cli rater "$work/context.concord" add "Rater 1" >/dev/null
for view in gaps whole; do
    out=docs/screenshots/context-1280x800.png
    extra=(--expand-context)
    if [ $view = gaps ]; then
        out=docs/screenshots/context-gaps-1280x800.png
        extra=()
    fi
    ./dev run --screenshot "$out" --size 1280x800 --color-scheme light --rater "Rater 1" \
        --item "python/cpython@$sha" --file decoder.py "${extra[@]}" "$work/context.concord"
done
