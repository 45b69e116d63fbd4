-- seed-003-fragment.lua: seed 003's kernel-module experiment on a 2 GiB VM.
-- insmod fragment (100000 x kzalloc(16 KiB)), then rmmod (frees every other
-- one): the freed order-2 blocks cannot merge, so the order-2 count jumps to
-- about 50,000 and no higher order gains anything.
--
-- `analyze` is the seed's awk script: MiB free per /proc/buddyinfo line.
local analyze = include("analyze") -- scenarios/lib/analyze.lua

local function show(m, what)
  print("# " .. what)
  print(m:free("-m"))
  print(analyze(m:cat("/proc/buddyinfo")))
end

local m = machine("vm-2g", { kernel = "4.14" })
show(m, "free -m ; ./analyze /proc/buddyinfo")
m:insmod("fragment")
show(m, "insmod module/fragment.ko")
m:rmmod("fragment")
show(m, "rmmod fragment")
m:check()
