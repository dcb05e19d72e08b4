#!/bin/sh
# End-to-end: logging in to infocigd with the stock OpenSSH client.
# Keyboard-interactive (password + OTP) and public key, wrong password, wrong
# and replayed codes, invalid codice fiscale, unregistered key, exec "stato",
# outside-hours message, infocigd -t.  Prints TAP lines, always exits 0.
# The clock is fixed with INFOCIG_NOW (UTC) so nothing depends on the time.
NAME=login
. "${0%/*}/lib.sh"
WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples
# Tuesday 24 November 2026, 15:30 in Rome (UTC+1).
OPEN_NOW=2026-11-24T14:30:00
stop_daemon() { daemon_stop; }
# start_daemon NOW: (re)start infocigd on a free loopback port with the clock at NOW.
start_daemon() {
	DAEMON_NOW=$1
	daemon_stop
	daemon_start -o ssh.penalty_failures=0
}

# Keyboard-interactive answers: by prompt text.  The code is computed for
# ASK_OTP_NOW (a step of the daemon's clock) unless ASK_OTP is set.
cat > "$D/askpass" <<EOF
#!/bin/sh
case "\$1" in
*assword*) printf '%s\n' "\${ASK_PASSWORD:-demo}" ;;
*OTP*)
	if [ -n "\$ASK_OTP" ]; then printf '%s\n' "\$ASK_OTP"
	else INFOCIG_NOW=\$ASK_OTP_NOW "$CLI" -f conf/infocig.conf -o database="$DB" \\
	    account otp "\$ASK_LOGIN" 2>/dev/null || echo 000000
	fi ;;
*) echo ;;
esac
EOF
chmod +x "$D/askpass"

SSH_OPTS="-T -p PORT -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
 -o LogLevel=ERROR -o ConnectTimeout=5 -o NumberOfPasswordPrompts=1 -o BatchMode=no"

# ssh_kbd LOGIN OTP_NOW [command]: password+OTP login; stdin is the session's input.
ssh_kbd() {
	login=$1 otpnow=$2
	shift 2
	ASK_LOGIN=$login ASK_OTP_NOW=$otpnow SSH_ASKPASS="$D/askpass" SSH_ASKPASS_REQUIRE=force \
	DISPLAY=${DISPLAY:-:0} timeout 20 ssh $(echo "$SSH_OPTS" | sed "s/PORT/$PORT/") \
	    -o PreferredAuthentications=keyboard-interactive -o PubkeyAuthentication=no \
	    "$login@127.0.0.1" "$@"
}
# ssh_key LOGIN KEYFILE [command]
ssh_key() {
	login=$1 key=$2
	shift 2
	timeout 20 ssh $(echo "$SSH_OPTS" | sed "s/PORT/$PORT/") -o BatchMode=yes \
	    -o PreferredAuthentications=publickey -o IdentitiesOnly=yes -o IdentityAgent=none \
	    -i "$key" "$login@127.0.0.1" "$@"
}

# The database: the CLI's demo data.
if ! cli db init > "$D/init.log" 2>&1 || ! cli db seed --demo > "$D/seed.log" 2>&1; then
	result "demo database created" 1 "$D/init.log"
	exit 0
fi
result "demo database created" 0

# infocigd -t
./infocigd -t -f conf/infocig.conf -o database="$DB" -o ssh.host_key="$D/host_key" > "$D/t.out" 2>&1
result "infocigd -t accepts a good configuration" $? "$D/t.out"
./infocigd -t -f conf/infocig.conf -o database="$D/missing.db" > "$D/t.out" 2>&1
st=$?
[ $st -eq 1 ] && grep -q 'missing.db' "$D/t.out"
result "infocigd -t reports a missing database and exits 1" $? "$D/t.out"

if ! start_daemon "$OPEN_NOW"; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi
result "infocigd starts" 0
[ "$(stat -c %a "$D/host_key" 2>/dev/null)" = 600 ]
result "ed25519 host key generated with mode 0600" $?
grep -q 'ssh-ed25519' "$D/host_key.pub" 2>/dev/null || ssh-keygen -y -f "$D/host_key" 2>/dev/null | grep -q '^ssh-ed25519 '
result "host key is ed25519" $?

# 1. Password + OTP, then leave the queue.
printf '/esci\n' | ssh_kbd $WORKER $OPEN_NOW > "$D/out1" 2>&1
st=$?
[ $st -eq 0 ] && grep -q 'Benvenuto in INFO CIG, Mario Rossi' "$D/out1"
result "keyboard-interactive login (password + OTP) greets by name" $? "$D/out1"
grep -q 'Posizione in coda: 1' "$D/out1"
result "queued worker sees position 1" $? "$D/out1"
grep -q 'Ha lasciato la coda' "$D/out1" &&
    [ "$(sqlite3 "$DB" "SELECT state FROM chats ORDER BY id DESC LIMIT 1")" = abandoned ]
result "/esci in the queue stores the chat as abandoned" $? "$D/out1"

