/*
 * Modal dialogs (menus, one-line prompts, text, yes/no) drawn over the
 * panes.  While one is open the console keeps polling the database and the
 * panes under it keep updating; a resize re-centres it.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "text.h"

#define ESC 27

struct dialog {
	const char *title;
	int want_h, want_w;
	void (*draw)(struct console *con, struct dialog *d, WINDOW *w, int h, int wd);
	void *arg;
	WINDOW *w;
	const char *const *bar;		/* its keys for the key bar */
	const char *const *bar_before;	/* the bar's keys to give back */
};

static const char *const menu_bar[] = { "Invio", "Sceglie", "su/giù", "Muove",
	"Esc", "Annulla", NULL };
static const char *const prompt_bar[] = { "Invio", "Conferma", "Esc", "Annulla", NULL };
static const char *const text_bar[] = { "su/giù", "Scorre", "Tasto", "Chiude", NULL };

static void
dialog_place(struct console *con, struct dialog *d)
{
	int h = d->want_h < con->scr.rows - 2 ? d->want_h : con->scr.rows - 2;
	int wd = d->want_w < con->scr.cols - 4 ? d->want_w : con->scr.cols - 4;

	if (h < 3)
		h = 3;
	if (wd < 20)
		wd = 20;
	if (d->w != NULL)
		delwin(d->w);
	d->w = newwin(h, wd, (con->scr.rows - h) / 2, (con->scr.cols - wd) / 2);
	keypad(d->w, TRUE);
}

static void
dialog_show(struct console *con, struct dialog *d)
{
	int h, wd;

	if (con->scr.dirty != 0) {
		con->scr.dirty |= DIRTY_ALL;
		console_draw(con);
	}
	getmaxyx(d->w, h, wd);
	werase(d->w);
	wattron(d->w, A_BOLD);
	box(d->w, 0, 0);
	mvwaddch(d->w, 0, 1, ' ');
	screen_put(d->w, 0, 2, d->title, wd - 5);
	waddch(d->w, ' ');
	wattroff(d->w, A_BOLD);
	d->draw(con, d, d->w, h, wd);
	wnoutrefresh(d->w);
	doupdate();
}

/*
 * The next key for dialog d, keeping the console alive meanwhile.  A
 * character beyond ASCII comes back as 0 with its UTF-8 in utf8.
 */
static int
dialog_key(struct console *con, struct dialog *d, char utf8[8])
{
	wint_t wch;
	int r, n;

	utf8[0] = '\0';
	if (d->w == NULL) {
		/* While the dialog has the focus, the key bar shows its keys. */
		d->bar_before = con->scr.bar_keys;
		con->scr.bar_keys = d->bar;
		con->scr.dirty |= DIRTY_BAR;
		dialog_place(con, d);
	}
	dialog_show(con, d);
	for (;;) {
		wtimeout(d->w, 250);
		r = wget_wch(d->w, &wch);
		if (r == ERR) {
			console_idle(con);
			if (con->scr.dirty != 0)
				dialog_show(con, d);
			continue;
		}
		if (r == KEY_CODE_YES && wch == KEY_RESIZE) {
			screen_layout(con);
			if (con->scr.too_small)
				return ESC;
			dialog_place(con, d);
			dialog_show(con, d);
			continue;
		}
		if (r == OK && wch >= 0x80) {
			n = text_utf8_encode((uint32_t)wch, utf8);
			utf8[n > 0 ? n : 0] = '\0';
			return 0;
		}
		return (int)wch;
	}
}

static void
dialog_done(struct console *con, struct dialog *d)
{
	if (d->w != NULL) {
		delwin(d->w);
		con->scr.bar_keys = d->bar_before;
	}
	d->w = NULL;
	con->scr.dirty = DIRTY_ALL;
}

struct menu {
	const char *const *items;
	struct list_view v;
};

