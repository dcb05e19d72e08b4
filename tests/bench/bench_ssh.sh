#!/bin/sh
# infocigd beside OpenSSH's sshd, measured in the same run on this machine,
# with the load client (bench_sshload, libssh's client API, every session in
# one epoll loop) running here too.  Prints figures, never fails on them.
#
#   session setups per second: connect, key exchange, public-key login,
#     pty, shell, first screen with the queue place, close; sshd runs a
#     ForceCommand ("echo ok; exec cat") under the same client, set up as
#     fast as sshd can be: a user whose shell is /bin/sh (created for the
#     run when root), no PAM, no motd, last log, banner, user rc or login
#     shell start files; both peers' configurations are printed
#   password + one-time-code logins per second, and meanwhile the echo
#     latency of other logged-in sessions (yescrypt runs beside the loop)
#   daemon memory per held session (RSS before and after, divided by N)
#   delivery latency of advisor lines with N chats in progress, each side
#     sending a line every 2 s
#
# Sizes (environment):
#   BENCH_SSH_SETUPS=2000       infocigd setups (and exec "stato" setups)
#   BENCH_SSH_CONC=32           setups under way at once
#   BENCH_SSH_SSHD_SETUPS=100   sshd setups
#   BENCH_SSH_PASSWORD=60       password + code logins
#   BENCH_SSH_HOLD=10000        sessions held open to infocigd
#   BENCH_SSH_SSHD_HOLD=30      sessions held open to sshd
#   BENCH_SSH_CHATS=2000        chats in progress
#   BENCH_SSH_CHAT_SECONDS=10   length of the chat exchange
#   INFOCIG_BUILD=build/rel     where bench_sshload was built
cd "$(dirname "$0")/../.." || exit 1
BUILD=${INFOCIG_BUILD:-build/rel}
LOAD=$BUILD/tests/bench_sshload
SETUPS=${BENCH_SSH_SETUPS:-2000}
CONC=${BENCH_SSH_CONC:-32}
SSHD_SETUPS=${BENCH_SSH_SSHD_SETUPS:-100}
PASSWORD=${BENCH_SSH_PASSWORD:-60}
HOLD=${BENCH_SSH_HOLD:-10000}
SSHD_HOLD=${BENCH_SSH_SSHD_HOLD:-30}
CHATS=${BENCH_SSH_CHATS:-2000}
CHAT_SECONDS=${BENCH_SSH_CHAT_SECONDS:-10}
PROBES=10
SSHD=/usr/sbin/sshd
# Tuesday 24 November 2026, 15:30 in Rome: the service is open.
INFOCIG_NOW=2026-11-24T14:30:00
export INFOCIG_NOW

if [ ! -x "$LOAD" ] || [ ! -x ./infocigd ] || [ ! -x ./infocig ]; then
	echo "bench_ssh: build first (make all $LOAD)" >&2
	exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/infocig-bench-ssh.XXXXXX") || exit 1
DPID=
SPID=
HPID=

stop_pid() {	# PID: SIGTERM, wait up to 10 s, then SIGKILL
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
cleanup() {
	[ -n "$HPID" ] && kill "$HPID" 2>/dev/null
	stop_pid "$DPID"
	stop_pid "$SPID"
	[ -n "$PEER_MADE" ] && userdel "$PEER_USER" 2>/dev/null
	rm -rf "$T"
}
PEER_USER=$(id -un)
PEER_MADE=
trap cleanup EXIT
trap 'exit 130' INT TERM

note() { echo "bench_ssh: $*" >&2; }
# val FILE KEY: the figure bench_sshload printed as "KEY value".
val() { sed -n "s/^$2 //p" "$1" | head -1; }
free_port() { echo $((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000)); }

# "RSS PSS" in kB of PID and all its descendants.  RSS counts pages shared
# by several processes (libraries, a forked parent's memory) once per
# process; PSS splits each shared page among its sharers.
mem_tree() {
	set -- "$1" $(awk '/^Rss:/ { r = $2 } /^Pss:/ { p = $2 } END { print r + 0, p + 0 }' \
	    "/proc/$1/smaps_rollup" 2>/dev/null)
	r=${2:-0} p=${3:-0}
	for c in $(pgrep -P "$1"); do
		set -- $(mem_tree "$c")
		r=$((r + $1)) p=$((p + $2))
	done
	echo "$r $p"
}

# File descriptors: the load client holds one per session.
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ]; then
	ulimit -n "$hard" 2>/dev/null
	max=$((hard - 200))
	for v in HOLD CHATS; do
		eval n=\$$v
		if [ "$n" -gt "$max" ]; then
			note "open files limited to $hard: $v lowered from $n to $max"
			eval "$v=$max"
			eval "${v}_NOTE=' (ulimit -n $hard)'"
		fi
	done
