/* Logging to stderr (foreground, tools) or syslog (daemon). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <syslog.h>

#include "common.h"

static const char *log_progname = "infocig";
static enum log_sink log_sink = LOG_SINK_STDERR;
static enum log_level log_threshold = LOG_LEVEL_INFO;

void
log_open(const char *progname, enum log_sink sink, enum log_level level)
{
	log_progname = progname;
	log_sink = sink;
	log_threshold = level;
	if (sink == LOG_SINK_SYSLOG)
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };

	if (level > log_threshold)
		return;
	if (log_sink == LOG_SINK_SYSLOG) {
		vsyslog(prio[level], fmt, ap);
		return;
	}
	/*
	 * One write per line: the daemon's worker processes share stderr, and
	 * a line written in pieces would interleave with another's.
	 */
	char line[1024];
	int n = snprintf(line, sizeof line, "%s: ", log_progname);

	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;		/* nowhere left to report it */
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
	exit(1);
}
