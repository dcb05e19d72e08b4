/*
 * Unit tests for the seed module: identifiers, the demo data set and the
 * bulk generator (deterministic, valid identifiers, life cycles that replay
 * through practice_check_event).  Run from the repository root (data/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>
#include <cmocka.h>

#include "auth.h"
#include "common.h"
#include "practice.h"
#include "seed.h"
#include "store.h"
#include "valid.h"

#define DATADIR "data"
#define DEMO_CF "RSSMRA85T10A562S"

static char tmpdir[64];

static int
setup_dir(void **state)
{
	(void)state;
	str_lcpy(tmpdir, "/tmp/infocig-test-seed.XXXXXX", sizeof tmpdir);
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static void
remove_db(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char buf[128];
	size_t i;

	for (i = 0; i < nitems(sfx); i++) {
		snprintf(buf, sizeof buf, "%s%s", path, sfx[i]);
		unlink(buf);
	}
}

static int
teardown_dir(void **state)
{
	(void)state;
	rmdir(tmpdir);
	return 0;
}

/* A new database at tmpdir/name, opened. */
static struct store *
new_store(const char *name, int flags, char *path, size_t size)
{
	struct store *st = NULL;
	char err[512] = "";

	snprintf(path, size, "%s/%s", tmpdir, name);
	remove_db(path);
	if (store_create(path, DATADIR, err, sizeof err) != 0)
		fail_msg("store_create: %s", err);
	if (store_open(path, flags, &st, err, sizeof err) != 0)
		fail_msg("store_open: %s", err);
	return st;
}

static int32_t
D(const char *ymd)
{
	int32_t d = 0;

	assert_int_equal(day_parse(ymd, &d), 0);
	return d;
}

/*
 * Replays the events of a loaded application, in the order loaded, through
 * practice_check_event(); fails the test on a refusal.  Returns the status
 * derived from the events.
 */
static enum practice_status
replay(const struct practice *loaded)
{
	struct practice p = *loaded;
	enum practice_status s;
	char why[200];
	size_t i;

	p.events = NULL;
	p.nevents = 0;
	for (i = 0; i < loaded->nevents; i++) {
		if (practice_check_event(&p, &loaded->events[i], why, sizeof why) != 0)
			fail_msg("%s: event %zu (%s, day %d) refused: %s", loaded->number, i,
			    event_kind_name(loaded->events[i].kind), loaded->events[i].day, why);
		practice_add_event(&p, &loaded->events[i]);
	}
	s = practice_status_of(&p);
	free(p.events);
	return s;
}

static void
test_identifiers(void **state)
{
	char sc[4], nc[4], cf[17], vat[12], iban[28];

	(void)state;
	seed_cf_surname_code("Rossi", sc);
	seed_cf_name_code("Mario", nc);
	assert_string_equal(sc, "RSS");
	assert_string_equal(nc, "MRA");
	seed_cf_person(sc, nc, 85, 12, 10, 0, "A562", cf);
	assert_string_equal(cf, DEMO_CF);
	seed_cf_surname_code("D'Angelo", sc);
	assert_string_equal(sc, "DNG");
	seed_cf_surname_code("Fo", sc);
	assert_string_equal(sc, "FOX");
	seed_cf_name_code("Gianfranco", nc);	/* 1st, 3rd, 4th consonant */
	assert_string_equal(nc, "GFR");
	seed_cf_name_code("Nicolò", nc);
	assert_string_equal(nc, "NCL");
	seed_cf_name_code("Mosè", nc);
	assert_string_equal(nc, "MSO");
	seed_cf_person("BNC", "LRA", 90, 3, 22, 1, "M297", cf);
	assert_int_equal(valid_cf_person(cf), VALID_OK);
	assert_memory_equal(cf + 9, "62", 2);	/* women: day + 40 */

	seed_cf_company(1234567, 58, vat);
	assert_int_equal(strlen(vat), 11);
	assert_int_equal(valid_cf_company(vat), VALID_OK);

	seed_iban("03069", "03200", 12345678, 0, 0, iban);
	assert_int_equal(valid_iban(iban), VALID_OK);
	seed_iban("03069", "03200", 12345678, 1, 0, iban);
	assert_int_equal(valid_iban(iban), VALID_WARN_CIN);
	seed_iban("03069", "03200", 12345678, 0, 1, iban);
	assert_true(valid_iban(iban) < 0);
}

