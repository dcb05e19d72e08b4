/*
 * bench_lookup: latency of a lookup plus timeline by codice fiscale, warm.
 *   bench_lookup DATABASE [SAMPLES [PAGE]]
 * Picks SAMPLES workers spread over the table, runs every lookup once to warm
 * the cache, then times each (lookup_resolve + lookup_timeline of every
 * application) and prints p50, p99 and max.  The peer is the floor: one
 * indexed SELECT of the worker row by codice fiscale.
 *
 * Then the large employers of the seed (issue 19), found through their
 * consultant's delegations: opening one as the console's case pane does
 * (lookup by matricola, the stage of each application on the list's first
 * page, the newest one's timeline), every application's timeline as
 * `infocig practice show` prints them, and beside them as the peer one of
 * the company's workers looked up the same way; and the consultant's list
 * of companies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "conf.h"
#include "lookup.h"
#include "store.h"

/*
 * Rows of the case pane's application list computed when a case opens
 * (argv[3]): the pane shows a third of its height, 4 rows in a 100x30
 * terminal; 10 is a large terminal's.  The selected application is the
 * first row, computed once.
 */
static size_t case_page = 10;
/* Codice fiscale of the consultant of the large employers (seed_bulk.c). */
#define LARGE_CONSULTANT "GRNGLI50A41H501E"

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
report(const char *what, int64_t *us, size_t n)
{
	qsort(us, n, sizeof *us, cmp_i64);
	printf("%-34s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (%zu lookups)\n", what,
	    us[n / 2] / 1000.0, us[(n * 99) / 100] / 1000.0, us[n - 1] / 1000.0, n);
}

/* lookup_resolve of key, then the timelines of its first n applications; the time in us. */
static int64_t
open_case(struct store *st, const struct conf *c, const struct store_account *staff,
    const char *key, size_t n, int64_t *worker_out)
{
	struct lookup l;
	struct practice p;
	struct timeline t;
	char msg[256];
	int64_t t0 = clock_mono_us(), wid;
	size_t k;

	if (lookup_resolve(st, staff, key, "benchmark", 0, &l, msg, sizeof msg) < 0)
		fatal("lookup %s: %s", key, msg);
	wid = l.has_worker ? l.worker.id : 0;
	for (k = 0; k < l.npractices && k < n; k++) {
		if (lookup_timeline(st, c, l.practices[k], wid, day_from_ymd(2026, 11, 22),
		    &p, &t) < 0)
			fatal("timeline failed");
		if (worker_out != NULL && *worker_out == 0 && p.nworkers > 0)
			*worker_out = p.workers[p.nworkers / 2].worker_id;
		practice_clear(&p);
	}
	lookup_clear(&l);
	return clock_mono_us() - t0;
}

static void
bench_large(struct store *st, const struct conf *c, const struct store_account *staff)
{
	struct store_account cons;
	struct store_company *co = NULL;
	struct store_worker w;
	char (*wcf)[17];
	int64_t *pane, *show, *peer, *list, t0;
	size_t n, i, k, reps = 5, m = 0, npane = 0;
	int64_t wid;

	if (store_account_by_login(st, LARGE_CONSULTANT, &cons) < 0 ||
	    store_delegations_of(st, cons.id, &co, &n) < 0 || n == 0) {
		printf("no large employers in this database (seeded before issue 19)\n");
		free(co);
		return;
	}
	pane = xcalloc(n * reps, sizeof *pane);
	show = xcalloc(n, sizeof *show);
	peer = xcalloc(n * reps, sizeof *peer);
	list = xcalloc(n * reps, sizeof *list);
	wcf = xcalloc(n, sizeof *wcf);
	/* Warm: every company once, finding one of its workers. */
	for (i = 0; i < n; i++) {
		wid = 0;
		open_case(st, c, staff, co[i].matricola, 1, &wid);
		if (wid == 0 || store_worker_by_id(st, wid, &w) < 0)
			fatal("large employer %s: no worker", co[i].matricola);
		memcpy(wcf[i], w.cf, 17);
		open_case(st, c, staff, wcf[i], (size_t)-1, NULL);
	}
	for (k = 0; k < reps; k++)
		for (i = 0; i < n; i++, npane++) {
			pane[npane] = open_case(st, c, staff, co[i].matricola, case_page, NULL);
			peer[npane] = open_case(st, c, staff, wcf[i], (size_t)-1, NULL);
		}
	for (i = 0; i < n; i++)
		show[i] = open_case(st, c, staff, co[i].matricola, (size_t)-1, NULL);
	for (k = 0; k < reps * n; k++) {
		struct store_company *again = NULL;

		t0 = clock_mono_us();
		if (store_delegations_of(st, cons.id, &again, &m) < 0)
			fatal("delegations failed");
		list[k] = clock_mono_us() - t0;
		free(again);
	}
	{
		struct lookup l;
		char msg[256];

		if (lookup_resolve(st, staff, co[0].matricola, "benchmark", 0, &l, msg,
		    sizeof msg) < 0)
			fatal("lookup: %s", msg);
		printf("large employers: %zu, e.g. matricola %s with %zu applications\n", n,
		    co[0].matricola, l.npractices);
		lookup_clear(&l);
	}
	report("large company: case pane opens", pane, npane);
	printf("  (lookup by matricola, the timelines of the list's first page of %zu "
	    "applications)\n", case_page);
	report("peer: one of its workers by CF", peer, npane);
	report("large company: all timelines", show, n);
	printf("  (every application, as infocig practice show computes them)\n");
	report("consultant's company list", list, reps * n);
	printf("  (%zu companies)\n", m);
	printf("target: case pane p99 at most 20 ms on the 5,000,000-worker seed\n");
	free(co);
	free(pane);
	free(show);
	free(peer);
	free(list);
	free(wcf);
}

