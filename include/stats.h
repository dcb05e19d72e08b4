/*
 * stats: the supervisors' queue statistics, live (the console refreshes them
 * every second) and over a range of days (infocig stats).  The definitions
 * follow contact-centre practice and are written out, formula by formula, in
 * infocig(1), section STATISTICS.
 *
 * src/stats/ holds the formulas; every statement they need is in
 * src/store/store_stats.c.  A chat counts on the local day and in the local
 * hour (service.timezone) in which it joined the queue (queued_at), whenever
 * it was taken or ended.
 *
 * Functions return 0 or a negative ERR_* (common.h).
 */
#ifndef INFOCIG_STATS_H
#define INFOCIG_STATS_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "calendar.h"
#include "conf.h"
#include "store.h"
#include "store_chat.h"
#include "store_stats.h"
#include "vocab.h"

/* An advisor is online while their console's heartbeat is this recent. */
#define STATS_ONLINE_SECONDS CHAT_ADVISOR_SILENT_SECONDS

/* What the formulas take from the configuration. */
struct stats_config {
	struct service_hours hours;	/* closures point into the struct conf */
	int service_level_seconds;	/* queue.service_level_seconds */
	int abandon_min_seconds;	/* queue.abandon_min_seconds */
	int max_chats;			/* queue.max_chats_per_advisor */
};
/* Fills cfg from c (which must outlive cfg); ERR_INVALID for an unknown time zone. */
int stats_config_from_conf(struct stats_config *cfg, const struct conf *c);

/* How a chat ended up in the queue. */
enum stats_kind {
	STATS_WAITING,		/* still queued */
	STATS_ANSWERED,		/* taken by an advisor (taken_at set) */
	STATS_ABANDONED,	/* left the queue, or was disconnected from it, after
				 * waiting at least abandon_min_seconds */
	STATS_SHORT_ABANDON,	/* the same after a shorter wait: not offered */
	STATS_UNSERVED,		/* closed by the service, never taken (closing time) */
};
int stats_chat_kind(const struct stats_chat *c, const struct stats_config *cfg);

/*
 * What a set of chats adds up to: counters, then the figures derived from
 * them by stats_figures_finish() (-1 when the denominator is 0).
 */
struct stats_figures {
	int64_t offered;	/* answered + abandoned + unserved + waiting */
	int64_t answered;
	int64_t abandoned;
	int64_t short_abandoned;
	int64_t unserved;
	int64_t waiting;
	int64_t in_progress;	/* answered, not ended yet */
	int64_t handled;	/* answered and ended */
	int64_t answered_in_sl;	/* answered with a wait <= service_level_seconds */
	int64_t wait_sum;	/* seconds queued..taken, over the answered */
	int64_t handle_sum;	/* seconds taken..ended, over the handled */
	int64_t outcomes[CHAT_OUTCOME_COUNT];	/* chats closed with that outcome */
	int64_t surveys;	/* satisfaction answers */
	int64_t survey_sum;
	/* Derived. */
	double abandon_rate;	/* abandoned / (offered - waiting) */
	double service_level;	/* answered_in_sl / (offered - waiting) */
	double asa;		/* average speed of answer: wait_sum / answered, s */
	double aht;		/* average handle time: handle_sum / handled, s */
	double resolved_share;	/* outcomes[RESOLVED] / sum of outcomes */
	double forwarded_share;	/* outcomes[FORWARDED] / sum of outcomes */
	double satisfaction;	/* survey_sum / surveys, 1..5 */
};
/* Adds one chat to f's counters. */
void stats_figures_add(struct stats_figures *f, const struct stats_chat *c,
    const struct stats_config *cfg);
/* Adds b's counters to a's. */
void stats_figures_merge(struct stats_figures *a, const struct stats_figures *b);
/* Computes the derived figures from the counters. */
void stats_figures_finish(struct stats_figures *f);

