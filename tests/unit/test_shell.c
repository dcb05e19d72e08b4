/*
 * Unit tests for the shell module: line editor, command parser, output
 * buffer, queue estimate, and the daemon's snapshot of the live chats (with
 * the store's sweep of stale disconnected chats) on a temporary database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "account.h"
#include "store_chat.h"
#include "common.h"
#include "conf.h"
#include "queue.h"
#include "shell.h"
#include "store.h"
#include "text.h"
#include "fixtures.h"

/* Feeds s (all of it) and returns the last result; *line gets a completed line. */
static enum shell_edit_result
feed_all(struct shell_edit *e, const char *s, size_t len, struct shell_buf *out,
    char *line, size_t linesize)
{
	enum shell_edit_result r = SHELL_EDIT_MORE;
	size_t used;

	while (len > 0) {
		r = shell_edit_feed(e, s, len, &used, out);
		assert_true(used > 0 && used <= len);
		s += used;
		len -= used;
		if (r == SHELL_EDIT_LINE && line != NULL)
			str_lcpy(line, shell_edit_line(e), linesize);
	}
	return r;
}

/* The line that typing s then Enter produces. */
static void
check_line(const char *typed, const char *want)
{
	struct shell_edit *e = shell_edit_new(64, 10);
	struct shell_buf out = { 0 };
	char line[128] = "";
	char *in = xasprintf("%s\r", typed);

	shell_edit_set_echo(e, 1);
	shell_edit_set_prompt(e, "> ");
	assert_int_equal(feed_all(e, in, strlen(in), &out, line, sizeof line), SHELL_EDIT_LINE);
	assert_string_equal(line, want);
	assert_true(text_is_clean(line));
	free(in);
	shell_buf_free(&out);
	shell_edit_free(e);
}

static void
test_plain(void **state)
{
	(void)state;
	check_line("ciao", "ciao");
	check_line("", "");
	check_line("a\tb", "a b");
}

static void
test_backspace_utf8(void **state)
{
	(void)state;
	/* "è" is two bytes: one backspace removes both. */
	check_line("perch\xc3\xa8\x7f", "perch");
	check_line("perch\xc3\xa8\x7f" "e", "perche");
	check_line("\xe2\x82\xac\x08x", "x");		/* euro sign, Ctrl-H */
	check_line("\x7f\x7f" "a", "a");		/* backspace on empty line */
	check_line("\xf0\x9f\x98\x80\x7f", "");		/* 4-byte emoji */
}

static void
test_kill(void **state)
{
	(void)state;
	check_line("buongiorno a tutti\x17", "buongiorno a ");	/* Ctrl-W */
	check_line("buongiorno a tutti  \x17", "buongiorno a ");
	check_line("uno due\x17\x17", "");
	check_line("uno due\x15tre", "tre");			/* Ctrl-U */
	check_line("uno due\x1b[D\x1b[D\x1b[D\x15", "due");	/* Ctrl-U kills before the cursor */
	check_line("uno due\x01\x0b", "");			/* Ctrl-A Ctrl-K */
	check_line("perch\xc3\xa8 no\x17\x17", "");
}

static void
test_arrows(void **state)
{
	(void)state;
	check_line("ac\x1b[Db", "abc");				/* left, insert */
	check_line("ac\x1bODb", "abc");				/* SS3 left */
	check_line("abc\x1b[D\x1b[D\x1b[C\x7f", "ac");		/* left left right backspace */
	check_line("abc\x1b[H" "x", "xabc");			/* Home */
	check_line("abc\x1b[1~x\x1b[4~y", "xabcy");		/* Home, End */
	check_line("abc\x1b[H\x1b[3~", "bc");			/* Delete */
	check_line("\xc3\xa8z\x1b[D\x1b[Dy", "y\xc3\xa8z");	/* left over a 2-byte char */
	check_line("a\x1b[D\x1b[D\x1b[D" "b", "ba");		/* left stops at 0 */
	check_line("a\x1b[C\x1b[C" "b", "ab");			/* right stops at end */
}

static void
test_history(void **state)
{
	struct shell_edit *e = shell_edit_new(64, 3);
	struct shell_buf out = { 0 };
	char line[64];

	(void)state;
	shell_edit_set_echo(e, 1);
	feed_all(e, "uno\r", 4, &out, line, sizeof line);
	feed_all(e, "due\r", 4, &out, line, sizeof line);
	assert_int_equal(feed_all(e, "\x1b[A\x1b[A\r", 7, &out, line, sizeof line), SHELL_EDIT_LINE);
	assert_string_equal(line, "uno");
	/* Up then down returns to what was being typed. */
	feed_all(e, "tre\x1b[A\x1b[B\r", 10, &out, line, sizeof line);
	assert_string_equal(line, "tre");
	/* Bounded: only 3 lines are kept ("uno" fell out). */
	feed_all(e, "\x1b[A\x1b[A\x1b[A\x1b[A\r", 13, &out, line, sizeof line);
	assert_string_equal(line, "due");
	shell_buf_free(&out);
	shell_edit_free(e);
}

static void
test_max_length(void **state)
{
	struct shell_edit *e = shell_edit_new(8, 0);
	struct shell_buf out = { 0 };
	char line[64];

	(void)state;
	shell_edit_set_echo(e, 1);
	assert_int_equal(feed_all(e, "0123456789\r", 11, &out, line, sizeof line), SHELL_EDIT_LINE);
	assert_string_equal(line, "01234567");
	assert_true(shell_edit_overflowed(e));
	assert_non_null(memchr(out.p, '\a', out.len));
	/* A 2-byte character that does not fit whole is refused whole. */
	feed_all(e, "0123456\xc3\xa8\r", 10, &out, line, sizeof line);
	assert_string_equal(line, "0123456");
	feed_all(e, "ok\r", 3, &out, line, sizeof line);
	assert_false(shell_edit_overflowed(e));
	shell_buf_free(&out);
	shell_edit_free(e);
}

