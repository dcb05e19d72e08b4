/*
 * bench_stats: the time of one live refresh of the supervisors' statistics
 * over a year of past chats.
 *   bench_stats DATABASE [CHATS [REFRESHES]]
 * Creates DATABASE (it must not exist), fills it with CHATS past chats
 * (default 1,000,000) spread over the open days of the year before Friday
 * 20 November 2026, plus that day up to 17:00 local at the same daily rate:
 * the ended chats of the afternoon, 150 in progress, 30 waiting, 100
 * advisors (80 online) and a report for each chat forwarded to Linea INPS.
 * Then it times REFRESHES live refreshes (default 200) at 17:00 and prints
 * p50, p99 and max, before and after ANALYZE.  The peer, in the same run, is
 * the naive way: one aggregate query that scans every chat.  Then one
 * history of the whole year by day, from the chats; last, the statistics'
 * aggregates rebuilt and histories of a day, a year and three years in
 * every grouping read from them, beside the same computed from the chats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "calendar.h"
#include "common.h"
#include "conf.h"
#include "stats.h"
#include "store.h"

#define ADVISORS 100
#define ONLINE 80
#define PAUSED 10
#define ACTIVE_NOW 150
#define WAITING_NOW 30

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int64_t
rnd(int64_t n)
{
	return n > 0 ? (int64_t)(rng() % (uint64_t)n) : 0;
}

static void
exec(sqlite3 *db, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK)
		fatal("%s: %s", q, msg ? msg : "?");
}

struct filler {
	sqlite3 *db;
	sqlite3_stmt *chat, *report;
	int64_t next_report;
	int64_t chats;
};

static void
bind_or_null(sqlite3_stmt *s, int i, int64_t v)
{
	if (v != 0)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static void
add_chat(struct filler *f, const char *state, int64_t q, int64_t taken, int64_t ended,
    int64_t advisor, const char *outcome, int sat)
{
	static const char *const channels[2] = { "lavoratori", "aziende" };
	static const char *const provinces[8] = { "RM", "MI", "NA", "TO", "PA", "BA", "FI", "BO" };
	sqlite3_stmt *s = f->chat;

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, channels[rnd(10) < 7 ? 0 : 1], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, provinces[rnd(8)], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, q);
	bind_or_null(s, 5, taken);
	bind_or_null(s, 6, ended);
	bind_or_null(s, 7, advisor);
	if (outcome != NULL)
		sqlite3_bind_text(s, 8, outcome, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 8);
	bind_or_null(s, 9, sat);
	if (sqlite3_step(s) != SQLITE_DONE)
		fatal("insert chat: %s", sqlite3_errmsg(f->db));
	f->chats++;
	/* A report (segnalazione) for the chats forwarded to Linea INPS. */
	if (outcome != NULL && strcmp(outcome, "linea_inps") == 0) {
		s = f->report;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, f->next_report);
		sqlite3_bind_int64(s, 2, f->next_report);
		sqlite3_bind_int64(s, 3, 1 + rnd(107));
		sqlite3_bind_int64(s, 4, 1 + 1 + rnd(ADVISORS));
		sqlite3_bind_int64(s, 5, ended);
		f->next_report++;
		if (sqlite3_step(s) != SQLITE_DONE)
			fatal("insert report: %s", sqlite3_errmsg(f->db));
	}
}

