/*
 * Session life: accept, the key exchange resumed on readiness, the bounded
 * output queue written within the peer's window, the per-second checks
 * (login grace time, closing, keepalives), and the free.
 *
 * libssh is never allowed to block: sessions are non-blocking, the key
 * exchange is resumed on readiness, and the channel is written only within
 * the peer's window; what does not fit waits in the session's bounded
 * output queue.  Sessions are freed only outside libssh callbacks.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "ssh_internal.h"
#include "ssh_loop.h"

#define CLOSE_WAIT_MS 3000	/* after our channel close, wait this long for the client */
/*
 * Most bytes handed to libssh in one write.  libssh keeps whatever the
 * socket does not take in a buffer of its own with no bound, so we hand it
 * data only while the socket is writable, a chunk at a time: what a client
 * does not read stays in our bounded queue (issue 18.1).
 */
#define WRITE_CHUNK 16384

const char *
sshd_addr(const struct sshd_sess *x)
{
	return x->src ? x->src->addr : "?";
}

void
sshd_sess_free(struct sshd_sess *x)
{
	struct sshd_worker *w = x->w;

	if (x->sh != NULL) {
		shell_hangup(x->sh);
		shell_free(x->sh);
	}
	sshd_chat_unhash(w, x);
	sshd_auth_cancel(x);
	if (x->state == SS_KEX || x->state == SS_AUTH) {
		w->nunauth--;
		if (x->src != NULL)
			x->src->startups--;
		if (x->auth_failures > 0)
			sshd_source_failure(w, x->src);
	}
	if (x->src != NULL)
		x->src->sessions--;	/* the sweep may free it from now on */
	/*
	 * libssh closes the socket itself when the connection fails; the
	 * number may then belong to a newer session, whose registration must
	 * not be removed.  Only a socket libssh still holds is ours to drop
	 * (the loop also keeps a registration that names another session).
	 */
	if (x->fd >= 0 && (x->s == NULL || ssh_get_fd(x->s) == x->fd))
		sshd_loop_del(w->loop, x->fd, x);
	if (x->ev != NULL) {
		ssh_event_remove_session(x->ev, x->s);
		ssh_event_free(x->ev);
	}
	if (x->s != NULL) {
		ssh_disconnect(x->s);
		ssh_free(x->s);		/* closes the socket */
	}
	explicit_bzero(&x->acct, sizeof x->acct);
	explicit_bzero(&x->cred, sizeof x->cred);
	shell_buf_free(&x->outq);
	if (x->prev)
		x->prev->next = x->next;
	else
		w->sessions = x->next;
	if (x->next)
		x->next->prev = x->prev;
	w->nsessions--;
	free(x);
}

/*
 * Output from the shell: queued, sent within the peer's window.  Past half
 * the bound the queue is flushed at once, so that the echo of a large paste
 * goes out as it is made (a paste is input, issue 18.4); only a client that
 * does not take what is sent fills the queue and is dropped.
 */
static void
io_write(void *arg, const char *buf, size_t len)
{
	struct sshd_sess *x = arg;
	size_t limit = (size_t)x->w->conf->ssh.output_queue_kib * 1024;

	if (x->dead)
		return;
	shell_buf_add(&x->outq, buf, len);
	if (x->outq.len > limit / 2)
		sshd_flush_out(x);
	if (!x->dead && x->outq.len > limit) {
		/* A reader that does not drain would make us hold its output forever. */
		log_info("session from %s: output queue full, disconnecting", sshd_addr(x));
		shell_buf_free(&x->outq);
		x->dead = 1;
	}
}

static size_t
io_queued(void *arg)
{
	const struct sshd_sess *x = arg;

	return x->outq.len;
}

void
sshd_io_exit(void *arg, int status)
{
	struct sshd_sess *x = arg;

	x->exit_pending = 1;
	x->exit_status = status;
}

struct shell *
sshd_make_shell(struct sshd_sess *x)
{
	struct shell_io io = { .write = io_write, .queued = io_queued, .exit = sshd_io_exit,
		.arg = x };
	struct shell *sh;

	sh = shell_new(&x->w->env, &x->acct, &io, x->pty, x->cols > 0 ? x->cols : 80);
	shell_set_lang(sh, x->lang);
	return sh;
}

/* 1 when the kernel would take more bytes on fd now. */
static int
sock_writable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLOUT);
}

/*
 * Hands queued output to libssh: within the peer's window, a chunk at a
 * time, and only while the socket takes it, so that libssh never holds
 * more than about one chunk of a client that does not read.
 */
