/*
 * The office operators' screen: their office's Linea INPS reports in three
 * tabs (nuove, in lavorazione, chiuse), a list with a selection and the
 * selected report in full with its history; take in charge, add a note,
 * close with an outcome.
 *
 * The lists are read again when another connection changed the database
 * (PRAGMA data_version, looked at on every tick but acted on at most once a
 * second) and after each of the operator's own changes, which data_version
 * does not show.  The selection stays on the same report across readings.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "console_office.h"
#include "report.h"
#include "text.h"

#define RELOAD_MS 1000		/* at most one reading of the lists a second */
#define CLOSED_MAX 200		/* closed reports listed, newest first */
#define WIDE_COLS 120		/* from here the detail sits beside the list */

/* Where the parts of the body go. */
struct office_layout {
	int list_y, list_x, list_h, list_w;
	int det_y, det_x, det_h, det_w;
};

/*
 * Wide: the list on the left, the detail on the right.  Narrow: the list
 * above, as tall as the longest tab needs up to half the height (so that
 * switching tabs does not move the detail), the detail below.
 */
static void
layout_for(int h, int w, size_t most, struct office_layout *l)
{
	int detw, listh;

	if (w >= WIDE_COLS) {
		detw = w * 2 / 5 > 50 ? w * 2 / 5 : 50;
		l->list_y = l->det_y = 1;
		l->list_h = l->det_h = h - 1;
		l->list_x = 0;
		l->list_w = w - detw;
		l->det_x = l->list_w;
		l->det_w = detw;
	} else {
		listh = most + 3 < (size_t)(h - 1) / 2 ? (int)most + 3 : (h - 1) / 2;
		if (listh < 6)
			listh = 6;
		l->list_y = 1;
		l->list_x = l->det_x = 0;
		l->list_h = listh;
		l->list_w = l->det_w = w;
		l->det_y = 1 + listh;
		l->det_h = h - 1 - listh;
	}
}

static size_t
most_rows(const struct office_view *v)
{
	size_t most = 0;
	int s;

	for (s = 0; s < REPORT_STATUS_COUNT; s++)
		if (v->tabs[s].v.n > most)
			most = v->tabs[s].v.n;
	return most;
}

/* The tabs, the list and the detail: all show the lists read or the selection. */
static void
office_dirty(struct console *con)
{
	con->scr.dirty |= DIRTY_PANE(OFFICE_TABS) | DIRTY_PANE(OFFICE_LIST) |
	    DIRTY_PANE(OFFICE_DETAIL);
}

static const char *const tab_title[REPORT_STATUS_COUNT] = {
	[REPORT_NUOVA] = "Nuove",
	[REPORT_IN_LAVORAZIONE] = "In lavorazione",
	[REPORT_CHIUSA] = "Chiuse",
};

static struct report *
selected(struct office_view *v)
{
	struct office_tab *t = &v->tabs[v->cur];

	return t->v.n > 0 && t->v.sel < t->v.n ? &t->rows[t->v.sel] : NULL;
}

int64_t
office_selected_id(struct office_view *v)
{
	struct report *r = selected(v);

	return r != NULL ? r->id : 0;
}

/* "24/11 15:30": the year is in the protocol. */
static char *
when_short(struct console *con, int64_t t, char *buf, size_t size)
{
	return calendar_format_time(con->tz, t, CLOCK_IT_SHORT, buf, size);
}

/* An Italian message of the report API as a sentence on the bottom line. */
static void
notice_api(struct console *con, const char *msg)
{
	unsigned char c = (unsigned char)msg[0];

	console_notice(con, 1, "%c%s.", c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c,
	    c != '\0' ? msg + 1 : "");
}

/*
 * Reads the three lists again.  The selection of each tab stays on its
 * report while it is there, else on the same row.  With follow non-zero the
 * view moves to the tab where that report now is, and selects it.
 */
