/*
 * The supervisors' statistics view: the live figures of the queue (per
 * channel, today so far, per advisor, bars per hour, reports per office),
 * refreshed every second and at once when the database changes, and the
 * same figures for a day or a range of days chosen with F4 (history).  The
 * formulas live in src/stats/; this file only lays them out.
 *
 * Layout of the body, top to bottom: a title line, the channel table
 * (three lines), the "today" figures (a heading and four lines), then a
 * region split in two: the advisors on the left, the bars and the reports
 * per office on the right.  Every extra line of a taller terminal goes to
 * that region (and the bars get one line per figure when there is room);
 * every extra column widens the columns and shows more of them.
 */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "stats.h"
#include "text.h"

#define REFRESH_MS 1000
#define STALE_MS 2500		/* figures older than this get a mark */
#define HISTORY_MAX_DAYS 366
#define ESC 27

#define ROW_CHANNELS 1
#define ROW_FIGURES 4		/* the heading; the figures follow on four lines */
#define ROW_REGION 9		/* the headings of the lower region */

enum { LIST_ADVISORS, LIST_BARS, LIST_OFFICES, NLISTS };

/* The panes: the figures on top, then one per list (pane LIST_* + 1). */
enum { PANE_FIGURES, PANE_ADVISORS, PANE_BARS, PANE_OFFICES, NPANES };

/* One bar of the chart: an hour (live and history) or a day (history). */
struct bar {
	char label[12];
	int64_t offered, answered, abandoned;
};

struct vstats {
	struct stats *s;
	struct stats_live live, next;	/* shown, and the one being refreshed */
	int have_live;
	int64_t last_ok_ms;		/* monotonic ms of the last good refresh */
	int64_t next_refresh;		/* monotonic ms; 0: at the next tick */
	int64_t data_version;
	int failed;			/* the last refresh failed */
	int error_told;			/* its notice was shown */
	int stale;			/* the title says the figures are old */
	int utf8;

	int history;			/* showing the history, not the live figures */
	int32_t from, to;
	struct stats_history by_channel, by_advisor, by_hour;
	struct stats_history by_day;	/* read when first asked for (key o) */
	int day_loaded;
	int by_days;			/* history bars per day instead of per hour */
	int pending;			/* a history load to retry (database busy) */
	int32_t pending_from, pending_to;
	char range[64];			/* what was last typed at the prompt */

	struct list_view list[NLISTS];
	size_t laid_bars, laid_offices;	/* the counts the layout was made for */
};

/* A column of a table: heading, width, right-aligned or not. */
struct column {
	const char *head;
	int width;
	int right;
};

/* ---- small drawing helpers ---- */

static int
focus_attr(const struct console *con)
{
	return con->scr.attr[ATTR_FOCUS];
}