int
main(int argc, char **argv)
{
	struct store_account staff = { .id = 1, .role = ROLE_SUPERVISOR };
	struct store_counts counts;
	struct store_worker w;
	struct conf *c = conf_defaults();
	struct store *st;
	char err[256], (*cfs)[17];
	size_t n = argc > 2 ? (size_t)atol(argv[2]) : 10000, i, k, found = 0, apps = 0;
	int64_t *us, *peer, t0;
	int pass;

	if (argc < 2)
		fatal("usage: bench_lookup DATABASE [SAMPLES [PAGE]]");
	if (argc > 3 && atol(argv[3]) > 0)
		case_page = (size_t)atol(argv[3]);
	if (store_open(argv[1], 0, &st, err, sizeof err) < 0)
		fatal("%s", err);
	if (store_counts(st, &counts) < 0 || counts.workers == 0)
		fatal("%s: no workers (seed it first)", argv[1]);
	/* The audit log needs a real staff account to point at. */
	if (store_account_by_login(st, "bench", &staff) < 0) {
		str_lcpy(staff.login, "bench", sizeof staff.login);
		str_lcpy(staff.full_name, "Benchmark", sizeof staff.full_name);
		staff.role = ROLE_SUPERVISOR;
		if (store_account_add(st, &staff, NULL) < 0)
			fatal("cannot add the bench account");
	}
	cfs = xcalloc(n, sizeof *cfs);
	us = xcalloc(n, sizeof *us);
	peer = xcalloc(n, sizeof *peer);
	for (i = 0; i < n; i++) {
		int64_t id = 1 + (int64_t)((i * 2654435761u) % (uint64_t)counts.workers);

		if (store_worker_by_id(st, id, &w) == 0)
			memcpy(cfs[found++], w.cf, 17);
	}
	store_span_stats_refresh(st, day_from_ymd(2026, 11, 22), c->timeline.window_days, 0);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < found; i++) {
			struct lookup l;
			char msg[256];

			t0 = clock_mono_us();
			if (lookup_resolve(st, &staff, cfs[i], "benchmark", 0, &l, msg, sizeof msg) < 0)
				fatal("lookup %s: %s", cfs[i], msg);
			for (k = 0; k < l.npractices; k++) {
				struct practice p;
				struct timeline t;

				if (lookup_timeline(st, c, l.practices[k], l.worker.id,
				    day_from_ymd(2026, 11, 22), &p, &t) < 0)
					fatal("timeline failed");
				practice_clear(&p);
			}
			us[i] = clock_mono_us() - t0;
			if (pass == 1)
				apps += l.npractices;
			lookup_clear(&l);
		}
	}
	for (i = 0; i < found; i++) {
		t0 = clock_mono_us();
		store_worker_by_cf(st, cfs[i], &w);
		peer[i] = clock_mono_us() - t0;
	}
	printf("database: %s, %lld workers, %lld applications\n", argv[1],
	    (long long)counts.workers, (long long)counts.practices);
	report("lookup + timeline by CF (warm)", us, found);
	printf("  %.2f applications per lookup on average\n", found ? (double)apps / found : 0.0);
	report("peer: one indexed SELECT by CF", peer, found);
	printf("target: p99 at most 2 ms on the 5,000,000-worker seed\n");
	bench_large(st, c, &staff);
	store_close(st);
	conf_free(c);
	free(cfs);
	free(us);
	free(peer);
	return 0;
}
