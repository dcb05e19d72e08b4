/* Unit tests for the text module: sanitizer, UTF-8 helpers, widths, wrap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "text.h"

#define R TEXT_REPLACEMENT

/* Sanitize the len bytes at in into a 256-byte buffer and compare. */
static void
check_san_len(const char *in, size_t len, const char *want)
{
	char out[256];
	size_t n;

	n = text_sanitize(in, len, out, sizeof out);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
	assert_true(text_is_clean(out));
}

static void
check_san(const char *in, const char *want)
{
	check_san_len(in, strlen(in), want);
}

static void
test_sanitize_escapes(void **state)
{
	(void)state;
	check_san("ciao\x1b[31mrosso", "ciaorosso");
	check_san("ciao\x1b[1;31;48;5;196mrosso\x1b[0m", "ciaorosso");
	check_san("\x1b[?1049h\x1b[2J\x1b[Hschermo", "schermo");
	/* OSC 52: write to the advisor's clipboard, BEL- and ST-terminated. */
	check_san("a\x1b]52;c;cm0gLXJmIH4=\x07" "b", "ab");
	check_san("a\x1b]52;c;cm0gLXJmIH4=\x1b\\b", "ab");
	/* Window title, BEL-terminated, with UTF-8 inside. */
	check_san("\x1b]0;INPS \xc3\xa8 hackerato\x07ok", "ok");
	check_san("\x1b]2;title\x1b\\ok", "ok");
	/* Hyperlink OSC 8 keeps only the visible text. */
	check_san("\x1b]8;;http://evil.example/\x1b\\clicca\x1b]8;;\x1b\\", "clicca");
	/* DCS, APC, PM, SOS strings. */
	check_san("\x1bPq#0;2;0;0;0#0~~\x1b\\z", "z");
	check_san("\x1b_apc\x1b\\z\x1b^pm\x1b\\z\x1bXsos\x1b\\z", "zzz");
	/* Two-byte and nF sequences. */
	check_san("\x1b" "7x\x1b" "8\x1b" "c", "x");
	check_san("\x1b(0lqk\x1b(B", "lqk");
	check_san("\x1b#8ok", "ok");
	/* ESC ESC, ESC then a control, ESC at the end. */
	check_san("a\x1b\x1b[31mb", "ab");
	check_san("a\x1b\nb", "ab");
	check_san("abc\x1b", "abc");
	check_san("abc\x1b[12;", "abc");
	/* An unterminated OSC swallows the rest, as a terminal would. */
	check_san("ok\x1b]0;forever", "ok");
	/* CAN aborts a string. */
	check_san("\x1b]0;x\x18ok", "ok");
}

static void
test_sanitize_c1(void **state)
{
	(void)state;
	/* 8-bit CSI as a raw byte, with its parameters. */
	check_san("a\x9b" "31mb", "ab");
	check_san("a\x9b" "2Jb", "ab");
	/* 8-bit OSC raw, ended by BEL and by 8-bit ST. */
	check_san("\x9d" "0;title\x07x", "x");
	check_san("\x9d" "0;title\x9cx", "x");
	/* C1 as UTF-8: U+009B CSI, U+009D OSC, U+0085 NEL, U+0090 DCS. */
	check_san("a\xc2\x9b" "31mb", "ab");
	check_san("a\xc2\x9d" "0;t\xc2\x9c" "b", "ab");
	check_san("a\xc2\x85" "b", "ab");
	check_san("a\xc2\x90q\xc2\x9c" "b", "ab");
	/* Other raw C1 bytes and stray 0x80..0x9F are just dropped, even
	 * raw DCS/APC: an emoji cut in half must not eat the rest. */
	check_san("a\x85\x80\x81" "b", "ab");
	check_san("\x9f\x98\x80 ciao", " ciao");
	check_san("\x90" "q", "q");
	/* Latin-1 U+00A0.. is not C1: kept. */
	check_san("\xc2\xa0\xc2\xbf", "\xc2\xa0\xc2\xbf");
}

