#!/bin/sh
# End-to-end tests of the infocig administration commands: db init / check /
# import / seed, account add, practice show (text and JSON), configuration
# errors.  Drives ./infocig from the repository root on a throwaway database
# and prints one TAP line per check ("ok - ..." / "not ok - ..."); always
# exits 0: tests/run.sh counts the lines.
NAME=db
# Deadlines and decadenza depend on "today": fix it for every command.
NOW=2026-06-20T10:00:00
. "${0%/*}/lib.sh"
FIX=tests/e2e/fixtures
CONF=conf/infocig.conf
RESULT_DETAIL=$OUT
ME=$(id -un)

# counts: the table counts printed by db check (two lines), for comparing.
counts() { cli db check 2>/dev/null | grep -E '^(province|domande)'; }

if [ ! -x "$CLI" ]; then
	echo "not ok - ./infocig is not built"
	exit 0
fi

# --- db init ---
ic db init
[ $rc -eq 0 ] && [ -f "$DB" ] && has "database creato: $DB (schema versione 6)"
result "db init creates the database" $?

size1=$(wc -c < "$DB")
ic db init
[ $rc -ne 0 ] && has "esiste già"
result "a second db init fails with a message" $?
[ "$(wc -c < "$DB")" -eq "$size1" ]
result "a second db init leaves the database alone" $?

"$CLI" -f "$CONF" -o "database=$D/missing/db" db init > "$OUT" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -F -q "la cartella $D/missing non esiste" "$OUT" && [ ! -e "$D/missing" ]
result "db init into a missing folder fails and creates nothing" $?

# --- db check ---
ic db check
[ $rc -eq 0 ] && has "integrità: ok" && has "versione 6" && has "province 107, sedi 107"
result "db check prints integrity ok, the schema version and the reference counts" $?

"$CLI" -f "$CONF" -o "database=$D/none.db" db check > "$OUT" 2>&1
rc=$?
[ $rc -ne 0 ] && has "database non trovato" && [ ! -e "$D/none.db" ]
result "db check of a missing database fails without creating it" $?

# --- configuration errors ---
"$CLI" -f "$FIX/bad_syntax.conf" db check > "$OUT" 2>&1
rc=$?
[ $rc -ne 0 ] && has "$FIX/bad_syntax.conf:5: errore di sintassi"
result "a configuration with a syntax error names file:line" $?

"$CLI" -f "$FIX/bad_port.conf" -o "database=$DB" db check > "$OUT" 2>&1
rc=$?
[ $rc -ne 0 ] && has "$FIX/bad_port.conf:4: ssh.port: valore 70000 fuori dall'intervallo"
result "a value out of range names file:line and the setting" $?

"$CLI" -f "$FIX/bad_key.conf" -o "database=$DB" db check > "$OUT" 2>&1
rc=$?
[ $rc -ne 0 ] && has "$FIX/bad_key.conf:5: service.drain_minuts: impostazione sconosciuta"
result "an unknown setting names file:line and the setting" $?

ic -o colour=blue db check
[ $rc -ne 0 ] && has "-o colour: impostazione sconosciuta"
result "-o with an unknown key fails" $?

ic -o ssh.port=0 db check
[ $rc -ne 0 ] && has "-o ssh.port: valore 0 fuori dall'intervallo ammesso (1-65535)"
result "-o with a value out of range fails" $?

"$CLI" -f "$D/nothing.conf" db check > "$OUT" 2>&1
rc=$?
[ $rc -ne 0 ] && has "$D/nothing.conf: impossibile leggere il file"
result "a missing configuration file fails with its name" $?

# --- db import ---
import_ok() {	# KIND FILE ROWS
	ic db import "$1" "$FIX/$2"
	[ $rc -eq 0 ] && has "$FIX/$2: $3 righe: $3 inserite, 0 aggiornate, 0 invariate, 0 scartate" ||
	    { [ $rc -eq 0 ] && [ "$1" = practices ] &&
	    has "$FIX/$2: $3 righe: $(($3 - 1)) inserite, 1 aggiornate, 0 invariate, 0 scartate"; }
	result "db import $1 ($3 rows)" $?
}
import_ok companies companies.csv 2
import_ok workers workers.csv 4
import_ok practices practices.csv 4
import_ok events events.csv 8
import_ok payments payments.csv 3

counts > "$D/counts1"
printf '%s\n' "province 107, sedi 107, aziende 2, lavoratori 4, account 0," \
    "domande 3, eventi 5, dati di pagamento 3, pagamenti 3," > "$D/want"
cmp -s "$D/counts1" "$D/want"
result_why "db check counts the imported rows" $? "$(cat "$D/counts1")"

