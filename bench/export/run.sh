#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Export of N rater findings (default 100,000) with concord-cli export next to sqlite3 -csv
# of the same rows (one row per finding: item, rater, five dimensions' values and
# comments, flags, times, uuid) from the same project file. Run inside the build root:
#   ./dev shell bench/export/run.sh build/release/bin/concord-cli [N]
set -euo pipefail
CLI=${1:?usage: run.sh CONCORD-CLI [N]}
N=${2:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
CORPUS=${CONCORD_CORPUS_DIR:-$HERE/../../../shared/corpus}
WORK=$(mktemp -d /tmp/bench-export.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

python3 "$HERE/make_labels.py" "$WORK" "$CORPUS/labels/taxonomy.csv" "$N"
"$CLI" new "$WORK/p.concord" >/dev/null
"$CLI" import "$WORK/p.concord" "$CORPUS/labels/taxonomy.csv" "$WORK/commits.csv" "$WORK/categorizations.csv" >/dev/null 2>&1
"$CLI" info "$WORK/p.concord" | grep -i findings

QUERY=$(cat <<'SQL'
SELECT f.id, i.ref,
  (SELECT group_concat(b.name, ';') FROM finding_value a JOIN value b ON b.id = a.value_id
     WHERE a.finding_id = f.id AND a.dimension_id = (SELECT id FROM dimension WHERE key = 'is_func_fix')),
  (SELECT text FROM finding_comment c WHERE c.finding_id = f.id AND c.dimension_id = (SELECT id FROM dimension WHERE key = 'is_func_fix')),
  (SELECT group_concat(b.name, ';') FROM finding_value a JOIN value b ON b.id = a.value_id
     WHERE a.finding_id = f.id AND a.dimension_id = (SELECT id FROM dimension WHERE key = 'category')),
  (SELECT text FROM finding_comment c WHERE c.finding_id = f.id AND c.dimension_id = (SELECT id FROM dimension WHERE key = 'category')),
  (SELECT group_concat(b.name, ';') FROM finding_value a JOIN value b ON b.id = a.value_id
     WHERE a.finding_id = f.id AND a.dimension_id = (SELECT id FROM dimension WHERE key = 'cause')),
  (SELECT text FROM finding_comment c WHERE c.finding_id = f.id AND c.dimension_id = (SELECT id FROM dimension WHERE key = 'cause')),
  (SELECT group_concat(b.name, ';') FROM finding_value a JOIN value b ON b.id = a.value_id
     WHERE a.finding_id = f.id AND a.dimension_id = (SELECT id FROM dimension WHERE key = 'symptom')),
  (SELECT text FROM finding_comment c WHERE c.finding_id = f.id AND c.dimension_id = (SELECT id FROM dimension WHERE key = 'symptom')),
  (SELECT group_concat(b.name, ';') FROM finding_value a JOIN value b ON b.id = a.value_id
     WHERE a.finding_id = f.id AND a.dimension_id = (SELECT id FROM dimension WHERE key = 'fix')),
  (SELECT text FROM finding_comment c WHERE c.finding_id = f.id AND c.dimension_id = (SELECT id FROM dimension WHERE key = 'fix')),
  f.should_discuss, i.repository || '@' || i.ref, i.repository, f.ordinal + 1, r.initials, r.name,
  f.created, f.modified, f.uuid
FROM finding f JOIN item i ON i.id = f.item_id JOIN rater r ON r.id = f.rater_id
ORDER BY f.item_id, f.rater_id, f.ordinal;
SQL
)

best() { # best of 3 runs of "$@": "wall user+system" in seconds
    local b="" t
    for _ in 1 2 3; do
        /usr/bin/time -o "$WORK/time" -f '%e %U %S' "$@" >/dev/null 2>&1
        t=$(tail -n1 "$WORK/time")
        b=$(python3 -c "import sys; w,u,s='$t'.split(); cur=(float(w), float(u)+float(s)); old='$b'.split(); print('%.2f %.2f' % (min(cur, (float(old[0]), float(old[1]))) if old else cur))")
    done
    echo "$b"
}
export_time=$(best "$CLI" export "$WORK/p.concord" --out "$WORK/out" --force)
sqlite_time=$(best sh -c "sqlite3 -csv '$WORK/p.concord' \"\$0\" > '$WORK/sqlite.csv'" "$QUERY")
sqlite3 -csv "$WORK/p.concord" "$QUERY" > "$WORK/sqlite.csv"
echo "rows: export $(($(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open('$WORK/out/categorizations.csv', newline=''))))") - 1)), sqlite3 $(python3 -c "import csv; print(sum(1 for _ in csv.reader(open('$WORK/sqlite.csv', newline=''))))")"
echo "concord-cli export (study layout, all files), wall/CPU s: ${export_time}"
echo "sqlite3 -csv (the findings' rows), wall/CPU s:             ${sqlite_time}"
python3 -c "e='$export_time'.split(); s='$sqlite_time'.split(); print('ratio: wall %.2fx, CPU %.2fx' % (float(e[0])/float(s[0]), float(e[1])/float(s[1])))"