/* The selected row of the focused list: n columns from (y, x) take the selection's look. */
static void
highlight(const struct console *con, WINDOW *w, int y, int x, int n)
{
	attr_t a = (attr_t)con->scr.attr[ATTR_SELECT];

	mvwchgat(w, y, x, n, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
}

/* s in width columns at x, right-aligned. */
static void
put_right(WINDOW *w, int y, int x, int width, const char *s)
{
	int n = (int)text_width(s, strlen(s));

	if (n >= width)
		screen_put(w, y, x, s, width);
	else
		screen_put(w, y, x + width - n, s, n);
}

static void
put_cell(WINDOW *w, int y, int x, const struct column *c, const char *s)
{
	if (c->right)
		put_right(w, y, x, c->width, s);
	else
		screen_put(w, y, x, s, c->width);
}

/* The headings of the columns that fit in width; returns how many fit. */
static int
put_heads(WINDOW *w, int y, int x, int width, const struct column *cols, int n)
{
	int i, used = 0;

	wattron(w, A_BOLD);
	for (i = 0; i < n && used + cols[i].width <= width; i++) {
		put_cell(w, y, x + used, &cols[i], cols[i].head);
		used += cols[i].width + 1;
	}
	wattroff(w, A_BOLD);
	return i;
}

/* A horizontal rule across width with a title; highlighted for the focused list. */
static void
put_heading(struct console *con, WINDOW *w, int y, int x, int width, const char *title,
    int focused)
{
	int attr = focused ? focus_attr(con) : (int)A_BOLD;

	if (width < 6)
		return;
	mvwhline(w, y, x, ACS_HLINE, width);
	wattron(w, attr);
	mvwaddch(w, y, x + 1, ' ');
	screen_put(w, y, x + 2, title, width - 4);
	waddch(w, ' ');
	wattroff(w, attr);
}

static char *
fmt_count(int64_t n, char *buf, size_t size)
{
	snprintf(buf, size, "%lld", (long long)n);
	return buf;
}

/* A wait in minutes and seconds, "-" when nobody waits. */
static char *
fmt_wait(int waiting, int64_t seconds, char *buf, size_t size)
{
	if (waiting == 0)
		snprintf(buf, size, "-");
	else
		screen_age(seconds, buf, size);
	return buf;
}

static void
local_time(struct console *con, int64_t t, char *buf, size_t size)
{
	int32_t day;
	int minute;
	char d[16];

	calendar_local(con->clk.tz, (time_t)t, &day, &minute);
	snprintf(buf, size, "%s ore %02d:%02d:%02d", day_format_it(day, d, sizeof d),
	    minute / 60 % 24, minute % 60, (int)(t % 60));
}

/* ---- the data shown: live or history ---- */

static size_t
bar_count(const struct vstats *vs)
{
	if (!vs->history)
		return vs->live.hour_to > vs->live.hour_from ?
		    (size_t)(vs->live.hour_to - vs->live.hour_from) : 0;
	return vs->by_days ? vs->by_day.ngroups : vs->by_hour.ngroups;
}

static void
bar_get(const struct vstats *vs, size_t i, struct bar *b)
{
	const struct stats_group *g;
	int yf, yt, y, m, d, h;

	memset(b, 0, sizeof *b);
	if (!vs->history) {
		h = vs->live.hour_from + (int)i;
		snprintf(b->label, sizeof b->label, "%02d", h);
		b->offered = vs->live.hours[h].offered;
		b->answered = vs->live.hours[h].answered;
		b->abandoned = vs->live.hours[h].abandoned;
		return;
	}
	g = vs->by_days ? &vs->by_day.groups[i] : &vs->by_hour.groups[i];
	if (vs->by_days) {
		day_to_ymd(vs->from, &yf, &m, &d);
		day_to_ymd(vs->to, &yt, &m, &d);
		day_to_ymd((int32_t)g->key, &y, &m, &d);
		if (yf == yt)
			snprintf(b->label, sizeof b->label, "%02d/%02d", d, m);
		else
			snprintf(b->label, sizeof b->label, "%02d/%02d/%02d", d, m, y % 100);
	} else {
		str_lcpy(b->label, g->label, sizeof b->label);
	}
	b->offered = g->f.offered;
	b->answered = g->f.answered;
	b->abandoned = g->f.abandoned;
}

static const struct stats_figures *
figures(const struct vstats *vs)
{
	return vs->history ? &vs->by_channel.total : &vs->live.today;
}

static void
offices(const struct vstats *vs, const struct stats_office **o, size_t *n, int64_t *total)
{
	if (vs->history) {
		*o = vs->by_channel.offices;
		*n = vs->by_channel.noffices;
		*total = vs->by_channel.reports;
	} else {
		*o = vs->live.offices;
		*n = vs->live.noffices;
		*total = vs->live.reports;
	}
}

/* The history's advisors: the groups of by_advisor but the chats no advisor took. */
static size_t
history_advisors(const struct vstats *vs)
{
	size_t i, n = 0;

	for (i = 0; i < vs->by_advisor.ngroups; i++)
		if (vs->by_advisor.groups[i].key != 0)
			n++;
	return n;
}

static size_t
advisor_count(const struct vstats *vs)
{
	return vs->history ? history_advisors(vs) : vs->live.nadvisors;
}

/* ---- the title ---- */

static void
draw_title(struct console *con, struct vstats *vs, WINDOW *w, int width)
{
	char left[160], right[96], a[16], b[16], t[48];
	int x;

	right[0] = '\0';
	if (vs->history) {
		if (vs->from == vs->to)
			snprintf(left, sizeof left, "Storico: %s", day_format_it(vs->from, a,
			    sizeof a));
		else
			snprintf(left, sizeof left, "Storico: dal %s al %s (%d giorni)",
			    day_format_it(vs->from, a, sizeof a), day_format_it(vs->to, b,
			    sizeof b), (int)(vs->to - vs->from + 1));
		snprintf(right, sizeof right, "Esc: dal vivo");
	} else if (vs->have_live) {
		local_time(con, vs->live.now, t, sizeof t);
		snprintf(left, sizeof left, "Statistiche dal vivo: %s", t);
		if (vs->stale)
			snprintf(right, sizeof right, "dati non aggiornati");
	} else {
		snprintf(left, sizeof left, "Statistiche dal vivo: lettura in corso...");
	}
	wattron(w, A_BOLD);
	x = 1 + screen_put(w, 0, 1, left, width - 2);
	wattroff(w, A_BOLD);
	if (right[0] != '\0' && (int)strlen(right) + 2 < width - x) {
		if (!vs->history)
			wattron(w, con->scr.attr[ATTR_ERROR]);
		put_right(w, 0, x, width - x - 1, right);
		if (!vs->history)
			wattroff(w, con->scr.attr[ATTR_ERROR]);
	}
}

/* ---- per channel ---- */

static const struct column live_channel_cols[] = {
	{ "Canale", 11, 0 }, { "In attesa", 9, 1 }, { "Attesa max", 10, 1 },
	{ "Disponibili", 11, 1 }, { "Occupati", 8, 1 }, { "In pausa", 8, 1 },
	{ "In corso", 8, 1 }, { "Posti liberi", 12, 1 }, { "Offerte oggi", 12, 1 },
	{ "Risposte", 8, 1 }, { "Abbandonate", 11, 1 }, { "Liv. serv.", 10, 1 },
	{ "T. risp.", 8, 1 }, { "T. gest.", 8, 1 },
};

static const struct column history_channel_cols[] = {
	{ "Canale", 11, 0 }, { "Offerte", 8, 1 }, { "Risposte", 8, 1 }, { "Abband.", 8, 1 },
	{ "Tasso abb.", 10, 1 }, { "Liv. serv.", 10, 1 }, { "T. risp.", 8, 1 },
	{ "T. gest.", 8, 1 }, { "Risolte", 8, 1 }, { "Linea INPS", 10, 1 },
	{ "Gradimento", 10, 1 }, { "Questionari", 11, 1 },
};

static void
live_channel_cell(const struct vstats *vs, int k, int col, char *v, size_t size)
{
	const struct stats_channel_now *c = &vs->live.channel[k];
	const struct stats_figures *f = &vs->live.today_channel[k];

	switch (col) {
	case 0: snprintf(v, size, "%s", stats_channel_name(k)); break;
	case 1: fmt_count(c->waiting, v, size); break;
	case 2: fmt_wait(c->waiting, c->longest_wait, v, size); break;
	case 3: fmt_count(c->available, v, size); break;
	case 4: fmt_count(c->busy, v, size); break;
	case 5: fmt_count(c->paused, v, size); break;
	case 6: fmt_count(c->in_progress, v, size); break;
	case 7: fmt_count(c->free_slots, v, size); break;
	case 8: fmt_count(f->offered, v, size); break;
	case 9: fmt_count(f->answered, v, size); break;
	case 10: fmt_count(f->abandoned, v, size); break;
	case 11: stats_format_percent(f->service_level, v, size); break;
	case 12: stats_format_duration(f->asa, v, size); break;
	default: stats_format_duration(f->aht, v, size); break;
	}
}

static void
history_channel_cell(const struct stats_figures *f, const char *name, int col, char *v,
    size_t size)
{
	switch (col) {
	case 0: snprintf(v, size, "%s", name); break;
	case 1: fmt_count(f->offered, v, size); break;
	case 2: fmt_count(f->answered, v, size); break;
	case 3: fmt_count(f->abandoned, v, size); break;
	case 4: stats_format_percent(f->abandon_rate, v, size); break;
	case 5: stats_format_percent(f->service_level, v, size); break;
	case 6: stats_format_duration(f->asa, v, size); break;
	case 7: stats_format_duration(f->aht, v, size); break;
	case 8: stats_format_percent(f->resolved_share, v, size); break;
	case 9: stats_format_percent(f->forwarded_share, v, size); break;
	case 10: stats_format_score(f->satisfaction, v, size); break;
	default: fmt_count(f->surveys, v, size); break;
	}
}

/* The history's figures of channel k (its group; zeros if it has none). */
static const struct stats_figures *
history_channel(const struct vstats *vs, int k)
{
	static const struct stats_figures none = { .abandon_rate = -1, .service_level = -1,
	    .asa = -1, .aht = -1, .resolved_share = -1, .forwarded_share = -1,
	    .satisfaction = -1 };
	size_t i;

	for (i = 0; i < vs->by_channel.ngroups; i++)
		if (vs->by_channel.groups[i].key == k)
			return &vs->by_channel.groups[i].f;
	return &none;
}

static void
draw_channels(struct vstats *vs, WINDOW *w, int width)
{
	const struct column *cols = vs->history ? history_channel_cols : live_channel_cols;
	int ncols = vs->history ? (int)nitems(history_channel_cols) :
	    (int)nitems(live_channel_cols);
	char v[32];
	int k, i, x;

	ncols = put_heads(w, ROW_CHANNELS, 1, width - 2, cols, ncols);
	for (k = 0; k < STATS_NCHANNELS; k++) {
		for (i = 0, x = 1; i < ncols; x += cols[i].width + 1, i++) {
			if (vs->history)
				history_channel_cell(history_channel(vs, k), stats_channel_name(k),
				    i, v, sizeof v);
			else
				live_channel_cell(vs, k, i, v, sizeof v);
			put_cell(w, ROW_CHANNELS + 1 + k, x, &cols[i], v);
		}
	}
}

/* ---- the figures of today, or of the range ---- */

static void
draw_figures(struct console *con, struct vstats *vs, WINDOW *w, int width)
{
	const struct stats_figures *f = figures(vs);
	const struct stats_config *cfg = stats_config(vs->s);
	char title[64], t[16], labels[4][4][32], values[4][4][32];
	int ncols = width >= 112 ? 4 : 3, cw = (width - 2) / ncols, c, r, x;
	int64_t closed = f->outcomes[STATS_RESOLVED] + f->outcomes[STATS_FORWARDED] +
	    f->outcomes[STATS_OTHER];

	if (cw > 34)
		cw = 34;
	if (vs->history) {
		snprintf(title, sizeof title, "Totale del periodo");
	} else {
		screen_hhmm(con, vs->live.now, t, sizeof t);
		snprintf(title, sizeof title, "Oggi fino alle %s", t);
	}
	put_heading(con, w, ROW_FIGURES, 0, width, title, 0);

#define CELL(col, row, lab, ...) do { \
	str_lcpy(labels[col][row], lab, sizeof labels[col][row]); \
	snprintf(values[col][row], sizeof values[col][row], __VA_ARGS__); \
} while (0)
	CELL(0, 0, "Offerte", "%lld", (long long)f->offered);
	CELL(0, 1, "Risposte", "%lld", (long long)f->answered);
	CELL(0, 2, "Abbandonate", "%lld", (long long)f->abandoned);
	CELL(0, 3, "In attesa", "%lld", (long long)f->waiting);
	CELL(1, 0, "Tasso abbandono", "%s", stats_format_percent(f->abandon_rate, t, sizeof t));
	snprintf(title, sizeof title, "Liv. serv. %d s", cfg->service_level_seconds);
	CELL(1, 1, title, "%s", stats_format_percent(f->service_level, t, sizeof t));
	CELL(1, 2, "T. medio risposta", "%s", stats_format_duration(f->asa, t, sizeof t));
	CELL(1, 3, "T. medio gestione", "%s", stats_format_duration(f->aht, t, sizeof t));
	CELL(2, 0, "Risolte in chat", "%s", stats_format_percent(f->resolved_share, t,
	    sizeof t));
	CELL(2, 1, "Linea INPS", "%s", stats_format_percent(f->forwarded_share, t, sizeof t));
	CELL(2, 2, "Gradimento", "%s", stats_format_score(f->satisfaction, t, sizeof t));
	CELL(2, 3, "Questionari", "%lld", (long long)f->surveys);
	CELL(3, 0, "In corso", "%lld", (long long)f->in_progress);
	CELL(3, 1, "Concluse", "%lld", (long long)f->handled);
	CELL(3, 2, "Chiuse con esito", "%lld", (long long)closed);
	snprintf(title, sizeof title, "Uscite entro %d s", cfg->abandon_min_seconds);
	CELL(3, 3, title, "%lld", (long long)f->short_abandoned);
#undef CELL
	for (c = 0; c < ncols; c++) {
		x = 1 + c * cw;
		for (r = 0; r < 4; r++) {
			int vw = (int)strlen(values[c][r]);

			screen_put(w, ROW_FIGURES + 1 + r, x, labels[c][r], cw - vw - 3);
			wattron(w, A_BOLD);
			put_right(w, ROW_FIGURES + 1 + r, x, cw - 2, values[c][r]);
			wattroff(w, A_BOLD);
		}
	}
}

