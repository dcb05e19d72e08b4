/*
 * Seeding support: inserts of whole rows for the bulk generator.  The store's
 * own store_event_add() records a rejection or a payment as an UPDATE that
 * looks the row up again, which is a table scan while store_bulk_begin() has
 * dropped the indexes; here each row is written once, complete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_seed.h"
#include "store_internal.h"

int
store_seed_practice_add(struct store *st, struct practice *p, enum practice_status status)
{
	return store_practice_insert(st, p, status);
}

int
store_seed_paydata_add(struct store *st, int64_t practice_id, int64_t worker_id,
    int32_t month, const char *channel, int32_t received_day, int32_t rejected_day,
    const char *reject_reason)
{
	sqlite3_stmt *s = store_stmt(st, SD_PAYDATA);

	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, worker_id);
	sqlite3_bind_int(s, 3, month);
	sqlite3_bind_text(s, 4, channel, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, received_day);
	if (rejected_day != 0) {
		sqlite3_bind_int(s, 6, rejected_day);
		sqlite3_bind_text(s, 7, reject_reason, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(s, 6);
		sqlite3_bind_null(s, 7);
	}
	return store_step_done(st, s);
}

int
store_seed_payment_add(struct store *st, int64_t practice_id, int64_t worker_id,
    int32_t month, int32_t liquidated_day, int32_t paid_day, int64_t amount_cents,
    int domiciliato)
{
	sqlite3_stmt *s = store_stmt(st, SD_PAYMENT);

	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, worker_id);
	sqlite3_bind_int(s, 3, month);
	sqlite3_bind_int(s, 4, liquidated_day);
	if (paid_day != 0) {
		sqlite3_bind_int(s, 5, paid_day);
		sqlite3_bind_int64(s, 6, amount_cents);
		sqlite3_bind_text(s, 7, domiciliato ? "domiciliato" : "bonifico", -1,
		    SQLITE_STATIC);
	} else {
		sqlite3_bind_null(s, 5);
		sqlite3_bind_null(s, 6);
		sqlite3_bind_null(s, 7);
	}
	return store_step_done(st, s);
}

int
store_seed_event_add(struct store *st, int64_t practice_id, enum event_kind kind,
    int32_t day, const char *detail)
{
	sqlite3_stmt *s = store_stmt(st, SD_EVENT);

	if (event_kind_is_worker(kind))
		return ERR_INVALID;
	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_text(s, 2, event_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, day);
	sqlite3_bind_text(s, 4, detail, -1, SQLITE_STATIC);
	return store_step_done(st, s);
}

int
store_seed_tune(struct store *st, int threads)
{
	char sql[128];

	/*
	 * Helper threads for the sorts of CREATE INDEX; a sampled ANALYZE
	 * (store_bulk_end) instead of a full pass over millions of rows; a
	 * 64 MiB cache, since appending rows needs few pages and the index
	 * sorts are faster in runs of that size than in one of a gigabyte
	 * (workers_cf over 5 million rows: about 4 s instead of 10 s).
	 */
	snprintf(sql, sizeof sql, "PRAGMA threads = %d; PRAGMA analysis_limit = 1000;"
	    " PRAGMA cache_size = -65536", threads < 0 ? 0 : threads);
	return store_exec(st, sql);
}

/* Reads the journal mode a "PRAGMA journal_mode = X" statement answers with. */
static int
journal_mode(struct store *st, const char *sql, char *mode, size_t size)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_err(st, sqlite3_errcode(st->db));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_copy_text(mode, size, s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_err(st, rc);
}

int
store_seed_journal(struct store *st, int bulk)
{
	char mode[16] = "";
	int r;

	/*
	 * In WAL mode a load of gigabytes is written twice, to the WAL and then
	 * by the checkpoint into the database, and every page the cache drops
	 * is looked up again in the WAL.  A rollback journal writes the new
	 * pages of an empty database once, straight into the file, and
	 * ROLLBACK still undoes everything.  It needs the database to itself;
	 * when another connection holds it the load just stays in WAL mode.
	 */
	if ((r = journal_mode(st, bulk ? "PRAGMA journal_mode = DELETE" :
	    "PRAGMA journal_mode = WAL", mode, sizeof mode)) < 0)
		return r;
	return strcmp(mode, bulk ? "delete" : "wal") == 0 ? 0 : ERR_BUSY;
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_seed_sql[] = {
	{ SD_PAYDATA, "INSERT INTO payment_data (practice_id, worker_id, month, channel,"
	    " received_day, rejected_day, reject_reason) VALUES (?, ?, ?, ?, ?, ?, ?)" },
	{ SD_PAYMENT, "INSERT INTO payments (practice_id, worker_id, month, liquidated_day,"
	    " paid_day, amount_cents, method) VALUES (?, ?, ?, ?, ?, ?, ?)" },
	{ SD_EVENT, "INSERT INTO practice_events (practice_id, kind, day, detail)"
	    " VALUES (?, ?, ?, ?)" },
};
const size_t store_seed_sql_count = nitems(store_seed_sql);