/* One chat that has ended, queued at q. */
static void
past_chat(struct filler *f, int64_t q)
{
	int64_t r = rnd(1000), wait = rnd(240), taken, ended, adv = 2 + rnd(ADVISORS);
	const char *outcome;
	int64_t o;

	if (r < 60) {			/* left the queue, some within 10 s */
		add_chat(f, "abandoned", q, 0, q + (r < 15 ? rnd(10) : 10 + rnd(400)), 0, NULL, 0);
		return;
	}
	if (r < 80) {			/* disconnected while waiting */
		add_chat(f, "disconnected", q, 0, q + rnd(300), 0, NULL, 0);
		return;
	}
	if (r < 90) {			/* disconnected during the chat */
		add_chat(f, "disconnected", q, q + wait, q + wait + rnd(600), adv, NULL, 0);
		return;
	}
	taken = q + wait;
	ended = taken + 120 + rnd(1200);
	o = rnd(100);
	outcome = o < 80 ? "risolta" : o < 95 ? "linea_inps" : "altro";
	add_chat(f, "closed", q, taken, ended, adv, outcome, rnd(10) < 6 ? 1 + (int)rnd(5) : 0);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
report_times(const char *what, int64_t *us, size_t n)
{
	qsort(us, n, sizeof *us, cmp_i64);
	printf("%-44s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  (%zu runs)\n", what,
	    us[n / 2] / 1000.0, us[(n * 99) / 100] / 1000.0, us[n - 1] / 1000.0, n);
}

static void
time_refreshes(struct stats *s, int64_t now, size_t n, const char *what)
{
	struct stats_live live;
	int64_t *us = xcalloc(n, sizeof *us), t0;
	size_t i;

	memset(&live, 0, sizeof live);
	if (stats_live_refresh(s, now, &live) < 0)	/* warm */
		fatal("refresh failed");
	for (i = 0; i < n; i++) {
		t0 = clock_mono_us();
		if (stats_live_refresh(s, now, &live) < 0)
			fatal("refresh failed");
		us[i] = clock_mono_us() - t0;
	}
	report_times(what, us, n);
	printf("  today: offered %lld, answered %lld, abandoned %lld, waiting %d+%d, "
	    "in progress %d+%d, %zu advisors listed, %lld reports\n",
	    (long long)live.today.offered, (long long)live.today.answered,
	    (long long)live.today.abandoned, live.channel[0].waiting, live.channel[1].waiting,
	    live.channel[0].in_progress, live.channel[1].in_progress, live.nadvisors,
	    (long long)live.reports);
	stats_live_clear(&live);
	free(us);
}

/* The peer: every figure of the day computed the naive way, by scanning all chats. */
static void
time_full_scan(sqlite3 *db, size_t n)
{
	static const char q[] = "SELECT channel, count(*), sum(taken_at IS NOT NULL),"
	    " sum(state IN ('abandoned', 'disconnected') AND taken_at IS NULL),"
	    " avg(taken_at - queued_at), avg(ended_at - taken_at),"
	    " sum(outcome = 'risolta'), sum(outcome = 'linea_inps'), avg(satisfaction)"
	    " FROM chats GROUP BY channel";
	sqlite3_stmt *s;
	int64_t *us = xcalloc(n, sizeof *us), t0, rows = 0;
	size_t i;

	if (sqlite3_prepare_v2(db, q, -1, &s, NULL) != SQLITE_OK)
		fatal("prepare: %s", sqlite3_errmsg(db));
	for (i = 0; i < n; i++) {
		t0 = clock_mono_us();
		while (sqlite3_step(s) == SQLITE_ROW)
			rows += sqlite3_column_int64(s, 1);
		sqlite3_reset(s);
		us[i] = clock_mono_us() - t0;
	}
	sqlite3_finalize(s);
	report_times("peer: one full-scan aggregate of all chats", us, n);
	printf("  (%lld chats read per run)\n", (long long)(rows / (int64_t)n));
	free(us);
}

/*
 * Issue 19: the aggregates rebuilt, then histories of a day, a year and
 * three years in every grouping, from the aggregates (p50/p99 over 20 runs)
 * beside the peer in the same run, the same history computed from the chats
 * (one run each); the totals must agree.
 */
static void
time_histories(const char *path, const struct conf *c, int32_t today)
{
	static const struct { const char *name; int days; } ranges[] = {
		{ "a day", 0 }, { "a year", 365 }, { "three years", 3 * 365 },
	};
	struct stats_history h, raw;
	struct store *st;
	struct stats *s;
	char err[512], what[96];
	int64_t t0, chats, us[20];
	size_t i, k;
	int by;

	if (store_open(path, 0, &st, err, sizeof err) < 0)
		fatal("%s", err);
	if (stats_new(st, c, &s) < 0)
		fatal("stats_new");
	t0 = clock_mono_us();
	if (stats_aggregates_rebuild(s, NULL, NULL, &chats) < 0)
		fatal("rebuild: %s", store_errmsg(st));
	printf("%-44s %8.3f ms  (%lld finished chats)\n", "rebuild of the aggregates",
	    (clock_mono_us() - t0) / 1000.0, (long long)chats);
	for (i = 0; i < nitems(ranges); i++) {
		int32_t from = today - ranges[i].days;

		for (by = STATS_BY_NONE; by < STATS_NBY; by++) {
			stats_use_aggregates(s, 1);
			for (k = 0; k < nitems(us); k++) {
				t0 = clock_mono_us();
				if (stats_history(s, from, today, by, &h) < 0)
					fatal("history failed");
				us[k] = clock_mono_us() - t0;
				if (h.source != STATS_FROM_AGGREGATES)
					fatal("history not from the aggregates");
				if (k + 1 < nitems(us))
					stats_history_clear(&h);
			}
			snprintf(what, sizeof what, "history of %s by %s, aggregates", ranges[i].name,
			    by == STATS_BY_NONE ? "none" : stats_by_name(by));
			report_times(what, us, nitems(us));
			stats_use_aggregates(s, 0);
			t0 = clock_mono_us();
			if (stats_history(s, from, today, by, &raw) < 0)
				fatal("history failed");
			printf("  peer, from the chats: %8.3f ms; %zu groups, offered %lld/%lld,"
			    " handled %lld/%lld: %s\n", (clock_mono_us() - t0) / 1000.0,
			    h.ngroups, (long long)h.total.offered, (long long)raw.total.offered,
			    (long long)h.total.handled, (long long)raw.total.handled,
			    h.ngroups == raw.ngroups && h.total.offered == raw.total.offered &&
			    h.total.handle_sum == raw.total.handle_sum &&
			    h.total.answered_in_sl == raw.total.answered_in_sl ? "same" : "DIFFERENT");
			stats_history_clear(&h);
			stats_history_clear(&raw);
		}
	}
	printf("target: any history at most 50 ms from the aggregates\n");
	stats_free(s);
	store_close(st);
}

int
main(int argc, char **argv)
{
	struct conf *c = conf_defaults();
	struct stats_config cfg;
	struct stats_history h;
	struct filler f;
	struct store *st;
	struct stats *s;
	sqlite3 *db;
	char err[512], q[512];
	int64_t nchats = argc > 2 ? atoll(argv[2]) : 1000000, now, t0, per_day, i, k;
	size_t refreshes = argc > 3 ? (size_t)atol(argv[3]) : 200;
	int32_t today = day_from_ymd(2026, 11, 20), d, open_days = 0;
	int tz = CALENDAR_TZ_ROME, adv_load[ADVISORS + 2] = { 0 };

	if (argc < 2 || nchats < 1000 || refreshes < 1)
		fatal("usage: bench_stats DATABASE [CHATS >= 1000 [REFRESHES]]");
	if (stats_config_from_conf(&cfg, c) < 0)
		fatal("configuration");
	if (store_create(argv[1], "data", err, sizeof err) < 0)
		fatal("%s", err);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		fatal("open %s", argv[1]);
	exec(db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; BEGIN");
	now = calendar_to_utc(tz, today, 17 * 60);

	/* Accounts: 1 a worker, 2..101 advisors (the first 80 online), 102 a supervisor. */
	exec(db, "INSERT INTO accounts (id, login, role, full_name, created_at) VALUES"
	    " (1, 'RSSMRA85T10A562S', 'worker', 'Mario Rossi', 0),"
	    " (102, 'supervisore', 'supervisor', 'Supervisore', 0)");
	for (k = 0; k < ADVISORS; k++) {
		snprintf(q, sizeof q, "INSERT INTO accounts (id, login, role, full_name, created_at)"
		    " VALUES (%lld, 'operatore%lld', 'advisor', 'Operatore %03lld', 0);"
		    " INSERT INTO advisor_state (account_id, state, since, heartbeat) VALUES"
		    " (%lld, '%s', %lld, %lld)", (long long)(k + 2), (long long)k, (long long)k,
		    (long long)(k + 2), k < ONLINE - PAUSED ? "available" : k < ONLINE ? "paused" :
		    "offline", (long long)(now - 3600), (long long)(k < ONLINE ? now - rnd(20) :
		    now - 86400));
		exec(db, q);
	}

	memset(&f, 0, sizeof f);
	f.db = db;
	f.next_report = 1;
	if (sqlite3_prepare_v2(db, "INSERT INTO chats (account_id, channel, province, state,"
	    " queued_at, taken_at, ended_at, advisor_id, outcome, satisfaction)"
	    " VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &f.chat, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO reports (protocol, year, seq, office_id, topic,"
	    " subtopic, description, status, filed_by, filed_at, updated_at) VALUES"
	    " ('LI-' || ?1, 2026, ?2, ?3, 'pagamento', 'ritardo', 'benchmark', 'nuova', ?4, ?5, ?5)",
	    -1, &f.report, NULL) != SQLITE_OK)
		fatal("prepare: %s", sqlite3_errmsg(db));

	/* The past year: open days only, 15:00-18:00 local. */
	for (d = today - 365; d < today; d++)
		open_days += calendar_is_open_day(&cfg.hours, d);
	per_day = nchats / open_days;
	t0 = clock_mono_ms();
	for (d = today - 365, k = 0; d < today; d++) {
		int64_t open, n;

		if (!calendar_is_open_day(&cfg.hours, d))
			continue;
		/* Exactly nchats in all: day k gets its share of the rounding. */
		n = nchats * (k + 1) / open_days - nchats * k / open_days;
		k++;
		open = calendar_to_utc(tz, d, 15 * 60);
		for (i = 0; i < n; i++)
			past_chat(&f, open + i * 3 * 3600 / n);
	}
	/* Today up to 17:00: two thirds of a day, the last half hour still going. */
	{
		int64_t open = calendar_to_utc(tz, today, 15 * 60), n = per_day * 2 / 3, a = 0;

		for (i = 0; i < n - ACTIVE_NOW - WAITING_NOW; i++)
			past_chat(&f, open + i * 5400 / n);
		for (i = 0; i < ACTIVE_NOW; i++) {
			int64_t qt = now - 1800 + i * 1500 / ACTIVE_NOW;

			while (adv_load[2 + a % (ONLINE - PAUSED)] >= 3)
				a++;
			adv_load[2 + a % (ONLINE - PAUSED)]++;
			add_chat(&f, "active", qt, qt + rnd(120), 0, 2 + a % (ONLINE - PAUSED), NULL, 0);
			a++;
		}
		for (i = 0; i < WAITING_NOW; i++)
			add_chat(&f, "queued", now - 300 + i * 10, 0, 0, 0, NULL, 0);
	}
	sqlite3_finalize(f.chat);
	sqlite3_finalize(f.report);
	exec(db, "COMMIT");
	printf("filled %lld chats (%lld per open day, %d open days) and %lld reports in %.1f s\n",
	    (long long)f.chats, (long long)per_day, open_days, (long long)(f.next_report - 1),
	    (clock_mono_ms() - t0) / 1000.0);

	if (store_open(argv[1], STORE_READONLY, &st, err, sizeof err) < 0)
		fatal("%s", err);
	if (stats_new(st, c, &s) < 0)
		fatal("stats_new");
	time_refreshes(s, now, refreshes, "live refresh (no ANALYZE statistics)");
	stats_free(s);
	store_close(st);

	exec(db, "ANALYZE");
	if (store_open(argv[1], STORE_READONLY, &st, err, sizeof err) < 0)
		fatal("%s", err);
	if (stats_new(st, c, &s) < 0)
		fatal("stats_new");
	time_refreshes(s, now, refreshes, "live refresh (after ANALYZE)");
	time_full_scan(db, refreshes < 10 ? refreshes : 10);

	t0 = clock_mono_us();
	if (stats_history(s, today - 365, today, STATS_BY_DAY, &h) < 0)
		fatal("history failed");
	printf("%-44s %8.3f ms  (%zu days, %lld offered)\n", "history of the year by day",
	    (clock_mono_us() - t0) / 1000.0, h.ngroups, (long long)h.total.offered);
	stats_history_clear(&h);
	printf("target: one live refresh at most 50 ms (p99) over 1,000,000 past chats\n");
	stats_free(s);
	store_close(st);
	time_histories(argv[1], c, today);
	sqlite3_close(db);
	conf_free(c);
	return 0;
}
