/*
 * Per-source limits and penalties: what libssh does not have (OpenSSH's
 * MaxStartups and PerSourcePenalties are the models).  Sources live in a
 * table by address as long as a session points at them or a penalty is
 * remembered; the sweep timer drops the others.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hash.h"
#include "ssh_internal.h"

/* A source's penalties are remembered this long after the last one ends. */
#define PENALTY_MEMORY_MS (600 * 1000)
/* The smallest connection limit that is applied with random early drop. */
#define STARTUPS_RED_MIN 10
/* The longest penalty, however many came before. */
#define PENALTY_MAX_S 3600

struct sshd_source *
sshd_source_get(struct sshd_worker *w, const char *addr)
{
	struct sshd_source **slot;
	int added;

	if (w->sources == NULL)
		w->sources = hash_new(HASH_STR, sizeof(struct sshd_source *));
	slot = hash_str_put(w->sources, addr, &added);
	if (added) {
		*slot = xcalloc(1, sizeof **slot);
		str_lcpy((*slot)->addr, addr, sizeof (*slot)->addr);
	}
	return *slot;
}

/* Drops sources that hold nothing any more. */
void
sshd_source_sweep(struct sshd_worker *w, int64_t now)
{
	struct sshd_source **slot, *s;
	size_t pos = 0;

	if (w->sources == NULL)
		return;
	while ((slot = hash_next(w->sources, &pos, NULL, NULL)) != NULL) {
		s = *slot;
		if (s->sessions == 0 && s->startups == 0 && s->failures == 0 && s->checks == 0 &&
		    s->penalty_until + (s->penalties ? PENALTY_MEMORY_MS : 0) < now) {
			hash_del_at(w->sources, &pos);
			free(s);
		}
	}
}

void
sshd_source_free_all(struct sshd_worker *w)
{
	struct sshd_source **slot;
	size_t pos = 0;

	if (w->sources == NULL)
		return;
	while ((slot = hash_next(w->sources, &pos, NULL, NULL)) != NULL)
		free(*slot);
	hash_free(w->sources);
	w->sources = NULL;
}

/*
 * After ssh.penalty_failures failed logins (or login grace times run out)
 * a source is refused for ssh.penalty_seconds, then twice as long at the
 * next penalty, and so on up to an hour; the count is forgotten ten minutes
 * after the last penalty ends, as OpenSSH's PerSourcePenalties grow
 * (issue 18.7).
 */
void
sshd_source_failure(struct sshd_worker *w, struct sshd_source *s)
{
	const struct conf *c = w->conf;
	int64_t now = clock_mono_ms(), secs;

	if (s == NULL || c->ssh.penalty_failures == 0)
		return;
	if (++s->failures >= c->ssh.penalty_failures) {
		if (s->penalty_until + PENALTY_MEMORY_MS < now)
			s->penalties = 0;
		secs = (int64_t)c->ssh.penalty_seconds << (s->penalties < 12 ? s->penalties : 12);
		if (secs > PENALTY_MAX_S)
			secs = PENALTY_MAX_S;
		s->penalties++;
		s->failures = 0;
		s->penalty_until = now + secs * 1000;
		log_warn("source %s penalised for %lld s after failed logins (penalty %d)",
		    s->addr, (long long)secs, s->penalties);
	}
}

/*
 * Random early drop, as OpenSSH's MaxStartups start:rate:full: with n
 * unauthenticated connections of at most full, none is refused below half
 * of full; from there each new one is refused with a probability of 30%
 * rising linearly to 100% at full (limits below STARTUPS_RED_MIN are
 * plain).  A flood then meets refusals before the door closes, and a
 * legitimate client still gets in often.
 */
int
sshd_startups_drop(int n, int full)
{
	int start = full / 2, pct;

	if (n >= full)
		return 1;
	/* Below 10 the limit stays a plain one: a coin has no room to work. */
	if (full < STARTUPS_RED_MIN || n < start)
		return 0;
	pct = 30 + 70 * (n - start) / (full - start);
	return (int)arc4random_uniform(100) < pct;
}