/* ---- per advisor ---- */

/* Narrow and wide sets; the first column (the name) takes what is left. */
static const struct column live_adv_narrow[] = {
	{ "Operatore", 0, 0 }, { "Stato", 13, 0 }, { "Chat", 4, 1 }, { "Gest.", 5, 1 },
	{ "T.gest.", 7, 1 },
};
static const struct column live_adv_wide[] = {
	{ "Operatore", 0, 0 }, { "Stato", 13, 0 }, { "Canali", 10, 0 }, { "In corso", 8, 1 },
	{ "Gestite oggi", 12, 1 }, { "T. gestione", 11, 1 },
};
static const struct column hist_adv_narrow[] = {
	{ "Operatore", 0, 0 }, { "Risp.", 5, 1 }, { "Chat", 4, 1 }, { "Gest.", 5, 1 },
	{ "T.risp.", 7, 1 }, { "T.gest.", 7, 1 },
};
static const struct column hist_adv_wide[] = {
	{ "Operatore", 0, 0 }, { "Risposte", 8, 1 }, { "In corso", 8, 1 }, { "Gestite", 8, 1 },
	{ "T. risposta", 11, 1 }, { "T. gestione", 11, 1 }, { "Risolte", 8, 1 },
};

static const char *
channels_label(unsigned ch)
{
	unsigned both = (1u << STATS_WORKERS) | (1u << STATS_COMPANIES);

	if ((ch & both) == both)
		return "lav+az";
	if (ch & (1u << STATS_WORKERS))
		return "lav";
	if (ch & (1u << STATS_COMPANIES))
		return "az";
	return "-";
}

static int
state_attr(const struct console *con, int state)
{
	if (state == STATS_OFFLINE)
		return con->scr.attr[ATTR_DIM];
	if (state == STATS_PAUSED)
		return con->scr.attr[ATTR_WARN];
	return A_NORMAL;
}

