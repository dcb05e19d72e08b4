#!/bin/sh
# End-to-end: Linea INPS reports through the real programs.  A worker
# chats over SSH with infocigd; the advisor files a report from that chat
# with "infocig report file" and the worker reads the protocol in the chat;
# the Rome office's operator lists it, takes it and closes it; the worker's
# /segnalazioni shows it closed with the outcome.  Then "report list" and
# "report show" in text, --json and --csv, their filters, their errors and
# who sees what.  Prints TAP lines, always exits 0.
NAME=report
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1): the service is open.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"
CONF=conf/infocig.conf
RESULT_DETAIL=$OUT
WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome: office DCM-RM
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples: office DCM-NA
stop_daemon() { daemon_stop; }
start_daemon() { daemon_start; }

if [ ! -x ./infocig ] || [ ! -x ./infocigd ]; then
	echo "not ok - ./infocig and ./infocigd are not built"
	exit 0
fi
if ! ic db init || ! ic db seed --demo; then
	result "demo database created" 1
	exit 0
fi
user_key $WORKER
result "demo database and the worker's key" $? "$D/key-$WORKER.log"

# --- 1. The whole loop: chat, report, office, /segnalazioni ---
if ! start_daemon; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi
ADVISOR=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")
T0=$(sql "SELECT strftime('%s', '2026-11-24 14:30:00')")
session chat1 $WORKER
exec 4> "$D/chat1.in"
S1=$SESSION
wait_sql "SELECT count(*) FROM chats WHERE state = 'queued'" 1 200
C1=$(sql "SELECT c.id FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER' AND c.state = 'queued'")
# The advisor takes the chat and writes, as the console does through chat.h.
sql "UPDATE chats SET state = 'active', advisor_id = $ADVISOR, taken_at = $T0 WHERE id = $C1 AND state = 'queued'"
sql "INSERT INTO messages (chat_id, sender, account_id, at, body) VALUES ($C1, 'user', (SELECT account_id FROM chats WHERE id = $C1), $T0 + 10, 'Il pagamento di ottobre non è arrivato.')"
wait_file "$D/chat1.out" 'Francesca Marino ha preso in carico' 150
result "the worker is chatting with the advisor" $? "$D/chat1.out"

ic report file --chat "$C1" --practice CIGO-2026-D00002 --topic Pagamento \
    --subtopic "IBAN errato" --description "IBAN respinto dalla banca: il lavoratore ha un nuovo conto."
[ $rc -eq 0 ] && has "segnalazione LI-2026-0000001 inoltrata alla sede DCM-RM Direzione di coordinamento metropolitano di Roma"
result "report file from the chat gives LI-2026-0000001 and the Rome office" $?
wait_file "$D/chat1.out" '\* Segnalazione inoltrata a Linea INPS con protocollo LI-2026-0000001 alla sede competente: Direzione di coordinamento metropolitano di Roma' 100
result "the worker reads the protocol and the office in the chat" $? "$D/chat1.out"
[ "$(sql "SELECT outcome FROM chats WHERE id = $C1")" = linea_inps ]
result "the chat's outcome is linea_inps" $?
[ "$(sql "SELECT count(*) FROM reports WHERE chat_id = $C1 AND worker_id = (SELECT id FROM workers WHERE cf = '$WORKER') AND practice_id = (SELECT id FROM practices WHERE number = 'CIGO-2026-D00002') AND account_id = (SELECT account_id FROM chats WHERE id = $C1)")" = 1 ]
result "the report is linked to the chat, the application, the worker and the account" $?
killtree "$S1"

