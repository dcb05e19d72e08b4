/*
 * Password checks off the event loop: a small fixed pool of threads runs
 * auth_password_verify() (yescrypt, tens of milliseconds) and reports each
 * result through an eventfd that the loop watches.  The loop never blocks
 * on a hash and no thread is ever made per connection.
 *
 * Locking: one mutex guards the three lists (waiting, running, done); the
 * condition variable wakes idle threads.  A job's password is wiped when the
 * job is freed, by whichever side frees it.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE		/* explicit_bzero */
#endif
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "auth.h"
#include "common.h"

struct auth_job {
	void *tag;
	int cancelled;
	int ok;
	char *password;
	char *hash;
	struct auth_job *next;
};

struct auth_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t *threads;
	int nthreads;
	int stopping;
	int efd;
	struct auth_job *wait_head, *wait_tail;	/* FIFO */
	struct auth_job **running;		/* one slot per thread */
	struct auth_job *done;
};

static void
job_free(struct auth_job *j)
{
	if (j == NULL)
		return;
	if (j->password != NULL) {
		explicit_bzero(j->password, strlen(j->password));
		free(j->password);
	}
	free(j->hash);
	free(j);
}

struct thread_arg {
	struct auth_pool *p;
	int slot;
};

static void *
pool_thread(void *arg)
{
	struct thread_arg *ta = arg;
	struct auth_pool *p = ta->p;
	int slot = ta->slot;
	struct auth_job *j;
	uint64_t one = 1;
	ssize_t w;

	free(ta);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stopping && p->wait_head == NULL)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stopping)
			break;
		j = p->wait_head;
		p->wait_head = j->next;
		if (p->wait_head == NULL)
			p->wait_tail = NULL;
		p->running[slot] = j;
		pthread_mutex_unlock(&p->mu);

		j->ok = auth_password_verify(j->password, j->hash);
		explicit_bzero(j->password, strlen(j->password));

		pthread_mutex_lock(&p->mu);
		p->running[slot] = NULL;
		j->next = p->done;
		p->done = j;
		do
			w = write(p->efd, &one, sizeof one);
		while (w < 0 && errno == EINTR);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct auth_pool *
auth_pool_new(int threads)
{
	struct auth_pool *p;
	struct thread_arg *ta;
	int i;

	if (threads < 1)
		threads = 1;
	p = xcalloc(1, sizeof *p);
	p->threads = xcalloc((size_t)threads, sizeof *p->threads);
	p->running = xcalloc((size_t)threads, sizeof *p->running);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if ((p->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
		auth_pool_free(p);
		return NULL;
	}
	for (i = 0; i < threads; i++) {
		ta = xmalloc(sizeof *ta);
		ta->p = p;
		ta->slot = i;
		if (pthread_create(&p->threads[i], NULL, pool_thread, ta) != 0) {
			free(ta);
			auth_pool_free(p);
			return NULL;
		}
		p->nthreads++;
	}
	return p;
}

void
auth_pool_free(struct auth_pool *p)
{
	struct auth_job *j, *next;
	int i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stopping = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	/* A thread in the middle of a hash finishes it first. */
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	for (j = p->wait_head; j != NULL; j = next) {
		next = j->next;
		job_free(j);
	}
	for (j = p->done; j != NULL; j = next) {
		next = j->next;
		job_free(j);
	}
	for (i = 0; i < p->nthreads; i++)
		job_free(p->running[i]);
	if (p->efd >= 0)
		close(p->efd);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p->running);
	free(p->threads);
	free(p);
}

int
auth_pool_fd(const struct auth_pool *p)
{
	return p->efd;
}

int
auth_pool_submit(struct auth_pool *p, const char *password, const char *hash, void *tag)
{
	struct auth_job *j;

	if (password == NULL || hash == NULL)
		return ERR_INVALID;
	j = xcalloc(1, sizeof *j);
	j->tag = tag;
	j->password = xstrdup(password);
	j->hash = xstrdup(hash);
	pthread_mutex_lock(&p->mu);
	if (p->wait_tail != NULL)
		p->wait_tail->next = j;
	else
		p->wait_head = j;
	p->wait_tail = j;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

void
auth_pool_cancel(struct auth_pool *p, void *tag)
{
	struct auth_job **pp, *j;
	int i;

	pthread_mutex_lock(&p->mu);
	for (pp = &p->wait_head, p->wait_tail = NULL; (j = *pp) != NULL;) {
		if (j->tag == tag) {
			*pp = j->next;
			job_free(j);
		} else {
			p->wait_tail = j;
			pp = &j->next;
		}
	}
	for (i = 0; i < p->nthreads; i++)
		if (p->running[i] != NULL && p->running[i]->tag == tag)
			p->running[i]->cancelled = 1;
	for (j = p->done; j != NULL; j = j->next)
		if (j->tag == tag)
			j->cancelled = 1;
	pthread_mutex_unlock(&p->mu);
}

int
auth_pool_collect(struct auth_pool *p, void (*fn)(void *arg, void *tag, int ok), void *arg)
{
	struct auth_job *list, *j, *next, *rev = NULL;
	uint64_t v;
	int n = 0;

	while (read(p->efd, &v, sizeof v) < 0 && errno == EINTR)
		;
	pthread_mutex_lock(&p->mu);
	list = p->done;
	p->done = NULL;
	pthread_mutex_unlock(&p->mu);
	/* The done list is newest first: report in completion order. */
	for (j = list; j != NULL; j = next) {
		next = j->next;
		j->next = rev;
		rev = j;
	}
	for (j = rev; j != NULL; j = next) {
		next = j->next;
		if (!j->cancelled) {
			fn(arg, j->tag, j->ok);
			n++;
		}
		job_free(j);
	}
	return n;
}