struct find_role {
	enum account_role role;
	struct store_account a;
	int n;
};

static int
find_role_cb(void *arg, const struct store_account *a)
{
	struct find_role *f = arg;

	if (a->role == f->role) {
		if (f->n++ == 0)
			f->a = *a;
	}
	return 0;
}

static void
test_demo(void **state)
{
	struct store *st;
	struct store_worker w;
	struct store_account a;
	struct store_credentials cr;
	struct store_company *cos;
	struct store_counts c1, c2;
	struct find_role fr;
	struct practice p;
	struct passwd *pw;
	char path[128], err[512] = "", *text = NULL;
	size_t textlen = 0, n, i, k, j;
	int64_t *ids, id;
	FILE *out;
	int statuses[STATUS_COUNT] = { 0 }, distinct = 0, iban_problem = 0;

	(void)state;
	st = new_store("demo.db", 0, path, sizeof path);
	out = open_memstream(&text, &textlen);
	assert_non_null(out);
	if (seed_demo(st, DATADIR, D("2026-03-18"), out, err, sizeof err) != 0)
		fail_msg("seed_demo: %s", err);
	fclose(out);
	assert_non_null(strstr(text, "ssh -p 2222 " DEMO_CF "@127.0.0.1"));
	assert_non_null(strstr(text, "infocig account otp " DEMO_CF));
	assert_non_null(strstr(text, "password: demo"));
	free(text);

	/* Mario Rossi: at least 3 applications, statuses that differ, one paid. */
	assert_int_equal(store_worker_by_cf(st, DEMO_CF, &w), 0);
	assert_int_equal(valid_iban(w.iban), VALID_OK);
	assert_int_equal(store_practices_of_worker(st, w.id, &ids, &n), 0);
	assert_true(n >= 3);
	for (i = 0; i < n; i++) {
		enum practice_status s;

		assert_int_equal(store_practice_load(st, ids[i], &p), 0);
		s = replay(&p);
		if (statuses[s]++ == 0)
			distinct++;
		for (k = 0; k < p.nevents; k++)
			if (p.events[k].worker_id == w.id &&
			    (p.events[k].kind == EV_DOMICILIATO ||
			    (p.events[k].kind == EV_DATI_SCARTATI &&
			    strstr(p.events[k].detail, "IBAN") != NULL)))
				iban_problem = 1;
		practice_clear(&p);
	}
	free(ids);
	assert_true(distinct >= 3);
	assert_true(statuses[STATUS_PAGATA] >= 1);
	assert_true(statuses[STATUS_AUTORIZZATA] >= 1);
	assert_true(statuses[STATUS_ISTRUTTORIA] >= 1);
	assert_true(iban_problem);

	/* Mario's account: password "demo", a TOTP secret. */
	assert_int_equal(store_account_by_login(st, DEMO_CF, &a), 0);
	assert_int_equal(a.role, ROLE_WORKER);
	assert_int_equal(a.worker_id, w.id);
	assert_int_equal(store_account_credentials(st, a.id, &cr), 0);
	assert_int_equal(auth_password_verify("demo", cr.password_hash), 1);
	assert_int_equal(strlen(cr.totp_secret), AUTH_TOTP_SECRET_SIZE - 1);

	/* The consultant speaks for two companies, the owner for one. */
	memset(&fr, 0, sizeof fr);
	fr.role = ROLE_CONSULTANT;
	assert_int_equal(store_accounts_each(st, find_role_cb, &fr), 0);
	assert_int_equal(fr.n, 1);
	assert_int_equal(valid_cf_person(fr.a.login), VALID_OK);
	assert_int_equal(store_account_credentials(st, fr.a.id, &cr), 0);
	assert_true(cr.totp_secret[0] != '\0');
	assert_int_equal(store_delegations_of(st, fr.a.id, &cos, &n), 0);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++) {
		assert_int_equal(valid_cf_company(cos[i].vat), VALID_OK);
		assert_int_equal(valid_matricola(cos[i].matricola), VALID_OK);
	}
	assert_string_not_equal(cos[0].province, cos[1].province);
	free(cos);
	memset(&fr, 0, sizeof fr);
	fr.role = ROLE_OWNER;
	assert_int_equal(store_accounts_each(st, find_role_cb, &fr), 0);
	assert_int_equal(fr.n, 1);
	assert_int_equal(store_delegations_of(st, fr.a.id, &cos, &n), 0);
	assert_int_equal(n, 1);
	free(cos);

	/* Staff. */
	memset(&fr, 0, sizeof fr);
	fr.role = ROLE_ADVISOR;
	assert_int_equal(store_accounts_each(st, find_role_cb, &fr), 0);
	assert_int_equal(fr.n, 2);
	assert_int_equal(store_account_by_login(st, "operatore1", &a), 0);
	pw = getpwuid(geteuid());
	if (pw != NULL)
		assert_string_equal(a.unix_user, pw->pw_name);
	assert_int_equal(store_account_credentials(st, a.id, &cr), 0);
	assert_int_equal(auth_password_verify("demo", cr.password_hash), 1);
	assert_int_equal(store_account_by_login(st, "supervisore", &a), 0);
	assert_int_equal(a.role, ROLE_SUPERVISOR);
	assert_int_equal(store_account_by_login(st, "sede.roma", &a), 0);
	assert_int_equal(a.role, ROLE_OFFICE);
	assert_true(a.office_id != 0);

	/* Every application replays in the order the store loads it. */
	assert_int_equal(store_counts(st, &c1), 0);
	assert_true(c1.practices >= 6);
	for (id = 1; id <= c1.practices; id++) {
		assert_int_equal(store_practice_load(st, id, &p), 0);
		replay(&p);
		for (j = 0; j < p.nevents; j++)
			assert_true(p.events[j].day <= D("2026-03-18"));
		practice_clear(&p);
	}

	/* A second run refuses and leaves everything as it was. */
	assert_int_equal(seed_demo(st, DATADIR, D("2026-03-18"), NULL, err, sizeof err),
	    ERR_EXISTS);
	assert_true(err[0] != '\0');
	assert_int_equal(store_counts(st, &c2), 0);
	assert_memory_equal(&c1, &c2, sizeof c1);
	store_close(st);
	remove_db(path);
}

