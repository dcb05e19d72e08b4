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
#include "store_import.h"
#include "store_internal.h"

/*
 * Rows that no statement reads back until store_import_flush() (the caller
 * asks for nothing it queued: see import.h) are queued and written up to
 * QUEUE_ROWS per statement.  A multi-row INSERT costs much less per row: the
 * fixed cost of a statement is paid once, and so is a CHECK (x IN (...)),
 * which SQLite evaluates with a temporary table built for each statement.
 */
enum queue_table { QT_EMPLOYMENT, QT_EVENT, QT_PAYDATA, QT_PAYMENT, QT_COUNT };

#define QUEUE_ROWS 64		/* statements of 64, 32, ..., 1 rows */
#define QUEUE_SIZES 7
#define QUEUE_COLS 7

static const struct {
	const char *head;
	int ncols;
} queue_sql[QT_COUNT] = {
	[QT_EMPLOYMENT] = { "INSERT OR IGNORE INTO employment (worker_id, company_id, since)"
	    " VALUES ", 3 },
	[QT_EVENT] = { "INSERT INTO practice_events (practice_id, kind, day, detail) VALUES ",
	    4 },
	[QT_PAYDATA] = { "INSERT INTO payment_data (practice_id, worker_id, month, channel,"
	    " received_day) VALUES ", 5 },
	[QT_PAYMENT] = { "INSERT INTO payments (practice_id, worker_id, month, liquidated_day,"
	    " paid_day, amount_cents, method) VALUES ", 7 },
};

struct queued_row {
	int64_t v[QUEUE_COLS];
	const char *text[QUEUE_COLS];	/* bound as text when not NULL */
	unsigned nulls;			/* bit c: column c is NULL */
	char detail[96];		/* text a column may point to */
};

struct queue {
	struct queued_row rows[QUEUE_ROWS];
	int n;
	sqlite3_stmt *s[QUEUE_SIZES];	/* of 1 << k rows, prepared on first use */
};

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
	char *rebuild[nitems(idle_indexes)];	/* CREATE INDEX of the dropped ones */
	struct queue q[QT_COUNT];
};

int
store_import_new(struct store *st, struct store_import **out)
{
	struct store_import *si = xcalloc(1, sizeof *si);

	si->st = st;
	*out = si;
	return 0;
}

void
store_import_free(struct store_import *si)
{
	size_t i, k;

	if (si == NULL)
		return;
	for (i = 0; i < QT_COUNT; i++)
		for (k = 0; k < QUEUE_SIZES; k++)
			sqlite3_finalize(si->q[i].s[k]);
	for (i = 0; i < nitems(si->rebuild); i++)
		free(si->rebuild[i]);
	free(si);
}

/* The INSERT of table t with 1 << k rows. */
static sqlite3_stmt *
queue_stmt(struct store_import *si, enum queue_table t, int k)
{
	struct queue *q = &si->q[t];
	size_t len = strlen(queue_sql[t].head), rows = (size_t)1 << k, r;
	int c, ncols = queue_sql[t].ncols;
	char *sql, *p;

	if (q->s[k] != NULL)
		return q->s[k];
	/* "(?, ?, ?), " is 3 bytes a column and 2 a row at most. */
	p = sql = xmalloc(len + rows * (3 * (size_t)ncols + 2) + 1);
	memcpy(p, queue_sql[t].head, len);
	p += len;
	for (r = 0; r < rows; r++) {
		if (r > 0) {
			*p++ = ',';
			*p++ = ' ';
		}
		*p++ = '(';
		for (c = 0; c < ncols; c++) {
			if (c > 0) {
				*p++ = ',';
				*p++ = ' ';
			}
			*p++ = '?';
		}
		*p++ = ')';
	}
	*p = '\0';
	if (sqlite3_prepare_v3(si->st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q->s[k],
	    NULL) != SQLITE_OK) {
		log_error("prepare: %s: %.80s", sqlite3_errmsg(si->st->db), sql);
		q->s[k] = NULL;
	}
	free(sql);
	return q->s[k];
}

