/*
 * Unit tests for the statistics' aggregates (issue 19): on a varied set of
 * chats (every state, with and without taking and ending times, short and
 * long abandons, every outcome, surveys, provinces known, unknown and short,
 * queue times around local midnight and on both summer-time days, over three
 * years), every history grouping read from the aggregates equals the one
 * computed from the chats (the reports per office too), after a rebuild and
 * after the store's own statements have ended, answered, resumed and purged
 * chats, filed reports and emptied reports; a change of
 * threshold is detected and the chats answer instead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "store_chat.h"
#include "common.h"
#include "conf.h"
#include "stats.h"
#include "store.h"
#include "store_report.h"

struct fx {
	char dir[64];
	char path[128];
	struct store *st;
	sqlite3 *db;
	struct conf *conf;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	char err[512] = "";

	if (fx == NULL)
		return -1;
	strcpy(fx->dir, "/tmp/infocig-test-agg.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/t.db", fx->dir);
	if (store_create(fx->path, "data", err, sizeof err) < 0 ||
	    store_open(fx->path, 0, &fx->st, err, sizeof err) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	if (sqlite3_open(fx->path, &fx->db) != SQLITE_OK)
		return -1;
	fx->conf = conf_defaults();
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[128];

	sqlite3_close(fx->db);
	store_close(fx->st);
	conf_free(fx->conf);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static void
sql(struct fx *fx, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(fx->db, q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("sqlite: %s: %s", msg ? msg : "?", q);
}

static int64_t
fx_count(struct fx *fx, const char *q)
{
	sqlite3_stmt *s;
	int64_t n;

	assert_int_equal(sqlite3_prepare_v2(fx->db, q, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static uint64_t seed = 0x2545F4914F6CDD1Dull;

static int64_t
rnd(int64_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (int64_t)(seed % (uint64_t)n);
}

static int64_t
utc(int y, int mo, int d, int h, int mi)
{
	return (int64_t)day_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

/* Varied chats (ids 1..n) of accounts 1..3 and advisors 11..14, written with the sqlite3 API. */
static void
fill(struct fx *fx, int n)
{
	static const char *const states[] = { "queued", "active", "closed", "abandoned",
		"disconnected" };
	static const char *const provinces[] = { "RM", "MI", "NA", "", "X", "BO" };
	static const char *const outcomes[] = { NULL, "risolta", "linea_inps", "altro" };
	/* Local midnight, the summer-time days of 2025 and 2026, ordinary afternoons. */
	int64_t bases[] = { utc(2025, 3, 30, 0, 0), utc(2025, 10, 26, 0, 0),
		utc(2026, 3, 29, 0, 0), utc(2026, 10, 25, 0, 0), utc(2024, 12, 31, 22, 30),
		utc(2026, 6, 18, 13, 0), utc(2024, 2, 29, 14, 0), utc(2026, 1, 1, 22, 50) };
	sqlite3_stmt *s;
	int i;

	sql(fx, "INSERT INTO accounts (id, login, role, full_name, created_at) VALUES"
	    " (1, 'w1', 'worker', 'W Uno', 0), (11, 'anna', 'advisor', 'Anna A', 0),"
	    " (12, 'bruno', 'advisor', 'Bruno B', 0), (13, 'carla', 'advisor', 'Carla C', 0),"
	    " (14, 'dario', 'advisor', 'Dario D', 0)");
	assert_int_equal(sqlite3_prepare_v2(fx->db, "INSERT INTO chats (id, account_id, channel,"
	    " province, state, queued_at, taken_at, ended_at, advisor_id, outcome, satisfaction)"
	    " VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", -1, &s, NULL), SQLITE_OK);
	sql(fx, "BEGIN");
	for (i = 1; i <= n; i++) {
		const char *state = states[rnd(5)], *o = outcomes[rnd(4)];
		const char *p = provinces[rnd(6)];
		int64_t q = bases[rnd(8)] + rnd(4 * 3600) + 86400 * rnd(3);
		int taken = strcmp(state, "active") == 0 || (strcmp(state, "queued") != 0 &&
		    rnd(2) == 0);
		int64_t t = taken ? q + rnd(200) - 5 : 0;
		int64_t e = strcmp(state, "queued") == 0 || strcmp(state, "active") == 0 ? 0 :
		    rnd(10) == 0 ? 0 : (taken ? t : q) + rnd(900);

		if (i % 7 == 0)		/* years apart */
			q -= 86400 * 365 * rnd(3);
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		sqlite3_bind_int(s, 1, i);
		sqlite3_bind_text(s, 2, rnd(3) ? "lavoratori" : "aziende", -1, SQLITE_STATIC);
		if (*p)
			sqlite3_bind_text(s, 3, p, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, state, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, q);
		if (taken) {
			sqlite3_bind_int64(s, 6, t);
			sqlite3_bind_int(s, 8, 11 + (int)rnd(4));
		}
		if (e)
			sqlite3_bind_int64(s, 7, e);
		if (o != NULL && strcmp(state, "queued") != 0)
			sqlite3_bind_text(s, 9, o, -1, SQLITE_STATIC);
		if (rnd(3) == 0)
			sqlite3_bind_int(s, 10, 1 + (int)rnd(5));
		assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	}
	sqlite3_finalize(s);
	/* Reports of several offices, filed around local midnight too. */
	assert_int_equal(sqlite3_prepare_v2(fx->db, "INSERT INTO reports (protocol, year, seq,"
	    " office_id, topic, subtopic, description, status, filed_by, filed_at, updated_at)"
	    " VALUES ('LI-' || ?1, 2026, ?1, ?2, 'pagamento', 'ritardo', 'prova',"
	    " CASE WHEN ?1 % 3 = 0 THEN 'chiusa' ELSE 'nuova' END, 11, ?3, ?3)", -1, &s, NULL), SQLITE_OK);
	for (i = 1; i <= n / 5; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int(s, 1, i);
		sqlite3_bind_int(s, 2, 1 + (int)rnd(6));
		sqlite3_bind_int64(s, 3, bases[rnd(8)] + rnd(4 * 3600) + 86400 * rnd(3) -
		    (i % 5 == 0 ? 86400 * 365 * rnd(3) : 0));
		assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	}
	sqlite3_finalize(s);
	sql(fx, "COMMIT");
}

