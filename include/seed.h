/*
 * seed: data sets for demonstrations and for measurements.
 *
 * seed_demo() writes a small hand-made world (a worker with applications at
 * every stage, companies, employer-side users, INPS staff) and prints how to
 * use it; seed_bulk() writes millions of realistic, deterministic rows for
 * benchmarks.  Both run in one transaction of their own: on error nothing is
 * left behind.  Return 0 or a negative ERR_* with an Italian message in err.
 */
#ifndef INFOCIG_SEED_H
#define INFOCIG_SEED_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "practice.h"
#include "store_seed.h"

struct store;

struct seed_options {
	int64_t workers;	/* how many workers to generate */
	uint64_t seed;		/* same (workers, seed, today): same data */
	int32_t today;		/* civil day the life cycles are cut at */
	const char *datadir;	/* folder of names.csv */
};

/* Demo data set; prints its accounts and how to use them to out (Italian). */
int seed_demo(struct store *st, const char *datadir, int32_t today, FILE *out,
    char *err, size_t errlen);
/*
 * Large deterministic data set, for a store opened with STORE_BULK; draws a
 * progress bar on a terminal and prints a summary with the speed to out.
 */
int seed_bulk(struct store *st, const struct seed_options *o, FILE *out,
    char *err, size_t errlen);
/*
 * For tests: when on, seed_bulk() checks every event with
 * practice_check_event() before writing it (slow) and fails on a refusal.
 */
void seed_bulk_set_checking(int on);
/*
 * How seed_bulk() sizes the large employers for n workers: *count companies
 * (at most 40) of *size workers (n/100, at most 20,000) with *napps
 * applications each (at most 300).  Their workers are part of the n.
 */
void seed_bulk_large_plan(int64_t n, size_t *count, size_t *size, size_t *napps);

/*
 * Names and places (seed_names.c), shared by the two generators and the
 * tests.  Loaded once; every string is ASCII upper/lower as in the CSV.
 */
struct seed_name {
	char text[48];		/* as written: "D'Angelo", "Nicolò" */
	char code[4];		/* the three codice fiscale letters */
	uint16_t code_idx;	/* index among distinct codes of its kind */
};

struct seed_province {
	char sigla[3];
	char name[48];
	char capoluogo[5];	/* cadastral code of the chief town: "H501" */
	uint32_t weight;	/* resident population, thousands */
	int64_t office_id;	/* competent INPS office */
};

struct seed_names {
	struct seed_name *surnames, *male, *female;
	size_t nsurnames, nmale, nfemale;
	size_t nsurname_codes, nname_codes;	/* distinct codes (names: both sexes) */
	char (*words)[48];	/* company_word */
	char (*forms)[16];	/* company_form */
	size_t nwords, nforms;
	struct seed_province *provinces;
	size_t nprovinces;
	uint64_t *cum_weight;	/* running sum of the province weights */
};

/* Loads datadir/names.csv and the provinces of st; *out owned (seed_names_free). */
int seed_names_load(struct store *st, const char *datadir, struct seed_names **out,
    char *err, size_t errlen);
void seed_names_free(struct seed_names *n);
/* Index of the province whose running weight covers r (r < total weight). */
size_t seed_province_pick(const struct seed_names *n, uint64_t r);
/* Index of sigla in n->provinces, or -1. */
int seed_province_find(const struct seed_names *n, const char *sigla);

/* The three-letter codes of a surname and of a given name (codice fiscale rules). */
void seed_cf_surname_code(const char *surname, char out[4]);
void seed_cf_name_code(const char *name, char out[4]);
/*
 * Personal codice fiscale from the two codes, birth date, sex (1 female) and
 * the four-character cadastral code of the birth place; out gets 16 + NUL.
 */
void seed_cf_person(const char *scode, const char *ncode, int y, int m, int d, int female,
    const char *place, char out[17]);
/* Company codice fiscale / partita IVA from 7 serial digits and a 3-digit office code. */
void seed_cf_company(uint32_t serial, unsigned office, char out[12]);
/*
 * Italian IBAN.  A wrong CIN letter with correct check digits (the warning
 * case of valid_iban) when bad_cin; a mistyped account digit (check digits
 * wrong) when typo.
 */
void seed_iban(const char *abi, const char *cab, uint64_t account, int bad_cin, int typo,
    char out[28]);


#endif