static void
test_escapes_never_stored(void **state)
{
	(void)state;
	check_line("a\x1b[31mb\x1b[0mc", "abc");			/* SGR */
	check_line("a\x1b]0;titolo\x07" "b", "ab");			/* OSC with BEL */
	check_line("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\" "b", "alinkb"); /* OSC 8, ST */
	check_line("a\x1bP1$r\x1b\\" "b", "ab");			/* DCS */
	check_line("a\x1b[2Jb", "ab");					/* clear screen */
	check_line("a\x1b[H" "b", "ba");				/* the Home key, not stored */
	check_line("a\x1b" "cb", "ab");					/* RIS */
	check_line("a\xc2\x9b" "31mb", "a31mb");			/* C1 CSI as UTF-8 */
	check_line("a\x9b" "31mb", "a31mb");				/* raw 8-bit CSI */
	check_line("a\xe2\x80\xae" "b", "ab");				/* bidi override */
	check_line("a\x07\x0e\x1f\x1c" "b", "ab");			/* C0 controls */
	check_line("a\xff\xc0\xaf" "b", "ab");				/* invalid UTF-8 */
	check_line("a\x1b[1;5Cb", "ab");				/* Ctrl-Right: ignored */
	check_line("a\x1b[200~b\x1b[201~", "ab");			/* bracketed paste marks */
}

/*
 * Issue 18.14: an escape sequence never eats a line.  A lone ESC before
 * Enter, or a control string left open (ESC P, ESC ], ESC _, ESC X, ESC ^:
 * Alt-Shift-P and friends), ends at the next control byte, which keeps its
 * meaning; a string swallows at most 256 bytes.
 */
static void
test_escape_bounds(void **state)
{
	static const char starts[] = "P]_X^";
	struct shell_edit *e;
	struct shell_buf out = { 0 };
	char in[400], line[128], *a;
	size_t i;

	(void)state;
	check_line("abc\x1b", "abc");			/* lone ESC at the end of a line */
	check_line("ab\x1b[1", "ab");			/* CSI cut by Enter */
	check_line("ab\x1b]0;titolo", "ab");		/* unterminated OSC */
	check_line("ab\x1bP1$r", "ab");			/* unterminated DCS */
	check_line("ab\x1bP1\x1b[Dc", "acb");		/* ESC in a string starts a new sequence */
	for (i = 0; starts[i] != '\0'; i++) {
		e = shell_edit_new(64, 0);
		snprintf(in, sizeof in, "x\x1b%cjunk\rciao\r", starts[i]);
		assert_int_equal(feed_all(e, in, strlen(in), &out, line, sizeof line),
		    SHELL_EDIT_LINE);
		assert_string_equal(line, "ciao");
		shell_edit_free(e);
	}
	/* 300 bytes after ESC _: the first 256 are swallowed, the rest typed. */
	e = shell_edit_new(64, 0);
	memcpy(in, "\x1b_", 2);
	memset(in + 2, 'a', 300);
	in[302] = '\r';
	assert_int_equal(feed_all(e, in, 303, &out, line, sizeof line), SHELL_EDIT_LINE);
	a = xcalloc(1, 45);
	memset(a, 'a', 44);
	assert_string_equal(line, a);
	free(a);
	shell_edit_free(e);
	shell_buf_free(&out);
}

/* Issue 18.16: invisible characters never enter a line. */
static void
test_invisible_dropped(void **state)
{
	(void)state;
	check_line("LI-2026-\xe2\x80\x8b" "0000001", "LI-2026-0000001");
	check_line("\xef\xbb\xbf" "a\xc2\xad" "b\xf3\xa0\x80\x81", "ab");
}

/*
 * Issues 18.4 and 18.5: a paste (8 lines of 1000 characters at 80 columns)
 * is echoed, not redrawn at every margin: the output stays about the size of
 * the input, and the cursor's row is still known afterwards.
 */
static void
test_paste_echo(void **state)
{
	struct shell_edit *e = shell_edit_new(65536, 0);
	struct shell_buf out = { 0 };
	char *in = xmalloc(8 * 1001), line[16];
	size_t i;

	(void)state;
	shell_edit_set_echo(e, 1);
	shell_edit_set_width(e, 80);
	shell_edit_set_prompt(e, "> ");
	for (i = 0; i < 8; i++) {
		memset(in + i * 1001, 'a' + (int)i, 1000);
		in[i * 1001 + 1000] = '\r';
	}
	feed_all(e, in, 8 * 1001, &out, NULL, 0);
	/* 8000 bytes echoed, a CR LF at each full row: no redraw of the line. */
	assert_true(out.len <= 8 * 1000 + 8 * 13 * 2);
	assert_null(memmem(out.p, out.len, "\x1b[J", 3));
	/* 98 characters after "> ": a CR LF at the margin, the cursor on the second row. */
	out.len = 0;
	memset(in, 'z', 98);
	feed_all(e, in, 98, &out, NULL, 0);
	assert_int_equal(out.len, 100);
	assert_memory_equal(out.p + 78, "\r\n", 2);
	out.len = 0;
	shell_edit_hide(e, &out);
	assert_int_equal(out.len, strlen("\x1b[1A\r\x1b[J"));
	assert_memory_equal(out.p, "\x1b[1A\r\x1b[J", out.len);
	/* Exactly at the margin (78 + 2 columns) the cursor is moved down. */
	shell_edit_show(e, &out);
	feed_all(e, "\x15", 1, &out, NULL, 0);
	out.len = 0;
	memset(in, 'y', 78);
	feed_all(e, in, 78, &out, NULL, 0);
	assert_int_equal(out.len, 80);
	assert_memory_equal(out.p + 78, "\r\n", 2);
	feed_all(e, "\r", 1, &out, line, sizeof line);
	free(in);
	shell_buf_free(&out);
	shell_edit_free(e);
}

static void
test_line_endings(void **state)
{
	struct shell_edit *e = shell_edit_new(64, 0);
	struct shell_buf out = { 0 };
	size_t used;

	(void)state;
	/* CR LF is one line end, LF alone too, CR alone too. */
	assert_int_equal(shell_edit_feed(e, "a\r\nb\nc\rd", 8, &used, &out), SHELL_EDIT_LINE);
	assert_int_equal(used, 2);
	assert_string_equal(shell_edit_line(e), "a");
	assert_int_equal(shell_edit_feed(e, "\nb\nc\rd", 6, &used, &out), SHELL_EDIT_LINE);
	assert_int_equal(used, 3);
	assert_string_equal(shell_edit_line(e), "b");
	assert_int_equal(shell_edit_feed(e, "c\rd", 3, &used, &out), SHELL_EDIT_LINE);
	assert_string_equal(shell_edit_line(e), "c");
	assert_int_equal(shell_edit_feed(e, "d", 1, &used, &out), SHELL_EDIT_MORE);
	/* Ctrl-D on a non-empty line deletes; on an empty one it is EOF. */
	assert_int_equal(shell_edit_feed(e, "\x01\x04", 2, &used, &out), SHELL_EDIT_MORE);
	assert_int_equal(shell_edit_feed(e, "\x04", 1, &used, &out), SHELL_EDIT_EOF);
	assert_int_equal(shell_edit_feed(e, "x\x03", 2, &used, &out), SHELL_EDIT_INTR);
	/* Without echo nothing is written back. */
	assert_int_equal(out.len, 0);
	shell_buf_free(&out);
	shell_edit_free(e);
}

static void
test_split_input(void **state)
{
	struct shell_edit *e = shell_edit_new(64, 0);
	struct shell_buf out = { 0 };
	const char *in = "x\xc3\xa8\x1b[D\x1b]0;t\x07y\r";
	char line[64] = "";
	size_t i, used;

	(void)state;
	/* The same result when bytes arrive one at a time. */
	for (i = 0; in[i] != '\0'; i++)
		if (shell_edit_feed(e, in + i, 1, &used, &out) == SHELL_EDIT_LINE)
			str_lcpy(line, shell_edit_line(e), sizeof line);
	assert_string_equal(line, "xy\xc3\xa8");
	shell_buf_free(&out);
	shell_edit_free(e);
}

static void
test_echo_and_wrap(void **state)
{
	struct shell_edit *e = shell_edit_new(200, 0);
	struct shell_buf out = { 0 };
	char line[256];

	(void)state;
	shell_edit_set_echo(e, 1);
	shell_edit_set_width(e, 10);
	shell_edit_set_prompt(e, "> ");
	/* Typing at the end echoes the bytes themselves. */
	feed_all(e, "ab", 2, &out, NULL, 0);
	assert_int_equal(out.len, 2);
	assert_memory_equal(out.p, "ab", 2);
	/* Crossing the margin redraws and goes down a row. */
	out.len = 0;
	feed_all(e, "cdefgh", 6, &out, NULL, 0);
	assert_non_null(memmem(out.p, out.len, "\r\n", 2));
	/* Backspace from the second row redraws from the prompt's row. */
	out.len = 0;
	feed_all(e, "\x7f", 1, &out, NULL, 0);
	assert_non_null(memmem(out.p, out.len, "\x1b[1A", 4));
	assert_non_null(memmem(out.p, out.len, "> abcdefg", 9));
	/* Hide erases from the prompt's row down. */
	out.len = 0;
	shell_edit_hide(e, &out);
	assert_non_null(memmem(out.p, out.len, "\x1b[J", 3));
	out.len = 0;
	shell_edit_show(e, &out);
	assert_non_null(memmem(out.p, out.len, "> abcdefg", 9));
	feed_all(e, "\r", 1, &out, line, sizeof line);
	assert_string_equal(line, "abcdefg");
	/* A narrower window after a resize. */
	shell_edit_set_width(e, 5);
	shell_buf_free(&out);
	shell_edit_free(e);
}

static void
test_cmd_parse(void **state)
{
	(void)state;
	assert_int_equal(shell_cmd_parse("/aiuto"), SHELL_CMD_HELP);
	assert_int_equal(shell_cmd_parse("  /AIUTO  "), SHELL_CMD_HELP);
	assert_int_equal(shell_cmd_parse("/help"), SHELL_CMD_HELP);
	assert_int_equal(shell_cmd_parse("/stato"), SHELL_CMD_STATUS);
	assert_int_equal(shell_cmd_parse("/segnalazioni"), SHELL_CMD_REPORTS);
	assert_int_equal(shell_cmd_parse("/esci"), SHELL_CMD_QUIT);
	assert_int_equal(shell_cmd_parse("/esci subito"), SHELL_CMD_QUIT);
	assert_int_equal(shell_cmd_parse("/escii"), SHELL_CMD_UNKNOWN);
	assert_int_equal(shell_cmd_parse("/"), SHELL_CMD_UNKNOWN);
	assert_int_equal(shell_cmd_parse("/es"), SHELL_CMD_UNKNOWN);
	assert_int_equal(shell_cmd_parse("buongiorno /esci"), SHELL_CMD_NONE);
	assert_int_equal(shell_cmd_parse(""), SHELL_CMD_EMPTY);
	assert_int_equal(shell_cmd_parse("   "), SHELL_CMD_EMPTY);
	assert_int_equal(shell_cmd_parse(NULL), SHELL_CMD_EMPTY);
	assert_int_equal(shell_cmd_parse("/storico"), SHELL_CMD_HISTORY);
	assert_int_equal(shell_cmd_parse(" /Storico 2"), SHELL_CMD_HISTORY);
	assert_string_equal(shell_cmd_args(" /storico  2 "), "2 ");
	assert_string_equal(shell_cmd_args("/storico"), "");
	assert_int_equal(shell_history_page(NULL), 1);
	assert_int_equal(shell_history_page(""), 1);
	assert_int_equal(shell_history_page(" 3 "), 3);
	assert_int_equal(shell_history_page("0"), -1);
	assert_int_equal(shell_history_page("-2"), -1);
	assert_int_equal(shell_history_page("2x"), -1);
	assert_int_equal(shell_history_page("tutto"), -1);
}

/* Issue 15: what a person reads at login about the changes since their last visit. */
static void
test_visit_summary(void **state)
{
	const int32_t d = fx_day("2026-11-20");
	const struct visit_change one[] = {
		{ 0, "CIGO-1", "pagata", fx_day("2026-11-25"), 0, 123456, 1 },
		{ 0, "CIGO-1", "autorizzata", fx_day("2026-11-22"), 0, 0, 1 },
	};
	const struct visit_change many[] = {
		{ 1, "2026/000009", "chiusura", 0, 1800000000, 0, 1 },
		{ 0, "CIGS-4", "pagata", fx_day("2026-11-25"), 0, 500000, 12 },
		{ 1, "2026/000009", "presa_in_carico", 0, 1790000000, 0, 1 },
		{ 0, "FIS-2", "richiesta_integrazione", fx_day("2026-11-24"), 0, 0, 1 },
		{ 0, "FIS-3", "respinta", fx_day("2026-11-23"), 0, 0, 1 },
		{ 1, "2026/000010", "presa_in_carico", 0, 1780000000, 0, 1 },
		{ 0, "CIGO-7", "dati_scartati", fx_day("2026-11-22"), 0, 0, 3 },
		{ 1, "2026/000011", "inoltro", 0, 1770000000, 0, 1 },
	};
	struct shell_buf b = { 0 };

	(void)state;
	/* Nothing changed: nothing at all. */
	assert_int_equal(shell_visit_summary(NULL, 0, d, &b), 0);
	assert_int_equal(b.len, 0);

	assert_int_equal(shell_visit_summary(one, nitems(one), d, &b), 1);
	shell_buf_add(&b, "", 1);
	assert_string_equal(b.p, "Dalla sua ultima visita del 20/11/2026 (dettagli con /stato):\n"
	    "  domanda n. CIGO-1: pagamento di 1.234,56 € eseguito il 25/11/2026, "
	    "autorizzata il 22/11/2026.\n");
	shell_buf_free(&b);

	/* Three lines at most: two applications (the others counted) and the reports. */
	assert_int_equal(shell_visit_summary(many, nitems(many), d, &b), 3);
	shell_buf_add(&b, "", 1);
	assert_string_equal(b.p, "Dalla sua ultima visita del 20/11/2026 "
	    "(dettagli con /stato e /segnalazioni):\n"
	    "  domanda n. CIGS-4: 12 pagamenti eseguiti (5.000,00 €), l'ultimo il 25/11/2026.\n"
	    "  domanda n. FIS-2: la sede ha chiesto documenti il 24/11/2026; "
	    "novità anche per altre 2 domande.\n"
	    "  Segnalazione 2026/000009: chiusa; segnalazione 2026/000010: in lavorazione "
	    "presso la sede; novità anche per un'altra segnalazione.\n");
	shell_buf_free(&b);

	/* Reports only: their line, and the hint names /segnalazioni alone. */
	assert_int_equal(shell_visit_summary(many + 7, 1, d, &b), 1);
	shell_buf_add(&b, "", 1);
	assert_string_equal(b.p, "Dalla sua ultima visita del 20/11/2026 "
	    "(dettagli con /segnalazioni):\n  Segnalazione 2026/000011: inoltrata alla sede.\n");
	shell_buf_free(&b);
}

static void
test_buf(void **state)
{
	struct shell_buf b = { 0 };
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		shell_buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, 3890);
	shell_buf_consume(&b, 4);
	assert_memory_equal(b.p, "2,3,", 4);
	shell_buf_consume(&b, 100000);
	assert_int_equal(b.len, 0);
	shell_buf_free(&b);
	shell_buf_free(&b);
}

