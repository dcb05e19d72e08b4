# Shared harness for the end-to-end scripts: sourced, never run.
#
#   . tests/e2e/lib.sh   (from a script under tests/e2e, after setting NAME)
#
# Gives a scratch folder $D with a database $DB, TAP output (result), waits
# that poll the database, a file or a rendered screen (never a fixed sleep),
# a daemon on a random loopback port, and people as a terminal shows them:
# an ssh user runs `ssh -tt` in a tmux window of its own (ssh_window), so what
# a test reads is the screen the terminal rendered, not the byte stream.
# Older scripts still drive some users without a terminal (ssh -T: ssh_key,
# session), reading the daemon's bytes; new checks belong on the screen.
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

# result_why NAME STATUS TEXT: the same, with TEXT (then $RESULT_DETAIL, when
# set) as comments on failure.
result_why() {
	result "$1" "$2" /dev/null
	if [ "$2" -ne 0 ]; then
		[ -n "$3" ] && printf '%s\n' "$3" | sed 's/^/# /' | head -20
		[ -n "${RESULT_DETAIL:-}" ] && [ -f "$RESULT_DETAIL" ] &&
		    sed 's/^/# /' "$RESULT_DETAIL" | head -20
	fi
	return 0
}

cli() { "$CLI" -f conf/infocig.conf -o database="$DB" "$@"; }
sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$@"; }

# chat_of LOGIN: the id of the person's newest chat (empty when none).
chat_of() {
	sql "SELECT c.id FROM chats c JOIN accounts a ON a.id = c.account_id WHERE a.login = '$1' ORDER BY c.id DESC LIMIT 1"
}

# ic ARGS: infocig on the test database, both streams in $OUT, status in $rc.
# as LOGIN ARGS: the same with --as LOGIN and the demo password on stdin.
# has TEXT: the last output contains TEXT (a fixed string).
OUT=$D/out
ic() { cli "$@" > "$OUT" 2>&1; rc=$?; }
as() { _l=$1; shift; printf 'demo\n' | cli --as "$_l" "$@" > "$OUT" 2>&1; rc=$?; }
has() { grep -F -q -- "$1" "$OUT"; }

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
		grep -Eq -- "$2" "$D/$1.screen" && return 0
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
		grep -Eq -- "$2" "$D/$1.screen" || return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# wait_redrawn WINDOW COLS ROWS PATTERN [TENTHS]: after a resize, until the
# screen fits in COLS x ROWS and its last line shows PATTERN (a key bar: the
# old screen, cut to the new size, has it on another line or not at all).
wait_redrawn() {
	_ri=0
	while [ $_ri -lt "${5:-100}" ]; do
		screen "$1"
		[ "$(wc -L < "$D/$1.screen")" -le "$2" ] && [ "$(wc -l < "$D/$1.screen")" -le "$3" ] &&
		    tail -n 1 "$D/$1.screen" | grep -Eq -- "$4" && return 0
		sleep 0.1
		_ri=$((_ri + 1))
	done
	return 1
}

# shows WINDOW PATTERN...: every PATTERN (grep -E) is on the screen of WINDOW
# captured last; the first one missing is printed as a comment.
shows() {
	_w=$1
	shift
	for _p in "$@"; do
		grep -Eq -- "$_p" "$D/$_w.screen" || { echo "# missing: $_p"; return 1; }
	done
}

