/*
 * The statements behind infocig db import.  Upserts are one statement each:
 * "INSERT ... ON CONFLICT DO UPDATE ... WHERE something differs" touches a
 * row only when the extract changed it, sqlite3_changes() tells a changed
 * row from an unchanged one, and sqlite3_last_insert_rowid(), zeroed before
 * the statement, tells an insert from an update (an upsert's update leaves
 * it alone).  So importing a file twice changes nothing, and a first import
 * costs no lookup before each insert.
 *
 * The statements belong to the handle, not to the store's slot cache, and
 * store_import_free() finalizes them.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "import.h"
#include "store_internal.h"

enum import_slot {
	IS_COMPANY, IS_WORKER, IS_WORKER_ID, IS_EMPLOYMENT, IS_PRACTICE_WORKER,
	IS_PRACTICE_DETAILS, IS_PAYMENT, IS_PRACTICE_HEADER, IS_PRACTICE_WORKERS, IS_COUNT
};

static const char *const import_sql[IS_COUNT] = {
	[IS_COMPANY] = "INSERT INTO companies (cf, vat, matricola, name, province)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (cf) DO UPDATE SET vat = ?2,"
	    " matricola = ?3, name = ?4, province = ?5 WHERE vat IS NOT ?2"
	    " OR matricola IS NOT ?3 OR name IS NOT ?4 OR province IS NOT ?5",
	[IS_WORKER] = "INSERT INTO workers (cf, surname, name, province, iban)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (cf) DO UPDATE SET surname = ?2,"
	    " name = ?3, province = ?4, iban = ?5 WHERE surname IS NOT ?2 OR name IS NOT ?3"
	    " OR province IS NOT ?4 OR iban IS NOT ?5",
	/* The unique index on cf holds the rowid: no visit to the table. */
	[IS_WORKER_ID] = "SELECT id FROM workers WHERE cf = ?",
	[IS_EMPLOYMENT] = "INSERT OR IGNORE INTO employment (worker_id, company_id, since)"
	    " VALUES (?, ?, ?)",
	[IS_PRACTICE_WORKER] = "INSERT INTO practice_workers (practice_id, worker_id, hours)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET hours = ?3 WHERE hours IS NOT ?3",
	[IS_PRACTICE_DETAILS] = "UPDATE practices SET weeks = ?2, hours = ?3, reason = ?4"
	    " WHERE id = ?1 AND (weeks IS NOT ?2 OR hours IS NOT ?3 OR reason IS NOT ?4)",
	[IS_PAYMENT] = "INSERT INTO payments (practice_id, worker_id, month, liquidated_day,"
	    " paid_day, amount_cents, method) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[IS_PRACTICE_HEADER] = "SELECT id, type, mode, company_id, office_id, period_from,"
	    " period_to, weeks, hours, reason FROM practices WHERE number = ?",
	[IS_PRACTICE_WORKERS] = "SELECT pw.worker_id, w.cf FROM practice_workers pw"
	    " JOIN workers w ON w.id = pw.worker_id WHERE pw.practice_id = ?",
};

/*
 * The employment of a worker just inserted cannot be there yet: such rows
 * are queued and written EMPLOYMENT_BATCH at a time by one statement, which
 * costs about a quarter less per row than a statement each.
 */
#define EMPLOYMENT_BATCH 64

/*
 * Secondary indexes that no statement of an import of that kind reads.  Into
 * an empty table they are dropped first and built again at the end: one
 * sort instead of a random B-tree insert per row.
 */
