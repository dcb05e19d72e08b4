/*
 * Inside the chat shell: the struct and the helpers its files share
 * (shell_chat.c the screens and the chat's life, shell_lines.c its lines
 * both ways, shell_print.c what is printed, shell_cmd.c the slash commands).
 */
#ifndef INFOCIG_SHELL_INTERNAL_H
#define INFOCIG_SHELL_INTERNAL_H

#include "i18n.h"
#include "shell.h"

enum shell_state {
	SH_NEW,
	SH_CHOOSE,		/* which company */
	SH_QUEUED,
	SH_CHAT,
	SH_SURVEY,
	SH_DONE,
};

/*
 * A line typed while another process held the database's write lock: kept
 * and written again from the timer, in order (issue 18.2).
 */
struct pending_line {
	char *text;		/* sanitised */
	int64_t at;		/* when it was typed */
};

struct shell {
	const struct shell_env *env;
	struct store_account acct;
	struct shell_io io;
	struct shell_edit *ed;
	int pty;
	int cols;		/* the window's width, for wrapping (pty only) */
	enum lang lang;		/* what _() speaks while this shell works (shell_set_lang) */
	enum shell_state state;
	struct store_company *companies;	/* owned */
	size_t ncompanies;
	struct store_company company;		/* chosen, id 0 for workers */
	char province[3];
	struct chat chat;
	int64_t last_msg_id;
	int64_t last_shown_refresh;		/* clock_mono_ms() */
	char last_queue_text[160];
	int64_t last_activity;			/* clock_mono_ms() */
	int64_t *rate;				/* times of the last rate_lines lines, ms */
	size_t rate_n, rate_i;
	int survey_tries;
	int replaying;		/* a resumed chat's history is being shown */
	struct pending_line *pending;	/* lines the database could not take yet, oldest first */
	size_t npending;
	struct shell_buf out;
	const char *cmd_args;	/* the running command's arguments, NULL outside it */
	int visit_open;		/* this session was recorded as the account's latest */
	int64_t typing_marked;	/* clock_mono_ms() of the person's last typing mark */
	int64_t advisor_line_ms;	/* real ms the newest advisor line shown was written */
	int64_t typing_seen_ms;	/* the advisor's newest typing mark noticed */
	int typing_told;	/* "sta scrivendo" shown since the advisor's last line */
};

/* shell_print.c */
/* Sends what waits in sh->out. */
void shell_flush(struct shell *sh);
/* Prints a message above the input line (which is redrawn after it). */
void shell_say(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ends the session with status once the output is sent. */
void shell_finish(struct shell *sh, int status);
/* "15:30": instant at in the service's time zone. */
char *shell_hhmm(const struct shell *sh, int64_t at, char *buf, size_t size);
/* Why the person cannot queue now, the service's hours and when it opens next. */
void shell_say_closed(struct shell *sh, int64_t now, const char *why);
/* The reports filed for the person (/segnalazioni). */
void shell_print_reports(struct shell *sh);

/* shell_visit.c */
/* At login: records the session and tells what changed since the previous one. */
void shell_visit_begin(struct shell *sh, int64_t now);
/* The session ends (once; nothing when it was not recorded). */
void shell_visit_end(struct shell *sh);
/* The person's ended conversations, page 1 the newest (/storico, exec "storico"). */
void shell_print_history(struct shell *sh, int page, int is_exec);

/* shell_cmd.c */
/* Runs a command line in a queue or a chat: 1 if cmd has an exec function. */
int shell_cmd_exec(struct shell *sh, enum shell_cmd cmd);

/* shell_chat.c */
/* The person leaves: the queue, the chat (then the survey), or the session. */
void shell_leave(struct shell *sh);
/* The place in the queue and the estimated wait, read from the database. */
void shell_show_queue(struct shell *sh, int64_t now);
/* An advisor took the chat. */
void shell_enter_chat(struct shell *sh);

/* shell_lines.c */
/* A line the person typed: to the database and back on the screen. */
void shell_send_text(struct shell *sh, const char *line);
/* Writes the lines that waited for the database, oldest first. */
void shell_pending_flush(struct shell *sh);
/* The person is editing a line in a chat: the chat is marked, at most every few seconds. */
void shell_typing_mark(struct shell *sh);
/* The advisor's typing mark from the snapshot: told once until their next line. */
void shell_typing_seen(struct shell *sh, int64_t advisor_ms);

#endif
