/*
 * The engine and the live snapshot the supervisors' console shows: one
 * refresh reads today's chats, the chats still queued or active, the
 * advisors' states and today's reports, and adds them up.
 */
#include <stdlib.h>
#include <string.h>

#include "store_chat.h"
#include "common.h"
#include "stats_internal.h"

int
stats_new(struct store *st, const struct conf *c, struct stats **out)
{
	struct stats *s;
	int r;

	*out = NULL;
	s = xcalloc(1, sizeof *s);
	if ((r = stats_config_from_conf(&s->cfg, c)) < 0) {
		free(s);
		return r;
	}
	s->st = st;
	*out = s;
	return 0;
}

void
stats_free(struct stats *s)
{
	if (s == NULL)
		return;
	free(s);
}

const struct stats_config *
stats_config(const struct stats *s)
{
	return &s->cfg;
}

void
stats_live_clear(struct stats_live *live)
{
	free(live->advisors);
	free(live->offices);
	memset(live, 0, sizeof *live);
}

struct live_walk {
	struct stats *s;
	struct stats_live *live;
	int64_t from, to;	/* today, as instants */
	int err;
};

static struct stats_advisor *
advisor_slot(struct stats_live *live)
{
	if (live->nadvisors == live->advisors_cap) {
		live->advisors_cap = live->advisors_cap ? live->advisors_cap * 2 : 32;
		live->advisors = xreallocarray(live->advisors, live->advisors_cap,
		    sizeof *live->advisors);
	}
	return &live->advisors[live->nadvisors++];
}

static int
add_advisor(void *arg, const struct stats_advisor *a)
{
	*advisor_slot(arg) = *a;
	return 0;
}

/*
 * The advisor with this id; the list is in id order during the walk.  An
 * advisor who never set a state (no advisor_state row) is read from the
 * accounts and inserted in place.  NULL when there is no such account.
 */
