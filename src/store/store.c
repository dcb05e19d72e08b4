/*
 * The connection: create, open, migrate, close; the prepared-statement
 * cache; transactions and small helpers shared by the other store files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "store_internal.h"

/* Readers and writers from several processes wait this long for a lock. */
#define STORE_BUSY_MS 5000

static const struct {
	const struct store_sql *sql;
	const size_t *count;
} store_sql_tables[] = {
	{ store_core_sql, &store_core_sql_count },
	{ store_people_sql, &store_people_sql_count },
	{ store_practice_sql, &store_practice_sql_count },
	{ store_ref_sql, &store_ref_sql_count },
	{ store_sweep_sql, &store_sweep_sql_count },
	{ store_chat_sql, &store_chat_sql_count },
	{ store_desk_sql, &store_desk_sql_count },
	{ store_report_sql, &store_report_sql_count },
	{ store_stats_sql, &store_stats_sql_count },
	{ store_stats_agg_sql, &store_stats_agg_sql_count },
	{ store_seed_sql, &store_seed_sql_count },
	{ store_import_sql, &store_import_sql_count },
	{ store_node_sql, &store_node_sql_count },
	{ store_visit_sql, &store_visit_sql_count },
	{ store_typing_sql, &store_typing_sql_count },
};

/* The SQL of slot (looked up once per connection and slot: not a hot path). */
static const char *
store_sql_of(enum store_slot slot)
{
	size_t t, i;

	for (t = 0; t < nitems(store_sql_tables); t++)
		for (i = 0; i < *store_sql_tables[t].count; i++)
			if (store_sql_tables[t].sql[i].slot == slot)
				return store_sql_tables[t].sql[i].sql;
	return NULL;
}

sqlite3_stmt *
store_stmt(struct store *st, enum store_slot slot)
{
	sqlite3_stmt **s = &st->stmts[slot];
	const char *sql;

	if (*s == NULL) {
		if ((sql = store_sql_of(slot)) == NULL) {
			log_error("prepare: no SQL for statement slot %d", (int)slot);
			return NULL;
		}
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s,
		    NULL) != SQLITE_OK) {
			log_error("prepare: %s: %s", sqlite3_errmsg(st->db), sql);
			*s = NULL;
			return NULL;
		}
		return *s;
	}
	sqlite3_reset(*s);
	sqlite3_clear_bindings(*s);
	return *s;
}

int
store_step_row(struct store *st, sqlite3_stmt *s)
{
	int rc;

	if (s == NULL)
		return ERR_IO;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 0;
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? ERR_NOTFOUND : store_err(st, rc);
}

static int
store_err_code(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ERR_BUSY;
	case SQLITE_CONSTRAINT:
		return ERR_EXISTS;
	case SQLITE_NOMEM:
		return ERR_NOMEM;
	default:
		return ERR_IO;
	}
}

int
store_step_count(struct store *st, sqlite3_stmt *s, int64_t *out)
{
	int r;

	if ((r = store_step_row(st, s)) < 0)
		return r;
	*out = store_col_i64(s, 0);
	sqlite3_reset(s);
	return 0;
}

int
store_err(struct store *st, int rc)
{
	int r = store_err_code(rc);

	if (st != NULL && ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB))
		st->corrupt = 1;
	if (r == ERR_IO)
		log_debug("sqlite: %s", st ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
	if (st != NULL && r < 0)
		st->last_err = r;
	return r;
}

int
store_exec(struct store *st, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_debug("exec: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return store_err(st, rc);
	}
	return 0;
}

int
store_step_done(struct store *st, sqlite3_stmt *s)
{
	int rc;

	if (s == NULL)
		return ERR_IO;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	return store_err(st, rc);
}

void
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

void
store_bind_id(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == 0)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

int64_t
store_col_i64(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, col);
}

const char *
store_col_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t != NULL ? (const char *)t : "";
}

int
store_step_changed(struct store *st, sqlite3_stmt *s)
{
	int r = store_step_done(st, s);

	if (r < 0)
		return r;
	return sqlite3_changes(st->db) >= 1 ? 0 : ERR_CONFLICT;
}

