/*
 * Upserts for infocig db import.  "INSERT ... ON CONFLICT DO UPDATE ... WHERE
 * something differs" touches a row only when the extract changed it, so
 * sqlite3_changes() tells inserted/updated from unchanged and importing a
 * file twice changes nothing.
 */
#include <string.h>

#include "common.h"
#include "store_internal.h"

/* Before the statement: was the key there?  After: did a row change? */
static int
upsert_result(struct store *st, sqlite3_stmt *s, int existed)
{
	int r = store_step_done(st, s);

	if (r < 0)
		return r;
	if (sqlite3_changes(st->db) == 0)
		return STORE_UNCHANGED;
	return existed ? STORE_UPDATED : STORE_INSERTED;
}

int
store_company_upsert(struct store *st, struct store_company *c)
{
	struct store_company old;
	sqlite3_stmt *s;
	int existed = store_company_by_cf(st, c->cf, &old) == 0;
	int r;

	s = store_stmt(st, SQ_COMPANY_UPSERT, "INSERT INTO companies (cf, vat, matricola, name,"
	    " province) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (cf) DO UPDATE SET vat = ?2,"
	    " matricola = ?3, name = ?4, province = ?5 WHERE vat IS NOT ?2 OR matricola IS NOT ?3"
	    " OR name IS NOT ?4 OR province IS NOT ?5");
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, c->cf, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->vat, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->matricola, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->province, -1, SQLITE_STATIC);
	r = upsert_result(st, s, existed);
	c->id = existed ? old.id : (r == STORE_INSERTED ? sqlite3_last_insert_rowid(st->db) : 0);
	return r;
}

int
store_worker_upsert(struct store *st, struct store_worker *w)
{
	struct store_worker old;
	sqlite3_stmt *s;
	int r;

	/* New workers are the common case of a first import: one statement. */
	s = store_stmt(st, SQ_WORKER_UPSERT, "INSERT OR IGNORE INTO workers (cf, surname, name,"
	    " province, iban) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, w->cf, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, w->surname, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, w->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, w->province, -1, SQLITE_STATIC);
	store_bind_text(s, 5, w->iban);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	if (sqlite3_changes(st->db) == 1) {
		w->id = sqlite3_last_insert_rowid(st->db);
		return STORE_INSERTED;
	}
	if ((r = store_worker_by_cf(st, w->cf, &old)) < 0)
		return r;
	w->id = old.id;
	if (strcmp(old.surname, w->surname) == 0 && strcmp(old.name, w->name) == 0 &&
	    strcmp(old.province, w->province) == 0 && strcmp(old.iban, w->iban) == 0)
		return STORE_UNCHANGED;
	s = store_stmt(st, SQ_WORKER_UPDATE, "UPDATE workers SET surname = ?2, name = ?3,"
	    " province = ?4, iban = ?5 WHERE id = ?1");
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, old.id);
	sqlite3_bind_text(s, 2, w->surname, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, w->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, w->province, -1, SQLITE_STATIC);
	store_bind_text(s, 5, w->iban);
	return (r = store_step_done(st, s)) < 0 ? r : STORE_UPDATED;
}

int
store_employment_upsert(struct store *st, int64_t worker_id, int64_t company_id, int32_t since)
{
	sqlite3_stmt *s = store_stmt(st, SQ_EMPLOYMENT_UPSERT, "INSERT OR IGNORE INTO employment"
	    " (worker_id, company_id, since) VALUES (?, ?, ?)");

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, worker_id);
	sqlite3_bind_int64(s, 2, company_id);
	sqlite3_bind_int(s, 3, since);
	return upsert_result(st, s, 0);
}

int
store_practice_worker_upsert(struct store *st, int64_t practice_id, int64_t worker_id,
    int32_t hours)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PRACTICE_WORKER_UPSERT, "INSERT INTO practice_workers"
	    " (practice_id, worker_id, hours) VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE"
	    " SET hours = ?3 WHERE hours IS NOT ?3");

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, worker_id);
	sqlite3_bind_int(s, 3, hours);
	return upsert_result(st, s, 0);
}

int
store_practice_update_details(struct store *st, int64_t id, int32_t weeks, int32_t hours,
    const char *reason)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PRACTICE_DETAILS, "UPDATE practices SET weeks = ?2,"
	    " hours = ?3, reason = ?4 WHERE id = ?1 AND (weeks IS NOT ?2 OR hours IS NOT ?3"
	    " OR reason IS NOT ?4)");
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, weeks);
	sqlite3_bind_int(s, 3, hours);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	return sqlite3_changes(st->db) ? STORE_UPDATED : STORE_UNCHANGED;
}
