/*
 * Unit tests for stats: a fixed day of chats with known timings, every
 * live figure and every history grouping checked against values worked out
 * by hand below; local days and hour bars on the two summer-time days; the
 * formulas' edge cases and the Italian renderings.
 *
 * Each test gets a fresh database in a mkdtemp folder; rows are written with
 * the sqlite3 API directly, as the daemon and the console would leave them.
 * data/ holds the reference CSVs (run from the repository root).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "store_chat.h"
#include "common.h"
#include "conf.h"
#include "stats.h"
#include "store.h"

struct fx {
	char dir[64];
	char path[128];
	struct store *st;
	sqlite3 *db;		/* a second connection, for writing the rows */
	struct conf *conf;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	char err[512] = "";

	if (fx == NULL)
		return -1;
	strcpy(fx->dir, "/tmp/infocig-test-stats.XXXXXX");
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

/* Unix seconds of a UTC wall-clock time; hours may be negative or past 23. */
static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	return (int64_t)day_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void
account(struct fx *fx, int64_t id, const char *login, const char *role, const char *name)
{
	char q[512];

	snprintf(q, sizeof q, "INSERT INTO accounts (id, login, role, full_name, created_at)"
	    " VALUES (%lld, '%s', '%s', '%s', 0)", (long long)id, login, role, name);
	sql(fx, q);
}

static void
advisor_state(struct fx *fx, int64_t id, const char *state, int64_t heartbeat,
    const char *channels)
{
	char q[512];

	snprintf(q, sizeof q, "INSERT INTO advisor_state (account_id, state, since, heartbeat,"
	    " channels) VALUES (%lld, '%s', %lld, %lld, '%s')", (long long)id, state,
	    (long long)(heartbeat - 3600), (long long)heartbeat, channels);
	sql(fx, q);
}

