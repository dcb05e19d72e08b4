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

#define CHAT_COLS_ONLY "c.id, c.account_id, c.company_id, c.channel, c.province, c.state," \
	" c.queued_at, c.taken_at, c.ended_at, c.advisor_id, a.full_name, c.satisfaction," \
	" c.returned, c.owner_pid, coalesce(c.outcome, ''), c.resumed"
#define CHAT_COLS CHAT_COLS_ONLY " FROM chats c LEFT JOIN accounts a ON a.id = c.advisor_id"

static void
chat_fill(sqlite3_stmt *s, struct chat *c)
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
	chat_fill(s, out);
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
	sqlite3_stmt *s = store_stmt(st, CQ_MSG_LAST);
	int r;

	if ((r = store_step_row(st, s)) < 0)
		return r;
	*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

int
store_chat_data_version(struct store *st, int64_t *version)
{
	sqlite3_stmt *s = store_stmt(st, CQ_DATA_VERSION);
	int r;

	if ((r = store_step_row(st, s)) < 0)
		return r;
	*version = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
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

static int
count_query(struct store *st, sqlite3_stmt *s, int64_t *out)
{
	int r;

	if ((r = store_step_row(st, s)) < 0)
		return r;
	*out = store_col_i64(s, 0);
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
	if ((r = count_query(st, s, &v)) < 0)
		return r;
	out->queued_ahead_all = (int)v;

	s = store_stmt(st, CQ_ACTIVE);
	if ((r = count_query(st, s, &v)) < 0)
		return r;
	out->active = (int)v;

	s = store_stmt(st, CQ_ADVISORS);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, now - CHAT_ADVISOR_SILENT_SECONDS);
	if ((r = count_query(st, s, &v)) < 0)
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

/* The advisor's desk: lists, taking, handing over and closing chats. */

#define DESK_COLS CHAT_COLS_ONLY ", p.full_name, p.login, p.role, coalesce(co.name, '')," \
	" (SELECT coalesce(max(m.id), 0) FROM messages m WHERE m.chat_id = c.id)" \
	" FROM chats c LEFT JOIN accounts a ON a.id = c.advisor_id" \
	" JOIN accounts p ON p.id = c.account_id LEFT JOIN companies co ON co.id = c.company_id"

static int
desk_rows(struct store *st, sqlite3_stmt *s,
    int (*fn)(void *arg, const struct chat_desk_row *row), void *arg)
{
	struct chat_desk_row row;
	int rc, role;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		chat_fill(s, &row.chat);
		store_copy_text(row.person, sizeof row.person, s, 16);
		store_copy_text(row.login, sizeof row.login, s, 17);
		role = account_role_parse(store_col_text(s, 18));
		row.role = role < 0 ? ROLE_WORKER : (enum account_role)role;
		store_copy_text(row.company, sizeof row.company, s, 19);
		row.last_message_id = store_col_i64(s, 20);
		if (fn(arg, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

/* 1 when name is one of the comma-separated channels. */
static int
channel_listed(const char *channels, const char *name)
{
	size_t n = strlen(name);
	const char *p = channels;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == channels || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* Binds ?1 and ?2 of "channel IN (?1, ?2)" to the listed channels ("" for the others). */
static void
bind_channels(sqlite3_stmt *s, const char *channels)
{
	sqlite3_bind_text(s, 1, channel_listed(channels, CHAT_CHANNEL_WORKERS) ?
	    CHAT_CHANNEL_WORKERS : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, channel_listed(channels, CHAT_CHANNEL_COMPANIES) ?
	    CHAT_CHANNEL_COMPANIES : "", -1, SQLITE_STATIC);
}

int
store_chat_queue_each(struct store *st, const char *channels,
    int (*fn)(void *arg, const struct chat_desk_row *row), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, CQ_QUEUE_LIST);

	if (s == NULL)
		return ERR_IO;
	bind_channels(s, channels);
	return desk_rows(st, s, fn, arg);
}

int
store_chat_advisor_chats_each(struct store *st, int64_t advisor_id,
    int (*fn)(void *arg, const struct chat_desk_row *row), void *arg)
{
	/*
	 * Active chats, those whose person dropped, and (for one advisor)
	 * those the person left that still wait for the advisor's outcome:
	 * all stay readable until the advisor closes them.
	 */
	sqlite3_stmt *s = store_stmt(st, CQ_ADVISOR_CHATS);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, advisor_id);
	return desk_rows(st, s, fn, arg);
}

int
store_chat_history_each(struct store *st, int64_t account_id, int64_t company_id,
    int64_t except_id, int (*fn)(void *arg, const struct chat_desk_row *row), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, CQ_HISTORY);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, company_id);
	sqlite3_bind_int64(s, 3, except_id);
	return desk_rows(st, s, fn, arg);
}

int
store_chat_advisor_active_count(struct store *st, int64_t advisor_id, int *n)
{
	sqlite3_stmt *s = store_stmt(st, CQ_ACTIVE_OF);
	int64_t v;
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, advisor_id);
	if ((r = count_query(st, s, &v)) < 0)
		return r;
	*n = (int)v;
	return 0;
}

