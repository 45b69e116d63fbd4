-- seed-003-fragment.lua: seed 003's kernel-module experiment on a 2 GiB VM.
-- insmod fragment (100000 x kzalloc(16 KiB)), then rmmod (frees every other
-- one): the freed order-2 blocks cannot merge, so the order-2 count jumps to
-- about 50,000 and no higher order gains anything.
--
-- `analyze` is the seed's awk script: MiB free per /proc/buddyinfo line.
local analyze = include("analyze") -- scenarios/lib/analyze.lua
local seedline = include("seedline") -- the seed's own DMA32 line, for comparison

local function show(m, what)
  print("# " .. what)
  print(m:free("-m"))
  print(analyze(m:cat("/proc/buddyinfo")))
end

print("# seed 003, the kernel module: 100000 x kzalloc(16 KiB) (unmovable order-2")
print("# pages), then rmmod frees every other one. Simulated tables, each followed")
print("# by the DMA32 line the seed printed at that step.")
print()
local m = machine("vm-2g", { kernel = "4.14" })
show(m, "free -m ; ./analyze /proc/buddyinfo")
seedline(1809.91, { 114, 136, 104, 13, 12, 5, 8, 10, 6, 2, 447 })
m:insmod("fragment")
show(m, "insmod module/fragment.ko")
seedline(246.31, { 60, 94, 92, 13, 10, 5, 9, 10, 5, 3, 56 })
m:rmmod("fragment")
show(m, "rmmod fragment")
seedline(1028.15, { 116, 145, 50098, 13, 10, 4, 9, 10, 5, 3, 56 })
-- echo 1 >/proc/sys/vm/compact_memory: the holes sit between slab pages,
-- which have no migrate operation, so compaction can move almost nothing
local moved = m:sysctl("vm.compact_memory", 1)
show(m, "echo 1 >/proc/sys/vm/compact_memory")
seedline(1027.19, { 48, 8, 50004, 12, 4, 2, 5, 3, 6, 2, 58 })
print(string.format("# compaction moved %d pages: the freed holes are neighbours of", moved))
print("# unmovable kernel pages, so nothing merges (the seed: \"Oops.\").")
m:check()
