/* Unit tests for the valid module: identifier checks and their helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "valid.h"

static const char *const cf_good[] = {
	"RCCMNL83S18D969H", "RSSMRA85T10A562S", "RSSMRA85T10A56NH",
};
static const char *const company_good[] = { "00743110157", "80078750587" };
static const char *const iban_good = "IT60X0542811101000000123456";

static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Deterministic xorshift generator so failures reproduce. */
static uint32_t rng_state = 2463534242u;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void
rand_digits(char *dst, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (char)('0' + rng() % 10);
	dst[n] = '\0';
}

/* Append the check character to a 15-character prefix. */
static void
cf_complete(char cf[17])
{
	cf[15] = valid_cf_person_check_char(cf);
	cf[16] = '\0';
}

/* Independent mod 97 over the rearranged IBAN, with big-number strings. */
static unsigned int
test_mod97(const char *iban)
{
	char num[80];
	size_t len = strlen(iban), i, n = 0;
	unsigned int r = 0;
	char c;

	for (i = 0; i < len; i++) {
		c = iban[(i + 4) % len];
		if (c >= 'A' && c <= 'Z')
			n += (size_t)snprintf(num + n, sizeof num - n, "%d",
			    c - 'A' + 10);
		else
			num[n++] = c;
	}
	for (i = 0; i < n; i++)
		r = (r * 10 + (unsigned int)(num[i] - '0')) % 97;
	return r;
}

/* Rewrite an IBAN's check digits so that mod 97 holds again. */
static void
iban_fix_check(char *iban)
{
	unsigned int check;

	iban[2] = '0';
	iban[3] = '0';
	check = 98 - test_mod97(iban);
	iban[2] = (char)('0' + check / 10);
	iban[3] = (char)('0' + check % 10);
}

static void
test_cf_person_examples(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cf_good); i++) {
		assert_int_equal(valid_cf_person(cf_good[i]), 0);
		assert_int_equal(valid_cf_person_check_char(cf_good[i]),
		    cf_good[i][15]);
		assert_int_equal(valid_classify(cf_good[i]),
		    VALID_KIND_CF_PERSON);
	}
	assert_int_equal(valid_cf_person_check_char("RSSMRA85T10A562"), 'S');
	assert_int_equal(valid_cf_person_check_char("RSSMRA85T10A56N"), 'H');
}

/* Every single-character change at every position must be refused. */
static void
test_cf_person_every_position(void **state)
{
	char buf[17];
	size_t e, i, k;
	int r;

	(void)state;
	for (e = 0; e < nitems(cf_good); e++) {
		for (i = 0; i < 16; i++) {
			for (k = 0; alnum[k] != '\0'; k++) {
				if (alnum[k] == cf_good[e][i])
					continue;
				memcpy(buf, cf_good[e], sizeof buf);
				buf[i] = alnum[k];
				r = valid_cf_person(buf);
				if (r >= 0)
					fail_msg("%s accepted", buf);
				assert_true(r == VALID_ERR_FORMAT ||
				    r == VALID_ERR_DATE || r == VALID_ERR_CHECK);
			}
			memcpy(buf, cf_good[e], sizeof buf);
			buf[i] = '*';
			assert_int_equal(valid_cf_person(buf), VALID_ERR_CHARSET);
		}
	}
	/* Specific causes. */
	assert_int_equal(valid_cf_person("RSSMRA85T10A562T"), VALID_ERR_CHECK);
	assert_int_equal(valid_cf_person("RSSMRA85T10A5621"), VALID_ERR_FORMAT);
	assert_int_equal(valid_cf_person("RSSMRA85F10A562S"), VALID_ERR_FORMAT);
	assert_int_equal(valid_cf_person("RSSMR185T10A562S"), VALID_ERR_FORMAT);
	assert_int_equal(valid_cf_person("RSSMRA85TK0A562S"), VALID_ERR_FORMAT);
}