void
store_copy_text(char *dst, size_t size, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	str_lcpy(dst, t ? (const char *)t : "", size);
}

int
store_damaged(struct store *st, char *err, size_t errlen)
{
	char *p;
	int rc;

	if (st == NULL)
		return 0;
	rc = sqlite3_errcode(st->db);
	if (!st->corrupt && rc != SQLITE_CORRUPT && rc != SQLITE_NOTADB)
		return 0;
	st->corrupt = 1;
	if (errlen == 0)
		return 1;
	/* Name the damage as db check does: the integrity check's first problem. */
	err[0] = '\0';
	if (store_integrity(st, err, errlen) == 0 || err[0] == '\0')
		snprintf(err, errlen, "%s", sqlite3_errstr(SQLITE_CORRUPT));
	for (p = err; (p = strchr(p, '\n')) != NULL; )
		*p = ' ';	/* one line */
	return 1;
}

/*
 * Italian, and the same words whatever the engine: the engine's own message
 * (English) goes to the debug log in store_err().
 */
const char *
store_errmsg(struct store *st)
{
	int r = store_err_code(sqlite3_extended_errcode(st->db));

	if (r == 0)
		r = st->last_err != 0 ? st->last_err : ERR_IO;
	return err_text(r);
}

const char *
store_path(const struct store *st)
{
	return st->path;
}

static int
store_configure(struct store *st)
{
	int r;

	if ((r = store_exec(st, "PRAGMA foreign_keys = ON")) < 0)
		return r;
	if (st->flags & STORE_READONLY)
		return 0;
	if ((r = store_exec(st, "PRAGMA journal_mode = WAL")) < 0)
		return r;
	if (st->flags & STORE_BULK)
		/* Index builds after a bulk load sort millions of keys: let SQLite
		 * sort on a second thread and keep the whole file in cache. */
		return store_exec(st, "PRAGMA synchronous = OFF;"
		    "PRAGMA cache_size = -4194304; PRAGMA foreign_keys = OFF;"
		    "PRAGMA temp_store = MEMORY; PRAGMA threads = 2");
	if (st->flags & STORE_IMPORT)
		return store_exec(st, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -1048576;"
		    "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF");
	return store_exec(st, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536");
}

static int
store_connect(const char *path, int open_flags, int flags, struct store **out,
    char *err, size_t errlen)
{
	struct store *st = xcalloc(1, sizeof *st);
	int rc;

	st->path = xstrdup(path);
	st->flags = flags;
	/* One connection per thread: SQLite's own mutexes are pure cost. */
	rc = sqlite3_open_v2(path, &st->db, open_flags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		log_debug("sqlite: %s", st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		snprintf(err, errlen, "%s: impossibile aprire il database: %s", path,
		    err_text(store_err_code(rc)));
		store_close(st);
		return ERR_IO;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	*out = st;
	return 0;
}

/* Pragmas of a checked database (WAL is a lasting change to the file). */
static int
store_ready(struct store *st, char *err, size_t errlen)
{
	int r = store_configure(st);

	if (r < 0)
		snprintf(err, errlen, "%s: %s", st->path, r == ERR_BUSY ?
		    "database occupato da un altro processo" :
		    "il file non è un database infocig leggibile");
	return r;
}

int
store_create(const char *path, const char *datadir, char *err, size_t errlen)
{
	struct store *st;
	struct stat sb;
	int r, fd;

	const char *slash = strrchr(path, '/');

	if (stat(path, &sb) == 0) {
		snprintf(err, errlen, "%s: il database esiste già: non lo sovrascrivo", path);
		return ERR_EXISTS;
	}
	if (slash != NULL && slash != path) {
		char *dir = xstrndup(path, slash - path);

		r = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
		if (!r)
			snprintf(err, errlen, "%s: la cartella %s non esiste", path, dir);
		free(dir);
		if (!r)
			return ERR_IO;
	}
	/*
	 * Owner-only from the first byte, whatever the umask: the file holds
	 * password hashes and sealed OTP secrets.  SQLite gives the -wal and
	 * -shm files the mode of the database.
	 */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errlen, "%s: impossibile creare il database: %s", path,
		    strerror(errno));
		return ERR_IO;
	}
	if (fchmod(fd, 0600) < 0) {
		snprintf(err, errlen, "%s: impossibile limitare i permessi: %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return ERR_IO;
	}
	close(fd);
	if ((r = store_connect(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    0, &st, err, errlen)) < 0) {
		unlink(path);
		return r;
	}
	if ((r = store_ready(st, err, errlen)) == 0 && (r = store_begin(st)) == 0 &&
	    (r = store_schema_apply(st, 0)) == 0 &&
	    (r = store_load_reference(st, datadir, err, errlen)) == 0 &&
	    (r = store_rules_import(st, datadir, err, errlen)) == 0)
		r = store_commit(st);
	if (r < 0) {
		if (*err == '\0')
			snprintf(err, errlen, "%s: creazione dello schema fallita: %s",
			    path, err_text(r));
		store_rollback(st);
	}
	store_close(st);
	if (r < 0) {
		/* Nothing half-written: remove the file and its WAL companions. */
		char *aux;

		unlink(path);
		aux = xasprintf("%s-wal", path);
		unlink(aux);
		free(aux);
		aux = xasprintf("%s-shm", path);
		unlink(aux);
		free(aux);
	}
	return r;
}

int
store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return ERR_IO;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v < 0 ? ERR_IO : v;
}

/* One file of the database: refused when group or others may read or write it. */
static int
store_check_mode(const char *file, const char *db, char *err, size_t errlen)
{
	struct stat sb;

	if (stat(file, &sb) != 0)
		return 0;	/* no -wal or -shm yet */
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) == 0)
		return 0;
	snprintf(err, errlen, "%s: permessi %04o, accessibile ad altri utenti: il database "
	    "contiene hash delle password e segreti OTP; rimediare con \"chmod 600 %s %s-wal "
	    "%s-shm\"", file, (unsigned)(sb.st_mode & 07777), db, db, db);
	return ERR_DENIED;
}

