# Shared harness for the end-to-end scripts: sourced, never run.
#
#   . tests/e2e/lib.sh   (from a script under tests/e2e, after setting NAME)
#
# Gives a scratch folder $D with a database $DB, TAP output (result), waits
# that poll the database, a file or a rendered screen (never a fixed sleep),
# a daemon on a random loopback port, and people as a terminal shows them:
# every ssh user runs `ssh -tt` in a tmux window of its own, so what a test
# reads is the screen the terminal rendered, not the byte stream.
#
# Variables a script may set before sourcing: NAME (folder and tmux socket
# prefix), NOW (the fixed clock, UTC, exported as INFOCIG_NOW when set).

case $0 in
*/*) cd "${0%/*}/../.." || exit 2 ;;
*) cd ../.. || exit 2 ;;
esac
CLI=${INFOCIG_CLI:-./infocig}
NAME=${NAME:-e2e}
D=$(mktemp -d "${TMPDIR:-/tmp}/infocig-$NAME.XXXXXX") || exit 2
DB=$D/infocig.db
DPID=
BG=
TM="tmux -L infocig-$NAME-$$ -f /dev/null"
export LANG=C.UTF-8
[ -n "${NOW:-}" ] && export INFOCIG_NOW=$NOW

# killtree PID: the process and its descendants, children first (a dropped
# line); stopped ones are resumed to die.
killtree() {
	for _c in $(pgrep -P "$1"); do killtree "$_c"; done
	kill "$1" 2>/dev/null
	kill -CONT "$1" 2>/dev/null
}

lib_cleanup() {
	$TM kill-server 2>/dev/null
	for _p in $BG; do killtree "$_p"; done
	daemon_stop
	rm -rf "$D"
}
trap lib_cleanup EXIT
trap 'exit 1' INT TERM

# result NAME STATUS [DETAIL_FILE]: one TAP line, the detail (DETAIL_FILE,
# else $RESULT_DETAIL when set) as comments on failure.
result() {
	if [ "$2" -eq 0 ]; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		_f=${3:-${RESULT_DETAIL:-}}
		[ -n "$_f" ] && [ -f "$_f" ] && sed 's/^/# /' "$_f" | head -40
	fi
}

cli() { "$CLI" -f conf/infocig.conf -o database="$DB" "$@"; }
sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$@"; }

# wait_sql QUERY VALUE [TENTHS]: until QUERY prints VALUE (default 10 s).
wait_sql() {
	_i=0
	while [ $_i -lt "${3:-100}" ]; do
		[ "$(sql "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# wait_file FILE PATTERN [TENTHS]
wait_file() {
	_i=0
	while [ $_i -lt "${3:-100}" ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# screen WINDOW: the rendered screen of WINDOW into $D/WINDOW.screen.
# Targets are "=NAME:", the session of exactly that name (a bare "b" would
# also match a session "backup").
screen() { $TM capture-pane -p -t "=$1:" > "$D/$1.screen" 2>/dev/null; }

# wait_screen WINDOW PATTERN [TENTHS]: until the screen shows PATTERN (grep -E).
wait_screen() {
	_i=0
	while [ $_i -lt "${3:-100}" ]; do
		screen "$1"
		grep -Eq "$2" "$D/$1.screen" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# wait_screen_gone WINDOW PATTERN [TENTHS]: until PATTERN is no longer shown.
wait_screen_gone() {
	_i=0
	while [ $_i -lt "${3:-100}" ]; do
		screen "$1"
		grep -Eq "$2" "$D/$1.screen" || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

keys() { _s=$1; shift; $TM send-keys -t "=$_s:" "$@"; }
# type WINDOW TEXT: TEXT typed literally, then Enter.
type_line() { $TM send-keys -t "=$1:" -l "$2"; $TM send-keys -t "=$1:" Enter; }

# window NAME COLS ROWS COMMAND: a new tmux session running COMMAND; the
# window stays after COMMAND ends, so its last screen can still be read.
window() {
	$TM new -d -s "$1" -x "$2" -y "$3" "$4; sleep 600"
}

# demo_db: an initialised database with the demo seed.
demo_db() {
	cli db init > "$D/init.log" 2>&1 && cli db seed --demo > "$D/seed.log" 2>&1
}

# user_key LOGIN: an ed25519 key pair $D/LOGIN registered for LOGIN.
user_key() {
	ssh-keygen -q -t ed25519 -N '' -C "$1" -f "$D/$1" > /dev/null 2>&1 &&
	    cli account key "$1" "$D/$1.pub" > "$D/key-$1.log" 2>&1
}

# daemon_start [-o KEY=VALUE ...]: infocigd on a random loopback port ($PORT);
# later -o options win over the defaults given here.  DAEMON_NOW, when set,
# is the daemon's clock (INFOCIG_NOW) without changing the script's own.
daemon_start() {
	_tries=0
	while [ $_tries -lt 5 ]; do
		_tries=$((_tries + 1))
		PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
		: > "$D/daemon.log"
		env ${DAEMON_NOW:+INFOCIG_NOW=$DAEMON_NOW} \
		    ./infocigd -d -f conf/infocig.conf -o database="$DB" -o ssh.port=$PORT \
		    -o ssh.listen=127.0.0.1 -o ssh.host_key="$D/host_key" -o ssh.workers=1 \
		    -o queue.refresh_seconds=1 "$@" >> "$D/daemon.log" 2>&1 &
		DPID=$!
		_i=0
		while [ $_i -lt 100 ]; do
			grep -q 'listening on' "$D/daemon.log" && return 0
			kill -0 "$DPID" 2>/dev/null || break
			sleep 0.1
			_i=$((_i + 1))
		done
		daemon_stop
	done
	return 1
}

# daemon_stop [-SIGNAL]: SIGTERM (or SIGNAL), up to 10 s, then SIGKILL.
daemon_stop() {
	[ -n "$DPID" ] || return 0
	kill "${1:--TERM}" "$DPID" 2>/dev/null
	_i=0
	while kill -0 "$DPID" 2>/dev/null && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	kill -9 "$DPID" 2>/dev/null
	wait "$DPID" 2>/dev/null
	DPID=
}

# ssh_cmd LOGIN: the stock OpenSSH client command line for LOGIN's key.
ssh_cmd() {
	echo "ssh -tt -p $PORT -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null" \
	    "-o LogLevel=ERROR -o ConnectTimeout=5 -o BatchMode=yes" \
	    "-o PreferredAuthentications=publickey -o IdentitiesOnly=yes -o IdentityAgent=none" \
	    "-i $D/$1 $1@127.0.0.1"
}

# ssh_window WINDOW LOGIN [COLS ROWS [REMOTE_COMMAND]]: LOGIN connected with
# ssh -tt in a tmux window (100x30 by default), as a person at a terminal.
ssh_window() {
	window "$1" "${3:-100}" "${4:-30}" "$(ssh_cmd "$2") ${5:-}"
}

# console_window WINDOW [COLS ROWS [ARGS]]: the advisors' console in tmux.
console_window() {
	window "$1" "${2:-100}" "${3:-30}" \
	    "$CLI -f conf/infocig.conf -o database='$DB' ${4:-} 2> '$D/$1.err'"
}
