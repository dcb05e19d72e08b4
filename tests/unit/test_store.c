/*
 * Unit tests for store: creation and refusal, opening and schema checks,
 * people and accounts, the TOTP replay guard, applications with their
 * events, and the span statistics cache.  Each test gets a fresh database
 * in a mkdtemp folder; data/ holds the reference CSVs (run from the root).
 */
#include <sys/stat.h>

#include "fixtures.h"
#include "store_chat.h"

static int
fx_new(void **state)
{
	struct fx_db *fx = calloc(1, sizeof *fx);

	if (fx == NULL || fx_db_init(fx, "store") < 0) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

/* A created and opened database. */
static int
setup_db(void **state)
{
	struct fx_db *fx = calloc(1, sizeof *fx);

	if (fx == NULL || fx_db_open(fx, "store") < 0) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx_db *fx = *state;
	int r = fx_db_close(fx);

	free(fx);
	return r;
}

static int
file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* --- creation and opening --- */

static void
test_create_loads_reference(void **state)
{
	struct fx_db *fx = *state;
	struct store_counts c;
	struct store_office o;
	char err[512] = "";

	assert_int_equal(store_create(fx->path, "data", err, sizeof err), 0);
	assert_string_equal(err, "");
	assert_int_equal(store_open(fx->path, 0, &fx->st, err, sizeof err), 0);
	assert_int_equal(store_schema_version(fx->st), STORE_SCHEMA_VERSION);
	assert_int_equal(store_counts(fx->st, &c), 0);
	assert_int_equal(c.provinces, 107);
	assert_int_equal(c.offices, 107);
	assert_int_equal(c.companies, 0);
	assert_int_equal(c.workers, 0);
	assert_int_equal(c.accounts, 0);
	assert_int_equal(c.practices, 0);
	assert_int_equal(c.audit, 0);
	/* Rome's province is served by Rome's office. */
	assert_int_equal(store_office_by_province(fx->st, "RM", &o), 0);
	assert_string_equal(o.province, "RM");
	assert_int_equal(store_province_exists(fx->st, "MI"), 1);
	assert_int_equal(store_province_exists(fx->st, "XX"), 0);
	assert_int_equal(store_office_by_province(fx->st, "XX", &o), ERR_NOTFOUND);
}

static void
test_create_refuses_existing(void **state)
{
	struct fx_db *fx = *state;
	struct store_counts c;
	char err[512] = "", want[256];
	struct stat before, after;

	assert_int_equal(store_create(fx->path, "data", err, sizeof err), 0);
	assert_int_equal(stat(fx->path, &before), 0);
	err[0] = '\0';
	assert_int_equal(store_create(fx->path, "data", err, sizeof err), ERR_EXISTS);
	snprintf(want, sizeof want, "%s: il database esiste già: non lo sovrascrivo", fx->path);
	assert_string_equal(err, want);
	assert_int_equal(stat(fx->path, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	assert_int_equal(before.st_ino, after.st_ino);
	/* Still the same, complete database. */
	assert_int_equal(store_open(fx->path, STORE_READONLY, &fx->st, err, sizeof err), 0);
	assert_int_equal(store_counts(fx->st, &c), 0);
	assert_int_equal(c.provinces, 107);

	/* Any existing file, not only a database. */
	{
		char other[160];
		FILE *fp;

		snprintf(other, sizeof other, "%s/notes.txt", fx->dir);
		fp = fopen(other, "w");
		assert_non_null(fp);
		fputs("keep me\n", fp);
		fclose(fp);
		assert_int_equal(store_create(other, "data", err, sizeof err), ERR_EXISTS);
		assert_int_equal(stat(other, &after), 0);
		assert_int_equal(after.st_size, 8);
		unlink(other);
	}
}

static void
test_create_missing_folder(void **state)
{
	struct fx_db *fx = *state;
	char path[160], dir[128], err[512] = "", want[400];

	snprintf(dir, sizeof dir, "%s/nope", fx->dir);
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(store_create(path, "data", err, sizeof err), ERR_IO);
	snprintf(want, sizeof want, "%s: la cartella %s non esiste", path, dir);
	assert_string_equal(err, want);
	assert_false(file_exists(dir));
	assert_false(file_exists(path));
}

static void
test_create_failure_leaves_nothing(void **state)
{
	struct fx_db *fx = *state;
	char err[512] = "", aux[160], want[256];

	/* Reference data missing: the schema is applied, then loading fails. */
	assert_int_equal(store_create(fx->path, "/nonexistent-infocig-data", err, sizeof err),
	    ERR_IO);
	snprintf(want, sizeof want, "%s/offices.csv: file dei dati di riferimento mancante",
	    "/nonexistent-infocig-data");
	assert_string_equal(err, want);
	assert_false(file_exists(fx->path));
	snprintf(aux, sizeof aux, "%s-wal", fx->path);
	assert_false(file_exists(aux));
	snprintf(aux, sizeof aux, "%s-shm", fx->path);
	assert_false(file_exists(aux));
	/* And a later init in the same place works. */
	assert_int_equal(store_create(fx->path, "data", err, sizeof err), 0);
}

static void
test_open_missing(void **state)
{
	struct fx_db *fx = *state;
	struct store *st = (struct store *)1;
	char err[512] = "", want[256];

	assert_int_equal(store_open(fx->path, 0, &st, err, sizeof err), ERR_NOTFOUND);
	assert_null(st);
	snprintf(want, sizeof want,
	    "%s: database non trovato (crearlo con \"infocig db init\")", fx->path);
	assert_string_equal(err, want);
	assert_false(file_exists(fx->path));
}

/*
 * A version 3 database (before the daemons' figures) is migrated on open:
 * node_workers appears, old messages keep a NULL sent_ms, new ones are
 * stamped with the real time.
 */
static void
test_migrate_3_to_4(void **state)
{
	struct fx_db *fx = *state;
	struct store *st = NULL;
	char err[512] = "";

	assert_int_equal(store_create(fx->path, "data", err, sizeof err), 0);
	fx_raw_exec(fx->path, "DROP TABLE node_workers; ALTER TABLE messages DROP COLUMN sent_ms;"
	    "DROP TABLE account_visits; ALTER TABLE chats DROP COLUMN person_typing_ms;"
	    "ALTER TABLE chats DROP COLUMN advisor_typing_ms; DROP TABLE stats_agg;"
	    "DROP TABLE stats_agg_meta; PRAGMA user_version = 3;");
	fx_raw_exec(fx->path, "INSERT INTO accounts (login, role, full_name, created_at)"
	    " VALUES ('x', 'worker', 'X', 1);"
	    "INSERT INTO chats (account_id, channel, state, queued_at) VALUES (1, 'lavoratori',"
	    " 'queued', 1);"
	    "INSERT INTO messages (chat_id, sender, at, body) VALUES (1, 'user', 1, 'prima');");
	assert_int_equal(store_open(fx->path, 0, &st, err, sizeof err), 0);
	assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(store_chat_message_add(st, 1, "system", 0, 2, "dopo", NULL), 0);
	store_close(st);
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM node_workers"), 0);
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM messages"
	    " WHERE body = 'prima' AND sent_ms IS NULL"), 1);
	/* Stamped now: after 2026-01-01 in milliseconds. */
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM messages"
	    " WHERE body = 'dopo' AND sent_ms > 1767225600000"), 1);
	/* And on to 5 (issue 15): the visits, and the chat's typing marks, none yet. */
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM account_visits"), 0);
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM chats"
	    " WHERE person_typing_ms IS NULL AND advisor_typing_ms IS NULL"), 1);
}

