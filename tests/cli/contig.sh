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

pool=/proc/sys/vm/nr_hugepages
if [ "$(id -u)" != 0 ] || [ ! -w $pool ] || [ ! -r /proc/self/pagemap ]; then
    echo "SKIP live contig: needs root and hugetlb (nr_hugepages writable)"; exit 0
fi
before=$(cat $pool)
out=$("$pa" contig 4M --grow-pool --json); rc=$?
[ "$(cat $pool)" = "$before" ] || fail "nr_hugepages not restored: $(cat $pool) != $before"
if [ $rc = 0 ]; then
    echo "$out" | grep -q '"contiguous_unit_bytes":4194304' || fail "json: $out"
    echo "$out" | grep -q '"restored":true' || fail "json restored: $out"
    echo "$out" | grep -q '"physical_extents":[12],"largest_extent_bytes":' || fail "json extents: $out"
else
    echo "$out" | grep -q '"shortfall":"..*"' || fail "a shortfall must say why: $out"
fi
# killed while holding: the pool still goes back
"$pa" contig 2M --grow-pool --hold 20 >/dev/null 2>&1 &
pid=$!
sleep 1
kill -TERM $pid; wait $pid
[ "$(cat $pool)" = "$before" ] || fail "nr_hugepages not restored after SIGTERM"
echo ok