/* Writes the rows queued for t, in order. */
static int
queue_flush(struct store_import *si, enum queue_table t)
{
	struct queue *q = &si->q[t];
	int ncols = queue_sql[t].ncols, done = 0, k, i, c, r;

	for (k = QUEUE_SIZES - 1; k >= 0; k--) {
		while (q->n - done >= 1 << k) {
			sqlite3_stmt *s = queue_stmt(si, t, k);

			if (s == NULL) {
				q->n = 0;
				return ERR_IO;
			}
			for (i = 0; i < 1 << k; i++) {
				const struct queued_row *row = &q->rows[done + i];

				for (c = 0; c < ncols; c++) {
					int at = i * ncols + c + 1;

					if (row->nulls & 1u << c)
						sqlite3_bind_null(s, at);
					else if (row->text[c] != NULL)
						sqlite3_bind_text(s, at, row->text[c], -1,
						    SQLITE_STATIC);
					else
						sqlite3_bind_int64(s, at, row->v[c]);
				}
			}
			if ((r = store_step_done(si->st, s)) < 0) {
				q->n = 0;
				return r;
			}
			done += 1 << k;
		}
	}
	q->n = 0;
	return 0;
}

/* A cleared slot at the end of t's queue, written first when it is full. */
static int
queue_slot(struct store_import *si, enum queue_table t, struct queued_row **row)
{
	struct queue *q = &si->q[t];
	int r;

	if (q->n == QUEUE_ROWS && (r = queue_flush(si, t)) < 0)
		return r;
	*row = &q->rows[q->n++];
	memset(*row, 0, sizeof **row);
	return 0;
}

int
store_import_flush(struct store_import *si)
{
	int t, r;

	for (t = 0; t < QT_COUNT; t++)
		if (si->q[t].n > 0 && (r = queue_flush(si, t)) < 0)
			return r;
	return 0;
}

/* Writes what is queued if any of it is an event or payment of the application. */
static int
flush_practice(struct store_import *si, int64_t practice_id)
{
	int t, i;

	for (t = QT_EVENT; t <= QT_PAYMENT; t++)
		for (i = 0; i < si->q[t].n; i++)
			if (si->q[t].rows[i].v[0] == practice_id)
				return store_import_flush(si);
	return 0;
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
	sqlite3_stmt *s = store_stmt(si->st, IS_COMPANY);

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
	sqlite3_stmt *s = store_stmt(si->st, IS_WORKER);

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
	sqlite3_stmt *s = store_stmt(si->st, IS_WORKER_ID);
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
store_import_employment_new(struct store_import *si, int64_t worker_id, int64_t company_id,
    int32_t since)
{
	struct queued_row *row;
	int r;

	if ((r = queue_slot(si, QT_EMPLOYMENT, &row)) < 0)
		return r;
	row->v[0] = worker_id;
	row->v[1] = company_id;
	row->v[2] = since;
	return 0;
}

int
store_import_employment(struct store_import *si, int64_t worker_id, int64_t company_id,
    int32_t since)
{
	sqlite3_stmt *s = store_stmt(si->st, IS_EMPLOYMENT);
	int r;

	/* The same worker twice in a file: its queued row counts as there. */
	if (si->q[QT_EMPLOYMENT].n > 0 && (r = queue_flush(si, QT_EMPLOYMENT)) < 0)
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
	sqlite3_stmt *s = store_stmt(si->st, IS_PRACTICE_WORKER);

	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, worker_id);
	sqlite3_bind_int(s, 3, hours);
	return changed(si, s);
}

int
store_import_practice_details(struct store_import *si, int64_t id, int32_t weeks,
    int32_t hours, const char *reason)
{
	sqlite3_stmt *s = store_stmt(si->st, IS_PRACTICE_DETAILS);
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
	struct queued_row *row;
	int r;

	if ((r = queue_slot(si, QT_PAYMENT, &row)) < 0)
		return r;
	row->v[0] = practice_id;
	row->v[1] = liq->worker_id;
	row->v[2] = liq->month;
	row->v[3] = liq->day;
	if (pay != NULL) {
		row->v[4] = pay->day;
		row->v[5] = pay->amount_cents;
		row->text[6] = pay->kind == EV_DOMICILIATO ? "domiciliato" : "bonifico";
	} else {
		row->nulls = 1u << 4 | 1u << 5 | 1u << 6;
	}
	return 0;
}