static void
reload(struct console *con, struct office_view *v, int64_t follow)
{
	struct report *lists[REPORT_STATUS_COUNT] = { NULL };
	size_t counts[REPORT_STATUS_COUNT] = { 0 }, i, fresh = 0;
	struct report_filter f;
	struct office_tab *t;
	int64_t keep, newest = v->newest;
	size_t most;
	const struct report *first_new = NULL;
	char msg[256];
	int s, r;

	v->next_reload = clock_mono_ms() + RELOAD_MS;
	for (s = 0; s < REPORT_STATUS_COUNT; s++) {
		report_filter_init(&f);
		f.office_id = con->me.office_id;
		f.status = s;
		if (s == REPORT_CHIUSA) {
			f.newest_first = 1;
			f.limit = CLOSED_MAX;
		}
		r = report_list(con->db.rs, &con->me, &f, &lists[s], &counts[s], msg, sizeof msg);
		if (r < 0) {
			while (--s >= 0)
				store_report_array_free(lists[s], counts[s]);
			if (r == ERR_BUSY) {
				v->changed = 1;		/* the next tick tries again */
				return;
			}
			snprintf(v->error, sizeof v->error, "Segnalazioni non disponibili: %s.",
			    msg);
			v->changed = 0;
			office_dirty(con);
			return;
		}
	}
	v->changed = 0;
	v->error[0] = '\0';
	most = most_rows(v);
	for (s = 0; s < REPORT_STATUS_COUNT; s++) {
		t = &v->tabs[s];
		keep = t->v.n > 0 && t->v.sel < t->v.n ? t->rows[t->v.sel].id : 0;
		store_report_array_free(t->rows, t->v.n);
		t->rows = lists[s];
		t->v.n = counts[s];
		for (i = 0; keep != 0 && i < t->v.n; i++)
			if (t->rows[i].id == keep) {
				t->v.sel = i;
				break;
			}
		if (t->v.n == 0)
			t->v.sel = 0;
		else if (t->v.sel >= t->v.n)
			t->v.sel = t->v.n - 1;
		for (i = 0; follow != 0 && i < t->v.n; i++)
			if (t->rows[i].id == follow) {
				t->v.sel = i;
				v->cur = s;
			}
	}
	/* Reports filed since the last reading, told once. */
	t = &v->tabs[REPORT_NUOVA];
	for (i = 0; i < t->v.n; i++)
		if (t->rows[i].id > v->newest) {
			if (first_new == NULL)
				first_new = &t->rows[i];
			fresh++;
			if (t->rows[i].id > newest)
				newest = t->rows[i].id;
		}
	if (v->loaded && fresh == 1)
		console_notice(con, 0, "Nuova segnalazione %s: %s > %s.", first_new->protocol,
		    first_new->topic, first_new->subtopic);
	else if (v->loaded && fresh > 1)
		console_notice(con, 0, "%zu nuove segnalazioni.", fresh);
	v->newest = newest;
	v->loaded = 1;
	if (most_rows(v) != most)
		con->scr.relayout = 1;	/* the list above the detail is as tall as it needs */
	office_detail_load(con, v);
	office_dirty(con);
}

static int
v_open(struct console *con)
{
	struct office_view *v = xcalloc(1, sizeof *v);

	con->scr.state = v;
	if (con->me.office_id == 0 ||
	    store_office_by_id(con->db.st, con->me.office_id, &v->office) < 0)
		memset(&v->office, 0, sizeof v->office);
	if (store_chat_data_version(con->db.cs, &v->version) < 0)
		v->version = -1;
	reload(con, v, 0);
	return 0;
}

static void
v_close(struct console *con)
{
	struct office_view *v = con->scr.state;
	int s;

	if (v == NULL)
		return;
	office_detail_clear(v);
	for (s = 0; s < REPORT_STATUS_COUNT; s++)
		store_report_array_free(v->tabs[s].rows, v->tabs[s].v.n);
	free(v);
	con->scr.state = NULL;
}

