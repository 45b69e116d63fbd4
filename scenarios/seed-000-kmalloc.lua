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

-- The seed's second experiment, on the 1 GiB VM: "generate some read/write
-- traffic" - here two large files read in steps (a copy in progress: each
-- step reads the next part once, so the cache is use-once), a tree
-- of small files read alongside (each file's dentry and inode, and the page
-- cache's radix_tree_nodes, are reclaimable slab objects allocated between
-- the page-cache pages: src/sim/workload.c pa_sim_read_file), a long-running
-- java heap growing and in use (its ptes young: reclaim rotates it), and
-- short-lived shells (kernel stacks, page tables) coming and going. RHEL
-- 6's get_scan_ratio weighs each list by how often reclaim found it in use,
-- so kswapd takes the read-once cache and leaves the heap (the seed: 1 MiB
-- of swap before insmod). kswapd keeps the box near its watermarks, so the slab
-- and kernel pages end up scattered over memory. Then insmod big_mem: each
-- order-10 kmalloc misses the fast path although ~60 MiB are free, wakes
-- kswapd for order 10, compacts (async), direct-reclaims 2 << 10 pages
-- (RHEL 6's reclaim/compaction: no lumpy reclaim in -642), compacts again
-- (sync) and, where the scattered slab pages leave no 4 MiB block, fails with
-- the 2.6.32 report; compaction is then deferred, so the next requests
-- reclaim and fail without compacting. kswapd, balancing the node for order
-- 10 (RHEL 6 balance_pgdat: reclaim, then compact each zone), evicts the
-- page cache and then swaps a little of the heap. docs/reclaim.md walks
-- through it.
print("== experiment 2: rhel6-1g, file traffic, then insmod big_mem")
local m2 = machine("rhel6-1g")
local function show2(what)
  print("[root@rhel68-kmalloc ~]# cat /proc/buddyinfo ; free -m   " .. what)
  print(m2:cat("/proc/buddyinfo") .. m2:free("-m"))
end
local java = m2:spawn("java", { cpu = 0 })
local shells, nfiles = {}, 0
for i = 1, 2400 do
  m2:read("/data/a", 65536, { cpu = 0, offset = (i - 1) * 65536 })
  m2:read("/data/b", 32768, { cpu = 1, offset = (i - 1) * 32768 })
  java:touch(30)
  java:access(300) -- the JVM uses its heap: young ptes, rotated by reclaim
  for k = 1, 40 do
    nfiles = nfiles + 1
    m2:read("/srv/tree/f" .. nfiles, 4096 * (1 + nfiles % 2), { cpu = k % 2 })
  end
  local sh = m2:spawn("sh", { cpu = i % 2 })
  sh:touch(8)
  shells[#shells + 1] = sh
  if #shells > 4 then table.remove(shells, 1):kill() end
  m2:run()
end
show2("(after the file traffic)")
print("# the seed saw: DMA32 331 548 624 373 225 47 24 11 12 0 1; free -m 996 917 78 0 84 318;" ..
      " swap used 1")
print((m2:cat("/proc/meminfo"):match("Slab:[^\n]*\n[^\n]*\n[^\n]*\n")))
local function vmstat()
  local t = {}
  for k, v in m2:cat("/proc/vmstat"):gmatch("(%S+) (%d+)") do t[k] = tonumber(v) end
  -- 2.6.32 names reclaim counters per zone (pgscan_kswapd_dma32, ...) and
  -- pgsteal_<zone> counts both kinds: summed into the 4.8+ names here
  local sum = {}
  for k, v in pairs(t) do
    local base = k:match("^(pg%a+_?%a*)_dma$") or k:match("^(pg%a+_?%a*)_dma32$")
                 or k:match("^(pg%a+_?%a*)_normal$") or k:match("^(pg%a+_?%a*)_movable$")
    if base and base ~= "pgalloc" then sum[base] = (sum[base] or 0) + v end
  end
  for k, v in pairs(sum) do t[k] = v end
  if t.kswapd_steal then
    t.pgsteal_kswapd = t.kswapd_steal
    t.pgsteal_direct = (t.pgsteal or 0) - t.kswapd_steal
  end
  return t
end
local v0 = vmstat()
m2:insmod("big_mem", { irq = 0 })
show2("(after insmod big_mem.ko; kswapd has run)")
print("# the seed saw: DMA32 4343 2720 1731 1019 627 324 189 113 54 13 3; free -m 996 608 387 0" ..
      " 84 16; swap used 37")
local v1 = vmstat()
print("# vmstat deltas")
for _, k in ipairs({ "allocstall", "pgscan_direct", "pgsteal_direct", "pgscan_kswapd",
                     "pgsteal_kswapd", "pgrefill", "pswpout", "pageoutrun", "compact_stall",
                     "compact_fail", "compact_success", "oom_kill" }) do
  print(string.format("%-16s %d", k, (v1[k] or 0) - (v0[k] or 0)))
end
local reports = 0
for _ in m2:dmesg():gmatch("page allocation failure") do reports = reports + 1 end
print(string.format("# %d page allocation failure reports; the first:", reports))
print((m2:dmesg():match("%[[^\n]*page allocation failure.-\n%[[^\n]*Node 0 DMA32: [^\n]*\n")))
m2:check()
