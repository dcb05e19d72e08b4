/*
 * valid: pure checks of Italian identifiers (codice fiscale of persons and
 * companies, partita IVA, IBAN, INPS matricola, application numbers).
 * No I/O, no allocation, safe on any input: NULL is an error and no function
 * reads past the terminating NUL.  Validators are strict (upper case, no
 * blanks, ASCII only): callers normalise first with str_upper_trim().
 */
#ifndef INFOCIG_VALID_H
#define INFOCIG_VALID_H

#include <stddef.h>
#include <stdint.h>

/*
 * Results: 0 valid, positive a warning (still usable), negative an error.
 * The errors lie below common.h's ERR_* so the two sets never collide.
 */
enum valid_result {
	VALID_OK = 0,
	VALID_WARN_CIN = 1,		/* IT IBAN: CIN letter does not match */
	VALID_ERR_MISSING = -20,	/* NULL or empty string */
	VALID_ERR_LENGTH = -21,		/* wrong number of characters */
	VALID_ERR_CHARSET = -22,	/* lower case, blank, non-ASCII... */
	VALID_ERR_FORMAT = -23,		/* right characters, wrong places */
	VALID_ERR_DATE = -24,		/* codice fiscale: impossible date */
	VALID_ERR_CHECK = -25,		/* check character or digits wrong */
};

enum valid_kind {
	VALID_KIND_NONE,
	VALID_KIND_CF_PERSON,		/* 16 characters */
	VALID_KIND_CF_COMPANY,		/* 11 digits: also a partita IVA */
	VALID_KIND_MATRICOLA,		/* 10 digits */
	VALID_KIND_PRACTICE,		/* application number */
};

#define VALID_CF_PERSON_LEN	16
#define VALID_CF_COMPANY_LEN	11
#define VALID_IBAN_IT_LEN	27
#define VALID_IBAN_MAX_LEN	34
#define VALID_MATRICOLA_LEN	10
#define VALID_PRACTICE_MIN_LEN	6
#define VALID_PRACTICE_MAX_LEN	20

/*
 * Personal codice fiscale: pattern, month letter, day of birth (01-31, or
 * 41-71 for women, checked against the month; omocodic digits decoded) and
 * check character computed on the string as written (omocodia accepted).
 */
int valid_cf_person(const char *s);
/*
 * Check character ('A'..'Z') of the first 15 characters of s, which must all
 * be [A-Z0-9]; s may be longer (only 15 are read).  0 on bad input.
 */
char valid_cf_person_check_char(const char *first15);

/* Company codice fiscale / partita IVA: 11 digits, Luhn check digit. */
int valid_cf_company(const char *s);
/* Check digit ('0'..'9') of the first 10 digits of s; 0 on bad input. */
char valid_cf_company_check_digit(const char *first10);

/*
 * IBAN in compact form: ISO 13616 structure and length (per country where
 * known, 15..34 otherwise), ISO 7064 mod 97.  For IT also the BBAN format and
 * the CIN letter; a CIN mismatch returns VALID_WARN_CIN.
 */
int valid_iban(const char *s);
/*
 * Build an Italian IBAN from ABI (5 digits), CAB (5 digits) and account
 * number (12 characters [A-Z0-9], zero padded by the caller) into out,
 * NUL terminated.  0 or a negative error (out is then "").
 */
int valid_iban_make_it(const char *abi5, const char *cab5, const char *conto12,
    char out[28]);

/* INPS matricola aziendale: exactly 10 digits, format only. */
int valid_matricola(const char *s);
/* Application number: 6..20 of [A-Z0-9/-], first alphanumeric; format only. */
int valid_practice_number(const char *s);

#define VALID_STAFF_LOGIN_MAX	32

/*
 * 1 when code point c must never reach a terminal from a name: C0, DEL
 * and C1 controls (ESC and CSI included), bidi marks, embeddings,
 * overrides and isolates, zero-width and other invisible characters
 * (U+200B-200F, U+2060-206F, U+FEFF, U+00AD, U+2028/2029, U+FFF9-FFFB, tag
 * characters, variation selectors, Hangul fillers).
 */
int valid_char_is_hidden(uint32_t c);
/*
 * A person's or staff member's full name as typed at entry: well-formed
 * UTF-8 of at most maxbytes bytes, no character valid_char_is_hidden()
 * rejects, not blank, no leading or trailing space.  VALID_OK, or
 * VALID_ERR_MISSING, _LENGTH, _CHARSET (a control, escape, bidi or
 * invisible character, or bad UTF-8) or _FORMAT (blanks).
 */
int valid_display_name(const char *s, size_t maxbytes);
/*
 * A staff login (and a Unix user name): 1 to VALID_STAFF_LOGIN_MAX of
 * [A-Za-z0-9._-], not starting with '-' or '.'.
 */
int valid_staff_login(const char *s);

/*
 * Which kind an already normalised key looks like, by shape only (a codice
 * fiscale with a wrong check character is still VALID_KIND_CF_PERSON).
 * 11 digits are a company, 10 digits a matricola, [A-Z]{6}[A-Z0-9]{10} a
 * person; anything else of practice-number format an application.
 */
enum valid_kind valid_classify(const char *s);
/* Validate s as kind k: the matching valid_*() result; NONE gives FORMAT. */
int valid_check_kind(enum valid_kind k, const char *s);
/* Italian name of a kind, e.g. "codice fiscale"; static storage. */
const char *valid_kind_name(enum valid_kind k);
/* Short Italian message for a result, e.g. "lunghezza errata"; static. */
const char *valid_strerror(int r);

#endif
