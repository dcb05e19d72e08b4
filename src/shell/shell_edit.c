/*
 * The line editor: there is no pty on the server, so typed bytes arrive raw
 * and we echo, move the cursor and redraw ourselves.  A pure state machine:
 * bytes in, edit state and bytes to send back out.
 *
 * Screen model: the prompt and the line are drawn from the start of a row
 * and wrap at the window width; cursor_row is the row (from the prompt's
 * row) where the terminal's cursor is, so a redraw can go back up there.
 * The text, the cursor and the history are edit.h's core; this file is the
 * terminal's side: bytes and escape sequences in, echo and redraws out.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "edit.h"
#include "shell.h"
#include "text.h"

enum esc_state { ES_NONE, ES_ESC, ES_CSI, ES_SS3, ES_STRING, ES_STRING_ESC };

/* Longest escape sequence we keep parsing; longer ones are dropped whole. */
#define ESC_MAX 64
/*
 * Most bytes a control string (ESC P, ESC ], ESC X, ESC ^, ESC _) may
 * swallow: what follows is typed text again (issue 18.14).
 */
#define ESC_STRING_MAX 256

struct shell_edit {
	struct edit_line l;	/* the line: at most max bytes */
	size_t max;
	size_t width;		/* columns of buf[0..len): kept, not recounted per byte */
	char *line;		/* the completed line, terminated */
	char *prompt;
	size_t prompt_width;
	int cols;
	int echo;
	int cursor_row;
	int overflow;		/* input refused on the current line */
	int line_overflow;	/* ... on the line just completed */
	int last_cr;		/* swallow the LF of a CR LF */
	enum esc_state es;
	char esc[ESC_MAX];
	size_t esclen;
	char u8[4];		/* a UTF-8 character being collected */
	size_t u8len, u8need;
	struct edit_history h;
};

struct shell_edit *
shell_edit_new(size_t max_line, size_t history)
{
	struct shell_edit *e = xcalloc(1, sizeof *e);

	e->max = max_line > 0 ? max_line : 1;
	e->l.cap = e->max + 1;
	e->l.buf = xcalloc(1, e->l.cap);
	e->line = xmalloc(e->max + 1);
	e->line[0] = '\0';
	e->prompt = xstrdup("");
	e->cols = 80;
	e->h.max = history;
	e->h.v = history ? xcalloc(history, sizeof *e->h.v) : NULL;
	return e;
}

void
shell_edit_free(struct shell_edit *e)
{
	if (e == NULL)
		return;
	edit_history_clear(&e->h);
	free(e->h.v);
	free(e->prompt);
	explicit_bzero(e->l.buf, e->l.cap);
	free(e->l.buf);
	free(e->line);
	free(e);
}

void
shell_edit_set_echo(struct shell_edit *e, int on)
{
	e->echo = on;
}

void
shell_edit_set_width(struct shell_edit *e, int cols)
{
	e->cols = cols >= 10 ? (cols > 1000 ? 1000 : cols) : 80;
}

void
shell_edit_set_prompt(struct shell_edit *e, const char *prompt)
{
	free(e->prompt);
	e->prompt = xstrdup(prompt);
	e->prompt_width = text_width(prompt, strlen(prompt));
}

const char *
shell_edit_line(const struct shell_edit *e)
{
	return e->line;
}

const char *
shell_edit_buffer(const struct shell_edit *e, size_t *len, size_t *pos)
{
	*len = e->l.len;
	*pos = e->l.pos;
	return e->l.buf;
}

int
shell_edit_overflowed(const struct shell_edit *e)
{
	return e->line_overflow;
}

/* Go back to the prompt's row, column 0. */
static void
go_home(struct shell_edit *e, struct shell_buf *out)
{
	if (e->cursor_row > 0)
		shell_buf_printf(out, "\x1b[%dA", e->cursor_row);
	shell_buf_str(out, "\r");
	e->cursor_row = 0;
}

