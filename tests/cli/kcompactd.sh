#!/bin/sh
# tests/cli/kcompactd.sh - kcompactd's proactive compaction in simulated time
# (kernel-semantics 7.5, docs/compaction.md): two processes interleave their
# pages over the 2 GiB VM, one is killed, the machine sleeps one second.
# 5.9+: the node's fragmentation score (above the high mark 90) comes down to
# the low mark 80; 4.14 (kcompactd, no proactive compaction) and 2.6.32 (no
# kcompactd) leave it. And the compaction sysctls per era. $1 = pagealloc.
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$dir" || fail "cd"

# KERNEL and PROACTIVENESS are replaced per run (nil: the default)
cat > p.in <<'LUA'
local m = machine("vm-2g", { kernel = KERNEL })
if PROACTIVENESS then m:sysctl("vm.compaction_proactiveness", PROACTIVENESS) end
-- fragmentation_score_zone of DMA32: extfrag_for_order(9) from its free lists
local function score()
    local z = m:zone("DMA32")
    local free, suit = 0, 0
    for o = 0, 10 do
        free = free + z.nr_free[o] * (1 << o)
        if o >= 9 then suit = suit + z.nr_free[o] * (1 << (o - 9)) end
    end
    return (free - suit * 512) * 100 // free
end
local a = m:spawn("a", { cpu = 0 })
local b = m:spawn("b", { cpu = 1 })
a:touch(225000)
b:touch(225000)
m:run()
a:kill()
local before = score()
m:sleep(1)
local vm = m:cat("/proc/vmstat")
print(before, score(), vm:match("compact_daemon_migrate_scanned (%d+)") or "none",
      vm:match("pgmigrate_success (%d+)") or "none")
m:check()
LUA
run() { # kernel proactiveness -> "before after daemon_scanned migrated"
    sed "s/KERNEL/\"$1\"/; s/PROACTIVENESS then/$2 then/; s/PROACTIVENESS)/$2)/" p.in > p.lua
    "$bin" run p.lua || fail "run on $1"
}

for k in 6.17 5.10; do
    set -- $(run $k nil)
    [ "$1" -gt 90 ] || fail "$k: the fragmented machine scores $1, not above the high mark 90"
    [ "$2" -le 80 ] || fail "$k: proactive compaction left the score at $2 (from $1)"
    [ "$2" -ge 70 ] || fail "$k: compacted far below the low mark 80: $2 (it stops there)"
    [ "$3" -gt 0 ] && [ "$4" -gt 0 ] || fail "$k: kcompactd counters: scanned $3 migrated $4"
done
# proactiveness 0 switches it off
set -- $(run 6.17 0)
[ "$1" -eq "$2" ] && [ "$4" -eq 0 ] || fail "6.17, proactiveness 0: $*"
# 4.14: kcompactd, but no proactive compaction: nothing moves while it sleeps
set -- $(run 4.14 nil)
[ "$1" -gt 90 ] && [ "$1" -eq "$2" ] && [ "$3" -eq 0 ] && [ "$4" -eq 0 ] || fail "4.14: $*"
# 2.6.32: no kcompactd at all (and no compaction)
set -- $(run 2.6.32 nil)
[ "$1" -gt 90 ] && [ "$1" -eq "$2" ] && [ "$3" = none ] || fail "2.6.32: $*"

# the sysctls: read, set, range, per era
sys() { # kernel lua-expression -> output or error
    printf 'local m = machine("vm-2g", { kernel = "%s" })\nprint(%s)\n' "$1" "$2" > s.lua
    "$bin" run s.lua 2>&1
}
[ "$(sys 6.17 'm:sysctl("vm.compaction_proactiveness")')" = 20 ] || fail "proactiveness default"
[ "$(sys 6.17 'm:sysctl("vm.compaction_proactiveness", 55)')" = 55 ] || fail "proactiveness set"
[ "$(sys 4.14 'm:sysctl("vm.extfrag_threshold")')" = 500 ] || fail "extfrag_threshold default"
[ "$(sys 4.14 'm:sysctl("vm.compact_unevictable_allowed")')" = 1 ] || fail "unevictable default"
sys 5.8 'm:sysctl("vm.compaction_proactiveness", 10)' | grep -q "kernel 5.8 has no such file (it arrived in 5.9)" \
    || fail "proactiveness on 5.8: $(sys 5.8 'm:sysctl("vm.compaction_proactiveness", 10)')"
sys 3.10 'm:sysctl("vm.compact_unevictable_allowed")' | grep -q "has no such file (it arrived in 4.1)" \
    || fail "compact_unevictable_allowed on 3.10"
sys 2.6.32 'm:sysctl("vm.extfrag_threshold")' | grep -q "has no such file (it arrived in 2.6.35)" \
    || fail "extfrag_threshold on 2.6.32"
sys 6.17 'm:sysctl("vm.extfrag_threshold", 1001)' | grep -q "vm.extfrag_threshold must be 0 to 1000, not 1001" \
    || fail "extfrag_threshold range"
sys 6.17 'm:sysctl("vm.compaction_proactiveness", -1)' | grep -q "must be 0 to 100, not -1" \
    || fail "proactiveness range"
echo "kcompactd: ok"
