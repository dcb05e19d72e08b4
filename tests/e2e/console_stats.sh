#!/bin/sh
# End-to-end: the supervisors' statistics screen of the console under tmux.
# The demo supervisor logs in with --as and a password; a day of chats with
# known timings is written with the sqlite3 tool (INFOCIG_NOW fixes the
# clock), and the screen must show the figures worked out by hand below,
# update by itself when a chat row is added, show the history of a date
# range (and refuse bad dates), and redraw at 80x24 and larger.  Prints TAP
# lines, always exits 0.
NAME=cstats
# Tuesday 24 November 2026, 16:30:00 in Rome (UTC+1).
NOW=2026-11-24T15:30:00
. "${0%/*}/lib.sh"
unset NO_COLOR
S=$D/s.screen	# the supervisor's screen, as wait_screen s captured it last

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

# t HH:MM:SS [DAY]: Unix seconds of a local (UTC+1) time in November 2026.
t() { date -u -d "2026-11-${2:-24} $1 UTC - 1 hour" +%s; }
OP1=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")	# Francesca Marino
OP2=$(sql "SELECT id FROM accounts WHERE login = 'operatore2'")	# Davide Conti
WORKER=$(sql "SELECT id FROM accounts WHERE role = 'worker' LIMIT 1")
NOWS=$(t 16:30:00)
# The day, worked out by hand (wait = taken - queued, handle = ended - taken):
#   c0 23/11 W 16:00:00 taken +30, ended +300 later by OP2: altro, score 3
#   c1 W RM 15:00:00 taken 15:00:30 (30) by OP1, ended 15:10:30 (600): risolta 5
#   c2 W MI 15:05:00 taken 15:07:00 (120) by OP2, ended 15:12:00 (300): linea_inps 4
#   c3 A TO 15:20:00 left 15:21:00 (60): abandoned
#   c4 W RM 15:40:00 left 15:40:05 (5 < 10): not offered
#   c5 A MI 16:00:00 taken 16:00:20 (20) by OP1, in progress
#   c6 W NA 16:25:00 waiting (5m00s at 16:30)
# Today: offered 5, answered 3, abandoned 1, waiting 1, settled 4: abandon
# rate 25,0%, service level (c1, c5 within 60 s) 50,0%, ASA 170/3 = 0:57,
# AHT 900/2 = 7:30, resolved 1 of 2 and Linea INPS 1 of 2: 50,0% each,
# satisfaction (5+4)/2 = 4,5 from 2 answers.  Hour 15: 3 offered, 2
# answered, 1 abandoned; hour 16: 2, 1, 0; hour 17: nothing.
# OP1 is online with a chat in progress: busy; OP2 declared paused: paused.
# Reports: one today to DCM-RM, one yesterday to DCM-MI.
if ! sql "
INSERT INTO advisor_state (account_id, state, since, heartbeat) VALUES
 ($OP1, 'available', $(t 14:55:00), $NOWS), ($OP2, 'paused', $(t 16:20:00), $NOWS);
INSERT INTO chats (account_id, channel, province, state, queued_at, taken_at, ended_at,
    advisor_id, outcome, satisfaction) VALUES
 ($WORKER, 'lavoratori', 'RM', 'closed', $(t 16:00:00 23), $(t 16:00:30 23),
    $(t 16:05:30 23), $OP2, 'altro', 3),
 ($WORKER, 'lavoratori', 'RM', 'closed', $(t 15:00:00), $(t 15:00:30), $(t 15:10:30), $OP1,
    'risolta', 5),
 ($WORKER, 'lavoratori', 'MI', 'closed', $(t 15:05:00), $(t 15:07:00), $(t 15:12:00), $OP2,
    'linea_inps', 4),
 ($WORKER, 'aziende', 'TO', 'abandoned', $(t 15:20:00), NULL, $(t 15:21:00), NULL, NULL, NULL),
 ($WORKER, 'lavoratori', 'RM', 'abandoned', $(t 15:40:00), NULL, $(t 15:40:05), NULL, NULL,
    NULL),
 ($WORKER, 'aziende', 'MI', 'active', $(t 16:00:00), $(t 16:00:20), NULL, $OP1, NULL, NULL),
 ($WORKER, 'lavoratori', 'NA', 'queued', $(t 16:25:00), NULL, NULL, NULL, NULL, NULL);