/* All 128 omocodic forms of one code are valid with their own check char. */
static void
test_cf_person_omocodia(void **state)
{
	static const int digit_pos[7] = { 6, 7, 9, 10, 12, 13, 14 };
	static const char omo[] = "LMNPQRSTUV";
	const char *base = "RSSMRA85T10A562S";
	char buf[17];
	unsigned int mask;
	int j, found = 0;

	(void)state;
	for (mask = 0; mask < 128; mask++) {
		memcpy(buf, base, sizeof buf);
		for (j = 0; j < 7; j++) {
			if (mask & (1u << j))
				buf[digit_pos[j]] = omo[base[digit_pos[j]] - '0'];
		}
		cf_complete(buf);
		assert_int_equal(valid_cf_person(buf), 0);
		assert_int_equal(valid_classify(buf), VALID_KIND_CF_PERSON);
		if (strcmp(buf, "RSSMRA85T10A56NH") == 0)
			found = 1;
		/* Omocodic forms are not exempt from the check. */
		buf[15] = (char)('A' + (buf[15] - 'A' + 1 + rng() % 25) % 26);
		assert_int_equal(valid_cf_person(buf), VALID_ERR_CHECK);
	}
	assert_true(found);
}

static void
test_cf_person_dates(void **state)
{
	static const struct {
		const char *first15;
		int want;
	} cases[] = {
		{ "RSSMRA85T01A562", 0 },		/* 1 Dec */
		{ "RSSMRA85T31A562", 0 },		/* 31 Dec */
		{ "RSSMRA85T41A562", 0 },		/* woman, 1 Dec */
		{ "RSSMRA85T71A562", 0 },		/* woman, 31 Dec */
		{ "RSSMRA85T00A562", VALID_ERR_DATE },
		{ "RSSMRA85T32A562", VALID_ERR_DATE },
		{ "RSSMRA85T40A562", VALID_ERR_DATE },
		{ "RSSMRA85T72A562", VALID_ERR_DATE },
		{ "RSSMRA85T99A562", VALID_ERR_DATE },
		{ "RSSMRA85D31A562", VALID_ERR_DATE },	/* 31 April */
		{ "RSSMRA85D30A562", 0 },		/* 30 April */
		{ "RSSMRA85D70A562", 0 },		/* woman, 30 April */
		{ "RSSMRA85D71A562", VALID_ERR_DATE },	/* woman, 31 April */
		{ "RSSMRA84B29A562", 0 },		/* 29 Feb, leap */
		{ "RSSMRA00B29A562", 0 },		/* 2000 */
		{ "RSSMRA85B29A562", VALID_ERR_DATE },
		{ "RSSMRA84B30A562", VALID_ERR_DATE },
		{ "RSSMRA85TMMA562", 0 },		/* omocodic day 11 */
		{ "RSSMRA85TQVA562", 0 },		/* omocodic 49: woman, 9 Dec */
		{ "RSSMRA85TPMA562", 0 },		/* omocodic 31 Dec */
		{ "RSSMRA85DPMA562", VALID_ERR_DATE },	/* omocodic 31 April */
		{ "RSSMRA85TPNA562", VALID_ERR_DATE },	/* omocodic 32 */
		{ "RSSMRA85TLLA562", VALID_ERR_DATE },	/* omocodic day 00 */
		{ "RSSMRAUQB29A562", 0 },		/* omocodic 84, 29 Feb */
		{ "RSSMRAURB29A562", VALID_ERR_DATE },	/* omocodic 85, 29 Feb */
	};
	char buf[17];
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		memcpy(buf, cases[i].first15, 15);
		cf_complete(buf);
		if (valid_cf_person(buf) != cases[i].want)
			fail_msg("%s: got %d, want %d", buf,
			    valid_cf_person(buf), cases[i].want);
	}
	/* Every month letter is accepted, every other letter refused. */
	for (i = 0; i < 26; i++) {
		memcpy(buf, "RSSMRA85T10A562", 15);
		buf[8] = (char)('A' + i);
		cf_complete(buf);
		assert_int_equal(valid_cf_person(buf),
		    strchr("ABCDEHLMPRST", buf[8]) ? 0 : VALID_ERR_FORMAT);
	}
}

