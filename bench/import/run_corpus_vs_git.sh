#!/usr/bin/env bash
# bench/import/run_corpus_vs_git.sh [BUILD_DIR [REPS]] — issue #8's "speed as a user gets it": the
# corpus's patches imported by one `concord-cli import NEW.concord PATCH...` call, next to
# `git apply --numstat` on the same patches concatenated into one file. Both run as whole
# processes, alternately, REPS times each (default 5); prints each median and the ratio.
# Every import goes into a project that does not exist yet (nothing is reused between runs).
# Run inside the build environment, after building the app preset (what ./dev cli runs):
#   ./dev build app && ./dev shell bash bench/import/run_corpus_vs_git.sh
set -euo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:-$SRC/build/app}
CLI="$BUILD/bin/concord-cli"
CORPUS=${CONCORD_CORPUS:-$SRC/../shared/corpus/patches}
REPS=${2:-${REPS:-5}}
[[ -x "$CLI" ]] || { echo "run_corpus_vs_git.sh: $CLI not built (./dev build app)" >&2; exit 1; }

shopt -s nullglob
PATCHES=("$CORPUS"/*/*.patch)
[[ ${#PATCHES[@]} -gt 0 ]] || { echo "run_corpus_vs_git.sh: no patches in $CORPUS" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/concord-corpus-vs-git.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cat "${PATCHES[@]}" >"$WORK/all.patch" # also warms the page cache for both contenders
echo "${#PATCHES[@]} patches, $(stat -c %s "$WORK/all.patch") bytes; project and concatenation in $WORK"
echo "git: $(git --version); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

export QT_LOGGING_RULES="concord.*=false"

# Runs the command once; appends "wall_us cpu_us" (cpu = user + system of the process,
# from wait4) to the file $1. Output goes to $WORK/last.out and last.err.
timed() {
  local out=$1; shift
  python3 - "$out" "$WORK/last.out" "$WORK/last.err" "$@" <<'PY' || exit 1
import os, sys, time
out, stdout, stderr, argv = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with open(stdout, "wb") as o, open(stderr, "wb") as e:
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(o.fileno(), 1)
        os.dup2(e.fileno(), 2)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
if os.waitstatus_to_exitcode(status) != 0:
    sys.stderr.write("run_corpus_vs_git.sh: failed: %s\n%s" % (" ".join(argv), open(stderr).read()))
    sys.exit(1)
with open(out, "a") as f:
    f.write("%d %d\n" % (wall * 1e6, (usage.ru_utime + usage.ru_stime) * 1e6))
PY
}

median() { # file, column
  awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

import_once() {
  rm -f "$WORK/new.concord" "$WORK/new.concord-wal" "$WORK/new.concord-shm"
  timed "$WORK/concord.us" "$CLI" import "$WORK/new.concord" "${PATCHES[@]}"
}

git_once() {
  # Outside any repository, as `git apply` reads a patch for someone who has no clone.
  (cd "$WORK" && timed "$WORK/git.us" git apply --numstat "$WORK/all.patch")
}

# One unmeasured run of each: loads the executables and libraries into the page cache.
import_once
echo "concord-cli import: $(cat "$WORK/last.out")"
git_once
echo "git apply --numstat: $(wc -l <"$WORK/last.out") lines"
rm -f "$WORK/concord.us" "$WORK/git.us"

for ((i = 1; i <= REPS; ++i)); do
  import_once
  git_once
done

report() { # label, file
  printf '%-30s wall %7.1f ms  CPU %7.1f ms   (wall of each run: %s)\n' "$1" \
    "$(awk -v v="$(median "$2" 1)" 'BEGIN { print v / 1000 }')" "$(awk -v v="$(median "$2" 2)" 'BEGIN { print v / 1000 }')" \
    "$(awk '{ printf "%s%.0f", (NR > 1 ? " " : ""), $1 / 1000 }' "$2")"
}
echo "medians of $REPS runs each, alternating (load average now: $(cut -d' ' -f1-3 /proc/loadavg)):"
report "concord-cli import" "$WORK/concord.us"
report "git apply --numstat" "$WORK/git.us"
awk -v cw="$(median "$WORK/concord.us" 1)" -v gw="$(median "$WORK/git.us" 1)" \
  -v cc="$(median "$WORK/concord.us" 2)" -v gc="$(median "$WORK/git.us" 2)" \
  'BEGIN { printf "ratio (wall): %.1fx, budget 5x: %s; ratio (CPU): %.1fx\n", cw / gw, (cw <= 5 * gw) ? "PASS" : "FAIL", cc / gc }'