/* One chat of account 1; 0 / NULL / "" stand for SQL NULL. */
static void
chat(struct fx *fx, int64_t id, const char *channel, const char *province, const char *state,
    int64_t queued, int64_t taken, int64_t ended, int64_t advisor, const char *outcome,
    int satisfaction)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(fx->db, "INSERT INTO chats (id, account_id, channel,"
	    " province, state, queued_at, taken_at, ended_at, advisor_id, outcome, satisfaction)"
	    " VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, channel, -1, SQLITE_STATIC);
	if (province != NULL && *province)
		sqlite3_bind_text(s, 3, province, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, queued);
	if (taken)
		sqlite3_bind_int64(s, 6, taken);
	if (ended)
		sqlite3_bind_int64(s, 7, ended);
	if (advisor)
		sqlite3_bind_int64(s, 8, advisor);
	if (outcome != NULL)
		sqlite3_bind_text(s, 9, outcome, -1, SQLITE_STATIC);
	if (satisfaction)
		sqlite3_bind_int(s, 10, satisfaction);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

static void
report(struct fx *fx, int seq, const char *office_code, int64_t filed_at)
{
	char q[512];

	snprintf(q, sizeof q, "INSERT INTO reports (protocol, year, seq, office_id, topic,"
	    " subtopic, description, status, filed_by, filed_at, updated_at) VALUES"
	    " ('LI-2026-%06d', 2026, %d, (SELECT id FROM offices WHERE code = '%s'),"
	    " 'pagamento', 'ritardo', 'prova', 'nuova', 11, %lld, %lld)", seq, seq, office_code,
	    (long long)filed_at, (long long)filed_at);
	sql(fx, q);
}

#define assert_ratio(x, num, den) do { \
	double want_ = (double)(num) / (double)(den); \
	if (fabs((x) - want_) > 1e-9) \
		fail_msg("%s = %.9f, want %s/%s = %.9f", #x, (x), #num, #den, want_); \
} while (0)

#define assert_undefined(x) do { \
	if ((x) != -1.0) \
		fail_msg("%s = %f, want -1 (undefined)", #x, (x)); \
} while (0)

/*
 * The fixed day: Friday 19 June 2026, summer time (local = UTC + 2), service
 * 15:00-18:00, service level 60 s, abandon threshold 10 s, at most 3 chats
 * per advisor (the defaults).  The refresh is at 17:00:00 local.  L(h, m, s)
 * is a local time of that day as Unix seconds; Y(...) the day before.
 */
#define L(h, m, s) utc(2026, 6, 19, (h) - 2, m, s)
#define Y(h, m, s) utc(2026, 6, 18, (h) - 2, m, s)
#define NOW L(17, 0, 0)

enum { ANNA = 11, BRUNO, CARLA, DARIO, ELENA, FRANK, GINO, HUGO, SARA = 20 };

static void
fixed_day(struct fx *fx)
{
	account(fx, 1, "RSSMRA85T10A562S", "worker", "Mario Rossi");
	account(fx, ANNA, "anna", "advisor", "Anna Bianchi");
	account(fx, BRUNO, "bruno", "advisor", "Bruno Verdi");
	account(fx, CARLA, "carla", "advisor", "Carla Neri");
	account(fx, DARIO, "dario", "advisor", "Dario Gialli");
	account(fx, ELENA, "elena", "advisor", "Elena Rosa");
	account(fx, FRANK, "frank", "advisor", "Franco Viola");
	account(fx, GINO, "gino", "advisor", "Gino Blu");
	account(fx, HUGO, "hugo", "advisor", "Ugo Grigi");
	account(fx, SARA, "sara", "supervisor", "Sara Bruni");

	/*
	 * Advisors at 17:00:00 (online: declared state not offline and
	 * heartbeat at most 90 s old):
	 *   anna   available, beat 10 s ago, both channels; holds c10: busy
	 *   bruno  available, 30 s ago, lavoratori; no chat: available
	 *   carla  paused, 5 s ago, both: paused
	 *   dario  available, 200 s ago: offline (handled c7, c8 today: listed)
	 *   elena  available, 1 s ago, aziende; holds c11 and yesterday's c0c: busy
	 *   frank  declared offline, fresh beat, no chats: offline, not listed
	 *   gino   available, exactly 90 s ago, both: online, available
	 *   hugo   available, 91 s ago, no chats: offline, not listed
	 *   sara   (supervisor) no advisor_state row, no chats: not listed
	 */
	advisor_state(fx, ANNA, "available", NOW - 10, "lavoratori,aziende");
	advisor_state(fx, BRUNO, "available", NOW - 30, "lavoratori");
	advisor_state(fx, CARLA, "paused", NOW - 5, "lavoratori,aziende");
	advisor_state(fx, DARIO, "available", NOW - 200, "lavoratori,aziende");
	advisor_state(fx, ELENA, "available", NOW - 1, "aziende");
	advisor_state(fx, FRANK, "offline", NOW - 2, "lavoratori,aziende");
	advisor_state(fx, GINO, "available", NOW - 90, "lavoratori,aziende");
	advisor_state(fx, HUGO, "available", NOW - 91, "lavoratori,aziende");

	/*
	 * Yesterday (Thursday 18 June), never in today's figures:
	 *   c100 W RM queued 16:00:00, taken 16:00:10 (wait 10), ended 16:10:10
	 *        (handle 600), anna, risolta, score 1
	 *   c101 W MI queued 17:55:00, still waiting at closing: closed by the
	 *        service at 18:30:00, never taken: unserved
	 *   c102 A TO queued 17:50:00, taken 17:51:00 (wait 60) by elena and
	 *        still active: in progress now, whatever its day
	 */
	chat(fx, 100, "lavoratori", "RM", "closed", Y(16, 0, 0), Y(16, 0, 10), Y(16, 10, 10),
	    ANNA, "risolta", 1);
	chat(fx, 101, "lavoratori", "MI", "closed", Y(17, 55, 0), 0, Y(18, 30, 0), 0, NULL, 0);
	chat(fx, 102, "aziende", "TO", "active", Y(17, 50, 0), Y(17, 51, 0), 0, ELENA, NULL, 0);

	/*
	 * Today.  W = lavoratori, A = aziende; wait = taken - queued (or
	 * ended - queued for those never taken), handle = ended - taken.
	 *   c1  W RM 15:00:00 taken 15:00:30 (30)  ended 15:10:30 (600)  anna  risolta 5
	 *   c2  W MI 15:05:00 taken 15:07:00 (120) ended 15:20:00 (780)  bruno linea   3
	 *   c3  A TO 15:10:00 taken 15:10:45 (45)  ended 15:25:45 (900)  elena risolta 4
	 *   c4  W NA 15:20:00 abandoned 15:20:05 (5 < 10): short, not offered
	 *   c5  W RM 15:30:00 abandoned 15:32:00 (120): abandoned
	 *   c6  A MI 15:40:00 disconnected while queued 15:40:50 (50): abandoned
	 *   c16 A MI 15:45:00 taken 15:45:05 (5)   ended 15:55:05 (600)  carla linea   2
	 *   c7  W BA 15:50:00 taken 15:51:00 (60, = the target: within)
	 *       ended 16:05:00 (840, across the hour: counts in hour 15)  dario altro, no score
	 *   c18 W -- 16:05:00 abandoned 16:05:10 (10, = the threshold): abandoned
	 *   c8  W RM 16:10:00 taken 16:10:20 (20)  ended 16:30:20 (1200) dario risolta 5
	 *   c9  A NA 16:20:00 taken 16:22:00 (120) disconnected 16:25:00 (180) anna,
	 *       no outcome, no score
	 *   c10 W PA 16:30:00 taken 16:30:10 (10)  active  anna
	 *   c11 A RM 16:40:00 taken 16:41:40 (100) active  elena
	 *   c15 W FI 16:45:00 disconnected while queued 16:45:09 (9 < 10): short
	 *   c12 W MI 16:50:00 queued (waiting 600 s at 17:00)
	 *   c13 A TO 16:58:20 queued (100 s)
	 *   c14 W RM 16:59:00 queued (60 s)
	 */
	chat(fx, 1, "lavoratori", "RM", "closed", L(15, 0, 0), L(15, 0, 30), L(15, 10, 30),
	    ANNA, "risolta", 5);
	chat(fx, 2, "lavoratori", "MI", "closed", L(15, 5, 0), L(15, 7, 0), L(15, 20, 0),
	    BRUNO, "linea_inps", 3);
	chat(fx, 3, "aziende", "TO", "closed", L(15, 10, 0), L(15, 10, 45), L(15, 25, 45),
	    ELENA, "risolta", 4);
	chat(fx, 4, "lavoratori", "NA", "abandoned", L(15, 20, 0), 0, L(15, 20, 5), 0, NULL, 0);
	chat(fx, 5, "lavoratori", "RM", "abandoned", L(15, 30, 0), 0, L(15, 32, 0), 0, NULL, 0);
	chat(fx, 6, "aziende", "MI", "disconnected", L(15, 40, 0), 0, L(15, 40, 50), 0, NULL, 0);
	chat(fx, 16, "aziende", "MI", "closed", L(15, 45, 0), L(15, 45, 5), L(15, 55, 5),
	    CARLA, "linea_inps", 2);
	chat(fx, 7, "lavoratori", "BA", "closed", L(15, 50, 0), L(15, 51, 0), L(16, 5, 0),
	    DARIO, "altro", 0);
	chat(fx, 18, "lavoratori", "", "abandoned", L(16, 5, 0), 0, L(16, 5, 10), 0, NULL, 0);
	chat(fx, 8, "lavoratori", "RM", "closed", L(16, 10, 0), L(16, 10, 20), L(16, 30, 20),
	    DARIO, "risolta", 5);
	chat(fx, 9, "aziende", "NA", "disconnected", L(16, 20, 0), L(16, 22, 0), L(16, 25, 0),
	    ANNA, NULL, 0);
	chat(fx, 10, "lavoratori", "PA", "active", L(16, 30, 0), L(16, 30, 10), 0, ANNA, NULL, 0);
	chat(fx, 11, "aziende", "RM", "active", L(16, 40, 0), L(16, 41, 40), 0, ELENA, NULL, 0);
	chat(fx, 15, "lavoratori", "FI", "disconnected", L(16, 45, 0), 0, L(16, 45, 9), 0, NULL,
	    0);
	chat(fx, 12, "lavoratori", "MI", "queued", L(16, 50, 0), 0, 0, 0, NULL, 0);
	chat(fx, 13, "aziende", "TO", "queued", L(16, 58, 20), 0, 0, 0, NULL, 0);
	chat(fx, 14, "lavoratori", "RM", "queued", L(16, 59, 0), 0, 0, 0, NULL, 0);

	/*
	 * Reports: today DCM-RM at 00:10 local (22:10 UTC of the 18th: today
	 * by the local day) and 16:45, DCM-MI at 15:30; yesterday DCM-MI at
	 * 23:30 local (21:30 UTC of the 18th).
	 */
	report(fx, 1, "DCM-MI", Y(23, 30, 0));
	report(fx, 2, "DCM-RM", L(0, 10, 0));
	report(fx, 3, "DCM-MI", L(15, 30, 0));
	report(fx, 4, "DCM-RM", L(16, 45, 0));
}

static void
test_defaults_assumed(void **state)
{
	struct fx *fx = *state;

	/* The hand-worked figures below rest on these defaults. */
	assert_string_equal(fx->conf->service.timezone, "Europe/Rome");
	assert_int_equal(fx->conf->queue.service_level_seconds, 60);
	assert_int_equal(fx->conf->queue.abandon_min_seconds, 10);
	assert_int_equal(fx->conf->queue.max_chats_per_advisor, 3);
	assert_int_equal(fx->conf->service.open[4], 15 * 60);
	assert_int_equal(fx->conf->service.close[4], 18 * 60);
	assert_int_equal(day_weekday(day_from_ymd(2026, 6, 19)), 4);	/* Friday */
	/* 15:00 local is 13:00 UTC in June. */
	assert_int_equal(L(15, 0, 0), (int64_t)calendar_to_utc(CALENDAR_TZ_ROME,
	    day_from_ymd(2026, 6, 19), 15 * 60));
}

static void
test_live_fixed_day(void **state)
{
	struct fx *fx = *state;
	struct stats_live live;
	struct stats *s;
	const struct stats_figures *f;
	const struct stats_channel_now *w, *a;
	const struct stats_advisor *adv;
	int h;

	fixed_day(fx);
	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);
	memset(&live, 0, sizeof live);
	assert_int_equal(stats_live_refresh(s, NOW, &live), 0);
	assert_int_equal(live.day, day_from_ymd(2026, 6, 19));
	assert_int_equal(live.service, SERVICE_OPEN);

	/*
	 * Today, both channels (c1..c16, c18; yesterday's c100..c102 left out):
	 *   answered  c1 c2 c3 c7 c8 c9 c10 c11 c16          = 9
	 *   abandoned c5 (120) c6 (50, disconnected) c18 (10) = 3
	 *   short     c4 (5) c15 (9)                          = 2, not offered
	 *   unserved  none; waiting c12 c13 c14               = 3
	 *   offered   9 + 3 + 0 + 3                           = 15
	 *   in progress c10 c11 = 2; handled (ended) c1 c2 c3 c7 c8 c9 c16 = 7
	 *   handle sum 600+780+900+840+1200+180+600 = 5100 -> AHT 5100/7
	 *   wait sum 30+120+45+60+20+120+10+100+5 = 510   -> ASA 510/9
	 *   within 60 s: c1 c3 c7 c8 c10 c16 = 6; settled = offered - waiting = 12
	 *   service level 6/12, abandon rate 3/12
	 *   outcomes: risolta c1 c3 c8 = 3, linea c2 c16 = 2, altro c7 = 1 (6)
	 *   surveys 5 + 3 + 4 + 5 + 2 = 19 over 5 -> 3.8
	 */
	f = &live.today;
	assert_int_equal(f->offered, 15);
	assert_int_equal(f->answered, 9);
	assert_int_equal(f->abandoned, 3);
	assert_int_equal(f->short_abandoned, 2);
	assert_int_equal(f->unserved, 0);
	assert_int_equal(f->waiting, 3);
	assert_int_equal(f->in_progress, 2);
	assert_int_equal(f->handled, 7);
	assert_int_equal(f->handle_sum, 5100);
	assert_int_equal(f->wait_sum, 510);
	assert_int_equal(f->answered_in_sl, 6);
	assert_ratio(f->abandon_rate, 3, 12);
	assert_ratio(f->service_level, 6, 12);
	assert_ratio(f->asa, 510, 9);
	assert_ratio(f->aht, 5100, 7);
	assert_int_equal(f->outcomes[OUTCOME_RESOLVED], 3);
	assert_int_equal(f->outcomes[OUTCOME_LINEA_INPS], 2);
	assert_int_equal(f->outcomes[OUTCOME_OTHER], 1);
	assert_ratio(f->resolved_share, 3, 6);
	assert_ratio(f->forwarded_share, 2, 6);
	assert_int_equal(f->surveys, 5);
	assert_int_equal(f->survey_sum, 19);
	assert_ratio(f->satisfaction, 19, 5);

	/*
	 * lavoratori: c1 c2 c4 c5 c7 c8 c10 c12 c14 c15 c18
	 *   answered c1 c2 c7 c8 c10 = 5, abandoned c5 c18 = 2, short c4 c15,
	 *   waiting c12 c14 = 2, offered 9, settled 7; within 60 s c1 c7 c8 c10
	 *   = 4; handled c1 c2 c7 c8: 600+780+840+1200 = 3420 / 4; waits
	 *   30+120+60+20+10 = 240 / 5; outcomes risolta 2, linea 1, altro 1;
	 *   scores 5 3 5 = 13 / 3
	 */
	f = &live.today_channel[CHANNEL_WORKERS];
	assert_int_equal(f->offered, 9);
	assert_int_equal(f->answered, 5);
	assert_int_equal(f->abandoned, 2);
	assert_int_equal(f->short_abandoned, 2);
	assert_int_equal(f->waiting, 2);
	assert_int_equal(f->in_progress, 1);
	assert_int_equal(f->handled, 4);
	assert_ratio(f->abandon_rate, 2, 7);
	assert_ratio(f->service_level, 4, 7);
	assert_ratio(f->asa, 240, 5);
	assert_ratio(f->aht, 3420, 4);
	assert_ratio(f->resolved_share, 2, 4);
	assert_ratio(f->forwarded_share, 1, 4);
	assert_ratio(f->satisfaction, 13, 3);
	/*
	 * aziende: c3 c6 c9 c11 c13 c16
	 *   answered c3 c9 c11 c16 = 4, abandoned c6, waiting c13, offered 6,
	 *   settled 5; within 60 s c3 c16 = 2; handled c3 c9 c16: 900+180+600 =
	 *   1680 / 3; waits 45+120+100+5 = 270 / 4; risolta 1, linea 1; scores
	 *   4 2 = 6 / 2
	 */
	f = &live.today_channel[CHANNEL_COMPANIES];
	assert_int_equal(f->offered, 6);
	assert_int_equal(f->answered, 4);
	assert_int_equal(f->abandoned, 1);
	assert_int_equal(f->short_abandoned, 0);
	assert_int_equal(f->waiting, 1);
	assert_int_equal(f->in_progress, 1);
	assert_int_equal(f->handled, 3);
	assert_ratio(f->abandon_rate, 1, 5);
	assert_ratio(f->service_level, 2, 5);
	assert_ratio(f->asa, 270, 4);
	assert_ratio(f->aht, 1680, 3);
	assert_ratio(f->resolved_share, 1, 2);
	assert_ratio(f->forwarded_share, 1, 2);
	assert_ratio(f->satisfaction, 6, 2);

	/*
	 * Now, per channel.
	 *   lavoratori: waiting c12 (600 s) c14 (60 s); in progress c10.
	 *     Serving it and online: anna busy, bruno available, carla paused,
	 *     gino available.  Free slots (declared available, not paused):
	 *     anna 3-1, bruno 3, gino 3 = 8.
	 *   aziende: waiting c13 (100 s); in progress c11 and yesterday's c102.
	 *     Online: anna busy, carla paused, elena busy (2 chats), gino
	 *     available.  Free slots: anna 2, elena 1, gino 3 = 6.
	 */
	w = &live.channel[CHANNEL_WORKERS];
	assert_int_equal(w->waiting, 2);
	assert_int_equal(w->longest_wait, 600);
	assert_int_equal(w->in_progress, 1);
	assert_int_equal(w->available, 2);
	assert_int_equal(w->busy, 1);
	assert_int_equal(w->paused, 1);
	assert_int_equal(w->free_slots, 8);
	a = &live.channel[CHANNEL_COMPANIES];
	assert_int_equal(a->waiting, 1);
	assert_int_equal(a->longest_wait, 100);
	assert_int_equal(a->in_progress, 2);
	assert_int_equal(a->available, 1);
	assert_int_equal(a->busy, 2);
	assert_int_equal(a->paused, 1);
	assert_int_equal(a->free_slots, 6);

	/*
	 * Advisors listed (online, holding chats or handled today), by name:
	 *   Anna Bianchi  busy        1 in progress (c10), handled c1 c9: (600+180)/2
	 *   Bruno Verdi   available   0, handled c2: 780
	 *   Carla Neri    paused      0, handled c16: 600
	 *   Dario Gialli  offline     0, handled c7 c8: (840+1200)/2
	 *   Elena Rosa    busy        2 (c11, c102), handled c3: 900
	 *   Gino Blu      available   0, none: AHT undefined
	 */
	assert_int_equal(live.nadvisors, 6);
	adv = &live.advisors[0];
	assert_string_equal(adv->name, "Anna Bianchi");
	assert_string_equal(adv->login, "anna");
	assert_int_equal(adv->state, STATS_BUSY);
	assert_int_equal(adv->in_progress, 1);
	assert_int_equal(adv->handled, 2);
	assert_ratio(adv->aht, 780, 2);
	adv = &live.advisors[1];
	assert_string_equal(adv->name, "Bruno Verdi");
	assert_int_equal(adv->state, STATS_AVAILABLE);
	assert_int_equal(adv->in_progress, 0);
	assert_int_equal(adv->handled, 1);
	assert_ratio(adv->aht, 780, 1);
	adv = &live.advisors[2];
	assert_string_equal(adv->name, "Carla Neri");
	assert_int_equal(adv->state, STATS_PAUSED);
	assert_int_equal(adv->handled, 1);
	assert_ratio(adv->aht, 600, 1);
	adv = &live.advisors[3];
	assert_string_equal(adv->name, "Dario Gialli");
	assert_int_equal(adv->state, STATS_OFFLINE);
	assert_int_equal(adv->in_progress, 0);
	assert_int_equal(adv->handled, 2);
	assert_ratio(adv->aht, 2040, 2);
	adv = &live.advisors[4];
	assert_string_equal(adv->name, "Elena Rosa");
	assert_int_equal(adv->state, STATS_BUSY);
	assert_int_equal(adv->in_progress, 2);
	assert_int_equal(adv->handled, 1);
	assert_ratio(adv->aht, 900, 1);
	adv = &live.advisors[5];
	assert_string_equal(adv->name, "Gino Blu");
	assert_int_equal(adv->state, STATS_AVAILABLE);
	assert_int_equal(adv->handled, 0);
	assert_undefined(adv->aht);
	assert_string_equal(stats_advisor_state_label(live.advisors[0].state), "occupato");

	/*
	 * Bars by local hour of queuing, service hours 15-18:
	 *   15: c1 c2 c3 c4 c5 c6 c16 c7: offered 7 (c4 short), answered c1 c2 c3
	 *       c16 c7 = 5, abandoned c5 c6 = 2
	 *   16: c18 c8 c9 c10 c11 c15 c12 c13 c14: offered 8 (c15 short),
	 *       answered c8 c9 c10 c11 = 4, abandoned c18 = 1
	 *   17: nothing yet
	 */
	assert_int_equal(live.hour_from, 15);
	assert_int_equal(live.hour_to, 18);
	assert_int_equal(live.hours[15].offered, 7);
	assert_int_equal(live.hours[15].answered, 5);
	assert_int_equal(live.hours[15].abandoned, 2);
	assert_int_equal(live.hours[16].offered, 8);
	assert_int_equal(live.hours[16].answered, 4);
	assert_int_equal(live.hours[16].abandoned, 1);
	assert_int_equal(live.hours[17].offered, 0);
	for (h = 0; h < 24; h++)
		if (h != 15 && h != 16)
			assert_int_equal(live.hours[h].offered + live.hours[h].answered +
			    live.hours[h].abandoned, 0);

	/* Reports today: DCM-RM 2 (00:10 and 16:45), DCM-MI 1 (15:30). */
	assert_int_equal(live.reports, 3);
	assert_int_equal(live.noffices, 2);
	assert_string_equal(live.offices[0].code, "DCM-RM");
	assert_string_equal(live.offices[0].name, "Direzione di coordinamento metropolitano di Roma");
	assert_int_equal(live.offices[0].reports, 2);
	assert_string_equal(live.offices[1].code, "DCM-MI");
	assert_int_equal(live.offices[1].reports, 1);

	/*
	 * A second refresh reuses the arrays and gives the same; a minute
	 * later the waits grow by 60 s and anna's heartbeat (70 s) still holds.
	 */
	assert_int_equal(stats_live_refresh(s, NOW + 60, &live), 0);
	assert_int_equal(live.today.offered, 15);
	assert_int_equal(live.channel[CHANNEL_WORKERS].longest_wait, 660);
	assert_int_equal(live.channel[CHANNEL_COMPANIES].longest_wait, 160);
	assert_int_equal(live.nadvisors, 5);	/* gino's beat is now 150 s old */
	assert_int_equal(live.channel[CHANNEL_WORKERS].available, 1);
	assert_int_equal(live.channel[CHANNEL_WORKERS].free_slots, 5);

	stats_live_clear(&live);
	stats_free(s);
}