static void
test_cf_person_round_trip(void **state)
{
	static const char months[] = "ABCDEHLMPRST";
	char buf[17];
	int i, j, day;

	(void)state;
	for (i = 0; i < 20000; i++) {
		for (j = 0; j < 6; j++)
			buf[j] = (char)('A' + rng() % 26);
		buf[6] = (char)('0' + rng() % 10);
		buf[7] = (char)('0' + rng() % 10);
		buf[8] = months[rng() % 12];
		day = 1 + (int)(rng() % 28) + (rng() % 2 ? 40 : 0);
		buf[9] = (char)('0' + day / 10);
		buf[10] = (char)('0' + day % 10);
		buf[11] = (char)('A' + rng() % 26);
		rand_digits(buf + 12, 3);
		cf_complete(buf);
		if (valid_cf_person(buf) != 0)
			fail_msg("%s refused", buf);
		/* Any other check letter is wrong. */
		buf[15] = (char)('A' + (buf[15] - 'A' + 1 + rng() % 25) % 26);
		assert_int_equal(valid_cf_person(buf), VALID_ERR_CHECK);
	}
	assert_int_equal(valid_cf_person_check_char(NULL), 0);
	assert_int_equal(valid_cf_person_check_char(""), 0);
	assert_int_equal(valid_cf_person_check_char("RSSMRA85T10A56"), 0);
	assert_int_equal(valid_cf_person_check_char("rssmra85t10a562"), 0);
	assert_int_equal(valid_cf_person_check_char("RSSMRA85T10A56 "), 0);
	/* A full code may be passed: only 15 characters are read. */
	assert_int_equal(valid_cf_person_check_char("RSSMRA85T10A562S"), 'S');
}

/* Strictness shared by every validator. */
static void
test_strict_input(void **state)
{
	static const char embedded[17] = "RSSMRA85\0T10A562";

	(void)state;
	assert_int_equal(valid_cf_person(NULL), VALID_ERR_MISSING);
	assert_int_equal(valid_cf_person(""), VALID_ERR_MISSING);
	assert_int_equal(valid_cf_person("rssmra85t10a562s"), VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_person("RSSMRA85T10a562S"), VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_person(" RSSMRA85T10A562S"), VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_person("RSSMRA85T10A562S "), VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_person("RSSMRA85T10A562S\n"), VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_person("RSSMRA 85T10A562S"), VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_person("RSSMRA85T10A562\xc5\xa0"),
	    VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_person("RSSMRA85T10A56\xc5\xa0"),
	    VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_person(embedded), VALID_ERR_LENGTH);
	assert_int_equal(valid_cf_person("RSSMRA85T10A562"), VALID_ERR_LENGTH);
	assert_int_equal(valid_cf_person("RSSMRA85T10A562SS"), VALID_ERR_LENGTH);
	assert_int_equal(valid_cf_person("R"), VALID_ERR_LENGTH);

	assert_int_equal(valid_cf_company(NULL), VALID_ERR_MISSING);
	assert_int_equal(valid_cf_company(""), VALID_ERR_MISSING);
	assert_int_equal(valid_cf_company(" 00743110157"), VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_company("00743110157 "), VALID_ERR_CHARSET);
	assert_int_equal(valid_cf_company("0074311015\xd9\xa7"),
	    VALID_ERR_CHARSET);	/* Arabic-Indic digit seven */
	assert_int_equal(valid_cf_company("IT00743110157"), VALID_ERR_CHARSET);

	assert_int_equal(valid_iban(NULL), VALID_ERR_MISSING);
	assert_int_equal(valid_iban(""), VALID_ERR_MISSING);
	assert_int_equal(valid_iban("it60x0542811101000000123456"),
	    VALID_ERR_CHARSET);
	assert_int_equal(valid_iban("IT60 X054 2811 1010 0000 0123 456"),
	    VALID_ERR_CHARSET);
	assert_int_equal(valid_iban(" IT60X0542811101000000123456"),
	    VALID_ERR_CHARSET);
	assert_int_equal(valid_iban("IT60X0542811101000000123456\xc2\xa0"),
	    VALID_ERR_CHARSET);

	assert_int_equal(valid_matricola(NULL), VALID_ERR_MISSING);
	assert_int_equal(valid_practice_number(NULL), VALID_ERR_MISSING);
	assert_int_equal(valid_practice_number(""), VALID_ERR_MISSING);
	assert_int_equal(valid_classify(NULL), VALID_KIND_NONE);
	assert_int_equal(valid_classify(""), VALID_KIND_NONE);
	assert_int_equal(valid_classify("rssmra85t10a562s"), VALID_KIND_NONE);
}

