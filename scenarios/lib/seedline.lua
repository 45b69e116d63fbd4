-- seedline: print what a seed printed for DMA32, laid out as the simulated
-- `analyze /proc/buddyinfo` line above it, so the two can be compared by eye:
-- include("seedline")(mib, {order 0 .. 10 counts}).
return function(mib, counts)
  local cols = {}
  for o = 1, 11 do cols[o] = string.format("%6d", counts[o]) end
  print(string.format("%7.2f MiB %21s %s ", mib, "(the seed's DMA32)",
                      table.concat(cols, " ")))
  print()
end