static void
test_open_newer_schema(void **state)
{
	struct fx_db *fx = *state;
	struct store *st = (struct store *)1;
	char err[512] = "", sql[64], v_new[32], v_ours[32];

	assert_int_equal(store_create(fx->path, "data", err, sizeof err), 0);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
	fx_raw_exec(fx->path, sql);
	assert_int_equal(store_open(fx->path, 0, &st, err, sizeof err), ERR_SCHEMA);
	assert_null(st);
	snprintf(v_new, sizeof v_new, "versione %d", STORE_SCHEMA_VERSION + 1);
	snprintf(v_ours, sizeof v_ours, "(%d)", STORE_SCHEMA_VERSION);
	assert_non_null(strstr(err, fx->path));
	assert_non_null(strstr(err, v_new));
	assert_non_null(strstr(err, v_ours));
	assert_non_null(strstr(err, "aggiornare infocig"));
	/* Read-only too, and the file keeps its version. */
	assert_int_equal(store_open(fx->path, STORE_READONLY, &st, err, sizeof err), ERR_SCHEMA);
	assert_int_equal(fx_raw_int(fx->path, "PRAGMA user_version"), STORE_SCHEMA_VERSION + 1);
}

static void
test_open_foreign_sqlite(void **state)
{
	struct fx_db *fx = *state;
	struct store *st = (struct store *)1;
	char err[512] = "", want[256];

	fx_raw_exec(fx->path, "CREATE TABLE notes (a TEXT); INSERT INTO notes VALUES ('x');");
	assert_int_equal(chmod(fx->path, 0600), 0);	/* past the permission check */
	assert_int_equal(fx_raw_int(fx->path, "PRAGMA user_version"), 0);
	assert_int_equal(store_open(fx->path, STORE_READONLY, &st, err, sizeof err), ERR_SCHEMA);
	assert_null(st);
	snprintf(want, sizeof want, "%s: non è un database infocig (schema assente)", fx->path);
	assert_string_equal(err, want);
	assert_int_equal(store_open(fx->path, 0, &st, err, sizeof err), ERR_SCHEMA);
	assert_null(st);
	assert_string_equal(err, want);
	/* Refused, so left as it was: no infocig tables, its own row intact. */
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM sqlite_master"
	    " WHERE name = 'provinces'"), 0);
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM notes"), 1);
}

static void
test_open_foreign_sqlite_untouched(void **state)
{
	struct fx_db *fx = *state;
	struct store *st = (struct store *)1;
	char err[512] = "";

	/*
	 * A refused file must not be modified.  store_open() sets
	 * journal_mode = WAL before it reads user_version, and WAL mode is
	 * persistent in the file header.
	 */
	fx_raw_exec(fx->path, "CREATE TABLE notes (a TEXT);");
	assert_int_equal(chmod(fx->path, 0600), 0);
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM pragma_journal_mode"
	    " WHERE journal_mode = 'delete'"), 1);
	assert_int_equal(store_open(fx->path, 0, &st, err, sizeof err), ERR_SCHEMA);
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM pragma_journal_mode"
	    " WHERE journal_mode = 'delete'"), 1);
}

static void
test_open_not_sqlite(void **state)
{
	struct fx_db *fx = *state;
	struct store *st = (struct store *)1;
	char err[512] = "";
	FILE *fp = fopen(fx->path, "w");
	int r;

	assert_non_null(fp);
	fputs("this is not a database, just a text file long enough to have a header\n", fp);
	fclose(fp);
	assert_int_equal(chmod(fx->path, 0600), 0);
	r = store_open(fx->path, 0, &st, err, sizeof err);
	assert_true(r < 0);
	assert_null(st);
	assert_non_null(strstr(err, fx->path));
	assert_non_null(strstr(err, "database"));
}