static void
draw_advisors(struct console *con, struct vstats *vs, WINDOW *w, int y, int x, int width,
    int rows, int focused)
{
	struct column cols[8];
	const struct column *set;
	int ncols, i, row, cx, fixed = 0, wide = width >= 76;
	size_t k, n = advisor_count(vs), idx;
	struct list_view *l = &vs->list[LIST_ADVISORS];
	char title[64], v[128];

	if (vs->history) {
		set = wide ? hist_adv_wide : hist_adv_narrow;
		ncols = wide ? (int)nitems(hist_adv_wide) : (int)nitems(hist_adv_narrow);
	} else {
		set = wide ? live_adv_wide : live_adv_narrow;
		ncols = wide ? (int)nitems(live_adv_wide) : (int)nitems(live_adv_narrow);
	}
	memcpy(cols, set, (size_t)ncols * sizeof *cols);
	for (i = 1; i < ncols; i++)
		fixed += cols[i].width + 1;
	cols[0].width = width - fixed;
	if (cols[0].width > 32)
		cols[0].width = 32;
	list_view_fit(l, n, rows - 1);
	list_view_title(l, "Operatori", title, sizeof title);
	put_heading(con, w, y - 1, x - 1, width + 1, title, focused);
	put_heads(w, y, x, width, cols, ncols);
	if (n == 0) {
		wattron(w, A_DIM);
		screen_put(w, y + 1, x, vs->history ? "Nessuna chat presa nel periodo." :
		    "Nessun operatore collegato oggi.", width);
		wattroff(w, A_DIM);
		return;
	}
	/* In the history, skip the group of the chats no advisor took. */
	for (k = 0, idx = 0, row = 1; row < rows; k++) {
		const struct stats_group *g = NULL;
		const struct stats_advisor *a = NULL;

		if (vs->history) {
			if (k >= vs->by_advisor.ngroups)
				break;
			g = &vs->by_advisor.groups[k];
			if (g->key == 0)
				continue;
		} else {
			if (k >= vs->live.nadvisors)
				break;
			a = &vs->live.advisors[k];
		}
		if (idx++ < l->top)
			continue;
		cx = x;
		for (i = 0; i < ncols; cx += cols[i].width + 1, i++) {
			int attr = A_NORMAL;

			if (i == 0) {
				snprintf(v, sizeof v, "%s", g != NULL ? (g->name[0] ? g->name :
				    g->label) : (a->name[0] ? a->name : a->login));
			} else if (g != NULL) {
				switch (i) {
				case 1: fmt_count(g->f.answered, v, sizeof v); break;
				case 2: fmt_count(g->f.in_progress, v, sizeof v); break;
				case 3: fmt_count(g->f.handled, v, sizeof v); break;
				case 4: stats_format_duration(g->f.asa, v, sizeof v); break;
				case 5: stats_format_duration(g->f.aht, v, sizeof v); break;
				default: stats_format_percent(g->f.resolved_share, v, sizeof v);
				}
			} else if (i == 1) {
				snprintf(v, sizeof v, "%s", stats_advisor_state_label(a->state));
				attr = state_attr(con, a->state);
			} else {
				switch (wide ? i : i + 1) {
				case 2: snprintf(v, sizeof v, "%s", channels_label(a->channels));
					break;
				case 3: fmt_count(a->in_progress, v, sizeof v); break;
				case 4: fmt_count(a->handled, v, sizeof v); break;
				default: stats_format_duration(a->aht, v, sizeof v); break;
				}
			}
			if (attr != A_NORMAL)
				wattron(w, attr);
			put_cell(w, y + row, cx, &cols[i], v);
			if (attr != A_NORMAL)
				wattroff(w, attr);
		}
		if (focused && idx - 1 == l->sel)
			highlight(con, w, y + row, x, width);
		row++;
	}
}

/* ---- bars ---- */

static const char *
glyph(const struct vstats *vs, int which)
{
	static const char *const utf8[] = { "\u2588", "\u2592", "\u2591" };
	static const char *const ascii[] = { "#", "=", "." };

	return vs->utf8 ? utf8[which] : ascii[which];
}

static int
glyph_attr(const struct console *con, int which)
{
	return which == 1 ? con->scr.attr[ATTR_WARN] : which == 2 ? con->scr.attr[ATTR_FAINT] :
	    (int)A_NORMAL;
}

static void
put_glyphs(struct console *con, struct vstats *vs, WINDOW *w, int which, int n)
{
	int attr = glyph_attr(con, which);

	if (n <= 0)
		return;
	if (attr != A_NORMAL)
		wattron(w, attr);
	while (n-- > 0)
		waddstr(w, glyph(vs, which));
	if (attr != A_NORMAL)
		wattroff(w, attr);
}

/* Columns for value of max over width, at least one for a value that is not 0. */
static int
scale(int64_t value, int64_t max, int width)
{
	int64_t n;

	if (value <= 0 || max <= 0 || width <= 0)
		return 0;
	n = (value * width + max / 2) / max;
	if (n < 1)
		n = 1;
	return n > width ? width : (int)n;
}

/*
 * One stacked bar: the answered, then the abandoned, then the rest of the
 * offered (still waiting or unserved), its length the offered.
 */
static void
draw_stacked(struct console *con, struct vstats *vs, WINDOW *w, int y, int x, int width,
    const struct bar *b, int64_t max)
{
	int total = scale(b->offered, max, width);
	int ans = scale(b->answered, max, width);
	int abn = scale(b->abandoned, max, width);

	if (ans > total)
		ans = total;
	if (abn > total - ans)
		abn = total - ans;
	wmove(w, y, x);
	put_glyphs(con, vs, w, 0, ans);
	put_glyphs(con, vs, w, 1, abn);
	put_glyphs(con, vs, w, 2, total - ans - abn);
}

static int64_t
bars_max(const struct vstats *vs)
{
	size_t i, n = bar_count(vs);
	struct bar b;
	int64_t max = 0;

	for (i = 0; i < n; i++) {
		bar_get(vs, i, &b);
		if (b.offered > max)
			max = b.offered;
	}
	return max;
}

/*
 * The bars from line y, rows lines, one line per bar (stacked) or three
 * (separate: offered, answered, abandoned).
 */
