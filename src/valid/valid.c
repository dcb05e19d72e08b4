/*
 * valid: identifier checks.  Every scan is bounded by the longest length the
 * identifier may have, plus one to notice a longer string, and stops at NUL.
 */
#include <stddef.h>
#include <string.h>

#include "common.h"
#include "valid.h"

/* Character classes without <ctype.h>, whose answers depend on the locale. */
static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_alnum(unsigned char c)
{
	return is_digit(c) || is_upper(c);
}

static int
is_practice_char(unsigned char c)
{
	return is_alnum(c) || c == '/' || c == '-';
}

/*
 * Check s: not NULL or empty, at most max + 1 characters read, each accepted
 * by ok(), length in [min, max].  Returns 0 and the length in *lenp, or an
 * error.  A bad character wins over a bad length: it tells the caller more.
 */
static int
scan(const char *s, size_t min, size_t max, int (*ok)(unsigned char),
    size_t *lenp)
{
	size_t i;

	if (s == NULL || s[0] == '\0')
		return VALID_ERR_MISSING;
	for (i = 0; i <= max && s[i] != '\0'; i++) {
		if (!ok((unsigned char)s[i]))
			return VALID_ERR_CHARSET;
	}
	if (i < min || i > max)
		return VALID_ERR_LENGTH;
	if (lenp != NULL)
		*lenp = i;
	return 0;
}

/*
 * The codice fiscale / CIN "odd position" values, indexed by letter; digits
 * 0-9 take the values of A-J.  "Even position" values are the digit itself or
 * the letter's index.
 */
static const unsigned char odd_value[26] = {
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
	16, 10, 22, 25, 24, 23
};

/* Sum mod 26 over n characters of [A-Z0-9]; -1 on any other byte or NUL. */
static int
odd_even_mod26(const char *s, size_t n)
{
	unsigned int sum = 0, v;
	unsigned char c;
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (is_digit(c))
			v = c - '0';
		else if (is_upper(c))
			v = c - 'A';
		else
			return -1;
		/* Positions count from one: index 0 is odd. */
		sum += (i % 2 == 0) ? odd_value[v] : v;
	}
	return (int)(sum % 26);
}

/* Codice fiscale */

/* Omocodia letters for the digits 0-9. */
static const char omocodia[] = "LMNPQRSTUV";
/* Month letters for January..December. */
static const char month_letters[] = "ABCDEHLMPRST";

/* The digit a codice fiscale digit position stands for, or -1. */
static int
cf_digit(char c)
{
	const char *p;

	if (is_digit((unsigned char)c))
		return c - '0';
	if (c != '\0' && (p = strchr(omocodia, c)) != NULL)
		return (int)(p - omocodia);
	return -1;
}

/* Shape of each position: L letter, D digit or omocodia letter, M month. */
static const char cf_shape[] = "LLLLLLDDMDDLDDDL";

char
valid_cf_person_check_char(const char *first15)
{
	int r;

	if (first15 == NULL)
		return 0;
	if ((r = odd_even_mod26(first15, 15)) < 0)
		return 0;
	return (char)('A' + r);
}

int
valid_cf_person(const char *s)
{
	static const int mdays[12] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int r, i, yy, month, day;
	const char *p;

	if ((r = scan(s, VALID_CF_PERSON_LEN, VALID_CF_PERSON_LEN, is_alnum,
	    NULL)) < 0)
		return r;
	for (i = 0; i < VALID_CF_PERSON_LEN; i++) {
		if (cf_shape[i] == 'L' && !is_upper((unsigned char)s[i]))
			return VALID_ERR_FORMAT;
		if (cf_shape[i] == 'D' && cf_digit(s[i]) < 0)
			return VALID_ERR_FORMAT;
		if (cf_shape[i] == 'M' && strchr(month_letters, s[i]) == NULL)
			return VALID_ERR_FORMAT;
	}

	yy = cf_digit(s[6]) * 10 + cf_digit(s[7]);
	p = strchr(month_letters, s[8]);
	month = (int)(p - month_letters);
	day = cf_digit(s[9]) * 10 + cf_digit(s[10]);
	if (day > 40)
		day -= 40;	/* women */
	if (day < 1 || day > mdays[month])
		return VALID_ERR_DATE;
	/*
	 * The century is unknown, but a year not divisible by 4 is never a
	 * leap year in any century, so 29 February needs yy % 4 == 0.
	 */
	if (month == 1 && day == 29 && yy % 4 != 0)
		return VALID_ERR_DATE;

	if (valid_cf_person_check_char(s) != s[15])
		return VALID_ERR_CHECK;
	return 0;
}

