/*
 * Fixtures shared by the store, import and lookup tests: a fresh database
 * in a mkdtemp folder (data/ holds the reference CSVs: run from the root),
 * and rows added through the store with their results asserted.  Each test
 * program is linked alone, so these are static inline: a test uses what it
 * needs without warnings for the rest.
 */
#ifndef INFOCIG_TEST_FIXTURES_H
#define INFOCIG_TEST_FIXTURES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "common.h"
#include "practice.h"
#include "store.h"

/* A database file in a folder of its own. */
struct fx_db {
	char dir[64];
	char path[128];		/* dir/t.db */
	struct store *st;	/* NULL until fx_db_open() */
};

/* Makes the folder (named after the test) and the path; no database yet. */
static inline int
fx_db_init(struct fx_db *db, const char *test)
{
	memset(db, 0, sizeof *db);
	snprintf(db->dir, sizeof db->dir, "/tmp/infocig-test-%s.XXXXXX", test);
	if (mkdtemp(db->dir) == NULL)
		return -1;
	snprintf(db->path, sizeof db->path, "%s/t.db", db->dir);
	return 0;
}

/* fx_db_init(), then a created and opened database (0, or -1 with a message). */
static inline int
fx_db_open(struct fx_db *db, const char *test)
{
	char err[512] = "";

	if (fx_db_init(db, test) < 0)
		return -1;
	if (store_create(db->path, "data", err, sizeof err) < 0 ||
	    store_open(db->path, 0, &db->st, err, sizeof err) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	return 0;
}

/* Closes the database and removes the folder with whatever a test left in it. */
static inline int
fx_db_close(struct fx_db *db)
{
	char cmd[128];

	store_close(db->st);
	db->st = NULL;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", db->dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* "YYYY-MM-DD" as a civil day. */
static inline int32_t
fx_day(const char *s)
{
	int32_t d = 0;

	assert_int_equal(day_parse(s, &d), 0);
	return d;
}

/* Runs SQL on the file with the sqlite3 API directly, outside the store. */
static inline void
fx_raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("sqlite: %s", msg ? msg : "?");
	sqlite3_close(db);
}

/* The first column of the first row of a query on the file, -1 when none. */
static inline int64_t
fx_raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static inline void
fx_company(struct store *st, struct store_company *c, const char *cf, const char *vat,
    const char *matricola, const char *name, const char *prov)
{
	memset(c, 0, sizeof *c);
	str_lcpy(c->cf, cf, sizeof c->cf);
	str_lcpy(c->vat, vat, sizeof c->vat);
	str_lcpy(c->matricola, matricola, sizeof c->matricola);
	str_lcpy(c->name, name, sizeof c->name);
	str_lcpy(c->province, prov, sizeof c->province);
	assert_int_equal(store_company_add(st, c), 0);
	assert_true(c->id > 0);
}

/* iban may be "". */
static inline void
fx_worker(struct store *st, struct store_worker *w, const char *cf, const char *surname,
    const char *name, const char *prov, const char *iban)
{
	memset(w, 0, sizeof *w);
	str_lcpy(w->cf, cf, sizeof w->cf);
	str_lcpy(w->surname, surname, sizeof w->surname);
	str_lcpy(w->name, name, sizeof w->name);
	str_lcpy(w->province, prov, sizeof w->province);
	str_lcpy(w->iban, iban, sizeof w->iban);
	assert_int_equal(store_worker_add(st, w), 0);
	assert_true(w->id > 0);
}

/* An account named after its login; a may be NULL.  Returns its id. */
static inline int64_t
fx_account(struct store *st, struct store_account *a, const char *login,
    enum account_role role, int64_t worker_id)
{
	struct store_account local;

	if (a == NULL)
		a = &local;
	memset(a, 0, sizeof *a);
	str_lcpy(a->login, login, sizeof a->login);
	a->role = role;
	str_lcpy(a->full_name, login, sizeof a->full_name);
	a->worker_id = worker_id;
	assert_int_equal(store_account_add(st, a, NULL), 0);
	assert_true(a->id > 0);
	return a->id;
}

/* The office competent for a province. */
static inline int64_t
fx_office(struct store *st, const char *prov)
{
	struct store_office o;

	assert_int_equal(store_office_by_province(st, prov, &o), 0);
	return o.id;
}

/* A pagamento diretto application of 4 weeks, 160 hours, "crisi di mercato". */
static inline int64_t
fx_practice(struct store *st, const char *number, int64_t company_id, int64_t office_id,
    enum practice_type type, const char *from, const char *to)
{
	struct practice p;

	practice_init(&p);
	str_lcpy(p.number, number, sizeof p.number);
	p.company_id = company_id;
	p.office_id = office_id;
	p.type = type;
	p.mode = PAYMENT_DIRECT;
	p.period_from = fx_day(from);
	p.period_to = fx_day(to);
	p.weeks = 4;
	p.hours = 160;
	str_lcpy(p.reason, "crisi di mercato", sizeof p.reason);
	assert_int_equal(store_practice_add(st, &p), 0);
	assert_true(p.id > 0);
	return p.id;
}

static inline struct practice_event
fx_event(enum event_kind kind, const char *day, int64_t worker, int32_t month,
    int64_t cents, const char *detail)
{
	struct practice_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.day = fx_day(day);
	ev.worker_id = worker;
	ev.month = month;
	ev.amount_cents = cents;
	str_lcpy(ev.detail, detail, sizeof ev.detail);
	return ev;
}

#endif
