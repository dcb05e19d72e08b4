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
#include <libgen.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "account.h"
#include "auth.h"
#include "store_chat.h"
#include "common.h"
#include "shell.h"
#include "ssh_internal.h"
#include "store.h"
#include "text.h"
#include "valid.h"

#define TICK_MS 100		/* timers, and database polling when inotify is missing */
#define SNAPSHOT_MS 250		/* live chats read again at most this often after a change */
#define CLOSE_WAIT_MS 3000	/* after our channel close, wait this long for the client */
#define SRC_BUCKETS 1024
#define CHAT_BUCKETS 4096
#define POLL_BATCH 500
#define VERIFY_THREADS 2	/* password checks run beside the loop */
/*
 * Password checks waiting or running, in all and per source address: past
 * these a new check is refused at once like a wrong password, so a flood
 * from one place cannot make a legitimate login wait behind it (issue 18.6).
 */
#define CHECKS_MAX (VERIFY_THREADS * 8)
#define CHECKS_PER_SOURCE 4
/* A source's penalties are remembered this long after the last one ends. */
#define PENALTY_MEMORY_MS (600 * 1000)
/* The smallest connection limit that is applied with random early drop. */
#define STARTUPS_RED_MIN 10
/* The longest penalty, however many came before. */
#define PENALTY_MAX_S 3600
/*
 * Most bytes handed to libssh in one write.  libssh keeps whatever the
 * socket does not take in a buffer of its own with no bound, so we hand it
 * data only while the socket is writable, a chunk at a time: what a client
 * does not read stays in our bounded queue (issue 18.1).
 */
#define WRITE_CHUNK 16384
/* Longest wait for the database's write lock inside the loop. */
#define DB_BUSY_MS 50

enum sess_state { SS_KEX, SS_AUTH, SS_OPEN, SS_CLOSING };

/*
 * Keyboard-interactive: the answers are checked by the thread pool while an
 * empty round (an info request without prompts) goes to the client; the
 * session is not read until the check is done, and the client's empty
 * answer then gets the verdict.
 */
enum kbd_state { KBD_NONE, KBD_ASKED, KBD_CHECKING, KBD_CHECKED };

struct source {
	char addr[INET6_ADDRSTRLEN];
	int startups;		/* unauthenticated connections now */
	int failures;		/* failed logins since the last penalty */
	int checks;		/* password checks waiting or running */
	int sessions;		/* sessions pointing here, logged in or not */
	int64_t penalty_until;	/* mono ms */
	int penalties;		/* penalties in a row: each lasts twice the one before */
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
	struct store_credentials cred;	/* loaded for a password, wiped once authenticated */
	int auth_failures;
	int authed;
	enum kbd_state kbd;
	int kbd_ok;		/* the password matched (KBD_CHECKED) */
	char otp[16];		/* the code typed, kept while the password is checked */
	int paused;		/* not read until the password check returns */
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
	struct store *cs;
	ssh_bind bind;
	int epfd, lfd, sigfd, tfd, ifd;
	char wal_name[256];		/* the database's -wal file, watched with inotify */
	struct auth_pool *pool;
	struct shell_live live;
	int dirty;			/* a shell of ours changed a chat */
	int pump_due;			/* a shell is replaying a history */
	int64_t write_retry_at;		/* mono ms: see shell_env.write_retry_at */
	int db_changed;			/* another connection committed */
	int64_t last_snapshot;		/* mono ms */
	struct sess *sessions;
	int nsessions, nunauth;
	int checks;			/* password checks waiting or running */
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
			if (s->sessions == 0 && s->startups == 0 && s->failures == 0 &&
			    s->checks == 0 &&
			    s->penalty_until + (s->penalties ? PENALTY_MEMORY_MS : 0) < now) {
				*pp = s->next;
				free(s);
			} else
				pp = &s->next;
		}
	}
}

/*
 * After ssh.penalty_failures failed logins (or login grace times run out)
 * a source is refused for ssh.penalty_seconds, then twice as long at the
 * next penalty, and so on up to an hour; the count is forgotten ten minutes
 * after the last penalty ends, as OpenSSH's PerSourcePenalties grow
 * (issue 18.7).
 */