/* Seeds n workers into tmpdir/name and leaves the store open. */
static struct store *
bulk(const char *name, int64_t n, uint64_t seed, char *path, size_t size)
{
	struct seed_options o = { n, seed, 0, DATADIR };
	struct store *st = new_store(name, STORE_BULK, path, size);
	char err[512] = "";
	FILE *out = fopen("/dev/null", "w");

	o.today = D("2026-03-18");
	if (seed_bulk(st, &o, out, err, sizeof err) != 0)
		fail_msg("seed_bulk: %s", err);
	fclose(out);
	return st;
}

static void
test_bulk_deterministic(void **state)
{
	struct store *a, *b;
	struct store_counts ca, cb;
	struct store_worker w;
	struct store_company co;
	struct practice p;
	char pa[128], pb[128];
	int64_t id, step, bad_iban = 0, checked = 0;

	(void)state;
	a = bulk("a.db", 2000, 7, pa, sizeof pa);
	b = bulk("b.db", 2000, 7, pb, sizeof pb);
	assert_int_equal(store_counts(a, &ca), 0);
	assert_int_equal(store_counts(b, &cb), 0);
	assert_memory_equal(&ca, &cb, sizeof ca);
	assert_int_equal(ca.workers, 2000);
	assert_true(ca.companies >= 40 && ca.companies <= 160);
	assert_true(ca.practices > ca.companies / 2);
	assert_true(ca.payments > 0 && ca.payment_data >= ca.payments);
	store_close(b);
	remove_db(pb);

	for (id = 1; id <= ca.workers; id++) {
		assert_int_equal(store_worker_by_id(a, id, &w), 0);
		if (valid_cf_person(w.cf) != VALID_OK)
			fail_msg("worker %lld: codice fiscale %s", (long long)id, w.cf);
		if (w.iban[0] == '\0' || valid_iban(w.iban) != VALID_OK)
			bad_iban++;
	}
	/* About 3% missing or wrong, on purpose. */
	assert_true(bad_iban >= 10 && bad_iban <= 150);
	for (id = 1; id <= ca.companies; id++) {
		assert_int_equal(store_company_by_id(a, id, &co), 0);
		if (valid_cf_company(co.vat) != VALID_OK || valid_matricola(co.matricola) != 0)
			fail_msg("company %lld: %s %s", (long long)id, co.vat, co.matricola);
	}
	/* 200 applications spread over the table replay without refusal. */
	step = ca.practices / 200 > 0 ? ca.practices / 200 : 1;
	for (id = 1; id <= ca.practices && checked < 200; id += step, checked++) {
		assert_int_equal(store_practice_load(a, id, &p), 0);
		assert_int_equal(valid_practice_number(p.number), VALID_OK);
		assert_true(p.nworkers > 0);
		replay(&p);
		practice_clear(&p);
	}
	assert_true(checked >= (ca.practices < 200 ? ca.practices : 200));

	/* A second load into the same database is refused, nothing written. */
	{
		struct seed_options o = { 100, 7, 0, DATADIR };
		char err[512] = "";

		o.today = D("2026-03-18");
		assert_int_equal(seed_bulk(a, &o, NULL, err, sizeof err), ERR_EXISTS);
		assert_int_equal(store_counts(a, &cb), 0);
		assert_memory_equal(&ca, &cb, sizeof ca);
	}
	store_close(a);
	remove_db(pa);
}

