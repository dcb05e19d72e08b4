/*
 * A small RFC 4180 reader and writer.
 *
 * The reader never changes data silently: a record longer than
 * CSV_RECORD_MAX bytes or with more than CSV_FIELDS_MAX fields, a NUL byte,
 * a CR that does not end a line outside quotes, text after a closing quote
 * and an unclosed quote are errors that csv_error() describes, with the
 * line in csv_line().  A CR inside a quoted field is kept.  After a record
 * too long or a NUL byte (a binary file, /dev/zero) reading stops: the
 * next csv_read() returns 0.
 *
 * The writer neutralises spreadsheet formulas as the OWASP guidance on CSV
 * injection says, and drops control characters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

struct csv {
	FILE *fp;
	char *buf;		/* field bytes, NUL-separated */
	size_t len, cap;
	size_t *starts;		/* offsets of fields in buf */
	int nfields, capfields;
	long line;		/* lines consumed so far */
	long record_line;
	const char *error;	/* what the last csv_read() refused, Italian */
	int stopped;		/* a fatal error: no more records */
};

struct csv *
csv_open(FILE *fp)
{
	struct csv *c = xcalloc(1, sizeof *c);

	c->fp = fp;
	c->cap = 4096;
	c->buf = xmalloc(c->cap);
	c->capfields = 32;
	c->starts = xcalloc(c->capfields, sizeof *c->starts);
	return c;
}

/* Appends a byte; ERR_LIMIT past CSV_RECORD_MAX (the buffer never grows beyond). */
static int
csv_putc(struct csv *c, char ch)
{
	if (c->len >= CSV_RECORD_MAX)
		return ERR_LIMIT;
	if (c->len + 1 >= c->cap) {
		c->cap *= 2;
		c->buf = xreallocarray(c->buf, c->cap, 1);
	}
	c->buf[c->len++] = ch;
	return 0;
}

static int
csv_start_field(struct csv *c)
{
	if (c->nfields >= CSV_FIELDS_MAX)
		return ERR_LIMIT;
	if (c->nfields == c->capfields) {
		c->capfields *= 2;
		c->starts = xreallocarray(c->starts, c->capfields, sizeof *c->starts);
	}
	c->starts[c->nfields++] = c->len;
	return 0;
}

/* Records why a record is refused; a fatal reason also stops the reading. */
static int
csv_fail(struct csv *c, const char *why, int fatal, int r)
{
	c->error = why;
	c->stopped = fatal;
	c->buf[c->len < c->cap ? c->len : c->cap - 1] = '\0';
	c->nfields = 0;
	return r;
}

/* Skips the rest of the current line after a recoverable error. */
static void
csv_skip_line(struct csv *c)
{
	int ch;

	while ((ch = getc_unlocked(c->fp)) != EOF && ch != '\n')
		if (ch == '\0')
			return;
	if (ch == '\n')
		c->line++;
}

int
csv_read(struct csv *c)
{
	int ch, next, quoted = 0, closed = 0, any = 0;

	c->len = 0;
	c->nfields = 0;
	c->error = NULL;
	c->record_line = c->line + 1;
	if (c->stopped)
		return 0;
	csv_start_field(c);
	while ((ch = getc_unlocked(c->fp)) != EOF) {
		any = 1;
		if (ch == '\0')
			return csv_fail(c, "byte NUL nel testo (file binario?): lettura interrotta",
			    1, ERR_INVALID);
		if (quoted) {
			if (ch == '"') {
				if ((next = getc_unlocked(c->fp)) == '"') {
					if (csv_putc(c, '"') < 0)
						goto too_long;
					continue;
				}
				quoted = 0;
				closed = 1;
				if (next == EOF)
					break;
				ch = next;
				if (ch == '\0')
					return csv_fail(c, "byte NUL nel testo (file binario?): "
					    "lettura interrotta", 1, ERR_INVALID);
			} else {
				if (ch == '\n')
					c->line++;
				if (csv_putc(c, (char)ch) < 0)	/* CR and LF kept */
					goto too_long;
				continue;
			}
		}
		if (ch == ',') {
			closed = 0;
			if (csv_putc(c, '\0') < 0 || csv_start_field(c) < 0)
				goto too_long;
		} else if (ch == '\n') {
			c->line++;
			break;
		} else if (ch == '\r') {
			if ((next = getc_unlocked(c->fp)) != '\n') {
				if (next != EOF)
					ungetc(next, c->fp);
				csv_skip_line(c);
				return csv_fail(c, "carattere CR fuori dalle virgolette non seguito "
				    "da LF", 0, ERR_INVALID);
			}
			c->line++;
			break;
		} else if (closed) {
			csv_skip_line(c);
			return csv_fail(c, "testo dopo le virgolette di chiusura di un campo", 0,
			    ERR_INVALID);
		} else if (ch == '"' && c->len == c->starts[c->nfields - 1]) {
			quoted = 1;
		} else if (csv_putc(c, (char)ch) < 0) {
			goto too_long;
		}
	}
	if (csv_putc(c, '\0') < 0)
		goto too_long;
	if (quoted)
		return csv_fail(c, "virgolette non chiuse", 1, ERR_INVALID);
	if (!any)
		return 0;
	return c->nfields;
too_long:
	return csv_fail(c, c->nfields >= CSV_FIELDS_MAX ?
	    "troppi campi in un record (al massimo " CSV_STR(CSV_FIELDS_MAX) "): lettura interrotta" :
	    "record più lungo di " CSV_STR(CSV_RECORD_MAX) " byte: lettura interrotta",
	    1, ERR_LIMIT);
}

