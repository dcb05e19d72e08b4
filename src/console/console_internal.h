/*
 * Private to src/console/: the console's state, its screens, panes and
 * dialogs.
 *
 * Every screen (the desk, the statistics, the office) is a set of panes of
 * one kind: an ops table (name, draw, key, resize, its key table, its
 * help), in the manner of htop's Panel.  The screen manager
 * (console_screen.c) owns each screen's layout, the focus and the dirty
 * flags; each pass of the loop redraws the dirty panes with wnoutrefresh
 * and calls doupdate once.  Key handlers return bits (handled, redraw,
 * quit).  Keys map to bindings (console_keys.c: the console's, the
 * screen's, the focused pane's) that also feed the help screen and the
 * function-key bar.  Every list moves with one widget (console_list.c).
 */
#ifndef INFOCIG_CONSOLE_INTERNAL_H
#define INFOCIG_CONSOLE_INTERNAL_H

#include <curses.h>
#include <stdint.h>

#include "calendar.h"
#include "store_chat.h"
#include "conf.h"
#include "lookup.h"
#include "report.h"
#include "store.h"

enum pane_id { PANE_QUEUE, PANE_MINE, PANE_CONV, PANE_CASE, PANE_COUNT };

/* The most panes a screen has. */
#define PANES_MAX 5

/* Dirty bits: one per pane of the screen shown, then the status line and the key bar. */
#define DIRTY_PANE(i) (1u << (i))
#define DIRTY_STATUS (1u << PANES_MAX)
#define DIRTY_BAR (1u << (PANES_MAX + 1))
#define DIRTY_ALL (~0u)

/* What a key handler did, as bits (htop's HandlerResult). */
enum { KEY_UNHANDLED = 0, KEY_HANDLED = 1, KEY_REDRAW = 2, KEY_QUIT = 4 };

/* Colour pairs (attributes only under NO_COLOR or on a monochrome terminal). */
enum { PAIR_TITLE = 1, PAIR_SELECT, PAIR_UNREAD, PAIR_ERROR, PAIR_DIM, PAIR_BAR };

/*
 * The attributes of what the console draws, filled once by screen_init for
 * a colour terminal, or for NO_COLOR and monochrome ones.
 */
enum attr_id {
	ATTR_FOCUS,		/* the title of the focused pane, the current tab */
	ATTR_STATUS,		/* the status line */
	ATTR_SELECT,		/* the selected row of the focused list */
	ATTR_MARK,		/* a row that asks for attention (unread, came back) */
	ATTR_ERROR,		/* an error on the bottom line or in a pane */
	ATTR_DIM,		/* a note, an offline advisor */
	ATTR_BAR,		/* the labels of the key bar */
	ATTR_WARN,		/* a paused advisor, abandoned chats in the bars */
	ATTR_FAINT,		/* the rest of the offered chats in the bars */
	ATTR_COUNT
};

/* Who an action is for. */
enum { FOR_ADVISOR = 1, FOR_SUPERVISOR = 2, FOR_OFFICE = 4, FOR_STAFF = 7, FOR_DESK = 3 };

struct console;

/*
 * A key bound to an action.  A pane's, a screen's and the console's tables
 * drive the dispatch, the key bar and the help screen: a binding is
 * written once.  A table ends with an entry whose fn is NULL.
 */
struct key_binding {
	int key;		/* KEY_F(n), KEY_*, a control or a character */
	int alt;		/* another key for it (a letter: not while typing), or 0 */
	int at;			/* its place in the key bar, 0 when not there */
	const char *label;	/* its word in the key bar */
	const char *help;	/* Italian, for the help screen; NULL: not listed */
	int who;		/* FOR_* bits; 0 for everyone */
	int (*fn)(struct console *con);	/* KEY_* bits */
	/* Its label now, or NULL when it does not apply now; NULL: always label. */
	const char *(*now)(struct console *con);
};

/* One pane of a screen: an ops table, as htop's Panel. */
struct pane_ops {
	const char *name;
	/* Draws the whole of its window w. */
	void (*draw)(struct console *con, WINDOW *w, int focused);
	/* Keys no binding took: KEY_* bits (KEY_REDRAW redraws this pane). */
	int (*key)(struct console *con, int key);
	/* After its window was made again for a new size; may be NULL. */
	void (*resize)(struct console *con, WINDOW *w);
	/* 1 when it takes the focus now; NULL: never (a pane only shown). */
	int (*can_focus)(struct console *con);
	/* 1 when letters typed go into it (then letter bindings wait); may be NULL. */
	int (*typing)(struct console *con);
	const struct key_binding *keys;	/* its actions, or NULL */
	const char *const *help;	/* its other keys, Italian, NULL-terminated, or NULL */
};

