/* Unit tests for the common module: civil days and string helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"

static void
test_day_roundtrip(void **state)
{
	int32_t d;
	int y, m, dd;
	char buf[16];

	(void)state;
	assert_int_equal(day_from_ymd(1970, 1, 1), 0);
	assert_int_equal(day_from_ymd(2000, 3, 1), 11017);
	for (d = -1000; d < 40000; d += 7) {
		day_to_ymd(d, &y, &m, &dd);
		assert_int_equal(day_from_ymd(y, m, dd), d);
	}
	assert_int_equal(day_parse("2024-02-29", &d), 0);
	assert_string_equal(day_format(d, buf, sizeof buf), "2024-02-29");
	assert_string_equal(day_format_it(d, buf, sizeof buf), "29/02/2024");
	assert_int_equal(day_parse("2023-02-29", &d), ERR_INVALID);
	assert_int_equal(day_parse("2023-2-01", &d), ERR_INVALID);
	assert_int_equal(day_parse("2023-13-01", &d), ERR_INVALID);
	assert_int_equal(day_parse("20a3-01-01", &d), ERR_INVALID);
}

static void
test_weekday_and_month_end(void **state)
{
	int32_t d;
	char buf[16];

	(void)state;
	assert_int_equal(day_weekday(day_from_ymd(2026, 11, 22)), 6); /* Sunday */
	assert_int_equal(day_weekday(day_from_ymd(2026, 11, 23)), 0); /* Monday */
	day_parse("2026-01-15", &d);
	assert_string_equal(day_format(day_end_of_month(d, 2), buf, sizeof buf), "2026-03-31");
	assert_string_equal(day_format(day_end_of_month(d, 1), buf, sizeof buf), "2026-02-28");
	day_parse("2026-11-30", &d);
	assert_string_equal(day_format(day_end_of_month(d, 2), buf, sizeof buf), "2027-01-31");
}

static void
test_strings(void **state)
{
	char buf[64];

	(void)state;
	str_upper_trim(buf, sizeof buf, "  rssmra85t10a562s\n");
	assert_string_equal(buf, "RSSMRA85T10A562S");
	str_mask_id(buf, sizeof buf, "RSSMRA85T10A562S");
	assert_string_equal(buf, "RSS***********2S");
	str_format_euro(buf, sizeof buf, 123456);
	assert_string_equal(buf, "1.234,56 \xe2\x82\xac");
	str_format_euro(buf, sizeof buf, 5);
	assert_string_equal(buf, "0,05 \xe2\x82\xac");
	assert_int_equal(str_lcpy(buf, "abcdef", 4), 6);
	assert_string_equal(buf, "abc");
}

/* A reader over the len bytes of data (may hold NUL bytes). */
static struct csv *
csv_over(const char *data, size_t len, FILE **fp)
{
	*fp = fmemopen((void *)data, len, "r");
	assert_non_null(*fp);
	return csv_open(*fp);
}

static void
csv_done(struct csv *c, FILE *fp)
{
	csv_free(c);
	fclose(fp);
}

/* Issue 18.17: quoted CR and LF kept; RFC 4180 rules; errors name the line. */
static void
test_csv_read(void **state)
{
	static const char ok[] = "a,\"b,c\",\"d\"\"e\"\r\n\"x\ry\",\"p\nq\",\n\"\"\n";
	static const char bad[] = "a,b\nc\rd,e\n\"f\"g,h\ni,j\n\"k\n";
	struct csv *c;
	FILE *fp;

	(void)state;
	c = csv_over(ok, sizeof ok - 1, &fp);
	assert_int_equal(csv_read(c), 3);
	assert_string_equal(csv_field(c, 1), "b,c");
	assert_string_equal(csv_field(c, 2), "d\"e");
	assert_int_equal(csv_read(c), 3);
	assert_int_equal(csv_line(c), 2);
	assert_string_equal(csv_field(c, 0), "x\ry");	/* once dropped */
	assert_string_equal(csv_field(c, 1), "p\nq");
	assert_string_equal(csv_field(c, 2), "");
	assert_int_equal(csv_read(c), 1);
	assert_int_equal(csv_line(c), 4);
	assert_int_equal(csv_read(c), 0);
	csv_done(c, fp);

	c = csv_over(bad, sizeof bad - 1, &fp);
	assert_int_equal(csv_read(c), 2);
	assert_int_equal(csv_read(c), ERR_INVALID);	/* "c\rd" was read as "cd" */
	assert_int_equal(csv_line(c), 2);
	assert_non_null(strstr(csv_error(c), "CR"));
	assert_int_equal(csv_read(c), ERR_INVALID);
	assert_int_equal(csv_line(c), 3);
	assert_non_null(strstr(csv_error(c), "dopo le virgolette"));
	assert_int_equal(csv_read(c), 2);		/* the reader goes on */
	assert_string_equal(csv_field(c, 0), "i");
	assert_int_equal(csv_read(c), ERR_INVALID);
	assert_int_equal(csv_line(c), 5);
	assert_string_equal(csv_error(c), "virgolette non chiuse");
	assert_int_equal(csv_read(c), 0);
	csv_done(c, fp);
}

