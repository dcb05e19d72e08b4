/*
 * The statements behind the queue statistics (include/store_stats.h) and the
 * audit listing (store_audit_each).  The live refresh runs the first four
 * every second: each reads through an index (chats_queued_at, chats_queue,
 * advisor_state's key, reports_filed_at), never the whole table.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_chat.h"
#include "store_stats.h"
#include "store_internal.h"

#define STATS_CHAT_COLS "SELECT id, channel, state, queued_at, taken_at, ended_at," \
	" advisor_id, outcome, satisfaction, province FROM chats"

/* Steps s to its end, calling fn with each row as a struct stats_chat. */
static int
walk_chats(struct store *st, sqlite3_stmt *s,
    int (*fn)(void *arg, const struct stats_chat *c), void *arg)
{
	struct stats_chat c;
	int rc, v;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.id = sqlite3_column_int64(s, 0);
		v = chat_channel_parse(store_col_text(s, 1));
		c.channel = v < 0 ? CHANNEL_WORKERS : v;
		v = chat_state_parse(store_col_text(s, 2));
		c.state = v < 0 ? CHAT_CLOSED : v;
		c.queued_at = store_col_i64(s, 3);
		c.taken_at = store_col_i64(s, 4);
		c.ended_at = store_col_i64(s, 5);
		c.advisor_id = store_col_i64(s, 6);
		c.outcome = chat_outcome_parse(store_col_text(s, 7));
		c.satisfaction = (int)store_col_i64(s, 8);
		str_lcpy(c.province, store_col_text(s, 9), sizeof c.province);
		if (fn(arg, &c) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_stats_chats(struct store *st, int64_t from, int64_t to, int live,
    int (*fn)(void *arg, const struct stats_chat *c), void *arg)
{
	sqlite3_stmt *s;
	int r;

	s = store_stmt(st, ST_RANGE);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	if ((r = walk_chats(st, s, fn, arg)) < 0 || !live)
		return r;
	/*
	 * The unary + keeps the planner on chats_queue (state first): a range
	 * on queued_at alone would read every past chat.
	 */
	s = store_stmt(st, ST_LIVE);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, from);
	return walk_chats(st, s, fn, arg);
}

int
store_stats_open_chats(struct store *st, int64_t from, int64_t to,
    int (*fn)(void *arg, const struct stats_chat *c), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, ST_OPEN_RANGE);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	return walk_chats(st, s, fn, arg);
}

int
store_stats_advisors(struct store *st,
    int (*fn)(void *arg, const struct stats_advisor *a), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, ST_ADVISORS);
	struct stats_advisor a;
	const char *ch;
	int rc, v;

	if (s == NULL)
		return ERR_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&a, 0, sizeof a);
		a.id = sqlite3_column_int64(s, 0);
		str_lcpy(a.login, store_col_text(s, 1), sizeof a.login);
		str_lcpy(a.name, store_col_text(s, 2), sizeof a.name);
		v = advisor_state_parse(store_col_text(s, 3));
		a.declared = v < 0 ? ADVISOR_OFFLINE : (enum advisor_state)v;
		a.since = store_col_i64(s, 4);
		a.heartbeat = store_col_i64(s, 5);
		ch = store_col_text(s, 6);
		if (strstr(ch, CHAT_CHANNEL_WORKERS) != NULL)
			a.channels |= 1u << CHANNEL_WORKERS;
		if (strstr(ch, CHAT_CHANNEL_COMPANIES) != NULL)
			a.channels |= 1u << CHANNEL_COMPANIES;
		if (a.channels == 0)
			a.channels = (1u << CHANNEL_COUNT) - 1;
		if (fn(arg, &a) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_stats_account(struct store *st, int64_t id, struct stats_advisor *a)
{
	sqlite3_stmt *s = store_stmt(st, ST_ACCOUNT);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	memset(a, 0, sizeof *a);
	a->id = id;
	str_lcpy(a->login, store_col_text(s, 0), sizeof a->login);
	str_lcpy(a->name, store_col_text(s, 1), sizeof a->name);
	sqlite3_reset(s);
	return 0;
}

int
store_stats_office_rows(struct store *st, sqlite3_stmt *s,
    int (*fn)(void *arg, const struct stats_office *o), void *arg)
{
	struct stats_office o;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&o, 0, sizeof o);
		o.id = sqlite3_column_int64(s, 0);
		str_lcpy(o.code, store_col_text(s, 1), sizeof o.code);
		str_lcpy(o.name, store_col_text(s, 2), sizeof o.name);
		o.reports = sqlite3_column_int64(s, 3);
		if (fn(arg, &o) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_stats_reports(struct store *st, int64_t from, int64_t to,
    int (*fn)(void *arg, const struct stats_office *o), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, ST_REPORTS);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	return store_stats_office_rows(st, s, fn, arg);
}

int
store_audit_each(struct store *st, int64_t from, int64_t to, int64_t actor_id,
    int (*fn)(void *arg, const struct store_audit_entry *e), void *arg)
{
	/* Run once per command: prepared here rather than cached. */
	static const char sql[] = "SELECT u.id, u.at, u.actor_id, a.login, a.full_name,"
	    " u.action, u.subject, u.reason, u.chat_id FROM audit u"
	    " JOIN accounts a ON a.id = u.actor_id"
	    " WHERE u.at >= ?1 AND u.at < ?2 AND (?3 = 0 OR u.actor_id = ?3)"
	    " ORDER BY u.at, u.id";
	struct store_audit_entry e;
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL)) != SQLITE_OK)
		return store_err(st, rc);
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	sqlite3_bind_int64(s, 3, actor_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(s, 0);
		e.at = sqlite3_column_int64(s, 1);
		e.actor_id = sqlite3_column_int64(s, 2);
		e.login = store_col_text(s, 3);
		e.full_name = store_col_text(s, 4);
		e.action = store_col_text(s, 5);
		e.subject = store_col_text(s, 6);
		e.reason = store_col_text(s, 7);
		e.chat_id = store_col_i64(s, 8);
		if (fn(arg, &e) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		rc = store_err(st, rc);
	else
		rc = 0;
	sqlite3_finalize(s);
	return rc;
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_stats_sql[] = {
	{ ST_RANGE, STATS_CHAT_COLS " WHERE queued_at >= ?1 AND queued_at < ?2" },
	{ ST_LIVE, STATS_CHAT_COLS " WHERE state IN ('queued', 'active')"
	    " AND +queued_at < ?1" },
	/* The same index: the open chats are few, the range may hold millions. */
	{ ST_OPEN_RANGE, STATS_CHAT_COLS " WHERE state IN ('queued', 'active')"
	    " AND +queued_at >= ?1 AND +queued_at < ?2" },
	{ ST_ADVISORS, "SELECT a.id, a.login, a.full_name, s.state,"
	    " s.since, s.heartbeat, s.channels FROM advisor_state s"
	    " JOIN accounts a ON a.id = s.account_id ORDER BY s.account_id" },
	{ ST_ACCOUNT, "SELECT login, full_name FROM accounts"
	    " WHERE id = ?1" },
	{ ST_REPORTS, "SELECT o.id, o.code, o.name, r.n FROM"
	    " (SELECT office_id, count(*) AS n FROM reports"
	    " WHERE filed_at >= ?1 AND filed_at < ?2 GROUP BY office_id) r"
	    " JOIN offices o ON o.id = r.office_id ORDER BY r.n DESC, o.code" },
};
const size_t store_stats_sql_count = nitems(store_stats_sql);