static void
menu_draw(struct console *con, struct dialog *d, WINDOW *w, int h, int wd)
{
	struct menu *m = d->arg;
	size_t i;
	int y, rows = h - 3;

	list_view_fit(&m->v, m->v.n, rows);
	for (i = m->v.top, y = 1; i < m->v.n && y <= rows; i++, y++) {
		if (i == m->v.sel)
			wattron(w, con->scr.attr[ATTR_SELECT]);
		mvwhline(w, y, 1, ' ', wd - 2);
		screen_put(w, y, 2, m->items[i], wd - 4);
		if (i == m->v.sel)
			wattroff(w, con->scr.attr[ATTR_SELECT]);
	}
	wattron(w, A_DIM);
	screen_put(w, h - 2, 2, "Invio sceglie, Esc annulla", wd - 4);
	wattroff(w, A_DIM);
}

int
dialog_menu(struct console *con, const char *title, const char *const *items, size_t n,
    size_t initial)
{
	struct menu m = { items, { n, initial < n ? initial : 0, 0, 0 } };
	struct dialog d = { title, (int)n + 3, 60, menu_draw, &m, NULL, menu_bar, NULL };
	char utf8[8];
	int key, result = -1;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++)
		if ((int)text_width(items[i], strlen(items[i])) + 6 > d.want_w)
			d.want_w = (int)text_width(items[i], strlen(items[i])) + 6;
	for (;;) {
		key = dialog_key(con, &d, utf8);
		if (list_view_key(&m.v, key) != KEY_UNHANDLED) {
			continue;	/* the same moves as every list */
		} else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
			result = (int)m.v.sel;
			break;
		} else if (key == ESC || key == KEY_F(10) || key == 'q') {
			break;
		} else if (key >= '1' && key <= '9' && (size_t)(key - '1') < n) {
			result = key - '1';
			break;
		}
	}
	dialog_done(con, &d);
	return result;
}

struct prompt {
	const char *label;
	const char *error;	/* shown under the input, NULL when none */
	struct input in;
};

static void
prompt_draw(struct console *con, struct dialog *d, WINDOW *w, int h, int wd)
{
	struct prompt *p = d->arg;

	screen_put(w, 1, 2, p->label, wd - 4);
	if (p->error != NULL) {
		wattron(w, con->scr.attr[ATTR_ERROR]);
		screen_put(w, h - 2, 2, p->error, wd - 4);
		wattroff(w, con->scr.attr[ATTR_ERROR]);
	} else {
		wattron(w, A_DIM);
		screen_put(w, h - 2, 2, "Invio conferma, Esc annulla", wd - 4);
		wattroff(w, A_DIM);
	}
	curs_set(1);
	input_draw(&p->in, w, 2, 1, wd - 3, 1);
}

/*
 * The prompt's loop.  With required, Enter on a blank line keeps the dialog
 * open with the error under the input: a required field never cancels the
 * action it belongs to; only Esc does.
 */
static int
prompt_run(struct console *con, const char *title, const char *label, char *buf,
    size_t size, const char *required)
{
	struct prompt p;
	struct dialog d = { title, 5, 70, prompt_draw, &p, NULL, prompt_bar, NULL };
	char utf8[8];
	int key, result = -1;

	memset(&p, 0, sizeof p);
	p.label = label;
	input_set(&p.in, buf);
	for (;;) {
		key = dialog_key(con, &d, utf8);
		if (key != 0 || utf8[0] != '\0')
			p.error = NULL;
		if (utf8[0] != '\0') {
			input_insert(&p.in, utf8);
		} else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
			if (required != NULL && p.in.buf[strspn(p.in.buf, " ")] == '\0') {
				p.error = required;
				continue;
			}
			str_lcpy(buf, p.in.buf, size);
			result = 0;
			break;
		} else if (key == ESC || key == KEY_F(10)) {
			break;
		} else {
			input_key(&p.in, key);
		}
	}
	input_free(&p.in);
	curs_set(0);
	dialog_done(con, &d);
	return result;
}

