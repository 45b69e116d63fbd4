-- seed-000-customer.lua: seed 000's customer's history at its real size - a
-- 128 GiB server-256g (RHEL 6.8 rules: 2.6.32-642, 2 nodes, 32 CPUs, zone-
-- ordered zonelists) - the measurement behind docs/reclaim.md "Seed 000's
-- customer at 128 GiB". `pagealloc run scenarios/seed-000-customer.lua`:
-- about 25 s of CPU and 1.3 GiB of memory (docs/reclaim.md has the output).
--
-- The history, each part something such a box does:
--  1. months later, the boot-time page cache is long gone (drop_caches
--     stands for it);
--  2. 256 application logs per CPU are appended together, page by page,
--     until the Normal zones are full (DMA32, last in the zonelist, stays
--     free): every 1 MiB of a CPU's memory holds pages of each log;
--  3. four of the 256 logs of every CPU are rotated away, and a nightly
--     updatedb adds dentries and inodes (reclaimable slab) until the Normal
--     zones are back at LOW; a java heap grows meanwhile. The slab lands in
--     the holes: once no larger free block is left in the zone, 2.6.32's
--     fallback takes a single page and the pageblock's other free pages
--     with it;
--  4. the current database files fill DMA32 down to LOW + lowmem_reserve;
--  4b. a traffic peak while every zone is at LOW: conntrack entries
--     (GFP_ATOMIC, below MIN) take the zones' last free pages as slab;
--  5. the other logs are rotated away: 100+ GB free.
-- Then insmod big_mem (30 x kmalloc(4 MiB, GFP_KERNEL)). Before it, the
-- state is the customer's: 100+ GB free and no zone passing the order-10
-- check at LOW; the kmallocs then fail repeatedly (10 reports, printk's
-- rate limit), kswapd swaps (test_seed000_128g). Without 4b RHEL 6's direct
-- compaction finds regions holding only java heap pages and builds all 30
-- blocks (docs/reclaim.md).
local m = machine("server-256g", { mem = "128G" })
local CPUS, LOGS, STEP = 32, 256, 16
local ROTATED = { 7, 71, 135, 199 }
local zones = { { "DMA", 0 }, { "DMA32", 0 }, { "Normal", 0 }, { "Normal", 1 } }
local function blocks()
  local t = {}
  for _, z in ipairs(zones) do
    local zz = m:zone(z[1], z[2])
    t[#t + 1] = string.format("Node %d %s %d MiB free, %d x 4 MiB", z[2], z[1], zz.free // 256,
                              zz.nr_free[10])
  end
  return table.concat(t, " | ")
end
local function normal_above_low()
  local n = 0
  for _, z in ipairs({ { "Normal", 0 }, { "Normal", 1 } }) do
    local zz = m:zone(z[1], z[2])
    n = n + zz.free - zz.low
  end
  return n
end

m:sysctl("vm.drop_caches", 1)                                              -- 1.
local logs = {}
for c = 0, CPUS - 1 do
  logs[c] = {}
  for j = 1, LOGS do logs[c][j] = "/var/log/app/" .. c .. "/" .. j end
end
local off = 0                                                              -- 2.
while true do
  local p = normal_above_low() < CPUS * LOGS * STEP * 2 and 1 or STEP
  if normal_above_low() < CPUS * LOGS * p then break end
  for c = 0, CPUS - 1 do m:read(logs[c], p * 4096, { cpu = c, offset = off * 4096 }) end
  off = off + p
end
print(string.format("2. %d logs on each of %d CPUs, %d MiB each: %s", LOGS, CPUS, off // 256,
                    blocks()))
local rotated = {}                                                         -- 3.
for _, j in ipairs(ROTATED) do
  rotated[j] = true
  for c = 0, CPUS - 1 do m:rm(logs[c][j]) end
