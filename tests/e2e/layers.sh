#!/bin/sh
# The layering of CONTRIBUTING.md holds: every #include "..." of a module
# names a header of its own module or of a lower layer, never one above, and
# the public headers follow the same rule.  A new module or header must be
# given its layer here.  Prints TAP lines, always exits 0.
NAME=layers
. "${0%/*}/lib.sh"

# module layer: lower numbers are lower layers.
LAYERS='common 0
text 1
valid 1
i18n 1
queue 1
domain 2
conf 3
store 4
service 5
lookup 5
auth 5
retention 5
import 5
report 6
stats 6
shell 6
seed 6
console 7
ssh 7
cli 7
fuzz 8
main 9'

# header -> module, for the headers not named after their module.
owner() {
	case $1 in
	common.h|hash.h) echo common ;;
	text.h|edit.h) echo text ;;
	account.h|calendar.h|practice.h|vocab.h) echo domain ;;
	store.h|store_*.h) echo store ;;
	sshd.h|ssh_*.h) echo ssh ;;
	*_internal.h) echo "${1%_internal.h}" ;;
	console_*.h) echo console ;;
	*) echo "${1%.h}" ;;
	esac
}
layer() { echo "$LAYERS" | awk -v m="$1" '$1 == m { print $2; f = 1 } END { if (!f) print "?" }'; }

: > "$D/bad"
check() {	# check FILE MODULE
	_l=$(layer "$2")
	grep -o '^#include "[a-z_]*\.h"' "$1" | sed 's/#include "//; s/"//' | while read -r h; do
		_m=$(owner "$h")
		[ "$_m" = "$2" ] && continue
		_hl=$(layer "$_m")
		if [ "$_l" = "?" ] || [ "$_hl" = "?" ]; then
			echo "$1: $h ($_m): a module without a layer in tests/e2e/layers.sh" >> "$D/bad"
		elif [ "$_hl" -ge "$_l" ]; then
			echo "$1 ($2, layer $_l) includes $h ($_m, layer $_hl)" >> "$D/bad"
		fi
	done
}
for f in src/*/*.c src/*/*.h; do
	check "$f" "$(basename "$(dirname "$f")")"
done
for f in src/*.c; do
	check "$f" main
done
for f in include/*.h; do
	check "$f" "$(owner "$(basename "$f")")"
done
[ ! -s "$D/bad" ]
result "includes point only down the layers" $? "$D/bad"

# The store is the seam for another engine: nothing of SQLite outside it,
# but for the bench and test code that builds databases by hand.
grep -ln 'sqlite3' src/*/*.c src/*/*.h include/*.h | grep -v '^src/store/' > "$D/sqlite" || true
[ ! -s "$D/sqlite" ]
result "only src/store knows the database engine" $? "$D/sqlite"