void
sshd_flush_out(struct sshd_sess *x)
{
	uint32_t win;
	size_t chunk;
	int n;

	if (x->ch == NULL || x->dead)
		return;
	while (x->outq.len > 0) {
		win = ssh_channel_window_size(x->ch);
		if (win == 0 || !sock_writable(x->fd))
			break;
		chunk = x->outq.len < WRITE_CHUNK ? x->outq.len : WRITE_CHUNK;
		if (chunk > win)
			chunk = win;
		n = ssh_channel_write(x->ch, x->outq.p, (uint32_t)chunk);
		if (n == SSH_ERROR) {
			x->dead = 1;
			return;
		}
		if (n <= 0)
			break;
		shell_buf_consume(&x->outq, (size_t)n);
	}
	if (x->outq.len == 0 && x->exit_pending && !x->exit_sent) {
		ssh_channel_request_send_exit_status(x->ch, x->exit_status);
		ssh_channel_send_eof(x->ch);
		ssh_channel_close(x->ch);
		x->exit_sent = 1;
		x->state = SS_CLOSING;
		x->close_deadline = clock_mono_ms() + CLOSE_WAIT_MS;
	}
	/* A write that failed closed the socket: do not keep the session. */
	if (ssh_get_fd(x->s) < 0)
		x->dead = 1;
}

/*
 * The epoll mask the session needs.  A paused session asks for nothing:
 * libssh reads whatever has arrived whenever it is polled, even for a write
 * (and it asks for POLLOUT after every write), so the only way not to read
 * the client's next packet is not to poll the session at all.
 */
void
sshd_sess_want(struct sshd_sess *x)
{
	uint32_t mask = 0;
	int out;

	if (x->fd < 0)
		return;
	if (!x->paused) {
		/* Woken when the socket drains: libssh's pending bytes, or ours within the window. */
		out = (ssh_get_poll_flags(x->s) & SSH_WRITE_PENDING) ||
		    (x->ch != NULL && x->outq.len > 0 && ssh_channel_window_size(x->ch) > 0);
		mask = EPOLLIN | (out ? EPOLLOUT : 0);
	}
	if (mask != x->epmask && sshd_loop_want(x->w->loop, x->fd, x, mask) == 0)
		x->epmask = mask;
}

/* Called after every bit of work on a session: flush, free, or set the epoll mask. */
void
sshd_sess_settle(struct sshd_sess *x)
{
	if (!x->dead)
		sshd_flush_out(x);
	/* A replay goes on as the client reads; the tick retries it too. */
	if (!x->dead && x->sh != NULL && shell_pump(x->sh)) {
		sshd_flush_out(x);
		x->w->pump_due = 1;
	}
	if (x->dead) {
		sshd_sess_free(x);
		return;
	}
	if (x->sh != NULL)
		sshd_chat_hash_update(x->w, x);
	sshd_sess_want(x);
}

static void
sess_ready(void *arg, uint32_t events)
{
	struct sshd_sess *x = arg;
	int r;

	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		x->last_rx = clock_mono_ms();
	if (x->paused && !(events & (EPOLLHUP | EPOLLERR)))
		return;
	if (x->state == SS_KEX) {
		r = ssh_handle_key_exchange(x->s);
		if (r == SSH_OK) {
			x->state = SS_AUTH;
			x->ev = ssh_event_new();
			if (x->ev == NULL || ssh_event_add_session(x->ev, x->s) != SSH_OK)
				x->dead = 1;
		} else if (r == SSH_ERROR)
			x->dead = 1;
		sshd_sess_settle(x);
		return;
	}
	if (ssh_event_dopoll(x->ev, 0) == SSH_ERROR || !ssh_is_connected(x->s) ||
	    (ssh_get_status(x->s) & (SSH_CLOSED | SSH_CLOSED_ERROR))) {
		if (x->sh != NULL)
			shell_hangup(x->sh);
		x->dead = 1;
	}
	sshd_sess_settle(x);
}

/* Accept. */

