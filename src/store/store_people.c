/* Companies, workers, employment, accounts, keys and delegations. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"

int
store_company_add(struct store *st, struct store_company *c)
{
	sqlite3_stmt *s = store_stmt(st, SQ_COMPANY_ADD);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, c->cf, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->vat, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->matricola, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->province, -1, SQLITE_STATIC);
	if ((r = store_step_done(st, s)) == 0)
		c->id = sqlite3_last_insert_rowid(st->db);
	return r;
}

#define COMPANY_COLS "id, cf, vat, matricola, name, province"

static void
company_fill(sqlite3_stmt *s, struct store_company *out)
{
	out->id = sqlite3_column_int64(s, 0);
	store_copy_text(out->cf, sizeof out->cf, s, 1);
	store_copy_text(out->vat, sizeof out->vat, s, 2);
	store_copy_text(out->matricola, sizeof out->matricola, s, 3);
	store_copy_text(out->name, sizeof out->name, s, 4);
	store_copy_text(out->province, sizeof out->province, s, 5);
}

static int
company_row(struct store *st, sqlite3_stmt *s, struct store_company *out)
{
	int r = store_step_row(st, s);

	if (r < 0)
		return r;
	company_fill(s, out);
	sqlite3_reset(s);
	return 0;
}

int
store_company_find(struct store *st, const char *key, struct store_company *out)
{
	static const enum store_slot ways[] = { SQ_COMPANY_BY_VAT, SQ_COMPANY_BY_MATRICOLA };
	size_t i;
	int r = store_company_by_cf(st, key, out);

	for (i = 0; i < nitems(ways) && r == ERR_NOTFOUND; i++) {
		sqlite3_stmt *s = store_stmt(st, ways[i]);

		if (s != NULL)
			sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		r = company_row(st, s, out);
	}
	return r;
}

int
store_companies_matching(struct store *st, const char *key, struct store_company **out,
    size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, SQ_COMPANIES_MATCHING);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		company_fill(s, &(*out)[(*n)++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_err(st, rc);
	}
	return 0;
}

int
store_company_by_cf(struct store *st, const char *cf, struct store_company *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_COMPANY_BY_CF);

	if (s != NULL)
		sqlite3_bind_text(s, 1, cf, -1, SQLITE_STATIC);
	return company_row(st, s, out);
}

int
store_company_by_id(struct store *st, int64_t id, struct store_company *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_COMPANY_BY_ID);

	if (s != NULL)
		sqlite3_bind_int64(s, 1, id);
	return company_row(st, s, out);
}

int
store_worker_add(struct store *st, struct store_worker *w)
{
	sqlite3_stmt *s = store_stmt(st, SQ_WORKER_ADD);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, w->cf, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, w->surname, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, w->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, w->province, -1, SQLITE_STATIC);
	store_bind_text(s, 5, w->iban);
	if ((r = store_step_done(st, s)) == 0)
		w->id = sqlite3_last_insert_rowid(st->db);
	return r;
}

#define WORKER_COLS "id, cf, surname, name, province, iban"

static int
worker_row(struct store *st, sqlite3_stmt *s, struct store_worker *out)
{
	int r = store_step_row(st, s);

	if (r < 0)
		return r;
	out->id = sqlite3_column_int64(s, 0);
	store_copy_text(out->cf, sizeof out->cf, s, 1);
	store_copy_text(out->surname, sizeof out->surname, s, 2);
	store_copy_text(out->name, sizeof out->name, s, 3);
	store_copy_text(out->province, sizeof out->province, s, 4);
	store_copy_text(out->iban, sizeof out->iban, s, 5);
	sqlite3_reset(s);
	return 0;
}

int
store_worker_by_cf(struct store *st, const char *cf, struct store_worker *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_WORKER_BY_CF);

	if (s != NULL)
		sqlite3_bind_text(s, 1, cf, -1, SQLITE_STATIC);
	return worker_row(st, s, out);
}

int
store_worker_by_id(struct store *st, int64_t id, struct store_worker *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_WORKER_BY_ID);

	if (s != NULL)
		sqlite3_bind_int64(s, 1, id);
	return worker_row(st, s, out);
}

int
store_employment_add(struct store *st, int64_t worker_id, int64_t company_id,
    int32_t since, int32_t until)
{
	sqlite3_stmt *s = store_stmt(st, SQ_EMPLOYMENT_ADD);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, worker_id);
	sqlite3_bind_int64(s, 2, company_id);
	sqlite3_bind_int(s, 3, since);
	if (until)
		sqlite3_bind_int(s, 4, until);
	return store_step_done(st, s);
}

int
store_account_add(struct store *st, struct store_account *a,
    const struct store_credentials *cr)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_ADD);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, a->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, account_role_name(a->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, a->full_name, -1, SQLITE_STATIC);
	store_bind_text(s, 4, cr != NULL ? cr->password_hash : NULL);
	store_bind_text(s, 5, cr != NULL ? cr->totp_secret : NULL);
	store_bind_text(s, 6, a->unix_user);
	store_bind_id(s, 7, a->office_id);
	store_bind_text(s, 8, a->province);
	store_bind_id(s, 9, a->worker_id);
	sqlite3_bind_int(s, 10, a->locked);
	sqlite3_bind_int64(s, 11, clock_now());
	if ((r = store_step_done(st, s)) == 0)
		a->id = sqlite3_last_insert_rowid(st->db);
	return r;
}

#define ACCOUNT_COLS "id, login, role, full_name, unix_user, office_id, province," \
	" worker_id, locked"

static void
account_fill(sqlite3_stmt *s, struct store_account *out)
{
	int role = account_role_parse((const char *)sqlite3_column_text(s, 2));

	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(s, 0);
	store_copy_text(out->login, sizeof out->login, s, 1);
	out->role = role < 0 ? ROLE_WORKER : (enum account_role)role;
	store_copy_text(out->full_name, sizeof out->full_name, s, 3);
	store_copy_text(out->unix_user, sizeof out->unix_user, s, 4);
	out->office_id = sqlite3_column_int64(s, 5);
	store_copy_text(out->province, sizeof out->province, s, 6);
	out->worker_id = sqlite3_column_int64(s, 7);
	out->locked = sqlite3_column_int(s, 8);
}

static void
credentials_fill(sqlite3_stmt *s, int col, struct store_credentials *out)
{
	memset(out, 0, sizeof *out);
	store_copy_text(out->password_hash, sizeof out->password_hash, s, col);
	store_copy_text(out->totp_secret, sizeof out->totp_secret, s, col + 1);
	out->totp_last_step = sqlite3_column_int64(s, col + 2);
}

int
store_account_credentials(struct store *st, int64_t id, struct store_credentials *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_CREDENTIALS);
	int r;

	memset(out, 0, sizeof *out);
	if (s != NULL)
		sqlite3_bind_int64(s, 1, id);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	credentials_fill(s, 0, out);
	sqlite3_reset(s);
	return 0;
}

int
store_account_credentials_each(struct store *st,
    int (*fn)(void *arg, int64_t id, const struct store_credentials *cr), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_CREDENTIALS_ALL);
	struct store_credentials cr;
	int rc;

	if (s == NULL)
		return ERR_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		credentials_fill(s, 1, &cr);
		if (fn(arg, sqlite3_column_int64(s, 0), &cr) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	explicit_bzero(&cr, sizeof cr);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

static int
account_row(struct store *st, sqlite3_stmt *s, struct store_account *out)
{
	int r = store_step_row(st, s);

	if (r < 0)
		return r;
	account_fill(s, out);
	sqlite3_reset(s);
	return 0;
}

int
store_account_by_login(struct store *st, const char *login, struct store_account *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_BY_LOGIN);

	if (s != NULL)
		sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
	return account_row(st, s, out);
}

int
store_account_by_unix_user(struct store *st, const char *user, struct store_account *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_BY_UNIX);

	if (s != NULL)
		sqlite3_bind_text(s, 1, user, -1, SQLITE_STATIC);
	return account_row(st, s, out);
}

int
store_account_by_id(struct store *st, int64_t id, struct store_account *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_BY_ID);

	if (s != NULL)
		sqlite3_bind_int64(s, 1, id);
	return account_row(st, s, out);
}

static int
changed_one(struct store *st, int r)
{
	if (r < 0)
		return r;
	return sqlite3_changes(st->db) == 1 ? 0 : ERR_NOTFOUND;
}

int
store_account_set_password(struct store *st, int64_t id, const char *hash)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_SET_PASSWORD);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	return changed_one(st, store_step_done(st, s));
}

int
store_account_set_locked(struct store *st, int64_t id, int locked)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_SET_LOCKED);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int(s, 1, locked != 0);
	sqlite3_bind_int64(s, 2, id);
	return changed_one(st, store_step_done(st, s));
}

int
store_account_use_totp_step(struct store *st, int64_t id, int64_t step)
{
	/* Conditional, so two daemons racing on one code accept it once. */
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_USE_TOTP);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, step);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	return sqlite3_changes(st->db) == 1 ? 0 : ERR_CONFLICT;
}