again_ok() {	# KIND FILE ROWS
	ic db import "$1" "$FIX/$2"
	[ $rc -eq 0 ] && has "$FIX/$2: $3 righe: 0 inserite, 0 aggiornate, $3 invariate, 0 scartate"
	result "db import $1 again: all rows invariate" $?
}
again_ok companies companies.csv 2
again_ok workers workers.csv 4
again_ok practices practices.csv 4
again_ok events events.csv 8
again_ok payments payments.csv 3
counts > "$D/counts2"
cmp -s "$D/counts1" "$D/counts2"
result "a second import changes no count" $?

ic db import companies "$FIX/companies_bad.csv"
[ $rc -ne 0 ] && has "$FIX/companies_bad.csv:3: partita IVA \"01357924680\" non valido" &&
    has "1 righe non valide su 3: file rifiutato, nessuna modifica"
result "a file with a bad row is refused, naming file:line" $?
counts > "$D/counts3"
cmp -s "$D/counts1" "$D/counts3"
result_why "a refused file changes no count" $? "$(cat "$D/counts3")"

ic db import companies "$FIX/companies_bad.csv" --skip-bad
[ $rc -eq 0 ] && has "$FIX/companies_bad.csv:3:" &&
    has "3 righe: 2 inserite, 0 aggiornate, 0 invariate, 1 scartate"
result "--skip-bad imports the good rows and counts the bad one" $?
counts | grep -q "aziende 4,"
result "--skip-bad: the two good companies are in" $?

ic db import employees "$FIX/companies.csv"
[ $rc -ne 0 ] && has "tipo \"employees\" sconosciuto"
result "db import of an unknown kind fails" $?

ic db import workers "$FIX/companies.csv"
[ $rc -ne 0 ] && has "$FIX/companies.csv:1: intestazione non valida"
result "db import with the wrong header fails at line 1" $?

# --- accounts ---
printf 'demo\n' | cli account add operatore --role advisor \
    --name "Anna Operatrice" --unix-user "$ME" > "$OUT" 2>&1
rc=$?
[ $rc -eq 0 ] && has "account operatore creato (operatore INFO CIG)"
result "account add of an advisor with --unix-user" $?

printf 'demo\n' | cli account add operatore --role advisor \
    --name "Anna Bis" > "$OUT" 2>&1
rc=$?
[ $rc -ne 0 ] && has "già esistente"
result "account add of an existing login fails" $?

ic account list
[ $rc -eq 0 ] && grep -E -q "^operatore +operatore INFO CIG +Anna Operatrice +$ME\$" "$OUT"
result "account list shows the advisor and its Unix user" $?

# --- practice show ---
ic practice show RSSMRA85T10A562S
[ $rc -eq 0 ] && has "Lavoratore: Mario Rossi (RSSMRA85T10A562S), provincia RM" &&
    has "Domanda INPS-2026-000001" && has "Stato:" && has "1.034,50"
result "practice show of a worker prints the application and its stage" $?

ic practice show RSSMRA85T10A562X
[ $rc -ne 0 ] && has "non valido"
result "practice show of an invalid codice fiscale fails with non valido" $?

ic practice show BNCLCU90M41F205Z
[ $rc -ne 0 ] && has "codice fiscale non valido: carattere di controllo errato"
result "practice show names the wrong check character" $?

ic practice show MRNLRA95D55H501P
[ $rc -ne 0 ] && has "nessun lavoratore con codice fiscale MRNLRA95D55H501P"
result "practice show of a valid unknown codice fiscale says nessun lavoratore" $?

ic practice show RSSMRA85T10A562S --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["key"] == "RSSMRA85T10A562S", d["key"]
a = d["applications"]
assert len(a) == 1 and a[0]["number"] == "INPS-2026-000001"
assert a[0]["worker"]["cf"] == "RSSMRA85T10A562S"
assert a[0]["paid_cents"] == 206900, a[0]["paid_cents"]
' < "$OUT"
result "practice show --json parses and carries the amounts paid" $?

# Galli: March 2026 authorised on 20 April 2026, no payment data.  The
# deadline is the later of 31/05/2026 and 20/04 + 60 days = 19/06/2026; on
# 20/06/2026 (INFOCIG_NOW) it has passed.
ic practice show GLLMRC88E22A662R
[ $rc -eq 0 ] && has "dati di pagamento di marzo 2026 entro il 19/06/2026: DECADENZA" &&
    has "riduzione: entro il 17/03/2026 [art. 15 c. 2 D.Lgs. 148/2015]"
result "practice show gives the payment-data deadline and decadenza" $?

ic practice show GLLMRC88E22A662R --json
[ $rc -eq 0 ] && python3 -c '
import json, sys
m = json.load(sys.stdin)["applications"][0]["months"]
assert m == [m[0]] and m[0]["month"] == "2026-03", m
assert m[0]["deadline"] == "2026-06-19" and m[0]["decadenza"] == 1, m
' < "$OUT"
result "practice show --json gives the same deadline" $?

