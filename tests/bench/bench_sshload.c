/*
 * bench_sshload: a load generator for infocigd and OpenSSH's sshd, built on
 * libssh's client API: many non-blocking sessions in one process, each
 * driven on readiness from one epoll loop (no thread per session).
 *
 *   bench_sshload prepare DATABASE COUNT KEYS
 *	COUNT worker accounts, each with an ed25519 key of its own (the
 *	private keys go to the file KEYS), the password BENCH_PASSWORD and the
 *	one-time-code secret BENCH_TOTP, plus an advisor account.
 *   bench_sshload setup [options]
 *	Session setups per second: connect, key exchange, login, channel,
 *	shell (or exec), first output with the marker, close.
 *   bench_sshload hold [options]
 *	Opens the sessions, prints "held N failed F", keeps them until a line
 *	(or end of file) arrives on standard input, then closes them.
 *   bench_sshload chat [options] -D DATABASE
 *	Opens the sessions, an advisor thread takes every chat, then for -s
 *	seconds each side sends a line every 2 s; prints the latency from the
 *	advisor's row being committed to the user's client reading it.
 *
 * Options:
 *   -p PORT       server port on 127.0.0.1 (required)
 *   -i KEY        private key file, for -u
 *   -K KEYS       the bench accounts' private keys (written by prepare)
 *   -u USER       log in as USER; default: the bench accounts, one per session
 *   -a COUNT      session i logs in as bench account OFFSET + i % COUNT
 *                 (default 2000); probes use the accounts after those
 *   -o OFFSET     first bench account to use (default 0)
 *   -n N          sessions (default 1000)
 *   -c N          sessions being set up at once (default 32)
 *   -e COMMAND    exec COMMAND instead of a shell
 *   -m TEXT       output that completes a setup (default: end of output)
 *   -P            keyboard-interactive: password and one-time code
 *   -T            no pty
 *   -r N          with setup: N more logged-in sessions that type one key
 *                 every 20 ms; prints the echo latency during the run
 *   -s SECONDS    chat: length of the exchange (default 10)
 *   -q            fewer messages
 *
 * Figures go to standard output as "key value" lines that bench_ssh.sh
 * turns into a table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "account.h"
#include "auth.h"
#include "store_chat.h"
#include "common.h"
#include "store.h"
#include "valid.h"

#define BENCH_PASSWORD "prova-bench"
#define BENCH_TOTP "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#define BENCH_ADVISOR "bench.operatore"
#define STALL_US 30000000	/* no session done for this long: give up */
#define PROBE_EVERY_US 20000
#define LINE_EVERY_US 2000000

enum cstate { CS_CONNECT, CS_KEX, CS_AUTH, CS_OPEN, CS_PTY, CS_START, CS_READY, CS_HELD };

struct load;

struct client {
	struct load *ld;
	ssh_session s;
	ssh_channel ch;
	int fd;
	int account;
	enum cstate state;
	uint32_t epmask;
	int probe;		/* an echo probe, not a measured setup */
	int64_t t0;		/* clock_mono_us() at connect */
	char line[512];
	size_t linelen;
	int lastline;		/* line holds a complete line, for messages */
	int taken;		/* chat: "preso in carico" seen */
	int64_t probe_sent;	/* 0 when no key is in flight */
	int probe_del;
	int64_t next_line;	/* chat: when this user types next */
	int lines_sent;
	struct client *prev, *next;	/* every live session */
};

struct samples {
	int64_t *v;
	size_t n, cap;
};

struct load {
	/* options */
	int port;
	const char *user;
	int accounts, offset, n, conc, pty, password, probes, seconds, quiet;
	int wrong;		/* -W: a wrong password (a flood) */
	const char *bind_addr;	/* -B: the source address (127.0.0.2: another place) */
	const char *command, *marker, *db;
	ssh_key key;		/* -i */
	ssh_key *keys;		/* -K: one per bench account */
	int nkeys;
	/* state */
	int epfd;
	int started, inflight, done, failed, errors_shown;
	int progress;			/* done + failed when last seen changing */
	int64_t progress_at;
	struct client **clients;	/* hold and chat: every session */
	int nclients;
	struct client **probers;
	struct client *live;		/* every session with a connection */
	struct samples setup_us, probe_us, chat_us;
	int chat_bad;
	uint64_t totp_step;
	uint8_t totp_key[32];
	int totp_keylen;
};

