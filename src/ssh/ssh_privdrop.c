/*
 * Started as root (by hand, or by an init system without User=), infocigd
 * gives up root once its listening sockets are bound: it becomes ssh.user,
 * as sshd's unprivileged children do.  The workers read the configuration,
 * the host key, the database and the one-time-code key again after each
 * fork, so those files must belong to that user: files of ours still owned
 * by root (a host key just generated, a database made with `sudo infocig db
 * init`) are handed over; a file owned by anyone else is refused.
 */
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "conf.h"
#include "ssh_internal.h"

/* Gives path, when it exists and root owns it, to uid:gid; 0 or ERR_DENIED. */
static int
privdrop_hand_over(const char *path, uid_t uid, gid_t gid, const char *user, char *err,
    size_t errlen)
{
	struct stat sb;

	if (lstat(path, &sb) < 0)
		return errno == ENOENT ? 0 : (snprintf(err, errlen, "%s: %s", path,
		    strerror(errno)), ERR_IO);
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: non è un file regolare", path);
		return ERR_DENIED;
	}
	if (sb.st_uid == uid)
		return 0;
	if (sb.st_uid != 0) {
		snprintf(err, errlen, "%s appartiene all'utente %u, non a %s: chown %s %s", path,
		    (unsigned)sb.st_uid, user, user, path);
		return ERR_DENIED;
	}
	if (chown(path, uid, gid) < 0) {
		snprintf(err, errlen, "chown %s: %s", path, strerror(errno));
		return ERR_IO;
	}
	log_info("%s now belongs to %s", path, user);
	return 0;
}

int
sshd_drop_privileges(const struct conf *c, const char *db, const char *key, char *err,
    size_t errlen)
{
	const char *user = c->ssh.user;
	char side[4096], *otp_key, *dir;
	const char *suffix[] = { "", "-wal", "-shm" };
	struct passwd *pw;
	size_t i;
	int r = 0;

	if (geteuid() != 0)
		return 0;
	if (user == NULL || *user == '\0') {
		log_warn("running as root: set ssh.user to the account infocigd should run as");
		return 0;
	}
	errno = 0;
	if ((pw = getpwnam(user)) == NULL || pw->pw_uid == 0) {
		snprintf(err, errlen, "ssh.user: %s", pw == NULL ? "utente inesistente" :
		    "non può essere root");
		return ERR_INVALID;
	}
	for (i = 0; r == 0 && i < nitems(suffix); i++) {
		snprintf(side, sizeof side, "%s%s", db, suffix[i]);
		r = privdrop_hand_over(side, pw->pw_uid, pw->pw_gid, user, err, errlen);
	}
	if (r == 0)
		r = privdrop_hand_over(key, pw->pw_uid, pw->pw_gid, user, err, errlen);
	if (r == 0 && (otp_key = conf_otp_key_path(c)) != NULL) {
		r = privdrop_hand_over(otp_key, pw->pw_uid, pw->pw_gid, user, err, errlen);
		free(otp_key);
	}
	if (r < 0)
		return r;
	if (initgroups(user, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0) {
		snprintf(err, errlen, "ssh.user %s: %s", user, strerror(errno));
		return ERR_DENIED;
	}
	/* Root must be gone for good, not only for now. */
	if (setuid(0) == 0 || geteuid() == 0) {
		snprintf(err, errlen, "ssh.user %s: i privilegi di root non sono stati lasciati", user);
		return ERR_DENIED;
	}
	/* SQLite writes -wal and -shm beside the database: the folder must let it. */
	snprintf(side, sizeof side, "%s", db);
	dir = dirname(side);
	if (access(dir, W_OK | X_OK) < 0) {
		snprintf(err, errlen, "%s: la cartella del database non è scrivibile da %s", dir, user);
		return ERR_DENIED;
	}
	log_info("running as %s (uid %u)", user, (unsigned)pw->pw_uid);
	return 0;
}
