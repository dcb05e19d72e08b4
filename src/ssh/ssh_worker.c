/*
 * One worker: an epoll loop over its listening socket, a signalfd, a timer
 * and every session's socket.  Each session has its own ssh_event, polled
 * only when epoll says its socket is ready, so one slow client never makes
 * the others wait and nothing is O(sessions) per packet.
 *
 * libssh is never allowed to block: sessions are non-blocking, the key
 * exchange is resumed on readiness, and the channel is written only within
 * the peer's window; what does not fit waits in the session's bounded
 * output queue.  Sessions are freed only outside libssh callbacks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "account.h"
#include "auth.h"
#include "chat.h"
#include "common.h"
#include "shell.h"
#include "ssh_internal.h"
#include "store.h"
#include "text.h"
#include "valid.h"

#define TICK_MS 100		/* database polling and timers */
#define CLOSE_WAIT_MS 3000	/* after our channel close, wait this long for the client */
#define SRC_BUCKETS 1024
#define CHAT_BUCKETS 4096
#define POLL_BATCH 500

enum sess_state { SS_KEX, SS_AUTH, SS_OPEN, SS_CLOSING };

struct source {
	char addr[INET6_ADDRSTRLEN];
	int startups;		/* unauthenticated connections now */
	int failures;		/* failed logins since the last penalty */
	int64_t penalty_until;	/* mono ms */
	struct source *next;
};

struct worker;

struct sess {
	struct worker *w;
	ssh_session s;
	ssh_event ev;
	ssh_channel ch;
	int fd;
	uint32_t epmask;
	enum sess_state state;
	struct source *src;
	int64_t started, last_rx, last_keepalive, close_deadline;	/* mono ms */
	/* Authentication. */
	char user[VALID_CF_PERSON_LEN + 1];
	int have_account;
	struct store_account acct;
	int auth_failures;
	int authed;
	/* Channel and shell. */
	int pty, cols;
	struct shell *sh;
	struct shell_buf outq;
	int exit_pending, exit_status, exit_sent;
	int dead;		/* free at the next opportunity */
	int chat_hashed;
	int64_t chat_id;
	struct ssh_server_callbacks_struct scb;
	struct ssh_channel_callbacks_struct ccb;
	struct sess *prev, *next;	/* all sessions */
	struct sess *hnext;		/* chat hash chain */
};

struct worker {
	struct ssh_worker_args *a;
	struct conf *conf;
	struct shell_env env;
	struct store *st;
	struct chat_store *cs;
	ssh_bind bind;
	int epfd, lfd, sigfd, tfd;
	struct sess *sessions;
	int nsessions, nunauth;
	struct source *src[SRC_BUCKETS];
	struct sess *chats[CHAT_BUCKETS];
	int64_t data_version, last_msg_id;
	int64_t next_second;
	int stopping;
	int64_t stop_deadline;
	char dummy_hash[AUTH_HASH_SIZE];
};

/* Sources (per-address limits and penalties). */

