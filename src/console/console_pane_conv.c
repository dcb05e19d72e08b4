/*
 * The conversation pane: the open chat's lines with their times, scrolled
 * back with PgUp/PgDn, and the input line under them.  Lines are wrapped at
 * the pane's width; the newest is at the bottom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "text.h"

/* The line as shown, "[15:02] Mario Rossi: ..." (caller frees). */
static char *
format_line(struct console *con, const struct convo_line *l)
{
	const struct convo *cv = &con->desk.conv;
	char hhmm[8];
	const char *who;

	screen_hhmm(con, l->at, hhmm, sizeof hhmm);
	if (strcmp(l->sender, "note") == 0)
		return xasprintf("[%s] ~ %s", hhmm, l->text);
	if (strcmp(l->sender, "user") == 0) {
		who = cv->row.person;
	} else if (strcmp(l->sender, "advisor") == 0) {
		/* After a transfer two advisors wrote here: each line names its writer. */
		if ((who = desk_writer_name(con, l->account_id)) == NULL)
			who = "Operatore";
	} else {
		return xasprintf("[%s] * %s", hhmm, l->text);
	}
	return xasprintf("[%s] %s: %s", hhmm, who, l->text);
}

/* The rows of a wrapped text: where each starts and how long it is. */
struct rows {
	const char **row;
	size_t *len;
	size_t n, cap;
};

static void
row_add(void *arg, int indent, const char *row, size_t len)
{
	struct rows *r = arg;

	(void)indent;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->row = xreallocarray(r->row, r->cap, sizeof *r->row);
		r->len = xreallocarray(r->len, r->cap, sizeof *r->len);
	}
	r->row[r->n] = row;
	r->len[r->n++] = len;
}

/* Row k of r at (y, 1), cut to width columns. */
static void
put_row(WINDOW *w, int y, const struct rows *r, size_t k, int width)
{
	size_t fit = screen_fit(r->row[k], width);

	mvwaddnstr(w, y, 1, r->row[k], (int)(fit < r->len[k] ? fit : r->len[k]));
}

static void
draw_lines(struct console *con, WINDOW *w, int top, int bottom, int width)
{
	struct convo *cv = &con->desk.conv;
	struct rows r = { NULL, NULL, 0, 0 };
	size_t i, k;
	int y = bottom, skip = cv->scroll, attr;
	char *s;

	for (i = cv->n; i-- > 0 && y >= top;) {
		s = format_line(con, &cv->lines[i]);
		r.n = 0;
		text_wrap_rows(s, strlen(s), width, 0, row_add, &r);
		attr = 0;
		if (strcmp(cv->lines[i].sender, "user") == 0)
			attr = A_BOLD;
		else if (strcmp(cv->lines[i].sender, "advisor") != 0)
			attr = con->scr.attr[ATTR_DIM];
		wattron(w, attr);
		for (k = r.n; k-- > 0 && y >= top;) {
			if (skip > 0) {
				skip--;
				continue;
			}
			put_row(w, y, &r, k, width);
			y--;
		}
		wattroff(w, attr);
		free(s);
	}
	free(r.row);
	free(r.len);
	/* Nothing above: scrolling further back would show blank lines. */
	if (i == (size_t)-1 && y >= top && cv->scroll > 0)
		cv->scroll -= y - top + 1 < cv->scroll ? y - top + 1 : cv->scroll;
}

/*
 * A reply longer than the input line is shown whole above it (the input
 * shows only the part around the cursor), so the advisor reads every word
 * before Enter.  Draws up to bottom; returns the rows used, separator
 * included (0 when the reply fits the line).
 */
static int
draw_preview(struct console *con, WINDOW *w, int bottom, int width)
{
	const struct input *in = &con->desk.in;
	struct rows r = { NULL, NULL, 0, 0 };
	size_t k;
	int rows, max = (bottom - 1) / 2, y;

	if (in->len == 0 || (int)text_width(in->buf, in->len) + 2 <= width || max < 2)
		return 0;
	text_wrap_rows(in->buf, in->len, width, 0, row_add, &r);
	rows = (int)r.n < max ? (int)r.n : max;
	y = bottom - rows + 1;
	wattron(w, A_DIM);
	mvwhline(w, y - 1, 1, ACS_HLINE, width);
	mvwaddstr(w, y - 1, 2, " Risposta intera prima dell'invio ");
	wattroff(w, A_DIM);
	wattron(w, A_BOLD);
	for (k = 0; k < r.n && y <= bottom; k++, y++) {
		mvwhline(w, y, 1, ' ', width);
		if (y == bottom && k + 1 < r.n) {
			screen_put(w, y, 1, "...", width);	/* longer than half the pane */
			break;
		}
		put_row(w, y, &r, k, width);
	}
	wattroff(w, A_BOLD);
	free(r.row);
	free(r.len);
	return rows + 1;
}

