/*
 * text: making untrusted user text safe for a terminal, and the UTF-8
 * helpers (decoding, display width, wrapping) that the line editor and the
 * console use.
 *
 * Nothing here allocates and nothing depends on the locale: callers own
 * every buffer they pass in, and the results are the same whatever LANG is.
 */
#ifndef INFOCIG_TEXT_H
#define INFOCIG_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* U+FFFD REPLACEMENT CHARACTER as UTF-8. */
#define TEXT_REPLACEMENT "\xef\xbf\xbd"

/*
 * Copy inlen bytes of untrusted text from in to out so that out is safe to
 * show on another person's terminal.
 *
 * The output is valid UTF-8, always NUL-terminated (when outsize > 0) and
 * at most outsize - 1 bytes long; when it does not fit it is cut before a
 * whole character, never inside one. Removed: C0 controls (TAB becomes one
 * space; LF and CR go too), DEL, C1 controls U+0080..U+009F whether encoded
 * as UTF-8 or sent as raw 8-bit bytes, whole escape sequences (ESC [ CSI,
 * ESC ] OSC up to BEL or ST, ESC P/X/^/_ strings up to ST, two-byte and
 * nF ESC sequences; the 8-bit CSI 0x9B and OSC 0x9D, raw or as UTF-8; the
 * DCS, SOS, PM and APC strings U+0090, U+0098, U+009E, U+009F as UTF-8,
 * while those four as raw bytes are dropped alone), the bidi controls U+061C, U+200E, U+200F,
 * U+202A..U+202E and U+2066..U+2069, and the invisible characters that allow
 * spoofing (U+00AD, U+034F, U+115F, U+1160, U+180E, U+200B..U+200D, U+2028,
 * U+2029, U+2060..U+2064, U+3164, U+FEFF, U+FFA0, U+FFF9..U+FFFB and the
 * tag characters U+E0000..U+E007F). Invalid UTF-8 (stray continuation
 * bytes 0xA0..0xBF, overlong forms, surrogates, code points above
 * U+10FFFF, truncated sequences) becomes one U+FFFD per maximal invalid
 * subpart. in may contain NUL bytes; in may be NULL when inlen is 0.
 *
 * Returns the output length in bytes (excluding the NUL); 0 when outsize
 * is 0, in which case nothing is written.
 */
size_t text_sanitize(const char *in, size_t inlen, char *out, size_t outsize);

/*
 * Returns 1 when the NUL-terminated string s would come out of
 * text_sanitize() unchanged (valid UTF-8, no controls, TABs, escapes, bidi
 * controls or invisible characters), 0 otherwise. Meant for assertions at trust boundaries.
 */
int text_is_clean(const char *s);

/*
 * Decode one UTF-8 character from the len bytes at s into *cp.
 * Returns the bytes consumed (1..4), or -1 when the bytes there are not a
 * valid, complete, shortest-form encoding of a scalar value (len 0 included);
 * then *cp is set to U+FFFD. Never reads beyond s[len - 1].
 */
int text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * Encode cp as UTF-8 into out (not NUL-terminated).
 * Returns the bytes written (1..4), or -1 for a surrogate or a value above
 * U+10FFFF (nothing written).
 */
int text_utf8_encode(uint32_t cp, char out[4]);

/*
 * Terminal columns taken by cp, independent of the locale (wcwidth() is
 * not used): 0 for combining marks, format characters (zero-width space and
 * joiners, bidi controls, variation selectors), Hangul medial/final jamo
 * and controls (which text_sanitize() has removed anyway); 2 for East Asian
 * Wide and Fullwidth characters, which include most emoji (Unicode 14
 * data); 1 otherwise.
 */
int text_cp_width(uint32_t cp);

/*
 * Columns taken by the len bytes at s; each invalid byte sequence counts as
 * one column (it will be shown as U+FFFD).
 */
size_t text_width(const char *s, size_t len);

/*
 * Offset of the start of the character that ends at pos, i.e. where the
 * cursor goes on backspace; 0 when pos is 0. Inside invalid UTF-8 it steps
 * back one byte. s must be readable up to pos.
 */
size_t text_prev_char(const char *s, size_t pos);

/*
 * Offset just after the character starting at pos in the len bytes at s;
 * len when pos >= len. An invalid byte counts as one character.
 */
size_t text_next_char(const char *s, size_t len, size_t pos);

/*
 * Where to break the NUL-terminated UTF-8 string s into lines at most width
 * columns wide, for chat display.
 *
 * breaks[k] receives the byte offset at which line k + 1 starts (line 0
 * starts at 0). A line is broken at a run of spaces when there is one on
 * it: the next line starts after the run, and the line before it ends with
 * those spaces, which the caller should not display (they may go beyond
 * width). A word longer than width is broken between characters; a
 * character wider than width gets a line of its own. '\n' forces a break,
 * the next line starting just after it. No offset is produced for the end
 * of the string.
 *
 * Returns the total number of breaks, which may exceed maxbreaks: only the
 * first maxbreaks are stored (breaks may be NULL when maxbreaks is 0), so a
 * caller can size its array with a first call. Returns 0 when width < 1.
 */
size_t text_wrap(const char *s, int width, size_t *breaks, size_t maxbreaks);

/*
 * One line of a wrap, for callers that print as they go: of the len bytes
 * at s (no '\n' among them), how many bytes fit on a line width columns
 * wide, broken after a run of spaces when there is one (a word longer than
 * width is cut between characters; at least one character is always taken).
 * Returns the bytes to show, without the spaces at the break; *next gets
 * the offset where the next line starts (after those spaces), len at the
 * end.  Reads only as far as the line reaches, so wrapping a long text line
 * by line costs time linear in its length.  width < 1 counts as 1.
 */
size_t text_wrap_next(const char *s, size_t len, int width, size_t *next);

/*
 * The rows of the len bytes at s wrapped for display at width columns: fn
 * gets each row in order, without the spaces at its break, and the indent
 * it is to be shown after.  '\n' ends a line (an empty line is one empty
 * row).  The rows that continue a line are wrapped at width - hang and get
 * indent hang (0 for the first row of each line; a hang not below width
 * counts as 0).  fn may be NULL, to count.  Returns the number of rows.
 * Time linear in len (text_wrap_next row by row).
 */
size_t text_wrap_rows(const char *s, size_t len, int width, int hang,
    void (*fn)(void *arg, int indent, const char *row, size_t rowlen), void *arg);

#endif
