/* Private to src/ssh/: what the supervising parent hands to a worker. */
#ifndef INFOCIG_SSH_INTERNAL_H
#define INFOCIG_SSH_INTERNAL_H

#include "conf.h"
#include "sshd.h"

struct ssh_worker_args {
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
int ssh_worker_run(struct ssh_worker_args *a);

#endif
