/*
 * Private to src/ssh/: the worker's event loop, in the manner of redis's
 * ae.c.  A descriptor is registered as (fd, ready callback, argument) in a
 * table indexed by fd; timers are (period, callback, argument) with due
 * times.  One pass (sshd_loop_once) waits in epoll until the nearest timer
 * is due, calls the callbacks of the ready descriptors, then those of the
 * timers that are due.
 *
 * Ownership: the loop owns its epoll descriptor and its tables, never the
 * registered descriptors nor the arguments.
 */
#ifndef INFOCIG_SSH_LOOP_H
#define INFOCIG_SSH_LOOP_H

#include <stddef.h>
#include <stdint.h>

struct sshd_loop;
struct sshd_timer;

/*
 * Called with the argument given at registration and epoll's event bits.
 * It may register, change or remove any descriptor, itself included.
 */
typedef void sshd_ready_fn(void *arg, uint32_t events);
typedef void sshd_timer_fn(void *arg, int64_t now_ms);

/* 0, or ERR_IO with err set when epoll is refused. */
int sshd_loop_open(struct sshd_loop **out, char *err, size_t errlen);
/* Closes the epoll descriptor, frees the tables; NULL is a no-op. */
void sshd_loop_free(struct sshd_loop *l);

/*
 * Watches fd for mask (EPOLLIN ...).  late 0: fn runs in the order of the
 * ready list; late n > 0: after every descriptor of the pass with late 0,
 * in increasing n (for work that may free what other events of the same
 * pass point at).  0, or ERR_IO when epoll refuses.
 */
int sshd_loop_add(struct sshd_loop *l, int fd, uint32_t mask, int late, sshd_ready_fn *fn,
    void *arg);
/*
 * Changes the mask of fd, registered for arg; nothing when it is the same.
 * 0, ERR_INVALID when fd is not arg's (any more), or ERR_IO.
 */
int sshd_loop_want(struct sshd_loop *l, int fd, const void *arg, uint32_t mask);
/*
 * Forgets fd when it is still registered for arg (the number may have been
 * reused by a newer registration, which stays).  Call it before closing fd.
 */
void sshd_loop_del(struct sshd_loop *l, int fd, const void *arg);

/* A timer due every period_ms from now on; lives as long as the loop. */
struct sshd_timer *sshd_loop_every(struct sshd_loop *l, int64_t period_ms, sshd_timer_fn *fn,
    void *arg);

/*
 * One pass: waits at most until the nearest timer (max_wait_ms without
 * one), then runs what is ready and what is due.  0, or ERR_IO when epoll
 * fails (errno set).
 */
int sshd_loop_once(struct sshd_loop *l, int max_wait_ms);

#endif