static const struct {
	enum import_kind kind;
	const char *name, *probe, *drop;
} idle_indexes[] = {
	{ IMPORT_COMPANIES, "companies_vat", "SELECT 1 FROM companies LIMIT 1",
	    "DROP INDEX companies_vat" },
	{ IMPORT_WORKERS, "employment_company", "SELECT 1 FROM employment LIMIT 1",
	    "DROP INDEX employment_company" },
	{ IMPORT_PRACTICES, "practices_company", "SELECT 1 FROM practices LIMIT 1",
	    "DROP INDEX practices_company" },
	{ IMPORT_PRACTICES, "practices_office_type", "SELECT 1 FROM practices LIMIT 1",
	    "DROP INDEX practices_office_type" },
	{ IMPORT_PRACTICES, "practice_workers_worker", "SELECT 1 FROM practice_workers LIMIT 1",
	    "DROP INDEX practice_workers_worker" },
	{ IMPORT_EVENTS, "practice_events_kind_day", "SELECT 1 FROM practice_events LIMIT 1",
	    "DROP INDEX practice_events_kind_day" },
	{ IMPORT_PAYMENTS, "payments_paid_day", "SELECT 1 FROM payments LIMIT 1",
	    "DROP INDEX payments_paid_day" },
};

struct store_import {
	struct store *st;
	sqlite3_stmt *s[IS_COUNT];
	char *rebuild[nitems(idle_indexes)];	/* CREATE INDEX of the dropped ones */
	sqlite3_stmt *batch;	/* EMPLOYMENT_BATCH employment rows */
	struct {
		int64_t worker_id, company_id;
		int32_t since;
	} queued[EMPLOYMENT_BATCH];
	int nqueued;
};

int
store_import_new(struct store *st, struct store_import **out)
{
	static const char head[] = "INSERT OR IGNORE INTO employment (worker_id, company_id,"
	    " since) VALUES (?, ?, ?)", more[] = ", (?, ?, ?)";
	struct store_import *si = xcalloc(1, sizeof *si);
	char batch[sizeof head + (EMPLOYMENT_BATCH - 1) * (sizeof more - 1)];
	size_t i;

	*out = NULL;
	si->st = st;
	memcpy(batch, head, sizeof head);
	for (i = 1; i < EMPLOYMENT_BATCH; i++)
		memcpy(batch + sizeof head - 1 + (i - 1) * (sizeof more - 1), more, sizeof more);
	for (i = 0; i <= IS_COUNT; i++) {
		const char *sql = i < IS_COUNT ? import_sql[i] : batch;

		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    i < IS_COUNT ? &si->s[i] : &si->batch, NULL) != SQLITE_OK) {
			log_error("prepare: %s: %s", sqlite3_errmsg(st->db), sql);
			store_import_free(si);
			return ERR_IO;
		}
	}
	*out = si;
	return 0;
}

void
store_import_free(struct store_import *si)
{
	size_t i;

	if (si == NULL)
		return;
	for (i = 0; i < IS_COUNT; i++)
		sqlite3_finalize(si->s[i]);
	sqlite3_finalize(si->batch);
	for (i = 0; i < nitems(si->rebuild); i++)
		free(si->rebuild[i]);
	free(si);
}

/* Steps an upsert; *id gets the new row's id when it inserted one. */
static int
upsert(struct store_import *si, sqlite3_stmt *s, int64_t *id)
{
	int r;

	sqlite3_set_last_insert_rowid(si->st->db, 0);
	if ((r = store_step_done(si->st, s)) < 0)
		return r;
	if (sqlite3_changes(si->st->db) == 0)
		return STORE_UNCHANGED;
	if (sqlite3_last_insert_rowid(si->st->db) == 0)
		return STORE_UPDATED;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(si->st->db);
	return STORE_INSERTED;
}

/*
 * The same for the WITHOUT ROWID tables, which set no rowid: any change
 * counts as an insert (the caller knows whether the key was new).
 */
static int
changed(struct store_import *si, sqlite3_stmt *s)
{
	int r = store_step_done(si->st, s);

	if (r < 0)
		return r;
	return sqlite3_changes(si->st->db) ? STORE_INSERTED : STORE_UNCHANGED;
}

int
store_import_company(struct store_import *si, const struct store_company *c)
{
	sqlite3_stmt *s = si->s[IS_COMPANY];

	sqlite3_bind_text(s, 1, c->cf, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->vat, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->matricola, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->province, -1, SQLITE_STATIC);
	return upsert(si, s, NULL);
}

