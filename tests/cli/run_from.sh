#!/bin/sh
# tests/cli/run_from.sh - `pagealloc run --from SNAPSHOT [SCENARIO]`: the
# simulator starts from a snapshot file's state and machine("snapshot") is
# that machine. $1 = pagealloc.
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A 4.14 machine with one DMA32 zone of 65536 pages from pfn 0x1000: the first
# 4096 pages anonymous, the other 61440 free as 60 order-10 blocks.
{
    printf 'pagealloc-snapshot 1\nkernel 4.14.0\npage_size 4096\nmax_order 10\ntime 0\n'
    printf 'classes F=free A=anon L=file/LRU S=slab T=hugetlb K=other kernel R=reserved H=hole\n'
    printf 'zone 0 DMA32 4096 65536\nruns A4096 F61440\n'
    i=0
    while [ $i -lt 60 ]; do
        [ $((i % 16)) -eq 0 ] && { [ $i -gt 0 ] && printf '\n'; printf 'free'; }
        printf ' %x:10' $((8192 + i * 1024))
        i=$((i + 1))
    done
    printf '\nendzone\n'
} > "$dir/snap"

# The default scenario: tables as captured, then seed 000's big_mem takes 30
# order-10 blocks of the 60.
out=$("$bin" run --from "$dir/snap" 2>&1); rc=$?
[ $rc -eq 0 ] || fail "run --from exit $rc: $out"
echo "$out" | grep -q '^# kernel 4.14.0, as captured' || fail "kernel line: $out"
n=$(echo "$out" | grep -c '^Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0     60 $')
[ "$n" -eq 1 ] || fail "captured buddyinfo: $out"
echo "$out" | grep -q '^Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0     30 $' ||
    fail "30 order-10 blocks should be left: $out"
echo "$out" | grep -q '4194304 bytes of memory allocated for 30 times' || fail "dmesg: $out"

# A scenario of one's own sees the same machine.
printf 'local m = machine("snapshot")\nprint(m:zone("DMA32").free)\nm:check()\n' > "$dir/s.lua"
out=$("$bin" run --from "$dir/snap" "$dir/s.lua" 2>&1) || fail "own scenario: $out"
[ "$out" = "61440" ] || fail "free pages: $out"

# machine("snapshot") without --from is an error with file and line.
out=$("$bin" run "$dir/s.lua" 2>&1) && fail "snapshot machine without --from accepted"
echo "$out" | grep -q "s.lua:1: machine('snapshot') needs" || fail "message: $out"

# A malformed snapshot is reported as FILE:LINE, exit 2.
printf 'pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns F4 Q4\n' > "$dir/bad"
out=$("$bin" run --from "$dir/bad" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "bad snapshot exit $rc"
echo "$out" | grep -q "^pagealloc: $dir/bad:4: " || fail "bad snapshot message: $out"
out=$("$bin" run --from "$dir/none" 2>&1) && fail "missing file accepted"
echo "$out" | grep -q "cannot read $dir/none" || fail "missing file: $out"
exit 0