int
store_account_key_add(struct store *st, int64_t id, const char *type,
    const char *base64, const char *comment)
{
	sqlite3_stmt *s = store_stmt(st, SQ_KEY_ADD);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, base64, -1, SQLITE_STATIC);
	store_bind_text(s, 4, comment);
	sqlite3_bind_int64(s, 5, clock_now());
	return store_step_done(st, s);
}

int
store_account_key_match(struct store *st, int64_t id, const char *type, const char *base64)
{
	sqlite3_stmt *s = store_stmt(st, SQ_KEY_MATCH);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, base64, -1, SQLITE_STATIC);
	r = store_step_row(st, s);
	sqlite3_reset(s);
	if (r == ERR_NOTFOUND)
		return 0;
	return r < 0 ? r : 1;
}

int
store_accounts_each(struct store *st,
    int (*fn)(void *arg, const struct store_account *a), void *arg)
{
	struct store_account a;
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT " ACCOUNT_COLS " FROM accounts ORDER BY role, login",
	    -1, &s, NULL) != SQLITE_OK)
		return ERR_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		account_fill(s, &a);
		if (fn(arg, &a) != 0)
			break;
	}
	explicit_bzero(&a, sizeof a);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_delegation_add(struct store *st, int64_t account_id, int64_t company_id,
    enum account_role role, int32_t since)
{
	sqlite3_stmt *s = store_stmt(st, SQ_DELEGATION_ADD);

