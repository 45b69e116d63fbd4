#!/bin/bash
# scripts/compact-rescore.sh [-z ZONE] DIR... [-- compact options]   (docs/compaction.md)
#
# Offline re-scoring of saved live runs (scripts/compact-traced.sh DIRs):
# predicts again from each DIR/snap.txt with this build (`pagealloc compact
# --from DIR/snap.txt --cpu CPU --json`, CPU = the compacting CPU the run
# recorded in DIR/apply.json) and computes the agreement against the real
# buddyinfo of that run (apply.json's `real`), beside the figure recorded
# live. Options after `--` go to compact (e.g. --pcp-guess). No root, no
# live run. PA=path/to/pagealloc (default build/pagealloc).
#
#   run        recorded  now     predicted>=9  real>=9  migrated
set -u
P=${PA:-build/pagealloc}
Z=Normal
if [ "${1:-}" = "-z" ]; then Z=$2; shift 2; fi
DIRS=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do DIRS+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#DIRS[@]} -gt 0 ] || { echo "usage: compact-rescore.sh [-z ZONE] DIR... [-- compact options]" >&2; exit 2; }
T=$(mktemp) || exit 1
trap 'rm -f "$T"' EXIT
printf '%-10s %9s %7s %13s %8s %9s\n' run recorded now 'pred>=9' 'real>=9' migrated
for D in "${DIRS[@]}"; do
    cpu=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cpu'])" "$D/apply.json") || continue
    "$P" compact --from "$D/snap.txt" --cpu "$cpu" --json "$@" > "$T" 2>/dev/null || {
        echo "$D: compact failed" >&2; continue; }
    python3 - "$D" "$Z" "$T" <<'EOF'
import json, sys
d, zone, tmp = sys.argv[1:4]
def z(j):
    return [x for x in j['zones'] if x['zone'] == zone][0]
a, n = z(json.load(open(d + '/apply.json'))), z(json.load(open(tmp)))
b, r, p = a['before'], a['real'], n['predicted']
den = sum(abs(b[o] - r[o]) << o for o in range(len(r)))
num = sum(abs(p[o] - r[o]) << o for o in range(len(r)))
now = 1 - num / den if den else float('nan')
rec = a.get('agreement')
print('%-10s %9s %7.3f %13d %8d %9d' % (d.rstrip('/').split('/')[-1],
      '-' if rec is None else '%.3f' % rec, now, p[9] + p[10], r[9] + r[10], n['migrated']))
EOF
done