/*
 * Issue 18.9: the database holds password hashes and OTP secrets.  Created
 * 0600 whatever the umask (-wal and -shm follow it); a file, -wal or -shm
 * open to group or others is refused, with the chmod that mends it.
 */
static void
test_open_private(void **state)
{
	struct fx_db *fx = *state;
	struct store *st = NULL;
	char err[512] = "", wal[160];
	struct stat sb;
	mode_t old = umask(022);

	assert_int_equal(store_create(fx->path, "data", err, sizeof err), 0);
	umask(old);
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(store_open(fx->path, 0, &st, err, sizeof err), 0);
	snprintf(wal, sizeof wal, "%s-wal", fx->path);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* Closed last, SQLite removes the -wal: make one open to others by hand. */
	assert_int_equal(chmod(fx->path, 0644), 0);
	assert_int_equal(store_open(fx->path, STORE_READONLY, &fx->st, err, sizeof err),
	    ERR_DENIED);
	assert_null(fx->st);
	assert_non_null(strstr(err, "permessi 0644"));
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(fx->path, 0600), 0);
	assert_int_equal(chmod(wal, 0660), 0);
	assert_int_equal(store_open(fx->path, 0, &fx->st, err, sizeof err), ERR_DENIED);
	assert_non_null(strstr(err, "-wal: permessi 0660"));
	assert_int_equal(chmod(wal, 0600), 0);
	store_close(st);
	assert_int_equal(store_open(fx->path, 0, &st, err, sizeof err), 0);
	store_close(st);
}

static void
test_integrity(void **state)
{
	struct fx_db *fx = *state;
	char msg[256] = "";

	assert_int_equal(store_integrity(fx->st, msg, sizeof msg), 0);
	assert_string_equal(msg, "ok");
}

/* --- people --- */

static void
test_company_find(void **state)
{
	struct fx_db *fx = *state;
	struct store_company a, b, got;

	fx_company(fx->st, &a, "01234567897", "12345678903", "1234567890", "Alfa Srl", "RM");
	fx_company(fx->st, &b, "09876543217", "09876543217", "0987654321", "Beta Spa", "MI");
	assert_true(a.id != b.id);

	memset(&got, 0, sizeof got);
	assert_int_equal(store_company_find(fx->st, "01234567897", &got), 0);	/* cf */
	assert_int_equal(got.id, a.id);
	assert_string_equal(got.name, "Alfa Srl");
	assert_string_equal(got.vat, "12345678903");
	assert_string_equal(got.matricola, "1234567890");
	assert_string_equal(got.province, "RM");
	memset(&got, 0, sizeof got);
	assert_int_equal(store_company_find(fx->st, "12345678903", &got), 0);	/* vat */
	assert_int_equal(got.id, a.id);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_company_find(fx->st, "1234567890", &got), 0);	/* matricola */
	assert_int_equal(got.id, a.id);
	assert_int_equal(store_company_find(fx->st, "0987654321", &got), 0);
	assert_int_equal(got.id, b.id);
	assert_string_equal(got.name, "Beta Spa");
	assert_int_equal(store_company_find(fx->st, "02468135799", &got), ERR_NOTFOUND);
	assert_int_equal(store_company_by_id(fx->st, b.id, &got), 0);
	assert_string_equal(got.cf, "09876543217");
	assert_int_equal(store_company_by_id(fx->st, b.id + 100, &got), ERR_NOTFOUND);
	/* Unique codice fiscale and matricola. */
	{
		struct store_company dup = a;

		assert_int_equal(store_company_add(fx->st, &dup), ERR_EXISTS);
	}
}

static void
test_worker_add_find(void **state)
{
	struct fx_db *fx = *state;
	struct store_worker w, w2, got, dup;
	struct store_counts c;

	fx_worker(fx->st, &w, "RSSMRA85T10A562S", "Rossi", "Mario", "RM",
	    "IT60X0542811101000000123456");
	fx_worker(fx->st, &w2, "VRDGPP80A01H501U", "Verdi", "Giuseppe", "NA", "");
	memset(&got, 0, sizeof got);
	assert_int_equal(store_worker_by_cf(fx->st, "RSSMRA85T10A562S", &got), 0);
	assert_int_equal(got.id, w.id);
	assert_string_equal(got.surname, "Rossi");
	assert_string_equal(got.name, "Mario");
	assert_string_equal(got.province, "RM");
	assert_string_equal(got.iban, "IT60X0542811101000000123456");
	assert_int_equal(store_worker_by_id(fx->st, w2.id, &got), 0);
	assert_string_equal(got.cf, "VRDGPP80A01H501U");
	assert_string_equal(got.iban, "");
	assert_int_equal(store_worker_by_cf(fx->st, "BNCLCU90M41F205Q", &got), ERR_NOTFOUND);

	dup = w;
	strcpy(dup.surname, "Altro");
	assert_int_equal(store_worker_add(fx->st, &dup), ERR_EXISTS);
	assert_int_equal(store_counts(fx->st, &c), 0);
	assert_int_equal(c.workers, 2);
	/* A province that does not exist breaks the foreign key. */
	memset(&dup, 0, sizeof dup);
	strcpy(dup.cf, "BNCLCU90M41F205Q");
	strcpy(dup.surname, "Bianchi");
	strcpy(dup.name, "Lucia");
	strcpy(dup.province, "XX");
	assert_int_equal(store_worker_add(fx->st, &dup), ERR_EXISTS);
}