static void
sample_add(struct samples *s, int64_t v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = v;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Prints "NAME_p50 ms", p99, max and count for the samples (microseconds). */
static void
sample_report(const char *name, struct samples *s)
{
	if (s->n == 0) {
		printf("%s_count 0\n", name);
		return;
	}
	qsort(s->v, s->n, sizeof *s->v, cmp_i64);
	printf("%s_p50 %.2f\n%s_p99 %.2f\n%s_max %.2f\n%s_count %zu\n",
	    name, s->v[s->n / 2] / 1000.0, name, s->v[(s->n * 99) / 100] / 1000.0,
	    name, s->v[s->n - 1] / 1000.0, name, s->n);
}

/*
 * The codice fiscale of bench account i: BNC + three letters from i, born
 * 1 January 1980 in Rome, with its check character.
 */
static void
bench_login(int i, char out[VALID_CF_PERSON_LEN + 1])
{
	snprintf(out, VALID_CF_PERSON_LEN + 1, "BNC%c%c%c80A01H501X",
	    'A' + (i / 676) % 26, 'A' + (i / 26) % 26, 'A' + i % 26);
	out[15] = valid_cf_person_check_char(out);
}

/* Prepare. */

static int
prepare(int argc, char **argv)
{
	struct store_account a, adv;
	struct store_credentials cr;
	struct store *st;
	char err[256], hash[AUTH_HASH_SIZE], *priv = NULL, *pub = NULL;
	ssh_key key = NULL;
	FILE *fp;
	int n, i;

	if (argc != 5)
		fatal("uso: bench_sshload prepare DATABASE COUNT KEYFILE");
	n = atoi(argv[3]);
	if (n <= 0 || n > 17576)
		fatal("COUNT: da 1 a 17576");
	if ((fp = fopen(argv[4], "w")) == NULL)
		fatal("%s: %s", argv[4], strerror(errno));
	if (store_open(argv[2], 0, &st, err, sizeof err) < 0)
		fatal("%s", err);
	if (auth_password_hash(BENCH_PASSWORD, hash, sizeof hash) < 0)
		fatal("hash della password non calcolabile");
	memset(&cr, 0, sizeof cr);
	str_lcpy(cr.password_hash, hash, sizeof cr.password_hash);
	str_lcpy(cr.totp_secret, BENCH_TOTP, sizeof cr.totp_secret);
	if (store_begin(st) < 0)
		fatal("BEGIN: %s", store_errmsg(st));
	/* A key of its own for each account (a key belongs to one account only). */
	for (i = 0; i < n; i++) {
		memset(&a, 0, sizeof a);
		bench_login(i, a.login);
		a.role = ROLE_WORKER;
		snprintf(a.full_name, sizeof a.full_name, "Lavoratore di prova %d", i);
		str_lcpy(a.province, "RM", sizeof a.province);
		if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK ||
		    ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &priv) != SSH_OK ||
		    ssh_pki_export_pubkey_base64(key, &pub) != SSH_OK)
			fatal("ed25519 key generation failed");
		if (store_account_add(st, &a, &cr) < 0 ||
		    store_account_key_add(st, a.id, "ssh-ed25519", pub, "bench") < 0)
			fatal("account %s: %s", a.login, store_errmsg(st));
		fprintf(fp, "%s.\n", priv);
		ssh_string_free_char(priv);
		ssh_string_free_char(pub);
		ssh_key_free(key);
	}
	memset(&adv, 0, sizeof adv);
	str_lcpy(adv.login, BENCH_ADVISOR, sizeof adv.login);
	adv.role = ROLE_ADVISOR;
	str_lcpy(adv.full_name, "Operatore di prova", sizeof adv.full_name);
	if (store_account_add(st, &adv, NULL) < 0 || store_commit(st) < 0)
		fatal("advisor: %s", store_errmsg(st));
	store_close(st);
	if (fclose(fp) != 0)
		fatal("%s: %s", argv[4], strerror(errno));
	printf("prepared %d accounts\n", n);
	return 0;
}

/* Reads the private keys that prepare wrote, one per account. */
static ssh_key *
keys_load(const char *path, int *count)
{
	ssh_key *keys = NULL;
	char *text, *p, *end;
	FILE *fp;
	long size;
	int n = 0;

	if ((fp = fopen(path, "r")) == NULL || fseek(fp, 0, SEEK_END) < 0 ||
	    (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) < 0)
		fatal("%s: %s", path, strerror(errno));
	text = xmalloc((size_t)size + 1);
	if (fread(text, 1, (size_t)size, fp) != (size_t)size)
		fatal("%s: read error", path);
	text[size] = '\0';
	fclose(fp);
	for (p = text; (end = strstr(p, "\n.\n")) != NULL; p = end + 3) {
		end[1] = '\0';
		keys = xreallocarray(keys, (size_t)n + 1, sizeof *keys);
		if (ssh_pki_import_privkey_base64(p, NULL, NULL, NULL, &keys[n]) != SSH_OK)
			fatal("%s: key %d unreadable", path, n);
		n++;
	}
	free(text);
	*count = n;
	return keys;
}

