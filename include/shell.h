/*
 * shell: what a person sees after logging in over SSH, in layers:
 *   - shell_buf: a growable output buffer;
 *   - shell_edit: the line editor, a pure state machine (bytes typed in,
 *     edit state and bytes to echo out), since there is no real pty;
 *   - shell_cmd: the slash commands, one table for the parser, the
 *     dispatch and /aiuto;
 *   - struct shell: the chat screens (company choice, queue, chat, survey),
 *     talking to the database through store_chat.h and to the connection through
 *     struct shell_io.  It never sees libssh.  Whether a person is queued
 *     is service_admit()'s verdict (service.h); the shell puts it in words.
 * All user-facing text is Italian.
 */
#ifndef INFOCIG_SHELL_H
#define INFOCIG_SHELL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "calendar.h"
#include "store_chat.h"
#include "conf.h"
#include "i18n.h"
#include "service.h"
#include "store.h"
#include "store_visit.h"

/* Output buffer; shell_buf_free() releases p and empties it. */
struct shell_buf {
	char *p;
	size_t len, cap;
};
void shell_buf_add(struct shell_buf *b, const void *s, size_t n);
void shell_buf_str(struct shell_buf *b, const char *s);
void shell_buf_printf(struct shell_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void shell_buf_consume(struct shell_buf *b, size_t n);	/* drop n bytes from the front */
void shell_buf_free(struct shell_buf *b);

/* Line editor. */
struct shell_edit;

enum shell_edit_result {
	SHELL_EDIT_MORE,	/* input consumed, no complete line */
	SHELL_EDIT_LINE,	/* a line is ready: shell_edit_line() */
	SHELL_EDIT_EOF,		/* Ctrl-D on an empty line */
	SHELL_EDIT_INTR,	/* Ctrl-C */
};

/* max_line: bytes of UTF-8 a line may hold; history: lines remembered. */
struct shell_edit *shell_edit_new(size_t max_line, size_t history);
void shell_edit_free(struct shell_edit *e);
/* Echo and cursor movement on (a pty was requested) or off. */
void shell_edit_set_echo(struct shell_edit *e, int on);
void shell_edit_set_width(struct shell_edit *e, int cols);
/* The prompt (trusted text); takes effect at the next redraw. */
void shell_edit_set_prompt(struct shell_edit *e, const char *prompt);
/*
 * Consumes input bytes until a line completes or the input ends; *used gets
 * the bytes consumed.  Echo and redraws are appended to out.  Escape
 * sequences are interpreted (arrows, Home, End, Delete) or dropped, never
 * stored; only printable UTF-8 enters the line.  After SHELL_EDIT_LINE the
 * line stays on screen until shell_edit_hide().
 */
enum shell_edit_result shell_edit_feed(struct shell_edit *e, const char *in, size_t len,
    size_t *used, struct shell_buf *out);
/* The completed line (NUL-terminated), valid until the next feed. */
const char *shell_edit_line(const struct shell_edit *e);
/* The line being edited (not terminated) and the cursor's byte offset. */
const char *shell_edit_buffer(const struct shell_edit *e, size_t *len, size_t *pos);
/* 1 when input was refused on the line just completed because it was full. */
int shell_edit_overflowed(const struct shell_edit *e);
/* Erase the prompt and line from the screen, to print something above them. */
void shell_edit_hide(struct shell_edit *e, struct shell_buf *out);
/* Draw the prompt and line again. */
void shell_edit_show(struct shell_edit *e, struct shell_buf *out);

/* Commands. */
enum shell_cmd {
	SHELL_CMD_NONE,		/* not a command: text for the advisor */
	SHELL_CMD_EMPTY,	/* blank line */
	SHELL_CMD_HELP,
	SHELL_CMD_STATUS,
	SHELL_CMD_REPORTS,
	SHELL_CMD_HISTORY,
	SHELL_CMD_QUIT,
	SHELL_CMD_UNKNOWN,	/* "/something" we do not know */
};
struct shell;
struct shell_cmd_entry {
	const char *name;	/* "/aiuto" */
	const char *alias;	/* "/help", or NULL */
	enum shell_cmd cmd;
	void (*exec)(struct shell *sh);	/* in a queue or a chat */
	const char *help;	/* Italian, one line */
};
extern const struct shell_cmd_entry shell_cmd_table[];
extern const size_t shell_cmd_count;
/* Classifies a line (blanks around it ignored, command names case-insensitive). */
enum shell_cmd shell_cmd_parse(const char *line);
/* What follows a command's name on its line ("2" in "/storico 2"), blanks skipped. */
const char *shell_cmd_args(const char *line);

/* The chat shell. */
struct shell_env {
	const struct conf *conf;	/* current configuration (reloaded on SIGHUP) */
	struct store *st;
	struct store *cs;
	struct service service;		/* hours and rollouts, from conf */
	pid_t pid;
	/*
	 * When not NULL, set to 1 whenever a shell changes a chat's state, so
	 * that the daemon refreshes the other shells' queue positions (its own
	 * writes do not change PRAGMA data_version).
	 */
	int *dirty;
	/*
	 * When not NULL, shared by the shells of a process: the clock_mono_ms()
	 * before which a write that found the database locked is not retried,
	 * so that one held lock costs the loop one short wait, not one per shell.
	 */
	int64_t *write_retry_at;
};
/* Sets conf and fills service from c; 0 or ERR_INVALID. */
int shell_env_load(struct shell_env *env, const struct conf *c);
void shell_env_clear(struct shell_env *env);

struct shell_io {
	void (*write)(void *arg, const char *buf, size_t len);
	/* Bytes written and not yet sent (NULL: unknown, taken as 0). */
	size_t (*queued)(void *arg);
	/* End the session with an exit status once the output is flushed. */
	void (*exit)(void *arg, int status);
	void *arg;
};

/* env must outlive the shell; account is copied. */
struct shell *shell_new(const struct shell_env *env, const struct store_account *account,
    const struct shell_io *io, int pty, int cols);
void shell_free(struct shell *sh);
/*
 * The language the session speaks (the client's locale, issue 16): every
 * entry point below switches gettext to it before it writes, so one
 * process serves each session in its own language.
 */
void shell_set_lang(struct shell *sh, enum lang l);
/* The interactive session (after a shell request). */
void shell_start(struct shell *sh);
/* An exec request: runs command ("stato") and exits. */
void shell_exec(struct shell *sh, const char *command);
void shell_input(struct shell *sh, const char *buf, size_t len);
void shell_resize(struct shell *sh, int cols);
/*
 * A snapshot of the queued and active chats (shell_live.c), shared by every
 * shell of a process.  Entries are sorted by chat id.
 */
struct shell_live_entry {
	int64_t id;
	int active;		/* 0: queued */
	int64_t advisor_id;	/* active: who holds it (a transfer changes it) */
	int position;		/* queued: 1-based place in its channel */
	int ahead_all;		/* queued: chats queued before it, both channels */
	int64_t advisor_typing_ms;	/* active: the advisor's recent typing mark, else 0 */
};
struct shell_live {
	struct shell_live_entry *v;	/* owned */
	size_t n, cap;
	struct chat_queue_stats stats;	/* active, advisors, handle time */
};
/* Reads the snapshot (one statement and the queue figures); 0 or a negative ERR_*. */
int shell_live_load(struct shell_live *lv, const struct shell_env *env, int64_t now);
/* The entry of a chat, or NULL when it is neither queued nor active. */
const struct shell_live_entry *shell_live_find(const struct shell_live *lv, int64_t chat_id);
void shell_live_clear(struct shell_live *lv);

/*
 * Timer: now is clock_now().  With live (a fresh snapshot) the shell also
 * notices its chat being taken or closed and refreshes the queue position;
 * with NULL only its own timers (idle timeout) run.
 */
void shell_tick(struct shell *sh, int64_t now, const struct shell_live *live);
/* A message from the database for this shell's chat (any sender but the user). */
void shell_deliver(struct shell *sh, const struct chat_message *m);
/*
 * Continues the replay of a resumed chat's history, a page at a time while
 * less than half of ssh.output_queue_kib waits to be sent (issue 18.3).
 * Returns 1 while there is more to replay, 0 when done.
 */
int shell_pump(struct shell *sh);
/* The chat this shell is in, 0 if none. */
int64_t shell_chat_id(const struct shell *sh);
/* The server is stopping: tell the person, keep the chat resumable, exit. */
void shell_shutdown(struct shell *sh);
/* The connection is gone (or the client sent EOF): the chat becomes disconnected. */
void shell_hangup(struct shell *sh);
/* 1 once the shell has asked to exit. */
int shell_done(const struct shell *sh);

/*
 * shell_proc.c: 1 when pid is a running infocigd process (the owner of a live chat); a
 * zombie or a pid reused by another program counts as dead.
 */
int shell_pid_alive(pid_t pid);

/*
 * shell_visit.c.  The lines a person reads at login about the changes v[n]
 * (newest first) since the day since_day of their previous visit, appended
 * to out: a heading, then at most three lines: one per application (two
 * when reports changed too, the last counting the applications left out)
 * and one for the reports (two named, the others counted).  Returns the
 * lines under the heading, 0 (and nothing appended) when none.
 */
int shell_visit_summary(const struct visit_change *v, size_t n, int32_t since_day,
    struct shell_buf *out);
/* The page asked by the arguments of "storico": 1 when none, -1 when not a page number. */
int shell_history_page(const char *args);

/* Prints the person's applications ("stato"); used by exec and /stato. */
void shell_print_status(struct shell *sh, int64_t company_id);

#endif
