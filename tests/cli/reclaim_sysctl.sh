#!/bin/sh
# tests/cli/reclaim_sysctl.sh PAGEALLOC: vm.swappiness and vm.dirty_ratio
# through m:sysctl - defaults 60 and 20, set and read back, the range per
# era (swappiness up to 100 before 5.8, 200 from 5.8), and a writer over
# dirty_ratio throttled (balance_dirty_pages: Dirty stays near the limit).
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/s.lua" <<'LUA'
local m = machine("vm-2g", { kernel = "2.6.32-642.el6", mem = "512M" })
print("defaults", m:sysctl("vm.swappiness"), m:sysctl("vm.dirty_ratio"))
m:sysctl("vm.swappiness", 10)
m:sysctl("vm.dirty_ratio", 10)
print("set", m:sysctl("vm.swappiness"), m:sysctl("vm.dirty_ratio"))
print("range", select(2, pcall(m.sysctl, m, "vm.swappiness", 150)))
m:write("/log", "200M")
local mi = m:cat("/proc/meminfo")
print("dirty", mi:match("Dirty:%s+(%d+)"), "free", mi:match("MemFree:%s+(%d+)"),
      "cached", mi:match("Cached:%s+(%d+)"))
local m2 = machine("vm-2g", { kernel = "6.8" })
m2:sysctl("vm.swappiness", 150)
print("6.8", m2:sysctl("vm.swappiness"))
LUA
out=$("$pa" run "$tmp/s.lua") || fail "run exit $?: $out"
echo "$out" | grep -q '^defaults	60	20$' || fail "defaults: $out"
echo "$out" | grep -q '^set	10	10$' || fail "set: $out"
echo "$out" | grep -q 'vm.swappiness must be 0 to 100, not 150' || fail "range: $out"
echo "$out" | grep -q '^6.8	150$' || fail "6.8 range: $out"
line=$(echo "$out" | grep '^dirty')
set -- $line
dirty=$2 free=$4 cached=$6
# 10 % of free + cache, plus one write chunk (48 pages)
[ "$dirty" -le $(( (free + cached) / 10 + 192 )) ] || fail "dirty $dirty over 10 % of $free + $cached"
[ "$dirty" -gt 0 ] || fail "nothing dirty: $line"
exit 0