end
local java, files = m:spawn("java", { cpu = 0 }), 0
repeat
  for _ = 1, 2000 do
    files = files + 1
    m:read("/home/u/" .. files // 1000 .. "/f" .. files, 0, { cpu = files % CPUS })
  end
  java:touch(64)
  local _, ok0 = m:watermark("Normal", 0, { node = 0, mark = "low" })
  local _, ok1 = m:watermark("Normal", 0, { node = 1, mark = "low" })
until not ok0 and not ok1
print(string.format("3. %d logs rotated, %d files' dentries and inodes: %s", #ROTATED * CPUS,
                    files, blocks()))
local db, chunk = {}, 0                                                    -- 4.
for j = 1, 64 do db[j] = "/srv/db/" .. j end
while true do
  local d = m:zone("DMA32", 0)
  if d.free < d.low + d.lowmem_reserve[3] + 1024 then break end
  for c = 0, CPUS - 1, 8 do
    m:read(db, 16 * 4096, { cpu = c, offset = chunk * 16 * 4096 })
    chunk = chunk + 1
  end
end
print(string.format("4. %d MiB of database files: %s", chunk * 16 * 64 // 256, blocks()))
-- 4b. a traffic peak while every zone is at LOW: the NIC's interrupts go to
-- CPU 0, and each new connection's conntrack entry is a GFP_ATOMIC
-- allocation in softirq (scenarios/modules/conntrack.lua), which may go
-- below MIN (V2632 mm/page_alloc.c gfp_to_alloc_flags: ALLOC_HIGH and, as
-- it cannot sleep, ALLOC_HARDER; __zone_watermark_ok: min/2, then - min/4)
-- and cannot reclaim. CPU 0's zonelist takes Normal 0 down to that floor,
-- then Normal 1; the slab pages land in the zones' last free pages, the
-- ones no GFP_KERNEL / movable request reaches. 1 in 8 connections stays
-- established (keep-alive clients); the others close, their entries
-- lingering in TIME_WAIT (120 s) past the rotation and insmod. 200,000 at
-- once needs nf_conntrack_max raised above 2.6.32's default 65,536 (4 x
-- 16,384 buckets above 1 GiB, V2632 nf_conntrack_core.c
-- nf_conntrack_init_init_net), as busy servers do. Fewer connections
-- (160,000 here) leave java-only regions in Normal 1 and compaction wins.
m:insmod("conntrack")
local conns, established = conntrack_new(200000, 8)
print(string.format("4b. %d new connections (conntrack, GFP_ATOMIC on CPU 0), %d established: %s",
                    conns, established, blocks()))
for j = 1, LOGS do                                                         -- 5.
  if not rotated[j] then for c = 0, CPUS - 1 do m:rm(logs[c][j]) end end
end
print("5. the logs rotated away: " .. blocks())
print(m:free("-m") .. m:cat("/proc/buddyinfo"))
print((m:cat("/proc/meminfo"):match("Slab:[^\n]*\n[^\n]*\n")))
for _, z in ipairs({ { "Normal", 0 }, { "Normal", 1 }, { "DMA32", 0 } }) do
  local _, ok = m:watermark(z[1], 10, { node = z[2], mark = "low" })
  print(string.format("order-10 GFP_KERNEL at LOW, Node %d %s: %s", z[2], z[1],
                      ok and "ok" or "fails"))
end
-- what the kernel's checks say before insmod, for "why" below
local kzones = { { "Normal", 0 }, { "Normal", 1 }, { "DMA32", 0 } }
local function order_table(title) return include("order_table")(m, kzones, title) end -- scenarios/lib
local table_before = order_table("GFP_KERNEL at LOW by zone and order before insmod ('-': fails)")
local trace_before = m:watermark("Normal", 10, { node = 0, mark = "low" })
local before = m:cat("/proc/vmstat")
m:insmod("big_mem", { irq = 0 })
local reports = 0
for _ in m:dmesg():gmatch("page allocation failure") do reports = reports + 1 end
print(string.format("insmod big_mem: %d page allocation failure reports; %s", reports,
                    m:dmesg():match("[^\n]*allocated for[^\n]*") or "module: allocation failed"))
-- each report's first line, and its Mem-Info's free pages and swap
local d = m:dmesg()
for head, rep in d:gmatch("([^\n]*page allocation failure[^\n]*)(.-Free swap[^\n]*)") do
  print(string.format("%s | free:%s pages, Free swap = %s kB", head,
                      rep:match(" free:(%d+) slab_reclaimable"), rep:match("Free swap *= *(%d+)")))
end
print(m:free("-m") .. m:cat("/proc/buddyinfo"))
local after = m:cat("/proc/vmstat")
for _, k in ipairs({ "pswpout", "allocstall", "compact_stall", "compact_fail", "compact_success",
                     "kswapd_steal" }) do
  print(string.format("%-16s %d", k, tonumber(after:match(k .. " (%d+)")) -
                                      tonumber(before:match(k .. " (%d+)"))))
end

print("")
print("== why, step by step")
print("1. The last failed kmalloc's zonelist (2.6.32's zone order: both Normal")
print("   zones, then DMA32), each zone's verdict at LOW and at MIN, and what the")
print("   slow path did:")
print(m:last_failure())
print("2. The watermark check is order-aware: every zone has more than enough")
print("   free memory, but no zone passes at order 10, because the free memory is")
print("   in blocks below 4 MiB (slab pages in every 4 MiB region):")
print(table_before)
print("   Step by step for node 0's Normal zone at order 10:")
print(trace_before)
local steal, kswapd = 0, tonumber(after:match("kswapd_steal (%d+)")) - tonumber(before:match("kswapd_steal (%d+)"))
for k, v in after:gmatch("(pgsteal_%S+) (%d+)") do steal = steal + tonumber(v) - tonumber(before:match(k .. " (%d+)")) end
print(string.format("3. What reclaim freed: kswapd %d MiB, direct reclaim %d MiB, swapped out %d MiB.",
                    kswapd * 4 // 1024, (steal - kswapd) * 4 // 1024,
                    (tonumber(after:match("pswpout (%d+)")) - tonumber(before:match("pswpout (%d+)"))) * 4 // 1024))
print("   Reclaim frees LRU pages wherever they are and compaction moves only LRU")
print("   pages; the dentries, inodes and conntrack entries stay, so the regions")
print("   stay broken while `free` shows 119 GiB free (docs/reclaim.md).")
print(order_table("GFP_KERNEL at LOW by zone and order after insmod and kswapd"))