static void
test_queue_estimate(void **state)
{
	struct queue_input q = { .ahead = 0, .active = 0, .advisors = 2, .max_per_advisor = 3,
	    .handle_avg = 600 };
	char buf[128];

	(void)state;
	assert_int_equal(queue_estimate_wait(&q), 0);		/* free slots */
	q.active = 6;
	assert_int_equal(queue_estimate_wait(&q), 100);		/* 1 * 600 / 6 */
	q.ahead = 11;
	assert_int_equal(queue_estimate_wait(&q), 1200);	/* 12 * 600 / 6 */
	q.handle_avg = 0;
	assert_int_equal(queue_estimate_wait(&q), 12 * QUEUE_DEFAULT_HANDLE / 6);
	q.advisors = 0;
	assert_int_equal(queue_estimate_wait(&q), -1);
	queue_format_wait(-1, buf, sizeof buf);
	assert_non_null(strstr(buf, "nessun operatore"));
	queue_format_wait(20, buf, sizeof buf);
	assert_string_equal(buf, "meno di un minuto");
	queue_format_wait(60, buf, sizeof buf);
	assert_string_equal(buf, "circa 1 minuto");
	queue_format_wait(4 * 60 + 10, buf, sizeof buf);
	assert_string_equal(buf, "circa 4 minuti");
	queue_format_wait(70 * 60, buf, sizeof buf);
	assert_string_equal(buf, "circa 1 ora e 10 minuti");
	queue_format_wait(120 * 60, buf, sizeof buf);
	assert_string_equal(buf, "circa 2 ore");
}

