/*
 * Retention: the loop around store_purge_batch(), shared by the command and
 * the daemon.  See include/retention.h.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "retention.h"

/* A batch that finds the database locked is tried again this many times, 20 ms apart. */
#define RETENTION_BUSY_TRIES 250

static const char *const kind_labels[STORE_PURGE_NKINDS] = {
	[STORE_PURGE_CHATS] = "chat concluse eliminate",
	[STORE_PURGE_REPORTS] = "segnalazioni chiuse anonimizzate",
	[STORE_PURGE_AUDIT] = "righe del registro degli accessi eliminate",
};

const char *
retention_kind_label(int kind)
{
	return kind >= 0 && kind < STORE_PURGE_NKINDS ? kind_labels[kind] : "?";
}

int
retention_check(const struct conf *c, char *err, size_t errlen)
{
	/* The audit outlives what it is about: the accesses to a chat are kept after it. */
	if (c->retention.audit_days < c->retention.chat_days) {
		snprintf(err, errlen, "retention.audit_days (%d) non può essere minore di "
		    "retention.chat_days (%d)", c->retention.audit_days, c->retention.chat_days);
		return ERR_INVALID;
	}
	return 0;
}

/* The cut-off of kind at now: what ended or happened before it is due. */
static int64_t
cutoff_of(const struct conf *c, int kind, int64_t now)
{
	int days = kind == STORE_PURGE_CHATS ? c->retention.chat_days :
	    kind == STORE_PURGE_REPORTS ? c->retention.report_days : c->retention.audit_days;

	return now - (int64_t)days * 86400;
}

int
retention_count(struct store *st, const struct conf *c, int64_t now, struct retention_totals *t)
{
	int64_t unused;
	int k, r;

	memset(t, 0, sizeof *t);
	for (k = 0; k < STORE_PURGE_NKINDS; k++)
		if ((r = store_purge_count(st, k, cutoff_of(c, k, now), &t->due[k],
		    k == STORE_PURGE_CHATS ? &t->messages : &unused)) < 0)
			return r;
	return 0;
}

/* Purges every due row of kind, batch after batch. */
static int
purge_kind(struct store *st, const struct conf *c, int kind, int64_t cutoff,
    retention_progress_fn progress, void *arg, struct retention_totals *t)
{
	int64_t done, held;
	int r, tries = 0;

	for (;;) {
		r = store_purge_batch(st, kind, cutoff, c->retention.batch_rows, &done, &held);
		if (r == ERR_BUSY && ++tries < RETENTION_BUSY_TRIES) {
			usleep(20000);
			continue;
		}
		if (r < 0 || done == 0)
			return r;
		tries = 0;
		/*
		 * Step aside for twice as long as the batch held the lock: a
		 * writer that queued behind it (its busy handler polls within
		 * milliseconds at first) gets in before the next batch, instead
		 * of losing the race to it again and again.
		 */
		usleep((useconds_t)(held * 2 > 10000 ? held * 2 : 10000));
		t->rows[kind] += done;
		t->batches++;
		if (held > t->max_held_us)
			t->max_held_us = held;
		if (progress != NULL)
			progress(arg, kind, t->rows[kind]);
	}
}

int
retention_purge(struct store *st, const struct conf *c, int64_t now, int64_t actor_id,
    retention_progress_fn progress, void *arg, struct retention_totals *t)
{
	char subject[256];
	int k, r;

	for (k = 0; k < STORE_PURGE_NKINDS; k++)
		if ((r = purge_kind(st, c, k, cutoff_of(c, k, now), progress, arg, t)) < 0)
			return r;
	snprintf(subject, sizeof subject, "chat %lld, messaggi %lld, segnalazioni %lld, audit %lld",
	    (long long)t->rows[STORE_PURGE_CHATS], (long long)t->messages,
	    (long long)t->rows[STORE_PURGE_REPORTS], (long long)t->rows[STORE_PURGE_AUDIT]);
	return store_audit_add(st, actor_id, "db_purge", subject, "conservazione dei dati", 0);
}