INSERT INTO reports (protocol, year, seq, office_id, topic, subtopic, description, status,
    filed_by, filed_at, updated_at) VALUES
 ('LI-E2E-1', 2026, 901, (SELECT id FROM offices WHERE code = 'DCM-RM'), 'pagamento',
    'ritardo', 'e2e', 'nuova', $OP2, $(t 15:12:30), 0),
 ('LI-E2E-2', 2026, 902, (SELECT id FROM offices WHERE code = 'DCM-MI'), 'pagamento',
    'ritardo', 'e2e', 'nuova', $OP2, $(t 16:06:00 23), 0);" > "$D/sql.log" 2>&1; then
	result "a day of chats written with sqlite3" 1 "$D/sql.log"
	exit 0
fi

# 1. The supervisor logs in with --as and a password, on the statistics.
console_login s 100 30 supervisore
wait_screen s 'Statistiche dal vivo: 24/11/2026 ore 16:30:00'
result "the supervisor's console opens on the live statistics" $? "$S"
shows s 'Elena Lombardi \(supervisione\)' 'F1Aiuto F4Storico F9Vista F10Esci'
result "status line and key bar of the statistics" $? "$S"

# 2. Per channel: waiting, longest wait, advisors, chats in progress.
shows s '^ lavoratori +1 +5m00s +0 +1 +1 +0( |$)' '^ aziende +0 +- +0 +1 +1 +1( |$)'
result "per channel: waiting, longest wait, available/busy/paused, in progress" $? "$S"

# 3. Today so far.
shows s 'Oggi fino alle 16:30' 'Offerte +5 ' 'Risposte +3 ' 'Abbandonate +1 ' 'In attesa +1 ' \
    'Tasso abbandono +25,0%' 'Liv\. serv\. 60 s +50,0%' 'T\. medio risposta +0:57' \
    'T\. medio gestione +7:30' 'Risolte in chat +50,0%' 'Linea INPS +50,0%' \
    'Gradimento +4,5' 'Questionari +2'
result "today's figures as worked out by hand" $? "$S"

# 4. Per advisor: name, state, in progress, handled, handle time.
shows s 'Operatori \(2\)' 'Davide Conti +in pausa +0 +1 +5:00' \
    'Francesca Marino +occupato +1 +1 +10:00'
result "one line per advisor: state, in progress, handled, AHT" $? "$S"

# 5. Bars per hour (one line per figure: there is room) and reports per office.
shows s 'Chat per ora \(3\)' ' 15 off\. +3 ░+ *$' ' risp\. +2 █+ *$' ' abb\. +1 ▒+ *$' \
    ' 16 off\. +2 ░+ *$' ' 17 off\. +0 *$' 'Segnalazioni oggi: 1' 'DCM-RM .* 1 *$'
result "bars per hour with their numbers, reports per office" $? "$S"

# 6. A new chat row: the screen follows without a key press.
sql "INSERT INTO chats (account_id, channel, province, state, queued_at) VALUES
    ($WORKER, 'aziende', 'RM', 'queued', $(t 16:28:00));"
wait_screen s 'Offerte +6 ' 30 && shows s '^ aziende +1 +2m00s ' 'In attesa +2 ' 'coda: lav\. 1 +az\. 1'
result "a new chat appears in the figures without a key press" $? "$S"

# 7. History: bad dates are refused with a message, then a range.
keys s F4
wait_screen s 'Giorno \(AAAA-MM-GG\) o intervallo' 30
keys s C-u '2026-11-31' Enter
wait_screen s 'Data non valida "2026-11-31": usare AAAA-MM-GG' 30
result "history: an impossible date gets an Italian message" $? "$S"
keys s C-u '2026-11-24 2026-11-20' Enter
wait_screen s "la data iniziale 2026-11-24 è successiva a quella finale 2026-11-20" 30
result "history: a range the wrong way round is refused" $? "$S"
keys s C-u '2026-11-23 2026-12-01' Enter
wait_screen s "Il 2026-12-01 è nel futuro" 30
result "history: a date in the future is refused" $? "$S"
keys s C-u '2026-11-23 2026-11-24' Enter
# 23/11: c0 only (answered, handled by OP2 in 300 s, 30 s wait); with today
# (and the new chat): offered 7, answered 4, abandoned 1.
wait_screen s 'Storico: dal 23/11/2026 al 24/11/2026 \(2 giorni\)' 30 &&
    shows s 'Totale del periodo' 'Offerte +7 ' 'Risposte +4 ' 'Abbandonate +1 ' \
    'Davide Conti +2 +0 +2 ' 'Francesca Marino +2 +1 +1 ' 'Segnalazioni: 2' \
    'DCM-MI .* 1 *$'
