/*
 * Sanitizing untrusted text for display on someone else's terminal.
 *
 * The guarantee callers rely on: the output is valid UTF-8 and contains no
 * byte below 0x20, no DEL, no C1 control (U+0080..U+009F) and no bidi
 * control. How much of a broken escape sequence is swallowed only changes
 * what is shown, never what the terminal executes, since no ESC survives.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

#define ESC 0x1b
#define BEL 0x07
#define CAN 0x18
#define SUB 0x1a

struct sink {
	char *buf;
	size_t size;	/* bytes available, NUL included */
	size_t len;
	int full;	/* a character did not fit: stop */
};

static int
is_bidi(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Characters that take no room and show nothing, so that two strings that
 * look the same on screen can differ (a fake "LI-2026-0000001" with a
 * zero-width space inside): removed like the bidi controls.
 */
static int
is_invisible(uint32_t cp)
{
	return cp == 0x00ad ||				/* soft hyphen */
	    cp == 0x034f ||				/* combining grapheme joiner */
	    cp == 0x115f || cp == 0x1160 ||		/* Hangul choseong/jungseong fillers */
	    cp == 0x180e ||				/* Mongolian vowel separator */
	    (cp >= 0x200b && cp <= 0x200d) ||		/* zero-width space, (non-)joiner */
	    cp == 0x2028 || cp == 0x2029 ||		/* line and paragraph separators */
	    (cp >= 0x2060 && cp <= 0x2064) ||		/* word joiner, invisible operators */
	    cp == 0x3164 || cp == 0xffa0 ||		/* Hangul fillers */
	    cp == 0xfeff ||				/* byte order mark */
	    (cp >= 0xfff9 && cp <= 0xfffb) ||		/* interlinear annotation */
	    (cp >= 0xe0000 && cp <= 0xe007f);		/* tag characters */
}

/* Append n bytes as one unit, or mark the sink full if they do not fit. */
static void
sink_put(struct sink *k, const char *p, size_t n)
{
	if (k->full)
		return;
	if (n > k->size - 1 - k->len) {
		k->full = 1;
		return;
	}
	memcpy(k->buf + k->len, p, n);
	k->len += n;
}

/*
 * Length of the maximal subpart of an ill-formed sequence at p (Unicode's
 * "maximal subpart" rule): the lead byte plus the continuation bytes that
 * could still have started a valid character. At least 1.
 */
static size_t
utf8_bad_len(const unsigned char *p, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 1;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		need = 2;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		need = 3;
	else
		return 1;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i <= need && i < len; i++) {
		if (p[i] < lo || p[i] > hi)
			break;
		lo = 0x80;
		hi = 0xbf;
	}
	return i;
}

/*
 * Read the control at p: a C0 byte, ESC, or a C1 control as a raw byte or
 * as UTF-8 (C2 80..C2 9F). Returns its length and sets *c to 0x00..0x9F, or
 * returns 0 when p holds something else.
 */
static size_t
control_at(const unsigned char *p, size_t len, unsigned *c)
{
	if (p[0] < 0x20 || p[0] == 0x7f) {
		*c = p[0];
		return 1;
	}
	if (p[0] >= 0x80 && p[0] <= 0x9f) {
		*c = p[0];
		return 1;
	}
	if (p[0] == 0xc2 && len >= 2 && p[1] >= 0x80 && p[1] <= 0x9f) {
		*c = p[1];
		return 2;
	}
	return 0;
}

/*
 * Skip a control string body (OSC, DCS, SOS, PM, APC) starting at i.
 * It ends after ST (ESC \ or 8-bit 0x9C), after BEL when bel_ends (OSC),
 * or before CAN, SUB or any other ESC, which the caller then handles.
 * Returns the offset where normal processing resumes.
 */
static size_t
skip_string(const unsigned char *p, size_t len, size_t i, int bel_ends)
{
	uint32_t cp;
	int r;

	while (i < len) {
		r = text_utf8_decode((const char *)p + i, len - i, &cp);
		if (r < 0) {
			if (p[i] == 0x9c)	/* 8-bit ST */
				return i + 1;
			i++;
			continue;
		}
		if (cp == 0x9c || (cp == BEL && bel_ends))
			return i + (size_t)r;
		if (cp == ESC) {
			if (i + 1 < len && p[i + 1] == '\\')
				return i + 2;
			return i;
		}
		if (cp == CAN || cp == SUB)
			return i;
		i += (size_t)r;
	}
	return len;
}