/* Sessions. */

static void
want(struct client *c, uint32_t mask)
{
	struct epoll_event ev;

	if (c->epmask == mask)
		return;
	memset(&ev, 0, sizeof ev);
	ev.events = mask;
	ev.data.ptr = c;
	if (epoll_ctl(c->ld->epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0)
		c->epmask = mask;
}

static void client_close(struct client *c);

static void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	client_close(c);
	free(c);
}

/* Drops the connection but keeps the struct (it sits in a table). */
static void
client_close(struct client *c)
{
	struct load *ld = c->ld;

	if (c->prev != NULL)
		c->prev->next = c->next;
	else if (ld->live == c)
		ld->live = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
	/*
	 * libssh closes the socket it was given with SSH_OPTIONS_FD when the
	 * connection fails, but not on ssh_disconnect() or ssh_free(): close
	 * it (and unregister it) only while libssh says it is still open, or
	 * the number may already belong to another session.
	 */
	if (c->s != NULL && ssh_get_fd(c->s) != c->fd)
		c->fd = -1;
	if (c->fd >= 0)
		epoll_ctl(c->ld->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	if (c->s != NULL) {
		ssh_disconnect(c->s);
		ssh_free(c->s);
	}
	if (c->fd >= 0)
		close(c->fd);
	c->s = NULL;
	c->ch = NULL;
	c->fd = -1;
}

/* A session failed; returns 1 (the session is gone or dead). */
static int
client_fail(struct client *c, const char *what)
{
	struct load *ld = c->ld;

	if (ld->errors_shown < 5) {
		ld->errors_shown++;
		c->line[c->linelen] = '\0';
		fprintf(stderr, "bench_sshload: session %d: %s: %s%s%.80s\n", c->account, what,
		    c->s ? ssh_get_error(c->s) : strerror(errno), c->linelen ? ": " : "", c->line);
	}
	if (!c->probe) {
		ld->failed++;
		if (c->state != CS_HELD)
			ld->inflight--;
	}
	if (ld->clients != NULL || c->probe) {
		client_close(c);
		return 1;
	}
	client_free(c);
	return 1;
}

static struct client *
client_start(struct load *ld, int account, int probe)
{
	struct sockaddr_in sin;
	struct epoll_event ev;
	struct client *c = xcalloc(1, sizeof *c);
	char login[VALID_CF_PERSON_LEN + 1];
	bool no = false;
	int one = 1, verbosity = SSH_LOG_NOLOG;

	c->ld = ld;
	c->account = account;
	c->probe = probe;
	c->t0 = clock_mono_us();
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		fatal("socket: %s", strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (ld->bind_addr != NULL) {
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		if (inet_pton(AF_INET, ld->bind_addr, &sin.sin_addr) != 1 ||
		    bind(c->fd, (struct sockaddr *)&sin, sizeof sin) < 0)
			fatal("-B %s: %s", ld->bind_addr, strerror(errno));
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)ld->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->state = CS_KEX;
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof sin) < 0) {
		if (errno != EINPROGRESS) {
			fprintf(stderr, "bench_sshload: connect: %s\n", strerror(errno));
			close(c->fd);
			free(c);
			if (!probe)
				ld->failed++;
			return NULL;
		}
		c->state = CS_CONNECT;
	}
	if (ld->user != NULL)
		str_lcpy(login, ld->user, sizeof login);
	else
		bench_login(account, login);
	if ((c->s = ssh_new()) == NULL)
		fatal("ssh_new");
	ssh_options_set(c->s, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
	ssh_options_set(c->s, SSH_OPTIONS_PROCESS_CONFIG, &no);
	ssh_options_set(c->s, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(c->s, SSH_OPTIONS_USER, login);
	ssh_options_set(c->s, SSH_OPTIONS_KEY_EXCHANGE, "curve25519-sha256");
	ssh_options_set(c->s, SSH_OPTIONS_HOSTKEYS, "ssh-ed25519");
	ssh_options_set(c->s, SSH_OPTIONS_CIPHERS_C_S, "chacha20-poly1305@openssh.com");
	ssh_options_set(c->s, SSH_OPTIONS_CIPHERS_S_C, "chacha20-poly1305@openssh.com");
	ssh_options_set(c->s, SSH_OPTIONS_FD, &c->fd);
	ssh_set_blocking(c->s, 0);
	memset(&ev, 0, sizeof ev);
	ev.events = c->state == CS_CONNECT ? EPOLLOUT : EPOLLIN;
	ev.data.ptr = c;
	if (epoll_ctl(ld->epfd, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		fatal("epoll_ctl: %s", strerror(errno));
	c->epmask = ev.events;
	c->next = ld->live;
	if (ld->live != NULL)
		ld->live->prev = c;
	ld->live = c;
	if (!probe) {
		ld->started++;
		ld->inflight++;
	}
	return c;
}

static void client_step(struct client *c);

/*
 * A setup is complete: the first output with the marker (or its end) has
 * arrived.  Returns 1 when the session was closed and freed (setup mode).
 */
static int
client_ready(struct client *c)
{
	struct load *ld = c->ld;

	if (c->probe) {
		c->state = CS_HELD;
		return 0;
	}
	sample_add(&ld->setup_us, clock_mono_us() - c->t0);
	ld->done++;
	ld->inflight--;
	if (ld->clients != NULL) {
		c->state = CS_HELD;
		return 0;
	}
	client_free(c);
	return 1;
}

/* One line of output from the server; 1 when the session is gone. */
static int
client_line(struct client *c, const char *line)
{
	struct load *ld = c->ld;
	const char *p;
	long long seq, t;

	if (c->state == CS_READY && ld->marker != NULL && strstr(line, ld->marker) != NULL)
		return client_ready(c);
	if (c->state != CS_HELD || ld->db == NULL)
		return 0;
	if (!c->taken && strstr(line, "preso in carico") != NULL)
		c->taken = 1;
	if ((p = strstr(line, ": prova ")) != NULL) {
		if (sscanf(p + 8, "%lld %lld", &seq, &t) == 2 && t > 0)
			sample_add(&ld->chat_us, clock_mono_us() - (int64_t)t);
		else
			ld->chat_bad++;
	}
	return 0;
}

/* Output from the server; 1 when the session is gone. */
static int
client_output(struct client *c, const char *buf, size_t n)
{
	size_t i;

	if (c->probe_sent != 0) {
		sample_add(&c->ld->probe_us, clock_mono_us() - c->probe_sent);
		c->probe_sent = 0;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || c->linelen == sizeof c->line - 1) {
			c->line[c->linelen] = '\0';
			if (client_line(c, c->line))
				return 1;
			if (c->s == NULL)
				return 0;
			/* Keep the last line for messages until the next one starts. */
			c->lastline = 1;
			continue;
		}
		if (c->lastline) {
			c->linelen = 0;
			c->lastline = 0;
		}
		c->line[c->linelen++] = buf[i];
	}
	/* The marker may be on a line without its newline yet (a prompt). */
	if (c->state == CS_READY && c->ld->marker != NULL && c->linelen > 0) {
		c->line[c->linelen] = '\0';
		if (strstr(c->line, c->ld->marker) != NULL)
			return client_ready(c);
	}
	return 0;
}

static int
auth_step(struct client *c)
{
	struct load *ld = c->ld;
	char code[8];
	int r, n;

	if (!ld->password || c->probe)
		return ssh_userauth_publickey(c->s, NULL, ld->keys != NULL ?
		    ld->keys[c->account % ld->nkeys] : ld->key);
	for (;;) {
		r = ssh_userauth_kbdint(c->s, NULL, NULL);
		if (r != SSH_AUTH_INFO)
			return r;
		n = ssh_userauth_kbdint_getnprompts(c->s);
		if (n == 2) {
			auth_totp_code(ld->totp_key, (size_t)ld->totp_keylen, ld->totp_step, code);
			ssh_userauth_kbdint_setanswer(c->s, 0, ld->wrong ? "sbagliata" : BENCH_PASSWORD);
			ssh_userauth_kbdint_setanswer(c->s, 1, code);
		} else if (n != 0)
			return SSH_AUTH_ERROR;
		/* n == 0: an empty round (the server is still checking); answer it. */
	}
}

/* Runs the session's state machine as far as it goes without waiting. */
static void
client_step(struct client *c)
{
	struct load *ld = c->ld;
	char buf[4096];
	int r, err;
	socklen_t len;

	if (c->s == NULL)
		return;		/* a dead session in a table */
	for (;;) {
		switch (c->state) {
		case CS_CONNECT:
			err = 0;
			len = sizeof err;
			if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
				errno = err;
				client_fail(c, "connect");
				return;
			}
			c->state = CS_KEX;
			want(c, EPOLLIN);
			break;
		case CS_KEX:
			r = ssh_connect(c->s);
			if (r == SSH_AGAIN)
				goto wait;
			if (r != SSH_OK) {
				client_fail(c, "key exchange");
				return;
			}
			c->state = CS_AUTH;
			break;
		case CS_AUTH:
			r = auth_step(c);
			if (r == SSH_AUTH_AGAIN)
				goto wait;
			if (r != SSH_AUTH_SUCCESS) {
				client_fail(c, "authentication");
				return;
			}
			c->state = CS_OPEN;
			break;
		case CS_OPEN:
			if (c->ch == NULL && (c->ch = ssh_channel_new(c->s)) == NULL)
				fatal("ssh_channel_new");
			r = ssh_channel_open_session(c->ch);
			if (r == SSH_AGAIN)
				goto wait;
			if (r != SSH_OK) {
				client_fail(c, "channel");
				return;
			}
			c->state = ld->pty || c->probe ? CS_PTY : CS_START;
			break;
		case CS_PTY:
			r = ssh_channel_request_pty_size(c->ch, "xterm", 80, 24);
			if (r == SSH_AGAIN)
				goto wait;
			if (r != SSH_OK) {
				client_fail(c, "pty");
				return;
			}
			c->state = CS_START;
			break;
		case CS_START:
			if (ld->command != NULL && !c->probe)
				r = ssh_channel_request_exec(c->ch, ld->command);
			else
				r = ssh_channel_request_shell(c->ch);
			if (r == SSH_AGAIN)
				goto wait;
			if (r != SSH_OK) {
				client_fail(c, "shell");
				return;
			}
			c->state = CS_READY;
			break;
		case CS_READY:
		case CS_HELD:
			r = ssh_channel_read_nonblocking(c->ch, buf, sizeof buf, 0);
			if (r > 0) {
				if (client_output(c, buf, (size_t)r))
					return;
				continue;
			}
			if (r == SSH_ERROR || ssh_channel_is_eof(c->ch) || ssh_channel_is_closed(c->ch)) {
				if (c->state == CS_READY && ld->marker == NULL && r != SSH_ERROR) {
					if (!client_ready(c))
						client_close(c);
					return;
				}
				client_fail(c, c->state == CS_READY ? "closed before the marker" :
				    "closed");
				return;
			}
			goto wait;
		}
	}
wait:
	want(c, EPOLLIN | ((ssh_get_poll_flags(c->s) & SSH_WRITE_PENDING) ? EPOLLOUT : 0));
}

/* Probes: one key typed every PROBE_EVERY_US, timed until its echo. */
static void
probes_tick(struct load *ld, int64_t now)
{
	int i;

	for (i = 0; i < ld->probes; i++) {
		struct client *c = ld->probers[i];

		if (c == NULL || c->s == NULL || c->state != CS_HELD)
			continue;
		if (c->probe_sent != 0 && now - c->probe_sent > 5000000) {
			sample_add(&ld->probe_us, now - c->probe_sent);	/* lost: count it as slow */
			c->probe_sent = 0;
		}
		if (c->probe_sent != 0 || now < c->next_line)
			continue;
		c->next_line = now + PROBE_EVERY_US;
		c->probe_sent = now;
		ssh_channel_write(c->ch, c->probe_del ? "\x7f" : "x", 1);
		c->probe_del = !c->probe_del;
		want(c, EPOLLIN | ((ssh_get_poll_flags(c->s) & SSH_WRITE_PENDING) ? EPOLLOUT : 0));
	}
}

static int64_t
loop_once(struct load *ld, int timeout_ms)
{
	struct epoll_event evs[256];
	int n, i;

	n = epoll_wait(ld->epfd, evs, (int)nitems(evs), timeout_ms);
	if (n < 0 && errno != EINTR)
		fatal("epoll_wait: %s", strerror(errno));
	for (i = 0; i < n; i++) {
		if (evs[i].data.ptr == NULL)
			continue;	/* standard input: handled by the caller */
		client_step(evs[i].data.ptr);
	}
	return clock_mono_us();
}

/* Opens the probe sessions and waits until each shows its prompt. */
static void
probes_open(struct load *ld)
{
	int i, ready;
	int64_t deadline = clock_mono_us() + 30000000;

	if (ld->probes == 0)
		return;
	ld->probers = xcalloc((size_t)ld->probes, sizeof *ld->probers);
	for (i = 0; i < ld->probes; i++) {
		/* Probe sessions use the accounts after the measured ones. */
		ld->probers[i] = client_start(ld, ld->offset + ld->accounts + i, 1);
		if (ld->probers[i] != NULL)
			client_step(ld->probers[i]);
	}
	do {
		loop_once(ld, 50);
		for (ready = 0, i = 0; i < ld->probes; i++)
			ready += ld->probers[i] != NULL && ld->probers[i]->state == CS_HELD;
	} while (ready < ld->probes && clock_mono_us() < deadline);
	/* Wait for the greeting to finish before timing echoes. */
	deadline = clock_mono_us() + 500000;
	while (clock_mono_us() < deadline)
		loop_once(ld, 50);
	printf("probes %d\n", ready);
}

static void
probes_close(struct load *ld)
{
	int i;

	for (i = 0; i < ld->probes; i++)
		if (ld->probers[i] != NULL && ld->probers[i]->s != NULL)
			client_free(ld->probers[i]);
	free(ld->probers);
	ld->probers = NULL;
}

/* True (and a message) when no session completed or failed for STALL_US. */
static int
stalled(struct load *ld, int64_t now)
{
	struct client *c;

	if (ld->done + ld->failed != ld->progress) {
		ld->progress = ld->done + ld->failed;
		ld->progress_at = now;
		return 0;
	}
	if (ld->progress_at == 0)
		ld->progress_at = now;
	if (now - ld->progress_at < STALL_US)
		return 0;
	fprintf(stderr, "bench_sshload: no progress for %d s, %d sessions stuck\n",
	    (int)(STALL_US / 1000000), ld->inflight);
	for (c = ld->live; c != NULL; c = c->next) {
		if (c->state == CS_HELD || c->probe)
			continue;
		c->line[c->linelen] = '\0';
		fprintf(stderr, "bench_sshload: session %d stuck in state %d, %.80s\n",
		    c->account, (int)c->state, c->line);
	}
	return 1;
}

static void
run_setup(struct load *ld)
{
	int64_t t0, now;

	probes_open(ld);
	t0 = now = clock_mono_us();
	while (ld->done + ld->failed < ld->n) {
		struct client *c;

		while (ld->inflight < ld->conc && ld->started < ld->n) {
			c = client_start(ld, ld->offset + ld->started % ld->accounts, 0);
			if (c != NULL)
				client_step(c);
		}
		if (ld->probes > 0)
			probes_tick(ld, now);
		now = loop_once(ld, ld->probes > 0 ? 1 : 100);
		if (stalled(ld, now)) {
			ld->failed += ld->inflight;
			break;
		}
	}
	printf("setups %d\nfailed %d\nseconds %.3f\nsetups_per_s %.1f\n", ld->done, ld->failed,
	    (now - t0) / 1e6, ld->done / ((now - t0) / 1e6));
	sample_report("setup_ms", &ld->setup_us);
	if (ld->probes > 0)
		sample_report("echo_ms", &ld->probe_us);
	probes_close(ld);
}

/* Opens ld->n sessions (ld->conc at a time) and keeps them in ld->clients. */
static void
open_all(struct load *ld)
{
	int64_t t0 = clock_mono_us(), last = t0, now;
	int i = 0;

	ld->clients = xcalloc((size_t)ld->n, sizeof *ld->clients);
	while (ld->done + ld->failed < ld->n) {
		while (ld->inflight < ld->conc && ld->started < ld->n) {
			i = ld->started;
			ld->clients[i] = client_start(ld, ld->offset + i % ld->accounts, 0);
			if (ld->clients[i] != NULL)
				client_step(ld->clients[i]);
		}
		now = loop_once(ld, 100);
		if (!ld->quiet && now - last > 5000000) {
			fprintf(stderr, "bench_sshload: %d/%d sessions\n", ld->done, ld->n);
			last = now;
		}
		if (stalled(ld, now)) {
			ld->failed += ld->inflight;
			break;
		}
	}
	ld->nclients = ld->started;
	printf("opened %d\nfailed %d\nopen_seconds %.3f\n", ld->done, ld->failed,
	    (clock_mono_us() - t0) / 1e6);
}

static void
close_all(struct load *ld)
{
	int i;

	for (i = 0; i < ld->nclients; i++) {
		if (ld->clients[i] != NULL && ld->clients[i]->s != NULL)
			client_free(ld->clients[i]);
		else
			free(ld->clients[i]);
	}
	free(ld->clients);
	ld->clients = NULL;
}

static void
run_hold(struct load *ld)
{
	struct epoll_event ev;
	struct pollfd pfd;
	char buf[256];

	open_all(ld);
	printf("held %d failed %d\n", ld->done, ld->failed);
	fflush(stdout);
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;
	epoll_ctl(ld->epfd, EPOLL_CTL_ADD, 0, &ev);
	/* Keep answering the server (keepalives) until standard input says stop. */
	for (;;) {
		loop_once(ld, 200);
		pfd.fd = 0;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 0) > 0) {
			if (read(0, buf, sizeof buf) >= 0)
				break;
		}
	}
	close_all(ld);
}

