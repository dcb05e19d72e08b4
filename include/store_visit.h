/*
 * store_visit: what a person who logs in over SSH reads about their own
 * past (issue 15): when their previous session began and ended, what
 * changed since then in their applications and reports, and their past
 * conversations.  Every statement is in src/store/store_visit.c.
 *
 * Functions return 0 or a negative ERR_* (common.h).
 */
#ifndef INFOCIG_STORE_VISIT_H
#define INFOCIG_STORE_VISIT_H

#include <stdint.h>

#include "store.h"
#include "store_chat.h"

/* An account's latest interactive session: Unix seconds, ended_at 0 while open or lost. */
struct store_visit {
	int64_t started_at, ended_at;
};
/* The account's latest session; ERR_NOTFOUND before the first. */
int store_visit_get(struct store *st, int64_t account_id, struct store_visit *out);
/* A session begins (it becomes the latest, not yet ended). */
int store_visit_begin(struct store *st, int64_t account_id, int64_t now);
/* The latest session ends at now. */
int store_visit_end(struct store *st, int64_t account_id, int64_t now);

/*
 * One change since a visit.  For an application (is_report 0): kind is an
 * event_kind name ("autorizzata", "pagata", "dati_scartati", ...), day its
 * civil day, amount_cents the payment's amount (0 when none).  For a report
 * (is_report 1): kind is a report_note_kind name ("presa_in_carico",
 * "chiusura", "inoltro"), at its time.  Strings are valid during the
 * callback only.
 */
struct visit_change {
	int is_report;
	const char *subject;	/* the application's number or the report's protocol */
	const char *kind;
	int32_t day;
	int64_t at;
	int64_t amount_cents;	/* the sum over count rows */
	int count;		/* rows of this subject and kind (a company's many payments) */
};
/*
 * The changes that concern account_id (a worker's own applications and
 * payments through worker_id; a company user's through its delegations;
 * reports filed for the account, the worker or those companies): events,
 * payment data and payments dated after since_day, report notes (never
 * their text) after since_at; one per subject and kind (day and at
 * the newest, amount_cents the sum), newest first, at most limit.  fn non-zero stops.
 */
int store_visit_changes_each(struct store *st, int64_t account_id, int64_t worker_id,
    int32_t since_day, int64_t since_at, int limit,
    int (*fn)(void *arg, const struct visit_change *c), void *arg);

/*
 * The account's own ended conversations (the chats it opened, for a company
 * user on behalf of any of its companies; those an advisor took or the
 * person wrote in, not a queue left in silence), newest first: limit of them after
 * skipping offset.  company is the company's name ("" for workers), valid
 * during the callback only.  fn non-zero stops.
 */
int store_visit_chats_each(struct store *st, int64_t account_id, int offset, int limit,
    int (*fn)(void *arg, const struct chat *c, const char *company), void *arg);
/* How many ended conversations the account has. */
int store_visit_chats_count(struct store *st, int64_t account_id, int64_t *n);

#endif
