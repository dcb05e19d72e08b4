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

/* The worker's event loop; returns its exit status. */
int ssh_worker_run(struct ssh_worker_args *a);

#endif