static void
test_cf_company(void **state)
{
	char buf[12];
	size_t e, i;
	int k, n;

	(void)state;
	for (e = 0; e < nitems(company_good); e++) {
		assert_int_equal(valid_cf_company(company_good[e]), 0);
		assert_int_equal(valid_cf_company_check_digit(company_good[e]),
		    company_good[e][10]);
		assert_int_equal(valid_classify(company_good[e]),
		    VALID_KIND_CF_COMPANY);
		/* Luhn catches every single-digit change. */
		for (i = 0; i < 11; i++) {
			for (k = 0; k < 10; k++) {
				memcpy(buf, company_good[e], sizeof buf);
				if (buf[i] == '0' + k)
					continue;
				buf[i] = (char)('0' + k);
				assert_int_equal(valid_cf_company(buf),
				    VALID_ERR_CHECK);
			}
			memcpy(buf, company_good[e], sizeof buf);
			buf[i] = 'A';
			assert_int_equal(valid_cf_company(buf), VALID_ERR_CHARSET);
		}
	}
	assert_int_equal(valid_cf_company("0074311015"), VALID_ERR_LENGTH);
	assert_int_equal(valid_cf_company("007431101570"), VALID_ERR_LENGTH);
	/* Round trip over generated prefixes. */
	for (n = 0; n < 20000; n++) {
		rand_digits(buf, 10);
		buf[10] = valid_cf_company_check_digit(buf);
		buf[11] = '\0';
		assert_int_equal(valid_cf_company(buf), 0);
		buf[10] = (char)('0' + (buf[10] - '0' + 1 + rng() % 9) % 10);
		assert_int_equal(valid_cf_company(buf), VALID_ERR_CHECK);
	}
	assert_int_equal(valid_cf_company_check_digit(NULL), 0);
	assert_int_equal(valid_cf_company_check_digit("007431101"), 0);
	assert_int_equal(valid_cf_company_check_digit("00743110A5"), 0);
}

static void
test_iban(void **state)
{
	char buf[40];
	size_t i, k;
	int r;

	(void)state;
	assert_int_equal(valid_iban(iban_good), 0);
	assert_int_equal(test_mod97(iban_good), 1);
	/* Other SEPA countries: published examples. */
	assert_int_equal(valid_iban("DE89370400440532013000"), 0);
	assert_int_equal(valid_iban("GB82WEST12345698765432"), 0);
	assert_int_equal(valid_iban("FR1420041010050500013M02606"), 0);
	assert_int_equal(valid_iban("NO9386011117947"), 0);
	assert_int_equal(valid_iban("BE68539007547034"), 0);

	/* Wrong check digits: an error. */
	assert_int_equal(valid_iban("IT61X0542811101000000123456"),
	    VALID_ERR_CHECK);
	assert_int_equal(valid_iban("IT06X0542811101000000123456"),
	    VALID_ERR_CHECK);
	/* Wrong CIN with check digits recomputed over it: a warning. */
	memcpy(buf, iban_good, 28);
	buf[4] = 'Y';
	iban_fix_check(buf);
	assert_int_equal(test_mod97(buf), 1);
	r = valid_iban(buf);
	assert_int_equal(r, VALID_WARN_CIN);
	assert_true(r > 0);
	/* Wrong CIN without fixing the check digits: an error. */
	memcpy(buf, iban_good, 28);
	buf[4] = 'Y';
	assert_int_equal(valid_iban(buf), VALID_ERR_CHECK);

	/* Any single change anywhere is noticed (error or CIN warning). */
	for (i = 0; i < 27; i++) {
		for (k = 0; alnum[k] != '\0'; k++) {
			if (alnum[k] == iban_good[i])
				continue;
			memcpy(buf, iban_good, 28);
			buf[i] = alnum[k];
			if (valid_iban(buf) == 0)
				fail_msg("%s accepted", buf);
		}
	}

	/* Lengths: IT is 27, known countries exact, others 15..34. */
	assert_int_equal(valid_iban("IT60X054281110100000012345"),
	    VALID_ERR_LENGTH);
	assert_int_equal(valid_iban("IT60X05428111010000001234567"),
	    VALID_ERR_LENGTH);
	assert_int_equal(valid_iban("DE8937040044053201300"), VALID_ERR_LENGTH);
	assert_int_equal(valid_iban("IT60X054281"), VALID_ERR_LENGTH);
	assert_int_equal(valid_iban("IT60X0542811101000000123456789012345"),
	    VALID_ERR_LENGTH);
	/* Structure. */
	assert_int_equal(valid_iban("1T60X0542811101000000123456"),
	    VALID_ERR_FORMAT);
	assert_int_equal(valid_iban("ITX60542811101000000123456X"),
	    VALID_ERR_FORMAT);
	assert_int_equal(valid_iban("IT6010542811101000000123456"),
	    VALID_ERR_FORMAT);	/* CIN must be a letter */
	assert_int_equal(valid_iban("IT60X05428A1101000000123456"),
	    VALID_ERR_FORMAT);	/* CAB must be digits */
	/* An unknown country code gets the generic rules. */
	memcpy(buf, "XY00", 4);
	memcpy(buf + 4, "1234567890123456", 17);
	iban_fix_check(buf);
	assert_int_equal(valid_iban(buf), 0);
}

