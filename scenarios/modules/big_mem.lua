-- big_mem: seed 000's kernel module (big_mem.c by siwu_from_CEE), in Lua.
-- init: 30 x kmalloc(4 MiB, GFP_KERNEL); exit: kfree them all.
local NR_PAGES = 30
local PER_PAGE_SIZE = 4096 * 1024 -- 4096KB
local stuff = {}

local function hello_init()
  for i = 1, NR_PAGES do
    stuff[i] = kmalloc(PER_PAGE_SIZE, GFP_KERNEL)
  end
  if not stuff[1] then
    printk("Failed to allocate memory\n")
    return 0
  end
  printk(" %d bytes of memory allocated for %d times\n", ksize(stuff[1]), NR_PAGES)
  return 0
end

local function hello_exit()
  for i = 1, NR_PAGES do
    if stuff[i] then kfree(stuff[i]) end
  end
  printk("Bye. Bye..%d\n", params.irq or 0)
end

module_init(hello_init)
module_exit(hello_exit)
