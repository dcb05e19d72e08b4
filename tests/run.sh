#!/bin/sh
# Runs every test and ends with one line "N passed, N failed".
#   tests/run.sh BUILD_DIR [--unit-only]
# Unit tests are cmocka binaries run with TAP output; end-to-end tests are
# tests/e2e/*.sh, each printing TAP lines ("ok - ..." / "not ok - ...").
BUILD=${1:-build/rel}
MODE=${2:-all}
cd "$(dirname "$0")/.." || exit 2
LOG=$(mktemp -d "${TMPDIR:-/tmp}/infocig-tests.XXXXXX")
passed=0
failed=0

# count FILE NAME: add the TAP results in FILE; a run with none is a failure.
count() {
	p=$(grep -c '^ok ' "$1")
	f=$(grep -c '^not ok ' "$1")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $2 produced no result" >> "$1"
	fi
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $2 exited with status $3" >> "$1"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	grep '^not ok' "$1" | sed "s|^|  $2: |"
	printf '%-32s %3d passed, %d failed\n' "$2" "$p" "$f"
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$LOG/$name.out" 2>&1
	count "$LOG/$name.out" "$name" $?
done

if [ "$MODE" != "--unit-only" ]; then
	for page in man/*.[158]; do
		name="mandoc $(basename "$page")"
		if out=$(mandoc -Tlint -W warning "$page" 2>&1) && [ -z "$out" ]; then
			echo "ok - $name" > "$LOG/man.out"
		else
			printf 'not ok - %s\n%s\n' "$name" "$out" > "$LOG/man.out"
		fi
		count "$LOG/man.out" "$name" 0
	done
	for t in tests/e2e/*.sh; do
		[ -f "$t" ] || continue
	[ "$(basename "$t")" = lib.sh ] && continue
		name=$(basename "$t" .sh)
		INFOCIG_BUILD=$BUILD sh "$t" > "$LOG/$name.out" 2>&1
		count "$LOG/$name.out" "e2e $name" $?
	done
fi
echo "logs: $LOG"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
