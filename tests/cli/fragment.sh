#!/bin/sh
# tests/cli/fragment.sh PAGEALLOC: `pagealloc fragment` refuses too much
# memory; a small real run shows its four stages; SIGTERM while holding
# leaves no child behind.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
err=$("$pa" fragment --size 100T 2>&1); rc=$?
[ $rc = 2 ] || fail "100T must be refused with exit 2 (got $rc)"
echo "$err" | grep -q 'refusing to use .* of MemAvailable' || fail "refusal message: $err"
"$pa" fragment --pattern spiral >/dev/null 2>&1; [ $? = 2 ] || fail "bad pattern must exit 2"
# below a page: said so (was "refusing to use 0.20 KiB: above 10% of MemAvailable")
err=$("$pa" fragment --size 100 2>&1); rc=$?
[ $rc = 2 ] || fail "--size 100 must exit 2 (got $rc)"
echo "$err" | grep -q '^pagealloc fragment: --size is below one page' || fail "--size 100: $err"
# the bad one of --chunk/--hold/--max-share is named (one message named all three)
err=$("$pa" fragment --size 4M --max-share 60 2>&1); rc=$?
[ $rc = 2 ] || fail "--max-share 60 must exit 2 (got $rc)"
echo "$err" | grep -q '^pagealloc fragment: --max-share takes 1..50' || fail "--max-share 60: $err"
[ -r /proc/buddyinfo ] || { echo "SKIP live fragment: no /proc/buddyinfo"; exit 0; }

out=$("$pa" fragment --size 8M --hold 0) || fail "small run exit $?"
for s in '== before' '== both processes hold their memory' '== second process killed' '== after cleanup'; do
    echo "$out" | grep -q "^$s" || fail "missing stage '$s': $out"
done
out=$("$pa" fragment --size 8M --pattern every-other --hold 0) || fail "every-other exit $?"
echo "$out" | grep -q '^== every other page given back' || fail "every-other stage"

"$pa" fragment --size 8M --hold 30 >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 50 ]; do
    kids=$(cat /proc/$pid/task/*/children 2>/dev/null)
    [ -n "$kids" ] && break
    sleep 0.1; i=$((i + 1))
done
[ -n "$kids" ] || fail "no children seen"
sleep 0.5
kill -TERM $pid; wait $pid
rc=$?
[ $rc = 1 ] || fail "interrupted run must exit 1 (got $rc)"
for k in $kids; do
    if kill -0 "$k" 2>/dev/null && [ "$(cat /proc/$k/stat 2>/dev/null | cut -d' ' -f3)" != Z ]; then
        fail "child $k survived"
    fi
done
echo ok