static void
source_failure(struct worker *w, struct source *s)
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
 * rising linearly to 100% at full (limits below STARTUPS_RED_MIN are plain).  A flood then meets refusals before the
 * door closes, and a legitimate client still gets in often.
 */
static int
startups_drop(int n, int full)
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

/* A password check of x was handed to the pool, or is over. */
static void
check_begin(struct sess *x)
{
	x->kbd = KBD_CHECKING;
	x->w->checks++;
	if (x->src != NULL)
		x->src->checks++;
}

static void
check_end(struct sess *x)
{
	if (x->kbd != KBD_CHECKING)
		return;
	x->w->checks--;
	if (x->src != NULL)
		x->src->checks--;
	x->kbd = KBD_NONE;
}

/* 1 when a new check of x may be queued. */
static int
check_allowed(const struct sess *x)
{
	return x->w->checks < CHECKS_MAX && (x->src == NULL || x->src->checks < CHECKS_PER_SOURCE);
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
	if (x->kbd == KBD_CHECKING && w->pool != NULL)
		auth_pool_cancel(w->pool, x);
	check_end(x);
	explicit_bzero(x->otp, sizeof x->otp);
	if (x->state == SS_KEX || x->state == SS_AUTH) {
		w->nunauth--;
		if (x->src != NULL)
			x->src->startups--;
		if (x->auth_failures > 0)
			source_failure(w, x->src);
	}
	if (x->src != NULL)
		x->src->sessions--;	/* the sweep may free it from now on */
	/*
	 * libssh closes the socket itself when the connection fails; the
	 * number may then belong to a newer session, whose registration must
	 * not be removed.  Only a socket libssh still holds is ours to drop.
	 */
	if (x->fd >= 0 && (x->s == NULL || ssh_get_fd(x->s) == x->fd))
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

static void flush_out(struct sess *x);

/*
 * Output from the shell: queued, sent within the peer's window.  Past half
 * the bound the queue is flushed at once, so that the echo of a large paste
 * goes out as it is made (a paste is input, issue 18.4); only a client that
 * does not take what is sent fills the queue and is dropped.
 */
static void
io_write(void *arg, const char *buf, size_t len)
{
	struct sess *x = arg;
	size_t limit = (size_t)x->w->conf->ssh.output_queue_kib * 1024;

	if (x->dead)
		return;
	shell_buf_add(&x->outq, buf, len);
	if (x->outq.len > limit / 2)
		flush_out(x);
	if (!x->dead && x->outq.len > limit) {
		/* A reader that does not drain would make us hold its output forever. */
		log_info("session from %s: output queue full, disconnecting",
		    x->src ? x->src->addr : "?");
		shell_buf_free(&x->outq);
		x->dead = 1;
	}
}

static size_t
io_queued(void *arg)
{
	const struct sess *x = arg;

	return x->outq.len;
}

static void
io_exit(void *arg, int status)
{
	struct sess *x = arg;

	x->exit_pending = 1;
	x->exit_status = status;
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
static void
flush_out(struct sess *x)
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
static void
sess_want(struct sess *x)
{
	int out;

	if (x->paused) {
		epoll_want(x, 0);
		return;
	}
	/* Woken when the socket drains: libssh's pending bytes, or ours within the window. */
	out = (ssh_get_poll_flags(x->s) & SSH_WRITE_PENDING) ||
	    (x->ch != NULL && x->outq.len > 0 && ssh_channel_window_size(x->ch) > 0);
	epoll_want(x, EPOLLIN | (out ? EPOLLOUT : 0));
}

/* Called after every bit of work on a session: flush, free, or set the epoll mask. */
static void
sess_settle(struct sess *x)
{
	if (!x->dead)
		flush_out(x);
	/* A replay goes on as the client reads; the tick retries it too. */
	if (!x->dead && x->sh != NULL && shell_pump(x->sh)) {
		flush_out(x);
		x->w->pump_due = 1;
	}
	if (x->dead) {
		sess_free(x);
		return;
	}
	if (x->sh != NULL)
		chat_hash_update(x->w, x);
	sess_want(x);
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
	explicit_bzero(&x->cred, sizeof x->cred);
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
	explicit_bzero(&x->cred, sizeof x->cred);
	x->authed = 1;
	x->state = SS_OPEN;
	x->w->nunauth--;
	if (x->src != NULL)
		x->src->startups--;
}

/* The one-time code after a right password; 1 when right (and the code is now used). */
static int
check_otp(struct sess *x, const char *code)
{
	if (!x->have_account)
		return 0;
	/* Sealed secret, replay guard and the per-account count of wrong codes: src/auth. */
	return auth_otp_check(x->w->st, x->w->conf, &x->acct, code, clock_now()) == 1;
}

/* The hash to check against: the account's, or a dummy one of the same cost. */
static const char *
password_hash_of(struct sess *x)
{
	/* Same work for an unknown name as for a real account: nothing to probe. */
	if (!x->have_account || (x->cred.password_hash[0] == '\0' &&
	    store_account_credentials(x->w->st, x->acct.id, &x->cred) < 0))
		return x->w->dummy_hash;
	return x->cred.password_hash;
}

static void
kbd_verdict(struct sess *x, ssh_message m, int ok)
{
	if (ok) {
		auth_succeeded(x, "keyboard-interactive");
		ssh_message_auth_reply_success(m, 0);
	} else {
		auth_failed(x, "keyboard-interactive");
		ssh_message_reply_default(m);
	}
}

/* The thread pool's answer for a session's password. */
static void
on_verified(void *arg, void *tag, int ok)
{
	struct sess *x = tag;

	(void)arg;
	check_end(x);
	x->kbd = KBD_CHECKED;
	x->kbd_ok = ok;
	x->paused = 0;
	sess_settle(x);		/* read again: the client's empty answer gets the verdict */
}

static int
on_message(ssh_session s, ssh_message m, void *userdata)
{
	struct sess *x = userdata;
	static const char *prompts[] = { "Password: ", "Codice OTP: " };
	static char echo[] = { 0, 0 };
	const char *password, *code;
	char pw[256], otp[16];
	int n, ok;

	if (ssh_message_type(m) != SSH_REQUEST_AUTH ||
	    ssh_message_subtype(m) != SSH_AUTH_METHOD_INTERACTIVE)
		return 1;	/* libssh's default answer: refused */
	if (x->authed || x->dead || !x->w->conf->auth.password_otp)
		return 1;
	if (!ssh_message_auth_kbdint_is_response(m)) {
		if (x->kbd == KBD_CHECKED && !x->kbd_ok)
			auth_failed(x, "keyboard-interactive");	/* a wrong answer abandoned */
		if (x->kbd == KBD_CHECKING && x->w->pool != NULL)
			auth_pool_cancel(x->w->pool, x);
		check_end(x);
		explicit_bzero(x->otp, sizeof x->otp);
		auth_lookup(x, ssh_message_auth_user(m));
		x->kbd = KBD_ASKED;
		ssh_message_auth_interactive_request(m, "SPID livello 2",
		    "Accesso a INFO CIG: password e codice OTP dell'app di autenticazione.",
		    2, prompts, echo);
		return 0;
	}
	n = ssh_userauth_kbdint_getnanswers(s);
	if (x->kbd == KBD_CHECKED && n == 0) {
		/* The empty round is answered: give the verdict. */
		ok = x->kbd_ok && check_otp(x, x->otp);
		explicit_bzero(x->otp, sizeof x->otp);
		x->kbd = KBD_NONE;
		kbd_verdict(x, m, ok);
		return 0;
	}
	if (x->kbd != KBD_ASKED || n != 2) {
		if (x->kbd == KBD_CHECKING && x->w->pool != NULL)
			auth_pool_cancel(x->w->pool, x);
		check_end(x);
		explicit_bzero(x->otp, sizeof x->otp);
		x->kbd = KBD_NONE;
		x->paused = 0;
		auth_failed(x, "keyboard-interactive");
		ssh_message_reply_default(m);
		return 0;
	}
	password = ssh_userauth_kbdint_getanswer(s, 0);
	code = ssh_userauth_kbdint_getanswer(s, 1);
	str_lcpy(pw, password ? password : "", sizeof pw);
	str_lcpy(otp, code ? code : "", sizeof otp);
	if (!check_allowed(x)) {
		/* Too many checks wait: refused now, in the words of a wrong password. */
		log_info("password check queue full for %s", x->src ? x->src->addr : "?");
		x->kbd = KBD_NONE;
		kbd_verdict(x, m, 0);
	} else if (x->w->pool != NULL &&
	    auth_pool_submit(x->w->pool, pw, password_hash_of(x), x) == 0) {
		str_lcpy(x->otp, otp, sizeof x->otp);
		check_begin(x);
		x->paused = 1;
		ssh_message_auth_interactive_request(m, "", "", 0, NULL, NULL);
	} else {
		/* No pool: check here, as a last resort. */
		ok = auth_password_verify(pw, password_hash_of(x)) && x->have_account &&
		    check_otp(x, otp);
		x->kbd = KBD_NONE;
		kbd_verdict(x, m, ok);
	}
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(otp, sizeof otp);
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
	struct shell_io io = { .write = io_write, .queued = io_queued, .exit = io_exit,
		.arg = x };

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
	if (w->stopping || w->nsessions >= c->ssh.max_sessions ||
	    startups_drop(w->nunauth, c->ssh.max_startups) ||
	    startups_drop(src->startups, c->ssh.max_startups_per_source) ||
	    src->penalty_until > now) {
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

/*
 * Database polling.  New messages are handed out as soon as another process
 * commits (inotify wakes us on the -wal file); chat states and queue places
 * are read from a snapshot of the live chats, at most every SNAPSHOT_MS
 * after a change and every queue.refresh_seconds anyway.
 */

static int
deliver(void *arg, const struct chat_message *m)
{
	struct worker *w = arg;
	struct sess *x, *next;

	w->last_msg_id = m->id;
	for (x = w->chats[(uint64_t)m->chat_id % CHAT_BUCKETS]; x != NULL; x = next) {
		next = x->hnext;
		if (x->chat_id == m->chat_id && x->sh != NULL && !x->dead) {
			shell_deliver(x->sh, m);
			/*
			 * Send now.  A session that died here is freed by the
			 * next settle, not inside this loop over a statement.
			 */
			flush_out(x);
			if (!x->dead)
				sess_want(x);
		}
	}
	return 0;
}

static void
db_poll(struct worker *w)
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

static void
on_inotify(struct worker *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	ssize_t n, off;
	int wal = 0;

	while ((n = read(w->ifd, buf, sizeof buf)) > 0) {
		for (off = 0; off < n; off += (ssize_t)(sizeof *ev + ev->len)) {
			ev = (const struct inotify_event *)(buf + off);
			if ((ev->mask & IN_Q_OVERFLOW) ||
			    (ev->len > 0 && strcmp(ev->name, w->wal_name) == 0))
				wal = 1;
		}
	}
	if (wal)
		db_poll(w);
}

/*
 * Milliseconds since the client last sent anything.  The kernel knows
 * (TCP_INFO): libssh may read a keepalive's answer inside another call,
 * where no readiness event of ours sees it.
 */
static int64_t
rx_idle_ms(struct sess *x, int64_t now_ms)
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
send_keepalive(struct sess *x)
{
	ssh_send_keepalive(x->s);
	ssh_send_keepalive(x->s);
}

/* Whether to read the live chats now. */
static int
snapshot_due(struct worker *w, int64_t now_ms)
{
	int64_t age = now_ms - w->last_snapshot;

	if ((w->dirty || w->db_changed) && age >= SNAPSHOT_MS)
		return 1;
	return age >= (int64_t)w->conf->queue.refresh_seconds * 1000;
}

static void
tick(struct worker *w)
{
	int64_t now_ms = clock_mono_ms(), now = clock_now();
	const struct conf *c = w->conf;
	const struct shell_live *live = NULL;
	struct sess *x, *next;
	int second = 0, shells = 0;

	db_poll(w);
	if (now_ms >= w->next_second) {
		w->next_second = now_ms + 1000;
		second = 1;
	}
	if (snapshot_due(w, now_ms)) {
		for (x = w->sessions; x != NULL && !shells; x = x->next)
			shells = x->chat_hashed;
		w->last_snapshot = now_ms;
		w->dirty = w->db_changed = 0;
		if (shells && shell_live_load(&w->live, &w->env, now) == 0)
			live = &w->live;
	}
	if (live == NULL && !second && !w->pump_due)
		return;
	w->pump_due = 0;
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
				int64_t idle = rx_idle_ms(x, now_ms);
				int64_t iv = (int64_t)c->ssh.keepalive_interval * 1000;

				if (c->ssh.keepalive_count_max > 0 &&
				    idle > iv * (c->ssh.keepalive_count_max + 1)) {
					log_info("client %s not answering keepalives",
					    x->src ? x->src->addr : "?");
					x->dead = 1;
				} else if (idle > iv && now_ms - x->last_keepalive > iv) {
					x->last_keepalive = now_ms;
					send_keepalive(x);
				}
			}
		}
		if (!x->dead && x->sh != NULL)
			shell_tick(x->sh, now, live);
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

/*
 * Watches the database's folder for writes to its -wal file: another
 * process's commit wakes the loop at once instead of at the next tick.
 * Without inotify the tick polls.
 */
static void
inotify_setup(struct worker *w)
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
	w->cs = w->st;
	w->env.st = w->st;
	w->env.cs = w->cs;
	w->env.pid = getpid();
	w->env.dirty = &w->dirty;
	w->env.write_retry_at = &w->write_retry_at;
	/*
	 * A lock held by another process (a backup, a long import) must not
	 * freeze the loop: a write waits at most this long, then the shell
	 * keeps the line and retries from the timer (issue 18.2).
	 */
	store_set_busy_timeout(w->st, DB_BUSY_MS);
	if (shell_env_load(&w->env, w->conf) < 0) {
		log_error("service hours: invalid configuration");
		return ERR_INVALID;
	}
	if (auth_password_hash("infocig-dummy", w->dummy_hash, sizeof w->dummy_hash) < 0)
		return ERR_IO;
	store_chat_message_last_id(w->cs, &w->last_msg_id);
	store_chat_data_version(w->cs, &w->data_version);
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
	/* Started after the signals are blocked: the threads inherit the mask. */
	if ((w->pool = auth_pool_new(VERIFY_THREADS)) == NULL)
		log_warn("password check threads unavailable: checking in the loop");
	inotify_setup(w);
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
	if (w->pool != NULL) {
		ev.data.ptr = w->pool;
		epoll_ctl(w->epfd, EPOLL_CTL_ADD, auth_pool_fd(w->pool), &ev);
	}
	if (w->ifd >= 0) {
		ev.data.ptr = &w->ifd;
		epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->ifd, &ev);
	}
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
	close(w->lfd);
	w->lfd = -1;
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
	int n, i, status = 0, timer, sig, inot, verified;

	w->a = a;
	w->conf = a->conf;
	w->lfd = a->listen_fd;
	w->sigfd = w->tfd = w->epfd = w->ifd = -1;
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
		/*
		 * Sessions first; the work that may free other sessions (timers,
		 * signals, database, password results) after the batch, so that
		 * no event of this batch points at a freed session.
		 */
		timer = sig = inot = verified = 0;
		for (i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;

			if (p == &w->lfd)
				accept_all(w);
			else if (p == &w->sigfd)
				sig = 1;
			else if (p == &w->tfd)
				timer = 1;
			else if (p == &w->ifd)
				inot = 1;
			else if (p == w->pool && p != NULL)
				verified = 1;
			else
				sess_ready(p, evs[i].events);
		}
		if (verified)
			auth_pool_collect(w->pool, on_verified, w);
		if (inot)
			on_inotify(w);
		if (timer && read(w->tfd, &ticks, sizeof ticks) > 0)
			tick(w);
		if (sig)
			on_signal(w);
	}
out:
	/* The password threads stop first: no result may name a freed session. */
	auth_pool_free(w->pool);
	w->pool = NULL;
	for (x = w->sessions; x != NULL; x = next) {
		next = x->next;
		sess_free(x);
	}
	for (i = 0; i < SRC_BUCKETS; i++) {
		struct source *s, *sn;

		for (s = w->src[i]; s != NULL; s = sn) {
			sn = s->next;
			free(s);
		}
	}
	shell_live_clear(&w->live);
	ssh_bind_free(w->bind);
	store_close(w->st);
	shell_env_clear(&w->env);
	conf_free(w->conf);
	if (w->epfd >= 0)
		close(w->epfd);
	if (w->sigfd >= 0)
		close(w->sigfd);
	if (w->tfd >= 0)
		close(w->tfd);
	if (w->ifd >= 0)
		close(w->ifd);
	explicit_bzero(w->dummy_hash, sizeof w->dummy_hash);
	free(w);
	return status;
}
