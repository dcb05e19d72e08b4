/*
 * Online backup: a consistent copy of a live database with SQLite's backup
 * API.  The copy is taken from one read transaction on the source, so it is
 * one snapshot even while the daemon writes chat lines; in WAL mode a reader
 * never blocks a writer, so nobody waits for the backup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "store_internal.h"

/* Pages copied per step: small enough for a progress bar that moves. */
#define BACKUP_STEP_PAGES 1024

/* Removes path and the -wal and -shm files SQLite may have left beside it. */
static void
backup_unlink(const char *path)
{
	char side[4096];

	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* Copies every page of st into dst inside the caller's read transaction. */
static int
backup_copy(struct store *st, sqlite3 *dst, store_backup_progress_fn progress, void *arg,
    int64_t *pages)
{
	sqlite3_backup *b;
	int rc;

	if ((b = sqlite3_backup_init(dst, "main", st->db, "main")) == NULL)
		return ERR_IO;
	do {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (progress != NULL)
			progress(arg, sqlite3_backup_pagecount(b) - sqlite3_backup_remaining(b),
			    sqlite3_backup_pagecount(b));
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	*pages = sqlite3_backup_pagecount(b);
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE)
		return ERR_IO;
	return 0;
}

int
store_backup(struct store *st, const char *path, store_backup_progress_fn progress, void *arg,
    int64_t *pages, char *err, size_t errlen)
{
	sqlite3 *dst = NULL;
	int fd, r;

	/* O_EXCL: never overwrite, and the copy is owner-only from its first byte. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		if (errno == EEXIST) {
			snprintf(err, errlen, "%s: il file esiste già: non lo sovrascrivo", path);
			return ERR_EXISTS;
		}
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return ERR_IO;
	}
	close(fd);
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, err_text(dst ? ERR_IO : ERR_NOMEM));
		r = ERR_IO;
		goto fail;
	}
	/* One read transaction: every step sees the same snapshot. */
	if (store_exec(st, "BEGIN") < 0 ||
	    store_exec(st, "SELECT count(*) FROM sqlite_schema") < 0) {
		snprintf(err, errlen, "lettura del database: %s", store_errmsg(st));
		store_exec(st, "ROLLBACK");
		r = ERR_IO;
		goto fail;
	}
	r = backup_copy(st, dst, progress, arg, pages);
	if (r < 0) {
		log_debug("backup: %s", sqlite3_errmsg(dst));
		snprintf(err, errlen, "%s: copia non riuscita: %s", path, err_text(r));
	}
	store_exec(st, "COMMIT");
	if (r < 0)
		goto fail;
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errlen, "%s: chiusura della copia non riuscita", path);
		dst = NULL;
		r = ERR_IO;
		goto fail;
	}
	return 0;
fail:
	sqlite3_close(dst);
	backup_unlink(path);
	return r;
}