	if (s == NULL)
		return ERR_IO;
	if (!account_role_is_company(role))
		return ERR_INVALID;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, company_id);
	sqlite3_bind_text(s, 3, account_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, since);
	return store_step_done(st, s);
}

int
store_delegation_exists(struct store *st, int64_t account_id, int64_t company_id)
{
	sqlite3_stmt *s = store_stmt(st, SQ_DELEGATION_EXISTS);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, company_id);
	r = store_step_row(st, s);
	sqlite3_reset(s);
	if (r == ERR_NOTFOUND)
		return 0;
	return r < 0 ? r : 1;
}

int
store_delegations_of(struct store *st, int64_t account_id,
    struct store_company **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, SQ_DELEGATIONS_OF);
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_company *c;

		*out = xreallocarray(*out, *n + 1, sizeof **out);
		c = &(*out)[(*n)++];
		c->id = sqlite3_column_int64(s, 0);
		store_copy_text(c->cf, sizeof c->cf, s, 1);
		store_copy_text(c->vat, sizeof c->vat, s, 2);
		store_copy_text(c->matricola, sizeof c->matricola, s, 3);
		store_copy_text(c->name, sizeof c->name, s, 4);
		store_copy_text(c->province, sizeof c->province, s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_err(st, rc);
	}
	return 0;
}

int
store_delegation_remove(struct store *st, int64_t account_id, int64_t company_id)
{
	sqlite3_stmt *s = store_stmt(st, SQ_DELEGATION_REMOVE);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, company_id);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	return sqlite3_changes(st->db) == 1 ? 0 : ERR_NOTFOUND;
}

