/*
 * History: the figures of a range of local days, grouped by day, hour of
 * the day, advisor, channel or province.  One pass over the chats queued in
 * the range; groups are found by key through the common hash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hash.h"
#include "stats_internal.h"

static const char *const by_names[STATS_NBY] = {
	"", "day", "hour", "advisor", "channel", "province",
};

const char *
stats_by_name(int by)
{
	return by >= 0 && by < STATS_NBY ? by_names[by] : "?";
}

int
stats_by_parse(const char *name)
{
	int i;

	for (i = STATS_BY_DAY; name != NULL && i < STATS_NBY; i++)
		if (strcmp(name, by_names[i]) == 0)
			return i;
	return ERR_INVALID;
}

struct hist_walk {
	struct stats *s;
	struct stats_history *h;
	int64_t t0, t1;		/* the range, as instants */
	int64_t seen;		/* chats read */
	int stopped;		/* the progress hook said stop */
	size_t cap;		/* of h->groups */
	struct hash *index;	/* group key -> its index in h->groups */
};

/* The group of key, created empty when new. */
static struct stats_group *
group_of(struct hist_walk *w, int64_t key)
{
	struct stats_history *h = w->h;
	size_t *i;
	int added;

	if (w->index == NULL)
		w->index = hash_new(HASH_INT, sizeof(size_t));
	i = hash_int_put(w->index, key, &added);
	if (!added)
		return &h->groups[*i];
	if (h->ngroups == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		h->groups = xreallocarray(h->groups, w->cap, sizeof *h->groups);
	}
	memset(&h->groups[h->ngroups], 0, sizeof *h->groups);
	h->groups[h->ngroups].key = key;
	*i = h->ngroups++;
	return &h->groups[*i];
}

