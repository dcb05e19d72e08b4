/*
 * The live snapshot in the Prometheus text exposition format (version
 * 0.0.4), for node_exporter's textfile collector: one HELP and one TYPE line
 * per metric family, then its samples.  Every figure of the queue is a
 * gauge: the daily ones start again at local midnight, so none of them is a
 * counter.  The daemons' delivery latency is a histogram of counts since
 * each worker started.
 */
#include <math.h>
#include <stdio.h>

#include "common.h"
#include "stats.h"

static const char *const outcome_names[CHAT_OUTCOME_COUNT] = {
	[OUTCOME_RESOLVED] = "risolta", [OUTCOME_LINEA_INPS] = "linea_inps", [OUTCOME_OTHER] = "altro",
};
static const char *const advisor_state_names[STATS_NSTATES] = {
	[STATS_OFFLINE] = "offline", [STATS_AVAILABLE] = "available", [STATS_BUSY] = "busy",
	[STATS_PAUSED] = "paused",
};

static void
family(FILE *fp, const char *name, const char *help)
{
	fprintf(fp, "# HELP infocig_%s %s\n# TYPE infocig_%s gauge\n", name, help, name);
}

/* A ratio or average that has no denominator yet is NaN, as Prometheus spells it. */
static void
value(FILE *fp, double v)
{
	if (v < 0 || isnan(v))
		fputs("NaN\n", fp);
	else
		fprintf(fp, "%.6g\n", v);
}

static void
per_channel(FILE *fp, const struct stats_live *l, const char *name, const char *help,
    int64_t (*get)(const struct stats_channel_now *))
{
	int c;

	family(fp, name, help);
	for (c = 0; c < CHANNEL_COUNT; c++)
		fprintf(fp, "infocig_%s{channel=\"%s\"} %lld\n", name, chat_channel_name(c),
		    (long long)get(&l->channel[c]));
}

static int64_t get_waiting(const struct stats_channel_now *c) { return c->waiting; }
static int64_t get_longest(const struct stats_channel_now *c) { return c->longest_wait; }
static int64_t get_active(const struct stats_channel_now *c) { return c->in_progress; }
static int64_t get_free(const struct stats_channel_now *c) { return c->free_slots; }

static void
advisors(FILE *fp, const struct stats_live *l)
{
	int64_t n[STATS_NSTATES] = { 0 };
	size_t i;
	int s;

	for (i = 0; i < l->nadvisors; i++)
		if (l->advisors[i].state >= 0 && l->advisors[i].state < STATS_NSTATES)
			n[l->advisors[i].state]++;
	family(fp, "advisors", "Advisors by state now (offline: holding chats or worked today).");
	for (s = 0; s < STATS_NSTATES; s++)
		fprintf(fp, "infocig_advisors{state=\"%s\"} %lld\n", advisor_state_names[s],
		    (long long)n[s]);
}

static void
today(FILE *fp, const struct stats_live *l)
{
	const struct stats_figures *f = &l->today;
	const struct { const char *kind; int64_t n; } kinds[] = {
		{ "offered", f->offered }, { "answered", f->answered },
		{ "abandoned", f->abandoned }, { "short_abandoned", f->short_abandoned },
		{ "unserved", f->unserved }, { "waiting", f->waiting },
	};
	size_t i;

	family(fp, "chats_today", "Chats queued today (local day), by how they went.");
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		fprintf(fp, "infocig_chats_today{kind=\"%s\"} %lld\n", kinds[i].kind,
		    (long long)kinds[i].n);
	family(fp, "chats_closed_today", "Chats queued today and closed, by outcome.");
	for (i = 0; i < CHAT_OUTCOME_COUNT; i++)
		fprintf(fp, "infocig_chats_closed_today{outcome=\"%s\"} %lld\n", outcome_names[i],
		    (long long)f->outcomes[i]);
	family(fp, "service_level_ratio",
	    "Share of today's offered chats answered within queue.service_level_seconds.");
	fputs("infocig_service_level_ratio ", fp);
	value(fp, f->service_level);
	family(fp, "abandon_ratio", "Share of today's offered chats abandoned.");
	fputs("infocig_abandon_ratio ", fp);
	value(fp, f->abandon_rate);
	family(fp, "answer_seconds_average", "Average speed of answer today, seconds.");
	fputs("infocig_answer_seconds_average ", fp);
	value(fp, f->asa);
	family(fp, "handle_seconds_average", "Average handle time today, seconds.");
	fputs("infocig_handle_seconds_average ", fp);
	value(fp, f->aht);
	family(fp, "reports_today", "Linea INPS reports filed today.");
	fprintf(fp, "infocig_reports_today %lld\n", (long long)l->reports);
}

