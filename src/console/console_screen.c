/*
 * The screen manager: curses set-up and the attribute table, the windows
 * of the panes of the screen shown (its layout for the terminal's size),
 * the focus among the panes that take it, the status line, and drawing
 * only what is dirty: each pass redraws the dirty panes with wnoutrefresh
 * and calls doupdate once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "console_internal.h"
#include "text.h"

#define MIN_COLS 80
#define MIN_ROWS 24

void
screen_init(struct console *con)
{
	struct screen_mgr *m = &con->scr;

	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	m->colors = has_colors() && getenv("NO_COLOR") == NULL;
	if (m->colors) {
		start_color();
		use_default_colors();
		init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_SELECT, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_UNREAD, COLOR_YELLOW, -1);
		init_pair(PAIR_ERROR, COLOR_WHITE, COLOR_RED);
		init_pair(PAIR_DIM, COLOR_BLUE, -1);
		init_pair(PAIR_BAR, COLOR_BLACK, COLOR_WHITE);
		m->attr[ATTR_FOCUS] = COLOR_PAIR(PAIR_TITLE) | A_BOLD;
		m->attr[ATTR_STATUS] = COLOR_PAIR(PAIR_TITLE);
		m->attr[ATTR_SELECT] = COLOR_PAIR(PAIR_SELECT);
		m->attr[ATTR_MARK] = COLOR_PAIR(PAIR_UNREAD) | A_BOLD;
		m->attr[ATTR_ERROR] = COLOR_PAIR(PAIR_ERROR) | A_BOLD;
		m->attr[ATTR_DIM] = COLOR_PAIR(PAIR_DIM);
		m->attr[ATTR_BAR] = COLOR_PAIR(PAIR_BAR);
		m->attr[ATTR_WARN] = COLOR_PAIR(PAIR_UNREAD);
		m->attr[ATTR_FAINT] = COLOR_PAIR(PAIR_DIM);
	} else {
		m->attr[ATTR_FOCUS] = A_REVERSE;
		m->attr[ATTR_STATUS] = A_REVERSE;
		m->attr[ATTR_SELECT] = A_REVERSE;
		m->attr[ATTR_MARK] = A_BOLD;
		m->attr[ATTR_ERROR] = A_REVERSE;
		m->attr[ATTR_DIM] = A_DIM;
		m->attr[ATTR_BAR] = A_REVERSE;
		m->attr[ATTR_WARN] = A_NORMAL;
		m->attr[ATTR_FAINT] = A_NORMAL;
	}
}

static void
drop_windows(struct screen_mgr *m)
{
	int i;

	for (i = 0; i < PANES_MAX; i++) {
		if (m->win[i] != NULL)
			delwin(m->win[i]);
		m->win[i] = NULL;
	}
}

void
screen_end(struct console *con)
{
	drop_windows(&con->scr);
	if (con->scr.status != NULL)
		delwin(con->scr.status);
	if (con->scr.bar != NULL)
		delwin(con->scr.bar);
	endwin();
}

static WINDOW *
remake(WINDOW *old, int h, int w, int y, int x)
{
	if (old != NULL)
		delwin(old);
	return newwin(h, w, y, x);
}

WINDOW *
screen_win(struct console *con, int i)
{
	return i >= 0 && i < PANES_MAX ? con->scr.win[i] : NULL;
}

void
screen_dirty(struct console *con, int i)
{
	con->scr.dirty |= DIRTY_PANE(i);
}

void
screen_layout(struct console *con)
{
	struct screen_mgr *m = &con->scr;
	const struct screen_def *def = m->cur;
	struct rect r[PANES_MAX];
	int i, body;

	getmaxyx(stdscr, m->rows, m->cols);
	m->too_small = m->rows < MIN_ROWS || m->cols < MIN_COLS;
	m->dirty = DIRTY_ALL;
	m->relayout = 0;
	clearok(curscr, TRUE);
	drop_windows(m);
	if (m->too_small || def == NULL)
		return;
	body = m->rows - 2;
	m->status = remake(m->status, 1, m->cols, 0, 0);
	m->bar = remake(m->bar, 1, m->cols, m->rows - 1, 0);
	memset(r, 0, sizeof r);
	def->layout(con, body, m->cols, r);
	for (i = 0; i < m->npanes; i++) {
		if (r[i].h <= 0 || r[i].w <= 0)
			continue;
		m->win[i] = newwin(r[i].h, r[i].w, 1 + r[i].y, r[i].x);
		if (m->win[i] != NULL)
			keypad(m->win[i], TRUE);
	}
	for (i = 0; i < m->npanes; i++)
		if (m->win[i] != NULL && def->panes[i]->resize != NULL)
			def->panes[i]->resize(con, m->win[i]);
}

int
pane_always(struct console *con)
{
	(void)con;
	return 1;
}

static int
takes_focus(struct console *con, int i)
{
	const struct pane_ops *p = con->scr.cur->panes[i];

	return p->can_focus != NULL && p->can_focus(con);
}

void
screen_focus_step(struct console *con, int dir)
{
	struct screen_mgr *m = &con->scr;
	int i, f = m->focus;

	for (i = 0; i < m->npanes; i++) {
		f = (f + m->npanes + dir) % m->npanes;
		if (takes_focus(con, f))
			break;
	}
	if (f == m->focus)
		return;
	screen_dirty(con, m->focus);
	screen_dirty(con, f);
	m->focus = f;
	m->dirty |= DIRTY_BAR;
	if (m->cur->focus_changed != NULL)
		m->cur->focus_changed(con);
}

size_t
screen_fit(const char *s, int width)
{
	size_t len = strlen(s), pos = 0, next;
	int used = 0, w;
	uint32_t cp;

	while (pos < len) {
		next = text_next_char(s, len, pos);
		if (text_utf8_decode(s + pos, next - pos, &cp) < 0)
			w = 1;
		else
			w = text_cp_width(cp);
		if (used + w > width)
			break;
		used += w;
		pos = next;
	}
	return pos;
}

int
screen_put(WINDOW *w, int y, int x, const char *s, int width)
{
	size_t n;

	if (width <= 0)
		return 0;
	n = screen_fit(s, width);
	mvwaddnstr(w, y, x, s, (int)n);
	return (int)text_width(s, n);
}

struct put_rows {
	WINDOW *w;
	int y, x, rows, used;
};

static void
put_row(void *arg, int indent, const char *row, size_t len)
{
	struct put_rows *p = arg;

	if (p->used < p->rows)
		mvwaddnstr(p->w, p->y + p->used, p->x + indent, row, (int)len);
	p->used++;
}

int
screen_put_wrapped(WINDOW *w, int y, int x, const char *s, int width, int rows)
{
	struct put_rows p = { w, y, x, rows, 0 };

	if (width <= 0 || rows <= 0)
		return 0;
	text_wrap_rows(s, strlen(s), width, 0, put_row, &p);
	return p.used < rows ? p.used : rows;
}

void
screen_age(int64_t seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds >= 3600)
		snprintf(buf, size, "%dh%02dm", (int)(seconds / 3600), (int)(seconds / 60 % 60));
	else
		snprintf(buf, size, "%dm%02ds", (int)(seconds / 60), (int)(seconds % 60));
}

void
screen_age_short(int64_t seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds < 60)
		snprintf(buf, size, "%ds", (int)seconds);
	else if (seconds < 3600)
		snprintf(buf, size, "%dm", (int)(seconds / 60));
	else
		snprintf(buf, size, "%dh%02d", (int)(seconds / 3600), (int)(seconds / 60 % 60));
}

void
screen_hhmm(struct console *con, int64_t t, char *buf, size_t size)
{
	calendar_format_time(con->tz, t, CLOCK_HHMM, buf, size);
}

void
screen_frame(struct console *con, WINDOW *w, const char *title, int focused)
{
	int attr = focused ? con->scr.attr[ATTR_FOCUS] : (int)A_BOLD;
	int wd = getmaxx(w);

	werase(w);
	if (focused)
		wattron(w, A_BOLD);
	box(w, 0, 0);
	if (focused)
		wattroff(w, A_BOLD);
	wattron(w, attr);
	mvwaddch(w, 0, 1, ' ');
	screen_put(w, 0, 2, title, wd - 5);
	waddch(w, ' ');
	wattroff(w, attr);
}
static void
draw_status(struct console *con)
{
	WINDOW *w = con->scr.status;
	char left[256], right[96], clock[8];
	const char *service, *state;
	time_t now = clock_now();
	int x, rw, i;

	switch (calendar_service_state(&con->hours, now)) {
	case SERVICE_OPEN:
		service = "servizio aperto";
		break;
	case SERVICE_DRAINING:
		service = "servizio in chiusura";
		break;
	default:
		service = "servizio chiuso";
		break;
	}
	if (con->me.role == ROLE_OFFICE)
		state = "sede";
	else if (con->readonly)
		state = "supervisione";
	else
		state = advisor_state_label(con->desk.state);
	screen_hhmm(con, now, clock, sizeof clock);
	if (con->me.role == ROLE_OFFICE)
		snprintf(right, sizeof right, "%s ", clock);
	else
		snprintf(right, sizeof right, "coda: lav. %d  az. %d  %s ", con->desk.queued_workers,
		    con->desk.queued_companies, clock);
	/*
	 * The queue counts and the clock always show; the left part gives way
	 * first: the service's name, then the service state's words.
	 */
	rw = (int)text_width(right, strlen(right));
	for (i = 0; i < 4; i++) {
		if (i == 0)
			snprintf(left, sizeof left, " INFO CIG  %s (%s)  %s", con->me.full_name,
			    state, service);
		else if (i == 1)
			snprintf(left, sizeof left, " %s (%s)  %s", con->me.full_name, state,
			    service);
		else if (i == 2)
			snprintf(left, sizeof left, " %s (%s)  %s", con->me.full_name, state,
			    service + strlen("servizio "));
		else
			snprintf(left, sizeof left, " %s (%s)", con->me.full_name, state);
		if ((int)text_width(left, strlen(left)) + rw + 1 <= con->scr.cols)
			break;
	}
	werase(w);
	wbkgd(w, con->scr.attr[ATTR_STATUS]);
	x = screen_put(w, 0, 0, left, con->scr.cols - rw - 1);
	if (rw < con->scr.cols - x)
		screen_put(w, 0, con->scr.cols - rw, right, rw);
	wnoutrefresh(w);
}

