-- compaction-test.lua: the kernel selftest compaction_test
-- (tools/testing/selftests/mm/compaction_test.c) on a simulated 2 GiB VM:
-- take anonymous memory up to 80 % of what is free in 100 MiB chunks, give
-- back every other chunk, then ask for as many 2 MiB hugetlb pages as the
-- free memory could hold (echo N > /proc/sys/vm/nr_hugepages). The kernel
-- grows the pool one huge page at a time, compacting directly when no free
-- 2 MiB block is left. The selftest passes when at least a third of the
-- free memory comes back as huge pages.
--
-- The selftest mlocks its chunks (p:mlock()): reclaim cannot take them, so
-- the pool has only the free memory and compaction; with
-- vm.compact_unevictable_allowed = 1 (the default) they are still moved.

local kernel = kernel or "6.17"
local m = machine("vm-2g", { kernel = kernel })
local page = 4096
local chunk = 100 * 1024 * 1024 // page        -- pages in 100 MiB

local function free_pages()
  local n = 0
  for l in m:cat("/proc/buddyinfo"):gmatch("[^\n]+") do
    local o = 0
    for v in l:gmatch("%s(%d+)") do
      if o > 0 then n = n + tonumber(v) * (1 << (o - 1)) end
      o = o + 1
    end
  end
  return n
end

print(string.format("# kernel %s: compaction_test on a 2 GiB VM", kernel))
print(m:cat("/proc/buddyinfo"))
local want = free_pages() * 8 // 10
local procs = {}
while #procs * chunk < want do
  local p = m:spawn("chunk" .. #procs, { cpu = 0 })
  p:touch(chunk)
  m:run()
  p:mlock()
  procs[#procs + 1] = p
end
print(string.format("# %d chunks of 100 MiB taken (80 %% of free memory)", #procs))
for i = 1, #procs, 2 do procs[i]:kill() end
m:run()
print(string.format("# every other chunk given back: %d free pages", free_pages()))
print(m:cat("/proc/buddyinfo"))

local possible = free_pages() // 512
local got = m:sysctl("vm.nr_hugepages", possible)
print(m:cat("/proc/buddyinfo"))
for l in m:cat("/proc/vmstat"):gmatch("[^\n]+") do
  if l:match("^compact_") or l:match("^pgmigrate_") then print("# " .. l) end
end
print(string.format("# huge pages: asked %d (all free memory), got %d: %.1f %% -> %s",
                    possible, got, 100 * got / possible,
                    got * 3 >= possible and "PASS (at least a third)" or "FAIL"))
m:sysctl("vm.nr_hugepages", 0)
m:check()
