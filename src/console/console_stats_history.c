/*
 * The statistics screen's history: the figures of a day or of a range of
 * days asked at a prompt (F4), read in one pass per grouping, retried while
 * the database is busy, left with Esc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_stats.h"

void
statview_history_clear(struct vstats *vs)
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
int
statview_history_load(struct console *con, struct vstats *vs, int32_t from, int32_t to)
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
	statview_history_clear(vs);
	vs->by_channel = h[0];
	vs->by_advisor = h[1];
	vs->by_hour = h[2];
	vs->from = from;
	vs->to = to;
	vs->by_days = 0;
	vs->history = 1;
	memset(vs->list, 0, sizeof vs->list);
	statview_changed(con, vs, ALL_PANES | DIRTY_BAR);
	return 0;
}

/* Key o: between bars per hour and per day, reading the days the first time. */
void
statview_history_toggle_days(struct console *con, struct vstats *vs)
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
	statview_changed(con, vs, DIRTY_PANE(PANE_BARS) | DIRTY_BAR);
}

static void
history_start(struct console *con, struct vstats *vs, int32_t from, int32_t to)
{
	int r = statview_history_load(con, vs, from, to);

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
void
statview_history_ask(struct console *con, struct vstats *vs)
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

void
statview_history_leave(struct console *con, struct vstats *vs)
{
	vs->history = 0;
	vs->pending = 0;
	statview_history_clear(vs);
	memset(vs->list, 0, sizeof vs->list);
	vs->next_refresh = 0;
	statview_changed(con, vs, ALL_PANES | DIRTY_BAR);
}

