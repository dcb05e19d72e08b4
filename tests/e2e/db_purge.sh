#!/bin/sh
# End-to-end: infocig db purge applies the retention settings.  Chats ended
# before retention.chat_days go with their lines and transfer notes, closed
# reports older than retention.report_days are anonymised (protocol and
# office kept), audit rows older than retention.audit_days go; --dry-run
# counts without changing anything; the purge audits itself; foreign keys
# stay intact.  Prints TAP lines, always exits 0.
NAME=purge
# Tuesday 24 November 2026, 15:30 in Rome.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
T=$(sql "SELECT strftime('%s', '2026-11-24 14:30:00')")
DAY=86400
# Defaults: chats 730 days, reports 1825, audit 3650.
# Old chats: ended 800 days ago (past 730); a recent one: 10 days ago.
sql "
INSERT INTO chats (id, account_id, channel, state, queued_at, taken_at, ended_at, advisor_id, outcome)
  SELECT 9001, a.id, 'lavoratori', 'closed', $T - 800*$DAY, $T - 800*$DAY + 30,
    $T - 800*$DAY + 600, o.id, 'risolta' FROM accounts a, accounts o
  WHERE a.login = 'RSSMRA85T10A562S' AND o.login = 'operatore1';
INSERT INTO chats (id, account_id, channel, state, queued_at, ended_at)
  SELECT 9002, id, 'lavoratori', 'abandoned', $T - 900*$DAY, $T - 900*$DAY + 60 FROM accounts
  WHERE login = 'SPSGPP70D02G964E';
INSERT INTO chats (id, account_id, channel, state, queued_at, taken_at, ended_at, advisor_id, outcome)
  SELECT 9003, a.id, 'lavoratori', 'closed', $T - 10*$DAY, $T - 10*$DAY + 30,
    $T - 10*$DAY + 600, o.id, 'risolta' FROM accounts a, accounts o
  WHERE a.login = 'RSSMRA85T10A562S' AND o.login = 'operatore1';
INSERT INTO messages (chat_id, sender, at, body) VALUES
  (9001, 'user', $T - 800*$DAY + 40, 'riga vecchia 1'), (9001, 'advisor', $T - 800*$DAY + 50, 'riga vecchia 2'),
  (9002, 'user', $T - 900*$DAY + 10, 'riga vecchia 3'), (9003, 'user', $T - 10*$DAY + 40, 'riga recente');
INSERT INTO chat_transfers (chat_id, from_id, to_id, note, at)
  SELECT 9001, id, NULL, 'nota per i colleghi', $T - 800*$DAY + 100 FROM accounts WHERE login = 'operatore1';
INSERT INTO audit (at, actor_id, action, subject, reason, chat_id)
  SELECT $T - 800*$DAY + 45, id, 'practice_view', 'RSSMRA85T10A562S', 'chat', 9001 FROM accounts WHERE login = 'operatore1';
INSERT INTO audit (at, actor_id, action, subject, reason, chat_id)
  SELECT $T - 4000*$DAY, id, 'practice_view', 'RSSMRA85T10A562S', 'chat', NULL FROM accounts WHERE login = 'operatore1';
" 2> "$D/sql.err"
# An old closed report (updated 2000 days ago, past 1825) linked to the old chat, and a recent one.
sql "
INSERT INTO reports (id, protocol, year, seq, chat_id, account_id, worker_id, office_id, topic, subtopic,
    description, status, outcome, filed_by, filed_at, updated_at)
  SELECT 9101, 'LI-2021-0000001', 2021, 1, 9001, a.id, a.worker_id, (SELECT min(id) FROM offices),
    'Pagamenti', 'Ritardo', 'Mario Rossi, IBAN errato', 'chiusa', 'risolta', o.id,
    $T - 2010*$DAY, $T - 2000*$DAY FROM accounts a, accounts o
  WHERE a.login = 'RSSMRA85T10A562S' AND o.login = 'operatore1';
INSERT INTO report_notes (report_id, kind, account_id, at, body)
  SELECT 9101, 'chiusura', id, $T - 2000*$DAY, 'pagato con bonifico domiciliato' FROM accounts WHERE login = 'operatore1';
INSERT INTO reports (id, protocol, year, seq, account_id, office_id, topic, subtopic,
    description, status, filed_by, filed_at, updated_at)
  SELECT 9102, 'LI-2026-0009999', 2026, 9999, a.id, (SELECT min(id) FROM offices),
    'Pagamenti', 'Ritardo', 'recente', 'chiusa', o.id, $T - 5*$DAY, $T - 5*$DAY
  FROM accounts a, accounts o WHERE a.login = 'RSSMRA85T10A562S' AND o.login = 'operatore1';
