/*
 * The line editor: there is no pty on the server, so typed bytes arrive raw
 * and we echo, move the cursor and redraw ourselves.  A pure state machine:
 * bytes in, edit state and bytes to send back out.
 *
 * Screen model: the prompt and the line are drawn from the start of a row
 * and wrap at the window width; cursor_row is the row (from the prompt's
 * row) where the terminal's cursor is, so a redraw can go back up there.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
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
	char *buf;		/* the line, max_line bytes, not terminated */
	size_t len, pos, max;
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
	char **hist;		/* oldest first */
	size_t nhist, maxhist, hidx;
	char *saved;		/* the line being typed while browsing history */
};

struct shell_edit *
shell_edit_new(size_t max_line, size_t history)
{
	struct shell_edit *e = xcalloc(1, sizeof *e);

	e->max = max_line > 0 ? max_line : 1;
	e->buf = xmalloc(e->max);
	e->line = xmalloc(e->max + 1);
	e->line[0] = '\0';
	e->prompt = xstrdup("");
	e->cols = 80;
	e->maxhist = history;
	e->hist = history ? xcalloc(history, sizeof *e->hist) : NULL;
	return e;
}

void
shell_edit_free(struct shell_edit *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nhist; i++)
		free(e->hist[i]);
	free(e->hist);
	free(e->saved);
	free(e->prompt);
	explicit_bzero(e->buf, e->max);
	free(e->buf);
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
	*len = e->len;
	*pos = e->pos;
	return e->buf;
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
	shell_buf_add(out, e->buf, e->len);
	total = e->prompt_width + e->width;
	end_row = (int)(total / (size_t)e->cols);
	if (total > 0 && total % (size_t)e->cols == 0) {
		/* Exactly at the margin the cursor waits there; move it down for real. */
		shell_buf_str(out, "\r\n");
	}
	upto = e->prompt_width + text_width(e->buf, e->pos);
	row = (int)(upto / (size_t)e->cols);
	col = (int)(upto % (size_t)e->cols);
	if (e->pos == e->len) {
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
	int at_end = e->pos == e->len;

	if (e->len + n > e->max) {
		e->overflow = 1;
		bell(e, out);
		return;
	}
	w = text_width(s, n);
	memmove(e->buf + e->pos + n, e->buf + e->pos, e->len - e->pos);
	memcpy(e->buf + e->pos, s, n);
	e->len += n;
	e->pos += n;
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

static void
delete_range(struct shell_edit *e, size_t from, size_t to, struct shell_buf *out)
{
	if (from >= to)
		return;
	memmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	if (e->pos >= to)
		e->pos -= to - from;
	else if (e->pos > from)
		e->pos = from;
	e->width = text_width(e->buf, e->len);
	refresh(e, out);
}

static void
set_buffer(struct shell_edit *e, const char *s, struct shell_buf *out)
{
	size_t n = strlen(s);

	if (n > e->max)
		n = e->max;
	memcpy(e->buf, s, n);
	e->len = e->pos = n;
	e->width = text_width(e->buf, e->len);
	refresh(e, out);
}

static void
history_move(struct shell_edit *e, int dir, struct shell_buf *out)
{
	if (e->nhist == 0)
		return;
	if (dir < 0) {
		if (e->hidx == 0) {
			bell(e, out);
			return;
		}
		if (e->hidx == e->nhist) {
			free(e->saved);
			e->saved = xstrndup(e->buf, e->len);
		}
		e->hidx--;
		set_buffer(e, e->hist[e->hidx], out);
	} else {
		if (e->hidx >= e->nhist) {
			bell(e, out);
			return;
		}
		e->hidx++;
		set_buffer(e, e->hidx == e->nhist ? (e->saved ? e->saved : "") :
		    e->hist[e->hidx], out);
	}
}

static void
history_add(struct shell_edit *e, const char *line)
{
	if (e->maxhist == 0 || *line == '\0')
		return;
	if (e->nhist > 0 && strcmp(e->hist[e->nhist - 1], line) == 0)
		return;
	if (e->nhist == e->maxhist) {
		free(e->hist[0]);
		memmove(e->hist, e->hist + 1, (e->nhist - 1) * sizeof *e->hist);
		e->nhist--;
	}
	e->hist[e->nhist++] = xstrdup(line);
}

static int
is_space_at(const struct shell_edit *e, size_t i)
{
	return e->buf[i] == ' ';
}

static void
kill_word(struct shell_edit *e, struct shell_buf *out)
{
	size_t p = e->pos;

	while (p > 0 && is_space_at(e, p - 1))
		p--;
	while (p > 0 && !is_space_at(e, p - 1))
		p = text_prev_char(e->buf, p);
	delete_range(e, p, e->pos, out);
}

static void
move_to(struct shell_edit *e, size_t pos, struct shell_buf *out)
{
	if (pos == e->pos)
		return;
	e->pos = pos;
	refresh(e, out);
}

static enum shell_edit_result
finish_line(struct shell_edit *e, struct shell_buf *out)
{
	if (e->pos != e->len) {
		e->pos = e->len;
		refresh(e, out);
	}
	memcpy(e->line, e->buf, e->len);
	e->line[e->len] = '\0';
	history_add(e, e->line);
	e->hidx = e->nhist;
	free(e->saved);
	e->saved = NULL;
	explicit_bzero(e->buf, e->len);
	e->len = e->pos = e->width = 0;
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
		case 'C': move_to(e, text_next_char(e->buf, e->len, e->pos), out); return;
		case 'D': move_to(e, text_prev_char(e->buf, e->pos), out); return;
		case 'H': move_to(e, 0, out); return;
		case 'F': move_to(e, e->len, out); return;
		}
		return;
	}
	if (final == '~' && plen == 1) {
		switch (params[0]) {
		case '1': case '7': move_to(e, 0, out); return;
		case '4': case '8': move_to(e, e->len, out); return;
		case '3': delete_range(e, e->pos, text_next_char(e->buf, e->len, e->pos), out);
			return;
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
			if (e->len == 0) {
				*used = i + 1;
				return SHELL_EDIT_EOF;
			}
			delete_range(e, e->pos, text_next_char(e->buf, e->len, e->pos), out);
			continue;
		case 0x01: move_to(e, 0, out); continue;		/* Ctrl-A */
		case 0x05: move_to(e, e->len, out); continue;		/* Ctrl-E */
		case 0x02: move_to(e, text_prev_char(e->buf, e->pos), out); continue;
		case 0x06: move_to(e, text_next_char(e->buf, e->len, e->pos), out); continue;
		case 0x08:
		case 0x7f:		/* backspace: one whole character */
			if (e->pos == 0)
				bell(e, out);
			else
				delete_range(e, text_prev_char(e->buf, e->pos), e->pos, out);
			continue;
		case 0x0b: delete_range(e, e->pos, e->len, out); continue;	/* Ctrl-K */
		case 0x15: delete_range(e, 0, e->pos, out); continue;		/* Ctrl-U */
		case 0x17: kill_word(e, out); continue;				/* Ctrl-W */
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