/* With checking on, every event is checked as generated; all stages occur. */
static void
test_bulk_checked_stages(void **state)
{
	struct store *st;
	struct store_counts c;
	struct practice p;
	char path[128];
	int statuses[STATUS_COUNT] = { 0 }, s;
	int64_t id, domiciliato = 0, scartati = 0;
	size_t k;

	(void)state;
	seed_bulk_set_checking(1);
	st = bulk("c.db", 20000, 11, path, sizeof path);
	seed_bulk_set_checking(0);
	assert_int_equal(store_counts(st, &c), 0);
	for (id = 1; id <= c.practices; id++) {
		assert_int_equal(store_practice_load(st, id, &p), 0);
		statuses[replay(&p)]++;
		for (k = 0; k < p.nevents; k++) {
			domiciliato += p.events[k].kind == EV_DOMICILIATO;
			scartati += p.events[k].kind == EV_DATI_SCARTATI;
			if (p.events[k].kind == EV_PAGATA || p.events[k].kind == EV_DOMICILIATO)
				assert_true(p.events[k].amount_cents > 0 &&
				    p.events[k].amount_cents <= 140000);
		}
		practice_clear(&p);
	}
	for (s = 0; s < STATUS_COUNT; s++)
		if (statuses[s] == 0)
			fail_msg("no application in status %s", practice_status_name(s));
	assert_true(domiciliato > 0);
	assert_true(scartati > 0);
	store_close(st);
	remove_db(path);
}

/* Around 1 May 2022 the SR41 model gives way to UniEmens-Cig: both appear, rightly. */
static void
test_bulk_sr41_era(void **state)
{
	struct seed_options o = { 5000, 3, 0, DATADIR };
	struct store *st;
	struct store_counts c;
	struct practice p;
	char path[128], err[512] = "";
	int64_t id, sr41 = 0, uniemens = 0;
	size_t k;

	(void)state;
	o.today = D("2022-07-15");
	st = new_store("e.db", STORE_BULK, path, sizeof path);
	seed_bulk_set_checking(1);
	if (seed_bulk(st, &o, NULL, err, sizeof err) != 0)
		fail_msg("seed_bulk: %s", err);
	seed_bulk_set_checking(0);
	assert_int_equal(store_counts(st, &c), 0);
	for (id = 1; id <= c.practices; id++) {
		assert_int_equal(store_practice_load(st, id, &p), 0);
		replay(&p);
		for (k = 0; k < p.nevents; k++) {
			if (p.events[k].kind != EV_DATI_PAGAMENTO)
				continue;
			if (strcmp(p.events[k].detail, "SR41") == 0) {
				sr41++;
				assert_true(p.events[k].day < D("2022-05-01"));
			} else
				uniemens++;
		}
		practice_clear(&p);
	}
	assert_true(sr41 > 0);
	assert_true(uniemens > 0);
	store_close(st);
	remove_db(path);
}