int
dialog_prompt(struct console *con, const char *title, const char *label, char *buf,
    size_t size)
{
	return prompt_run(con, title, label, buf, size, NULL);
}

int
dialog_prompt_required(struct console *con, const char *title, const char *label, char *buf,
    size_t size, const char *error)
{
	return prompt_run(con, title, label, buf, size, error);
}

struct text {
	const char *const *lines;
	size_t n, top;
	size_t rows;		/* screen rows of the text at the last width drawn */
};

/*
 * Calls fn for each screen row of line s wrapped at width: continuation
 * rows are indented past the line's own indent, so a wrapped help entry
 * reads as one.  Returns the rows.
 */
static size_t
text_rows(const char *s, int width, void (*fn)(void *, int, const char *, size_t), void *arg)
{
	size_t len = strlen(s), k;
	int indent = (int)strspn(s, " ") + 2;

	/* A "key  label  description" entry: continuation under the description. */
	for (k = (size_t)indent; k + 2 < len && k < 24; k++)
		if (s[k] == ' ' && s[k + 1] == ' ' && s[k + 2] != ' ')
			indent = (int)k + 2;
	if (width < 12)
		indent = 0;
	return text_wrap_rows(s, len, width, indent, fn, arg);
}

struct text_paint {
	WINDOW *w;
	int y, first, last, row, width;
};

static void
text_paint_row(void *arg, int indent, const char *s, size_t n)
{
	struct text_paint *tp = arg;
	size_t fit;

	if (tp->row >= tp->first && tp->y <= tp->last) {
		while (n > 0 && s[n - 1] == ' ')
			n--;
		fit = screen_fit(s, tp->width - indent);
		mvwaddnstr(tp->w, tp->y, 2 + indent, s, (int)(fit < n ? fit : n));
		tp->y++;
	}
	tp->row++;
}

static void
text_draw(struct console *con, struct dialog *d, WINDOW *w, int h, int wd)
{
	struct text *t = d->arg;
	struct text_paint tp = { w, 1, 0, h - 3, 0, wd - 4 };
	size_t i;

	(void)con;
	t->rows = 0;
	for (i = 0; i < t->n; i++)
		t->rows += text_rows(t->lines[i], wd - 4, NULL, NULL);
	if (t->rows <= (size_t)(h - 3))
		t->top = 0;
	else if (t->top > t->rows - (size_t)(h - 3))
		t->top = t->rows - (size_t)(h - 3);
	tp.first = (int)t->top;
	for (i = 0; i < t->n && tp.y <= tp.last; i++)
		text_rows(t->lines[i], wd - 4, text_paint_row, &tp);
	wattron(w, A_DIM);
	screen_put(w, h - 2, 2, t->top + (size_t)(h - 3) < t->rows ?
	    "su/giù scorrono, un altro tasto chiude" : "un tasto qualsiasi chiude", wd - 4);
	wattroff(w, A_DIM);
}

void
dialog_text(struct console *con, const char *title, const char *const *lines, size_t n)
{
	struct text t = { lines, n, 0, 0 };
	struct dialog d = { title, (int)n + 3, 100, text_draw, &t, NULL, text_bar, NULL };
	char utf8[8];
	int key;
	size_t i;

	/* Rows once wrapped at the widest box, so a long line does not hide the last. */
	d.want_h = 3;
	for (i = 0; i < n; i++)
		d.want_h += (int)text_rows(lines[i], d.want_w - 4, NULL, NULL);
	for (;;) {
		key = dialog_key(con, &d, utf8);
		if (key == KEY_DOWN || key == KEY_NPAGE) {
			if (t.top + 1 < t.rows)
				t.top++;
		} else if (key == KEY_UP || key == KEY_PPAGE) {
			if (t.top > 0)
				t.top--;
		} else {
			break;
		}
	}
	dialog_done(con, &d);
}

int
dialog_confirm(struct console *con, const char *question)
{
	const char *const items[] = { "No", "Sì" };

	return dialog_menu(con, question, items, 2, 0) == 1;
}