static void
accept_one(struct sshd_worker *w, int fd, const struct sockaddr_storage *ss)
{
	const struct conf *c = w->conf;
	char addr[INET6_ADDRSTRLEN] = "?";
	struct sshd_source *src;
	struct sshd_sess *x;
	int one = 1, methods = 0;
	int64_t now = clock_mono_ms();

	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, addr, sizeof addr);
	else if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, addr, sizeof addr);
	src = sshd_source_get(w, addr);
	if (w->stopping || w->nsessions >= c->ssh.max_sessions ||
	    sshd_startups_drop(w->nunauth, c->ssh.max_startups) ||
	    sshd_startups_drop(src->startups, c->ssh.max_startups_per_source) ||
	    src->penalty_until > now) {
		log_debug("refused connection from %s", addr);
		close(fd);
		return;
	}
	/* libssh does not set it on server sockets; without it interactive round trips crawl. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	x = xcalloc(1, sizeof *x);
	x->w = w;
	x->fd = -1;
	x->s = ssh_new();
	if (x->s == NULL || ssh_bind_accept_fd(w->bind, x->s, fd) != SSH_OK) {
		log_warn("ssh_bind_accept_fd: %s", x->s ? ssh_get_error(x->s) : "out of memory");
		ssh_free(x->s);
		close(fd);
		free(x);
		return;
	}
	x->fd = fd;
	x->src = src;
	src->sessions++;
	src->startups++;
	w->nunauth++;
	x->state = SS_KEX;
	x->started = x->last_rx = now;
	ssh_set_blocking(x->s, 0);
	if (c->auth.password_otp)
		methods |= SSH_AUTH_METHOD_INTERACTIVE;
	if (c->auth.publickey)
		methods |= SSH_AUTH_METHOD_PUBLICKEY;
	ssh_set_auth_methods(x->s, methods);
	ssh_callbacks_init(&x->scb);
	x->scb.userdata = x;
	x->scb.channel_open_request_session_function = sshd_channel_open;
	sshd_auth_install(x);
	ssh_set_server_callbacks(x->s, &x->scb);
	x->next = w->sessions;
	if (w->sessions)
		w->sessions->prev = x;
	w->sessions = x;
	w->nsessions++;
	if (sshd_loop_add(w->loop, fd, EPOLLIN, 0, sess_ready, x) < 0) {
		x->dead = 1;
		sshd_sess_free(x);
		return;
	}
	x->epmask = EPOLLIN;
	/* Sends our banner; the rest of the key exchange happens on readiness. */
	if (ssh_handle_key_exchange(x->s) == SSH_ERROR)
		x->dead = 1;
	sshd_sess_settle(x);
}

/* The listening socket is readable: take what is waiting, 64 at most per pass. */
void
sshd_accept_ready(void *arg, uint32_t events)
{
	struct sshd_worker *w = arg;
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, i;

	(void)events;
	for (i = 0; i < 64; i++) {
		sl = sizeof ss;
		fd = accept4(w->lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
			    errno != ECONNABORTED)
				log_warn("accept: %s", strerror(errno));
			return;
		}
		accept_one(w, fd, &ss);
	}
}

/* Per-second checks. */

/*
 * Milliseconds since the client last sent anything.  The kernel knows
 * (TCP_INFO): libssh may read a keepalive's answer inside another call,
 * where no readiness event of ours sees it.
 */
static int64_t
rx_idle_ms(struct sshd_sess *x, int64_t now_ms)
{
	struct tcp_info ti;
	socklen_t len = sizeof ti;
	int64_t idle = now_ms - x->last_rx;

	if (idle > 1000 && getsockopt(x->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 &&
	    len >= offsetof(struct tcp_info, tcpi_last_data_recv) + sizeof ti.tcpi_last_data_recv &&
	    (int64_t)ti.tcpi_last_data_recv < idle) {
		x->last_rx = now_ms - ti.tcpi_last_data_recv;
		idle = ti.tcpi_last_data_recv;
	}
	return idle;
}

/*
 * libssh keeps one keepalive outstanding, and a call made while the answer
 * to the previous one waits to be collected only collects it: the second
 * call sends the new one.  With the previous still unanswered, neither
 * sends anything (no pile-up); the idle time then decides.
 */
static void
send_keepalive(struct sshd_sess *x)
{
	ssh_send_keepalive(x->s);
	ssh_send_keepalive(x->s);
}

/* Login grace time, the wait after our close, keepalives: may mark x dead. */
void
sshd_sess_second(struct sshd_sess *x, int64_t now_ms)
{
	const struct conf *c = x->w->conf;

	if ((x->state == SS_KEX || x->state == SS_AUTH) &&
	    now_ms - x->started > (int64_t)c->ssh.login_grace_time * 1000) {
		log_info("login grace time over for %s", sshd_addr(x));
		if (x->src)
			sshd_source_failure(x->w, x->src);
		x->dead = 1;
	} else if (x->state == SS_CLOSING && now_ms > x->close_deadline) {
		x->dead = 1;
	} else if (x->state == SS_OPEN && c->ssh.keepalive_interval > 0) {
		int64_t idle = rx_idle_ms(x, now_ms);
		int64_t iv = (int64_t)c->ssh.keepalive_interval * 1000;

		if (c->ssh.keepalive_count_max > 0 && idle > iv * (c->ssh.keepalive_count_max + 1)) {
			log_info("client %s not answering keepalives", sshd_addr(x));
			x->dead = 1;
		} else if (idle > iv && now_ms - x->last_keepalive > iv) {
			x->last_keepalive = now_ms;
			send_keepalive(x);
		}
	}
}
