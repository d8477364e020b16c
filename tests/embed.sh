#!/bin/sh
# The library as its users get it: `make install` into a fresh prefix, then
# docs/embed.c (the README's example) built against that copy with
# pkg-config, once with the shared library and once with the static one,
# and run on programs/lost_update.yaml: its exact output. The shared
# library exports what include/interleave.h declares and nothing else, the
# installed tree holds exactly the files the README promises, and the
# command line's objects call the engine through that header only.
# Usage: tests/embed.sh (from the top of the repository; MAKE may name make)
make=${MAKE:-make}
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL embed: $1"; }

"$make" --no-print-directory install PREFIX="$tmp/prefix" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; echo "FAIL embed: make install"; exit 1; }

# what was installed, and nothing else
(cd "$tmp/prefix" && find . \( -type f -o -type l \) | LC_ALL=C sort) >"$tmp/files"
cat >"$tmp/want-files" <<'EOF'
./bin/interleave
./include/interleave.h
./lib/libinterleave.a
./lib/libinterleave.so
./lib/libinterleave.so.0
./lib/libinterleave.so.0.1.0
./lib/pkgconfig/interleave.pc
EOF
diff -u "$tmp/want-files" "$tmp/files" && ok || no "installed files"
"$tmp/prefix/bin/interleave" --version | grep -q '^interleave ' && ok || no "installed binary"

export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
pkg-config --exists interleave && ok || no "pkg-config does not find interleave.pc"
libdir=$(pkg-config --variable=libdir interleave)
[ "$libdir" = "$tmp/prefix/lib" ] && ok || no "pkg-config libdir is '$libdir'"

flags="-std=c17 -Wall -Wextra -Werror -pedantic"
# shared: the rpath finds the installed copy, not one on the system
# shellcheck disable=SC2046
$cc $flags -o "$tmp/embed-shared" docs/embed.c $(pkg-config --cflags --libs interleave) \
    -Wl,-rpath,"$libdir" && ok || no "building against the shared library"
ldd "$tmp/embed-shared" | grep -q "libinterleave.so.0 => $libdir/" && ok \
    || no "embed-shared does not load $libdir/libinterleave.so.0"
# static: the archive, and the libraries it needs from Libs.private
# shellcheck disable=SC2046
$cc $flags -o "$tmp/embed-static" docs/embed.c $(pkg-config --cflags interleave) \
    "$libdir/libinterleave.a" $(pkg-config --static --libs-only-l interleave | sed 's/-linterleave//') \
    && ok || no "building against the static library"
ldd "$tmp/embed-static" | grep -q libinterleave && no "embed-static loads the shared library" || ok

cat >"$tmp/want" <<'EOF'
lost-update: 70 interleavings
      60  ok       output: 1 1  final: x=1
       6  ok       output: 1 2  final: x=2
       4  ok       output: 2 2  final: x=2
5 races
EOF
for kind in shared static; do
    "$tmp/embed-$kind" programs/lost_update.yaml >"$tmp/out-$kind" 2>"$tmp/err-$kind"
    rc=$?
    [ $rc -eq 0 ] && ok || no "embed-$kind: exit $rc"
    diff -u "$tmp/want" "$tmp/out-$kind" && ok || no "embed-$kind: output"
    [ -s "$tmp/err-$kind" ] && no "embed-$kind: stderr not empty" || ok
done
# bad input reaches the diagnostics callback, with its position
printf 'threads:\n  t1: |\n    x = = 1\n' >"$tmp/bad.yaml"
"$tmp/embed-shared" "$tmp/bad.yaml" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && ok || no "bad program: exit $rc"
grep -q "^$tmp/bad.yaml:3:[0-9]*: error: " "$tmp/err" && ok || { no "bad program: message"; cat "$tmp/err"; }

# the library's exports: the header's functions, no engine internals
nm -D --defined-only "$libdir/libinterleave.so" | awk '{print $3}' | LC_ALL=C sort >"$tmp/exports"
grep -v '^interleave_' "$tmp/exports" >"$tmp/extra" && { no "exports beyond the header:"; head "$tmp/extra"; } || ok
sed -n 's/^IL_API [^(]*[ *]\(interleave_[a-z_]*\)(.*/\1/p' include/interleave.h | LC_ALL=C sort >"$tmp/declared"
diff -u "$tmp/declared" "$tmp/exports" && ok || no "exports differ from the header's IL_API functions"

# the command line is a client of the header alone: none of its objects
# names an engine internal (il_...), only interleave_* functions
nm -u build/obj/cli/*.o | awk '{print $2}' | grep '^il_' | LC_ALL=C sort -u >"$tmp/internal"
[ -s "$tmp/internal" ] && { no "sim/cli/ uses engine internals:"; head "$tmp/internal"; } || ok
nm -u build/obj/cli/*.o | awk '{print $2}' | grep -c '^interleave_' >/dev/null && ok || no "sim/cli/ calls no API function?"

echo "embed: $pass passed, $fail failed"
[ $fail -eq 0 ]