/* Where a pane goes in the body (the lines between the status line and the bar). */
struct rect {
	int y, x, h, w;
};

/*
 * A screen: the desk (console_desk.c), the supervisors' statistics
 * (console_stats.c), the office's reports (console_office.c).
 * The screen manager (console_screen.c) owns its windows, focus and dirty
 * flags; its state hangs from con->scr.state.
 */
struct screen_def {
	const char *name;
	const struct pane_ops *const *panes;	/* NULL-terminated, at most PANES_MAX */
	/* Places pane i in r[i] within a body h lines by w columns; h 0 hides it. */
	void (*layout)(struct console *con, int h, int w, struct rect *r);
	/* When the screen is shown: 0, or negative after a console_notice(); may be NULL. */
	int (*open)(struct console *con);
	/* About every 250 ms: refresh data when due, mark what changed dirty. */
	void (*tick)(struct console *con);
	/* Frees con->scr.state; may be NULL. */
	void (*close)(struct console *con);
	/* After the focus moved; may be NULL. */
	void (*focus_changed)(struct console *con);
	const struct key_binding *keys;	/* its actions beside the panes', or NULL */
	const char *const *help;	/* more help lines, or NULL */
	const char *hint;		/* dim, at the right of the key bar, or NULL */
};
extern const struct screen_def screen_desk, screen_stats, screen_office;

/* The screen manager's state. */
struct screen_mgr {
	const struct screen_def *cur;
	void *state;			/* the screen's own */
	WINDOW *win[PANES_MAX];		/* NULL for a hidden pane */
	int npanes;
	WINDOW *status, *bar;
	int rows, cols;
	int too_small;
	int focus;			/* index of the focused pane */
	unsigned dirty;
	int relayout;			/* the screen asks for its layout again */
	int colors;
	int attr[ATTR_COUNT];
	/*
	 * The keys of what has the focus when it is not a screen (a form, a
	 * dialog): "F2", "Invia", ... pairs, NULL-terminated; NULL for the
	 * screen's own bindings.  The key bar draws these.
	 */
	const char *const *bar_keys;
	/*
	 * A form that has the focus over the screen: its key table (the key
	 * bar draws it) and its state for the bindings' functions; NULL when
	 * none.
	 */
	const struct key_binding *modal_keys;
	void *modal;
};

/*
 * A list with a selection that the view follows: every list of the console
 * moves the same way (up/down a row, PgUp/PgDn a page, Home/End the ends).
 */
struct list_view {
	size_t n;		/* rows in the list */
	size_t sel;		/* the selected row (0 when the list is empty) */
	size_t top;		/* the first row shown */
	int rows;		/* rows shown at the last draw */
};

/* A list of chats with a selection and a scroll offset. */
struct desk_list {
	struct chat_desk_row *rows;
	size_t cap;
	struct list_view v;
};

/* One line of the conversation: a message or a hand-over note. */
struct convo_line {
	int64_t id;		/* message id, 0 for a note */
	int64_t at;
	int64_t account_id;	/* who wrote it: the advisor for their lines, 0 if unknown */
	char sender[8];		/* "user", "advisor", "system", "note" */
	char *text;		/* sanitized, owned */
};

struct convo {
	int64_t chat_id;	/* 0 when none is open */
	struct chat_desk_row row;
	struct convo_line *lines;
	size_t n, cap;
	int64_t last_id;
	int scroll;		/* screen lines up from the bottom */
	int person_typing;	/* the person is typing (issue 15), as last read */
	int64_t typing_marked;	/* clock_mono_ms() of the advisor's last typing mark */
};

/* One application of the case, as its list line shows it; done once computed. */
struct case_summary {
	int done;
	int64_t id;
	char number[24];
	char line[200];		/* "CIGO-2026-D00004 CIGO In istruttoria ..." */
};

/* The case pane: a person or company, their applications and the selected timeline. */
struct case_view {
	int open;
	int manual;		/* opened by a lookup (F4), not for the open chat */
	int64_t chat_id;	/* the chat it was opened for, 0 for a manual lookup */
	struct lookup lk;
	/*
	 * One per application (owned), each computed when its row is first
	 * shown (case_summary): a large employer has hundreds.
	 */
	struct case_summary *summaries;
	size_t nsummaries;
	struct list_view lv;	/* the application list, paged; lv.sel is the selected one */
	struct practice p;
	struct timeline t;
	int has_timeline;
	char **lines;		/* rendered text, owned */
	size_t nlines;
	int scroll;
	size_t first_practice_line;	/* where the application list's page starts */
};

