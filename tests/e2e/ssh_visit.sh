#!/bin/sh
# End-to-end: a person's own past over SSH (issue 15).  At a second login
# the person reads what changed in their applications and reports since the
# first (and nothing on a first visit or when nothing changed); /storico
# lists their ended conversations, sanitised, and never someone else's;
# `ssh host storico` prints them too.  Everything checked on the screen of a
# stock ssh client in tmux.  Prints TAP lines, always exits 0.
NAME=visit
# Tuesday 15 December 2026, 15:30 in Rome (UTC+1): the seed's "today".
NOW=2026-12-15T14:30:00
. "${0%/*}/lib.sh"
WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples

demo_db || { result "demo database created" 1 "$D/seed.log"; exit 0; }
user_key $WORKER $WORKER2
result_why "demo database and keys" $? "$(cat "$D"/key-*.log)"
DAEMON_NOW=$NOW
daemon_start || { result "infocigd starts" 1 "$D/daemon.log"; exit 0; }
ME=$(sql "SELECT id FROM accounts WHERE login = '$WORKER'")
OTHER=$(sql "SELECT id FROM accounts WHERE login = '$WORKER2'")
WID=$(sql "SELECT worker_id FROM accounts WHERE id = $ME")
ADVISOR=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")
T0=$(sql "SELECT strftime('%s', '2026-12-15 14:30:00')")
DAY16=$(sql "SELECT CAST(julianday('2026-12-16') - 2440587.5 AS INTEGER)")
T16=$(sql "SELECT strftime('%s', '2026-12-16 10:00:00')")

# 1. A first visit: no "since your last visit", then the queue; she leaves.
ssh_window v1 $WORKER
wait_screen v1 'Posizione in coda'
r=$?
! grep -q 'ultima visita' "$D/v1.screen"
result_why "a first visit shows no changes, then the queue" $((r + $?)) "$(cat "$D/v1.screen")"
type_line v1 'una domanda lasciata in coda'
wait_screen v1 'Lei: una domanda lasciata in coda'
type_line v1 /esci
wait_screen v1 'Ha lasciato la coda'
wait_sql "SELECT ended_at IS NOT NULL FROM account_visits WHERE account_id = $ME" 1
result "the session's start and end are recorded" $?

# 2. The next day: an application authorised, a payment made, a report closed.
P4=$(sql "SELECT id FROM practices WHERE number = 'CIGO-2026-D00004'")
P2=$(sql "SELECT id FROM practices WHERE number = 'CIGO-2026-D00002'")
OFFICE=$(sql "SELECT office_id FROM practices WHERE id = $P4")
sql "INSERT INTO practice_events (practice_id, kind, day, detail) VALUES ($P4, 'autorizzata', $DAY16, 'AUT-1');
 INSERT INTO payments (practice_id, worker_id, month, liquidated_day, paid_day, amount_cents, method)
  VALUES ($P2, $WID, 202611, $DAY16, $DAY16, 123456, 'bonifico');
 INSERT INTO reports (protocol, year, seq, account_id, worker_id, office_id, topic, subtopic,
  description, status, filed_by, filed_at, updated_at)
  VALUES ('2026/000077', 2026, 77, $ME, $WID, $OFFICE, 'Pagamento', 'IBAN errato', 'x',
  'chiusa', $ADVISOR, $T0 - 86400, $T16);
 INSERT INTO report_notes (report_id, kind, account_id, at, body)
  SELECT id, 'chiusura', $ADVISOR, $T16, 'nota interna della sede' FROM reports
  WHERE protocol = '2026/000077';"
result "changes written between the visits" $?

# Two past chats: hers with Francesca Marino (a line with a terminal escape),
# and someone else's, which she must never read.
ESC=$(printf '\033')
sql "INSERT INTO chats (id, account_id, channel, state, queued_at, taken_at, ended_at,
  advisor_id, outcome) VALUES (901, $ME, 'lavoratori', 'closed', $T0 - 3600, $T0 - 3500,
  $T0 - 3000, $ADVISOR, 'risolta');
 INSERT INTO messages (chat_id, sender, account_id, at, body) VALUES
  (901, 'user', $ME, $T0 - 3400, 'quando arriva il pagamento di ottobre?'),
  (901, 'advisor', $ADVISOR, $T0 - 3300, 'Il pagamento ${ESC}[2Jè in liquidazione.');
 INSERT INTO chats (id, account_id, channel, state, queued_at, taken_at, ended_at,
  advisor_id, outcome) VALUES (902, $OTHER, 'lavoratori', 'closed', $T0 - 1800, $T0 - 1700,
  $T0 - 1000, $ADVISOR, 'risolta');
 INSERT INTO messages (chat_id, sender, account_id, at, body) VALUES
  (902, 'user', $OTHER, $T0 - 1600, 'domanda riservata di Giuseppe');
 INSERT INTO chats (id, account_id, channel, state, queued_at, taken_at, ended_at,
  advisor_id, outcome) VALUES
  (903, $ME, 'lavoratori', 'closed', $T0 - 86400, $T0 - 86300, $T0 - 86000, $ADVISOR, 'altro'),
  (904, $ME, 'lavoratori', 'closed', $T0 - 172800, $T0 - 172700, $T0 - 172000, $ADVISOR,
  'linea_inps');
 INSERT INTO messages (chat_id, sender, account_id, at, body) VALUES
  (903, 'user', $ME, $T0 - 86200, 'vecchia conversazione uno'),
  (904, 'user', $ME, $T0 - 172600, 'vecchia conversazione due');"

