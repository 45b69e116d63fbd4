#!/bin/sh
# tests/cli/oom_swap.sh PAGEALLOC: scenarios/oom-swap-eras.lua - swap-in when
# a process walks its swapped-out heap (pswpin), and the OOM killer's era
# rules: 2.6.32 kills the chosen master's first child ("or a child"), 3.16
# its largest ("sacrifice child"), 6.8 the master itself.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
out=$("$pa" run scenarios/oom-swap-eras.lua) || fail "oom-swap-eras exit $?"
for k in 2.6.32 3.16 6.8; do
    line=$(echo "$out" | grep "^$k *master had")
    in=$(echo "$line" | sed -n 's/.*swapped in \([0-9]*\) .*/\1/p')
    [ -n "$in" ] && [ "$in" -gt 0 ] || fail "$k: no swap-in: $line"
done
echo "$out" | grep -q '^2.6.32  killed: worker1$' || fail "2.6.32 victim: $out"
echo "$out" | grep -q 'Out of memory: kill process [0-9]* (master) score 46002 or a child' \
    || fail "2.6.32 kill line: $out"
echo "$out" | grep -q '^3.16    killed: worker2$' || fail "3.16 victim: $out"
echo "$out" | grep -q 'Kill process [0-9]* (master) score [0-9]* or sacrifice child' \
    || fail "3.16 kill line: $out"
echo "$out" | grep -q '^6.8     killed: master$' || fail "6.8 victim: $out"
echo "$out" | grep -q 'Out of memory: Killed process [0-9]* (master) total-vm:' \
    || fail "6.8 kill line: $out"
exit 0
