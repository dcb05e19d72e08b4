#!/bin/sh
# make run: demo database under ./var, infocigd on 127.0.0.1:2222, the console
# as the demo advisor; the daemon stops when the console exits.
cd "$(dirname "$0")/.." || exit 1
CONF=conf/infocig.conf
mkdir -p var
if [ ! -f var/infocig.db ]; then
	./infocig -f "$CONF" db init || exit 1
	./infocig -f "$CONF" db seed --demo || exit 1
fi
echo
echo "Per collegarsi come utente dimostrativo (password: demo), da un altro terminale:"
echo "  ./infocig -f $CONF account otp RSSMRA85T10A562S    # codice OTP corrente"
echo "  ssh -p 2222 -o UserKnownHostsFile=/dev/null RSSMRA85T10A562S@127.0.0.1"
echo "Fuori dall'orario del servizio (lun-ven 15-18) si può fissare l'ora, per esempio:"
echo "  INFOCIG_NOW=2026-11-24T14:30:00 make run"
echo
./infocigd -d -f "$CONF" 2> var/infocigd.log &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null' EXIT INT TERM
sleep 0.3
if ! kill -0 $daemon 2>/dev/null; then
	echo "infocigd non è partito: vedere var/infocigd.log" >&2
	cat var/infocigd.log >&2
	exit 1
fi
echo "infocigd in ascolto su 127.0.0.1:2222 (log in var/infocigd.log)"
./infocig -f "$CONF"
