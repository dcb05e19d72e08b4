#!/bin/sh
# The German and English catalogues are complete: every text the sources
# mark for translation is in each, translated, none fuzzy, and each compiles
# with msgfmt's checks (formats, plural forms, headers).  A text added to the
# sources without `make po` and a translation fails here.  Prints TAP lines,
# always exits 0.
NAME=catalogues
. "${0%/*}/lib.sh"

xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kngettext:1,2 -o "$D/now.pot" \
    src/*.c src/*/*.c 2> "$D/xgettext.err"
result "xgettext reads the sources" $? "$D/xgettext.err"
for po in data/po/*.po; do
	l=$(basename "$po" .po)
	msgcmp "$po" "$D/now.pot" > "$D/$l.cmp" 2>&1
	result "$l: every marked text of the sources is in the catalogue" $? "$D/$l.cmp"
	msgfmt -c --statistics -o /dev/null "$po" > "$D/$l.stat" 2>&1 &&
	    ! grep -q "untranslated\|fuzzy" "$D/$l.stat"
	result "$l: compiles, nothing untranslated or fuzzy" $? "$D/$l.stat"
	[ "$(grep -c '^#~' "$po")" -eq 0 ]
	result "$l: no obsolete entries left (make po, then remove them)" $? "$po"
done