int
store_delegations_each(struct store *st, int64_t account_id,
    int (*fn)(void *arg, const struct store_company *c, enum account_role role), void *arg)
{
	struct store_company c;
	sqlite3_stmt *s;
	int rc, role;

	if (sqlite3_prepare_v2(st->db, "SELECT c.id, c.cf, c.vat, c.matricola, c.name,"
	    " c.province, d.role FROM delegations d JOIN companies c ON c.id = d.company_id"
	    " WHERE d.account_id = ? ORDER BY c.name, c.id", -1, &s, NULL) != SQLITE_OK)
		return store_err(st, sqlite3_errcode(st->db));
	sqlite3_bind_int64(s, 1, account_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.id = sqlite3_column_int64(s, 0);
		store_copy_text(c.cf, sizeof c.cf, s, 1);
		store_copy_text(c.vat, sizeof c.vat, s, 2);
		store_copy_text(c.matricola, sizeof c.matricola, s, 3);
		store_copy_text(c.name, sizeof c.name, s, 4);
		store_copy_text(c.province, sizeof c.province, s, 5);
		role = account_role_parse(store_col_text(s, 6));
		if (fn(arg, &c, role < 0 ? ROLE_OWNER : (enum account_role)role) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

/* Steps a statement returning the OTP state columns, then resets it. */
static int
otp_state_row(struct store *st, sqlite3_stmt *s, struct store_otp_state *out)
{
	int r;

	memset(out, 0, sizeof *out);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	out->failures = sqlite3_column_int(s, 0);
	out->last_failure = sqlite3_column_int64(s, 1);
	out->locked_until = sqlite3_column_int64(s, 2);
	sqlite3_reset(s);
	return 0;
}

int
store_account_otp_state(struct store *st, int64_t id, struct store_otp_state *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_OTP_STATE);

	if (s != NULL)
		sqlite3_bind_int64(s, 1, id);
	return otp_state_row(st, s, out);
}

int
store_account_otp_failed(struct store *st, int64_t id, int64_t now, int max_failures,
    int lock_seconds, struct store_otp_state *out)
{
	/* One statement: the right-hand sides all read the row as it was. */
	sqlite3_stmt *s = store_stmt(st, SQ_OTP_FAILED);

	if (s != NULL) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, now);
		sqlite3_bind_int(s, 3, max_failures);
		sqlite3_bind_int(s, 4, lock_seconds);
	}
	return otp_state_row(st, s, out);
}

int
store_account_otp_reset(struct store *st, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st, SQ_OTP_RESET);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s);
}

