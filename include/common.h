/*
 * common: logging, allocation that cannot fail silently, small string and
 * time helpers shared by every module.
 */
#ifndef INFOCIG_COMMON_H
#define INFOCIG_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* Error codes: functions return 0 or one of these (negative). */
enum {
	ERR_NOMEM = -1,		/* out of memory */
	ERR_IO = -2,		/* file or database input/output */
	ERR_INVALID = -3,	/* malformed input */
	ERR_NOTFOUND = -4,	/* no such row or object */
	ERR_EXISTS = -5,	/* already there */
	ERR_DENIED = -6,	/* not allowed for this account */
	ERR_BUSY = -7,		/* database locked; try again */
	ERR_CONFLICT = -8,	/* state changed under us (lost a race) */
	ERR_SCHEMA = -9,	/* database schema unknown or newer */
	ERR_LIMIT = -10,	/* a configured limit was reached */
};

/* log */
enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };
enum log_sink { LOG_SINK_STDERR, LOG_SINK_SYSLOG };

void log_open(const char *progname, enum log_sink sink, enum log_level level);
/*
 * func is the caller's function (the macros pass __func__): errors,
 * warnings and debug lines name it, "infocigd: func: text"; info lines,
 * which report events to the operator, do not.
 */
void log_msg(enum log_level level, const char *func, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_vmsg(enum log_level level, const char *func, const char *fmt, va_list ap);
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#define log_error(...) log_msg(LOG_LEVEL_ERROR, __func__, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LEVEL_WARN, __func__, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, NULL, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __func__, __VA_ARGS__)

/* alloc: abort with a message on exhaustion; xfree(NULL) is a no-op. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* strings */
size_t str_lcpy(char *dst, const char *src, size_t size);
/* Copy src to dst trimmed of surrounding ASCII blanks, in upper case. */
void str_upper_trim(char *dst, size_t size, const char *src);
/* Write "RSS***********2S"-style masked form of an identifier for logs. */
void str_mask_id(char *dst, size_t size, const char *id);
/* Format cents as Italian currency "1.234,56 €". */
void str_format_euro(char *dst, size_t size, int64_t cents);

/*
 * time: dates are day numbers (days since 1970-01-01, a "civil day"),
 * timestamps are Unix seconds.
 */
int32_t day_from_ymd(int y, int m, int d);
void day_to_ymd(int32_t day, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday */
int day_weekday(int32_t day);
int day_days_in_month(int y, int m);
/* Parse "YYYY-MM-DD" strictly; 0 or ERR_INVALID. */
int day_parse(const char *s, int32_t *day);
/* "YYYY-MM-DD" into buf of at least 11 bytes. */
char *day_format(int32_t day, char *buf, size_t size);
/* "DD/MM/YYYY", the Italian form, into buf of at least 11 bytes. */
char *day_format_it(int32_t day, char *buf, size_t size);
/* Last day of the month containing day, shifted by add_months months. */
int32_t day_end_of_month(int32_t day, int add_months);

/*
 * Wall-clock time.  INFOCIG_NOW=YYYY-MM-DDTHH:MM:SS[Z|+HH:MM][@EPOCH] sets it
 * for tests and demos: UTC unless an offset is given; fixed, or running from
 * the real time EPOCH on.  clock_parse_fake() reads that form (0 or ERR_INVALID).
 */
time_t clock_now(void);
int clock_parse_fake(const char *s, time_t *at, time_t *anchor);
/* Monotonic milliseconds for timers and benchmarks. */
int64_t clock_mono_ms(void);
int64_t clock_mono_us(void);

/* Progress bar on stderr when it is a terminal; silent otherwise. */
struct progress;
struct progress *progress_new(const char *label, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
void progress_free(struct progress *p);

/*
 * csv: RFC 4180 records (quoted fields, doubled quotes, CRLF or LF) read
 * one at a time.  Fields point into the reader's buffer and stay valid
 * until the next csv_read().
 */
#include <stdio.h>
#define CSV_RECORD_MAX 65536	/* bytes of one record */
#define CSV_FIELDS_MAX 256
#define CSV_STR_(x) #x
#define CSV_STR(x) CSV_STR_(x)
struct csv;
struct csv *csv_open(FILE *fp);		/* does not own fp */
/*
 * Reads the next record: its field count, 0 at end of file (or after a
 * fatal error), ERR_INVALID or ERR_LIMIT for a record refused: csv_error()
 * says why in Italian, csv_line() where.  Nothing is changed silently:
 * see src/common/common_csv.c for the rules.
 */
int csv_read(struct csv *c);
/* Why the last csv_read() failed ("virgolette non chiuse", ...); static text. */
const char *csv_error(const struct csv *c);
const char *csv_field(const struct csv *c, int i);	/* "" past the last field */
/*
 * Reads the header record into buf as "a,b,c" (without a UTF-8 byte order
 * mark, which spreadsheets write); returns 1 when it equals expected.
 */
int csv_header_is(struct csv *c, const char *expected, char *buf, size_t size);
int csv_nfields(const struct csv *c);
long csv_line(const struct csv *c);	/* first line of the current record */
void csv_free(struct csv *c);
/*
 * Writes one field, quoted when it needs to be.  Control characters (C0
 * but LF, DEL, C1, bidi controls) are dropped, and a cell a spreadsheet
 * would take for a formula (starting with = + - @ TAB or CR, but not a
 * plain number or a lone "-") is written quoted with a leading single
 * quote, as the OWASP guidance on CSV injection says.
 */
void csv_put(FILE *fp, const char *s, int last);

/* Italian month name for 1-12 ("gennaio"), "?" otherwise. */
const char *month_name_it(int month);
/*
 * After a string was truncated to len bytes, cuts it back to the last whole
 * UTF-8 character so that it never ends in half a letter.
 */
void str_utf8_cut(char *s, size_t len);

/* Writes s as a JSON string literal (quotes and escapes included). */
void json_put_string(FILE *fp, const char *s);

/*
 * err: the Italian text of an ERR_* code (or of 0), for every screen and
 * message a person reads; static storage, never NULL.  src/common/common_err.c.
 */
const char *err_text(int code);

/*
 * Local time of instant t into buf (always terminated when size > 0).
 * utc_offset is local time's offset from UTC at t in seconds, as
 * calendar_utc_offset(tz, t) gives it: common knows no time zones.
 */
enum clock_style {
	CLOCK_HHMM,	/* "15:30" */
	CLOCK_IT,	/* "20/06/2026 15:30" */
	CLOCK_IT_SHORT,	/* "20/06 15:30", where the year is known */
	CLOCK_IT_SECONDS,	/* "20/06/2026 15:30:05" */
	CLOCK_DAY_SECONDS,	/* "2026-06-20 15:30:05", for CSV and JSON */
	CLOCK_ISO,	/* "2026-06-20T15:30:00+02:00", for JSON and CSV */
};
char *clock_format_local(int64_t t, int utc_offset, enum clock_style style, char *buf,
    size_t size);

#endif