" 2>> "$D/sql.err"
[ ! -s "$D/sql.err" ]
result "old and recent chats, reports and audit rows written" $? "$D/sql.err"
BEFORE=$(sql "SELECT (SELECT count(*) FROM chats) || ' ' || (SELECT count(*) FROM messages) || ' ' ||
    (SELECT count(*) FROM audit) || ' ' || (SELECT group_concat(description) FROM reports)")

# --dry-run: the counts, nothing changed.
printf 'demo\n' | cli --as supervisore db purge --dry-run > "$D/dry.out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -Eq 'chat concluse eliminate +2 \(oltre 730 giorni\)' "$D/dry.out" &&
    grep -Eq 'segnalazioni chiuse anonimizzate +1 \(oltre 1825 giorni\)' "$D/dry.out" &&
    grep -Eq 'righe del registro degli accessi eliminate +1 \(oltre 3650 giorni\)' "$D/dry.out" &&
    grep -Eq 'messaggi delle chat eliminate +3' "$D/dry.out"
result "--dry-run counts what is due: 2 chats (3 lines), 1 report, 1 audit row" $? "$D/dry.out"
[ "$(sql "SELECT (SELECT count(*) FROM chats) || ' ' || (SELECT count(*) FROM messages) || ' ' ||
    (SELECT count(*) FROM audit) || ' ' || (SELECT group_concat(description) FROM reports)")" = "$BEFORE" ]
result "--dry-run changes nothing" $?

printf 'demo\n' | cli --as operatore2 db purge > "$D/adv.out" 2>&1
[ $? -ne 0 ] && grep -q 'solo i supervisori' "$D/adv.out"
result "an advisor may not purge" $? "$D/adv.out"
printf 'demo\n' | cli -o retention.audit_days=100 -o retention.chat_days=200 --as supervisore \
    db purge > "$D/cfg.out" 2>&1
[ $? -ne 0 ] && grep -q 'retention.audit_days (100) non può essere minore di retention.chat_days (200)' "$D/cfg.out"
result "an audit kept shorter than the chats is refused" $? "$D/cfg.out"

# The purge.
printf 'demo\n' | cli --as supervisore db purge > "$D/purge.out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -Eq 'chat concluse eliminate +2$' "$D/purge.out" &&
    grep -Eq 'segnalazioni chiuse anonimizzate +1$' "$D/purge.out"
result "db purge reports what it did" $? "$D/purge.out"
[ "$(sql "SELECT count(*) FROM chats WHERE id IN (9001, 9002)")" = 0 ] &&
    [ "$(sql "SELECT count(*) FROM messages WHERE chat_id IN (9001, 9002)")" = 0 ] &&
    [ "$(sql "SELECT count(*) FROM chat_transfers WHERE chat_id = 9001")" = 0 ] &&
    [ "$(sql "SELECT count(*) FROM messages WHERE body = 'riga recente'")" = 1 ] &&
    [ "$(sql "SELECT count(*) FROM chats WHERE id = 9003")" = 1 ]
result "old chats go with their lines and notes; the recent one stays" $?
[ "$(sql "SELECT protocol || '|' || description || '|' || coalesce(account_id, 'NULL') || '|' ||
    coalesce(chat_id, 'NULL') || '|' || outcome FROM reports WHERE id = 9101")" = \
    'LI-2021-0000001|(testo rimosso: termine di conservazione scaduto)|NULL|NULL|risolta' ] &&
    [ "$(sql "SELECT body FROM report_notes WHERE report_id = 9101")" = \
    '(testo rimosso: termine di conservazione scaduto)' ] &&
    [ "$(sql "SELECT description FROM reports WHERE id = 9102")" = recente ]
result "the old report keeps protocol and outcome, loses text and links; the recent one stays" $?
[ "$(sql "SELECT count(*) FROM audit WHERE at < $T - 3650*$DAY")" = 0 ] &&
    [ "$(sql "SELECT count(*) FROM audit WHERE chat_id IS NULL AND at = $T - 800*$DAY + 45")" = 1 ]
result "old audit rows go; the audit of a purged chat stays, unlinked" $?
sql "SELECT subject FROM audit WHERE action = 'db_purge'" > "$D/audit.out"
grep -qx 'chat 2, messaggi 3, segnalazioni 1, audit 1' "$D/audit.out"
result "the purge is audited with its counts" $? "$D/audit.out"
cli db check > "$D/check.out" 2>&1
result "the database passes db check (foreign keys intact)" $? "$D/check.out"
printf 'demo\n' | cli --as supervisore db purge > "$D/again.out" 2>&1 &&
    grep -Eq 'chat concluse eliminate +0$' "$D/again.out"
result "a second purge finds nothing left" $? "$D/again.out"

# The daemon's daily purge (retention.daily_at), as retention.purge_as.
./infocigd -t -f conf/infocig.conf -o database="$DB" -o ssh.host_key="$D/host_key" \
    -o retention.daily_at=15:30 -o retention.purge_as=operatore2 > "$D/t.out" 2>&1
[ $? -ne 0 ] && grep -q 'retention.purge_as: "operatore2" non è un supervisore' "$D/t.out"
result "infocigd -t refuses a daily purge run as a non-supervisor" $? "$D/t.out"
sql "INSERT INTO chats (id, account_id, channel, state, queued_at, ended_at)
  SELECT 9011, id, 'lavoratori', 'abandoned', $T - 900*$DAY, $T - 900*$DAY + 60 FROM accounts
  WHERE login = 'SPSGPP70D02G964E';
INSERT INTO messages (chat_id, sender, at, body) VALUES (9011, 'user', $T - 900*$DAY, 'vecchia');"
# The daemon's clock starts at 15:29:55 in Rome and runs: the purge is due at 15:30.
DAEMON_NOW="2026-11-24T14:29:55Z@$(date +%s)"
daemon_start -o retention.daily_at=15:30 -o retention.purge_as=supervisore
result "infocigd starts with a daily purge at 15:30" $? "$D/daemon.log"
[ "$(sql "SELECT count(*) FROM chats WHERE id = 9011")" = 1 ]
result "before 15:30 the old chat is still there" $?
wait_sql "SELECT count(*) FROM chats WHERE id = 9011" 0 300 &&
    wait_file "$D/daemon.log" 'daily purge: 1 chats (1 lines)' 100
result "at 15:30 the daemon purges it and logs the counts" $? "$D/daemon.log"
[ "$(sql "SELECT count(*) FROM audit a JOIN accounts s ON s.id = a.actor_id
    WHERE a.action = 'db_purge' AND s.login = 'supervisore'
    AND a.subject = 'chat 1, messaggi 1, segnalazioni 0, audit 0'")" = 1 ]
result "the daily purge is audited as retention.purge_as" $?
