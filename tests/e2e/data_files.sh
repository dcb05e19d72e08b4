#!/bin/sh
# Validates the reference data in data/*.csv and prints one TAP line per
# check ("ok - ..." / "not ok - ..."). Always exits 0: tests/run.sh counts
# the lines. Uses only sh, awk, grep and sort.
NAME=data
. "${0%/*}/lib.sh"
DATA=data
TAB=$(printf '\t')

# csv FILE: print the file without its header, one record a line, fields
# separated by a TAB, double quotes removed ("" becomes "). Records whose
# quoting is broken get an extra field "#BADQUOTE".
csv() {
	awk 'NR > 1 {
		out = ""; f = ""; q = 0; n = length($0)
		for (i = 1; i <= n; i++) {
			c = substr($0, i, 1)
			if (q) {
				if (c == "\"") {
					if (substr($0, i + 1, 1) == "\"") { f = f "\""; i++ }
					else q = 0
				} else f = f c
			} else if (c == "\"") q = 1
			else if (c == ",") { out = out f "\t"; f = "" }
			else f = f c
		}
		if (q) f = f "\t#BADQUOTE"
		print out f
	}' "$1"
}

# lines: print the variable given as argument, one record a line.
lines() { printf '%s\n' "$1"; }
# col N: the Nth TAB-separated field of each line of stdin.
col() { awk -F '\t' -v n="$1" '{ print $n }'; }
# dups: lines of stdin seen more than once (each printed once).
dups() { awk '++c[$0] == 2'; }
# count: number of lines of stdin.
count() { awk 'END { print NR }'; }

