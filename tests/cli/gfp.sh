#!/bin/sh
# tests/cli/gfp.sh - `pagealloc gfp`: decoding, exit codes, error messages.
# $1 is the pagealloc binary. Modes come from kernel-semantics 10 and the
# seeds (000: 2.6.32-642.el6 mode:0xd0; 002: 3.16.1-gentoo mode:0xc0d0).
set -u
bin=$1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$bin" gfp 0xc0d0 --kernel 3.16.1-gentoo --order 4) || fail "seed 002 mode rejected"
echo "$out" | grep -q '^mode: *0xc0d0 = GFP_KERNEL|GFP_COMP|GFP_ZERO$' || fail "3.16 names: $out"
echo "$out" | grep -q '^migratetype: *Unmovable$' || fail "migratetype: $out"
echo "$out" | grep -q 'may OOM-kill at order 4: no' || fail "order-4 OOM rule: $out"

out=$("$bin" gfp 'mode:0xd0' --kernel 2.6.32-642.el6.x86_64 --to 5.15) || fail "seed 000 mode"
echo "$out" | grep -q 'profile rhel6-431' || fail "RHEL6 profile: $out"
echo "$out" | grep -q '0xcc0 = GFP_KERNEL' || fail "translation to 5.15: $out"

out=$("$bin" gfp --json 0x820 --kernel 6.8.0 --order 3) || fail "json"
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["alloc_slow"]["kernel"] != "0xa30")' \
    || fail "6.8 ALLOC flags: $out"

# bad input: exit 2 with a message naming the column
"$bin" gfp GFP_KERNAL --kernel 5.15 2>"$tmp" >/dev/null; rc=$?
[ $rc -eq 2 ] || fail "bad name exit $rc"
grep -q 'pagealloc: MODE:1: column 1' "$tmp" || fail "message: $(cat "$tmp")"
"$bin" gfp 0xd0 --kernel banana 2>"$tmp" >/dev/null; [ $? -eq 2 ] || fail "bad kernel"
"$bin" gfp 2>"$tmp" >/dev/null; [ $? -eq 2 ] || fail "no mode"
# an invalid zone combination is a negative answer (1)
"$bin" gfp 0xd5 --kernel 3.16 >/dev/null 2>&1; [ $? -eq 1 ] || fail "DMA|DMA32 not rejected"
# unknown future version: warning, still decoded
"$bin" gfp 0xcc0 --kernel 7.0.0-0.rc4 2>"$tmp" >/dev/null || fail "7.0 rejected"
grep -q 'newer than the newest' "$tmp" || fail "no warning for 7.0"
"$bin" gfp --list-kernels | grep -q '^rhel6-431' || fail "list-kernels"
# a MODE next to --list-kernels was silently ignored
"$bin" gfp 0xd0 --list-kernels >/dev/null 2>&1; [ $? -eq 2 ] || fail "MODE with --list-kernels must exit 2"
exit 0