INFOCIG_NOW=2026-06-19T10:00:00 "$CLI" -f "$CONF" -o "database=$DB" \
    practice show GLLMRC88E22A662R > "$OUT" 2>&1
rc=$?
[ $rc -eq 0 ] && has "entro il 19/06/2026: non ancora ricevuti"
result "on the deadline day itself there is no decadenza yet" $?

ic practice show 0987654321
[ $rc -eq 0 ] && has "Azienda: Beta, Spa, CF 09876543217" && has "Domanda INPS-2026-000002"
result "practice show by matricola" $?

ic practice show INPS-2026-000003
[ $rc -eq 0 ] && has "Domanda INPS-2026-000003" && has "Lavoratori coinvolti: 1"
result "practice show by application number" $?

# Audited: Rossi twice, the unknown codice fiscale, Galli three times, the
# matricola, the application number; the malformed keys are not.
ic db check
grep -q "audit 8\$" "$OUT"
result_why "every staff lookup, found or not, is in the audit log" $? "$(tail -1 "$OUT")"

# --- demo data ---
DEMO=$D/demo.db
"$CLI" -f "$CONF" -o "database=$DEMO" db init > /dev/null 2>&1
"$CLI" -f "$CONF" -o "database=$DEMO" db seed --demo > "$OUT" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	echo "ok - # SKIP seed not available"
else
	has "RSSMRA85T10A562S"
	result "db seed --demo lists RSSMRA85T10A562S" $?
	"$CLI" -f "$CONF" -o "database=$DEMO" practice show RSSMRA85T10A562S > "$OUT" 2>&1
	rc=$?
	n=$(grep -c '^Domanda ' "$OUT")
	[ $rc -eq 0 ] && [ "$n" -ge 3 ]
	result_why "practice show RSSMRA85T10A562S on the demo lists at least 3 applications" $? \
	    "$n applications"
	# Issue 12 and 11.4/11.7 on the demo, on 24/11/2026 (the README's day):
	# D00002's September was paid to one worker, the others' data came on
	# 14/10 and INPS has not paid: late since 25/10 (14/10 + 7 * 3/2 = 11
	# days), no "intorno al 24/11/2026 (tra il 24/11/2026 e il 24/11/2026)".
	LAW="$DEMO.law"
	rm -f "$LAW"
	INFOCIG_NOW=2026-11-24T15:00:00 "$CLI" -f "$CONF" -o "database=$LAW" db init \
	    > /dev/null 2>&1 &&
	INFOCIG_NOW=2026-11-24T15:00:00 "$CLI" -f "$CONF" -o "database=$LAW" db seed --demo \
	    > /dev/null 2>&1 &&
	INFOCIG_NOW=2026-11-24T15:00:00 "$CLI" -f "$CONF" -o "database=$LAW" \
	    practice show CIGO-2026-D00002 > "$OUT" 2>&1
	has "in ritardo: dati di pagamento ricevuti il 14/10/2026, pagamento atteso entro il 25/10/2026" &&
	    ! has "Pagamento previsto" && ! has "tra il 24/11/2026 e il 24/11/2026"
	result "practice show: an overdue payment says since when, with no made-up date" $?
	has "entro il 30/11/2026: ricevuti" && has "[art. 7 c. 5-bis D.Lgs. 148/2015]" &&
	    has "[art. 15 c. 2 D.Lgs. 148/2015]"
	result "practice show names the legal basis of each deadline" $?
	has "pagato con bonifico domiciliato per agosto 2026 (1 lavoratore su 3)" &&
	    ! has "avverrà con bonifico domiciliato"
	result "practice show: a domiciliato already paid is in the past tense, per worker" $?
	INFOCIG_NOW=2026-11-24T15:00:00 "$CLI" -f "$CONF" -o "database=$LAW" \
	    practice show CIGO-2026-D00004 > "$OUT" 2>&1
	has "entro il 31/12/2026 [art. 15 c. 3 D.Lgs. 148/2015]"
	result "practice show: weather is filed by the end of the month after the event" $?
	INFOCIG_NOW=2026-11-24T15:00:00 "$CLI" -f "$CONF" -o "database=$LAW" \
	    practice show CIGO-2026-D00002 --json > "$OUT" 2>&1
	has '"basis":"art. 7 c. 5-bis D.Lgs. 148/2015"' && has '"payment_late":{"due":"2026-10-25"}'
	result "practice show --json carries the bases and the late payment" $?
	rm -f "$LAW" "$LAW-wal" "$LAW-shm"
fi
exit 0
