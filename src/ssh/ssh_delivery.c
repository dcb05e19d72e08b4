/*
 * Database delivery.  New messages are handed out as soon as another
 * process commits (inotify wakes us on the -wal file; without inotify the
 * tick polls); chat states and queue places are read from a snapshot of the
 * live chats by the tick (ssh_worker.c).  Sessions are found by chat id in
 * one table of the common hash.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "common.h"
#include "hash.h"
#include "ssh_internal.h"

#define POLL_BATCH 500

/* Chat id -> sessions, to hand out the messages of one database poll. */

void
sshd_chat_unhash(struct sshd_worker *w, struct sshd_sess *x)
{
	struct sshd_sess **head, **pp;

	if (!x->chat_hashed)
		return;
	if ((head = hash_int_get(w->chats, x->chat_id)) != NULL) {
		for (pp = head; *pp != NULL; pp = &(*pp)->cnext) {
			if (*pp == x) {
				*pp = x->cnext;
				break;
			}
		}
		if (*head == NULL)
			hash_int_del(w->chats, x->chat_id);
	}
	x->cnext = NULL;
	x->chat_hashed = 0;
}

void
sshd_chat_hash_update(struct sshd_worker *w, struct sshd_sess *x)
{
	int64_t id = x->sh ? shell_chat_id(x->sh) : 0;
	struct sshd_sess **head;

	if (x->chat_hashed && x->chat_id == id)
		return;
	sshd_chat_unhash(w, x);
	if (id == 0)
		return;
	x->chat_id = id;
	head = hash_int_put(w->chats, id, NULL);
	x->cnext = *head;
	*head = x;
	x->chat_hashed = 1;
}

static int
deliver(void *arg, const struct chat_message *m)
{
	struct sshd_worker *w = arg;
	struct sshd_sess **head, *x, *next;

	w->last_msg_id = m->id;
	if ((head = hash_int_get(w->chats, m->chat_id)) == NULL)
		return 0;
	for (x = *head; x != NULL; x = next) {
		next = x->cnext;
		if (x->sh != NULL && !x->dead) {
			shell_deliver(x->sh, m);
			sshd_metrics_line(w, m);
			/*
			 * Send now.  A session that died here is freed by the
			 * next settle, not inside this loop over a statement.
			 */
			sshd_flush_out(x);
			if (!x->dead)
				sshd_sess_want(x);
		}
	}
	return 0;
}

void
sshd_db_poll(struct sshd_worker *w)
{
	int64_t v = 0, before;

	if (store_chat_data_version(w->cs, &v) < 0 || v == w->data_version)
		return;
	w->data_version = v;
	w->db_changed = 1;
	do {
		before = w->last_msg_id;
		if (store_chat_messages_since(w->cs, 0, w->last_msg_id, 1, POLL_BATCH, deliver, w) < 0)
			break;
	} while (w->last_msg_id - before >= POLL_BATCH);
}

/* The inotify descriptor is readable (a late descriptor of the loop). */
void
sshd_inotify_ready(void *arg, uint32_t events)
{
	struct sshd_worker *w = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n, off;
	int wal = 0;

	(void)events;
	while ((n = read(w->ifd, buf, sizeof buf)) > 0) {
		for (off = 0; off < n; off += (ssize_t)(sizeof *ev + ev->len)) {
			ev = (const struct inotify_event *)(buf + off);
			if ((ev->mask & IN_Q_OVERFLOW) ||
			    (ev->len > 0 && strcmp(ev->name, w->wal_name) == 0))
				wal = 1;
		}
	}
	if (wal)
		sshd_db_poll(w);
}

/*
 * Watches the database's folder for writes to its -wal file: another
 * process's commit wakes the loop at once instead of at the next tick.
 * Without inotify the tick polls.
 */
void
sshd_inotify_setup(struct sshd_worker *w)
{
	char *dir = xstrdup(w->a->db_path), *base = xstrdup(w->a->db_path);

	snprintf(w->wal_name, sizeof w->wal_name, "%s-wal", basename(base));
	w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->ifd >= 0 && inotify_add_watch(w->ifd, dirname(dir), IN_MODIFY) < 0) {
		log_warn("inotify on %s: %s", dir, strerror(errno));
		close(w->ifd);
		w->ifd = -1;
	}
	free(dir);
	free(base);
}
