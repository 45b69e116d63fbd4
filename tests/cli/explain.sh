#!/bin/sh
# tests/cli/explain.sh - `pagealloc explain`: exit codes, the error format, text
# and JSON output on the seeds' reports (tests/data/reports/, see its README.md).
# Expected numbers: seed 002 Normal fails at o=0 with 2755 <= 6019, seed 001
# DMA32 at o=0 with 765 <= 884 (kernel-semantics 3.6, 3.7; tests/unit/test_explain.c).
set -u
bin=$1
d=tests/data/reports
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# seed 002: full 3.16 dump on one line
out=$("$bin" explain $d/seed002_3.16_full_dump_one_line.txt 2>/dev/null) || fail "seed 002 exit $?"
echo "$out" | grep -q 'o=0: 2755 <= 6019 ? yes: FAIL   <- decides' || fail "seed 002 step: $out"
echo "$out" | grep -q '^Verdict (fragmented)' || fail "seed 002 verdict: $out"

# the same in JSON: the required keys, Normal's passes=false
out=$("$bin" explain --json $d/seed002_3.16_full_dump_one_line.txt 2>/dev/null) || fail "json exit"
for k in '"reports":\[' '"order":4' '"mode":"0xc0d0"' '"gfp":\["GFP_KERNEL"' \
         '"kernel":"3.16.1-gentoo"' '"rule":' '"zone":"Normal","eligible":true,"passes":false' \
         '"steps":\[' '"verdict":'; do
    echo "$out" | grep -q "$k" || fail "json lacks $k"
done
if command -v python3 >/dev/null 2>&1; then
    echo "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin)["reports"][0]; \
assert [z["passes"] for z in r["zones"]] == [False, False, False], r' || fail "json not valid"
fi

# seed 001: partial quote without a version line: never refused; nothing in
# it dates it, so the newest kernel is assumed and said; --kernel overrides
out=$("$bin" explain $d/seed001_dma32_zone_and_buddy.txt 2>"$tmp"); rc=$?
[ $rc -eq 0 ] || fail "seed 001 without --kernel: exit $rc"
echo "$out" | grep -q "^Kernel: no version line -> assumed rules of" || fail "seed 001 era: $out"
echo "$out" | grep -q "^  Node 0 DMA32: free 3140 pages, MIN 1769 pages: " || fail "seed 001 zone: $out"
out=$("$bin" explain --kernel 2.6.32 --order 4 --mode 0xd0 - <$d/seed001_dma32_zone_and_buddy.txt) \
    || fail "seed 001 from stdin"
echo "$out" | grep -q 'o=0: 765 <= 884 ? yes: FAIL' || fail "seed 001 step: $out"
out=$("$bin" explain --kernel 2.6.32 $d/seed001_dma32_zone_and_buddy.txt) || fail "no header"
echo "$out" | grep -q "Missing from the dump: the header line" || fail "seed 001 missing: $out"

# --order is checked before it becomes an int: 4294967296 was taken as order 0,
# 2147483648 as "no order"
for o in 64 2147483648 4294967296; do
    "$bin" explain --kernel 2.6.32 --order $o --mode 0xd0 $d/seed001_dma32_zone_and_buddy.txt \
        >/dev/null 2>"$tmp"; rc=$?
    [ $rc -eq 2 ] || fail "--order $o: exit $rc"
    grep -q "^pagealloc explain: --order: order $o out of range 0..63$" "$tmp" || fail "--order $o: $(cat "$tmp")"
done
# the request's size uses the page size: r15 is an Apple M2 (16 kB pages) whose
# report has no buddy line; order 5 is 32 pages = 512 kB there (was "128 kB")
out=$("$bin" explain --page-size 16K $d/r15_6.8_arm64_asahi_order5.txt) || fail "r15 exit $?"
echo "$out" | grep -q '^Asked: order 5 = 32 pages (512 kB), mode 0x40cc0' || fail "r15 size: $out"
# order 63 of 4 kB pages is 2^65 kB: no wrap-around to a small number
out=$("$bin" explain --kernel 2.6.32 --order 63 --mode 0xd0 $d/seed001_dma32_zone_and_buddy.txt) \
    || fail "order 63 exit $?"
echo "$out" | grep -q '^Asked: order 63 = 9223372036854775808 pages (2^65 kB)' || fail "order 63: $out"

# --min-free-kbytes is the kernel's int: above INT_MAX the scaled MIN wrapped
"$bin" explain --min-free-kbytes 2147483648 $d/seed002_3.16_full_dump_one_line.txt >/dev/null 2>"$tmp"; rc=$?
[ $rc -eq 2 ] || fail "--min-free-kbytes 2^31: exit $rc"
grep -q "^pagealloc explain: --min-free-kbytes 2147483648: the kernel's limit is 2147483647" "$tmp" \
    || fail "--min-free-kbytes 2^31: $(cat "$tmp")"
