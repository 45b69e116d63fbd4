#!/bin/sh
# tests/cli/top.sh PAGEALLOC: `pagealloc top` when stdout is not a terminal
# prints plain lines, on a captured directory (constant counts: the trend
# must be "steady" once three samples exist).
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
D=tests/data/proc/vm-6.18-x86_64
out=$("$pa" top --proc $D 0.1 3 | cat) || fail "exit $?"
[ "$(echo "$out" | wc -l)" = 10 ] || fail "expected 1 header + 3x3 zone lines: $out"
# mix from the pagetypeinfo rows (pages): Unmovable 6860, Movable 212836,
# Reclaimable 1005 of 220701 -> 3.1%, 96.4%, 0.5%
echo "$out" | grep -q '^ *[0-9.]* 0 Normal  *862\.1 1141 1146 851 467 497 272 145 81 35 16 153 | mix: U 3% M 96% R 0% |' \
    || fail "Normal line: $out"
echo "$out" | tail -1 | grep -q 'o3:steady/rising o9:steady/rising o10:steady/rising' || fail "trend: $out"
echo "$out" | sed -n 2p | grep -q 'o3:(gathering)' || fail "first sample gathers"
# pcp pages of Normal in the capture's zoneinfo: pagesets count 557 + 1476
pcp=2033
echo "$out" | tail -1 | grep -q "| pcp:$pcp\$" || fail "pcp $pcp: $(echo "$out" | tail -1)"
"$pa" top 0 >/dev/null 2>&1; [ $? = 2 ] || fail "interval 0 must exit 2"
"$pa" top 1 2 3 >/dev/null 2>&1; [ $? = 2 ] || fail "extra argument must exit 2"
# count 0 printed nothing and exited 0
"$pa" top 1 0 >/dev/null 2>&1; [ $? = 2 ] || fail "count 0 must exit 2"
# bad files: "pagealloc: FILE:LINE: column C: message", exit 2 (was "pagealloc: top: FILE:1:1:")
tmp=$(mktemp -d)
printf 'Node 0, zone Normal x\n' >"$tmp/buddyinfo"
err=$("$pa" top --proc "$tmp" 0.1 1 2>&1 >/dev/null); rc=$?
[ $rc = 2 ] || fail "bad buddyinfo must exit 2, got $rc"
echo "$err" | grep -q "^pagealloc: $tmp/buddyinfo:1: column [0-9]*: " || fail "bad buddyinfo message: $err"
rm -f "$tmp/buddyinfo"
err=$("$pa" top --proc "$tmp" 0.1 1 2>&1 >/dev/null); rc=$?
[ $rc = 2 ] || fail "missing buddyinfo must exit 2, got $rc"
echo "$err" | grep -qx "pagealloc: $tmp/buddyinfo: cannot read it: No such file or directory" \
    || fail "missing buddyinfo message: $err"
rmdir "$tmp"
echo ok