/* Chat: the advisor's side, in a thread with its own database connection. */

struct driver {
	struct load *ld;
	int64_t *chats;
	int nchats;
	atomic_int taken;	/* set when every chat was taken */
	atomic_int go;		/* set by the main thread: start talking */
	atomic_int finished;
	atomic_int sent;
	int take_failed;
	double commit_ms_max;
};

static void
sleep_until_us(int64_t t)
{
	int64_t d = t - clock_mono_us();
	struct timespec ts;

	if (d <= 0)
		return;
	ts.tv_sec = d / 1000000;
	ts.tv_nsec = (d % 1000000) * 1000;
	nanosleep(&ts, NULL);
}

static void *
driver_run(void *arg)
{
	struct driver *dr = arg;
	struct load *ld = dr->ld;
	struct store_account a;
	struct store *cs;
	struct store *st;
	struct chat ch;
	char err[256], login[VALID_CF_PERSON_LEN + 1], body[96];
	int64_t advisor, t0, end, k, t, c0;
	int i, sent = 0;

	if (store_open(ld->db, 0, &st, err, sizeof err) < 0)
		fatal("%s", err);
	cs = st;
	if (store_account_by_login(st, BENCH_ADVISOR, &a) < 0)
		fatal("no advisor account: run prepare first");
	advisor = a.id;
	store_chat_advisor_set_state(cs, advisor, ADVISOR_AVAILABLE, clock_now());
	dr->chats = xcalloc((size_t)ld->n, sizeof *dr->chats);
	for (i = 0; i < ld->n; i++) {
		bench_login(ld->offset + i % ld->accounts, login);
		if (store_account_by_login(st, login, &a) < 0 || store_chat_find_live(cs, a.id, &ch) < 0 ||
		    store_chat_take(cs, ch.id, advisor, clock_now()) < 0) {
			dr->take_failed++;
			continue;
		}
		dr->chats[dr->nchats++] = ch.id;
	}
	atomic_store(&dr->taken, 1);
	while (!atomic_load(&dr->go))
		sleep_until_us(clock_mono_us() + 1000);
	/* Each chat gets a line every 2 s: one every 2 s / nchats, evenly spread. */
	t0 = clock_mono_us();
	end = t0 + (int64_t)ld->seconds * 1000000;
	for (k = 0; dr->nchats > 0; k++) {
		t = t0 + k * LINE_EVERY_US / dr->nchats;
		if (t >= end)
			break;
		sleep_until_us(t);
		c0 = clock_mono_us();
		snprintf(body, sizeof body, "prova %lld %lld", (long long)k, (long long)c0);
		if (store_chat_message_add(cs, dr->chats[k % dr->nchats], "advisor", advisor, clock_now(),
		    body, NULL) == 0)
			sent++;
		if ((clock_mono_us() - c0) / 1000.0 > dr->commit_ms_max)
			dr->commit_ms_max = (clock_mono_us() - c0) / 1000.0;
		atomic_store(&dr->sent, sent);
	}
	atomic_store(&dr->finished, 1);
	store_close(st);
	return NULL;
}

