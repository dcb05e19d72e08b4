/*
 * The supervising parent: host key, listening sockets (one SO_REUSEPORT
 * socket per worker, opened before forking so that a restarted worker
 * takes over its predecessor's socket and queue), crash recovery in the
 * database, forking and restarting workers, signals through a signalfd.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pwd.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "calendar.h"
#include "store_chat.h"
#include "common.h"
#include "shell.h"
#include "ssh_internal.h"
#include "sshd.h"
#include "store.h"

#define SWEEP_MS 30000		/* disconnected chats past their grace time */

int
sshd_host_key_ensure(const char *path, char *err, size_t errlen)
{
	ssh_key key = NULL;
	struct stat sb;
	mode_t old;
	int rc;

	if (stat(path, &sb) == 0) {
		if ((sb.st_mode & 077) != 0) {	/* as sshd: a key others can read is no key */
			snprintf(err, errlen, "%s: permessi %04o, la chiave dell'host deve essere "
			    "leggibile solo dal proprietario (chmod 600)", path,
			    (unsigned)(sb.st_mode & 07777));
			return ERR_DENIED;
		}
		if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key) != SSH_OK) {
			snprintf(err, errlen, "%s: chiave dell'host illeggibile", path);
			return ERR_IO;
		}
		ssh_key_free(key);
		return 0;
	}
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
		snprintf(err, errlen, "%s: generazione della chiave ed25519 fallita", path);
		return ERR_IO;
	}
	old = umask(077);
	rc = ssh_pki_export_privkey_file(key, NULL, NULL, NULL, path);
	umask(old);
	ssh_key_free(key);
	if (rc != SSH_OK || chmod(path, 0600) < 0) {
		snprintf(err, errlen, "%s: impossibile scrivere la chiave dell'host", path);
		return ERR_IO;
	}
	log_info("generated ed25519 host key %s", path);
	return 0;
}

/* With a daily purge, retention.purge_as must name a supervisor. */
static int
check_purge_as(struct store *st, const struct conf *c, char *err, size_t errlen)
{
	struct store_account who;

	if (c->retention.daily_at == NULL || *c->retention.daily_at == '\0')
		return 0;
	if (store_account_by_login(st, c->retention.purge_as, &who) < 0 ||
	    who.role != ROLE_SUPERVISOR) {
		snprintf(err, errlen, "retention.purge_as: \"%s\" non è un supervisore (serve "
		    "con retention.daily_at)", c->retention.purge_as);
		explicit_bzero(&who, sizeof who);
		return ERR_INVALID;
	}
	explicit_bzero(&who, sizeof who);
	return 0;
}

int
sshd_check(const struct conf *c, char *err, size_t errlen)
{
	struct shell_env env;
	struct store *st = NULL;
	char *db = conf_resolve_path(c, c->database);
	char *key = conf_resolve_path(c, c->ssh.host_key);
	ssh_key k = NULL;
	struct stat sb;
	int r = 0;

	memset(&env, 0, sizeof env);
	if (stat(key, &sb) == 0) {
		if ((sb.st_mode & 077) != 0) {
			snprintf(err, errlen, "%s: permessi %04o, la chiave dell'host deve essere "
			    "leggibile solo dal proprietario (chmod 600)", key,
			    (unsigned)(sb.st_mode & 07777));
			r = ERR_DENIED;
		} else if (ssh_pki_import_privkey_file(key, NULL, NULL, NULL, &k) != SSH_OK) {
			snprintf(err, errlen, "%s: chiave dell'host illeggibile", key);
			r = ERR_IO;
		} else if (ssh_key_type(k) != SSH_KEYTYPE_ED25519) {
			snprintf(err, errlen, "%s: la chiave dell'host deve essere ed25519", key);
			r = ERR_INVALID;
		}
		ssh_key_free(k);
	}
	if (r == 0 && (r = store_open(db, STORE_READONLY, &st, err, errlen)) == 0) {
		r = check_purge_as(st, c, err, errlen);
		store_close(st);
	}
	if (r == 0 && shell_env_load(&env, c) < 0) {
		snprintf(err, errlen, "%s: orari del servizio non validi", c->source ? c->source : "");
		r = ERR_INVALID;
	}
	if (r == 0 && c->ssh.user != NULL && *c->ssh.user != '\0' && getpwnam(c->ssh.user) == NULL) {
		snprintf(err, errlen, "ssh.user: utente inesistente (%s)", c->ssh.user);
		r = ERR_INVALID;
	}
	shell_env_clear(&env);
	free(db);
	free(key);
	return r;
}

static int
listen_socket(const struct conf *c, char *err, size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port[16];
	int fd = -1, one = 1, rc;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
	snprintf(port, sizeof port, "%d", c->ssh.port);
	rc = getaddrinfo(*c->ssh.listen ? c->ssh.listen : NULL, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "ssh.listen \"%s\": %s", c->ssh.listen, gai_strerror(rc));
		return ERR_INVALID;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, c->ssh.backlog) == 0)
			break;
		snprintf(err, errlen, "%s porta %d: %s", c->ssh.listen, c->ssh.port, strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd < 0 ? ERR_IO : fd;
}