static void
refresh(struct shell_edit *e, struct shell_buf *out)
{
	size_t total, upto;
	int end_row, row, col;

	if (!e->echo)
		return;
	go_home(e, out);
	shell_buf_str(out, "\x1b[J");
	shell_buf_str(out, e->prompt);
	shell_buf_add(out, e->l.buf, e->l.len);
	total = e->prompt_width + e->width;
	end_row = (int)(total / (size_t)e->cols);
	if (total > 0 && total % (size_t)e->cols == 0) {
		/* Exactly at the margin the cursor waits there; move it down for real. */
		shell_buf_str(out, "\r\n");
	}
	upto = e->prompt_width + text_width(e->l.buf, e->l.pos);
	row = (int)(upto / (size_t)e->cols);
	col = (int)(upto % (size_t)e->cols);
	if (e->l.pos == e->l.len) {
		/* The cursor is already where the text ends. */
		e->cursor_row = end_row;
		return;
	}
	if (end_row > row)
		shell_buf_printf(out, "\x1b[%dA", end_row - row);
	shell_buf_str(out, "\r");
	if (col > 0)
		shell_buf_printf(out, "\x1b[%dC", col);
	e->cursor_row = row;
}

void
shell_edit_hide(struct shell_edit *e, struct shell_buf *out)
{
	if (!e->echo)
		return;
	go_home(e, out);
	shell_buf_str(out, "\x1b[J");
}

void
shell_edit_show(struct shell_edit *e, struct shell_buf *out)
{
	e->cursor_row = 0;
	refresh(e, out);
}

static void
bell(struct shell_edit *e, struct shell_buf *out)
{
	if (e->echo)
		shell_buf_str(out, "\a");
}

/*
 * Typing at the end of the line (a paste included) only echoes what was
 * typed: the terminal wraps at the margin by itself, so the cost and the
 * output are linear in the input (issues 18.4, 18.5).  Only a change in the
 * middle of the line, or a wide character that would not fit on the row,
 * redraws the line.
 */
static void
insert(struct shell_edit *e, const char *s, size_t n, struct shell_buf *out)
{
	size_t w, before, after, cols = (size_t)e->cols;
	int at_end = e->l.pos == e->l.len;

	/* s is one whole character: it goes in, or nothing does. */
	if (edit_insert(&e->l, s, n) < n) {
		e->overflow = 1;
		bell(e, out);
		return;
	}
	w = text_width(s, n);
	e->width += w;
	if (!e->echo)
		return;
	before = e->prompt_width + e->width - w;
	after = before + w;
	if (at_end && ((w == 1) || (w > 1 && before / cols == (after - 1) / cols) ||
	    (w == 0 && before % cols != 0))) {
		shell_buf_add(out, s, n);
		if (w > 0 && after % cols == 0) {
			/* At the margin the cursor waits there; move it down for real. */
			shell_buf_str(out, "\r\n");
		}
		e->cursor_row = (int)(after / cols);
		return;
	}
	refresh(e, out);
}

/* Deletes from the cursor to where m leads, and redraws. */
static void
delete_to(struct shell_edit *e, enum edit_motion m, struct shell_buf *out)
{
	if (!edit_delete(&e->l, m))
		return;
	e->width = text_width(e->l.buf, e->l.len);
	refresh(e, out);
}

static void
history_move(struct shell_edit *e, int dir, struct shell_buf *out)
{
	if (e->h.n == 0)
		return;
	if (!edit_history_move(&e->h, &e->l, dir)) {
		bell(e, out);
		return;
	}
	e->width = text_width(e->l.buf, e->l.len);
	refresh(e, out);
}

static void
move(struct shell_edit *e, enum edit_motion m, struct shell_buf *out)
{
	if (edit_move(&e->l, m))
		refresh(e, out);
}

