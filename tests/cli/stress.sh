#!/bin/sh
# tests/cli/stress.sh - random scenarios (tests/data/stress/stress.lua) with
# several seeds: no crash, no Lua error, every machine passes m:check().
# Under ASan+UBSan (make test-asan) this is the "a scenario cannot crash the
# simulator" check. $1 = pagealloc.
set -u
bin=$1
for seed in 1 2 3; do
    out=$("$bin" run tests/data/stress/stress.lua --seed $seed 2>&1) || {
        echo "FAIL: seed $seed: $out" >&2
        exit 1
    }
    [ "$out" = "stress ok" ] || { echo "FAIL: seed $seed: $out" >&2; exit 1; }
done
exit 0