static void
run_chat(struct load *ld)
{
	struct driver dr;
	pthread_t th;
	int64_t now, deadline, t0, slot;
	int i, taken, lines = 0, next = 0;

	open_all(ld);
	memset(&dr, 0, sizeof dr);
	dr.ld = ld;
	if (pthread_create(&th, NULL, driver_run, &dr) != 0)
		fatal("pthread_create");
	while (!atomic_load(&dr.taken))
		loop_once(ld, 20);
	/* Every person is told that the advisor took the chat. */
	deadline = clock_mono_us() + 60000000;
	do {
		now = loop_once(ld, 20);
		for (taken = 0, i = 0; i < ld->nclients; i++)
			taken += ld->clients[i] != NULL && ld->clients[i]->taken;
	} while (taken < ld->done && now < deadline);
	printf("chats %d\ntaken %d\ntake_failed %d\n", ld->done, taken, dr.take_failed);
	fflush(stdout);
	atomic_store(&dr.go, 1);
	/* Users type a line every 2 s each, spread evenly like the advisor's. */
	t0 = clock_mono_us();
	deadline = t0 + (int64_t)ld->seconds * 1000000;
	slot = ld->nclients > 0 ? LINE_EVERY_US / ld->nclients : LINE_EVERY_US;
	for (;;) {
		now = clock_mono_us();
		while (now < deadline && t0 + (int64_t)lines * slot <= now) {
			struct client *c = ld->clients[next];
			char text[64];
			int len;

			next = (next + 1) % ld->nclients;
			lines++;
			if (c == NULL || c->s == NULL || c->state != CS_HELD)
				continue;
			len = snprintf(text, sizeof text, "domanda numero %d\r", c->lines_sent++);
			ssh_channel_write(c->ch, text, (uint32_t)len);
			want(c, EPOLLIN | ((ssh_get_poll_flags(c->s) & SSH_WRITE_PENDING) ?
			    EPOLLOUT : 0));
		}
		if (atomic_load(&dr.finished) && now > deadline + 2000000)
			break;
		loop_once(ld, 1);
	}
	pthread_join(th, NULL);
	printf("advisor_lines %d\nuser_lines %d\ndelivered %zu\nmalformed %d\n"
	    "advisor_commit_max_ms %.2f\n", atomic_load(&dr.sent), lines, ld->chat_us.n,
	    ld->chat_bad, dr.commit_ms_max);
	sample_report("delivery_ms", &ld->chat_us);
	free(dr.chats);
	close_all(ld);
}

