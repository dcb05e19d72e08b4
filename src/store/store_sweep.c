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
	s = store_stmt(st, SQ_SWEEP_ABANDON, "UPDATE chats SET state = 'abandoned'"
	    " WHERE state = 'disconnected' AND advisor_id IS NULL AND ended_at < ?1");
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
	s = store_stmt(st, SQ_SWEEP_CLOSE, "UPDATE chats SET state = 'closed'"
	    " WHERE state = 'disconnected' AND advisor_id IS NOT NULL AND ended_at < ?1");
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

int
store_chats_live_each(struct store *st,
    int (*fn)(void *arg, const struct store_live_chat *c), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, SQ_LIVE_CHATS, "SELECT id, queued_at, state, channel,"
	    " coalesce(advisor_id, 0)"
	    " FROM chats WHERE state IN ('queued', 'active') ORDER BY queued_at, id");
	struct store_live_chat c;
	int rc;

	if (s == NULL)
		return ERR_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c.id = sqlite3_column_int64(s, 0);
		c.queued_at = sqlite3_column_int64(s, 1);
		c.state = (const char *)sqlite3_column_text(s, 2);
		c.channel = (const char *)sqlite3_column_text(s, 3);
		c.advisor_id = sqlite3_column_int64(s, 4);
		if (c.state == NULL)
			c.state = "";
		if (c.channel == NULL)
			c.channel = "";
		if (fn(arg, &c) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}