static void
test_bulk_bad_options(void **state)
{
	struct store *st;
	struct seed_options o = { 0, 1, 0, DATADIR };
	char path[128], err[512] = "";

	(void)state;
	st = new_store("d.db", STORE_BULK, path, sizeof path);
	assert_int_equal(seed_bulk(st, &o, NULL, err, sizeof err), ERR_INVALID);
	assert_true(err[0] != '\0');
	o.workers = 10;
	o.datadir = "/nonexistent";
	assert_true(seed_bulk(st, &o, NULL, err, sizeof err) < 0);
	assert_non_null(strstr(err, "names.csv"));
	store_close(st);
	remove_db(path);
}

/* practice_month_states() gives each worker what practice_month_state() does. */
static void
month_states_agree(const struct practice *p)
{
	struct practice_month_state *all, one;
	int32_t month;
	size_t n, k, w;

	n = practice_period_months(p, &month);
	all = xcalloc(n * p->nworkers + 1, sizeof *all);
	practice_month_states(p, month, n, all);
	for (k = 0; k < n; k++, month = practice_month_next(month))
		for (w = 0; w < p->nworkers; w++) {
			practice_month_state(p, p->workers[w].worker_id, month, &one);
			assert_memory_equal(&one, &all[k * p->nworkers + w], sizeof one);
		}
	free(all);
}

/* Issue 19.2: the large employers and their consultant. */
static void
test_bulk_large_employers(void **state)
{
	struct store_account cons;
	struct store_company *co = NULL;
	struct practice p;
	char path[128];
	int64_t *ids = NULL;
	size_t count, size, napps, n = 0, np = 0, i;
	struct store *st;

	(void)state;
	seed_bulk_large_plan(5000000, &count, &size, &napps);
	assert_int_equal(count, 40);
	assert_int_equal(size, 20000);
	assert_int_equal(napps, 300);
	seed_bulk_large_plan(1000000, &count, &size, &napps);
	assert_true(count == 40 && size == 10000 && napps == 300);
	seed_bulk_large_plan(100, &count, &size, &napps);
	assert_true(count * size <= 50 && count > 0);
	seed_bulk_large_plan(1, &count, &size, &napps);
	assert_int_equal(count, 0);

	seed_bulk_large_plan(2000, &count, &size, &napps);
	assert_true(count == 40 && size == 20 && napps == 50);
	seed_bulk_set_checking(1);
	st = bulk("large.db", 2000, 7, path, sizeof path);
	seed_bulk_set_checking(0);
	assert_int_equal(store_account_by_login(st, "GRNGLI50A41H501E", &cons), 0);
	assert_int_equal(cons.role, ROLE_CONSULTANT);
	assert_int_equal(store_delegations_of(st, cons.id, &co, &n), 0);
	assert_int_equal(n, count);
	for (i = 0; i < n; i++) {
		assert_int_equal(store_practices_of_company(st, co[i].id, &ids, &np), 0);
		assert_int_equal(np, napps);
		/* Every application is for workers of the company. */
		assert_int_equal(store_practice_load(st, ids[np - 1], &p), 0);
		assert_true(p.nworkers >= 1 && p.company_id == co[i].id);
		month_states_agree(&p);
		practice_clear(&p);
		free(ids);
	}
	/* The ordinary companies' applications have many workers each. */
	for (i = 1; i <= 200; i++)
		if (store_practice_load(st, (int64_t)i, &p) == 0) {
			month_states_agree(&p);
			practice_clear(&p);
		}
	free(co);
	store_close(st);
	remove_db(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identifiers),
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_bulk_deterministic),
		cmocka_unit_test(test_bulk_checked_stages),
		cmocka_unit_test(test_bulk_sr41_era),
		cmocka_unit_test(test_bulk_bad_options),
		cmocka_unit_test(test_bulk_large_employers),
	};

	log_open("test_seed", LOG_SINK_STDERR, LOG_LEVEL_WARN);
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
