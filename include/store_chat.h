/*
 * store_chat: the chats, their messages, the queue and the advisors' state,
 * as rows of the database (DESIGN.md section 2).  The daemon and the
 * advisors' console both come through here; every statement is in
 * src/store/store_chat.c, cached in the struct store.
 *
 * Functions return 0 or a negative ERR_* (common.h).
 */
#ifndef INFOCIG_STORE_CHAT_H
#define INFOCIG_STORE_CHAT_H

/* An advisor whose console has not beaten for this long is offline (its terminal is gone). */
#define CHAT_ADVISOR_SILENT_SECONDS 90

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "account.h"
#include "store.h"
#include "vocab.h"

struct chat {
	int64_t id;
	int64_t account_id;
	int64_t company_id;	/* 0 for workers */
	enum chat_channel channel;
	char province[3];
	enum chat_state state;
	int64_t queued_at, taken_at, ended_at;	/* Unix seconds, 0 if none */
	int64_t advisor_id;	/* 0 while queued */
	char advisor_name[96];	/* full name of the advisor, "" if none */
	int satisfaction;	/* 1..5, 0 if none */
	int returning;
	int64_t owner_pid;
	int outcome;		/* enum chat_outcome, -1 when none */
	int resumed;		/* times the person came back after a dropped connection */
};

/*
 * Queues a new chat for account (company_id 0 for workers) in channel,
 * owned by process pid.  Sets *id.
 */
int store_chat_open(struct store *st, int64_t account_id, int64_t company_id,
    const char *channel, const char *province, pid_t pid, int64_t now, int64_t *id);
int store_chat_get(struct store *st, int64_t id, struct chat *out);
/* A queued or active chat of the account, if any (ERR_NOTFOUND otherwise). */
int store_chat_find_live(struct store *st, int64_t account_id, struct chat *out);
/*
 * The newest chat of the account for company_id that was disconnected at or
 * after since; ERR_NOTFOUND when none.
 */
int store_chat_find_resumable(struct store *st, int64_t account_id, int64_t company_id,
    int64_t since, struct chat *out);
/*
 * Gives a disconnected chat back to process pid: queued again with its
 * original queue time when no advisor had taken it, else active.
 * ERR_CONFLICT when it is no longer disconnected.
 */
int store_chat_resume(struct store *st, int64_t id, pid_t pid);
/*
 * An advisor takes a queued chat: one conditional UPDATE, so two advisors
 * can never take the same chat.  0, or ERR_CONFLICT when it was not queued.
 */
int store_chat_take(struct store *st, int64_t id, int64_t advisor_id, int64_t now);
/*
 * Ends a queued or active chat with state (closed, abandoned or
 * disconnected) at now.  ERR_CONFLICT when it had already ended.
 */
int store_chat_end(struct store *st, int64_t id, enum chat_state state, int64_t now);
int store_chat_set_satisfaction(struct store *st, int64_t id, int score);
/* Marks the queued and active chats of process pid as disconnected; returns how many. */
int store_chat_disconnect_owner(struct store *st, pid_t pid, int64_t now);
/* Distinct owner pids of queued and active chats; *pids owned by caller (free). */
int store_chat_live_owners(struct store *st, int64_t **pids, size_t *n);

/* Messages.  sender is "user", "advisor" or "system"; body must be sanitized. */
int store_chat_message_add(struct store *st, int64_t chat_id, const char *sender,
    int64_t account_id, int64_t at, const char *body, int64_t *id);
struct chat_message {
	int64_t id, chat_id, account_id, at;
	int64_t sent_ms;	/* real time it was written, ms; 0 when not recorded */
	const char *sender;	/* valid during the callback only */
	const char *body;	/* valid during the callback only */
};
/*
 * Calls fn for each message with id > after_id, in id order, of chat_id (or
 * of every chat when chat_id is 0), leaving out the senders' own lines when
 * skip_user; at most limit rows.  Stops when fn returns non-zero.
 */
int store_chat_messages_since(struct store *st, int64_t chat_id, int64_t after_id,
    int skip_user, int limit, int (*fn)(void *arg, const struct chat_message *m), void *arg);
/* The largest message id (0 when none). */
int store_chat_message_last_id(struct store *st, int64_t *id);

/* PRAGMA data_version: changes when another connection commits. */
int store_chat_data_version(struct store *st, int64_t *version);

/* Queue. */
/* 1-based place of a queued chat among the queued chats of its channel. */
int store_chat_queue_position(struct store *st, const struct chat *c, int *position);
struct chat_queue_stats {
	int queued_ahead_all;	/* queued before this chat, both channels */
	int active;		/* chats being served */
	int advisors;		/* advisors available, heartbeat within CHAT_ADVISOR_SILENT_SECONDS */
	int64_t handle_avg;	/* mean seconds taken..ended over recent chats, 0 if none */
	int handle_samples;
};
int store_chat_queue_stats(struct store *st, const struct chat *c, int64_t now,
    struct chat_queue_stats *out);

