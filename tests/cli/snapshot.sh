#!/bin/sh
# tests/cli/snapshot.sh PAGEALLOC: usage errors; as root, a real snapshot:
# header, sections, and the DMA zone (quiet after boot) whose free blocks cut
# from kpageflags must equal buddyinfo's.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
"$pa" snapshot extra >/dev/null 2>&1; [ $? = 2 ] || fail "extra argument must exit 2"
if [ "$(id -u)" != 0 ] || [ ! -r /proc/kpageflags ]; then
    echo "SKIP live snapshot: needs root and /proc/kpageflags"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$pa" snapshot -o "$tmp/s" > "$tmp/sum" || fail "snapshot exit $?"
head -1 "$tmp/s" | grep -qx 'pagealloc-snapshot 2' || fail "header"
for s in buddyinfo pagetypeinfo zoneinfo; do
    grep -qx "begin $s" "$tmp/s" && grep -qx "end $s" "$tmp/s" || fail "section $s"
done
grep -q '^zone 0 ' "$tmp/s" || fail "no zone record"
# every zone's runs add up to its span
awk '/^zone /{span=$5; sum=0; next} /^runs /{for(i=2;i<=NF;i++){sum+=substr($i,2)}} /^endzone/{if(sum!=span){print "span " span " runs " sum; exit 1}}' "$tmp/s" || fail "runs do not cover the zones"
if grep -q 'zone DMA:' "$tmp/sum"; then
    k=$(grep -A2 'zone DMA:' "$tmp/sum" | sed -n 's/.*free blocks, kpageflags//p')
    b=$(grep -A3 'zone DMA:' "$tmp/sum" | sed -n 's/.*free blocks, buddyinfo//p')
    [ "$k" = "$b" ] || fail "DMA: kpageflags [$k] vs buddyinfo [$b]"
fi
# the loader (seam of `run --from`) rebuilds the machine with every free block
out=$("$pa" snapshot --load "$tmp/s") || fail "load exit $?: $out"
echo "$out" | grep -q ' 0 not found at the same pfn and order$' || fail "load: $out"
# version 2: the inferred pageblock types meet pagetypeinfo's block counts
# (the replay prints the same "Number of blocks type" lines as the capture)
printf 'local m = machine("snapshot")\nprint(m:cat("/proc/pagetypeinfo"))\n' > "$tmp/pt.lua"
"$pa" run --from "$tmp/s" "$tmp/pt.lua" > "$tmp/replay" || fail "run --from exit $?"
want=$(sed -n '/^begin pagetypeinfo/,/^end pagetypeinfo/p' "$tmp/s" | sed -n '/^Number of blocks/,/^$/p' | grep '^Node')
got=$(sed -n '/^Number of blocks/,/^$/p' "$tmp/replay" | grep '^Node')
[ -n "$want" ] && [ "$want" = "$got" ] || fail "pageblock counts: captured [$want] replayed [$got]"
grep -q '^pcp [0-9]' "$tmp/s" || fail "no pcp record"
printf 'pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns F4\nendzone\n' > "$tmp/bad"
err=$("$pa" snapshot --load "$tmp/bad" 2>&1); [ $? = 2 ] || fail "bad snapshot must exit 2"
echo "$err" | grep -q "^pagealloc: $tmp/bad:5: column 1: the runs of zone Normal cover 4" || fail "msg: $err"
echo ok