static void
test_sanitize_c0_bidi(void **state)
{
	(void)state;
	check_san_len("a\tb\r\nc\0d\x7f\x07\x08" "e", 12, "a bcde");
	/* RLO: "file<RLO>gpj.exe" would show as "fileexe.jpg". */
	check_san("file\xe2\x80\xaegpj.exe", "filegpj.exe");
	check_san("\xe2\x80\xaa" "a\xe2\x80\xab" "b\xe2\x80\xac\xe2\x80\xad" "c",
	    "abc");
	check_san("\xe2\x81\xa6" "x\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "x");
	check_san("\xe2\x80\x8e" "x\xe2\x80\x8f\xd8\x9c", "x");
	/* Neighbours of the bidi controls are kept; ZWJ is invisible (issue 18.16). */
	check_san("\xe2\x80\x8d\xe2\x80\xaf\xe2\x81\xaa", "\xe2\x80\xaf\xe2\x81\xaa");
}

static void
test_sanitize_invalid(void **state)
{
	(void)state;
	check_san("a\xff" "b", "a" R "b");
	check_san("a\xfe\xfd" "b", "a" R R "b");
	check_san("\xa0", R);
	/* Overlong '/' must never come out as '/'. */
	check_san("\xc0\xaf", R R);
	check_san("\xe0\x80\xaf", R R);
	check_san("\xf0\x80\x80\xaf", R R);
	/* Surrogates and values above U+10FFFF. */
	check_san("x\xed\xa0\x80y", "x" R R "y");
	check_san("x\xed\xbf\xbfy", "x" R R R "y");
	check_san("\xf4\x90\x80\x80" "x", R "x");
	check_san("\xf7\xbf\xbf\xbf", R R R R);
	check_san("\xf5\x80", R);
	/* Truncated sequences: one U+FFFD per maximal subpart. */
	check_san("ok\xe2\x82", "ok" R);
	check_san("ok\xf0\x9f\x98", "ok" R);
	check_san("ok\xc3", "ok" R);
	check_san("\xe2\x82" "a\xe2\x82\xac", R "a\xe2\x82\xac");
	/* The limit itself is fine. */
	check_san("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");
}

static void
test_sanitize_preserves(void **state)
{
	const char *it = "Perch\xc3\xa9 \xc3\xa8 gi\xc3\xa0 cos\xc3\xac? "
	    "Pi\xc3\xb9 tardi, \xe2\x82\xac 12,50 \xf0\x9f\x98\x80 "
	    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd \xe2\x9d\xa4\xef\xb8\x8f "
	    "\xf0\x9f\x87\xae\xf0\x9f\x87\xb9 \xe6\xbc\xa2\xe5\xad\x97 "
	    "e\xcc\x81";

	(void)state;
	check_san(it, it);
	assert_true(text_is_clean(it));
	check_san("", "");
}

static void
test_sanitize_small_buffer(void **state)
{
	const char *in = "a\xc3\xa8\xe6\xbc\xa2\xf0\x9f\x98\x80z";
	char full[64], out[64];
	size_t n, fulllen, size;

	(void)state;
	n = text_sanitize("a\xc3\xa8", 3, out, 3);
	assert_int_equal(n, 1);
	assert_string_equal(out, "a");
	n = text_sanitize("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 8, out, 8);
	assert_int_equal(n, 4);
	assert_string_equal(out, "\xf0\x9f\x98\x80");
	/* U+FFFD takes 3 bytes: it must not be cut either. */
	n = text_sanitize("ab\xff", 3, out, 5);
	assert_int_equal(n, 2);
	assert_string_equal(out, "ab");
	n = text_sanitize("x", 1, out, 1);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	memset(out, 'Q', sizeof out);
	assert_int_equal(text_sanitize("x", 1, out, 0), 0);
	assert_int_equal(out[0], 'Q');

	fulllen = text_sanitize(in, strlen(in), full, sizeof full);
	for (size = 1; size <= fulllen + 1; size++) {
		memset(out, 'Q', sizeof out);
		n = text_sanitize(in, strlen(in), out, size);
		assert_true(n <= size - 1);
		assert_int_equal(out[n], '\0');
		assert_int_equal(out[size], 'Q');	/* nothing written past */
		assert_true(text_is_clean(out));
		assert_memory_equal(out, full, n);
		/* Cut only where a whole character ends. */
		assert_true(n == fulllen || (full[n] & 0xc0) != 0x80);
	}
	assert_int_equal(text_sanitize(in, strlen(in), out, 3), 1);
	assert_int_equal(text_sanitize(in, strlen(in), out, 4), 3);
	assert_int_equal(text_sanitize(in, strlen(in), out, 6), 3);
	assert_int_equal(text_sanitize(in, strlen(in), out, 7), 6);
}

static void
test_sanitize_random(void **state)
{
	static const char pieces[][6] = {
		"\x1b", "[", "]", "\x07", "\\", "\x9b", "\x9d", "\x9c",
		"\xc2", "\x9b", "\xe2\x80", "\xae", "\xf0\x9f", "\xed", "a",
		"\xc3\xa8", "\x00", "\n", "P", "0", ";", "m", "\xff", "\x80",
	};
	char in[64], out[48];
	uint32_t seed = 12345;
	size_t len, n, k;
	int iter;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		len = 0;
		for (k = 0; k < 12; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % nitems(pieces)];
			size_t pl = p[0] == '\0' ? 1 : strlen(p);
			memcpy(in + len, p, pl);
			len += pl;
		}
		seed = seed * 1103515245u + 12345u;
		n = text_sanitize(in, len, out, 1 + (seed >> 16) % sizeof out);
		assert_true(n < sizeof out);
		assert_int_equal(strlen(out), n);
		assert_true(text_is_clean(out));
		assert_null(strchr(out, '\x1b'));
	}
}

