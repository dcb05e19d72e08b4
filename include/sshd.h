/*
 * sshd: infocigd's embedded SSH server (libssh).  A supervising parent
 * forks ssh.workers processes; each runs one epoll loop over its own
 * SO_REUSEPORT listening socket and all of its sessions (no thread or
 * process per connection).  See DESIGN.md section 4.
 */
#ifndef INFOCIG_SSHD_H
#define INFOCIG_SSHD_H

#include <stddef.h>

#include "conf.h"

struct sshd_options {
	const char *conf_path;		/* for SIGHUP reloads */
	char *const *overrides;		/* -o key=value, applied again on reload */
	size_t noverrides;
	int foreground;			/* -d: no fork into the background, log to stderr */
};

/*
 * Generates an ed25519 host key at path (mode 0600) when there is none.
 * Returns 0, or ERR_IO with an Italian message in err.
 */
int sshd_host_key_ensure(const char *path, char *err, size_t errlen);

/*
 * Checks what -t checks: the host key (readable, or creatable), the
 * database (opens), the service hours.  0 or a negative ERR_* with err set.
 */
int sshd_check(const struct conf *c, char *err, size_t errlen);

/*
 * Runs the daemon until SIGTERM/SIGINT; c is owned by the callee from now on.
 * Returns the process exit status.
 */
int sshd_run(struct conf *c, const struct sshd_options *o);

#endif
