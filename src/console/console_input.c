/*
 * The input line: UTF-8 editing with the keys people expect from a shell
 * (left/right, Home/End, Backspace/Delete, Ctrl-A/E/U/W/K, history with
 * up/down), scrolled sideways when the text is wider than the pane.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "text.h"

#define CTRL(c) ((c) & 0x1f)

void
input_clear(struct input *in)
{
	in->len = in->cur = in->left = 0;
	in->buf[0] = '\0';
	in->hpos = in->nhist;
}

void
input_set(struct input *in, const char *s)
{
	input_clear(in);
	input_insert(in, s);
}

void
input_insert(struct input *in, const char *s)
{
	size_t n = strlen(s);

	if (in->len + n >= sizeof in->buf)
		n = sizeof in->buf - 1 - in->len;
	/* Never cut inside a character. */
	while (n > 0 && n < strlen(s) && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memmove(in->buf + in->cur + n, in->buf + in->cur, in->len - in->cur);
	memcpy(in->buf + in->cur, s, n);
	in->len += n;
	in->cur += n;
	in->buf[in->len] = '\0';
}

static void
delete_range(struct input *in, size_t from, size_t to)
{
	memmove(in->buf + from, in->buf + to, in->len - to);
	in->len -= to - from;
	in->buf[in->len] = '\0';
	if (in->cur > to)
		in->cur -= to - from;
	else if (in->cur > from)
		in->cur = from;
}

void
input_remember(struct input *in)
{
	if (in->len == 0)
		return;
	if (in->nhist == INPUT_HISTORY) {
		free(in->hist[0]);
		memmove(in->hist, in->hist + 1, (INPUT_HISTORY - 1) * sizeof *in->hist);
		in->nhist--;
	}
	in->hist[in->nhist++] = xstrdup(in->buf);
	in->hpos = in->nhist;
}

static void
history_move(struct input *in, int delta)
{
	int pos = in->hpos + delta;

	if (pos < 0 || pos > in->nhist)
		return;
	in->hpos = pos;
	in->len = in->cur = in->left = 0;
	in->buf[0] = '\0';
	if (pos < in->nhist)
		input_insert(in, in->hist[pos]);
}

int
input_key(struct input *in, int key)
{
	size_t p;
	char c[2];

	switch (key) {
	case KEY_LEFT:
	case CTRL('b'):
		in->cur = text_prev_char(in->buf, in->cur);
		return 1;
	case KEY_RIGHT:
	case CTRL('f'):
		in->cur = text_next_char(in->buf, in->len, in->cur);
		return 1;
	case KEY_HOME:
	case CTRL('a'):
		in->cur = 0;
		return 1;
	case KEY_END:
	case CTRL('e'):
		in->cur = in->len;
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		if (in->cur > 0)
			delete_range(in, text_prev_char(in->buf, in->cur), in->cur);
		return 1;
	case KEY_DC:
	case CTRL('d'):
		if (in->cur < in->len)
			delete_range(in, in->cur, text_next_char(in->buf, in->len, in->cur));
		return 1;
	case CTRL('u'):
		delete_range(in, 0, in->cur);
		return 1;
	case CTRL('k'):
		delete_range(in, in->cur, in->len);
		return 1;
	case CTRL('w'):
		p = in->cur;
		while (p > 0 && in->buf[p - 1] == ' ')
			p--;
		while (p > 0 && in->buf[p - 1] != ' ')
			p--;
		delete_range(in, p, in->cur);
		return 1;
	case KEY_UP:
		history_move(in, -1);
		return 1;
	case KEY_DOWN:
		history_move(in, 1);
		return 1;
	default:
		if (key >= 0x20 && key < 0x7f) {
			c[0] = (char)key;
			c[1] = '\0';
			input_insert(in, c);
			return 1;
		}
		return 0;
	}
}

void
input_draw(struct input *m, WINDOW *w, int y, int x, int width, int focused)
{
	size_t shown;
	int before;

	mvwaddstr(w, y, x, "> ");
	x += 2;
	width -= 2;
	if (width < 4)
		return;
	/* The scroll offset follows the cursor. */
	if (m->cur < m->left)
		m->left = m->cur;
	/* Keep the cursor inside the visible part, a few columns from the edge. */
	while ((int)text_width(m->buf + m->left, m->cur - m->left) > width - 2)
		m->left = text_next_char(m->buf, m->len, m->left);
	shown = screen_fit(m->buf + m->left, width);
	mvwhline(w, y, x, ' ', width);
	mvwaddnstr(w, y, x, m->buf + m->left, (int)shown);
	before = (int)text_width(m->buf + m->left, m->cur - m->left);
	if (focused)
		wmove(w, y, x + before);
}

void
input_free(struct input *in)
{
	int i;

	for (i = 0; i < in->nhist; i++)
		free(in->hist[i]);
	in->nhist = 0;
	explicit_bzero(in->buf, sizeof in->buf);
}
