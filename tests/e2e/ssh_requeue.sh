#!/bin/sh
# End-to-end: chats left behind.  An advisor takes a chat and quits the
# console; the person is told on screen and is back at the head of the
# queue, where another advisor takes the chat.  An advisor whose console
# went silent (no heartbeat for 90 s) loses the chat the same way.
# Prints TAP lines, always exits 0.
NAME=requeue
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1).
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

WORKER=RSSMRA85T10A562S
demo_db && user_key $WORKER || { result "demo database and key" 1 "$D/seed.log"; exit 0; }
daemon_start || { result "infocigd starts" 1 "$D/daemon.log"; exit 0; }
OP1=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")

ssh_window mario $WORKER
wait_screen mario 'Posizione in coda: 1'
console_window op1
wait_screen op1 'Coda \(1\)'
keys op1 F2
wait_screen mario 'ha preso in carico' && wait_sql "SELECT advisor_id FROM chats" "$OP1"
result "the advisor takes the chat" $? "$D/mario.screen"

# 1. The advisor quits the console with the chat open.
keys op1 F10
wait_screen op1 'tornerà in coda. Uscire\?' && keys op1 Down Enter
wait_screen mario "L.operatore non è più collegato" 200 &&
    wait_screen mario 'Posizione in coda: 1'
result "the person is told the advisor left and is first in the queue again" $? "$D/mario.screen"
[ "$(sql "SELECT state || ' ' || coalesce(advisor_id, '-') FROM chats")" = "queued -" ] &&
    [ "$(sql "SELECT count(*) FROM chat_transfers WHERE to_id IS NULL AND note LIKE 'operatore non più collegato%'")" = 1 ]
result "the chat is queued again, the hand-over on record" $?

# 2. Another advisor takes it from the queue.
console_window op2 100 30 "--as operatore2"
wait_screen op2 'assword' 50 && type_line op2 demo
wait_screen op2 'Coda \(1\)' 100 && keys op2 F2
wait_screen mario 'Davide Conti ha preso in carico' 100
result "another advisor takes it over" $? "$D/mario.screen"

# 3. A console gone silent: its heartbeat is 200 s old.
OP2=$(sql "SELECT id FROM accounts WHERE login = 'operatore2'")
$TM kill-session -t =op2: 2>/dev/null
sql "UPDATE advisor_state SET state = 'available', heartbeat = strftime('%s', '2026-11-24 14:26:40')
    WHERE account_id = $OP2"
wait_sql "SELECT state FROM chats" queued 200
result "the chat of an advisor whose console went silent goes back to the queue" $? "$D/daemon.log"