/* Partita IVA */

char
valid_cf_company_check_digit(const char *first10)
{
	unsigned int sum = 0, d;
	size_t i;

	if (first10 == NULL)
		return 0;
	for (i = 0; i < 10; i++) {
		if (!is_digit((unsigned char)first10[i]))
			return 0;
		d = (unsigned int)(first10[i] - '0');
		if (i % 2 == 1) {	/* even position counted from one */
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

int
valid_cf_company(const char *s)
{
	int r;

	if ((r = scan(s, VALID_CF_COMPANY_LEN, VALID_CF_COMPANY_LEN, is_digit,
	    NULL)) < 0)
		return r;
	if (valid_cf_company_check_digit(s) != s[10])
		return VALID_ERR_CHECK;
	return 0;
}

/* IBAN */

/* IBAN lengths of the SEPA countries (SWIFT IBAN registry). */
static const struct {
	char cc[3];
	unsigned char len;
} iban_lengths[] = {
	{ "AD", 24 }, { "AT", 20 }, { "BE", 16 }, { "BG", 22 }, { "CH", 21 },
	{ "CY", 28 }, { "CZ", 24 }, { "DE", 22 }, { "DK", 18 }, { "EE", 20 },
	{ "ES", 24 }, { "FI", 18 }, { "FR", 27 }, { "GB", 22 }, { "GI", 23 },
	{ "GR", 27 }, { "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IS", 26 },
	{ "IT", 27 }, { "LI", 21 }, { "LT", 20 }, { "LU", 20 }, { "LV", 21 },
	{ "MC", 27 }, { "MT", 31 }, { "NL", 18 }, { "NO", 15 }, { "PL", 28 },
	{ "PT", 25 }, { "RO", 24 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 },
	{ "SM", 27 }, { "VA", 22 },
};

#define IBAN_MIN_LEN 15

/* Expected length for country code cc, or 0 when not in the table. */
static size_t
iban_country_len(const char *cc)
{
	size_t i;

	for (i = 0; i < nitems(iban_lengths); i++) {
		if (cc[0] == iban_lengths[i].cc[0] &&
		    cc[1] == iban_lengths[i].cc[1])
			return iban_lengths[i].len;
	}
	return 0;
}

/* ISO 7064 mod 97 of the IBAN rearranged (country and check digits last). */
static unsigned int
iban_mod97(const char *s, size_t len)
{
	unsigned int r = 0;
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[(i + 4) % len];
		if (is_digit(c))
			r = (r * 10 + (c - '0')) % 97;
		else
			r = (r * 100 + (c - 'A' + 10)) % 97;
	}
	return r;
}

int
valid_iban(const char *s)
{
	size_t len, want, i;
	int r;

	if ((r = scan(s, IBAN_MIN_LEN, VALID_IBAN_MAX_LEN, is_alnum,
	    &len)) < 0)
		return r;
	if (!is_upper((unsigned char)s[0]) || !is_upper((unsigned char)s[1]) ||
	    !is_digit((unsigned char)s[2]) || !is_digit((unsigned char)s[3]))
		return VALID_ERR_FORMAT;
	if ((want = iban_country_len(s)) != 0 && len != want)
		return VALID_ERR_LENGTH;
	/*
	 * Check digits are 98 - mod, so always 02..98; 00 and 01 would pass
	 * the mod 97 test wherever 97 and 98 do, and must be refused.
	 */
	if ((s[2] == '0' && (s[3] == '0' || s[3] == '1')) ||
	    (s[2] == '9' && s[3] == '9'))
		return VALID_ERR_CHECK;
	if (s[0] == 'I' && s[1] == 'T') {
		/* CIN letter, ABI (5 digits), CAB (5 digits), conto (12). */
		if (!is_upper((unsigned char)s[4]))
			return VALID_ERR_FORMAT;
		for (i = 5; i < 15; i++) {
			if (!is_digit((unsigned char)s[i]))
				return VALID_ERR_FORMAT;
		}
	}
	if (iban_mod97(s, len) != 1)
		return VALID_ERR_CHECK;
	if (s[0] == 'I' && s[1] == 'T' &&
	    odd_even_mod26(s + 5, 22) != s[4] - 'A')
		return VALID_WARN_CIN;
	return 0;
}

int
valid_iban_make_it(const char *abi5, const char *cab5, const char *conto12,
    char out[28])
{
	unsigned int check;
	int r;

	if (out == NULL)
		return VALID_ERR_MISSING;
	out[0] = '\0';
	if ((r = scan(abi5, 5, 5, is_digit, NULL)) < 0 ||
	    (r = scan(cab5, 5, 5, is_digit, NULL)) < 0 ||
	    (r = scan(conto12, 12, 12, is_alnum, NULL)) < 0)
		return r;
	memcpy(out, "IT00", 4);
	memcpy(out + 5, abi5, 5);
	memcpy(out + 10, cab5, 5);
	memcpy(out + 15, conto12, 12);
	out[27] = '\0';
	out[4] = (char)('A' + odd_even_mod26(out + 5, 22));
	check = 98 - iban_mod97(out, 27);
	out[2] = (char)('0' + check / 10);
	out[3] = (char)('0' + check % 10);
	return 0;
}

/* Format-only identifiers */

int
valid_matricola(const char *s)
{
	return scan(s, VALID_MATRICOLA_LEN, VALID_MATRICOLA_LEN, is_digit,
	    NULL);
}

int
valid_practice_number(const char *s)
{
	int r;

	if ((r = scan(s, VALID_PRACTICE_MIN_LEN, VALID_PRACTICE_MAX_LEN,
	    is_practice_char, NULL)) < 0)
		return r;
	if (!is_alnum((unsigned char)s[0]))
		return VALID_ERR_FORMAT;
	return 0;
}

/* Classification and messages */

enum valid_kind
valid_classify(const char *s)
{
	size_t len, i;

	if (scan(s, 1, VALID_PRACTICE_MAX_LEN, is_practice_char, &len) < 0)
		return VALID_KIND_NONE;
	if (scan(s, 1, len, is_digit, NULL) == 0) {
		if (len == VALID_CF_COMPANY_LEN)
			return VALID_KIND_CF_COMPANY;
		if (len == VALID_MATRICOLA_LEN)
			return VALID_KIND_MATRICOLA;
	}
	if (len == VALID_CF_PERSON_LEN) {
		for (i = 0; i < len; i++) {
			if (i < 6 ? !is_upper((unsigned char)s[i]) :
			    !is_alnum((unsigned char)s[i]))
				break;
		}
		if (i == len)
			return VALID_KIND_CF_PERSON;
	}
	if (valid_practice_number(s) == 0)
		return VALID_KIND_PRACTICE;
	return VALID_KIND_NONE;
}

int
valid_check_kind(enum valid_kind k, const char *s)
{
	switch (k) {
	case VALID_KIND_CF_PERSON:
		return valid_cf_person(s);
	case VALID_KIND_CF_COMPANY:
		return valid_cf_company(s);
	case VALID_KIND_MATRICOLA:
		return valid_matricola(s);
	case VALID_KIND_PRACTICE:
		return valid_practice_number(s);
	case VALID_KIND_NONE:
		break;
	}
	return s == NULL || s[0] == '\0' ? VALID_ERR_MISSING : VALID_ERR_FORMAT;
}

const char *
valid_kind_name(enum valid_kind k)
{
	switch (k) {
	case VALID_KIND_CF_PERSON:
		return "codice fiscale";
	case VALID_KIND_CF_COMPANY:
		return "codice fiscale o partita IVA";
	case VALID_KIND_MATRICOLA:
		return "matricola INPS";
	case VALID_KIND_PRACTICE:
		return "numero di domanda";
	case VALID_KIND_NONE:
		break;
	}
	return "identificativo";
}

const char *
valid_strerror(int r)
{
	switch (r) {
	case VALID_OK:
		return "valido";
	case VALID_WARN_CIN:
		return "CIN non corrispondente";
	case VALID_ERR_MISSING:
		return "valore mancante";
	case VALID_ERR_LENGTH:
		return "lunghezza errata";
	case VALID_ERR_CHARSET:
		return "caratteri non ammessi";
	case VALID_ERR_FORMAT:
		return "formato non valido";
	case VALID_ERR_DATE:
		return "data di nascita non valida";
	case VALID_ERR_CHECK:
		return "carattere di controllo errato";
	}
	return "errore sconosciuto";
}

/*
 * Decodes one UTF-8 character of s (at most n bytes) into *cp: its length,
 * or -1 for a malformed, overlong or surrogate sequence.
 */
static int
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	int len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return -1;
	}
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return len;
}

