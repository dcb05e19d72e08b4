/*
 * Unit tests for the clock that tests and the demo set with INFOCIG_NOW:
 * fixed or running, in UTC or with an explicit offset, the same reading in
 * every process that is given the same value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "common.h"

/* 2026-11-24 14:30:00 UTC = 15:30 in Rome (CET, UTC+1). */
#define T_1430Z ((time_t)day_from_ymd(2026, 11, 24) * 86400 + 14 * 3600 + 30 * 60)

static void
test_fixed_utc(void **state)
{
	time_t at, anchor;

	(void)state;
	assert_int_equal(clock_parse_fake("2026-11-24T14:30:00", &at, &anchor), 0);
	assert_int_equal(at, T_1430Z);
	assert_int_equal(anchor, 0);
	assert_int_equal(clock_parse_fake("2026-11-24T14:30:00Z", &at, &anchor), 0);
	assert_int_equal(at, T_1430Z);
}

static void
test_offset(void **state)
{
	time_t at, anchor;

	(void)state;
	/* Rome's 15:30 in winter is 14:30 UTC. */
	assert_int_equal(clock_parse_fake("2026-11-24T15:30:00+01:00", &at, &anchor), 0);
	assert_int_equal(at, T_1430Z);
	/* 09:30 at UTC-05:00 is 14:30 UTC. */
	assert_int_equal(clock_parse_fake("2026-11-24T09:30:00-05:00", &at, &anchor), 0);
	assert_int_equal(at, T_1430Z);
}

static void
test_running(void **state)
{
	time_t at, anchor, now;
	char v[64];

	(void)state;
	assert_int_equal(clock_parse_fake("2026-11-24T15:30:00+01:00@1700000000", &at, &anchor), 0);
	assert_int_equal(at, T_1430Z);
	assert_int_equal(anchor, 1700000000);

	/* Anchored 100 s ago: the clock has run 100 s since the fixed instant. */
	now = time(NULL);
	snprintf(v, sizeof v, "2026-11-24T14:30:00Z@%lld", (long long)(now - 100));
	setenv("INFOCIG_NOW", v, 1);
	assert_in_range(clock_now() - T_1430Z, 100, 102);
	/* Fixed: the same instant whatever the real time. */
	setenv("INFOCIG_NOW", "2026-11-24T14:30:00", 1);
	assert_int_equal(clock_now(), T_1430Z);
	unsetenv("INFOCIG_NOW");
	assert_in_range(clock_now(), now, now + 2);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"", "2026-11-24", "2026-11-24 14:30:00", "2026-11-24T14:30", "2026-11-24T24:00:00",
		"2026-11-24T14:60:00", "2026-02-30T14:30:00", "2026-11-24T14:30:00X",
		"2026-11-24T14:30:00+1:00", "2026-11-24T14:30:00+01:00@", "2026-11-24T14:30:00@12x",
		"2026-11-24T14:30:00@-5", "2026-11-24T14:30:00+15:00",
	};
	time_t at, anchor;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(clock_parse_fake(bad[i], &at, &anchor), ERR_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_utc),
		cmocka_unit_test(test_offset),
		cmocka_unit_test(test_running),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