/*
 * Refuses a database whose file, -wal or -shm is open to group or others,
 * as sshd refuses such a host key.
 */
static int
store_check_private(const char *path, char *err, size_t errlen)
{
	char *aux;
	int r;

	if ((r = store_check_mode(path, path, err, errlen)) < 0)
		return r;
	aux = xasprintf("%s-wal", path);
	r = store_check_mode(aux, path, err, errlen);
	free(aux);
	if (r < 0)
		return r;
	aux = xasprintf("%s-shm", path);
	r = store_check_mode(aux, path, err, errlen);
	free(aux);
	return r;
}

int
store_open(const char *path, int flags, struct store **out, char *err, size_t errlen)
{
	struct store *st;
	struct stat sb;
	int r, v;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		snprintf(err, errlen, "%s: database non trovato (crearlo con \"infocig db init\")",
		    path);
		return ERR_NOTFOUND;
	}
	if ((r = store_check_private(path, err, errlen)) < 0)
		return r;
	if ((r = store_connect(path, (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE, flags, &st, err, errlen)) < 0)
		return r;
	if ((v = store_schema_version(st)) < 0) {
		snprintf(err, errlen, "%s: il file non è un database SQLite leggibile", path);
		store_close(st);
		return ERR_SCHEMA;
	}
	if (v > STORE_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: schema versione %d, più recente di quella "
		    "supportata da questo programma (%d): aggiornare infocig", path, v,
		    STORE_SCHEMA_VERSION);
		store_close(st);
		return ERR_SCHEMA;
	}
	if (v == 0) {
		snprintf(err, errlen, "%s: non è un database infocig (schema assente)", path);
		store_close(st);
		return ERR_SCHEMA;
	}
	if ((r = store_ready(st, err, errlen)) < 0) {
		store_close(st);
		return r;
	}
	if (v < STORE_SCHEMA_VERSION) {
		if ((flags & STORE_READONLY) || (r = store_begin(st)) < 0 ||
		    (r = store_schema_apply(st, v)) < 0 || (r = store_commit(st)) < 0) {
			snprintf(err, errlen, "%s: migrazione dello schema da %d a %d fallita",
			    path, v, STORE_SCHEMA_VERSION);
			store_rollback(st);
			store_close(st);
			return ERR_SCHEMA;
		}
		log_info("%s: schema migrated from %d to %d", path, v, STORE_SCHEMA_VERSION);
	}
	if ((r = store_stats_agg_attach(st)) < 0) {
		snprintf(err, errlen, "%s: %s", path, err_text(r));
		store_close(st);
		return r;
	}
	*out = st;
	return 0;
}

