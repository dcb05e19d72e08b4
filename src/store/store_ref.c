/* Reference data: provinces and the competent INPS offices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"

/* Opens datadir/name and checks its header; NULL with err set on failure. */
static FILE *
ref_open(const char *datadir, const char *name, const char *header, struct csv **csv,
    char *err, size_t errlen)
{
	char *path = xasprintf("%s/%s", datadir, name);
	FILE *fp = fopen(path, "r");
	char got[256];

	if (fp == NULL) {
		snprintf(err, errlen, "%s: file dei dati di riferimento mancante", path);
		free(path);
		return NULL;
	}
	*csv = csv_open(fp);
	if (!csv_header_is(*csv, header, got, sizeof got)) {
		snprintf(err, errlen, "%s: intestazione \"%s\", attesa \"%s\"", path, got, header);
		csv_free(*csv);
		fclose(fp);
		fp = NULL;
	}
	free(path);
	return fp;
}

int
store_load_reference(struct store *st, const char *datadir, char *err, size_t errlen)
{
	struct csv *csv;
	sqlite3_stmt *s = NULL;
	FILE *fp;
	int n, r = 0;

	if ((fp = ref_open(datadir, "offices.csv", "code,name,province,kind", &csv,
	    err, errlen)) == NULL)
		return ERR_IO;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO offices (code, name, province, kind)"
	    " VALUES (?, ?, ?, ?)", -1, &s, NULL) != SQLITE_OK)
		r = ERR_IO;
	while (r == 0 && (n = csv_read(csv)) != 0) {
		if (n < 0) {	/* a broken record is an error, never the end of the file */
			snprintf(err, errlen, "offices.csv:%ld: %s", csv_line(csv), csv_error(csv));
			r = ERR_INVALID;
			break;
		}
		if (n != 4) {
			snprintf(err, errlen, "offices.csv:%ld: attesi 4 campi", csv_line(csv));
			r = ERR_INVALID;
			break;
		}
		sqlite3_reset(s);
		for (int i = 0; i < 4; i++)
			sqlite3_bind_text(s, i + 1, csv_field(csv, i), -1, SQLITE_TRANSIENT);
		if ((r = store_step_done(st, s)) < 0)
			snprintf(err, errlen, "offices.csv:%ld: %s", csv_line(csv), err_text(r));
	}
	sqlite3_finalize(s);
	csv_free(csv);
	fclose(fp);
	if (r < 0)
		return r;

	if ((fp = ref_open(datadir, "provinces.csv", "sigla,name,region,office,capoluogo_code",
	    &csv, err, errlen)) == NULL)
		return ERR_IO;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO provinces (sigla, name, region, office_id,"
	    " capoluogo_code) SELECT ?1, ?2, ?3, id, ?5 FROM offices WHERE code = ?4",
	    -1, &s, NULL) != SQLITE_OK)
		r = ERR_IO;
	while (r == 0 && (n = csv_read(csv)) != 0) {
		if (n < 0) {	/* a broken record is an error, never the end of the file */
			snprintf(err, errlen, "provinces.csv:%ld: %s", csv_line(csv), csv_error(csv));
			r = ERR_INVALID;
			break;
		}
		if (n != 5) {
			snprintf(err, errlen, "provinces.csv:%ld: attesi 5 campi", csv_line(csv));
			r = ERR_INVALID;
			break;
		}
		sqlite3_reset(s);
		for (int i = 0; i < 5; i++)
			sqlite3_bind_text(s, i + 1, csv_field(csv, i), -1, SQLITE_TRANSIENT);
		if ((r = store_step_done(st, s)) < 0)
			snprintf(err, errlen, "provinces.csv:%ld: %s", csv_line(csv), err_text(r));
		else if (sqlite3_changes(st->db) != 1) {
			snprintf(err, errlen, "provinces.csv:%ld: sede \"%s\" sconosciuta",
			    csv_line(csv), csv_field(csv, 3));
			r = ERR_INVALID;
		}
	}
	sqlite3_finalize(s);
	csv_free(csv);
	fclose(fp);
	return r;
}

static int
office_row(struct store *st, sqlite3_stmt *s, struct store_office *out)
{
	int rc;

	if (s == NULL)
		return ERR_IO;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		store_copy_text(out->code, sizeof out->code, s, 1);
		store_copy_text(out->name, sizeof out->name, s, 2);
		store_copy_text(out->province, sizeof out->province, s, 3);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return ERR_NOTFOUND;
	return rc == SQLITE_ROW ? 0 : store_err(st, rc);
}

#define OFFICE_COLS "o.id, o.code, o.name, o.province"

int
store_office_by_province(struct store *st, const char *sigla, struct store_office *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_OFFICE_BY_PROVINCE);

	if (s != NULL)
		sqlite3_bind_text(s, 1, sigla, -1, SQLITE_STATIC);
	return office_row(st, s, out);
}

int
store_office_by_code(struct store *st, const char *code, struct store_office *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_OFFICE_BY_CODE);

	if (s != NULL)
		sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	return office_row(st, s, out);
}

int
store_office_by_id(struct store *st, int64_t id, struct store_office *out)
{
	sqlite3_stmt *s = store_stmt(st, SQ_OFFICE_BY_ID);

	if (s != NULL)
		sqlite3_bind_int64(s, 1, id);
	return office_row(st, s, out);
}

int
store_province_exists(struct store *st, const char *sigla)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PROVINCE_EXISTS);
	int rc;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, sigla, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_provinces_each(struct store *st,
    int (*fn)(void *arg, const char *sigla, const char *name, const char *capoluogo_code),
    void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT sigla, name, capoluogo_code FROM provinces"
	    " ORDER BY sigla", -1, &s, NULL) != SQLITE_OK)
		return ERR_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    (const char *)sqlite3_column_text(s, 2)) != 0)
			break;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_ref_sql[] = {
	{ SQ_OFFICE_BY_PROVINCE, "SELECT " OFFICE_COLS
	    " FROM provinces p JOIN offices o ON o.id = p.office_id WHERE p.sigla = ?" },
	{ SQ_OFFICE_BY_CODE, "SELECT " OFFICE_COLS
	    " FROM offices o WHERE o.code = ?" },
	{ SQ_OFFICE_BY_ID, "SELECT " OFFICE_COLS
	    " FROM offices o WHERE o.id = ?" },
	{ SQ_PROVINCE_EXISTS, "SELECT 1 FROM provinces WHERE sigla = ?" },
};
const size_t store_ref_sql_count = nitems(store_ref_sql);
