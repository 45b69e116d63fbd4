-- leak: a driver that takes params.n pages with alloc_pages(GFP_KERNEL, 0)
-- and keeps them until it is unloaded (a kernel memory leak). GFP_KERNEL
-- order 0 may reclaim and, when nothing is left, invoke the OOM killer.
local N = params.n or 1000
local pages = {}

local function leak_init()
  for i = 1, N do
    local p = alloc_pages(GFP_KERNEL, 0)
    if not p then break end
    pages[i] = p
  end
  return 0
end

local function leak_exit()
  for _, p in ipairs(pages) do __free_pages(p, 0) end
end

module_init(leak_init)
module_exit(leak_exit)
