/*
 * The statistics' aggregates (issue 19, include/store_stats.h): per local
 * day, the additive counters of the finished chats by hour, advisor, channel
 * and province, so that a history of years reads a few thousand rows instead
 * of a million chats.
 *
 * They are kept by temporary triggers that each writable connection defines
 * when it opens: whatever statement of whichever program ends a chat, records
 * its survey, resumes it or purges it runs them in its own transaction.  A
 * trigger subtracts the old row's share (when it was finished) and adds the
 * new one's, so any change of a finished chat is counted exactly once.  The
 * triggers are temporary so that the sqlite3 tool, which lacks the local-day
 * functions, can still write the table (its rows then wait for a rebuild).
 * The same SQL, over a range of chat ids, is the rebuild.  Each row is kept
 * twice, per day and per month (dimension + STORE_AGG_MONTHS, day: the
 * month's first), so that a range of years reads its whole months' rows and
 * the days of its two ends only.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "store_stats.h"
#include "store_internal.h"

#define FINISHED(row) row ".state NOT IN ('queued', 'active')"

/* The columns a chat adds to (or, with sign -1, takes from) its rows. */
#define AGG_COLS "offered, answered, abandoned, short_abandoned, unserved, in_progress," \
	" handled, answered_in_sl, wait_sum, handle_sum, resolved, forwarded, other," \
	" surveys, survey_sum"

static void
local_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv, int hour)
{
	const char *zone = (const char *)sqlite3_value_text(argv[1]);
	int tz = zone != NULL ? calendar_tz_parse(zone) : ERR_INVALID;
	int32_t day;
	int minute;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	calendar_local(tz < 0 ? CALENDAR_TZ_UTC : tz, (time_t)sqlite3_value_int64(argv[0]),
	    &day, &minute);
	sqlite3_result_int64(ctx, hour ? minute / 60 : day);
}

static void
local_day_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	local_fn(ctx, argc, argv, 0);
}

/* The first day of day's month. */
static int32_t
month_of(int32_t day)
{
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	return day_from_ymd(y, m, 1);
}

static void
local_month_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *zone = (const char *)sqlite3_value_text(argv[1]);
	int tz = zone != NULL ? calendar_tz_parse(zone) : ERR_INVALID;
	int32_t day;
	int minute;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	calendar_local(tz < 0 ? CALENDAR_TZ_UTC : tz, (time_t)sqlite3_value_int64(argv[0]),
	    &day, &minute);
	sqlite3_result_int64(ctx, month_of(day));
}

static void
local_hour_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	local_fn(ctx, argc, argv, 1);
}

/*
 * The statement that adds the share of the chats of row (NEW, OLD, or c
 * over a range of ids when rebuilding) times sign: one row per dimension,
 * summed into stats_agg.  Nothing while the aggregates are not built.
 * Returns a string the caller frees.
 */
