#!/bin/sh
# tests/cli/draw.sh - the pictures from the command line: `pagealloc map`,
# m:map in a scenario, `run --report` and `snapshot --report`; the report
# page opened in headless Chromium (every image loads, no console error, the
# screenshot is not blank). $1 = pagealloc.
set -u
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# A snapshot: one DMA32 zone of 65536 pages from pfn 0x1000, 4096 anon pages,
# 512 slab pages, the rest free in order-10 blocks.
{
    printf 'pagealloc-snapshot 1\nkernel 4.14.0\npage_size 4096\nmax_order 10\ntime 0\n'
    printf 'classes F=free A=anon L=file/LRU S=slab T=hugetlb K=other kernel R=reserved H=hole\n'
    printf 'zone 0 DMA32 4096 65536\nruns A4096 S512 F60928\n'
    printf 'free 2200:9'
    i=0
    while [ $i -lt 59 ]; do
        printf ' %x:10' $((9216 + i * 1024))
        i=$((i + 1))
    done
    printf '\nendzone\n'
} > "$dir/snap"

# map: usage errors exit 2 with a message
out=$("$bin" map 2>&1); [ $? -eq 2 ] || fail "map without a source"
echo "$out" | grep -q "give one of --from SNAPSHOT or --live" || fail "map message: $out"
out=$("$bin" map --from "$dir/snap" -o "$dir/m.jpg" 2>&1); [ $? -eq 2 ] || fail "map .jpg"
echo "$out" | grep -q "must end in .png or .svg" || fail "map ext: $out"
out=$("$bin" map --from "$dir/nope" 2>&1); [ $? -eq 2 ] || fail "map missing file"
out=$("$bin" map --from "$dir/snap" --zone Normal -o "$dir/m.png" 2>&1); [ $? -eq 2 ] || fail "no zone"
echo "$out" | grep -q "no populated zone named 'Normal'" || fail "zone message: $out"

# map --from: PNG and SVG; 128 pageblocks, SVG is XML
out=$("$bin" map --from "$dir/snap" -o "$dir/m.png") || fail "map png: $out"
[ "$out" = "map of 1 zone (128 pageblocks) written to $dir/m.png" ] || fail "map says: $out"
is_png "$dir/m.png" || fail "not a PNG"
"$bin" map --from "$dir/snap" -o "$dir/m.svg" --zone DMA32 >/dev/null || fail "map svg"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$dir/m.svg" || fail "SVG is not XML"
fi
# cells: 8 anon (2 MiB pageblocks of 512 pages), 1 slab; runs of a row of 64:
# row 0 = 8 empty + 8 anon + 1 slab + 1 free (order 9) + 46 free (order 10),
# row 1 = 64 free (order 10): 5 runs, each one stroked path
[ "$(grep -o 'stroke-width:2;' "$dir/m.svg" | wc -l)" -eq 5 ] || fail "SVG runs: $(grep -o 'stroke-width:2;' "$dir/m.svg" | wc -l)"

# m:map in a scenario: relative .png/.svg only; positions on errors
cd "$dir" || fail "cd"
printf 'local m = machine("vm-2g")\nm:map("a.png")\nm:map("a.svg", "DMA32")\n' > s.lua
"$bin" run s.lua >/dev/null || fail "m:map"
is_png a.png || fail "m:map PNG"
grep -q "<svg" a.svg || fail "m:map SVG"
for bad in '/tmp/x.png' '../x.png' 'x.txt' 'a/../../x.svg'; do
    printf 'local m = machine("vm-2g")\n\nm:map("%s")\n' "$bad" > b.lua
    out=$("$bin" run b.lua 2>&1); rc=$?
    [ $rc -eq 2 ] || fail "m:map('$bad') exit $rc"
    echo "$out" | grep -q "^pagealloc: b.lua:3: map: '$bad': a relative file name" || fail "m:map('$bad'): $out"
done
printf 'local m = machine("vm-2g")\nm:map("x.png", "Normal")\n' > z.lua
out=$("$bin" run z.lua 2>&1) && fail "m:map unknown zone accepted"
echo "$out" | grep -q "z.lua:2: map: no populated zone named 'Normal'" || fail "m:map zone: $out"

# run --report: the same output plus one last line; the page and its images
printf 'local m = machine("vm-2g", { kernel = "4.14" })\nprint("hello <report>")\n' > r.lua
printf 'local p = m:spawn("p")\np:touch(20000)\nm:run()\nm:map("r.png")\np:kill()\nprint(m:cat("/proc/vmstat"))\n' >> r.lua
"$bin" run r.lua > plain.txt || fail "run r.lua"
"$bin" run --report rep r.lua > rep.txt || fail "run --report"
[ "$(tail -n 1 rep.txt)" = "report written to rep/index.html" ] || fail "last line: $(tail -n 1 rep.txt)"
head -n -1 rep.txt | cmp -s - plain.txt || fail "--report changed the output"
[ -f rep/index.html ] || fail "no index.html"
grep -q 'hello &lt;report&gt;' rep/index.html || fail "printed text not escaped in the page"
grep -q 'timeline-1.png' rep/index.html || fail "no timeline"
grep -q 'm:spawn(&quot;p&quot;)' rep/index.html || fail "no scenario line"
nimg=0
for src in $(grep -o 'src="[^"]*"' rep/index.html | sed 's/src="//; s/"$//'); do
    is_png "rep/$src" || fail "image $src missing or not a PNG"
    nimg=$((nimg + 1))
