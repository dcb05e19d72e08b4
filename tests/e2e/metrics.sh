#!/bin/sh
# End-to-end: infocig stats --prometheus prints the live figures in the
# Prometheus text exposition format.  A strict check of the format (HELP and
# TYPE once per family and before its samples, valid metric and label names,
# escaped label values, numeric values, no duplicate series), then the
# figures against a queue built by hand.  Prints TAP lines, always exits 0.
NAME=metrics
# Tuesday 24 November 2026, 15:30 in Rome.
NOW=2026-11-24T14:30:00
. "${0%/*}/lib.sh"

# check FILE: the exposition format, strictly; prints what is wrong.
check() {
	perl -e '
		my (%type, %help, %seen, $bad);
		my $name_re = qr/[a-zA-Z_:][a-zA-Z0-9_:]*/;
		my $num_re = qr/(?:[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|NaN|[-+]Inf)/;
		local $/; my $all = <STDIN>;
		$all =~ /\n\z/ or print "no final newline\n";
		for my $l (split /\n/, $all) {
			if ($l =~ /^# HELP ($name_re) (.*)$/) {
				print "HELP twice: $1\n" if $help{$1}++;
			} elsif ($l =~ /^# TYPE ($name_re) (counter|gauge|histogram|summary|untyped)$/) {
				print "TYPE twice: $1\n" if $type{$1}++;
			} elsif ($l =~ /^#/) {
				print "bad comment: $l\n";
			} elsif ($l =~ /^($name_re)(\{(.*)\})? ($num_re)$/) {
				my ($m, $labels) = ($1, $3 // "");
				print "sample before its TYPE: $m\n" unless $type{$m};
				my $rest = $labels;
				while ($rest ne "") {
					$rest =~ s/^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)//
					    or do { print "bad labels: $l\n"; last };
				}
				print "duplicate series: $m\{$labels\}\n" if $seen{"$m\{$labels\}"}++;
			} else {
				print "not a sample: $l\n";
			}
		}
		for (keys %type) { print "TYPE without HELP: $_\n" unless $help{$_} }
	'
}

demo_db || { result "demo database" 1 "$D/seed.log"; exit 0; }

# The check itself rejects what is wrong.
printf '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\nb 1\nc{1x="y"} z\n' | check > "$D/neg.out"
[ "$(wc -l < "$D/neg.out")" -ge 4 ]
result "the format check rejects duplicates, missing TYPE, bad labels and values" $? "$D/neg.out"

# Two workers and a company queued 90 s and 30 s ago, one chat in progress.
T=$(sql "SELECT strftime('%s', '2026-11-24 14:30:00')")
sql "INSERT INTO chats (account_id, channel, state, queued_at)
    SELECT id, 'lavoratori', 'queued', $T - 90 FROM accounts WHERE login = 'RSSMRA85T10A562S';
  INSERT INTO chats (account_id, channel, state, queued_at)
    SELECT id, 'aziende', 'queued', $T - 30 FROM accounts WHERE login = 'VRDGRG60A15L182E';
  INSERT INTO chats (account_id, channel, state, queued_at, taken_at, advisor_id)
    SELECT a.id, 'lavoratori', 'active', $T - 300, $T - 280, o.id FROM accounts a, accounts o
    WHERE a.login = 'SPSGPP70D02G964E' AND o.login = 'operatore1';"
printf 'demo\n' | cli --as supervisore stats --prometheus > "$D/prom.txt" 2> "$D/prom.err"
result "stats --prometheus runs for a supervisor" $? "$D/prom.err"
check < "$D/prom.txt" > "$D/check.out"
[ ! -s "$D/check.out" ] && [ -s "$D/prom.txt" ]
result "the output passes the strict exposition-format check" $? "$D/check.out"
grep -qx 'infocig_queue_waiting{channel="lavoratori"} 1' "$D/prom.txt" &&
    grep -qx 'infocig_queue_waiting{channel="aziende"} 1' "$D/prom.txt" &&
    grep -qx 'infocig_queue_longest_wait_seconds{channel="lavoratori"} 90' "$D/prom.txt" &&
    grep -qx 'infocig_queue_longest_wait_seconds{channel="aziende"} 30' "$D/prom.txt" &&
    grep -qx 'infocig_chats_in_progress{channel="lavoratori"} 1' "$D/prom.txt" &&
    grep -qx 'infocig_service_open 1' "$D/prom.txt"
result "queue, longest wait and chats in progress per channel, service open" $? "$D/prom.txt"
# Offered today: 3; answered 1 (waited 20 s, within the 60 s level); 2 waiting.
# Service level = answered within 60 s / (offered - waiting) = 1 / 1 = 1.
grep -qx 'infocig_chats_today{kind="offered"} 3' "$D/prom.txt" &&
    grep -qx 'infocig_chats_today{kind="waiting"} 2' "$D/prom.txt" &&
    grep -qx 'infocig_service_level_ratio 1' "$D/prom.txt" &&
    grep -qx 'infocig_answer_seconds_average 20' "$D/prom.txt" &&
    grep -qx 'infocig_handle_seconds_average NaN' "$D/prom.txt"
result "today's figures as worked out by hand (NaN where nothing ended)" $? "$D/prom.txt"

printf 'demo\n' | cli --as operatore2 stats --prometheus > "$D/adv.out" 2>&1
[ $? -ne 0 ] && grep -q 'solo i supervisori' "$D/adv.out"
result "an advisor is refused" $? "$D/adv.out"
printf 'demo\n' | cli --as supervisore stats --prometheus --json > "$D/mix.out" 2>&1
[ $? -eq 2 ] && grep -q 'non si combina' "$D/mix.out"
result "--prometheus with another option is a usage error" $? "$D/mix.out"