static char *
agg_sql(const char *row, const char *sign)
{
	const char *tmpl =
	    "INSERT INTO stats_agg (dim, day, key, " AGG_COLS ")"
	    " SELECT d.dim, CASE WHEN d.dim >= 8 THEN b.month ELSE b.day END,"
	    " CASE d.dim % 8 WHEN 0 THEN b.hour WHEN 1 THEN b.adv WHEN 2 THEN b.ch ELSE b.prov END,"
	    " $ * sum(b.ans + b.ab + b.un), $ * sum(b.ans), $ * sum(b.ab), $ * sum(b.sh),"
	    " $ * sum(b.un), $ * sum(b.ip), $ * sum(b.ans AND NOT b.ip),"
	    " $ * sum(b.ans AND b.wait <= b.sl),"
	    " $ * sum(CASE WHEN b.ans THEN b.wait ELSE 0 END),"
	    " $ * sum(CASE WHEN b.ans AND NOT b.ip THEN b.hs ELSE 0 END),"
	    " $ * sum(b.o IS 'risolta'), $ * sum(b.o IS 'linea_inps'), $ * sum(b.o IS 'altro'),"
	    " $ * sum(b.sat > 0), $ * sum(b.sat)"
	    " FROM (SELECT infocig_local_day(@.queued_at, m.timezone) AS day,"
	    " infocig_local_month(@.queued_at, m.timezone) AS month,"
	    " infocig_local_hour(@.queued_at, m.timezone) AS hour,"
	    " coalesce(@.advisor_id, 0) AS adv,"
	    " CASE @.channel WHEN 'aziende' THEN 1 ELSE 0 END AS ch,"
	    " CASE WHEN length(coalesce(@.province, '')) >= 2 THEN"
	    " unicode(substr(@.province, 1, 1)) * 256 + unicode(substr(@.province, 2, 1))"
	    " ELSE 0 END AS prov,"
	    " coalesce(@.taken_at, 0) <> 0 AS ans,"
	    " coalesce(@.taken_at, 0) = 0 AND @.state IN ('abandoned', 'disconnected')"
	    " AND coalesce(@.ended_at, 0) - @.queued_at >= m.abandon_min_seconds AS ab,"
	    " coalesce(@.taken_at, 0) = 0 AND @.state IN ('abandoned', 'disconnected')"
	    " AND coalesce(@.ended_at, 0) - @.queued_at < m.abandon_min_seconds AS sh,"
	    " coalesce(@.taken_at, 0) = 0 AND @.state NOT IN ('abandoned', 'disconnected') AS un,"
	    " coalesce(@.taken_at, 0) <> 0 AND coalesce(@.ended_at, 0) = 0 AS ip,"
	    " CASE WHEN @.taken_at > @.queued_at THEN @.taken_at - @.queued_at ELSE 0 END AS wait,"
	    " CASE WHEN @.ended_at > @.taken_at THEN @.ended_at - @.taken_at ELSE 0 END AS hs,"
	    " @.outcome AS o,"
	    " CASE WHEN @.satisfaction BETWEEN 1 AND 5 THEN @.satisfaction ELSE 0 END AS sat,"
	    " m.service_level_seconds AS sl"
	    " FROM stats_agg_meta m%s WHERE m.built = 1%s) b,"
	    " (SELECT 0 AS dim UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3"
	    " UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11) d"
	    " WHERE true GROUP BY 1, 2, 3"
	    " ON CONFLICT (dim, day, key) DO UPDATE SET"
	    " offered = offered + excluded.offered, answered = answered + excluded.answered,"
	    " abandoned = abandoned + excluded.abandoned,"
	    " short_abandoned = short_abandoned + excluded.short_abandoned,"
	    " unserved = unserved + excluded.unserved,"
	    " in_progress = in_progress + excluded.in_progress,"
	    " handled = handled + excluded.handled,"
	    " answered_in_sl = answered_in_sl + excluded.answered_in_sl,"
	    " wait_sum = wait_sum + excluded.wait_sum,"
	    " handle_sum = handle_sum + excluded.handle_sum,"
	    " resolved = resolved + excluded.resolved,"
	    " forwarded = forwarded + excluded.forwarded, other = other + excluded.other,"
	    " surveys = surveys + excluded.surveys, survey_sum = survey_sum + excluded.survey_sum";
	int rebuild = strcmp(row, "c") == 0;
	char *withrange, *out;
	const char *p;
	size_t n = 0, cap;

	withrange = xasprintf(tmpl, rebuild ? ", chats c" : "",
	    rebuild ? " AND c.id > ?1 AND c.id <= ?2 AND " FINISHED("c") : "");
	cap = strlen(withrange) * 3 + 1;
	out = xmalloc(cap);
	for (p = withrange; *p != '\0'; p++) {
		const char *sub = *p == '@' ? row : *p == '$' ? sign : NULL;

		if (sub != NULL) {
			memcpy(out + n, sub, strlen(sub));
			n += strlen(sub);
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	free(withrange);
	return out;
}

/* The statement that counts a report of row (NEW or OLD) sign times. */
#define REPORT_SQL(row, sign) "INSERT INTO stats_agg (dim, day, key, offered)" \
	" SELECT 4, infocig_local_day(" row ".filed_at, m.timezone), " row ".office_id, " sign \
	" FROM stats_agg_meta m WHERE m.built = 1 UNION ALL" \
	" SELECT 12, infocig_local_month(" row ".filed_at, m.timezone), " row ".office_id, " \
	sign " FROM stats_agg_meta m WHERE m.built = 1" \
	" ON CONFLICT (dim, day, key) DO UPDATE SET offered = offered + excluded.offered"

int
store_stats_agg_attach(struct store *st)
{
	static const char cols[] = "state, queued_at, taken_at, ended_at, advisor_id,"
	    " outcome, satisfaction, channel, province";
	char *add_new, *sub_old, *sql;
	int r;

	if (sqlite3_create_function_v2(st->db, "infocig_local_day", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, local_day_fn, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "infocig_local_hour", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, local_hour_fn, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "infocig_local_month", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, local_month_fn, NULL, NULL, NULL) != SQLITE_OK)
		return ERR_IO;
	if (st->flags & STORE_READONLY)
		return 0;
	add_new = agg_sql("NEW", "1");
	sub_old = agg_sql("OLD", "-1");
	sql = xasprintf(
	    "CREATE TEMP TRIGGER IF NOT EXISTS stats_agg_insert AFTER INSERT ON main.chats"
	    " WHEN " FINISHED("NEW") " BEGIN %s; END;"
	    "CREATE TEMP TRIGGER IF NOT EXISTS stats_agg_delete AFTER DELETE ON main.chats"
	    " WHEN " FINISHED("OLD") " BEGIN %s; END;"
	    "CREATE TEMP TRIGGER IF NOT EXISTS stats_agg_update_old AFTER UPDATE OF %s"
	    " ON main.chats WHEN " FINISHED("OLD") " BEGIN %s; END;"
	    "CREATE TEMP TRIGGER IF NOT EXISTS stats_agg_update_new AFTER UPDATE OF %s"
	    " ON main.chats WHEN " FINISHED("NEW") " BEGIN %s; END;",
	    add_new, sub_old, cols, sub_old, cols, add_new);
	r = store_exec(st, sql);
	free(sql);
	free(add_new);
	free(sub_old);
	if (r < 0)
		return r;
	return store_exec(st,
	    "CREATE TEMP TRIGGER IF NOT EXISTS stats_agg_report_insert AFTER INSERT"
	    " ON main.reports BEGIN " REPORT_SQL("NEW", "1") "; END;"
	    "CREATE TEMP TRIGGER IF NOT EXISTS stats_agg_report_delete AFTER DELETE"
	    " ON main.reports BEGIN " REPORT_SQL("OLD", "-1") "; END;"
	    "CREATE TEMP TRIGGER IF NOT EXISTS stats_agg_report_update AFTER UPDATE OF"
	    " filed_at, office_id ON main.reports BEGIN " REPORT_SQL("OLD", "-1") "; "
	    REPORT_SQL("NEW", "1") "; END;");
}

int
store_stats_agg_meta(struct store *st, struct store_agg_meta *m)
{
	sqlite3_stmt *s = store_stmt(st, ST_AGG_META);
	int r;

	memset(m, 0, sizeof *m);
	if (s == NULL)
		return ERR_IO;
	if ((r = store_step_row(st, s)) < 0)
		return r;
	m->is_built = (int)store_col_i64(s, 0);
	m->built_at = store_col_i64(s, 1);
	str_lcpy(m->timezone, store_col_text(s, 2), sizeof m->timezone);
	m->service_level_seconds = (int)store_col_i64(s, 3);
	m->abandon_min_seconds = (int)store_col_i64(s, 4);
	sqlite3_reset(s);
	return 0;
}

/* The rows of dim over days from..to (ERR_* or a non-zero stop from fn). */
static int
agg_rows(struct store *st, int dim, int32_t from, int32_t to,
    int (*fn)(void *arg, int32_t day, int64_t key, const struct store_agg_counts *c),
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, ST_AGG_ROWS);
	struct store_agg_counts c;
	int rc, i, col, stop = 0;

	if (s == NULL)
		return ERR_IO;
	if (from > to)
		return 0;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	sqlite3_bind_int(s, 3, dim);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		col = 2;
		c.offered = sqlite3_column_int64(s, col++);
		c.answered = sqlite3_column_int64(s, col++);
		c.abandoned = sqlite3_column_int64(s, col++);
		c.short_abandoned = sqlite3_column_int64(s, col++);
		c.unserved = sqlite3_column_int64(s, col++);
		c.in_progress = sqlite3_column_int64(s, col++);
		c.handled = sqlite3_column_int64(s, col++);
		c.answered_in_sl = sqlite3_column_int64(s, col++);
		c.wait_sum = sqlite3_column_int64(s, col++);
		c.handle_sum = sqlite3_column_int64(s, col++);
		for (i = 0; i < CHAT_OUTCOME_COUNT; i++)
			c.outcomes[i] = sqlite3_column_int64(s, col++);
		c.surveys = sqlite3_column_int64(s, col++);
		c.survey_sum = sqlite3_column_int64(s, col++);
		if ((stop = fn(arg, (int32_t)sqlite3_column_int64(s, 0),
		    sqlite3_column_int64(s, 1), &c)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? stop : store_err(st, rc);
}

/* The whole months of from..to: [*m0, *m1), empty when *m0 >= *m1. */
static void
whole_months(int32_t from, int32_t to, int32_t *m0, int32_t *m1)
{
	*m0 = month_of(from) == from ? from : day_end_of_month(from, 0) + 1;
	*m1 = month_of(to + 1);
}

int
store_stats_agg_each(struct store *st, int dim, int32_t from, int32_t to, int by_day,
    int (*fn)(void *arg, int32_t day, int64_t key, const struct store_agg_counts *c),
    void *arg)
{
	int32_t m0, m1;
	int r;

	whole_months(from, to, &m0, &m1);
	if (by_day || m0 >= m1)
		return agg_rows(st, dim, from, to, fn, arg) < 0 ? ERR_IO : 0;
	if ((r = agg_rows(st, dim, from, m0 - 1, fn, arg)) == 0 &&
	    (r = agg_rows(st, dim + STORE_AGG_MONTHS, m0, m1 - 1, fn, arg)) == 0)
		r = agg_rows(st, dim, m1, to, fn, arg);
	return r < 0 ? r : 0;
}

int
store_stats_agg_reports(struct store *st, int32_t from, int32_t to,
    int (*fn)(void *arg, const struct stats_office *o), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, ST_AGG_REPORTS);
	int32_t m0, m1;

	if (s == NULL)
		return ERR_IO;
	whole_months(from, to, &m0, &m1);
	if (m0 >= m1)
		m0 = m1 = to + 1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, m0 - 1);
	sqlite3_bind_int64(s, 3, m0);
	sqlite3_bind_int64(s, 4, m1 - 1);
	sqlite3_bind_int64(s, 5, m1);
	sqlite3_bind_int64(s, 6, to);
	return store_stats_office_rows(st, s, fn, arg);
}

/* Chats per statement of the rebuild: a progress step, a bounded GROUP BY. */
#define REBUILD_CHUNK 20000

int
store_stats_agg_rebuild(struct store *st, const char *timezone,
    int service_level_seconds, int abandon_min_seconds,
    void (*progress)(void *arg, uint64_t done, uint64_t total), void *arg, int64_t *chats)
{
	sqlite3_stmt *s = NULL;
	char *sql;
	int64_t maxid = 0, lo;
	int r, rc;

	*chats = 0;
	if ((r = store_begin(st)) < 0)
		return r;
	sql = agg_sql("c", "1");
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		r = store_err(st, rc);
		goto out;
	}
	if ((r = store_exec(st, "DELETE FROM stats_agg")) < 0)
		goto out;
	{
		/* Run once per rebuild: prepared here rather than cached. */
		sqlite3_stmt *m = NULL;

		rc = sqlite3_prepare_v2(st->db, "UPDATE stats_agg_meta SET built = 1,"
		    " built_at = CAST(strftime('%s', 'now') AS INTEGER), timezone = ?1,"
		    " service_level_seconds = ?2, abandon_min_seconds = ?3 WHERE id = 1",
		    -1, &m, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(m, 1, timezone, -1, SQLITE_STATIC);
			sqlite3_bind_int(m, 2, service_level_seconds);
			sqlite3_bind_int(m, 3, abandon_min_seconds);
			r = store_step_done(st, m);
		} else {
			r = store_err(st, rc);
		}
		sqlite3_finalize(m);
		if (r < 0)
			goto out;
		rc = sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) FROM chats", -1, &m,
		    NULL);
		if (rc == SQLITE_OK && sqlite3_step(m) == SQLITE_ROW)
			maxid = sqlite3_column_int64(m, 0);
		else
			r = store_err(st, rc == SQLITE_OK ? sqlite3_errcode(st->db) : rc);
		sqlite3_finalize(m);
		if (r < 0)
			goto out;
	}
	for (lo = 0; lo < maxid; lo += REBUILD_CHUNK) {
		if (progress != NULL)
			progress(arg, (uint64_t)lo, (uint64_t)maxid);
		sqlite3_bind_int64(s, 1, lo);
		sqlite3_bind_int64(s, 2, lo + REBUILD_CHUNK);
		if ((r = store_step_done(st, s)) < 0)
			goto out;
		sqlite3_reset(s);
	}
	if ((r = store_exec(st, "INSERT INTO stats_agg (dim, day, key, offered)"
	    " SELECT 4, infocig_local_day(r.filed_at, m.timezone) AS d, r.office_id, count(*)"
	    " FROM reports r, stats_agg_meta m WHERE true GROUP BY d, r.office_id;"
	    "INSERT INTO stats_agg (dim, day, key, offered)"
	    " SELECT 12, infocig_local_month(r.filed_at, m.timezone) AS d, r.office_id, count(*)"
	    " FROM reports r, stats_agg_meta m WHERE true GROUP BY d, r.office_id")) < 0)
		goto out;
	if (progress != NULL)
		progress(arg, (uint64_t)maxid, (uint64_t)maxid);
	{
		sqlite3_stmt *n = NULL;

		rc = sqlite3_prepare_v2(st->db, "SELECT coalesce(sum(offered + short_abandoned), 0)"
		    " FROM stats_agg WHERE dim = 0", -1, &n, NULL);
		if (rc == SQLITE_OK && sqlite3_step(n) == SQLITE_ROW)
			*chats = sqlite3_column_int64(n, 0);
		else
			r = store_err(st, rc == SQLITE_OK ? sqlite3_errcode(st->db) : rc);
		sqlite3_finalize(n);
	}
