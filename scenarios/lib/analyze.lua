-- analyze: seed 003's awk script (MiB free in each /proc/buddyinfo line,
-- then the line), as a Lua function: include("analyze")(m:cat("/proc/buddyinfo")).
return function(buddyinfo)
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
