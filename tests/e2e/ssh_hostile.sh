#!/bin/sh
# End-to-end: hostile input from a person's side, read where it lands.
#   - a user name holding ESC c and an 8-bit CSI reaches the log escaped:
#     no control byte, no forged line (issue 18.15);
#   - ESC P, ESC ], ESC _, ESC X, ESC ^ typed in a session (Alt-Shift-P and
#     friends) and a lone ESC before Enter do not swallow the next line
#     (issue 18.14);
#   - a zero-width space typed inside a protocol number is not stored
#     (issue 18.16);
#   - a chat with a long history (100 lines of 900 characters, more than the
#     64 KiB output bound) is resumed: the replay comes in pages (issue 18.3);
#   - a paste of 8 lines of 1000 characters at 80 columns is input: every
#     line is stored and shown, the session stays (issue 18.4);
#   - while another process holds the database's write lock, a line typed
#     is kept ("in attesa") and /aiuto answers at once; the line is stored
#     when the lock goes (issue 18.2).
# Prints TAP lines, always exits 0.
NAME=ssh-hostile
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1): the service is open.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples
ESC=$(printf '\033')

if ! demo_db || ! user_key $WORKER || ! user_key $WORKER2; then
	result "demo database and key" 1 "$D/init.log"
	exit 0
fi
if ! daemon_start; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi

# --- 18.15: the user name in the log ---
# OpenSSH refuses such a name on the command line, not in a configuration file.
printf 'Host *\n  User a\033cFORGED\233x\033\n' > "$D/ssh_config"
timeout 20 ssh -F "$D/ssh_config" -T -p "$PORT" -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ConnectTimeout=5 -o BatchMode=yes \
    -o PreferredAuthentications=publickey -o IdentitiesOnly=yes -o IdentityAgent=none \
    -i "$D/$WORKER" 127.0.0.1 true > "$D/bad.out" 2>&1
wait_file "$D/daemon.log" 'failed publickey' 50
# Every line is one of the daemon's, and no ESC, CSI or other control byte
# is left in the file: the name shows as \x1b.
! grep -qv '^infocigd' "$D/daemon.log" &&
    ! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177\200-\237]')" "$D/daemon.log" &&
    grep -q 'failed publickey for A\\x1bC' "$D/daemon.log"
result "an SSH user name with controls is escaped in the log" $? "$D/daemon.log"

# --- 18.14: escape strings typed in a session ---
ssh_window w1 $WORKER 100 30
wait_screen w1 'Posizione in coda' 150
CHAT=$(sql "SELECT c.id FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER' AND c.state = 'queued'")
n=0
for start in P ']' _ X '^'; do
	n=$((n + 1))
	type_line w1 "prima$n$ESC${start}senza fine"
	type_line w1 "seconda$n"
done
type_line w1 "terza$ESC"
wait_screen w1 'Lei: terza' 50
[ "$(sql "SELECT group_concat(body, ',') FROM (SELECT body FROM messages WHERE chat_id = $CHAT AND sender = 'user' ORDER BY id)")" = \
    "prima1,seconda1,prima2,seconda2,prima3,seconda3,prima4,seconda4,prima5,seconda5,terza" ]
result "ESC P/]/_/X/^ left open and a lone ESC lose no line" $? "$D/w1.screen"
grep -q 'Lei: seconda5' "$D/w1.screen"
result "the lines after an open escape string are shown to the person" $? "$D/w1.screen"

# --- 18.16: invisible characters ---
type_line w1 "$(printf 'protocollo LI-2026-\342\200\2130000001')"
wait_sql "SELECT count(*) FROM messages WHERE chat_id = $CHAT AND body = 'protocollo LI-2026-0000001'" 1 50
result "a zero-width space typed in a protocol number is not stored" $?

# --- 18.3: a long history is replayed in pages ---
# The connection drops (the client is gone): the chat waits to be resumed.
$TM kill-session -t =w1:
wait_sql "SELECT state FROM chats WHERE id = $CHAT" disconnected 100
sql "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 100)
    INSERT INTO messages (chat_id, sender, at, body) SELECT $CHAT, 'system',
    strftime('%s', '2026-11-24 14:35:00'), 'riga ' || k || ' ' || replace(hex(zeroblob(440)), '0', 'x') FROM n"
sql "INSERT INTO messages (chat_id, sender, at, body) VALUES ($CHAT, 'system', strftime('%s', '2026-11-24 14:36:00'), 'fine della storia')"
ssh_window w2 $WORKER 100 30
wait_screen w2 'Posizione in coda' 150
grep -q 'fine della storia' "$D/w2.screen" && ! grep -q 'output queue full' "$D/daemon.log" &&
    [ "$(sql "SELECT state FROM chats WHERE id = $CHAT")" = queued ]
result "a 90 KB history is replayed whole and the session stays" $? "$D/w2.screen"

# --- 18.4: a paste at 80 columns ---
ssh_window w3 $WORKER2 80 24
wait_screen w3 'Posizione in coda' 150
for k in a b c d e f g h; do
	printf "%01000d\n" 0 | tr 0 $k
done > "$D/paste.txt"
$TM load-buffer -b paste "$D/paste.txt"
$TM paste-buffer -b paste -t =w3:
wait_sql "SELECT count(*) FROM messages m JOIN chats c ON c.id = m.chat_id JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER2' AND m.sender = 'user' AND length(m.body) = 1000" 8 100
st=$?
wait_screen w3 'hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh$' 50
[ $st -eq 0 ] && ! grep -q 'output queue full' "$D/daemon.log" &&
    [ "$(sql "SELECT c.state FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$WORKER2'")" = queued ]
result "a paste of 8 lines of 1000 characters at 80 columns is stored and the session stays" $? "$D/w3.screen"

# --- 18.2: a write lock held by another process ---
mkfifo "$D/lock.fifo"
sqlite3 "$DB" < "$D/lock.fifo" > "$D/lock.out" 2>&1 &
BG="$BG $!"
exec 3> "$D/lock.fifo"
echo "BEGIN IMMEDIATE;" >&3
# Until a writer with no patience finds the database locked.
locked() { ! sqlite3 -cmd '.timeout 0' "$DB" "BEGIN IMMEDIATE; ROLLBACK;" > /dev/null 2>&1; }
wait_for 100 locked
type_line w3 "durante il blocco"
type_line w3 /aiuto
# Bounds of 3 s: the lock stays held all along, far longer than that.
wait_screen w3 'in attesa\) durante il blocco' 30 && wait_screen w3 'Comandi disponibili' 30
result "with the write lock held, a line waits visibly and /aiuto answers at once" $? "$D/w3.screen"
echo "COMMIT;" >&3
exec 3>&-
wait_sql "SELECT count(*) FROM messages WHERE body = 'durante il blocco'" 1 100
result "the waiting line is stored once the lock is released" $? "$D/daemon.log"
exit 0
