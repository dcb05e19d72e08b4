/*
 * The daemon workers' own figures (issue 17): sessions and delivery latency,
 * published by each worker and read by `infocig stats --prometheus`.  The
 * buckets are one text column ("3 0 1 ..."): they are written and read
 * whole, never queried one by one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"

static void
buckets_format(const int64_t *b, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < STORE_LATENCY_BUCKETS && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%lld", i ? " " : "", (long long)b[i]);
}

/* Missing or malformed counts read as 0: a metric is never invented. */
static void
buckets_parse(const char *s, int64_t *b)
{
	char *end;
	size_t i;

	for (i = 0; i < STORE_LATENCY_BUCKETS; i++) {
		long long v = strtoll(s, &end, 10);

		b[i] = end != s && v > 0 ? v : 0;
		s = end;
	}
}

int
store_node_publish(struct store *st, const struct store_worker_status *w)
{
	sqlite3_stmt *s = store_stmt(st, NQ_PUBLISH);
	char buckets[STORE_LATENCY_BUCKETS * 21];

	if (s == NULL)
		return ERR_IO;
	buckets_format(w->buckets, buckets, sizeof buckets);
	sqlite3_bind_text(s, 1, w->node, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, w->worker);
	sqlite3_bind_int64(s, 3, w->pid);
	sqlite3_bind_int64(s, 4, w->started_at);
	sqlite3_bind_int64(s, 5, w->seen_at);
	sqlite3_bind_int64(s, 6, w->sessions);
	sqlite3_bind_int64(s, 7, w->unauthenticated);
	sqlite3_bind_int64(s, 8, w->lines);
	sqlite3_bind_int64(s, 9, w->latency_sum_ms);
	sqlite3_bind_text(s, 10, buckets, -1, SQLITE_STATIC);
	return store_step_done(st, s);
}

int
store_node_remove(struct store *st, const char *node, int worker)
{
	sqlite3_stmt *s = store_stmt(st, NQ_REMOVE);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, node, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, worker);
	return store_step_done(st, s);
}

int
store_node_each(struct store *st, int64_t seen_since,
    int (*fn)(void *arg, const struct store_worker_status *w), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, NQ_EACH);
	struct store_worker_status w;
	int rc;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, seen_since);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&w, 0, sizeof w);
		store_copy_text(w.node, sizeof w.node, s, 0);
		w.worker = sqlite3_column_int(s, 1);
		w.pid = sqlite3_column_int64(s, 2);
		w.started_at = sqlite3_column_int64(s, 3);
		w.seen_at = sqlite3_column_int64(s, 4);
		w.sessions = sqlite3_column_int64(s, 5);
		w.unauthenticated = sqlite3_column_int64(s, 6);
		w.lines = sqlite3_column_int64(s, 7);
		w.latency_sum_ms = sqlite3_column_int64(s, 8);
		buckets_parse(store_col_text(s, 9), w.buckets);
		if (fn(arg, &w) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_node_sql[] = {
	{ NQ_PUBLISH, "INSERT OR REPLACE INTO node_workers (node, worker, pid, started_at,"
	    " seen_at, sessions, unauthenticated, lines, latency_sum_ms, buckets)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	{ NQ_REMOVE, "DELETE FROM node_workers WHERE node = ? AND worker = ?" },
	{ NQ_EACH, "SELECT node, worker, pid, started_at, seen_at, sessions, unauthenticated,"
	    " lines, latency_sum_ms, buckets FROM node_workers WHERE seen_at >= ?"
	    " ORDER BY node, worker" },
};
const size_t store_node_sql_count = nitems(store_node_sql);
