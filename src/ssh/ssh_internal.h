/*
 * Private to src/ssh/: what the supervising parent hands to a worker, and
 * the worker's shared surface (its sessions, sources and the functions its
 * files call in one another).
 *
 * The worker is split by job: ssh_worker.c (setup, timers, signals, the
 * loop), ssh_loop.c (the event loop), ssh_source.c (per-source limits and
 * penalties), ssh_session.c (accept, session life, output queue),
 * ssh_auth.c (authentication), ssh_channel.c (channel callbacks),
 * ssh_delivery.c (database delivery and inotify).  Files keep the folder's
 * ssh_ prefix like every module's files; every symbol of ours is sshd_,
 * since libssh owns the ssh_ namespace.
 */
#ifndef INFOCIG_SSH_INTERNAL_H
#define INFOCIG_SSH_INTERNAL_H

#include <arpa/inet.h>
#include <stdint.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "auth.h"
#include "store_chat.h"
#include "conf.h"
#include "i18n.h"
#include "shell.h"
#include "sshd.h"
#include "store.h"
#include "valid.h"

struct hash;
struct sshd_loop;

struct sshd_worker_args {
	int index;
	int listen_fd;			/* SO_REUSEPORT socket of this worker */
	struct conf *conf;		/* owned by the worker after the fork */
	const struct sshd_options *opts;
	char *db_path;			/* resolved */
	char *host_key_path;		/* resolved */
};

/*
 * Started as root: hands the database, its -wal and -shm, the host key and
 * the one-time-code key over to ssh.user when root owns them, then becomes
 * that user for good (ssh_privdrop.c).  Not root, or no ssh.user (a warning
 * is logged): nothing.  0, or a negative ERR_* with err in Italian.
 */
int sshd_drop_privileges(const struct conf *c, const char *db, const char *key, char *err,
    size_t errlen);

/*
 * From the supervisor's loop: when retention.daily_at has passed today
 * (service.timezone) and *last_day is not today, a child runs the purge
 * (ssh_retention.c); the supervisor reaps it like any child.
 */
void sshd_daily_purge(const char *db, const struct conf *c, int32_t *last_day);

/* The worker's event loop; returns its exit status. */
int sshd_worker_run(struct sshd_worker_args *a);

/* The worker's inside. */

#define SSHD_VERIFY_THREADS 2	/* password checks run beside the loop */

enum sshd_sess_state { SS_KEX, SS_AUTH, SS_OPEN, SS_CLOSING };

/*
 * Keyboard-interactive: the answers are checked by the thread pool while an
 * empty round (an info request without prompts) goes to the client; the
 * session is not read until the check is done, and the client's empty
 * answer then gets the verdict.
 */
enum sshd_kbd_state { KBD_NONE, KBD_ASKED, KBD_CHECKING, KBD_CHECKED };

/* One source address: its limits and penalties (ssh_source.c). */
struct sshd_source {
	char addr[INET6_ADDRSTRLEN];
	int startups;		/* unauthenticated connections now */
	int failures;		/* failed logins since the last penalty */
	int checks;		/* password checks waiting or running */
	int sessions;		/* sessions pointing here, logged in or not */
	int64_t penalty_until;	/* mono ms */
	int penalties;		/* penalties in a row: each lasts twice the one before */
};

struct sshd_worker;