static unsigned
hash_str(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct source *
source_get(struct worker *w, const char *addr)
{
	unsigned b = hash_str(addr) % SRC_BUCKETS;
	struct source *s;

	for (s = w->src[b]; s != NULL; s = s->next)
		if (strcmp(s->addr, addr) == 0)
			return s;
	s = xcalloc(1, sizeof *s);
	str_lcpy(s->addr, addr, sizeof s->addr);
	s->next = w->src[b];
	w->src[b] = s;
	return s;
}

/* Drops sources that hold nothing any more. */
static void
source_sweep(struct worker *w, int64_t now)
{
	struct source **pp, *s;
	size_t b;

	for (b = 0; b < SRC_BUCKETS; b++) {
		for (pp = &w->src[b]; (s = *pp) != NULL;) {
			if (s->startups == 0 && s->penalty_until < now && s->failures == 0) {
				*pp = s->next;
				free(s);
			} else
				pp = &s->next;
		}
	}
}

static void
source_failure(struct worker *w, struct source *s)
{
	const struct conf *c = w->conf;

	if (s == NULL || c->ssh.penalty_failures == 0)
		return;
	if (++s->failures >= c->ssh.penalty_failures) {
		s->failures = 0;
		s->penalty_until = clock_mono_ms() + (int64_t)c->ssh.penalty_seconds * 1000;
		log_warn("source %s penalised for %d s after failed logins", s->addr,
		    c->ssh.penalty_seconds);
	}
}

/* Chat id -> session, to hand out the messages of one database poll. */

static void
chat_unhash(struct worker *w, struct sess *x)
{
	struct sess **pp;

	if (!x->chat_hashed)
		return;
	for (pp = &w->chats[(uint64_t)x->chat_id % CHAT_BUCKETS]; *pp != NULL; pp = &(*pp)->hnext) {
		if (*pp == x) {
			*pp = x->hnext;
			break;
		}
	}
	x->chat_hashed = 0;
}

static void
chat_hash_update(struct worker *w, struct sess *x)
{
	int64_t id = x->sh ? shell_chat_id(x->sh) : 0;
	struct sess **head;

	if (x->chat_hashed && x->chat_id == id)
		return;
	chat_unhash(w, x);
	if (id == 0)
		return;
	x->chat_id = id;
	head = &w->chats[(uint64_t)id % CHAT_BUCKETS];
	x->hnext = *head;
	*head = x;
	x->chat_hashed = 1;
}

/* Sessions. */

static void
epoll_want(struct sess *x, uint32_t mask)
{
	struct epoll_event ev;

	if (x->epmask == mask || x->fd < 0)
		return;
	memset(&ev, 0, sizeof ev);
	ev.events = mask;
	ev.data.ptr = x;
	if (epoll_ctl(x->w->epfd, EPOLL_CTL_MOD, x->fd, &ev) == 0)
		x->epmask = mask;
}

static void
sess_free(struct sess *x)
{
	struct worker *w = x->w;

	if (x->sh != NULL) {
		shell_hangup(x->sh);
		shell_free(x->sh);
	}
	chat_unhash(w, x);
	if (x->state == SS_KEX || x->state == SS_AUTH) {
		w->nunauth--;
		if (x->src != NULL)
			x->src->startups--;
		if (x->auth_failures > 0)
			source_failure(w, x->src);
	}
	if (x->fd >= 0)
		epoll_ctl(w->epfd, EPOLL_CTL_DEL, x->fd, NULL);
	if (x->ev != NULL) {
		ssh_event_remove_session(x->ev, x->s);
		ssh_event_free(x->ev);
	}
	if (x->s != NULL) {
		ssh_disconnect(x->s);
		ssh_free(x->s);		/* closes the socket */
	}
	explicit_bzero(&x->acct, sizeof x->acct);
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

/* Output from the shell: queued, sent within the peer's window. */
static void
io_write(void *arg, const char *buf, size_t len)
{
	struct sess *x = arg;
	size_t limit = (size_t)x->w->conf->ssh.output_queue_kib * 1024;

	if (x->dead)
		return;
	if (x->outq.len + len > limit) {
		/* A reader that does not drain would make us hold its output forever. */
		log_info("session from %s: output queue full, disconnecting",
		    x->src ? x->src->addr : "?");
		x->dead = 1;
		return;
	}
	shell_buf_add(&x->outq, buf, len);
}

static void
io_exit(void *arg, int status)
{
	struct sess *x = arg;

	x->exit_pending = 1;
	x->exit_status = status;
}

static void
flush_out(struct sess *x)
{
	uint32_t win;
	int n;

	if (x->ch == NULL || x->dead)
		return;
	while (x->outq.len > 0) {
		win = ssh_channel_window_size(x->ch);
		if (win == 0)
			break;
		n = ssh_channel_write(x->ch, x->outq.p, x->outq.len < win ? (uint32_t)x->outq.len : win);
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
}

/* Called after every bit of work on a session: flush, free, or set the epoll mask. */
static void
sess_settle(struct sess *x)
{
	if (!x->dead)
		flush_out(x);
	if (x->dead) {
		sess_free(x);
		return;
	}
	if (x->sh != NULL)
		chat_hash_update(x->w, x);
	epoll_want(x, EPOLLIN | ((ssh_get_poll_flags(x->s) & SSH_WRITE_PENDING) ? EPOLLOUT : 0));
}

/* Authentication. */

/*
 * Looks the user name up: a valid personal codice fiscale of an unlocked
 * person account.  Anything else leaves have_account 0, and the caller
 * answers exactly as for a wrong password.
 */
static void
auth_lookup(struct sess *x, const char *user)
{
	char cf[VALID_CF_PERSON_LEN + 8];

	str_upper_trim(cf, sizeof cf, user ? user : "");
	if (x->have_account && strcmp(cf, x->user) == 0)
		return;
	x->have_account = 0;
	explicit_bzero(&x->acct, sizeof x->acct);
	str_lcpy(x->user, cf, sizeof x->user);
	if (strlen(cf) != VALID_CF_PERSON_LEN || valid_cf_person(cf) < 0)
		return;
	if (store_account_by_login(x->w->st, cf, &x->acct) < 0)
		return;
	if (x->acct.locked || account_role_is_staff(x->acct.role)) {
		explicit_bzero(&x->acct, sizeof x->acct);
		return;
	}
	x->have_account = 1;
}

static void
auth_failed(struct sess *x, const char *method)
{
	char masked[32];

	str_mask_id(masked, sizeof masked, x->user);
	x->auth_failures++;
	log_info("failed %s for %s from %s (%d/%d)", method, masked,
	    x->src ? x->src->addr : "?", x->auth_failures, x->w->conf->ssh.max_auth_tries);
	if (x->auth_failures >= x->w->conf->ssh.max_auth_tries) {
		log_info("too many authentication failures from %s", x->src ? x->src->addr : "?");
		x->dead = 1;
	}
}

static void
auth_succeeded(struct sess *x, const char *method)
{
	char masked[32];

	str_mask_id(masked, sizeof masked, x->user);
	log_info("accepted %s for %s from %s", method, masked, x->src ? x->src->addr : "?");
	x->authed = 1;
	x->state = SS_OPEN;
	x->w->nunauth--;
	if (x->src != NULL)
		x->src->startups--;
}

/* Password and one-time code; 1 when both are right (and the code is now used). */
static int
check_password_otp(struct sess *x, const char *password, const char *code)
{
	int64_t step;
	int ok;

	if (!x->have_account) {
		/* Same work as for a real account: no timing difference to probe. */
		auth_password_verify(password, x->w->dummy_hash);
		return 0;
	}
	ok = auth_password_verify(password, x->acct.password_hash);
	if (!ok)
		return 0;
	if (auth_totp_verify(x->acct.totp_secret, code, clock_now(), x->acct.totp_last_step,
	    &step) != 1)
		return 0;
	/* Conditional update: a code is accepted once, even by two daemons at once. */
	if (store_account_use_totp_step(x->w->st, x->acct.id, step) < 0)
		return 0;
	x->acct.totp_last_step = step;
	return 1;
}

static int
on_message(ssh_session s, ssh_message m, void *userdata)
{
	struct sess *x = userdata;
	static const char *prompts[] = { "Password: ", "Codice OTP: " };
	static char echo[] = { 0, 0 };
	const char *password, *code;
	char pw[256], otp[16];
	int ok;

	if (ssh_message_type(m) != SSH_REQUEST_AUTH ||
	    ssh_message_subtype(m) != SSH_AUTH_METHOD_INTERACTIVE)
		return 1;	/* libssh's default answer: refused */
	if (x->authed || x->dead || !x->w->conf->auth.password_otp)
		return 1;
	if (!ssh_message_auth_kbdint_is_response(m)) {
		auth_lookup(x, ssh_message_auth_user(m));
		ssh_message_auth_interactive_request(m, "SPID livello 2",
		    "Accesso a INFO CIG: password e codice OTP dell'app di autenticazione.",
		    2, prompts, echo);
		return 0;
	}
	if (ssh_userauth_kbdint_getnanswers(s) != 2) {
		auth_failed(x, "keyboard-interactive");
		ssh_message_reply_default(m);
		return 0;
	}
	password = ssh_userauth_kbdint_getanswer(s, 0);
	code = ssh_userauth_kbdint_getanswer(s, 1);
	str_lcpy(pw, password ? password : "", sizeof pw);
	str_lcpy(otp, code ? code : "", sizeof otp);
	ok = check_password_otp(x, pw, otp);
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(otp, sizeof otp);
	if (ok) {
		auth_succeeded(x, "keyboard-interactive");
		ssh_message_auth_reply_success(m, 0);
	} else {
		auth_failed(x, "keyboard-interactive");
		ssh_message_reply_default(m);
	}
	return 0;
}

static int
on_auth_pubkey(ssh_session s, const char *user, struct ssh_key_struct *pubkey,
    char signature_state, void *userdata)
{
	struct sess *x = userdata;
	char *b64 = NULL;
	const char *type;
	int match = 0;

	(void)s;
	if (x->authed || x->dead || !x->w->conf->auth.publickey)
		return SSH_AUTH_DENIED;
	auth_lookup(x, user);
	type = ssh_key_type_to_char(ssh_key_type(pubkey));
	if (x->have_account && type != NULL && ssh_pki_export_pubkey_base64(pubkey, &b64) == SSH_OK)
		match = store_account_key_match(x->w->st, x->acct.id, type, b64) == 1;
	ssh_string_free_char(b64);
	if (signature_state == SSH_PUBLICKEY_STATE_NONE) {
		/* A probe: say whether this key would do, without logging in yet. */
		if (match)
			return SSH_AUTH_SUCCESS;
		auth_failed(x, "publickey");
		return SSH_AUTH_DENIED;
	}
	if (signature_state == SSH_PUBLICKEY_STATE_VALID && match) {
		auth_succeeded(x, "publickey");
		return SSH_AUTH_SUCCESS;
	}
	auth_failed(x, "publickey");
	return SSH_AUTH_DENIED;
}

/* Channel. */

static int
on_pty(ssh_session s, ssh_channel ch, const char *term, int width, int height,
    int pxw, int pxh, void *userdata)
{
	struct sess *x = userdata;

	(void)s, (void)ch, (void)term, (void)height, (void)pxw, (void)pxh;
	if (x->sh != NULL)
		return -1;
	x->pty = 1;
	x->cols = width;
	return 0;
}

static int
on_window_change(ssh_session s, ssh_channel ch, int width, int height, int pxw, int pxh,
    void *userdata)
{
	struct sess *x = userdata;

	(void)s, (void)ch, (void)height, (void)pxw, (void)pxh;
	x->cols = width;
	if (x->sh != NULL)
		shell_resize(x->sh, width);
	return 0;
}

static struct shell *
make_shell(struct sess *x)
{
	struct shell_io io = { .write = io_write, .exit = io_exit, .arg = x };

	return shell_new(&x->w->env, &x->acct, &io, x->pty, x->cols > 0 ? x->cols : 80);
}

static int
on_shell(ssh_session s, ssh_channel ch, void *userdata)
{
	struct sess *x = userdata;

	(void)s, (void)ch;
	if (x->sh != NULL || x->w->stopping)
		return -1;
	/* Output is only queued here; it goes out after libssh has sent the reply. */
	x->sh = make_shell(x);
	shell_start(x->sh);
	return 0;
}

static int
on_exec(ssh_session s, ssh_channel ch, const char *command, void *userdata)
{
	struct sess *x = userdata;

	(void)s, (void)ch;
	if (x->sh != NULL)
		return -1;
	x->sh = make_shell(x);
	shell_exec(x->sh, command);
	return 0;
}

static int
on_env(ssh_session s, ssh_channel ch, const char *name, const char *value, void *userdata)
{
	(void)s, (void)ch, (void)name, (void)value, (void)userdata;
	return -1;
}

static int
on_data(ssh_session s, ssh_channel ch, void *data, uint32_t len, int is_stderr,
    void *userdata)
{
	struct sess *x = userdata;

	(void)s, (void)ch;
	/* Consume everything: libssh 0.10 accepts data beyond the window anyway. */
	if (!is_stderr && x->sh != NULL && !x->dead)
		shell_input(x->sh, data, len);
	return (int)len;
}

static void
on_eof(ssh_session s, ssh_channel ch, void *userdata)
{
	struct sess *x = userdata;

	(void)s, (void)ch;
	if (x->sh != NULL && !shell_done(x->sh)) {
		/* The client's input ended: like a dropped line, the chat may be resumed. */
		shell_hangup(x->sh);
		io_exit(x, 0);
	}
}

static void
on_close(ssh_session s, ssh_channel ch, void *userdata)
{
	struct sess *x = userdata;

	(void)s, (void)ch;
	if (x->sh != NULL)
		shell_hangup(x->sh);
	x->dead = 1;
}

static ssh_channel
on_channel_open(ssh_session s, void *userdata)
{
	struct sess *x = userdata;

	if (!x->authed || x->ch != NULL || x->w->stopping)
		return NULL;
	x->ch = ssh_channel_new(s);
	if (x->ch == NULL)
		return NULL;
	ssh_callbacks_init(&x->ccb);
	x->ccb.userdata = x;
	x->ccb.channel_data_function = on_data;
	x->ccb.channel_eof_function = on_eof;
	x->ccb.channel_close_function = on_close;
	x->ccb.channel_pty_request_function = on_pty;
	x->ccb.channel_shell_request_function = on_shell;
	x->ccb.channel_exec_request_function = on_exec;
	x->ccb.channel_env_request_function = on_env;
	x->ccb.channel_pty_window_change_function = on_window_change;
	ssh_set_channel_callbacks(x->ch, &x->ccb);
	return x->ch;
}

/* Accept. */

static void
accept_one(struct worker *w, int fd, const struct sockaddr_storage *ss)
{
	const struct conf *c = w->conf;
	char addr[INET6_ADDRSTRLEN] = "?";
	struct epoll_event ev;
	struct source *src;
	struct sess *x;
	int one = 1, methods = 0;
	int64_t now = clock_mono_ms();

	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, addr, sizeof addr);
	else if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, addr, sizeof addr);
	src = source_get(w, addr);
	if (w->stopping || w->nsessions >= c->ssh.max_sessions || w->nunauth >= c->ssh.max_startups ||
	    src->startups >= c->ssh.max_startups_per_source || src->penalty_until > now) {
		log_debug("refused connection from %s", addr);
		close(fd);
		return;
	}
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
	x->scb.auth_pubkey_function = on_auth_pubkey;
	x->scb.channel_open_request_session_function = on_channel_open;
	ssh_set_server_callbacks(x->s, &x->scb);
	ssh_set_message_callback(x->s, on_message, x);
	x->next = w->sessions;
	if (w->sessions)
		w->sessions->prev = x;
	w->sessions = x;
	w->nsessions++;
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = x;
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		x->dead = 1;
		sess_free(x);
		return;
	}
	x->epmask = EPOLLIN;
	/* Sends our banner; the rest of the key exchange happens on readiness. */
	if (ssh_handle_key_exchange(x->s) == SSH_ERROR)
		x->dead = 1;
	sess_settle(x);
}

