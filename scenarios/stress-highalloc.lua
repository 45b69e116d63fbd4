-- stress-highalloc.lua: after Mel Gorman's mmtests "stress-highalloc"
-- benchmark, on a simulated 2 GiB VM, for several kernel eras side by side.
-- A mixed workload (two processes faulting anonymous memory while files are
-- read into the page cache; kernel stacks and page tables are the unmovable
-- part) fills most of memory; then huge pages (order 9, 2 MiB) are asked for
-- up to half of memory through vm.nr_hugepages:
--   Success 1: under load, workload still holding its memory
--   Success 2: under load again, after the workload ran some more and one of
--              its processes exited (its pages interleaved with the other's:
--              free memory in small blocks that only compaction can join)
--   Success 3: at rest, the processes gone and the page cache dropped
-- as percentages of the huge pages asked, the way kernel developers compare
-- runs. Each huge page is an allocation through the engine's slow path
-- (GFP_HIGHUSER_MOVABLE | __GFP_RETRY_MAYFAIL, __GFP_REPEAT before 4.13):
-- it wakes kswapd (whose sleep wakes kcompactd, 4.6+, at the next step),
-- reclaims and compacts directly with the era's retries.

local analyze = include("analyze")
local eras = { "2.6.32", "3.10", "4.14", "6.17" }
local results = {}

local function attempt(m, asked)
  local got = m:sysctl("vm.nr_hugepages", asked)
  m:sysctl("vm.nr_hugepages", 0)
  return 100 * got / asked
end

for _, kernel in ipairs(eras) do
  local m = machine("vm-2g", { kernel = kernel })
  local total = 0
  for _, z in ipairs({ "DMA", "DMA32" }) do total = total + m:zone(z).managed end
  local asked = total // 2 // 512
  local a = m:spawn("anon-a", { cpu = 0 })
  local b = m:spawn("anon-b", { cpu = 1 })
  for i = 1, 6 do
    a:touch(12800)                        -- 50 MiB each, interleaved
    b:touch(12800)
    m:read("/data/file" .. i, 100 * 1024 * 1024, { cpu = i % 2 })
    m:run()
  end
  local s1 = attempt(m, asked)
  for i = 7, 8 do
    a:touch(6400)
    b:touch(6400)
    m:read("/data/file" .. i, 50 * 1024 * 1024, { cpu = i % 2 })
    m:run()
  end
  a:kill()
  m:run()
  local s2 = attempt(m, asked)
  b:kill()
  m:run()
  m:sysctl("vm.drop_caches", 3)
  local s3 = attempt(m, asked)
  local stall, ok, wake, steal, moved = 0, 0, "-", 0, 0
  for l in m:cat("/proc/vmstat"):gmatch("[^\n]+") do
    local k, v = l:match("^(%S+) (%d+)")
    -- pgsteal_* per zone (<= 3.4), *_kswapd_/_direct_ (3.5+): every name
    -- that counts pages reclaimed
    if k:match("^pgsteal") then steal = steal + tonumber(v) end
    if k == "pgmigrate_success" then moved = tonumber(v) end
    if k == "compact_stall" then stall = tonumber(v) end
    if k == "compact_success" then ok = tonumber(v) end
    if k == "compact_daemon_wake" then wake = v end
  end
  results[#results + 1] = { kernel = kernel, asked = asked, s = { s1, s2, s3 },
                            stall = stall, ok = ok, wake = wake,
                            steal = steal, moved = moved }
  m:check()
end

print("# stress-highalloc (after mmtests) on a simulated 2 GiB VM: order-9 pages asked")
print("# up to half of memory, in percent obtained")
local head = string.format("%-22s", "")
for _, r in ipairs(results) do head = head .. string.format("%12s", r.kernel) end
print(head)
for i, name in ipairs({ "Success 1", "Success 2", "Success 3" }) do
  local line = string.format("%-22s", name .. " (%)")
  for _, r in ipairs(results) do line = line .. string.format("%12.1f", r.s[i]) end
  print(line)
end
local line = string.format("%-22s", "huge pages asked")
for _, r in ipairs(results) do line = line .. string.format("%12d", r.asked) end
print(line)
line = string.format("%-22s", "compact_stall/success")
for _, r in ipairs(results) do line = line .. string.format("%12s", r.stall .. "/" .. r.ok) end
print(line)
line = string.format("%-22s", "compact_daemon_wake")
for _, r in ipairs(results) do line = line .. string.format("%12s", r.wake) end
print(line)
line = string.format("%-22s", "pages reclaimed")
for _, r in ipairs(results) do line = line .. string.format("%12d", r.steal) end
print(line)
line = string.format("%-22s", "pages migrated")
for _, r in ipairs(results) do line = line .. string.format("%12d", r.moved) end
print(line)
