/*
 * Chats, messages, the queue and the advisors' state: every statement
 * behind include/store_chat.h.  Statements are prepared once per connection
 * and kept in the struct store (the daemon runs them thousands of times a
 * second).
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_chat.h"
#include "store_internal.h"

void
store_chat_fill(sqlite3_stmt *s, struct chat *c)
{
	int st, v;

	memset(c, 0, sizeof *c);
	c->id = store_col_i64(s, 0);
	c->account_id = store_col_i64(s, 1);
	c->company_id = store_col_i64(s, 2);
	v = chat_channel_parse((const char *)sqlite3_column_text(s, 3));
	c->channel = v < 0 ? CHANNEL_WORKERS : (enum chat_channel)v;
	store_copy_text(c->province, sizeof c->province, s, 4);
	st = chat_state_parse((const char *)sqlite3_column_text(s, 5));
	c->state = st < 0 ? CHAT_CLOSED : (enum chat_state)st;
	c->queued_at = store_col_i64(s, 6);
	c->taken_at = store_col_i64(s, 7);
	c->ended_at = store_col_i64(s, 8);
	c->advisor_id = store_col_i64(s, 9);
	store_copy_text(c->advisor_name, sizeof c->advisor_name, s, 10);
	c->satisfaction = (int)store_col_i64(s, 11);
	c->returning = (int)store_col_i64(s, 12);
	c->owner_pid = store_col_i64(s, 13);
	c->outcome = chat_outcome_parse((const char *)sqlite3_column_text(s, 14));
	c->resumed = (int)store_col_i64(s, 15);
}

static int
chat_row(struct store *st, sqlite3_stmt *s, struct chat *out)
{
	int r = store_step_row(st, s);

	if (r < 0)
		return r;
	store_chat_fill(s, out);
	sqlite3_reset(s);
	return 0;
}

int
store_chat_open(struct store *st, int64_t account_id, int64_t company_id,
    const char *channel, const char *province, pid_t pid, int64_t now, int64_t *id)
{
	sqlite3_stmt *s;
	int returning = 0, r;

	s = store_stmt(st, CQ_RETURNING);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	returning = sqlite3_column_int64(s, 0) > 0;
	sqlite3_reset(s);

	s = store_stmt(st, CQ_OPEN);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	store_bind_id(s, 2, company_id);
	sqlite3_bind_text(s, 3, channel, -1, SQLITE_STATIC);
	store_bind_text(s, 4, province);
	sqlite3_bind_int64(s, 5, now);
	sqlite3_bind_int(s, 6, returning);
	sqlite3_bind_int64(s, 7, pid);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_chat_get(struct store *st, int64_t id, struct chat *out)
{
	sqlite3_stmt *s = store_stmt(st, CQ_GET);

	if (s != NULL)
		sqlite3_bind_int64(s, 1, id);
	return chat_row(st, s, out);
}

int
store_chat_find_live(struct store *st, int64_t account_id, struct chat *out)
{
	sqlite3_stmt *s = store_stmt(st, CQ_FIND_LIVE);

	if (s != NULL)
		sqlite3_bind_int64(s, 1, account_id);
	return chat_row(st, s, out);
}

int
store_chat_find_resumable(struct store *st, int64_t account_id, int64_t company_id,
    int64_t since, struct chat *out)
{
	sqlite3_stmt *s = store_stmt(st, CQ_FIND_RESUMABLE);

	if (s != NULL) {
		sqlite3_bind_int64(s, 1, account_id);
		sqlite3_bind_int64(s, 2, company_id);
		sqlite3_bind_int64(s, 3, since);
	}
	return chat_row(st, s, out);
}

int
store_chat_resume(struct store *st, int64_t id, pid_t pid)
{
	sqlite3_stmt *s = store_stmt(st, CQ_RESUME);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, pid);
	return store_step_changed(st, s);
}

int
store_chat_take(struct store *st, int64_t id, int64_t advisor_id, int64_t now)
{
	/* A chat handed back to the queue keeps the time of its first answer. */
	sqlite3_stmt *s = store_stmt(st, CQ_TAKE);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, advisor_id);
	sqlite3_bind_int64(s, 3, now);
	return store_step_changed(st, s);
}

