#!/bin/sh
# End-to-end: the CSV reader behind `infocig db import` (issue 18, item 17).
# A NUL byte, /dev/zero, a record over 65536 bytes, a bare CR and text
# after a closing quote are refused with an error naming the file's line,
# and nothing is imported; a CR inside a quoted field is kept as it was
# written (no longer dropped).  Prints TAP lines.
NAME=cli-csv
. "${0%/*}/lib.sh"

cli db init > "$D/init.log" 2>&1
result "database" $? "$D/init.log"
H=cf,vat,matricola,name,province
companies() { sql "SELECT count(*) FROM companies"; }

# refused NAME FILE PATTERN: import fails, PATTERN is printed, nothing stored.
refused() {
	timeout 20 "$CLI" -f conf/infocig.conf -o database="$DB" db import companies "$2" \
	    > "$D/imp.log" 2>&1
	_s=$?
	[ $_s -ne 0 ] && [ $_s -ne 124 ] && grep -q "$3" "$D/imp.log" && [ "$(companies)" = 0 ]
	result "$1" $? "$D/imp.log"
}
{ echo $H; printf '01234567897,12345678903,1234567890,Alfa\000 Srl,RM\n'; } > "$D/nul.csv"
refused "a NUL byte is an error naming line 2" "$D/nul.csv" "nul.csv:2: byte NUL"
refused "/dev/zero is refused at once" /dev/zero "zero:1:\|byte NUL\|intestazione"
{ echo $H; printf '01234567897,12345678903,1234567890,"'; head -c 70000 /dev/zero | tr '\0' x;
    printf '",RM\n'; } > "$D/long.csv"
refused "a record over 65536 bytes is an error naming line 2" "$D/long.csv" \
    "long.csv:2: record più lungo di 65536 byte"
{ echo $H; printf '01234567897,12345678903,1234567890,Alfa\rSrl,RM\n'; } > "$D/cr.csv"
refused "a bare CR is an error naming line 2" "$D/cr.csv" "cr.csv:2: carattere CR"
{ echo $H; printf '01234567897,12345678903,1234567890,"Alfa" Srl,RM\n'; } > "$D/after.csv"
refused "text after a closing quote is an error naming line 2" "$D/after.csv" \
    "after.csv:2: testo dopo le virgolette"

# A CR inside quotes is data, read as written: no longer dropped, so the
# importer's own check on names sees it and refuses the row, naming it.
{ printf '%s\r\n' $H; printf '01234567897,12345678903,1234567890,"Alfa\rSrl",RM\r\n'; } > "$D/q.csv"
refused "a CR inside a quoted field is kept (and refused as a control in a name)" "$D/q.csv" \
    "q.csv:2: ragione sociale contiene caratteri di controllo"
{ printf '%s\r\n' $H; printf '01234567897,12345678903,1234567890,"Alfa, Srl",RM\r\n'; } > "$D/ok.csv"
cli db import companies "$D/ok.csv" > "$D/ok.log" 2>&1 &&
    [ "$(sql "SELECT name FROM companies")" = "Alfa, Srl" ]
result "CRLF line ends and quoted commas still import" $? "$D/ok.log"
exit 0
