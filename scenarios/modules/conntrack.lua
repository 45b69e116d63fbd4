-- conntrack: a busy server's netfilter connection tracking, in Lua (2.6.32).
-- nf_conntrack_in -> init_conntrack -> nf_conntrack_alloc allocates an
-- entry with GFP_ATOMIC: packets arrive in softirq, which may not sleep
-- (V2632 net/netfilter/nf_conntrack_core.c nf_conntrack_alloc). An
-- established TCP connection's entry lives up to
-- nf_conntrack_tcp_timeout_established (5 days). The entries here are
-- kmalloc(320) objects (size-512 stands for the nf_conntrack cache).
-- init: nothing; the scenario calls conntrack_new(n, keep) for a burst of n
-- new connections (softirq on CPU 0: the NIC's interrupts go there), of
-- which 1 in `keep` stays established; the others close, and their entries
-- (TIME_WAIT, 120 s) are freed at the next burst. Returns the entries
-- allocated and the established ones.
local ENTRY = 320
local established, short = {}, {}

function _G.conntrack_new(n, keep)
  for i = 1, #short do kfree(short[i]) end
  short = {}
  local got = 0
  for i = 1, n do
    local a = kmalloc(ENTRY, GFP_ATOMIC)
    if a then
      got = got + 1
      if i % keep == 0 then established[#established + 1] = a else short[#short + 1] = a end
    end
  end
  return got, #established
end

local function ct_init() return 0 end
local function ct_exit()
  for i = 1, #short do kfree(short[i]) end
  for i = 1, #established do kfree(established[i]) end
end

module_init(ct_init)
module_exit(ct_exit)