static const struct stats_group *
group(const struct stats_history *h, size_t i, const char *label)
{
	if (i >= h->ngroups)
		fail_msg("group %zu of %zu", i, h->ngroups);
	if (strcmp(h->groups[i].label, label) != 0)
		fail_msg("group %zu is \"%s\", want \"%s\"", i, h->groups[i].label, label);
	return &h->groups[i];
}

static void
test_history_fixed_day(void **state)
{
	struct fx *fx = *state;
	struct stats_history h;
	struct stats *s;
	const struct stats_figures *f;
	int32_t d = day_from_ymd(2026, 6, 19);

	fixed_day(fx);
	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);

	/* The day alone: the same figures as the live "today". */
	assert_int_equal(stats_history(s, d, d, STATS_BY_NONE, &h), 0);
	assert_int_equal(h.ngroups, 0);
	assert_int_equal(h.total.offered, 15);
	assert_int_equal(h.total.answered, 9);
	assert_ratio(h.total.service_level, 6, 12);
	assert_ratio(h.total.aht, 5100, 7);
	assert_int_equal(h.reports, 3);
	stats_history_clear(&h);

	/*
	 * Yesterday and today.  Yesterday: c100 answered (wait 10, handle 600,
	 * risolta, score 1), c101 unserved, c102 answered (wait 60), in progress:
	 * offered 3, settled 3, within 60 s 2, abandon 0/3, ASA 70/2, AHT 600.
	 * Both days: offered 18, answered 11, abandoned 3, short 2, unserved 1,
	 * waiting 3, in progress 3, handled 8 (5700 s), waits 580, within 60 s 8,
	 * settled 15; outcomes 4 / 2 / 1; scores 20 over 6.
	 */
	assert_int_equal(stats_history(s, d - 1, d, STATS_BY_DAY, &h), 0);
	assert_int_equal(h.ngroups, 2);
	f = &group(&h, 0, "2026-06-18")->f;
	assert_int_equal(f->offered, 3);
	assert_int_equal(f->answered, 2);
	assert_int_equal(f->unserved, 1);
	assert_int_equal(f->in_progress, 1);
	assert_int_equal(f->handled, 1);
	assert_ratio(f->abandon_rate, 0, 3);
	assert_ratio(f->service_level, 2, 3);
	assert_ratio(f->asa, 70, 2);
	assert_ratio(f->aht, 600, 1);
	assert_ratio(f->resolved_share, 1, 1);
	assert_ratio(f->forwarded_share, 0, 1);
	assert_ratio(f->satisfaction, 1, 1);
	f = &group(&h, 1, "2026-06-19")->f;
	assert_int_equal(f->offered, 15);
	assert_ratio(f->abandon_rate, 3, 12);
	f = &h.total;
	assert_int_equal(f->offered, 18);
	assert_int_equal(f->answered, 11);
	assert_int_equal(f->abandoned, 3);
	assert_int_equal(f->short_abandoned, 2);
	assert_int_equal(f->unserved, 1);
	assert_int_equal(f->waiting, 3);
	assert_int_equal(f->in_progress, 3);
	assert_int_equal(f->handled, 8);
	assert_ratio(f->aht, 5700, 8);
	assert_ratio(f->asa, 580, 11);
	assert_ratio(f->service_level, 8, 15);
	assert_ratio(f->abandon_rate, 3, 15);
	assert_ratio(f->resolved_share, 4, 7);
	assert_ratio(f->forwarded_share, 2, 7);
	assert_ratio(f->satisfaction, 20, 6);
	/* Reports of both days: DCM-MI 2, DCM-RM 2 (a tie: by code). */
	assert_int_equal(h.reports, 4);
	assert_int_equal(h.noffices, 2);
	assert_string_equal(h.offices[0].code, "DCM-MI");
	assert_int_equal(h.offices[0].reports, 2);
	assert_string_equal(h.offices[1].code, "DCM-RM");
	assert_int_equal(h.offices[1].reports, 2);
	stats_history_clear(&h);

	/*
	 * By hour over both days: 15-18 listed even when empty.
	 *   15: today's 7 offered, 5 answered, 2 abandoned
	 *   16: today's 8 + c100 = 9 offered, 4 + 1 = 5 answered, 1 abandoned
	 *   17: c101 (unserved) c102 (answered) = 2 offered, 1 answered
	 */
	assert_int_equal(stats_history(s, d - 1, d, STATS_BY_HOUR, &h), 0);
	assert_int_equal(h.ngroups, 3);
	f = &group(&h, 0, "15")->f;
	assert_int_equal(f->offered, 7);
	assert_int_equal(f->answered, 5);
	assert_int_equal(f->abandoned, 2);
	f = &group(&h, 1, "16")->f;
	assert_int_equal(f->offered, 9);
	assert_int_equal(f->answered, 5);
	assert_int_equal(f->abandoned, 1);
	f = &group(&h, 2, "17")->f;
	assert_int_equal(f->offered, 2);
	assert_int_equal(f->answered, 1);
	assert_int_equal(f->unserved, 1);
	stats_history_clear(&h);

	/*
	 * By advisor, today, by name, then the chats no advisor took:
	 *   anna  c1 c9 c10: answered 3, handled 2 (780), waits 30+120+10
	 *   bruno c2; carla c16; dario c7 c8: waits 60+20, handle 2040
	 *   elena c3 c11: in progress 1
	 *   -     c4 c5 c6 c12 c13 c14 c15 c18: offered 6 (3 abandoned, 3
	 *         waiting), 2 short; answered 0, ASA undefined
	 */
	assert_int_equal(stats_history(s, d, d, STATS_BY_ADVISOR, &h), 0);
	assert_int_equal(h.ngroups, 6);
	f = &group(&h, 0, "anna")->f;
	assert_string_equal(h.groups[0].name, "Anna Bianchi");
	assert_int_equal(f->answered, 3);
	assert_int_equal(f->handled, 2);
	assert_int_equal(f->in_progress, 1);
	assert_ratio(f->asa, 160, 3);
	assert_ratio(f->aht, 780, 2);
	assert_ratio(f->service_level, 2, 3);
	f = &group(&h, 1, "bruno")->f;
	assert_int_equal(f->answered, 1);
	assert_ratio(f->forwarded_share, 1, 1);
	f = &group(&h, 2, "carla")->f;
	assert_ratio(f->satisfaction, 2, 1);
	f = &group(&h, 3, "dario")->f;
	assert_ratio(f->asa, 80, 2);
	assert_ratio(f->aht, 2040, 2);
	assert_int_equal(f->surveys, 1);	/* c7 has no score */
	assert_ratio(f->satisfaction, 5, 1);
	f = &group(&h, 4, "elena")->f;
	assert_int_equal(f->answered, 2);
	assert_int_equal(f->in_progress, 1);
	f = &group(&h, 5, "-")->f;
	assert_string_equal(h.groups[5].name, "(nessun operatore)");
	assert_int_equal(f->offered, 6);
	assert_int_equal(f->abandoned, 3);
	assert_int_equal(f->waiting, 3);
	assert_int_equal(f->short_abandoned, 2);
	assert_ratio(f->abandon_rate, 3, 3);
	assert_undefined(f->asa);
	assert_undefined(f->aht);
	stats_history_clear(&h);

	/* By channel, today: as the live per-channel figures. */
	assert_int_equal(stats_history(s, d, d, STATS_BY_CHANNEL, &h), 0);
	assert_int_equal(h.ngroups, 2);
	assert_int_equal(group(&h, 0, "lavoratori")->f.offered, 9);
	assert_ratio(h.groups[0].f.service_level, 4, 7);
	assert_int_equal(group(&h, 1, "aziende")->f.offered, 6);
	assert_ratio(h.groups[1].f.aht, 1680, 3);
	stats_history_clear(&h);

	/*
	 * By province, today, in sigla order with the unknown first:
	 *   -  c18 (abandoned)           offered 1
	 *   BA c7                        offered 1, answered 1
	 *   FI c15 (short)               offered 0, short 1
	 *   MI c2 c6 c12 c16             offered 4: answered 2, abandoned 1, waiting 1
	 *   NA c4 (short) c9             offered 1, short 1
	 *   PA c10                       offered 1
	 *   RM c1 c5 c8 c11 c14          offered 5: answered 3, abandoned 1, waiting 1
	 *   TO c3 c13                    offered 2
	 */
	assert_int_equal(stats_history(s, d, d, STATS_BY_PROVINCE, &h), 0);
	assert_int_equal(h.ngroups, 8);
	assert_int_equal(group(&h, 0, "-")->f.abandoned, 1);
	assert_int_equal(group(&h, 1, "BA")->f.answered, 1);
	assert_int_equal(group(&h, 2, "FI")->f.offered, 0);
	assert_int_equal(h.groups[2].f.short_abandoned, 1);
	f = &group(&h, 3, "MI")->f;
	assert_int_equal(f->offered, 4);
	assert_int_equal(f->answered, 2);
	assert_int_equal(f->abandoned, 1);
	assert_int_equal(f->waiting, 1);
	assert_int_equal(group(&h, 4, "NA")->f.offered, 1);
	assert_int_equal(h.groups[4].f.short_abandoned, 1);
	assert_int_equal(group(&h, 5, "PA")->f.in_progress, 1);
	f = &group(&h, 6, "RM")->f;
	assert_int_equal(f->offered, 5);
	assert_int_equal(f->answered, 3);
	assert_int_equal(f->abandoned, 1);
	assert_int_equal(f->waiting, 1);
	assert_int_equal(group(&h, 7, "TO")->f.offered, 2);
	stats_history_clear(&h);

	/* A weekend alone: no open day, no chats, no groups by day. */
	assert_int_equal(stats_history(s, d + 1, d + 2, STATS_BY_DAY, &h), 0);
	assert_int_equal(h.ngroups, 0);
	assert_int_equal(h.total.offered, 0);
	assert_undefined(h.total.service_level);
	stats_history_clear(&h);

	assert_int_equal(stats_history(s, d, d - 1, STATS_BY_DAY, &h), ERR_INVALID);
	stats_free(s);
}

