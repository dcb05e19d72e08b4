/*
 * The statistics screen's history: the figures of a day or of a range of
 * days asked at a prompt (F4), computed off the loop with a progress line,
 * retried while the database is busy, left (or stopped) with Esc.
 */
#include <pthread.h>
#include <stdatomic.h>
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

/*
 * A history being computed on its own thread with its own read-only
 * connection, so that the loop keeps drawing and reading keys: from the
 * aggregates it takes milliseconds, from the chats (aggregates not built, or
 * built with another configuration) about a second per million chats and
 * grouping.  The loop reads permille and done; the thread reads cancel.
 */
enum { JOB_CHANNEL, JOB_ADVISOR, JOB_HOUR, JOB_DAY, JOB_NBY };

struct hist_job {
	pthread_t thread;
	char *path;
	const struct conf *conf;	/* read only, shared with the loop */
	int32_t from, to;
	struct stats_history h[JOB_NBY];
	int r;
	char err[200];
	atomic_int step, permille, done, cancel;
	atomic_int from_chats;		/* the aggregates cannot answer: slow */
};

static int
job_progress(void *arg, int permille)
{
	struct hist_job *j = arg;

	atomic_store(&j->permille, permille);
	return atomic_load(&j->cancel);
}

static void *
job_run(void *arg)
{
	static const int by[JOB_NBY] = {
		STATS_BY_CHANNEL, STATS_BY_ADVISOR, STATS_BY_HOUR, STATS_BY_DAY,
	};
	struct hist_job *j = arg;
	struct store *st = NULL;
	struct stats *s = NULL;
	int i;

	j->r = store_open(j->path, STORE_READONLY, &st, j->err, sizeof j->err);
	if (j->r == 0 && (j->r = stats_new(st, j->conf, &s)) == 0) {
		stats_set_progress(s, job_progress, j);
		atomic_store(&j->from_chats, stats_aggregates_state(s, NULL, 0) !=
		    STATS_AGG_CURRENT);
		for (i = 0; i < JOB_NBY && j->r == 0; i++) {
			atomic_store(&j->step, i);
			atomic_store(&j->permille, 0);
			j->r = stats_history(s, j->from, j->to, by[i], &j->h[i]);
		}
		if (j->r < 0)
			snprintf(j->err, sizeof j->err, "%s", store_errmsg(st));
	}
	stats_free(s);
	store_close(st);
	atomic_store(&j->done, 1);
	return NULL;
}

static void
job_free(struct hist_job *j)
{
	int i;

	for (i = 0; i < JOB_NBY; i++)
		stats_history_clear(&j->h[i]);
	free(j->path);
	free(j);
}

void
statview_history_cancel(struct vstats *vs)
{
	if (vs->job == NULL)
		return;
	atomic_store(&vs->job->cancel, 1);
	pthread_join(vs->job->thread, NULL);
	job_free(vs->job);
	vs->job = NULL;
}

static void
progress_notice(struct console *con, struct vstats *vs)
{
	struct hist_job *j = vs->job;
	char a[11], b[11];
	int pct = (atomic_load(&j->step) * 1000 + atomic_load(&j->permille)) / (JOB_NBY * 10);

	const char *why = atomic_load(&j->from_chats) ?
	    " (dalle chat: infocig stats --rebuild lo rende immediato)" : "";

	day_format(j->from, a, sizeof a);
	day_format(j->to, b, sizeof b);
	if (j->from == j->to)
		console_notice(con, 0, "Calcolo dello storico del %s: %d%%...%s", a, pct, why);
	else
		console_notice(con, 0, "Calcolo dello storico dal %s al %s: %d%%...%s", a, b,
		    pct, why);
}

/*
 * Starts computing the history of from..to (a running one is dropped): 0,
 * or an error after a notice.  The figures shown change when it is done.
 */
int
statview_history_load(struct console *con, struct vstats *vs, int32_t from, int32_t to)
{
	struct hist_job *j;

	statview_history_cancel(vs);
	j = xcalloc(1, sizeof *j);
	j->path = xstrdup(store_path(con->db.st));
	j->conf = con->conf;
	j->from = from;
	j->to = to;
	if (pthread_create(&j->thread, NULL, job_run, j) != 0) {
		job_free(j);
		console_notice(con, 1, "Storico non disponibile: %s", err_text(ERR_NOMEM));
		return ERR_NOMEM;
	}
	vs->job = j;
	progress_notice(con, vs);
	return 0;
}

void
statview_history_poll(struct console *con, struct vstats *vs)
{
	struct hist_job *j = vs->job;

	if (j == NULL)
		return;
	if (!atomic_load(&j->done)) {
		progress_notice(con, vs);
		return;
	}
	pthread_join(j->thread, NULL);
	vs->job = NULL;
	con->notice.text[0] = '\0';
	con->notice.until = 0;
	con->scr.dirty |= DIRTY_BAR;
	if (j->r == ERR_BUSY) {
		vs->pending = 1;
		vs->pending_from = j->from;
		vs->pending_to = j->to;
		console_notice(con, 0, "Database occupato: lo storico arriva tra un istante.");
		job_free(j);
		return;
	}
	if (j->r < 0) {
		console_notice(con, 1, "Storico non disponibile: %s", j->err);
		job_free(j);
		return;
	}
	statview_history_clear(vs);
	vs->by_channel = j->h[JOB_CHANNEL];
	vs->by_advisor = j->h[JOB_ADVISOR];
	vs->by_hour = j->h[JOB_HOUR];
	vs->by_day = j->h[JOB_DAY];
	memset(j->h, 0, sizeof j->h);
	vs->day_loaded = 1;
	vs->from = j->from;
	vs->to = j->to;
	vs->by_days = 0;
	vs->history = 1;
	memset(vs->list, 0, sizeof vs->list);
	job_free(j);
	statview_changed(con, vs, ALL_PANES | DIRTY_BAR);
}

/* Key o: between bars per hour and per day (both computed with the history). */
void
statview_history_toggle_days(struct console *con, struct vstats *vs)
{
	if (!vs->day_loaded)
		return;
	vs->by_days = !vs->by_days;
	vs->list[LIST_BARS].top = vs->list[LIST_BARS].sel = 0;
	statview_changed(con, vs, DIRTY_PANE(PANE_BARS) | DIRTY_BAR);
}

static void
history_start(struct console *con, struct vstats *vs, int32_t from, int32_t to)
{
	vs->pending = 0;
	statview_history_load(con, vs, from, to);
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
	if (vs->job != NULL) {
		statview_history_cancel(vs);
		con->notice.text[0] = '\0';
		con->notice.until = 0;
	}
	vs->history = 0;
	vs->pending = 0;
	statview_history_clear(vs);
	memset(vs->list, 0, sizeof vs->list);
	vs->next_refresh = 0;
	statview_changed(con, vs, ALL_PANES | DIRTY_BAR);
}

