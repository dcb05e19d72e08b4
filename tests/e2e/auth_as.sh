#!/bin/sh
# End-to-end: infocig --as (issue 18, item 10).  Every refusal reads the
# same: a citizen's right password, a staff member's wrong password, a
# locked staff account with its right password and an unknown login all get
# "accesso negato per LOGIN" and status 1; a right staff password is let in.
# Constant work: an unknown login costs the same password hash as a known
# one, compared with a peer in the same run (the median of 5 runs each; an
# unknown login used to take a quarter of the time).  Prints TAP lines.
NAME=auth-as
. "${0%/*}/lib.sh"

demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
cli account lock operatore2 > /dev/null 2>&1

# as LOGIN PASSWORD: the refusal of `account list` run --as LOGIN, with the
# login replaced by X, and the exit status.
as_try() {
	printf '%s\n' "$2" | cli --as "$1" audit --from 2026-01-01 > /dev/null 2> "$D/as.err"
	echo "status $?"
	sed "s/$1/X/g" "$D/as.err"
}
as_try RSSMRA85T10A562S demo > "$D/citizen.out"	# a citizen, right password
as_try supervisore sbagliata > "$D/wrong.out"	# staff, wrong password
as_try operatore2 demo > "$D/locked.out"		# locked staff, right password
as_try nessuno demo > "$D/unknown.out"		# no such login
printf 'status 1\ninfocig: accesso negato per X\n' > "$D/want.out"
s=0
for f in citizen wrong locked unknown; do
	cmp -s "$D/want.out" "$D/$f.out" || { s=1; echo "# $f:"; sed 's/^/#   /' "$D/$f.out"; }
done
result "one refusal for right, wrong, locked and unknown" $s
printf 'demo\n' | cli --as supervisore audit --from 2026-01-01 > /dev/null 2> "$D/ok.err"
result "a right staff password is let in" $? "$D/ok.err"

# ms LOGIN: the median wall time of 5 refused --as runs, in milliseconds.
ms() {
	for _n in 1 2 3 4 5; do
		_t0=$(date +%s%N)
		printf 'sbagliata\n' | cli --as "$1" audit --from 2026-01-01 > /dev/null 2>&1
		_t1=$(date +%s%N)
		echo $(((_t1 - _t0) / 1000000))
	done | sort -n | sed -n 3p
}
known=$(ms supervisore)
unknown=$(ms nessuno)
echo "# refused --as: known login ${known} ms, unknown login ${unknown} ms (median of 5)"
# The unknown login must cost at least two thirds of the known one.
[ $((unknown * 3)) -ge $((known * 2)) ]
result "an unknown login costs the same work as a known one" $?
exit 0