static void
draw_tabs(struct console *con, WINDOW *w, int focused)
{
	struct office_view *v = con->scr.state;
	char label[64], right[160];
	int s, x = 1, attr, len, width = getmaxx(w);
	size_t n;

	(void)focused;
	werase(w);
	for (s = 0; s < REPORT_STATUS_COUNT; s++) {
		n = v->tabs[s].v.n;
		if (s == REPORT_CHIUSA && n >= CLOSED_MAX)
			snprintf(label, sizeof label, " %d %s (%zu+) ", s + 1, tab_title[s], n);
		else
			snprintf(label, sizeof label, " %d %s (%zu) ", s + 1, tab_title[s], n);
		if (s == v->cur)
			attr = con->scr.attr[ATTR_FOCUS];
		else if (s == REPORT_NUOVA && n > 0)
			attr = con->scr.attr[ATTR_MARK];
		else
			attr = A_NORMAL;
		wattron(w, attr);
		x += screen_put(w, 0, x, label, width - x);
		wattroff(w, attr);
		x += 1;
	}
	if (v->office.code[0] == '\0')
		return;
	/* The office's name when it fits, else its code. */
	snprintf(right, sizeof right, "Sede %s %s ", v->office.code, v->office.name);
	len = (int)text_width(right, strlen(right));
	if (len > width - x - 1) {
		snprintf(right, sizeof right, "Sede %s ", v->office.code);
		len = (int)strlen(right);
	}
	if (len <= width - x - 1)
		screen_put(w, 0, width - len, right, len);
}

/* Columns of the list for its inner width. */
struct cols {
	int proto, date, topic, topic_w, subj, subj_w, handler, handler_w;
};

static void
cols_for(int inner, int with_handler, struct cols *c)
{
	int rest;

	c->proto = 1;
	c->date = c->proto + REPORT_PROTOCOL_SIZE;
	c->topic = c->date + 12;
	rest = inner - c->topic;
	c->handler_w = with_handler ? (rest / 4 < 18 ? rest / 4 : 18) : 0;
	if (with_handler)
		c->subj_w = rest / 3 < 22 ? rest / 3 : 22;
	else
		c->subj_w = rest * 2 / 5 < 24 ? rest * 2 / 5 : 24;
	c->topic_w = rest - c->subj_w - 1 - (with_handler ? c->handler_w + 1 : 0);
	c->subj = c->topic + c->topic_w + 1;
	c->handler = c->subj + c->subj_w + 1;
}

