#!/bin/sh
# End-to-end, issue 11 items 10, 11, 12, 13 and 16: what the advisor reads
# on the rendered screen at 80x24, 100x30 and 120x35.  The status line
# keeps the queue counts and the clock at 80 columns and the queue shows
# names whole; the case pane puts stage, deadlines and expected payment
# above the fold at 120x35, keeps the indent of wrapped lines, writes no
# empty heading and no raw codes; the key bar and the help follow the
# focus and the help box does not cut its lines; the audit listing uses
# Italian words in aligned columns.  Prints TAP lines, always exits 0.
NAME=console-screens
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1).
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
OTHER=SPSGPP70D02G964E		# Giuseppe Esposito: no chats on file

if ! demo_db || ! user_key $WORKER; then
	result "demo database and keys" 1 "$D/seed.log"
	exit 0
fi
if ! daemon_start; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi
# An earlier chat of Mario's, closed by the advisor as forwarded to Linea
# INPS on Monday 23 November 2026 at 15:10 Rome time (14:10 UTC).
T0=$(date -u -d 2026-11-23T14:10:00Z +%s)
sql "INSERT INTO chats (account_id, channel, province, state, queued_at, taken_at,
    ended_at, advisor_id, outcome) SELECT id, 'lavoratori', 'RM', 'closed', $T0, $T0 + 60,
    $T0 + 600, (SELECT id FROM accounts WHERE login = 'operatore2'), 'linea_inps'
    FROM accounts WHERE login = '$WORKER'"

console_window op1 80 24
wait_screen op1 'Francesca Marino \(disponibile\)'
ssh_window mario $WORKER
wait_screen mario 'Posizione in coda' 150

# Item 12: at 80x24 the queue counts and the clock stay, the name is whole.
wait_screen op1 'Coda \(1\)'
head -1 "$D/op1.screen" | grep -q 'coda: lav. 1  az. 0  15:3[0-9]'
result "80x24: the status line keeps the queue counts and the clock" $? "$D/op1.screen"
grep -q 'lav  Mario Rossi ' "$D/op1.screen"
result "80x24: the queue shows the person's name whole" $? "$D/op1.screen"
grep -q 'Nessuna chat aperta: F2 prende la prossima' "$D/op1.screen" &&
    grep -q '│ coda\.' "$D/op1.screen" && grep -q 'matricola o numero domanda\.' "$D/op1.screen"
result "80x24: the panes' hints wrap instead of being cut" $? "$D/op1.screen"

keys op1 F2
wait_screen op1 'Le mie chat \(1\)' && wait_screen mario 'ha preso in carico'

# Item 11: wrapped lines keep their indent (80 columns: the office's name wraps).
wait_screen op1 'Pratica: '
keys op1 Tab NPage
# A continuation line starts in lower case, indented under its item.
wait_screen op1 '│ {5,}(coordinamento|metropolitano|Roma\))'
result "80x24: a wrapped line of the case keeps its indent" $? "$D/op1.screen"

# Item 10: during the report form the bar shows the form's keys, F1 its help.
keys op1 F8
wait_screen op1 'Segnalazione Linea INPS' && wait_screen op1 'F2Invia'
tail -1 "$D/op1.screen" | grep -q 'F2Invia' && ! tail -1 "$D/op1.screen" | grep -q 'Prendi'
result "the key bar shows the report form's keys while it has the focus" $? "$D/op1.screen"
keys op1 F1
wait_screen op1 'Aiuto: segnalazione Linea INPS' && grep -q 'invia la segnalazione' "$D/op1.screen"
result "F1 in the report form explains the form's keys" $? "$D/op1.screen"
keys op1 q
wait_screen_gone op1 'Aiuto: segnalazione'
keys op1 Escape
wait_screen op1 'Annullare la segnalazione'
keys op1 Down Enter
wait_screen_gone op1 'Tab cambia campo'
wait_screen op1 'F2Prendi'
result "back on the desk, the bar shows the desk's keys again" $? "$D/op1.screen"