/* A temporary database with reference data (run from the repository root). */
struct dbfx {
	char dir[64], path[96];
	struct store *st;
	struct store *cs;
	int64_t people[4];
	int64_t advisor;
};

static int
db_setup(void **state)
{
	struct dbfx *fx = calloc(1, sizeof *fx);
	struct store_account a;
	char err[512];
	int i;

	if (fx == NULL)
		return -1;
	strcpy(fx->dir, "/tmp/infocig-test-shell.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/t.db", fx->dir);
	if (store_create(fx->path, "data", err, sizeof err) < 0 ||
	    store_open(fx->path, 0, &fx->st, err, sizeof err) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	fx->cs = fx->st;
	for (i = 0; i < 5; i++) {
		memset(&a, 0, sizeof a);
		snprintf(a.login, sizeof a.login, "persona%d", i);
		snprintf(a.full_name, sizeof a.full_name, "Persona %d", i);
		a.role = i < 4 ? ROLE_WORKER : ROLE_ADVISOR;
		if (store_account_add(fx->st, &a, NULL) < 0)
			return -1;
		if (i < 4)
			fx->people[i] = a.id;
		else
			fx->advisor = a.id;
	}
	*state = fx;
	return 0;
}

static int
db_teardown(void **state)
{
	struct dbfx *fx = *state;
	char cmd[128];

	store_close(fx->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static void
test_live_snapshot(void **state)
{
	struct dbfx *fx = *state;
	struct shell_env env;
	struct shell_live lv;
	const struct shell_live_entry *e;
	int64_t id[4];

	memset(&env, 0, sizeof env);
	memset(&lv, 0, sizeof lv);
	env.st = fx->st;
	env.cs = fx->cs;
	/* Queue order: a worker at 100, a company at 110, a worker at 120 and 130. */
	assert_int_equal(store_chat_open(fx->cs, fx->people[0], 0, CHAT_CHANNEL_WORKERS, "RM", 1, 100,
	    &id[0]), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->people[1], 0, CHAT_CHANNEL_COMPANIES, "MI", 1, 110,
	    &id[1]), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->people[2], 0, CHAT_CHANNEL_WORKERS, "NA", 1, 120,
	    &id[2]), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->people[3], 0, CHAT_CHANNEL_WORKERS, "TO", 1, 130,
	    &id[3]), 0);
	/* The first is taken, the third leaves. */
	assert_int_equal(store_chat_take(fx->cs, id[0], fx->advisor, 140), 0);
	assert_int_equal(store_chat_end(fx->cs, id[2], CHAT_ABANDONED, 150), 0);
	assert_int_equal(shell_live_load(&lv, &env, 160), 0);
	assert_int_equal(lv.n, 3);
	assert_int_equal(lv.stats.active, 1);

	e = shell_live_find(&lv, id[0]);
	assert_non_null(e);
	assert_int_equal(e->active, 1);
	e = shell_live_find(&lv, id[1]);
	assert_non_null(e);
	assert_int_equal(e->active, 0);
	assert_int_equal(e->position, 1);	/* first of the companies' channel */
	assert_int_equal(e->ahead_all, 0);
	assert_null(shell_live_find(&lv, id[2]));
	e = shell_live_find(&lv, id[3]);
	assert_non_null(e);
	assert_int_equal(e->position, 1);	/* the workers' queue moved up */
	assert_int_equal(e->ahead_all, 1);	/* the company's chat is ahead in all */
	assert_null(shell_live_find(&lv, 99999));

	/* The same figures as the per-chat queries. */
	{
		struct chat c;
		struct chat_queue_stats qs;
		int pos;

		assert_int_equal(store_chat_get(fx->cs, id[3], &c), 0);
		assert_int_equal(store_chat_queue_position(fx->cs, &c, &pos), 0);
		assert_int_equal(store_chat_queue_stats(fx->cs, &c, 160, &qs), 0);
		assert_int_equal(pos, e->position);
		assert_int_equal(qs.queued_ahead_all, e->ahead_all);
		assert_int_equal(qs.active, lv.stats.active);
	}
	shell_live_clear(&lv);
	assert_int_equal(lv.n, 0);
	assert_null(shell_live_find(&lv, id[0]));
}