/* Application i of the open case with its list line, computed on first use. */
const struct case_summary *case_summary(struct console *con, size_t i);

/* The single-line editor under the conversation. */
#define INPUT_MAX 1024
#define INPUT_HISTORY 32
struct input {
	char buf[INPUT_MAX];
	size_t len, cur;	/* bytes; cur is always at a character boundary */
	size_t left;		/* first byte shown (horizontal scroll) */
	char *hist[INPUT_HISTORY];
	int nhist, hpos;
};

/* Per-chat newest message id the advisor has seen, for unread marks. */
struct seen {
	int64_t chat_id, message_id;
};

/* Advisors' names by account id, for the lines they wrote. */
struct name_entry {
	int64_t id;
	char name[96];
};

struct canned_reply {
	char *key, *title, *text;
};

/* The connection to the database and what is read once from it or from files. */
struct console_db {
	struct store *st;
	struct store *cs;
	struct store *rs;
	const char *datadir;
	struct report_topics *topics;	/* NULL when data/report_topics.csv is unusable */
	int64_t data_version;
};

/* The timers of the loop (monotonic ms). */
struct console_clock {
	int64_t next_heartbeat, next_clock, next_poll;
	int64_t status_minute;	/* the minute the status line's clock shows */
};

/* The advisor's desk: lists, conversation, case, input line and what it remembers. */
struct desk {
	char channels[40];
	enum advisor_state state;	/* available or paused */
	struct desk_list queue, mine;
	struct convo conv;
	struct case_view cv;
	struct input in;
	struct seen *seen;
	size_t nseen, capseen;
	struct name_entry *names;
	size_t nnames;
	struct canned_reply *canned;
	size_t ncanned;
	int queued_workers, queued_companies;
	int loaded;		/* the lists were read once: changes after are news */
	int64_t taking;		/* the chat being taken now: not news for the bell */
	int64_t queue_drawn_at;	/* the second whose waits the queue shows */
};

/* The bottom line's message, shown for a few seconds over the key bar. */
struct console_notice {
	char text[200];
	int error;
	int64_t until;		/* monotonic ms, 0 when none */
};

struct console {
	struct store_account me;
	int readonly;		/* supervisors watch; they do not take or write */
	/* The configuration, and the service calendar made from it at start. */
	const struct conf *conf;
	struct service_hours hours;
	int tz;
	struct console_db db;
	struct console_clock clk;
	struct screen_mgr scr;
	struct desk desk;
	struct console_notice notice;
	int quit;
};

