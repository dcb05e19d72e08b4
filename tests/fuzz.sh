#!/bin/sh
# make fuzz: builds the libFuzzer targets of src/fuzz/ with clang and runs
# each for a bounded time (FUZZ_SECONDS, default 60) under ASan and UBSan.
# Exits non-zero when a target does not build or crashes; the crashing
# input is left in build/fuzz/.
#   tests/fuzz.sh [--build-only]   (make check builds them, without running)
cd "$(dirname "$0")/.." || exit 2
MODE=${1:-run}
SECONDS_EACH=${FUZZ_SECONDS:-60}
OUT=build/fuzz
CC=${FUZZ_CC:-clang}
PKGS="libssh libconfig sqlite3 ncursesw"
mkdir -p "$OUT/obj"
command -v "$CC" > /dev/null || { echo "fuzz: $CC not found" >&2; exit 1; }
PKG_CFLAGS=$(pkg-config --cflags $PKGS) && PKG_LIBS=$(pkg-config --libs $PKGS) || {
	echo "fuzz: pkg-config cannot find $PKGS (make deps)" >&2; exit 1; }
FLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -Iinclude -fno-sanitize-recover=undefined $PKG_CFLAGS"
LIBS="$PKG_LIBS -lcrypto -lcrypt -lm"
export CC FLAGS OUT

# Every module but the programs' mains, compiled once (fuzzer-no-link) into
# one archive, two compilers at a time; an object newer than its source and
# than every header is kept.
newest_header=$(ls -t include/*.h src/*/*.h 2>/dev/null | head -1)
ls src/*/*.c | grep -v '^src/fuzz/' | xargs -P 2 -I{} sh -c '
	o="$OUT/obj/$(echo "{}" | tr / _).o"
	if [ "$o" -nt "{}" ] && [ "$o" -nt "'"$newest_header"'" ]; then exit 0; fi
	$CC $FLAGS -fsanitize=fuzzer-no-link,address,undefined -c -o "$o" "{}" || {
		echo "fuzz: {} does not build" >&2; exit 1; }' || exit 1
rm -f "$OUT/libfuzz.a"
ar rcs "$OUT/libfuzz.a" "$OUT"/obj/*.o || exit 1

# libconfig 1.5 leaks its string buffer on some syntax errors (strbuf_append
# in its scanner): not ours to fix, so LeakSanitizer is told to skip it.
printf 'leak:libconfig.so\n' > "$OUT/lsan.supp"
export LSAN_OPTIONS="suppressions=$(pwd)/$OUT/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

status=0
for t in src/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	echo "fuzz: building $name"
	# shellcheck disable=SC2086
	if ! $CC $FLAGS -fsanitize=fuzzer,address,undefined -o "$OUT/$name" "$t" \
	    "$OUT/libfuzz.a" $LIBS; then
		echo "fuzz: $name does not build" >&2
		status=1
		continue
	fi
	[ "$MODE" = --build-only ] && continue
	mkdir -p "$OUT/$name.corpus"
	case $name in
	fuzz_conf)
		cp conf/infocig.conf "$OUT/$name.corpus/seed1"
		printf 'ssh = { listen = "::1"; };\n\000ssh.port=2\nservice.closures=2026-12-24\n' \
		    > "$OUT/$name.corpus/seed2" ;;
	fuzz_csv)
		cp tests/e2e/fixtures/companies.csv "$OUT/$name.corpus/seed1"
		printf 'a,"b\r\nc",=1\r\n"x""y",@z\n' > "$OUT/$name.corpus/seed2" ;;
	fuzz_valid)
		printf 'RSSMRA85T10A562S' > "$OUT/$name.corpus/seed1"
		printf 'IT60X0542811101000000123456' > "$OUT/$name.corpus/seed2"
		printf 'Niccol\303\262 \342\200\256x' > "$OUT/$name.corpus/seed3" ;;
	fuzz_totp)
		printf '\001\002\003JBSWY3DPEHPK3PXP\n123456' > "$OUT/$name.corpus/seed1"
		printf '\001\002\003enc1:AAAAAAAAAAAAAAAAAAAAAAAA\n000 000' > "$OUT/$name.corpus/seed2" ;;
	*)
		printf 'ciao\r' > "$OUT/$name.corpus/seed1"
		printf '\200ab\033[D\033[Dx\177\027\025/esci\r' > "$OUT/$name.corpus/seed2"
		printf '\005\303\250\033]0;t\007\033[31m\342\200\256z\r\n' > "$OUT/$name.corpus/seed3" ;;
	esac
	echo "fuzz: running $name for ${SECONDS_EACH}s"
	if ! (cd "$OUT" && "./$name" -max_total_time="$SECONDS_EACH" -max_len=4096 \
	    -print_final_stats=1 "$name.corpus" > "$name.log" 2>&1); then
		echo "fuzz: $name FAILED, see $OUT/$name.log" >&2
		tail -30 "$OUT/$name.log" >&2
		status=1
	else
		grep -E 'stat::number_of_executed_units' "$OUT/$name.log" | sed "s/^/fuzz: $name /"
	fi
done
[ "$MODE" = --build-only ] && [ $status -eq 0 ] && echo "fuzz: every target builds"
exit $status
