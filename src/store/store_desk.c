/*
 * The advisor's desk (include/store_chat.h): the lists a console shows,
 * taking, handing over and closing chats, the advisors and their channels.
 * Split from store_chat.c, which keeps the chat's life as the daemon sees it.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_chat.h"
#include "store_internal.h"

#define DESK_COLS STORE_CHAT_COLS_ONLY ", p.full_name, p.login, p.role, coalesce(co.name, '')," \
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
		store_chat_fill(s, &row.chat);
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
	if ((r = store_step_count(st, s, &v)) < 0)
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
const struct store_sql store_desk_sql[] = {
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
const size_t store_desk_sql_count = nitems(store_desk_sql);