static void
draw_bars(struct console *con, struct vstats *vs, WINDOW *w, int y, int x, int width,
    int rows, int separate, int focused)
{
	static const char *const kinds[2][3] = {
		{ "off.", "risp.", "abb." }, { "offerte", "risposte", "abbandonate" },
	};
	struct list_view *l = &vs->list[LIST_BARS];
	size_t i, n = bar_count(vs);
	int64_t max = bars_max(vs), v[3];
	int per = separate ? 3 : 1, lw = 2, bw, k, row, long_kinds = width >= 40, kw;
	char title[64], num[24], head[96];
	struct bar b;

	for (i = 0; i < n; i++) {
		bar_get(vs, i, &b);
		if ((int)strlen(b.label) > lw)
			lw = (int)strlen(b.label);
	}
	list_view_fit(l, n, (rows - 1) / per);
	list_view_title(l, vs->history && vs->by_days ? "Chat per giorno" : "Chat per ora", title,
	    sizeof title);
	put_heading(con, w, y - 1, x, width, title, focused);
	wattron(w, A_BOLD);
	screen_put(w, y, x, vs->history && vs->by_days ? "Giorno" : "Ora", lw + 1);
	wattroff(w, A_BOLD);
	if (!separate) {
		/* Ora  Off  Ris  Abb  and the legend of the glyphs over the bars. */
		wattron(w, A_BOLD);
		put_right(w, y, x + lw, 5, "Off");
		put_right(w, y, x + lw + 5, 5, "Ris");
		put_right(w, y, x + lw + 10, 5, "Abb");
		wattroff(w, A_BOLD);
		snprintf(head, sizeof head, "%s risp. %s abb. %s altre", glyph(vs, 0),
		    glyph(vs, 1), glyph(vs, 2));
		wattron(w, A_DIM);
		screen_put(w, y, x + lw + 16, head, width - lw - 16);
		wattroff(w, A_DIM);
	}
	if (n == 0) {
		wattron(w, A_DIM);
		screen_put(w, y + 1, x, vs->history ? "Nessuna chat nel periodo." :
		    "Servizio chiuso oggi.", width);
		wattroff(w, A_DIM);
		return;
	}
	for (i = l->top, row = 1; i < n && row + per - 1 < rows; i++, row += per) {
		bar_get(vs, i, &b);
		v[0] = b.offered;
		v[1] = b.answered;
		v[2] = b.abandoned;
		screen_put(w, y + row, x, b.label, lw);
		if (focused && i == l->sel)
			highlight(con, w, y + row, x, lw);
		if (!separate) {
			for (k = 0; k < 3; k++)
				put_right(w, y + row, x + lw + 5 * k, 5, fmt_count(v[k], num,
				    sizeof num));
			bw = width - lw - 16;
			draw_stacked(con, vs, w, y + row, x + lw + 16, bw, &b, max);
			continue;
		}
		kw = long_kinds ? 11 : 5;
		bw = width - lw - kw - 8;
		for (k = 0; k < 3; k++) {
			screen_put(w, y + row + k, x + lw + 1, kinds[long_kinds][k], kw);
			put_right(w, y + row + k, x + lw + kw + 1, 5, fmt_count(v[k], num,
			    sizeof num));
			wmove(w, y + row + k, x + lw + kw + 7);
			/* Offered in the glyph of "the rest", the others as stacked. */
			put_glyphs(con, vs, w, k == 0 ? 2 : k - 1, scale(v[k], max, bw));
		}
	}
}

/* ---- reports per office ---- */

static void
draw_offices(struct console *con, struct vstats *vs, WINDOW *w, int y, int x, int width,
    int rows, int focused)
{
	struct list_view *l = &vs->list[LIST_OFFICES];
	const struct stats_office *o;
	size_t n, i;
	int64_t total;
	int row, cw = 8;
	char title[128], what[48], num[24];

	offices(vs, &o, &n, &total);
	list_view_fit(l, n, rows);
	snprintf(what, sizeof what, "%s: %lld", vs->history ? "Segnalazioni" :
	    "Segnalazioni oggi", (long long)total);
	if (l->rows > 0 && n > (size_t)l->rows)
		snprintf(title, sizeof title, "%s (sedi %zu-%zu di %zu)", what, l->top + 1,
		    l->top + (size_t)l->rows, n);
	else
		snprintf(title, sizeof title, "%s", what);
	put_heading(con, w, y - 1, x, width, title, focused);
	if (n == 0) {
		wattron(w, A_DIM);
		screen_put(w, y, x, "Nessuna segnalazione.", width);
		wattroff(w, A_DIM);
		return;
	}
	for (i = 0; i < n; i++)
		if ((int)strlen(o[i].code) + 1 > cw)
			cw = (int)strlen(o[i].code) + 1;
	if (cw > 12)
		cw = 12;
	for (i = l->top, row = 0; i < n && row < rows; i++, row++) {
		screen_put(w, y + row, x, o[i].code, cw - 1);
		screen_put(w, y + row, x + cw, o[i].name, width - cw - 6);
		put_right(w, y + row, x + width - 5, 5, fmt_count(o[i].reports, num,
		    sizeof num));
		if (focused && i == l->sel)
			highlight(con, w, y + row, x, width);
	}
}

/* ---- the panes and their layout ---- */

/* The advisors' width on the left of a body w columns wide. */
static int
left_width(int w)
{
	return w >= 120 ? (w - 3) / 2 : w * 5 / 8;
}

static size_t
office_count(const struct vstats *vs)
{
	const struct stats_office *o;
	size_t n;
	int64_t total;

	offices(vs, &o, &n, &total);
	return n;
}

/* Lines of the bars (heading included) in a region of region lines; *per: lines a bar. */
static int
bars_height(const struct vstats *vs, int region, int *per)
{
	size_t nbars = bar_count(vs), noff = office_count(vs);
	int need_off = noff == 0 ? 1 : noff < 3 ? (int)noff : 3, need_bars, rows;

	/* One line per figure when everything fits that way. */
	*per = 1 + 3 * (int)nbars + 1 + need_off <= region ? 3 : 1;
	need_bars = 1 + *per * (nbars > 0 ? (int)nbars : 1);
	rows = region - 1 - need_off;
	if (rows > need_bars)
		rows = need_bars;
	if (rows < 1 + *per)
		rows = 1 + *per;
	return rows;
}

/*
 * The figures on top (title, channels, today); below, the advisors on the
 * left, the bars and the reports per office on the right.  Each list's
 * pane starts at its heading line.
 */
static void
v_layout(struct console *con, int h, int w, struct rect *r)
{
	struct vstats *vs = con->scr.state;
	int region = h - ROW_REGION - 1, lw = left_width(w), rx = lw + 2, rw = w - rx - 1, per;
	int bars_rows = bars_height(vs, region, &per), y = ROW_REGION + 1 + bars_rows + 1;

	vs->laid_bars = bar_count(vs);
	vs->laid_offices = office_count(vs);
	r[PANE_FIGURES] = (struct rect){ 0, 0, ROW_REGION, w };
	r[PANE_ADVISORS] = (struct rect){ ROW_REGION, 0, region + 1, lw + 1 };
	r[PANE_BARS] = (struct rect){ ROW_REGION, rx, bars_rows + 1, rw };
	if (y < h)
		r[PANE_OFFICES] = (struct rect){ y - 1, rx, h - y + 1, rw };
}

