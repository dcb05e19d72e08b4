/* Logging to stderr (foreground, tools) or syslog (daemon). */
#include <stdarg.h>
#include <stdint.h>
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

/*
 * Length of the well-formed UTF-8 character at p that is safe in a log
 * line, or 0: controls (C1 as UTF-8 included), bidi controls and invisible
 * characters are not, nor is anything ill-formed.
 */
static size_t
log_safe_utf8(const unsigned char *p, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp <= 0x9f ||
	    cp == 0x00ad || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe0000 && cp <= 0xe007f))
		return 0;
	return n;
}

/*
 * Copies the formatted message into out (size > 0, always terminated) with
 * every byte that could act on a terminal or forge a line (C0 and C1
 * controls, ESC, DEL, a newline, ill-formed UTF-8, bidi and invisible
 * characters) written as \xNN, and a backslash as \\, so that untrusted text
 * quoted in a message (an SSH user name) is shown, never obeyed (issue 18.15).
 */
static void
log_escape(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t len = strlen(in), i = 0, o = 0, n;

	while (i < len) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			n = 1;
		else if (p[i] >= 0x80)
			n = log_safe_utf8(p + i, len - i);
		else
			n = 0;
		if (n > 0) {
			if (o + n >= size)
				break;
			memcpy(out + o, p + i, n);
			o += n;
			i += n;
			continue;
		}
		if (o + 4 >= size)
			break;
		if (p[i] == '\\')
			memcpy(out + o, "\\\\", 2), o += 2;
		else
			o += (size_t)snprintf(out + o, size - o, "\\x%02x", p[i]);
		i++;
	}
	out[o] = '\0';
}

void
log_vmsg(enum log_level level, const char *func, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char raw[1024], line[1024];
	int n = 0;

	if (level > log_threshold)
		return;
	if (func != NULL && level != LOG_LEVEL_INFO)
		n = snprintf(raw, sizeof raw, "%s: ", func);
	if (n < 0 || (size_t)n >= sizeof raw)
		n = 0;
	vsnprintf(raw + n, sizeof raw - (size_t)n, fmt, ap);
	if (log_sink == LOG_SINK_SYSLOG) {
		log_escape(raw, line, sizeof line);
		syslog(prio[level], "%s", line);
		return;
	}
	/*
	 * One write per line: the daemon's worker processes share stderr, and
	 * a line written in pieces would interleave with another's.
	 */
	n = snprintf(line, sizeof line, "%s: ", log_progname);
	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	log_escape(raw, line + n, sizeof line - (size_t)n - 1);
	n = (int)strlen(line);
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;		/* nowhere left to report it */
}

void
log_msg(enum log_level level, const char *func, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, func, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LEVEL_ERROR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
