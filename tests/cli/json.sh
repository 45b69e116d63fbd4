#!/bin/sh
# tests/cli/json.sh PAGEALLOC: every command's --json output is one valid JSON
# document, also when the strings it echoes are hostile (quotes, backslashes,
# control characters, bytes that are not UTF-8): they go through the one
# emitter (src/format/json.c), whose strings jansson encodes.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hostile=$(printf '4.14"x\\y\001\t\377z')

# valid NAME FILE [PY]: FILE must parse as JSON and PY, if given, hold on it
# (as d). The checks are queued and run by one python3 at the end.
k=0
valid() {
    k=$((k + 1))
    cp "$2" "$tmp/check.$k"
    printf '%s\t%s\t%s\n' "$1" "$tmp/check.$k" "${3:-True}" >>"$tmp/checks"
}
# gfp: the --kernel argument is echoed as given
"$pa" gfp 0xcc0 --kernel '4.14"x' --json >"$tmp/o" || fail "gfp exit $?"
valid gfp "$tmp/o" 'd["kernel"] == "4.14\"x" and d["mode"] == "0xcc0"'
"$pa" gfp GFP_KERNEL --kernel 5.15 --to 2.6.32 --json >"$tmp/o" || fail "gfp --to exit $?"
valid "gfp --to" "$tmp/o" 'd["to"]["profile"] == "2.6.32"'

# explain: a comm with a control character and a backslash, a kernel version
# with a quote, a backslash and a byte that is not UTF-8
printf '%s\n' "a$(printf '\001')b\\c: page allocation failure: order:0, mode:0xd0" \
    "CPU: 0 PID: 1 Comm: x Not tainted 4.14.0-a\"b\\$(printf '\377') #1" \
    "Node 0 Normal free:1000kB min:4000kB low:5000kB high:6000kB" \
    "lowmem_reserve[]: 0 0 0 0" \
    "Node 0 Normal: 250*4kB = 1000kB" >"$tmp/report"
"$pa" explain --json "$tmp/report" >"$tmp/o" 2>/dev/null || fail "explain exit $?"
valid explain "$tmp/o" 'd["reports"][0]["comm"] == "a\x01b\\c" and d["reports"][0]["kernel"].startswith("4.14.0-a\"b\\") and d["reports"][0]["zones"][0]["passes"] is False'
for r in tests/data/reports/*.txt; do
    # (a report the parser refuses prints nothing and exits 2; one it cannot
    # explain is left out of the reports printed)
    # (issue 12: a file with no readable report exits 1 with "reports": [])
    "$pa" explain --json "$r" >"$tmp/o" 2>/dev/null; rc=$?
    if [ $rc = 1 ]; then valid "explain $r" "$tmp/o" 'd["reports"] == []'
    else [ -s "$tmp/o" ] && valid "explain $r" "$tmp/o" 'len(d["reports"]) >= 1'; fi
done

# analyze: a zone name and a kernel version with hostile bytes
mkdir "$tmp/proc"
printf 'Node 0, zone   No"r\\m  10 5 1 0 0 0 0 0 0 0 0\n' >"$tmp/proc/buddyinfo"
"$pa" analyze --proc "$tmp/proc" --kernel 6.1 --json >"$tmp/o" || fail "analyze exit $?"
valid "analyze hostile zone" "$tmp/o" 'd["zones"][0]["zone"] == "No\"r\\m" and d["zones"][0]["free_blocks"][:3] == [10, 5, 1]'
printf '%s\n' "$hostile" >"$tmp/proc/version"
"$pa" analyze --proc "$tmp/proc" --json >"$tmp/o" 2>/dev/null
[ -s "$tmp/o" ] && valid "analyze hostile version" "$tmp/o"
for p in tests/data/proc/*/; do
    [ -f "$p/buddyinfo" ] || continue
    "$pa" analyze --proc "$p" --json >"$tmp/o" || fail "analyze $p exit $?"
    valid "analyze $p" "$tmp/o" 'len(d["zones"]) >= 1'
done

# contig: whatever the machine allows, a JSON answer is one document
"$pa" contig 2M --thp --json >"$tmp/o" 2>/dev/null
[ -s "$tmp/o" ] && valid contig "$tmp/o"

python3 - "$tmp/checks" <<'PY' || fail "see above"
import json, sys
bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    name, path, cond = line.rstrip("\n").split("\t")
    try:
        with open(path, "rb") as f:
            d = json.loads(f.read().decode("utf-8"))
        assert eval(cond), cond
    except Exception as e:
        bad += 1
        print("FAIL: %s: %s: %s" % (name, type(e).__name__, e))
        print(open(path, "rb").read()[:400])
sys.exit(1 if bad else 0)
PY
exit 0