/* Nothing read yet: only the title, on the figures' pane. */
static int
nothing_yet(struct vstats *vs, WINDOW *w)
{
	if (vs->history || vs->have_live)
		return 0;
	werase(w);
	return 1;
}

static void
figures_draw(struct console *con, WINDOW *w, int focused)
{
	struct vstats *vs = con->scr.state;
	int width = getmaxx(w);

	(void)focused;
	werase(w);
	draw_title(con, vs, w, width);
	if (!vs->history && !vs->have_live)
		return;
	draw_channels(vs, w, width);
	draw_figures(con, vs, w, width);
}

static void
advisors_draw(struct console *con, WINDOW *w, int focused)
{
	struct vstats *vs = con->scr.state;
	int h, width;

	if (nothing_yet(vs, w))
		return;
	getmaxyx(w, h, width);
	werase(w);
	draw_advisors(con, vs, w, 1, 1, width - 1, h - 1, focused);
}

static void
bars_draw(struct console *con, WINDOW *w, int focused)
{
	struct vstats *vs = con->scr.state;
	int h, width, per;

	if (nothing_yet(vs, w))
		return;
	getmaxyx(w, h, width);
	werase(w);
	bars_height(vs, con->scr.rows - 2 - ROW_REGION - 1, &per);
	draw_bars(con, vs, w, 1, 0, width, h - 1, per == 3, focused);
}

static void
offices_draw(struct console *con, WINDOW *w, int focused)
{
	struct vstats *vs = con->scr.state;
	int h, width;

	if (nothing_yet(vs, w))
		return;
	getmaxyx(w, h, width);
	werase(w);
	draw_offices(con, vs, w, 1, 0, width, h - 1, focused);
}

/* Each list: the list widget moves its selection. */
static int
list_key(struct console *con, int key)
{
	struct vstats *vs = con->scr.state;

	return list_view_key(&vs->list[con->scr.focus - 1], key);
}

static int
advisors_focus(struct console *con)
{
	(void)con;
	return 1;
}

/* The bars and the offices take the focus only when they do not all show. */
static int
scrolls(struct console *con, int list)
{
	struct vstats *vs = con->scr.state;

	return vs != NULL && vs->list[list].n > (size_t)vs->list[list].rows;
}

static int
bars_focus(struct console *con)
{
	return scrolls(con, LIST_BARS);
}

static int
offices_focus(struct console *con)
{
	return scrolls(con, LIST_OFFICES);
}

/* The figures changed: redraw them, and lay the screen out again when the counts moved. */
static void
figures_changed(struct console *con, struct vstats *vs, unsigned panes)
{
	con->scr.dirty |= panes;
	if (bar_count(vs) != vs->laid_bars || office_count(vs) != vs->laid_offices)
		con->scr.relayout = 1;
}

#define ALL_PANES (DIRTY_PANE(PANE_FIGURES) | DIRTY_PANE(PANE_ADVISORS) | \
    DIRTY_PANE(PANE_BARS) | DIRTY_PANE(PANE_OFFICES))

/*
 * The panes whose figures differ between a and b (byte comparison: padding
 * can only make it see a change that is not one).  The clock on the title
 * line moves every second; the lists only when their rows do.
 */
static unsigned
live_changes(const struct stats_live *a, const struct stats_live *b)
{
	unsigned d = 0;

	if (a->now != b->now || a->service != b->service ||
	    memcmp(a->channel, b->channel, sizeof a->channel) != 0 ||
	    memcmp(&a->today, &b->today, sizeof a->today) != 0 ||
	    memcmp(a->today_channel, b->today_channel, sizeof a->today_channel) != 0)
		d |= DIRTY_PANE(PANE_FIGURES);
	if (a->nadvisors != b->nadvisors || (a->nadvisors > 0 &&
	    memcmp(a->advisors, b->advisors, a->nadvisors * sizeof *a->advisors) != 0))
		d |= DIRTY_PANE(PANE_ADVISORS);
	if (memcmp(a->hours, b->hours, sizeof a->hours) != 0 || a->hour_from != b->hour_from ||
	    a->hour_to != b->hour_to)
		d |= DIRTY_PANE(PANE_BARS);
	if (a->noffices != b->noffices || a->reports != b->reports || (a->noffices > 0 &&
	    memcmp(a->offices, b->offices, a->noffices * sizeof *a->offices) != 0))
		d |= DIRTY_PANE(PANE_OFFICES);
	return d;
}

static void
live_refresh(struct console *con, struct vstats *vs)
{
	struct stats_live tmp;
	int64_t ms = clock_mono_ms();
	int r;
	unsigned changed;

	r = stats_live_refresh(vs->s, clock_now(), &vs->next);
	if (r < 0) {
		/* Keep the last figures; busy: again at the next tick. */
		vs->next_refresh = r == ERR_BUSY ? 0 : ms + REFRESH_MS;
		if (r != ERR_BUSY && !vs->error_told) {
			console_notice(con, 1, "Statistiche non aggiornate: %s",
			    store_errmsg(con->db.st));
			vs->error_told = 1;
		}
		vs->failed = 1;
		return;
	}
	vs->next_refresh = ms + REFRESH_MS;
	changed = !vs->have_live || vs->failed ? ALL_PANES : live_changes(&vs->live, &vs->next);
	tmp = vs->live;
	vs->live = vs->next;
	vs->next = tmp;
	vs->have_live = 1;
	vs->failed = vs->error_told = 0;
	vs->last_ok_ms = ms;
	if (changed != 0 && !vs->history)
		figures_changed(con, vs, changed);
	/* The status line's queue figures, which the desk would otherwise keep. */
	if (con->desk.queued_workers != vs->live.channel[STATS_WORKERS].waiting ||
	    con->desk.queued_companies != vs->live.channel[STATS_COMPANIES].waiting) {
		con->desk.queued_workers = vs->live.channel[STATS_WORKERS].waiting;
		con->desk.queued_companies = vs->live.channel[STATS_COMPANIES].waiting;
		con->scr.dirty |= DIRTY_STATUS;
	}
}

static void
history_clear(struct vstats *vs)
{
	stats_history_clear(&vs->by_channel);
	stats_history_clear(&vs->by_advisor);
	stats_history_clear(&vs->by_hour);
	stats_history_clear(&vs->by_day);
	vs->day_loaded = 0;
}