static void
test_accounts(void **state)
{
	struct fx_db *fx = *state;
	struct store_worker w;
	struct store_account a, b, got;
	struct store_credentials ca, cb, cr;
	struct store_office o;

	fx_worker(fx->st, &w, "RSSMRA85T10A562S", "Rossi", "Mario", "RM", "");
	memset(&ca, 0, sizeof ca);
	memset(&cb, 0, sizeof cb);
	assert_int_equal(store_office_by_province(fx->st, "MI", &o), 0);

	memset(&a, 0, sizeof a);
	strcpy(a.login, "anna");
	a.role = ROLE_ADVISOR;
	strcpy(a.full_name, "Anna Operatrice");
	strcpy(ca.password_hash, "$y$hash");
	strcpy(a.unix_user, "anna");
	a.office_id = o.id;
	assert_int_equal(store_account_add(fx->st, &a, &ca), 0);
	assert_true(a.id > 0);

	memset(&b, 0, sizeof b);
	strcpy(b.login, "RSSMRA85T10A562S");
	b.role = ROLE_WORKER;
	strcpy(b.full_name, "Mario Rossi");
	strcpy(cb.totp_secret, "JBSWY3DPEHPK3PXP");
	strcpy(b.province, "RM");
	b.worker_id = w.id;
	assert_int_equal(store_account_add(fx->st, &b, &cb), 0);

	memset(&got, 0, sizeof got);
	assert_int_equal(store_account_by_login(fx->st, "anna", &got), 0);
	assert_int_equal(got.id, a.id);
	assert_int_equal(got.role, ROLE_ADVISOR);
	assert_string_equal(got.full_name, "Anna Operatrice");
	assert_int_equal(store_account_credentials(fx->st, a.id, &cr), 0);
	assert_string_equal(cr.password_hash, "$y$hash");
	assert_string_equal(cr.totp_secret, "");
	assert_int_equal(got.office_id, o.id);
	assert_int_equal(got.worker_id, 0);
	assert_int_equal(got.locked, 0);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_account_by_unix_user(fx->st, "anna", &got), 0);
	assert_int_equal(got.id, a.id);
	memset(&got, 0, sizeof got);
	assert_int_equal(store_account_by_id(fx->st, b.id, &got), 0);
	assert_string_equal(got.login, "RSSMRA85T10A562S");
	assert_int_equal(got.role, ROLE_WORKER);
	assert_int_equal(got.worker_id, w.id);
	assert_string_equal(got.province, "RM");
	assert_int_equal(store_account_credentials(fx->st, b.id, &cr), 0);
	assert_string_equal(cr.totp_secret, "JBSWY3DPEHPK3PXP");
	assert_string_equal(cr.password_hash, "");
	assert_string_equal(got.unix_user, "");
	assert_int_equal(store_account_by_login(fx->st, "nobody", &got), ERR_NOTFOUND);
	assert_int_equal(store_account_by_unix_user(fx->st, "nobody", &got), ERR_NOTFOUND);

	/* Same login, or same Unix user, twice. */
	got = a;
	strcpy(got.unix_user, "other");
	assert_int_equal(store_account_add(fx->st, &got, NULL), ERR_EXISTS);
	got = a;
	strcpy(got.login, "anna2");
	assert_int_equal(store_account_add(fx->st, &got, NULL), ERR_EXISTS);

	assert_int_equal(store_account_set_locked(fx->st, a.id, 1), 0);
	assert_int_equal(store_account_by_id(fx->st, a.id, &got), 0);
	assert_int_equal(got.locked, 1);
	assert_int_equal(store_account_set_password(fx->st, a.id, "$y$new"), 0);
	assert_int_equal(store_account_credentials(fx->st, a.id, &cr), 0);
	assert_string_equal(cr.password_hash, "$y$new");
	assert_int_equal(store_account_credentials(fx->st, a.id + 1000, &cr), ERR_NOTFOUND);
	assert_int_equal(store_account_set_locked(fx->st, a.id + 1000, 1), ERR_NOTFOUND);
}

static void
test_totp_replay(void **state)
{
	struct fx_db *fx = *state;
	struct store_credentials got;
	int64_t id = fx_account(fx->st, NULL, "RSSMRA85T10A562S", ROLE_WORKER, 0);

	assert_int_equal(store_account_use_totp_step(fx->st, id, 59000000), 0);
	assert_int_equal(store_account_credentials(fx->st, id, &got), 0);
	assert_int_equal(got.totp_last_step, 59000000);
	/* The same step again: a replay. */
	assert_int_equal(store_account_use_totp_step(fx->st, id, 59000000), ERR_CONFLICT);
	/* An older one. */
	assert_int_equal(store_account_use_totp_step(fx->st, id, 58999999), ERR_CONFLICT);
	assert_int_equal(store_account_credentials(fx->st, id, &got), 0);
	assert_int_equal(got.totp_last_step, 59000000);
	/* The next one is fine. */
	assert_int_equal(store_account_use_totp_step(fx->st, id, 59000001), 0);
	assert_int_equal(store_account_credentials(fx->st, id, &got), 0);
	assert_int_equal(got.totp_last_step, 59000001);
}

static char seen[4][128];
static int seen_n;

static int
delegation_seen(void *arg, const struct store_company *c, enum account_role role)
{
	(void)arg;
	if (seen_n < 4)
		snprintf(seen[seen_n], sizeof seen[0], "%s %s", c->name, account_role_name(role));
	seen_n++;
	return 0;
}

