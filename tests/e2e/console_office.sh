#!/bin/sh
# End-to-end: the office operators' console under tmux.  A report filed by
# the advisor with "infocig report file" appears on the Rome office's
# console; the operator takes it, adds a note and closes it with an
# outcome; a second operator of the same office cannot take it; a report
# filed while the consoles are open appears without a key press, and so
# does the other operator's change; the database rows, the worker's
# /segnalazioni over a real ssh session, 80x24 and larger, NO_COLOR.
# Prints TAP lines, always exits 0.
NAME=office
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1): the service is open.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"
WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome: office DCM-RM
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples: office DCM-NA

if [ ! -x "$CLI" ] || [ ! -x ./infocigd ]; then
	echo "not ok - ./infocig and ./infocigd are not built"
	exit 0
fi
if ! cli db init > "$D/init.log" 2>&1 || ! cli db seed --demo > "$D/init.log" 2>&1; then
	result "demo database created" 1 "$D/init.log"
	exit 0
fi

# 1. Two reports filed by the advisor (mapped to this Unix user): one for
# Rome, one for Naples; a second operator for the Rome office.
cli report file --worker $WORKER --practice CIGO-2026-D00002 --topic Pagamento \
    --subtopic "IBAN errato" --description "IBAN respinto dalla banca: il lavoratore ha un nuovo conto." \
    > "$D/file1.out" 2>&1 &&
    grep -q "LI-2026-0000001 inoltrata alla sede DCM-RM" "$D/file1.out"
result "the advisor files LI-2026-0000001 to the Rome office" $? "$D/file1.out"
cli report file --worker $WORKER2 --topic Autorizzazione --subtopic "Istruttoria ferma" \
    --description "Domanda ferma da tre mesi." > "$D/file2.out" 2>&1 &&
    grep -q "LI-2026-0000002 inoltrata alla sede DCM-NA" "$D/file2.out"
result "and LI-2026-0000002 to the Naples office" $? "$D/file2.out"
printf 'demo\n' | cli account add sede.roma2 --role office --name "Laura Bianchi" \
    --office DCM-RM > "$D/add.out" 2>&1
result "a second operator for the Rome office" $? "$D/add.out"
SEDE1=$(sql "SELECT id FROM accounts WHERE login = 'sede.roma'")
SEDE2=$(sql "SELECT id FROM accounts WHERE login = 'sede.roma2'")
OP1=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")

# 2. The Rome operator's console opens on the office's new reports.
console_login a 100 30 sede.roma
wait_screen a 'Roberto Moretti \(sede\)'
result "the office console opens with --as and a password" $? "$D/a.screen"
grep -q '1 Nuove (1) .*2 In lavorazione (0) .*3 Chiuse (0)' "$D/a.screen" &&
    grep -q 'LI-2026-0000001 24/11 15:30 Pagamento > IBAN errato .*Mario Rossi' "$D/a.screen" &&
    ! grep -q 'LI-2026-0000002' "$D/a.screen"
result "the list shows the office's new report and not another office's" $? "$D/a.screen"
grep -q 'Dettaglio LI-2026-0000001' "$D/a.screen" &&
    grep -q 'Lavoratore: Mario Rossi (RSSMRA85T10A562S)' "$D/a.screen" &&
    grep -q 'Domanda: CIGO-2026-D00002' "$D/a.screen" &&
    grep -q 'IBAN respinto dalla banca: il lavoratore ha un nuovo conto.' "$D/a.screen" &&
    grep -q 'inoltrata - Francesca Marino' "$D/a.screen"
result "the detail shows the person, the application, the description and the history" $? "$D/a.screen"
grep -q 'F1Aiuto F2Prendi F3Nota F6Chiudi F10Esci' "$D/a.screen" &&
    grep -q 'Sede DCM-RM' "$D/a.screen"
result "the key bar and the office" $? "$D/a.screen"

# 3. Take it in charge.
keys a F2
wait_sql "SELECT status || '|' || handler_id FROM reports WHERE protocol = 'LI-2026-0000001'" \
    "in_lavorazione|$SEDE1"
result "F2 takes the report in charge" $?
wait_screen a 'Segnalazione LI-2026-0000001 presa in carico.' &&
    grep -q '1 Nuove (0) .*2 In lavorazione (1)' "$D/a.screen" &&
    grep -q 'in lavorazione, in carico a Roberto Moretti' "$D/a.screen" &&
    grep -q 'presa in carico - Roberto Moretti' "$D/a.screen"