int
valid_char_is_hidden(uint32_t c)
{
	/* C0, DEL and C1 controls (ESC, BEL, CSI 0x9b...). */
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return 1;
	switch (c) {
	case 0x00ad:			/* soft hyphen */
	case 0x034f:			/* combining grapheme joiner */
	case 0x061c:			/* Arabic letter mark (bidi) */
	case 0x115f: case 0x1160:	/* Hangul fillers */
	case 0x180e:			/* Mongolian vowel separator */
	case 0x3164: case 0xffa0:	/* Hangul fillers */
	case 0xfeff:			/* zero width no-break space, BOM */
		return 1;
	}
	return (c >= 0x200b && c <= 0x200f) ||	/* zero width, LRM, RLM */
	    (c >= 0x2028 && c <= 0x202e) ||	/* line/paragraph separators, bidi embeddings */
	    (c >= 0x2060 && c <= 0x206f) ||	/* word joiner, invisible operators, isolates */
	    (c >= 0xfff9 && c <= 0xfffb) ||	/* interlinear annotation */
	    (c >= 0xe0000 && c <= 0xe007f) ||	/* tag characters */
	    (c >= 0xfe00 && c <= 0xfe0f);	/* variation selectors */
}

int
valid_display_name(const char *s, size_t maxbytes)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i;
	uint32_t c;
	int n, seen = 0;

	if (s == NULL || *s == '\0')
		return VALID_ERR_MISSING;
	if ((len = strlen(s)) > maxbytes)
		return VALID_ERR_LENGTH;
	for (i = 0; i < len; i += (size_t)n) {
		if ((n = utf8_decode(p + i, len - i, &c)) < 0 || valid_char_is_hidden(c))
			return VALID_ERR_CHARSET;
		if (c != ' ')
			seen = 1;
	}
	/* Leading or trailing blanks would make two names look alike. */
	if (!seen || s[0] == ' ' || s[len - 1] == ' ')
		return VALID_ERR_FORMAT;
	return VALID_OK;
}

int
valid_staff_login(const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0')
		return VALID_ERR_MISSING;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= VALID_STAFF_LOGIN_MAX)
			return VALID_ERR_LENGTH;
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return VALID_ERR_CHARSET;
	}
	/* A leading '-' would read as an option on a command line. */
	return s[0] == '-' || s[0] == '.' ? VALID_ERR_FORMAT : VALID_OK;
}
