#!/bin/sh
# End-to-end: queue and chat through the database.  Two people queue (their
# positions), an advisor takes a chat and replies (rows written with the
# sqlite3 CLI, as the console would through chat.h), escape sequences typed
# by the person never reach the database, the survey is stored, a dropped
# connection gets the same chat back, and so does a chat whose daemon was
# killed with -9.  Prints TAP lines, always exits 0.
NAME=chat
. "${0%/*}/lib.sh"
WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples
CONSULTANT=NREPLA72E43B639O	# Paola Neri, two companies
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1).
NOW=2026-11-24T14:30:00
DAEMON_NOW=$NOW
stop_daemon() { daemon_stop "$@"; }
start_daemon() { daemon_start -o ssh.workers=2; }

demo_db || { result "demo database created" 1 "$D/seed.log"; exit 0; }
user_key $WORKER $WORKER2 $CONSULTANT
result_why "demo database and keys" $? "$(cat "$D"/key-*.log)"
if ! start_daemon; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi
ADVISOR=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")
T0=$(sql "SELECT strftime('%s', '2026-11-24 14:30:00')")

# 1. Two people queue: positions 1 and 2.
session q1 $WORKER
exec 4> "$D/q1.in"
Q1=$SESSION
wait_sql "SELECT count(*) FROM chats WHERE state = 'queued'" 1
wait_file "$D/q1.out" 'Posizione in coda: 1'
result "first in the queue sees position 1" $? "$D/q1.out"
session q2 $WORKER2
exec 5> "$D/q2.in"
Q2=$SESSION
wait_file "$D/q2.out" 'Posizione in coda: 2'
result "second in the queue sees position 2" $? "$D/q2.out"
C1=$(sql "SELECT c.id FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER' AND state = 'queued'")
[ "$(sql "SELECT channel FROM chats WHERE id = $C1")" = lavoratori ]
result "a worker queues in channel lavoratori" $?

# 2. The first leaves by dropping the connection: the second moves up.
killtree "$Q1"
wait_sql "SELECT state FROM chats WHERE id = $C1" disconnected
result "dropped connection marks the chat disconnected" $?
wait_file "$D/q2.out" 'Posizione in coda: 1'
result "position refreshed when the queue moves" $? "$D/q2.out"
killtree "$Q2"

