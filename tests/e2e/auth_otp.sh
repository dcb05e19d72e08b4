#!/bin/sh
# End-to-end: one-time codes at rest and under guessing (issue 18, items 8
# and 9), with the stock ssh client's keyboard-interactive login.
#  - db init under umask 022 makes the database, its -wal/-shm and the OTP
#    key owner-only; a database or key open to others is refused, naming
#    the chmod, and so is a host key; the secret printed by `account add` is nowhere in the file,
#    and a copy of the database with another key does not open it;
#    `account otp` and the daemon agree on the sealed secret.
#  - with auth.otp_max_failures = 3, three wrong codes (three connections)
#    lock the account: the right code is then refused with the same answer
#    as a wrong one, the lock is audited, and an hour later (the daemon's
#    clock moved on) the right code logs in again.
# Prints TAP lines.
NAME=auth-otp
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1): the service is open.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

WORKER=RSSMRA85T10A562S
NEWP=RCCMNL83S18D969H
umask 022

cli db init > "$D/init.log" 2>&1 && cli db seed --demo > "$D/seed.log" 2>&1
result "demo database" $? "$D/seed.log"
[ "$(stat -c %a "$DB")" = 600 ] && [ "$(stat -c %a "$DB.otpkey")" = 600 ]
result "db init under umask 022: database and OTP key mode 0600" $?

printf 'demo\n' | cli account add $NEWP --role worker --name "Carla Ricci" > "$D/add.log" 2>&1
SECRET=$(sed -n 's/^segreto OTP (per l.app di autenticazione): //p' "$D/add.log")
[ -n "$SECRET" ] && ! grep -q "$SECRET" "$DB" "$DB-wal" 2>/dev/null &&
    ! sql "SELECT totp_secret FROM accounts" | grep -q "$SECRET" &&
    [ "$(sql "SELECT count(*) FROM accounts WHERE totp_secret IS NOT NULL
    AND totp_secret NOT LIKE 'enc1:%'")" = 0 ]
result "OTP secrets are sealed in the database (seed and account add)" $? "$D/add.log"

# A copy of the database with a key of its own opens no secret.
cp "$DB" "$D/copy.db" && chmod 600 "$D/copy.db"
printf '%064d\n' 0 > "$D/copy.db.otpkey" && chmod 600 "$D/copy.db.otpkey"
"$CLI" -f conf/infocig.conf -o database="$D/copy.db" account otp $WORKER > "$D/copy.log" 2>&1
[ $? -eq 1 ] && grep -q "non si apre con questa chiave" "$D/copy.log"
result "a copy of the database alone does not yield the codes" $? "$D/copy.log"

cat > "$D/askpass" <<EOF2
#!/bin/sh
case "\$1" in
*assword*) echo demo ;;
*OTP*) if [ -n "\$ASK_OTP" ]; then echo "\$ASK_OTP"; else
	INFOCIG_NOW=\$ASK_NOW "$CLI" -f conf/infocig.conf -o database="$DB" \\
	    account otp "\$ASK_LOGIN" 2>/dev/null || echo 000000; fi ;;
*) echo ;;
esac
EOF2
chmod +x "$D/askpass"
# kbd LOGIN NOW: a password+OTP login with the code of NOW (or $ASK_OTP).
kbd() {
	printf '/esci\n' | ASK_LOGIN=$1 ASK_NOW=$2 SSH_ASKPASS="$D/askpass" \
	    SSH_ASKPASS_REQUIRE=force DISPLAY=${DISPLAY:-:0} timeout 20 ssh -T -p "$PORT" \
	    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
	    -o ConnectTimeout=5 -o NumberOfPasswordPrompts=1 -o BatchMode=no \
	    -o PreferredAuthentications=keyboard-interactive -o PubkeyAuthentication=no \
	    "$1@127.0.0.1"
}

