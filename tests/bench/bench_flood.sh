#!/bin/sh
# Benchmark: a legitimate password + one-time-code login while 300
# connections from another address (127.0.0.2) keep sending wrong passwords
# (issue 18.6; goal: under 2 s).  The connection limits and penalties are
# lifted, as in bench_ssh.sh, so that only the password-check queue decides.
# Prints figures, never fails on them.
#   BENCH_FLOOD_CONC=300   flooding connections at once
#   BENCH_FLOOD_LOGINS=20  legitimate logins, one at a time
#   INFOCIG_BUILD=build/rel
cd "$(dirname "$0")/../.." || exit 1
BUILD=${INFOCIG_BUILD:-build/rel}
LOAD=$BUILD/tests/bench_sshload
CONC=${BENCH_FLOOD_CONC:-300}
LOGINS=${BENCH_FLOOD_LOGINS:-20}
INFOCIG_NOW=2026-11-24T14:30:00
export INFOCIG_NOW
T=$(mktemp -d "${TMPDIR:-/tmp}/infocig-bench-flood.XXXXXX") || exit 1
DPID=
FPID=
cleanup() {
	[ -n "$FPID" ] && kill "$FPID" 2>/dev/null
	if [ -n "$DPID" ]; then
		kill "$DPID" 2>/dev/null
		wait "$DPID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

./infocig -f conf/infocig.conf -o database="$T/db" db init > "$T/init.log" 2>&1 &&
    "$LOAD" prepare "$T/db" $((LOGINS + CONC)) "$T/keys" > "$T/prepare.log" 2>&1 || {
	cat "$T/init.log" "$T/prepare.log" >&2
	exit 1
}
PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
./infocigd -d -f conf/infocig.conf -o database="$T/db" -o ssh.listen=127.0.0.1 \
    -o ssh.port="$PORT" -o ssh.host_key="$T/host_key" -o ssh.workers=1 \
    -o ssh.max_sessions=100000 -o ssh.max_startups=100000 \
    -o ssh.max_startups_per_source=100000 -o ssh.penalty_failures=0 > "$T/infocigd.log" 2>&1 &
DPID=$!
i=0
while ! grep -q 'listening on' "$T/infocigd.log" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
"$LOAD" setup -p "$PORT" -a "$CONC" -o "$LOGINS" -n 100000000 -c "$CONC" -P -W -B 127.0.0.2 \
    -q > "$T/flood.out" 2>&1 &
FPID=$!
sleep 3		# the flood fills the queue first
"$LOAD" setup -p "$PORT" -a "$LOGINS" -n "$LOGINS" -c 1 -P -m "Posizione in coda" \
    > "$T/legit.out" 2> "$T/legit.err"
kill "$FPID" 2>/dev/null
wait "$FPID" 2>/dev/null
FPID=
echo "flood: $CONC connections with wrong passwords from 127.0.0.2; legitimate logins from 127.0.0.1:"
sed 's/^/flood:   /' "$T/legit.out"
exit 0
