#!/bin/sh
# make bench: every benchmark, each printing its figures beside a peer's.
#   BENCH_WORKERS=N   size of the seeded database (default 1000000; the
#                     targets are stated for 5000000)
#   BENCH_CHATS=N     past chats of the statistics benchmark (default 1000000)
#   BENCH_SSH_*       sizes of bench_ssh.sh (infocigd beside sshd), see there
BUILD=${1:-build/rel}
cd "$(dirname "$0")/../.." || exit 1
N=${BENCH_WORKERS:-1000000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/infocig-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
echo "== seed: $N workers"
./infocig -f conf/infocig.conf -o database="$TMP/db" db init >/dev/null || exit 1
start=$(date +%s.%N)
./infocig -f conf/infocig.conf -o database="$TMP/db" db seed --workers "$N" --seed 1 || exit 1
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$N" 'BEGIN {
	t = e - s; printf "seed: %d workers in %.1f s = %.0f workers/s; 5,000,000 would take %.0f s (target < 120 s)\n", n, t, n / t, 5000000 * t / n }'
ls -l "$TMP/db" | awk '{ printf "database size: %.0f MB\n", $5 / 1048576 }'
echo "== lookup"
"$BUILD/tests/bench_lookup" "$TMP/db" 10000 || exit 1
echo "== stats: ${BENCH_CHATS:-1000000} past chats"
"$BUILD/tests/bench_stats" "$TMP/stats.db" "${BENCH_CHATS:-1000000}" 200 || exit 1
echo "== import"
"$BUILD/tests/bench_import" 300000 || exit 1
echo "== edit"
"$BUILD/tests/bench_edit" || exit 1
export BENCH_DB="$TMP/db"
for b in tests/bench/bench_*.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	INFOCIG_BUILD=$BUILD sh "$b"
done
