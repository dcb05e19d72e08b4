#!/bin/sh
# The console's start-up to its first full screen on the seeded database
# (target: at most 150 ms on the 5,000,000-worker seed), under tmux with
# INFOCIG_CONSOLE_ONESHOT (draw the first screen, then exit).  The peer is
# clear(1), which loads the same terminfo entry and clears the screen.
#   BENCH_DB=FILE   the seeded database (make bench passes it)
#   RUNS=N          starts measured (default 20)
cd "$(dirname "$0")/../.." || exit 1
DB=${BENCH_DB:?BENCH_DB: the seeded database}
RUNS=${RUNS:-20}
T=$(mktemp -d "${TMPDIR:-/tmp}/infocig-bench-console.XXXXXX") || exit 1
TM="tmux -L infocig-bench-$$ -f /dev/null"
trap '$TM kill-server 2>/dev/null; rm -rf "$T"' EXIT INT TERM
CLI="./infocig -f conf/infocig.conf -o database=$DB"

# An advisor mapped to this Unix user and 50 people waiting.
me=$(id -un)
$CLI account add bench.advisor --role advisor --name "Operatore Benchmark" \
    --unix-user "$me" > /dev/null 2>&1
sqlite3 "$DB" "INSERT OR IGNORE INTO accounts (login, role, full_name, worker_id, province,
      created_at) SELECT cf, 'worker', name || ' ' || surname, id, province, 0
      FROM workers ORDER BY id LIMIT 50;
    INSERT INTO chats (account_id, channel, province, state, queued_at)
      SELECT id, 'lavoratori', province, 'queued', strftime('%s', 'now') - id
      FROM accounts WHERE role = 'worker' AND id NOT IN (SELECT account_id FROM chats);" ||
    exit 1

# run NAME COMMAND: RUNS wall-clock times in ms, one per line, into $T/NAME.
run() {
	: > "$T/$1.us"
	i=0
	while [ $i -lt "$RUNS" ]; do
		$TM new -d -x 100 -y 30 "s=\$(date +%s%N); $2 > /dev/null 2>&1 < /dev/tty;
		    e=\$(date +%s%N); echo \$(( (e - s) / 1000 )) >> '$T/$1.us'"
		n=0
		while [ "$(wc -l < "$T/$1.us" 2>/dev/null || echo 0)" -le $i ] && [ $n -lt 100 ]; do
			sleep 0.05
			n=$((n + 1))
		done
		i=$((i + 1))
	done
}
run console "env INFOCIG_CONSOLE_ONESHOT=1 LANG=C.UTF-8 $CLI"
run peer "clear"
for k in console peer; do
	sort -n "$T/$k.us" | awk -v k="$k" '{ v[NR] = $1 } END {
		if (NR == 0) { printf "%s: no measurement\n", k; exit }
		printf "%-8s start to first full screen: p50 %.1f ms, p90 %.1f ms, max %.1f ms (%d runs)\n",
		    k, v[int(NR * 0.5 + 0.5)] / 1000, v[int(NR * 0.9 + 0.5)] / 1000, v[NR] / 1000, NR }'
done
echo "target: console p50 at most 150 ms on the 5,000,000-worker seed"