void
store_set_busy_timeout(struct store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms);
}

void
store_close(struct store *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < SQ_COUNT; i++)
		sqlite3_finalize(st->stmts[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int
store_begin(struct store *st)
{
	return store_exec(st, "BEGIN IMMEDIATE");
}

int
store_commit(struct store *st)
{
	return store_exec(st, "COMMIT");
}

void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		store_exec(st, "ROLLBACK");
}

int
store_integrity(struct store *st, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int rc, r = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check(1)", -1, &s, NULL) != SQLITE_OK)
		return ERR_IO;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		r = store_err(st, rc) ? store_err(st, rc) : ERR_IO;
		snprintf(err, errlen, "%s", sqlite3_errmsg(st->db));
	} else {
		store_copy_text(err, errlen, s, 0);
		if (strcmp(err, "ok") != 0)
			r = ERR_IO;
	}
	sqlite3_finalize(s);
	if (r == 0 && sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			snprintf(err, errlen, "riferimento non valido nella tabella %s, riga %lld",
			    sqlite3_column_text(s, 0), (long long)sqlite3_column_int64(s, 1));
			r = ERR_IO;
		}
		sqlite3_finalize(s);
	}
	return r;
}

/* One fixed statement: every count in one row (no SQL is ever formatted). */
int
store_counts(struct store *st, struct store_counts *c)
{
	sqlite3_stmt *s = store_stmt(st, SQ_COUNTS);
	int64_t *f[] = { &c->provinces, &c->offices, &c->companies, &c->workers, &c->accounts,
	    &c->practices, &c->practice_workers, &c->events, &c->payment_data, &c->payments,
	    &c->chats, &c->messages, &c->reports, &c->audit };
	size_t i;
	int r;

	for (i = 0; i < nitems(f); i++)
		*f[i] = -1;
	if ((r = store_step_row(st, s)) < 0)
		return r == ERR_NOTFOUND ? ERR_IO : r;
	for (i = 0; i < nitems(f); i++)
		*f[i] = sqlite3_column_int64(s, (int)i);
	sqlite3_reset(s);
	return 0;
}

int
store_bulk_begin(struct store *st)
{
	return store_schema_drop_indexes(st);
}

int
store_bulk_end(struct store *st)
{
	int r;

	if ((r = store_schema_create_indexes(st)) < 0)
		return r;
	return store_exec(st, "ANALYZE");
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_core_sql[] = {
	{ SQ_COUNTS, "SELECT"
	    " (SELECT count(*) FROM provinces), (SELECT count(*) FROM offices),"
	    " (SELECT count(*) FROM companies), (SELECT count(*) FROM workers),"
	    " (SELECT count(*) FROM accounts), (SELECT count(*) FROM practices),"
	    " (SELECT count(*) FROM practice_workers), (SELECT count(*) FROM practice_events),"
	    " (SELECT count(*) FROM payment_data), (SELECT count(*) FROM payments),"
	    " (SELECT count(*) FROM chats), (SELECT count(*) FROM messages),"
	    " (SELECT count(*) FROM reports), (SELECT count(*) FROM audit)" },
};
const size_t store_core_sql_count = nitems(store_core_sql);