static void
test_sweep(void **state)
{
	struct dbfx *fx = *state;
	struct chat c;
	int64_t waiting, taken, recent, closed;

	assert_int_equal(store_chat_open(fx->cs, fx->people[0], 0, CHAT_CHANNEL_WORKERS, "RM", 1, 100,
	    &waiting), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->people[1], 0, CHAT_CHANNEL_WORKERS, "RM", 1, 100,
	    &taken), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->people[2], 0, CHAT_CHANNEL_WORKERS, "RM", 1, 100,
	    &recent), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->people[3], 0, CHAT_CHANNEL_WORKERS, "RM", 1, 100,
	    &closed), 0);
	assert_int_equal(store_chat_take(fx->cs, taken, fx->advisor, 150), 0);
	assert_int_equal(store_chat_end(fx->cs, waiting, CHAT_DISCONNECTED, 200), 0);
	assert_int_equal(store_chat_end(fx->cs, taken, CHAT_DISCONNECTED, 200), 0);
	assert_int_equal(store_chat_end(fx->cs, recent, CHAT_DISCONNECTED, 400), 0);
	assert_int_equal(store_chat_end(fx->cs, closed, CHAT_CLOSED, 200), 0);

	/* Before 300: the two disconnected at 200 change, nothing else. */
	assert_int_equal(store_chats_sweep(fx->st, 300), 2);
	assert_int_equal(store_chat_get(fx->cs, waiting, &c), 0);
	assert_int_equal(c.state, CHAT_ABANDONED);
	assert_int_equal(c.ended_at, 200);
	assert_int_equal(store_chat_get(fx->cs, taken, &c), 0);
	assert_int_equal(c.state, CHAT_CLOSED);
	assert_int_equal(c.ended_at, 200);
	assert_int_equal(store_chat_get(fx->cs, recent, &c), 0);
	assert_int_equal(c.state, CHAT_DISCONNECTED);
	assert_int_equal(store_chat_get(fx->cs, closed, &c), 0);
	assert_int_equal(c.state, CHAT_CLOSED);
	/* Again: nothing left to do. */
	assert_int_equal(store_chats_sweep(fx->st, 300), 0);
	assert_int_equal(store_chats_sweep(fx->st, 401), 1);
}

