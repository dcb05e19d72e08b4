/*
 * The office screen's detail pane: the selected report in full with its
 * history, wrapped at the pane's width and scrolled on its own; Enter shows
 * it whole in a dialog.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "console_office.h"
#include "text.h"

/* One line of the detail, owned. */
struct dline {
	char *s;
	int bold;
};

/* "24/11/2026 15:30" in the console's time zone. */
static char *
when_full(struct console *con, int64_t t, char *buf, size_t size)
{
	return calendar_format_time(con->tz, t, CLOCK_IT, buf, size);
}

void
office_detail_clear(struct office_view *v)
{
	if (v->has_det)
		store_report_clear(&v->det);
	store_report_notes_free(v->notes, v->nnotes);
	v->notes = NULL;
	v->nnotes = 0;
	v->has_det = 0;
}

/* Reads the selected report and its history; the scroll is kept for the same report. */
void
office_detail_load(struct console *con, struct office_view *v)
{
	int64_t id = office_selected_id(v), before = v->has_det ? v->det.id : 0;
	char msg[256];

	office_detail_clear(v);
	if (id != before)
		v->dscroll = 0;
	if (id == 0)
		return;
	if (report_get(con->db.rs, &con->me, id, &v->det, &v->notes, &v->nnotes, msg,
	    sizeof msg) < 0) {
		console_notice(con, 1, "Dettaglio non disponibile: %s.", msg);
		return;
	}
	v->has_det = 1;
}

/* Detail text, one entry per screen line of width columns. */
struct dtext {
	struct dline *lines;
	size_t n, cap;
	int width;
};

/* Adds s, taking it over. */
static void
dt_add(struct dtext *o, char *s, int bold)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 32;
		o->lines = xreallocarray(o->lines, o->cap, sizeof *o->lines);
	}
	o->lines[o->n].s = s;
	o->lines[o->n].bold = bold;
	o->n++;
}

struct dt_rows {
	struct dtext *o;
	int indent, bold;
};

static void
dt_row(void *arg, int hang, const char *row, size_t len)
{
	struct dt_rows *r = arg;

	(void)hang;
	dt_add(r->o, xasprintf("%*s%.*s", r->indent, "", (int)len, row), r->bold);
}

/* Adds text split at '\n' and wrapped, each line after indent blanks. */
static void
dt_text(struct dtext *o, const char *text, int indent, int bold)
{
	struct dt_rows r = { o, indent, bold };
	int width = o->width - indent;

	text_wrap_rows(text, strlen(text), width < 10 ? 10 : width, 0, dt_row, &r);
}

static void __attribute__((format(printf, 4, 5)))
dt_fmt(struct dtext *o, int indent, int bold, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	dt_text(o, s, indent, bold);
	free(s);
}

static void
dt_free(struct dtext *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->lines[i].s);
	free(o->lines);
	memset(o, 0, sizeof *o);
}

/* The selected report as lines of width columns into o. */
static void
detail_render(struct console *con, struct office_view *v, struct dtext *o)
{
	const struct report *r = &v->det;
	const struct report_note *n;
	char when[32];
	size_t i;

	if (!v->has_det)
		return;
	if (r->status == REPORT_NUOVA)
		dt_fmt(o, 0, 1, "%s - nuova, da prendere in carico", r->protocol);
	else if (r->status == REPORT_IN_LAVORAZIONE)
		dt_fmt(o, 0, 1, "%s - in lavorazione, in carico a %s", r->protocol,
		    r->handler_name);
	else
		dt_fmt(o, 0, 1, "%s - chiusa da %s", r->protocol, r->handler_name);
	dt_fmt(o, 0, 0, "Argomento: %s > %s", r->topic, r->subtopic);
	if (r->practice_number[0] != '\0')
		dt_fmt(o, 0, 0, "Domanda: %s", r->practice_number);
	if (r->worker_id != 0)
		dt_fmt(o, 0, 0, "Lavoratore: %s (%s)", r->worker_name, r->worker_cf);
	if (r->company_id != 0)
		dt_fmt(o, 0, 0, "Azienda: %s (CF %s)", r->company_name, r->company_cf);
	if (r->account_login[0] != '\0' && strcmp(r->account_login, r->worker_cf) != 0)
		dt_fmt(o, 0, 0, "Account: %s", r->account_login);
	dt_fmt(o, 0, 0, "Inoltrata il %s da %s%s", when_full(con, r->filed_at, when,
	    sizeof when), r->filed_by_name, r->chat_id != 0 ? ", dalla chat INFO CIG" : "");
	dt_text(o, "Descrizione:", 0, 1);
	dt_text(o, r->description, 2, 0);
	if (r->outcome[0] != '\0') {
		dt_text(o, "Esito:", 0, 1);
		dt_text(o, r->outcome, 2, 0);
	}
	dt_text(o, "Cronologia:", 0, 1);
	for (i = 0; i < v->nnotes; i++) {
		n = &v->notes[i];
		dt_fmt(o, 2, 0, "%s %s - %s%s%s", when_full(con, n->at, when, sizeof when),
		    report_note_kind_label(n->kind), n->author,
		    n->body[0] != '\0' ? ": " : "", n->body);
	}
}

