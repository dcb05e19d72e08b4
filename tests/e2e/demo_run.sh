#!/bin/sh
# End-to-end: `make run` as a newcomer uses it.  The demo starts at a fixed
# instant given in Rome time (DEMO_START) and its clock then runs; the
# one-time code that var/otp prints is accepted by the daemon at the
# terminal's password and OTP prompts; the account list is printed again
# when the console exits.  Screens are read as tmux renders them.
NAME=demo
. "${0%/*}/lib.sh"

DPORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
WORKER=RSSMRA85T10A562S

# 1. make run with a start instant 20 seconds before 15:31 on a Tuesday.
window demo 100 30 "DEMO_VAR='$D/var' DEMO_PORT=$DPORT DEMO_START='2026-11-24 15:30:40' sh tests/run-demo.sh"
wait_screen demo 'Francesca Marino \(disponibile\)' 300
result "make run opens the console as the demo advisor" $? "$D/demo.screen"
grep -q '15:30' "$D/demo.screen"
result "the console's clock starts at DEMO_START, in Rome time" $? "$D/demo.screen"
wait_screen demo '15:31' 300
result "the demo clock runs (15:30:40 becomes 15:31)" $? "$D/demo.screen"

# 2. A person logs in at a terminal with the password and var/otp's code.
window user 100 30 "ssh -tt -p $DPORT -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR -o PreferredAuthentications=keyboard-interactive -o PubkeyAuthentication=no \
    $WORKER@127.0.0.1"
wait_screen user 'Password:' 100 && type_line user demo
wait_screen user 'Codice OTP:' 100
code=$("$D/var/otp" $WORKER 2> "$D/otp.err")
type_line user "$code"
wait_screen user 'Posizione in coda: 1' 150 && grep -q 'Benvenuto in INFO CIG, Mario Rossi' "$D/user.screen"
result "var/otp's code opens the session on the demo clock" $? "$D/user.screen"
wait_screen demo 'Coda \(1\)' 100
result "the person appears in the demo advisor's queue" $? "$D/demo.screen"

# demo_daemon_gone: no daemon of the demo's is running any more.
demo_daemon_gone() { ! pgrep -f "ssh.port=$DPORT" > /dev/null; }

# 3. Quitting the console prints the accounts again, and stops the daemon.
keys demo F10
wait_screen demo "$WORKER +lavoratore" 100 && grep -q 'otp' "$D/demo.screen" &&
    grep -q 'Account' "$D/demo.screen"
result "the account list is on screen again after the console exits" $? "$D/demo.screen"
wait_for 50 demo_daemon_gone
result "the demo daemon stops with the console" $?

# 4. Closing the demo's terminal (SIGHUP) stops its daemon too.
window demo2 100 30 "DEMO_VAR='$D/var' DEMO_PORT=$DPORT sh tests/run-demo.sh"
wait_screen demo2 'Francesca Marino \(disponibile\)' 300
$TM kill-session -t =demo2:
wait_for 50 demo_daemon_gone
result "closing the demo's terminal stops its daemon" $?

# 5. A DEMO_START that is not a date is refused with a clear message.
DEMO_VAR="$D/var2" DEMO_PORT=$DPORT DEMO_START='martedì' sh tests/run-demo.sh > "$D/bad.out" 2>&1
[ $? -ne 0 ] && grep -q 'DEMO_START: "martedì" non è una data e ora valida' "$D/bad.out"
result "a malformed DEMO_START is refused by name" $? "$D/bad.out"