static void
test_delegations(void **state)
{
	struct fx_db *fx = *state;
	struct store_company a, b, *list = NULL;
	size_t n = 99;
	int64_t cons, adv;

	fx_company(fx->st, &a, "01234567897", "01234567897", "1234567890", "Alfa Srl", "RM");
	fx_company(fx->st, &b, "09876543217", "09876543217", "0987654321", "Beta Spa", "MI");
	cons = fx_account(fx->st, NULL, "VRDGPP80A01H501U", ROLE_CONSULTANT, 0);
	adv = fx_account(fx->st, NULL, "anna", ROLE_ADVISOR, 0);

	assert_int_equal(store_delegation_exists(fx->st, cons, a.id), 0);
	assert_int_equal(store_delegation_add(fx->st, cons, a.id, ROLE_CONSULTANT,
	    fx_day("2023-01-01")), 0);
	assert_int_equal(store_delegation_exists(fx->st, cons, a.id), 1);
	assert_int_equal(store_delegation_exists(fx->st, cons, b.id), 0);
	/* Twice is a duplicate; staff roles are not delegations. */
	assert_int_equal(store_delegation_add(fx->st, cons, a.id, ROLE_CONSULTANT,
	    fx_day("2023-01-01")), ERR_EXISTS);
	assert_int_equal(store_delegation_add(fx->st, adv, b.id, ROLE_ADVISOR,
	    fx_day("2023-01-01")), ERR_INVALID);
	assert_int_equal(store_delegation_exists(fx->st, adv, b.id), 0);

	assert_int_equal(store_delegations_of(fx->st, cons, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, a.id);
	assert_string_equal(list[0].name, "Alfa Srl");
	free(list);
	assert_int_equal(store_delegation_add(fx->st, cons, b.id, ROLE_OWNER,
	    fx_day("2023-02-01")), 0);
	assert_int_equal(store_delegations_of(fx->st, cons, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "Alfa Srl");	/* by name */
	assert_string_equal(list[1].name, "Beta Spa");
	free(list);
	assert_int_equal(store_delegations_of(fx->st, adv, &list, &n), 0);
	assert_int_equal(n, 0);
	assert_null(list);

	/* Issue 11.15: listed with their roles, and removed one by one. */
	seen_n = 0;
	assert_int_equal(store_delegations_each(fx->st, cons, delegation_seen, NULL), 0);
	assert_int_equal(seen_n, 2);
	assert_string_equal(seen[0], "Alfa Srl consultant");
	assert_string_equal(seen[1], "Beta Spa owner");
	assert_int_equal(store_delegation_remove(fx->st, cons, a.id), 0);
	assert_int_equal(store_delegation_remove(fx->st, cons, a.id), ERR_NOTFOUND);
	assert_int_equal(store_delegation_exists(fx->st, cons, a.id), 0);
	assert_int_equal(store_delegation_exists(fx->st, cons, b.id), 1);
	seen_n = 0;
	assert_int_equal(store_delegations_each(fx->st, cons, delegation_seen, NULL), 0);
	assert_int_equal(seen_n, 1);
}

/* --- applications --- */

/* Checks ev against the loaded application, then stores and appends it. */
static void
ev_add(struct store *st, struct practice *p, struct practice_event ev)
{
	char why[256] = "";

	if (practice_check_event(p, &ev, why, sizeof why) < 0)
		fail_msg("event %s refused: %s", event_kind_name(ev.kind), why);
	assert_int_equal(store_event_add(st, p->id, &ev), 0);
	practice_add_event(p, &ev);
}

static void
test_practice_events(void **state)
{
	struct fx_db *fx = *state;
	struct store_company c;
	struct store_worker w1, w2;
	struct practice p, q;
	struct store_counts n;
	int64_t id, found = 0, *ids = NULL;
	size_t nids = 0, i;
	static const struct {
		enum event_kind kind;
		const char *day;
		int w;		/* 0, 1 or 2 */
		int32_t month;
		int64_t cents;
		const char *detail;
	} want[] = {
		{ EV_PRESENTATA, "2026-02-10", 0, 0, 0, "" },
		{ EV_ISTRUTTORIA, "2026-02-20", 0, 0, 0, "" },
		{ EV_AUTORIZZATA, "2026-03-16", 0, 0, 0, "AUT-2026-77" },
		{ EV_DATI_PAGAMENTO, "2026-04-02", 1, 202602, 0, "UNIEMENS" },
		{ EV_DATI_SCARTATI, "2026-04-09", 1, 202602, 0, "IBAN errato" },
		{ EV_DATI_PAGAMENTO, "2026-04-15", 1, 202602, 0, "UNIEMENS" },
		{ EV_DATI_PAGAMENTO, "2026-04-15", 2, 202603, 0, "UNIEMENS" },
		{ EV_LIQUIDATA, "2026-04-20", 1, 202602, 0, "" },
		{ EV_LIQUIDATA, "2026-04-20", 2, 202603, 0, "" },
		{ EV_PAGATA, "2026-04-24", 1, 202602, 103450, "" },
		{ EV_DOMICILIATO, "2026-04-28", 2, 202603, 98712, "" },
	};

	fx_company(fx->st, &c, "01234567897", "01234567897", "1234567890", "Alfa Srl", "RM");
	fx_worker(fx->st, &w1, "RSSMRA85T10A562S", "Rossi", "Mario", "RM", "");
	fx_worker(fx->st, &w2, "VRDGPP80A01H501U", "Verdi", "Giuseppe", "RM", "");
	id = fx_practice(fx->st, "INPS-2026-000123", c.id, fx_office(fx->st, "RM"),
	    PRACTICE_CIGO, "2026-02-02", "2026-03-27");
	assert_int_equal(store_practice_worker_add(fx->st, id, w1.id, 80), 0);
	assert_int_equal(store_practice_worker_add(fx->st, id, w2.id, 64), 0);
	assert_int_equal(store_practice_worker_add(fx->st, id, w2.id, 64), ERR_EXISTS);

	assert_int_equal(store_practice_load(fx->st, id, &p), 0);
	assert_int_equal(p.nworkers, 2);
	assert_int_equal(p.nevents, 0);
	for (i = 0; i < nitems(want); i++)
		ev_add(fx->st, &p, fx_event(want[i].kind, want[i].day,
		    want[i].w == 1 ? w1.id : want[i].w == 2 ? w2.id : 0, want[i].month,
		    want[i].cents, want[i].detail));
	assert_int_equal(store_practice_set_status(fx->st, id, practice_status_of(&p)), 0);
	practice_clear(&p);

	assert_int_equal(store_practice_load(fx->st, id, &q), 0);
	assert_int_equal(q.id, id);
	assert_string_equal(q.number, "INPS-2026-000123");
	assert_int_equal(q.type, PRACTICE_CIGO);
	assert_int_equal(q.mode, PAYMENT_DIRECT);
	assert_int_equal(q.company_id, c.id);
	assert_string_equal(q.company_cf, "01234567897");
	assert_string_equal(q.company_name, "Alfa Srl");
	assert_int_equal(q.period_from, fx_day("2026-02-02"));
	assert_int_equal(q.period_to, fx_day("2026-03-27"));
	assert_int_equal(q.weeks, 4);
	assert_int_equal(q.hours, 160);
	assert_string_equal(q.reason, "crisi di mercato");
	/* Workers by surname. */
	assert_int_equal(q.nworkers, 2);
	assert_string_equal(q.workers[0].cf, "RSSMRA85T10A562S");
	assert_string_equal(q.workers[0].name, "Rossi Mario");
	assert_int_equal(q.workers[0].hours, 80);
	assert_string_equal(q.workers[1].cf, "VRDGPP80A01H501U");
	assert_int_equal(q.workers[1].hours, 64);

	assert_int_equal(q.nevents, nitems(want));
	for (i = 0; i < nitems(want); i++) {
		const struct practice_event *e = &q.events[i];
		int64_t wid = want[i].w == 1 ? w1.id : want[i].w == 2 ? w2.id : 0;

		if (e->kind != want[i].kind || e->day != fx_day(want[i].day) ||
		    e->worker_id != wid || e->month != want[i].month ||
		    e->amount_cents != want[i].cents || strcmp(e->detail, want[i].detail) != 0)
			fail_msg("event %zu: got %s %d w%lld m%d %lld \"%s\", want %s %s", i,
			    event_kind_name(e->kind), e->day, (long long)e->worker_id, e->month,
			    (long long)e->amount_cents, e->detail, event_kind_name(want[i].kind),
			    want[i].day);
	}
	/* Two of the four worker-months paid: payments under way. */
	assert_int_equal(practice_status_of(&q), STATUS_IN_PAGAMENTO);
	practice_clear(&q);

	assert_int_equal(store_counts(fx->st, &n), 0);
	assert_int_equal(n.practices, 1);
	assert_int_equal(n.practice_workers, 2);
	assert_int_equal(n.events, 3);		/* application-level */
	assert_int_equal(n.payment_data, 3);
	assert_int_equal(n.payments, 2);
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM practices"
	    " WHERE status = 'in_pagamento'"), 1);

	assert_int_equal(store_practice_by_number(fx->st, "INPS-2026-000123", &found), 0);
	assert_int_equal(found, id);
	assert_int_equal(store_practice_by_number(fx->st, "INPS-2026-999999", &found),
	    ERR_NOTFOUND);
	assert_int_equal(store_practices_of_worker(fx->st, w2.id, &ids, &nids), 0);
	assert_int_equal(nids, 1);
	assert_int_equal(ids[0], id);
	free(ids);
	assert_int_equal(store_practices_of_company(fx->st, c.id, &ids, &nids), 0);
	assert_int_equal(nids, 1);
	free(ids);
	assert_int_equal(store_practice_load(fx->st, id + 50, &q), ERR_NOTFOUND);
}

