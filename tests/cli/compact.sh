#!/bin/sh
# tests/cli/compact.sh PAGEALLOC: `pagealloc compact` on a snapshot file made
# here (a 32 MiB Normal zone where every other page is an anon page: the
# fully fragmented case, whose outcome is known: about half the used pages
# move up and the freed half merges into order-10 blocks), its JSON, usage
# errors, a broken snapshot (FILE:LINE, exit 2), and as root a live
# prediction (never --apply: the test changes nothing).
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN {
  print "pagealloc-snapshot 2"; print "kernel 6.18.0"; print "page_size 4096";
  print "max_order 10"; print "pageblock_order 9"; print "zone 0 Normal 1048576 8192";
  for (i = 0; i < 4096; i++) { printf "%s", (i % 8 ? " " : "runs "); printf "A1 F1"; if (i % 8 == 7) print "" }
  for (i = 0; i < 4096; i++) { printf "%s%x:0", (i % 16 ? " " : "free "), 1048576 + 2 * i + 1; if (i % 16 == 15) print "" }
  print "pcp 0"; print "pageblocks M16"; print "endzone";
  print "begin buddyinfo"; print "Node 0, zone   Normal   4096      0      0      0      0      0      0      0      0      0      0 "; print "end buddyinfo"
}' > "$tmp/frag.snap"
out=$("$pa" compact --from "$tmp/frag.snap") || fail "compact exit $?: $out"
pred=$(echo "$out" | sed -n 's/^  predicted *//p')
o10=$(echo "$pred" | awk '{print $11}')
o0=$(echo "$pred" | awk '{print $1}')
[ "$o10" -ge 3 ] || fail "order 10 predicted $o10 (want >= 3): $out"
[ "$o0" -lt 600 ] || fail "order 0 predicted $o0 (want < 600: the meeting block keeps its holes)"
mig=$(echo "$out" | sed -n 's/.*migrated \([0-9]*\) pages.*/\1/p')
[ "$mig" -ge 1536 ] && [ "$mig" -le 2560 ] || fail "migrated $mig (want about 2048)"
json=$("$pa" compact --from "$tmp/frag.snap" --json) || fail "json exit $?"
echo "$json" | grep -q '"zone":"Normal","before":\[4096,0,0,0,0,0,0,0,0,0,0\],"predicted":\[' || fail "json: $json"
echo "$json" | grep -q '"applied":false' || fail "json applied: $json"
# direct compaction for order 9: blocks are taken until compaction fails
out=$("$pa" compact --from "$tmp/frag.snap" --order 9) || fail "order 9 exit $?"
taken=$(echo "$out" | sed -n 's/.*; \([0-9]*\) order-9 blocks taken.*/\1/p')
# (6.17 rules: 5.1+ fast_isolate_freepages finds no target near the top in
# the free lists - every free page is order 0 and low ones are listed first.
# A snapshot has no compact_init_free_pfn, so it is the boot value 0 and
# every search is a "scan start" (e332f741a8dd): a failed one moves the free
# scanner to the highest block seen or mid-way down, each run again: 6
# blocks, as linear scanning alone took before 5.1. With the scan start only
# at the zone's last block - what the engine did before it modelled
# compact_init_free_pfn - the scanners met after the lower quarter: 3.)
[ "$taken" -ge 5 ] && [ "$taken" -le 7 ] || fail "order-9 blocks taken $taken (want 5-7): $out"
# usage errors exit 2
"$pa" compact --count 3 --from "$tmp/frag.snap" >/dev/null 2>&1; [ $? = 2 ] || fail "--count without --order"
"$pa" compact --apply --from "$tmp/frag.snap" >/dev/null 2>&1; [ $? = 2 ] || fail "--apply with --from"
"$pa" compact --apply --order 4 >/dev/null 2>&1; [ $? = 2 ] || fail "--apply --order 4"
"$pa" compact --order 21 --from "$tmp/frag.snap" >/dev/null 2>&1; [ $? = 2 ] || fail "--order 21"
"$pa" compact extra >/dev/null 2>&1; [ $? = 2 ] || fail "extra argument"
"$pa" compact --cpu 1 >/dev/null 2>&1; [ $? = 2 ] || fail "--cpu without --from"
# --cpu models that CPU's per-CPU list of the snapshot's zoneinfo
json=$("$pa" compact --from "$tmp/frag.snap" --cpu 0 --json) || fail "--cpu 0 exit $?"
case "$json" in *'"cpu":0'*'"nosplit"'*) ;; *) fail "--cpu 0: no cpu or nosplit in $json" ;; esac
# the model's state page by page (a snapshot file `snapshot --load` rebuilds)
# and its events as tracefs lines, adding up to the pages migrated
out=$("$pa" compact --from "$tmp/frag.snap" --save-predicted "$tmp/pred.snap" --model-trace "$tmp/trace.txt") || fail "dumps exit $?"
mig=$(echo "$out" | sed -n 's/.*migrated \([0-9]*\) pages.*/\1/p')
sum=$(sed -n 's/.*nr_migrated=\([0-9]*\).*/\1/p' "$tmp/trace.txt" | awk '{s += $1} END {print s + 0}')
[ "$sum" = "$mig" ] || fail "model trace migrated $sum, report $mig"
grep -q '^engine: mm_compaction_end: .*status=complete' "$tmp/trace.txt" || fail "no end event"
"$pa" snapshot --load "$tmp/pred.snap" | grep -q '0 not found at the same pfn and order' || fail "pred.snap does not load"
"$pa" compact --save-after "$tmp/x" --from "$tmp/frag.snap" >/dev/null 2>&1; [ $? = 2 ] || fail "--save-after without --apply"
sed 's/^pageblocks M16$/pageblocks M15/' "$tmp/frag.snap" > "$tmp/bad.snap"
err=$("$pa" compact --from "$tmp/bad.snap" 2>&1); [ $? = 2 ] || fail "bad snapshot must exit 2"
echo "$err" | grep -q "^pagealloc: $tmp/bad.snap:[0-9]*: column 1: the pageblocks of zone Normal are 15" || fail "msg: $err"
# the kernel selftest compaction_test as a scenario: the pool gets at least a
# third of the free memory, and vm.nr_hugepages went back to 0
out=$("$pa" run scenarios/compaction-test.lua) || fail "compaction-test exit $?"
line=$(echo "$out" | grep '^# huge pages: asked')
got=$(echo "$line" | sed 's/.*got \([0-9]*\):.*/\1/'); asked=$(echo "$line" | sed 's/.*asked \([0-9]*\) .*/\1/')
[ -n "$got" ] && [ $((got * 3)) -ge "$asked" ] && echo "$line" | grep -q PASS || fail "compaction-test: $line"
# stress-highalloc: at rest every era gets all it asked; after one process of
# the workload exited, the eras with compaction get more than 2.6.32, whose
# lumpy reclaim gets its blocks by throwing pages away, never by moving them
out=$("$pa" run scenarios/stress-highalloc.lua) || fail "stress-highalloc exit $?"
s2=$(echo "$out" | grep '^Success 2'); s3=$(echo "$out" | grep '^Success 3')
echo "$s3" | awk '{for (i = 4; i <= NF; i++) if ($i != "100.0") exit 1}' || fail "stress-highalloc: $s3"
echo "$s2" | awk '{exit !($4 < $NF)}' || fail "stress-highalloc: 2.6.32 vs 6.17: $s2"
mv=$(echo "$out" | grep '^pages migrated')
echo "$mv" | awk '{exit !($3 == 0 && $4 > 0 && $NF > 0)}' || fail "stress-highalloc: $mv"
# the pool's pages go through the slow path: kswapd woken for order 9 wakes
# kcompactd when it sleeps (4.6+); no kcompactd in 2.6.32 / 3.10
wk=$(echo "$out" | grep '^compact_daemon_wake')
echo "$wk" | awk '{exit !($2 == "-" && $3 == "-" && $4 > 0 && $5 > 0)}' || fail "stress-highalloc: $wk"
if [ "$(id -u)" = 0 ] && [ -r /proc/kpageflags ]; then
    out=$("$pa" compact) || fail "live compact exit $?"
    echo "$out" | grep -q '^  predicted ' || fail "live: $out"
fi
echo ok
