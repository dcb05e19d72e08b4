#!/bin/sh
# End-to-end: infocig account link / unlink (issue 11, item 15).  A company
# owner created with `account add` is told that no company is linked; after
# `account link ... --as-role titolare` the owner, connecting with the stock
# ssh client, reads the company on the rendered screen, `account list` shows
# the delegation and the audit has the row; after `account unlink` the
# company is gone again.  Bad companies, roles and accounts are refused with
# a message.  Prints TAP lines.
NAME=cli-account
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1): the service is open.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

OWNER=RCCMNL83S18D969H		# a new owner, no delegation yet
COMPANY_CF=03456780844		# Ceramiche Vesuviane S.n.c. (demo), nobody linked
COMPANY_MATR=5190000003

demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
printf 'demo\n' | cli account add $OWNER --role owner --name "Carla Ricci" > "$D/add.log" 2>&1 &&
    user_key $OWNER
result "owner account with a key" $? "$D/add.log"
daemon_start || { result "daemon starts" 1 "$D/daemon.log"; exit 0; }

# Before: the owner is told that no company is linked.
ssh_window before $OWNER
wait_screen before "Nessuna azienda risulta collegata"
result "unlinked owner is told no company is linked (screen)" $? "$D/before.screen"

# Link by codice fiscale, as the Unix user's advisor (root is operatore1 in
# the demo) or, for another Unix user, with --as and a password.
if [ "$(id -un)" = root ]; then AS=; else AS="--as supervisore"; fi
printf 'demo\n' | cli $AS account link $OWNER $COMPANY_CF --as-role titolare > "$D/link.log" 2>&1 &&
    grep -q "collegato a Ceramiche Vesuviane S.n.c. (CF $COMPANY_CF) come titolare" "$D/link.log"
result "account link by codice fiscale" $? "$D/link.log"

cli account list > "$D/list.log" 2>&1 &&
    grep -A1 "^$OWNER " "$D/list.log" | grep -q "titolare di Ceramiche Vesuviane S.n.c. (CF $COMPANY_CF, matricola $COMPANY_MATR)"
result "account list shows the delegation" $? "$D/list.log"

[ "$(sql "SELECT count(*) FROM audit WHERE action = 'account_link' AND subject = '$OWNER'
    AND reason LIKE 'titolare di Ceramiche Vesuviane%'")" = 1 ]
result "link is audited" $?

printf 'demo\n' | cli --as supervisore audit --from 2020-01-01 > "$D/audit.log" 2>&1 &&
    grep -q " collegamento  *$OWNER  *titolare di Ceramiche" "$D/audit.log"
result "audit lists the link in Italian" $? "$D/audit.log"

ssh_window after $OWNER
wait_screen after "Ceramiche Vesuviane S.n.c."
result "the linked owner sees the company over ssh (screen)" $? "$D/after.screen"

# A second link of the same pair, by matricola, is refused.
printf 'demo\n' | cli $AS account link $OWNER $COMPANY_MATR --as-role consulente > "$D/dup.log" 2>&1
[ $? -ne 0 ] && grep -q "già collegato" "$D/dup.log"
result "the same company twice is refused" $? "$D/dup.log"

# Refusals: wrong check digit, unknown company, bad role, a worker account.
printf 'demo\n' | cli $AS account link $OWNER 03456780845 --as-role titolare > "$D/bad1.log" 2>&1
[ $? -ne 0 ] && grep -q "non valido: carattere di controllo errato" "$D/bad1.log"
result "a codice fiscale with a wrong check digit is refused" $? "$D/bad1.log"
printf 'demo\n' | cli $AS account link $OWNER 9999999999 --as-role titolare > "$D/bad2.log" 2>&1
[ $? -ne 0 ] && grep -q "nessuna azienda con codice fiscale, partita IVA o matricola 9999999999" "$D/bad2.log"
result "an unknown matricola is refused" $? "$D/bad2.log"
printf 'demo\n' | cli $AS account link $OWNER $COMPANY_CF --as-role padrone > "$D/bad3.log" 2>&1
[ $? -eq 2 ] && grep -q 'ruolo "padrone" sconosciuto' "$D/bad3.log"
result "an unknown role is refused" $? "$D/bad3.log"
printf 'demo\n' | cli $AS account link RSSMRA85T10A562S $COMPANY_CF --as-role titolare > "$D/bad4.log" 2>&1
[ $? -ne 0 ] && grep -q "è un lavoratore" "$D/bad4.log"
result "a worker account cannot be linked" $? "$D/bad4.log"

# Unlink by matricola: audited, and the owner no longer sees the company.
printf 'demo\n' | cli $AS account unlink $OWNER $COMPANY_MATR > "$D/unlink.log" 2>&1 &&
    [ "$(sql "SELECT count(*) FROM delegations d JOIN accounts a ON a.id = d.account_id
    WHERE a.login = '$OWNER'")" = 0 ] &&
    [ "$(sql "SELECT count(*) FROM audit WHERE action = 'account_unlink' AND subject = '$OWNER'")" = 1 ]
result "account unlink by matricola, audited" $? "$D/unlink.log"
ssh_window again $OWNER
wait_screen again "Nessuna azienda risulta collegata"
result "after unlink the owner is told no company is linked (screen)" $? "$D/again.screen"

# Issue 18.12: names are checked at entry; what a terminal would obey never
# gets into the database (it once reached citizens as "L'operatore %s ...").
n0=$(sql "SELECT count(*) FROM accounts")
bad_name() {
	printf 'demo\n' | cli account add "$2" --role advisor --name "$3" > "$D/name.log" 2>&1
	[ $? -eq 2 ] && grep -q "$4" "$D/name.log" && [ "$(sql "SELECT count(*) FROM accounts")" = "$n0" ]
	result "$1 is refused at entry" $? "$D/name.log"
}
bad_name "a name with OSC and CSI sequences" esc1 "$(printf 'Anna\033]0;x\007\033[2J')" "nome non valido"
bad_name "a name with a C1 CSI" esc2 "$(printf 'Anna \302\23331m')" "nome non valido"
bad_name "a name with a right-to-left override" bidi "$(printf 'Anna \342\200\256issoR')" "nome non valido"
bad_name "a name with a zero width space" zw "$(printf 'Anna\342\200\213 Rossi')" "nome non valido"
bad_name "a blank name" blank "   " "spazi"
bad_name "a staff login with an escape" "$(printf 'op\033[2J')" "Anna Rossi" "login .* non valido"
printf 'demo\n' | cli account add arossi --role advisor --name "Niccolò D'Alì" > "$D/okname.log" 2>&1 &&
    [ "$(sql "SELECT full_name FROM accounts WHERE login = 'arossi'")" = "Niccolò D'Alì" ]
result "an accented name is stored as typed" $? "$D/okname.log"
exit 0