/*
 * Check digits 00, 01 and 99 pass mod 97 wherever 97, 98 and 02 do, but are
 * never issued, and are refused.
 */
static void
test_iban_impossible_check_digits(void **state)
{
	static const char *const alias[3][2] = {
		{ "97", "00" }, { "98", "01" }, { "02", "99" },
	};
	char abi[6], cab[6], conto[13], out[28];
	int n, a, seen = 0;

	(void)state;
	for (n = 0; n < 200000 && seen != 7; n++) {
		rand_digits(abi, 5);
		rand_digits(cab, 5);
		rand_digits(conto, 12);
		assert_int_equal(valid_iban_make_it(abi, cab, conto, out), 0);
		for (a = 0; a < 3; a++) {
			if (memcmp(out + 2, alias[a][0], 2) != 0)
				continue;
			assert_int_equal(valid_iban(out), 0);
			seen |= 1 << a;
			memcpy(out + 2, alias[a][1], 2);
			assert_int_equal(test_mod97(out), 1);
			assert_int_equal(valid_iban(out), VALID_ERR_CHECK);
			break;
		}
	}
	assert_int_equal(seen, 7);
}

static void
test_iban_make_it(void **state)
{
	char abi[6], cab[6], conto[13], out[28], cin;
	int n, k;

	(void)state;
	assert_int_equal(valid_iban_make_it("05428", "11101", "000000123456",
	    out), 0);
	assert_string_equal(out, iban_good);
	for (n = 0; n < 20000; n++) {
		rand_digits(abi, 5);
		rand_digits(cab, 5);
		for (k = 0; k < 12; k++)
			conto[k] = (n % 2) ? alnum[rng() % 36] :
			    (char)('0' + rng() % 10);
		conto[12] = '\0';
		assert_int_equal(valid_iban_make_it(abi, cab, conto, out), 0);
		assert_int_equal(strlen(out), 27);
		if (valid_iban(out) != 0)
			fail_msg("%s refused: %d", out, valid_iban(out));
		assert_int_equal(test_mod97(out), 1);
		assert_memory_equal(out + 5, abi, 5);
		assert_memory_equal(out + 10, cab, 5);
		assert_memory_equal(out + 15, conto, 12);
		/* Any other CIN, check digits fixed: a warning only. */
		cin = out[4];
		out[4] = (char)('A' + (cin - 'A' + 1 + rng() % 25) % 26);
		iban_fix_check(out);
		assert_int_equal(valid_iban(out), VALID_WARN_CIN);
	}
	assert_int_equal(valid_iban_make_it(NULL, "11101", "000000123456", out),
	    VALID_ERR_MISSING);
	assert_string_equal(out, "");
	assert_int_equal(valid_iban_make_it("0542", "11101", "000000123456",
	    out), VALID_ERR_LENGTH);
	assert_int_equal(valid_iban_make_it("05428", "111011", "000000123456",
	    out), VALID_ERR_LENGTH);
	assert_int_equal(valid_iban_make_it("05428", "11101", "123456", out),
	    VALID_ERR_LENGTH);
	assert_int_equal(valid_iban_make_it("0542A", "11101", "000000123456",
	    out), VALID_ERR_CHARSET);
	assert_int_equal(valid_iban_make_it("05428", "11101", "00000012345a",
	    out), VALID_ERR_CHARSET);
	assert_string_equal(out, "");
	assert_int_equal(valid_iban_make_it("05428", "11101", "000000123456",
	    NULL), VALID_ERR_MISSING);
}

