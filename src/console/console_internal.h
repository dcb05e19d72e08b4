/*
 * Private to src/console/: the console's state, its panes and dialogs.
 *
 * The screen is a set of panes, each an ops table (draw, key).  The console
 * owns layout, focus and the dirty flags; each pass of the loop redraws the
 * dirty panes with wnoutrefresh and calls doupdate once.  Keys map to named
 * actions (console_keys.c) that also feed the help screen and the
 * function-key bar.
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

/* Dirty bits: one per pane, then the status line and the key bar. */
#define DIRTY_PANE(id) (1u << (id))
#define DIRTY_STATUS (1u << PANE_COUNT)
#define DIRTY_BAR (1u << (PANE_COUNT + 1))
#define DIRTY_ALL (~0u)

/* What a key handler did. */
enum { KEY_UNHANDLED = 0, KEY_HANDLED = 1 };

/* Colour pairs (attributes only under NO_COLOR or on a monochrome terminal). */
enum { PAIR_TITLE = 1, PAIR_SELECT, PAIR_UNREAD, PAIR_ERROR, PAIR_DIM, PAIR_BAR };

struct console;

struct pane_ops {
	const char *title;
	void (*draw)(struct console *con, WINDOW *w, int focused);
	int (*key)(struct console *con, int key);	/* KEY_HANDLED or KEY_UNHANDLED */
};

/* A list of chats with a selection and a scroll offset. */
struct desk_list {
	struct chat_desk_row *rows;
	size_t n, cap;
	size_t sel, top;
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
};

/* One application of the case, as its list line shows it. */
struct case_summary {
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
	struct case_summary *summaries;	/* owned; computed once when the case opens */
	size_t nsummaries;
	size_t sel;		/* selected application */
	struct practice p;
	struct timeline t;
	int has_timeline;
	char **lines;		/* rendered text, owned */
	size_t nlines;
	int scroll;
	size_t first_practice_line;	/* where the application list starts */
};

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

/*
 * A full screen that takes the place of the four panes: the supervisors'
 * statistics (console_view_stats.c), the office operators' reports
 * (console_view_office.c).  Its state hangs from con->view_state.
 */
struct console_view {
	const char *name;
	/* Called when the view is shown; 0, or negative after a console_notice(). */
	int (*open)(struct console *con);
	/* Draws the whole body window w (con->dirty has DIRTY_BODY). */
	void (*draw)(struct console *con, WINDOW *w);
	/* KEY_HANDLED or KEY_UNHANDLED (then the console's own keys apply). */
	int (*key)(struct console *con, int key);
	/* About every 250 ms: refresh data when due, set DIRTY_BODY when changed. */
	void (*tick)(struct console *con);
	/* Draws the bottom key bar w for the view. */
	void (*bar)(struct console *con, WINDOW *w);
	/* Italian help lines for the help screen, NULL-terminated. */
	const char *const *help;
	/* Frees con->view_state. */
	void (*close)(struct console *con);
};
extern const struct console_view view_stats, view_office;
#define DIRTY_BODY DIRTY_PANE(0)

struct console {
	const struct conf *conf;
	struct store *st;
	struct store *cs;
	struct store_account me;
	const char *datadir;
	struct service_hours hours;
	int tz;
	int readonly;		/* supervisors watch; they do not take or write */
	char channels[40];
	enum advisor_state state;	/* available or paused */

	WINDOW *win[PANE_COUNT];
	WINDOW *status, *bar;
	WINDOW *body;		/* the area of the panes, for a view */
	const struct console_view *view;	/* NULL: the advisor's desk */
	void *view_state;
	int rows, cols;
	int too_small;
	int focus;
	unsigned dirty;
	int colors;

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
	struct store *rs;
	struct report_topics *topics;	/* NULL when data/report_topics.csv is unusable */

	/*
	 * The keys of what has the focus when it is not the desk (a form, a
	 * dialog): "F2", "Invia", ... pairs, NULL-terminated; NULL for the
	 * desk's own actions.  The key bar draws these.
	 */
	const char *const *bar_keys;

	char notice[200];
	int notice_error;
	int64_t notice_until;	/* monotonic ms */
	int64_t data_version;
	int64_t next_heartbeat, next_clock, next_poll;
	int queued_workers, queued_companies;
	int loaded;		/* the lists were read once: changes after are news */
	int64_t taking;		/* the chat being taken now: not news for the bell */
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

/* Shows view (NULL for the desk); closes the one shown before. */
void console_set_view(struct console *con, const struct console_view *view);

/* console_screen.c */
void screen_init(struct console *con);
void screen_end(struct console *con);
void screen_layout(struct console *con);
void screen_draw(struct console *con);
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
extern const struct pane_ops *const screen_panes[PANE_COUNT];

/* console_list.c: a chat list with selection, for the queue and "my chats" panes. */
void pane_list_draw(struct console *con, WINDOW *w, struct desk_list *l, int focused,
    void (*format)(struct console *, const struct chat_desk_row *, char *, size_t, int *),
    const char *empty);
int pane_list_key(struct console *con, struct desk_list *l, enum pane_id id, int key);

/* console_keys.c */
int keys_dispatch(struct console *con, int key);
void keys_draw_bar(struct console *con, WINDOW *w);
void keys_help(struct console *con);

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