fi

ACCOUNTS=2000
[ "$HOLD" -gt $ACCOUNTS ] && ACCOUNTS=$HOLD
[ "$CHATS" -gt $ACCOUNTS ] && ACCOUNTS=$CHATS
[ "$PASSWORD" -gt $ACCOUNTS ] && ACCOUNTS=$PASSWORD
PREPARED=$((ACCOUNTS + PROBES))

./infocig -f conf/infocig.conf -o database="$T/clean.db" db init > "$T/init.log" 2>&1 &&
    "$LOAD" prepare "$T/clean.db" "$PREPARED" "$T/keys" > "$T/prepare.log" 2>&1 || {
	cat "$T/init.log" "$T/prepare.log" >&2
	exit 1
}

# start_infocigd [-o ...]: a fresh copy of the database, a free port.
# The daemon's options for every run (limits lifted: the load is ours).
INFOCIGD_OPTS="-o ssh.listen=127.0.0.1 -o ssh.workers=2 -o ssh.max_sessions=100000
 -o ssh.max_startups=100000 -o ssh.max_startups_per_source=100000 -o ssh.penalty_failures=0"

start_infocigd() {
	stop_pid "$DPID"
	DPID=
	for try in 1 2 3 4 5; do
		rm -f "$T"/run.db*
		cp "$T/clean.db" "$T/run.db"
		IPORT=$(free_port)
		./infocigd -d -f conf/infocig.conf -o database="$T/run.db" \
		    -o ssh.port="$IPORT" -o ssh.host_key="$T/host_key" $INFOCIGD_OPTS \
		    "$@" > "$T/infocigd.log" 2>&1 &
		DPID=$!
		i=0
		while [ $i -lt 100 ]; do
			grep -q 'listening on' "$T/infocigd.log" && { sleep 0.3; return 0; }
			kill -0 "$DPID" 2>/dev/null || break
			sleep 0.1
			i=$((i + 1))
		done
		stop_pid "$DPID"
		DPID=
	done
	cat "$T/infocigd.log" >&2
	return 1
}

# peer_user: as root, a throwaway user whose shell is /bin/sh and whose
# password field is "*" (no password, not locked: sshd without PAM refuses
# locked accounts); sshd then starts ForceCommand as "/bin/sh -c", the
# cheapest shell, with no start files.  Otherwise the current user.
peer_user() {
	[ "$(id -u)" = 0 ] && command -v useradd > /dev/null || return 0
	u=icbench$$	# bench_sshload takes user names of up to 15 bytes
	useradd -r -M -d "$T/sshd" -s /bin/sh -p '*' "$u" 2>/dev/null || return 0
	PEER_USER=$u
	PEER_MADE=1
}

start_sshd() {
	mkdir -p "$T/sshd"
	chmod 755 "$T" "$T/sshd"
	ssh-keygen -q -t ed25519 -N '' -f "$T/sshd/host_key" > /dev/null &&
	    ssh-keygen -q -t ed25519 -N '' -f "$T/sshd/client_key" > /dev/null &&
	    cp "$T/sshd/client_key.pub" "$T/sshd/authorized_keys" || return 1
	chmod 644 "$T/sshd/authorized_keys"
	peer_user
	# Run as root, sshd separates privileges and needs its empty directory.
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
		mkdir -m 0755 /run/sshd || return 1
	fi
	for try in 1 2 3 4 5; do
		SPORT=$(free_port)
		cat > "$T/sshd/config" <<-EOF
		Port $SPORT
		ListenAddress 127.0.0.1
		HostKey $T/sshd/host_key
		AuthorizedKeysFile $T/sshd/authorized_keys
		PidFile $T/sshd/pid
		UsePAM no
		StrictModes no
		PubkeyAuthentication yes
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PermitRootLogin prohibit-password
		ForceCommand echo ok; exec cat
		PermitUserRC no
		PermitUserEnvironment no
		Banner none
		Compression no
		MaxStartups 1000
		MaxSessions 10
		LogLevel ERROR
		PrintMotd no
		PrintLastLog no
		UseDNS no
		X11Forwarding no
		AllowTcpForwarding no
		KexAlgorithms curve25519-sha256
		HostKeyAlgorithms ssh-ed25519
		Ciphers chacha20-poly1305@openssh.com
		EOF
		# -r: no re-execution of sshd for each connection (9.2 still has it),
		# which here makes sshd about half as fast again.
		"$SSHD" -r -D -f "$T/sshd/config" -E "$T/sshd/log" &
		SPID=$!
		i=0
		while [ $i -lt 50 ]; do
			ssh-keyscan -p "$SPORT" 127.0.0.1 > /dev/null 2>&1 && return 0
			kill -0 "$SPID" 2>/dev/null || break
			sleep 0.1
			i=$((i + 1))
		done
		stop_pid "$SPID"
		SPID=
	done
	cat "$T/sshd/log" >&2
	return 1
}

