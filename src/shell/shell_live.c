/*
 * A snapshot of the live chats, read with one statement and shared by every
 * shell of a daemon process: the waiting people's places and the queue
 * figures come from here, so refreshing thousands of queue positions costs
 * one query, not several per person.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "shell.h"

struct live_fill {
	struct shell_live *lv;
	int queued_workers, queued_companies, queued_all, active;
};

static int
live_add(void *arg, const struct store_live_chat *c)
{
	struct live_fill *f = arg;
	struct shell_live *lv = f->lv;
	struct shell_live_entry *e;

	if (lv->n == lv->cap) {
		lv->cap = lv->cap ? lv->cap * 2 : 256;
		lv->v = xreallocarray(lv->v, lv->cap, sizeof *lv->v);
	}
	e = &lv->v[lv->n++];
	memset(e, 0, sizeof *e);
	e->id = c->id;
	if (c->state == CHAT_ACTIVE) {
		e->active = 1;
		e->advisor_id = c->advisor_id;
		e->advisor_typing_ms = c->advisor_typing_ms;
		f->active++;
		return 0;
	}
	/* Rows come in queue order: the counts so far are the chats ahead. */
	e->ahead_all = f->queued_all++;
	if (c->channel == CHANNEL_COMPANIES)
		e->position = ++f->queued_companies;
	else
		e->position = ++f->queued_workers;
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct shell_live_entry *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int
shell_live_load(struct shell_live *lv, const struct shell_env *env, int64_t now)
{
	struct live_fill f;
	struct chat none;
	int r;

	memset(&f, 0, sizeof f);
	f.lv = lv;
	lv->n = 0;
	if ((r = store_chats_live_each(env->st, live_add, &f)) < 0) {
		lv->n = 0;
		return r;
	}
	/* Advisors and handle time are the same for everyone: ask once. */
	memset(&none, 0, sizeof none);
	if ((r = store_chat_queue_stats(env->cs, &none, now, &lv->stats)) < 0) {
		lv->n = 0;
		return r;
	}
	lv->stats.active = f.active;
	lv->stats.queued_ahead_all = 0;
	qsort(lv->v, lv->n, sizeof *lv->v, cmp_entry);
	return 0;
}

const struct shell_live_entry *
shell_live_find(const struct shell_live *lv, int64_t chat_id)
{
	struct shell_live_entry key;

	if (lv == NULL || lv->n == 0)
		return NULL;
	key.id = chat_id;
	return bsearch(&key, lv->v, lv->n, sizeof *lv->v, cmp_entry);
}

void
shell_live_clear(struct shell_live *lv)
{
	free(lv->v);
	memset(lv, 0, sizeof *lv);
}