int
main(int argc, char **argv)
{
	struct load ld;
	const char *mode, *keyfile = NULL;
	int ch, r;

	if (argc < 2)
		fatal("uso: bench_sshload prepare|setup|hold|chat ...");
	mode = argv[1];
	log_open("bench_sshload", LOG_SINK_STDERR, LOG_LEVEL_WARN);
	if (strcmp(mode, "prepare") == 0)
		return prepare(argc, argv);
	memset(&ld, 0, sizeof ld);
	ld.accounts = 2000;
	ld.n = 1000;
	ld.conc = 32;
	ld.pty = 1;
	ld.seconds = 10;
	optind = 2;
	while ((ch = getopt(argc, argv, "a:B:c:D:e:i:K:m:n:o:p:Pqr:s:Tu:W")) != -1) {
		switch (ch) {
		case 'a': ld.accounts = atoi(optarg); break;
		case 'B': ld.bind_addr = optarg; break;
		case 'W': ld.wrong = 1; break;
		case 'c': ld.conc = atoi(optarg); break;
		case 'D': ld.db = optarg; break;
		case 'e': ld.command = optarg; break;
		case 'i': keyfile = optarg; break;
		case 'K': ld.keys = keys_load(optarg, &ld.nkeys); break;
		case 'm': ld.marker = optarg; break;
		case 'n': ld.n = atoi(optarg); break;
		case 'o': ld.offset = atoi(optarg); break;
		case 'p': ld.port = atoi(optarg); break;
		case 'P': ld.password = 1; break;
		case 'q': ld.quiet = 1; break;
		case 'r': ld.probes = atoi(optarg); break;
		case 's': ld.seconds = atoi(optarg); break;
		case 'T': ld.pty = 0; break;
		case 'u': ld.user = optarg; break;
		default: fatal("opzione sconosciuta");
		}
	}
	if (ld.port <= 0 || ld.n <= 0 || ld.conc <= 0 || ld.accounts <= 0)
		fatal("-p, -n, -c e -a devono essere positivi");
	if (keyfile != NULL &&
	    ssh_pki_import_privkey_file(keyfile, NULL, NULL, NULL, &ld.key) != SSH_OK)
		fatal("%s: chiave privata illeggibile", keyfile);
	if (ld.key == NULL && ld.keys == NULL && (!ld.password || ld.probes > 0))
		fatal("serve -i CHIAVE o -K CHIAVI");
	if (ld.keys != NULL && ld.nkeys == 0)
		fatal("-K: nessuna chiave");
	if (ld.password) {
		r = auth_base32_decode(BENCH_TOTP, ld.totp_key, sizeof ld.totp_key);
		if (r < 0)
			fatal("segreto OTP");
		ld.totp_keylen = r;
		ld.totp_step = (uint64_t)clock_now() / AUTH_TOTP_STEP;
	}
	if ((ld.epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		fatal("epoll_create1: %s", strerror(errno));
	ssh_init();
	if (strcmp(mode, "setup") == 0)
		run_setup(&ld);
	else if (strcmp(mode, "hold") == 0)
		run_hold(&ld);
	else if (strcmp(mode, "chat") == 0) {
		if (ld.db == NULL)
			fatal("chat: serve -D DATABASE");
		run_chat(&ld);
	} else
		fatal("modalità sconosciuta: %s", mode);
	free(ld.setup_us.v);
	free(ld.probe_us.v);
	free(ld.chat_us.v);
	ssh_key_free(ld.key);
	for (r = 0; r < ld.nkeys; r++)
		ssh_key_free(ld.keys[r]);
	free(ld.keys);
	close(ld.epfd);
	ssh_finalize();
	return ld.failed > 0 ? 1 : 0;
}