int
store_account_set_totp_secret(struct store *st, int64_t id, const char *secret)
{
	sqlite3_stmt *s = store_stmt(st, SQ_ACCOUNT_SET_TOTP);
	int r;

	if (s == NULL)
		return ERR_IO;
	store_bind_text(s, 1, secret);
	sqlite3_bind_int64(s, 2, id);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	return sqlite3_changes(st->db) == 1 ? 0 : ERR_NOTFOUND;
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_people_sql[] = {
	{ SQ_COMPANY_ADD, "INSERT INTO companies"
	    " (cf, vat, matricola, name, province) VALUES (?, ?, ?, ?, ?)" },
	{ SQ_COMPANY_BY_VAT, "SELECT " COMPANY_COLS " FROM companies WHERE vat = ?" },
	{ SQ_COMPANY_BY_MATRICOLA, "SELECT " COMPANY_COLS " FROM companies WHERE matricola = ?" },
	{ SQ_COMPANIES_MATCHING, "SELECT " COMPANY_COLS
	    " FROM companies WHERE cf = ?1 OR vat = ?1 OR matricola = ?1"
	    " ORDER BY name, id LIMIT 100" },
	{ SQ_COMPANY_BY_CF, "SELECT " COMPANY_COLS " FROM companies WHERE cf = ?" },
	{ SQ_COMPANY_BY_ID, "SELECT " COMPANY_COLS " FROM companies WHERE id = ?" },
	{ SQ_WORKER_ADD, "INSERT INTO workers"
	    " (cf, surname, name, province, iban) VALUES (?, ?, ?, ?, ?)" },
	{ SQ_WORKER_BY_CF, "SELECT " WORKER_COLS " FROM workers WHERE cf = ?" },
	{ SQ_WORKER_BY_ID, "SELECT " WORKER_COLS " FROM workers WHERE id = ?" },
	{ SQ_EMPLOYMENT_ADD, "INSERT INTO employment"
	    " (worker_id, company_id, since, until) VALUES (?, ?, ?, ?)" },
	{ SQ_ACCOUNT_ADD, "INSERT INTO accounts (login, role,"
	    " full_name, password_hash, totp_secret, unix_user, office_id, province, worker_id,"
	    " locked, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	{ SQ_ACCOUNT_BY_LOGIN, "SELECT " ACCOUNT_COLS " FROM accounts WHERE login = ?" },
	{ SQ_ACCOUNT_BY_UNIX, "SELECT " ACCOUNT_COLS " FROM accounts WHERE unix_user = ?" },
	{ SQ_ACCOUNT_BY_ID, "SELECT " ACCOUNT_COLS " FROM accounts WHERE id = ?" },
	{ SQ_ACCOUNT_CREDENTIALS, "SELECT password_hash, totp_secret, totp_last_step"
	    " FROM accounts WHERE id = ?" },
	{ SQ_ACCOUNT_CREDENTIALS_ALL, "SELECT id, password_hash, totp_secret, totp_last_step"
	    " FROM accounts WHERE totp_secret IS NOT NULL ORDER BY id" },
	{ SQ_DELEGATION_REMOVE, "DELETE FROM delegations WHERE account_id = ? AND company_id = ?" },
	{ SQ_OTP_STATE, "SELECT otp_failures, otp_last_failure, otp_locked_until"
	    " FROM accounts WHERE id = ?" },
	{ SQ_OTP_FAILED, "UPDATE accounts SET"
	    " otp_failures = CASE WHEN otp_failures + 1 >= ?3 THEN 0 ELSE otp_failures + 1 END,"
	    " otp_locked_until = CASE WHEN otp_failures + 1 >= ?3 THEN ?2 + ?4"
	    " ELSE otp_locked_until END,"
	    " otp_last_failure = ?2 WHERE id = ?1"
	    " RETURNING otp_failures, otp_last_failure, otp_locked_until" },
	{ SQ_OTP_RESET, "UPDATE accounts SET otp_failures = 0 WHERE id = ?" },
	{ SQ_ACCOUNT_SET_TOTP, "UPDATE accounts SET totp_secret = ? WHERE id = ?" },
	{ SQ_ACCOUNT_SET_PASSWORD, "UPDATE accounts SET password_hash = ? WHERE id = ?" },
	{ SQ_ACCOUNT_SET_LOCKED, "UPDATE accounts SET locked = ? WHERE id = ?" },
	{ SQ_ACCOUNT_USE_TOTP, "UPDATE accounts SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2" },
	{ SQ_KEY_ADD, "INSERT INTO account_keys"
	    " (account_id, key_type, key_base64, comment, added_at) VALUES (?, ?, ?, ?, ?)" },
	{ SQ_KEY_MATCH, "SELECT 1 FROM account_keys"
	    " WHERE account_id = ? AND key_type = ? AND key_base64 = ?" },
	{ SQ_DELEGATION_ADD, "INSERT INTO delegations"
	    " (account_id, company_id, role, since) VALUES (?, ?, ?, ?)" },
	{ SQ_DELEGATION_EXISTS, "SELECT 1 FROM delegations WHERE account_id = ? AND company_id = ?" },
	{ SQ_DELEGATIONS_OF, "SELECT c.id, c.cf, c.vat,"
	    " c.matricola, c.name, c.province FROM delegations d JOIN companies c"
	    " ON c.id = d.company_id WHERE d.account_id = ? ORDER BY c.name" },
};
const size_t store_people_sql_count = nitems(store_people_sql);
