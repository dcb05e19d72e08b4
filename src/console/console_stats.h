/*
 * Private to the statistics screen (console_stats.c, its drawing in
 * console_stats_draw.c, its history in console_stats_history.c).
 */
#ifndef INFOCIG_CONSOLE_STATS_H
#define INFOCIG_CONSOLE_STATS_H

#include "console_internal.h"
#include "stats.h"

#define REFRESH_MS 1000
#define STALE_MS 2500		/* figures older than this get a mark */
#define HISTORY_MAX_DAYS 3660	/* ten years: the aggregates answer at once */

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
	struct hist_job *job;		/* a history being computed off the loop */

	struct list_view list[NLISTS];
	size_t laid_bars, laid_offices;	/* the counts the layout was made for */
};


#define ALL_PANES (DIRTY_PANE(PANE_FIGURES) | DIRTY_PANE(PANE_ADVISORS) | \
    DIRTY_PANE(PANE_BARS) | DIRTY_PANE(PANE_OFFICES))

/* console_stats.c: what is shown, live or history. */
size_t statview_bar_count(const struct vstats *vs);
void statview_bar_get(const struct vstats *vs, size_t i, struct bar *b);
const struct stats_figures *statview_figures(const struct vstats *vs);
void statview_offices(const struct vstats *vs, const struct stats_office **o, size_t *n,
    int64_t *total);
size_t statview_advisor_count(const struct vstats *vs);
/* The figures changed: redraws panes (DIRTY_* bits), lays out again when counts moved. */
void statview_changed(struct console *con, struct vstats *vs, unsigned panes);

/* console_stats_draw.c: each part at (y, x) of w, width columns, rows lines. */
void statview_draw_title(struct console *con, struct vstats *vs, WINDOW *w, int width);
void statview_draw_channels(struct vstats *vs, WINDOW *w, int width);
void statview_draw_figures(struct console *con, struct vstats *vs, WINDOW *w, int width);
void statview_draw_advisors(struct console *con, struct vstats *vs, WINDOW *w, int y, int x,
    int width, int rows, int focused);
void statview_draw_bars(struct console *con, struct vstats *vs, WINDOW *w, int y, int x,
    int width, int rows, int separate, int focused);
void statview_draw_offices(struct console *con, struct vstats *vs, WINDOW *w, int y, int x,
    int width, int rows, int focused);

/* console_stats_history.c: a day or a range of days instead of the live figures. */
void statview_history_clear(struct vstats *vs);
/* 0, ERR_BUSY (try again later) or another error after a notice. */
int statview_history_load(struct console *con, struct vstats *vs, int32_t from, int32_t to);
void statview_history_toggle_days(struct console *con, struct vstats *vs);
/* F4 / h: asks for the range until it is valid or the prompt is cancelled. */
void statview_history_ask(struct console *con, struct vstats *vs);
void statview_history_leave(struct console *con, struct vstats *vs);
/*
 * From the tick: the progress line of the history being computed on its
 * own thread and connection, and its figures when it is done.
 */
void statview_history_poll(struct console *con, struct vstats *vs);
/* Stops and forgets the history being computed, if any. */
void statview_history_cancel(struct vstats *vs);

#endif
