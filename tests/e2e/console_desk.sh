#!/bin/sh
# End-to-end, issue 11 items 2, 8, 9 and 14: the advisor's desk as two
# advisors and a person see it on their rendered screens.  The transfer
# note is required and never reaches the person; the sender after a
# transfer learns to whom it went; each advisor line names its writer; a
# person who leaves or drops stays readable and is closed with an outcome;
# a new queued chat rings the bell unless console.alert is off.  Prints TAP
# lines, always exits 0.
NAME=console-desk
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1).
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples

if ! demo_db || ! user_key $WORKER || ! user_key $WORKER2; then
	result "demo database and keys" 1 "$D/seed.log"
	exit 0
fi
if ! daemon_start; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi
OP2=$(sql "SELECT id FROM accounts WHERE login = 'operatore2'")
bell() { $TM display -p -t "=$1:" '#{window_bell_flag}'; }

# Francesca Marino (operatore1, the Unix user's) with the default alert;
# Davide Conti (operatore2) with console.alert = off.
console_window op1 100 30
console_window op2 100 30 "-o console.alert=off --as operatore2"
wait_screen op2 'assword' 50
keys op2 demo Enter
wait_screen op1 'Francesca Marino \(disponibile\)' && wait_screen op2 'Davide Conti \(disponibile\)'
result "two advisors' consoles open" $? "$D/op2.screen"

# Item 14: a new queued chat rings the bell (tmux records it per window),
# not where console.alert = off.
ssh_window mario $WORKER
wait_screen mario 'Posizione in coda' 150
wait_screen op1 'Coda \(1\)' && wait_screen op2 'Coda \(1\)'
rang() { [ "$(bell "$1")" = 1 ]; }
wait_for 30 rang op1
result "a new queued chat rings the advisor's bell" $?
[ "$(bell op2)" = 0 ]
result "no bell where console.alert is off" $?

keys op1 F2
wait_screen op1 'Le mie chat \(1\)' && wait_screen mario 'ha preso in carico'
type_line op1 'Buongiorno, sono Francesca e verifico la sua domanda'
wait_screen mario 'verifico la sua domanda'
result "the advisor's line reaches the person" $? "$D/mario.screen"

# Item 2: Enter on the empty note keeps the dialog open with the error; the
# chat is not transferred and nothing goes to the person.
keys op1 F5
wait_screen op1 'Trasferisci a'
keys op1 Down Enter
wait_screen op1 'Nota di trasferimento'
keys op1 Enter
wait_screen op1 'La nota è obbligatoria' && grep -q 'Nota di trasferimento' "$D/op1.screen" &&
    [ "$(sql "SELECT advisor_id = $OP2 FROM chats")" = 0 ]
result "an empty transfer note asks again and does not cancel" $? "$D/op1.screen"
keys op1 -l 'nota riservata per il collega XYZ'
keys op1 Enter
wait_sql "SELECT advisor_id FROM chats" "$OP2"
result "the note completes the transfer" $?
wait_screen op1 'trasferita a Davide Conti'
result "the sender is told the chat was transferred, and to whom" $? "$D/op1.screen"
! grep -q 'non è più tra le sue' "$D/op1.screen"
result "the transfer does not read like an error" $? "$D/op1.screen"
wait_screen mario "trasferita all'operatore Davide Conti"
screen mario
! grep -q 'XYZ' "$D/mario.screen" && [ "$(sql "SELECT count(*) FROM messages WHERE body LIKE '%XYZ%'")" = 0 ]
result "the note for colleagues never reaches the person" $? "$D/mario.screen"

# Item 9: the receiver sees which advisor wrote each line.
wait_screen op2 'Le mie chat \(1\)'
keys op2 Tab Enter
wait_screen op2 'Francesca Marino: Buongiorno, sono Francesca'
result "after a transfer the earlier advisor's lines carry her name" $? "$D/op2.screen"
type_line op2 'Sono Davide, continuo io'
wait_screen op2 'Davide Conti: Sono Davide, continuo io'
result "the receiver's own lines carry his name" $? "$D/op2.screen"
wait_screen mario 'continuo io'

# Item 8: the person leaves with /esci; the advisor is told, the
# conversation stays readable, and is closed with an outcome.
type_line mario '/esci'
wait_sql "SELECT state FROM chats" closed
wait_screen op2 'Mario Rossi ha chiuso la conversazione'
result "the advisor is told that the person left" $? "$D/op2.screen"
wait_screen op2 'Le mie chat \(1\)' && grep -q 'chiusa Mario Rossi' "$D/op2.screen" &&
    grep -q 'Davide Conti: Sono Davide, continuo io' "$D/op2.screen" &&
    grep -q 'La persona è uscita: F6 chiude con un esito' "$D/op2.screen"
result "the conversation stays readable on the desk" $? "$D/op2.screen"
keys op2 F6
wait_screen op2 'Chiudi la chat: esito'
keys op2 Enter
wait_sql "SELECT state || ' ' || outcome FROM chats" 'closed risolta'
result "the advisor closes the left chat with an outcome" $?
wait_screen op2 'Le mie chat \(0\)'
result "the closed chat leaves the desk" $? "$D/op2.screen"

# Item 8: a dropped connection is said as such.
ssh_window peppe $WORKER2
wait_screen peppe 'Posizione in coda' 150
wait_screen op2 'Coda \(1\)'
keys op2 Escape
keys op2 F2
wait_screen op2 'Giuseppe Esposito' && wait_screen peppe 'ha preso in carico'
$TM kill-session -t =peppe:
wait_screen op2 'Connessione con Giuseppe Esposito persa'
result "a dropped person is reported as a lost connection" $? "$D/op2.screen"
grep -q 'persa Giuseppe Esposit' "$D/op2.screen"
result "the dropped chat stays on the desk, marked" $? "$D/op2.screen"

# Item 16: one open chat is singular when quitting.
keys op2 F10
wait_screen op2 '1 chat aperta tornerà in coda. Uscire\?'
result "quitting with one open chat says, in the singular, that it goes back to the queue" $? "$D/op2.screen"
keys op2 Enter
exit 0