static void
test_is_clean(void **state)
{
	(void)state;
	assert_true(text_is_clean("ciao \xc3\xa8"));
	assert_true(text_is_clean(""));
	assert_false(text_is_clean("a\tb"));
	assert_false(text_is_clean("a\x1b[m"));
	assert_false(text_is_clean("a\xc2\x9b"));
	assert_false(text_is_clean("\xe2\x80\xae"));
	assert_false(text_is_clean("\xc0\xaf"));
	assert_false(text_is_clean("\x7f"));
}

static void
test_utf8_codec(void **state)
{
	char buf[4];
	uint32_t cp, got;
	int n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = text_utf8_encode(cp, buf);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			assert_int_equal(n, -1);
			continue;
		}
		assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
		assert_int_equal(text_utf8_decode(buf, (size_t)n, &got), n);
		assert_int_equal(got, cp);
		/* One byte short is never accepted. */
		if (n > 1)
			assert_int_equal(text_utf8_decode(buf, (size_t)n - 1, &got), -1);
	}
	assert_int_equal(text_utf8_encode(0x110000, buf), -1);
	assert_int_equal(text_utf8_decode("\xc3\xa8", 2, &cp), 2);
	assert_int_equal(cp, 0xe8);
	assert_int_equal(text_utf8_decode("\xc0\xaf", 2, &cp), -1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(text_utf8_decode("\xc1\xbf", 2, &cp), -1);
	assert_int_equal(text_utf8_decode("\xe0\x80\xaf", 3, &cp), -1);
	assert_int_equal(text_utf8_decode("\xe0\x9f\xbf", 3, &cp), -1);
	assert_int_equal(text_utf8_decode("\xf0\x80\x80\xaf", 4, &cp), -1);
	assert_int_equal(text_utf8_decode("\xf0\x8f\xbf\xbf", 4, &cp), -1);
	assert_int_equal(text_utf8_decode("\xed\xa0\x80", 3, &cp), -1);
	assert_int_equal(text_utf8_decode("\xed\xbf\xbf", 3, &cp), -1);
	assert_int_equal(text_utf8_decode("\xf4\x90\x80\x80", 4, &cp), -1);
	assert_int_equal(text_utf8_decode("\xf8\x88\x80\x80\x80", 5, &cp), -1);
	assert_int_equal(text_utf8_decode("\x80", 1, &cp), -1);
	assert_int_equal(text_utf8_decode("\xc3" "a", 2, &cp), -1);
	assert_int_equal(text_utf8_decode("", 0, &cp), -1);
	assert_int_equal(text_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
}

static void
test_widths(void **state)
{
	(void)state;
	assert_int_equal(text_cp_width('a'), 1);
	assert_int_equal(text_cp_width(0xe8), 1);		/* è */
	assert_int_equal(text_cp_width(0x6f22), 2);		/* 漢 */
	assert_int_equal(text_cp_width(0x301), 0);		/* combining acute */
	assert_int_equal(text_cp_width(0x1f600), 2);		/* 😀 */
	assert_int_equal(text_cp_width(0x1f44d), 2);		/* 👍 */
	assert_int_equal(text_cp_width(0x200d), 0);		/* ZWJ */
	assert_int_equal(text_cp_width(0xfe0f), 0);		/* VS16 */
	assert_int_equal(text_cp_width(0x20ac), 1);		/* € */
	assert_int_equal(text_cp_width(0xac00), 2);		/* 가 */
	assert_int_equal(text_cp_width(0xff21), 2);		/* fullwidth A */
	assert_int_equal(text_cp_width(0x20000), 2);		/* CJK ext B */
	assert_int_equal(text_cp_width(0x1b), 0);
	assert_int_equal(text_width("\xc3\xa8", 2), 1);
	assert_int_equal(text_width("\xe6\xbc\xa2", 3), 2);
	assert_int_equal(text_width("e\xcc\x81", 3), 1);
	assert_int_equal(text_width("\xf0\x9f\x98\x80", 4), 2);
	assert_int_equal(text_width("Perch\xc3\xa9 \xe6\xbc\xa2\xe5\xad\x97!", 15), 12);
	assert_int_equal(text_width("a\xff" "b", 3), 3);
	assert_int_equal(text_width("", 0), 0);
}

static void
test_char_steps(void **state)
{
	const char *s = "a\xc3\xa8\xe6\xbc\xa2\xf0\x9f\x98\x80";
	static const size_t stops[] = { 0, 1, 3, 6, 10 };
	size_t i;

	(void)state;
	for (i = 0; i + 1 < nitems(stops); i++) {
		assert_int_equal(text_next_char(s, 10, stops[i]), stops[i + 1]);
		assert_int_equal(text_prev_char(s, stops[i + 1]), stops[i]);
	}
	assert_int_equal(text_next_char(s, 10, 10), 10);
	assert_int_equal(text_prev_char(s, 0), 0);
	/* Invalid bytes step one at a time. */
	assert_int_equal(text_prev_char("\xff\xfe", 2), 1);
	assert_int_equal(text_next_char("\xff\xfe", 2, 0), 1);
	assert_int_equal(text_prev_char("a\x80\x80\x80\x80", 5), 4);
	assert_int_equal(text_prev_char("\xe6\xbc", 2), 1);
}

static void
check_wrap(const char *s, int width, size_t n, const size_t *want)
{
	size_t got[16];
	size_t i;

	assert_int_equal(text_wrap(s, width, got, nitems(got)), n);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
}

static void
test_wrap(void **state)
{
	size_t got[4] = { 99, 99, 99, 99 };
	const char *msg = "Buongiorno, vorrei sapere perch\xc3\xa9 la mia "
	    "domanda di NASpI \xc3\xa8 ancora in istruttoria dopo tre "
	    "settimane \xf0\x9f\x98\x80 grazie \xe6\xbc\xa2\xe5\xad\x97"
	    "\xe6\xbc\xa2\xe5\xad\x97 supercalifragilistichespiralidoso";
	size_t br[256], nb, k, start, end;
	int w;

	(void)state;
	check_wrap("ciao come stai", 9, 1, (const size_t[]){ 10 });
	check_wrap("ciao come stai", 4, 2, (const size_t[]){ 5, 10 });
	check_wrap("ciao come stai", 14, 0, NULL);
	check_wrap("ciao come stai", 13, 1, (const size_t[]){ 10 });
	check_wrap("abcdefghij", 4, 2, (const size_t[]){ 4, 8 });
	check_wrap("ab abcdefghij", 4, 3, (const size_t[]){ 3, 7, 11 });
	/* Wide characters are two columns and never split. */
	check_wrap("\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97", 5, 1,
	    (const size_t[]){ 6 });
	check_wrap("\xe6\xbc\xa2\xe6\xbc\xa2", 1, 1, (const size_t[]){ 3 });
	/* A combining mark stays with its base. */
	check_wrap("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, 1, (const size_t[]){ 6 });
	check_wrap("a\nb", 10, 1, (const size_t[]){ 2 });
	check_wrap("", 10, 0, NULL);
	check_wrap("abc", 0, 0, NULL);
	/* More breaks than room: the count is still the total. */
	assert_int_equal(text_wrap("abcdefghij", 2, got, 2), 4);
	assert_int_equal(got[0], 2);
	assert_int_equal(got[1], 4);
	assert_int_equal(got[2], 99);
	assert_int_equal(text_wrap("abcdefghij", 2, NULL, 0), 4);

	/* Every line of a real message fits once its trailing spaces go. */
	for (w = 1; w <= 80; w++) {
		nb = text_wrap(msg, w, br, nitems(br));
		assert_true(nb <= nitems(br));
		start = 0;
		for (k = 0; k <= nb; k++) {
			end = k < nb ? br[k] : strlen(msg);
			assert_true(end > start);
			while (end > start && msg[end - 1] == ' ')
				end--;
			/* At width 1 a wide character gets a line of its own. */
			assert_true(text_width(msg + start, end - start) <=
			    (size_t)(w < 2 ? 2 : w));
			start = k < nb ? br[k] : start;
		}
		if (w >= 35)	/* the longest word fits: no word is cut */
			for (k = 0; k < nb; k++)
				assert_int_equal(msg[br[k] - 1], ' ');
	}
}

/* Issue 18.16: invisible characters go, so a protocol cannot be faked with them. */
static void
test_sanitize_invisible(void **state)
{
	(void)state;
	check_san("LI-2026-\xe2\x80\x8b" "0000001", "LI-2026-0000001");	/* U+200B */
	check_san("a\xe2\x80\x8c" "b\xe2\x80\x8d" "c", "abc");		/* ZWNJ, ZWJ */
	check_san("\xef\xbb\xbf" "ciao", "ciao");				/* BOM */
	check_san("cas\xc2\xad" "sa", "cassa");				/* soft hyphen */
	check_san("a\xe2\x81\xa0" "b\xe2\x81\xa4" "c", "abc");		/* U+2060, U+2064 */
	check_san("riga\xe2\x80\xa8" "due\xe2\x80\xa9", "rigadue");	/* U+2028, U+2029 */
	check_san("x\xef\xbf\xb9" "y\xef\xbf\xbb" "z", "xyz");		/* U+FFF9, U+FFFB */
	check_san("tag\xf3\xa0\x80\x81\xf3\xa0\x81\xbf", "tag");		/* U+E0001, U+E007F */
	check_san("\xe3\x85\xa4\xe1\x85\x9f\xe1\x85\xa0\xef\xbe\xa0" "k", "k");	/* Hangul fillers */
	/* Their visible neighbours stay. */
	check_san("\xe2\x80\x90\xe2\x80\x94\xe2\x82\xac", "\xe2\x80\x90\xe2\x80\x94\xe2\x82\xac");
	assert_false(text_is_clean("a\xe2\x80\x8b" "b"));
	assert_false(text_is_clean("\xef\xbb\xbf"));
}

/* The words of s as text_wrap_next() cuts them at width, joined by '|'. */
static void
check_wrap_next(const char *s, int width, const char *want)
{
	char got[256] = "";
	size_t len = strlen(s), pos = 0, show, next;

	while (pos < len) {
		show = text_wrap_next(s + pos, len - pos, width, &next);
		assert_true(next > 0);
		if (pos > 0)
			strcat(got, "|");
		strncat(got, s + pos, show);
		assert_true(text_width(s + pos, show) <= (size_t)width || show == text_next_char(s + pos, len - pos, 0));
		pos += next;
	}
	assert_string_equal(got, want);
}

static void
test_wrap_next(void **state)
{
	(void)state;
	check_wrap_next("cassa integrazione salariale", 10, "cassa|integrazio|ne|salariale");
	check_wrap_next("cassa integrazione salariale", 18, "cassa integrazione|salariale");
	check_wrap_next("cassa integrazione salariale", 17, "cassa|integrazione|salariale");
	check_wrap_next("sarà pagata presto", 11, "sarà pagata|presto");
	check_wrap_next("a  b", 1, "a|b");
	check_wrap_next("  rientro di due", 10, "  rientro|di due");
	check_wrap_next("parola", 80, "parola");
	check_wrap_next("\xe4\xb8\xad\xe6\x96\x87", 3, "\xe4\xb8\xad|\xe6\x96\x87");	/* wide */
	check_wrap_next("x", 0, "x");
}

/* The rows text_wrap_rows() gives, each after its indent in blanks, joined by '|'. */
struct joined {
	char s[256];
	size_t rows;
};

static void
join_row(void *arg, int indent, const char *row, size_t len)
{
	struct joined *j = arg;

	if (j->rows++ > 0)
		strcat(j->s, "|");
	while (indent-- > 0)
		strcat(j->s, " ");
	strncat(j->s, row, len);
}

static void
check_wrap_rows(const char *s, int width, int hang, const char *want, size_t rows)
{
	struct joined j;

	memset(&j, 0, sizeof j);
	assert_int_equal(text_wrap_rows(s, strlen(s), width, hang, join_row, &j), rows);
	assert_string_equal(j.s, want);
	assert_int_equal(j.rows, rows);
	assert_int_equal(text_wrap_rows(s, strlen(s), width, hang, NULL, NULL), rows);
}

static void
test_wrap_rows(void **state)
{
	(void)state;
	check_wrap_rows("cassa integrazione salariale", 18, 0, "cassa integrazione|salariale", 2);
	/* Continuation rows get the hang and the width left beside it. */
	check_wrap_rows("cassa integrazione salariale", 12, 2, "cassa|  integrazio|  ne|  salariale",
	    4);
	/* '\n' ends a line: the next starts without the hang; an empty line is a row. */
	check_wrap_rows("uno due\n\ntre", 4, 1, "uno| due||tre", 4);
	check_wrap_rows("riga\n", 10, 0, "riga|", 2);
	check_wrap_rows("", 10, 0, "", 1);
	/* Spaces at a break are not shown; a hang as wide as the row counts as 0. */
	check_wrap_rows("pagata   presto", 8, 8, "pagata|presto", 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_escapes),
		cmocka_unit_test(test_sanitize_c1),
		cmocka_unit_test(test_sanitize_c0_bidi),
		cmocka_unit_test(test_sanitize_invalid),
		cmocka_unit_test(test_sanitize_preserves),
		cmocka_unit_test(test_sanitize_small_buffer),
		cmocka_unit_test(test_sanitize_random),
		cmocka_unit_test(test_is_clean),
		cmocka_unit_test(test_utf8_codec),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_char_steps),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_next),
		cmocka_unit_test(test_wrap_rows),
		cmocka_unit_test(test_sanitize_invisible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