/* A label value: backslash, double quote and newline escaped (exposition format). */
static void
label_value(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(fp, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", fp);
		else
			fputc(*s, fp);
	}
}

static void
per_node(FILE *fp, const struct stats_daemons *d, const char *name, const char *help,
    int64_t (*get)(const struct stats_node *))
{
	size_t i;

	family(fp, name, help);
	for (i = 0; i < d->nnodes; i++) {
		fprintf(fp, "infocig_%s{node=\"", name);
		label_value(fp, d->nodes[i].node);
		fprintf(fp, "\"} %lld\n", (long long)get(&d->nodes[i]));
	}
}

static int64_t get_workers(const struct stats_node *n) { return n->workers; }
static int64_t get_sessions(const struct stats_node *n) { return n->sessions; }
static int64_t get_unauth(const struct stats_node *n) { return n->unauthenticated; }

/*
 * The delivery latency as a Prometheus histogram: cumulative buckets with
 * le in seconds, then +Inf, _sum and _count.  The counts start again when a
 * worker restarts, which Prometheus reads as a counter reset.
 */
static void
latency(FILE *fp, const struct stats_daemons *d)
{
	static const int64_t bounds[] = STORE_LATENCY_BOUNDS_MS;
	const char *name = "infocig_delivery_latency_seconds";
	size_t i, b;

	fprintf(fp, "# HELP %s Time from a line being written to the database to its being "
	    "handed to a person's session.\n# TYPE %s histogram\n", name, name);
	for (i = 0; i < d->nnodes; i++) {
		const struct stats_node *n = &d->nodes[i];
		int64_t cum = 0;

		for (b = 0; b < STORE_LATENCY_BUCKETS; b++) {
			cum += n->buckets[b];
			fprintf(fp, "%s_bucket{node=\"", name);
			label_value(fp, n->node);
			if (b < nitems(bounds))
				fprintf(fp, "\",le=\"%g\"} %lld\n", (double)bounds[b] / 1000,
				    (long long)cum);
			else
				fprintf(fp, "\",le=\"+Inf\"} %lld\n", (long long)cum);
		}
		fprintf(fp, "%s_sum{node=\"", name);
		label_value(fp, n->node);
		fprintf(fp, "\"} %.3f\n%s_count{node=\"", (double)n->latency_sum_ms / 1000, name);
		label_value(fp, n->node);
		fprintf(fp, "\"} %lld\n", (long long)n->lines);
	}
}

int
stats_prometheus_write(FILE *fp, const struct stats_live *l, const struct stats_daemons *d)
{
	family(fp, "service_open", "1 while the service takes new chats, 0 otherwise.");
	fprintf(fp, "infocig_service_open %d\n", l->service == SERVICE_OPEN);
	per_channel(fp, l, "queue_waiting", "Chats waiting in the queue now.", get_waiting);
	per_channel(fp, l, "queue_longest_wait_seconds",
	    "Seconds the longest-waiting queued chat has waited.", get_longest);
	per_channel(fp, l, "chats_in_progress", "Chats being answered now.", get_active);
	per_channel(fp, l, "free_slots",
	    "Chats the online, not paused advisors could still take.", get_free);
	advisors(fp, l);
	today(fp, l);
	if (d != NULL) {
		per_node(fp, d, "daemon_workers",
		    "infocigd worker processes that reported in the last 30 seconds.", get_workers);
		per_node(fp, d, "sessions", "SSH sessions open now, logged in or not.",
		    get_sessions);
		per_node(fp, d, "sessions_unauthenticated",
		    "SSH sessions open now that have not logged in yet.", get_unauth);
		latency(fp, d);
	}
	family(fp, "snapshot_timestamp_seconds", "When these figures were read (Unix time).");
	fprintf(fp, "infocig_snapshot_timestamp_seconds %lld\n", (long long)l->now);
	return ferror(fp) ? ERR_IO : 0;
}