# hold PORT N OUT PID ARGS...: opens N sessions, writes the memory of PID's
# process tree before and after ("RSS PSS RSS PSS", kB) to OUT.mem, then
# lets them go.
hold() {
	port=$1 n=$2 out=$3 pid=$4
	shift 4
	before=$(mem_tree "$pid")
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	"$LOAD" hold -p "$port" -n "$n" -c 64 -q "$@" < "$T/fifo" > "$out" 2> "$out.err" &
	HPID=$!
	exec 7> "$T/fifo"
	while ! grep -q '^held' "$out" && kill -0 "$HPID" 2>/dev/null; do sleep 0.5; done
	sleep 2
	after=$(mem_tree "$pid")
	echo "$before $after" > "$out.mem"
	echo stop >&7
	exec 7>&-
	wait "$HPID"
	HPID=
}

echo "== ssh: infocigd and OpenSSH sshd on this machine ($(nproc) cores), with the load client"
start_sshd || { note "sshd does not start: no peer figures"; SPID=; }
if [ -n "$SPID" ]; then
	echo "-- peer: $($SSHD -V 2>&1 | head -1), sshd -r -D, user $PEER_USER, shell $(getent passwd "$PEER_USER" | cut -d: -f7)" \
	    "$([ -e /etc/ssh/sshrc ] && echo '(/etc/ssh/sshrc present: it runs at each login)')"
	sed 's/^/   /' "$T/sshd/config"
fi
echo "-- infocigd: conf/infocig.conf with" $INFOCIGD_OPTS

# 1. Session setups.
start_infocigd || exit 1
"$LOAD" setup -p "$IPORT" -K "$T/keys" -a 2000 -n "$SETUPS" -c "$CONC" \
    -m "Posizione in coda" > "$T/setup.out" 2> "$T/setup.err"
"$LOAD" setup -p "$IPORT" -K "$T/keys" -a 2000 -n "$SETUPS" -c "$CONC" \
    -e stato > "$T/exec.out" 2> "$T/exec.err"
start_infocigd || exit 1
"$LOAD" setup -p "$IPORT" -K "$T/keys" -a "$PASSWORD" -n "$PASSWORD" -c 8 -P -r $PROBES \
    -m "Posizione in coda" > "$T/password.out" 2> "$T/password.err"
if [ -n "$SPID" ]; then
	"$LOAD" setup -p "$SPORT" -u "$PEER_USER" -i "$T/sshd/client_key" -n "$SSHD_SETUPS" \
	    -c 8 -m ok > "$T/sshd_setup.out" 2> "$T/sshd_setup.err"
fi

# 2. Memory per held session.
start_infocigd || exit 1
hold "$IPORT" "$HOLD" "$T/hold.out" "$DPID" -K "$T/keys" -a "$ACCOUNTS" -m "Posizione in coda"
if [ -n "$SPID" ]; then
	sleep 1
	hold "$SPORT" "$SSHD_HOLD" "$T/sshd_hold.out" "$SPID" -u "$PEER_USER" \
	    -i "$T/sshd/client_key" -m ok
fi

# 3. Chats in progress.
start_infocigd || exit 1
"$LOAD" chat -p "$IPORT" -K "$T/keys" -a "$ACCOUNTS" -n "$CHATS" -c 64 -q \
    -m "Posizione in coda" -D "$T/run.db" -s "$CHAT_SECONDS" > "$T/chat.out" 2> "$T/chat.err"
stop_pid "$DPID"
DPID=

for f in setup exec password sshd_setup hold sshd_hold chat; do
	[ -s "$T/$f.err" ] && sed "s/^/bench_ssh: $f: /" "$T/$f.err" | head -5 >&2
done

