-- seed-003-fragment.lua: seed 003's kernel-module experiment on a 2 GiB VM.
-- insmod fragment (100000 x kzalloc(16 KiB)), then rmmod (frees every other
-- one): the freed order-2 blocks cannot merge, so the order-2 count jumps to
-- about 50,000 and no higher order gains anything.
--
-- `analyze` is the seed's awk script: MiB free per /proc/buddyinfo line.

local function analyze(buddyinfo)
  local out = {}
  for line in buddyinfo:gmatch("[^\n]+") do
    local f = {}
    for w in line:gmatch("%S+") do f[#f + 1] = w end
    local sum = 0
    for o = 0, 10 do sum = sum + tonumber(f[5 + o]) * 2 ^ o * 4096 end
    out[#out + 1] = string.format("%7.2f MiB %s", sum / 1024 / 1024, line)
  end
  return table.concat(out, "\n") .. "\n"
end

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