static void
test_matricola_and_practice(void **state)
{
	(void)state;
	assert_int_equal(valid_matricola("1234567890"), 0);
	assert_int_equal(valid_matricola("0000000001"), 0);
	assert_int_equal(valid_matricola("123456789"), VALID_ERR_LENGTH);
	assert_int_equal(valid_matricola("12345678901"), VALID_ERR_LENGTH);
	assert_int_equal(valid_matricola("12345678A0"), VALID_ERR_CHARSET);
	assert_int_equal(valid_matricola("1234567890 "), VALID_ERR_CHARSET);
	assert_int_equal(valid_matricola(""), VALID_ERR_MISSING);

	assert_int_equal(valid_practice_number("2024/000123"), 0);
	assert_int_equal(valid_practice_number("CIGO-2024-00042"), 0);
	assert_int_equal(valid_practice_number("A12345"), 0);		/* 6 */
	assert_int_equal(valid_practice_number("A1234567890123456789"), 0); /* 20 */
	assert_int_equal(valid_practice_number("A1234"), VALID_ERR_LENGTH);
	assert_int_equal(valid_practice_number("A12345678901234567890"),
	    VALID_ERR_LENGTH);
	assert_int_equal(valid_practice_number("/2024123"), VALID_ERR_FORMAT);
	assert_int_equal(valid_practice_number("-2024123"), VALID_ERR_FORMAT);
	assert_int_equal(valid_practice_number("2024_123"), VALID_ERR_CHARSET);
	assert_int_equal(valid_practice_number("2024 123"), VALID_ERR_CHARSET);
	assert_int_equal(valid_practice_number("abc123"), VALID_ERR_CHARSET);
	assert_int_equal(valid_practice_number("ABC12\xc3\x88"),
	    VALID_ERR_CHARSET);
}

static void
test_classify(void **state)
{
	(void)state;
	assert_int_equal(valid_classify("RSSMRA85T10A562S"),
	    VALID_KIND_CF_PERSON);
	/* Shape only: a wrong check character is still a codice fiscale. */
	assert_int_equal(valid_classify("RSSMRA85T10A562X"),
	    VALID_KIND_CF_PERSON);
	assert_int_equal(valid_classify("RSSMRASRTLMAQNPH"),
	    VALID_KIND_CF_PERSON);
	assert_int_equal(valid_classify("00743110157"), VALID_KIND_CF_COMPANY);
	assert_int_equal(valid_classify("00743110158"), VALID_KIND_CF_COMPANY);
	assert_int_equal(valid_classify("1234567890"), VALID_KIND_MATRICOLA);
	assert_int_equal(valid_classify("2024/000123"), VALID_KIND_PRACTICE);
	assert_int_equal(valid_classify("123456789012"), VALID_KIND_PRACTICE);
	assert_int_equal(valid_classify("RSSMRA85T10A5621"),
	    VALID_KIND_CF_PERSON);	/* so the caller says "formato" */
	assert_int_equal(valid_classify("1RSMRA85T10A562S"),
	    VALID_KIND_PRACTICE);
	assert_int_equal(valid_classify("RSSMRA85T10A562/"),
	    VALID_KIND_PRACTICE);
	assert_int_equal(valid_classify("12345"), VALID_KIND_NONE);
	assert_int_equal(valid_classify("/12345"), VALID_KIND_NONE);
	assert_int_equal(valid_classify("RSSMRA85T10A562S "), VALID_KIND_NONE);
	assert_int_equal(valid_classify(iban_good), VALID_KIND_NONE);

	assert_int_equal(valid_check_kind(VALID_KIND_CF_PERSON,
	    "RSSMRA85T10A562X"), VALID_ERR_CHECK);
	assert_int_equal(valid_check_kind(VALID_KIND_CF_COMPANY,
	    "00743110158"), VALID_ERR_CHECK);
	assert_int_equal(valid_check_kind(VALID_KIND_MATRICOLA, "1234567890"),
	    0);
	assert_int_equal(valid_check_kind(VALID_KIND_PRACTICE, "2024/000123"),
	    0);
	assert_int_equal(valid_check_kind(VALID_KIND_NONE, "?"),
	    VALID_ERR_FORMAT);
	assert_int_equal(valid_check_kind(VALID_KIND_NONE, NULL),
	    VALID_ERR_MISSING);
	assert_string_equal(valid_kind_name(VALID_KIND_CF_PERSON),
	    "codice fiscale");
	assert_non_null(valid_kind_name((enum valid_kind)99));
}