result "the screen follows the report to the in-progress tab" $? "$D/a.screen"

# 4. The second operator (80x24, NO_COLOR) cannot take it.
console_login b 80 24 sede.roma2 NO_COLOR=1
wait_screen b 'Laura Bianchi \(sede\)' && wait_screen b '2 In lavorazione \(1\)'
result "a second operator's console at 80x24" $? "$D/b.screen"
keys b 2
wait_screen b 'Dettaglio LI-2026-0000001'
keys b F2
wait_screen b 'La segnalazione LI-2026-0000001 .* gi. presa in carico da Roberto Moretti\.'
result "the second operator's F2 is refused with who holds it" $? "$D/b.screen"
[ "$(sql "SELECT handler_id || '|' || (SELECT count(*) FROM report_notes WHERE report_id = r.id AND kind = 'presa_in_carico') FROM reports r WHERE protocol = 'LI-2026-0000001'")" = "$SEDE1|1" ]
result "the report stays with the first operator, taken once" $?
$TM capture-pane -e -p -t =b: > "$D/b.esc"
$TM capture-pane -e -p -t =a: > "$D/a.esc"
SGR_COLOUR="$(printf '\033')\[([0-9]+;)*[34][0-7](;[0-9]+)*m"
! grep -E -q "$SGR_COLOUR" "$D/b.esc" && grep -E -q "$SGR_COLOUR" "$D/a.esc"
result "NO_COLOR: no colours on the second console, colours on the first" $? "$D/b.esc"

# 5. A note.
keys a F3
wait_screen a 'Nota alla segnalazione LI-2026-0000001'
keys a 'Chiesto il nuovo IBAN al lavoratore.' Enter
wait_sql "SELECT account_id || '|' || body FROM report_notes WHERE kind = 'nota'" \
    "$SEDE1|Chiesto il nuovo IBAN al lavoratore."
result "F3 adds a note with its author" $?
wait_screen a 'nota - Roberto Moretti: Chiesto il nuovo IBAN al lavoratore.'
result "the note appears in the history on screen" $? "$D/a.screen"

# 6. A report filed while the consoles are open appears without a key press;
# the selection stays where it was.
cli report file --worker $WORKER --topic Anagrafica --subtopic "Recapiti o residenza da aggiornare" \
    --description "Nuova residenza a Tivoli." > "$D/file3.out" 2>&1
grep -q "LI-2026-0000003 inoltrata alla sede DCM-RM" "$D/file3.out"
result "the advisor files LI-2026-0000003 while the consoles are open" $? "$D/file3.out"
wait_screen a '1 Nuove \(1\)' 50 && wait_screen a 'Nuova segnalazione LI-2026-0000003: Anagrafica' 30
result "the new report appears and is announced without a key press" $? "$D/a.screen"
grep -q 'Dettaglio LI-2026-0000001' "$D/a.screen" && grep -q 'Segnalazioni in lavorazione' "$D/a.screen"
result "the selection stays on the same report" $? "$D/a.screen"
wait_screen b '1 Nuove \(1\)' 50
result "the second console sees it too" $? "$D/b.screen"

# 7. The second operator takes the new one with the letter keys; the first
# console shows it without a key press.
keys b 1
wait_screen b 'Dettaglio LI-2026-0000003'
keys b p
wait_sql "SELECT status || '|' || handler_id FROM reports WHERE protocol = 'LI-2026-0000003'" \
    "in_lavorazione|$SEDE2"
result "p takes the report as the second operator" $?
wait_screen a '2 In lavorazione \(2\)' 50 && grep -q 'LI-2026-0000003 .*Mario Rossi .*Laura Bianchi' "$D/a.screen" &&
    grep -q 'Dettaglio LI-2026-0000001' "$D/a.screen"
result "the other operator's change reaches the first console" $? "$D/a.screen"

# 8. Close: the outcome is required; then closed with it.
keys a F6
wait_screen a 'Chiudi la segnalazione LI-2026-0000001'
keys a Enter
wait_screen a "Attenzione: l'esito . obbligatorio per chiudere"
result "closing without an outcome is refused and the prompt stays" $? "$D/a.screen"
[ "$(sql "SELECT status FROM reports WHERE protocol = 'LI-2026-0000001'")" = in_lavorazione ]
result "nothing is saved without an outcome" $?
keys a 'IBAN aggiornato, pagamento riemesso.' Enter
wait_sql "SELECT status || '|' || handler_id || '|' || outcome FROM reports WHERE protocol = 'LI-2026-0000001'" \
    "chiusa|$SEDE1|IBAN aggiornato, pagamento riemesso."
