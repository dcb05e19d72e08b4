#!/bin/sh
# End-to-end: the typing indicator (issue 15).  A person at a stock ssh
# client and an advisor at the console, both in tmux: the advisor reads
# "Mario Rossi sta scrivendo..." while the person edits a line, and no more
# once the line is sent; the person reads "L'operatore sta scrivendo..."
# once per reply, however long the advisor types.  Prints TAP lines,
# always exits 0.
NAME=typing
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1).
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"
WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome

demo_db || { result "demo database created" 1 "$D/seed.log"; exit 0; }
user_key $WORKER
result_why "demo database and key" $? "$(cat "$D"/key-*.log)"
daemon_start || { result "infocigd starts" 1 "$D/daemon.log"; exit 0; }

console_login a 100 30 operatore1
wait_screen a 'Francesca Marino \(disponibile\)' 100
result "the advisor's console opens" $? "$D/a.screen"
ssh_window p $WORKER
wait_screen p 'Posizione in coda: 1'
wait_screen a 'Coda \(1\)'
keys a F2
wait_screen p 'ha preso in carico'
result "the advisor takes the person's chat" $? "$D/p.screen"
CHAT=$(chat_of $WORKER)

# 1. The person types without sending: the advisor sees it, then the line ends it.
$TM send-keys -t "=p:" -l 'vorrei sapere'
wait_screen a 'Mario Rossi sta scrivendo\.\.\.'
result "the advisor sees the person typing" $? "$D/a.screen"
$TM send-keys -t "=p:" Enter
wait_screen a 'Mario Rossi: vorrei sapere' && wait_screen_gone a 'sta scrivendo'
result "the person's line ends the indicator" $? "$D/a.screen"

# 2. The advisor types: the person is told once, however many marks follow.
keys a 'Verifico'
wait_screen p "L'operatore sta scrivendo\.\.\."
result "the person sees the operator typing" $? "$D/p.screen"
M1=$(sql "SELECT advisor_typing_ms FROM chats WHERE id = $CHAT")
# Typing on until the console marks again (at most every 3 s: polled, bounded).
another_mark() {
	keys a 'x'
	[ "$(sql "SELECT advisor_typing_ms FROM chats WHERE id = $CHAT")" != "$M1" ]
}
wait_for 100 another_mark
r=$?
M2=$(sql "SELECT advisor_typing_ms FROM chats WHERE id = $CHAT")
# The reply comes after the second mark was read: one notice before it, not two.
keys a C-u 'Verifico subito' Enter
wait_screen p 'Operatore Francesca Marino: Verifico subito'
r=$((r + $?))
[ "$(grep -c "sta scrivendo" "$D/p.screen")" -eq 1 ]
result_why "a second mark tells the person nothing new" $((r + $?)) "$(cat "$D/p.screen")"
keys a 'Ecco'
wait_for 100 eval "screen p; [ \"\$(grep -c 'sta scrivendo' \"$D/p.screen\")\" -eq 2 ]"
result_why "after the reply, typing again is told again" $? "$(cat "$D/p.screen")"

# 3. The console typed a key every poll, yet marked again only 3 s after the first.
[ -n "$M2" ] && [ $((M2 - M1)) -ge 2900 ]
result_why "typing marks are rate-limited" $? "first $M1, second $M2"
exit 0
