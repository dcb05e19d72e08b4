/*
 * retention: the storage limits of infocig.conf(5) (retention.*) applied to
 * the database: what is past them is removed or anonymised in short batches,
 * each followed by a pause so that chat lines are never held up for more
 * than one batch, and the counts are audited.  Used by `infocig db purge`
 * and by infocigd's daily run.
 *
 * Functions return 0 or a negative ERR_* (common.h).
 */
#ifndef INFOCIG_RETENTION_H
#define INFOCIG_RETENTION_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "store.h"

struct retention_totals {
	int64_t due[STORE_PURGE_NKINDS];	/* found past the limits */
	int64_t rows[STORE_PURGE_NKINDS];	/* purged */
	int64_t messages;			/* chat lines of the chats due */
	int64_t batches;
	int64_t max_held_us;			/* the longest write transaction */
};

/* "chat concluse eliminate", ...: the Italian name of what kind purges. */
const char *retention_kind_label(int kind);
/* ERR_INVALID, with the reason in err, when the settings contradict each other. */
int retention_check(const struct conf *c, char *err, size_t errlen);
/* Fills t->due and t->messages with what is past the limits at now. */
int retention_count(struct store *st, const struct conf *c, int64_t now,
    struct retention_totals *t);
/*
 * Purges what retention_count() found, kind after kind, then writes one
 * audit row ("db_purge", the counts) as actor_id.  progress(arg, kind, done)
 * after each batch, may be NULL.  On failure what is done stays done.
 */
typedef void (*retention_progress_fn)(void *arg, int kind, int64_t done);
int retention_purge(struct store *st, const struct conf *c, int64_t now, int64_t actor_id,
    retention_progress_fn progress, void *arg, struct retention_totals *t);

#endif