/*
 * The state shown for an advisor, the contact-centre way: offline unless
 * their declared state is not "offline" and their heartbeat is at most
 * STATS_ONLINE_SECONDS old; online, busy while holding at least one chat in
 * progress, else available or paused as declared.  The three online states
 * exclude each other.
 */
enum stats_advisor_state {
	STATS_OFFLINE, STATS_AVAILABLE, STATS_BUSY, STATS_PAUSED, STATS_NSTATES
};
/* declared: what the advisor declared (offline when never logged in). */
int stats_advisor_state(enum advisor_state declared, int64_t heartbeat, int in_progress,
    int64_t now);
/* Italian label: "non collegato", "disponibile", "occupato", "in pausa". */
const char *stats_advisor_state_label(int state);

/* The live figures of one channel. */
struct stats_channel_now {
	int waiting;		/* chats queued now, whatever their day */
	int64_t longest_wait;	/* seconds the oldest of them has waited, 0 if none */
	int available, busy, paused;	/* online advisors serving the channel */
	int free_slots;		/* sum over online advisors serving the channel and not
				 * paused of max_chats - in_progress (when positive) */
	int in_progress;	/* active chats of the channel */
};

struct stats_hour {
	int64_t offered, answered, abandoned;
};

/*
 * One live snapshot.  Zero it (or stats_live_clear it) before the first
 * refresh; each refresh reuses its arrays.
 */
struct stats_live {
	int64_t now;
	int32_t day;			/* local day of now */
	int service;			/* enum service_state at now */
	struct stats_channel_now channel[CHANNEL_COUNT];
	struct stats_figures today;	/* chats queued today, both channels */
	struct stats_figures today_channel[CHANNEL_COUNT];
	/*
	 * Today's chats by the local wall-clock hour of queued_at (on the day
	 * summer time starts hour 2 stays empty; on the day it ends hour 2
	 * holds two hours).  Bars to draw: [hour_from, hour_to), the day's
	 * service hours widened to any hour with chats.
	 */
	struct stats_hour hours[24];
	int hour_from, hour_to;
	/*
	 * Advisors online, or holding chats, or who handled chats today, by
	 * name.
	 */
	struct stats_advisor *advisors;
	size_t nadvisors, advisors_cap;
	/* Reports (segnalazioni) filed today, per office, most first. */
	struct stats_office *offices;
	size_t noffices, offices_cap;
	int64_t reports;
};

/* The engine: a store and the configuration. */
struct stats;
/*
 * *out is the caller's (stats_free); st and c must outlive it.
 */
int stats_new(struct store *st, const struct conf *c, struct stats **out);
void stats_free(struct stats *s);
const struct stats_config *stats_config(const struct stats *s);
/*
 * Fills live with the snapshot at now (Unix seconds).  Reads today's chats
 * through the queued_at index, the queued and active ones through the state
 * index, the advisors' states and today's reports: never a full scan.
 */
int stats_live_refresh(struct stats *s, int64_t now, struct stats_live *live);
void stats_live_clear(struct stats_live *live);

/*
 * The daemons' own figures, per node (host): the workers that published in
 * the last STATS_DAEMON_FRESH_SECONDS (three publications), their sessions,
 * and the delivery latency of lines summed over them (store.h's buckets).
 */
#define STATS_DAEMON_FRESH_SECONDS 30
struct stats_node {
	char node[64];
	int64_t workers, sessions, unauthenticated;
	int64_t lines, latency_sum_ms;
	int64_t buckets[STORE_LATENCY_BUCKETS];	/* per bucket, not cumulative */
};
struct stats_daemons {
	struct stats_node *nodes;	/* by node name */
	size_t nnodes;
};
int stats_daemons_load(struct stats *s, int64_t now, struct stats_daemons *out);
void stats_daemons_clear(struct stats_daemons *d);

/*
 * Writes live and, when not NULL, the daemons' figures in the Prometheus
 * text exposition format (metrics named infocig_*, listed in infocig(1));
 * 0, or ERR_IO on a write error.
 */
