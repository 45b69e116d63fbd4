#!/bin/sh
# tests/cli/usage.sh PAGEALLOC: every command's option and argument errors
# have one form (util-linux): exit 2, nothing on stdout, and on stderr
#   pagealloc CMD: MESSAGE
#   Try 'pagealloc CMD --help' for more information.
# Each command once with an argument too many, then with bad option values.
set -u
pa=$1
fail() { echo "FAIL: $*"; exit 1; }
src=$(pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# form CMD ARGS...: the run fails in the usage form; its message in $msg
form() {
    cmd=$1; shift
    "$pa" "$cmd" "$@" >out.txt 2>err.txt; rc=$?
    [ $rc = 2 ] || fail "$cmd $*: exit $rc: $(cat err.txt)"
    [ -s out.txt ] && fail "$cmd $*: stdout: $(cat out.txt)"
    [ "$(wc -l < err.txt)" = 2 ] || fail "$cmd $*: not two lines: $(cat err.txt)"
    head -1 err.txt | grep -q "^pagealloc $cmd: ." || fail "$cmd $*: first line: $(cat err.txt)"
    [ "$(tail -1 err.txt)" = "Try 'pagealloc $cmd --help' for more information." ] ||
        fail "$cmd $*: second line: $(cat err.txt)"
    msg=$(head -1 err.txt)
}

# every command: one argument too many (the commands are those --help lists)
cmds=$("$pa" --help | sed -n 's/^  \([a-z]*\) .*/\1/p')
[ "$(echo "$cmds" | wc -w)" -ge 10 ] || fail "commands: $cmds"
for cmd in $cmds; do
    case $cmd in
    analyze) form analyze a.txt extra ;;
    compact) form compact extra ;;
    contig) form contig 2M extra --thp ;;
    explain) form explain a.txt extra ;;
    fragment) form fragment extra ;;
    gfp) form gfp GFP_KERNEL extra --kernel 4.14 ;;
    map) form map extra --live ;;
    run) form run a.lua extra ;;
    snapshot) form snapshot extra ;;
    top) form top 1 2 extra ;;
    *) fail "a command this test does not know: $cmd (add it)" ;;
    esac
    echo "$msg" | grep -q "^pagealloc $cmd: unexpected argument 'extra'" ||
        fail "$cmd: an extra argument is not named as such: $msg"
done

# option values and combinations
form analyze --json --csv
form analyze --kernel 99.x
form analyze --page-size 3K
form analyze --gfp BOGUS --proc "$src/tests/data/proc/vm-6.18-x86_64"
form compact --count 3
form compact --cpu 3
form compact --cpu 5000 --from x.snap
form compact --order 9 --apply --from x.snap
form contig 2M --hugetlb 3M
form contig 2M --hold 100000
form contig 2M --max-share 0
form contig 12Q
form contig 2M --thp --grow-pool
form explain --min-free-kbytes 99999999999 x.txt
form explain --kernel 99.x x.txt
form explain a b
form fragment --chunk 0
form fragment --hold 9999
form fragment --max-share 60
form fragment --size 12Q
form fragment --size 100
form fragment --pattern zigzag
form fragment --chunk -1
form gfp --list-kernels GFP_KERNEL
form gfp
form gfp GFP_KERNEL --kernel 99.x
form gfp GFP_KERNEL --kernel 4.14 --to 99.x
form map
form map --live -o x.txt
form run --time-limit 0
form run --max-memory 1K
form run --seed x
form snapshot --max-memory lots
form top 0
form top 1 0
form top --record x.txt
echo ok