# --- every file: present, expected header, field count, no stray spaces ---
for spec in \
	"provinces.csv|sigla,name,region,office,capoluogo_code" \
	"offices.csv|code,name,province,kind" \
	"report_topics.csv|topic,subtopic,description" \
	"canned_replies.csv|key,title,text" \
	"names.csv|kind,value" \
	"timeline_rules.csv|key,kind,types,causali,valid_from,valid_to,term,auth_term,reference,text,note" \
	"causali.csv|code,description,types,class"; do
	f=${spec%%|*}
	h=${spec#*|}
	if [ ! -f "$DATA/$f" ]; then
		result "$f exists" 1
		continue
	fi
	first=$(awk 'NR == 1 { print; exit }' "$DATA/$f")
	[ "$first" = "$h" ]
	result_why "$f header is $h" $? "$first"
	nf=$(echo "$h" | awk -F, '{ print NF }')
	bad=$(csv "$DATA/$f" | awk -F '\t' -v nf="$nf" \
		'NF != nf || /#BADQUOTE/ || /^\t|\t$|\t\t/ { print NR + 1 ": " $0 }')
	[ -z "$bad" ]
	result_why "$f: every record has $nf non-empty fields" $? "$bad"
	bad=$(grep -n "[[:space:]]\$\|^[[:space:]]\|$TAB" "$DATA/$f")
	[ -z "$bad" ]
	result_why "$f: no leading/trailing blanks or tabs" $? "$bad"
	bad=$(awk '/\r/ { print NR }' "$DATA/$f")
	[ -z "$bad" ]
	result_why "$f: Unix line endings" $? "$bad"
done

# --- provinces -------------------------------------------------------------
PROV=$(csv "$DATA/provinces.csv")
OFF=$(csv "$DATA/offices.csv")

n=$(lines "$PROV" | count)
[ "$n" -eq 107 ]
result "provinces.csv has 107 provinces (found $n)" $?

bad=$(lines "$PROV" | col 1 | grep -v '^[A-Z][A-Z]$')
[ -z "$bad" ]
result_why "province siglas are two uppercase letters" $? "$bad"

bad=$(lines "$PROV" | col 1 | dups)
[ -z "$bad" ]
result_why "province siglas are unique" $? "$bad"

WANT="AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CL
CN CO CR CS CT CZ EN FC FE FG FI FM FR GE GO GR IM IS KR LC LE LI LO LT LU MB
MC ME MI MN MO MS MT NA NO NU OR PA PC PD PE PG PI PN PO PR PT PU PV PZ RA RC
RE RG RI RM RN RO SA SI SO SP SR SS SU SV TA TE TN TO TP TR TS TV UD VA VB VC
VE VI VR VT VV"
bad=$(lines "$PROV" | col 1 | awk -v want="$WANT" '
	BEGIN { n = split(want, w, /[ \n]+/); for (i = 1; i <= n; i++) ok[w[i]] = 1 }
	{ h[$0] = 1 }
	!($0 in ok) { print "unexpected " $0 }
	END { for (s in ok) if (!(s in h)) print "missing " s }' | sort)
[ -z "$bad" ]
result_why "province siglas are exactly the 107 ISTAT ones" $? "$bad"

bad=$(lines "$PROV" | awk -F '\t' '$5 !~ /^[A-Z][0-9][0-9][0-9]$/ { print $1 ": " $5 }')
[ -z "$bad" ]
result_why "capoluogo codes match [A-Z][0-9]{3}" $? "$bad"

bad=$(lines "$PROV" | col 5 | dups)
[ -z "$bad" ]
result_why "capoluogo codes are unique" $? "$bad"

bad=$(lines "$PROV" | awk -F '\t' '
	$1 == "RM" && $5 != "H501" || $1 == "MI" && $5 != "F205" ||
	$1 == "NA" && $5 != "F839" || $1 == "TO" && $5 != "L219" ||
	$1 == "SU" && $5 != "B745" || $1 == "BT" && $5 != "A669" { print $1 ": " $5 }')
[ -z "$bad" ]
result_why "known capoluogo codes (RM MI NA TO SU BT)" $? "$bad"

bad=$(lines "$PROV" | col 3 | sort -u | awk '
	BEGIN {
		n = split("Abruzzo Basilicata Calabria Campania Emilia-Romagna " \
			"Friuli-Venezia_Giulia Lazio Liguria Lombardia Marche Molise " \
			"Piemonte Puglia Sardegna Sicilia Toscana Trentino-Alto_Adige " \
			"Umbria Valle_d'\''Aosta Veneto", r, " ")
		for (i = 1; i <= n; i++) { gsub(/_/, " ", r[i]); ok[r[i]] = 1 }
	}
	!($0 in ok) { print "unknown region " $0 }
	{ seen++ }
	END { if (seen != 20) print seen " regions used, want 20" }')
[ -z "$bad" ]
result_why "province regions are the 20 Italian regions" $? "$bad"

# --- offices ---------------------------------------------------------------
bad=$(lines "$OFF" | col 1 | dups)
[ -z "$bad" ]
result_why "office codes are unique" $? "$bad"

# Both tables through one awk: lines before the "--" marker are offices.
both() { { lines "$OFF"; echo "--"; lines "$PROV"; } | awk -F '\t' "$1"; }

bad=$(both '/^--$/ { p = 1; next } !p { o[$1] = 1; next }
	!($4 in o) { print $1 ": " $4 }')
[ -z "$bad" ]
result_why "every province's office exists in offices.csv" $? "$bad"

bad=$(both '/^--$/ { p = 1; next } !p { o[$1] = 1; next } { u[$4] = 1 }
	END { for (c in o) if (!(c in u)) print c }' | sort)
[ -z "$bad" ]
result_why "every office is used by a province" $? "$bad"

bad=$(both '/^--$/ { p = 1; next } !p { o[$1] = $3; next } { s[$1] = 1 }
	END { for (c in o) if (!(o[c] in s)) print c ": " o[c] }' | sort)
[ -z "$bad" ]
result_why "every office's province exists in provinces.csv" $? "$bad"

bad=$(both '/^--$/ { p = 1; next } !p { o[$1] = $3; next }
	$4 in o && o[$4] != $1 { print $1 ": office " $4 " is for " o[$4] }')
[ -z "$bad" ]
result_why "each province's office is the one for that province" $? "$bad"

bad=$(lines "$OFF" | awk -F '\t' '
	{ m = ($3 == "RM" || $3 == "MI" || $3 == "NA" || $3 == "TO") }
	m && ($1 != "DCM-" $3 || $4 != "metropolitana" ||
	      $2 !~ /^Direzione di coordinamento metropolitano di /) { print }
	!m && ($1 != "DP-" $3 || $4 != "provinciale" ||
	       $2 !~ /^Direzione provinciale di /) { print }')
[ -z "$bad" ]
result_why "office codes, kinds and names follow DP-XX / DCM-XX" $? "$bad"

# --- report topics ---------------------------------------------------------
TOP=$(csv "$DATA/report_topics.csv")
PAIRS=$(lines "$TOP" | awk -F '\t' '{ print $1 " > " $2 }')
miss=""
for e in "Pagamento > IBAN errato" "Pagamento > Pagamento non ricevuto" \
	"Pagamento > Bonifico domiciliato non riscosso" \
	"Dati di pagamento > Mancato invio SR41/UniEmens-Cig" \
	"Dati di pagamento > Dati scartati" "Autorizzazione > Istruttoria ferma" \
	"Autorizzazione > Domanda respinta" "Anagrafica > Dati anagrafici errati" \
	"Altro > Altro"; do
	lines "$PAIRS" | grep -qxF "$e" || miss="$miss${miss:+
}$e"
done
[ -z "$miss" ]
result_why "report_topics.csv has the required topic > subtopic entries" $? "$miss"

bad=$(lines "$PAIRS" | dups)
[ -z "$bad" ]
result_why "report topic > subtopic pairs are unique" $? "$bad"

bad=$(lines "$TOP" | awk -F '\t' '!($1 in c) { t++ } { c[$1]++ }
	END {
		if (t < 5 || t > 7) print t " topics, want 5-7"
		for (k in c) if (c[k] < 2 || c[k] > 6) print k ": " c[k] " subtopics, want 2-6"
	}')
[ -z "$bad" ]
result_why "report_topics.csv has 5-7 topics with 2-6 subtopics each" $? "$bad"

# --- canned replies --------------------------------------------------------
CAN=$(csv "$DATA/canned_replies.csv")
n=$(lines "$CAN" | count)
[ "$n" -ge 10 ] && [ "$n" -le 14 ]
result "canned_replies.csv has 10-14 replies (found $n)" $?

bad=$(lines "$CAN" | col 1 | dups)
[ -z "$bad" ]
result_why "canned reply keys are unique" $? "$bad"

bad=$(lines "$CAN" | col 1 | grep -v '^[a-z][a-z0-9_]*$')
[ -z "$bad" ]
result_why "canned reply keys are lowercase identifiers" $? "$bad"

miss=""
for k in saluto stato_domanda attesa_dati_azienda iban_errato \
	pagamento_previsto inoltro_linea_inps chiusura; do
	lines "$CAN" | col 1 | grep -qxF "$k" || miss="$miss $k"
done
[ -z "$miss" ]
result_why "canned replies include the core keys" $? "missing:$miss"

bad=$(lines "$CAN" | awk -F '\t' '{
	s = $2 " " $3
	while (match(s, /\{[^{}]*\}/)) {
		p = substr(s, RSTART + 1, RLENGTH - 2)
		if (p !~ /^(nome|numero_domanda|tipo|stato|mancante|scadenza_dati|data_prevista|importo|sede|protocollo)$/)
			print $1 ": {" p "}"
		s = substr(s, 1, RSTART - 1) substr(s, RSTART + RLENGTH)
	}
	if (s ~ /[{}]/) print $1 ": unbalanced brace"
}')
[ -z "$bad" ]
result_why "canned reply placeholders are only the documented ones" $? "$bad"

# mawk counts bytes, so this is stricter than 400 characters.
bad=$(lines "$CAN" | awk -F '\t' 'length($3) >= 400 { print $1 ": " length($3) }')
[ -z "$bad" ]
result_why "canned reply texts are under 400 characters" $? "$bad"

# --- names -----------------------------------------------------------------
NAMES=$(csv "$DATA/names.csv")
bad=$(lines "$NAMES" | awk -F '\t' '
	BEGIN { min["male"] = 200; min["female"] = 200; min["surname"] = 400
		min["company_word"] = 80; min["company_form"] = 6 }
	!($1 in min) { print "unknown kind " $1; next }
	{ c[$1]++ }
	END { for (k in min) if (c[k] < min[k]) print k ": " c[k] + 0 ", want " min[k] }')
[ -z "$bad" ]
result_why "names.csv counts meet the minimums" $? "$bad"

bad=$(lines "$NAMES" | dups)
[ -z "$bad" ]
result_why "names.csv has no duplicates within a kind" $? "$bad"

miss=""
for v in S.r.l. S.p.A. S.n.c. S.a.s. S.r.l.s. "Soc. Coop."; do
	lines "$NAMES" | grep -qxF "company_form$TAB$v" || miss="$miss $v"
done
[ -z "$miss" ]
result_why "names.csv has the six company forms" $? "missing:$miss"

bad=$(lines "$NAMES" | awk -F '\t' '$1 != "company_form" && $2 !~ /^[A-Z]/')
[ -z "$bad" ]
result_why "names and words start with a capital letter" $? "$bad"

bad=$(lines "$NAMES" | awk -F '\t' '$1 != "company_form" && $2 ~ /[0-9.,;:"()\/]/')
[ -z "$bad" ]
result_why "names and words hold letters, spaces and apostrophes only" $? "$bad"

# --- the law as data (issue 12) ---------------------------------------------
RULES=$(csv "$DATA/timeline_rules.csv")
CAUS=$(csv "$DATA/causali.csv")

bad=$(lines "$RULES" | awk -F '\t' '
	$2 !~ /^(domanda|tardiva|autorizzazione|dati_pagamento|conguaglio)$/ { print NR ": kind " $2 }
	$5 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ || $6 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/ || $6 < $5 {
		print NR ": validity " $5 ".." $6 }
	$7 !~ /^(-|giorni[+-][0-9]+|fine_mese\+[0-9]+|mesi\+[0-9]+)$/ { print NR ": term " $7 }
	$9 !~ /(D\.Lgs\.|D\.L\.|L\.|messaggio|circolare|norma)/ { print NR ": reference " $9 }')
[ -z "$bad" ]
result_why "timeline_rules.csv: kinds, validity dates, terms and legal references" $? "$bad"

bad=$(lines "$RULES" | col 1 | dups)
[ -z "$bad" ]
result_why "timeline rule keys are unique" $? "$bad"

miss=""
for k in domanda dati_pagamento conguaglio tardiva autorizzazione; do
	lines "$RULES" | col 2 | grep -qxF "$k" || miss="$miss $k"
done
[ -z "$miss" ]
result_why "timeline_rules.csv covers every kind of rule" $? "missing:$miss"

bad=$(lines "$CAUS" | awk -F '\t' '
	$4 !~ /^(ordinaria|non_evitabile|covid)$/ { print $1 ": class " $4 }
	{ n = split($3, t, " "); for (i = 1; i <= n; i++)
		if (t[i] !~ /^(CIGO|CIGS|FIS|FSOL|DEROGA)$/) print $1 ": type " t[i] }')
[ -z "$bad" ]
result_why "causali.csv: classes and application types are known" $? "$bad"

bad=$(lines "$CAUS" | col 1 | dups)
[ -z "$bad" ]
result_why "causale codes are unique" $? "$bad"

exit 0