const char *
csv_error(const struct csv *c)
{
	return c->error != NULL ? c->error : "record non valido";
}

const char *
csv_field(const struct csv *c, int i)
{
	if (i < 0 || i >= c->nfields)
		return "";
	return c->buf + c->starts[i];
}

int
csv_nfields(const struct csv *c)
{
	return c->nfields;
}

int
csv_header_is(struct csv *c, const char *expected, char *buf, size_t size)
{
	int i, n = csv_read(c);
	size_t len = 0;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < n && len + 1 < size; i++) {
		const char *f = csv_field(c, i);

		if (i == 0 && strncmp(f, "\xef\xbb\xbf", 3) == 0)
			f += 3;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? "," : "", f);
		if (len >= size)
			len = size - 1;
	}
	return strcmp(buf, expected) == 0;
}

long
csv_line(const struct csv *c)
{
	return c->record_line;
}

void
csv_free(struct csv *c)
{
	if (c == NULL)
		return;
	free(c->buf);
	free(c->starts);
	free(c);
}

/*
 * Length of the control character at s, or 0: C0 but LF, DEL, C1 (as
 * UTF-8 or raw), and the bidi controls U+061C, U+200E/F, U+202A-202E and
 * U+2066-2069.  ESC goes alone; what followed it is plain text then.
 */
static size_t
csv_control_len(const unsigned char *s)
{
	if ((s[0] < 0x20 && s[0] != '\n') || s[0] == 0x7f || (s[0] >= 0x80 && s[0] <= 0x9f))
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f)
		return 2;
	if (s[0] == 0xd8 && s[1] == 0x9c)
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x8e || s[2] == 0x8f ||
	    (s[2] >= 0xaa && s[2] <= 0xae)))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 3;
	return 0;
}

/* A plain number ("-12", "3.5", "-0,25") cannot be a formula: left as it is. */
static int
csv_is_number(const char *s)
{
	int digits = 0, sep = 0;

	if (*s == '-' || *s == '+')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if ((*s == '.' || *s == ',') && digits > 0 && !sep)
			sep = 1;
		else
			return 0;
	}
	return digits > 0 && s[-1] != '.' && s[-1] != ',';
}

void
csv_put(FILE *fp, const char *s, int last)
{
	const unsigned char *p = (const unsigned char *)s;
	char *clean = xmalloc(strlen(s) + 1);
	size_t n, len = 0, i;
	int formula, quote;

	/* Controls first: "\x0e=cmd" must be seen as the formula it becomes. */
	while (*p) {
		if ((n = csv_control_len(p)) > 0)
			p += n;
		else
			clean[len++] = (char)*p++;
	}
	clean[len] = '\0';
	/*
	 * OWASP, CSV injection: a cell starting with = + - @ TAB or CR is a
	 * formula to a spreadsheet (TAB and CR are gone by now).  Such a cell
	 * gets a leading single quote (shown as text) and is always quoted.
	 * A lone "-" and plain numbers are not formulas.
	 */
	formula = len > 0 && strchr("=+-@", clean[0]) != NULL && strcmp(clean, "-") != 0 &&
	    !csv_is_number(clean);
	quote = formula || strpbrk(clean, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (formula)
		fputc('\'', fp);
	for (i = 0; i < len; i++) {
		if (clean[i] == '"')
			fputc('"', fp);
		fputc(clean[i], fp);
	}
	if (quote)
		fputc('"', fp);
	fputc(last ? '\n' : ',', fp);
	free(clean);
}
