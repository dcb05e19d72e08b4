/*
 * One worker: an event loop (ssh_loop.c) over its listening socket, a
 * signalfd, the password pool's eventfd, inotify and every session's
 * socket, with three timers.  Each session has its own ssh_event, polled
 * only when epoll says its socket is ready, so one slow client never makes
 * the others wait and nothing is O(sessions) per packet.  The jobs live in
 * files of their own (ssh_internal.h lists them); this one sets up, keeps
 * the timers and signals, and runs the loop.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "common.h"
#include "hash.h"
#include "ssh_internal.h"
#include "ssh_loop.h"

#define TICK_MS 100		/* timers, and database polling when inotify is missing */
#define SECOND_MS 1000		/* login grace, keepalives, idle shells */
#define SWEEP_MS 10000		/* sources that hold nothing are dropped */
#define METRICS_MS 10000	/* sessions and latency published (ssh_metrics.c) */
#define SNAPSHOT_MS 250		/* live chats read again at most this often after a change */
/* Longest wait for the database's write lock inside the loop. */
#define DB_BUSY_MS 50

/* Ranks of the loop's late descriptors: after every session event of a pass. */
enum { LATE_POOL = 1, LATE_INOTIFY, LATE_SIGNAL };

/* Timers. */

/* Whether to read the live chats now. */
static int
snapshot_due(struct sshd_worker *w, int64_t now_ms)
{
	int64_t age = now_ms - w->last_snapshot;

	if ((w->dirty || w->db_changed) && age >= SNAPSHOT_MS)
		return 1;
	return age >= (int64_t)w->conf->queue.refresh_seconds * 1000;
}

/*
 * Every TICK_MS: the database (when inotify is missing or missed), the live
 * chats' snapshot when due, and the shells when there is a snapshot for
 * them or a history replay to go on with.
 */
static void
on_tick(void *arg, int64_t now_ms)
{
	struct sshd_worker *w = arg;
	const struct shell_live *live = NULL;
	struct sshd_sess *x, *next;
	int64_t now = clock_now();

	sshd_db_poll(w);
	if (snapshot_due(w, now_ms)) {
		w->last_snapshot = now_ms;
		w->dirty = w->db_changed = 0;
		if (hash_count(w->chats) > 0 && shell_live_load(&w->live, &w->env, now) == 0)
			live = &w->live;
	}
	if (live == NULL && !w->pump_due)
		return;
	w->pump_due = 0;
	for (x = w->sessions; x != NULL; x = next) {
		next = x->next;
		if (!x->dead && x->sh != NULL)
			shell_tick(x->sh, now, live);
		sshd_sess_settle(x);
	}
}

/* Every second: each session's own timers, and the shells' idle time. */
static void
on_second(void *arg, int64_t now_ms)
{
	struct sshd_worker *w = arg;
	struct sshd_sess *x, *next;
	int64_t now = clock_now();

	for (x = w->sessions; x != NULL; x = next) {
		next = x->next;
		sshd_sess_second(x, now_ms);
		if (!x->dead && x->sh != NULL)
			shell_tick(x->sh, now, NULL);
		sshd_sess_settle(x);
	}
}

static void
on_sweep(void *arg, int64_t now_ms)
{
	sshd_source_sweep(arg, now_ms);
}

static void
on_metrics(void *arg, int64_t now_ms)
{
	(void)now_ms;
	sshd_metrics_publish(arg);
}

/* Signals. */

static void
worker_reload(struct sshd_worker *w)
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
worker_stop(struct sshd_worker *w)
{
	struct sshd_sess *x, *next;

	if (w->stopping)
		return;
	w->stopping = 1;
	w->stop_deadline = clock_mono_ms() + 3000;
	sshd_loop_del(w->loop, w->lfd, w);
	close(w->lfd);
	w->lfd = -1;
	for (x = w->sessions; x != NULL; x = next) {
		next = x->next;
		if (x->sh != NULL)
			shell_shutdown(x->sh);
		else
			x->dead = 1;
		sshd_sess_settle(x);
	}
}

