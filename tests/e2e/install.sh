#!/bin/sh
# End-to-end: the ADMINISTRATION steps of infocigd(8) on a scratch DESTDIR.
# make install puts everything under DESTDIR (the systemd unit and the
# sysusers entry included) and systemd-analyze finds the unit clean; the
# installed programs create a database, test the configuration, serve with
# -D, back up live, restore, survive a reinstall (upgrade) and uninstall.
# Prints TAP lines, always exits 0.
NAME=install
. "${0%/*}/lib.sh"

DEST=$D/dest
P=$DEST/usr/local
export INFOCIG_DATADIR=$P/share/infocig

# 1. Install: every file under DESTDIR.
make -s install DESTDIR="$DEST" > "$D/install.log" 2>&1
result "make install DESTDIR=... succeeds" $? "$D/install.log"
ok=0
for f in bin/infocig sbin/infocigd share/man/man1/infocig.1 share/man/man8/infocigd.8 \
    share/man/man5/infocig.conf.5 share/infocig/provinces.csv etc/infocig/infocig.conf.example \
    lib/systemd/system/infocigd.service lib/sysusers.d/infocig.conf; do
	[ -f "$P/$f" ] || { echo "missing $f" >> "$D/missing"; ok=1; }
done
result "programs, manuals, data, example configuration, unit and sysusers entry installed" $ok "$D/missing"
UNIT=$P/lib/systemd/system/infocigd.service
grep -q '^ExecStart=/usr/local/sbin/infocigd -D -f /usr/local/etc/infocig/infocig.conf$' "$UNIT" &&
    grep -q '^User=infocig$' "$UNIT" && grep -q '^NoNewPrivileges=yes$' "$UNIT" &&
    grep -q '^ProtectSystem=strict$' "$UNIT" && grep -q '^ReadWritePaths=/var/lib/infocig$' "$UNIT" &&
    grep -q '^PrivateTmp=yes$' "$UNIT" && grep -q '^CapabilityBoundingSet=$' "$UNIT" &&
    grep -q '^SystemCallFilter=@system-service$' "$UNIT" && grep -q '^Restart=on-failure$' "$UNIT"
result "the unit runs infocigd -D as infocig, confined, restarted on failure" $? "$UNIT"
if command -v systemd-analyze > /dev/null; then
	# Verify with the paths pointing into DESTDIR, where the programs are.
	sed "s|/usr/local/|$P/|g" "$UNIT" > "$D/infocigd.service"
	systemd-analyze verify --man=no "$D/infocigd.service" > "$D/verify.out" 2>&1 &&
	    [ ! -s "$D/verify.out" ]
	result "systemd-analyze verify finds the unit clean" $? "$D/verify.out"
else
	echo "ok - systemd-analyze verify # SKIP systemd-analyze not installed"
fi

# 2. Configure and create the database with the installed programs.
mkdir -p "$D/lib" && chmod 700 "$D/lib"
sed -e "s|^database = .*|database = \"$D/lib/infocig.db\";|" \
    -e "s|host_key = .*|host_key = \"$D/lib/ssh_host_ed25519_key\";|" \
    "$P/etc/infocig/infocig.conf.example" > "$D/infocig.conf"
icli() { "$P/bin/infocig" -f "$D/infocig.conf" "$@"; }
icli db init > "$D/init.out" 2>&1 && icli db check > "$D/check.out" 2>&1 &&
    grep -q 'integrità: ok' "$D/check.out"
result "the installed infocig creates and checks the database" $? "$D/check.out"
PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
"$P/sbin/infocigd" -t -f "$D/infocig.conf" -o ssh.port=$PORT > "$D/t.out" 2>&1
result "infocigd -t accepts the configuration" $? "$D/t.out"

# 3. Serve with -D (foreground, syslog) until the port answers.
"$P/sbin/infocigd" -D -f "$D/infocig.conf" -o ssh.port=$PORT > "$D/D.out" 2>&1 &
DPID=$!
wait_port 100 && kill -0 $DPID 2> /dev/null && [ ! -s "$D/D.out" ]
result "infocigd -D serves in the foreground, nothing on stderr" $? "$D/D.out"

# 4. Backup while it runs; restore after stopping.
icli db backup "$D/backup.db" > "$D/backup.out" 2>&1
result "db backup while the daemon runs" $? "$D/backup.out"
daemon_stop
mv "$D/lib/infocig.db" "$D/damaged.db"
rm -f "$D/lib/infocig.db-wal" "$D/lib/infocig.db-shm"
icli db check "$D/backup.db" > "$D/c1.out" 2>&1 && cp "$D/backup.db" "$D/lib/infocig.db" &&
    chmod 600 "$D/lib/infocig.db" && icli db check > "$D/c2.out" 2>&1 &&
    grep -q 'integrità: ok' "$D/c2.out"
result "restore: the checked copy replaces the database" $? "$D/c2.out"

# 5. Upgrade: install again over the old files; the database still opens.
make -s install DESTDIR="$DEST" > "$D/install2.log" 2>&1 && icli db check > "$D/c3.out" 2>&1 &&
    grep -q 'schema: versione' "$D/c3.out"
result "reinstalling over an installation (upgrade) keeps the database usable" $? "$D/c3.out"

# 6. Uninstall removes every installed file.
make -s uninstall DESTDIR="$DEST" > "$D/uninstall.log" 2>&1
[ -z "$(find "$DEST" -type f)" ]
result "make uninstall removes every installed file" $? "$D/uninstall.log"
