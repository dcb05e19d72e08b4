/*
 * The formulas: how one chat is counted, what the counters give, and the
 * state shown for an advisor.  Pure code; infocig(1) section STATISTICS
 * states the same definitions.
 */
#include <stdio.h>
#include <string.h>

#include "store_chat.h"
#include "common.h"
#include "service.h"
#include "stats.h"

int
stats_config_from_conf(struct stats_config *cfg, const struct conf *c)
{
	memset(cfg, 0, sizeof *cfg);
	if (service_hours_from_conf(&cfg->hours, c) < 0)
		return ERR_INVALID;
	cfg->service_level_seconds = c->queue.service_level_seconds;
	cfg->abandon_min_seconds = c->queue.abandon_min_seconds;
	cfg->max_chats = c->queue.max_chats_per_advisor;
	return 0;
}

int
stats_chat_kind(const struct stats_chat *c, const struct stats_config *cfg)
{
	if (c->taken_at != 0)
		return STATS_ANSWERED;
	switch (c->state) {
	case CHAT_QUEUED:
		return STATS_WAITING;
	case CHAT_ABANDONED:
	case CHAT_DISCONNECTED:
		return c->ended_at - c->queued_at < cfg->abandon_min_seconds ?
		    STATS_SHORT_ABANDON : STATS_ABANDONED;
	case CHAT_CLOSED:
		return STATS_UNSERVED;
	default:
		/* Active without a taking time: inconsistent; an answer at once. */
		return STATS_ANSWERED;
	}
}

void
stats_figures_add(struct stats_figures *f, const struct stats_chat *c,
    const struct stats_config *cfg)
{
	int64_t wait;

	switch (stats_chat_kind(c, cfg)) {
	case STATS_WAITING:
		f->offered++;
		f->waiting++;
		break;
	case STATS_SHORT_ABANDON:
		f->short_abandoned++;
		break;
	case STATS_ABANDONED:
		f->offered++;
		f->abandoned++;
		break;
	case STATS_UNSERVED:
		f->offered++;
		f->unserved++;
		break;
	case STATS_ANSWERED:
		f->offered++;
		f->answered++;
		wait = c->taken_at != 0 && c->taken_at > c->queued_at ?
		    c->taken_at - c->queued_at : 0;
		f->wait_sum += wait;
		if (wait <= cfg->service_level_seconds)
			f->answered_in_sl++;
		if (c->state == CHAT_ACTIVE || c->ended_at == 0) {
			f->in_progress++;
		} else {
			f->handled++;
			if (c->taken_at != 0 && c->ended_at > c->taken_at)
				f->handle_sum += c->ended_at - c->taken_at;
		}
		break;
	}
	if (c->outcome >= 0 && c->outcome < CHAT_OUTCOME_COUNT)
		f->outcomes[c->outcome]++;
	if (c->satisfaction >= 1 && c->satisfaction <= 5) {
		f->surveys++;
		f->survey_sum += c->satisfaction;
	}
}

void
stats_figures_merge(struct stats_figures *a, const struct stats_figures *b)
{
	int i;

	a->offered += b->offered;
	a->answered += b->answered;
	a->abandoned += b->abandoned;
	a->short_abandoned += b->short_abandoned;
	a->unserved += b->unserved;
	a->waiting += b->waiting;
	a->in_progress += b->in_progress;
	a->handled += b->handled;
	a->answered_in_sl += b->answered_in_sl;
	a->wait_sum += b->wait_sum;
	a->handle_sum += b->handle_sum;
	for (i = 0; i < CHAT_OUTCOME_COUNT; i++)
		a->outcomes[i] += b->outcomes[i];
	a->surveys += b->surveys;
	a->survey_sum += b->survey_sum;
}

static double
ratio(int64_t num, int64_t den)
{
	return den > 0 ? (double)num / (double)den : -1.0;
}

void
stats_figures_finish(struct stats_figures *f)
{
	int64_t settled = f->offered - f->waiting;
	int64_t closed = f->outcomes[OUTCOME_RESOLVED] + f->outcomes[OUTCOME_LINEA_INPS] +
	    f->outcomes[OUTCOME_OTHER];

	f->abandon_rate = ratio(f->abandoned, settled);
	f->service_level = ratio(f->answered_in_sl, settled);
	f->asa = ratio(f->wait_sum, f->answered);
	f->aht = ratio(f->handle_sum, f->handled);
	f->resolved_share = ratio(f->outcomes[OUTCOME_RESOLVED], closed);
	f->forwarded_share = ratio(f->outcomes[OUTCOME_LINEA_INPS], closed);
	f->satisfaction = ratio(f->survey_sum, f->surveys);
}

int
stats_advisor_state(enum advisor_state declared, int64_t heartbeat, int in_progress,
    int64_t now)
{
	if (declared == ADVISOR_OFFLINE || heartbeat < now - STATS_ONLINE_SECONDS)
		return STATS_OFFLINE;
	if (in_progress > 0)
		return STATS_BUSY;
	return declared == ADVISOR_PAUSED ? STATS_PAUSED : STATS_AVAILABLE;
}

const char *
stats_advisor_state_label(int state)
{
	static const char *const labels[STATS_NSTATES] = {
		"non collegato", "disponibile", "occupato", "in pausa",
	};

	return state >= 0 && state < STATS_NSTATES ? labels[state] : "?";
}

char *
stats_format_duration(double seconds, char *buf, size_t size)
{
	long long s;

	if (seconds < 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	s = (long long)(seconds + 0.5);
	if (s >= 3600)
		snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%lld:%02lld", s / 60, s % 60);
	return buf;
}

/* printf with one decimal and a decimal comma. */
static char *
decimal_comma(char *buf, size_t size, const char *fmt, double v)
{
	char *dot;

	snprintf(buf, size, fmt, v);
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
	return buf;
}

char *
stats_format_percent(double ratio_value, char *buf, size_t size)
{
	if (ratio_value < 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	return decimal_comma(buf, size, "%.1f%%", ratio_value * 100.0);
}

char *
stats_format_score(double score, char *buf, size_t size)
{
	if (score < 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	return decimal_comma(buf, size, "%.1f", score);
}