/*
 * 29 March 2026, the Sunday summer time starts: local 02:00 CET becomes
 * 03:00 CEST at 01:00 UTC, and the local day runs from 23:00 UTC of the 28th
 * to 22:00 UTC of the 29th (23 hours).  The service is opened all Sunday for
 * the test.
 */
static void
test_dst_spring(void **state)
{
	struct fx *fx = *state;
	struct stats_history h;
	struct stats_live live;
	struct stats *s;
	int32_t d = day_from_ymd(2026, 3, 29);
	int i;

	assert_int_equal(day_weekday(d), 6);
	fx->conf->service.open[6] = 0;
	fx->conf->service.close[6] = 1440;
	account(fx, 1, "RSSMRA85T10A562S", "worker", "Mario Rossi");
	/* Queued and abandoned after 60 s; the local time in the comment. */
	chat(fx, 1, "lavoratori", "RM", "abandoned", utc(2026, 3, 28, 22, 59, 59),
	    0, utc(2026, 3, 28, 23, 0, 59), 0, NULL, 0);		/* 28th 23:59:59 CET */
	chat(fx, 2, "lavoratori", "RM", "abandoned", utc(2026, 3, 28, 23, 0, 0),
	    0, utc(2026, 3, 28, 23, 1, 0), 0, NULL, 0);		/* 29th 00:00:00 CET */
	chat(fx, 3, "lavoratori", "RM", "abandoned", utc(2026, 3, 29, 0, 59, 59),
	    0, utc(2026, 3, 29, 1, 0, 59), 0, NULL, 0);		/* 01:59:59 CET */
	chat(fx, 4, "lavoratori", "RM", "abandoned", utc(2026, 3, 29, 1, 0, 0),
	    0, utc(2026, 3, 29, 1, 1, 0), 0, NULL, 0);		/* 03:00:00 CEST */
	chat(fx, 5, "lavoratori", "RM", "abandoned", utc(2026, 3, 29, 13, 30, 0),
	    0, utc(2026, 3, 29, 13, 31, 0), 0, NULL, 0);		/* 15:30 CEST */
	chat(fx, 6, "lavoratori", "RM", "abandoned", utc(2026, 3, 29, 21, 58, 0),
	    0, utc(2026, 3, 29, 21, 59, 0), 0, NULL, 0);		/* 23:58 CEST */
	chat(fx, 7, "lavoratori", "RM", "abandoned", utc(2026, 3, 29, 22, 0, 0),
	    0, utc(2026, 3, 29, 22, 1, 0), 0, NULL, 0);		/* 30th 00:00 CEST */
	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);

	/* Days: the 28th has chat 1, the 29th chats 2-6, the 30th chat 7. */
	assert_int_equal(stats_history(s, d - 1, d + 1, STATS_BY_DAY, &h), 0);
	assert_int_equal(h.ngroups, 3);	/* the 28th is a Saturday with a chat */
	assert_int_equal(group(&h, 0, "2026-03-28")->f.offered, 1);
	assert_int_equal(group(&h, 1, "2026-03-29")->f.offered, 5);
	assert_int_equal(group(&h, 2, "2026-03-30")->f.offered, 1);
	stats_history_clear(&h);

	/* Hours of the 29th: 0, 1, (no 2), 3, 15, 23; all 24 listed (open all day). */
	assert_int_equal(stats_history(s, d, d, STATS_BY_HOUR, &h), 0);
	assert_int_equal(h.ngroups, 24);
	for (i = 0; i < 24; i++) {
		int want = i == 0 || i == 1 || i == 3 || i == 15 || i == 23;

		assert_int_equal(h.groups[i].key, i);
		assert_int_equal(h.groups[i].f.offered, want);
	}
	stats_history_clear(&h);

	/* Live at 23:59:30 CEST: the same bars, the whole day as window. */
	memset(&live, 0, sizeof live);
	assert_int_equal(stats_live_refresh(s, utc(2026, 3, 29, 21, 59, 30), &live), 0);
	assert_int_equal(live.day, d);
	assert_int_equal(live.today.offered, 5);
	assert_int_equal(live.today.abandoned, 5);
	assert_int_equal(live.hours[0].offered, 1);
	assert_int_equal(live.hours[1].offered, 1);
	assert_int_equal(live.hours[2].offered, 0);
	assert_int_equal(live.hours[3].offered, 1);
	assert_int_equal(live.hours[15].offered, 1);
	assert_int_equal(live.hours[23].offered, 1);
	assert_int_equal(live.hour_from, 0);
	assert_int_equal(live.hour_to, 24);
	stats_live_clear(&live);

	/*
	 * With Sunday closed again the window is only the hours with chats,
	 * widened from nothing to 0..24 (the first at 0, the last at 23).
	 */
	stats_free(s);
	fx->conf->service.open[6] = fx->conf->service.close[6] = 0;
	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);
	memset(&live, 0, sizeof live);
	assert_int_equal(stats_live_refresh(s, utc(2026, 3, 29, 21, 59, 30), &live), 0);
	assert_int_equal(live.service, SERVICE_CLOSED);
	assert_int_equal(live.hour_from, 0);
	assert_int_equal(live.hour_to, 24);
	stats_live_clear(&live);
	stats_free(s);
}