/* An advisor's declared state; also refreshes the heartbeat. */
int store_chat_advisor_set_state(struct store *st, int64_t account_id, enum advisor_state state,
    int64_t now);
int store_chat_advisor_heartbeat(struct store *st, int64_t account_id, int64_t now);

/*
 * Typing (issue 15, store_typing.c).  A side that types marks the chat, at
 * most every few seconds (the caller's rate); a mark counts for
 * STORE_TYPING_WINDOW_MS of the engine's real clock, and only while that
 * side has written no line since.  Marks only an active chat.
 */
#define STORE_TYPING_WINDOW_MS 6000
int store_chat_typing_mark(struct store *st, int64_t chat_id, int is_advisor);
/* *person and *advisor: 1 when that side is typing in chat_id now, else 0. */
int store_chat_typing_get(struct store *st, int64_t chat_id, int *person, int *advisor);

/* Reports (segnalazioni) filed on behalf of an account or a company. */
struct chat_report {
	const char *protocol, *topic, *subtopic, *outcome;	/* callback only */
	enum report_status status;
	int64_t filed_at, updated_at;
	int64_t chat_id;	/* the chat it was filed from, 0 if none */
	const char *office;	/* the competent office's name; callback only */
};
int store_chat_reports_of(struct store *st, int64_t account_id, int64_t company_id,
    int64_t worker_id, int (*fn)(void *arg, const struct chat_report *r), void *arg);

/*
 * The advisor's desk.  A chat as the console lists it: the chat, the person
 * and the company they speak for, and the newest message id (for unread
 * marks).
 */
struct chat_desk_row {
	struct chat chat;
	char person[96];	/* full name */
	char login[64];		/* codice fiscale */
	enum account_role role;
	char company[96];	/* "" for workers */
	int64_t last_message_id;
};
/* Queued chats of the comma-separated channels, oldest first. */
int store_chat_queue_each(struct store *st, const char *channels,
    int (*fn)(void *arg, const struct chat_desk_row *row), void *arg);
/*
 * The advisor's open chats: active, disconnected, or closed by the person
 * and still without the advisor's outcome; with advisor_id 0, every
 * advisor's active and disconnected chats (what a supervisor watches).
 */
int store_chat_advisor_chats_each(struct store *st, int64_t advisor_id,
    int (*fn)(void *arg, const struct chat_desk_row *row), void *arg);
/* Earlier chats of the person (or of the company, when company_id), newest first. */
int store_chat_history_each(struct store *st, int64_t account_id, int64_t company_id,
    int64_t except_id, int (*fn)(void *arg, const struct chat_desk_row *row), void *arg);
int store_chat_advisor_active_count(struct store *st, int64_t advisor_id, int *n);
/* store_chat_take() unless the advisor already has max_chats active: then ERR_LIMIT. */
int store_chat_take_checked(struct store *st, int64_t id, int64_t advisor_id, int max_chats,
    int64_t now);
/*
 * Takes the oldest queued chat of the channels; sets *id.  ERR_NOTFOUND when
 * the queue is empty, ERR_LIMIT at max_chats.
 */
int store_chat_take_next(struct store *st, int64_t advisor_id, const char *channels,
    int max_chats, int64_t now, int64_t *id);

/*
 * The advisor closes an active, disconnected or person-closed chat of
 * theirs with an outcome; an outcome already set by a filed report is kept.  A closed chat
 * can no longer be resumed.  ERR_CONFLICT when the chat is not theirs or
 * already closed.
 */
int store_chat_close(struct store *st, int64_t id, int64_t advisor_id,
    enum chat_outcome outcome, int64_t now);
/*
 * Hands an active chat from one advisor to another (to_id), or back to the
 * queue (to_id 0) keeping its place, with a note, in one transaction.
 * ERR_CONFLICT when the chat is no longer from_id's.
 */
int store_chat_transfer(struct store *st, int64_t id, int64_t from_id, int64_t to_id,
    const char *note, int64_t now);
struct chat_advisor {
	int64_t id;
	char name[96], login[64];
	enum advisor_state state;	/* offline when the heartbeat is older than that */
	int active;		/* chats in progress */
};
/* Every unlocked advisor account, by name. */
int store_chat_advisors_each(struct store *st, int64_t now,
    int (*fn)(void *arg, const struct chat_advisor *a), void *arg);
struct chat_transfer {
	int64_t at;
	const char *from_name, *to_name, *note;	/* callback only; to_name "" for the queue */
};
/* The hand-overs of a chat, oldest first. */
int store_chat_transfers_each(struct store *st, int64_t chat_id,
    int (*fn)(void *arg, const struct chat_transfer *t), void *arg);
/* The advisor's channels as "lavoratori,aziende" (both when never set). */
int store_chat_advisor_channels(struct store *st, int64_t account_id, char *buf, size_t size);

#endif