awk -v setup="$(val "$T/setup.out" setups_per_s)" \
    -v setup_fail="$(val "$T/setup.out" failed)" \
    -v setup_p50="$(val "$T/setup.out" setup_ms_p50)" \
    -v setup_p99="$(val "$T/setup.out" setup_ms_p99)" \
    -v exec="$(val "$T/exec.out" setups_per_s)" \
    -v exec_fail="$(val "$T/exec.out" failed)" \
    -v sshd="$(val "$T/sshd_setup.out" setups_per_s)" \
    -v sshd_fail="$(val "$T/sshd_setup.out" failed)" \
    -v sshd_p50="$(val "$T/sshd_setup.out" setup_ms_p50)" \
    -v sshd_p99="$(val "$T/sshd_setup.out" setup_ms_p99)" \
    -v pw="$(val "$T/password.out" setups_per_s)" \
    -v pw_fail="$(val "$T/password.out" failed)" \
    -v pw_p50="$(val "$T/password.out" setup_ms_p50)" \
    -v echo_p50="$(val "$T/password.out" echo_ms_p50)" \
    -v echo_p99="$(val "$T/password.out" echo_ms_p99)" \
    -v echo_max="$(val "$T/password.out" echo_ms_max)" \
    -v held="$(val "$T/hold.out" opened)" -v hold_fail="$(val "$T/hold.out" failed)" \
    -v mem="$(cat "$T/hold.out.mem" 2>/dev/null)" \
    -v sheld="$(val "$T/sshd_hold.out" opened)" \
    -v smem="$(cat "$T/sshd_hold.out.mem" 2>/dev/null)" \
    -v chats="$(val "$T/chat.out" chats)" -v taken="$(val "$T/chat.out" taken)" \
    -v sent="$(val "$T/chat.out" advisor_lines)" -v got="$(val "$T/chat.out" delivered)" \
    -v ulines="$(val "$T/chat.out" user_lines)" \
    -v d50="$(val "$T/chat.out" delivery_ms_p50)" -v d99="$(val "$T/chat.out" delivery_ms_p99)" \
    -v dmax="$(val "$T/chat.out" delivery_ms_max)" \
    -v n_setup="$SETUPS" -v conc="$CONC" -v n_sshd="$SSHD_SETUPS" -v n_pw="$PASSWORD" \
    -v probes="$PROBES" -v hold_note="$HOLD_NOTE" -v chat_note="$CHATS_NOTE" \
    -v secs="$CHAT_SECONDS" '
function num(x) { return x == "" ? "-" : x }
function pair(a, b) { return (a == "" && b == "") ? "-" : num(a) " / " num(b) }
function kib(x) { return x > 0 ? sprintf("%.1f KiB", x) : "-" }
function row(what, a, b, r, target) {
	printf "%-46s %16s %16s %8s  %s\n", what, a, b, r, target
}
BEGIN {
	split(mem, m, " "); split(smem, s, " ")
	rss = (held > 0 && m[3] != "") ? (m[3] - m[1]) / held : 0
	pss = (held > 0 && m[4] != "") ? (m[4] - m[2]) / held : 0
	srss = (sheld > 0 && s[3] != "") ? (s[3] - s[1]) / sheld : 0
	spss = (sheld > 0 && s[4] != "") ? (s[4] - s[2]) / sheld : 0
	line = "------------------------------------------------------------------------------------------------------------"
	row("", "infocigd", "sshd", "ratio", "target")
	print line
	row("session setups/s (login, pty, shell, prompt)", num(setup), num(sshd),
	    (sshd > 0 && setup > 0 ? sprintf("%.1fx", setup / sshd) : "-"), ">= 600/s and >= 30x sshd")
	row("  setup latency p50 / p99, ms", pair(setup_p50, setup_p99), pair(sshd_p50, sshd_p99), "", "")
	row("exec \"stato\" setups/s", num(exec), "", "", "")
	row("password + code logins/s (yescrypt)", num(pw), "", "", "")
	row("  echo in " probes " other sessions meanwhile, p50/p99 ms", pair(echo_p50, echo_p99), "", "", "")
	row("daemon memory per held session (RSS)", kib(rss), kib(srss),
	    (rss > 0 && srss > 0 ? sprintf("1/%.0f", srss / rss) : "-"), "<= 48 KiB")
	row("daemon memory per held session (PSS)", kib(pss), kib(spss),
	    (pss > 0 && spss > 0 ? sprintf("1/%.0f", spss / pss) : "-"), "")
	row("  sessions held", num(held) hold_note, num(sheld), "", "")
	row("advisor line delivery p50 / p99, ms", pair(d50, d99), "", "", "<= 10 / <= 50 ms")
	row("  chats in progress", num(chats) chat_note, "", "", "")
	print line
	printf "setups: %d infocigd sessions, %d at once, %s failed; exec: %s failed; %d sshd sessions, 8 at once, %s failed\n",
	    n_setup, conc, num(setup_fail), num(exec_fail), n_sshd, num(sshd_fail)
	printf "password logins: %d, 8 at once, %s failed, %s ms each (p50); echo max %s ms\n",
	    n_pw, num(pw_fail), num(pw_p50), num(echo_max)
	printf "memory: %s infocigd sessions held, %s failed, RSS/PSS %s/%s -> %s/%s kB; sshd %s sessions, %s/%s -> %s/%s kB\n",
	    num(held), num(hold_fail), m[1], m[2], m[3], m[4], num(sheld), s[1], s[2], s[3], s[4]
	printf "chats: %s (%s taken) for %d s, each side a line every 2 s: advisor lines %s sent, %s read; user lines %s; max %s ms\n",
	    num(chats), num(taken), secs, num(sent), num(got), num(ulines), num(dmax)
}'
