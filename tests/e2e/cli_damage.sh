#!/bin/sh
# End-to-end: a damaged database (issue 18, item 19).  Pages of the
# accounts and applications tables are overwritten; every command then
# exits 1 naming the damage as `db check` does ("database danneggiato" and
# the integrity check's first problem), never "accesso negato", "account
# ... inesistente" or a bare header.  Prints TAP lines.
NAME=cli-damage
. "${0%/*}/lib.sh"

demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
sql "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
PS=$(sql "PRAGMA page_size")
for t in accounts practices; do
	pg=$(sql "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = '$t'")
	head -c "$PS" /dev/urandom | dd of="$DB" bs="$PS" seek=$((pg - 1)) count=1 conv=notrunc 2>/dev/null
done
cli db check > "$D/check.log" 2>&1
[ $? -eq 1 ] && grep -q "integrità: ERRORE" "$D/check.log"
result "db check finds the damage" $? "$D/check.log"
PROBLEM=$(sed -n 's/^integrità: ERRORE: //p' "$D/check.log" | head -1)

# damaged NAME CMD...: status 1, the damage named, no misleading message.
damaged() {
	_name=$1
	shift
	printf 'demo\n' | "$@" > "$D/out.log" 2>&1
	_s=$?
	[ $_s -eq 1 ] && grep -q "database danneggiato: " "$D/out.log" &&
	    grep -qF "$PROBLEM" "$D/out.log" &&
	    grep -q "infocig db check" "$D/out.log" &&
	    ! grep -q "accesso negato\|inesistente" "$D/out.log"
	result "$_name names the damage" $? "$D/out.log"
}
damaged "account list" cli account list
damaged "account otp" cli account otp RSSMRA85T10A562S
damaged "account passwd" cli account passwd operatore1
damaged "practice show --as" cli --as operatore2 practice show RSSMRA85T10A562S
damaged "practice show (Unix user)" cli practice show RSSMRA85T10A562S
damaged "audit --as" cli --as supervisore audit --from 2020-01-01
damaged "report list --as" cli --as sede.roma report list
damaged "account link" cli --as supervisore account link VRDGRG60A15L182E 02345670711 --as-role consulente
exit 0
