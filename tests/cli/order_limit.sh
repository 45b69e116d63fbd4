#!/bin/sh
# tests/cli/order_limit.sh PAGEALLOC: an order out of range is said one way
# everywhere (pagealloc/order_text.h): "order N out of range 0..MAX" - by the
# options (gfp, explain, compact --order), the scenario API (alloc_pages,
# __free_pages), and the readers of snapshot files, pasted reports and
# pagetypeinfo; an option's as a usage error ("pagealloc CMD: --order: ...",
# "Try 'pagealloc CMD --help'"), a file's at its line.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
src=$(pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# usage CMD ORDER MAX ARGS...: exit 2 and the two lines of a usage error
usage() {
    cmd=$1 o=$2 max=$3; shift 3
    err=$("$pa" "$cmd" "$@" 2>&1 >/dev/null); rc=$?
    [ $rc = 2 ] || fail "$cmd $*: exit $rc"
    [ "$err" = "pagealloc $cmd: --order: order $o out of range 0..$max
Try 'pagealloc $cmd --help' for more information." ] || fail "$cmd $*: $err"
}
usage gfp 11 10 GFP_KERNEL --order 11
usage gfp -1 10 GFP_KERNEL --order -1
usage gfp 99999999999999999999999 10 GFP_KERNEL --order 99999999999999999999999
usage explain 64 63 --order 64 "$src/tests/data/reports/r03_2.6_nonuma_dma_exhausted.txt"
usage compact 21 20 --order 21
# not a number is a different error, still a usage error
err=$("$pa" gfp GFP_KERNEL --order x 2>&1); [ $? = 2 ] || fail "--order x"
echo "$err" | grep -q "^pagealloc gfp: --order: 'x' is not a number" || fail "--order x: $err"

# the scenario API
mkdir modules
printf 'module_init(function()\n  alloc_pages(GFP_KERNEL, 11)\n  return 0\nend)\n' > modules/a.lua
printf 'module_init(function()\n  local p = alloc_pages(GFP_KERNEL, 0)\n  __free_pages(p, -3)\n  return 0\nend)\n' > modules/f.lua
for m in a:2:11 f:3:-3; do
    name=${m%%:*}; rest=${m#*:}; line=${rest%%:*}; o=${rest#*:}
    printf 'local m = machine("vm-2g", {boot = false})\nm:insmod("%s")\n' $name > $name.lua
    err=$("$pa" run $name.lua 2>&1); rc=$?
    [ $rc = 2 ] || fail "module $name: exit $rc"
    echo "$err" | grep -q "$name.lua:$line: [a-z_]*: order $o out of range 0..10$" || fail "module $name: $err"
done

# files: a snapshot's free block, a report's header, pagetypeinfo's block order
printf 'pagealloc-snapshot 1\npage_size 4096\nmax_order 10\nzone 0 Normal 0 1024\nruns F1024\nfree 0:25\nendzone\n' > o.snap
err=$("$pa" snapshot --load o.snap 2>&1); [ $? = 2 ] || fail "snapshot order 25: exit"
echo "$err" | grep -q '^pagealloc: o.snap:6: column [0-9]*: order 25 out of range 0..20$' || fail "snapshot: $err"
# compact --order above a snapshot's max_order (it was "order 15 is above the
# snapshot's max_order 10")
printf 'pagealloc-snapshot 1\npage_size 4096\nmax_order 10\nzone 0 Normal 0 1024\nruns F1024\nfree 0:10\nendzone\n' > ok.snap
err=$("$pa" compact --from ok.snap --order 15 2>&1); [ $? = 2 ] || fail "compact --order 15: exit"
echo "$err" | grep -q "^pagealloc: compact: ok.snap: --order: order 15 out of range 0..10 (the snapshot's max_order)$" ||
    fail "compact --order 15: $err"
f=$src/tests/data/reports/r01_3.18_order8_header.txt
sed 's/order:[0-9]*/order:99/' "$f" > o99.txt
grep -q 'order:99' o99.txt || fail "no order: in $f"
err=$("$pa" explain --strict o99.txt 2>&1); [ $? = 2 ] || fail "report order 99: exit"
echo "$err" | grep -q '^pagealloc: o99.txt:[0-9]*: column [0-9]*: order 99 out of range 0..63' || fail "report: $err"
mkdir proc
cp "$src"/tests/data/proc/vm-6.18-x86_64/* proc/
sed -i 's/^Page block order: [0-9]*/Page block order: 31/' proc/pagetypeinfo
err=$("$pa" analyze --proc proc 2>&1); [ $? = 2 ] || fail "pagetypeinfo order 31: exit"
echo "$err" | grep -q 'pagetypeinfo:1: column [0-9]*: page block order 31 out of range 0..20$' || fail "pagetypeinfo: $err"
echo ok