result "F6 closes the report with the outcome" $?
wait_screen a 'Segnalazione LI-2026-0000001 chiusa.' &&
    grep -q '3 Chiuse (1)' "$D/a.screen" && grep -q 'chiusa da Roberto Moretti' "$D/a.screen" &&
    grep -q 'IBAN aggiornato, pagamento riemesso.' "$D/a.screen"
result "the screen shows it closed with the outcome" $? "$D/a.screen"
H=$(sql "SELECT group_concat(kind || ':' || account_id, ' ') FROM (SELECT kind, account_id FROM report_notes WHERE report_id = (SELECT id FROM reports WHERE protocol = 'LI-2026-0000001') ORDER BY id)")
[ "$H" = "inoltro:$OP1 presa_in_carico:$SEDE1 nota:$SEDE1 chiusura:$SEDE1" ]
result "the history records who did what ($H)" $?
[ "$(sql "SELECT count(*) FROM audit WHERE actor_id = $SEDE1 AND subject = 'LI-2026-0000001' AND action IN ('report_presa_in_carico', 'report_nota', 'report_chiusura')")" = 3 ]
result "take, note and close are in the audit log" $?

# 9. The first operator cannot close the report the second one holds.
keys a 2
wait_screen a 'Dettaglio LI-2026-0000003'
keys a x
wait_screen a 'LI-2026-0000003 è in carico a Laura Bianchi'
result "closing another operator's report is refused on screen" $? "$D/a.screen"
[ "$(sql "SELECT status FROM reports WHERE protocol = 'LI-2026-0000003'")" = in_lavorazione ]
result "and it stays in progress" $?

# 10. The worker's /segnalazioni.
user_key $WORKER
if daemon_start; then
	session chat $WORKER
	exec 3> "$D/chat.in"
	wait_file "$D/chat.out" 'Posizione in coda' 150
	echo /segnalazioni >&3
	wait_file "$D/chat.out" 'LI-2026-0000003 del '
	echo /esci >&3
	exec 3>&-
	wait_gone $SESSION
	grep -F -q 'LI-2026-0000001 del 24/11/2026: Pagamento / IBAN errato - chiusa: IBAN aggiornato, pagamento riemesso.' "$D/chat.out" &&
	    grep -F -q 'LI-2026-0000003 del 24/11/2026: Anagrafica / Recapiti o residenza da aggiornare - in lavorazione' "$D/chat.out"
	result "the worker's /segnalazioni shows the outcome and the other report in progress" $? "$D/chat.out"
else
	result "infocigd starts" 1 "$D/daemon.log"
fi

# 11. Sizes: 80x24 (list above the detail), larger (side by side), back.
resize a 80 24
wait_redrawn a 80 24 'F10Esci' && grep -q '2 In lavorazione (1)' "$D/a.screen" &&
    grep -q '^┌ Dettaglio LI-2026-0000003' "$D/a.screen"
result "the office console redraws at 80x24 with the detail under the list" $? "$D/a.screen"
resize a 160 45
wait_screen a 'Segnalazioni in lavorazione.*Dettaglio LI-2026-0000003' &&
    [ "$(wc -l < "$D/a.screen")" -ge 44 ] && [ "$(wc -L < "$D/a.screen")" -ge 150 ]
result "a larger terminal puts the detail beside the list" $? "$D/a.screen"
resize a 60 15
wait_screen a 'Terminale troppo piccolo'
result "a terminal too small gets a message" $? "$D/a.screen"
resize a 100 30
wait_screen a 'F2Prendi'
result "the console comes back after growing again" $? "$D/a.screen"

# 12. Help and quit.
keys a F1
wait_screen a 'F6  x  Chiudi'
result "F1 lists the office's keys" $? "$D/a.screen"
keys a Escape
wait_screen_gone a 'F6  x  Chiudi'
keys a F10
keys b q
# consoles_gone: neither office console is running any more.
consoles_gone() { ! pgrep -f "database=$DB --as sede" > /dev/null; }
wait_for 50 consoles_gone && [ ! -s "$D/a.err" ] && [ ! -s "$D/b.err" ]
result "F10 and q quit both consoles cleanly" $? "$D/a.err"
exit 0