static void
test_strerror(void **state)
{
	static const int codes[] = {
		VALID_OK, VALID_WARN_CIN, VALID_ERR_MISSING, VALID_ERR_LENGTH,
		VALID_ERR_CHARSET, VALID_ERR_FORMAT, VALID_ERR_DATE,
		VALID_ERR_CHECK,
	};
	const char *unknown = valid_strerror(12345);
	size_t i, j;

	(void)state;
	assert_string_equal(valid_strerror(VALID_ERR_LENGTH), "lunghezza errata");
	assert_string_equal(valid_strerror(VALID_ERR_CHECK),
	    "carattere di controllo errato");
	assert_non_null(unknown);
	assert_non_null(valid_strerror(ERR_INVALID));
	for (i = 0; i < nitems(codes); i++) {
		assert_true(strlen(valid_strerror(codes[i])) > 0);
		assert_string_not_equal(valid_strerror(codes[i]), unknown);
		for (j = 0; j < i; j++)
			assert_string_not_equal(valid_strerror(codes[i]),
			    valid_strerror(codes[j]));
		/* No collision with common.h's codes. */
		assert_true(codes[i] > 0 || codes[i] == 0 ||
		    codes[i] < ERR_LIMIT);
	}
}

static int
known_result(int r)
{
	return r == 0 || r == VALID_WARN_CIN || r == VALID_ERR_MISSING ||
	    r == VALID_ERR_LENGTH || r == VALID_ERR_CHARSET ||
	    r == VALID_ERR_FORMAT || r == VALID_ERR_DATE || r == VALID_ERR_CHECK;
}

/* Run every entry point over s, held in a heap block of exactly its size. */
static void
run_all(const char *s, size_t len)
{
	char *p = malloc(len + 1), out[28];
	enum valid_kind k;

	assert_non_null(p);
	memcpy(p, s, len);
	p[len] = '\0';
	assert_true(known_result(valid_cf_person(p)));
	assert_true(known_result(valid_cf_company(p)));
	assert_true(known_result(valid_iban(p)));
	assert_true(known_result(valid_matricola(p)));
	assert_true(known_result(valid_practice_number(p)));
	k = valid_classify(p);
	assert_true(k >= VALID_KIND_NONE && k <= VALID_KIND_PRACTICE);
	assert_true(known_result(valid_check_kind(k, p)));
	(void)valid_cf_person_check_char(p);
	(void)valid_cf_company_check_digit(p);
	assert_true(known_result(valid_iban_make_it(p, p, p, out)));
	if (valid_cf_person(p) == 0)
		assert_int_equal(valid_cf_person_check_char(p), p[15]);
	free(p);
}

/*
 * Every prefix of the examples and random byte strings, each in an
 * exact-size heap block: under AddressSanitizer an over-read fails here.
 */
static void
test_bounded_reads(void **state)
{
	const char *const ex[] = {
		"RCCMNL83S18D969H", "RSSMRA85T10A56NH", "00743110157",
		"IT60X0542811101000000123456", "1234567890", "2024/000123",
		"IT60X0542811101000000123456789012345",
	};
	char buf[48];
	size_t e, len, i;
	int n;

	(void)state;
	for (e = 0; e < nitems(ex); e++) {
		for (len = 0; len <= strlen(ex[e]); len++)
			run_all(ex[e], len);
	}
	/* Short prefixes are never valid. */
	assert_int_equal(valid_cf_person("RSSMRA85T10A56N"), VALID_ERR_LENGTH);
	for (n = 0; n < 50000; n++) {
		len = rng() % 40;
		for (i = 0; i < len; i++) {
			switch (rng() % 4) {
			case 0:
				buf[i] = (char)(1 + rng() % 255);
				break;
			default:
				buf[i] = alnum[rng() % 36];
				break;
			}
		}
		run_all(buf, len);
	}
}

