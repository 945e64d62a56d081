#!/usr/bin/env bash
# bench/patch/run_large.sh [BUILD_DIR] — the 467 MB / 33,799-file benchmark: generates the
# patch into /tmp (never committed), then times Concord's streaming parse and import next
# to `git apply --numstat` on the same file, each under /usr/bin/time -v for peak RSS.
# Run inside the build environment: ./dev shell bench/patch/run_large.sh build/release
set -euo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:-$SRC/build/release}
PATCH=${CONCORD_LARGE_PATCH:-/tmp/concord-large-467mb.patch}
BENCH="$BUILD/bin/bench_patch"
[[ -x "$BENCH" ]] || { echo "run_large.sh: $BENCH not built (release preset)" >&2; exit 1; }

if [[ ! -s "$PATCH" ]]; then
  echo "== generating $PATCH"
  python3 "$SRC/bench/patch/gen_large_patch.py" "$PATCH"
fi
ls -l "$PATCH"

measure() { # label, command...
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >"$log.out" 2>"$log"
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
  printf '%-34s wall %-9s peak RSS %6d MB\n' "$label" "$wall" $((rss / 1024))
  grep -E "^BM_|files=" "$log.out" || true
  rm -f "$log" "$log.out"
}

cat "$PATCH" >/dev/null # warm the page cache for every contender alike
export QT_LOGGING_RULES="concord.*=false"
measure "git apply --numstat" git apply --numstat "$PATCH"
measure "concord parse (stream)" env CONCORD_LARGE_PATCH="$PATCH" "$BENCH" --benchmark_filter=BM_ParseLarge
measure "concord import (parse+store)" env CONCORD_LARGE_PATCH="$PATCH" "$BENCH" --benchmark_filter=BM_ImportLarge