static void
draw_detail(struct console *con, WINDOW *w, int focused)
{
	struct office_view *v = con->scr.state;
	struct dtext o = { NULL, 0, 0, 0 };
	char title[64];
	int h, wd, y, max;
	size_t i;

	getmaxyx(w, h, wd);
	if (v->has_det)
		snprintf(title, sizeof title, "Dettaglio %s", v->det.protocol);
	else
		snprintf(title, sizeof title, "Dettaglio");
	if (v->error[0] != '\0') {
		werase(w);
		return;
	}
	screen_frame(con, w, title, focused);
	if (!v->has_det) {
		wattron(w, A_DIM);
		screen_put(w, 1, 2, "Nessuna segnalazione scelta.", wd - 3);
		wattroff(w, A_DIM);
		return;
	}
	o.width = wd - 4;
	detail_render(con, v, &o);
	max = (int)o.n - (h - 2);
	if (v->dscroll > max)
		v->dscroll = max > 0 ? max : 0;
	for (i = (size_t)v->dscroll, y = 1; i < o.n && y < h - 1; i++, y++) {
		if (o.lines[i].bold)
			wattron(w, A_BOLD);
		screen_put(w, y, 2, o.lines[i].s, wd - 4);
		if (o.lines[i].bold)
			wattroff(w, A_BOLD);
	}
	if (v->dscroll > 0)
		mvwaddstr(w, 0, wd - 3, "^");
	if (i < o.n)
		mvwaddstr(w, h - 1, wd - 3, "v");
	dt_free(&o);
}

/* The whole selected report in a dialog, for a narrow screen or a long text. */
void
office_show_full(struct console *con, struct office_view *v)
{
	struct dtext o = { NULL, 0, 0, 0 };
	const char **lines;
	char title[64];
	size_t i;

	if (!v->has_det) {
		console_notice(con, 1, "Nessuna segnalazione scelta.");
		return;
	}
	o.width = con->scr.cols - 8 < 86 ? con->scr.cols - 8 : 86;
	detail_render(con, v, &o);
	lines = xreallocarray(NULL, o.n + 1, sizeof *lines);
	for (i = 0; i < o.n; i++)
		lines[i] = o.lines[i].s;
	snprintf(title, sizeof title, "Segnalazione %s", v->det.protocol);
	dialog_text(con, title, lines, o.n);
	free(lines);
	dt_free(&o);
}

/* The detail scrolls; its end is clamped when drawn. */
static int
detail_key(struct console *con, int key)
{
	struct office_view *v = con->scr.state;
	WINDOW *w = screen_win(con, OFFICE_DETAIL);
	int page = w != NULL && getmaxy(w) > 4 ? getmaxy(w) - 3 : 1;

	switch (key) {
	case KEY_UP:
	case 'k':
		v->dscroll--;
		break;
	case KEY_DOWN:
	case 'j':
		v->dscroll++;
		break;
	case KEY_PPAGE:
		v->dscroll -= page;
		break;
	case KEY_NPAGE:
		v->dscroll += page;
		break;
	case KEY_HOME:
		v->dscroll = 0;
		break;
	case KEY_END:
		v->dscroll = 1 << 20;
		break;
	case 27:	/* Esc: nothing to leave */
		return KEY_HANDLED;
	default:
		return KEY_UNHANDLED;
	}
	if (v->dscroll < 0)
		v->dscroll = 0;
	return KEY_HANDLED | KEY_REDRAW;
}

static const char *const detail_help[] = {
	"Dettaglio: su/giù, PgSu/PgGiu, Home/Fine lo scorrono; Invio lo mostra intero.",
	NULL,
};

const struct pane_ops office_detail_ops = {
	.name = "Dettaglio",
	.draw = draw_detail,
	.key = detail_key,
	.can_focus = pane_always,
	.help = detail_help,
};
