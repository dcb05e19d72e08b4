/*
 * The input line: UTF-8 editing with the keys people expect from a shell
 * (left/right, Home/End, Backspace/Delete, Ctrl-A/E/U/W/K, history with
 * up/down), scrolled sideways when the text is wider than the pane.  The
 * editing itself is edit.h's core; this file maps keys onto it and draws.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "edit.h"
#include "text.h"

#define CTRL(c) ((c) & 0x1f)

/* The line of in as the editing core sees it; line_done() writes it back. */
static struct edit_line
line_of(struct input *in)
{
	struct edit_line l = { in->buf, in->len, in->cur, sizeof in->buf };

	return l;
}

static void
line_done(struct input *in, const struct edit_line *l)
{
	in->len = l->len;
	in->cur = l->pos;
}

void
input_clear(struct input *in)
{
	struct edit_line l = line_of(in);

	edit_clear(&l);
	line_done(in, &l);
	in->left = 0;
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
	struct edit_line l = line_of(in);

	edit_insert(&l, s, strlen(s));
	line_done(in, &l);
}

/*
 * The history of in as the core sees it.  struct input keeps no draft: the
 * line being typed is not brought back after browsing, as before.
 */
static struct edit_history
history_of(struct input *in)
{
	struct edit_history h = { in->hist, (size_t)in->nhist, INPUT_HISTORY,
	    (size_t)in->hpos, NULL };

	return h;
}

static void
history_done(struct input *in, struct edit_history *h)
{
	in->nhist = (int)h->n;
	in->hpos = (int)h->pos;
	free(h->draft);
}

void
input_remember(struct input *in)
{
	struct edit_history h = history_of(in);

	edit_history_add(&h, in->buf);
	history_done(in, &h);
}

static void
history_move(struct input *in, int delta)
{
	struct edit_history h = history_of(in);
	struct edit_line l = line_of(in);

	if (edit_history_move(&h, &l, delta))
		in->left = 0;
	line_done(in, &l);
	history_done(in, &h);
}

/* The keys that move the cursor or delete, and the core's motion for each. */
static const struct {
	int key;
	enum edit_motion motion;
	int is_deletion;	/* delete up to where the motion leads */
} edit_keys[] = {
	{ KEY_LEFT, EDIT_LEFT, 0 },		{ CTRL('b'), EDIT_LEFT, 0 },
	{ KEY_RIGHT, EDIT_RIGHT, 0 },		{ CTRL('f'), EDIT_RIGHT, 0 },
	{ KEY_HOME, EDIT_HOME, 0 },		{ CTRL('a'), EDIT_HOME, 0 },
	{ KEY_END, EDIT_END, 0 },		{ CTRL('e'), EDIT_END, 0 },
	{ KEY_BACKSPACE, EDIT_LEFT, 1 },	{ 127, EDIT_LEFT, 1 },
	{ CTRL('h'), EDIT_LEFT, 1 },
	{ KEY_DC, EDIT_RIGHT, 1 },		{ CTRL('d'), EDIT_RIGHT, 1 },
	{ CTRL('u'), EDIT_HOME, 1 },		{ CTRL('k'), EDIT_END, 1 },
	{ CTRL('w'), EDIT_WORD_LEFT, 1 },
};

int
input_key(struct input *in, int key)
{
	struct edit_line l = line_of(in);
	size_t i;
	char c;

	for (i = 0; i < nitems(edit_keys); i++) {
		if (edit_keys[i].key != key)
			continue;
		if (edit_keys[i].is_deletion)
			edit_delete(&l, edit_keys[i].motion);
		else
			edit_move(&l, edit_keys[i].motion);
		line_done(in, &l);
		return 1;
	}
	switch (key) {
	case KEY_UP:
		history_move(in, -1);
		return 1;
	case KEY_DOWN:
		history_move(in, 1);
		return 1;
	default:
		if (key >= 0x20 && key < 0x7f) {
			c = (char)key;
			edit_insert(&l, &c, 1);
			line_done(in, &l);
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
	struct edit_history h = history_of(in);

	edit_history_clear(&h);
	history_done(in, &h);
	explicit_bzero(in->buf, sizeof in->buf);
}