"$bin" explain --min-free-kbytes 2147483647 $d/seed002_3.16_full_dump_one_line.txt >/dev/null 2>&1 \
    || fail "--min-free-kbytes INT_MAX refused"
# a bad --kernel is a usage error, not a line of the file
"$bin" explain --kernel banana $d/seed001_dma32_zone_and_buddy.txt >/dev/null 2>"$tmp"; rc=$?
[ $rc -eq 2 ] || fail "--kernel banana: exit $rc"
grep -q "^pagealloc explain: --kernel: 'banana' is not a kernel version" "$tmp" \
    || fail "--kernel banana: $(cat "$tmp")"
# input is bounded at 64 MiB (explain /dev/zero grew memory until the OOM
# killer); the test feeds a bounded 65 MiB so that it stays bounded itself
head -c 68157440 /dev/zero | "$bin" explain - >/dev/null 2>"$tmp"; rc=$?
[ $rc -eq 2 ] || fail "65 MiB: exit $rc"
grep -q "^pagealloc: -: cannot read: more than 64 MiB" "$tmp" || fail "65 MiB: $(cat "$tmp")"
"$bin" explain "$d" >/dev/null 2>"$tmp"; rc=$?
[ $rc -eq 2 ] || fail "directory: exit $rc"
grep -q "^pagealloc: $d: cannot read: Is a directory" "$tmp" || fail "directory: $(cat "$tmp")"

# seed 000: header and stack only, twice: both explained, the dump named as missing
out=$("$bin" explain $d/seed000_rhel6_header_only.txt) || fail "seed 000 exit $?"
[ "$(echo "$out" | grep -c '^== Report')" -eq 2 ] || fail "seed 000 reports: $out"
echo "$out" | grep -q 'Missing from the dump: the Mem-Info dump' || fail "seed 000 missing"

# a mail-wrapped header; the wrapped tail of "Hardware name:" (line 8) is kept aside, by number
out=$("$bin" explain $d/r16_4.12_mail_wrapped_header.txt) || fail "r16 exit $?"
echo "$out" | grep -q 'mode 0x14210d2 =' || fail "r16 header: $out"
echo "$out" | grep -q '^Lines of the report not understood (1): 8$' || fail "r16 ignored: $out"

# two pastes concatenated: four reports, none merged, none refused; the dumps
# without a version line get an era read off their fields (r21: pages_scanned
# bounds it at 4.7, the loop rule)
cat $d/r21_2.6.38_markdown_underscores.txt $d/r18_rhel6_2.6.32_aerospike.txt >"$tmp.in"
out=$("$bin" explain "$tmp.in" 2>"$tmp"); rc=$?
rm -f "$tmp.in"
[ $rc -eq 0 ] || fail "mixed input: exit $rc"
echo "$out" | grep -q '^== Report 2 (line 12, swapper)' || fail "mixed input output: $out"
[ "$(echo "$out" | grep -c '^== Report')" -eq 4 ] || fail "mixed reports: $out"
echo "$out" | grep -q "^Kernel: no version line -> inferred rules of" || fail "mixed era: $out"

# a malformed part is a warning with FILE:LINE: column C: what was expected,
# and costs only that field; --strict refuses as before (exit 2)
"$bin" explain $d/r03_2.6_nonuma_dma_exhausted.txt >/dev/null 2>"$tmp"; rc=$?
[ $rc -eq 0 ] || fail "truncated zone line: exit $rc"
grep -q "^pagealloc: $d/r03_2.6_nonuma_dma_exhausted.txt:24: column 196: warning: expected 'kB' after present's value$" "$tmp" \
    || fail "warning format: $(cat "$tmp")"
"$bin" explain --strict $d/r03_2.6_nonuma_dma_exhausted.txt >/dev/null 2>"$tmp"; rc=$?
[ $rc -eq 2 ] || fail "--strict: exit $rc"
grep -q "^pagealloc: $d/r03_2.6_nonuma_dma_exhausted.txt:24: column 196: expected 'kB' after present's value$" "$tmp" \
    || fail "error format: $(cat "$tmp")"
# no failure at all: exit 1, and an empty list in JSON
printf 'hello\nworld\n' | "$bin" explain >"$tmp" 2>&1; rc=$?
[ $rc -eq 1 ] || fail "no report: exit $rc"
grep -q '^no page allocation failure or OOM report found' "$tmp" || fail "no report message: $(cat "$tmp")"
out=$(printf 'hello\n' | "$bin" explain --json); [ $? -eq 1 ] || fail "no report json exit"
echo "$out" | grep -q '^{"reports":\[\],' || fail "no report json: $out"