static void
draw_list(struct console *con, WINDOW *w, int focused)
{
	struct office_view *v = con->scr.state;
	struct office_tab *t = &v->tabs[v->cur];
	struct cols c;
	const struct report *r;
	char title[96], date[32], topic[REPORT_TOPIC_SIZE + REPORT_SUBTOPIC_SIZE + 4];
	const char *empty;
	int h, wd, y, rows, attr;
	size_t i;

	getmaxyx(w, h, wd);
	if (v->error[0] != '\0') {
		werase(w);
		wattron(w, con->scr.attr[ATTR_ERROR]);
		screen_put(w, 1, 2, v->error, wd - 4);
		wattroff(w, con->scr.attr[ATTR_ERROR]);
		return;
	}
	if (v->cur == REPORT_CHIUSA)
		snprintf(title, sizeof title, "Segnalazioni chiuse (le più recenti prima)");
	else if (v->cur == REPORT_IN_LAVORAZIONE)
		snprintf(title, sizeof title, "Segnalazioni in lavorazione");
	else
		snprintf(title, sizeof title, "Segnalazioni nuove (le meno recenti prima)");
	screen_frame(con, w, title, focused);
	cols_for(wd - 2, v->cur != REPORT_NUOVA, &c);
	wattron(w, A_BOLD);
	screen_put(w, 1, 1 + c.proto, "Protocollo", c.date - c.proto - 1);
	screen_put(w, 1, 1 + c.date, "Inoltrata", 11);
	screen_put(w, 1, 1 + c.topic, "Argomento", c.topic_w);
	screen_put(w, 1, 1 + c.subj, "Interessato", c.subj_w);
	if (c.handler_w > 0)
		screen_put(w, 1, 1 + c.handler, v->cur == REPORT_CHIUSA ? "Chiusa da" :
		    "In carico a", c.handler_w);
	wattroff(w, A_BOLD);
	if (t->v.n == 0) {
		empty = v->cur == REPORT_NUOVA ? "Nessuna segnalazione nuova." :
		    v->cur == REPORT_IN_LAVORAZIONE ? "Nessuna segnalazione in lavorazione." :
		    "Nessuna segnalazione chiusa.";
		wattron(w, A_DIM);
		screen_put(w, 2, 2, empty, wd - 3);
		wattroff(w, A_DIM);
		return;
	}
	rows = h - 3;
	if (rows < 1)
		return;
	list_view_fit(&t->v, t->v.n, rows);
	for (i = t->v.top, y = 2; i < t->v.n && y < h - 1; i++, y++) {
		r = &t->rows[i];
		attr = i == t->v.sel ? (focused ? con->scr.attr[ATTR_SELECT] : (int)A_BOLD) : 0;
		wattron(w, attr);
		mvwhline(w, y, 1, ' ', wd - 2);
		screen_put(w, y, 1 + c.proto, r->protocol, c.date - c.proto - 1);
		screen_put(w, y, 1 + c.date, when_short(con, r->filed_at, date, sizeof date), 11);
		snprintf(topic, sizeof topic, "%s > %s", r->topic, r->subtopic);
		screen_put(w, y, 1 + c.topic, topic, c.topic_w);
		screen_put(w, y, 1 + c.subj, report_subject(r), c.subj_w);
		if (c.handler_w > 0)
			screen_put(w, y, 1 + c.handler, r->handler_name, c.handler_w);
		wattroff(w, attr);
	}
	if (t->v.top > 0)
		mvwaddstr(w, 0, wd - 3, "^");
	if (i < t->v.n)
		mvwaddstr(w, h - 1, wd - 3, "v");
}

static int
office_take(struct console *con)
{
	struct office_view *v = con->scr.state;
	struct report *r = selected(v);
	char msg[256], protocol[REPORT_PROTOCOL_SIZE];
	int64_t id;

	if (r == NULL) {
		console_notice(con, 1, "Nessuna segnalazione scelta.");
		return KEY_HANDLED;
	}
	if (r->status == REPORT_IN_LAVORAZIONE && r->handler_id == con->me.id) {
		console_notice(con, 0, "La segnalazione %s è già in carico a lei.", r->protocol);
		return KEY_HANDLED;
	}
	id = r->id;
	str_lcpy(protocol, r->protocol, sizeof protocol);
	if (report_take(con->db.rs, &con->me, id, clock_now(), msg, sizeof msg) < 0) {
		notice_api(con, msg);
		reload(con, v, 0);
		return KEY_HANDLED;
	}
	console_notice(con, 0, "Segnalazione %s presa in carico.", protocol);
	reload(con, v, id);
	return KEY_HANDLED;
}

/*
 * Asks for a note or an outcome for report r and saves it with save(),
 * then says done (a format taking the protocol).  The text typed is kept
 * across refusals the operator can fix (empty, too long, busy database);
 * a report changed meanwhile ends the dialog with the reason.
 */