/* console_main.c */
void console_notice(struct console *con, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reloads lists and new lines when the database changed (or always with force). */
void console_refresh(struct console *con, int force);
/* Redraws what is dirty; used by dialogs' own loops too. */
void console_draw(struct console *con);
/* Periodic work (heartbeat, clock, database changes); call when idle. */
void console_idle(struct console *con);
int64_t console_today(struct console *con);

/* Shows screen def; closes the one shown before.  When def cannot open, the desk. */
void console_set_screen(struct console *con, const struct screen_def *def);

/* console_screen.c */
void screen_init(struct console *con);
void screen_end(struct console *con);
/* Makes the windows of the screen shown for the terminal's size; marks all dirty. */
void screen_layout(struct console *con);
void screen_draw(struct console *con);
/* Marks the pane of the screen shown at index i dirty. */
void screen_dirty(struct console *con, int i);
/* Moves the focus to the next (dir 1) or previous (-1) pane that takes it. */
void screen_focus_step(struct console *con, int dir);
/* The window of pane i of the screen shown (NULL when hidden). */
WINDOW *screen_win(struct console *con, int i);
/* A can_focus for the panes that always take the focus. */
int pane_always(struct console *con);
void screen_frame(struct console *con, WINDOW *w, const char *title, int focused);
/* Writes s clipped to width columns at (y, x); returns the columns used. */
int screen_put(WINDOW *w, int y, int x, const char *s, int width);
/* Writes s wrapped at width over at most rows rows from (y, x); returns the rows used. */
int screen_put_wrapped(WINDOW *w, int y, int x, const char *s, int width, int rows);
/* Bytes of s that fit in width columns. */
size_t screen_fit(const char *s, int width);
void screen_age(int64_t seconds, char *buf, size_t size);	/* "3m05s" */
void screen_age_short(int64_t seconds, char *buf, size_t size);	/* "45s", "3m", "1h05" */
void screen_hhmm(struct console *con, int64_t t, char *buf, size_t size);

/* console_list.c: the list widget. */
/* Sets n and the rows shown, and keeps the selection in the list and in view. */
void list_view_fit(struct list_view *l, size_t n, int rows);
/* A movement key: KEY_HANDLED, with KEY_REDRAW when the selection moved; else KEY_UNHANDLED. */
int list_view_key(struct list_view *l, int key);
/* "Operatori (12)", or "Operatori 1-11 di 25" when they do not all show. */
void list_view_title(const struct list_view *l, const char *what, char *buf, size_t size);
/* The desk's chat lists: rows formatted by format, the selection followed. */
void pane_list_draw(struct console *con, WINDOW *w, struct desk_list *l, int focused,
    void (*format)(struct console *, const struct chat_desk_row *, char *, size_t, int *),
    const char *empty);

/* console_keys.c: dispatch, key bar and help, from the key tables. */
int keys_dispatch(struct console *con, int key);
void keys_draw_bar(struct console *con, WINDOW *w);
void keys_help(struct console *con);
/* The bar for a form or a dialog: "key", "label" pairs, NULL-terminated. */
void keys_draw_pairs(struct console *con, WINDOW *w, const char *const *pairs);
/* The binding of key in table t that applies now (letters too when letters), or NULL. */
const struct key_binding *keys_find(struct console *con, const struct key_binding *t, int key,
    int letters);
/* The help of a form: its table's keys, then the lines of more (NULL-terminated, or NULL). */
void keys_help_table(struct console *con, const char *title, const struct key_binding *t,
    const char *const *more);

/* console_input.c */
/* Edits in by key; 1 when it was an editing key, 0 otherwise. */
int input_key(struct input *in, int key);
void input_insert(struct input *in, const char *s);
void input_set(struct input *in, const char *s);
void input_clear(struct input *in);
void input_remember(struct input *in);
void input_draw(struct input *in, WINDOW *w, int y, int x, int width, int focused);
void input_free(struct input *in);

/* console_dialog.c: modal dialogs over the panes; the panes keep updating. */
/* Chooses one of n items; returns its index, or -1 when cancelled. */
int dialog_menu(struct console *con, const char *title, const char *const *items, size_t n,
    size_t initial);
/* Asks for one line into buf (prefilled with its content); 0, or -1 when cancelled. */
int dialog_prompt(struct console *con, const char *title, const char *label, char *buf,
    size_t size);
/* The same for a field that must not stay blank: Enter on blank shows error and waits. */
int dialog_prompt_required(struct console *con, const char *title, const char *label,
    char *buf, size_t size, const char *error);
/* Shows lines of text until a key is pressed. */
void dialog_text(struct console *con, const char *title, const char *const *lines, size_t n);
/* Yes/no; 1 for yes. */
int dialog_confirm(struct console *con, const char *question);

/* console_desk.c: the lists, the conversation and the actions on chats. */
void desk_reload(struct console *con);
void desk_poll_messages(struct console *con);
/* Whether the open chat's person is typing now; redraws the pane when that changed. */
void desk_poll_typing(struct console *con);
/* The advisor edited the reply: the open chat is marked, at most every few seconds. */
void desk_typing_mark(struct console *con);
void desk_open_chat(struct console *con, int64_t chat_id);
void desk_take(struct console *con, int selected);
void desk_send(struct console *con);
void desk_transfer(struct console *con);
void desk_close(struct console *con);
void desk_toggle_state(struct console *con);
void desk_free(struct console *con);
int desk_unread(struct console *con, const struct chat_desk_row *row);
/* The full name of the staff account id (cached), or NULL when unknown. */
const char *desk_writer_name(struct console *con, int64_t account_id);
const char *desk_role_label(enum account_role r);
/* "inoltrata a Linea INPS" for "linea_inps", and so on. */
/* Rings the bell or flashes, as console.alert says (nothing when "off"). */
void desk_alert(struct console *con);

/* console_pane_case.c: the case pane and what fills it. */
void case_open_for_chat(struct console *con, const struct chat_desk_row *row);
void case_lookup(struct console *con);
void case_select(struct console *con, size_t index);
void case_render(struct console *con);
void case_clear(struct case_view *cv);

/* console_form_report.c: the Linea INPS report form for the open chat. */
void form_report(struct console *con);

/* console_canned.c: canned replies with placeholders filled from the case. */
int canned_load(struct console *con);
void canned_free(struct console *con);
void canned_choose(struct console *con);
/* Fills {placeholders} of text from the open case into a new string (caller frees). */
char *canned_fill(struct console *con, const char *text);
/*
 * How many {placeholders} text still holds; their names, comma-separated,
 * into names (cut at size).
 */
size_t canned_unfilled(const char *text, char *names, size_t size);

#endif