static void
same_figures(const struct stats_figures *a, const struct stats_figures *b, const char *what)
{
	int i;

#define SAME(f) do { if (a->f != b->f) fail_msg("%s: " #f " %lld from aggregates, %lld" \
	" from chats", what, (long long)a->f, (long long)b->f); } while (0)
	SAME(offered); SAME(answered); SAME(abandoned); SAME(short_abandoned);
	SAME(unserved); SAME(waiting); SAME(in_progress); SAME(handled);
	SAME(answered_in_sl); SAME(wait_sum); SAME(handle_sum); SAME(surveys);
	SAME(survey_sum);
	for (i = 0; i < CHAT_OUTCOME_COUNT; i++)
		SAME(outcomes[i]);
#undef SAME
}

/* Every grouping of from..to: the aggregates give what the chats give. */
static void
check_range(struct stats *s, int32_t from, int32_t to)
{
	struct stats_history a, b;
	char what[96];
	size_t i;
	int by;

	for (by = STATS_BY_NONE; by < STATS_NBY; by++) {
		stats_use_aggregates(s, 1);
		assert_int_equal(stats_history(s, from, to, by, &a), 0);
		assert_int_equal(a.source, STATS_FROM_AGGREGATES);
		stats_use_aggregates(s, 0);
		assert_int_equal(stats_history(s, from, to, by, &b), 0);
		assert_int_equal(b.source, STATS_FROM_CHATS);
		snprintf(what, sizeof what, "%d..%d by %s total", from, to, stats_by_name(by));
		same_figures(&a.total, &b.total, what);
		assert_int_equal(a.ngroups, b.ngroups);
		for (i = 0; i < a.ngroups; i++) {
			snprintf(what, sizeof what, "%d..%d by %s %s", from, to, stats_by_name(by),
			    b.groups[i].label);
			assert_int_equal(a.groups[i].key, b.groups[i].key);
			assert_string_equal(a.groups[i].label, b.groups[i].label);
			same_figures(&a.groups[i].f, &b.groups[i].f, what);
		}
		assert_int_equal(a.reports, b.reports);
		assert_int_equal(a.noffices, b.noffices);
		for (i = 0; i < a.noffices; i++) {
			assert_int_equal(a.offices[i].id, b.offices[i].id);
			assert_int_equal(a.offices[i].reports, b.offices[i].reports);
		}
		stats_history_clear(&a);
		stats_history_clear(&b);
	}
	stats_use_aggregates(s, 1);
}

static void
check_all(struct stats *s)
{
	check_range(s, day_from_ymd(2020, 1, 1), day_from_ymd(2027, 12, 31));
	check_range(s, day_from_ymd(2026, 3, 29), day_from_ymd(2026, 3, 29));
	check_range(s, day_from_ymd(2025, 10, 26), day_from_ymd(2025, 10, 27));
	check_range(s, day_from_ymd(2025, 1, 1), day_from_ymd(2025, 1, 1));
	check_range(s, day_from_ymd(2026, 1, 2), day_from_ymd(2026, 6, 19));
}

