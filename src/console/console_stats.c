/*
 * The supervisors' statistics screen: the live figures of the queue (per
 * channel, today so far, per advisor, bars per hour, reports per office),
 * refreshed every second and at once when the database changes, and the
 * same figures for a day or a range of days chosen with F4 (history).  The
 * formulas live in src/stats/; this file holds what is shown, the panes
 * and their layout, the key table and the live refresh; the drawing is in
 * console_stats_draw.c, the history in console_stats_history.c.
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
#include "console_stats.h"
#include "text.h"

/* ---- the data shown: live or history ---- */

size_t
statview_bar_count(const struct vstats *vs)
{
	if (!vs->history)
		return vs->live.hour_to > vs->live.hour_from ?
		    (size_t)(vs->live.hour_to - vs->live.hour_from) : 0;
	return vs->by_days ? vs->by_day.ngroups : vs->by_hour.ngroups;
}

void
statview_bar_get(const struct vstats *vs, size_t i, struct bar *b)
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

const struct stats_figures *
statview_figures(const struct vstats *vs)
{
	return vs->history ? &vs->by_channel.total : &vs->live.today;
}

void
statview_offices(const struct vstats *vs, const struct stats_office **o, size_t *n,
    int64_t *total)
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

size_t
statview_advisor_count(const struct vstats *vs)
{
	return vs->history ? history_advisors(vs) : vs->live.nadvisors;
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

	statview_offices(vs, &o, &n, &total);
	return n;
}

/* Lines of the bars (heading included) in a region of region lines; *per: lines a bar. */
static int
bars_height(const struct vstats *vs, int region, int *per)
{
	size_t nbars = statview_bar_count(vs), noff = office_count(vs);
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

	vs->laid_bars = statview_bar_count(vs);
	vs->laid_offices = office_count(vs);
	r[PANE_FIGURES] = (struct rect){ 0, 0, ROW_REGION, w };
	r[PANE_ADVISORS] = (struct rect){ ROW_REGION, 0, region + 1, lw + 1 };
	r[PANE_BARS] = (struct rect){ ROW_REGION, rx, bars_rows + 1, rw };
	if (y < h)
		r[PANE_OFFICES] = (struct rect){ y - 1, rx, h - y + 1, rw };
}

/* Erases a list's pane; 1 when nothing was read yet (only the title shows, above). */
static int
nothing_yet(struct vstats *vs, WINDOW *w)
{
	werase(w);
	return !vs->history && !vs->have_live;
}

static void
figures_draw(struct console *con, WINDOW *w, int focused)
{
	struct vstats *vs = con->scr.state;
	int width = getmaxx(w);

	(void)focused;
	werase(w);
	statview_draw_title(con, vs, w, width);
	if (!vs->history && !vs->have_live)
		return;
	statview_draw_channels(vs, w, width);
	statview_draw_figures(con, vs, w, width);
}

static void
advisors_draw(struct console *con, WINDOW *w, int focused)
{
	struct vstats *vs = con->scr.state;
	int h, width;

	if (nothing_yet(vs, w))
		return;
	getmaxyx(w, h, width);
	statview_draw_advisors(con, vs, w, 1, 1, width - 1, h - 1, focused);
}

static void
bars_draw(struct console *con, WINDOW *w, int focused)
{
	struct vstats *vs = con->scr.state;
	int h, width, per;

	if (nothing_yet(vs, w))
		return;
	getmaxyx(w, h, width);
	bars_height(vs, con->scr.rows - 2 - ROW_REGION - 1, &per);
	statview_draw_bars(con, vs, w, 1, 0, width, h - 1, per == 3, focused);
}

static void
offices_draw(struct console *con, WINDOW *w, int focused)
{
	struct vstats *vs = con->scr.state;
	int h, width;

	if (nothing_yet(vs, w))
		return;
	getmaxyx(w, h, width);
	statview_draw_offices(con, vs, w, 1, 0, width, h - 1, focused);
}

/* Each list: the list widget moves its selection. */
static int
list_key(struct console *con, int key)
{
	struct vstats *vs = con->scr.state;

	return list_view_key(&vs->list[con->scr.focus - 1], key);
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
void
statview_changed(struct console *con, struct vstats *vs, unsigned panes)
{
	con->scr.dirty |= panes;
	if (statview_bar_count(vs) != vs->laid_bars || office_count(vs) != vs->laid_offices)
		con->scr.relayout = 1;
}


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
		statview_changed(con, vs, changed);
	/* The status line's queue figures, which the desk would otherwise keep. */
	if (con->desk.queued_workers != vs->live.channel[CHANNEL_WORKERS].waiting ||
	    con->desk.queued_companies != vs->live.channel[CHANNEL_COMPANIES].waiting) {
		con->desk.queued_workers = vs->live.channel[CHANNEL_WORKERS].waiting;
		con->desk.queued_companies = vs->live.channel[CHANNEL_COMPANIES].waiting;
		con->scr.dirty |= DIRTY_STATUS;
	}
}

static int
v_open(struct console *con)
{
	struct vstats *vs;
	const char *cs;
	int r;

	vs = xcalloc(1, sizeof *vs);
	if ((r = stats_new(con->db.st, con->conf, &vs->s)) < 0) {
		free(vs);
		console_notice(con, 1, "Statistiche non disponibili: configurazione non valida"
		    " (service.timezone).");
		return r;
	}
	cs = nl_langinfo(CODESET);
	vs->utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	con->scr.state = vs;
	store_chat_data_version(con->db.cs, &vs->data_version);
	live_refresh(con, vs);
	return 0;
}

static void
v_close(struct console *con)
{
	struct vstats *vs = con->scr.state;

	if (vs == NULL)
		return;
	statview_history_cancel(vs);
	statview_history_clear(vs);
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
	statview_history_poll(con, vs);
	if (vs->pending && vs->job == NULL &&
	    statview_history_load(con, vs, vs->pending_from, vs->pending_to) != ERR_BUSY)
		vs->pending = 0;
	/*
	 * Refresh when another process wrote, when the clock's second moved on
	 * (the waits and the clock on the title line), and at least every
	 * REFRESH_MS; the body is redrawn only when the figures changed.
	 */
	if (store_chat_data_version(con->db.cs, &v) == 0 && v != vs->data_version) {
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
	statview_history_ask(con, con->scr.state);
	return KEY_HANDLED;
}

static int
key_live(struct console *con)
{
	statview_history_leave(con, con->scr.state);
	return KEY_HANDLED;
}

static int
key_days(struct console *con)
{
	statview_history_toggle_days(con, con->scr.state);
	return KEY_HANDLED;
}

/*
 * "" (its label) in the history or while one is computed (Esc stops it),
 * else NULL: Esc and l do nothing live.
 */
static const char *
in_history(struct console *con)
{
	struct vstats *vs = con->scr.state;

	return vs != NULL && (vs->history || vs->job != NULL) ? "" : NULL;
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
	    " oppure AAAA-MM-GG AAAA-MM-GG (al massimo dieci anni; oltre: infocig stats)",
	    FOR_SUPERVISOR, key_history, NULL },
	{ 27, 'l', 5, "Dal vivo", "dallo storico (o dal suo calcolo) torna ai dati dal vivo",
	    FOR_SUPERVISOR,
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
	.can_focus = pane_always,
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
