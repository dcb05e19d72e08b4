#!/bin/sh
# End-to-end, issue 11 items 3, 7 (console half) and 11 (lookups): canned
# replies as the advisor and the person see them rendered.  {protocollo} is
# filled right after filing; a placeholder with no value blocks sending and
# is named; the whole reply is visible before Enter; {mancante} does not
# repeat the timeline's words; after an F4 lookup the placeholders and the
# case pane come back to the chat's own person; a stale error goes away
# after a success.  Prints TAP lines, always exits 0.
NAME=console-canned
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1).
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
OTHER=SPSGPP70D02G964E		# Giuseppe Esposito, Naples (looked up)

if ! demo_db || ! user_key $WORKER; then
	result "demo database and keys" 1 "$D/seed.log"
	exit 0
fi
if ! daemon_start; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi
msgs() { sql "SELECT count(*) FROM messages WHERE sender = 'advisor'"; }

console_window op1 100 30
wait_screen op1 'Francesca Marino \(disponibile\)'
ssh_window mario $WORKER
wait_screen mario 'Posizione in coda' 150
wait_screen op1 'Coda \(1\)'
keys op1 F2
wait_screen op1 'Le mie chat \(1\)' && wait_screen op1 'CIGO-2026-D00004'
result "the advisor takes the chat and its case opens" $? "$D/op1.screen"

# {mancante} on the application waiting for payment data (CIGO-2026-D00003,
# the second in the list): the reply says the timeline's line once.
keys op1 Tab Down
wait_screen op1 'Domanda CIGO-2026-D00003'
keys op1 BTab F3
wait_screen op1 'Risposte pronte'
keys op1 5
wait_screen op1 'Risposta intera'
screen op1
tr -d '\n│' < "$D/op1.screen" | tr -s ' ' > "$D/flat"
grep -q "Situazione: dati di pagamento di ottobre 2026, dall'azienda (termine" "$D/flat" &&
    ! grep -q 'dati di pagamento (dati di pagamento' "$D/flat"
result "{mancante} does not repeat the timeline's words" $? "$D/op1.screen"
keys op1 C-a C-k

# A placeholder with no value (no payment on this application: {importo})
# blocks the line and is named; the whole reply is on screen.
keys op1 F3
wait_screen op1 'Risposte pronte'
keys op1 End Up Up Up Enter
wait_screen op1 'Da completare prima dell.invio: \{importo\}'
result "an unknown placeholder is named to the advisor" $? "$D/op1.screen"
grep -q 'Gentile Mario Rossi' "$D/op1.screen" && grep -q 'sito dell.Istituto' "$D/op1.screen"
result "the whole reply is visible before sending" $? "$D/op1.screen"
N=$(msgs)
keys op1 Enter
wait_screen op1 'Da completare prima dell.invio'
[ "$(msgs)" = "$N" ]
result "a reply with a placeholder left is not sent" $?
keys op1 C-a C-k

# {protocollo} right after filing a report from the chat.
keys op1 F8
report_iban op1
keys op1 F2
wait_sql "SELECT count(*) FROM reports" 1
wait_screen_gone op1 'Tab cambia campo'
keys op1 F3
wait_screen op1 'Risposte pronte'
keys op1 End Up Enter
wait_screen op1 'Risposta intera'
screen op1
tr -d '\n│' < "$D/op1.screen" | tr -s ' ' > "$D/flat"
grep -q 'numero LI-2026-0000001' "$D/flat" && ! grep -q '{protocollo}' "$D/flat"
result "{protocollo} is filled right after filing" $? "$D/op1.screen"
keys op1 Enter
wait_screen mario 'Francesca Marino: Gentile'
# Joined without blanks: the check does not depend on where the ssh shell wraps.
joined_shows() { screen mario && tr -d '\n ' < "$D/mario.screen" | grep -q "$1"; }
wait_for 50 joined_shows 'conilnumeroLI-2026-0000001\.' &&
    ! grep -q '{protocollo}' "$D/mario.screen"
result "the person reads the protocol, no placeholder" $? "$D/mario.screen"

# A lookup of another person: the canned reply still speaks of the chat's
# person, and going back to the chat brings back the chat's case.
keys op1 F4
wait_screen op1 'Codice fiscale, partita IVA'
keys op1 'RSSMRA85T10A562X' Enter
wait_screen op1 'carattere di controllo|non valid'
keys op1 F4
wait_screen op1 'Codice fiscale, partita IVA'
keys op1 $OTHER Enter
wait_screen op1 "Pratica: $OTHER"
# The screen may be read while the terminal is still drawing: wait, bounded.
wait_screen_gone op1 'carattere di controllo|non valid' 50
result "a stale error goes away after a successful lookup" $? "$D/op1.screen"
keys op1 BTab
wait_screen op1 "Pratica: $WORKER"
result "back to the chat, the case pane shows the chat's person" $? "$D/op1.screen"
keys op1 F4
wait_screen op1 'Codice fiscale, partita IVA'
keys op1 $OTHER Enter
wait_screen op1 "Pratica: $OTHER"
keys op1 F3
wait_screen op1 'Risposte pronte'
keys op1 3
wait_screen op1 'Risposta intera'
screen op1
tr -d '\n│' < "$D/op1.screen" | tr -s ' ' > "$D/flat"
grep -q 'CIGO-2026-D0000' "$D/flat" && ! grep -q 'CIGS-2026-D00009' "$D/flat" &&
    grep -q 'Gentile Mario Rossi' "$D/flat"
result "after a lookup, placeholders come from the chat's person" $? "$D/op1.screen"
exit 0