/*
 * 25 October 2026, the Sunday summer time ends: 03:00 CEST becomes 02:00
 * CET at 01:00 UTC, so local 02:00-02:59 happens twice and the local day
 * runs from 22:00 UTC of the 24th to 23:00 UTC of the 25th (25 hours).
 */
static void
test_dst_autumn(void **state)
{
	struct fx *fx = *state;
	struct stats_history h;
	struct stats *s;
	int32_t d = day_from_ymd(2026, 10, 25);

	assert_int_equal(day_weekday(d), 6);
	account(fx, 1, "RSSMRA85T10A562S", "worker", "Mario Rossi");
	chat(fx, 1, "aziende", "MI", "queued", utc(2026, 10, 24, 21, 59, 59), 0, 0, 0, NULL, 0);
	/* 24th 23:59:59 CEST */
	chat(fx, 2, "aziende", "MI", "queued", utc(2026, 10, 24, 22, 0, 0), 0, 0, 0, NULL, 0);
	/* 00:00 CEST, hour 0 */
	chat(fx, 3, "aziende", "MI", "queued", utc(2026, 10, 24, 23, 59, 59), 0, 0, 0, NULL, 0);
	/* 01:59:59 CEST, hour 1 */
	chat(fx, 4, "aziende", "MI", "queued", utc(2026, 10, 25, 0, 0, 0), 0, 0, 0, NULL, 0);
	/* 02:00 CEST, hour 2 */
	chat(fx, 5, "aziende", "MI", "queued", utc(2026, 10, 25, 0, 30, 0), 0, 0, 0, NULL, 0);
	/* 02:30 CEST, hour 2 */
	chat(fx, 6, "aziende", "MI", "queued", utc(2026, 10, 25, 1, 30, 0), 0, 0, 0, NULL, 0);
	/* 02:30 CET, hour 2 again */
	chat(fx, 7, "aziende", "MI", "queued", utc(2026, 10, 25, 2, 0, 0), 0, 0, 0, NULL, 0);
	/* 03:00 CET, hour 3 */
	chat(fx, 8, "aziende", "MI", "queued", utc(2026, 10, 25, 22, 59, 59), 0, 0, 0, NULL, 0);
	/* 23:59:59 CET, hour 23 */
	chat(fx, 9, "aziende", "MI", "queued", utc(2026, 10, 25, 23, 0, 0), 0, 0, 0, NULL, 0);
	/* 26th 00:00 CET */
	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);

	assert_int_equal(stats_history(s, d, d, STATS_BY_HOUR, &h), 0);
	/* Sunday is closed: only the hours with chats, 0 1 2 3 23. */
	assert_int_equal(h.ngroups, 5);
	assert_int_equal(group(&h, 0, "00")->f.offered, 1);
	assert_int_equal(group(&h, 1, "01")->f.offered, 1);
	assert_int_equal(group(&h, 2, "02")->f.offered, 3);
	assert_int_equal(group(&h, 3, "03")->f.offered, 1);
	assert_int_equal(group(&h, 4, "23")->f.offered, 1);
	assert_int_equal(h.total.offered, 7);
	assert_int_equal(h.total.waiting, 7);
	assert_undefined(h.total.abandon_rate);	/* nothing settled */
	stats_history_clear(&h);

	assert_int_equal(stats_history(s, d - 1, d + 1, STATS_BY_DAY, &h), 0);
	assert_int_equal(h.ngroups, 3);
	assert_int_equal(group(&h, 0, "2026-10-24")->f.offered, 1);
	assert_int_equal(group(&h, 1, "2026-10-25")->f.offered, 7);
	assert_int_equal(group(&h, 2, "2026-10-26")->f.offered, 1);	/* a Monday */
	stats_history_clear(&h);
	stats_free(s);
}