struct sshd_sess {
	struct sshd_worker *w;
	ssh_session s;
	ssh_event ev;
	ssh_channel ch;
	int fd;
	uint32_t epmask;	/* as registered in the loop: no call when unchanged */
	enum sshd_sess_state state;
	struct sshd_source *src;
	int64_t started, last_rx, last_keepalive, close_deadline;	/* mono ms */
	/* Authentication. */
	char user[VALID_CF_PERSON_LEN + 1];
	int have_account;
	struct store_account acct;
	struct store_credentials cred;	/* loaded for a password, wiped once authenticated */
	int auth_failures;
	int authed;
	enum sshd_kbd_state kbd;
	int kbd_ok;		/* the password matched (KBD_CHECKED) */
	char otp[16];		/* the code typed, kept while the password is checked */
	int paused;		/* not read until the password check returns */
	/* Channel and shell. */
	int pty, cols;
	enum lang lang;		/* from the client's LANG or LC_* (ssh_channel.c) */
	int lang_rank;		/* which of them set it: 0 none, 1 LANG .. 3 LC_ALL */
	struct shell *sh;
	struct shell_buf outq;
	int exit_pending, exit_status, exit_sent;
	int dead;		/* free at the next opportunity */
	int chat_hashed;
	int64_t chat_id;
	struct ssh_server_callbacks_struct scb;
	struct ssh_channel_callbacks_struct ccb;
	struct sshd_sess *prev, *next;	/* all sessions */
	struct sshd_sess *cnext;	/* other sessions of the same chat id */
};

struct sshd_worker {
	struct sshd_worker_args *a;
	struct conf *conf;
	struct shell_env env;
	struct store *st;
	struct store *cs;
	ssh_bind bind;
	struct sshd_loop *loop;
	int lfd, sigfd, ifd;
	char wal_name[256];		/* the database's -wal file, watched with inotify */
	struct auth_pool *pool;
	struct shell_live live;
	int dirty;			/* a shell of ours changed a chat */
	int pump_due;			/* a shell is replaying a history */
	int64_t write_retry_at;		/* mono ms: see shell_env.write_retry_at */
	int db_changed;			/* another connection committed */
	int64_t last_snapshot;		/* mono ms */
	struct sshd_sess *sessions;
	int nsessions, nunauth;
	int checks;			/* password checks waiting or running */
	struct hash *sources;		/* address -> struct sshd_source * */
	struct hash *chats;		/* chat id -> first struct sshd_sess * */
	int64_t data_version, last_msg_id;
	struct store_worker_status metrics;	/* published for infocig stats --prometheus */
	int stopping;
	int64_t stop_deadline;
	char dummy_hash[AUTH_HASH_SIZE];
};

/* ssh_metrics.c */
void sshd_metrics_open(struct sshd_worker *w);
/* A line handed to a session: its delay since it was written. */
void sshd_metrics_line(struct sshd_worker *w, const struct chat_message *m);
void sshd_metrics_publish(struct sshd_worker *w);
void sshd_metrics_close(struct sshd_worker *w);

/* ssh_source.c */
struct sshd_source *sshd_source_get(struct sshd_worker *w, const char *addr);
void sshd_source_failure(struct sshd_worker *w, struct sshd_source *s);
void sshd_source_sweep(struct sshd_worker *w, int64_t now);
void sshd_source_free_all(struct sshd_worker *w);
/* 1 when a new connection should be refused (OpenSSH's MaxStartups). */
int sshd_startups_drop(int n, int full);

/* ssh_session.c */
void sshd_accept_ready(void *arg, uint32_t events);
void sshd_sess_free(struct sshd_sess *x);
void sshd_sess_settle(struct sshd_sess *x);
void sshd_sess_want(struct sshd_sess *x);
void sshd_flush_out(struct sshd_sess *x);
void sshd_io_exit(void *arg, int status);
struct shell *sshd_make_shell(struct sshd_sess *x);
const char *sshd_addr(const struct sshd_sess *x);
void sshd_sess_second(struct sshd_sess *x, int64_t now_ms);

/* ssh_auth.c */
void sshd_auth_install(struct sshd_sess *x);
void sshd_auth_cancel(struct sshd_sess *x);
void sshd_auth_verified(void *arg, void *tag, int ok);

/* ssh_channel.c */
ssh_channel sshd_channel_open(ssh_session s, void *userdata);

/* ssh_delivery.c */
void sshd_chat_unhash(struct sshd_worker *w, struct sshd_sess *x);
void sshd_chat_hash_update(struct sshd_worker *w, struct sshd_sess *x);
void sshd_db_poll(struct sshd_worker *w);
void sshd_inotify_setup(struct sshd_worker *w);
void sshd_inotify_ready(void *arg, uint32_t events);

#endif