/* Shows "working" on the bottom line before a read that may take a while. */
static void
busy_notice(struct console *con)
{
	console_notice(con, 0, "Calcolo dello storico...");
	console_draw(con);
}

static void
busy_notice_done(struct console *con)
{
	con->notice.text[0] = '\0';
	con->notice.until = 0;
	con->scr.dirty |= DIRTY_BAR;
}

/*
 * Loads the history of from..to: 0, ERR_BUSY (try again later) or another
 * error after a notice.  The figures shown do not change unless it worked.
 * Each grouping is one pass over the chats of the range: about 0.6 s for
 * a million chats here, so the bars per day wait until they are asked for.
 */
static int
history_load(struct console *con, struct vstats *vs, int32_t from, int32_t to)
{
	struct stats_history h[3];
	static const int by[3] = { STATS_BY_CHANNEL, STATS_BY_ADVISOR, STATS_BY_HOUR };
	int i, j, r = 0;

	memset(h, 0, sizeof h);
	busy_notice(con);
	for (i = 0; i < 3 && r == 0; i++)
		r = stats_history(vs->s, from, to, by[i], &h[i]);
	busy_notice_done(con);
	if (r < 0) {
		for (j = 0; j < 3; j++)
			stats_history_clear(&h[j]);
		if (r != ERR_BUSY)
			console_notice(con, 1, "Storico non disponibile: %s",
			    store_errmsg(con->db.st));
		return r;
	}
	history_clear(vs);
	vs->by_channel = h[0];
	vs->by_advisor = h[1];
	vs->by_hour = h[2];
	vs->from = from;
	vs->to = to;
	vs->by_days = 0;
	vs->history = 1;
	memset(vs->list, 0, sizeof vs->list);
	figures_changed(con, vs, ALL_PANES | DIRTY_BAR);
	return 0;
}

/* Key o: between bars per hour and per day, reading the days the first time. */
static void
history_toggle_days(struct console *con, struct vstats *vs)
{
	int r;

	if (!vs->by_days && !vs->day_loaded) {
		busy_notice(con);
		r = stats_history(vs->s, vs->from, vs->to, STATS_BY_DAY, &vs->by_day);
		busy_notice_done(con);
		if (r == ERR_BUSY) {
			console_notice(con, 1, "Database occupato: riprovi tra un istante.");
			return;
		}
		if (r < 0) {
			console_notice(con, 1, "Storico per giorno non disponibile: %s",
			    store_errmsg(con->db.st));
			return;
		}
		vs->day_loaded = 1;
	}
	vs->by_days = !vs->by_days;
	vs->list[LIST_BARS].top = vs->list[LIST_BARS].sel = 0;
	figures_changed(con, vs, DIRTY_PANE(PANE_BARS) | DIRTY_BAR);
}

static void
history_start(struct console *con, struct vstats *vs, int32_t from, int32_t to)
{
	int r = history_load(con, vs, from, to);

	vs->pending = r == ERR_BUSY;
	if (vs->pending) {
		vs->pending_from = from;
		vs->pending_to = to;
		console_notice(con, 0, "Database occupato: lo storico arriva tra un istante.");
	}
}

/* Skips blanks and the separators allowed between two dates: "..", "-", ",", ";", "al". */
static const char *
skip_separators(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '.' || *p == ',' || *p == ';' ||
		    *p == '-')
			p++;
		if ((p[0] == 'a' || p[0] == 'A') && (p[1] == 'l' || p[1] == 'L') &&
		    (p[2] == ' ' || p[2] == '\t'))
			p += 3;
		else
			return p;
	}
}

/*
 * Reads "AAAA-MM-GG" or two of them ("dal A al B", "A B", "A..B") from s
 * into from, to.  0, or ERR_INVALID after a notice that says why.
 */
static int
parse_range(struct console *con, const char *s, int32_t *from, int32_t *to)
{
	char a[32], b[32], x[16], y[16];
	const char *p = s, *q;
	int32_t today = (int32_t)console_today(con);
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "dal ", 4) == 0 || strncmp(p, "Dal ", 4) == 0)
		p += 4;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0') {
		console_notice(con, 1, "Indichi un giorno (AAAA-MM-GG) o due, per esempio %s %s.",
		    day_format(today - 7, x, sizeof x), day_format(today, y, sizeof y));
		return ERR_INVALID;
	}
	/* The first date: up to a blank or "..". */
	for (q = p; *q != '\0' && *q != ' ' && *q != '\t' && !(q[0] == '.' && q[1] == '.'); q++)
		;
	n = (size_t)(q - p) < sizeof a - 1 ? (size_t)(q - p) : sizeof a - 1;
	memcpy(a, p, n);
	a[n] = '\0';
	p = skip_separators(q);
	for (q = p + strlen(p); q > p && (q[-1] == ' ' || q[-1] == '\t'); q--)
		;
	n = (size_t)(q - p) < sizeof b - 1 ? (size_t)(q - p) : sizeof b - 1;
	memcpy(b, p, n);
	b[n] = '\0';
	if (day_parse(a, from) < 0 || (b[0] != '\0' && day_parse(b, to) < 0)) {
		console_notice(con, 1, "Data non valida \"%s\": usare AAAA-MM-GG, per esempio %s.",
		    day_parse(a, from) < 0 ? a : b, day_format(today, x, sizeof x));
		return ERR_INVALID;
	}
	if (b[0] == '\0')
		*to = *from;
	if (*from > *to) {
		console_notice(con, 1, "Intervallo non valido: la data iniziale %s è successiva"
		    " a quella finale %s.", day_format(*from, x, sizeof x), day_format(*to, y,
		    sizeof y));
		return ERR_INVALID;
	}
	if (*to > today) {
		console_notice(con, 1, "Il %s è nel futuro: lo storico arriva a oggi, %s.",
		    day_format(*to, x, sizeof x), day_format(today, y, sizeof y));
		return ERR_INVALID;
	}
	if (*to - *from + 1 > HISTORY_MAX_DAYS) {
		console_notice(con, 1, "Intervallo troppo lungo (%d giorni): al massimo %d qui;"
		    " per periodi più lunghi usare infocig stats.", (int)(*to - *from + 1),
		    HISTORY_MAX_DAYS);
		return ERR_INVALID;
	}
	return 0;
}

