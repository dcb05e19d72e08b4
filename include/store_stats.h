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

#endif