int
store_chat_take_checked(struct store *st, int64_t id, int64_t advisor_id, int max_chats,
    int64_t now)
{
	int active, r;

	if ((r = store_chat_advisor_active_count(st, advisor_id, &active)) < 0)
		return r;
	if (active >= max_chats)
		return ERR_LIMIT;
	return store_chat_take(st, id, advisor_id, now);
}

int
store_chat_take_next(struct store *st, int64_t advisor_id, const char *channels,
    int max_chats, int64_t now, int64_t *id)
{
	sqlite3_stmt *s;
	int tries, r;

	/* Another console may take the oldest between our SELECT and UPDATE: try the next. */
	for (tries = 0; tries < 5; tries++) {
		s = store_stmt(st, CQ_NEXT_QUEUED);
		if (s == NULL)
			return ERR_IO;
		bind_channels(s, channels);
		if ((r = store_step_row(st, s)) < 0)
			return r;
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		r = store_chat_take_checked(st, *id, advisor_id, max_chats, now);
		if (r != ERR_CONFLICT)
			return r;
	}
	return ERR_CONFLICT;
}

int
store_chat_close(struct store *st, int64_t id, int64_t advisor_id, enum chat_outcome outcome,
    int64_t now)
{
	/*
	 * A chat whose person dropped or left keeps the time they left; a
	 * report filed in the chat has already set the outcome, and it is
	 * kept.  A chat the person closed waits for the advisor's outcome.
	 */
	sqlite3_stmt *s = store_stmt(st, CQ_CLOSE);

	if ((unsigned)outcome >= CHAT_OUTCOME_COUNT)
		return ERR_INVALID;
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, advisor_id);
	sqlite3_bind_text(s, 3, chat_outcome_name(outcome), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_step_changed(st, s);
}

int
store_chat_transfer(struct store *st, int64_t id, int64_t from_id, int64_t to_id,
    const char *note, int64_t now)
{
	sqlite3_stmt *s;
	int r;

	if ((r = store_begin(st)) < 0)
		return r;
	if (to_id != 0) {
		s = store_stmt(st, CQ_TO_ADVISOR);
	} else {
		/* Back to the queue with its original place: queued_at is kept. */
		s = store_stmt(st, CQ_TO_QUEUE);
	}
	if (s == NULL) {
		r = ERR_IO;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, from_id);
	sqlite3_bind_int64(s, 3, to_id);
	if ((r = store_step_changed(st, s)) < 0)
		goto fail;
	s = store_stmt(st, CQ_TRANSFER_LOG);
	if (s == NULL) {
		r = ERR_IO;
		goto fail;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, from_id);
	store_bind_id(s, 3, to_id);
	sqlite3_bind_text(s, 4, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, now);
	if ((r = store_step_done(st, s)) < 0)
		goto fail;
	return store_commit(st);
fail:
	store_rollback(st);
	return r;
}

