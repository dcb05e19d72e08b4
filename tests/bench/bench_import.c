/*
 * bench_import: rows per second of infocig db import.
 *   bench_import [ROWS]   (default 300000)
 * Writes CSV extracts with valid identifiers to a temporary folder, imports
 * them into a fresh database, imports them again (all rows unchanged), and
 * prints the figures.  The peer is SQLite itself: a bare prepared INSERT of
 * the same rows with no validation, the floor any importer stands on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "common.h"
#include "import.h"
#include "store.h"
#include "valid.h"

static void
make_cf(long i, char out[17])
{
	static const char months[] = "ABCDEHLMPRST";
	char first15[16];
	long n = i;
	int k;

	/* Surname/name letters from the index, then a fixed birth pattern. */
	for (k = 0; k < 6; k++) {
		first15[k] = (char)('A' + n % 26);
		n /= 26;
	}
	snprintf(first15 + 6, sizeof first15 - 6, "%02ld%c%02ldH501", 50 + (i / 7) % 50,
	    months[(i / 3) % 12], 1 + i % 28);
	memcpy(out, first15, 15);
	out[15] = valid_cf_person_check_char(first15);
	out[16] = '\0';
}

static void
make_vat(long i, char out[12])
{
	char first10[16];

	snprintf(first10, sizeof first10, "%010ld", (1000000 + i) % 10000000000L);
	memcpy(out, first10, 10);
	out[10] = valid_cf_company_check_digit(first10);
	out[11] = '\0';
}

static double
run_import(struct store *st, enum import_kind kind, const char *path, struct import_result *res)
{
	struct import_options o = { .errors = stderr, .max_errors = 5, .name = path };
	FILE *fp = fopen(path, "r");
	int64_t t0 = clock_mono_us();
	int r;

	if (fp == NULL)
		fatal("%s: cannot open", path);
	r = import_file(st, kind, fp, &o, res);
	fclose(fp);
	if (r < 0)
		fatal("import of %s failed (%d)", path, r);
	return (clock_mono_us() - t0) / 1e6;
}

int
main(int argc, char **argv)
{
	long rows = argc > 1 ? atol(argv[1]) : 300000, companies = rows / 25 + 1, i;
	char dir[] = "/tmp/infocig-bench-import.XXXXXX", path[256], cf[17], vat[12], err[256];
	struct import_result res;
	struct store *st;
	sqlite3 *db;
	sqlite3_stmt *s;
	double t;
	FILE *fp;
	int64_t t0;

	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp failed");
	snprintf(path, sizeof path, "%s/companies.csv", dir);
	fp = fopen(path, "w");
	fprintf(fp, "cf,vat,matricola,name,province\n");
	for (i = 0; i < companies; i++) {
		make_vat(i, vat);
		fprintf(fp, "%s,%s,%010ld,Azienda %ld S.r.l.,RM\n", vat, vat, 5000000000L + i, i);
	}
	fclose(fp);
	snprintf(path, sizeof path, "%s/workers.csv", dir);
	fp = fopen(path, "w");
	fprintf(fp, "cf,surname,name,province,iban,company_cf,since\n");
	for (i = 0; i < rows; i++) {
		make_cf(i, cf);
		make_vat(i % companies, vat);
		fprintf(fp, "%s,Rossi,Mario,MI,IT60X0542811101000000123456,%s,2020-01-15\n", cf, vat);
	}
	fclose(fp);

	snprintf(path, sizeof path, "%s/db", dir);
	if (store_create(path, "data", err, sizeof err) < 0 ||
	    store_open(path, STORE_IMPORT, &st, err, sizeof err) < 0)
		fatal("%s", err);
	snprintf(path, sizeof path, "%s/companies.csv", dir);
	run_import(st, IMPORT_COMPANIES, path, &res);
	snprintf(path, sizeof path, "%s/workers.csv", dir);
	t = run_import(st, IMPORT_WORKERS, path, &res);
	printf("import workers, first run:  %ld rows in %.2f s = %.0f rows/s (%ld inserted)\n",
	    res.rows, t, res.rows / t, res.inserted);
	t = run_import(st, IMPORT_WORKERS, path, &res);
	printf("import workers, second run: %ld rows in %.2f s = %.0f rows/s (%ld unchanged)\n",
	    res.rows, t, res.rows / t, res.unchanged);
	store_close(st);

	/* Peer: bare SQLite inserts of the same worker rows, no checks. */
	snprintf(path, sizeof path, "%s/peer.db", dir);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-1048576;"
	    "CREATE TABLE w (id INTEGER PRIMARY KEY, cf TEXT UNIQUE, surname, name, province, iban);"
	    "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO w (cf, surname, name, province, iban)"
	    " VALUES (?, 'Rossi', 'Mario', 'MI', 'IT60X0542811101000000123456')", -1, &s, NULL);
	t0 = clock_mono_us();
	for (i = 0; i < rows; i++) {
		make_cf(i, cf);
		sqlite3_bind_text(s, 1, cf, 16, SQLITE_STATIC);
		sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t = (clock_mono_us() - t0) / 1e6;
	sqlite3_finalize(s);
	sqlite3_close(db);
	printf("peer, bare SQLite INSERT:   %ld rows in %.2f s = %.0f rows/s\n", rows, t, rows / t);
	printf("target: at least 200000 rows/s\n");

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	return system(path) == 0 ? 0 : 1;
}
