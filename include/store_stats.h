/*
 * store_stats: the rows behind the queue statistics (include/stats.h has the
 * formulas).  Every statement is in src/store/store_stats.c, cached in the
 * struct store; the live refresh runs them every second, each through an
 * index.  Callbacks stop the walk by returning non-zero.  Functions return 0
 * or a negative ERR_* (common.h).
 */
#ifndef INFOCIG_STORE_STATS_H
#define INFOCIG_STORE_STATS_H

#include <stdint.h>

#include "store.h"
#include "vocab.h"

/* One chat as the formulas see it. */
struct stats_chat {
	int64_t id;
	int channel;		/* enum chat_channel */
	int state;		/* enum chat_state (vocab.h) */
	int64_t queued_at;	/* Unix seconds */
	int64_t taken_at;	/* 0 when never taken */
	int64_t ended_at;	/* 0 while queued or active */
	int64_t advisor_id;	/* 0 when never taken */
	int outcome;		/* enum chat_outcome, -1 when none */
	int satisfaction;	/* 1..5, 0 when the survey was not answered */
	char province[3];	/* "" when unknown */
};

/* An advisor: the store fills the first fields, the formulas the rest. */
struct stats_advisor {
	int64_t id;
	char login[64];
	char name[96];
	enum advisor_state declared;	/* advisor_state.state, offline when no row */
	int64_t since;		/* declared state since, 0 when no row */
	int64_t heartbeat;	/* 0 when no row */
	unsigned channels;	/* bit 1 << enum chat_channel */
	int state;		/* enum stats_advisor_state at the refresh */
	int in_progress;	/* chats held now (active), whatever their day */
	int64_t handled;	/* today's chats taken by them and ended */
	int64_t handle_sum;
	double aht;		/* handle_sum / handled, -1 when none */
};

struct stats_office {
	int64_t id;
	char code[16];
	char name[96];
	int64_t reports;
};

/*
 * Chats with from <= queued_at < to; with live, also the queued and active
 * chats queued before from.
 */
int store_stats_chats(struct store *st, int64_t from, int64_t to, int live,
    int (*fn)(void *arg, const struct stats_chat *c), void *arg);
/*
 * Accounts with an advisor_state row, in id order: id, login, name,
 * declared, since, heartbeat and channels filled.
 */
int store_stats_advisors(struct store *st,
    int (*fn)(void *arg, const struct stats_advisor *a), void *arg);
/* Login and full name of account id (for chats of an advisor without a state row). */
int store_stats_account(struct store *st, int64_t id, struct stats_advisor *a);
/* Reports with from <= filed_at < to, per office, most first, then by code. */
int store_stats_reports(struct store *st, int64_t from, int64_t to,
    int (*fn)(void *arg, const struct stats_office *o), void *arg);

/*
 * Aggregates (issue 19): the additive counters of the chats that have
 * finished (any state but queued or active), per local day (in the zone
 * recorded in stats_agg_meta) and per one of four dimensions.  Every
 * writable connection of this store keeps them in step with the chats,
 * inside the transaction that changes a chat (temporary triggers: a chat
 * that ends, is answered a survey, is resumed or purged), once they have
 * been built by store_stats_agg_rebuild().  The reports filed (by local day
 * of filed_at) are counted per office the same way.  Rows written behind
 * the store's back (by another database tool) wait for the next rebuild.
 */
enum store_agg_dim {
	STORE_AGG_HOUR,		/* key: local hour 0..23 */
	STORE_AGG_ADVISOR,	/* key: advisor id, 0 when none */
	STORE_AGG_CHANNEL,	/* key: enum chat_channel */
	STORE_AGG_PROVINCE,	/* key: 'A' << 8 | 'B', 0 when unknown */
	STORE_AGG_REPORTS,	/* key: office id; the reports filed, in offered */
	STORE_AGG_NDIMS
};
/* The same per local month (day: its first day), kept as dimension + this. */
#define STORE_AGG_MONTHS 8

/* What the aggregates were built with; a change of any calls for a rebuild. */
struct store_agg_meta {
	int is_built;
	int64_t built_at;
	char timezone[32];		/* calendar_tz_name() */
	int service_level_seconds;
	int abandon_min_seconds;
};
int store_stats_agg_meta(struct store *st, struct store_agg_meta *m);

/* The counters of struct stats_figures (stats.h) as the aggregates keep them. */
struct store_agg_counts {
	int64_t offered, answered, abandoned, short_abandoned, unserved;
	int64_t in_progress, handled, answered_in_sl, wait_sum, handle_sum;
	int64_t outcomes[CHAT_OUTCOME_COUNT];
	int64_t surveys, survey_sum;
};
/*
 * The rows of dimension dim over local days from..to, for the caller to sum:
 * per day when by_day, else the whole months' rows (their day is the
 * month's first) and the days of the two ends.
 */
int store_stats_agg_each(struct store *st, int dim, int32_t from, int32_t to, int by_day,
    int (*fn)(void *arg, int32_t day, int64_t key, const struct store_agg_counts *c),
    void *arg);
/* store_stats_reports() over local days from..to, from the aggregates. */
int store_stats_agg_reports(struct store *st, int32_t from, int32_t to,
    int (*fn)(void *arg, const struct stats_office *o), void *arg);
/* The queued and active chats with from <= queued_at < to (through chats_queue). */
int store_stats_open_chats(struct store *st, int64_t from, int64_t to,
    int (*fn)(void *arg, const struct stats_chat *c), void *arg);
/*
 * Rebuilds the aggregates from every chat, in one transaction (the write
 * lock is held meanwhile: a few seconds per million chats), with the zone
 * timezone (a calendar_tz_name) and the two thresholds, and records them.
 * progress, when not NULL, is called with the chats read so far and their
 * total.  Sets *chats to the finished chats counted.
 */
int store_stats_agg_rebuild(struct store *st, const char *timezone,
    int service_level_seconds, int abandon_min_seconds,
    void (*progress)(void *arg, uint64_t done, uint64_t total), void *arg, int64_t *chats);

#endif