static void
test_kinds_and_states(void **state)
{
	struct stats_config cfg;
	struct stats_chat c;
	struct stats_figures f;
	struct fx *fx = *state;

	assert_int_equal(stats_config_from_conf(&cfg, fx->conf), 0);
	memset(&c, 0, sizeof c);
	c.queued_at = 1000;
	c.outcome = -1;
	c.state = CHAT_QUEUED;
	assert_int_equal(stats_chat_kind(&c, &cfg), STATS_WAITING);
	c.state = CHAT_ABANDONED;
	c.ended_at = 1009;
	assert_int_equal(stats_chat_kind(&c, &cfg), STATS_SHORT_ABANDON);
	c.ended_at = 1010;
	assert_int_equal(stats_chat_kind(&c, &cfg), STATS_ABANDONED);
	c.state = CHAT_DISCONNECTED;
	assert_int_equal(stats_chat_kind(&c, &cfg), STATS_ABANDONED);
	c.ended_at = 1000;
	assert_int_equal(stats_chat_kind(&c, &cfg), STATS_SHORT_ABANDON);
	c.state = CHAT_CLOSED;
	c.ended_at = 5000;
	assert_int_equal(stats_chat_kind(&c, &cfg), STATS_UNSERVED);
	c.taken_at = 1061;
	assert_int_equal(stats_chat_kind(&c, &cfg), STATS_ANSWERED);

	/* 61 s is past the 60 s target; 4 s of handling after the take. */
	memset(&f, 0, sizeof f);
	c.ended_at = 1065;
	stats_figures_add(&f, &c, &cfg);
	stats_figures_finish(&f);
	assert_int_equal(f.answered_in_sl, 0);
	assert_ratio(f.service_level, 0, 1);
	assert_ratio(f.aht, 4, 1);
	assert_ratio(f.asa, 61, 1);
	assert_undefined(f.resolved_share);
	assert_undefined(f.satisfaction);

	/* Nothing at all: every ratio undefined. */
	memset(&f, 0, sizeof f);
	stats_figures_finish(&f);
	assert_undefined(f.abandon_rate);
	assert_undefined(f.service_level);
	assert_undefined(f.asa);
	assert_undefined(f.aht);
	assert_undefined(f.forwarded_share);

	/* Advisor states at now = 1000. */
	assert_int_equal(stats_advisor_state(ADVISOR_OFFLINE, 1000, 0, 1000), STATS_OFFLINE);
	assert_int_equal(stats_advisor_state(ADVISOR_OFFLINE, 1000, 2, 1000), STATS_OFFLINE);
	assert_int_equal(stats_advisor_state(ADVISOR_AVAILABLE, 909, 0, 1000), STATS_OFFLINE);
	assert_int_equal(stats_advisor_state(ADVISOR_AVAILABLE, 910, 0, 1000), STATS_AVAILABLE);
	assert_int_equal(stats_advisor_state(ADVISOR_AVAILABLE, 910, 1, 1000), STATS_BUSY);
	assert_int_equal(stats_advisor_state(ADVISOR_PAUSED, 1000, 0, 1000), STATS_PAUSED);
	assert_int_equal(stats_advisor_state(ADVISOR_PAUSED, 1000, 1, 1000), STATS_BUSY);

	assert_int_equal(stats_by_parse("province"), STATS_BY_PROVINCE);
	assert_int_equal(stats_by_parse("giorno"), ERR_INVALID);
	assert_int_equal(stats_by_parse(""), ERR_INVALID);
	assert_int_equal(chat_channel_parse("aziende"), CHANNEL_COMPANIES);
	assert_int_equal(chat_channel_parse("x"), ERR_INVALID);
}

