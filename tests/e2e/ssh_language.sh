#!/bin/sh
# End-to-end: one daemon serves each session in the language of the
# client's locale (issue 16): the stock ssh client sending LANG (SetEnv, as
# Debian's SendEnv LANG LC_* does) reads the greeting in German or English;
# LC_ALL wins over LANG as POSIX ranks them; no locale, or one the service
# does not speak, is Italian.  Three sessions at once, one process.  Only the
# greeting is translated so far.  Prints TAP lines, always exits 0.
NAME=ssh-language
# Tuesday 24 November 2026, 15:30 in Rome: open.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

WORKER=RSSMRA85T10A562S		# Mario Rossi
demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }
user_key $WORKER
daemon_start -o ssh.workers=1 || { result "daemon starts" 1 "$D/daemon.log"; exit 0; }

ssh_window de $WORKER 100 30 "-o SetEnv=LANG=de_DE.UTF-8"
wait_screen de 'Willkommen bei INFO CIG, Mario Rossi\.' &&
    grep -q 'wie weit Ihr Antrag' "$D/de.screen"
result "LANG=de_DE.UTF-8: the greeting is German" $? "$D/de.screen"

ssh_window en $WORKER 100 30 "-o SetEnv=LANG=en_GB.UTF-8"
wait_screen en 'Welcome to INFO CIG, Mario Rossi\.' &&
    grep -q 'how far your application for wage' "$D/en.screen"
result "LANG=en_GB.UTF-8: the greeting is English" $? "$D/en.screen"

ssh_window it $WORKER 100 30 "-o SetEnv=LANG=fr_FR.UTF-8"
wait_screen it 'Benvenuto in INFO CIG, Mario Rossi\.' &&
    grep -q 'Qui può chiedere a un operatore INPS' "$D/it.screen"
result "a language the service does not speak: Italian" $? "$D/it.screen"

ssh_window all $WORKER 100 30 "-o SetEnv='LANG=de_DE.UTF-8 LC_ALL=en_US.UTF-8'"
wait_screen all 'Welcome to INFO CIG, Mario Rossi\.'
result "LC_ALL wins over LANG" $? "$D/all.screen"

# The first session, still open, kept its language while the others spoke theirs.
screen de > /dev/null
grep -q 'Willkommen bei INFO CIG' "$D/de.screen" && ! grep -q 'Welcome to' "$D/de.screen"
result "each session keeps its own language in one process" $? "$D/de.screen"