# Item 10: the help box wraps its lines at 80 columns, and at 120.
keys op1 F1
wait_screen op1 'Aiuto: tasti della console'
tr -d '\n│' < "$D/op1.screen" | tr -s ' ' > "$D/flat"
grep -q 'partita IVA, matricola o numero domanda' "$D/flat"
result "80x24: the help box does not cut its lines" $? "$D/op1.screen"
keys op1 q
wait_screen_gone op1 'Aiuto: tasti'
resize op1 120 35
wait_screen op1 'Le mie chat \(1\)'
keys op1 F1
wait_screen op1 'Aiuto: tasti della console'
tr -d '\n│' < "$D/op1.screen" | tr -s ' ' > "$D/flat"
grep -q 'completate dalla pratica e modificabili prima dell.invio' "$D/flat"
result "120x35: the help box does not cut its lines" $? "$D/op1.screen"
grep -q 'Pratica: su/giù sceglie la domanda' "$D/op1.screen" &&
    [ "$(grep -n 'Pratica: su/giù' "$D/op1.screen" | cut -d: -f1)" -lt \
    "$(grep -n 'F1  ?  Aiuto' "$D/op1.screen" | cut -d: -f1)" ]
result "the help starts with the keys of the focused pane" $? "$D/op1.screen"
keys op1 q
wait_screen_gone op1 'Aiuto: tasti'

# Item 11: at 120x35 stage, deadlines and expected date are above the fold.
keys op1 Home
wait_screen op1 'Pagamento previsto:'
grep -q 'Stato: In istruttoria' "$D/op1.screen" && grep -q 'Scadenze:' "$D/op1.screen"
result "120x35: stage, deadlines and expected date show without scrolling" $? "$D/op1.screen"

# Items 11 and 13: the earlier chat in Italian words; no raw codes.
keys op1 NPage NPage NPage
wait_screen op1 'Chat precedenti:'
grep -q '23/11/2026 15:10 chiusa (inoltrata a Linea INPS), operatore Davide Conti' \
    "$D/op1.screen" && ! grep -Eq 'closed|linea_inps' "$D/op1.screen"
result "the case pane's earlier chats read in Italian, no raw codes" $? "$D/op1.screen"

# Item 11: a case with no earlier chats and no reports has no empty headings.
keys op1 F4
wait_screen op1 'Codice fiscale, partita IVA'
keys op1 $OTHER Enter
wait_screen op1 "Pratica: $OTHER"
keys op1 NPage NPage NPage NPage
wait_screen op1 'CIGS-2025-D00007 CIGS'
sed -n '/Pratica: /,$p' "$D/op1.screen" > "$D/case"
! grep -Eq 'Chat precedenti:|Segnalazioni Linea INPS:' "$D/case"
result "no empty 'Chat precedenti:' heading" $? "$D/op1.screen"

# Items 13 and 16: a report filed and taken in charge; the audit listing
# (supervisor) shows Italian words and keeps its columns; the console says
# "alla Direzione".
keys op1 BTab F8
report_iban op1
keys op1 F2
wait_screen op1 'inoltrata alla Direzione di coordinamento metropolitano di Roma'
result "the console says the report went 'alla Direzione'" $? "$D/op1.screen"
echo demo | cli --as sede.roma report take LI-2026-0000001 > "$D/take.log" 2>&1
window aud 150 30 "$CLI -f conf/infocig.conf -o database='$DB' --as supervisore audit --from 2026-11-24 --to 2026-11-24"
wait_screen aud 'assword' 50
keys aud demo Enter
wait_screen aud 'accessi\.'
grep -q 'segnalazione' "$D/aud.screen" && grep -q 'presa in carico' "$D/aud.screen" &&
    ! grep -Eq 'report_file|report_presa' "$D/aud.screen"
result "the audit listing shows Italian words, no raw codes" $? "$D/aud.screen"
# Every report row's protocol starts in the "Consultato" column.
col=$(grep 'Consultato' "$D/aud.screen" | awk '{print index($0, "Consultato")}')
bad=$(grep 'LI-2026-0000001' "$D/aud.screen" | awk -v c="$col" \
    'index($0, "LI-2026-0000001") != c { print }')
[ -n "$col" ] && [ "$(grep -c 'LI-2026-0000001' "$D/aud.screen")" -ge 2 ] && [ -z "$bad" ]
result "the audit listing keeps its columns" $? "$D/aud.screen"
exit 0
