/*
 * The importer's reading of a row: each field checked and converted, with
 * the reason of a bad row in Italian, and the companies, offices and
 * workers it names looked up once (import.c applies the rows).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hash.h"
#include "import_internal.h"
#include "text.h"
#include "valid.h"

int
import_bad(struct import_state *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, sizeof s->why, fmt, ap);
	va_end(ap);
	return ROW_BAD;
}

/* Copies field i into dst as a clean single-line text of at most size-1 bytes. */
int
import_get_text(struct import_state *s, int i, const char *what, char *dst, size_t size, int required)
{
	const char *v = csv_field(s->csv, i);
	size_t n, ascii;

	if (required && *v == '\0')
		return import_bad(s, "%s mancante", what);
	/* Printable ASCII, the common case, is clean without decoding UTF-8. */
	for (ascii = 0; (unsigned char)v[ascii] >= 0x20 && (unsigned char)v[ascii] < 0x7f;
	    ascii++)
		;
	n = ascii + strlen(v + ascii);
	if (n >= size)
		return import_bad(s, "%s troppo lungo (massimo %zu byte)", what, size - 1);
	if (ascii < n && (!text_is_clean(v) || strchr(v, '\n') != NULL))
		return import_bad(s, "%s contiene caratteri di controllo o UTF-8 non valido", what);
	memcpy(dst, v, n + 1);
	return 0;
}

int
import_get_id(struct import_state *s, int i, const char *what, enum valid_kind kind, char *dst,
    size_t size, int required)
{
	const char *v = csv_field(s->csv, i);
	int r;

	if (*v == '\0') {
		*dst = '\0';
		return required ? import_bad(s, "%s mancante", what) : 0;
	}
	if ((r = valid_check_kind(kind, v)) < 0)
		return import_bad(s, "%s \"%.20s\" non valido: %s", what, v, valid_strerror(r));
	str_lcpy(dst, v, size);
	return 0;
}

int
import_get_day(struct import_state *s, int i, const char *what, int32_t *day, int required)
{
	const char *v = csv_field(s->csv, i);

	*day = 0;
	if (*v == '\0')
		return required ? import_bad(s, "%s mancante", what) : 0;
	if (day_parse(v, day) < 0)
		return import_bad(s, "%s \"%.12s\" non valida (attesa AAAA-MM-GG)", what, v);
	return 0;
}

int
import_get_int(struct import_state *s, int i, const char *what, int32_t max, int32_t *out)
{
	const char *v = csv_field(s->csv, i);
	char *end;
	long n;

	*out = 0;
	if (*v == '\0')
		return 0;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < 0 || n > max)
		return import_bad(s, "%s \"%.12s\" non valido (intero tra 0 e %d)", what, v, max);
	*out = (int32_t)n;
	return 0;
}

/* "YYYY-MM" into YYYYMM. */
int
import_get_month(struct import_state *s, int i, int32_t *month, int required)
{
	const char *v = csv_field(s->csv, i);
	int32_t m = 0;
	int k;

	*month = 0;
	if (*v == '\0')
		return required ? import_bad(s, "mese mancante") : 0;
	for (k = 0; k < 7; k++) {
		if (k == 4 ? v[k] != '-' : v[k] < '0' || v[k] > '9')
			break;
		if (k != 4)
			m = m * 10 + (v[k] - '0');
	}
	if (k < 7 || v[7] != '\0' || !practice_month_valid(m))
		return import_bad(s, "mese \"%.10s\" non valido (atteso AAAA-MM)", v);
	*month = m;
	return 0;
}

