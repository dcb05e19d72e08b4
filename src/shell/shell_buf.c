/* A growable byte buffer for output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "shell.h"

void
shell_buf_add(struct shell_buf *b, const void *s, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n)
			cap *= 2;
		b->p = xreallocarray(b->p, cap, 1);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void
shell_buf_str(struct shell_buf *b, const char *s)
{
	shell_buf_add(b, s, strlen(s));
}

void
shell_buf_printf(struct shell_buf *b, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		shell_buf_add(b, small, (size_t)n);
		return;
	}
	big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	shell_buf_add(b, big, (size_t)n);
	free(big);
}

void
shell_buf_consume(struct shell_buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->p, b->p + n, b->len - n);
	b->len -= n;
}

void
shell_buf_free(struct shell_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
