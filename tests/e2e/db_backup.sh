#!/bin/sh
# End-to-end: infocig db backup copies a live database while chat lines keep
# arriving; the copy passes db check FILE, holds every line acknowledged
# before the backup started, is owner-only, and is never overwritten.
# Prints TAP lines, always exits 0.
NAME=backup
. "${0%/*}/lib.sh"

if ! cli db init > "$D/init.log" 2>&1 || ! cli db seed --workers 30000 --seed 7 > "$D/seed.log" 2>&1 ||
    ! cli db seed --demo >> "$D/seed.log" 2>&1; then
	result "database created" 1 "$D/seed.log"
	exit 0
fi
CHAT=$(sql "INSERT INTO chats (account_id, channel, state, queued_at, taken_at)
    SELECT id, 'lavoratori', 'active', strftime('%s'), strftime('%s') FROM accounts
    WHERE login = 'RSSMRA85T10A562S'; SELECT last_insert_rowid();")

# A steady flow of chat lines, one transaction each, as the daemon writes them.
(
	i=0
	while [ ! -f "$D/stop" ] && [ $i -lt 5000 ]; do
		sql "INSERT INTO messages (chat_id, sender, at, body)
		    VALUES ($CHAT, 'user', strftime('%s'), 'riga $i')" 2>> "$D/writer.err"
		i=$((i + 1))
	done
) &
BG=$!
wait_sql "SELECT count(*) >= 20 FROM messages WHERE chat_id = $CHAT" 1 100
ACKED=$(sql "SELECT max(id) FROM messages")
NACKED=$(sql "SELECT count(*) FROM messages WHERE id <= $ACKED")
cli db backup "$D/copy.db" > "$D/backup.out" 2>&1
rc=$?
DURING=$(sql "SELECT count(*) FROM messages WHERE chat_id = $CHAT")
wait_sql "SELECT count(*) > $DURING FROM messages WHERE chat_id = $CHAT" 1 100
writes_went_on=$?
touch "$D/stop"
wait "$BG"
BG=
[ $rc -eq 0 ] && grep -q "copia creata: $D/copy.db" "$D/backup.out"
result "db backup copies the live database" $? "$D/backup.out"
[ $writes_went_on -eq 0 ] && [ ! -s "$D/writer.err" ]
result "chat lines kept being written during and after the backup" $? "$D/writer.err"
cli db check "$D/copy.db" > "$D/check.out" 2>&1 && grep -q 'integrità: ok' "$D/check.out" &&
    grep -q "database: $D/copy.db" "$D/check.out"
result "db check FILE verifies the copy" $? "$D/check.out"
[ "$(sqlite3 "$D/copy.db" "SELECT count(*) FROM messages WHERE id <= $ACKED")" = "$NACKED" ]
result "every line acknowledged before the backup started is in the copy ($NACKED)" $?
[ "$(stat -c %a "$D/copy.db")" = 600 ]
result "the copy is readable by its owner only" $?

# Never overwrite.
sum=$(md5sum < "$D/copy.db")
cli db backup "$D/copy.db" > "$D/again.out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q 'esiste già: non lo sovrascrivo' "$D/again.out" &&
    [ "$(md5sum < "$D/copy.db")" = "$sum" ]
result "an existing file is refused and left as it was" $? "$D/again.out"
cli db backup "$D/no/such/folder/copy.db" > "$D/nodir.out" 2>&1
[ $? -ne 0 ] && grep -q 'copy.db: File o directory non esistente' "$D/nodir.out" && [ ! -e "$D/no" ]
result "a folder that does not exist is named in the error" $? "$D/nodir.out"

# A damaged copy is named as damaged by db check FILE.
cp "$D/copy.db" "$D/bad.db"
size=$(stat -c %s "$D/bad.db")
dd if=/dev/urandom of="$D/bad.db" bs=4096 seek=$((size / 4096 / 2)) count=4 conv=notrunc 2> /dev/null
cli db check "$D/bad.db" > "$D/bad.out" 2>&1
[ $? -ne 0 ] && grep -qi 'errore\|non è un database\|malformed\|danneggiat' "$D/bad.out"
result "db check FILE reports a damaged copy" $? "$D/bad.out"