as sede.roma report list --status nuova
[ $rc -eq 0 ] && has "LI-2026-0000001" && has "nuova" && has "1 segnalazione"
result "the Rome office operator sees the new report" $?
as sede.roma report take LI-2026-0000001
[ $rc -eq 0 ] && has "segnalazione LI-2026-0000001 presa in carico"
result "the office operator takes it in charge" $?
as sede.roma report note LI-2026-0000001 "Chiesto il nuovo IBAN al lavoratore."
[ $rc -eq 0 ]
result "the office operator adds a note" $?
as sede.roma report close LI-2026-0000001 "IBAN aggiornato, pagamento riemesso."
[ $rc -eq 0 ] && has "segnalazione LI-2026-0000001 chiusa"
result "the office operator closes it with an outcome" $?
as sede.roma report take LI-2026-0000001
[ $rc -ne 0 ] && has "la segnalazione LI-2026-0000001 è già chiusa"
result "a closed report cannot be taken again" $?

session chat2 $WORKER
exec 3> "$D/chat2.in"
wait_file "$D/chat2.out" "Sta parlando con l'operatore" 150
echo /segnalazioni >&3
wait_file "$D/chat2.out" 'LI-2026-0000001 del '
echo /esci >&3
exec 3>&-
wait_gone $SESSION
grep -F -q 'LI-2026-0000001 del 24/11/2026: Pagamento / IBAN errato - chiusa: IBAN aggiornato, pagamento riemesso.' "$D/chat2.out"
result "/segnalazioni shows the report closed with its outcome" $? "$D/chat2.out"
stop_daemon

# --- 2. More reports, and filing twice ---
TOKEN=0123456789abcdef0123456789abcdef
ic report file --worker $WORKER2 --topic Autorizzazione --subtopic "Istruttoria ferma" \
    --description "Domanda ferma da tre mesi." --token $TOKEN --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d == {"protocol": "LI-2026-0000002", "office": "DCM-NA", "duplicate": False}, d
' < "$OUT"
result "report file --worker --json: LI-2026-0000002 to the Naples office" $?
ic report file --worker $WORKER2 --topic Autorizzazione --subtopic "Istruttoria ferma" \
    --description "Domanda ferma da tre mesi." --token $TOKEN
[ $rc -eq 0 ] && has "segnalazione già inoltrata con questo codice: LI-2026-0000002"
result "filing the same form twice files it once" $?
[ "$(sql "SELECT count(*) FROM reports")" = 2 ]
result "still two reports" $?

COUNT=$(sql "SELECT count(*) FROM reports")
ic report file --worker $WORKER --topic Pagamento --subtopic "Istruttoria ferma" --description x
[ $rc -ne 0 ] && has 'sottoargomento "Istruttoria ferma" non previsto per "Pagamento"'
result "an unknown subtopic is refused" $?
ic report file --worker $WORKER --practice CIGO-2026-D00002 --topic Pagamento \
    --subtopic "IBAN errato" --description "   "
[ $rc -ne 0 ] && has "la descrizione è obbligatoria"
result "an empty description is refused" $?
ic report file --worker $WORKER2 --practice CIGO-2026-D00002 --topic Pagamento \
    --subtopic "IBAN errato" --description "x"
[ $rc -ne 0 ] && has "la domanda scelta non riguarda questo lavoratore"
result "another person's application is refused" $?
ic report file --worker $WORKER --office DP-XX --topic Pagamento --subtopic "IBAN errato" \
    --description "x"
[ $rc -ne 0 ] && has 'sede "DP-XX" sconosciuta'
result "an unknown office is refused" $?
[ "$(sql "SELECT count(*) FROM reports")" = "$COUNT" ]
result "refused reports save nothing" $?
as sede.roma report file --worker $WORKER --topic Pagamento --subtopic "IBAN errato" \
    --description "x"
[ $rc -ne 0 ] && has "solo gli operatori INFO CIG e i supervisori possono inoltrare"
result "an office operator cannot file" $?

# The next day, a report for the Rome office filed with no chat.
INFOCIG_NOW=2026-11-25T09:00:00 ./infocig -f "$CONF" -o "database=$DB" report file \
    --worker $WORKER --office dcm-rm --topic Anagrafica --subtopic "Recapiti o residenza da aggiornare" \
    --description "Nuova residenza a Tivoli." > "$OUT" 2>&1