# 3. Reconnect within the grace time: the same chat, with its history.
sql "INSERT INTO messages (chat_id, sender, at, body) VALUES ($C1, 'user', $T0, 'riga di prima')"
session r $WORKER
exec 3> "$D/r.in"
wait_file "$D/r.out" 'Posizione in coda'
echo /esci >&3
exec 3>&-
wait_gone $SESSION
grep -q 'Bentornato' "$D/r.out" && grep -q 'riga di prima' "$D/r.out" &&
    [ "$(sql "SELECT count(*) FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER'")" = 1 ]
result "reconnect within reconnect_grace gets the same chat back" $? "$D/r.out"
wait_sql "SELECT state FROM chats WHERE id = $C1" abandoned
result "leaving the resumed chat's queue stores abandoned" $?

# 4. A whole chat: escape sequences typed, advisor takes and replies, survey.
ESC=$(printf '\033')
(
	printf 'buongiorno %s]0;titolo%s\\%s[2J%s[31mciao\n' "$ESC" "$ESC" "$ESC" "$ESC"
	wait_sql "SELECT count(*) FROM messages m JOIN chats c ON c.id = m.chat_id JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER2' AND m.sender = 'advisor'" 1 200
	wait_file "$D/chat.out" 'Operatore Francesca Marino: Buongiorno' 100
	printf 'grazie\n'
	wait_sql "SELECT count(*) FROM messages m JOIN chats c ON c.id = m.chat_id JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER2' AND m.sender = 'user' AND m.body = 'grazie'" 1
	printf '/esci\n'
	wait_file "$D/chat.out" 'Quanto' 100
	printf '4\n'
	wait_sql "SELECT c.satisfaction FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER2' ORDER BY c.id DESC LIMIT 1" 4
) | ssh_key $WORKER2 > "$D/chat.out" 2>&1 &
CHATPID=$!
BG="$BG $CHATPID"
wait_sql "SELECT count(*) FROM messages m JOIN chats c ON c.id = m.chat_id JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER2' AND c.state = 'queued'" 1 200
C2=$(sql "SELECT c.id FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER2' AND c.state = 'queued'")
[ -n "$C2" ]
result "chat queued and the first line stored" $? "$D/chat.out"
BODY=$(sql "SELECT body FROM messages WHERE chat_id = $C2 AND sender = 'user' ORDER BY id LIMIT 1")
[ "$BODY" = "buongiorno ciao" ] && [ "$(sql "SELECT count(*) FROM messages WHERE instr(body, char(27)) > 0")" = 0 ]
result "escape sequences stripped before storage" $?
# The advisor takes it: the same conditional UPDATE as chat_take().
sql "UPDATE chats SET state = 'active', advisor_id = $ADVISOR, taken_at = $T0 + 60 WHERE id = $C2 AND state = 'queued'"
wait_file "$D/chat.out" 'Francesca Marino ha preso in carico'
result "the person is told who took the chat" $? "$D/chat.out"
sql "UPDATE chats SET state = 'active', advisor_id = 99 WHERE id = $C2 AND state = 'queued'"
[ "$(sql "SELECT advisor_id FROM chats WHERE id = $C2")" = "$ADVISOR" ]
result "a second take of the same chat changes nothing" $?
sql "INSERT INTO messages (chat_id, sender, account_id, at, body) VALUES ($C2, 'advisor', $ADVISOR, $T0 + 70, 'Buongiorno, come posso aiutarla?')"
wait_file "$D/chat.out" '\[15:31\] Operatore Francesca Marino: Buongiorno, come posso aiutarla?'
result "advisor's reply arrives with its time" $? "$D/chat.out"
wait_sql "SELECT body FROM messages WHERE chat_id = $C2 AND sender = 'user' ORDER BY id DESC LIMIT 1" grazie
result "person's reply stored" $?
wait_sql "SELECT state || ' ' || coalesce(satisfaction, '') FROM chats WHERE id = $C2" "closed 4" 150
result "/esci closes the chat and the 1-5 answer is stored" $? "$D/chat.out"
wait "$CHATPID"
result "session ends with status 0" $? "$D/chat.out"

# 5. A company consultant chooses the company, queues in channel aziende.
session co $CONSULTANT
exec 3> "$D/co.in"
wait_file "$D/co.out" 'Per quale azienda'
echo 2 >&3
wait_file "$D/co.out" 'Posizione in coda'
echo /esci >&3
exec 3>&-
wait_gone $SESSION
grep -q 'Per quale azienda' "$D/co.out" && grep -q 'Scrive per conto di' "$D/co.out" &&
    [ "$(sql "SELECT channel FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$CONSULTANT'")" = aziende ]
result "consultant chooses a company and queues in channel aziende" $? "$D/co.out"

# 6. The daemon is killed with -9 while someone waits; the next start marks
#    the chat disconnected and the person gets it back.
session k1 $WORKER
exec 4> "$D/k1.in"
K1=$SESSION
wait_file "$D/k1.out" 'Posizione in coda'
C3=$(sql "SELECT c.id FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER' AND c.state = 'queued'")
pkill -9 -P "$DPID" 2>/dev/null
kill -9 "$DPID" 2>/dev/null
DPID=
killtree "$K1"
if start_daemon && wait_sql "SELECT state FROM chats WHERE id = $C3" disconnected 50; then
	session k2 $WORKER
	exec 3> "$D/k2.in"
	wait_file "$D/k2.out" 'Posizione in coda'
	echo /esci >&3
	exec 3>&-
	wait_gone $SESSION
	grep -q 'Bentornato' "$D/k2.out" && wait_sql "SELECT state FROM chats WHERE id = $C3" abandoned
	result "after kill -9 and restart the chat is disconnected, then resumed" $? "$D/k2.out"
else
	result "after kill -9 and restart the chat is disconnected, then resumed" 1 "$D/daemon.log"
fi
exit 0