static void
accept_all(struct worker *w)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, i;

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

static void
sess_ready(struct sess *x, uint32_t events)
{
	int r;

	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		x->last_rx = clock_mono_ms();
	if (x->state == SS_KEX) {
		r = ssh_handle_key_exchange(x->s);
		if (r == SSH_OK) {
			x->state = SS_AUTH;
			x->ev = ssh_event_new();
			if (x->ev == NULL || ssh_event_add_session(x->ev, x->s) != SSH_OK)
				x->dead = 1;
		} else if (r == SSH_ERROR)
			x->dead = 1;
		sess_settle(x);
		return;
	}
	if (ssh_event_dopoll(x->ev, 0) == SSH_ERROR || !ssh_is_connected(x->s) ||
	    (ssh_get_status(x->s) & (SSH_CLOSED | SSH_CLOSED_ERROR))) {
		if (x->sh != NULL)
			shell_hangup(x->sh);
		x->dead = 1;
	}
	sess_settle(x);
}

/* Database polling: new messages for our chats, then state changes. */

static int
deliver(void *arg, const struct chat_message *m)
{
	struct worker *w = arg;
	struct sess *x;

	w->last_msg_id = m->id;
	for (x = w->chats[(uint64_t)m->chat_id % CHAT_BUCKETS]; x != NULL; x = x->hnext)
		if (x->chat_id == m->chat_id && x->sh != NULL)
			shell_deliver(x->sh, m);
	return 0;
}