int
store_import_event(struct store_import *si, int64_t practice_id,
    const struct practice_event *ev)
{
	struct queued_row *row;
	int r;

	switch (ev->kind) {
	case EV_DATI_PAGAMENTO:
		if ((r = queue_slot(si, QT_PAYDATA, &row)) < 0)
			return r;
		row->v[0] = practice_id;
		row->v[1] = ev->worker_id;
		row->v[2] = ev->month;
		str_upper_trim(row->detail, sizeof row->detail, ev->detail);
		row->text[3] = row->detail;
		row->v[4] = ev->day;
		return 0;
	case EV_LIQUIDATA:
		return store_import_payment(si, practice_id, ev, NULL);
	case EV_DATI_SCARTATI:
	case EV_PAGATA:
	case EV_DOMICILIATO:
		/* An UPDATE of a row that may still be queued. */
		if ((r = store_import_flush(si)) < 0)
			return r;
		return store_event_add(si->st, practice_id, ev);
	default:
		if ((r = queue_slot(si, QT_EVENT, &row)) < 0)
			return r;
		row->v[0] = practice_id;
		row->text[1] = event_kind_name(ev->kind);
		row->v[2] = ev->day;
		str_lcpy(row->detail, ev->detail, sizeof row->detail);
		row->text[3] = row->detail;
		return 0;
	}
}

int
store_import_practice_header(struct store_import *si, const char *number, struct practice *p)
{
	sqlite3_stmt *s = store_stmt(si->st, IS_PRACTICE_HEADER);
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
	sqlite3_stmt *s = store_stmt(si->st, IS_PRACTICE_WORKERS);
	size_t cap = 0;
	int r, rc;

	if ((r = store_import_practice_header(si, number, p)) < 0)
		return r;
	if ((r = flush_practice(si, p->id)) < 0) {
		practice_clear(p);
		return r;
	}
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

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_import_sql[] = {
	{ IS_COMPANY, "INSERT INTO companies (cf, vat, matricola, name, province)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (cf) DO UPDATE SET vat = ?2,"
	    " matricola = ?3, name = ?4, province = ?5 WHERE vat IS NOT ?2"
	    " OR matricola IS NOT ?3 OR name IS NOT ?4 OR province IS NOT ?5" },
	{ IS_WORKER, "INSERT INTO workers (cf, surname, name, province, iban)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (cf) DO UPDATE SET surname = ?2,"
	    " name = ?3, province = ?4, iban = ?5 WHERE surname IS NOT ?2 OR name IS NOT ?3"
	    " OR province IS NOT ?4 OR iban IS NOT ?5" },
	/* The unique index on cf holds the rowid: no visit to the table. */
	{ IS_WORKER_ID, "SELECT id FROM workers WHERE cf = ?" },
	{ IS_EMPLOYMENT, "INSERT OR IGNORE INTO employment (worker_id, company_id, since)"
	    " VALUES (?, ?, ?)" },
	{ IS_PRACTICE_WORKER, "INSERT INTO practice_workers (practice_id, worker_id, hours)"
	    " VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET hours = ?3 WHERE hours IS NOT ?3" },
	{ IS_PRACTICE_DETAILS, "UPDATE practices SET weeks = ?2, hours = ?3, reason = ?4"
	    " WHERE id = ?1 AND (weeks IS NOT ?2 OR hours IS NOT ?3 OR reason IS NOT ?4)" },
	{ IS_PRACTICE_HEADER, "SELECT id, type, mode, company_id, office_id, period_from,"
	    " period_to, weeks, hours, reason FROM practices WHERE number = ?" },
	{ IS_PRACTICE_WORKERS, "SELECT pw.worker_id, w.cf FROM practice_workers pw"
	    " JOIN workers w ON w.id = pw.worker_id WHERE pw.practice_id = ?" },
};
const size_t store_import_sql_count = nitems(store_import_sql);