/* A NUL byte cut a field silently; a record had no maximum (/dev/zero grew to 1.4 GB). */
static void
test_csv_limits(void **state)
{
	static const char nul[] = "a,b\nc\0d,e\nf,g\n";
	char *big;
	struct csv *c;
	FILE *fp;
	size_t n = CSV_RECORD_MAX + 10, i;

	(void)state;
	c = csv_over(nul, sizeof nul - 1, &fp);
	assert_int_equal(csv_read(c), 2);
	assert_int_equal(csv_read(c), ERR_INVALID);
	assert_int_equal(csv_line(c), 2);
	assert_non_null(strstr(csv_error(c), "NUL"));
	assert_int_equal(csv_read(c), 0);		/* a binary file: reading stops */
	csv_done(c, fp);

	big = malloc(n + 16);
	assert_non_null(big);
	memcpy(big, "a,b\n", 4);
	for (i = 4; i < n; i++)
		big[i] = 'x';
	big[n] = '\n';
	c = csv_over(big, n + 1, &fp);
	assert_int_equal(csv_read(c), 2);
	assert_int_equal(csv_read(c), ERR_LIMIT);
	assert_int_equal(csv_line(c), 2);
	assert_non_null(strstr(csv_error(c), "65536"));
	assert_int_equal(csv_read(c), 0);
	csv_done(c, fp);
	/* Too many fields. */
	for (i = 0; i < 600; i++)
		big[i] = i % 2 ? ',' : 'x';
	big[600] = '\n';
	c = csv_over(big, 601, &fp);
	assert_int_equal(csv_read(c), ERR_LIMIT);
	assert_non_null(strstr(csv_error(c), "troppi campi"));
	csv_done(c, fp);
	free(big);
}

/* Issue 18.13: OWASP CSV injection, and no control characters in the output. */
static void
test_csv_put(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain," },
		{ "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"," },
		{ "+39 06 1234", "\"'+39 06 1234\"," },
		{ "-2+3", "\"'-2+3\"," },
		{ "@SUM(A1)", "\"'@SUM(A1)\"," },
		{ "\t=1", "\"'=1\"," },		/* TAB dropped, the cell still marked */
		{ "\x0e\x0e=@z", "\"'=@z\"," },	/* found by fuzz_csv */
		{ "-12", "-12," },
		{ "3,5", "\"3,5\"," },
		{ "-", "-," },
		{ "a\x1b]0;x\x07" "b", "a]0;xb," },
		{ "a\xc2\x9b" "31mb", "a31mb," },
		{ "r\xe2\x80\xae" "evo", "revo," },
		{ "due\nrighe", "\"due\nrighe\"," },
		{ "è già", "è già," },
	};
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fp = open_memstream(&buf, &len);
		assert_non_null(fp);
		csv_put(fp, cases[i].in, 0);
		fclose(fp);
		assert_string_equal(buf, cases[i].out);
		free(buf);
		buf = NULL;
	}
}


/* Reads what the log macros write to stderr while fn runs. */
static void
capture_log(void (*fn)(void), char *buf, size_t size)
{
	int fds[2], saved = dup(STDERR_FILENO);
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	assert_true(saved >= 0);
	dup2(fds[1], STDERR_FILENO);
	close(fds[1]);
	fn();
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = read(fds[0], buf, size - 1);
	close(fds[0]);
	buf[n > 0 ? n : 0] = '\0';
}

static void
log_some_lines(void)
{
	log_warn("coda piena: %d", 3);
	log_info("sessione aperta");
	log_error("a\033[2Jb");
}

/* Warnings and errors name their function; info lines do not; controls are escaped. */
static void
test_log_lines(void **state)
{
	char out[512];

	(void)state;
	log_open("prova", LOG_SINK_STDERR, LOG_LEVEL_INFO);
	capture_log(log_some_lines, out, sizeof out);
	assert_string_equal(out, "prova: log_some_lines: coda piena: 3\n"
	    "prova: sessione aperta\n"
	    "prova: log_some_lines: a\\x1b[2Jb\n");
}

/* One local-time formatter: t = 2026-06-20 10:05:00 UTC. */
static void
test_clock_format(void **state)
{
	int64_t t = (int64_t)day_from_ymd(2026, 6, 20) * 86400 + 10 * 3600 + 5 * 60;
	char buf[40];

	(void)state;
	assert_string_equal(clock_format_local(t, 7200, CLOCK_HHMM, buf, sizeof buf), "12:05");
	assert_string_equal(clock_format_local(t, 7200, CLOCK_IT, buf, sizeof buf),
	    "20/06/2026 12:05");
	assert_string_equal(clock_format_local(t, 7200, CLOCK_ISO, buf, sizeof buf),
	    "2026-06-20T12:05:00+02:00");
	assert_string_equal(clock_format_local(t, -5400, CLOCK_ISO, buf, sizeof buf),
	    "2026-06-20T08:35:00-01:30");
	assert_string_equal(clock_format_local(t, 7200, CLOCK_IT_SHORT, buf, sizeof buf),
	    "20/06 12:05");
	assert_string_equal(clock_format_local(t + 7, 7200, CLOCK_IT_SECONDS, buf, sizeof buf),
	    "20/06/2026 12:05:07");
	assert_string_equal(clock_format_local(t + 7, 7200, CLOCK_DAY_SECONDS, buf, sizeof buf),
	    "2026-06-20 12:05:07");
	/* Before 1970 the day still counts down. */
	assert_string_equal(clock_format_local(-60, 0, CLOCK_IT, buf, sizeof buf),
	    "31/12/1969 23:59");
	/* Short buffers are cut, and terminated. */
	assert_string_equal(clock_format_local(t, 0, CLOCK_IT, buf, 6), "20/06");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_lines),
		cmocka_unit_test(test_day_roundtrip),
		cmocka_unit_test(test_weekday_and_month_end),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_csv_read),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_csv_put),
		cmocka_unit_test(test_clock_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
