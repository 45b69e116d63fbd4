#!/bin/sh
# tests/cli/install.sh PAGEALLOC: `make install` into a temporary prefix (the
# build directory of PAGEALLOC), then, with the build tree out of the path:
# the installed binary's default job (scenarios found under the prefix, also
# after the prefix is moved), an embedder built with pkg-config and one
# built with find_package(pagealloc), every man page through `man -l` with
# --warnings, and the bash completion.
set -u
build=$(cd "$(dirname "$1")" && pwd)
src=$(pwd)
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/usr" >"$tmp/install.log" 2>&1 ||
    fail "cmake --install: $(tail -5 "$tmp/install.log")"
# DESTDIR is honoured too
DESTDIR="$tmp/dest" cmake --install "$build" --prefix /opt/pa >/dev/null 2>&1 || fail "DESTDIR install"
[ -x "$tmp/dest/opt/pa/bin/pagealloc" ] || fail "DESTDIR: no bin/pagealloc"
p=$tmp/usr
for f in bin/pagealloc include/pagealloc/pagealloc.h include/pagealloc/mm.h \
         share/pagealloc/scenarios/seed-003-fragment.lua \
         share/bash-completion/completions/pagealloc share/doc/pagealloc/LICENSE; do
    [ -e "$p/$f" ] || fail "not installed: $f"
done
lib=$(ls -d "$p"/lib*/pkgconfig | head -1); lib=${lib%/pkgconfig}
[ -e "$lib/libpagealloc.a" ] || fail "no libpagealloc.a"
soname=$(readelf -d "$lib/libpagealloc.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libpagealloc.so.0 ] || fail "SONAME '$soname'"
[ -e "$lib/$soname" ] || fail "no $soname"

# moved elsewhere, run from /, the build and source trees out of the path
mv "$p" "$tmp/moved"; p=$tmp/moved; lib=$p/${lib#"$tmp/usr/"}
echo 'print("scenario from the installed prefix")' >> "$p/share/pagealloc/scenarios/seed-003-userspace.lua"
out=$(cd / && env PATH="$p/bin:/usr/bin:/bin" pagealloc run 2>&1) || fail "installed default job: $out"
echo "$out" | grep -q '^==== seed-003-fragment.lua' || fail "default job output: $(echo "$out" | head -3)"
echo "$out" | grep -q '^scenario from the installed prefix$' || fail "scenarios not read from the prefix"
(cd / && env PATH="$p/bin:/usr/bin:/bin" pagealloc --version) | grep -q '^pagealloc [0-9]' || fail "--version"

# an embedder: pkg-config (shared library), then CMake's find_package (static)
export PKG_CONFIG_PATH="$lib/pkgconfig"
# (the .pc file is relocatable: its prefix is ${pcfiledir}/../..)
flags=$(pkg-config --cflags --libs pagealloc) || fail "pkg-config pagealloc"
# (a sanitizer build's library needs its compiler and runtime: CMake passes
# PA_EMBED_CC and PA_EMBED_CFLAGS to this test then)
embed_cc=${PA_EMBED_CC:-cc}
embed_cflags=${PA_EMBED_CFLAGS:-}
$embed_cc "$src/docs/examples/embed.c" $embed_cflags $flags -o "$tmp/embed" ||
    fail "embed with pkg-config: $embed_cc $embed_cflags $flags"
out=$(LD_LIBRARY_PATH="$lib" "$tmp/embed") || fail "embed exit $?"
echo "$out" | grep -q 'free pfn 8195: PA_EHOLE' || fail "embed output: $out"
mkdir "$tmp/proj"
cat > "$tmp/proj/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.25)
project(embed C)
find_package(pagealloc 0.1 REQUIRED)
add_executable(embed $src/docs/examples/embed.c)
target_link_libraries(embed PRIVATE pagealloc::pagealloc_static m)
CM
cmake -S "$tmp/proj" -B "$tmp/proj/b" -DCMAKE_PREFIX_PATH="$p" -DCMAKE_C_COMPILER="$embed_cc" \
    -DCMAKE_C_FLAGS="$embed_cflags" -DCMAKE_EXE_LINKER_FLAGS="$embed_cflags" >"$tmp/cm.log" 2>&1 ||
    fail "find_package(pagealloc): $(tail -5 "$tmp/cm.log")"
cmake --build "$tmp/proj/b" >"$tmp/cm.log" 2>&1 || fail "find_package build: $(tail -5 "$tmp/cm.log")"
"$tmp/proj/b/embed" | grep -q 'free pfn 8195: PA_EHOLE' || fail "find_package embed output"

# man pages: one per subcommand, pagealloc(1), libpagealloc(3); no warnings
n=0
for m in "$p"/share/man/man1/*.1 "$p"/share/man/man3/*.3; do
    err=$(MANWIDTH=80 man --warnings -l "$m" 2>&1 >"$tmp/man.txt") || fail "man -l $m"
    [ -z "$err" ] || fail "man --warnings $m: $err"
    grep -q 'NAME' "$tmp/man.txt" || fail "man -l $m: no NAME section"
    n=$((n + 1))
done
for c in $(pagealloc_help=$("$p/bin/pagealloc" --help) && echo "$pagealloc_help" |
           awk '/^Commands:/{c=1; next} c && /^  [a-z]/{print $1}'); do
    [ -e "$p/share/man/man1/pagealloc-$c.1" ] || fail "no man page for $c"
done
[ -e "$p/share/man/man3/libpagealloc.3" ] || fail "no libpagealloc(3)"
[ $n -ge 11 ] || fail "only $n man pages"

# bash completion loads and completes a command
out=$(PATH="$p/bin:$PATH" bash -c ". '$p/share/bash-completion/completions/pagealloc'
COMP_WORDS=(pagealloc ex); COMP_CWORD=1; _pagealloc; echo \"\${COMPREPLY[@]}\"") ||
    fail "bash completion"
[ "$out" = explain ] || fail "completion of 'ex': '$out'"
echo ok
