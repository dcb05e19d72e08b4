#!/bin/sh
# End-to-end: infocigd started as root with ssh.user set gives up root once
# it listens: its processes run as that user, the files it needs are handed
# over (a root-owned database and a freshly generated host key), a person
# still logs in and chats; an unknown user and a file owned by someone else
# are refused by name.  Needs root (skipped otherwise).  Prints TAP lines,
# always exits 0.
NAME=privdrop
# Tuesday 24 November 2026, 15:30 in Rome.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

if [ "$(id -u)" != 0 ] || ! command -v useradd > /dev/null; then
	echo "ok - privilege drop # SKIP needs root and useradd"
	exit 0
fi
U=icdrop$$
useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$U" 2> "$D/useradd.err" || {
	result "a throwaway system user" 1 "$D/useradd.err"
	exit 0
}
trap 'userdel "$U" 2>/dev/null; lib_cleanup' EXIT
chmod 755 "$D"
demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
user_key RSSMRA85T10A562S
ls -ln "$DB" | awk '{ print $3 }' > "$D/owner.before"

# 1. An unknown user: refused by -t and at start.
./infocigd -t -f conf/infocig.conf -o database="$DB" -o ssh.host_key="$D/host_key" \
    -o ssh.user=nessuno$$ > "$D/t.out" 2>&1
[ $? -ne 0 ] && grep -q "ssh.user: utente inesistente" "$D/t.out"
result "infocigd -t names an unknown ssh.user" $? "$D/t.out"

# 2. The database's folder must be the user's (SQLite writes -wal and -shm there).
daemon_start -o ssh.user="$U"
[ $? -ne 0 ] && grep -q "la cartella del database non è scrivibile da $U" "$D/daemon.log"
result "a database folder the user cannot write is refused by name" $? "$D/daemon.log"

# 3. With the folder the user's, as /var/lib/infocig would be: runs as that user.
chown "$U" "$D"
daemon_start -o ssh.user="$U"
result "infocigd started as root with ssh.user listens" $? "$D/daemon.log"
pids="$DPID $([ -n "$DPID" ] && pgrep -P "$DPID")"
bad=0
for p in $pids; do
	[ "$(ps -o user= -p "$p" | tr -d ' ')" = "$U" ] || { ps -o pid=,user=,args= -p "$p"; bad=1; }
done > "$D/ps.out"
[ $bad -eq 0 ] && [ -n "$DPID" ] && [ -n "$(pgrep -P "$DPID")" ]
result "the daemon and its worker run as $U, not root" $? "$D/ps.out"
[ "$(stat -c %U "$DB")" = "$U" ] && [ "$(stat -c %U "$D/host_key")" = "$U" ] &&
    [ "$(stat -c %a "$DB")" = 600 ] && [ "$(cat "$D/owner.before")" = 0 ]
result "the root-owned database and the new host key were handed over, still 0600" $?
grep -q "running as $U" "$D/daemon.log"
result "the log says which user it runs as" $? "$D/daemon.log"

# 4. A person logs in and a line is stored: the unprivileged daemon writes.
ssh_window p RSSMRA85T10A562S
wait_screen p 'Posizione in coda: 1' 150
type_line p 'buongiorno dal servizio senza root'
wait_sql "SELECT count(*) FROM messages WHERE body = 'buongiorno dal servizio senza root'" 1
result "a person's line is written by the unprivileged daemon" $? "$D/p.screen"
daemon_stop

# 5. A database owned by another user is refused, not taken over.
chown nobody "$DB"
daemon_start -o ssh.user="$U"
st=$?
[ $st -ne 0 ] && grep -q "appartiene all'utente .*chown $U" "$D/daemon.log"
result "a database owned by someone else is refused with the chown to run" $? "$D/daemon.log"
