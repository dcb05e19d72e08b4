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

/* The worker's event loop; returns its exit status. */
int ssh_worker_run(struct ssh_worker_args *a);

#endif
