-- customer-128g.lua: the measurement behind docs/reclaim.md "Why the
-- customer scenario is a 4 GiB model": seed 000's customer's history at its
-- real size, a 128 GiB server-256g (RHEL 6.8 rules, 2 nodes, 32 CPUs), built
-- page by page as scenarios/seed-000-customer.lua builds its 4 GiB model.
-- It runs about 23 s of CPU (36 - 54 s on the shared 2-core build machine) and
-- 1.7 GiB of memory: `pagealloc run docs/examples/customer-128g.lua`.
-- What it shows: 114,588 MiB free after the logs are rotated away, as the
-- customer saw, but thousands of free 4 MiB blocks left in every zone, so
-- a 4 MiB kmalloc succeeds; the reclaimable slab (4 GB of dentries and
-- inodes of 2.2 M mails) sits in about a fifth of the 4 MiB regions: with
-- the page cache dropped, 26,000 of them are free.
local m = machine("server-256g", { mem = "128G" })
local CPUS = 32
local zones = { { "DMA", 0 }, { "DMA32", 0 }, { "Normal", 0 }, { "Normal", 1 } }
local function free_pages()
  local n = 0
  for _, z in ipairs(zones) do n = n + m:zone(z[1], z[2]).free end
  return n
end
local function o10()
  local t = {}
  for _, z in ipairs(zones) do
    t[#t + 1] = string.format("%s%d %d", z[1], z[2], m:zone(z[1], z[2]).nr_free[10])
  end
  return table.concat(t, ", ")
end
local total = 0
for _, z in ipairs(zones) do total = total + m:zone(z[1], z[2]).managed end
-- 1. application logs and batch jobs' scratch files written together, page
--    by page on each CPU, until memory is full of page cache
local g = 0
while free_pages() > total // 50 do
  g = g + 1
  for c = 0, CPUS - 1 do
    m:read({ "/var/log/app/" .. c .. "." .. g, "/scratch/" .. c .. "." .. g }, "4M", { cpu = c })
  end
end
local G1 = g
-- 2. the jobs end: their scratch files go, a hole next to every log page
for gg = 1, G1 do for c = 0, CPUS - 1 do m:rm("/scratch/" .. c .. "." .. gg) end end
-- 3. new logs fill the holes; then logs go on while a mail spool grows (a
--    dentry and an inode per mail, reclaimable slab) and kswapd reclaims the
--    old logs, a page here and there
local g2, mail = 0, 0
while free_pages() > total // 50 do
  g2 = g2 + 1
  for c = 0, CPUS - 1 do m:read("/var/log/web/" .. c .. "." .. g2, "4M", { cpu = c }) end
end
local traffic = 0
while traffic < total * 6 // 10 do
  g2 = g2 + 1
  for c = 0, CPUS - 1 do
    m:read("/var/log/web/" .. c .. "." .. g2, "4M", { cpu = c })
    local batch = {}
    for k = 1, 128 do mail = mail + 1; batch[k] = "/var/spool/mail/" .. mail end
    m:read(batch, "4K", { cpu = c })
    traffic = traffic + 1024 + 128
  end
end
-- 4. the logs are rotated away
for gg = 1, G1 do for c = 0, CPUS - 1 do m:rm("/var/log/app/" .. c .. "." .. gg) end end
for gg = 1, g2 do for c = 0, CPUS - 1 do m:rm("/var/log/web/" .. c .. "." .. gg) end end
print(string.format("history: %d + %d log generations on %d CPUs, %d mails", G1, g2, CPUS, mail))
print("free 4 MiB blocks per zone: " .. o10())
print(m:free("-m") .. m:cat("/proc/buddyinfo"))
print((m:cat("/proc/meminfo"):match("Slab:[^\n]*\n[^\n]*\n[^\n]*\n")))
-- kmalloc(4 MiB, GFP_KERNEL) on node 0: its zonelist's order-10 check at
-- LOW, zone by zone (the fast path takes the first zone that passes)
for _, z in ipairs({ { "Normal", 0 }, { "DMA32", 0 }, { "Normal", 1 } }) do
  local _, ok = m:watermark(z[1], 10, { node = z[2], mark = "low" })
  print(string.format("order-10 GFP_KERNEL at LOW, Node %d %s: %s", z[2], z[1],
                      ok and "ok (kmalloc(4 MiB) succeeds)" or "fails"))
end
m:sysctl("vm.drop_caches", 1)
print("after drop_caches 1: free 4 MiB blocks per zone: " .. o10())