int
store_chat_end(struct store *st, int64_t id, enum chat_state state, int64_t now)
{
	sqlite3_stmt *s;

	if (state != CHAT_CLOSED && state != CHAT_ABANDONED && state != CHAT_DISCONNECTED)
		return ERR_INVALID;
	s = store_stmt(st, CQ_END);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, chat_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	return store_step_changed(st, s);
}

int
store_chat_set_satisfaction(struct store *st, int64_t id, int score)
{
	sqlite3_stmt *s;

	if (score < 1 || score > 5)
		return ERR_INVALID;
	s = store_stmt(st, CQ_SATISFACTION);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, score);
	return store_step_changed(st, s);
}

int
store_chat_disconnect_owner(struct store *st, pid_t pid, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, CQ_DISCONNECT_OWNER);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, pid);
	sqlite3_bind_int64(s, 2, now);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	return sqlite3_changes(st->db);
}

int
store_chat_live_owners(struct store *st, int64_t **pids, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, CQ_LIVE_OWNERS);
	int rc;

	*pids = NULL;
	*n = 0;
	if (s == NULL)
		return ERR_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*pids = xreallocarray(*pids, *n + 1, sizeof **pids);
		(*pids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*pids);
		*pids = NULL;
		*n = 0;
		return store_err(st, rc);
	}
	return 0;
}

int
store_chat_message_add(struct store *st, int64_t chat_id, const char *sender,
    int64_t account_id, int64_t at, const char *body, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, CQ_MSG_ADD);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, chat_id);
	sqlite3_bind_text(s, 2, sender, -1, SQLITE_STATIC);
	store_bind_id(s, 3, account_id);
	sqlite3_bind_int64(s, 4, at);
	sqlite3_bind_text(s, 5, body, -1, SQLITE_STATIC);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_chat_messages_since(struct store *st, int64_t chat_id, int64_t after_id,
    int skip_user, int limit, int (*fn)(void *arg, const struct chat_message *m), void *arg)
{
	sqlite3_stmt *s;
	struct chat_message m;
	int rc;

	if (chat_id != 0) {
		s = store_stmt(st, CQ_MSG_SINCE_CHAT);
		if (s != NULL)
			sqlite3_bind_int64(s, 1, chat_id);
	} else {
		s = store_stmt(st, CQ_MSG_SINCE_ALL);
	}
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int(s, 3, skip_user);
	sqlite3_bind_int(s, 4, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		m.id = sqlite3_column_int64(s, 0);
		m.chat_id = sqlite3_column_int64(s, 1);
		m.sender = (const char *)sqlite3_column_text(s, 2);
		m.account_id = store_col_i64(s, 3);
		m.at = sqlite3_column_int64(s, 4);
		m.body = (const char *)sqlite3_column_text(s, 5);
		m.sent_ms = store_col_i64(s, 6);
		if (m.sender == NULL)
			m.sender = "";
		if (m.body == NULL)
			m.body = "";
		if (fn(arg, &m) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_chat_message_last_id(struct store *st, int64_t *id)
{
	return store_step_count(st, store_stmt(st, CQ_MSG_LAST), id);
}

int
store_chat_data_version(struct store *st, int64_t *version)
{
	return store_step_count(st, store_stmt(st, CQ_DATA_VERSION), version);
}

int
store_chat_queue_position(struct store *st, const struct chat *c, int *position)
{
	sqlite3_stmt *s = store_stmt(st, CQ_POSITION);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, chat_channel_name(c->channel), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, c->queued_at);
	sqlite3_bind_int64(s, 3, c->id);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	*position = (int)sqlite3_column_int64(s, 0) + 1;
	sqlite3_reset(s);
	return 0;
}

int
store_chat_queue_stats(struct store *st, const struct chat *c, int64_t now,
    struct chat_queue_stats *out)
{
	sqlite3_stmt *s;
	int64_t v;
	int r;

	memset(out, 0, sizeof *out);
	s = store_stmt(st, CQ_AHEAD_ALL);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, c->queued_at);
	sqlite3_bind_int64(s, 2, c->id);
	if ((r = store_step_count(st, s, &v)) < 0)
		return r;
	out->queued_ahead_all = (int)v;

	s = store_stmt(st, CQ_ACTIVE);
	if ((r = store_step_count(st, s, &v)) < 0)
		return r;
	out->active = (int)v;

	s = store_stmt(st, CQ_ADVISORS);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, now - CHAT_ADVISOR_SILENT_SECONDS);
	if ((r = store_step_count(st, s, &v)) < 0)
		return r;
	out->advisors = (int)v;

	/* The last 50 chats ended in the past 8 hours: recent enough to follow the day. */
	s = store_stmt(st, CQ_HANDLE);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, now - 8 * 3600);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	out->handle_avg = (int64_t)sqlite3_column_double(s, 0);
	out->handle_samples = sqlite3_column_int(s, 1);
	sqlite3_reset(s);
	return 0;
}

