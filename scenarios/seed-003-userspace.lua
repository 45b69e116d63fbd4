-- seed-003-userspace.lua: seed 003's user-space experiment on a 2 GiB VM, up
-- to the kill. Two copies of userspace_fragment (sbrk + memset of 200,000
-- pages each) run at the same time on two CPUs; then one is killed.
--
-- Why the result looks as it does: each CPU takes pages from its own per-CPU
-- list, refilled `batch` (31 on this kernel) pages at a time from the buddy
-- allocator, so the two processes' pages interleave in runs of 31. Killing
-- one frees every other run; a run of 31 pages at an arbitrary offset splits
-- into about one block each of orders 0..4, hence the nearly equal counts.
-- Then the seed's last step: echo 1 > /proc/sys/vm/compact_memory. The
-- survivor's pages are anonymous (on the LRU, movable): the migration
-- scanner moves them from the zone's bottom into the holes the free scanner
-- finds at its top, and the bottom merges back into order-10 blocks.

local analyze = include("analyze") -- scenarios/lib/analyze.lua
local seedline = include("seedline") -- the seed's own DMA32 line, for comparison

print("# seed 003, user space: two processes each touch 200,000 pages at the same")
print("# time on two CPUs, then one is killed. Simulated tables, each followed by")
print("# the DMA32 line the seed printed at that step.")
print()
local m = machine("vm-2g", { kernel = "4.14" })
print("# ./analyze /proc/buddyinfo   (fresh boot)")
print(analyze(m:cat("/proc/buddyinfo")))

-- ./userspace_fragment & ./userspace_fragment &
local a = m:spawn("userspace_fragment", { cpu = 0 })
local b = m:spawn("userspace_fragment", { cpu = 1 })
a:touch(200000)
b:touch(200000)
m:run()
print("# ./analyze /proc/buddyinfo   (both processes running)")
print(analyze(m:cat("/proc/buddyinfo")))
seedline(198.29, { 146, 138, 167, 127, 67, 3, 2, 2, 2, 3, 44 })

-- kill %1
a:kill()
print("# kill %1; ./analyze /proc/buddyinfo")
print(analyze(m:cat("/proc/buddyinfo")))
seedline(980.84, { 6446, 6410, 6335, 6271, 6214, 136, 21, 4, 4, 3, 47 })
print("# The pages of the killed process come back in runs of 31 (the per-CPU")
print("# list batch), each freeing about one block of each order 0-4.")
print()

-- echo 1 >/proc/sys/vm/compact_memory
local moved = m:sysctl("vm.compact_memory", 1)
print("# echo 1 >/proc/sys/vm/compact_memory; ./analyze /proc/buddyinfo")
print(analyze(m:cat("/proc/buddyinfo")))
seedline(980.19, { 142, 143, 117, 96, 61, 21, 21, 14, 13, 13, 229 })
print(string.format("# compaction moved %d pages of the survivor; the small blocks are", moved))
print("# gone and order 10 is back, as in the seed (\"If memory is movable,")
print("# compaction will do its job\").")
m:check()
