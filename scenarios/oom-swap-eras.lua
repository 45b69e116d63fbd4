-- oom-swap-eras.lua - the same machine and workload on three kernels:
-- swap-in when a process walks memory that reclaim swapped out, and whom
-- the OOM killer kills when a driver leaks the rest (docs/reclaim.md,
-- "Swap-in" and "The OOM killer per era").
--
-- A server ("master", 30,000 pages) with two forked workers (12,000 and
-- 20,000), a batch job (16,000) with oom_adj 1 (oom_score_adj 58), a file
-- read (use-once: reclaim evicts the file's own pages, not the heaps), a
-- short-lived hog that pushes part of the heaps out to swap, then a leaking
-- driver.
--  * 2.6.32 scores the address space plus half of each child's (master:
--    46,002) and doubles the job's (32,000): the master is chosen, and
--    its first worker dies in its place ("or a child").
--  * 3.16 scores resident + swap + page tables, oom_score_adj adding 5.8 %
--    of RAM + swap to the job: the master is chosen again, and its largest
--    worker dies instead ("sacrifice child").
--  * 6.8 (no child sacrifice since 5.1) kills the master itself.
local function run(kernel)
  local m = machine("vm-2g", { kernel = kernel, mem = "512M", swap = "64M" })
  local master = m:spawn("master")
  master:touch(30000)
  local w1 = master:fork("worker1")
  w1:touch(12000)
  local w2 = master:fork("worker2")
  w2:touch(20000)
  local job = m:spawn("job", { cpu = 1 })
  job:touch(16000)
  m:run()
  m:read("/var/log/big", "200M") -- streaming: reclaim takes the file's own pages
  -- a short-lived hog pushes the idle heaps out to swap, then exits
  local hog = m:spawn("hog", { cpu = 1 })
  hog:touch(40000)
  m:run()
  hog:kill()
  local out = master.swapped
  local before = tonumber(m:cat("/proc/vmstat"):match("pswpin (%d+)"))
  master:access(30000) -- the master walks its heap again
  m:run()
  local after = tonumber(m:cat("/proc/vmstat"):match("pswpin (%d+)"))
  print(string.format("%-7s master had %d pages in swap; walking its heap swapped in %d " ..
                      "(pages that went out again while it walked came back twice), %d still out",
                      kernel, out, after - before, master.swapped))
  if kernel == "2.6.32" then job.oom_adj = 1 else job.oom_score_adj = 58 end
  -- a driver leaks everything that is free, reclaimable and swappable, and more
  local mi = m:cat("/proc/meminfo")
  local kb = 0
  for _, k in ipairs({ "MemFree", "Cached", "SwapFree" }) do
    kb = kb + tonumber(mi:match(k .. ":%s+(%d+)"))
  end
  m:insmod("leak", { n = kb // 4 + 2000 })
  local dead = {}
  for _, p in ipairs({ master, w1, w2, job }) do
    if not p.alive then dead[#dead + 1] = p.name end
  end
  print(string.format("%-7s killed: %s", kernel, table.concat(dead, ", ")))
  for l in m:dmesg():gmatch("[^\n]+") do
    if l:find("Out of memory") or l:find("Killed process") then
      print("        " .. l:gsub("^%[[^]]*%] ", ""))
    end
  end
  m:check()
end

for _, k in ipairs({ "2.6.32", "3.16", "6.8" }) do run(k) end