daemon_stop
DAEMON_NOW=2026-12-17T14:30:00
daemon_start || { result "infocigd starts again" 1 "$D/daemon.log"; exit 0; }

# 3. The second visit: the changes in plain words, before the queue.
ssh_window v2 $WORKER
wait_screen v2 'Posizione in coda'
shows v2 'Dalla sua ultima visita del 15/12/2026 \(dettagli con /stato e /segnalazioni\):' \
    '^  domanda n\. CIGO-2026-D00004: autorizzata il 16/12/2026\.$' \
    '^  domanda n\. CIGO-2026-D00002: pagamento di 1\.234,56 € eseguito il 16/12/2026\.$' \
    '^  Segnalazione 2026/000077: chiusa\.$'
r=$?
! grep -q 'nota interna' "$D/v2.screen"
r=$((r + $?))
[ "$(grep -n 'ultima visita' "$D/v2.screen" | cut -d: -f1)" -lt \
    "$(grep -n 'Posizione in coda' "$D/v2.screen" | cut -d: -f1)" ]
result_why "a second visit shows what changed since the first, before the queue" \
    $((r + $?)) "$(cat "$D/v2.screen")"

# 4. /storico: her conversations, newest first, sanitised; not Giuseppe's.
type_line v2 /storico
wait_screen v2 'Il pagamento è in liquidazione'
shows v2 'Le sue conversazioni con INFO CIG' \
    'Conversazione del 15/12/2026 14:30 con l.operatore Francesca Marino - esito: risolta in chat' \
    'Lei: quando arriva il pagamento di ottobre' 'esito: abbandonata in coda' \
    'Lei: una domanda lasciata in coda' 'vecchia conversazione uno' '/storico 2'
r=$?
! grep -q 'Giuseppe' "$D/v2.screen"
r=$((r + $?))
# Newest first: the queue she left today above the chat of an hour before it.
[ "$(grep -n 'abbandonata in coda' "$D/v2.screen" | tail -n 1 | cut -d: -f1)" -lt \
    "$(grep -n 'Francesca Marino - esito' "$D/v2.screen" | tail -n 1 | cut -d: -f1)" ]
result_why "/storico lists her past chats, newest first, never someone else's" \
    $((r + $?)) "$(cat "$D/v2.screen")"
type_line v2 /aiuto
wait_screen v2 '/storico +le sue conversazioni passate'
result "/aiuto lists /storico" $? "$D/v2.screen"
type_line v2 /esci
wait_screen v2 'Ha lasciato la coda'

# 5. A third visit the same day, nothing new: no line about changes.
ssh_window v3 $WORKER
wait_screen v3 'Posizione in coda'
r=$?
! grep -q 'ultima visita' "$D/v3.screen"
result_why "nothing changed: nothing shown" $((r + $?)) "$(cat "$D/v3.screen")"
type_line v3 /esci
wait_screen v3 'Ha lasciato la coda'

# 6. ssh host storico: the same list, printed, and the session ends.
ssh_window e1 $WORKER 100 30 storico
wait_screen e1 'Francesca Marino'
shows e1 'Le sue conversazioni con INFO CIG, dalla più recente \(1-3 di 4\)' \
    'Il pagamento è in liquidazione' 'Le conversazioni precedenti: storico 2'
r=$?
! grep -q 'Giuseppe' "$D/e1.screen"
result_why "ssh host storico prints her conversations" $((r + $?)) "$(cat "$D/e1.screen")"
ssh_key $WORKER storico > "$D/e1.out" 2>&1
grep -q 'Il pagamento è in liquidazione' "$D/e1.out" && ! grep -q "$ESC" "$D/e1.out"
result "no escape sequence a line held reaches the terminal" $? "$D/e1.out"
ssh_key $WORKER 'storico 2' > "$D/e2.out" 2>&1
grep -q 'vecchia conversazione due' "$D/e2.out" && grep -q 'inoltrata a Linea INPS' "$D/e2.out" &&
    ! grep -q 'ottobre' "$D/e2.out" && ! grep -q 'storico 3' "$D/e2.out"
result "storico 2: the older page" $? "$D/e2.out"
ssh_key $WORKER2 storico > "$D/e3.out" 2>&1
grep -q 'domanda riservata di Giuseppe' "$D/e3.out" && ! grep -q 'ottobre' "$D/e3.out"
result "another person's storico shows only their own" $? "$D/e3.out"
exit 0