rc=$?
[ $rc -eq 0 ] && has "segnalazione LI-2026-0000003 inoltrata alla sede DCM-RM"
result "a third report on 25/11 gets LI-2026-0000003" $?

# --- 3. report list ---
ic report list
[ $rc -eq 0 ] && has "PROTOCOLLO" && has "3 segnalazioni" &&
    grep -E -q '^LI-2026-0000001  24/11/2026 15:[0-9]{2}  chiusa +DCM-RM +Pagamento / IBAN errato - Mario Rossi$' "$OUT" &&
    grep -E -q '^LI-2026-0000002  24/11/2026 15:30  nuova +DCM-NA +Autorizzazione / Istruttoria ferma - Giuseppe Esposito$' "$OUT"
result "report list prints a table of every report for an advisor" $?

ic report list --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
r = json.load(sys.stdin)["reports"]
assert [x["protocol"] for x in r] == ["LI-2026-0000001", "LI-2026-0000002", "LI-2026-0000003"], r
a = r[0]
assert a["status"] == "chiusa" and a["office"]["code"] == "DCM-RM", a
assert a["practice"] == "CIGO-2026-D00002" and a["worker"]["cf"] == "RSSMRA85T10A562S", a
assert a["handler"] == "Roberto Moretti" and a["filed_by"] == "Francesca Marino", a
assert a["outcome"] == "IBAN aggiornato, pagamento riemesso.", a
assert a["filed_at"] == "2026-11-24T15:30:00+01:00", a["filed_at"]
assert isinstance(a["chat_id"], int) and a["company"] is None, a
b = r[1]
assert b["status"] == "nuova" and b["handler"] is None and b["practice"] is None, b
assert b["worker"]["name"] == "Giuseppe Esposito" and b["chat_id"] is None, b
assert r[2]["filed_at"] == "2026-11-25T10:00:00+01:00", r[2]
' < "$OUT"
result "report list --json carries status, office, people, handler and outcome" $?

ic report list --csv
[ $rc -eq 0 ] && python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert rows[0] == ["protocol", "filed_at", "status", "office", "topic", "subtopic",
    "practice", "worker_cf", "worker", "company_cf", "company", "filed_by", "handler",
    "updated_at", "outcome"], rows[0]
assert len(rows) == 4, rows
assert rows[1][0] == "LI-2026-0000001" and rows[1][2] == "chiusa", rows[1]
assert rows[1][14] == "IBAN aggiornato, pagamento riemesso.", rows[1]
assert rows[2][:4] == ["LI-2026-0000002", "2026-11-24T15:30:00+01:00", "nuova", "DCM-NA"], rows[2]
assert rows[3][4:6] == ["Anagrafica", "Recapiti o residenza da aggiornare"], rows[3]
' < "$OUT"
result "report list --csv has a header and one row per report" $?

ic report list --status nuova --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
r = json.load(sys.stdin)["reports"]
assert [x["protocol"] for x in r] == ["LI-2026-0000002", "LI-2026-0000003"], r
' < "$OUT"
result "report list --status nuova" $?
ic report list --office DCM-NA --csv
[ $rc -eq 0 ] && [ "$(wc -l < "$OUT")" -eq 2 ] && has "LI-2026-0000002"
result "report list --office DCM-NA --csv" $?
ic report list --from 2026-11-25 --to 2026-11-25 --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
r = json.load(sys.stdin)["reports"]
assert [x["protocol"] for x in r] == ["LI-2026-0000003"], r
' < "$OUT"
result "report list --from --to takes whole local days" $?
ic report list --to 2026-11-24 --csv
[ $rc -eq 0 ] && [ "$(wc -l < "$OUT")" -eq 3 ] && ! has "LI-2026-0000003"
result "report list --to alone" $?
ic report list --from 2026-12-01
[ $rc -eq 0 ] && has "Nessuna segnalazione."
result "report list with nothing to show says so" $?

