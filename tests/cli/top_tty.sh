#!/bin/sh
# tests/cli/top_tty.sh PAGEALLOC: `pagealloc top` on a terminal (ncurses), in
# a private tmux server: the screen shows the bars and the trend, and 'q'
# ends it. Skipped without tmux.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "SKIP top on a terminal: no tmux"; exit 0; }
sock="pagealloc-test-$$"
s=t$$
trap 'tmux -L "$sock" kill-server 2>/dev/null' EXIT
case "$pa" in /*) ;; *) pa="$(pwd)/$pa" ;; esac
tmux -L "$sock" new-session -d -s $s -x 120 -y 50 \
    "$pa top --proc tests/data/proc/vm-6.18-x86_64 0.3 100; echo exited \$?; sleep 5" || fail "tmux"
sleep 1.5
screen=$(tmux -L "$sock" capture-pane -t $s -p)
echo "$screen" | grep -q '^pagealloc top - every 0.3s' || fail "header: $screen"
echo "$screen" | grep -q '^Node 0 Normal  free 862.1 MiB' || fail "zone line: $screen"
echo "$screen" | grep -q '^ o10 *153  71\.0% #' || fail "order-10 bar: $screen"
echo "$screen" | grep -q 'order 3: steady/rising' || fail "trend: $screen"
tmux -L "$sock" send-keys -t $s q
sleep 0.5
tmux -L "$sock" capture-pane -t $s -p | grep -q '^exited 0' || fail "q did not end it"

# 80x24: the bars of three zones need 47 rows and only DMA's showed; now every
# zone's counts fit on one line each, Normal included
s2=u$$
tmux -L "$sock" new-session -d -s $s2 -x 80 -y 24 \
    "$pa top --proc tests/data/proc/vm-6.18-x86_64 0.3 100; echo exited \$?; sleep 5" || fail "tmux 80x24"
sleep 1.5
screen=$(tmux -L "$sock" capture-pane -t $s2 -p)
echo "$screen" | grep -q '^pagealloc top - every 0.3s, .*\[compact: more rows show bars\]$' || fail "80x24 header: $screen"
echo "$screen" | grep -q '^Node 0 Normal  free 862.1 MiB' || fail "80x24 Normal zone: $screen"
echo "$screen" | grep -q '^ blocks o0..o10: 1141 1146 851 467 497 272 145 81 35 16 153$' || fail "80x24 counts: $screen"
tmux -L "$sock" send-keys -t $s2 q
sleep 0.5
tmux -L "$sock" capture-pane -t $s2 -p | grep -q '^exited 0' || fail "q did not end it (80x24)"
echo ok
