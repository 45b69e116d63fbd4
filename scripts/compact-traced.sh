#!/bin/bash
# scripts/compact-traced.sh DIR [SLEEP [compact options...]]  (root; docs/compaction.md)
#
# One live check of `pagealloc compact --apply` with the kernel's compaction
# tracepoints: `pagealloc fragment --size $FRAG_SIZE --hold 90` (default 256M) makes user-space
# fragmentation, SLEEP seconds (default 8) after its second process is
# killed `pagealloc compact --apply --json` runs with events/compaction and
# events/migrate on (KMEM=1: kmem/mm_page_alloc too, to see who allocates
# during the run). DIR gets: apply.json, snap.txt (the snapshot predicted
# from), after.txt (a snapshot right after the real run), pred.txt (the
# model's state), mtrace.txt (the model's events), trace.txt (the kernel's).
# Mounts tracefs if it is not (and unmounts it again), puts buffer_size_kb,
# tracing_on and the events back, and kills the fragment on every exit.
set -u
D=${1:?usage: compact-traced.sh DIR [SLEEP [compact options...]]}
S=${2:-8}
shift; [ $# -gt 0 ] && shift
P=${PA:-pagealloc}
T=/sys/kernel/tracing
mkdir -p "$D"
MOUNTED=
if [ ! -e $T/trace ]; then mount -t tracefs nodev $T && MOUNTED=1 || exit 1; fi
OLD_BUF=$(awk '{print $1}' $T/buffer_size_kb)
OLD_ON=$(cat $T/tracing_on)
FP=
cleanup() {
    echo 0 > $T/events/compaction/enable; echo 0 > $T/events/migrate/enable
    echo 0 > $T/events/kmem/mm_page_alloc/enable
    echo > $T/trace
    echo "$OLD_BUF" > $T/buffer_size_kb
    echo "$OLD_ON" > $T/tracing_on
    [ -n "$FP" ] && kill "$FP" 2>/dev/null && wait "$FP" 2>/dev/null
    [ -n "$MOUNTED" ] && umount $T
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
echo 32768 > $T/buffer_size_kb
echo > $T/trace
echo 1 > $T/tracing_on
echo 1 > $T/events/compaction/enable; echo 1 > $T/events/migrate/enable
"$P" fragment --size "${FRAG_SIZE:-256M}" --hold 90 > "$D/fragment.out" 2>&1 &
FP=$!
for i in $(seq 1 240); do grep -q "second process killed" "$D/fragment.out" && break; sleep 0.5; done
sleep "$S"
[ -n "${KMEM:-}" ] && echo 1 > $T/events/kmem/mm_page_alloc/enable
"$P" compact --apply --json --save "$D/snap.txt" --save-after "$D/after.txt" \
    --save-predicted "$D/pred.txt" --model-trace "$D/mtrace.txt" "$@" > "$D/apply.json" 2> "$D/apply.err"
rc=$?
echo 0 > $T/events/compaction/enable; echo 0 > $T/events/migrate/enable
echo 0 > $T/events/kmem/mm_page_alloc/enable
cp $T/trace "$D/trace.txt"
grep 'mm_compaction_end' "$D/trace.txt" | sed 's/^.*mm_compaction_end: /kernel: /'
grep 'mm_compaction_end' "$D/mtrace.txt" | sed 's/^.*mm_compaction_end: /model:  /'
exit $rc