as sede.roma report list --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
r = json.load(sys.stdin)["reports"]
assert [x["protocol"] for x in r] == ["LI-2026-0000001", "LI-2026-0000003"], r
' < "$OUT"
result "an office operator sees only the office's reports" $?
as sede.roma report list --office DCM-NA
[ $rc -ne 0 ] && has "si possono consultare solo le segnalazioni della propria sede"
result "an office operator cannot list another office" $?
as sede.roma report show LI-2026-0000002
[ $rc -ne 0 ] && has "segnalazione LI-2026-0000002 di un'altra sede (DCM-NA): non consultabile"
result "an office operator cannot show another office's report" $?
as sede.roma report close LI-2026-0000002 "chiusa da Roma"
[ $rc -ne 0 ] && [ "$(sql "SELECT status FROM reports WHERE protocol = 'LI-2026-0000002'")" = nuova ]
result "an office operator cannot close another office's report" $?
as supervisore report list --csv
[ $rc -eq 0 ] && [ "$(wc -l < "$OUT")" -eq 4 ]
result "a supervisor sees every report" $?
as $WORKER report list
[ $rc -ne 0 ] && has "accesso negato per $WORKER"
result "a worker's account cannot use report list" $?

ic report list --status aperta
[ $rc -eq 2 ] && has 'stato "aperta" sconosciuto: usare nuova, in_lavorazione o chiusa'
result "an unknown status is an error" $?
ic report list --from 2026-02-30
[ $rc -eq 2 ] && has '--from: data "2026-02-30" non valida: usare AAAA-MM-GG'
result "an impossible date is an error" $?
ic report list --to 25/11/2026
[ $rc -eq 2 ] && has '--to: data "25/11/2026" non valida'
result "a date in another format is an error" $?
ic report list --from 2026-11-26 --to 2026-11-25
[ $rc -eq 2 ] && has "--from 2026-11-26 è successiva a --to 2026-11-25"
result "--from after --to is an error" $?
ic report list --office ROMA
[ $rc -ne 0 ] && has 'sede "ROMA" sconosciuta'
result "an unknown office is an error" $?
ic report list --json --csv
[ $rc -eq 2 ]
result "--json and --csv together are a usage error" $?

# --- 4. report show ---
ic report show li-2026-0000001
[ $rc -eq 0 ] && has "Segnalazione LI-2026-0000001" &&
    has "Stato: chiusa da Roberto Moretti" &&
    has "Sede competente: DCM-RM Direzione di coordinamento metropolitano di Roma" &&
    has "Argomento: Pagamento / IBAN errato" && has "Domanda: CIGO-2026-D00002" &&
    has "Lavoratore: Mario Rossi (RSSMRA85T10A562S)" &&
    has "IBAN respinto dalla banca: il lavoratore ha un nuovo conto." &&
    has "Esito:" && has "presa in carico  Roberto Moretti" &&
    has "nota             Roberto Moretti: Chiesto il nuovo IBAN al lavoratore."
result "report show prints the report, its outcome and its history" $?
ic report show LI-2026-0000001 --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["protocol"] == "LI-2026-0000001" and r["status"] == "chiusa", r
assert r["description"] == "IBAN respinto dalla banca: il lavoratore ha un nuovo conto.", r
h = r["history"]
assert [x["kind"] for x in h] == ["inoltro", "presa_in_carico", "nota", "chiusura"], h
assert h[0]["author"] == "Francesca Marino" and h[1]["author"] == "Roberto Moretti", h
assert h[3]["body"] == "IBAN aggiornato, pagamento riemesso.", h
' < "$OUT"
result "report show --json carries the description and the history" $?
ic report show LI-2026-0000042
[ $rc -eq 1 ] && has "nessuna segnalazione con protocollo LI-2026-0000042"
result "report show of an unknown protocol" $?
ic report show 42
[ $rc -eq 1 ] && has '"42" non è un protocollo Linea INPS (formato LI-AAAA-NNNNNNN)'
result "report show of a malformed protocol" $?

# Every filing and change is audited.
[ "$(sql "SELECT count(*) FROM audit WHERE action LIKE 'report_%'")" = 6 ]
result "three filings, take, note and close are in the audit log" $?
exit 0
