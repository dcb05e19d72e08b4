/*
 * The worker's own figures for the metrics (issue 17): how many sessions it
 * holds and how long lines took from being written to the database to being
 * handed to a session, published every METRICS_MS in the node_workers table
 * for `infocig stats --prometheus`.
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "ssh_internal.h"

/* The real time, as the database stamps messages with it (STORE_NOW_MS). */
static int64_t
real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sshd_metrics_open(struct sshd_worker *w)
{
	struct store_worker_status *m = &w->metrics;

	memset(m, 0, sizeof *m);
	if (gethostname(m->node, sizeof m->node - 1) < 0 || m->node[0] == '\0')
		str_lcpy(m->node, "localhost", sizeof m->node);
	m->worker = w->a->index;
	m->pid = (int64_t)getpid();
	m->started_at = clock_now();
	sshd_metrics_publish(w);
}

void
sshd_metrics_line(struct sshd_worker *w, const struct chat_message *msg)
{
	static const int64_t bounds[] = STORE_LATENCY_BOUNDS_MS;
	struct store_worker_status *m = &w->metrics;
	int64_t ms;
	size_t i;

	if (msg->sent_ms <= 0)
		return;		/* written before the column existed */
	ms = real_ms() - msg->sent_ms;
	if (ms < 0)
		ms = 0;		/* the clock stepped back */
	for (i = 0; i < nitems(bounds) && ms > bounds[i]; i++)
		;
	m->buckets[i]++;
	m->lines++;
	m->latency_sum_ms += ms;
}

void
sshd_metrics_publish(struct sshd_worker *w)
{
	struct store_worker_status *m = &w->metrics;

	m->seen_at = clock_now();
	m->sessions = w->nsessions;
	m->unauthenticated = w->nunauth;
	/* A busy database only delays the figures until the next turn. */
	if (store_node_publish(w->st, m) < 0)
		log_debug("metrics not published: %s", store_errmsg(w->st));
}

void
sshd_metrics_close(struct sshd_worker *w)
{
	if (w->st != NULL && w->metrics.node[0] != '\0')
		(void)store_node_remove(w->st, w->metrics.node, w->metrics.worker);
}
