#!/bin/sh
# tests/cli/analyze.sh PAGEALLOC: `pagealloc analyze` on captured files:
# seed 003's awk figures, formats, exit codes and error messages.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
D=tests/data/proc

# Seed 003 printed "980.84 MiB" and "15.46 MiB" for these counts (its awk).
out=$("$pa" analyze --proc $D/seed003-vm-2017 --awk) || fail "awk exit $?"
echo "$out" | grep -q '^ 980.84 MiB Node 0, zone    DMA32   6446' || fail "awk DMA32: $out"
echo "$out" | grep -q '^  15.46 MiB Node 0, zone      DMA      1' || fail "awk DMA: $out"

# JSON: the keys the issue promises, per zone, for a two-node capture.
out=$("$pa" analyze --proc $D/centos7-2node --json) || fail "json exit"
for k in '"node":1,"zone":"Normal"' '"free_blocks":[51121,6343,822,77,1,0,0,0,0,0,0]' \
         '"free_kb_at_or_above":[' '"unusable_index":[' '"fragmentation_index":['; do
    echo "$out" | grep -qF "$k" || fail "json lacks $k"
done
# Node 0 DMA32 order 3: 1000 - (1000 + 31761000/8)/31667 = 875 (hand-computed)
echo "$out" | grep -F '"zone":"DMA32"' | grep -qF '"fragmentation_index":[-1.000,-1.000,-1.000,0.875,' \
    || fail "json DMA32 fragindex"

# Prometheus: node_exporter's metric and labels.
out=$("$pa" analyze --proc $D/vm-6.18-x86_64 --prom) || fail "prom exit"
echo "$out" | grep -qx 'node_buddyinfo_blocks{node="0",size="10",zone="DMA32"} 752' || fail "prom buddyinfo"
echo "$out" | grep -qx 'pagealloc_unusable_free_index{node="0",order="10",zone="Normal"} 0.290' || fail "prom unusable"
echo "$out" | grep -q '^pagealloc_watermark_headroom_bytes{mark="min",node="0",zone="DMA"} 15474688$' \
    || fail "prom headroom (3840-62 pages * 4096)"

# CSV header and a row.
out=$("$pa" analyze --proc $D/vm-6.18-x86_64 --csv) || fail "csv exit"
echo "$out" | head -1 | grep -q '^node,zone,order,free_blocks,free_kb,free_kb_at_or_above' || fail "csv header"
echo "$out" | grep -q '^0,Normal,10,153,626688,626688,0.290,-1.000,' || fail "csv row"

# Text: 14 order columns with 64 KiB pages.
out=$("$pa" analyze --proc $D/arm64-4node-14orders --page-size 65536) || fail "text exit"
echo "$out" | grep -q '^     13   512 MiB ' || fail "order 13 row: $out"
out2=$("$pa" analyze --proc $D/arm64-4node-14orders --page-size 64K) || fail "64K exit"
[ "$out" = "$out2" ] || fail "64K and 65536 differ"
"$pa" analyze --proc $D/arm64-4node-14orders --page-size 64M >/dev/null 2>&1; [ $? -eq 2 ] || fail "64M accepted"

# Verdicts from the era's check: GFP_KERNEL may not use DMA below its
# lowmem_reserve (3840 <= 62 + 4043); an order-9 movable request in DMA32 passes
# (at or above order 9: 2*2048 + 752*4096 = 3084288 kB).
out=$("$pa" analyze --proc $D/vm-6.18-x86_64) || fail "text exit"
echo "$out" | grep -A12 'zone DMA:' | grep -q '^      0     4 KiB         0       0.00        15.00    0.000    -1.000  FAIL: .*4043' \
    || fail "DMA order-0 verdict: $out"
out=$("$pa" analyze --proc $D/vm-6.18-x86_64 --gfp GFP_HIGHUSER_MOVABLE --csv) || fail "gfp exit"
echo "$out" | grep -q '^0,DMA32,9,2,4096,3084288,0.002,-1.000,1,' || fail "DMA32 order 9 csv: $out"
"$pa" analyze --proc $D/vm-6.18-x86_64 --gfp NOPE >/dev/null 2>&1; [ $? = 2 ] || fail "bad --gfp must exit 2"
# one output format at a time (the last one silently won)
"$pa" analyze --proc $D/vm-6.18-x86_64 --json --csv >/dev/null 2>&1; [ $? = 2 ] || fail "--json --csv must exit 2"
out=$("$pa" analyze --proc $D/vm-6.18-x86_64 --awk --awk) || fail "--awk twice must be fine"
# a typed --kernel that is no version is bad usage (it was exit 0 with the newest rules)
err=$("$pa" analyze --proc $D/vm-6.18-x86_64 --kernel banana 2>&1 >/dev/null); rc=$?
[ $rc = 2 ] || fail "bad --kernel must exit 2, got $rc"
echo "$err" | grep -q "^pagealloc analyze: --kernel: 'banana' is not a kernel version" || fail "bad --kernel: $err"

# A sosreport root: DIR/proc/buddyinfo and DIR/sys/kernel/debug/extfrag/.
tmp0=$(mktemp -d)
mkdir -p "$tmp0/proc" "$tmp0/sys/kernel/debug/extfrag"
cp $D/vm-6.18-x86_64/buddyinfo $D/vm-6.18-x86_64/zoneinfo "$tmp0/proc/"
cp $D/vm-6.18-x86_64/extfrag/* "$tmp0/sys/kernel/debug/extfrag/"
out=$("$pa" analyze --proc "$tmp0") || fail "sosreport exit"
rm -rf "$tmp0"
echo "$out" | head -1 | grep -q '^# not read: pagetypeinfo (absent), vmstat (absent)$' || fail "sosreport files: $out"
echo "$out" | grep -q 'differ from buddyinfo' && fail "extfrag of the same moment must agree"

# Bad input: exit 2, "pagealloc: FILE:LINE: column C: message".
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'Node 0, zone DMA 1 2 x\n' > "$tmp/buddyinfo"
err=$("$pa" analyze --proc "$tmp" 2>&1 >/dev/null); rc=$?
[ $rc = 2 ] || fail "bad buddyinfo exit $rc"
echo "$err" | grep -q "^pagealloc: $tmp/buddyinfo:1: column 22: expected a free block count" || fail "msg: $err"
rm "$tmp/buddyinfo"
"$pa" analyze --proc "$tmp" >/dev/null 2>&1; [ $? = 2 ] || fail "missing buddyinfo must exit 2"
"$pa" analyze --bogus >/dev/null 2>&1; [ $? = 2 ] || fail "bad option must exit 2"
echo ok
