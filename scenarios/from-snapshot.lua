-- from-snapshot.lua: the default of `pagealloc run --from SNAPSHOT`.
-- machine("snapshot") is the real machine a `pagealloc snapshot` file
-- captured: its zones, holes, reserved and used pages, and every free block.
-- The script prints its tables, then asks seed 000's question of it: what
-- would `insmod big_mem` (30 x kmalloc(4 MiB, GFP_KERNEL)) do here, under the
-- rules of the snapshot's kernel?

local m = machine("snapshot")

print("# kernel " .. m.kernel .. ", as captured")
print(m:cat("/proc/buddyinfo"))
print(m:cat("/proc/pagetypeinfo"))

m:insmod("big_mem", {})
print("# after insmod big_mem (30 x kmalloc(4 MiB, GFP_KERNEL))")
print(m:cat("/proc/buddyinfo"))
print("# dmesg")
print(m:dmesg())
m:rmmod("big_mem")
m:check()
