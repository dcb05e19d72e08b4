/*
 * bench_import: rows per second of infocig db import, for every kind.
 *   bench_import [ROWS [WORKERS]]   (default 300000 rows, 10 workers)
 * Writes CSV extracts with valid identifiers to a temporary folder: ROWS
 * companies, ROWS workers (each employed by one of ROWS / 25 companies, in
 * no particular order), ROWS practices rows (applications of WORKERS
 * workers each), the events of those applications (filed, examined,
 * authorised, then payment data for each worker: ROWS + 3 ROWS / WORKERS
 * rows) and ROWS payments.  Imports each into a fresh database in that
 * order, then again (all rows unchanged), and prints the figures.  The peer
 * is SQLite itself: a bare prepared INSERT of the worker rows with no
 * validation, the floor any importer stands on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "import.h"
#include "store.h"
#include "valid.h"

static long per_practice = 10;	/* workers in one application */

static void
make_cf(long i, char out[17])
{
	static const char months[] = "ABCDEHLMPRST";
	char first15[32];
	long n = i;
	int k;

	/* Surname/name letters from the index, then a fixed birth pattern. */
	for (k = 0; k < 6; k++) {
		first15[k] = (char)('A' + n % 26);
		n /= 26;
	}
	snprintf(first15 + 6, sizeof first15 - 6, "%02d%c%02dH501", (int)(50 + (i / 7) % 50),
	    months[(i / 3) % 12], (int)(1 + i % 28));
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

static FILE *
create(const char *dir, const char *name, const char *header, char *path, size_t size)
{
	FILE *fp;

	snprintf(path, size, "%s/%s.csv", dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		fatal("%s: cannot create", path);
	fprintf(fp, "%s\n", header);
	return fp;
}

static void
write_extracts(const char *dir, long rows)
{
	long employers = rows / 25 + 1, practices = (rows + per_practice - 1) / per_practice, i, a;
	char path[256], cf[17], vat[12];
	FILE *fp;

	fp = create(dir, "companies", import_kind_header(IMPORT_COMPANIES), path, sizeof path);
	for (i = 0; i < rows; i++) {
		make_vat(i, vat);
		fprintf(fp, "%s,%s,%010ld,Azienda %ld S.r.l.,RM\n", vat, vat, 5000000000L + i, i);
	}
	fclose(fp);

	fp = create(dir, "workers", import_kind_header(IMPORT_WORKERS), path, sizeof path);
	for (i = 0; i < rows; i++) {
		make_cf(i, cf);
		make_vat(i % employers, vat);
		fprintf(fp, "%s,Rossi,Mario,MI,IT60X0542811101000000123456,%s,2020-01-15\n", cf,
		    vat);
	}
	fclose(fp);

	fp = create(dir, "practices", import_kind_header(IMPORT_PRACTICES), path, sizeof path);
	for (i = 0; i < rows; i++) {
		make_cf(i, cf);
		make_vat((i / per_practice) % employers, vat);
		fprintf(fp, "INPS-2025-%07ld,%s,,CIGO,diretto,2025-03-01,2025-03-31,4,160,"
		    "crisi di mercato,%s,16\n", i / per_practice, vat, cf);
	}
	fclose(fp);

	fp = create(dir, "events", import_kind_header(IMPORT_EVENTS), path, sizeof path);
	for (a = 0; a < practices; a++) {
		fprintf(fp, "INPS-2025-%07ld,presentata,2025-04-03,,,\n", a);
		fprintf(fp, "INPS-2025-%07ld,istruttoria,2025-04-10,,,\n", a);
		fprintf(fp, "INPS-2025-%07ld,autorizzata,2025-05-02,,,AUT-2025-%07ld\n", a, a);
		for (i = a * per_practice; i < (a + 1) * per_practice && i < rows; i++) {
			make_cf(i, cf);
			fprintf(fp, "INPS-2025-%07ld,dati_pagamento,2025-05-20,%s,2025-03,"
			    "UNIEMENS\n", a, cf);
		}
	}
	fclose(fp);

	fp = create(dir, "payments", import_kind_header(IMPORT_PAYMENTS), path, sizeof path);
	for (i = 0; i < rows; i++) {
		make_cf(i, cf);
		fprintf(fp, "INPS-2025-%07ld,%s,2025-03,2025-06-03,2025-06-10,1034.50,bonifico\n",
		    i / per_practice, cf);
	}
	fclose(fp);
}

/* Seconds of CPU this process has used (the machine may be shared). */
static double
cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wall-clock seconds; *cpu gets CPU seconds. */
static double
run_import(struct store *st, enum import_kind kind, const char *path, struct import_result *res,
    double *cpu)
{
	struct import_options o = { .errors = stderr, .max_errors = 5, .name = path };
	FILE *fp = fopen(path, "r");
	int64_t t0 = clock_mono_us();
	double c0 = cpu_seconds();
	int r;

	if (fp == NULL)
		fatal("%s: cannot open", path);
	r = import_file(st, kind, fp, &o, res);
	fclose(fp);
	if (r < 0)
		fatal("import of %s failed (%d)", path, r);
	*cpu = cpu_seconds() - c0;
	return (clock_mono_us() - t0) / 1e6;
}

static double
peer_insert(const char *dir, long rows)
{
	char path[256], cf[17];
	sqlite3_stmt *s;
	sqlite3 *db;
	int64_t t0;
	long i;
	double t;

	snprintf(path, sizeof path, "%s/peer.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		fatal("%s: cannot open", path);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    " PRAGMA cache_size=-1048576;"
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
	return t;
}

int
main(int argc, char **argv)
{
	static const char *const names[IMPORT_KIND_COUNT] = {
		"companies", "workers", "practices", "events", "payments",
	};
	long rows = argc > 1 ? atol(argv[1]) : 300000;
	char dir[] = "/tmp/infocig-bench-import.XXXXXX", path[256], err[256];
	double first[IMPORT_KIND_COUNT], second[IMPORT_KIND_COUNT], cpu[IMPORT_KIND_COUNT];
	double t, worst = 0, ignored;
	struct import_result res[IMPORT_KIND_COUNT], again;
	struct store *st;
	int k;

	if (argc > 2)
		per_practice = atol(argv[2]);
	if (per_practice < 1 || rows < per_practice)
		fatal("at least as many rows as workers in an application");
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp failed");
	write_extracts(dir, rows);

	snprintf(path, sizeof path, "%s/db", dir);
	if (store_create(path, "data", err, sizeof err) < 0 ||
	    store_open(path, STORE_IMPORT, &st, err, sizeof err) < 0)
		fatal("%s", err);
	for (k = 0; k < IMPORT_KIND_COUNT; k++) {
		snprintf(path, sizeof path, "%s/%s.csv", dir, names[k]);
		first[k] = run_import(st, k, path, &res[k], &cpu[k]);
		if (res[k].inserted + res[k].updated != res[k].rows)
			fatal("%s: %ld rows but %ld inserted and %ld updated", names[k],
			    res[k].rows, res[k].inserted, res[k].updated);
	}
	for (k = 0; k < IMPORT_KIND_COUNT; k++) {
		snprintf(path, sizeof path, "%s/%s.csv", dir, names[k]);
		second[k] = run_import(st, k, path, &again, &ignored);
		if (again.unchanged != again.rows)
			fatal("%s again: %ld rows but %ld unchanged", names[k], again.rows,
			    again.unchanged);
	}
	store_close(st);
	t = peer_insert(dir, rows);

	/* Rows per CPU second: what the rate would be on an idle core. */
	printf("applications of %ld workers\n", per_practice);
	printf("%-10s %8s %14s %14s %14s\n", "import", "rows", "first rows/s", "(per CPU s)",
	    "again rows/s");
	for (k = 0; k < IMPORT_KIND_COUNT; k++) {
		printf("%-10s %8ld %14.0f %14.0f %14.0f\n", names[k], res[k].rows,
		    res[k].rows / first[k], res[k].rows / cpu[k], res[k].rows / second[k]);
		if (k == 0 || res[k].rows / first[k] < worst)
			worst = res[k].rows / first[k];
	}
	printf("peer, bare SQLite INSERT of the worker rows: %.0f rows/s\n", rows / t);
	printf("slowest first import: %.0f rows/s = %.2f of the peer (target: at least 200000"
	    " rows/s)\n", worst, worst * t / rows);

	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	return system(path) == 0 ? 0 : 1;
}
