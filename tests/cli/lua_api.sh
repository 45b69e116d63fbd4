#!/bin/sh
# tests/cli/lua_api.sh - the scenario API end to end: every machine method,
# module kernel calls, misuse reported as Lua errors, limits. $1 = pagealloc.
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$dir/modules"

cat > "$dir/modules/pages.lua" <<'LUA'
-- alloc_pages / __free_pages with explicit masks; remembers what it got
local got = {}
module_init(function()
  got[1] = alloc_pages(GFP_KERNEL, 3)
  got[2] = alloc_pages(GFP_KERNEL .. "|" .. __GFP_ZERO, 0)
  got[3] = alloc_pages("GFP_DMA", 0)
  assert(alloc_pages(GFP_KERNEL, 10) ~= nil)   -- leaked on purpose
  printk("pfn %d\n", page_to_pfn(got[3]))
  return 0
end)
module_exit(function()
  __free_pages(got[1], 3)
  __free_pages(got[2], 0)
  __free_pages(got[3], 0)
end)
LUA

cat > "$dir/api.lua" <<'LUA'
local m = machine("vm-2g", { boot = false })
local z0 = m:zone("DMA32")
assert(z0.nr_free[10] > 400 and z0.pcp == 0, "fresh DMA32")
-- processes: touch queues, run performs, kill frees
local p = m:spawn("p", { cpu = 1 })
assert(p.pid > 0 and p.cpu == 1 and p.alive)
p:touch(1000)
assert(m:run() == 1000 and p.rss == 1000)
p:kill()
assert(not p.alive and p.rss == 0)
assert(not pcall(p.touch, p, 1), "touch after kill")
-- page cache and drop_caches
assert(m:read("/a", "4M") == 1024)
assert(m:read("/a", "4M") == 0, "already cached")
assert(m:write("/b", 8192, { cpu = 1 }) == 2)
-- drop_caches leaves dirty pages alone: /b's go once written back
assert(m:sysctl("vm.drop_caches", 1) == 1024)
assert(m:cat("/proc/meminfo"):match("Dirty:%s+8 kB"))
assert(m:sync() == 2 and m:cat("/proc/meminfo"):match("Dirty:%s+0 kB"))
assert(m:sysctl("vm.drop_caches", 1) == 2)
m:read("/c", "1M")
m:rm("/c")
assert(not pcall(m.rm, m, "/c"))
-- modules
m:insmod("pages")
assert(m:dmesg():find("pfn %d+\n"))
assert(not pcall(m.insmod, m, "pages"), "double insmod")
m:rmmod("pages")
assert(not pcall(m.rmmod, m, "pages"), "rmmod twice")
-- sysctl
assert(m:sysctl("vm.min_free_kbytes") > 0)
assert(m:sysctl("vm.min_free_kbytes", 20000) == 20000)
assert(m:cat("/proc/sys/vm/min_free_kbytes") == "20000\n")
-- min = 20000 kB / 4 = 5000 pages split by zone size: DMA32 gets most of it
local z = m:zone("DMA32")
assert(z.min > 4900 and z.min < 5000 and z.low > z.min and z.high > z.low)
assert(not pcall(m.sysctl, m, "vm.nope", 1))
assert(not pcall(m.sysctl, m, "vm.drop_caches", 7))
-- files and sizes
assert(not pcall(m.read, m, "/x", "12Q"))
assert(not pcall(m.spawn, m, "x", { cpu = 9 }))
assert(not pcall(m.zone, m, "Normal"))
-- the watermark check with its trace, and the last failure
local wt, wok = m:watermark("DMA32", 0, { mark = "min" })
assert(wok == true and wt:find("verdict: OK", 1, true))
local _, w10 = m:watermark("DMA32", 10, { mark = "high" })
assert(type(w10) == "boolean")
assert(not pcall(m.watermark, m, "DMA32", 11))
assert(not pcall(m.watermark, m, "Normal", 1))
assert(not pcall(m.watermark, m, "DMA32", 1, { mark = "lowest" }))
assert(not pcall(m.watermark, m, "DMA32", 1, { gfp = "GFP_NOPE" }))
assert(m:last_failure() == nil)
assert(not pcall(m.cat, m, "/etc/passwd"))
assert(not pcall(m.free, m, "-h"))
for _, path in ipairs({"/proc/buddyinfo", "/proc/pagetypeinfo", "/proc/zoneinfo",
                       "/proc/vmstat", "/proc/meminfo"}) do
  assert(#m:cat(path) > 0, path)
end
assert(m:cat("/proc/vmstat"):find("\npgfault 1000\n"), "pgfault")
-- the metatables are hidden: no calling __gc by hand, no swapping methods
assert(getmetatable(m) == "pagealloc" and getmetatable(p) == "pagealloc")
m:check()
print("ok", tostring(m):match("^machine%(vm%-2g"))
LUA
out=$("$bin" run "$dir/api.lua" 2>&1) || fail "api: $out"
[ "$out" = "ok	machine(vm-2g" ] || fail "api output: $out"

# A custom zone layout: DMA [1, 4096), DMA32 [4096, 524288), node 1 Normal
# [524288, 786432); CPU 1 of 2 sits on node 1, so its pages come from there
cat > "$dir/zones.lua" <<'LUA'
local m = machine("vm-2g", { zones = { {"DMA", "16M"}, {"DMA32", "2032M"},
                                       {"Normal", "1G", node = 1} }, boot = false })
assert(m:zone("DMA32").start_pfn == 4096)
assert(m:zone("Normal", 1).start_pfn == 524288)
local p = m:spawn("p", { cpu = 1 })
p:touch(100)
m:run()
assert(m:cat("/proc/vmstat"):find("\npgalloc_normal 10[0-9]\n"), "node 1")
assert(not pcall(machine, "vm-2g", { zones = { {"DMA", "16M"}, {"DMA", "16M"} } }))
assert(not pcall(machine, "vm-2g", { zones = { {"Foo", "16M"} } }))
print("ok")
LUA
out=$("$bin" run "$dir/zones.lua" 2>&1) || fail "zones: $out"
[ "$out" = ok ] || fail "zones output: $out"

# Running out of Lua memory or stack is a Lua error, not a crash
printf 'local t = {}\nfor i = 1, 10 do t[i] = string.rep("x", 1 << 26) .. i end\n' > "$dir/mem.lua"
out=$("$bin" run --max-memory 256M "$dir/mem.lua" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "memory cap exit $rc: $out"
echo "$out" | grep -q "not enough memory" || fail "memory cap: $out"
printf 'local function f(n) return 1 + f(n + 1) end\nf(1)\n' > "$dir/deep.lua"
out=$("$bin" run "$dir/deep.lua" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "recursion exit $rc"
echo "$out" | grep -q "stack overflow" || fail "recursion: $out"
# An error object that is not a string
printf 'error({})\n' > "$dir/obj.lua"
out=$("$bin" run "$dir/obj.lua" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "error object exit $rc"
echo "$out" | grep -q "error object is a table value" || fail "error object: $out"

# p:mlock(): locked pages are never reclaimed (swapped); an unlocked twin is
cat > "$dir/mlock.lua" <<'LUA'
local m = machine("vm-2g", { kernel = "6.17", swap = "2G" })
local a = m:spawn("a", { cpu = 0 })
local c = m:spawn("c", { cpu = 0 })
a:touch(50000); c:touch(50000)
m:run()
print(a:mlock())
local b = m:spawn("b", { cpu = 1 })
b:touch(440000)
m:run()
print(a.swapped, c.swapped)
m:check()
LUA
out=$("$bin" run "$dir/mlock.lua" 2>&1) || fail "mlock: $out"
set -- $out
[ "$1" = 50000 ] && [ "$2" = 0 ] && [ "$3" -gt 0 ] || fail "mlock: $out"
exit 0