/* A terminal on the shell's io seam: what the shell wrote, and how it ended. */
struct term {
	struct shell_buf screen;
	int exited, status;
};

static void
term_write(void *arg, const char *buf, size_t len)
{
	struct term *t = arg;

	shell_buf_add(&t->screen, buf, len);
}

static void
term_exit(void *arg, int status)
{
	struct term *t = arg;

	t->exited = 1;
	t->status = status;
}

/*
 * Types line and Enter (NULL: nothing), and returns what the shell printed
 * since the last call, terminated, valid until the next call.
 */
static const char *
term_type(struct shell *sh, struct term *t, const char *line)
{
	if (line != NULL) {
		shell_input(sh, line, strlen(line));
		shell_input(sh, "\r", 1);
	}
	shell_buf_add(&t->screen, "", 1);
	t->screen.len = 0;
	return t->screen.p;
}

static int
count_message(void *arg, const struct chat_message *m)
{
	int *n = arg;

	if (strcmp(m->sender, "user") == 0 && strcmp(m->body, "quando mi pagano?") == 0)
		(*n)++;
	return 0;
}

/* Drives a person's session as ssh would: log in, queue, type, use commands, leave. */
static void
test_session(void **state)
{
	struct dbfx *fx = *state;
	struct conf *c = conf_defaults();
	struct shell_env env;
	struct store_account a;
	struct term t = { { 0 }, 0, 0 }, t2 = { { 0 }, 0, 0 };
	struct shell_io io = { term_write, NULL, term_exit, &t };
	struct shell_io io2 = { term_write, NULL, term_exit, &t2 };
	struct shell *sh, *sh2;
	const char *out;
	int n = 0;

	memset(&env, 0, sizeof env);
	assert_int_equal(shell_env_load(&env, c), 0);
	env.st = fx->st;
	env.cs = fx->cs;
	env.pid = getpid();
	memset(&a, 0, sizeof a);
	str_lcpy(a.login, "mario", sizeof a.login);
	str_lcpy(a.full_name, "Mario Rossi", sizeof a.full_name);
	str_lcpy(a.province, "RM", sizeof a.province);
	a.role = ROLE_WORKER;
	assert_int_equal(store_account_add(fx->st, &a, NULL), 0);

	/* Tuesday 24 November 2026, 15:30 in Rome: open. */
	setenv("INFOCIG_NOW", "2026-11-24T14:30:00Z", 1);
	sh = shell_new(&env, &a, &io, 0, 80);
	shell_start(sh);
	out = term_type(sh, &t, NULL);
	assert_non_null(strstr(out, "Benvenuto in INFO CIG, Mario Rossi."));
	assert_non_null(strstr(out, "La sua richiesta è in coda sul canale \"lavoratori\""));
	assert_non_null(strstr(out, "Posizione in coda: 1"));
	assert_true(shell_chat_id(sh) != 0);

	out = term_type(sh, &t, "/aiuto");
	assert_non_null(strstr(out, "Comandi disponibili:"));
	assert_non_null(strstr(out, "/segnalazioni"));
	assert_non_null(strstr(out, "Ogni altra riga viene inviata all'operatore."));
	out = term_type(sh, &t, "/HELP");
	assert_non_null(strstr(out, "Comandi disponibili:"));
	out = term_type(sh, &t, "/boh");
	assert_string_equal(out, "Comando sconosciuto: /aiuto elenca i comandi.\n");
	out = term_type(sh, &t, "/segnalazioni");
	assert_string_equal(out, "Nessuna segnalazione risulta inoltrata per suo conto.\n");

	/* A line becomes a message row, shown with the local time. */
	out = term_type(sh, &t, "quando mi pagano?");
	assert_string_equal(out, "[15:30] Lei: quando mi pagano?\n");
	assert_int_equal(store_chat_messages_since(fx->cs, shell_chat_id(sh), 0, 0, 100,
	    count_message, &n), 0);
	assert_int_equal(n, 1);

	/* The same person from a second session, while the first one is live. */
	sh2 = shell_new(&env, &a, &io2, 0, 80);
	shell_start(sh2);
	out = term_type(sh2, &t2, NULL);
	assert_non_null(strstr(out, "Ha già una conversazione INFO CIG aperta"));
	assert_true(t2.exited);
	assert_int_equal(t2.status, 1);
	assert_true(shell_done(sh2));
	shell_free(sh2);

	out = term_type(sh, &t, "/esci");
	assert_string_equal(out, "Ha lasciato la coda. Arrivederci.\n");
	assert_true(t.exited);
	assert_int_equal(t.status, 0);
	assert_true(shell_done(sh));
	shell_free(sh);

	/* The same evening: closed, with the hours and the next opening. */
	setenv("INFOCIG_NOW", "2026-11-24T20:00:00Z", 1);
	t.exited = 0;
	sh = shell_new(&env, &a, &io, 0, 80);
	shell_start(sh);
	out = term_type(sh, &t, NULL);
	assert_non_null(strstr(out, "In questo momento il servizio INFO CIG è chiuso.\n"
	    "Il servizio INFO CIG è aperto dal lunedì al venerdì dalle 15:00 alle 18:00, "
	    "esclusi i festivi.\nProssima apertura: domani alle 15:00.\nArrivederci.\n"));
	assert_true(t.exited);
	assert_int_equal(t.status, 0);
	assert_int_equal(shell_chat_id(sh), 0);
	shell_free(sh);

	/* "stato" as an exec request: no applications for this account. */
	t.exited = 0;
	sh = shell_new(&env, &a, &io, 0, 80);
	shell_exec(sh, "stato");
	out = term_type(sh, &t, NULL);
	assert_non_null(strstr(out, "Nessuna domanda di integrazione salariale"));
	assert_true(t.exited);
	shell_free(sh);

	unsetenv("INFOCIG_NOW");
	shell_buf_free(&t.screen);
	shell_buf_free(&t2.screen);
	shell_env_clear(&env);
	conf_free(c);
}