# wait_for TENTHS COMMAND...: until COMMAND succeeds, polling every 0.1 s.
wait_for() {
	_wn=$1
	shift
	_wi=0
	while [ $_wi -lt "$_wn" ]; do
		"$@" && return 0
		sleep 0.1
		_wi=$((_wi + 1))
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

# user_key LOGIN...: for each LOGIN an ed25519 key pair $D/LOGIN registered
# for it (the CLI's words in $D/key-LOGIN.log); stops at the first failure.
user_key() {
	for _u in "$@"; do
		ssh-keygen -q -t ed25519 -N '' -C "$_u" -f "$D/$_u" > /dev/null 2>&1 &&
		    cli account key "$_u" "$D/$_u.pub" > "$D/key-$_u.log" 2>&1 || return 1
	done
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

# wait_port [TENTHS]: until a daemon on $PORT answers with its host key (for
# one started without -d, whose log is not ours to read).
wait_port() {
	wait_for "${1:-50}" eval \
	    "ssh-keyscan -T 1 -p $PORT 127.0.0.1 2>/dev/null | grep -q ssh-ed25519"
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

# The stock OpenSSH client's options for a key login to the test daemon.
SSH_OPTS="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
 -o ConnectTimeout=5 -o BatchMode=yes -o PreferredAuthentications=publickey
 -o IdentitiesOnly=yes -o IdentityAgent=none"

# ssh_cmd LOGIN: the stock OpenSSH client command line for LOGIN's key.
ssh_cmd() {
	echo "ssh -tt -p $PORT" $SSH_OPTS "-i $D/$1 $1@127.0.0.1"
}

# ssh_pipe KEYFILE LOGIN [REMOTE_COMMAND]: the client without a terminal
# (ssh -T): stdin is what the person types, stdout what the daemon wrote;
# killed after 120 s at the most.
ssh_pipe() {
	_k=$1 _u=$2
	shift 2
	timeout 120 ssh -T -p "$PORT" $SSH_OPTS -i "$_k" "$_u@127.0.0.1" "$@"
}
# ssh_key LOGIN [REMOTE_COMMAND]: the same with LOGIN's key $D/LOGIN.
ssh_key() { _u=$1; shift; ssh_pipe "$D/$_u" "$_u" "$@"; }

# session NAME LOGIN: LOGIN connected with ssh_key in the background, typing
# what the script writes into the FIFO $D/NAME.in (hold it open with
# exec 3> "$D/NAME.in"; closing it is the end of input); the output goes to
# $D/NAME.out, for wait_file; its process is $SESSION.
session() {
	mkfifo "$D/$1.in"
	ssh_key "$2" < "$D/$1.in" > "$D/$1.out" 2>&1 &
	SESSION=$!
	BG="$BG $SESSION"
}

# wait_gone PID [TENTHS]: until the process PID has ended (default 10 s).
wait_gone() { wait_for "${2:-100}" eval "! kill -0 $1 2>/dev/null"; }

# ssh_window WINDOW LOGIN [COLS ROWS [REMOTE_COMMAND]]: LOGIN connected with
# ssh -tt in a tmux window (100x30 by default), as a person at a terminal.
ssh_window() {
	window "$1" "${3:-100}" "${4:-30}" "$(ssh_cmd "$2") ${5:-}"
}

# console_window WINDOW [COLS ROWS [ARGS [ENV]]]: the advisors' console in
# tmux, its standard error in $D/WINDOW.err; ENV (NAME=VALUE ...) is set for it.
console_window() {
	window "$1" "${2:-100}" "${3:-30}" \
	    "${5:-} $CLI -f conf/infocig.conf -o database='$DB' ${4:-} 2> '$D/$1.err'"
}

# report_iban WINDOW: in the console's report form (opened with F8), the
# topic Pagamento > IBAN errato chosen, the form left for the description.
report_iban() {
	wait_screen "$1" 'Segnalazione Linea INPS' &&
	    keys "$1" Enter && wait_screen "$1" 'Dati di pagamento' &&
	    keys "$1" Enter && wait_screen "$1" 'IBAN errato' &&
	    keys "$1" Enter && wait_screen "$1" 'Pagamento > IBAN errato'
}

# resize WINDOW COLS ROWS: the terminal of WINDOW resized.
resize() { $TM resize-window -t "=$1:" -x "$2" -y "$3" 2>/dev/null; }

# console_login WINDOW COLS ROWS LOGIN [ENV]: the console with --as LOGIN,
# the demo password typed at its prompt.
console_login() {
	console_window "$1" "$2" "$3" "--as $4" "${5:-}"
	wait_screen "$1" 'assword' 50
	keys "$1" demo Enter
}