int
store_chat_advisor_set_state(struct store *st, int64_t account_id, enum advisor_state state,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, CQ_ADVISOR_SET);

	if ((unsigned)state >= ADVISOR_STATE_COUNT)
		return ERR_INVALID;
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, advisor_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	return store_step_done(st, s);
}

int
store_chat_advisor_heartbeat(struct store *st, int64_t account_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, CQ_ADVISOR_BEAT);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, now);
	return store_step_changed(st, s);
}

int
store_chat_reports_of(struct store *st, int64_t account_id, int64_t company_id,
    int64_t worker_id, int (*fn)(void *arg, const struct chat_report *r), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, CQ_REPORTS);
	struct chat_report rep;
	int rc, v;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, company_id);
	sqlite3_bind_int64(s, 3, worker_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rep.protocol = store_col_text(s, 0);
		rep.topic = store_col_text(s, 1);
		rep.subtopic = store_col_text(s, 2);
		v = report_status_parse(store_col_text(s, 3));
		rep.status = v < 0 ? REPORT_NUOVA : (enum report_status)v;
		rep.outcome = store_col_text(s, 4);
		rep.filed_at = store_col_i64(s, 5);
		rep.updated_at = store_col_i64(s, 6);
		rep.chat_id = store_col_i64(s, 7);
		rep.office = store_col_text(s, 8);
		if (fn(arg, &rep) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_chat_sql[] = {
	{ CQ_RETURNING, "SELECT count(*) FROM chats WHERE account_id = ?" },
	{ CQ_OPEN, "INSERT INTO chats (account_id, company_id, channel, province,"
	    " state, queued_at, returned, owner_pid) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)" },
	{ CQ_GET, "SELECT " STORE_CHAT_COLS " WHERE c.id = ?" },
	{ CQ_FIND_LIVE, "SELECT " STORE_CHAT_COLS
	    " WHERE c.account_id = ? AND c.state IN ('queued', 'active')"
	    " ORDER BY c.queued_at DESC, c.id DESC LIMIT 1" },
	{ CQ_FIND_RESUMABLE, "SELECT " STORE_CHAT_COLS
	    " WHERE c.account_id = ?1 AND coalesce(c.company_id, 0) = ?2"
	    " AND c.state = 'disconnected' AND c.ended_at >= ?3"
	    " ORDER BY c.ended_at DESC, c.id DESC LIMIT 1" },
	{ CQ_RESUME, "UPDATE chats SET state = CASE WHEN advisor_id"
	    " IS NULL THEN 'queued' ELSE 'active' END, ended_at = NULL, owner_pid = ?2,"
	    " resumed = resumed + 1"
	    " WHERE id = ?1 AND state = 'disconnected'" },
	{ CQ_TAKE, "UPDATE chats SET state = 'active',"
	    " advisor_id = ?2, taken_at = coalesce(taken_at, ?3)"
	    " WHERE id = ?1 AND state = 'queued'" },
	{ CQ_END, "UPDATE chats SET state = ?2, ended_at = ?3"
	    " WHERE id = ?1 AND state IN ('queued', 'active')" },
	{ CQ_SATISFACTION, "UPDATE chats SET satisfaction = ?2 WHERE id = ?1" },
	{ CQ_DISCONNECT_OWNER, "UPDATE chats SET"
	    " state = 'disconnected', ended_at = ?2"
	    " WHERE owner_pid = ?1 AND state IN ('queued', 'active')" },
	{ CQ_LIVE_OWNERS, "SELECT DISTINCT owner_pid FROM chats"
	    " WHERE state IN ('queued', 'active') AND owner_pid IS NOT NULL" },
	{ CQ_MSG_ADD, "INSERT INTO messages"
	    " (chat_id, sender, account_id, at, body, sent_ms) VALUES (?, ?, ?, ?, ?, "
	    STORE_NOW_MS ")" },
	{ CQ_MSG_SINCE_CHAT, "SELECT id, chat_id, sender, account_id, at, body, sent_ms"
	    " FROM messages WHERE chat_id = ?1 AND id > ?2"
	    " AND (?3 = 0 OR sender <> 'user') ORDER BY id LIMIT ?4" },
	{ CQ_MSG_SINCE_ALL, "SELECT id, chat_id, sender, account_id, at, body, sent_ms"
	    " FROM messages WHERE id > ?2 AND (?3 = 0 OR sender <> 'user')"
	    " ORDER BY id LIMIT ?4" },
	{ CQ_MSG_LAST, "SELECT coalesce(max(id), 0) FROM messages" },
	{ CQ_DATA_VERSION, "PRAGMA data_version" },
	{ CQ_POSITION, "SELECT count(*) FROM chats"
	    " WHERE state = 'queued' AND channel = ?1"
	    " AND (queued_at < ?2 OR (queued_at = ?2 AND id < ?3))" },
	{ CQ_AHEAD_ALL, "SELECT count(*) FROM chats WHERE state = 'queued'"
	    " AND (queued_at < ?1 OR (queued_at = ?1 AND id < ?2))" },
	{ CQ_ACTIVE, "SELECT count(*) FROM chats WHERE state = 'active'" },
	{ CQ_ADVISORS, "SELECT count(*) FROM advisor_state"
	    " WHERE state = 'available' AND heartbeat >= ?1" },
	{ CQ_HANDLE, "SELECT coalesce(avg(d), 0), count(*) FROM (SELECT"
	    " ended_at - taken_at AS d FROM chats WHERE state = 'closed'"
	    " AND taken_at IS NOT NULL AND ended_at >= ?1 AND ended_at >= taken_at"
	    " ORDER BY ended_at DESC LIMIT 50)" },
	{ CQ_ADVISOR_SET, "INSERT INTO advisor_state"
	    " (account_id, state, since, heartbeat) VALUES (?1, ?2, ?3, ?3)"
	    " ON CONFLICT (account_id) DO UPDATE SET heartbeat = ?3,"
	    " since = CASE WHEN state = ?2 THEN since ELSE ?3 END, state = ?2" },
	{ CQ_ADVISOR_BEAT, "UPDATE advisor_state SET heartbeat = ?2"
	    " WHERE account_id = ?1" },
	{ CQ_REPORTS, "SELECT r.protocol, r.topic, r.subtopic,"
	    " r.status, r.outcome, r.filed_at, r.updated_at, coalesce(r.chat_id, 0),"
	    " coalesce(o.name, '') FROM reports r LEFT JOIN offices o ON o.id = r.office_id"
	    " WHERE r.account_id = ?1 OR (?2 <> 0 AND r.company_id = ?2)"
	    " OR (?3 <> 0 AND r.worker_id = ?3) ORDER BY r.filed_at DESC, r.id DESC LIMIT 20" },
};
const size_t store_chat_sql_count = nitems(store_chat_sql);
