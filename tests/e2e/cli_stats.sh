#!/bin/sh
# End-to-end tests of infocig stats and infocig audit: a small database with
# a known day of chats written with the sqlite3 tool, the figures checked in
# JSON, CSV and text, the errors (dates, range, grouping, formats, roles,
# unknown advisor), and the audit log of real lookups.  Prints one TAP line
# per check; always exits 0: tests/run.sh counts the lines.
NAME=stats
# Friday 19 June 2026, 17:00 in Rome (summer time, UTC + 2).
NOW=2026-06-19T15:00:00
. "${0%/*}/lib.sh"
CONF=conf/infocig.conf
RESULT_DETAIL=$OUT
ME=$(id -un)

# json EXPR...: python3 assertions on the JSON in $OUT (d is the object).
json() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for e in sys.argv[2:]:
    if not eval(e):
        sys.exit("failed: " + e)' "$OUT" "$@" 2>&1
}

if [ ! -x "$CLI" ]; then
	echo "not ok - ./infocig is not built"
	exit 0
fi
if ! command -v sqlite3 > /dev/null || ! command -v python3 > /dev/null; then
	echo "not ok - the sqlite3 and python3 tools are needed"
	exit 0
fi

ic db init
[ $rc -eq 0 ]
result "db init" $?
printf 'demo\n' | cli account add sara --role supervisor \
    --name "Sara Bruni" --unix-user "$ME" > "$OUT" 2>&1 &&
printf 'demo\n' | cli account add anna --role advisor \
    --name "Anna Bianchi" > "$OUT" 2>&1
result "a supervisor mapped to the Unix user and an advisor" $?

# t HH:MM:SS [DAY]: Unix seconds of a local (UTC + 2) time in June 2026.
t() { date -u -d "2026-06-${2:-19} $1 UTC - 2 hours" +%s; }
ANNA=$(sql "SELECT id FROM accounts WHERE login = 'anna'")
# The day (worked out by hand; wait = taken - queued, handle = ended - taken):
#   e0 yesterday W 16:00:00 taken +30, ended +300 later: altro, score 4
#   e1 W RM 15:00:00 taken 15:00:20 (20)  ended 15:10:20 (600)  risolta 5
#   e2 W MI 15:10:00 taken 15:12:00 (120) ended 15:22:00 (600)  linea_inps 3
#   e3 A TO 15:30:00 abandoned at 15:31:00 (60): abandoned
#   e4 W RM 15:40:00 abandoned at 15:40:04 (4 < 10): not offered
#   e5 A MI 16:10:00 taken 16:10:40 (40), in progress
#   e6 W NA 16:55:00 waiting
# Today: offered 5, answered 3, abandoned 1, short 1, waiting 1, settled 4;
# abandon rate 1/4, service level (e1, e5 within 60 s) 2/4, ASA 180/3 = 60,
# AHT 1200/2 = 600, outcomes 1 risolta 1 linea_inps, scores (5+3)/2 = 4.
sql "
INSERT INTO accounts (id, login, role, full_name, created_at)
    VALUES (900, 'RSSMRA85T10A562S', 'worker', 'Mario Rossi', 0);
INSERT INTO chats (account_id, channel, province, state, queued_at, taken_at, ended_at,
    advisor_id, outcome, satisfaction) VALUES
 (900, 'lavoratori', 'RM', 'closed', $(t 16:00:00 18), $(t 16:00:30 18), $(t 16:05:30 18),
    $ANNA, 'altro', 4),
 (900, 'lavoratori', 'RM', 'closed', $(t 15:00:00), $(t 15:00:20), $(t 15:10:20), $ANNA,
    'risolta', 5),
 (900, 'lavoratori', 'MI', 'closed', $(t 15:10:00), $(t 15:12:00), $(t 15:22:00), $ANNA,
    'linea_inps', 3),
 (900, 'aziende', 'TO', 'abandoned', $(t 15:30:00), NULL, $(t 15:31:00), NULL, NULL, NULL),
 (900, 'lavoratori', 'RM', 'abandoned', $(t 15:40:00), NULL, $(t 15:40:04), NULL, NULL, NULL),
 (900, 'aziende', 'MI', 'active', $(t 16:10:00), $(t 16:10:40), NULL, $ANNA, NULL, NULL),
 (900, 'lavoratori', 'NA', 'queued', $(t 16:55:00), NULL, NULL, NULL, NULL, NULL);
INSERT INTO reports (protocol, year, seq, office_id, topic, subtopic, description, status,
    filed_by, filed_at, updated_at) VALUES
 ('LI-1', 2026, 1, (SELECT id FROM offices WHERE code = 'DCM-RM'), 'pagamento', 'ritardo',
    'e2e', 'nuova', $ANNA, $(t 15:22:00), 0),
 ('LI-2', 2026, 2, (SELECT id FROM offices WHERE code = 'DCM-MI'), 'pagamento', 'ritardo',
    'e2e', 'nuova', $ANNA, $(t 16:05:30 18), 0);" > "$OUT" 2>&1
