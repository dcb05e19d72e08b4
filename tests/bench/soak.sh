#!/bin/sh
# make soak: a long steady load against one infocigd, printing its memory and
# descriptors every minute; not part of make check.
#   SOAK_MINUTES=N   length of the run (default 30)
# Four people (two workers, an owner, a legal representative) log in over
# and over with the stock ssh client: lines, a paste of 8 lines of 900
# characters, then /esci or a dropped connection (a reconnect next time);
# every fifth turn is `ssh host stato`.  An emulated advisor takes, answers
# and closes chats through the database, as the console would.  At the end
# the resident memory and the descriptors of the daemon's processes are
# compared between the third minute (warmed up) and the last.
BUILD=${1:-build/rel}
cd "$(dirname "$0")/../.." || exit 1
MINUTES=${SOAK_MINUTES:-30}
D=$(mktemp -d "${TMPDIR:-/tmp}/infocig-soak.XXXXXX") || exit 1
DB=$D/infocig.db
DPID=
cleanup() {
	touch "$D/stop"
	[ -n "$DPID" ] && kill "$DPID" 2> /dev/null
	wait 2> /dev/null
	rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cli() { ./infocig -f conf/infocig.conf -o database="$DB" "$@"; }
sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$@"; }

# A clock that starts on a Tuesday at 15:05 in Rome and runs: open for 2 h 55 min.
START=$(date +%s)
export INFOCIG_NOW="2026-11-24T14:05:00Z@$START"
OFF=$(( $(date -d 2026-11-24T14:05:00Z +%s) - START ))

cli db init > /dev/null && cli db seed --demo > /dev/null || exit 1
PEOPLE="RSSMRA85T10A562S SPSGPP70D02G964E VRDGRG60A15L182E GLLSFN68R21E801A"
for p in $PEOPLE; do
	ssh-keygen -q -t ed25519 -N '' -C "$p" -f "$D/$p" > /dev/null 2>&1
	cli account key "$p" "$D/$p.pub" > /dev/null || exit 1
done
OP=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")
PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
./infocigd -d -f conf/infocig.conf -o database="$DB" -o ssh.port=$PORT -o ssh.listen=127.0.0.1 \
    -o ssh.host_key="$D/host_key" -o ssh.workers=1 -o queue.refresh_seconds=1 \
    2> "$D/daemon.log" &
DPID=$!
i=0
while ! grep -q 'listening on' "$D/daemon.log"; do
	[ $i -lt 100 ] && kill -0 $DPID 2> /dev/null || { cat "$D/daemon.log"; exit 1; }
	sleep 0.1
	i=$((i + 1))
done

ssh_to() {	# LOGIN [command]
	_l=$1
	shift
	timeout 60 ssh -T -p "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	    -o LogLevel=ERROR -o BatchMode=yes -o PreferredAuthentications=publickey \
	    -o IdentitiesOnly=yes -o IdentityAgent=none -i "$D/$_l" "$_l@127.0.0.1" "$@"
}
PASTE=$(awk 'BEGIN { for (i = 0; i < 8; i++) { s = ""; while (length(s) < 900) s = s "incolla "; print substr(s, 1, 900) } }')

person() {	# LOGIN: sessions until the stop file appears
	n=0
	while [ ! -f "$D/stop" ]; do
		n=$((n + 1))
		if [ $((n % 5)) -eq 0 ]; then
			ssh_to "$1" stato > /dev/null 2>&1 < /dev/null
			echo stato >> "$D/count"
			continue
		fi
		{
			sleep 1; echo "buongiorno, è la volta $n"
			sleep 2; echo "quando sarà pagata la mia domanda?"
			sleep 2; printf '%s\n' "$PASTE"
			sleep 3
			[ $((n % 3)) -eq 0 ] || { echo /esci; sleep 1; }
		} | ssh_to "$1" > /dev/null 2>&1
		echo session >> "$D/count"
	done
}

advisor() {	# takes, answers and closes chats every second
	while [ ! -f "$D/stop" ]; do
		sql "UPDATE chats SET state = 'active', taken_at = strftime('%s') + $OFF, advisor_id = $OP
		       WHERE state = 'queued';
		     INSERT INTO messages (chat_id, sender, account_id, at, body)
		       SELECT id, 'advisor', $OP, strftime('%s') + $OFF, 'Verifico, un momento.'
		       FROM chats WHERE state = 'active';
		     UPDATE chats SET state = 'closed', ended_at = strftime('%s') + $OFF,
		       outcome = 'risolta' WHERE state = 'active' AND taken_at < strftime('%s') + $OFF - 6;" \
		    2>> "$D/advisor.err"
		sleep 1
	done
}

# figures: "RSS_KB FDS" summed over the daemon and its workers.
figures() {
	rss=0 fds=0
	for p in $DPID $(pgrep -P $DPID); do
		r=$(awk '/^VmRSS/ { print $2 }' /proc/$p/status 2> /dev/null)
		f=$(ls /proc/$p/fd 2> /dev/null | wc -l)
		rss=$((rss + ${r:-0}))
		fds=$((fds + f))
	done
	echo "$rss $fds"
}

for p in $PEOPLE; do person "$p" & done
advisor &
echo "soak: $MINUTES minutes against infocigd on 127.0.0.1:$PORT, 4 people, 1 emulated advisor"
printf '%6s %10s %5s %9s %6s %7s\n' minute rss_kB fds sessions stato lines
m=0
while [ $m -lt "$MINUTES" ]; do
	sleep 60
	m=$((m + 1))
	kill -0 $DPID 2> /dev/null || { echo "infocigd died"; tail "$D/daemon.log"; exit 1; }
	set -- $(figures)
	echo "$m $1 $2" >> "$D/figures"
	printf '%6d %10d %5d %9d %6d %7d\n' $m "$1" "$2" "$(grep -c session "$D/count")" \
	    "$(grep -c stato "$D/count")" "$(sql 'SELECT count(*) FROM messages')"
done
touch "$D/stop"
awk -v from=$(( MINUTES >= 3 ? 3 : 1 )) '
	$1 == from { r0 = $2; f0 = $3 }
	{ r1 = $2; f1 = $3 }
	END {
		dr = r0 ? 100 * (r1 - r0) / r0 : 0; df = f0 ? 100 * (f1 - f0) / f0 : 0
		printf "rss %d -> %d kB (%+.1f%%), fds %d -> %d (%+.1f%%) from minute %d to the end: %s\n",
		    r0, r1, dr, f0, f1, df, from, (dr <= 5 && df <= 5) ? "flat within 5%" : "NOT flat"
	}' "$D/figures"
[ -s "$D/advisor.err" ] && { echo "advisor errors:"; sort "$D/advisor.err" | uniq -c | head; }
grep -ci 'error\|fatal' "$D/daemon.log" | sed 's/^/daemon log lines with error: /'