static int
ask_and_save(struct console *con, struct office_view *v, const struct report *r,
    const char *title, const char *label,
    int (*save)(struct store *, const struct store_account *, int64_t, const char *,
    int64_t, char *, size_t), const char *done)
{
	char buf[INPUT_MAX] = "", msg[256], warn[300], heading[64];
	char protocol[REPORT_PROTOCOL_SIZE];
	const char *ask = label;
	int64_t id = r->id;
	int rc;

	str_lcpy(protocol, r->protocol, sizeof protocol);
	snprintf(heading, sizeof heading, "%s %s", title, protocol);
	for (;;) {
		if (dialog_prompt(con, heading, ask, buf, sizeof buf) < 0)
			return KEY_HANDLED;
		rc = save(con->db.rs, &con->me, id, buf, clock_now(), msg, sizeof msg);
		if (rc == 0)
			break;
		if (rc != ERR_INVALID && rc != ERR_BUSY) {
			notice_api(con, msg);
			reload(con, v, 0);
			return KEY_HANDLED;
		}
		snprintf(warn, sizeof warn, "Attenzione: %s.", msg);
		notice_api(con, msg);
		ask = warn;
	}
	console_notice(con, 0, done, protocol);
	reload(con, v, id);
	return KEY_HANDLED;
}

static int
office_note(struct console *con)
{
	struct office_view *v = con->scr.state;
	struct report *r = selected(v);

	if (r == NULL) {
		console_notice(con, 1, "Nessuna segnalazione scelta.");
		return KEY_HANDLED;
	}
	if (r->status == REPORT_CHIUSA) {
		console_notice(con, 1, "La segnalazione %s è chiusa: non si aggiungono note.",
		    r->protocol);
		return KEY_HANDLED;
	}
	return ask_and_save(con, v, r, "Nota alla segnalazione",
	    "Testo della nota (resta nella cronologia):", report_note_add,
	    "Nota aggiunta alla segnalazione %s.");
}

static int
office_close(struct console *con)
{
	struct office_view *v = con->scr.state;
	struct report *r = selected(v);

	if (r == NULL) {
		console_notice(con, 1, "Nessuna segnalazione scelta.");
		return KEY_HANDLED;
	}
	if (r->status == REPORT_CHIUSA) {
		console_notice(con, 1, "La segnalazione %s è già chiusa.", r->protocol);
		return KEY_HANDLED;
	}
	if (r->status == REPORT_IN_LAVORAZIONE && r->handler_id != con->me.id) {
		console_notice(con, 1, "La segnalazione %s è in carico a %s: può chiuderla"
		    " solo chi la lavora.", r->protocol, r->handler_name);
		return KEY_HANDLED;
	}
	return ask_and_save(con, v, r, "Chiudi la segnalazione",
	    "Esito (obbligatorio, lo legge anche l'interessato):", report_close,
	    "Segnalazione %s chiusa.");
}

static void
set_tab(struct console *con, struct office_view *v, int tab)
{
	if (tab == v->cur)
		return;
	v->cur = tab;
	office_detail_load(con, v);
	office_dirty(con);
}

/* The list: the list widget moves the selection, the detail follows. */
static int
list_key(struct console *con, int key)
{
	struct office_view *v = con->scr.state;
	struct office_tab *t = &v->tabs[v->cur];
	int r;

	if (key == 27)
		return KEY_HANDLED;	/* nothing to leave */
	r = list_view_key(&t->v, key);
	if (r & KEY_REDRAW) {
		office_detail_load(con, v);
		screen_dirty(con, OFFICE_DETAIL);
	}
	return r;
}

/* The tabs, from either pane: 1 2 3, or left and right. */
static int
tab_new(struct console *con)
{
	set_tab(con, con->scr.state, REPORT_NUOVA);
	return KEY_HANDLED;
}

static int
tab_in_progress(struct console *con)
{
	set_tab(con, con->scr.state, REPORT_IN_LAVORAZIONE);
	return KEY_HANDLED;
}

static int
tab_closed(struct console *con)
{
	set_tab(con, con->scr.state, REPORT_CHIUSA);
	return KEY_HANDLED;
}

static int
tab_step(struct console *con, int dir)
{
	struct office_view *v = con->scr.state;

	set_tab(con, v, (v->cur + REPORT_STATUS_COUNT + dir) % REPORT_STATUS_COUNT);
	return KEY_HANDLED;
}

