/* Unit tests for the common module: civil days and string helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_roundtrip),
		cmocka_unit_test(test_weekday_and_month_end),
		cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
