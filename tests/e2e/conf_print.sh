#!/bin/sh
# End-to-end: infocigd -T prints the effective configuration, one line per
# setting: -o overrides and relative paths show as the programs use them,
# the printed values read back through -o give the same output, and a
# configuration that fails the check prints nothing.  Prints TAP lines,
# always exits 0.
NAME=confprint
. "${0%/*}/lib.sh"

demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
T() { ./infocigd -T -f conf/infocig.conf -o database="$DB" -o ssh.host_key="$D/host_key" "$@"; }

T -o ssh.port=2345 -o service.hours.saturday=09:00-12:00 \
    -o service.closures=2026-12-31,2026-12-24 > "$D/t.out" 2> "$D/t.err"
rc=$?
[ $rc -eq 0 ] && grep -qx 'ssh.port 2345' "$D/t.out" &&
    grep -qx 'service.hours.saturday "09:00-12:00"' "$D/t.out" &&
    grep -qx 'service.closures \[ "2026-12-24", "2026-12-31" \]' "$D/t.out" &&
    grep -qx "database \"$DB\"" "$D/t.out" && [ ! -s "$D/t.err" ]
result "-T shows the -o overrides, closures sorted" $? "$D/t.out"

# Every setting of infocig.conf(5) once, in order, and nothing else.
awk '{ print $1 }' "$D/t.out" > "$D/keys"
[ "$(wc -l < "$D/keys")" -eq "$(sort -u "$D/keys" | wc -l)" ] &&
    [ "$(wc -l < "$D/keys")" -gt 50 ] &&
    ! grep -qv '^[a-z_]*\(\.[a-z_]*\)*$' "$D/keys"
result "-T prints each setting once, by its full name" $? "$D/keys"

# A relative path is taken from the configuration file's folder.
mkdir -p "$D/etc" && cp conf/infocig.conf "$D/etc/x.conf" && cp "$DB" "$D/etc/rel.db"
./infocigd -T -f "$D/etc/x.conf" -o database=rel.db -o ssh.host_key="$D/host_key" \
    > "$D/rel.out" 2>&1
grep -qx "database \"$D/etc/rel.db\"" "$D/rel.out"
result "-T shows a relative database path from the file's folder" $? "$D/rel.out"

# Round trip: the scalar values fed back as -o give the same output.
set --
while read -r key value; do
	case $value in
	\(*|\[*) continue ;;	# rollouts are set in the file only; closures above
	esac
	value=${value#\"}
	set -- "$@" -o "$key=${value%\"}"
done < "$D/t.out"
T "$@" -o service.closures=2026-12-31,2026-12-24 > "$D/t2.out" 2>&1
cmp -s "$D/t.out" "$D/t2.out"
result "the printed values read back through -o give the same configuration" $? "$D/t2.out"

T -o ssh.port=0 > "$D/bad.out" 2> "$D/bad.err"
rc=$?
[ $rc -eq 1 ] && [ ! -s "$D/bad.out" ] && grep -q "ssh.port" "$D/bad.err"
result "a configuration that fails the check prints nothing and exits 1" $? "$D/bad.err"
