/*
 * The core of line editing (include/edit.h): a byte buffer with a cursor,
 * and a history.  Characters are UTF-8; an invalid byte counts as one
 * character (text_next_char), so the cursor never lands inside a letter.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "edit.h"
#include "text.h"

void
edit_clear(struct edit_line *l)
{
	explicit_bzero(l->buf, l->len);
	l->len = l->pos = 0;
	if (l->cap > 0)
		l->buf[0] = '\0';
}

void
edit_set(struct edit_line *l, const char *s)
{
	edit_clear(l);
	edit_insert(l, s, strlen(s));
}

size_t
edit_insert(struct edit_line *l, const char *s, size_t n)
{
	size_t room = l->cap > l->len ? l->cap - 1 - l->len : 0;

	if (n > room) {
		/* Never cut inside a character. */
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if (n == 0)
		return 0;
	memmove(l->buf + l->pos + n, l->buf + l->pos, l->len - l->pos);
	memcpy(l->buf + l->pos, s, n);
	l->len += n;
	l->pos += n;
	l->buf[l->len] = '\0';
	return n;
}

size_t
edit_target(const struct edit_line *l, enum edit_motion m)
{
	size_t p;

	switch (m) {
	case EDIT_LEFT:
		return text_prev_char(l->buf, l->pos);
	case EDIT_RIGHT:
		return text_next_char(l->buf, l->len, l->pos);
	case EDIT_HOME:
		return 0;
	case EDIT_END:
		return l->len;
	case EDIT_WORD_LEFT:
		p = l->pos;
		while (p > 0 && l->buf[p - 1] == ' ')
			p--;
		while (p > 0 && l->buf[p - 1] != ' ')
			p = text_prev_char(l->buf, p);
		return p;
	}
	return l->pos;
}

int
edit_move(struct edit_line *l, enum edit_motion m)
{
	size_t p = edit_target(l, m);

	if (p == l->pos)
		return 0;
	l->pos = p;
	return 1;
}

int
edit_delete(struct edit_line *l, enum edit_motion m)
{
	size_t p = edit_target(l, m);
	size_t from = p < l->pos ? p : l->pos, to = p < l->pos ? l->pos : p;

	if (from == to)
		return 0;
	memmove(l->buf + from, l->buf + to, l->len - to);
	l->len -= to - from;
	explicit_bzero(l->buf + l->len, to - from);
	l->pos = from;
	return 1;
}

void
edit_history_add(struct edit_history *h, const char *line)
{
	free(h->draft);
	h->draft = NULL;
	if (h->max > 0 && *line != '\0' &&
	    !(h->n > 0 && strcmp(h->v[h->n - 1], line) == 0)) {
		if (h->n == h->max) {
			free(h->v[0]);
			memmove(h->v, h->v + 1, (h->n - 1) * sizeof *h->v);
			h->n--;
		}
		h->v[h->n++] = xstrdup(line);
	}
	h->pos = h->n;
}

int
edit_history_move(struct edit_history *h, struct edit_line *l, int dir)
{
	if (dir < 0) {
		if (h->pos == 0 || h->n == 0)
			return 0;
		if (h->pos >= h->n) {
			free(h->draft);
			h->draft = xstrndup(l->buf, l->len);
			h->pos = h->n;
		}
		h->pos--;
		edit_set(l, h->v[h->pos]);
		return 1;
	}
	if (h->pos >= h->n)
		return 0;
	h->pos++;
	edit_set(l, h->pos == h->n ? (h->draft ? h->draft : "") : h->v[h->pos]);
	return 1;
}

void
edit_history_clear(struct edit_history *h)
{
	while (h->n > 0)
		free(h->v[--h->n]);
	free(h->draft);
	h->draft = NULL;
	h->pos = 0;
}
