#!/bin/sh
# tests/cli/run_scenario.sh - `pagealloc run SCENARIO.lua`: errors with file
# and line, the sandbox, determinism per seed, bad options. $1 = pagealloc.
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A Lua error names the file and line, exit 2.
printf 'local m = machine("vm-2g")\n\nm:cat("/proc/nope")\n' > "$dir/bad.lua"
out=$("$bin" run "$dir/bad.lua" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "bad scenario exit $rc"
echo "$out" | grep -q "^pagealloc: $dir/bad.lua:3: cat: /proc/nope: not simulated" || fail "position: $out"

# Syntax error
printf 'local x = = 1\n' > "$dir/syntax.lua"
out=$("$bin" run "$dir/syntax.lua" 2>&1) && fail "syntax error accepted"
echo "$out" | grep -q "syntax.lua:1:" || fail "syntax position: $out"

# Unknown preset and unknown option are errors, not defaults
printf 'machine("vm-3g")\n' > "$dir/p.lua"
out=$("$bin" run "$dir/p.lua" 2>&1) && fail "unknown preset accepted"
echo "$out" | grep -q "no machine preset 'vm-3g' (presets: vm-2g, " || fail "preset list: $out"
printf 'machine("vm-2g", { memory = "2G" })\n' > "$dir/o.lua"
out=$("$bin" run "$dir/o.lua" 2>&1) && fail "unknown option accepted"
echo "$out" | grep -q "unknown option 'memory'" || fail "option: $out"
# 0 is the "preset's value" inside: given explicitly it was silently replaced
# (cpus = 0 ran 2 CPUs, mem = "1K" a 2 GiB machine); now each is an error
for opt in 'cpus = 0' 'nodes = 0' 'cpus = 4294967297' 'mem = "1K"' 'mem = 0' 'min_free_kbytes = -1'; do
    printf 'machine("vm-2g", { %s })\n' "$opt" > "$dir/z.lua"
    out=$("$bin" run "$dir/z.lua" 2>&1); rc=$?
    [ $rc = 2 ] || fail "$opt: exit $rc: $out"
    echo "$out" | grep -q "^pagealloc: $dir/z.lua:1: machine(): " || fail "$opt: $out"
done
printf 'print(machine("vm-2g", { cpus = 1 }).cpus)\n' > "$dir/z.lua"
[ "$("$bin" run "$dir/z.lua")" = 1 ] || fail "cpus = 1 not taken"

# The sandbox: no io, os, require, dofile; binary chunks refused
printf 'print(io, os, require, dofile, debug, package)\nprint(load(string.dump(function() end)))\n' > "$dir/sb.lua"
out=$("$bin" run "$dir/sb.lua" 2>&1) || fail "sandbox script failed: $out"
echo "$out" | head -1 | grep -q '^nil	nil	nil	nil	nil	nil$' || fail "sandbox globals: $out"
echo "$out" | grep -q "attempt to load a binary chunk" || fail "binary chunk: $out"

# Missing file
out=$("$bin" run "$dir/none.lua" 2>&1) && fail "missing file accepted"
echo "$out" | grep -q "cannot open" || fail "missing file: $out"

# Same seed, same output; another seed changes math.random
printf 'print(math.random(1000000))\nlocal m = machine("vm-2g")\nlocal p = m:spawn("x", {cpu = 1})\np:touch(math.random(1000))\nprint(m:cat("/proc/buddyinfo"))\n' > "$dir/r.lua"
a=$("$bin" run "$dir/r.lua" --seed 7) || fail "seeded run"
b=$("$bin" run "$dir/r.lua" --seed 7) || fail "seeded run"
c=$("$bin" run "$dir/r.lua" --seed 8) || fail "seeded run"
[ "$a" = "$b" ] || fail "same seed, different output"
[ "$a" != "$c" ] || fail "different seeds, same output"

# A module that misbehaves is reported, the simulator survives
mkdir -p "$dir/modules"
printf 'module_init(function() kfree(12345) end)\n' > "$dir/modules/evil.lua"
printf 'local m = machine("vm-2g")\nm:insmod("evil")\n' > "$dir/ev.lua"
out=$("$bin" run "$dir/ev.lua" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "evil module exit $rc"
echo "$out" | grep -q "evil.lua:1: kfree(0x3039): not an allocated kmalloc object" || fail "evil: $out"
printf 'local m = machine("vm-2g")\nm:insmod("../bad")\n' > "$dir/ev2.lua"
"$bin" run "$dir/ev2.lua" 2>&1 | grep -q "bad module name" || fail "module path escape"
# include() of a library next to the scenario; page sizes
mkdir -p "$dir/lib"
printf 'return function(x) return x * 2 end\n' > "$dir/lib/twice.lua"
printf 'local t = include("twice")\nassert(include("twice") == t)\nprint(t(21))\nlocal m = machine("vm-2g", {page_size = "64K", boot = false})\nprint(m:zone("DMA32").managed)\n' > "$dir/inc.lua"
out=$("$bin" run "$dir/inc.lua" 2>&1) || fail "include: $out"
# 64 KiB pages: DMA32 = pfn [256, 32766) (16 MiB to 2 GiB - 128 KiB) = 32510
# pages, less the 8 MiB kernel image (128) and the memmap of the node's
# 32765 pages at 64 bytes each (32 pages): 32350
[ "$out" = "42
32350" ] || fail "include / page_size: $out"
# A scenario on standard input. DMA managed = pfn [1, 4096) less the BIOS hole
# [0x9f, 0x100) (97), the low 64 KiB (15) and the trampoline (6) = 3977
out=$(echo 'print(machine("vm-2g"):zone("DMA").managed)' | "$bin" run -) || fail "stdin run"
[ "$out" = 3977 ] || fail "stdin: $out"
exit 0
