#!/bin/sh
# What the console does while nobody touches it: the advisor's desk (empty,
# then with one chat waiting), the supervisors' statistics and the office's
# reports on the demo database, each left idle for IDLE seconds (default
# 10) under tmux, with script(1) recording every byte written and gdb, when
# there is one, counting the windows erased (werase) and copied out
# (wnoutrefresh).  An idle screen should repaint only what moves: the
# queue's waits, the statistics' clock and changed figures, the status
# line's minute.  The peer is the same console's first full screen.
#   IDLE=N   seconds measured per screen (default 10)
cd "$(dirname "$0")/../.." || exit 1
IDLE=${IDLE:-10}
T=$(mktemp -d "${TMPDIR:-/tmp}/infocig-bench-idle.XXXXXX") || exit 1
TM="tmux -L infocig-bench-idle-$$ -f /dev/null"
trap '$TM kill-server 2>/dev/null; rm -rf "$T"' EXIT INT TERM
CLI="./infocig -f conf/infocig.conf -o database=$T/db"
$CLI db init > /dev/null 2>&1 && $CLI db seed --demo > /dev/null 2>&1 || exit 1

size() { wc -c < "$1" 2>/dev/null || echo 0; }

# idle NAME ARGS: bytes of the first screen, then bytes written in IDLE s.
idle() {
	$TM new -d -s "$1" -x 100 -y 30 "LANG=C.UTF-8 script -q -f -c \"$CLI $2\" $T/$1.out; sleep 600"
	n=0
	while ! $TM capture-pane -p -t "=$1:" 2>/dev/null | grep -q 'assword\|F10Esci' &&
	    [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	if $TM capture-pane -p -t "=$1:" | grep -q assword; then
		$TM send-keys -t "=$1:" demo Enter
	fi
	n=0
	while ! $TM capture-pane -p -t "=$1:" | grep -q 'F10Esci' && [ $n -lt 100 ]; do
		sleep 0.1; n=$((n + 1)); done
	sleep 2		# the first screen settles (statistics read, lists loaded)
	first=$(size "$T/$1.out")
	pid=$(pgrep -n -f "^./infocig -f conf/infocig.conf -o database=$T/db")
	calls=
	if [ -n "$pid" ] && command -v gdb > /dev/null; then
		# Windows erased and copied out while idle: what the console redrew.
		timeout -s INT "$IDLE" gdb -q -batch -p "$pid" -ex 'break werase' \
		    -ex 'ignore 1 100000000' -ex 'break wnoutrefresh' \
		    -ex 'ignore 2 100000000' -ex continue -ex 'info breakpoints' \
		    > "$T/$1.gdb" 2>&1
		calls=$(awk '/already hit/ { n[++i] = $4 } END {
		    printf "; werase %d, wnoutrefresh %d calls", n[1], n[2] }' "$T/$1.gdb")
	else
		sleep "$IDLE"
	fi
	last=$(size "$T/$1.out")
	$TM send-keys -t "=$1:" F10
	echo "$1: first screen $first bytes; idle ${IDLE} s: $((last - first)) bytes$calls"
}

idle desk ""
# One person waiting: the queue shows a wait that grows, redrawn each second.
sqlite3 "$T/db" "INSERT INTO chats (account_id, channel, province, state, queued_at)
    SELECT id, 'lavoratori', province, 'queued', strftime('%s', 'now')
    FROM accounts WHERE role = 'worker' LIMIT 1;" || exit 1
idle desk-queue ""
idle stats "--as supervisore"
idle office "--as sede.roma"
