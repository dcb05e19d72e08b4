/*
 * Private to the office operators' screen (console_office.c, its detail
 * pane in console_office_detail.c).
 */
#ifndef INFOCIG_CONSOLE_OFFICE_H
#define INFOCIG_CONSOLE_OFFICE_H

#include "console_internal.h"
#include "report.h"

/* The panes: the tabs line, the list of the tab shown, the selected report. */
enum { OFFICE_TABS, OFFICE_LIST, OFFICE_DETAIL };

struct office_tab {
	struct report *rows;
	struct list_view v;
};

struct office_view {
	struct store_office office;	/* code "" when it could not be read */
	struct office_tab tabs[REPORT_STATUS_COUNT];
	int cur;			/* the tab shown: enum report_status */
	char error[320];		/* why the lists could not be read; "" when read */
	int64_t version;		/* data_version seen last */
	int changed;			/* the database changed since the last reading */
	int64_t next_reload;		/* monotonic ms */
	int loaded;
	int64_t newest;			/* highest id of a nuova report seen, for the notice */
	/* The selected report in full. */
	struct report det;
	struct report_note *notes;
	size_t nnotes;
	int has_det;
	int dscroll;			/* detail lines scrolled off the top */
};

/* console_office.c: the id of the selected report, 0 when none. */
int64_t office_selected_id(struct office_view *v);

/* console_office_detail.c: the selected report in full, and its pane. */
void office_detail_clear(struct office_view *v);
/* Reads the selected report and its history; the scroll is kept for the same report. */
void office_detail_load(struct console *con, struct office_view *v);
/* The whole selected report in a dialog, for a narrow screen or a long text. */
void office_show_full(struct console *con, struct office_view *v);
extern const struct pane_ops office_detail_ops;

#endif