static void
test_format(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(stats_format_duration(45, b, sizeof b), "0:45");
	assert_string_equal(stats_format_duration(728.571, b, sizeof b), "12:09");
	assert_string_equal(stats_format_duration(3723, b, sizeof b), "1:02:03");
	assert_string_equal(stats_format_duration(59.5, b, sizeof b), "1:00");
	assert_string_equal(stats_format_duration(-1, b, sizeof b), "-");
	assert_string_equal(stats_format_percent(2.0 / 11.0, b, sizeof b), "18,2%");
	assert_string_equal(stats_format_percent(1, b, sizeof b), "100,0%");
	assert_string_equal(stats_format_percent(-1, b, sizeof b), "-");
	assert_string_equal(stats_format_score(19.0 / 5.0, b, sizeof b), "3,8");
	assert_string_equal(stats_format_score(-1, b, sizeof b), "-");
	assert_string_equal(stats_advisor_state_label(STATS_PAUSED), "in pausa");
	assert_string_equal(stats_advisor_state_label(STATS_OFFLINE), "non collegato");
}

/* An advisor with chats but no advisor_state row is still listed (offline). */
static void
test_advisor_without_state(void **state)
{
	struct fx *fx = *state;
	struct stats_live live;
	struct stats *s;

	account(fx, 1, "RSSMRA85T10A562S", "worker", "Mario Rossi");
	account(fx, 31, "zeta", "advisor", "Zeta Ultima");
	account(fx, 30, "alfa", "advisor", "Alfa Prima");
	advisor_state(fx, 30, "available", NOW, "lavoratori");
	chat(fx, 1, "lavoratori", "RM", "active", L(15, 0, 0), L(15, 1, 0), 0, 31, NULL, 0);
	chat(fx, 2, "lavoratori", "RM", "closed", L(15, 2, 0), L(15, 3, 0), L(15, 13, 0), 30,
	    "risolta", 0);
	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);
	memset(&live, 0, sizeof live);
	assert_int_equal(stats_live_refresh(s, NOW, &live), 0);
	assert_int_equal(live.nadvisors, 2);
	assert_string_equal(live.advisors[0].login, "alfa");
	assert_int_equal(live.advisors[0].state, STATS_AVAILABLE);
	assert_int_equal(live.advisors[0].handled, 1);
	assert_string_equal(live.advisors[1].login, "zeta");
	assert_int_equal(live.advisors[1].state, STATS_OFFLINE);
	assert_int_equal(live.advisors[1].in_progress, 1);
	/* zeta's chat is in progress in the channel, but zeta is not counted as busy. */
	assert_int_equal(live.channel[CHANNEL_WORKERS].in_progress, 1);
	assert_int_equal(live.channel[CHANNEL_WORKERS].busy, 0);
	assert_int_equal(live.channel[CHANNEL_WORKERS].available, 1);
	stats_live_clear(&live);
	stats_free(s);
}