result "a day of chats written with sqlite3" $?

# --- stats ---
ic stats --json
[ $rc -eq 0 ] && json 'd["from"] == d["to"] == "2026-06-19"' 'd["by"] is None' \
    'd["groups"] == []' 'd["service_level_seconds"] == 60' \
    'd["total"]["offered"] == 5' 'd["total"]["answered"] == 3' \
    'd["total"]["abandoned"] == 1' 'd["total"]["short_abandoned"] == 1' \
    'd["total"]["waiting"] == 1' 'd["total"]["in_progress"] == 1' \
    'd["total"]["handled"] == 2' 'd["total"]["abandon_rate"] == 0.25' \
    'd["total"]["service_level"] == 0.5' 'd["total"]["asa_seconds"] == 60.0' \
    'd["total"]["aht_seconds"] == 600.0' 'd["total"]["resolved_share"] == 0.5' \
    'd["total"]["forwarded_share"] == 0.5' 'd["total"]["surveys"] == 2' \
    'd["total"]["satisfaction"] == 4.0' 'd["reports"]["total"] == 1' \
    'd["reports"]["offices"][0]["code"] == "DCM-RM"' > "$D/why"
result_why "stats --json: today's figures as worked out by hand" $? "$(cat "$D/why")"

ic stats
[ $rc -eq 0 ] && has "Statistiche della coda INFO CIG: 19/06/2026" &&
    grep -E -q '^Richieste offerte +5$' "$OUT" &&
    grep -E -q '^Tasso di abbandono +25,0%$' "$OUT" &&
    grep -E -q '^Livello di servizio \(60 s\) +50,0%$' "$OUT" &&
    grep -E -q '^Tempo medio di risposta +1:00$' "$OUT" &&
    grep -E -q '^Tempo medio di gestione +10:00 +\(2 chat concluse\)$' "$OUT" &&
    grep -E -q '^Gradimento medio \(1-5\) +4,0 +\(2 questionari\)$' "$OUT" &&
    grep -E -q '^ +DCM-RM +Direzione di coordinamento metropolitano di Roma +1$' "$OUT"
result "stats: the readable Italian summary" $?

# Hour 15: e1 e2 e3 (e4 short): offered 3, answered 2, abandoned 1, within
# 60 s only e1: 1/3; ASA (20+120)/2.  Hour 16: e5 e6.  Hour 17 empty.
ic stats --by hour --csv
[ $rc -eq 0 ] && [ "$(sed -n 1p "$OUT" | cut -d, -f1-4)" = "hour,name,offered,answered" ] &&
    grep -q -x '15,,3,2,1,1,0,0,0,2,1,0.3333,0.3333,70.0,600.0,1,1,0,0.5000,0.5000,2,4.00' \
    "$OUT" &&
    grep -q -x '16,,2,1,0,0,0,1,1,0,1,0.0000,1.0000,40.0,,0,0,0,,,0,' "$OUT" &&
    grep -q -x '17,,0,0,0,0,0,0,0,0,0,,,,,0,0,0,,,0,' "$OUT" &&
    [ "$(grep -c '' "$OUT")" -eq 5 ] && grep -q '^total,,5,3,1,1,' "$OUT"
result "stats --by hour --csv: rows 15, 16, 17 and the total" $?

ic stats --from 2026-06-18 --to 2026-06-19 --by day --csv
[ $rc -eq 0 ] && grep -q '^2026-06-18,,1,1,0,0,0,0,0,1,1,0.0000,1.0000,30.0,300.0,0,0,1,0.0000,0.0000,1,4.00$' \
    "$OUT" && grep -q '^2026-06-19,,5,3,' "$OUT" && grep -q '^total,,6,4,1,1,0,1,1,3,3,' "$OUT"
result "stats --from --to --by day --csv: yesterday, today, total" $?

ic stats --by advisor --json
[ $rc -eq 0 ] && json 'len(d["groups"]) == 2' 'd["groups"][0]["key"] == "anna"' \
    'd["groups"][0]["name"] == "Anna Bianchi"' 'd["groups"][0]["answered"] == 3' \
    'd["groups"][1]["key"] == "-"' 'd["groups"][1]["offered"] == 2' > "$D/why"
result_why "stats --by advisor --json" $? "$(cat "$D/why")"

ic stats --by channel
[ $rc -eq 0 ] && grep -E -q '^lavoratori +3 +2 +0 +0 ' "$OUT" &&
    grep -E -q '^aziende +2 +1 +1 +0 ' "$OUT" && grep -E -q '^Totale +5 +3 +1 ' "$OUT"
result "stats --by channel: the Italian table" $?

ic stats --by province --csv
[ $rc -eq 0 ] && [ "$(cut -d, -f1 "$OUT" | tr '\n' ' ')" = "province MI NA RM TO total " ]
result "stats --by province --csv: one row per province" $?

