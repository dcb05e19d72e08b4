#!/bin/sh
# make run: demo database under ./var, infocigd on 127.0.0.1:2222, the console
# as the demo advisor; the daemon stops when the console exits.
#
# The clock: the real one, or with DEMO_START="2026-11-24 15:30" (Rome time)
# a clock that starts at that instant and then runs, so that waits and handle
# times grow as they would.  Every program of the demo reads the same clock
# through INFOCIG_NOW (see infocig(1)); var/otp prints a one-time code on it.
cd "$(dirname "$0")/.." || exit 1
CONF=conf/infocig.conf
# DEMO_VAR and DEMO_PORT move the demo elsewhere (the end-to-end test does).
VAR=${DEMO_VAR:-var}
PORT=${DEMO_PORT:-2222}
mkdir -p "$VAR" || exit 1
ABS=$(cd "$VAR" && pwd)	# -o paths are taken from the configuration's folder otherwise
DB=$ABS/infocig.db
infocig() { ./infocig -f "$CONF" -o database="$DB" "$@"; }

if [ -n "${DEMO_START:-}" ]; then
	if ! start=$(TZ=Europe/Rome date -d "$DEMO_START" +%Y-%m-%dT%H:%M:%S%:z 2>/dev/null); then
		echo "DEMO_START: \"$DEMO_START\" non è una data e ora valida (per esempio \"2026-11-24 15:30\")" >&2
		exit 1
	fi
	INFOCIG_NOW="$start@$(date +%s)"
elif [ -n "${INFOCIG_NOW:-}" ]; then
	case $INFOCIG_NOW in
	*@*) ;;
	*) INFOCIG_NOW="$INFOCIG_NOW@$(date +%s)" ;;	# a fixed start that then runs
	esac
fi
if [ -n "${INFOCIG_NOW:-}" ]; then
	export INFOCIG_NOW
	at=${INFOCIG_NOW%@*}
	case $at in
	*Z | *[+-][0-9][0-9]:[0-9][0-9]) ;;
	*) at="${at}Z" ;;	# INFOCIG_NOW without an offset is UTC
	esac
	clock="orologio dimostrativo: parte da $(TZ=Europe/Rome date -d "$at" '+%d/%m/%Y %H:%M' 2>/dev/null) (ora di Roma) e scorre"
else
	clock="orologio reale (ora di Roma: $(TZ=Europe/Rome date '+%H:%M'))"
fi

if [ ! -f "$DB" ]; then
	infocig db init || exit 1
	infocig db seed --demo > "$VAR/demo.txt" || exit 1
fi

# var/otp LOGIN: the current one-time code, on the same clock as the daemon.
{
	echo '#!/bin/sh'
	echo '# The demo user'"'"'s current one-time code, on the daemon'"'"'s clock (make run writes this).'
	echo "cd '$(pwd)' || exit 1"
	[ -n "${INFOCIG_NOW:-}" ] && echo "INFOCIG_NOW='$INFOCIG_NOW'; export INFOCIG_NOW"
	echo "exec ./infocig -f $CONF -o database='$DB' account otp \"\$@\""
} > "$VAR/otp"
chmod 700 "$VAR/otp"

howto() {
	if [ -f "$VAR/demo.txt" ]; then
		sed -n '/^Account/,/^$/p' "$VAR/demo.txt"
	else
		infocig account list
	fi
	echo "Per collegarsi come utente dimostrativo (password: demo), da un altro terminale:"
	echo "  $VAR/otp RSSMRA85T10A562S    # codice OTP corrente, sull'orologio del servizio"
	echo "  ssh -p $PORT -o UserKnownHostsFile=/dev/null RSSMRA85T10A562S@127.0.0.1"
	echo "Servizio aperto dal lunedì al venerdì, 15:00-18:00 (ora di Roma); $clock."
	echo "Per provarlo fuori orario: make run DEMO_START=\"2026-11-24 15:30\""
	echo "Account e domande dimostrative: $VAR/demo.txt"
}
echo
howto
echo

./infocigd -d -f "$CONF" -o database="$DB" -o ssh.port="$PORT" \
    -o ssh.host_key="$ABS/ssh_host_ed25519_key" 2> "$VAR/infocigd.log" &
daemon=$!
# The daemon goes with the demo, also when its terminal is closed (SIGHUP).
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null' EXIT
trap 'exit 1' INT TERM HUP
i=0
while ! grep -q 'listening on' "$VAR/infocigd.log" 2>/dev/null; do
	if ! kill -0 $daemon 2>/dev/null || [ $i -ge 100 ]; then
		echo "infocigd non è partito: vedere $VAR/infocigd.log" >&2
		cat "$VAR/infocigd.log" >&2
		exit 1
	fi
	sleep 0.1
	i=$((i + 1))
done
echo "infocigd in ascolto su 127.0.0.1:$PORT (log in $VAR/infocigd.log)"
infocig
status=$?
echo
howto
exit $status
