#!/bin/sh
# End-to-end: what a person reads on the screen that their terminal renders
# (the stock ssh -tt client inside tmux, read back with capture-pane).
#   - /segnalazioni lists each report with its protocol, subject, status and
#     outcome, at 80 columns (issue 11.1);
#   - text wraps at word boundaries, at the width of the window and again
#     after the window changes size (issue 11.5);
#   - employers are greeted with their own text; at 14:59 the closed message
#     says "oggi alle 15:00" and states the hours (issue 11.6);
#   - an advisor's name holding escape sequences reaches the person as plain
#     text: no title change, no cleared screen (issue 18.12).
# Prints TAP lines, always exits 0.
NAME=ssh-screen
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1): the service is open.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome

# words_whole WINDOW TEXT: every word of TEXT stands whole on some row of
# the window's last screen: a word cut by the margin ("integ" / "razione")
# is found on no row.
words_whole() {
	for _w in $2; do
		grep -Fq -e "$_w" "$D/$1.screen" || { echo "# word cut or missing: $_w"; return 1; }
	done
	return 0
}

# max_width WINDOW: the widest non-blank row of the window's last screen.
max_width() {
	sed 's/ *$//' "$D/$1.screen" | wc -L
}

if ! demo_db; then
	result "demo database created" 1 "$D/init.log"
	exit 0
fi
OWNER=$(sql "SELECT login FROM accounts WHERE full_name = 'Giorgio Verdi'")
for who in $WORKER $OWNER; do
	user_key "$who" || break
done
result "demo database and keys" $? "$D/key-$WORKER.log"

# A report filed for the worker, then taken and closed by the Rome office.
as() {
	_login=$1
	shift
	printf 'demo\n' | cli --as "$_login" "$@" > "$D/as.log" 2>&1
}
cli report file --worker $WORKER --practice CIGO-2026-D00002 --topic Pagamento \
    --subtopic "IBAN errato" --description "IBAN respinto dalla banca." > "$D/file.log" 2>&1 &&
    as sede.roma report take LI-2026-0000001 &&
    as sede.roma report close LI-2026-0000001 "IBAN aggiornato, pagamento riemesso."
result "a report filed and closed with an outcome" $? "$D/as.log"

if ! daemon_start; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi

# --- 11.5: the greeting wraps at words, at 80 columns ---
ssh_window w1 $WORKER 80 24
wait_screen w1 'Posizione in coda' 150
words_whole w1 "Qui può chiedere a un operatore INPS a che punto è la sua domanda di cassa integrazione e quando sarà pagata."
result "at 80 columns the greeting wraps between words" $? "$D/w1.screen"

# --- 11.1: /segnalazioni shows the report, its status and outcome ---
type_line w1 /segnalazioni
wait_screen w1 'LI-2026-0000001 del 24/11/2026' 50
words_whole w1 "Segnalazioni inoltrate alla sede INPS (Linea INPS): LI-2026-0000001 del 24/11/2026: Pagamento / IBAN errato - chiusa: IBAN aggiornato, pagamento riemesso."
result "/segnalazioni shows protocol, subject, status and outcome at 80 columns" $? "$D/w1.screen"
# The prompt drawn after the list does not erase its last line.
type_line w1 ""
screen w1
grep -q 'riemesso\.' "$D/w1.screen"
result "the report's last line stays on screen after the prompt is drawn again" $? "$D/w1.screen"

# --- 11.5: a window-change is honoured ---
resize w1 50 24
keys w1 C-l
type_line w1 /aiuto
wait_screen w1 'inviata all.operatore' 50
# "  /stato         lo stato delle sue domande di integrazione salariale" is
# 70 columns: at 50 it breaks after "di", the rest keeping the indent.
[ "$(max_width w1)" -le 50 ] && grep -q '^  /stato  *lo stato delle sue domande di$' "$D/w1.screen" &&
    grep -q '^  integrazione salariale$' "$D/w1.screen"
result "after a window change to 50 columns lines wrap at words within 50" $? "$D/w1.screen"

# --- 18.12: an advisor's name with escape sequences ---
CHAT=$(sql "SELECT c.id FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER' AND c.state = 'queued'")
sql "UPDATE accounts SET full_name = 'Francesca' || char(27) || ']0;PWNED' || char(7) || char(27) || '[2J' || char(27) || 'c Marino' WHERE login = 'operatore1'"
sql "UPDATE chats SET state = 'active', advisor_id = (SELECT id FROM accounts WHERE login = 'operatore1'), taken_at = strftime('%s', '2026-11-24 14:31:00') WHERE id = $CHAT"
wait_screen w1 "ha preso in carico" 100
grep -q "L'operatore Francesca Marino ha preso" "$D/w1.screen" &&
    grep -q 'Comandi disponibili' "$D/w1.screen" &&
    [ "$($TM display -p -t =w1: '#{pane_title}')" != PWNED ]
result "an advisor's name with escapes reaches the person as plain text" $? "$D/w1.screen"
keys w1 C-c

# --- 11.6: an employer's greeting ---
ssh_window w2 "$OWNER" 100 30
wait_screen w2 'Posizione in coda' 150
grep -q 'sono le domande di integrazione salariale' "$D/w2.screen" &&
    ! grep -q 'quando sarà pagata' "$D/w2.screen"
result "a company owner is greeted with the employer's text" $? "$D/w2.screen"
keys w2 C-c

# --- 11.6: at 14:59 the service opens "oggi alle 15:00" ---
# Tuesday 24 November 2026, 13:59 UTC is 14:59 in Rome (UTC+1 in winter);
# Tuesday is a working day and not a holiday, so the service opens today
# at 15:00, one minute later; the hours are 15:00-18:00 Monday to Friday.
daemon_stop
export INFOCIG_NOW=2026-11-24T13:59:00
if daemon_start; then
	ssh_window w3 $WORKER 100 30
	wait_screen w3 'Arrivederci' 150
	grep -q 'Prossima apertura: oggi alle 15:00\.' "$D/w3.screen" &&
	    grep -q 'dal lunedì al venerdì dalle 15:00 alle 18:00' "$D/w3.screen"
	result "at 14:59 the closed message says oggi alle 15:00 and states the hours" $? "$D/w3.screen"
else
	result "infocigd restarts at 14:59" 1 "$D/daemon.log"
fi
# Friday 27 November 2026, 18:40 in Rome: closed until Monday 30 at 15:00.
daemon_stop
export INFOCIG_NOW=2026-11-27T17:40:00
if daemon_start; then
	ssh_window w4 $WORKER 100 30
	wait_screen w4 'Arrivederci' 150
	grep -q 'Prossima apertura: lunedì 30 novembre 2026 alle 15:00\.' "$D/w4.screen"
	result "on Friday evening the next opening is Monday's date" $? "$D/w4.screen"
else
	result "infocigd restarts on Friday evening" 1 "$D/daemon.log"
fi
exit 0
