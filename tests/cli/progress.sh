#!/bin/sh
# tests/cli/progress.sh PAGEALLOC: progress of long work (`run` of a scenario
# that runs for more than a second, `fragment`'s touch phase, `snapshot`'s
# kpageflags read) goes to standard error only when it is a terminal: nothing
# in a pipe or a file; on a terminal (a pty from script(1)) the line shows
# and is erased before the scenario's next output.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
case "$pa" in /*) ;; *) pa="$(pwd)/$pa" ;; esac
cd "$tmp" || exit 1
# busy for a while (about 1.5 s here), then prints
cat > slow.lua <<'LUA'
local x = 0
for i = 1, 2 do
  print("step " .. i)
  for j = 1, 2e7 do x = x + j end
end
print("done")
LUA
# not a terminal: stderr stays empty, with the delay at 0 too
PAGEALLOC_PROGRESS_DELAY=0 "$pa" run slow.lua >out.txt 2>err.txt || fail "run exit $?"
[ -s err.txt ] && fail "run: progress in a file: $(cat err.txt)"
[ "$(cat out.txt)" = "step 1
step 2
done" ] || fail "run output: $(cat out.txt)"
"$pa" fragment --size 4M --hold 0 >/dev/null 2>err.txt || fail "fragment exit $?"
[ -s err.txt ] && fail "fragment: progress in a file: $(cat err.txt)"
PAGEALLOC_PROGRESS_DELAY=0 "$pa" fragment --size 4M --hold 0 2>&1 >/dev/null | grep -q touching &&
    fail "fragment: progress in a pipe"

command -v script >/dev/null 2>&1 || { echo "SKIP the terminal half: no script(1)"; exit 0; }
# on a terminal, after the delay (0 here): the line, erased before "step 2"
PAGEALLOC_PROGRESS_DELAY=0 script -qec "$pa run slow.lua" /dev/null </dev/null >tty.txt 2>&1 ||
    fail "run on a terminal: exit $?: $(cat tty.txt)"
tr '\r' '\n' < tty.txt > lines.txt
grep -q '^pagealloc run: running (time limit 600 s): slow.lua:4, [0-9.]* s' lines.txt ||
    fail "run: no progress line on a terminal: $(cat -A tty.txt | head -5)"
# the scenario's lines are whole: the progress line was erased before each
grep -q '^step 2$' lines.txt || fail "run: step 2 not on a line of its own: $(cat -A tty.txt | head -5)"
grep -q 'step 2.*pagealloc\|pagealloc.*step 2' lines.txt && fail "run: progress mixed into output"
# the default delay of a second keeps short work quiet
printf 'print("quick")\n' > quick.lua
script -qec "$pa run quick.lua" /dev/null </dev/null >tty3.txt 2>&1
grep -q 'running' tty3.txt && fail "a quick scenario showed progress: $(cat -A tty3.txt)"
# fragment's touch phase
PAGEALLOC_PROGRESS_DELAY=0 script -qec "$pa fragment --size 8M --hold 0" /dev/null </dev/null \
    >frag.txt 2>&1 || fail "fragment on a terminal: exit $?"
tr '\r' '\n' < frag.txt | grep -q '^pagealloc fragment: touching pages in turns: [0-9]*% ([0-9]* of 4096 pages), ' ||
    fail "fragment: no progress on a terminal: $(cat -A frag.txt | head -5)"
# snapshot's kpageflags read (root)
if [ "$(id -u)" = 0 ] && [ -r /proc/kpageflags ]; then
    PAGEALLOC_PROGRESS_DELAY=0 script -qec "$pa snapshot -o snap.txt" /dev/null </dev/null \
        >snap.txt.out 2>&1 || fail "snapshot on a terminal: exit $?: $(cat snap.txt.out)"
    tr '\r' '\n' < snap.txt.out | grep -q '^pagealloc snapshot: reading /proc/kpageflags: [0-9]*% ([0-9]* of [0-9]* pages), ' ||
        fail "snapshot: no progress on a terminal: $(cat -A snap.txt.out | head -5)"
    PAGEALLOC_PROGRESS_DELAY=0 "$pa" snapshot -o snap2.txt 2>err.txt >/dev/null || fail "snapshot exit $?"
    [ -s err.txt ] && fail "snapshot: progress in a file: $(cat err.txt)"
fi
echo ok