static void
conv_draw(struct console *con, WINDOW *w, int focused)
{
	struct convo *cv = &con->desk.conv;
	char title[256], hhmm[8];
	int h, wd, preview;

	getmaxyx(w, h, wd);
	if (cv->chat_id == 0) {
		screen_frame(con, w, "Conversazione", focused);
		wattron(w, A_DIM);
		screen_put_wrapped(w, 1, 2, con->readonly ? "Scelga una chat in corso da seguire." :
		    "Nessuna chat aperta: F2 prende la prossima dalla coda.", wd - 4, h - 2);
		wattroff(w, A_DIM);
		return;
	}
	screen_hhmm(con, cv->row.chat.queued_at, hhmm, sizeof hhmm);
	snprintf(title, sizeof title, "%s%s%s - %s%s", cv->row.person,
	    cv->row.company[0] ? " per " : "", cv->row.company,
	    chat_channel_name(cv->row.chat.channel),
	    cv->row.chat.state == CHAT_DISCONNECTED ? " - CONNESSIONE PERSA" :
	    cv->row.chat.state == CHAT_CLOSED ? " - LA PERSONA HA CHIUSO" : "");
	screen_frame(con, w, title, focused);
	preview = con->readonly ? 0 : draw_preview(con, w, h - 4, wd - 2);
	draw_lines(con, w, 1, h - 4 - preview, wd - 2);
	if (cv->scroll > 0) {
		snprintf(title, sizeof title, " %d righe sotto ", cv->scroll);
		mvwaddstr(w, h - 3, wd - (int)strlen(title) - 2, title);
	}
	mvwhline(w, h - 3, 1, ACS_HLINE, wd - 2 - (cv->scroll > 0 ? (int)strlen(title) + 1 : 0));
	if (cv->person_typing && cv->row.chat.state == CHAT_ACTIVE) {
		snprintf(title, sizeof title, " %s sta scrivendo... ", cv->row.person);
		wattron(w, A_BOLD);
		screen_put(w, h - 3, 2, title, wd - 4 - (cv->scroll > 0 ? 20 : 0));
		wattroff(w, A_BOLD);
	}
	if (con->readonly) {
		screen_put(w, h - 2, 1, "(sola lettura)", wd - 2);
	} else if (cv->row.chat.state != CHAT_ACTIVE && con->desk.in.len == 0) {
		/* The person is gone: the conversation stays readable until closed. */
		wattron(w, A_BOLD);
		screen_put(w, h - 2, 1, cv->row.chat.state == CHAT_CLOSED ?
		    "La persona è uscita: F6 chiude con un esito." :
		    "Connessione persa: F6 chiude con un esito.",
		    wd - 2);
		wattroff(w, A_BOLD);
	} else {
		input_draw(&con->desk.in, w, h - 2, 1, wd - 2, focused);
	}
}

static int
conv_key(struct console *con, int key)
{
	struct convo *cv = &con->desk.conv;
	int page = getmaxy(screen_win(con, PANE_CONV)) - 5;

	switch (key) {
	case KEY_PPAGE:
		cv->scroll += page > 1 ? page : 1;
		break;
	case KEY_NPAGE:
		cv->scroll = cv->scroll > page ? cv->scroll - page : 0;
		break;
	case 27:	/* Esc: back to the lists */
		con->scr.focus = PANE_MINE;
		con->scr.dirty = DIRTY_ALL;
		return KEY_HANDLED;
	default:
		if (con->readonly || cv->chat_id == 0 || !input_key(&con->desk.in, key))
			return KEY_UNHANDLED;
		desk_typing_mark(con);
		break;
	}
	return KEY_HANDLED | KEY_REDRAW;
}

static int
conv_send(struct console *con)
{
	if (!con->readonly)
		desk_send(con);
	return KEY_HANDLED | KEY_REDRAW;
}

static int
conv_typing(struct console *con)
{
	return !con->readonly && con->desk.conv.chat_id != 0;
}

static const struct key_binding conv_keys[] = {
	{ '\r', 0, 0, NULL, "Conversazione: si scrive nella riga in basso, Invio invia;"
	    " PgSu/PgGiu scorrono;", 0, conv_send, NULL },
	{ 0, 0, 0, NULL, NULL, 0, NULL, NULL },
};

static const char *const conv_help[] = {
	"  frecce, Home/Fine, Ctrl-A/E/U/W/K modificano; su/giù richiamano le righe inviate;",
	"  una risposta più lunga della riga si legge intera sopra di essa;",
	"  Esc torna alle liste.",
	NULL,
};

const struct pane_ops pane_conv_ops = {
	.name = "Conversazione",
	.draw = conv_draw,
	.key = conv_key,
	.can_focus = pane_always,
	.typing = conv_typing,
	.keys = conv_keys,
	.help = conv_help,
};