static struct stats_advisor *
find_advisor(struct live_walk *w, int64_t id)
{
	struct stats_live *live = w->live;
	struct stats_advisor a, *slot;
	size_t lo = 0, hi = live->nadvisors, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (live->advisors[mid].id == id)
			return &live->advisors[mid];
		if (live->advisors[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (store_stats_account(w->s->st, id, &a) < 0)
		return NULL;
	a.channels = (1u << CHANNEL_COUNT) - 1;
	slot = advisor_slot(live);
	memmove(&live->advisors[lo + 1], &live->advisors[lo],
	    (size_t)(slot - &live->advisors[lo]) * sizeof *slot);
	live->advisors[lo] = a;
	return &live->advisors[lo];
}

static int
live_chat(void *arg, const struct stats_chat *c)
{
	struct live_walk *w = arg;
	struct stats_live *live = w->live;
	struct stats_channel_now *ch = &live->channel[c->channel];
	struct stats_figures one;
	struct stats_advisor *a = NULL;
	int32_t day;
	int minute;

	if (c->advisor_id != 0)
		a = find_advisor(w, c->advisor_id);
	if (c->state == CHAT_QUEUED) {
		ch->waiting++;
		if (live->now - c->queued_at > ch->longest_wait)
			ch->longest_wait = live->now - c->queued_at;
	} else if (c->state == CHAT_ACTIVE) {
		ch->in_progress++;
		if (a != NULL)
			a->in_progress++;
	}
	if (c->queued_at < w->from || c->queued_at >= w->to)
		return 0;
	memset(&one, 0, sizeof one);
	stats_figures_add(&one, c, &w->s->cfg);
	stats_figures_merge(&live->today, &one);
	stats_figures_merge(&live->today_channel[c->channel], &one);
	calendar_local(w->s->cfg.hours.tz, (time_t)c->queued_at, &day, &minute);
	live->hours[minute / 60].offered += one.offered;
	live->hours[minute / 60].answered += one.answered;
	live->hours[minute / 60].abandoned += one.abandoned;
	if (a != NULL) {
		a->handled += one.handled;
		a->handle_sum += one.handle_sum;
	}
	return 0;
}

static int
add_office(void *arg, const struct stats_office *o)
{
	struct stats_live *live = arg;

	if (live->noffices == live->offices_cap) {
		live->offices_cap = live->offices_cap ? live->offices_cap * 2 : 16;
		live->offices = xreallocarray(live->offices, live->offices_cap,
		    sizeof *live->offices);
	}
	live->offices[live->noffices++] = *o;
	live->reports += o->reports;
	return 0;
}

static int
cmp_advisor_name(const void *x, const void *y)
{
	const struct stats_advisor *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	return c != 0 ? c : strcmp(a->login, b->login);
}

/* States, channel counts, and the list cut to the advisors worth showing. */
static void
live_advisors(struct stats_live *live, const struct stats_config *cfg)
{
	size_t i, n = 0;
	int k;

	for (i = 0; i < live->nadvisors; i++) {
		struct stats_advisor *a = &live->advisors[i];

		a->state = stats_advisor_state(a->declared, a->heartbeat, a->in_progress,
		    live->now);
		a->aht = a->handled > 0 ? (double)a->handle_sum / (double)a->handled : -1.0;
		for (k = 0; k < CHANNEL_COUNT && a->state != STATS_OFFLINE; k++) {
			struct stats_channel_now *ch = &live->channel[k];

			if (!(a->channels & (1u << k)))
				continue;
			if (a->state == STATS_AVAILABLE)
				ch->available++;
			else if (a->state == STATS_BUSY)
				ch->busy++;
			else
				ch->paused++;
			if (a->declared == ADVISOR_AVAILABLE && a->in_progress < cfg->max_chats)
				ch->free_slots += cfg->max_chats - a->in_progress;
		}
		if (a->state != STATS_OFFLINE || a->in_progress > 0 || a->handled > 0)
			live->advisors[n++] = *a;
	}
	live->nadvisors = n;
	if (n > 1)
		qsort(live->advisors, n, sizeof *live->advisors, cmp_advisor_name);
}

/* The bars to draw: the day's service hours, widened to any hour with chats. */
static void
live_hour_window(struct stats_live *live, const struct stats_config *cfg)
{
	int w = day_weekday(live->day), h;

	live->hour_from = live->hour_to = 0;
	if (calendar_is_open_day(&cfg->hours, live->day)) {
		live->hour_from = cfg->hours.open[w] / 60;
		live->hour_to = (cfg->hours.close[w] + 59) / 60;
	}
	for (h = 0; h < 24; h++) {
		if (live->hours[h].offered == 0)
			continue;
		if (live->hour_from == live->hour_to) {
			live->hour_from = h;
			live->hour_to = h + 1;
		}
		if (h < live->hour_from)
			live->hour_from = h;
		if (h >= live->hour_to)
			live->hour_to = h + 1;
	}
}

int
stats_live_refresh(struct stats *s, int64_t now, struct stats_live *live)
{
	struct stats_advisor *keep_a = live->advisors;
	struct stats_office *keep_o = live->offices;
	size_t cap_a = live->advisors_cap, cap_o = live->offices_cap;
	struct live_walk w;
	int minute, r, k;

	/* Start afresh but keep the arrays. */
	memset(live, 0, sizeof *live);
	live->advisors = keep_a;
	live->advisors_cap = cap_a;
	live->offices = keep_o;
	live->offices_cap = cap_o;
	live->now = now;
	calendar_local(s->cfg.hours.tz, (time_t)now, &live->day, &minute);
	live->service = calendar_service_state(&s->cfg.hours, (time_t)now);

	memset(&w, 0, sizeof w);
	w.s = s;
	w.live = live;
	w.from = calendar_to_utc(s->cfg.hours.tz, live->day, 0);
	w.to = calendar_to_utc(s->cfg.hours.tz, live->day + 1, 0);
	if ((r = store_stats_advisors(s->st, add_advisor, live)) < 0 ||
	    (r = store_stats_chats(s->st, w.from, w.to, 1, live_chat, &w)) < 0 ||
	    (r = store_stats_reports(s->st, w.from, w.to, add_office, live)) < 0)
		return r;
	stats_figures_finish(&live->today);
	for (k = 0; k < CHANNEL_COUNT; k++)
		stats_figures_finish(&live->today_channel[k]);
	live_advisors(live, &s->cfg);
	live_hour_window(live, &s->cfg);
	return 0;
}

/* Adds one worker's row to its node's figures (rows come by node). */
static int
add_worker(void *arg, const struct store_worker_status *w)
{
	struct stats_daemons *d = arg;
	struct stats_node *n;
	size_t i;

	if (d->nnodes == 0 || strcmp(d->nodes[d->nnodes - 1].node, w->node) != 0) {
		d->nodes = xreallocarray(d->nodes, d->nnodes + 1, sizeof *d->nodes);
		n = &d->nodes[d->nnodes++];
		memset(n, 0, sizeof *n);
		str_lcpy(n->node, w->node, sizeof n->node);
	}
	n = &d->nodes[d->nnodes - 1];
	n->workers++;
	n->sessions += w->sessions;
	n->unauthenticated += w->unauthenticated;
	n->lines += w->lines;
	n->latency_sum_ms += w->latency_sum_ms;
	for (i = 0; i < STORE_LATENCY_BUCKETS; i++)
		n->buckets[i] += w->buckets[i];
	return 0;
}

int
stats_daemons_load(struct stats *s, int64_t now, struct stats_daemons *out)
{
	int r;

	memset(out, 0, sizeof *out);
	if ((r = store_node_each(s->st, now - STATS_DAEMON_FRESH_SECONDS, add_worker, out)) < 0)
		stats_daemons_clear(out);
	return r;
}

void
stats_daemons_clear(struct stats_daemons *d)
{
	free(d->nodes);
	memset(d, 0, sizeof *d);
}
