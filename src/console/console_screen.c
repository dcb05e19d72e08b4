/*
 * The screen: curses set-up, the layout of the panes for the terminal's
 * size, the status line, and drawing only what is dirty.
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

extern const struct pane_ops pane_queue_ops, pane_mine_ops, pane_conv_ops, pane_case_ops;

const struct pane_ops *const screen_panes[PANE_COUNT] = {
	[PANE_QUEUE] = &pane_queue_ops,
	[PANE_MINE] = &pane_mine_ops,
	[PANE_CONV] = &pane_conv_ops,
	[PANE_CASE] = &pane_case_ops,
};

void
screen_init(struct console *con)
{
	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	con->colors = has_colors() && getenv("NO_COLOR") == NULL;
	if (con->colors) {
		start_color();
		use_default_colors();
		init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_SELECT, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_UNREAD, COLOR_YELLOW, -1);
		init_pair(PAIR_ERROR, COLOR_WHITE, COLOR_RED);
		init_pair(PAIR_DIM, COLOR_BLUE, -1);
		init_pair(PAIR_BAR, COLOR_BLACK, COLOR_WHITE);
	}
	screen_layout(con);
}

void
screen_end(struct console *con)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		if (con->win[i] != NULL)
			delwin(con->win[i]);
	if (con->status != NULL)
		delwin(con->status);
	if (con->bar != NULL)
		delwin(con->bar);
	if (con->body != NULL)
		delwin(con->body);
	endwin();
}

static WINDOW *
remake(WINDOW *old, int h, int w, int y, int x)
{
	if (old != NULL)
		delwin(old);
	return newwin(h, w, y, x);
}

void
screen_layout(struct console *con)
{
	int body, left, right, top, convw;

	getmaxyx(stdscr, con->rows, con->cols);
	con->too_small = con->rows < MIN_ROWS || con->cols < MIN_COLS;
	con->dirty = DIRTY_ALL;
	clearok(curscr, TRUE);
	if (con->too_small)
		return;
	body = con->rows - 2;
	left = con->cols >= 120 ? 36 : 28;
	right = con->cols - left;
	top = body / 2;
	con->status = remake(con->status, 1, con->cols, 0, 0);
	con->bar = remake(con->bar, 1, con->cols, con->rows - 1, 0);
	con->win[PANE_QUEUE] = remake(con->win[PANE_QUEUE], top, left, 1, 0);
	con->win[PANE_MINE] = remake(con->win[PANE_MINE], body - top, left, 1 + top, 0);
	if (con->cols >= 150) {
		/* Wide: conversation and case side by side, both full height. */
		convw = right / 2;
		con->win[PANE_CONV] = remake(con->win[PANE_CONV], body, convw, 1, left);
		con->win[PANE_CASE] = remake(con->win[PANE_CASE], body, right - convw, 1,
		    left + convw);
	} else {
		top = body * 11 / 20;
		con->win[PANE_CONV] = remake(con->win[PANE_CONV], top, right, 1, left);
		con->win[PANE_CASE] = remake(con->win[PANE_CASE], body - top, right, 1 + top,
		    left);
	}
	con->body = remake(con->body, body, con->cols, 1, 0);
	for (int i = 0; i < PANE_COUNT; i++)
		keypad(con->win[i], TRUE);
	case_render(con);
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

int
screen_put_wrapped(WINDOW *w, int y, int x, const char *s, int width, int rows)
{
	size_t len = strlen(s), nb, k, *breaks, start, end;
	int used = 0;

	if (width <= 0 || rows <= 0)
		return 0;
	nb = text_wrap(s, width, NULL, 0);
	breaks = xreallocarray(NULL, nb + 1, sizeof *breaks);
	text_wrap(s, width, breaks, nb);
	for (k = 0; k <= nb && used < rows; k++, used++) {
		start = k == 0 ? 0 : breaks[k - 1];
		end = k == nb ? len : breaks[k];
		while (end > start && s[end - 1] == ' ')
			end--;
		mvwaddnstr(w, y + used, x, s + start, (int)(end - start));
	}
	free(breaks);
	return used;
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
	int32_t day;
	int minute;

	calendar_local(con->tz, (time_t)t, &day, &minute);
	snprintf(buf, size, "%02d:%02d", (minute / 60) % 24, minute % 60);
}