# OOM-killer report: the request replayed, the victim named (m20: the cpuset
# allows node 4 only, whose Movable zone a GFP_HIGHUSER request may not use)
out=$("$bin" explain $d/m20_5.8_x86_64_movable_node_cpuset_victim.txt) || fail "m20 exit $?"
echo "$out" | grep -q '^== Report 1 (line 2, runc:\[2:INIT\], OOM killer)' || fail "m20 header: $out"
echo "$out" | grep -q '^Victim: the OOM killer killed containerd (pid 4100), line 33.' || fail "m20 victim: $out"
echo "$out" | grep -q '^Verdict (no usable zone)' || fail "m20 verdict: $out"
out=$("$bin" explain --json $d/m20_5.8_x86_64_movable_node_cpuset_victim.txt) || fail "m20 json exit"
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d["reports"][0]; \
assert r["kind"] == "oom" and r["victim"] == {"pid": 4100, "line": 33, "comm": "containerd"}, r; \
assert d["warnings"] == [], d' || fail "m20 json: $out"
# OOM: the last attempt at HIGH, checked by hand: f01 Normal free 1110 pages
# <= HIGH 1296 (+ reserve 0) fails though 1110 > MIN; m08 Normal 38661 > 1305
out=$("$bin" explain $d/f01_2.6.22_i386_forum_bbcode_victim_next.txt 2>/dev/null | tr '\n' ' ' | tr -s ' ')
echo "$out" | grep -q 'Normal free 1110 pages, HIGH 1296: fails (though it passes at MIN)' || fail "f01 HIGH: $out"
out=$("$bin" explain $d/m08_5.7_i386_oom_quoted_printable.txt 2>/dev/null | tr '\n' ' ' | tr -s ' ')
echo "$out" | grep -q 'Normal free 38661 pages, HIGH 1305: passes' || fail "m08 HIGH: $out"
# a journal line cut by the pager: warnings with line and column in --json too
out=$("$bin" explain --json $d/g14_6.6_arm64_rpi_journalctl_truncated.txt 2>/dev/null) || fail "g14 json exit"
echo "$out" | python3 -c 'import json,sys; w=json.load(sys.stdin)["warnings"]; \
assert w[0]["line"] == 3 and w[0]["column"] == 156 and "KEY:VALUE" in w[0]["message"], w' || fail "g14 json: $out"
# SysRq-M: no failure, per zone the orders a request would get (m01: 2.6.3
# i386; Normal free 354 pages > MIN 234; DMA 337 > 4; HighMem 128 = 128 fails)
out=$("$bin" explain $d/m01_2.6.3_i386_sysrq_highmem.txt) || fail "m01 exit $?"
echo "$out" | grep -q 'SysRq show memory, no failure' || fail "m01 header: $out"
echo "$out" | grep -q '^  HighMem: free 128 pages, MIN 128 pages: fails even order 0' || fail "m01 HighMem: $out"
# quoted-printable mail: joined and decoded, said once
"$bin" explain $d/m08_5.7_i386_oom_quoted_printable.txt >"$tmp.out" 2>"$tmp" || fail "m08 exit"
[ "$(grep -c 'quoted-printable' "$tmp")" -eq 1 ] || fail "m08 warning: $(cat "$tmp")"
grep -q '^  HighMem: the request may NOT use it; free 172364 pages' "$tmp.out" || fail "m08 HighMem"
rm -f "$tmp.out"
# text is wrapped at 80 columns when not a terminal, without trailing blanks
for f in $d/*.txt; do
    "$bin" explain "$f" 2>/dev/null | awk -v f="$f" 'length($0) > 80 || / $/ { print f ": " $0; exit 1 }' \
        || fail "wrapping"
done
"$bin" explain /nonexistent/file >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing file"
"$bin" explain --order x $d/seed000_rhel6_header_only.txt >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --order"
"$bin" explain --kernel 3.16 --mode GFP_BOGUS $d/seed001_dma32_zone_and_buddy.txt >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --mode"
"$bin" explain --page-size 3 $d/r10_4.9_numa_nodes.txt >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --page-size"
# r10 has zone lines but no buddy line: --page-size sets the kB -> pages factor
out=$("$bin" explain --page-size 16K $d/r10_4.9_numa_nodes.txt) || fail "--page-size 16"
echo "$out" | grep -q 'free 15340 pages (245440 kB)' || fail "16 kB pages: $out"
# the same size in bytes, as analyze takes it; a bare 16 (bytes) is refused
out2=$("$bin" explain --page-size 16384 $d/r10_4.9_numa_nodes.txt) || fail "--page-size 16384"
[ "$out" = "$out2" ] || fail "16K and 16384 differ"
out=$("$bin" explain --page-size 16 $d/r10_4.9_numa_nodes.txt 2>&1); [ $? -eq 2 ] || fail "16 bytes accepted"
echo "$out" | grep -q "expected a page size in bytes or with K" || fail "page size message: $out"
"$bin" explain --help | grep -q '^usage: pagealloc explain' || fail "help"
exit 0
