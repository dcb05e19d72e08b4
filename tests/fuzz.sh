#!/bin/sh
# make fuzz: builds the libFuzzer targets of src/fuzz/ with clang and runs
# each for a bounded time (FUZZ_SECONDS, default 60).  Exits non-zero when a
# target crashes; the crashing input is left in build/fuzz/.
cd "$(dirname "$0")/.." || exit 2
SECONDS_EACH=${FUZZ_SECONDS:-60}
OUT=build/fuzz
CC=${FUZZ_CC:-clang}
mkdir -p "$OUT"
command -v "$CC" > /dev/null || { echo "fuzz: $CC not found" >&2; exit 1; }
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -Iinclude -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined $(pkg-config --cflags libssh libconfig sqlite3 2>/dev/null)"
LIBS="$(pkg-config --libs libssh libconfig sqlite3 2>/dev/null) -lcrypto -lcrypt -lm"
# The modules a target may use: everything but the programs and the network.
SRCS=$(ls src/common/*.c src/text/*.c src/shell/*.c src/queue/*.c src/valid/*.c \
    src/domain/*.c src/store/*.c src/lookup/*.c src/conf/*.c src/auth/*.c 2>/dev/null)
status=0
for t in src/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	echo "fuzz: building $name"
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -o "$OUT/$name" "$t" $SRCS $LIBS; then
		status=1
		continue
	fi
	mkdir -p "$OUT/$name.corpus"
	printf 'ciao\r' > "$OUT/$name.corpus/seed1"
	printf '\200ab\033[D\033[Dx\177\027\025/esci\r' > "$OUT/$name.corpus/seed2"
	printf '\005\303\250\033]0;t\007\033[31m\342\200\256z\r\n' > "$OUT/$name.corpus/seed3"
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
exit $status