/*
 * The daemons' figures: rows of several workers add up per node; a worker
 * silent for more than STATS_DAEMON_FRESH_SECONDS is left out; a row
 * replaced by the same worker counts once; a removed one is gone.
 */
static void
test_daemons_by_node(void **state)
{
	struct fx *fx = *state;
	struct store_worker_status w;
	struct stats_daemons d;
	struct stats *s;
	int64_t now = 1800000000;

	memset(&w, 0, sizeof w);
	str_lcpy(w.node, "b-host", sizeof w.node);
	w.worker = 0;
	w.seen_at = now - 5;
	w.sessions = 3;
	w.lines = 4;
	w.latency_sum_ms = 70;
	w.buckets[0] = 2;
	w.buckets[4] = 1;
	w.buckets[STORE_LATENCY_BUCKETS - 1] = 1;
	assert_int_equal(store_node_publish(fx->st, &w), 0);
	w.worker = 1;
	w.sessions = 2;
	w.unauthenticated = 1;
	assert_int_equal(store_node_publish(fx->st, &w), 0);
	/* Published again: replaces its own row. */
	w.sessions = 5;
	assert_int_equal(store_node_publish(fx->st, &w), 0);
	str_lcpy(w.node, "a-host", sizeof w.node);
	w.worker = 0;
	w.sessions = 7;
	w.seen_at = now - STATS_DAEMON_FRESH_SECONDS - 1;	/* silent: left out */
	assert_int_equal(store_node_publish(fx->st, &w), 0);
	str_lcpy(w.node, "c-host", sizeof w.node);
	w.seen_at = now;
	assert_int_equal(store_node_publish(fx->st, &w), 0);
	assert_int_equal(store_node_remove(fx->st, "c-host", 0), 0);

	assert_int_equal(stats_new(fx->st, fx->conf, &s), 0);
	assert_int_equal(stats_daemons_load(s, now, &d), 0);
	assert_int_equal(d.nnodes, 1);
	assert_string_equal(d.nodes[0].node, "b-host");
	assert_int_equal(d.nodes[0].workers, 2);
	assert_int_equal(d.nodes[0].sessions, 3 + 5);
	assert_int_equal(d.nodes[0].unauthenticated, 1);
	assert_int_equal(d.nodes[0].lines, 8);
	assert_int_equal(d.nodes[0].latency_sum_ms, 140);
	assert_int_equal(d.nodes[0].buckets[0], 4);
	assert_int_equal(d.nodes[0].buckets[4], 2);
	assert_int_equal(d.nodes[0].buckets[STORE_LATENCY_BUCKETS - 1], 2);
	stats_daemons_clear(&d);
	stats_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_daemons_by_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults_assumed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_fixed_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_fixed_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dst_spring, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dst_autumn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kinds_and_states, setup, teardown),
		cmocka_unit_test(test_format),
		cmocka_unit_test_setup_teardown(test_advisor_without_state, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