/* Marks the live chats of processes that no longer exist as disconnected. */
static void
recover_chats(const char *db, pid_t only)
{
	struct store *st;
	struct store *cs;
	int64_t *pids = NULL;
	size_t n = 0, i;
	char err[256];
	int k;

	if (store_open(db, 0, &st, err, sizeof err) < 0) {
		log_error("%s", err);
		return;
	}
	cs = st;
	if (only > 0) {
		if ((k = store_chat_disconnect_owner(cs, only, clock_now())) > 0)
			log_info("%d chats of worker %d marked disconnected", k, (int)only);
	} else if (store_chat_live_owners(cs, &pids, &n) == 0) {
		for (i = 0; i < n; i++) {
			if (!shell_pid_alive((pid_t)pids[i])) {
				k = store_chat_disconnect_owner(cs, (pid_t)pids[i], clock_now());
				if (k > 0)
					log_info("%d chats of a stopped daemon (pid %lld) marked "
					    "disconnected", k, (long long)pids[i]);
			}
		}
	}
	free(pids);
	store_close(st);
}

/*
 * Chats disconnected more than queue.reconnect_grace ago can no longer be
 * resumed: abandoned if they were waiting, closed if an advisor had them.
 */
static void
sweep_chats(const char *db, const struct conf *c)
{
	struct store *st;
	char err[256];
	int64_t now = clock_now();
	int n;

	if (store_open(db, 0, &st, err, sizeof err) < 0) {
		log_error("%s", err);
		return;
	}
	n = store_chats_sweep(st, now - c->queue.reconnect_grace);
	if (n > 0)
		log_info("%d disconnected chats past the reconnect grace time closed", n);
	else if (n < 0)
		log_warn("sweep of disconnected chats failed: %s", store_errmsg(st));
	/* Chats left behind by an advisor who is gone go back to the head of the queue. */
	n = store_chats_requeue_absent(st, now - c->queue.advisor_grace,
	    now - CHAT_ADVISOR_SILENT_SECONDS - c->queue.advisor_grace, now,
	    "operatore non più collegato: chat rimessa in coda",
	    "L'operatore non è più collegato: la sua richiesta torna in coda, al primo posto. "
	    "Un altro operatore la prenderà in carico a breve.");
	if (n > 0)
		log_info("%d chats of advisors no longer connected back in the queue", n);
	else if (n < 0)
		log_warn("requeue of absent advisors' chats failed: %s", store_errmsg(st));
	store_close(st);
}

/* Settings that a running daemon cannot take on (boot: those it started with). */
static void
warn_restart_only(const struct conf *boot, const struct conf *nc)
{
	if (strcmp(boot->ssh.listen, nc->ssh.listen) != 0 || boot->ssh.port != nc->ssh.port)
		log_warn("reload: ssh.listen and ssh.port take effect only after a restart; "
		    "still listening on %s port %d", boot->ssh.listen, boot->ssh.port);
	if (boot->ssh.workers != nc->ssh.workers)
		log_warn("reload: ssh.workers takes effect only after a restart");
	if (boot->ssh.backlog != nc->ssh.backlog)
		log_warn("reload: ssh.backlog takes effect only after a restart");
	if (strcmp(boot->ssh.host_key, nc->ssh.host_key) != 0)
		log_warn("reload: ssh.host_key takes effect only after a restart");
	if (strcmp(boot->database, nc->database) != 0)
		log_warn("reload: database takes effect only after a restart");
}

struct slot {
	pid_t pid;
	int fd;
	int64_t started;
};

static pid_t
spawn(struct slot *sl, int index, const struct conf *c, const struct sshd_options *o,
    const char *db, const char *key, const sigset_t *blocked, struct slot *all, int nall)
{
	struct sshd_worker_args a;
	char err[512];
	pid_t pid;
	int i;

	pid = fork();
	if (pid != 0) {
		if (pid > 0) {
			sl->pid = pid;
			sl->started = clock_mono_ms();
		}
		return pid;
	}
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	for (i = 0; i < nall; i++)
		if (i != index)
			close(all[i].fd);
	memset(&a, 0, sizeof a);
	a.index = index;
	a.listen_fd = sl->fd;
	a.opts = o;
	a.db_path = xstrdup(db);
	a.host_key_path = xstrdup(key);
	/* The worker owns a configuration of its own, read afresh. */
	if (o->conf_path == NULL ||
	    conf_load(o->conf_path, o->overrides, o->noverrides, &a.conf, err, sizeof err) < 0) {
		(void)c;
		log_error("worker: %s", err);
		_exit(1);
	}
	(void)blocked;
	_exit(sshd_worker_run(&a));
}

