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
		my (%type, %kind, %help, %seen, %last, %inf, $bad);
		my $name_re = qr/[a-zA-Z_:][a-zA-Z0-9_:]*/;
		my $num_re = qr/(?:[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|NaN|[-+]Inf)/;
		local $/; my $all = <STDIN>;
		$all =~ /\n\z/ or print "no final newline\n";
		for my $l (split /\n/, $all) {
			if ($l =~ /^# HELP ($name_re) (.*)$/) {
				print "HELP twice: $1\n" if $help{$1}++;
			} elsif ($l =~ /^# TYPE ($name_re) (counter|gauge|histogram|summary|untyped)$/) {
				$kind{$1} = $2;
				print "TYPE twice: $1\n" if $type{$1}++;
			} elsif ($l =~ /^#/) {
				print "bad comment: $l\n";
			} elsif ($l =~ /^($name_re)(\{(.*)\})? ($num_re)$/) {
				my ($m, $labels, $v) = ($1, $3 // "", $4);
				my $base = $m;
				# A histogram family has _bucket, _sum and _count samples.
				if (!$type{$m} && $m =~ /^(.*)_(bucket|sum|count)$/ &&
				    ($kind{$1} // "") eq "histogram") {
					my $part = $2;
					$base = $1;
					my $series = $labels;
					$series =~ s/,?le="[^"]*"//;
					if ($part eq "bucket") {
						print "bucket without le: $l\n" unless $labels =~ /le="([^"]*)"/;
						print "buckets not cumulative: $l\n"
						    if defined $last{$series} && $v < $last{$series};
						$last{$series} = $v;
						$inf{$series} = $v if $labels =~ /le="\+Inf"/;
					} elsif ($part eq "count") {
						print "count differs from the +Inf bucket: $l\n"
						    unless defined $inf{$series} && $inf{$series} == $v;
					}
				}
				print "sample before its TYPE: $m\n" unless $type{$base};
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
printf '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 3\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n' |
    check >> "$D/neg.out"
[ "$(wc -l < "$D/neg.out")" -ge 6 ] && grep -q "not cumulative" "$D/neg.out" &&
    grep -q "count differs" "$D/neg.out"
result "the format check rejects duplicates, missing TYPE, bad labels and values, bad histograms" $? "$D/neg.out"

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

# The daemon's own figures: a person connected, an advisor's line delivered.
# Each worker publishes every 10 s; the line's delay is measured from the
# real time the database stamped it with (the console's insert does the same).
sql "DELETE FROM messages; DELETE FROM chats;"
user_key RSSMRA85T10A562S
daemon_start -o ssh.workers=1 || { result "daemon starts" 1 "$D/daemon.log"; exit 0; }
session p RSSMRA85T10A562S
exec 3> "$D/p.in"
wait_sql "SELECT count(*) FROM chats WHERE state = 'queued'" 1 300
C=$(sql "SELECT id FROM chats WHERE state = 'queued'")
A=$(sql "SELECT id FROM accounts WHERE login = 'operatore1'")
sql "UPDATE chats SET state = 'active', advisor_id = $A, taken_at = $T WHERE id = $C;
  INSERT INTO messages (chat_id, sender, account_id, at, body, sent_ms) VALUES ($C, 'advisor',
    $A, $T, 'Buongiorno, sono l''operatore.',
    CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER))"
wait_file "$D/p.out" "sono l'operatore" 200
result "the advisor's line reaches the person" $? "$D/p.out"
N=$(hostname)
prom() { printf 'demo\n' | cli --as supervisore stats --prometheus > "$D/prom2.txt" 2>&1; }
counted() { prom && grep -qx "infocig_delivery_latency_seconds_count{node=\"$N\"} 1" "$D/prom2.txt"; }
wait_for 250 counted
result "the delivered line is counted within a publication period" $? "$D/prom2.txt"
check < "$D/prom2.txt" > "$D/check2.out"
[ ! -s "$D/check2.out" ]
result "with the daemon's figures the output still passes the strict check" $? "$D/check2.out"
grep -qx "infocig_daemon_workers{node=\"$N\"} 1" "$D/prom2.txt" &&
    grep -qx "infocig_sessions{node=\"$N\"} 1" "$D/prom2.txt" &&
    grep -qx "infocig_sessions_unauthenticated{node=\"$N\"} 0" "$D/prom2.txt" &&
    grep -qx "infocig_delivery_latency_seconds_bucket{node=\"$N\",le=\"+Inf\"} 1" "$D/prom2.txt"
result "one worker, one session, one line delivered" $? "$D/prom2.txt"
exec 3>&-
daemon_stop
[ "$(sql "SELECT count(*) FROM node_workers")" = 0 ]
result "a stopped worker takes its figures away" $?
