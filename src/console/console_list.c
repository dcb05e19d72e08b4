/*
 * The one list widget: a selection that the view follows, moved the same
 * way in every list of every screen (up/down a row, PgUp/PgDn a page,
 * Home/End to the ends); and the chat lists of the desk drawn with it.
 */
#include <stdio.h>
#include <string.h>

#include "console_internal.h"
#include "text.h"

void
list_view_fit(struct list_view *l, size_t n, int rows)
{
	l->n = n;
	l->rows = rows > 0 ? rows : 0;
	if (n == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= n)
		l->sel = n - 1;
	if (l->rows == 0) {
		l->top = l->sel;
		return;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)l->rows)
		l->top = l->sel - (size_t)l->rows + 1;
	/* No blank rows at the end while there are rows above. */
	if (n >= (size_t)l->rows && l->top > n - (size_t)l->rows)
		l->top = n - (size_t)l->rows;
}

int
list_view_key(struct list_view *l, int key)
{
	size_t page = l->rows > 1 ? (size_t)l->rows : 1, before = l->sel;

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
	case KEY_SR:
	case KEY_SPREVIOUS:
		l->sel = l->sel > page ? l->sel - page : 0;
		break;
	case KEY_NPAGE:
	case KEY_SF:
	case KEY_SNEXT:
		l->sel = l->n == 0 ? 0 : l->sel + page < l->n ? l->sel + page : l->n - 1;
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
	list_view_fit(l, l->n, l->rows);
	return KEY_HANDLED | (l->sel != before ? KEY_REDRAW : 0);
}

void
list_view_title(const struct list_view *l, const char *what, char *buf, size_t size)
{
	size_t last = l->top + (size_t)l->rows;

	if (l->rows > 0 && l->n > (size_t)l->rows)
		snprintf(buf, size, "%s %zu-%zu di %zu", what, l->top + 1,
		    last < l->n ? last : l->n, l->n);
	else
		snprintf(buf, size, "%s (%zu)", what, l->n);
}

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
	list_view_fit(&l->v, l->v.n, h - 2);
	if (l->v.n == 0) {
		wattron(w, A_DIM);
		screen_put(w, 1, 2, empty, wd - 3);
		wattroff(w, A_DIM);
		return;
	}
	for (i = l->v.top, y = 1; i < l->v.n && y < h - 1; i++, y++) {
		mark = 0;
		format(con, &l->rows[i], line, sizeof line, &mark);
		attr = 0;
		if (i == l->v.sel)
			attr = focused ? con->scr.attr[ATTR_SELECT] : (int)A_BOLD;
		else if (mark)
			attr = con->scr.attr[ATTR_MARK];
		wattron(w, attr);
		mvwhline(w, y, 1, ' ', wd - 2);
		list_put(w, y, line, wd - 2);
		wattroff(w, attr);
	}
	if (l->v.top > 0)
		mvwaddstr(w, 0, wd - 3, "^");
	if (i < l->v.n)
		mvwaddstr(w, h - 1, wd - 3, "v");
}
