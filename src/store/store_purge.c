/*
 * Retention (GDPR storage limitation): what is past its keeping time goes,
 * in small batches, each its own short write transaction, so a chat line
 * written meanwhile waits at most one batch.
 *
 * - chats ended before the chat cut-off go with their messages and transfer
 *   notes; audit rows and reports that named them keep their own content but
 *   lose the link (chat_id NULL);
 * - reports closed before the report cut-off are anonymised: description and
 *   note texts replaced, the links to the person, company, application and
 *   chat cleared; protocol, office, subject, dates and outcome stay, so the
 *   numbering stays without gaps and the offices' figures stay true;
 * - audit rows older than the audit cut-off go.
 */
#include <string.h>

#include "common.h"
#include "store_internal.h"

#define PURGE_REMOVED_TEXT "(testo rimosso: termine di conservazione scaduto)"

/* One batch of a kind: the statements run in order inside one transaction. */
struct purge_kind {
	const char *count;	/* how many are due, for --dry-run: ?1 = cut-off */
	const char *const *batch;	/* NULL-terminated; ?1 = cut-off, ?2 = batch size */
};

/* The ids of one batch of chats are kept in a temporary table for the statements. */
static const char *const chat_batch[] = {
	"DELETE FROM temp.purge_ids",
	"INSERT INTO temp.purge_ids SELECT id FROM chats WHERE state IN "
	"  ('closed','abandoned','disconnected') AND ended_at IS NOT NULL AND ended_at < ?1 "
	"  ORDER BY id LIMIT ?2",
	"DELETE FROM messages WHERE chat_id IN (SELECT id FROM temp.purge_ids)",
	"DELETE FROM chat_transfers WHERE chat_id IN (SELECT id FROM temp.purge_ids)",
	"UPDATE audit SET chat_id = NULL WHERE chat_id IN (SELECT id FROM temp.purge_ids)",
	"UPDATE reports SET chat_id = NULL WHERE chat_id IN (SELECT id FROM temp.purge_ids)",
	"DELETE FROM chats WHERE id IN (SELECT id FROM temp.purge_ids)",
	NULL
};
static const char *const report_batch[] = {
	"DELETE FROM temp.purge_ids",
	"INSERT INTO temp.purge_ids SELECT id FROM reports WHERE status = 'chiusa' "
	"  AND updated_at < ?1 AND (account_id IS NOT NULL OR worker_id IS NOT NULL OR "
	"  company_id IS NOT NULL OR practice_id IS NOT NULL OR chat_id IS NOT NULL OR "
	"  description <> '" PURGE_REMOVED_TEXT "') ORDER BY id LIMIT ?2",
	"UPDATE report_notes SET body = '" PURGE_REMOVED_TEXT "' "
	"  WHERE report_id IN (SELECT id FROM temp.purge_ids)",
	"UPDATE reports SET description = '" PURGE_REMOVED_TEXT "', account_id = NULL, "
	"  worker_id = NULL, company_id = NULL, practice_id = NULL, chat_id = NULL, "
	"  client_token = NULL WHERE id IN (SELECT id FROM temp.purge_ids)",
	NULL
};
static const char *const audit_batch[] = {
	"DELETE FROM temp.purge_ids",
	"INSERT INTO temp.purge_ids SELECT id FROM audit WHERE at < ?1 ORDER BY id LIMIT ?2",
	"DELETE FROM audit WHERE id IN (SELECT id FROM temp.purge_ids)",
	NULL
};

static const struct purge_kind kinds[STORE_PURGE_NKINDS] = {
	[STORE_PURGE_CHATS] = {
		"SELECT count(*), (SELECT count(*) FROM messages m JOIN chats c ON c.id = m.chat_id "
		"  WHERE c.state IN ('closed','abandoned','disconnected') AND c.ended_at < ?1) "
		"FROM chats WHERE state IN ('closed','abandoned','disconnected') "
		"  AND ended_at IS NOT NULL AND ended_at < ?1",
		chat_batch },
	[STORE_PURGE_REPORTS] = {
		"SELECT count(*), 0 FROM reports WHERE status = 'chiusa' AND updated_at < ?1 "
		"  AND (account_id IS NOT NULL OR worker_id IS NOT NULL OR company_id IS NOT NULL "
		"  OR practice_id IS NOT NULL OR chat_id IS NOT NULL OR "
		"  description <> '" PURGE_REMOVED_TEXT "')",
		report_batch },
	[STORE_PURGE_AUDIT] = {
		"SELECT count(*), 0 FROM audit WHERE at < ?1",
		audit_batch },
};

/* Runs one statement of a batch with the cut-off and the batch size bound. */
static int
purge_run(struct store *st, const char *sql, int64_t cutoff, int batch, int64_t *changed)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_err(st, sqlite3_errcode(st->db));
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, cutoff);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int(s, 2, batch);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_err(st, rc);
	if (changed != NULL)
		*changed = sqlite3_changes(st->db);
	return 0;
}

int
store_purge_count(struct store *st, int kind, int64_t cutoff, int64_t *rows, int64_t *messages)
{
	sqlite3_stmt *s;
	int r;

	if (kind < 0 || kind >= STORE_PURGE_NKINDS)
		return ERR_INVALID;
	if (sqlite3_prepare_v2(st->db, kinds[kind].count, -1, &s, NULL) != SQLITE_OK)
		return store_err(st, sqlite3_errcode(st->db));
	sqlite3_bind_int64(s, 1, cutoff);
	if ((r = store_step_row(st, s)) == 0) {
		*rows = sqlite3_column_int64(s, 0);
		*messages = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return r;
}

int
store_purge_batch(struct store *st, int kind, int64_t cutoff, int batch, int64_t *done,
    int64_t *held_us)
{
	const char *const *sql;
	int64_t t0, n = 0;
	int r;

	if (kind < 0 || kind >= STORE_PURGE_NKINDS || batch < 1)
		return ERR_INVALID;
	if ((r = store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS purge_ids "
	    "(id INTEGER PRIMARY KEY)")) < 0)
		return r;
	t0 = clock_mono_us();
	if ((r = store_begin(st)) < 0)
		return r;
	for (sql = kinds[kind].batch; *sql != NULL; sql++) {
		/* The second statement fills the batch: its count is the batch's size. */
		if ((r = purge_run(st, *sql, cutoff, batch, sql == kinds[kind].batch + 1 ? &n :
		    NULL)) < 0) {
			store_rollback(st);
			return r;
		}
	}
	if ((r = store_commit(st)) < 0)
		return r;
	*held_us = clock_mono_us() - t0;
	*done = n;
	return 0;
}
