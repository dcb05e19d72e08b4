/*
 * A list of chats with a selection that scrolls: the queue pane and the
 * "my chats" pane draw and move through theirs with these.
 */
#include <string.h>

#include "console_internal.h"
#include "text.h"

/* A row cut to width ends in "…", so a shortened name never reads as a whole one. */
static void
list_put(WINDOW *w, int y, const char *line, int width)
{
	size_t n;

	if ((int)text_width(line, strlen(line)) <= width) {
		screen_put(w, y, 1, line, width);
		return;
	}
	n = screen_fit(line, width - 1);
	while (n > 0 && line[n - 1] == ' ')
		n--;
	mvwaddnstr(w, y, 1, line, (int)n);
	waddstr(w, "…");
}

void
pane_list_draw(struct console *con, WINDOW *w, struct desk_list *l, int focused,
    void (*format)(struct console *, const struct chat_desk_row *, char *, size_t, int *),
    const char *empty)
{
	char line[256];
	int h, wd, y, attr, mark;
	size_t i;

	getmaxyx(w, h, wd);
	if (l->n == 0) {
		wattron(w, A_DIM);
		screen_put(w, 1, 2, empty, wd - 3);
		wattroff(w, A_DIM);
		return;
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)(h - 2))
		l->top = l->sel - (size_t)(h - 3);
	for (i = l->top, y = 1; i < l->n && y < h - 1; i++, y++) {
		mark = 0;
		format(con, &l->rows[i], line, sizeof line, &mark);
		attr = 0;
		if (i == l->sel)
			attr = focused ? (con->colors ? COLOR_PAIR(PAIR_SELECT) : A_REVERSE) : A_BOLD;
		else if (mark)
			attr = con->colors ? COLOR_PAIR(PAIR_UNREAD) | A_BOLD : A_BOLD;
		wattron(w, attr);
		mvwhline(w, y, 1, ' ', wd - 2);
		list_put(w, y, line, wd - 2);
		wattroff(w, attr);
	}
	if (l->top > 0)
		mvwaddstr(w, 0, wd - 3, "^");
	if (i < l->n)
		mvwaddstr(w, h - 1, wd - 3, "v");
}

int
pane_list_key(struct console *con, struct desk_list *l, enum pane_id id, int key)
{
	int h = getmaxy(con->win[id]) - 2;

	switch (key) {
	case KEY_UP:
	case 'k':
		if (l->sel > 0)
			l->sel--;
		break;
	case KEY_DOWN:
	case 'j':
		if (l->sel + 1 < l->n)
			l->sel++;
		break;
	case KEY_PPAGE:
		l->sel = l->sel > (size_t)h ? l->sel - (size_t)h : 0;
		break;
	case KEY_NPAGE:
		l->sel = l->n == 0 ? 0 : (l->sel + (size_t)h < l->n ? l->sel + (size_t)h : l->n - 1);
		break;
	case KEY_HOME:
		l->sel = 0;
		break;
	case KEY_END:
		l->sel = l->n == 0 ? 0 : l->n - 1;
		break;
	default:
		return KEY_UNHANDLED;
	}
	con->dirty |= DIRTY_PANE(id);
	return KEY_HANDLED;
}