static void
tick(struct worker *w)
{
	int64_t now_ms = clock_mono_ms(), now = clock_now(), v = 0, before;
	const struct conf *c = w->conf;
	struct sess *x, *next;
	int changed = 0, second = 0;

	if (chat_data_version(w->cs, &v) == 0 && v != w->data_version) {
		w->data_version = v;
		changed = 1;
		do {
			before = w->last_msg_id;
			chat_messages_since(w->cs, 0, w->last_msg_id, 1, POLL_BATCH, deliver, w);
		} while (w->last_msg_id - before >= POLL_BATCH);
	}
	if (now_ms >= w->next_second) {
		w->next_second = now_ms + 1000;
		second = 1;
	}
	if (!changed && !second)
		return;
	for (x = w->sessions; x != NULL; x = next) {
		next = x->next;
		if (second) {
			if ((x->state == SS_KEX || x->state == SS_AUTH) &&
			    now_ms - x->started > (int64_t)c->ssh.login_grace_time * 1000) {
				log_info("login grace time over for %s", x->src ? x->src->addr : "?");
				if (x->src)
					source_failure(w, x->src);
				x->dead = 1;
			} else if (x->state == SS_CLOSING && now_ms > x->close_deadline) {
				x->dead = 1;
			} else if (x->state == SS_OPEN && c->ssh.keepalive_interval > 0) {
				int64_t idle = now_ms - x->last_rx;
				int64_t iv = (int64_t)c->ssh.keepalive_interval * 1000;

				if (c->ssh.keepalive_count_max > 0 &&
				    idle > iv * (c->ssh.keepalive_count_max + 1)) {
					log_info("client %s not answering keepalives",
					    x->src ? x->src->addr : "?");
					x->dead = 1;
				} else if (idle > iv && now_ms - x->last_keepalive > iv) {
					x->last_keepalive = now_ms;
					ssh_send_keepalive(x->s);
				}
			}
		}
		if (!x->dead && x->sh != NULL)
			shell_tick(x->sh, now, changed);
		if (x->dead || x->sh != NULL || second)
			sess_settle(x);
	}
	if (second && now_ms % 10000 < 1000)
		source_sweep(w, now_ms);
}

