-- seed-000-customer-4g.lua: seed 000's customer. A RHEL 6.8 server
-- (2.6.32-642.el6: SLAB, THP always, 2 NUMA nodes, 32 CPUs) has plenty of
-- free memory, yet an order-10 kmalloc (a module's 4 MiB buffer) fails with
-- "page allocation failure. order:10, mode:0xd0", and the box then reclaims
-- its page cache and swaps while `free` still shows most of memory free.
--
-- SCALE (not the customer's size): the customer's box had 100+ GB free.
-- This one has 4 GiB (node 0: DMA + DMA32, node 1: Normal), because the
-- simulator builds fragmentation the way the kernel does, page by page, out
-- of the box's history. At 128 GiB (scenarios/seed-000-customer.lua,
-- about 30 s of CPU) a history reaches the customer's state - 119 GiB free
-- and every zone failing the order-10 check at LOW - but RHEL 6's direct
-- compaction still finds java-heap-only regions and the kmallocs succeed
-- (docs/reclaim.md "Seed 000's customer at 128 GiB"). The mechanism does not depend on
-- the size: the watermark check is per zone and per order, and kswapd
-- balances every zone for the order it was woken for. The preset's
-- booted-server memory (2 GiB of kernel and process pages in runs of
-- 1..512 pages, src/sim/preset.c, sized for the 256 GiB server) is kept, so
-- on this model it is half of the memory and pins more pageblocks than it
-- would on the customer's box.
--
-- Part 1 is the history: a mail spool (many small files: each has a dentry,
-- an inode and a page-cache radix_tree_node, reclaimable slab), application
-- logs, a java heap and cron shells, with kswapd keeping the box at its
-- watermarks; then the logs are rotated away. Part 2 is what the customer
-- saw. Part 3 is why, step by step. Runtime: about 2 s of CPU.

local m = machine("server-256g", {
  zones = { { "DMA", "16M" }, { "DMA32", "2032M" }, { "Normal", "2G", node = 1 } } })
local java = m:spawn("java", { cpu = 0 })
local shells, nfiles = {}, 0
local STEPS = 1200
for i = 1, STEPS do
  m:read("/var/log/app/app.log." .. i, "256K", { cpu = i % 32 })
  java:touch(120)
  for k = 1, 160 do
    nfiles = nfiles + 1
    m:read("/var/spool/mail/msg" .. nfiles, 4096 * (1 + nfiles % 2), { cpu = (i + k) % 32 })
  end
  if i % 10 == 0 then
    local sh = m:spawn("sh", { cpu = i % 32 })
    sh:touch(8)
    shells[#shells + 1] = sh
    if #shells > 8 then table.remove(shells, 1):kill() end
  end
  m:run()
end
-- logs rotated away: their cache goes, the slab of the spool stays
for i = 1, STEPS do m:rm("/var/log/app/app.log." .. i) end

local zones = { { "DMA", 0 }, { "DMA32", 0 }, { "Normal", 1 } }
local function vmstat()
  local t = {}
  for k, v in m:cat("/proc/vmstat"):gmatch("(%S+) (%d+)") do t[#t + 1] = { k, tonumber(v) } end
  return t
end
-- the era's watermark check at LOW for every zone and order, as a table
local function order_table(title) return include("order_table")(m, zones, title) end -- scenarios/lib
local function order10()
  local n = 0
  for _, z in ipairs(zones) do n = n + m:zone(z[1], z[2]).nr_free[10] end
  return n
end
local function free_mib()
  local n = 0
  for _, z in ipairs(zones) do n = n + m:zone(z[1], z[2]).free end
  return n * 4 // 1024
end
local function swap_used() return tonumber(m:free("-m"):match("Swap:%s+%d+%s+(%d+)")) end

print("== what the customer saw")
print("# free -m ; cat /proc/buddyinfo")
print(m:free("-m") .. m:cat("/proc/buddyinfo"))
-- what the kernel's checks say now, for part 3
local before = vmstat()
local table_before = order_table("# GFP_KERNEL at LOW by zone and order before insmod ('-': fails)")
local trace_before = m:watermark("Normal", 10, { node = 1, mark = "low" })
local free0, o10_0, swap0 = free_mib(), order10(), swap_used()
m:insmod("big_mem", { irq = 0 })
print("# insmod big_mem.ko   (30 x kmalloc(4 MiB, GFP_KERNEL))")
local dmesg = m:dmesg()
local reports = 0
for _ in dmesg:gmatch("page allocation failure") do reports = reports + 1 end
print(string.format("# dmesg: %d page allocation failure reports; the first, up to Mem-Info:",
                    reports))
print((dmesg:match("(%[[^\n]*page allocation failure.-)%[[^\n]*Mem%-Info")))
print("# free -m ; cat /proc/buddyinfo   (kswapd has run)")
print(m:free("-m") .. m:cat("/proc/buddyinfo"))
print("# /proc/vmstat deltas (2.6.32 names)")
local after = vmstat()
local old = {}
for _, kv in ipairs(before) do old[kv[1]] = kv[2] end
local kswapd, steal = 0, 0
for _, kv in ipairs(after) do
  local d = kv[2] - (old[kv[1]] or 0)
  if kv[1] == "kswapd_steal" then kswapd = d end
  if kv[1]:match("^pgsteal_") then steal = steal + d end
  if d ~= 0 and (kv[1]:match("scan") or kv[1]:match("steal") or kv[1]:match("pswp")
                 or kv[1]:match("stall") or kv[1]:match("pageoutrun")
                 or kv[1]:match("^compact_[sf]")) then
    print(string.format("%-24s %d", kv[1], d))
  end
end

print("")
print("== why, step by step")
print("1. The zonelist of the last failed kmalloc (insmod runs on node 0: node")
print("   0's zones highest first, then node 1's), each zone's verdict at LOW (the")
print("   fast path) and at MIN (the slow path's last attempt), and what the slow")
print("   path did. \"freeing 1 pages\": direct reclaim skipped the zones whose")
print("   free memory already sufficed for compaction (compaction_ready) and")
print("   returns 1 so that the task does not go OOM; order 10 never OOM-kills.")
print(m:last_failure())
print("2. Why every zone failed: the watermark check is order-aware (RHEL 6's")
print("   __zone_watermark_ok subtracts the pages free in blocks below each order")
print("   and wants what is left above a threshold). Before insmod:")
print(table_before)
print("   Step by step for node 1's Normal zone at order 10:")
print(trace_before)
print("3. What the kernel did about it. Each failing request woke kswapd for order")
print("   10 on both nodes (wakeup_kswapd: a zone fails the order-10 check at LOW).")
print("   RHEL 6's balance_pgdat (-642) reclaims every zone that fails the order-10")
print("   check at HIGH + balance_gap, 2 << 10 pages at a time (reclaim/compaction:")
print("   -642 has no lumpy reclaim), compacts it, and goes on until every zone")
print("   passes at order 10. The failing task compacted (async), reclaimed and")
print("   compacted again (sync); after a failed sync run compaction is deferred,")
print("   so the next requests fail without it.")
print(string.format("   kswapd freed %d MiB, direct reclaim %d MiB; swap used %d -> %d MiB;",
                    kswapd * 4 // 1024, (steal - kswapd) * 4 // 1024, swap0, swap_used()))
print(string.format("   free memory %d -> %d MiB.", free0, free_mib()))
print("4. Why it did not help. Reclaim frees LRU pages (page cache, swapped anon)")
print("   one at a time, wherever they are; a 4 MiB block becomes free only if")
print("   all its 1024 pages go. The spool's dentries, inodes and radix-tree nodes")
print("   (reclaimable slab: shrinkers free objects, rarely whole pages), kernel")
print("   stacks, page tables and the kernel's own pages sit in most 2 MiB")
print("   pageblocks (pagetypeinfo below), and compaction moves only LRU pages. So")
print(string.format("   reclaiming %d MiB turned free memory into small blocks and made",
                    steal * 4 // 1024))
print(string.format("   %d -> %d free 4 MiB blocks: kswapd stopped when each zone had the few",
                    o10_0, order10()))
print("   that its order-10 HIGH check needs, while `free` showed plenty free the")
print("   whole time.")
print(order_table("# GFP_KERNEL at LOW by zone and order after insmod and kswapd"))
print((m:cat("/proc/meminfo"):match("Slab:[^\n]*\n[^\n]*\n[^\n]*\n")))
print((m:cat("/proc/pagetypeinfo"):match("Number of blocks type.*")))
print("What to do about it: docs/reclaim.md.")
m:check()