out:
	sqlite3_finalize(s);
	if (r == 0)
		r = store_commit(st);
	if (r < 0)
		store_rollback(st);
	return r;
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_stats_agg_sql[] = {
	{ ST_AGG_META, "SELECT built, built_at, timezone, service_level_seconds,"
	    " abandon_min_seconds FROM stats_agg_meta WHERE id = 1" },
	/* Summed by the caller: cheaper than fifteen sum() per row in the engine. */
	{ ST_AGG_ROWS, "SELECT day, key, " AGG_COLS " FROM stats_agg"
	    " WHERE dim = ?3 AND day >= ?1 AND day <= ?2" },
	{ ST_AGG_REPORTS, "SELECT o.id, o.code, o.name, r.n FROM"
	    " (SELECT key, sum(offered) AS n FROM stats_agg"
	    " WHERE (dim = 4 AND day >= ?1 AND day <= ?2) OR (dim = 12 AND day >= ?3 AND day <= ?4)"
	    " OR (dim = 4 AND day >= ?5 AND day <= ?6) GROUP BY key) r"
	    " JOIN offices o ON o.id = r.key WHERE r.n > 0 ORDER BY r.n DESC, o.code" },
};
const size_t store_stats_agg_sql_count = nitems(store_stats_agg_sql);
