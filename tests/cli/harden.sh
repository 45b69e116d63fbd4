#!/bin/sh
# tests/cli/harden.sh PAGEALLOC: regression tests of issue 13's defects, each
# tried the way a hostile user found it. $1 = pagealloc.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# 1. a number where machine() wants a string: an error at its line (it was a
#    heap use-after-free: opt_string popped the converted string)
printf 'local m = machine("vm-2g", {kernel = 4.14})\n' > uaf.lua
err=$("$pa" run uaf.lua 2>&1); rc=$?
[ $rc = 2 ] || fail "kernel = 4.14: exit $rc"
echo "$err" | grep -q '^pagealloc: uaf.lua:1: machine(): kernel must be a string' || fail "uaf: $err"

# 2. an order out of range in a module: FILE:LINE and the numbers (it printed
#    "invalid option '%u' to 'lua_pushfstring'")
mkdir modules
printf 'module_init(function()\n  alloc_pages(GFP_KERNEL, 11)\n  return 0\nend)\n' > modules/big.lua
printf 'local m = machine("vm-2g", {boot = false})\nm:insmod("big")\n' > mod.lua
err=$("$pa" run mod.lua 2>&1); rc=$?
[ $rc = 2 ] || fail "order 11: exit $rc"
echo "$err" | grep -q 'big.lua:2: alloc_pages: order 11 out of range 0..10$' || fail "order 11: $err"

# 3. a bare i is no unit (contig 10i was 10 bytes)
err=$("$pa" contig 10i --thp 2>&1); rc=$?
[ $rc = 2 ] || fail "contig 10i: exit $rc"
echo "$err" | grep -q "'10i' is not a size" || fail "contig 10i: $err"

# 4. report values are capped: 2^64-1 kB is refused at its column, not wrapped
f=$OLDPWD/tests/data/reports/r03_2.6_nonuma_dma_exhausted.txt
sed 's/ min:[0-9]*kB/ min:18446744073709551615kB/' "$f" > huge.txt
err=$("$pa" explain huge.txt 2>&1); rc=$?
[ $rc = 2 ] || fail "min:2^64-1: exit $rc"
echo "$err" | grep -q '^pagealloc: huge.txt:[0-9]*: column [0-9]*: number too large' || fail "min: $err"
sed 's/ free:[0-9]*kB/ free:36028797018963968kB/' "$f" > huge2.txt
"$pa" explain huge2.txt >/dev/null 2>&1; [ $? = 2 ] || fail "free:2^55 kB must be refused"

# 7. snapshot --load: a free block outside its zone and a garbage section are
#    errors at their line (they were "1 not found", exit 1, and accepted)
printf 'pagealloc-snapshot 1\npage_size 4096\nmax_order 10\nzone 0 Normal 0 1024\nruns F1024\nfree 400:10\nendzone\n' > out.snap
err=$("$pa" snapshot --load out.snap 2>&1); rc=$?
[ $rc = 2 ] || fail "block outside its zone: exit $rc"
echo "$err" | grep -q '^pagealloc: out.snap:6: column 6: free block 400:10 is outside zone Normal' || fail "outside: $err"
printf 'pagealloc-snapshot 1\npage_size 4096\nbegin buddyinfo\nhello world\nend buddyinfo\n' > garb.snap
err=$("$pa" snapshot --load garb.snap 2>&1); rc=$?
[ $rc = 2 ] || fail "garbage buddyinfo: exit $rc"
echo "$err" | grep -q '^pagealloc: garb.snap:4: ' || fail "garbage: $err"

# 8. binary bytes in a message are escaped; a write over the file size limit
#    is named EFBIG
err=$("$pa" explain "$(printf 'a\033[31mb\377')" 2>&1)
echo "$err" | grep -q 'a\\x1b\[31mb\\xff: No such file' || fail "escape: $err"
err=$(ulimit -f 1; "$pa" run --help 2>&1 >big.out); rc=$?
[ $rc = 2 ] || fail "EFBIG: exit $rc"
echo "$err" | grep -q 'File too large (EFBIG' || fail "EFBIG: $err"
if command -v script >/dev/null 2>&1; then
    out=$(script -qec "$pa explain" /dev/null </dev/null 2>&1)
    echo "$out" | grep -q 'paste it, then Ctrl-D' || fail "explain on a terminal: $out"
fi
printf '' | "$pa" explain 2>&1 | grep -q 'Ctrl-D' && fail "the hint is for terminals only"

# 9. gfp --json agrees with the text: no direct compaction at order 0
"$pa" gfp GFP_KERNEL --order 0 | grep -q 'direct compaction: no' || fail "gfp text order 0"
"$pa" gfp GFP_KERNEL --order 0 --json | grep -q '"can_compact": false' || fail "gfp json order 0"
"$pa" gfp GFP_KERNEL --order 3 --json | grep -q '"can_compact": true' || fail "gfp json order 3"

# 10. m:zone().nr_free is indexed by order: [0] is buddyinfo's first column
cat > nrfree.lua <<'LUA'
local m = machine("vm-2g", { boot = false })
local z = m:zone("DMA32")
assert(z.nr_free[0] ~= nil and z.nr_free[10] > 400 and z.nr_free[11] == nil, "nr_free by order")
assert(#z.nr_free == 10)
LUA
"$pa" run nrfree.lua >/dev/null 2>&1 || fail "nr_free indexing: $("$pa" run nrfree.lua 2>&1)"
echo ok