static enum shell_edit_result
finish_line(struct shell_edit *e, struct shell_buf *out)
{
	move(e, EDIT_END, out);
	memcpy(e->line, e->l.buf, e->l.len + 1);
	edit_history_add(&e->h, e->line);
	edit_clear(&e->l);
	e->width = 0;
	e->line_overflow = e->overflow;
	e->overflow = 0;
	return SHELL_EDIT_LINE;
}

/* A complete escape sequence (CSI or SS3) in e->esc: act on the keys we know. */
static void
escape_done(struct shell_edit *e, struct shell_buf *out)
{
	char final = e->esclen ? e->esc[e->esclen - 1] : 0;
	const char *params = e->esc;
	size_t plen = e->esclen ? e->esclen - 1 : 0;

	if (plen == 0 || e->es == ES_SS3) {
		switch (final) {
		case 'A': history_move(e, -1, out); return;
		case 'B': history_move(e, 1, out); return;
		case 'C': move(e, EDIT_RIGHT, out); return;
		case 'D': move(e, EDIT_LEFT, out); return;
		case 'H': move(e, EDIT_HOME, out); return;
		case 'F': move(e, EDIT_END, out); return;
		}
		return;
	}
	if (final == '~' && plen == 1) {
		switch (params[0]) {
		case '1': case '7': move(e, EDIT_HOME, out); return;
		case '4': case '8': move(e, EDIT_END, out); return;
		case '3': delete_to(e, EDIT_RIGHT, out); return;
		}
	}
	/* Anything else (modifiers, mouse, focus, paste brackets) is ignored. */
}

/*
 * One byte while inside an escape sequence; returns 1 when it was consumed,
 * 0 when the sequence ended without it and the byte is input again.  A
 * control byte (Enter, Ctrl-C, backspace) ends any sequence and keeps its
 * meaning, so a lone ESC or an unterminated string never eats a line, and a
 * control string swallows at most ESC_STRING_MAX bytes (issue 18.14).
 */
static int
escape_byte(struct shell_edit *e, unsigned char c, struct shell_buf *out)
{
	switch (e->es) {
	case ES_NONE:
		return 0;
	case ES_ESC:
		e->esclen = 0;
		if (c == '[')
			e->es = ES_CSI;
		else if (c == 'O')
			e->es = ES_SS3;
		else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
			e->es = ES_STRING;
		else if (c == 0x1b)
			e->es = ES_ESC;
		else if (c >= 0x20 && c <= 0x2f)
			e->es = ES_CSI;	/* nF: intermediates then a final byte */
		else if (c < 0x20 || c == 0x7f) {
			e->es = ES_NONE;	/* a lone ESC: the control still counts */
			return 0;
		} else
			e->es = ES_NONE;	/* ESC x (Alt-x): dropped */
		return 1;
	case ES_CSI:
	case ES_SS3:
		if (c == 0x1b) {
			e->es = ES_ESC;
			return 1;
		}
		if (c < 0x20 || c > 0x7e) {
			/* A control or a non-ASCII byte aborts the sequence and counts. */
			e->es = ES_NONE;
			return 0;
		}
		if (e->esclen >= ESC_MAX) {
			e->es = ES_NONE;	/* too long to be a key: dropped */
			return 1;
		}
		e->esc[e->esclen++] = (char)c;
		if (c >= 0x40 || e->es == ES_SS3) {
			escape_done(e, out);
			e->es = ES_NONE;
		}
		return 1;
	case ES_STRING:
		if (c == 0x07 || c == 0x9c) {
			e->es = ES_NONE;
			return 1;
		}
		if (c == 0x1b) {
			e->es = ES_STRING_ESC;
			return 1;
		}
		if (c < 0x20 || c == 0x7f || ++e->esclen > ESC_STRING_MAX) {
			e->es = ES_NONE;
			return 0;
		}
		return 1;
	case ES_STRING_ESC:
		if (c == '\\') {
			e->es = ES_NONE;
			return 1;
		}
		/* Not ST: a new escape sequence starts at that ESC. */
		e->es = ES_ESC;
		return escape_byte(e, c, out);
	}
	return 0;
}