/*
 * Skip the parameter, intermediate and final bytes of a CSI starting at i.
 * A byte outside 0x20..0x7E aborts the sequence and is left to the caller.
 */
static size_t
skip_csi(const unsigned char *p, size_t len, size_t i)
{
	while (i < len && p[i] >= 0x20 && p[i] <= 0x3f)
		i++;
	if (i < len && p[i] >= 0x40 && p[i] <= 0x7e)
		i++;
	return i;
}

/*
 * The body of whatever C1 control c introduced (just before i). As raw
 * 8-bit bytes only CSI and OSC take a body: 0x90..0x9F are also common
 * UTF-8 continuation bytes, and a stray one (a character cut in half)
 * should not swallow the rest of the text. Encoded as UTF-8 (raw == 0),
 * DCS, SOS, PM and APC strings are skipped as well.
 * Returns the offset where normal processing resumes.
 */
static size_t
skip_c1(const unsigned char *p, size_t len, size_t i, unsigned c, int raw)
{
	switch (c) {
	case 0x9b:	/* CSI */
		return skip_csi(p, len, i);
	case 0x9d:	/* OSC */
		return skip_string(p, len, i, 1);
	case 0x90:	/* DCS */
	case 0x98:	/* SOS */
	case 0x9e:	/* PM */
	case 0x9f:	/* APC */
		return raw ? i : skip_string(p, len, i, 0);
	default:
		return i;
	}
}

/* Skip an escape sequence whose ESC is at i. */
static size_t
skip_esc(const unsigned char *p, size_t len, size_t i)
{
	size_t j = i + 1;

	if (j >= len)
		return j;
	switch (p[j]) {
	case '[':
		return skip_csi(p, len, j + 1);
	case ']':
		return skip_string(p, len, j + 1, 1);
	case 'P':
	case 'X':
	case '^':
	case '_':
		return skip_string(p, len, j + 1, 0);
	}
	/* nF: intermediates 0x20..0x2F then a final 0x30..0x7E. */
	while (j < len && p[j] >= 0x20 && p[j] <= 0x2f)
		j++;
	if (j < len && p[j] >= 0x30 && p[j] <= 0x7e)
		j++;
	/* Anything else (a control, non-ASCII) ends it and is reprocessed. */
	return j;
}

size_t
text_sanitize(const char *in, size_t inlen, char *out, size_t outsize)
{
	const unsigned char *p = (const unsigned char *)in;
	struct sink k = { out, outsize, 0, 0 };
	size_t i = 0, n;
	unsigned c;
	uint32_t cp;
	int r;

	if (outsize == 0)
		return 0;
	while (i < inlen && !k.full) {
		if ((n = control_at(p + i, inlen - i, &c)) != 0) {
			i += n;
			if (c == '\t')
				sink_put(&k, " ", 1);
			else if (c == ESC)
				i = skip_esc(p, inlen, i - 1);
			else if (c >= 0x80)
				i = skip_c1(p, inlen, i, c, n == 1);
			continue;
		}
		r = text_utf8_decode(in + i, inlen - i, &cp);
		if (r < 0) {
			sink_put(&k, TEXT_REPLACEMENT, 3);
			i += utf8_bad_len(p + i, inlen - i);
			continue;
		}
		if (!is_bidi(cp) && !is_invisible(cp))
			sink_put(&k, in + i, (size_t)r);
		i += (size_t)r;
	}
	out[k.len] = '\0';
	return k.len;
}

int
text_is_clean(const char *s)
{
	size_t len = strlen(s), i = 0;
	uint32_t cp;
	int r;

	while (i < len) {
		r = text_utf8_decode(s + i, len - i, &cp);
		if (r < 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    is_bidi(cp) || is_invisible(cp))
			return 0;
		i += (size_t)r;
	}
	return 1;
}
