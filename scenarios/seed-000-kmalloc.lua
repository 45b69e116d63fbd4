-- seed-000-kmalloc.lua: seed 000's first experiment on a fresh RHEL 6.8 VM
-- (2.6.32-642.el6, SLAB). insmod big_mem does 30 x kmalloc(4 MiB,
-- GFP_KERNEL); SLAB serves them from the size-4194304 cache, whose slabs are
-- order-10 blocks, so exactly 30 order-10 blocks go and `free -m` used rises
-- by 120 MiB. rmmod frees them again (SLAB keeps a few empty slabs until its
-- reaper runs).

local m = machine("rhel6-2g")

local function show(what)
  print("[root@rhel68-kmalloc ~]# cat /proc/buddyinfo ; free -m   " .. what)
  print(m:cat("/proc/buddyinfo") .. m:free("-m"))
end

show("(fresh boot)")
m:insmod("big_mem", { irq = 0 })
show("(after insmod big_mem.ko)")
m:rmmod("big_mem")
show("(after rmmod big_mem: SLAB keeps free_limit = 4 empty slabs)")
m:sleep(2)
show("(2 s later: cache_reap released them)")
print("# dmesg")
print(m:dmesg())
m:check()
