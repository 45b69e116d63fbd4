-- km: kmalloc / kfree / alloc_pages with the sizes, mask and order given
-- as parameters (tests/data/stress/stress.lua).
local held = {}
module_init(function()
  for i = 1, params.n do
    local sz = params.sizes[(i % #params.sizes) + 1]
    held[#held + 1] = kmalloc(sz, params.gfp)
    if i % 3 == 0 and #held > 0 then
      local k = (i * 7919) % #held + 1
      kfree(held[k]); held[k] = held[#held]; held[#held] = nil
    end
  end
  local p = alloc_pages(params.gfp, params.order)
  if p then __free_pages(p, params.order) end
  return 0
end)
module_exit(function() for _, a in ipairs(held) do kfree(a) end end)