static int
collect_visit(void *arg, const struct visit_change *c)
{
	struct shell_buf *b = arg;

	shell_buf_printf(b, "%d %s %s %d|", c->is_report, c->subject, c->kind, c->count);
	return 0;
}

/*
 * Issue 15 on a database: the visits recorded, the report's changes since
 * one (never a staff note), and "storico": the person's own ended
 * conversations, sanitised, not a queue left in silence, not another's.
 */
static void
test_visit_history(void **state)
{
	struct dbfx *fx = *state;
	struct conf *c = conf_defaults();
	struct shell_env env;
	struct store_account a;
	struct store_visit v;
	struct term t = { { 0 }, 0, 0 };
	struct shell_io io = { term_write, NULL, term_exit, &t };
	struct shell_buf b = { 0 };
	struct shell *sh;
	const char *out;
	char sql[1024];
	int64_t mine, silent, other, t0 = 1795000000;	/* 18 November 2026 */

	memset(&env, 0, sizeof env);
	assert_int_equal(shell_env_load(&env, c), 0);
	env.st = fx->st;
	env.cs = fx->cs;
	env.pid = getpid();

	assert_int_equal(store_visit_get(fx->cs, fx->people[0], &v), ERR_NOTFOUND);
	assert_int_equal(store_visit_begin(fx->cs, fx->people[0], t0), 0);
	assert_int_equal(store_visit_get(fx->cs, fx->people[0], &v), 0);
	assert_true(v.started_at == t0 && v.ended_at == 0);
	assert_int_equal(store_visit_end(fx->cs, fx->people[0], t0 + 60), 0);
	assert_int_equal(store_visit_get(fx->cs, fx->people[0], &v), 0);
	assert_true(v.started_at == t0 && v.ended_at == t0 + 60);
	assert_int_equal(store_visit_begin(fx->cs, fx->people[0], t0 + 100), 0);
	assert_int_equal(store_visit_get(fx->cs, fx->people[0], &v), 0);
	assert_true(v.started_at == t0 + 100 && v.ended_at == 0);

	/* A report of hers taken and closed after t0, with a note she never reads. */
	snprintf(sql, sizeof sql, "INSERT INTO reports (id, protocol, year, seq, account_id,"
	    " office_id, topic, subtopic, description, status, filed_by, filed_at, updated_at)"
	    " VALUES (1, '2026/000001', 2026, 1, %lld, (SELECT min(id) FROM offices), 'a', 'b',"
	    " 'c', 'chiusa', %lld, %lld, %lld);"
	    "INSERT INTO report_notes (report_id, kind, account_id, at, body) VALUES"
	    " (1, 'inoltro', %lld, %lld, ''), (1, 'presa_in_carico', %lld, %lld, ''),"
	    " (1, 'nota', %lld, %lld, 'interna'), (1, 'chiusura', %lld, %lld, '');",
	    (long long)fx->people[0], (long long)fx->advisor, (long long)t0 - 10,
	    (long long)t0 + 30, (long long)fx->advisor, (long long)t0 - 10,
	    (long long)fx->advisor, (long long)t0 + 10, (long long)fx->advisor,
	    (long long)t0 + 20, (long long)fx->advisor, (long long)t0 + 30);
	fx_raw_exec(fx->path, sql);
	assert_int_equal(store_visit_changes_each(fx->cs, fx->people[0], 0, 0, t0, 10,
	    collect_visit, &b), 0);
	shell_buf_add(&b, "", 1);
	assert_string_equal(b.p, "1 2026/000001 chiusura 1|1 2026/000001 presa_in_carico 1|");
	shell_buf_free(&b);
	assert_int_equal(store_visit_changes_each(fx->cs, fx->people[1], 0, 0, t0, 10,
	    collect_visit, &b), 0);
	assert_int_equal(b.len, 0);

	/* Her chat, answered and closed; a queue she left in silence; someone else's. */
	assert_int_equal(store_chat_open(fx->cs, fx->people[0], 0, "lavoratori", "RM", 1, t0,
	    &mine), 0);
	assert_int_equal(store_chat_take(fx->cs, mine, fx->advisor, t0 + 60), 0);
	assert_int_equal(store_chat_message_add(fx->cs, mine, "user", fx->people[0], t0 + 70,
	    "quando \x1b[2Jpagano?", NULL), 0);
	assert_int_equal(store_chat_message_add(fx->cs, mine, "advisor", fx->advisor, t0 + 80,
	    "entro il mese", NULL), 0);
	memset(sql, 'a', 600);
	sql[600] = '\0';
	assert_int_equal(store_chat_message_add(fx->cs, mine, "user", fx->people[0], t0 + 85,
	    sql, NULL), 0);
	assert_int_equal(store_chat_close(fx->cs, mine, fx->advisor, OUTCOME_RESOLVED, t0 + 90), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->people[0], 0, "lavoratori", "RM", 1,
	    t0 + 200, &silent), 0);
	assert_int_equal(store_chat_end(fx->cs, silent, CHAT_ABANDONED, t0 + 210), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->people[1], 0, "lavoratori", "RM", 1, t0,
	    &other), 0);
	assert_int_equal(store_chat_message_add(fx->cs, other, "user", fx->people[1], t0 + 5,
	    "segreto", NULL), 0);
	assert_int_equal(store_chat_end(fx->cs, other, CHAT_ABANDONED, t0 + 20), 0);

	memset(&a, 0, sizeof a);
	a.id = fx->people[0];
	a.role = ROLE_WORKER;
	str_lcpy(a.full_name, "Persona 0", sizeof a.full_name);
	sh = shell_new(&env, &a, &io, 0, 80);
	shell_exec(sh, " storico ");
	out = term_type(sh, &t, NULL);
	assert_non_null(strstr(out, "Le sue conversazioni con INFO CIG, dalla più recente "
	    "(1-1 di 1):\n"));
	assert_non_null(strstr(out, "\nConversazione del 18/11/2026 "));
	assert_non_null(strstr(out, " con l'operatore Persona 4 - esito: risolta in chat\n"));
	assert_non_null(strstr(out, "] Lei: quando pagano?\n"));
	assert_non_null(strstr(out, "] Operatore Persona 4: entro il mese\n"));
	assert_null(strstr(out, "\x1b"));
	assert_null(strstr(out, "segreto"));
	assert_null(strstr(out, "abbandonata"));
	assert_null(strstr(out, "storico 2"));
	/* A long line is cut: a page never fills the output queue. */
	memset(sql, 'a', 240);
	memcpy(sql + 240, "...\n", 5);
	assert_non_null(strstr(out, sql));
	sql[241] = '\0';
	sql[240] = 'a';
	assert_null(strstr(out, sql));
	assert_true(t.exited);
	assert_int_equal(t.status, 0);
	shell_free(sh);

	/* A page that is not a number is refused, like any unknown command. */
	t.exited = 0;
	t.screen.len = 0;
	sh = shell_new(&env, &a, &io, 0, 80);
	shell_exec(sh, "storico tutto");
	out = term_type(sh, &t, NULL);
	assert_non_null(strstr(out, "Comando non disponibile"));
	assert_int_equal(t.status, 2);
	shell_free(sh);

	/* Someone with no ended conversation. */
	t.exited = 0;
	a.id = fx->people[2];
	sh = shell_new(&env, &a, &io, 0, 80);
	shell_exec(sh, "STORICO");
	out = term_type(sh, &t, NULL);
	assert_non_null(strstr(out, "Non risultano conversazioni concluse a suo nome."));
	shell_free(sh);

	shell_buf_free(&t.screen);
	shell_env_clear(&env);
	conf_free(c);
}