/* Issue 18.12: names reach citizens' terminals; what a terminal obeys is refused. */
static void
test_display_name(void **state)
{
	static const char *const good[] = {
		"Mario Rossi", "Niccolò D'Alì", "Anna-Maria De' Medici", "José Ñúñez", "李 小龍",
	};
	static const char *const bad_charset[] = {
		"\x1b]0;titolo\x07\x1b[2J", "Mario\x1b[31mRossi", "Mario\nRossi", "Mario\tRossi",
		"Mario\x7f", "Mario \xc2\x9b" "31m",	/* C1 CSI as UTF-8 */
		"Mario \x9b", "\xe2\x80\xaeissoR oiraM",	/* U+202E right-to-left override */
		"Mario\xe2\x80\x8bRossi",		/* U+200B zero width space */
		"Mario\xe2\x81\xa0Rossi",		/* U+2060 word joiner */
		"Mario\xef\xbb\xbfRossi",		/* U+FEFF */
		"Mario\xc2\xadRossi",		/* U+00AD soft hyphen */
		"Mario\xe2\x80\xa8Rossi",		/* U+2028 line separator */
		"Mario\xe2\x81\xa6Rossi",		/* U+2066 left-to-right isolate */
		"Mario\xf3\xa0\x80\x81Rossi",	/* U+E0001 language tag */
		"Mario\xe3\x85\xa4",		/* U+3164 Hangul filler */
		"\xc0\xaf", "\xed\xa0\x80",		/* overlong, surrogate */
		"\xe2\x82",			/* cut sequence */
	};
	char longname[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(valid_display_name(good[i], 95), VALID_OK);
	for (i = 0; i < sizeof bad_charset / sizeof bad_charset[0]; i++)
		assert_int_equal(valid_display_name(bad_charset[i], 95), VALID_ERR_CHARSET);
	assert_int_equal(valid_display_name("", 95), VALID_ERR_MISSING);
	assert_int_equal(valid_display_name(NULL, 95), VALID_ERR_MISSING);
	assert_int_equal(valid_display_name("   ", 95), VALID_ERR_FORMAT);
	assert_int_equal(valid_display_name(" Mario", 95), VALID_ERR_FORMAT);
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(valid_display_name(longname, 95), VALID_ERR_LENGTH);
	longname[95] = '\0';
	assert_int_equal(valid_display_name(longname, 95), VALID_OK);
}

static void
test_staff_login(void **state)
{
	(void)state;
	assert_int_equal(valid_staff_login("operatore1"), VALID_OK);
	assert_int_equal(valid_staff_login("sede.roma"), VALID_OK);
	assert_int_equal(valid_staff_login("m_rossi-2"), VALID_OK);
	assert_int_equal(valid_staff_login(""), VALID_ERR_MISSING);
	assert_int_equal(valid_staff_login("-x"), VALID_ERR_FORMAT);
	assert_int_equal(valid_staff_login(".x"), VALID_ERR_FORMAT);
	assert_int_equal(valid_staff_login("op\x1b[2J"), VALID_ERR_CHARSET);
	assert_int_equal(valid_staff_login("op erat"), VALID_ERR_CHARSET);
	assert_int_equal(valid_staff_login("operatòre"), VALID_ERR_CHARSET);
	assert_int_equal(valid_staff_login("abcdefghijabcdefghijabcdefghijab"), VALID_OK);
	assert_int_equal(valid_staff_login("abcdefghijabcdefghijabcdefghijabc"), VALID_ERR_LENGTH);
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cf_person_examples),
		cmocka_unit_test(test_cf_person_every_position),
		cmocka_unit_test(test_cf_person_omocodia),
		cmocka_unit_test(test_cf_person_dates),
		cmocka_unit_test(test_cf_person_round_trip),
		cmocka_unit_test(test_strict_input),
		cmocka_unit_test(test_cf_company),
		cmocka_unit_test(test_iban),
		cmocka_unit_test(test_iban_impossible_check_digits),
		cmocka_unit_test(test_iban_make_it),
		cmocka_unit_test(test_matricola_and_practice),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_bounded_reads),
		cmocka_unit_test(test_display_name),
		cmocka_unit_test(test_staff_login),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