static void
on_signal(void *arg, uint32_t events)
{
	struct sshd_worker *w = arg;
	struct signalfd_siginfo si;

	(void)events;
	while (read(w->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGHUP)
			worker_reload(w);
		else
			worker_stop(w);
	}
}

static void
on_pool(void *arg, uint32_t events)
{
	struct sshd_worker *w = arg;

	(void)events;
	auth_pool_collect(w->pool, sshd_auth_verified, w);
}

/* Setup and the loop. */

static int
bind_setup(struct sshd_worker *w)
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
	/*
	 * No /etc/ssh/libssh_server_config; only curve25519 (the default list
	 * lets a client pick 8192-bit DH), an ed25519 host key, AEAD ciphers.
	 */
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
worker_open(struct sshd_worker *w)
{
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
	if (w->sigfd < 0)
		return ERR_IO;
	if ((r = sshd_loop_open(&w->loop, err, sizeof err)) < 0) {
		log_error("%s", err);
		return r;
	}
	/* Started after the signals are blocked: the threads inherit the mask. */
	if ((w->pool = auth_pool_new(SSHD_VERIFY_THREADS)) == NULL)
		log_warn("password check threads unavailable: checking in the loop");
	sshd_inotify_setup(w);
	/*
	 * Sessions first; the work that may free other sessions (signals, the
	 * database, password results, timers) after them in the same pass.
	 */
	if (sshd_loop_add(w->loop, w->lfd, EPOLLIN, 0, sshd_accept_ready, w) < 0 ||
	    sshd_loop_add(w->loop, w->sigfd, EPOLLIN, LATE_SIGNAL, on_signal, w) < 0)
		return ERR_IO;
	if (w->pool != NULL)
		sshd_loop_add(w->loop, auth_pool_fd(w->pool), EPOLLIN, LATE_POOL, on_pool, w);
	if (w->ifd >= 0)
		sshd_loop_add(w->loop, w->ifd, EPOLLIN, LATE_INOTIFY, sshd_inotify_ready, w);
	sshd_loop_every(w->loop, TICK_MS, on_tick, w);
	sshd_loop_every(w->loop, SECOND_MS, on_second, w);
	sshd_loop_every(w->loop, SWEEP_MS, on_sweep, w);
	sshd_loop_every(w->loop, METRICS_MS, on_metrics, w);
	sshd_metrics_open(w);
	return 0;
}

static void
worker_close(struct sshd_worker *w)
{
	/* The password threads stop first: no result may name a freed session. */
	auth_pool_free(w->pool);
	w->pool = NULL;
	while (w->sessions != NULL)
		sshd_sess_free(w->sessions);
	sshd_source_free_all(w);
	hash_free(w->chats);
	shell_live_clear(&w->live);
	ssh_bind_free(w->bind);
	sshd_metrics_close(w);
	store_close(w->st);
	shell_env_clear(&w->env);
	conf_free(w->conf);
	sshd_loop_free(w->loop);
	if (w->sigfd >= 0)
		close(w->sigfd);
	if (w->ifd >= 0)
		close(w->ifd);
	explicit_bzero(w->dummy_hash, sizeof w->dummy_hash);
	free(w);
}

int
sshd_worker_run(struct sshd_worker_args *a)
{
	struct sshd_worker *w = xcalloc(1, sizeof *w);
	int status = 0;

	w->a = a;
	w->conf = a->conf;
	w->lfd = a->listen_fd;
	w->sigfd = w->ifd = -1;
	w->chats = hash_new(HASH_INT, sizeof(struct sshd_sess *));
	if (worker_open(w) < 0) {
		status = 1;
		goto out;
	}
	log_debug("worker %d ready", a->index);
	for (;;) {
		if (w->stopping && (w->sessions == NULL || clock_mono_ms() > w->stop_deadline))
			break;
		if (sshd_loop_once(w->loop, TICK_MS * 2) < 0) {
			log_error("epoll_wait: %s", strerror(errno));
			status = 1;
			break;
		}
	}
out:
	worker_close(w);
	return status;
}
