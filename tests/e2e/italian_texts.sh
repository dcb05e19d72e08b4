#!/bin/sh
# Source check: every Italian text a person reads uses real accented letters.
# Scans the string literals of src/ and the data/ files for a word ending in
# a vowel and an apostrophe ("e'", "più'", "lunedi'"), the typewriter accent;
# SQL literals ('queued') and elisions ("dell'attività") are not words of
# that kind.  Prints TAP lines, always exits 0.
NAME=texts
. "${0%/*}/lib.sh"

# scan FILE...: FILE:LINE: WORD' for each typewriter accent in a C string
# literal (or anywhere in a data file).
scan() {
	perl -ne '
		my $text = $_;
		if ($ARGV =~ /\.[ch]$/) {
			next if /^\s*(\*|\/\*|\/\/)/;	# comments
			$text = join " ", /"((?:[^"\\]|\\.)*)"/g;
		}
		# An SQL literal opens with a quote after a non-letter: drop it.
		$text =~ s/(?<![A-Za-z])\x27[^\x27]*\x27//g;
		while ($text =~ /([A-Za-z]*[aeiouAEIOU])\x27(?![A-Za-z0-9])/g) {
			print "$ARGV:$.: $1\x27\n";
		}
		close ARGV if eof;
	' "$@"
}

scan $(find src include -name '*.[ch]') > "$D/src.txt"
[ ! -s "$D/src.txt" ]
result "no typewriter accents in the programs' texts ($(wc -l < "$D/src.txt") found)" $? "$D/src.txt"
scan data/*.csv > "$D/data.txt"
[ ! -s "$D/data.txt" ]
result "no typewriter accents in the data files ($(wc -l < "$D/data.txt") found)" $? "$D/data.txt"

# The check itself must catch one.
printf 'x("Il servizio e%s chiuso, riprovi luned%s");\ny("IN (%squeued%s)");\n' "'" "i'" "'" "'" > "$D/probe.c"
[ "$(scan "$D/probe.c" | wc -l)" -eq 2 ]
result "the check finds e' and lunedi' and leaves SQL literals alone" $? "$D/probe.c"