/* The bottom line: the keys of what has the focus, or for a few seconds the latest notice. */
static void
draw_bar(struct console *con)
{
	WINDOW *w = con->scr.bar;
	int attr;

	if (con->notice.text[0] == '\0' || con->notice.until == 0) {
		keys_draw_bar(con, w);
		return;
	}
	attr = con->notice.error ? con->scr.attr[ATTR_ERROR] : (int)A_BOLD;
	werase(w);
	wattron(w, attr);
	mvwhline(w, 0, 0, ' ', con->scr.cols);
	screen_put(w, 0, 1, con->notice.text, con->scr.cols - 2);
	wattroff(w, attr);
}

static void
draw_too_small(struct console *con)
{
	char msg[128];

	erase();
	snprintf(msg, sizeof msg, "Terminale troppo piccolo: servono almeno %dx%d (ora %dx%d).",
	    MIN_COLS, MIN_ROWS, con->scr.cols, con->scr.rows);
	mvaddnstr(con->scr.rows / 2, 0, msg, con->scr.cols);
	mvaddnstr(con->scr.rows / 2 + 1, 0, "Ingrandisca la finestra, oppure q per uscire.",
	    con->scr.cols);
	wnoutrefresh(stdscr);
	doupdate();
}

void
screen_draw(struct console *con)
{
	struct screen_mgr *m = &con->scr;
	const struct pane_ops *p;
	int i, cursor = 0;

	if (m->relayout)
		screen_layout(con);
	if (m->dirty == 0)
		return;
	if (m->too_small) {
		draw_too_small(con);
		m->dirty = 0;
		return;
	}
	if (m->dirty == DIRTY_ALL) {
		/* After a resize or a dialog: the whole screen again. */
		werase(stdscr);
		wnoutrefresh(stdscr);
	}
	if (m->dirty & DIRTY_STATUS)
		draw_status(con);
	/* Each pane erases what it draws over (screen_frame does). */
	for (i = 0; i < m->npanes; i++) {
		if (!(m->dirty & DIRTY_PANE(i)) || m->win[i] == NULL)
			continue;
		p = m->cur->panes[i];
		p->draw(con, m->win[i], m->focus == i);
		wnoutrefresh(m->win[i]);
	}
	if (m->dirty & DIRTY_BAR) {
		draw_bar(con);
		wnoutrefresh(m->bar);
	}
	/* The cursor shows where letters typed go: the focused pane's input line. */
	p = m->cur->panes[m->focus];
	if (p->typing != NULL && p->typing(con) && m->win[m->focus] != NULL) {
		cursor = 1;
		wnoutrefresh(m->win[m->focus]);
	}
	curs_set(cursor);
	doupdate();
	m->dirty = 0;
}
