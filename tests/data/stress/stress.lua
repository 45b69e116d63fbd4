-- tests/data/stress/stress.lua: random scenario operations on random presets,
-- kernels and page sizes (driven by --seed); run by tests/cli/stress.sh. The
-- simulator must finish every round with its invariants intact.
local kernels = {"2.6.32-642.el6", "3.10", "4.14", "4.19", "5.15", "6.18"}
local presets = {"vm-2g", "rhel6-1g", "x86-32", "server-64g"}
for round = 1, 4 do
  local m = machine(presets[math.random(#presets)], { kernel = kernels[math.random(#kernels)], boot = math.random(2) == 1,
                    page_size = ({"4K","4K","16K","64K"})[math.random(4)] })
  local procs = {}
  for step = 1, 60 do
    local r = math.random(10)
    if r <= 3 then
      local p = m:spawn("p", { cpu = math.random(0, m.cpus - 1) })
      if p then
        p:touch(math.random(1, 20000))
        procs[#procs + 1] = p
      end
    elseif r == 4 and #procs > 0 then
      local k = math.random(#procs)
      procs[k]:kill()
      table.remove(procs, k)
    elseif r == 5 then
      m:read("/f" .. math.random(5), math.random(1, 8 << 20), { cpu = math.random(0, m.cpus - 1) })
    elseif r == 6 then
      pcall(m.rm, m, "/f" .. math.random(5))
    elseif r == 7 then
      m:sysctl("vm.drop_caches", math.random(3))
    elseif r == 8 then
      local ok, e = pcall(m.insmod, m, "km", { n = math.random(1, 3000), sizes = {8, 100, 4096, 16384, 65536, 1 << 20},
                          gfp = ({"GFP_KERNEL", "GFP_ATOMIC", "GFP_KERNEL|__GFP_RECLAIMABLE", "GFP_DMA", "GFP_HIGHUSER_MOVABLE"})[math.random(5)],
                          order = math.random(0, 10) })
      if ok then m:rmmod("km") end
    elseif r == 9 then
      m:sleep(math.random() * 5)
      m:sysctl("vm.min_free_kbytes", math.random(128, 100000))
    else
      for _, f in ipairs({"/proc/buddyinfo", "/proc/pagetypeinfo", "/proc/zoneinfo", "/proc/vmstat", "/proc/meminfo"}) do assert(#m:cat(f) > 0) end
      assert(#m:free("-m") > 0)
    end
    m:run()
  end
  m:check()
end
print("stress ok")
