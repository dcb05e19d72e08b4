/*
 * bench_lookup: latency of a lookup plus timeline by codice fiscale, warm.
 *   bench_lookup DATABASE [SAMPLES]
 * Picks SAMPLES workers spread over the table, runs every lookup once to warm
 * the cache, then times each (lookup_resolve + lookup_timeline of every
 * application) and prints p50, p99 and max.  The peer is the floor: one
 * indexed SELECT of the worker row by codice fiscale.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "conf.h"
#include "lookup.h"
#include "store.h"

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
		fatal("usage: bench_lookup DATABASE [SAMPLES]");
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
	store_close(st);
	conf_free(c);
	free(cfs);
	free(us);
	free(peer);
	return 0;
}
