#!/bin/sh
# tests/cli/contig.sh PAGEALLOC: `pagealloc contig` usage errors everywhere;
# as root on a kernel with hugetlb and THP, a real run that must prove its
# contiguity and put nr_hugepages back, also when killed by SIGTERM.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
"$pa" contig >/dev/null 2>&1; [ $? = 2 ] || fail "no SIZE must exit 2"
"$pa" contig 12Q >/dev/null 2>&1; [ $? = 2 ] || fail "bad SIZE must exit 2"
"$pa" contig 4M --hugetlb 3M >/dev/null 2>&1; [ $? = 2 ] || fail "bad --hugetlb must exit 2"
"$pa" contig 4M --thp --grow-pool >/dev/null 2>&1; [ $? = 2 ] || fail "--thp --grow-pool must exit 2"
# sizes strtod takes but are no sizes (nan was undefined behaviour: UBSan)
for s in nan inf 0x10M ' 4M' 0; do
    "$pa" contig "$s" --thp >/dev/null 2>&1; [ $? = 2 ] || fail "SIZE '$s' must exit 2"
done
"$pa" contig 4M --max-share 0 >/dev/null 2>&1; [ $? = 2 ] || fail "--max-share 0 must exit 2"
"$pa" contig 4M --max-share 91 >/dev/null 2>&1; [ $? = 2 ] || fail "--max-share 91 must exit 2"
# a node the machine does not have is bad usage (it was "OK: mbind to node 63
# failed" with the memory elsewhere, exit 0)
if [ ! -e /sys/devices/system/node/node63 ]; then
    err=$("$pa" contig 2M --thp --node 63 2>&1 >/dev/null); rc=$?
    [ $rc = 2 ] || fail "--node 63 must exit 2, got $rc"
    echo "$err" | grep -q '^pagealloc contig: node 63 does not exist on this machine' || fail "--node 63: $err"
fi
# a typo (1T for 1M) is refused before anything is touched, not an OOM
err=$("$pa" contig 1T --thp 2>&1 >/dev/null); rc=$?
[ $rc = 2 ] || fail "contig 1T --thp must be refused with exit 2, got $rc"
echo "$err" | grep -q 'refusing to take 1024.00 GiB: above 50% of MemAvailable' || fail "refusal: $err"

pool=/proc/sys/vm/nr_hugepages
if [ "$(id -u)" != 0 ] || [ ! -w $pool ] || [ ! -r /proc/self/pagemap ]; then
    echo "SKIP live contig: needs root and hugetlb (nr_hugepages writable)"; exit 0
fi
before=$(cat $pool)
# --grow-pool by 64 GiB is refused (more than half of MemAvailable here) and
# leaves the pool alone
"$pa" contig 64G --grow-pool --max-share 1 >/dev/null 2>&1; rc=$?
[ $rc = 2 ] || fail "contig 64G --grow-pool --max-share 1 must exit 2, got $rc"
[ "$(cat $pool)" = "$before" ] || fail "a refused --grow-pool changed nr_hugepages"
out=$("$pa" contig 4M --grow-pool --json); rc=$?
[ "$(cat $pool)" = "$before" ] || fail "nr_hugepages not restored: $(cat $pool) != $before"
if [ $rc = 0 ]; then
    echo "$out" | grep -q '"contiguous_unit_bytes":4194304' || fail "json: $out"
    echo "$out" | grep -q '"restored":true' || fail "json restored: $out"
    echo "$out" | grep -q '"physical_extents":[12],"largest_extent_bytes":' || fail "json extents: $out"
else
    echo "$out" | grep -q '"shortfall":"..*"' || fail "a shortfall must say why: $out"
fi
# one unit is "1 physically contiguous run", "1 extent", "in 1 run" (was "1 runs")
out=$("$pa" contig 2M --thp)
if echo "$out" | grep -q 'THP faults: 1 huge, 0 fell back'; then
    echo "$out" | grep -q 'in 1 physically contiguous run; ' || fail "singular run: $out"
    echo "$out" | grep -q 'in physical order: 1 extent, ' || fail "singular extent: $out"
    echo "$out" | grep -q '^  node [0-9]*: 2.00 MiB in 1 run$' || fail "singular node run: $out"
fi
held=$(mktemp)
# wait_hold FILE SECONDS: until contig's "holding for SECONDS s" line is in
# FILE or the process $pid is gone (up to 60 s: on a loaded machine getting
# the page can take seconds)
wait_hold() {
    for _ in $(seq 600); do
        grep -q "^holding for $2 s" "$1" && return 0
        kill -0 $pid 2>/dev/null || return 0
        sleep 0.1
    done
}
# --hold: the proof is printed before the hold (it came after, with the
# memory gone), then the release
# (waits for the hold line instead of sleeping a fixed time: on a loaded
# machine getting the page can take seconds)
"$pa" contig 2M --grow-pool --hold 6 > "$held" 2>&1 &
pid=$!
wait_hold "$held" 6
kill -0 $pid 2>/dev/null || fail "contig --hold 6 ended before its hold: $(cat "$held")"
grep -q '^  run pfn 0x' "$held" && grep -q '^OK' "$held" && grep -q '^holding for 6 s' "$held" ||
    fail "no proof while holding: $(cat "$held")"
grep -q "^released" "$held" && fail "released before the hold ended: $(cat "$held")"
wait $pid || fail "contig --hold 6: exit $?"
tail -1 "$held" | grep -q "^released after 6 s; nr_hugepages restored to $before\$" ||
    fail "after the hold: $(cat "$held")"
rm -f "$held"
# killed while holding: the pool still goes back
"$pa" contig 2M --grow-pool --hold 20 > "$held" 2>&1 &
pid=$!
wait_hold "$held" 20
kill -TERM $pid; wait $pid
[ "$(cat $pool)" = "$before" ] || fail "nr_hugepages not restored after SIGTERM"
# and by SIGQUIT (Ctrl-\): it left the pool raised (issue 13, defect 6)
"$pa" contig 2M --grow-pool --hold 20 > "$held" 2>&1 &
pid=$!
wait_hold "$held" 20
kill -QUIT $pid; wait $pid
[ "$(cat $pool)" = "$before" ] || fail "nr_hugepages not restored after SIGQUIT"
rm -f "$held"
echo ok
