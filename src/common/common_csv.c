/* A small RFC 4180 reader and writer. */
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

static void
csv_putc(struct csv *c, char ch)
{
	if (c->len + 1 >= c->cap) {
		c->cap *= 2;
		c->buf = xreallocarray(c->buf, c->cap, 1);
	}
	c->buf[c->len++] = ch;
}

static void
csv_start_field(struct csv *c)
{
	if (c->nfields == c->capfields) {
		c->capfields *= 2;
		c->starts = xreallocarray(c->starts, c->capfields, sizeof *c->starts);
	}
	c->starts[c->nfields++] = c->len;
}

int
csv_read(struct csv *c)
{
	int ch, quoted = 0, any = 0;

	c->len = 0;
	c->nfields = 0;
	c->record_line = c->line + 1;
	csv_start_field(c);
	while ((ch = getc_unlocked(c->fp)) != EOF) {
		any = 1;
		if (quoted) {
			if (ch == '"') {
				int next = getc_unlocked(c->fp);

				if (next == '"') {
					csv_putc(c, '"');
					continue;
				}
				quoted = 0;
				if (next == EOF)
					break;
				ch = next;
			} else {
				if (ch == '\n')
					c->line++;
				csv_putc(c, (char)ch);
				continue;
			}
		}
		if (ch == '"' && c->len == c->starts[c->nfields - 1]) {
			quoted = 1;
		} else if (ch == ',') {
			csv_putc(c, '\0');
			csv_start_field(c);
		} else if (ch == '\n') {
			c->line++;
			break;
		} else if (ch != '\r') {
			csv_putc(c, (char)ch);
		}
	}
	csv_putc(c, '\0');
	if (quoted)
		return ERR_INVALID;
	if (!any)
		return 0;
	return c->nfields;
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

void
csv_put(FILE *fp, const char *s, int last)
{
	const char *p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
	} else {
		fputc('"', fp);
		for (p = s; *p; p++) {
			if (*p == '"')
				fputc('"', fp);
			fputc(*p, fp);
		}
		fputc('"', fp);
	}
	fputc(last ? '\n' : ',', fp);
}