static int64_t
province_key(const char *p)
{
	if (p[0] == '\0' || p[1] == '\0')
		return 0;
	return (int64_t)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

static int
hist_chat(void *arg, const struct stats_chat *c)
{
	struct hist_walk *w = arg;
	const struct stats_config *cfg = &w->s->cfg;
	struct stats_figures one;
	int64_t key = 0;
	int32_t day;
	int minute;

	if (w->s->progress != NULL && (++w->seen & 4095) == 0 && w->t1 > w->t0 &&
	    w->s->progress(w->s->progress_arg, (int)((c->queued_at - w->t0) * 1000 /
	    (w->t1 - w->t0))) != 0) {
		w->stopped = 1;
		return 1;
	}
	memset(&one, 0, sizeof one);
	stats_figures_add(&one, c, cfg);
	stats_figures_merge(&w->h->total, &one);
	switch (w->h->by) {
	case STATS_BY_NONE:
		return 0;
	case STATS_BY_DAY:
	case STATS_BY_HOUR:
		calendar_local(cfg->hours.tz, (time_t)c->queued_at, &day, &minute);
		key = w->h->by == STATS_BY_DAY ? day : minute / 60;
		break;
	case STATS_BY_ADVISOR:
		key = c->advisor_id;
		break;
	case STATS_BY_CHANNEL:
		key = c->channel;
		break;
	case STATS_BY_PROVINCE:
		key = province_key(c->province);
		break;
	}
	stats_figures_merge(&group_of(w, key)->f, &one);
	return 0;
}

static void
counts_to_figures(struct stats_figures *f, const struct store_agg_counts *c)
{
	int i;

	memset(f, 0, sizeof *f);
	f->offered = c->offered;
	f->answered = c->answered;
	f->abandoned = c->abandoned;
	f->short_abandoned = c->short_abandoned;
	f->unserved = c->unserved;
	f->in_progress = c->in_progress;
	f->handled = c->handled;
	f->answered_in_sl = c->answered_in_sl;
	f->wait_sum = c->wait_sum;
	f->handle_sum = c->handle_sum;
	for (i = 0; i < CHAT_OUTCOME_COUNT; i++)
		f->outcomes[i] = c->outcomes[i];
	f->surveys = c->surveys;
	f->survey_sum = c->survey_sum;
}

static int
hist_agg(void *arg, int32_t day, int64_t key, const struct store_agg_counts *c)
{
	struct hist_walk *w = arg;
	struct stats_figures one;

	/* Every finished chat is offered or a short abandon: else a row emptied by a resume. */
	if (c->offered == 0 && c->short_abandoned == 0)
		return 0;
	counts_to_figures(&one, c);
	stats_figures_merge(&w->h->total, &one);
	if (w->h->by != STATS_BY_NONE)
		stats_figures_merge(&group_of(w, w->h->by == STATS_BY_DAY ? day : key)->f, &one);
	return 0;
}

/* The finished chats of the range from the aggregates. */
static int
hist_aggregates(struct hist_walk *w)
{
	static const int dim[STATS_NBY] = {
		[STATS_BY_NONE] = STORE_AGG_HOUR, [STATS_BY_DAY] = STORE_AGG_HOUR,
		[STATS_BY_HOUR] = STORE_AGG_HOUR, [STATS_BY_ADVISOR] = STORE_AGG_ADVISOR,
		[STATS_BY_CHANNEL] = STORE_AGG_CHANNEL, [STATS_BY_PROVINCE] = STORE_AGG_PROVINCE,
	};

	return store_stats_agg_each(w->s->st, dim[w->h->by], w->h->from, w->h->to,
	    w->h->by == STATS_BY_DAY, hist_agg, w);
}

int
stats_aggregates_state(struct stats *s, char *why, size_t whylen)
{
	struct store_agg_meta m;
	const char *zone = calendar_tz_name(s->cfg.hours.tz);
	int r;

	if (why != NULL && whylen > 0)
		*why = '\0';
	if ((r = store_stats_agg_meta(s->st, &m)) < 0)
		return r;
	if (!m.is_built)
		return STATS_AGG_MISSING;
	if (strcmp(m.timezone, zone) != 0) {
		if (why != NULL)
			snprintf(why, whylen, "fuso orario %s, ora %s", m.timezone, zone);
		return STATS_AGG_STALE;
	}
	if (m.service_level_seconds != s->cfg.service_level_seconds) {
		if (why != NULL)
			snprintf(why, whylen, "livello di servizio %d s, ora %d s",
			    m.service_level_seconds, s->cfg.service_level_seconds);
		return STATS_AGG_STALE;
	}
	if (m.abandon_min_seconds != s->cfg.abandon_min_seconds) {
		if (why != NULL)
			snprintf(why, whylen, "abbandono minimo %d s, ora %d s",
			    m.abandon_min_seconds, s->cfg.abandon_min_seconds);
		return STATS_AGG_STALE;
	}
	return STATS_AGG_CURRENT;
}

void
stats_set_progress(struct stats *s, int (*fn)(void *arg, int permille), void *arg)
{
	s->progress = fn;
	s->progress_arg = arg;
}

void
stats_use_aggregates(struct stats *s, int use)
{
	s->skip_aggregates = !use;
}

int
stats_aggregates_rebuild(struct stats *s,
    void (*progress)(void *arg, uint64_t done, uint64_t total), void *arg, int64_t *chats)
{
	return store_stats_agg_rebuild(s->st, calendar_tz_name(s->cfg.hours.tz),
	    s->cfg.service_level_seconds, s->cfg.abandon_min_seconds, progress, arg, chats);
}

/* Days the service opened and hours of its opening times: shown even when empty. */
static void
hist_prefill(struct hist_walk *w)
{
	const struct stats_config *cfg = &w->s->cfg;
	int hours[24] = { 0 }, h, k, seen = 0;
	int32_t d;

	switch (w->h->by) {
	case STATS_BY_DAY:
		for (d = w->h->from; d <= w->h->to; d++)
			if (calendar_is_open_day(&cfg->hours, d))
				group_of(w, d);
		break;
	case STATS_BY_HOUR:
		/* The weekdays repeat: a week covers every opening time. */
		for (d = w->h->from; d <= w->h->to && seen < 7 * 8; d++, seen++) {
			int wd = day_weekday(d);

			if (!calendar_is_open_day(&cfg->hours, d))
				continue;
			for (h = cfg->hours.open[wd] / 60; h < (cfg->hours.close[wd] + 59) / 60 &&
			    h < 24; h++)
				hours[h] = 1;
		}
		for (h = 0; h < 24; h++)
			if (hours[h])
				group_of(w, h);
		break;
	case STATS_BY_CHANNEL:
		for (k = 0; k < CHANNEL_COUNT; k++)
			group_of(w, k);
		break;
	default:
		break;
	}
}

static int
cmp_key(const void *x, const void *y)
{
	const struct stats_group *a = x, *b = y;

	return (a->key > b->key) - (a->key < b->key);
}

static int
cmp_advisor(const void *x, const void *y)
{
	const struct stats_group *a = x, *b = y;
	int c;

	/* Chats no advisor took come last. */
	if ((a->key == 0) != (b->key == 0))
		return a->key == 0 ? 1 : -1;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	return strcmp(a->label, b->label);
}

static void
hist_labels(struct hist_walk *w)
{
	struct stats_history *h = w->h;
	struct stats_advisor a;
	size_t i;

	for (i = 0; i < h->ngroups; i++) {
		struct stats_group *g = &h->groups[i];

		stats_figures_finish(&g->f);
		switch (h->by) {
		case STATS_BY_DAY:
			day_format((int32_t)g->key, g->label, sizeof g->label);
			break;
		case STATS_BY_HOUR:
			snprintf(g->label, sizeof g->label, "%02d", (int)g->key);
			break;
		case STATS_BY_ADVISOR:
			if (g->key == 0) {
				str_lcpy(g->label, "-", sizeof g->label);
				str_lcpy(g->name, "(nessun operatore)", sizeof g->name);
			} else if (store_stats_account(w->s->st, g->key, &a) == 0) {
				str_lcpy(g->label, a.login, sizeof g->label);
				str_lcpy(g->name, a.name, sizeof g->name);
			} else {
				snprintf(g->label, sizeof g->label, "#%lld", (long long)g->key);
			}
			break;
		case STATS_BY_CHANNEL:
			str_lcpy(g->label, chat_channel_name((int)g->key), sizeof g->label);
			break;
		case STATS_BY_PROVINCE:
			if (g->key == 0)
				str_lcpy(g->label, "-", sizeof g->label);
			else
				snprintf(g->label, sizeof g->label, "%c%c", (char)(g->key >> 8),
				    (char)(g->key & 0xff));
			break;
		default:
			break;
		}
	}
	if (h->ngroups > 1)
		qsort(h->groups, h->ngroups, sizeof *h->groups,
		    h->by == STATS_BY_ADVISOR ? cmp_advisor : cmp_key);
}

static int
hist_office(void *arg, const struct stats_office *o)
{
	struct stats_history *h = arg;

	h->offices = xreallocarray(h->offices, h->noffices + 1, sizeof *h->offices);
	h->offices[h->noffices++] = *o;
	h->reports += o->reports;
	return 0;
}

int
stats_history(struct stats *s, int32_t from, int32_t to, int by, struct stats_history *out)
{
	struct hist_walk w;
	int64_t t0, t1;
	int r = 0;

	memset(out, 0, sizeof *out);
	if (from > to || by < 0 || by >= STATS_NBY)
		return ERR_INVALID;
	out->from = from;
	out->to = to;
	out->by = by;
	memset(&w, 0, sizeof w);
	w.s = s;
	w.h = out;
	hist_prefill(&w);
	t0 = calendar_to_utc(s->cfg.hours.tz, from, 0);
	t1 = calendar_to_utc(s->cfg.hours.tz, to + 1, 0);
	w.t0 = t0;
	w.t1 = t1;
	if (!s->skip_aggregates && (r = stats_aggregates_state(s, NULL, 0)) == STATS_AGG_CURRENT) {
		out->source = STATS_FROM_AGGREGATES;
		if ((r = hist_aggregates(&w)) == 0)
			r = store_stats_open_chats(s->st, t0, t1, hist_chat, &w);
	} else if (r >= 0 || s->skip_aggregates) {
		out->source = STATS_FROM_CHATS;
		r = store_stats_chats(s->st, t0, t1, 0, hist_chat, &w);
	}
	if (r == 0 && w.stopped)
		r = ERR_CONFLICT;
	if (r == 0 && out->source == STATS_FROM_AGGREGATES)
		r = store_stats_agg_reports(s->st, from, to, hist_office, out);
	else if (r == 0)
		r = store_stats_reports(s->st, t0, t1, hist_office, out);
	hash_free(w.index);
	if (r < 0) {
		stats_history_clear(out);
		return r;
	}
	stats_figures_finish(&out->total);
	hist_labels(&w);
	return 0;
}

void
stats_history_clear(struct stats_history *h)
{
	free(h->groups);
	free(h->offices);
	memset(h, 0, sizeof *h);
}
