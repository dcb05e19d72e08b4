/*
 * queue: the waiting person's place and the estimated wait, computed from
 * figures the store gathers (store_chat.h).  Pure code: no I/O.
 */
#ifndef INFOCIG_QUEUE_H
#define INFOCIG_QUEUE_H

#include <stddef.h>
#include <stdint.h>

struct queue_input {
	int ahead;		/* chats queued before this one, every channel */
	int active;		/* chats being served now */
	int advisors;		/* advisors available */
	int max_per_advisor;	/* queue.max_chats_per_advisor */
	int64_t handle_avg;	/* mean handle time of recent chats, seconds; 0 if none */
};

/* With no history, a chat is assumed to take this long. */
#define QUEUE_DEFAULT_HANDLE 300

/*
 * The estimated wait in seconds, or -1 when no advisor is available (no
 * estimate can be given).  See queue.c for the formula.
 */
int64_t queue_estimate_wait(const struct queue_input *in);
/*
 * Italian text for an estimate: "meno di un minuto", "circa 4 minuti",
 * "circa 1 ora e 10 minuti", or "non stimabile (nessun operatore
 * disponibile al momento)" for -1.
 */
void queue_format_wait(int64_t seconds, char *buf, size_t size);

#endif