static int
tab_next(struct console *con)
{
	return tab_step(con, 1);
}

static int
tab_prev(struct console *con)
{
	return tab_step(con, -1);
}

static int
show_full_key(struct console *con)
{
	office_show_full(con, con->scr.state);
	return KEY_HANDLED;
}

static void
v_tick(struct console *con)
{
	struct office_view *v = con->scr.state;
	int64_t version;

	if (store_chat_data_version(con->db.cs, &version) == 0 && version != v->version) {
		v->version = version;
		v->changed = 1;
	}
	if (v->changed && clock_mono_ms() >= v->next_reload)
		reload(con, v, 0);
}

/* Wide: the list on the left, the detail on the right; narrow: the list above. */
static void
v_layout(struct console *con, int h, int w, struct rect *r)
{
	struct office_layout l;

	layout_for(h, w, most_rows(con->scr.state), &l);
	r[OFFICE_TABS] = (struct rect){ 0, 0, 1, w };
	r[OFFICE_LIST] = (struct rect){ l.list_y, l.list_x, l.list_h, l.list_w };
	r[OFFICE_DETAIL] = (struct rect){ l.det_y, l.det_x, l.det_h, l.det_w };
}

static const struct key_binding office_keys[] = {
	{ KEY_F(2), 'p', 2, "Prendi", "prende in carico la segnalazione scelta", FOR_OFFICE,
	    office_take, NULL },
	{ KEY_F(3), 'n', 3, "Nota", "aggiunge una nota alla cronologia della segnalazione",
	    FOR_OFFICE, office_note, NULL },
	{ KEY_F(6), 'x', 6, "Chiudi", "chiude la segnalazione con un esito, obbligatorio, che"
	    " l'interessato legge con /segnalazioni", FOR_OFFICE, office_close, NULL },
	{ '\r', 0, 0, "Dettaglio", "mostra intera la segnalazione scelta", FOR_OFFICE,
	    show_full_key, NULL },
	{ '1', 0, 0, NULL, "1 2 3 (o sinistra/destra): segnalazioni nuove, in lavorazione,"
	    " chiuse.", FOR_OFFICE, tab_new, NULL },
	{ '2', 0, 0, NULL, NULL, FOR_OFFICE, tab_in_progress, NULL },
	{ '3', 0, 0, NULL, NULL, FOR_OFFICE, tab_closed, NULL },
	{ KEY_RIGHT, 0, 0, NULL, NULL, FOR_OFFICE, tab_next, NULL },
	{ KEY_LEFT, 0, 0, NULL, NULL, FOR_OFFICE, tab_prev, NULL },
	{ 0, 0, 0, NULL, NULL, 0, NULL, NULL },
};

static const char *const list_help[] = {
	"Segnalazioni: su/giù, PgSu/PgGiu, Home/Fine scelgono la segnalazione.",
	NULL,
};

static const char *const office_help[] = {
	"Le nuove segnalazioni compaiono da sole; fra le chiuse, le ultime 200.",
	"Ogni presa in carico, nota e chiusura registra chi e quando.",
	NULL,
};

static const struct pane_ops office_tabs_ops = {
	.name = "Schede",
	.draw = draw_tabs,
};

static const struct pane_ops office_list_ops = {
	.name = "Segnalazioni",
	.draw = draw_list,
	.key = list_key,
	.can_focus = pane_always,
	.help = list_help,
};

static const struct pane_ops *const office_panes[] = {
	[OFFICE_TABS] = &office_tabs_ops,
	[OFFICE_LIST] = &office_list_ops,
	[OFFICE_DETAIL] = &office_detail_ops,
	NULL,
};

const struct screen_def screen_office = {
	.name = "office",
	.panes = office_panes,
	.layout = v_layout,
	.open = v_open,
	.tick = v_tick,
	.close = v_close,
	.keys = office_keys,
	.help = office_help,
	.hint = "1 2 3 schede  Invio dettaglio",
};
