#!/bin/sh
# The timeline as people read it on a terminal (issue 12, issue 11.4 and
# 11.7): the demo worker over the stock ssh client and an advisor in the
# console, both asserted on the screen tmux rendered.
#
# On 24/11/2026 (16:00 in Rome, the service open) the demo's CIGO-2026-D00002
# has September's payment data from 14/10/2026; Mario's month was liquidated
# and never paid.  With the standard times (payment 7 days, slow end 7 * 3/2
# rounded up = 11) it was due by 25/10/2026: the screens must say it is late
# and since when, never "intorno al 24/11/2026 (tra il 24/11/2026 e il
# 24/11/2026)".
NAME=timeline
NOW=2026-11-24T15:00:00
. "${0%/*}/lib.sh"

if ! demo_db; then
	echo "not ok - demo database"
	sed 's/^/# /' "$D/init.log" "$D/seed.log" | head -20
	exit 0
fi
MARIO=RSSMRA85T10A562S
ssh-keygen -q -t ed25519 -N '' -f "$D/host_key" > /dev/null 2>&1
if ! user_key $MARIO || ! daemon_start; then
	echo "not ok - daemon and key"
	sed 's/^/# /' "$D/daemon.log" "$D/key-$MARIO.log" 2>/dev/null | head -20
	exit 0
fi

# --- the worker: /stato over ssh, wide enough not to wrap ---
ssh_window m $MARIO 220 90
wait_screen m '>' 100
type_line m /stato
wait_screen m 'CIGO-2026-D00002' 100
wait_screen m 'in ritardo' 50
result "ssh: /stato says the overdue payment is late" $? "$D/m.screen"
grep -q 'pagamento atteso entro il 25/10/2026' "$D/m.screen"
result "ssh: /stato says since when it was due (25/10/2026)" $? "$D/m.screen"
! grep -q 'tra il 24/11/2026 e il 24/11/2026' "$D/m.screen"
result "ssh: no made-up expected date clamped to today" $? "$D/m.screen"
! grep -q 'Manca: dati di pagamento ricevuti' "$D/m.screen"
result "ssh: Manca is not used for what is not missing" $? "$D/m.screen"
grep -q 'da riscuotere in un ufficio postale' "$D/m.screen" &&
    ! grep -q 'avverrà con bonifico domiciliato' "$D/m.screen"
result "ssh: a domiciliato already paid is in the past tense" $? "$D/m.screen"

# --- the advisor: F4 on the application number, the case pane ---
# The demo maps operatore1 to the Unix user that seeded it.
console_window a 200 70
wait_screen a '\(disponibile\)' 100
keys a F4
wait_screen a 'Codice fiscale, partita IVA' 50
keys a 'CIGO-2026-D00002' Enter
wait_screen a 'ritardo' 100
result "console: the case pane says the payment is late" $? "$D/a.screen"
grep -q '5-bis' "$D/a.screen" && grep -q '148/2015' "$D/a.screen"
result "console: the case pane cites the legal basis of the deadlines" $? "$D/a.screen"
! grep -q 'Pagamento previsto' "$D/a.screen"
result "console: no expected date for a late payment" $? "$D/a.screen"
keys a F4
wait_screen a 'Codice fiscale, partita IVA' 50
keys a 'CIGS-2025-D00012' Enter
wait_screen a 'CIGS-2025-D00012' 100 && wait_screen a 'conguaglio entro il 31/07/2026' 50
result "console: a lapsed conguaglio shows its six-month term" $? "$D/a.screen"
keys a F4
wait_screen a 'Codice fiscale, partita IVA' 50
keys a 'FIS-2026-D00006' Enter
wait_screen a 'FIS-2026-D00006' 100 && wait_screen a 'a conguaglio dall' 50 &&
    ! grep -q 'entro il -' "$D/a.screen"
result "console: no 'entro il -' on a conguaglio" $? "$D/a.screen"
exit 0
