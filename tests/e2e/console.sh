#!/bin/sh
# End-to-end: the advisors' console under tmux against a real infocigd and
# real ssh users.  Takes a chat and exchanges lines both ways, two consoles
# race for one chat, transfer with a note, close with an outcome, lookups
# with an invalid and a valid codice fiscale, resize to 80x24, larger and
# too small, and the audit trail.  Prints TAP lines, always exits 0.
NAME=console
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1).
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"
WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples

if ! cli db init > "$D/init.log" 2>&1 || ! cli db seed --demo > "$D/seed.log" 2>&1; then
	result "demo database created" 1 "$D/init.log"
	exit 0
fi
user_key $WORKER && user_key $WORKER2
if ! daemon_start; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi
OP1=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")
OP2=$(sql "SELECT id FROM accounts WHERE login = 'operatore2'")

# 1. The demo advisor (mapped to this Unix user) and operatore2 (--as, password).
console_window a
wait_screen a "$(sql "SELECT full_name FROM accounts WHERE login = 'operatore1'") \(disponibile\)"
result "the console opens for the advisor mapped to the Unix user" $? "$D/a.screen"
# The first frame may still be reaching the terminal: wait for its last part.
wait_screen a 'F1Aiuto F2Prendi' && grep -q 'Coda (0)' "$D/a.screen" &&
    grep -q 'Le mie chat (0)' "$D/a.screen"
result "the screen has the queue, my chats and the key bar" $? "$D/a.screen"
console_login b 100 30 operatore2
wait_screen b "$(sql "SELECT full_name FROM accounts WHERE login = 'operatore2'") \(disponibile\)" 100
result "a second advisor opens with --as and a password" $? "$D/b.screen"
wait_sql "SELECT count(*) FROM advisor_state WHERE state = 'available'" 2
result "both advisors are recorded as available" $?

# 2. A user queues; the chat appears on both consoles without a key press.
session $WORKER $WORKER
exec 3> "$D/$WORKER.in"
wait_file "$D/$WORKER.out" 'Posizione in coda: 1'
echo "buongiorno, quando mi pagano?" >&3
wait_screen a 'Coda \(1\)' && wait_screen b 'Coda \(1\)' && grep -q 'lav  Mario Rossi' "$D/a.screen"
result "the queued chat appears on both consoles, with kind and name" $? "$D/a.screen"

# 3. Both press F2 at the same moment: only one gets the chat.
keys a F2 &
K1=$!
keys b F2
wait $K1
wait_sql "SELECT state FROM chats WHERE id = (SELECT max(id) FROM chats)" active
WINNER=$(sql "SELECT advisor_id FROM chats WHERE id = (SELECT max(id) FROM chats)")
if [ "$WINNER" = "$OP1" ]; then W=a L=b; else W=b L=a; fi
wait_screen $W 'Le mie chat \(1\)' && wait_screen $L 'Le mie chat \(0\)' &&
    wait_screen $L 'Coda \(0\)'
result "two consoles race for one chat and only one gets it" $? "$D/$L.screen"
wait_file "$D/$WORKER.out" 'ha preso in carico'
result "the user is told who took the chat" $? "$D/$WORKER.out"
wait_screen $W 'Mario Rossi: buongiorno, quando mi pagano' && grep -q 'CIGO-2026-D00004' "$D/$W.screen"
result "the winner sees the user's line and the case opens by itself" $? "$D/$W.screen"
[ "$(sql "SELECT count(*) FROM audit WHERE reason = 'chat' || (SELECT max(id) FROM chats)")" -ge 1 ] ||
    [ "$(sql "SELECT count(*) FROM audit WHERE chat_id = (SELECT max(id) FROM chats)")" -ge 1 ]
result "opening the chat's case is written to the audit log" $?

# 4. Lines both ways.
keys $W 'Buongiorno, verifico subito la sua domanda' Enter
wait_file "$D/$WORKER.out" 'verifico subito la sua domanda'
result "the advisor's line reaches the user" $? "$D/$WORKER.out"
echo "grazie, attendo" >&3
wait_screen $W 'Mario Rossi: grazie, attendo'
result "the user's next line appears without a key press" $? "$D/$W.screen"
printf 'riga con \033[31mcolori\033[0m e \007 campanello\n' >&3
wait_screen $W 'riga con' && ! grep -q '\[31m' "$D/$W.screen"
result "escape sequences typed by the user do not reach the console" $? "$D/$W.screen"

# 5. A Linea INPS report from the chat: an empty description is refused and
# nothing is saved; then it is filed, and the user sees the protocol.
keys $W F8
wait_screen $W 'Segnalazione Linea INPS' && grep -q 'DCM-RM' "$D/$W.screen" &&
    grep -q 'CIGO-2026-D0000' "$D/$W.screen"
result "the report form opens with the application and the competent office" $? "$D/$W.screen"
report_iban $W
keys $W Tab Tab Tab C-u
keys $W -N 200 Delete
keys $W F2
wait_screen $W 'descrizione' && grep -q 'Segnalazione Linea INPS' "$D/$W.screen" &&
    [ "$(sql "SELECT count(*) FROM reports")" = 0 ]
