-- order_table: the era's watermark check at LOW for every zone and order of
-- a machine, as a table ('ok' passes, '-' fails), as the seed-000 customer
-- scenarios print it: include("order_table")(m, zones, title), zones a list
-- of { "Normal", node }.
return function(m, zones, title)
  local out = { title,
                "  zone           free MiB   order  0  1  2  3  4  5  6  7  8  9 10" }
  for _, z in ipairs(zones) do
    local line = string.format("  Node %d %-7s %9d          ", z[2], z[1],
                               m:zone(z[1], z[2]).free * 4 // 1024)
    for o = 0, 10 do
      local _, ok = m:watermark(z[1], o, { node = z[2], mark = "low" })
      line = line .. (ok and " ok" or "  -")
    end
    out[#out + 1] = line
  end
  return table.concat(out, "\n")
end
