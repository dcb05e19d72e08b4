/*
 * The statistics screen's drawing: the title, the channel table, the
 * figures of today or of the range, the advisors, the bars per hour or per
 * day and the reports per office, each laid out for the width it gets.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "console_stats.h"
#include "text.h"

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
	char full[32];

	/* "24/11/2026 ore 16:30:00": the date is always ten characters. */
	calendar_format_time(con->tz, t, CLOCK_IT_SECONDS, full, sizeof full);
	snprintf(buf, size, "%.10s ore %s", full, full + 11);
}

/* ---- the title ---- */

void
statview_draw_title(struct console *con, struct vstats *vs, WINDOW *w, int width)
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
	case 0: snprintf(v, size, "%s", chat_channel_name(k)); break;
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

void
statview_draw_channels(struct vstats *vs, WINDOW *w, int width)
{
	const struct column *cols = vs->history ? history_channel_cols : live_channel_cols;
	int ncols = vs->history ? (int)nitems(history_channel_cols) :
	    (int)nitems(live_channel_cols);
	char v[32];
	int k, i, x;

	ncols = put_heads(w, ROW_CHANNELS, 1, width - 2, cols, ncols);
	for (k = 0; k < CHANNEL_COUNT; k++) {
		for (i = 0, x = 1; i < ncols; x += cols[i].width + 1, i++) {
			if (vs->history)
				history_channel_cell(history_channel(vs, k), chat_channel_name(k),
				    i, v, sizeof v);
			else
				live_channel_cell(vs, k, i, v, sizeof v);
			put_cell(w, ROW_CHANNELS + 1 + k, x, &cols[i], v);
		}
	}
}

/* ---- the figures of today, or of the range ---- */

void
statview_draw_figures(struct console *con, struct vstats *vs, WINDOW *w, int width)
{
	const struct stats_figures *f = statview_figures(vs);
	const struct stats_config *cfg = stats_config(vs->s);
	char title[64], t[16], labels[4][4][32], values[4][4][32];
	int ncols = width >= 112 ? 4 : 3, cw = (width - 2) / ncols, c, r, x;
	int64_t closed = f->outcomes[OUTCOME_RESOLVED] + f->outcomes[OUTCOME_LINEA_INPS] +
	    f->outcomes[OUTCOME_OTHER];

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
	unsigned both = (1u << CHANNEL_WORKERS) | (1u << CHANNEL_COMPANIES);

	if ((ch & both) == both)
		return "lav+az";
	if (ch & (1u << CHANNEL_WORKERS))
		return "lav";
	if (ch & (1u << CHANNEL_COMPANIES))
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

void
statview_draw_advisors(struct console *con, struct vstats *vs, WINDOW *w, int y, int x, int width,
    int rows, int focused)
{
	struct column cols[8];
	const struct column *set;
	int ncols, i, row, cx, fixed = 0, wide = width >= 76;
	size_t k, n = statview_advisor_count(vs), idx;
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
	size_t i, n = statview_bar_count(vs);
	struct bar b;
	int64_t max = 0;

	for (i = 0; i < n; i++) {
		statview_bar_get(vs, i, &b);
		if (b.offered > max)
			max = b.offered;
	}
	return max;
}

/*
 * The bars from line y, rows lines, one line per bar (stacked) or three
 * (separate: offered, answered, abandoned).
 */
void
statview_draw_bars(struct console *con, struct vstats *vs, WINDOW *w, int y, int x, int width,
    int rows, int separate, int focused)
{
	static const char *const kinds[2][3] = {
		{ "off.", "risp.", "abb." }, { "offerte", "risposte", "abbandonate" },
	};
	struct list_view *l = &vs->list[LIST_BARS];
	size_t i, n = statview_bar_count(vs);
	int64_t max = bars_max(vs), v[3];
	int per = separate ? 3 : 1, lw = 2, bw, k, row, long_kinds = width >= 40, kw;
	char title[64], num[24], head[96];
	struct bar b;

	for (i = 0; i < n; i++) {
		statview_bar_get(vs, i, &b);
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
		statview_bar_get(vs, i, &b);
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

void
statview_draw_offices(struct console *con, struct vstats *vs, WINDOW *w, int y, int x, int width,
    int rows, int focused)
{
	struct list_view *l = &vs->list[LIST_OFFICES];
	const struct stats_office *o;
	size_t n, i;
	int64_t total;
	int row, cw = 8;
	char title[128], what[48], num[24];

	statview_offices(vs, &o, &n, &total);
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

