#!/bin/sh
# End-to-end: the statistics screen computes a long history off its loop
# (issue 19).  With 600,000 chats of a year written with the sqlite3 tool and
# the aggregates not built, the history of the year is computed from the
# chats on a thread: the progress line shows, the live figures keep updating
# meanwhile (a new chat appears in them), Esc stops it, and asked again the
# result arrives.  After infocig stats --rebuild the same history comes from
# the aggregates.  Prints TAP lines, always exits 0.
NAME=cprogress
# Tuesday 24 November 2026, 16:30:00 in Rome (UTC+1).
NOW=2026-11-24T15:30:00
. "${0%/*}/lib.sh"
S=$D/s.screen

for tool in tmux sqlite3; do
	if ! command -v $tool > /dev/null; then
		echo "not ok - the $tool tool is needed"
		exit 0
	fi
done
if ! cli db init > "$D/init.log" 2>&1 || ! cli db seed --demo > "$D/seed.log" 2>&1; then
	result "demo database created" 1 "$D/init.log"
	exit 0
fi

t() { date -u -d "$1 UTC - 1 hour" +%s; }
OP1=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")
WORKER=$(sql "SELECT id FROM accounts WHERE role = 'worker' LIMIT 1")
START=$(t "2025-11-25 15:00:00")
# 2,400 chats a day for 250 days from 25/11/2025, 4 s apart from 15:00.
sql "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 599999)
INSERT INTO chats (account_id, channel, province, state, queued_at, taken_at, ended_at,
    advisor_id, outcome, satisfaction)
SELECT $WORKER, CASE i % 3 WHEN 0 THEN 'aziende' ELSE 'lavoratori' END, 'RM', 'closed',
    $START + (i / 2400) * 86400 + (i % 2400) * 4, $START + (i / 2400) * 86400 + (i % 2400) * 4 + 30,
    $START + (i / 2400) * 86400 + (i % 2400) * 4 + 330, $OP1, 'risolta', 1 + i % 5 FROM n;" \
    > "$D/sql.log" 2>&1
result "600,000 chats of a year written with sqlite3" $? "$D/sql.log"

console_login s 100 30 supervisore
wait_screen s 'Statistiche dal vivo: 24/11/2026 ore 16:30:00' 100
result "the supervisor's console opens on the live statistics" $? "$S"

# The history of the year, from the chats: the progress line, and the live
# figures still move (a chat queued now appears in them) before it is done.
WAITING=$(grep -Eo 'In attesa +[0-9]+' "$S" | grep -Eo '[0-9]+$')
keys s F4
wait_screen s 'Giorno \(AAAA-MM-GG\) o intervallo' 30
keys s C-u '2025-11-25 2026-11-24' Enter
wait_screen s 'Calcolo dello storico dal 2025-11-25 al 2026-11-24: [0-9]+%\.\.\. \(dalle chat' 50
result "the progress line shows while the history is computed, and why it is slow" $? "$S"
sql "INSERT INTO chats (account_id, channel, province, state, queued_at) VALUES
    ($WORKER, 'aziende', 'RM', 'queued', $(t '2026-11-24 16:29:00'))"
wait_screen s "In attesa +$((WAITING + 1)) " 50 &&
    grep -Eq 'Calcolo dello storico dal 2025-11-25 al 2026-11-24: [0-9]+%' "$S" &&
    grep -q 'Statistiche dal vivo' "$S"
result "the live figures keep updating meanwhile" $? "$S"
keys s Escape
wait_screen_gone s 'Calcolo dello storico' 30 && grep -q 'Statistiche dal vivo' "$S"
result "Esc stops it" $? "$S"

keys s F4
wait_screen s 'Giorno \(AAAA-MM-GG\) o intervallo' 30
keys s C-u '2025-11-25 2026-11-24' Enter
wait_screen s 'Calcolo dello storico dal 2025-11-25' 50 &&
    wait_screen s 'Storico: dal 25/11/2025 al 24/11/2026' 600 &&
    grep -Eq 'Offerte +6[0-9]{5} ' "$S" && ! grep -q 'Calcolo dello storico' "$S"
result "asked again, the result arrives" $? "$S"
keys s Escape
wait_screen s 'Statistiche dal vivo' 30

as supervisore stats --rebuild
[ $rc -eq 0 ] && has "statistiche ricostruite: 6" && [ "$(sql 'SELECT built FROM stats_agg_meta')" = 1 ]
result "stats --rebuild" $? "$OUT"
keys s F4
wait_screen s 'Giorno \(AAAA-MM-GG\) o intervallo' 30
keys s C-u '2025-11-25 2026-11-24' Enter
wait_screen s 'Storico: dal 25/11/2025 al 24/11/2026' 30 && grep -Eq 'Offerte +6[0-9]{5} ' "$S"
result "from the aggregates the result arrives at once" $? "$S"
keys s F10
exit 0