/* Issue 15: typing marks count for an active chat, until that side's next line. */
static void
test_typing_marks(void **state)
{
	struct dbfx *fx = *state;
	int64_t id, t0 = 1795000000;
	int person, advisor;

	assert_int_equal(store_chat_open(fx->cs, fx->people[0], 0, "lavoratori", "RM", 1, t0,
	    &id), 0);
	/* Queued: nobody to tell, nothing marked. */
	assert_int_equal(store_chat_typing_mark(fx->cs, id, 0), 0);
	assert_int_equal(store_chat_typing_get(fx->cs, id, &person, &advisor), 0);
	assert_true(person == 0 && advisor == 0);
	assert_int_equal(fx_raw_int(fx->path, "SELECT count(*) FROM chats"
	    " WHERE person_typing_ms IS NOT NULL"), 0);

	assert_int_equal(store_chat_take(fx->cs, id, fx->advisor, t0 + 10), 0);
	assert_int_equal(store_chat_message_add(fx->cs, id, "user", fx->people[0], t0 + 20,
	    "prima riga", NULL), 0);
	/* The marks' clock is the engine's: make the line older than any mark. */
	fx_raw_exec(fx->path, "UPDATE messages SET sent_ms = sent_ms - 1000");
	assert_int_equal(store_chat_typing_mark(fx->cs, id, 0), 0);
	assert_int_equal(store_chat_typing_get(fx->cs, id, &person, &advisor), 0);
	assert_true(person == 1 && advisor == 0);
	assert_int_equal(store_chat_typing_mark(fx->cs, id, 1), 0);
	assert_int_equal(store_chat_typing_get(fx->cs, id, &person, &advisor), 0);
	assert_true(person == 1 && advisor == 1);

	/* The person's line ends the person's mark, not the advisor's. */
	fx_raw_exec(fx->path, "INSERT INTO messages (chat_id, sender, at, body, sent_ms)"
	    " SELECT id, 'user', 0, 'seconda', person_typing_ms + 1 FROM chats"
	    " WHERE person_typing_ms IS NOT NULL");
	assert_int_equal(store_chat_typing_get(fx->cs, id, &person, &advisor), 0);
	assert_true(person == 0 && advisor == 1);

	/* A mark older than the window no longer counts. */
	fx_raw_exec(fx->path, "UPDATE chats SET advisor_typing_ms = advisor_typing_ms - 7000");
	assert_int_equal(store_chat_typing_get(fx->cs, id, &person, &advisor), 0);
	assert_true(person == 0 && advisor == 0);
	assert_int_equal(store_chat_typing_get(fx->cs, id + 100, &person, &advisor), 0);
	assert_true(person == 0 && advisor == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_backspace_utf8),
		cmocka_unit_test(test_kill),
		cmocka_unit_test(test_arrows),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_max_length),
		cmocka_unit_test(test_escapes_never_stored),
		cmocka_unit_test(test_escape_bounds),
		cmocka_unit_test(test_invisible_dropped),
		cmocka_unit_test(test_paste_echo),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_split_input),
		cmocka_unit_test(test_echo_and_wrap),
		cmocka_unit_test(test_cmd_parse),
		cmocka_unit_test(test_visit_summary),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_queue_estimate),
		cmocka_unit_test_setup_teardown(test_live_snapshot, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_sweep, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_session, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_visit_history, db_setup, db_teardown),
		cmocka_unit_test_setup_teardown(test_typing_marks, db_setup, db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