int
sshd_run(struct conf *c, const struct sshd_options *o)
{
	char *db = conf_resolve_path(c, c->database);
	char *key = conf_resolve_path(c, c->ssh.host_key);
	struct signalfd_siginfo si;
	struct slot *slots;
	struct pollfd pfd;
	char err[512];
	sigset_t set;
	int nworkers = c->ssh.workers, i, sfd, stopping = 0, alive, status;
	int64_t deadline = 0, next_sweep = 0;
	int32_t purge_day = 0;	/* the local day of the last daily purge */
	/* The settings in force since the start, which a reload cannot change. */
	struct conf *boot = c;
	pid_t pid;

	if (nworkers <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		nworkers = n > 0 ? (int)n : 1;
	}
	if (sshd_host_key_ensure(key, err, sizeof err) < 0 || sshd_check(c, err, sizeof err) < 0) {
		log_error("%s", err);
		return 1;
	}
	slots = xcalloc((size_t)nworkers, sizeof *slots);
	for (i = 0; i < nworkers; i++) {
		if ((slots[i].fd = listen_socket(c, err, sizeof err)) < 0) {
			log_error("%s", err);
			return 1;
		}
	}
	if (sshd_drop_privileges(c, db, key, err, sizeof err) < 0) {
		log_error("%s", err);
		return 1;
	}
	/* The paths were made absolute (main() and conf_resolve_path): "/" is safe. */
	if (!o->foreground && daemon(0, 0) < 0) {
		log_error("daemon: %s", strerror(errno));
		return 1;
	}
	recover_chats(db, 0);

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0) {
		log_error("signalfd: %s", strerror(errno));
		return 1;
	}
	log_info("listening on %s port %d, %d worker%s", c->ssh.listen, c->ssh.port, nworkers,
	    nworkers == 1 ? "" : "s");
	for (i = 0; i < nworkers; i++)
		spawn(&slots[i], i, c, o, db, key, &set, slots, nworkers);

	for (;;) {
		alive = 0;
		for (i = 0; i < nworkers; i++)
			alive += slots[i].pid > 0;
		if (stopping && (alive == 0 || clock_mono_ms() > deadline))
			break;
		pfd.fd = sfd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 1000) <= 0)
			goto restart;
		if (read(sfd, &si, sizeof si) != (ssize_t)sizeof si)
			continue;
		switch (si.ssi_signo) {
		case SIGHUP: {
			struct conf *nc = NULL;

			if (conf_load(o->conf_path, o->overrides, o->noverrides, &nc, err,
			    sizeof err) < 0) {
				log_error("reload refused: %s", err);
				break;
			}
			warn_restart_only(boot, nc);
			if (c != boot)
				conf_free(c);
			c = nc;
			for (i = 0; i < nworkers; i++)
				if (slots[i].pid > 0)
					kill(slots[i].pid, SIGHUP);
			log_info("configuration reloaded");
			break;
		}
		case SIGTERM:
		case SIGINT:
			if (!stopping) {
				log_info("stopping");
				stopping = 1;
				deadline = clock_mono_ms() + 10000;
				for (i = 0; i < nworkers; i++) {
					if (slots[i].pid > 0)
						kill(slots[i].pid, SIGTERM);
					/* No new connection may wait in a queue no one accepts from. */
					close(slots[i].fd);
					slots[i].fd = -1;
				}
			}
			break;
		case SIGCHLD:
			break;
		}
restart:
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (i = 0; i < nworkers; i++) {
				if (slots[i].pid != pid)
					continue;
				slots[i].pid = 0;
				if (!stopping && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
					log_error("worker %d (pid %d) died (status %d): restarting", i,
					    (int)pid, status);
					recover_chats(db, pid);
				}
			}
		}
		if (stopping)
			continue;
		if (clock_mono_ms() >= next_sweep) {
			/* Sooner where the queue refreshes sooner (the tests). */
			next_sweep = clock_mono_ms() + (c->queue.refresh_seconds * 5000 < SWEEP_MS ?
			    c->queue.refresh_seconds * 5000 : SWEEP_MS);
			sweep_chats(db, c);
		}
		sshd_daily_purge(db, c, &purge_day);
		for (i = 0; i < nworkers; i++) {
			/* A worker that dies at once is not restarted in a tight loop. */
			if (slots[i].pid == 0 && clock_mono_ms() - slots[i].started > 1000)
				spawn(&slots[i], i, c, o, db, key, &set, slots, nworkers);
		}
	}
	for (i = 0; i < nworkers; i++) {
		if (slots[i].pid > 0) {
			kill(slots[i].pid, SIGKILL);
			waitpid(slots[i].pid, NULL, 0);
			recover_chats(db, slots[i].pid);
		}
		if (slots[i].fd >= 0)
			close(slots[i].fd);
	}
	log_info("stopped");
	close(sfd);
	free(slots);
	free(db);
	free(key);
	if (c != boot)
		conf_free(c);
	conf_free(boot);
	return 0;
}
