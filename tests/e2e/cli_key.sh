#!/bin/sh
# End-to-end: infocig account key parses the key with libssh (issue 18,
# item 11).  Valid Ed25519, ECDSA and RSA-3072 keys are registered; a
# truncated key, text that is not base64, a 400 kB line (once cut silently),
# a type that does not match the blob, a DSA key and a 1024-bit RSA key are
# refused with a message, and nothing is stored for them.  Prints TAP lines.
NAME=cli-key
. "${0%/*}/lib.sh"

LOGIN=RSSMRA85T10A562S
demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
k() { ssh-keygen -q -N '' -C test "$@" > /dev/null 2>&1; }
k -t ed25519 -f "$D/ed" && k -t ecdsa -b 384 -f "$D/ec" && k -t rsa -b 3072 -f "$D/rsa3072" &&
    k -t rsa -b 1024 -f "$D/rsa1024"
result "test keys generated" $?

keys_stored() { sql "SELECT count(*) FROM account_keys"; }
for f in ed ec rsa3072; do
	cli account key $LOGIN "$D/$f.pub" > "$D/$f.log" 2>&1
	result "a valid key is registered ($f)" $? "$D/$f.log"
done
[ "$(keys_stored)" = 3 ]
result "three keys stored" $?

# refused NAME FILE PATTERN: status 1, PATTERN in the message, nothing stored.
refused() {
	cli account key $LOGIN "$2" > "$D/r.log" 2>&1
	_s=$?
	[ $_s -eq 1 ] && grep -q "$3" "$D/r.log" && [ "$(keys_stored)" = 3 ]
	result "$1 is refused" $? "$D/r.log"
}
cut -c1-60 "$D/ed.pub" > "$D/trunc.pub"
refused "a truncated key" "$D/trunc.pub" "chiave pubblica non valida"
echo "ssh-ed25519 %%%questo-non-e-base64%%% x" > "$D/text.pub"
refused "text that is not base64" "$D/text.pub" "chiave pubblica non valida"
{ printf 'ssh-rsa '; head -c 400000 /dev/zero | tr '\0' A; echo; } > "$D/big.pub"
refused "a 400 kB line" "$D/big.pub" "riga troppo lunga"
sed 's/^ssh-ed25519/ssh-rsa/' "$D/ed.pub" > "$D/mismatch.pub"
refused "a type that does not match the key" "$D/mismatch.pub" "chiave pubblica non valida"
printf 'ssh-dss AAAAB3NzaC1kc3MAAACBAP test\n' > "$D/dss.pub"
refused "a DSA key" "$D/dss.pub" "tipo di chiave non ammesso"
refused "a 1024-bit RSA key" "$D/rsa1024.pub" "chiave RSA di 1024 bit, troppo corta"
: > "$D/empty.pub"
refused "an empty file" "$D/empty.pub" "nessuna chiave pubblica"
exit 0