result "an empty description keeps the form open and saves nothing" $? "$D/$W.screen"
keys $W 'IBAN cambiato a ottobre, pagamento respinto'
keys $W F2
wait_sql "SELECT protocol || ' ' || subtopic FROM reports" 'LI-2026-0000001 IBAN errato'
result "submitting files one report with the first protocol of the year" $?
# F2 again: the form is gone, so it means take the next chat (there is none).
keys $W F2
wait_screen $W 'Nessuna chat in attesa\.' &&
    [ "$(sql "SELECT count(*) FROM reports")" = 1 ] &&
    [ "$(sql "SELECT outcome FROM chats WHERE id = (SELECT max(id) FROM chats)")" = linea_inps ]
result "the chat's outcome becomes linea_inps, and one report only" $?
wait_file "$D/$WORKER.out" 'LI-2026-0000001'
result "the user sees the protocol number in the chat" $? "$D/$WORKER.out"

# 6. Transfer to the other advisor with a note; the user is told.
keys $W F5
wait_screen $W 'Trasferisci a'
keys $W Down Enter
wait_screen $W 'Nota di trasferimento'
keys $W 'chiede dei tempi di pagamento' Enter
wait_sql "SELECT advisor_id FROM chats WHERE id = (SELECT max(id) FROM chats)" \
    "$([ $W = a ] && echo "$OP2" || echo "$OP1")"
result "transfer hands the chat to the other advisor" $?
wait_file "$D/$WORKER.out" "trasferita all'operatore"
result "the user is told about the transfer" $? "$D/$WORKER.out"
wait_screen $L 'Le mie chat \(1\)'
keys $L Tab Enter
wait_screen $L 'grazie, attendo'
keys $L PPage
wait_screen $L 'trasferita da .* a '
result "the receiver sees the history and, scrolling back, the note" $? "$D/$L.screen"
keys $L NPage

# 7. Close: the outcome of the report is preselected; the user gets the survey.
keys $L F6
wait_screen $L 'Chiudi la chat: esito'
keys $L Enter
wait_sql "SELECT state || ' ' || outcome FROM chats WHERE id = (SELECT max(id) FROM chats)" \
    'closed linea_inps'
result "closing a chat with a report records inoltrata a Linea INPS" $?
wait_file "$D/$WORKER.out" 'Quanto è soddisfatto'
result "the user gets the satisfaction question" $? "$D/$WORKER.out"
echo 5 >&3
wait_sql "SELECT satisfaction FROM chats WHERE id = (SELECT max(id) FROM chats)" 5
result "the survey answer is stored with the chat" $?
exec 3>&-

# 8. A second person: taken with Enter on the queue, closed as risolta in chat.
session $WORKER2 $WORKER2
exec 4> "$D/$WORKER2.in"
wait_screen a 'Coda \(1\)'
# Escape and F2 without a pause: ncurses splits ESC from the next key's
# sequence (ESC ESC starts no key), as a burst from tmux shows.
keys a Escape
keys a F2
wait_screen a 'Giuseppe Esposito'
keys a F3
wait_screen a 'Risposte pronte'
keys a Enter
wait_screen a '> .*esserLe utile\?'
result "a canned reply is put in the input line to be edited" $? "$D/a.screen"
keys a Enter
wait_file "$D/$WORKER2.out" 'Buongiorno Giuseppe Esposito, sono un operatore'
result "the edited canned reply reaches the user" $? "$D/$WORKER2.out"
keys a F6
wait_screen a 'Chiudi la chat: esito'
keys a Enter
wait_sql "SELECT state || ' ' || outcome FROM chats WHERE id = (SELECT max(id) FROM chats)" \
    'closed risolta'
result "closing records the chosen outcome" $?
exec 4>&-

# 9. Lookups: an invalid and a valid codice fiscale.
keys a Escape
keys a F4
wait_screen a 'Codice fiscale, partita IVA'
keys a 'RSSMRA85T10A562X' Enter
wait_screen a 'carattere di controllo|non valid'
result "an invalid codice fiscale gets a message in the console" $? "$D/a.screen"
keys a F4
wait_screen a 'Codice fiscale, partita IVA'
keys a 'SPSGPP70D02G964E' Enter
wait_screen a 'Pratica: SPSGPP70D02G964E'
result "a valid codice fiscale opens the person's case" $? "$D/a.screen"
[ "$(sql "SELECT count(*) FROM audit WHERE actor_id = $OP1 AND reason = 'ricerca manuale' AND subject LIKE '%SPSGPP70D02G964E%'")" -ge 1 ]
result "the manual lookup is in the audit log" $?

# 10. Sizes: 80x24, larger, too small, and back.
resize a 80 24
wait_redrawn a 80 24 'F10Esci' && grep -q 'Coda (' "$D/a.screen"
result "the console redraws at 80x24" $? "$D/a.screen"
resize a 160 45
wait_screen a 'Le mie chat' && [ "$(wc -l < "$D/a.screen")" -ge 44 ]
result "the console uses a larger terminal" $? "$D/a.screen"
resize a 60 15
wait_screen a 'Terminale troppo piccolo'
result "a terminal too small gets a message" $? "$D/a.screen"
resize a 100 30
wait_screen a 'F1Aiuto'
result "the console comes back after growing again" $? "$D/a.screen"

# 11. Quit: the advisor goes offline.
keys a F10
keys b F10
wait_sql "SELECT count(*) FROM advisor_state WHERE state = 'offline'" 2
result "quitting sets the advisors offline" $?

# 12. Someone who is not staff gets a clear refusal.
console_login c 100 30 $WORKER2
wait_file "$D/c.err" 'riservat\|non è un operatore\|non autorizzat\|accesso negato' 50
result "a non-staff account is refused" $? "$D/c.err"
exit 0