/*
 * Payment data rejected and sent again on the same day: after a reload the
 * month must still read "data received, not rejected", as it did in memory
 * when the events were recorded (otherwise the liquidation that follows is
 * refused and the timeline asks the employer for data it already sent).
 */
static void
test_same_day_resubmission(void **state)
{
	struct fx_db *fx = *state;
	struct store_company c;
	struct store_worker w;
	struct practice p, q;
	struct practice_month_state ms;
	struct practice_event liq;
	char why[256] = "";
	int64_t id;

	fx_company(fx->st, &c, "01234567897", "01234567897", "1234567890", "Alfa Srl", "RM");
	fx_worker(fx->st, &w, "RSSMRA85T10A562S", "Rossi", "Mario", "RM", "");
	id = fx_practice(fx->st, "INPS-2026-000124", c.id, fx_office(fx->st, "RM"),
	    PRACTICE_CIGO, "2026-02-02", "2026-02-27");
	assert_int_equal(store_practice_worker_add(fx->st, id, w.id, 80), 0);
	assert_int_equal(store_practice_load(fx->st, id, &p), 0);
	ev_add(fx->st, &p, fx_event(EV_PRESENTATA, "2026-02-10", 0, 0, 0, ""));
	ev_add(fx->st, &p, fx_event(EV_AUTORIZZATA, "2026-03-16", 0, 0, 0, "AUT-1"));
	ev_add(fx->st, &p, fx_event(EV_DATI_PAGAMENTO, "2026-04-02", w.id, 202602, 0, "UNIEMENS"));
	ev_add(fx->st, &p, fx_event(EV_DATI_SCARTATI, "2026-04-09", w.id, 202602, 0, "IBAN errato"));
	ev_add(fx->st, &p, fx_event(EV_DATI_PAGAMENTO, "2026-04-09", w.id, 202602, 0, "UNIEMENS"));
	practice_month_state(&p, w.id, 202602, &ms);
	assert_int_equal(ms.data_received, 1);
	assert_int_equal(ms.data_rejected, 0);
	practice_clear(&p);

	assert_int_equal(store_practice_load(fx->st, id, &q), 0);
	assert_int_equal(q.nevents, 5);
	practice_month_state(&q, w.id, 202602, &ms);
	assert_int_equal(ms.data_rejected, 0);
	liq = fx_event(EV_LIQUIDATA, "2026-04-20", w.id, 202602, 0, "");
	if (practice_check_event(&q, &liq, why, sizeof why) < 0)
		fail_msg("liquidation refused after reload: %s", why);
	practice_clear(&q);
}