int stats_prometheus_write(FILE *fp, const struct stats_live *live,
    const struct stats_daemons *daemons);

/* History over local days from..to (inclusive), grouped. */
enum stats_by {
	STATS_BY_NONE, STATS_BY_DAY, STATS_BY_HOUR, STATS_BY_ADVISOR, STATS_BY_CHANNEL,
	STATS_BY_PROVINCE, STATS_NBY
};
/* "", "day", "hour", "advisor", "channel", "province". */
const char *stats_by_name(int by);
/* enum stats_by (not STATS_BY_NONE), or ERR_INVALID. */
int stats_by_parse(const char *name);

struct stats_group {
	/*
	 * day: the civil day; hour: 0..23, local; advisor: the account id (0 for
	 * chats no advisor took); channel: enum chat_channel; province: the two
	 * letters as ('A' << 8 | 'B'), 0 when unknown.
	 */
	int64_t key;
	char label[64];		/* "2026-06-19", "15", login, "lavoratori", "RM"; "-" */
	char name[96];		/* the advisor's full name; "" otherwise */
	struct stats_figures f;	/* finished */
};

struct stats_history {
	int32_t from, to;
	int by;				/* enum stats_by */
	/*
	 * In key order (advisors by name): every day on which the service was
	 * open and every hour of the service hours, with or without chats, and
	 * any other key that has chats.  None with STATS_BY_NONE.
	 */
	struct stats_group *groups;
	size_t ngroups;
	struct stats_figures total;	/* finished */
	struct stats_office *offices;	/* reports filed in the range, per office */
	size_t noffices;
	int64_t reports;
	int source;			/* enum stats_source */
};
/*
 * Where a history's figures come from: the aggregates of the finished chats
 * (store_stats.h) plus the open chats of the range read one by one, when the
 * aggregates are built with the configuration's zone and thresholds; else
 * every chat of the range, one by one (about a second per million).
 */
enum stats_source { STATS_FROM_CHATS, STATS_FROM_AGGREGATES };
/* Whether the aggregates can answer. */
enum stats_agg_state {
	STATS_AGG_MISSING,	/* never built (infocig stats --rebuild) */
	STATS_AGG_STALE,	/* built with another zone or other thresholds */
	STATS_AGG_CURRENT,
};
/*
 * enum stats_agg_state, or a negative ERR_*; when stale, why (if not NULL)
 * says in Italian which setting changed.
 */
int stats_aggregates_state(struct stats *s, char *why, size_t whylen);
/* use 0: every history reads the chats (the reference the tests compare with). */
void stats_use_aggregates(struct stats *s, int use);
/*
 * Rebuilds the aggregates from the chats with the configuration's zone and
 * thresholds (store_stats_agg_rebuild); *chats: the finished chats counted.
 */
int stats_aggregates_rebuild(struct stats *s,
    void (*progress)(void *arg, uint64_t done, uint64_t total), void *arg, int64_t *chats);

/*
 * While a history is computed from the chats, fn is called every few
 * thousand chats with how far through the range it is (0..1000); a non-zero
 * return stops it (stats_history then returns ERR_CONFLICT).  NULL: none.
 */
void stats_set_progress(struct stats *s, int (*fn)(void *arg, int permille), void *arg);

/* ERR_INVALID when from > to. */
int stats_history(struct stats *s, int32_t from, int32_t to, int by,
    struct stats_history *out);
void stats_history_clear(struct stats_history *h);

/* Italian renderings for screens and tables ("-" when value < 0). */
/* "0:45", "12:08", "1:02:03" (rounded to the second). */
char *stats_format_duration(double seconds, char *buf, size_t size);
/* "18,2%" */
char *stats_format_percent(double ratio, char *buf, size_t size);
/* "4,3" */
char *stats_format_score(double score, char *buf, size_t size);

#endif