int
store_chat_advisors_each(struct store *st, int64_t now,
    int (*fn)(void *arg, const struct chat_advisor *a), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, CQ_ADVISORS_LIST);
	struct chat_advisor adv;
	int rc, v;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, now - CHAT_ADVISOR_SILENT_SECONDS);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&adv, 0, sizeof adv);
		adv.id = store_col_i64(s, 0);
		store_copy_text(adv.name, sizeof adv.name, s, 1);
		store_copy_text(adv.login, sizeof adv.login, s, 2);
		v = advisor_state_parse(store_col_text(s, 3));
		adv.state = v < 0 ? ADVISOR_OFFLINE : (enum advisor_state)v;
		adv.active = sqlite3_column_int(s, 4);
		if (fn(arg, &adv) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_chat_advisor_channels(struct store *st, int64_t account_id, char *buf, size_t size)
{
	sqlite3_stmt *s = store_stmt(st, CQ_CHANNELS);
	int r;

	str_lcpy(buf, CHAT_CHANNEL_WORKERS "," CHAT_CHANNEL_COMPANIES, size);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	r = store_step_row(st, s);
	if (r == 0)
		store_copy_text(buf, size, s, 0);
	sqlite3_reset(s);
	return r == ERR_NOTFOUND ? 0 : r;
}

int
store_chat_transfers_each(struct store *st, int64_t chat_id,
    int (*fn)(void *arg, const struct chat_transfer *t), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, CQ_TRANSFERS);
	struct chat_transfer t;
	int rc;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, chat_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		t.at = store_col_i64(s, 0);
		t.from_name = store_col_text(s, 1);
		t.to_name = store_col_text(s, 2);
		t.note = store_col_text(s, 3);
		if (fn(arg, &t) != 0) {
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
	{ CQ_GET, "SELECT " CHAT_COLS " WHERE c.id = ?" },
	{ CQ_FIND_LIVE, "SELECT " CHAT_COLS
	    " WHERE c.account_id = ? AND c.state IN ('queued', 'active')"
	    " ORDER BY c.queued_at DESC, c.id DESC LIMIT 1" },
	{ CQ_FIND_RESUMABLE, "SELECT " CHAT_COLS
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
	    " (chat_id, sender, account_id, at, body) VALUES (?, ?, ?, ?, ?)" },
	{ CQ_MSG_SINCE_CHAT, "SELECT id, chat_id, sender, account_id, at, body"
	    " FROM messages WHERE chat_id = ?1 AND id > ?2"
	    " AND (?3 = 0 OR sender <> 'user') ORDER BY id LIMIT ?4" },
	{ CQ_MSG_SINCE_ALL, "SELECT id, chat_id, sender, account_id, at, body"
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
	{ CQ_QUEUE_LIST, "SELECT " DESK_COLS
	    " WHERE c.state = 'queued' AND c.channel IN (?1, ?2)"
	    " ORDER BY c.queued_at, c.id LIMIT 500" },
	{ CQ_ADVISOR_CHATS, "SELECT " DESK_COLS
	    " WHERE c.advisor_id IS NOT NULL AND (?1 = 0 OR c.advisor_id = ?1)"
	    " AND (c.state IN ('active', 'disconnected')"
	    " OR (?1 <> 0 AND c.state = 'closed' AND c.outcome IS NULL))"
	    " ORDER BY c.taken_at, c.id LIMIT 500" },
	{ CQ_HISTORY, "SELECT " DESK_COLS
	    " WHERE (c.account_id = ?1 OR (?2 <> 0 AND c.company_id = ?2)) AND c.id <> ?3"
	    " ORDER BY c.queued_at DESC, c.id DESC LIMIT 10" },
	{ CQ_ACTIVE_OF, "SELECT count(*) FROM chats"
	    " WHERE advisor_id = ? AND state = 'active'" },
	{ CQ_NEXT_QUEUED, "SELECT id FROM chats WHERE state = 'queued'"
	    " AND channel IN (?1, ?2) ORDER BY queued_at, id LIMIT 1" },
	{ CQ_CLOSE, "UPDATE chats SET state = 'closed',"
	    " ended_at = coalesce(ended_at, ?4), outcome = coalesce(outcome, ?3)"
	    " WHERE id = ?1 AND advisor_id = ?2 AND (state IN ('active', 'disconnected')"
	    " OR (state = 'closed' AND outcome IS NULL))" },
	{ CQ_TO_ADVISOR, "UPDATE chats SET advisor_id = ?3"
	    " WHERE id = ?1 AND advisor_id = ?2 AND state = 'active' AND ?3 <> ?2" },
	{ CQ_TO_QUEUE, "UPDATE chats SET state = 'queued', advisor_id = NULL"
	    " WHERE id = ?1 AND advisor_id = ?2 AND state = 'active' AND ?3 = 0" },
	{ CQ_TRANSFER_LOG, "INSERT INTO chat_transfers (chat_id, from_id, to_id,"
	    " note, at) VALUES (?, ?, ?, ?, ?)" },
	{ CQ_ADVISORS_LIST, "SELECT a.id, a.full_name, a.login,"
	    " CASE WHEN s.heartbeat >= ?1 THEN s.state ELSE 'offline' END,"
	    " (SELECT count(*) FROM chats c WHERE c.advisor_id = a.id AND c.state = 'active')"
	    " FROM accounts a LEFT JOIN advisor_state s ON s.account_id = a.id"
	    " WHERE a.role = 'advisor' AND a.locked = 0 ORDER BY a.full_name, a.id" },
	{ CQ_CHANNELS, "SELECT channels FROM advisor_state"
	    " WHERE account_id = ?" },
	{ CQ_TRANSFERS, "SELECT t.at, f.full_name,"
	    " coalesce(o.full_name, ''), t.note FROM chat_transfers t"
	    " JOIN accounts f ON f.id = t.from_id LEFT JOIN accounts o ON o.id = t.to_id"
	    " WHERE t.chat_id = ? ORDER BY t.id" },
};
const size_t store_chat_sql_count = nitems(store_chat_sql);
