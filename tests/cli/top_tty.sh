#!/bin/sh
# tests/cli/top_tty.sh PAGEALLOC: `pagealloc top` on a terminal (ncurses), in
# a private tmux server: the screen shows the bars and the trend, and 'q'
# ends it; on 80x24, too short for three zones' bars, each zone's counts are
# one line and Normal shows too. Skipped without tmux.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "SKIP top on a terminal: no tmux"; exit 0; }
sock="pagealloc-test-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null' EXIT
case "$pa" in /*) ;; *) pa="$(pwd)/$pa" ;; esac

# start SESSION WIDTH HEIGHT: top on the 6.18 capture; the screen after 1.5 s
# (and its rates) in $screen
start() {
    tmux -L "$sock" new-session -d -s "$1" -x "$2" -y "$3" \
        "$pa top --proc tests/data/proc/vm-6.18-x86_64 0.3 100; echo exited \$?; sleep 5" || fail "tmux $2x$3"
    sleep 1.5
    screen=$(tmux -L "$sock" capture-pane -t "$1" -p)
    # a loaded machine may be slower: wait (10 s at most) for the rates,
    # which need a second sample
    for _ in $(seq 50); do
        echo "$screen" | grep -q 'thp_fault_fallback' && break
        sleep 0.2
        screen=$(tmux -L "$sock" capture-pane -t "$1" -p)
    done
}
# quit SESSION: 'q' ends top with exit 0
quit() {
    tmux -L "$sock" send-keys -t "$1" q
    sleep 0.5
    tmux -L "$sock" capture-pane -t "$1" -p | grep -q '^exited 0' || fail "q did not end it ($1)"
}

start t$$ 120 50
echo "$screen" | grep -q '^pagealloc top - every 0.3s' || fail "header: $screen"
echo "$screen" | grep -q '^Node 0 Normal  free 862.1 MiB' || fail "zone line: $screen"
echo "$screen" | grep -q '^ o10 *153  71\.0% #' || fail "order-10 bar: $screen"
echo "$screen" | grep -q 'order 3: steady/rising' || fail "trend: $screen"
quit t$$

# 80x24: the bars of three zones need 47 rows and only DMA's showed
start u$$ 80 24
echo "$screen" | grep -q '^pagealloc top - every 0.3s, .*\[compact: more rows show bars\]$' || fail "80x24 header: $screen"
echo "$screen" | grep -q '^Node 0 Normal  free 862.1 MiB' || fail "80x24 Normal zone: $screen"
echo "$screen" | grep -q '^ blocks o0..o10: 1141 1146 851 467 497 272 145 81 35 16 153$' || fail "80x24 counts: $screen"
echo "$screen" | grep -q '^ trend:  o3 steady/rising' || fail "80x24 trend: $screen"
quit u$$
# words are never broken: at 80 columns and narrower every screen line
# stays within the width (nothing left for the terminal to wrap) and every
# word on the screen is a word of the wide screen (a broken one is not)
# (the words of the bars' screen and of the compact one, 200 columns wide)
start w$$ 200 60
wide=$(echo "$screen" | tr -s ' ' '\n' | grep -v '^t=')
quit w$$
start c$$ 200 24
wide=$(printf '%s\n%s\n' "$wide" "$(echo "$screen" | tr -s ' ' '\n' | grep -v '^t=')" | sort -u)
quit c$$
for g in 80x24 40x40; do
    w=${g%x*}
    start n$w$$ $w ${g#*x}
    long=$(echo "$screen" | awk -v w=$w 'length($0) >= w')
    [ -z "$long" ] || fail "${g}: a line fills the width (the terminal wraps it): $long"
    for word in $(echo "$screen" | tr -s ' ' '\n' | grep -v '^t=' | sort -u); do
        echo "$wide" | grep -qxF -- "$word" || fail "${g}: '$word' is a broken word: $screen"
    done
    echo "$screen" | grep -q 'thp_fault_fallback 0.0' || fail "${g}: a rate and its value split: $screen"
    quit n$w$$
done

# plain lines on a terminal are wrapped at COLUMNS, at words; in a pipe they
# stay one line per zone (scripts)
if command -v script >/dev/null 2>&1; then
    D=tests/data/proc/vm-6.18-x86_64
    pipe=$("$pa" top --proc $D 0.1 1 | cat)
    for w in 80 50; do
        tty=$(COLUMNS=$w script -qec "$pa top --plain --proc $D 0.1 1" /dev/null </dev/null | tr -d '\r')
        [ -z "$(echo "$tty" | awk -v w=$w 'length($0) > w')" ] || fail "plain at $w: $tty"
        [ "$(echo "$tty" | wc -l)" -gt "$(echo "$pipe" | wc -l)" ] || fail "plain at $w: not wrapped: $tty"
        [ "$(echo "$tty" | tr -s ' \n' '  ')" = "$(echo "$pipe" | tr -s ' \n' '  ')" ] ||
            fail "plain at $w: words differ from the pipe's: $tty"
    done
fi
echo ok