static void
test_practices_newest_first(void **state)
{
	struct fx_db *fx = *state;
	struct store_company c;
	struct store_worker w;
	int64_t office, p1, p2, p3, *ids = NULL;
	size_t n = 0;

	fx_company(fx->st, &c, "01234567897", "01234567897", "1234567890", "Alfa Srl", "RM");
	fx_worker(fx->st, &w, "RSSMRA85T10A562S", "Rossi", "Mario", "RM", "");
	office = fx_office(fx->st, "RM");
	p1 = fx_practice(fx->st, "INPS-A-000001", c.id, office, PRACTICE_CIGO,
	    "2025-03-01", "2025-03-31");
	p2 = fx_practice(fx->st, "INPS-A-000002", c.id, office, PRACTICE_CIGO,
	    "2026-01-01", "2026-01-31");
	p3 = fx_practice(fx->st, "INPS-A-000003", c.id, office, PRACTICE_FIS,
	    "2025-09-01", "2025-10-31");
	assert_int_equal(store_practice_worker_add(fx->st, p1, w.id, 10), 0);
	assert_int_equal(store_practice_worker_add(fx->st, p2, w.id, 10), 0);
	assert_int_equal(store_practice_worker_add(fx->st, p3, w.id, 10), 0);
	assert_int_equal(store_practices_of_worker(fx->st, w.id, &ids, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], p2);
	assert_int_equal(ids[1], p3);
	assert_int_equal(ids[2], p1);
	free(ids);
}

/* --- span statistics --- */

/* An application filed on filed and authorised decided days later. */
static int64_t
add_decided(struct store *st, const char *number, int64_t company, int64_t office,
    enum practice_type type, int32_t filed, int decided)
{
	int64_t id = fx_practice(st, number, company, office, type, "2025-11-03", "2025-11-28");
	struct practice_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_PRESENTATA;
	ev.day = filed;
	assert_int_equal(store_event_add(st, id, &ev), 0);
	ev.kind = EV_AUTORIZZATA;
	ev.day = filed + decided;
	strcpy(ev.detail, "AUT");
	assert_int_equal(store_event_add(st, id, &ev), 0);
	return id;
}

