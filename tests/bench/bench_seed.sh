#!/bin/sh
# Speed of "infocig db seed --workers N" on a throwaway database.
#   tests/bench/bench_seed.sh [INFOCIG_BINARY]
# BENCH_WORKERS (default 1000000) and BENCH_SEED (default 1) choose the data
# set.  Prints the wall time, rows per second, the database size and the time
# extrapolated to 5,000,000 workers (linear: the index sorts grow a little
# faster than that, so read it as a lower bound).
set -eu

cd "$(dirname "$0")/../.."
BIN=${1:-./infocig}
N=${BENCH_WORKERS:-1000000}
SEED=${BENCH_SEED:-1}
TARGET=5000000

if [ ! -x "$BIN" ]; then
	echo "bench_seed: $BIN not found: build it first (make)" >&2
	exit 2
fi
# The binary looks for data/ beside itself; point it at this tree's.
INFOCIG_DATADIR=${INFOCIG_DATADIR:-$(pwd)/data}
export INFOCIG_DATADIR

TMP=$(mktemp -d "${TMPDIR:-/tmp}/infocig-bench-seed.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# Milliseconds since the epoch where date(1) knows %N, else whole seconds.
now_ms() {
	t=$(date +%s%N 2>/dev/null || true)
	case $t in
	*N|'') echo $(($(date +%s) * 1000)) ;;
	*) echo $((t / 1000000)) ;;
	esac
}

run() {
	"$BIN" -f conf/infocig.conf -o database="$TMP/db" "$@"
}

run db init > /dev/null
start=$(now_ms)
run db seed --workers "$N" --seed "$SEED" > "$TMP/out"
end=$(now_ms)

sed 's/^/  /' "$TMP/out"
rows=$(sed -n 's/^Righe scritte: \([0-9]*\).*/\1/p' "$TMP/out")
bytes=0
for f in "$TMP/db" "$TMP/db-wal"; do
	[ -f "$f" ] && bytes=$((bytes + $(wc -c < "$f")))
done

awk -v n="$N" -v ms="$((end - start))" -v rows="${rows:-0}" -v bytes="$bytes" \
    -v target="$TARGET" -v cores="$(nproc 2>/dev/null || echo '?')" 'BEGIN {
	s = ms / 1000
	printf "bench_seed: %d workers, %d rows in %.1f s wall: %.0f rows/s, %.0f workers/s\n",
	    n, rows, s, (s > 0 ? rows / s : 0), (s > 0 ? n / s : 0)
	printf "bench_seed: database %.1f MB (%.0f bytes per worker)\n",
	    bytes / 1048576, (n > 0 ? bytes / n : 0)
	printf "bench_seed: %d workers extrapolated: %.0f s (target 120 s, %s cores)\n",
	    target, s * target / n, cores
}'