/* "1234.56" or "1234,56" euro into cents. */
int
import_get_amount(struct import_state *s, int i, int64_t *cents)
{
	const char *v = csv_field(s->csv, i), *p;
	int64_t units = 0;
	int decimals = -1, frac = 0;

	*cents = 0;
	if (*v == '\0')
		return 0;
	for (p = v; *p; p++) {
		if ((*p == '.' || *p == ',') && decimals < 0) {
			decimals = 0;
		} else if (*p >= '0' && *p <= '9' && decimals < 0 && units < 100000000) {
			units = units * 10 + (*p - '0');
		} else if (*p >= '0' && *p <= '9' && decimals >= 0 && decimals < 2) {
			frac = frac * 10 + (*p - '0');
			decimals++;
		} else {
			return import_bad(s, "importo \"%.16s\" non valido (atteso 1234.56)", v);
		}
	}
	if (decimals == 1)
		frac *= 10;
	*cents = units * 100 + frac;
	return 0;
}

/* The id of the worker with this codice fiscale, or a bad row. */
int
import_find_worker(struct import_state *s, const char *cf, int64_t *id)
{
	int r = store_import_worker_id(s->si, cf, id);

	if (r == ERR_NOTFOUND)
		return import_bad(s, "lavoratore %s sconosciuto (importare prima i lavoratori)", cf);
	return r;
}

/* What is known of key in *h, or NULL; key "" is never remembered. */
static struct import_known *
known_get(struct hash *h, const char *key)
{
	return h != NULL && key[0] != '\0' ? hash_str_get(h, key) : NULL;
}

/* The entry of key in *h (created on first use), to be filled; NULL for "". */
static struct import_known *
known_put(struct hash **h, const char *key)
{
	if (key[0] == '\0')
		return NULL;
	if (*h == NULL)
		*h = hash_new(HASH_STR, sizeof(struct import_known));
	return hash_str_put(*h, key, NULL);
}

/*
 * The company named by key (codice fiscale, partita IVA or matricola), or a
 * bad row.  Extracts name a few companies many times: each is looked up once.
 */
int
import_find_company(struct import_state *s, const char *key, int64_t *id, char province[3])
{
	struct import_known *e = known_get(s->companies, key);
	struct store_company c;
	int r;

	if (e != NULL) {
		*id = e->id;
		memcpy(province, e->province, 3);
		return 0;
	}
	r = store_company_find(s->st, key, &c);
	if (r == ERR_NOTFOUND)
		return import_bad(s, "azienda %s sconosciuta (importare prima le aziende)", key);
	if (r < 0)
		return r;
	*id = c.id;
	memcpy(province, c.province, 3);
	if ((e = known_put(&s->companies, key)) != NULL) {
		e->id = c.id;
		memcpy(e->province, c.province, 3);
	}
	return 0;
}

static int
province_index(const char *sigla)
{
	if (sigla[0] >= 'A' && sigla[0] <= 'Z' && sigla[1] >= 'A' && sigla[1] <= 'Z' &&
	    sigla[2] == '\0')
		return (sigla[0] - 'A') * 26 + (sigla[1] - 'A');
	return -1;
}

/* The office with this code, or when code is "" the office of province. */
int
import_find_office(struct import_state *s, const char *code, const char *province, int64_t *id)
{
	struct store_office office;
	struct import_known *e;
	int i = province_index(province), r;

	if (code[0] != '\0' && (e = known_get(s->offices, code)) != NULL) {
		*id = e->id;
		return 0;
	}
	if (code[0] == '\0' && i >= 0 && s->province_office[i] != 0) {
		*id = s->province_office[i];
		return 0;
	}
	r = code[0] ? store_office_by_code(s->st, code, &office) :
	    store_office_by_province(s->st, province, &office);
	if (r == ERR_NOTFOUND)
		return import_bad(s, "sede \"%.12s\" sconosciuta", code);
	if (r < 0)
		return r;
	*id = office.id;
	if (code[0] != '\0' && (e = known_put(&s->offices, code)) != NULL)
		e->id = office.id;
	else if (code[0] == '\0' && i >= 0)
		s->province_office[i] = office.id;
	return 0;
}

int
import_check_province(struct import_state *s, const char *sigla)
{
	int i = province_index(sigla);

	if (i >= 0 && s->provinces[i])
		return 0;
	return import_bad(s, "provincia \"%.4s\" sconosciuta", sigla);
}