/* Setup and the loop. */

static int
bind_setup(struct worker *w)
{
	ssh_key key = NULL;
	bool no = false;

	w->bind = ssh_bind_new();
	if (w->bind == NULL)
		return ERR_NOMEM;
	if (ssh_pki_import_privkey_file(w->a->host_key_path, NULL, NULL, NULL, &key) != SSH_OK) {
		log_error("%s: cannot read the host key", w->a->host_key_path);
		return ERR_IO;
	}
	if (ssh_bind_options_set(w->bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no) < 0 ||
	    ssh_bind_options_set(w->bind, SSH_BIND_OPTIONS_IMPORT_KEY, key) < 0 ||
	    ssh_bind_options_set(w->bind, SSH_BIND_OPTIONS_KEY_EXCHANGE, "curve25519-sha256") < 0 ||
	    ssh_bind_options_set(w->bind, SSH_BIND_OPTIONS_HOSTKEY_ALGORITHMS, "ssh-ed25519") < 0 ||
	    ssh_bind_options_set(w->bind, SSH_BIND_OPTIONS_CIPHERS_C_S,
	    "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com") < 0 ||
	    ssh_bind_options_set(w->bind, SSH_BIND_OPTIONS_CIPHERS_S_C,
	    "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com") < 0) {
		log_error("ssh_bind_options_set: %s", ssh_get_error(w->bind));
		return ERR_INVALID;
	}
	return 0;
}