# 2. The same code again: a replay.
printf '/esci\n' | ssh_kbd $WORKER $OPEN_NOW > "$D/out2" 2>&1
st=$?
[ $st -eq 255 ] && ! grep -q Benvenuto "$D/out2"
result "replayed OTP code is refused" $? "$D/out2"

# 3. A wrong code, a wrong password.
printf '/esci\n' | ASK_OTP=000000 ssh_kbd $WORKER $OPEN_NOW > "$D/out3" 2>&1
[ $? -eq 255 ]
result "wrong OTP code is refused" $? "$D/out3"
printf '/esci\n' | ASK_PASSWORD=sbagliata ssh_kbd $WORKER 2026-11-24T14:30:30 > "$D/out4" 2>&1
[ $? -eq 255 ]
result "wrong password is refused" $? "$D/out4"
# The right password with the next step's code still works afterwards.
printf '/esci\n' | ssh_kbd $WORKER 2026-11-24T14:30:30 > "$D/out5" 2>&1
[ $? -eq 0 ] && grep -q Benvenuto "$D/out5"
result "next step's code accepted after the failures" $? "$D/out5"

# 4. Invalid and unknown codici fiscali: the same refusal as a wrong password.
printf '/esci\n' | ssh_kbd RSSMRA85T10A562X $OPEN_NOW > "$D/out6" 2>&1
st6=$?
printf '/esci\n' | ssh_kbd RCCMNL83S18D969H $OPEN_NOW > "$D/out7" 2>&1
st7=$?
sed "s/RSSMRA85T10A562X/LOGIN/" "$D/out6" > "$D/out6n"
sed "s/RCCMNL83S18D969H/LOGIN/" "$D/out7" > "$D/out7n"
sed "s/$WORKER/LOGIN/" "$D/out4" > "$D/out4n"
[ $st6 -eq 255 ] && [ $st7 -eq 255 ] && diff "$D/out6n" "$D/out4n" > /dev/null &&
    diff "$D/out7n" "$D/out4n" > /dev/null
result "invalid or unknown codice fiscale refused like a wrong password" $? "$D/out6"
! grep -q 'RSSMRA85T10A562S' "$D/daemon.log"
result "codici fiscali masked in the log" $? "$D/daemon.log"

# 5. Public key (CIE/CNS): registered key for the worker.
ssh-keygen -q -t ed25519 -N '' -C cie -f "$D/key1" > /dev/null 2>&1
ssh-keygen -q -t ed25519 -N '' -C other -f "$D/key2" > /dev/null 2>&1
cli account key $WORKER "$D/key1.pub" > "$D/key.log" 2>&1
result "public key registered with infocig account key" $? "$D/key.log"
ssh_key $WORKER "$D/key1" stato < /dev/null > "$D/out8" 2>&1
st=$?
[ $st -eq 0 ] && grep -q 'CIGO-2026-D00001' "$D/out8" && grep -q 'Stato:' "$D/out8"
result "public key login; exec stato lists the applications, exit 0" $? "$D/out8"
! grep -q 'SPSGPP70D02G964E\|Esposito' "$D/out8"
result "exec stato shows only the person's own applications" $? "$D/out8"
ssh_key $WORKER "$D/key2" stato < /dev/null > "$D/out9" 2>&1
[ $? -eq 255 ]
result "unregistered public key is refused" $? "$D/out9"
ssh_key $WORKER2 "$D/key1" stato < /dev/null > "$D/out10" 2>&1
[ $? -eq 255 ]
result "a key registered to another person is refused" $? "$D/out10"

# 6. Shell with public key, /aiuto.
printf '/aiuto\n/esci\n' | ssh_key $WORKER "$D/key1" > "$D/out11" 2>&1
[ $? -eq 0 ] && grep -q '/segnalazioni' "$D/out11" && grep -q 'Posizione in coda' "$D/out11"
result "public key shell: queue and /aiuto" $? "$D/out11"

# 7. Outside hours: Saturday 28 November 2026, 11:00 in Rome.
if start_daemon 2026-11-28T10:00:00; then
	printf '/esci\n' | ssh_key $WORKER "$D/key1" > "$D/out12" 2>&1
	st=$?
	[ $st -eq 0 ] && grep -q 'chiuso' "$D/out12" &&
	    grep -q 'Prossima apertura: luned.* 30 novembre 2026 alle 15:00' "$D/out12" &&
	    ! grep -q 'Posizione in coda' "$D/out12"
	result "outside hours: message with the next opening, then close" $? "$D/out12"
	ssh_key $WORKER "$D/key1" stato < /dev/null > "$D/out13" 2>&1
	[ $? -eq 0 ] && grep -q 'CIGO-2026-D00001' "$D/out13"
	result "exec stato works outside hours" $? "$D/out13"
else
	result "infocigd restarts with another clock" 1 "$D/daemon.log"
fi

# 8. SIGTERM: exits 0.
kill "$DPID"
wait_gone "$DPID" 50
wait "$DPID"
st=$?
DPID=
[ $st -eq 0 ]
result "SIGTERM stops infocigd with status 0" $? "$D/daemon.log"
exit 0