# --- stats: errors ---
ic stats --from 2026-02-30
[ $rc -eq 2 ] && has 'infocig: --from: data non valida "2026-02-30" (usare AAAA-MM-GG'
result "stats: an impossible date is refused (exit 2)" $?
ic stats --to 19/06/2026
[ $rc -eq 2 ] && has '--to: data non valida "19/06/2026"'
result "stats: an Italian-format date is refused" $?
ic stats --from 2026-06-20 --to 2026-06-19
[ $rc -eq 2 ] && has "intervallo non valido: la data iniziale 2026-06-20 è successiva a quella finale 2026-06-19"
result "stats: from after to is refused" $?
ic stats --from 2026-06-20
[ $rc -eq 2 ] && has "intervallo non valido"
result "stats: --from after today (the default --to) is refused" $?
ic stats --by week
[ $rc -eq 2 ] && has '--by: raggruppamento "week" sconosciuto'
result "stats: an unknown grouping is refused" $?
ic stats --csv --json
[ $rc -eq 2 ] && has "usare --csv oppure --json, non entrambi"
result "stats: --csv and --json together are refused" $?
as anna stats
[ $rc -eq 1 ] && has "solo i supervisori possono consultare le statistiche (anna è operatore INFO CIG)"
result "stats: an advisor is refused" $?
printf 'wrong\n' | cli --as sara stats > "$OUT" 2>&1
rc=$?
[ $rc -eq 1 ] && has "accesso negato per sara"
result "stats: a wrong password is refused" $?
as sara stats --json
[ $rc -eq 0 ] && json 'd["total"]["offered"] == 5' > /dev/null
result "stats: a supervisor with --as and a password" $?

# --- audit ---
ic audit
[ $rc -eq 0 ] && has "Nessun accesso registrato nel periodo."
result "audit: nothing yet" $?
ic practice show RSSMRA85T10A562S --reason "chat 7"
INFOCIG_NOW=2026-06-19T15:05:00 "$CLI" -f "$CONF" -o "database=$DB" --as anna \
    practice show 00743110157 > "$OUT" 2>&1 <<EOF
demo
EOF
INFOCIG_NOW=2026-06-18T15:00:00 "$CLI" -f "$CONF" -o "database=$DB" \
    practice show RSSMRA85T10A562S > "$OUT" 2>&1
ic audit
[ $rc -eq 0 ] && has "Registro degli accessi ai dati personali: 19/06/2026" &&
    grep -E -q '^19/06/2026 17:00:00  sara +ricerca +RSSMRA85T10A562S +chat 7 +-$' "$OUT" &&
    grep -E -q '^19/06/2026 17:05:00  anna +ricerca +00743110157 ' "$OUT" &&
    has "2 accessi." && ! has "18/06/2026"
result "audit: today's lookups, who, whom, when, why" $?

ic audit --from 2026-06-18 --json
[ $rc -eq 0 ] && json 'len(d["entries"]) == 3' 'd["advisor"] is None' \
    'd["entries"][0]["time"] == "2026-06-18 17:00:00"' \
    'd["entries"][1]["login"] == "sara"' 'd["entries"][1]["reason"] == "chat 7"' \
    'd["entries"][1]["subject"] == "RSSMRA85T10A562S"' \
    'd["entries"][1]["action"] == "lookup"' 'd["entries"][2]["login"] == "anna"' \
    'd["entries"][2]["chat_id"] is None' > "$D/why"
result_why "audit --from --json: three entries in time order" $? "$(cat "$D/why")"

ic audit --advisor anna --csv
[ $rc -eq 0 ] && [ "$(sed -n 1p "$OUT")" = "at,time,login,name,action,subject,reason,chat_id" ] &&
    [ "$(grep -c '' "$OUT")" -eq 2 ] &&
    grep -q '^[0-9]*,2026-06-19 17:05:00,anna,Anna Bianchi,lookup,00743110157,' "$OUT"
result "audit --advisor anna --csv: only anna's lookup" $?

ic audit --advisor nessuno
[ $rc -eq 1 ] && has "--advisor: operatore sconosciuto: nessuno"
result "audit: an unknown advisor is refused" $?
ic audit --advisor RSSMRA85T10A562S
[ $rc -eq 1 ] && has "--advisor: RSSMRA85T10A562S non è un operatore INPS"
result "audit: a person who is not staff is refused as --advisor" $?
ic audit --to 2026-13-01
[ $rc -eq 2 ] && has '--to: data non valida "2026-13-01"'
result "audit: a bad date is refused" $?
as anna audit
[ $rc -eq 1 ] && has "solo i supervisori possono consultare il registro degli accessi"
result "audit: an advisor is refused" $?
ic audit extra
[ $rc -eq 2 ] && has "uso: infocig audit"
result "audit: an extra argument is a usage error" $?
exit 0