daemon_start -o auth.otp_max_failures=3 || { result "daemon starts" 1 "$D/daemon.log"; exit 0; }
[ "$(stat -c %a "$DB-wal")" = 600 ] && [ "$(stat -c %a "$DB-shm")" = 600 ]
result "-wal and -shm mode 0600" $?

kbd $WORKER $NOW > "$D/ok1.log" 2>&1
[ $? -eq 0 ] && grep -q Benvenuto "$D/ok1.log"
result "account otp and the daemon agree on the sealed secret" $? "$D/ok1.log"

# Three wrong codes in a row lock the account (auth.otp_max_failures = 3).
s=0
for n in 1 2 3; do
	ASK_OTP=000000 kbd $WORKER $NOW > "$D/wrong$n.log" 2>&1
	[ $? -eq 255 ] || s=1
done
result "three wrong codes are refused" $s "$D/wrong3.log"
[ "$(sql "SELECT count(*) FROM audit a JOIN accounts u ON u.id = a.actor_id
    WHERE a.action = 'otp_lock' AND a.subject = '$WORKER' AND u.login = '$WORKER'")" = 1 ]
result "the lock is written to the audit log" $?
# The right code of the next step, during the lock: refused like a wrong one.
kbd $WORKER 2026-11-24T14:30:30 > "$D/locked.log" 2>&1
st=$?
[ $st -eq 255 ] && ! grep -q Benvenuto "$D/locked.log" && cmp -s "$D/locked.log" "$D/wrong1.log"
result "locked: the right code is refused in the same words as a wrong one" $? "$D/locked.log"

# An hour and a minute later the lock is over.
daemon_stop
export INFOCIG_NOW=2026-11-24T15:31:00
daemon_start -o auth.otp_max_failures=3 || { result "daemon restarts" 1 "$D/daemon.log"; exit 0; }
kbd $WORKER $INFOCIG_NOW > "$D/ok2.log" 2>&1
[ $? -eq 0 ] && grep -q Benvenuto "$D/ok2.log"
result "after the lock the right code logs in" $? "$D/ok2.log"
daemon_stop

# Files open to others are refused, naming the chmod.
chmod 644 "$DB"
./infocigd -t -f conf/infocig.conf -o database="$DB" -o ssh.host_key="$D/host_key" > "$D/t.log" 2>&1
st=$?
cli account list > "$D/list.log" 2>&1
st2=$?
cat "$D/t.log" >> "$D/list.log"
[ $st -ne 0 ] && [ $st2 -ne 0 ] && grep -q "permessi 0644.*chmod 600" "$D/t.log" &&
    grep -q "permessi 0644.*chmod 600" "$D/list.log"
result "a database readable by others is refused (infocigd -t, infocig)" $? "$D/list.log"
chmod 600 "$DB"
[ "$(stat -c %a "$D/host_key")" = 600 ]
result "host key created with mode 0600" $?
chmod 644 "$D/host_key"
./infocigd -t -f conf/infocig.conf -o database="$DB" -o ssh.host_key="$D/host_key" > "$D/hk.log" 2>&1
st=$?
timeout 10 ./infocigd -d -f conf/infocig.conf -o database="$DB" -o ssh.host_key="$D/host_key" \
    -o ssh.listen=127.0.0.1 -o ssh.port=$((PORT + 1)) > "$D/hk2.log" 2>&1
st2=$?
cat "$D/hk2.log" >> "$D/hk.log"
[ $st -ne 0 ] && [ $st2 -ne 0 ] && [ "$(grep -c "host_key: permessi 0644.*chmod 600" "$D/hk.log")" = 2 ]
result "a host key readable by others is refused (infocigd -t and start)" $? "$D/hk.log"
chmod 600 "$D/host_key"
chmod 640 "$DB.otpkey"
cli account otp $WORKER > "$D/key.log" 2>&1
[ $? -eq 1 ] && grep -q "permessi 0640.*chmod 600" "$D/key.log"
result "an OTP key readable by others is refused" $? "$D/key.log"
exit 0
