#!/bin/sh
# End-to-end: infocigd's service life, with the stock OpenSSH client.
# The drain after closing time (those waiting are still served, no one new
# is queued, then they are told and let go), SIGTERM telling the connected
# people, SIGHUP (a setting that needs a restart is reported, a broken file
# is refused), the sweep of chats disconnected for longer than the
# reconnect grace, and the daemon mode (no -d) working from "/".
# The clock is fixed with INFOCIG_NOW (UTC).  Prints TAP lines, always exits 0.
NAME=service
. "${0%/*}/lib.sh"
BGD=
trap '[ -n "$BGD" ] && kill "$BGD" 2>/dev/null; lib_cleanup' EXIT
WORKER=RSSMRA85T10A562S		# Mario Rossi, Rome
WORKER2=SPSGPP70D02G964E	# Giuseppe Esposito, Naples
# Tuesday 24 November 2026 in Rome (UTC+1): open 15:00-18:00, drain 30 minutes.
OPEN=2026-11-24T14:30:00	# 15:30
BEFORE_CLOSE=2026-11-24T16:59:00	# 17:59
DRAINING=2026-11-24T17:05:00	# 18:05
DRAINED=2026-11-24T17:31:00	# 18:31
CONF=conf/infocig.conf
stop_daemon() { daemon_stop; }
# start_daemon NOW [-o ...]: infocigd -d on a free port with the clock at NOW.
start_daemon() {
	DAEMON_NOW=$1
	shift
	daemon_stop
	daemon_start "$@"
}


demo_db || { result "demo database created" 1 "$D/seed.log"; exit 0; }
user_key $WORKER $WORKER2
result_why "demo database and keys" $? "$(cat "$D"/key-*.log)"

# 1. Drain: queued at 17:59, the connection drops.
if ! start_daemon $BEFORE_CLOSE -o queue.reconnect_grace=3600; then
	result "infocigd starts" 1 "$D/daemon.log"
	exit 0
fi
session d1 $WORKER
exec 4> "$D/d1.in"
Q=$SESSION
wait_file "$D/d1.out" 'Posizione in coda'
C1=$(chat_of $WORKER)
killtree $Q
wait_sql "SELECT state FROM chats WHERE id = $C1" disconnected
result "queued before closing time, connection dropped" $? "$D/d1.out"

# 18:05, draining: no one new is queued; the one who was waiting still waits.
start_daemon $DRAINING -o queue.reconnect_grace=3600 || result "infocigd restarts" 1 "$D/daemon.log"
printf '/esci\n' | ssh_key $WORKER2 > "$D/d2.out" 2>&1
grep -q "servizio INFO CIG è chiuso" "$D/d2.out" && [ -z "$(chat_of $WORKER2)" ]
result "after closing time no one new is queued" $? "$D/d2.out"
session d3 $WORKER
exec 4> "$D/d3.in"
Q=$SESSION
wait_file "$D/d3.out" 'Posizione in coda'
# Someone ahead in the queue: the position shown moves to 2 on the daemon's
# next queue refresh, the very pass that would let the waiting one go.
sql "INSERT INTO chats (account_id, channel, province, state, queued_at) VALUES
    ((SELECT id FROM accounts WHERE login = '$WORKER2'), 'lavoratori', 'NA', 'queued',
    (SELECT queued_at - 60 FROM chats WHERE id = $C1))"
AHEAD=$(sql "SELECT max(id) FROM chats")
wait_file "$D/d3.out" 'Posizione in coda: 2' &&
    grep -q 'Bentornato' "$D/d3.out" && ! grep -q 'chiuso' "$D/d3.out" &&
    [ "$(sql "SELECT state FROM chats WHERE id = $C1")" = queued ]
result "during service.drain_minutes the one already waiting keeps waiting" $? "$D/d3.out"
sql "DELETE FROM chats WHERE id = $AHEAD"
killtree $Q
wait_sql "SELECT state FROM chats WHERE id = $C1" disconnected

# 18:31, past the drain: told, chat closed, session ends with status 0.
start_daemon $DRAINED -o queue.reconnect_grace=3600 || result "infocigd restarts" 1 "$D/daemon.log"
session d4 $WORKER
exec 3> "$D/d4.in"
wait_gone $SESSION 150
wait $SESSION
st=$?
exec 3>&-
grep -q "ha chiuso per oggi" "$D/d4.out" && grep -q 'Prossima apertura' "$D/d4.out" &&
    [ "$(sql "SELECT state FROM chats WHERE id = $C1")" = closed ] && [ $st -eq 0 ]
result "past the drain those still waiting are told, their chat closed" $? "$D/d4.out"

# 2. SIGTERM tells the people connected and keeps their chats resumable.
start_daemon $OPEN || result "infocigd restarts" 1 "$D/daemon.log"
session t1 $WORKER2
exec 3> "$D/t1.in"
wait_file "$D/t1.out" 'Posizione in coda'
C2=$(chat_of $WORKER2)
kill -TERM "$DPID"
wait_gone "$DPID"
wait "$DPID"
st=$?
DPID=
wait_gone $SESSION
exec 3>&-
grep -q "Il servizio si sta arrestando per manutenzione" "$D/t1.out" &&
    grep -q "entro 120 secondi" "$D/t1.out"
result "SIGTERM: the people connected are told" $? "$D/t1.out"
[ $st -eq 0 ] && [ "$(sql "SELECT state FROM chats WHERE id = $C2")" = disconnected ]
result "SIGTERM: exit status 0, the chat left resumable" $? "$D/daemon.log"