int
store_import_worker(struct store_import *si, struct store_worker *w)
{
	sqlite3_stmt *s = si->s[IS_WORKER];

	w->id = 0;
	sqlite3_bind_text(s, 1, w->cf, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, w->surname, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, w->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, w->province, -1, SQLITE_STATIC);
	store_bind_text(s, 5, w->iban);
	return upsert(si, s, &w->id);
}

int
store_import_worker_id(struct store_import *si, const char *cf, int64_t *id)
{
	sqlite3_stmt *s = si->s[IS_WORKER_ID];
	int r;

	sqlite3_bind_text(s, 1, cf, -1, SQLITE_STATIC);
	if ((r = store_step_row(si->st, s)) < 0)
		return r;
	*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/* 1 when the query returns a row, 0 when none, or a negative ERR_*. */
static int
any_row(struct store *st, const char *sql, const char *arg, char **text)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_err(st, sqlite3_errcode(st->db));
	if (arg != NULL)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && text != NULL && sqlite3_column_text(s, 0) != NULL)
		*text = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_import_begin(struct store_import *si, enum import_kind kind)
{
	size_t i;
	int r;

	for (i = 0; i < nitems(idle_indexes); i++) {
		if (idle_indexes[i].kind != kind || si->rebuild[i] != NULL)
			continue;
		if ((r = any_row(si->st, idle_indexes[i].probe, NULL, NULL)) < 0)
			return r;
		if (r == 1)
			continue;
		/* The schema's own definition, to build it again as it was. */
		if ((r = any_row(si->st, "SELECT sql FROM sqlite_master WHERE type = 'index'"
		    " AND name = ?", idle_indexes[i].name, &si->rebuild[i])) < 0)
			return r;
		if (si->rebuild[i] != NULL && (r = store_exec(si->st, idle_indexes[i].drop)) < 0)
			return r;
	}
	return 0;
}

int
store_import_finish(struct store_import *si)
{
	size_t i;
	int r;

	if ((r = store_import_flush(si)) < 0)
		return r;
	for (i = 0; i < nitems(si->rebuild); i++) {
		if (si->rebuild[i] == NULL)
			continue;
		r = store_exec(si->st, si->rebuild[i]);
		free(si->rebuild[i]);
		si->rebuild[i] = NULL;
		if (r < 0)
			return r;
	}
	return 0;
}

int
store_import_flush(struct store_import *si)
{
	sqlite3_stmt *s = si->batch;
	int i, r, n = si->nqueued;

	si->nqueued = 0;
	if (n < EMPLOYMENT_BATCH) {
		for (i = 0; i < n; i++) {
			s = si->s[IS_EMPLOYMENT];
			sqlite3_bind_int64(s, 1, si->queued[i].worker_id);
			sqlite3_bind_int64(s, 2, si->queued[i].company_id);
			sqlite3_bind_int(s, 3, si->queued[i].since);
			if ((r = store_step_done(si->st, s)) < 0)
				return r;
		}
		return 0;
	}
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 3 * i + 1, si->queued[i].worker_id);
		sqlite3_bind_int64(s, 3 * i + 2, si->queued[i].company_id);
		sqlite3_bind_int(s, 3 * i + 3, si->queued[i].since);
	}
	return store_step_done(si->st, s);
}

int
store_import_employment_new(struct store_import *si, int64_t worker_id, int64_t company_id,
    int32_t since)
{
	si->queued[si->nqueued].worker_id = worker_id;
	si->queued[si->nqueued].company_id = company_id;
	si->queued[si->nqueued].since = since;
	return ++si->nqueued == EMPLOYMENT_BATCH ? store_import_flush(si) : 0;
}

