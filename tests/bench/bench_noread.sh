#!/bin/sh
# Benchmark: memory of a worker whose client stops reading (issue 18.1).
# A person is chatting in a stock `ssh -tt`; the client is then stopped
# (SIGSTOP: it reads nothing more) while the advisor writes 900-character
# lines.  Prints the worker's RSS growth and how much output was written
# before the daemon dropped the session for not draining its output.
# Figures, not a pass/fail test.
NAME=bench-noread
NOW=2026-11-24T14:30:00
. "${0%/*}/../e2e/lib.sh"

WORKER=RSSMRA85T10A562S
LINES=${BENCH_NOREAD_LINES:-3000}

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

demo_db && user_key $WORKER && daemon_start || { echo "bench_noread: setup failed"; exit 1; }
WPID=$(pgrep -P "$DPID" | head -1)
ssh_window w1 $WORKER 80 24
wait_screen w1 'Posizione in coda' 150 || { echo "bench_noread: no session"; exit 1; }
CHAT=$(sql "SELECT id FROM chats WHERE state = 'queued'")
sql "UPDATE chats SET state = 'active', advisor_id = (SELECT id FROM accounts WHERE login = 'operatore1'), taken_at = strftime('%s', '2026-11-24 14:31:00') WHERE id = $CHAT"
wait_screen w1 'ha preso in carico' 100
PANE=$($TM display -p -t w1 '#{pane_pid}')
SSHPID=$(pgrep -P "$PANE" -x ssh)
kill -STOP "$SSHPID"
R0=$(rss "$WPID")
MAX=$R0
i=0
while [ $i -lt "$LINES" ]; do
	sql "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 20)
	    INSERT INTO messages (chat_id, sender, account_id, at, body)
	    SELECT $CHAT, 'advisor', (SELECT id FROM accounts WHERE login = 'operatore1'),
	    strftime('%s', '2026-11-24 14:32:00'), replace(hex(zeroblob(450)), '0', 'x') FROM n"
	i=$((i + 20))
	sleep 0.05
	r=$(rss "$WPID")
	[ -n "$r" ] && [ "$r" -gt "$MAX" ] && MAX=$r
	grep -q 'output queue full' "$D/daemon.log" && break
done
kill -CONT "$SSHPID"
if grep -q 'output queue full' "$D/daemon.log"; then
	dropped="dropped after $i lines ($((i * 900 / 1024)) KiB written by the advisor)"
else
	dropped="not dropped after $i lines"
fi
echo "noread: worker RSS $R0 kB -> max $MAX kB (growth $((MAX - R0)) kB); session $dropped"
exit 0
