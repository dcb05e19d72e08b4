#!/bin/sh
# End-to-end: untrusted text in the commands' outputs (issue 18, item 13).
# Names and audit reasons stored with escape sequences, C1 controls, bidi
# overrides and spreadsheet formulas (written straight into the database,
# as an older version or another tool could have):
#  - `audit --csv` neutralises formula cells as the OWASP guidance says (a
#    leading single quote, quoted) and carries no control characters (every
#    CSV output goes through csv_put(), tested in test_common: test_csv_put);
#  - `account list` and `audit` on a terminal (a pty made by script(1))
#    print no ESC, C1 or bidi control; error messages neither.
# Prints TAP lines.
NAME=cli-output
. "${0%/*}/lib.sh"

demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
ESC=$(printf '\033')
EVIL="Anna${ESC}]0;pwned$(printf '\007')${ESC}[2J$(printf '\302\233')31m$(printf '\342\200\256')issoR"
sql "UPDATE accounts SET full_name = '=HYPERLINK(\"http://x\";\"clic\")' WHERE login = 'operatore2';
    UPDATE accounts SET full_name = '$EVIL' WHERE login = 'operatore1';
    INSERT INTO audit (at, actor_id, action, subject, reason)
    SELECT strftime('%s', 'now'), id, 'lookup', '@SUM(A1)', '+cmd|calc ${ESC}[31mrosso'
    FROM accounts WHERE login = 'operatore1';
    INSERT INTO audit (at, actor_id, action, subject, reason)
    SELECT strftime('%s', 'now'), id, 'lookup', '-2+3', 'x' FROM accounts WHERE login = 'operatore2';"
result "hostile rows written" $?

# bad_bytes FILE: 0 when FILE holds ESC, C1 (raw or UTF-8) or a bidi control.
bad_bytes() {
	LC_ALL=C grep -q "$(printf '[\033\200-\237]')" "$1" && return 0
	grep -q "$(printf '\302[\200-\237]')\|$(printf '\342\200[\252-\256]')\|$(printf '\342\201[\246-\251]')" "$1"
}

printf 'demo\n' | cli --as supervisore audit --from 2020-01-01 --csv > "$D/audit.csv" 2> "$D/audit.err"
grep -q "\"'@SUM(A1)\"" "$D/audit.csv" && grep -q "\"'-2+3\"" "$D/audit.csv" && grep -q "\"'+cmd|calc \[31mrosso\"" "$D/audit.csv" &&
    grep -q "\"'=HYPERLINK" "$D/audit.csv" && ! bad_bytes "$D/audit.csv"
result "audit --csv: formula cells neutralised, no control characters" $? "$D/audit.csv"

# On a terminal: script(1) gives the command a pty; its bytes are in the file.
tty_run() {
	script -qfec "$1" /dev/null > "$2" 2>&1 < /dev/null
}
tty_run "$CLI -f conf/infocig.conf -o database='$DB' account list" "$D/list.tty"
grep -q "operatore1 .*Anna" "$D/list.tty" && ! bad_bytes "$D/list.tty"
result "account list on a terminal: no escape, C1 or bidi control" $? "$D/list.tty"
tty_run "sh -c 'echo demo | $CLI -f conf/infocig.conf -o database=$DB --as supervisore audit --from 2020-01-01'" "$D/audit.tty"
grep -q "SUM(A1)" "$D/audit.tty" && ! bad_bytes "$D/audit.tty"
result "audit on a terminal: no escape, C1 or bidi control" $? "$D/audit.tty"
cli account passwd "$EVIL" > /dev/null 2> "$D/err.log"
grep -q "inesistente" "$D/err.log" && ! bad_bytes "$D/err.log"
result "error messages quoting what was typed are sanitised" $? "$D/err.log"
exit 0
