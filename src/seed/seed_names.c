/*
 * seed names: given names, surnames and company words from names.csv, the
 * provinces with their chief towns and offices from the store, and the
 * identifiers built from them (codice fiscale, partita IVA, IBAN).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "seed.h"
#include "store.h"
#include "valid.h"

/*
 * Resident population in thousands (ISTAT, rounded), so that generated
 * people live where Italians live; a province missing here weighs 300.
 */
static const struct {
	char sigla[3];
	uint16_t thousands;
} population[] = {
	{ "AG", 415 }, { "AL", 410 }, { "AN", 465 }, { "AO", 123 }, { "AP", 200 },
	{ "AQ", 290 }, { "AR", 335 }, { "AT", 205 }, { "AV", 400 }, { "BA", 1220 },
	{ "BG", 1105 }, { "BI", 170 }, { "BL", 198 }, { "BN", 265 }, { "BO", 1015 },
	{ "BR", 380 }, { "BS", 1250 }, { "BT", 380 }, { "BZ", 535 }, { "CA", 420 },
	{ "CB", 215 }, { "CE", 905 }, { "CH", 375 }, { "CL", 250 }, { "CN", 580 },
	{ "CO", 595 }, { "CR", 350 }, { "CS", 670 }, { "CT", 1065 }, { "CZ", 340 },
	{ "EN", 155 }, { "FC", 390 }, { "FE", 340 }, { "FG", 600 }, { "FI", 985 },
	{ "FM", 170 }, { "FR", 465 }, { "GE", 815 }, { "GO", 137 }, { "GR", 217 },
	{ "IM", 208 }, { "IS", 82 }, { "KR", 160 }, { "LC", 333 }, { "LE", 770 },
	{ "LI", 330 }, { "LO", 227 }, { "LT", 565 }, { "LU", 380 }, { "MB", 870 },
	{ "MC", 305 }, { "ME", 600 }, { "MI", 3220 }, { "MN", 405 }, { "MO", 700 },
	{ "MS", 190 }, { "MT", 193 }, { "NA", 2990 }, { "NO", 365 }, { "NU", 200 },
	{ "OR", 150 }, { "PA", 1200 }, { "PC", 285 }, { "PD", 935 }, { "PE", 310 },
	{ "PG", 640 }, { "PI", 415 }, { "PN", 310 }, { "PO", 258 }, { "PR", 450 },
	{ "PT", 290 }, { "PU", 350 }, { "PV", 535 }, { "PZ", 350 }, { "RA", 385 },
	{ "RC", 520 }, { "RE", 525 }, { "RG", 315 }, { "RI", 150 }, { "RM", 4220 },
	{ "RN", 340 }, { "RO", 230 }, { "SA", 1060 }, { "SI", 265 }, { "SO", 180 },
	{ "SP", 215 }, { "SR", 385 }, { "SS", 475 }, { "SU", 335 }, { "SV", 270 },
	{ "TA", 560 }, { "TE", 300 }, { "TN", 540 }, { "TO", 2210 }, { "TP", 410 },
	{ "TR", 215 }, { "TS", 230 }, { "TV", 880 }, { "UD", 520 }, { "VA", 880 },
	{ "VB", 155 }, { "VC", 165 }, { "VE", 835 }, { "VI", 850 }, { "VR", 925 },
	{ "VT", 310 }, { "VV", 150 },
};

/* Identifiers */

/*
 * Upper-case ASCII letters of s, accented vowels (UTF-8 Latin-1 range)
 * folded to their base letter; apostrophes, blanks and the rest dropped.
 */
