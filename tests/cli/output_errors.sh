#!/bin/sh
# tests/cli/output_errors.sh PAGEALLOC: an answer that cannot be written is an
# error (exit 2 and a message), not exit 0 with the output lost: stdout closed
# here (EBADF) stands for a full disk or a revoked file.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
for cmd in "gfp 0xd0 --kernel 4.14" "analyze --proc tests/data/proc/vm-6.18-x86_64 --json" \
           "explain --kernel 2.6.32 --order 4 --mode 0xd0 tests/data/reports/seed001_dma32_zone_and_buddy.txt"; do
    err=$($pa $cmd 2>&1 >&-); rc=$?
    [ $rc = 2 ] || fail "$cmd with stdout closed: exit $rc"
    echo "$err" | grep -q "^pagealloc: ${cmd%% *}: cannot write the output: " || fail "$cmd: $err"
done
# the same commands with stdout open still exit 0
$pa gfp 0xd0 --kernel 4.14 >/dev/null || fail "gfp to /dev/null"
echo ok