/* F4 / h: asks for the range until it is valid or the prompt is cancelled. */
static void
history_ask(struct console *con, struct vstats *vs)
{
	int32_t from, to;
	char buf[sizeof vs->range];

	if (vs->range[0] == '\0')
		day_format((int32_t)console_today(con), vs->range, sizeof vs->range);
	for (;;) {
		str_lcpy(buf, vs->range, sizeof buf);
		if (dialog_prompt(con, "Storico delle statistiche",
		    "Giorno (AAAA-MM-GG) o intervallo (AAAA-MM-GG AAAA-MM-GG):", buf,
		    sizeof buf) < 0)
			return;
		str_lcpy(vs->range, buf, sizeof vs->range);
		if (parse_range(con, buf, &from, &to) == 0)
			break;
	}
	history_start(con, vs, from, to);
}

static void
history_leave(struct console *con, struct vstats *vs)
{
	vs->history = 0;
	vs->pending = 0;
	history_clear(vs);
	memset(vs->list, 0, sizeof vs->list);
	vs->next_refresh = 0;
	figures_changed(con, vs, ALL_PANES | DIRTY_BAR);
}

static int
v_open(struct console *con)
{
	struct vstats *vs;
	const char *cs;
	int r;

	vs = xcalloc(1, sizeof *vs);
	if ((r = stats_new(con->db.st, con->db.conf, &vs->s)) < 0) {
		free(vs);
		console_notice(con, 1, "Statistiche non disponibili: configurazione non valida"
		    " (service.timezone).");
		return r;
	}
	cs = nl_langinfo(CODESET);
	vs->utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	con->scr.state = vs;
	chat_data_version(con->db.cs, &vs->data_version);
	live_refresh(con, vs);
	return 0;
}

static void
v_close(struct console *con)
{
	struct vstats *vs = con->scr.state;

	if (vs == NULL)
		return;
	history_clear(vs);
	stats_live_clear(&vs->live);
	stats_live_clear(&vs->next);
	stats_free(vs->s);
	free(vs);
	con->scr.state = NULL;
}

static void
v_tick(struct console *con)
{
	struct vstats *vs = con->scr.state;
	int64_t ms = clock_mono_ms(), v;
	int stale;

	if (vs == NULL)
		return;
	if (vs->pending && history_load(con, vs, vs->pending_from, vs->pending_to) != ERR_BUSY)
		vs->pending = 0;
	/*
	 * Refresh when another process wrote, when the clock's second moved on
	 * (the waits and the clock on the title line), and at least every
	 * REFRESH_MS; the body is redrawn only when the figures changed.
	 */
	if (chat_data_version(con->db.cs, &v) == 0 && v != vs->data_version) {
		vs->data_version = v;
		vs->next_refresh = 0;
	}
	if (ms >= vs->next_refresh ||
	    (vs->have_live && !vs->failed && clock_now() != vs->live.now))
		live_refresh(con, vs);
	stale = vs->failed && ms - vs->last_ok_ms > STALE_MS;
	if (!vs->history && stale != vs->stale)
		screen_dirty(con, PANE_FIGURES);
	vs->stale = stale;
}

static int
key_history(struct console *con)
{
	history_ask(con, con->scr.state);
	return KEY_HANDLED;
}

static int
key_live(struct console *con)
{
	history_leave(con, con->scr.state);
	return KEY_HANDLED;
}

static int
key_days(struct console *con)
{
	history_toggle_days(con, con->scr.state);
	return KEY_HANDLED;
}

/* "" (its label) in the history, else NULL: Esc and l do nothing live. */
static const char *
in_history(struct console *con)
{
	struct vstats *vs = con->scr.state;

	return vs != NULL && vs->history ? "" : NULL;
}

static const char *
days_label(struct console *con)
{
	struct vstats *vs = con->scr.state;

	if (vs == NULL || !vs->history || vs->from == vs->to)
		return NULL;
	return vs->by_days ? "Per ora" : "Per giorno";
}

static const struct key_binding stats_keys[] = {
	{ KEY_F(4), 'h', 4, "Storico", "storico di un giorno o di un intervallo: AAAA-MM-GG"
	    " oppure AAAA-MM-GG AAAA-MM-GG (al massimo 366 giorni; oltre: infocig stats)",
	    FOR_SUPERVISOR, key_history, NULL },
	{ 27, 'l', 5, "Dal vivo", "dallo storico torna ai dati dal vivo", FOR_SUPERVISOR,
	    key_live, in_history },
	{ 'o', 0, 6, "Per giorno", "nello storico di più giorni: barre per ora o per giorno",
	    FOR_SUPERVISOR, key_days, days_label },
	{ 0, 0, 0, NULL, NULL, 0, NULL, NULL },
};

static const char *const help_lines[] = {
	"Statistiche della coda: si aggiornano da sole ogni secondo.",
	"Nello storico: Esc o l torna ai dati dal vivo; o (più giorni) barre per ora o giorno.",
	"Tab      passa tra operatori, barre e segnalazioni (quando non ci stanno tutte);",
	"su/giù, PgSu/PgGiu, Home/Fine si muovono nell'elenco evidenziato.",
	"",
	"Attesa max: attesa della chat in coda da più tempo.  Chat: chat in corso;",
	"Gest.: chat concluse (oggi, o nel periodo); Risp.: chat prese;",
	"T. risp.: tempo medio di risposta; T. gest.: tempo medio di gestione;",
	"Liv. serv.: quota delle chat risposte entro queue.service_level_seconds;",
	"Abbandonate: uscite dalla coda dopo almeno queue.abandon_min_seconds.",
	"Barre: risposte, poi abbandonate, poi le altre offerte (in attesa o non servite).",
	"Definizioni di ogni cifra: infocig(1), sezione STATISTICS.",
	NULL,
};

static const struct pane_ops figures_ops = {
	.name = "Cifre",
	.draw = figures_draw,
};

static const struct pane_ops advisors_ops = {
	.name = "Operatori",
	.draw = advisors_draw,
	.key = list_key,
	.can_focus = advisors_focus,
};

static const struct pane_ops bars_ops = {
	.name = "Barre",
	.draw = bars_draw,
	.key = list_key,
	.can_focus = bars_focus,
};

static const struct pane_ops offices_ops = {
	.name = "Segnalazioni",
	.draw = offices_draw,
	.key = list_key,
	.can_focus = offices_focus,
};

static const struct pane_ops *const stats_panes[] = {
	[PANE_FIGURES] = &figures_ops,
	[PANE_ADVISORS] = &advisors_ops,
	[PANE_BARS] = &bars_ops,
	[PANE_OFFICES] = &offices_ops,
	NULL,
};

const struct screen_def screen_stats = {
	.name = "stats",
	.panes = stats_panes,
	.layout = v_layout,
	.open = v_open,
	.tick = v_tick,
	.close = v_close,
	.keys = stats_keys,
	.help = help_lines,
};
