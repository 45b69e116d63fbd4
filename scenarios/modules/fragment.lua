-- fragment: seed 003's kernel module (fragment.c), in Lua.
-- init: 100000 x kzalloc(16384, GFP_KERNEL); exit: kfree every other one
-- (the rest stay allocated: the seed's module leaks them on purpose).
local N_MEM = params.n or 100000
local mems = {}

local function fragment_init()
  for i = 0, N_MEM - 1 do
    mems[i] = kzalloc(16384, GFP_KERNEL)
  end
  return 0
end

local function fragment_exit()
  for i = 0, N_MEM - 1, 2 do
    kfree(mems[i])
  end
end

module_init(fragment_init)
module_exit(fragment_exit)
