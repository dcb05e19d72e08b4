#!/bin/sh
# A large employer's case in the console (issue 19.2): every application
# listed, a page at a time, with the shared list widget; the seed's
# consultant is delegated for the company.
NAME=large
NOW=2026-11-24T15:00:00
. "${0%/*}/lib.sh"

if ! cli db init > "$D/init.log" 2>&1 ||
    ! cli db seed --workers 4000 --seed 3 > "$D/seed.log" 2>&1 ||
    ! cli db seed --demo >> "$D/seed.log" 2>&1; then
	echo "not ok - seeded database"
	sed 's/^/# /' "$D/init.log" "$D/seed.log" | head -20
	exit 0
fi
# The seed names its first large employer and the consultant.
MATRICOLA=$(sed -n 's/.*la prima ha matricola \([0-9]*\).*/\1/p' "$D/seed.log")
CONSULTANT=$(sed -n 's/.*delegate alla consulente \([A-Z0-9]*\)\..*/\1/p' "$D/seed.log")
APPS=$(sql "SELECT count(*) FROM practices p JOIN companies c ON c.id = p.company_id
    WHERE c.matricola = '$MATRICOLA'")
[ -n "$MATRICOLA" ] && [ "${APPS:-0}" -gt 40 ]
result "the seed has a large employer with more than 40 applications ($APPS)" $? "$D/seed.log"
wait_sql "SELECT count(*) FROM delegations d JOIN accounts a ON a.id = d.account_id
    WHERE a.login = '$CONSULTANT' AND d.role = 'consultant'" 40
result "its consultant is delegated for the 40 large employers" $?

console_window a 160 90
wait_screen a '\(disponibile\)' 100
keys a F4
wait_screen a 'Codice fiscale, partita IVA' 50
keys a "$MATRICOLA" Enter
wait_screen a "Domande 1-[0-9]* di $APPS" 100
result "the case pane pages the list: Domande 1-N di $APPS" $? "$D/a.screen"
! grep -q 'e altre .* domande' "$D/a.screen"
result "no list cut at 40 with a count of the rest" $? "$D/a.screen"
ROWS=$(sed -n "s/.*Domande 1-\([0-9]*\) di $APPS.*/\1/p" "$D/a.screen" | head -1)
keys a '>'
wait_screen a "Domanda $((ROWS + 1)) di $APPS" 100
result "> moves a page down the list and opens that application" $? "$D/a.screen"
wait_screen a "Domande [0-9]*-$((ROWS + 1)) di $APPS" 50
result "the list follows the selection past its first page" $? "$D/a.screen"
keys a End
wait_screen a "Domanda $APPS di $APPS" 100
result "End reaches the last application" $? "$D/a.screen"
LAST=$(sql "SELECT p.number FROM practices p JOIN companies c ON c.id = p.company_id
    WHERE c.matricola = '$MATRICOLA' ORDER BY p.period_from, p.id LIMIT 1")
wait_screen a "> $LAST" 50
result "the last row, the oldest application ($LAST), is shown and selected" $? "$D/a.screen"
keys a Home
wait_screen a "Domande 1-$ROWS di $APPS" 100
result "Home goes back to the first page" $? "$D/a.screen"

# practice show lists every application of the company, none cut.
ic practice show "$MATRICOLA"
[ "$rc" -eq 0 ] && [ "$(grep -c '^Domanda ' "$OUT")" -eq "$APPS" ]
result "practice show prints all $APPS applications" $? "$OUT"
exit 0