static void
test_span_stats(void **state)
{
	struct fx_db *fx = *state;
	struct store_company c;
	struct store_worker w;
	struct span_stats s[SPAN_COUNT];
	struct practice_event ev;
	int64_t rm, mi, id;
	int32_t today = fx_day("2026-06-20"), filed = fx_day("2026-01-05");

	fx_company(fx->st, &c, "01234567897", "01234567897", "1234567890", "Alfa Srl", "RM");
	fx_worker(fx->st, &w, "RSSMRA85T10A562S", "Rossi", "Mario", "RM", "");
	rm = fx_office(fx->st, "RM");
	mi = fx_office(fx->st, "MI");
	/* Inserted out of order: the query sorts. */
	add_decided(fx->st, "INPS-S-000030", c.id, rm, PRACTICE_CIGO, filed, 30);
	add_decided(fx->st, "INPS-S-000010", c.id, rm, PRACTICE_CIGO, filed, 10);
	add_decided(fx->st, "INPS-S-000040", c.id, rm, PRACTICE_CIGO, filed, 40);
	id = add_decided(fx->st, "INPS-S-000020", c.id, rm, PRACTICE_CIGO, filed, 20);
	/* Decided before the 180-day window: left out. */
	add_decided(fx->st, "INPS-S-000OLD", c.id, rm, PRACTICE_CIGO, fx_day("2025-06-02"), 5);
	/* Another type and another office: their own groups. */
	add_decided(fx->st, "INPS-S-FIS001", c.id, rm, PRACTICE_FIS, filed, 12);
	add_decided(fx->st, "INPS-S-MIL001", c.id, mi, PRACTICE_CIGO, filed, 7);
	add_decided(fx->st, "INPS-S-MIL002", c.id, mi, PRACTICE_CIGO, filed, 9);

	/*
	 * Payment data and payment for the 20-day application: authorised on
	 * filed+20, data 15 and 25 days later, paid 6 days after the later data.
	 */
	assert_int_equal(store_practice_worker_add(fx->st, id, w.id, 40), 0);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_DATI_PAGAMENTO;
	ev.worker_id = w.id;
	ev.month = 202511;
	strcpy(ev.detail, "UNIEMENS");
	ev.day = filed + 20 + 25;
	assert_int_equal(store_event_add(fx->st, id, &ev), 0);
	ev.month = 202510;		/* another month of the same worker */
	ev.day = filed + 20 + 15;
	assert_int_equal(store_event_add(fx->st, id, &ev), 0);
	ev.month = 202511;
	ev.kind = EV_LIQUIDATA;
	ev.day = filed + 20 + 28;
	strcpy(ev.detail, "");
	assert_int_equal(store_event_add(fx->st, id, &ev), 0);
	ev.kind = EV_PAGATA;
	ev.day = filed + 20 + 25 + 6;
	ev.amount_cents = 50000;
	assert_int_equal(store_event_add(fx->st, id, &ev), 0);

	/* (RM, CIGO): 3 spans; (RM, FIS) and (MI, CIGO): decision only. */
	assert_int_equal(store_span_stats_refresh(fx->st, today, 180, 0), 5);

	assert_int_equal(store_span_stats(fx->st, rm, PRACTICE_CIGO, s), 0);
	/* Sorted 10, 20, 30, 40: elements n/4, n/2 and 3n/4. */
	assert_int_equal(s[SPAN_DECISION].samples, 4);
	assert_int_equal(s[SPAN_DECISION].p25, 20);
	assert_int_equal(s[SPAN_DECISION].p50, 30);
	assert_int_equal(s[SPAN_DECISION].p75, 40);
	/* First payment data 15 days after authorisation. */
	assert_int_equal(s[SPAN_PAYMENT_DATA].samples, 1);
	assert_int_equal(s[SPAN_PAYMENT_DATA].p50, 15);
	/* Paid 6 days after that month's data. */
	assert_int_equal(s[SPAN_PAYMENT].samples, 1);
	assert_int_equal(s[SPAN_PAYMENT].p50, 6);

	assert_int_equal(store_span_stats(fx->st, rm, PRACTICE_FIS, s), 0);
	assert_int_equal(s[SPAN_DECISION].samples, 1);
	assert_int_equal(s[SPAN_DECISION].p25, 12);
	assert_int_equal(s[SPAN_DECISION].p75, 12);
	assert_int_equal(s[SPAN_PAYMENT].samples, 0);

	assert_int_equal(store_span_stats(fx->st, mi, PRACTICE_CIGO, s), 0);
	assert_int_equal(s[SPAN_DECISION].samples, 2);
	assert_int_equal(s[SPAN_DECISION].p25, 7);	/* days[0] */
	assert_int_equal(s[SPAN_DECISION].p50, 9);	/* days[1] */
	assert_int_equal(s[SPAN_DECISION].p75, 9);	/* days[1] */

	assert_int_equal(store_span_stats(fx->st, mi, PRACTICE_CIGS, s), 0);
	assert_int_equal(s[SPAN_DECISION].samples, 0);

	/* A fifth case of 50 days: not seen again the same day... */
	add_decided(fx->st, "INPS-S-000050", c.id, rm, PRACTICE_CIGO, filed, 50);
	assert_int_equal(store_span_stats_refresh(fx->st, today, 180, 0), 0);
	assert_int_equal(store_span_stats(fx->st, rm, PRACTICE_CIGO, s), 0);
	assert_int_equal(s[SPAN_DECISION].samples, 4);
	assert_int_equal(s[SPAN_DECISION].p50, 30);
	/* ...unless forced: 10 20 30 40 50 -> [1] [2] [3]. */
	assert_int_equal(store_span_stats_refresh(fx->st, today, 180, 1), 5);
	assert_int_equal(store_span_stats(fx->st, rm, PRACTICE_CIGO, s), 0);
	assert_int_equal(s[SPAN_DECISION].samples, 5);
	assert_int_equal(s[SPAN_DECISION].p25, 20);
	assert_int_equal(s[SPAN_DECISION].p50, 30);
	assert_int_equal(s[SPAN_DECISION].p75, 40);

	/* The next day recomputes by itself. */
	add_decided(fx->st, "INPS-S-000060", c.id, rm, PRACTICE_CIGO, filed, 60);
	assert_int_equal(store_span_stats_refresh(fx->st, today, 180, 0), 0);
	assert_int_equal(store_span_stats(fx->st, rm, PRACTICE_CIGO, s), 0);
	assert_int_equal(s[SPAN_DECISION].samples, 5);
	assert_int_equal(store_span_stats_refresh(fx->st, today + 1, 180, 0), 5);
	assert_int_equal(store_span_stats(fx->st, rm, PRACTICE_CIGO, s), 0);
	assert_int_equal(s[SPAN_DECISION].samples, 6);
	assert_int_equal(s[SPAN_DECISION].p50, 40);	/* 10..60: [3] */
	assert_int_equal(fx_raw_int(fx->path, "SELECT min(computed_day) FROM span_stats"),
	    today + 1);
}

static void
test_span_stats_empty(void **state)
{
	struct fx_db *fx = *state;
	struct span_stats s[SPAN_COUNT];
	int32_t today = fx_day("2030-03-04");

	assert_int_equal(store_span_stats_refresh(fx->st, today, 180, 0), 0);
	assert_int_equal(store_span_stats(fx->st, fx_office(fx->st, "RM"), PRACTICE_CIGO, s), 0);
	assert_int_equal(s[SPAN_DECISION].samples, 0);
	assert_int_equal(s[SPAN_PAYMENT].samples, 0);
	/*
	 * An empty history is recorded as computed on the day given, so the
	 * same day does not recompute: the marker row must carry today.
	 */
	assert_int_equal(fx_raw_int(fx->path, "SELECT min(computed_day) FROM span_stats"), today);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_loads_reference, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_create_refuses_existing, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_create_missing_folder, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_create_failure_leaves_nothing, fx_new,
		    teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_3_to_4, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_open_newer_schema, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_open_foreign_sqlite, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_open_foreign_sqlite_untouched, fx_new,
		    teardown),
		cmocka_unit_test_setup_teardown(test_open_not_sqlite, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_open_private, fx_new, teardown),
		cmocka_unit_test_setup_teardown(test_integrity, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_company_find, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_worker_add_find, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_accounts, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_totp_replay, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_delegations, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_practice_events, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_same_day_resubmission, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_practices_newest_first, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_span_stats, setup_db, teardown),
		cmocka_unit_test_setup_teardown(test_span_stats_empty, setup_db, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
