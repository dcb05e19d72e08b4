/*
 * infocigd: the INFO CIG SSH server.  See infocigd(8).
 *
 *   infocigd [-dDtT] [-f file] [-o key=value ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "conf.h"
#include "i18n.h"
#include "sshd.h"

static void
usage(void)
{
	fputs(_("uso: infocigd [-dDtT] [-f file] [-o chiave=valore ...]\n"), stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	struct sshd_options o;
	struct conf *c = NULL;
	char **overrides = NULL, err[512];
	size_t noverrides = 0;
	const char *path = NULL;
	char *abspath = NULL;
	int ch, test = 0, print = 0, foreground = 0, to_syslog = 0, r;

	/* Without catalogues the daemon still runs, in Italian. */
	(void)i18n_open();
	i18n_use(i18n_env_lang());
	while ((ch = getopt(argc, argv, "dDf:o:tT")) != -1) {
		switch (ch) {
		case 'd':
			foreground = 1;
			break;
		case 'D':	/* foreground, logging to syslog: for a service manager */
			foreground = to_syslog = 1;
			break;
		case 'f':
			path = optarg;
			break;
		case 'o':
			overrides = xreallocarray(overrides, noverrides + 1, sizeof *overrides);
			overrides[noverrides++] = optarg;
			break;
		case 't':
			test = 1;
			break;
		case 'T':	/* as -t, then the effective configuration (sshd -T) */
			test = print = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (path == NULL)
		path = conf_default_path();
	/*
	 * An absolute path: the daemon changes to "/", and reloads and
	 * restarted workers read the file again.
	 */
	if ((abspath = realpath(path, NULL)) != NULL)
		path = abspath;
	log_open("infocigd", (foreground && !to_syslog) || test ? LOG_SINK_STDERR : LOG_SINK_SYSLOG,
	    LOG_LEVEL_INFO);
	if (conf_load(path, overrides, noverrides, &c, err, sizeof err) < 0) {
		fprintf(stderr, "infocigd: %s\n", err);
		free(overrides);
		free(abspath);
		return 1;
	}
	if (test) {
		r = sshd_check(c, err, sizeof err);
		if (r < 0)
			fprintf(stderr, "infocigd: %s\n", err);
		else if (print)
			conf_print(c, stdout);
		conf_free(c);
		free(overrides);
		free(abspath);
		return r < 0 ? 1 : 0;
	}
	memset(&o, 0, sizeof o);
	o.conf_path = path;
	o.overrides = overrides;
	o.noverrides = noverrides;
	o.foreground = foreground;
	r = sshd_run(c, &o);
	free(overrides);
	free(abspath);
	return r;
}