void
screen_frame(struct console *con, WINDOW *w, const char *title, int focused)
{
	int attr = focused ? (con->colors ? COLOR_PAIR(PAIR_TITLE) | A_BOLD : A_REVERSE) : A_BOLD;
	int h, wd;

	getmaxyx(w, h, wd);
	(void)h;
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
	WINDOW *w = con->status;
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
		state = advisor_state_label(con->state);
	screen_hhmm(con, now, clock, sizeof clock);
	if (con->me.role == ROLE_OFFICE)
		snprintf(right, sizeof right, "%s ", clock);
	else
		snprintf(right, sizeof right, "coda: lav. %d  az. %d  %s ", con->queued_workers,
		    con->queued_companies, clock);
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
		if ((int)text_width(left, strlen(left)) + rw + 1 <= con->cols)
			break;
	}
	werase(w);
	wbkgd(w, con->colors ? COLOR_PAIR(PAIR_TITLE) : A_REVERSE);
	x = screen_put(w, 0, 0, left, con->cols - rw - 1);
	if (rw < con->cols - x)
		screen_put(w, 0, con->cols - rw, right, rw);
	wnoutrefresh(w);
}

/* The bottom line: the function keys, or for a few seconds the latest notice. */
static void
draw_bar(struct console *con)
{
	WINDOW *w = con->bar;
	int attr;

	if (con->notice[0] == '\0' || con->notice_until == 0) {
		if (con->view != NULL && con->view->bar != NULL) {
			werase(w);
			con->view->bar(con, w);
		} else {
			keys_draw_bar(con, w);
		}
		return;
	}
	attr = con->notice_error ? (con->colors ? COLOR_PAIR(PAIR_ERROR) | A_BOLD : A_REVERSE) :
	    A_BOLD;
	werase(w);
	wattron(w, attr);
	mvwhline(w, 0, 0, ' ', con->cols);
	screen_put(w, 0, 1, con->notice, con->cols - 2);
	wattroff(w, attr);
}

static void
draw_too_small(struct console *con)
{
	char msg[128];

	erase();
	snprintf(msg, sizeof msg, "Terminale troppo piccolo: servono almeno %dx%d (ora %dx%d).",
	    MIN_COLS, MIN_ROWS, con->cols, con->rows);
	mvaddnstr(con->rows / 2, 0, msg, con->cols);
	mvaddnstr(con->rows / 2 + 1, 0, "Ingrandisca la finestra, oppure q per uscire.",
	    con->cols);
	wnoutrefresh(stdscr);
	doupdate();
}

void
screen_draw(struct console *con)
{
	int i;

	if (con->dirty == 0)
		return;
	if (con->too_small) {
		draw_too_small(con);
		con->dirty = 0;
		return;
	}
	if (con->dirty == DIRTY_ALL) {
		/* After a resize or a dialog: the whole screen again. */
		werase(stdscr);
		wnoutrefresh(stdscr);
	}
	if (con->dirty & DIRTY_STATUS)
		draw_status(con);
	if (con->view != NULL) {
		if (con->dirty & DIRTY_BODY) {
			werase(con->body);
			con->view->draw(con, con->body);
			wnoutrefresh(con->body);
		}
		if (con->dirty & DIRTY_BAR) {
			draw_bar(con);
			wnoutrefresh(con->bar);
		}
		curs_set(0);
		doupdate();
		con->dirty = 0;
		return;
	}
	for (i = 0; i < PANE_COUNT; i++) {
		if (!(con->dirty & DIRTY_PANE(i)))
			continue;
		screen_panes[i]->draw(con, con->win[i], con->focus == i);
		wnoutrefresh(con->win[i]);
	}
	if (con->dirty & DIRTY_BAR) {
		draw_bar(con);
		wnoutrefresh(con->bar);
	}
	/* The cursor sits in the input line when the conversation has the focus. */
	if (con->focus == PANE_CONV && con->conv.chat_id != 0 && !con->readonly) {
		curs_set(1);
		wnoutrefresh(con->win[PANE_CONV]);
	} else {
		curs_set(0);
	}
	doupdate();
	con->dirty = 0;
}