static int
worker_open(struct worker *w)
{
	struct epoll_event ev;
	struct itimerspec its;
	sigset_t set;
	char err[256];
	int r;

	if ((r = store_open(w->a->db_path, 0, &w->st, err, sizeof err)) < 0) {
		log_error("%s", err);
		return r;
	}
	w->cs = chat_store_new(w->st);
	w->env.st = w->st;
	w->env.cs = w->cs;
	w->env.pid = getpid();
	if (shell_env_load(&w->env, w->conf) < 0) {
		log_error("service hours: invalid configuration");
		return ERR_INVALID;
	}
	if (auth_password_hash("infocig-dummy", w->dummy_hash, sizeof w->dummy_hash) < 0)
		return ERR_IO;
	chat_message_last_id(w->cs, &w->last_msg_id);
	chat_data_version(w->cs, &w->data_version);
	if ((r = bind_setup(w)) < 0)
		return r;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	w->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	w->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (w->sigfd < 0 || w->tfd < 0 || w->epfd < 0)
		return ERR_IO;
	memset(&its, 0, sizeof its);
	its.it_interval.tv_nsec = TICK_MS * 1000000L;
	its.it_value.tv_nsec = TICK_MS * 1000000L;
	timerfd_settime(w->tfd, 0, &its, NULL);
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = &w->lfd;
	epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->lfd, &ev);
	ev.data.ptr = &w->sigfd;
	epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->sigfd, &ev);
	ev.data.ptr = &w->tfd;
	epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->tfd, &ev);
	return 0;
}