int
store_import_employment(struct store_import *si, int64_t worker_id, int64_t company_id,
    int32_t since)
{
	sqlite3_stmt *s = si->s[IS_EMPLOYMENT];
	int r;

	/* The same worker twice in a file: its queued row counts as there. */
	if (si->nqueued > 0 && (r = store_import_flush(si)) < 0)
		return r;

	sqlite3_bind_int64(s, 1, worker_id);
	sqlite3_bind_int64(s, 2, company_id);
	sqlite3_bind_int(s, 3, since);
	return changed(si, s);
}

int
store_import_practice_worker(struct store_import *si, int64_t practice_id, int64_t worker_id,
    int32_t hours)
{
	sqlite3_stmt *s = si->s[IS_PRACTICE_WORKER];

	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, worker_id);
	sqlite3_bind_int(s, 3, hours);
	return changed(si, s);
}

int
store_import_practice_details(struct store_import *si, int64_t id, int32_t weeks,
    int32_t hours, const char *reason)
{
	sqlite3_stmt *s = si->s[IS_PRACTICE_DETAILS];
	int r;

	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, weeks);
	sqlite3_bind_int(s, 3, hours);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
	if ((r = store_step_done(si->st, s)) < 0)
		return r;
	return sqlite3_changes(si->st->db) ? STORE_UPDATED : STORE_UNCHANGED;
}

int
store_import_payment(struct store_import *si, int64_t practice_id,
    const struct practice_event *liq, const struct practice_event *pay)
{
	sqlite3_stmt *s = si->s[IS_PAYMENT];

	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, liq->worker_id);
	sqlite3_bind_int(s, 3, liq->month);
	sqlite3_bind_int(s, 4, liq->day);
	if (pay != NULL) {
		sqlite3_bind_int(s, 5, pay->day);
		sqlite3_bind_int64(s, 6, pay->amount_cents);
		sqlite3_bind_text(s, 7, pay->kind == EV_DOMICILIATO ? "domiciliato" : "bonifico",
		    -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(s, 5);
		sqlite3_bind_null(s, 6);
		sqlite3_bind_null(s, 7);
	}
	return store_step_done(si->st, s);
}

int
store_import_practice_header(struct store_import *si, const char *number, struct practice *p)
{
	sqlite3_stmt *s = si->s[IS_PRACTICE_HEADER];
	int r, v;

	practice_init(p);
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	if ((r = store_step_row(si->st, s)) < 0)
		return r;
	p->id = sqlite3_column_int64(s, 0);
	str_lcpy(p->number, number, sizeof p->number);
	v = practice_type_parse((const char *)sqlite3_column_text(s, 1));
	p->type = v < 0 ? PRACTICE_CIGO : (enum practice_type)v;
	v = payment_mode_parse((const char *)sqlite3_column_text(s, 2));
	p->mode = v < 0 ? PAYMENT_DIRECT : (enum payment_mode)v;
	p->company_id = sqlite3_column_int64(s, 3);
	p->office_id = sqlite3_column_int64(s, 4);
	p->period_from = sqlite3_column_int(s, 5);
	p->period_to = sqlite3_column_int(s, 6);
	p->weeks = sqlite3_column_int(s, 7);
	p->hours = sqlite3_column_int(s, 8);
	store_copy_text(p->reason, sizeof p->reason, s, 9);
	sqlite3_reset(s);
	return 0;
}

int
store_import_practice_load(struct store_import *si, const char *number, struct practice *p)
{
	sqlite3_stmt *s = si->s[IS_PRACTICE_WORKERS];
	size_t cap = 0;
	int r, rc;

	if ((r = store_import_practice_header(si, number, p)) < 0)
		return r;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct practice_worker *w;

		if (p->nworkers == cap) {
			cap = cap ? cap * 2 : 16;
			p->workers = xreallocarray(p->workers, cap, sizeof *p->workers);
		}
		w = &p->workers[p->nworkers++];
		memset(w, 0, sizeof *w);
		w->worker_id = sqlite3_column_int64(s, 0);
		store_copy_text(w->cf, sizeof w->cf, s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		r = store_err(si->st, rc);
	else
		r = store_practice_load_events(si->st, p, 0);
	if (r < 0)
		practice_clear(p);
	return r;
}