/* The byte completes (or breaks) a UTF-8 character: insert it when printable. */
static void
utf8_byte(struct shell_edit *e, unsigned char c, struct shell_buf *out)
{
	char tmp[5];
	uint32_t cp;

	if (e->u8len == 0) {
		if (c >= 0xc2 && c <= 0xdf)
			e->u8need = 2;
		else if (c >= 0xe0 && c <= 0xef)
			e->u8need = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			e->u8need = 4;
		else
			return;		/* stray continuation or invalid lead byte */
		e->u8[e->u8len++] = (char)c;
		return;
	}
	if ((c & 0xc0) != 0x80) {
		/* Broken sequence: drop it and start again with this byte. */
		e->u8len = 0;
		utf8_byte(e, c, out);
		return;
	}
	e->u8[e->u8len++] = (char)c;
	if (e->u8len < e->u8need)
		return;
	e->u8len = 0;
	if (text_utf8_decode(e->u8, e->u8need, &cp) != (int)e->u8need)
		return;
	memcpy(tmp, e->u8, e->u8need);
	tmp[e->u8need] = '\0';
	if (!text_is_clean(tmp))
		return;		/* C1 controls, bidi overrides */
	insert(e, tmp, e->u8need, out);
}

enum shell_edit_result
shell_edit_feed(struct shell_edit *e, const char *in, size_t len, size_t *used,
    struct shell_buf *out)
{
	size_t i;
	char ch;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		int was_cr = e->last_cr;

		e->last_cr = 0;
		if (e->es != ES_NONE && escape_byte(e, c, out))
			continue;
		if (c >= 0x80 || e->u8len > 0) {
			if (c < 0x80)
				e->u8len = 0;	/* ASCII breaks a partial character */
			else {
				utf8_byte(e, c, out);
				continue;
			}
		}
		switch (c) {
		case '\r':
			e->last_cr = 1;
			*used = i + 1;
			return finish_line(e, out);
		case '\n':
			if (was_cr)
				continue;
			*used = i + 1;
			return finish_line(e, out);
		case 0x1b:
			e->es = ES_ESC;
			continue;
		case 0x03:		/* Ctrl-C */
			*used = i + 1;
			return SHELL_EDIT_INTR;
		case 0x04:		/* Ctrl-D */
			if (e->l.len == 0) {
				*used = i + 1;
				return SHELL_EDIT_EOF;
			}
			delete_to(e, EDIT_RIGHT, out);
			continue;
		case 0x01: move(e, EDIT_HOME, out); continue;		/* Ctrl-A */
		case 0x05: move(e, EDIT_END, out); continue;		/* Ctrl-E */
		case 0x02: move(e, EDIT_LEFT, out); continue;		/* Ctrl-B */
		case 0x06: move(e, EDIT_RIGHT, out); continue;		/* Ctrl-F */
		case 0x08:
		case 0x7f:		/* backspace: one whole character */
			if (e->l.pos == 0)
				bell(e, out);
			else
				delete_to(e, EDIT_LEFT, out);
			continue;
		case 0x0b: delete_to(e, EDIT_END, out); continue;		/* Ctrl-K */
		case 0x15: delete_to(e, EDIT_HOME, out); continue;		/* Ctrl-U */
		case 0x17: delete_to(e, EDIT_WORD_LEFT, out); continue;	/* Ctrl-W */
		case 0x0c: shell_edit_show(e, out); continue;			/* Ctrl-L */
		case 0x10: history_move(e, -1, out); continue;			/* Ctrl-P */
		case 0x0e: history_move(e, 1, out); continue;			/* Ctrl-N */
		case '\t':
			ch = ' ';
			insert(e, &ch, 1, out);
			continue;
		default:
			if (c >= 0x20 && c < 0x7f) {
				ch = (char)c;
				insert(e, &ch, 1, out);
			}
			/* Other C0 controls are dropped. */
			continue;
		}
	}
	*used = len;
	return SHELL_EDIT_MORE;
}