static void
worker_reload(struct worker *w)
{
	struct conf *nc = NULL;
	char err[512];

	if (conf_load(w->a->opts->conf_path, w->a->opts->overrides, w->a->opts->noverrides,
	    &nc, err, sizeof err) < 0) {
		log_error("reload refused: %s", err);
		return;
	}
	if (shell_env_load(&w->env, nc) < 0) {
		log_error("reload refused: invalid service hours");
		shell_env_load(&w->env, w->conf);
		conf_free(nc);
		return;
	}
	/* Sessions hold env, which now points at nc; the old conf can go. */
	conf_free(w->conf);
	w->conf = nc;
	log_info("configuration reloaded");
}

static void
worker_stop(struct worker *w)
{
	struct sess *x, *next;

	if (w->stopping)
		return;
	w->stopping = 1;
	w->stop_deadline = clock_mono_ms() + 3000;
	epoll_ctl(w->epfd, EPOLL_CTL_DEL, w->lfd, NULL);
	for (x = w->sessions; x != NULL; x = next) {
		next = x->next;
		if (x->sh != NULL)
			shell_shutdown(x->sh);
		else
			x->dead = 1;
		sess_settle(x);
	}
}

static void
on_signal(struct worker *w)
{
	struct signalfd_siginfo si;

	while (read(w->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGHUP)
			worker_reload(w);
		else
			worker_stop(w);
	}
}

int
ssh_worker_run(struct ssh_worker_args *a)
{
	struct worker *w = xcalloc(1, sizeof *w);
	struct epoll_event evs[256];
	struct sess *x, *next;
	uint64_t ticks;
	int n, i, status = 0;

	w->a = a;
	w->conf = a->conf;
	w->lfd = a->listen_fd;
	w->sigfd = w->tfd = w->epfd = -1;
	if (worker_open(w) < 0) {
		status = 1;
		goto out;
	}
	log_debug("worker %d ready", a->index);
	for (;;) {
		if (w->stopping && (w->sessions == NULL || clock_mono_ms() > w->stop_deadline))
			break;
		n = epoll_wait(w->epfd, evs, (int)nitems(evs), TICK_MS * 2);
		if (n < 0 && errno != EINTR) {
			log_error("epoll_wait: %s", strerror(errno));
			status = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;

			if (p == &w->lfd)
				accept_all(w);
			else if (p == &w->sigfd)
				on_signal(w);
			else if (p == &w->tfd) {
				if (read(w->tfd, &ticks, sizeof ticks) > 0)
					tick(w);
			} else
				sess_ready(p, evs[i].events);
		}
	}
out:
	for (x = w->sessions; x != NULL; x = next) {
		next = x->next;
		sess_free(x);
	}
	while (w->sessions != NULL)
		sess_free(w->sessions);
	for (i = 0; i < SRC_BUCKETS; i++) {
		struct source *s, *sn;

		for (s = w->src[i]; s != NULL; s = sn) {
			sn = s->next;
			free(s);
		}
	}
	ssh_bind_free(w->bind);
	chat_store_free(w->cs);
	store_close(w->st);
	shell_env_clear(&w->env);
	conf_free(w->conf);
	if (w->epfd >= 0)
		close(w->epfd);
	if (w->sigfd >= 0)
		close(w->sigfd);
	if (w->tfd >= 0)
		close(w->tfd);
	explicit_bzero(w->dummy_hash, sizeof w->dummy_hash);
	free(w);
	return status;
}