# 3. SIGHUP: the port is in the file; a change of port needs a restart.
sed "s/^\([[:space:]]*\)port = [0-9]*;/\1port = PORT;/" conf/infocig.conf > "$D/template.conf"
CONF=$D/test.conf
PORT0=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
sed "s/port = PORT;/port = $PORT0;/" "$D/template.conf" > "$CONF"
: > "$D/daemon.log"
INFOCIG_NOW=$OPEN ./infocigd -d -f "$CONF" -o database="$DB" -o ssh.listen=127.0.0.1 \
    -o ssh.host_key="$D/host_key" -o ssh.workers=1 >> "$D/daemon.log" 2>&1 &
DPID=$!
PORT=$PORT0
wait_file "$D/daemon.log" 'listening on'
sed "s/port = PORT;/port = $((PORT0 + 1));/" "$D/template.conf" > "$CONF"
kill -HUP "$DPID"
wait_file "$D/daemon.log" 'configuration reloaded' 50 &&
    grep -q "reload: ssh.listen and ssh.port take effect only after a restart; still listening on 127.0.0.1 port $PORT0" "$D/daemon.log"
result "SIGHUP: a new port is reported as needing a restart" $? "$D/daemon.log"
ssh_key $WORKER stato < /dev/null > "$D/h1.out" 2>&1
[ $? -eq 0 ] && grep -q 'CIGO-2026-D00001' "$D/h1.out"
result "SIGHUP: still serving on the old port" $? "$D/h1.out"
echo 'ssh = { port = "niente"; };' > "$CONF"
kill -HUP "$DPID"
wait_file "$D/daemon.log" 'reload refused' 50 && kill -0 "$DPID" &&
    ssh_key $WORKER stato < /dev/null > "$D/h2.out" 2>&1
result "SIGHUP: a broken file is refused, the daemon keeps running" $? "$D/daemon.log"
CONF=conf/infocig.conf
stop_daemon

# 4. The sweep: chats disconnected longer than queue.reconnect_grace ago.
NOWS=$(sql "SELECT strftime('%s', '2026-11-24 14:30:00')")
ACC=$(sql "SELECT id FROM accounts WHERE login = '$WORKER2'")
ADVISOR=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")
sql "INSERT INTO chats (account_id, channel, state, queued_at, ended_at, owner_pid) VALUES
    ($ACC, 'lavoratori', 'disconnected', $NOWS - 900, $NOWS - 600, 1)"
OLDQ=$(sql "SELECT max(id) FROM chats")
sql "INSERT INTO chats (account_id, channel, state, queued_at, taken_at, ended_at, advisor_id, owner_pid)
    VALUES ($ACC, 'lavoratori', 'disconnected', $NOWS - 900, $NOWS - 800, $NOWS - 600, $ADVISOR, 1)"
OLDA=$(sql "SELECT max(id) FROM chats")
sql "INSERT INTO chats (account_id, channel, state, queued_at, ended_at, owner_pid) VALUES
    ($ACC, 'lavoratori', 'disconnected', $NOWS - 100, $NOWS - 30, 1)"
RECENT=$(sql "SELECT max(id) FROM chats")
start_daemon $OPEN || result "infocigd restarts" 1 "$D/daemon.log"
wait_sql "SELECT state FROM chats WHERE id = $OLDQ" abandoned 50 &&
    [ "$(sql "SELECT ended_at FROM chats WHERE id = $OLDQ")" = $((NOWS - 600)) ]
result "sweep: a waiting chat disconnected past the grace becomes abandoned" $? "$D/daemon.log"
wait_sql "SELECT state FROM chats WHERE id = $OLDA" closed 50
result "sweep: a taken chat disconnected past the grace becomes closed" $? "$D/daemon.log"
[ "$(sql "SELECT state FROM chats WHERE id = $RECENT")" = disconnected ]
result "sweep: a chat within the grace stays resumable" $?
stop_daemon

# 5. Daemon mode: detaches, works from "/" even with relative paths (a
#    relative -f, and paths in the file relative to it).
PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
mkdir -p "$D/svc"
sed -e "s/port = PORT;/port = $PORT;/" -e 's|^database = .*|database = "../infocig.db";|' \
    -e 's|host_key = .*|host_key = "../host_key";|' "$D/template.conf" > "$D/svc/infocig.conf"
TOP=$(pwd)
(cd "$D" && INFOCIG_NOW=$OPEN "$TOP/infocigd" -f svc/infocig.conf -o ssh.listen=127.0.0.1 \
    -o ssh.workers=1 > "$D/bg.log" 2>&1)
st=$?
i=0
BGD=
while [ $i -lt 50 ] && [ -z "$BGD" ]; do
	all=$(pgrep -f "svc/infocig.conf")
	for p in $all; do
		pp=$(cut -d' ' -f4 "/proc/$p/stat" 2>/dev/null)
		echo "$all" | grep -qx "$pp" || BGD=$p
	done
	[ -z "$BGD" ] && sleep 0.1
	i=$((i + 1))
done
[ $st -eq 0 ] && [ -n "$BGD" ] && [ "$(readlink "/proc/$BGD/cwd")" = / ]
result "without -d: detaches and changes to /" $? "$D/bg.log"
wait_port
ssh_key $WORKER stato < /dev/null > "$D/bg1.out" 2>&1
[ $? -eq 0 ] && grep -q 'CIGO-2026-D00001' "$D/bg1.out"
result "the daemon serves from / with paths relative to its configuration" $? "$D/bg1.out"
[ -n "$BGD" ] && kill "$BGD"
[ -n "$BGD" ] && wait_gone "$BGD"
BGD=
exit 0