result "history of a date range: totals, advisors, reports" $? "$S"
shows s '^ lavoratori +4 +3 +0 ' '^ aziende +3 +1 +1 '
result "history per channel" $? "$S"
keys s o
wait_screen s 'Chat per giorno' 30 && shows s ' 23/11 off\. +1 ░+ *$' ' 24/11 off\. +6 ░+ *$'
result "history bars per day" $? "$S"
wait_screen s 'EscDal vivo oPer ora F9Vista' 100
result "the key bar of the history" $? "$S"
keys s Escape
wait_screen s 'Statistiche dal vivo' 30 && shows s 'Offerte +6 '
result "Esc goes back to the live figures" $? "$S"

# 8. Sizes: 80x24 and larger.
resize s 80 24
wait_redrawn s 80 24 'F10Esci' &&
    shows s 'Statistiche dal vivo' '^ lavoratori +1 +5m00s' 'Offerte +6 ' \
    'Francesca Marino +occupato' 'Chat per ora' 'Segnalazioni oggi: 1'
result "the statistics redraw at 80x24" $? "$S"
cp "$S" "$D/80x24.screen"
# The history again (F4 offers the last range): two offices leave room for
# one line per hour only, stacked: answered, abandoned, the rest.
keys s F4
wait_screen s 'Giorno \(AAAA-MM-GG\)' 30
keys s Enter
wait_screen s 'Storico: dal 23/11/2026' 30 && [ "$(wc -L < "$S")" -le 80 ] &&
    shows s 'Ora +Off +Ris +Abb' ' 15 +3 +2 +1 █+▒+ *$' ' 16 +4 +2 +0 █+░+ *$' ' 17 +0 +0 +0 *$' \
    'DCM-MI' 'DCM-RM'
result "the history at 80x24, with stacked bars" $? "$S"
keys s l
wait_screen s 'Statistiche dal vivo' 30
result "l goes back to the live figures" $? "$S"
# Twelve more advisors online: 14 do not fit in the 11 lines, the list scrolls.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)
    INSERT INTO accounts (login, role, full_name, created_at)
    SELECT 'prova' || i, 'advisor', printf('Zz Prova %02d', i), 0 FROM n;
    INSERT INTO advisor_state (account_id, state, since, heartbeat)
    SELECT id, 'available', $NOWS, $NOWS FROM accounts WHERE login LIKE 'prova%';"
wait_screen s 'Operatori 1-11 di 14' 30 && shows s 'Davide Conti' 'Zz Prova 09 +disponibile' &&
    ! grep -q 'Zz Prova 10' "$S"
result "many advisors: the first eleven of fourteen" $? "$S"
keys s End
wait_screen s 'Operatori 4-14 di 14' 30 && shows s 'Zz Prova 12 +disponibile +0 +0 +- ' &&
    ! grep -q 'Davide Conti' "$S"
result "End scrolls the advisors to the last" $? "$S"
keys s Home
wait_screen s 'Operatori 1-11 di 14' 30
result "Home scrolls back to the first" $? "$S"
resize s 160 45
wait_screen s 'Posti liberi' 30 && shows s 'Gestite oggi' 'Canali' 'Francesca Marino +occupato +lav\+az' \
    'Concluse' 'offerte +3 ' 'abbandonate +1 '
result "a larger terminal shows more columns and separate bars" $? "$S"
# Colours when NO_COLOR is not set: a foreground or background colour.
SGR_COLOUR=$(printf '\033\\[([0-9;]*;)?([34][0-7])(;[0-9;]*)?m')
$TM capture-pane -e -p -t =s: > "$D/colour.screen" 2>/dev/null
grep -E -q "$SGR_COLOUR" "$D/colour.screen"
result "without NO_COLOR the screen has colours" $?

# 9. F9 goes to the chats in progress and back; F10 quits.
keys s F9
wait_screen s 'Chat in corso \(1\)' 30
result "F9 shows the chats in progress" $? "$S"
keys s F9
wait_screen s 'Statistiche dal vivo' 30
result "F9 comes back to the statistics" $? "$S"
keys s F10
# console_gone: the console's process has left the window.
console_gone() {
	! $TM list-panes -t =s: -F '#{pane_current_command}' 2>/dev/null | grep -q infocig
}
wait_for 50 console_gone && ! grep -q . "$D/s.err"
result "F10 quits cleanly" $? "$D/s.err"

# 10. NO_COLOR: attributes only, no colour in the escape sequences.
console_login n 80 24 supervisore NO_COLOR=1
wait_screen n 'Operatori'
$TM capture-pane -e -p -t =n: > "$D/n.esc" 2>/dev/null
grep -q 'Operatori' "$D/n.esc" && ! grep -E -q "$SGR_COLOUR" "$D/n.esc"
result "NO_COLOR: the statistics use no colour" $? "$D/n.esc"
$TM kill-session -t =n: 2>/dev/null
[ -n "$KEEP_SCREEN" ] && cp "$D/80x24.screen" "$KEEP_SCREEN"
exit 0