static void
test_agg_matches_chats(void **state)
{
	struct fx *fx = *state;
	struct stats *s = NULL;
	struct chat c;
	int64_t counted = 0, done = 0, held = 0, id;
	char why[128];
	int i, r;

	fill(fx, 3000);
	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);
	assert_int_equal(stats_aggregates_state(s, NULL, 0), STATS_AGG_MISSING);
	assert_int_equal(stats_aggregates_rebuild(s, NULL, NULL, &counted), 0);
	assert_true(counted > 1500 && counted < 2500);
	assert_int_equal(stats_aggregates_state(s, NULL, 0), STATS_AGG_CURRENT);
	check_all(s);

	/* The store's own statements: end, take, answer a survey, resume, close, purge. */
	for (id = 1; id <= 3000; id++) {
		if (store_chat_get(fx->st, id, &c) < 0)
			continue;
		switch (id % 6) {
		case 0:
			if (c.state == CHAT_QUEUED)
				assert_int_equal(store_chat_end(fx->st, id, CHAT_ABANDONED,
				    c.queued_at + id % 30), 0);
			break;
		case 1:
			if (c.state == CHAT_ACTIVE)
				assert_int_equal(store_chat_end(fx->st, id, CHAT_CLOSED,
				    c.queued_at + 700), 0);
			break;
		case 2:
			if (c.satisfaction == 0 && c.state != CHAT_QUEUED)
				assert_int_equal(store_chat_set_satisfaction(fx->st, id, 4), 0);
			break;
		case 3:
			if (c.state == CHAT_DISCONNECTED)
				assert_int_equal(store_chat_resume(fx->st, id, 1234), 0);
			break;
		case 4:
			if (c.state == CHAT_QUEUED)
				assert_int_equal(store_chat_take(fx->st, id, 12, c.queued_at + 61),
				    0);
			break;
		default:
			if (c.state == CHAT_ACTIVE && c.advisor_id != 0)
				assert_int_equal(store_chat_close(fx->st, id, c.advisor_id,
				    OUTCOME_RESOLVED, c.queued_at + 1000), 0);
			break;
		}
	}
	/* Reports filed through the store: counted at once. */
	for (i = 0; i < 40; i++) {
		struct report_draft d;
		char protocol[32];

		memset(&d, 0, sizeof d);
		d.office_id = 1 + i % 4;
		str_lcpy(d.topic, "pagamento", sizeof d.topic);
		str_lcpy(d.subtopic, "ritardo", sizeof d.subtopic);
		str_lcpy(d.description, "prova", sizeof d.description);
		snprintf(d.client_token, sizeof d.client_token, "tok%05d", i);
		snprintf(protocol, sizeof protocol, "LI-2026-9%05d", i);
		assert_int_equal(store_report_insert(fx->st, &d, protocol, 2026, 90000 + i, 11,
		    utc(2026, 3, 29, 21 + i % 4, 30), &id), 0);
	}
	check_all(s);
	for (i = 0; i < 100; i++) {
		r = store_purge_batch(fx->st, STORE_PURGE_CHATS, utc(2025, 1, 1, 0, 0), 200, &done,
		    &held);
		assert_true(r >= 0);
		if (done == 0)
			break;
	}
	for (i = 0; i < 100; i++) {
		r = store_purge_batch(fx->st, STORE_PURGE_REPORTS, utc(2025, 6, 1, 0, 0), 50, &done,
		    &held);
		assert_true(r >= 0);
		if (done == 0)
			break;
	}
	/* Reports are emptied, not deleted: still counted. */
	assert_int_equal(fx_count(fx, "SELECT count(*) FROM reports WHERE description = 'prova'"
	    " AND status = 'chiusa'") < 200, 1);
	check_all(s);
	stats_free(s);

	/* Another service level: detected, and the chats answer. */
	fx->conf->queue.service_level_seconds += 30;
	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);
	assert_int_equal(stats_aggregates_state(s, why, sizeof why), STATS_AGG_STALE);
	assert_non_null(strstr(why, "livello di servizio"));
	{
		struct stats_history h;

		assert_int_equal(stats_history(s, day_from_ymd(2020, 1, 1),
		    day_from_ymd(2027, 1, 1), STATS_BY_DAY, &h), 0);
		assert_int_equal(h.source, STATS_FROM_CHATS);
		stats_history_clear(&h);
	}
	assert_int_equal(stats_aggregates_rebuild(s, NULL, NULL, &counted), 0);
	assert_int_equal(stats_aggregates_state(s, NULL, 0), STATS_AGG_CURRENT);
	check_all(s);
	stats_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_agg_matches_chats, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