done
# machine (1 map), spawn, run, kill (before and after: 2 each), the m:map copy, 1 timeline
[ $nimg -eq 9 ] || fail "images in the page: $nimg"
grep -qi '<script\|http://\|https://' rep/index.html && fail "the page must be self-contained"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --html --noout rep/index.html 2>xml.err || fail "HTML: $(cat xml.err)"
fi

# allocation failures are markers on the timeline (and counted in its caption)
mkdir -p modules && cp "$OLDPWD/scenarios/modules/fragment.lua" modules/ || fail "module copy"
printf 'local m = machine("vm-2g", { kernel = "4.14" })\nm:insmod("fragment", { n = 150000 })\n' > af.lua
"$bin" run --report afrep af.lua > /dev/null || fail "run af.lua"
grep -q 'machine 1: 2 steps (numbered at the top), [0-9]* x allocation failure' afrep/index.html \
    || fail "no allocation failure marker"
grep -q 'machine 1: 4 steps (numbered at the top)"' rep/index.html || fail "r.lua: caption"

# compaction runs are markers too: both seed-003 scenarios end with
# compact_memory (one run per populated zone: DMA and DMA32)
for sc in seed-003-fragment seed-003-userspace; do
    (cd "$OLDPWD/scenarios" && "$bin" run --report "$dir/$sc" "$sc.lua" > /dev/null) || fail "run $sc"
    grep -Eq 'machine 1: [0-9]+ steps \(numbered at the top\)(, [0-9]+ x [a-zA-Z -]+)*, 2 x compaction' "$dir/$sc/index.html" \
        || fail "$sc: no compaction markers: $(grep -o 'machine 1: [^<]*' "$dir/$sc/index.html")"
done
# an OOM kill is a marker too (the engine's PA_EV_OOM_KILL)
printf 'local m = machine("vm-2g", { kernel = "4.14", mem = "256M", swap = 0 })\nlocal p = m:spawn("hog")\np:touch(100000)\nm:run()\nassert(not p.alive)\n' > oom.lua
"$bin" run --report oomrep oom.lua > /dev/null || fail "run oom.lua"
grep -q 'machine 1: [^"]*, 1 x OOM kill' oomrep/index.html || fail "no OOM kill marker"

# snapshot --report from a file
"$bin" snapshot --load "$dir/snap" --report srep > s.txt || fail "snapshot --report"
grep -q "report written to srep/index.html" s.txt || fail "snapshot report line"
grep -q '<img src="map-000.png"' srep/index.html || fail "snapshot report map"
grep -q 'verdict\|GFP_KERNEL' srep/index.html || echo "note: no verdict text (no buddyinfo in the test snapshot)"
cmp -s srep/snapshot.txt "$dir/snap" || fail "snapshot.txt is not the snapshot"

# run --report into something that is not a directory
out=$("$bin" run --report s.txt r.lua 2>&1); [ $? -eq 2 ] || fail "report into a file"
echo "$out" | grep -q "is not a directory" || fail "report dir message: $out"

# top --record: a timeline of a capture (the same files each sample)
cd - >/dev/null || fail "cd back"
out=$("$bin" top --plain --proc tests/data/proc/vm-6.18-x86_64 --record "$dir/top.png" 0.1 3) \
    || fail "top --record: $out"
echo "$out" | tail -n 1 | grep -q "^timeline of 3 samples written to $dir/top.png$" || fail "top --record: $out"
is_png "$dir/top.png" || fail "top --record: not a PNG"
out=$("$bin" top --plain --proc tests/data/proc/vm-6.18-x86_64 --record "$dir/top.gif" 0.1 1 2>&1)
[ $? -eq 2 ] || fail "top --record .gif accepted"
echo "$out" | grep -q "must end in .png or .svg" || fail "top --record message: $out"
cd "$dir" || fail "cd"

# The page in a real browser: every image loads, no console error, and a
# screenshot that is not blank.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    echo "SKIP: chromium not installed (scripts/deps installs it): browser check not run"
    exit 0
fi
# check.html = the page + a script (the report has none) that lists broken images
sed 's|</body>|<script>window.addEventListener("load",function(){var b=[],i,im=document.images;for(i=0;i<im.length;i++)if(!im[i].complete\|\|im[i].naturalWidth===0)b.push(im[i].getAttribute("src"));var p=document.createElement("p");p.id="imgcheck";p.textContent="IMAGES "+im.length+" BROKEN "+b.length+" "+b.join(",");document.body.appendChild(p);});</script></body>|' rep/index.html > rep/check.html
run_chromium() {
    ud=$(mktemp -d)
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$ud" "$@"
    rc=$?
    rm -rf "$ud"
    return $rc
}
run_chromium --virtual-time-budget=5000 --dump-dom "file://$dir/rep/check.html" > dom.txt 2>/dev/null \
    || fail "chromium --dump-dom failed"
grep -q "IMAGES 9 BROKEN 0 " dom.txt || fail "browser: $(grep -o 'IMAGES[^<]*' dom.txt || echo no result)"
run_chromium --enable-logging=stderr --v=0 --window-size=1280,2000 \
    --screenshot="$dir/shot.png" "file://$dir/rep/index.html" > chrome.log 2>&1 || fail "screenshot"
grep -i 'CONSOLE\|ERR_FILE_NOT_FOUND\|Not allowed to load' chrome.log && fail "browser console errors"
is_png shot.png || fail "no screenshot"
if command -v convert >/dev/null 2>&1; then
    colours=$(convert shot.png -format %k info:)
    [ "$colours" -gt 50 ] || fail "screenshot looks blank: $colours colours"
else
    [ "$(wc -c < shot.png)" -gt 20000 ] || fail "screenshot looks blank (small file)"
fi
exit 0
