/*
 * The SSH daemon's periodic work on the chats table: the sweep of chats
 * that can no longer be resumed, and the one-statement snapshot of the live
 * chats from which a daemon process refreshes every waiting person's queue
 * position.
 */
#include "common.h"
#include "store_internal.h"

int
store_chats_sweep(struct store *st, int64_t before)
{
	sqlite3_stmt *s;
	int r, n;

	if ((r = store_begin(st)) < 0)
		return r;
	s = store_stmt(st, SQ_SWEEP_ABANDON);
	if (s == NULL) {
		store_rollback(st);
		return ERR_IO;
	}
	sqlite3_bind_int64(s, 1, before);
	if ((r = store_step_done(st, s)) < 0) {
		store_rollback(st);
		return r;
	}
	n = sqlite3_changes(st->db);
	s = store_stmt(st, SQ_SWEEP_CLOSE);
	if (s == NULL) {
		store_rollback(st);
		return ERR_IO;
	}
	sqlite3_bind_int64(s, 1, before);
	if ((r = store_step_done(st, s)) < 0) {
		store_rollback(st);
		return r;
	}
	n += sqlite3_changes(st->db);
	if ((r = store_commit(st)) < 0)
		return r;
	return n;
}

/*
 * The chats of absent advisors: an advisor is absent who declared "offline"
 * at or before ?1 (quit the console) or whose heartbeat is older than ?2
 * (terminal lost, console killed).  An advisor without a state row never
 * had a console (a script took the chat): nothing is known of them.
 */
#define ABSENT_CHATS "SELECT c.id FROM chats c JOIN advisor_state a" \
	" ON a.account_id = c.advisor_id WHERE c.state = 'active' AND" \
	" ((a.state = 'offline' AND a.since <= ?1) OR a.heartbeat < ?2)"

int
store_chats_requeue_absent(struct store *st, int64_t offline_before, int64_t heartbeat_before,
    int64_t now, const char *note, const char *told)
{
	static const char *const sql[] = {
		"DELETE FROM temp.requeue_ids",
		"INSERT INTO temp.requeue_ids " ABSENT_CHATS,
		/* The hand-over is on record as a transfer back to the queue. */
		"INSERT INTO chat_transfers (chat_id, from_id, to_id, note, at)"
		"  SELECT id, advisor_id, NULL, ?4, ?3 FROM chats"
		"  WHERE id IN (SELECT id FROM temp.requeue_ids)",
		"INSERT INTO messages (chat_id, sender, at, body, sent_ms)"
		"  SELECT id, 'system', ?3, ?5, " STORE_NOW_MS " FROM temp.requeue_ids",
		/* queued_at is kept: the chat goes back at the head of the queue. */
		"UPDATE chats SET state = 'queued', advisor_id = NULL"
		"  WHERE id IN (SELECT id FROM temp.requeue_ids) AND state = 'active'",
	};
	sqlite3_stmt *s;
	size_t i;
	int r, n = 0, rc;

	if ((r = store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS requeue_ids"
	    " (id INTEGER PRIMARY KEY)")) < 0)
		return r;
	if ((r = store_begin(st)) < 0)
		return r;
	for (i = 0; i < nitems(sql); i++) {
		if (sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL) != SQLITE_OK) {
			r = store_err(st, sqlite3_errcode(st->db));
			goto fail;
		}
		/* Bind what the statement names; the others take none of these. */
		if (sqlite3_bind_parameter_index(s, "?1") > 0)
			sqlite3_bind_int64(s, 1, offline_before);
		if (sqlite3_bind_parameter_index(s, "?2") > 0)
			sqlite3_bind_int64(s, 2, heartbeat_before);
		if (sqlite3_bind_parameter_index(s, "?3") > 0)
			sqlite3_bind_int64(s, 3, now);
		if (sqlite3_bind_parameter_index(s, "?4") > 0)
			sqlite3_bind_text(s, 4, note, -1, SQLITE_STATIC);
		if (sqlite3_bind_parameter_index(s, "?5") > 0)
			sqlite3_bind_text(s, 5, told, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			r = store_err(st, rc);
			goto fail;
		}
		if (i == nitems(sql) - 1)
			n = sqlite3_changes(st->db);
	}
	if ((r = store_commit(st)) < 0)
		return r;
	return n;
fail:
	store_rollback(st);
	return r;
}

int
store_chats_live_each(struct store *st,
    int (*fn)(void *arg, const struct store_live_chat *c), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, SQ_LIVE_CHATS);
	struct store_live_chat c;
	int rc, v;

	if (s == NULL)
		return ERR_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c.id = sqlite3_column_int64(s, 0);
		c.queued_at = sqlite3_column_int64(s, 1);
		v = chat_state_parse(store_col_text(s, 2));
		c.state = v < 0 ? CHAT_QUEUED : (enum chat_state)v;
		v = chat_channel_parse(store_col_text(s, 3));
		c.channel = v < 0 ? CHANNEL_WORKERS : (enum chat_channel)v;
		c.advisor_id = sqlite3_column_int64(s, 4);
		c.advisor_typing_ms = sqlite3_column_int64(s, 5);
		if (fn(arg, &c) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_sweep_sql[] = {
	{ SQ_SWEEP_ABANDON, "UPDATE chats SET state = 'abandoned'"
	    " WHERE state = 'disconnected' AND advisor_id IS NULL AND ended_at < ?1" },
	{ SQ_SWEEP_CLOSE, "UPDATE chats SET state = 'closed'"
	    " WHERE state = 'disconnected' AND advisor_id IS NOT NULL AND ended_at < ?1" },
	{ SQ_LIVE_CHATS, "SELECT id, queued_at, state, channel,"
	    " coalesce(advisor_id, 0), CASE WHEN advisor_typing_ms > " STORE_NOW_MS
	    " - " STORE_TYPING_WINDOW_TEXT " THEN advisor_typing_ms ELSE 0 END"
	    " FROM chats WHERE state IN ('queued', 'active') ORDER BY queued_at, id" },
};
const size_t store_sweep_sql_count = nitems(store_sweep_sql);