static size_t
letters_of(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	char c;

	while (*p != '\0' && n + 1 < size) {
		c = 0;
		if (*p >= 'a' && *p <= 'z')
			c = (char)(*p - 'a' + 'A');
		else if (*p >= 'A' && *p <= 'Z')
			c = (char)*p;
		else if (*p == 0xc3 && p[1] != '\0') {
			unsigned b = p[1] & 0xdf;	/* fold lower case into upper */

			p++;
			if (b >= 0x80 && b <= 0x85)
				c = 'A';
			else if (b >= 0x88 && b <= 0x8b)
				c = 'E';
			else if (b >= 0x8c && b <= 0x8f)
				c = 'I';
			else if (b >= 0x92 && b <= 0x96)
				c = 'O';
			else if (b >= 0x99 && b <= 0x9c)
				c = 'U';
		}
		p++;
		if (c != 0)
			out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

static int
is_vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

/* Consonants then vowels then X, three letters; for names the 1st, 3rd, 4th consonant rule. */
static void
cf_code(const char *s, int given_name, char out[4])
{
	char l[64], cons[64], vow[64];
	size_t n = letters_of(s, l, sizeof l), nc = 0, nv = 0, i, k = 0;

	for (i = 0; i < n; i++) {
		if (is_vowel(l[i]))
			vow[nv++] = l[i];
		else
			cons[nc++] = l[i];
	}
	if (given_name && nc >= 4) {
		out[0] = cons[0];
		out[1] = cons[2];
		out[2] = cons[3];
		out[3] = '\0';
		return;
	}
	for (i = 0; i < nc && k < 3; i++)
		out[k++] = cons[i];
	for (i = 0; i < nv && k < 3; i++)
		out[k++] = vow[i];
	while (k < 3)
		out[k++] = 'X';
	out[3] = '\0';
}

void
seed_cf_surname_code(const char *surname, char out[4])
{
	cf_code(surname, 0, out);
}

void
seed_cf_name_code(const char *name, char out[4])
{
	cf_code(name, 1, out);
}

void
seed_cf_person(const char *scode, const char *ncode, int y, int m, int d, int female,
    const char *place, char out[17])
{
	static const char months[] = "ABCDEHLMPRST";

	memcpy(out, scode, 3);
	memcpy(out + 3, ncode, 3);
	out[6] = (char)('0' + (y / 10) % 10);
	out[7] = (char)('0' + y % 10);
	out[8] = months[(m - 1) % 12];
	d += female ? 40 : 0;
	out[9] = (char)('0' + d / 10);
	out[10] = (char)('0' + d % 10);
	memcpy(out + 11, place, 4);
	out[15] = valid_cf_person_check_char(out);
	out[16] = '\0';
}

void
seed_cf_company(uint32_t serial, unsigned office, char out[12])
{
	snprintf(out, 12, "%07u%03u", serial % 10000000u, office % 1000u);
	out[10] = valid_cf_company_check_digit(out);
	out[11] = '\0';
}

/* 98 - (rearranged IBAN mod 97), the check digits of an IBAN with "00" in them. */
static unsigned
iban_check_digits(const char *iban)
{
	unsigned rem = 0;
	size_t i, len = strlen(iban);

	for (i = 0; i < len; i++) {
		char c = iban[(i + 4) % len];

		if (i == len - 2 || i == len - 1)
			c = '0';	/* the check digits themselves, as "00" */
		if (c >= '0' && c <= '9')
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
	}
	return 98 - rem;
}

void
seed_iban(const char *abi, const char *cab, uint64_t account, int bad_cin, int typo,
    char out[28])
{
	char conto[16];
	unsigned check;

	snprintf(conto, sizeof conto, "%012llu",
	    (unsigned long long)(account % 1000000000000ULL));
	if (valid_iban_make_it(abi, cab, conto, out) < 0)
		return;
	if (bad_cin) {
		out[4] = (char)('A' + (out[4] - 'A' + 7) % 26);
		check = iban_check_digits(out);
		out[2] = (char)('0' + check / 10);
		out[3] = (char)('0' + check % 10);
	}
	if (typo)
		out[26] = (char)('0' + (out[26] - '0' + 1) % 10);
}

/* Loading */

struct loader {
	struct seed_names *n;
	struct store *st;
	size_t cap;
	int r;
};

static int
province_cb(void *arg, const char *sigla, const char *name, const char *capoluogo)
{
	struct loader *l = arg;
	struct seed_names *n = l->n;
	struct seed_province *p;
	struct store_office o;
	size_t i;

	if (n->nprovinces == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 128;
		n->provinces = xreallocarray(n->provinces, l->cap, sizeof *n->provinces);
	}
	p = &n->provinces[n->nprovinces];
	memset(p, 0, sizeof *p);
	str_lcpy(p->sigla, sigla, sizeof p->sigla);
	str_lcpy(p->name, name, sizeof p->name);
	str_lcpy(p->capoluogo, capoluogo, sizeof p->capoluogo);
	p->weight = 300;
	for (i = 0; i < nitems(population); i++)
		if (strcmp(population[i].sigla, sigla) == 0)
			p->weight = population[i].thousands;
	if ((l->r = store_office_by_province(l->st, sigla, &o)) < 0)
		return 1;
	p->office_id = o.id;
	n->nprovinces++;
	return 0;
}

/* Gives each name the index of its code among the distinct codes seen so far. */
static size_t
index_codes(struct seed_name *a, size_t na, struct seed_name *b, size_t nb, size_t start)
{
	size_t i, j, ncodes = start;
	struct seed_name *all[2] = { a, b };
	size_t counts[2] = { na, nb };
	int k;

	for (k = 0; k < 2; k++)
		for (i = 0; i < counts[k]; i++) {
			struct seed_name *x = &all[k][i];
			int found = 0;

			for (int kk = 0; kk <= k && !found; kk++)
				for (j = 0; j < (kk == k ? i : counts[kk]); j++)
					if (strcmp(all[kk][j].code, x->code) == 0) {
						x->code_idx = all[kk][j].code_idx;
						found = 1;
						break;
					}
			if (!found)
				x->code_idx = (uint16_t)ncodes++;
		}
	return ncodes;
}

static void
name_push(struct seed_name **v, size_t *n, const char *text, int given)
{
	struct seed_name *x;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	x = &(*v)[(*n)++];
	memset(x, 0, sizeof *x);
	str_lcpy(x->text, text, sizeof x->text);
	if (given)
		seed_cf_name_code(text, x->code);
	else
		seed_cf_surname_code(text, x->code);
}

int
seed_names_load(struct store *st, const char *datadir, struct seed_names **out,
    char *err, size_t errlen)
{
	struct seed_names *n = xcalloc(1, sizeof *n);
	struct loader l = { n, st, 0, 0 };
	struct csv *csv;
	char *path;
	FILE *fp;
	size_t i;
	int nf, r;

	*out = NULL;
	path = xasprintf("%s/names.csv", datadir);
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: file dei nomi mancante", path);
		free(path);
		seed_names_free(n);
		return ERR_IO;
	}
	csv = csv_open(fp);
	r = 0;
	while ((nf = csv_read(csv)) > 0) {
		const char *kind = csv_field(csv, 0), *value = csv_field(csv, 1);

		if (csv_line(csv) == 1 && strcmp(kind, "kind") == 0)
			continue;
		if (nf != 2 || *value == '\0') {
			snprintf(err, errlen, "%s:%ld: attesi 2 campi (kind,value)", path,
			    csv_line(csv));
			r = ERR_INVALID;
			break;
		}
		if (strcmp(kind, "male") == 0)
			name_push(&n->male, &n->nmale, value, 1);
		else if (strcmp(kind, "female") == 0)
			name_push(&n->female, &n->nfemale, value, 1);
		else if (strcmp(kind, "surname") == 0)
			name_push(&n->surnames, &n->nsurnames, value, 0);
		else if (strcmp(kind, "company_word") == 0) {
			n->words = xreallocarray(n->words, n->nwords + 1, sizeof *n->words);
			str_lcpy(n->words[n->nwords++], value, sizeof *n->words);
		} else if (strcmp(kind, "company_form") == 0) {
			n->forms = xreallocarray(n->forms, n->nforms + 1, sizeof *n->forms);
			str_lcpy(n->forms[n->nforms++], value, sizeof *n->forms);
		}
	}
	if (nf < 0 && r == 0) {
		snprintf(err, errlen, "%s:%ld: virgolette non chiuse", path, csv_line(csv));
		r = ERR_INVALID;
	}
	csv_free(csv);
	fclose(fp);
	if (r == 0 && (n->nmale == 0 || n->nfemale == 0 || n->nsurnames == 0 ||
	    n->nwords == 0 || n->nforms == 0)) {
		snprintf(err, errlen, "%s: servono nomi maschili, femminili, cognomi, "
		    "parole e forme societarie", path);
		r = ERR_INVALID;
	}
	free(path);
	if (r < 0) {
		seed_names_free(n);
		return r;
	}
	n->nsurname_codes = index_codes(n->surnames, n->nsurnames, NULL, 0, 0);
	n->nname_codes = index_codes(n->male, n->nmale, n->female, n->nfemale, 0);

	if ((r = store_provinces_each(st, province_cb, &l)) < 0 || (r = l.r) < 0 ||
	    n->nprovinces == 0) {
		snprintf(err, errlen, "province o sedi mancanti nel database: %s",
		    r < 0 ? store_errmsg(st) : "nessuna provincia");
		seed_names_free(n);
		return r < 0 ? r : ERR_NOTFOUND;
	}
	n->cum_weight = xcalloc(n->nprovinces, sizeof *n->cum_weight);
	for (i = 0; i < n->nprovinces; i++)
		n->cum_weight[i] = (i ? n->cum_weight[i - 1] : 0) + n->provinces[i].weight;
	*out = n;
	return 0;
}

void
seed_names_free(struct seed_names *n)
{
	if (n == NULL)
		return;
	free(n->surnames);
	free(n->male);
	free(n->female);
	free(n->words);
	free(n->forms);
	free(n->provinces);
	free(n->cum_weight);
	free(n);
}

size_t
seed_province_pick(const struct seed_names *n, uint64_t r)
{
	size_t lo = 0, hi = n->nprovinces - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r < n->cum_weight[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

int
seed_province_find(const struct seed_names *n, const char *sigla)
{
	size_t i;

	for (i = 0; i < n->nprovinces; i++)
		if (strcmp(n->provinces[i].sigla, sigla) == 0)
			return (int)i;
	return -1;
}
