/*
 * Unit tests for the calendar module: time zones, holidays, service hours
 * and the territorial rollout.  Expected instants and days were computed by
 * hand (and cross-checked once with date(1)), not with the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "calendar.h"
#include "common.h"

/* Unix seconds of a UTC wall-clock time. */
static time_t
utc(int y, int m, int d, int hh, int mm, int ss)
{
	return (time_t)day_from_ymd(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* Unix seconds of a Rome wall-clock time, given its offset in hours. */
static time_t
rome(int y, int m, int d, int hh, int mm, int ss, int offset_hours)
{
	return utc(y, m, d, hh, mm, ss) - offset_hours * 3600;
}

/* The service as INPS runs it: Monday to Friday, 15:00-18:00, Rome time. */
static void
inps_hours(struct service_hours *h)
{
	int w;

	memset(h, 0, sizeof *h);
	h->tz = CALENDAR_TZ_ROME;
	for (w = 0; w < 5; w++) {
		h->open[w] = 15 * 60;
		h->close[w] = 18 * 60;
	}
	h->drain_minutes = 30;
}

static void
test_tz_parse(void **state)
{
	(void)state;
	assert_int_equal(calendar_tz_parse("Europe/Rome"), CALENDAR_TZ_ROME);
	assert_int_equal(calendar_tz_parse("UTC"), CALENDAR_TZ_UTC);
	assert_int_equal(calendar_tz_parse("europe/rome"), ERR_INVALID);
	assert_int_equal(calendar_tz_parse("CET"), ERR_INVALID);
	assert_int_equal(calendar_tz_parse(""), ERR_INVALID);
	assert_int_equal(calendar_tz_parse(NULL), ERR_INVALID);
	assert_string_equal(calendar_tz_name(CALENDAR_TZ_ROME), "Europe/Rome");
	assert_string_equal(calendar_tz_name(CALENDAR_TZ_UTC), "UTC");
}

static void
test_dst_2026(void **state)
{
	int32_t day;
	int minute;

	(void)state;
	/* Spring: 2026-03-29 01:00:00 UTC = 1774746000 (day 20541). */
	assert_int_equal(utc(2026, 3, 29, 1, 0, 0), 1774746000);
	assert_int_equal(calendar_utc_offset(CALENDAR_TZ_ROME, 1774745999), 3600);
	assert_int_equal(calendar_utc_offset(CALENDAR_TZ_ROME, 1774746000), 7200);
	calendar_local(CALENDAR_TZ_ROME, 1774745999, &day, &minute);
	assert_int_equal(day, 20541);
	assert_int_equal(minute, 1 * 60 + 59);
	calendar_local(CALENDAR_TZ_ROME, 1774746000, &day, &minute);
	assert_int_equal(day, 20541);
	assert_int_equal(minute, 3 * 60);

	/* Autumn: 2026-10-25 01:00:00 UTC = 1792890000 (day 20751). */
	assert_int_equal(utc(2026, 10, 25, 1, 0, 0), 1792890000);
	assert_int_equal(calendar_utc_offset(CALENDAR_TZ_ROME, 1792889999), 7200);
	assert_int_equal(calendar_utc_offset(CALENDAR_TZ_ROME, 1792890000), 3600);
	calendar_local(CALENDAR_TZ_ROME, 1792889999, &day, &minute);
	assert_int_equal(day, 20751);
	assert_int_equal(minute, 2 * 60 + 59);
	calendar_local(CALENDAR_TZ_ROME, 1792890000, &day, &minute);
	assert_int_equal(day, 20751);
	assert_int_equal(minute, 2 * 60);

	/* Deep winter and summer, and UTC never shifts. */
	assert_int_equal(calendar_utc_offset(CALENDAR_TZ_ROME, utc(2026, 1, 15, 12, 0, 0)), 3600);
	assert_int_equal(calendar_utc_offset(CALENDAR_TZ_ROME, utc(2026, 7, 15, 12, 0, 0)), 7200);
	assert_int_equal(calendar_utc_offset(CALENDAR_TZ_UTC, 1774746000), 0);
	calendar_local(CALENDAR_TZ_UTC, 1774746000, &day, &minute);
	assert_int_equal(day, 20541);
	assert_int_equal(minute, 60);

	/* Before 1970: the local day still rounds down. */
	calendar_local(CALENDAR_TZ_UTC, -1, &day, &minute);
	assert_int_equal(day, -1);
	assert_int_equal(minute, 23 * 60 + 59);
}

static void
test_to_utc(void **state)
{
	(void)state;
	/* Monday 23 Nov 2026 15:00 CET = 1795442400; 15 Jun 15:00 CEST = 1781528400. */
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_ROME, 20780, 15 * 60), 1795442400);
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_ROME, 20619, 15 * 60), 1781528400);
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_UTC, 20619, 15 * 60), 1781528400 + 7200);
	/* Either side of the spring gap, and inside it (02:30 -> 03:30 CEST). */
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_ROME, 20541, 1 * 60 + 59), 1774746000 - 60);
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_ROME, 20541, 3 * 60), 1774746000);
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_ROME, 20541, 2 * 60 + 30), 1774747800);
	/* The autumn overlap: 02:30 happens twice, the earlier one (CEST) wins. */
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_ROME, 20751, 2 * 60 + 30), 1792888200);
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_ROME, 20751, 3 * 60), 1792890000 + 3600);
	/* 24:00 is the next midnight. */
	assert_int_equal(calendar_to_utc(CALENDAR_TZ_ROME, 20780, 1440),
	    calendar_to_utc(CALENDAR_TZ_ROME, 20781, 0));
}

static void
test_easter(void **state)
{
	int y, yy, m, d;
	int32_t e;

	(void)state;
	assert_int_equal(calendar_easter(2024), day_from_ymd(2024, 3, 31));
	assert_int_equal(calendar_easter(2025), day_from_ymd(2025, 4, 20));
	assert_int_equal(calendar_easter(2026), day_from_ymd(2026, 4, 5));
	assert_int_equal(calendar_easter(2027), day_from_ymd(2027, 3, 28));
	assert_int_equal(calendar_easter(2038), day_from_ymd(2038, 4, 25));
	assert_int_equal(calendar_easter(2019), day_from_ymd(2019, 4, 21));
	/* 2026-04-05 by hand: 20454 (1 Jan) + 31 + 28 + 31 + 4. */
	assert_int_equal(calendar_easter(2026), 20548);
	for (y = 1900; y <= 2200; y++) {
		e = calendar_easter(y);
		assert_int_equal(day_weekday(e), 6);
		assert_true(e >= day_from_ymd(y, 3, 22) && e <= day_from_ymd(y, 4, 25));
		day_to_ymd(e + 1, &yy, &m, &d);
		assert_string_equal(calendar_holiday_name(e + 1),
		    m == 4 && d == 25 ? "Festa della Liberazione" : "Luned\xc3\xac dell'Angelo");
	}
}

static void
test_holidays(void **state)
{
	int32_t d, n;

	(void)state;
	assert_string_equal(calendar_holiday_name(day_from_ymd(2026, 1, 1)), "Capodanno");
	assert_string_equal(calendar_holiday_name(day_from_ymd(2026, 1, 6)), "Epifania");
	assert_string_equal(calendar_holiday_name(day_from_ymd(2026, 4, 5)), "Pasqua");
	assert_string_equal(calendar_holiday_name(day_from_ymd(2026, 4, 6)),
	    "Luned\xc3\xac dell'Angelo");
	assert_string_equal(calendar_holiday_name(day_from_ymd(2025, 4, 21)),
	    "Luned\xc3\xac dell'Angelo");
	assert_string_equal(calendar_holiday_name(day_from_ymd(2027, 3, 29)),
	    "Luned\xc3\xac dell'Angelo");
	assert_string_equal(calendar_holiday_name(day_from_ymd(2026, 6, 2)),
	    "Festa della Repubblica");
	assert_string_equal(calendar_holiday_name(day_from_ymd(2026, 12, 26)), "Santo Stefano");
	/* Easter Monday 2011 and Easter 2038 fall on 25 April. */
	assert_string_equal(calendar_holiday_name(day_from_ymd(2011, 4, 25)),
	    "Festa della Liberazione");
	assert_string_equal(calendar_holiday_name(day_from_ymd(2038, 4, 25)),
	    "Festa della Liberazione");
	assert_true(calendar_is_holiday(day_from_ymd(2038, 4, 26)));

	/* San Francesco: a holiday from 2026 only. */
	assert_false(calendar_is_holiday(day_from_ymd(2025, 10, 4)));
	assert_null(calendar_holiday_name(day_from_ymd(2025, 10, 4)));
	assert_true(calendar_is_holiday(day_from_ymd(2026, 10, 4)));
	assert_string_equal(calendar_holiday_name(day_from_ymd(2027, 10, 4)),
	    "San Francesco d'Assisi");

	assert_false(calendar_is_holiday(day_from_ymd(2026, 4, 7)));
	assert_false(calendar_is_holiday(day_from_ymd(2026, 4, 4)));
	assert_false(calendar_is_holiday(day_from_ymd(2026, 8, 14)));
	assert_false(calendar_is_holiday(day_from_ymd(2026, 11, 2)));
	assert_false(calendar_is_holiday(day_from_ymd(2026, 12, 24)));
	assert_false(calendar_is_holiday(day_from_ymd(2024, 4, 2)));

	/* 11 fixed days plus Easter and Easter Monday in 2025; 4 Oct added in 2026. */
	for (n = 0, d = day_from_ymd(2025, 1, 1); d < day_from_ymd(2026, 1, 1); d++)
		n += calendar_is_holiday(d);
	assert_int_equal(n, 12);
	for (n = 0, d = day_from_ymd(2026, 1, 1); d < day_from_ymd(2027, 1, 1); d++)
		n += calendar_is_holiday(d);
	assert_int_equal(n, 13);
}

static void
test_parse_hours(void **state)
{
	int o = -1, c = -1;

	(void)state;
	assert_int_equal(calendar_parse_hours("15:00-18:00", &o, &c), 0);
	assert_int_equal(o, 900);
	assert_int_equal(c, 1080);
	assert_int_equal(calendar_parse_hours(" 9:30 - 12:05 ", &o, &c), 0);
	assert_int_equal(o, 570);
	assert_int_equal(c, 725);
	assert_int_equal(calendar_parse_hours("00:00-24:00", &o, &c), 0);
	assert_int_equal(o, 0);
	assert_int_equal(c, 1440);
	assert_int_equal(calendar_parse_hours("", &o, &c), 0);
	assert_int_equal(o, 0);
	assert_int_equal(c, 0);
	o = c = 7;
	assert_int_equal(calendar_parse_hours("chiuso", &o, &c), 0);
	assert_int_equal(o + c, 0);
	assert_int_equal(calendar_parse_hours("Chiuso", &o, &c), 0);

	o = c = 7;
	assert_int_equal(calendar_parse_hours("18:00-15:00", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("15:00-15:00", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("15:00", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("15:00-", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("15-18", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("15:0-18:00", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("15:60-18:00", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("15:00-24:01", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("115:00-118:00", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("15:00-18:00x", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours("chiusa", &o, &c), ERR_INVALID);
	assert_int_equal(calendar_parse_hours(NULL, &o, &c), ERR_INVALID);
	assert_int_equal(o, 7);
	assert_int_equal(c, 7);
}

static void
test_check_hours(void **state)
{
	struct service_hours h;
	int32_t closures[] = { 20781, 20790 };

	(void)state;
	inps_hours(&h);
	assert_int_equal(calendar_check_hours(&h), 0);
	h.closures = closures;
	h.nclosures = 2;
	assert_int_equal(calendar_check_hours(&h), 0);
	closures[1] = 20781;
	assert_int_equal(calendar_check_hours(&h), ERR_INVALID);
	inps_hours(&h);
	h.tz = 7;
	assert_int_equal(calendar_check_hours(&h), ERR_INVALID);
	inps_hours(&h);
	h.close[2] = 14 * 60;
	assert_int_equal(calendar_check_hours(&h), ERR_INVALID);
	inps_hours(&h);
	h.close[4] = 1441;
	assert_int_equal(calendar_check_hours(&h), ERR_INVALID);
	inps_hours(&h);
	h.drain_minutes = -1;
	assert_int_equal(calendar_check_hours(&h), ERR_INVALID);
}

/* Monday 23 November 2026 (winter, CET): the edges of the day. */
static void
test_state_winter(void **state)
{
	struct service_hours h;

	(void)state;
	inps_hours(&h);
	assert_int_equal(calendar_service_state(&h, 1795442400 - 1), SERVICE_CLOSED);
	assert_int_equal(calendar_service_state(&h, 1795442400), SERVICE_OPEN);
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 23, 14, 59, 59, 1)),
	    SERVICE_CLOSED);
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 23, 15, 0, 0, 1)),
	    SERVICE_OPEN);
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 23, 17, 59, 59, 1)),
	    SERVICE_OPEN);
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 23, 18, 0, 0, 1)),
	    SERVICE_DRAINING);
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 23, 18, 29, 59, 1)),
	    SERVICE_DRAINING);
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 23, 18, 30, 0, 1)),
	    SERVICE_CLOSED);
	/* 17:00 UTC is 18:00 in Rome: draining; 17:30 UTC is 18:30: closed. */
	assert_int_equal(calendar_service_state(&h, utc(2026, 11, 23, 17, 0, 0)), SERVICE_DRAINING);
	assert_int_equal(calendar_service_state(&h, utc(2026, 11, 23, 17, 30, 0)), SERVICE_CLOSED);

	assert_int_equal(calendar_closing_time(&h, rome(2026, 11, 23, 16, 0, 0, 1)),
	    1795442400 + 3 * 3600);
	assert_int_equal(calendar_closing_time(&h, rome(2026, 11, 23, 18, 10, 0, 1)),
	    1795442400 + 3 * 3600);
	assert_int_equal(calendar_closing_time(&h, rome(2026, 11, 23, 19, 0, 0, 1)), -1);

	/* No drain: closed at 18:00 sharp. */
	h.drain_minutes = 0;
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 23, 18, 0, 0, 1)),
	    SERVICE_CLOSED);
}

/* Monday 15 June 2026 (summer, CEST). */
static void
test_state_summer(void **state)
{
	struct service_hours h;

	(void)state;
	inps_hours(&h);
	assert_int_equal(calendar_service_state(&h, 1781528400 - 1), SERVICE_CLOSED);
	assert_int_equal(calendar_service_state(&h, 1781528400), SERVICE_OPEN);
	assert_int_equal(calendar_service_state(&h, rome(2026, 6, 15, 17, 59, 59, 2)),
	    SERVICE_OPEN);
	assert_int_equal(calendar_service_state(&h, rome(2026, 6, 15, 18, 0, 0, 2)),
	    SERVICE_DRAINING);
	assert_int_equal(calendar_service_state(&h, rome(2026, 6, 15, 18, 30, 0, 2)),
	    SERVICE_CLOSED);
	/* 13:30 UTC is 15:30 CEST but 14:30 CET: getting the offset wrong fails here. */
	assert_int_equal(calendar_service_state(&h, utc(2026, 6, 15, 13, 30, 0)), SERVICE_OPEN);
	assert_int_equal(calendar_service_state(&h, utc(2026, 6, 15, 16, 0, 0)), SERVICE_DRAINING);
	/* Saturday and Sunday. */
	assert_int_equal(calendar_service_state(&h, rome(2026, 6, 13, 16, 0, 0, 2)),
	    SERVICE_CLOSED);
	assert_int_equal(calendar_service_state(&h, rome(2026, 6, 14, 16, 0, 0, 2)),
	    SERVICE_CLOSED);
}

static void
test_next_opening(void **state)
{
	struct service_hours h;
	char buf[64];
	time_t now;

	(void)state;
	inps_hours(&h);
	/* Open: now itself. */
	now = rome(2026, 11, 23, 16, 0, 0, 1);
	assert_int_equal(calendar_next_opening(&h, now), now);
	/* Before opening the same day, draining, and after the drain. */
	assert_int_equal(calendar_next_opening(&h, rome(2026, 11, 23, 9, 0, 0, 1)), 1795442400);
	assert_int_equal(calendar_next_opening(&h, rome(2026, 11, 23, 18, 10, 0, 1)),
	    1795442400 + 86400);
	assert_int_equal(calendar_next_opening(&h, rome(2026, 11, 23, 23, 59, 59, 1)),
	    1795442400 + 86400);
	/* Friday 27 November evening: Monday 30 November 15:00. */
	assert_int_equal(calendar_next_opening(&h, rome(2026, 11, 27, 19, 0, 0, 1)),
	    1795442400 + 7 * 86400);
	calendar_format_opening(&h, calendar_next_opening(&h, rome(2026, 11, 27, 19, 0, 0, 1)),
	    buf, sizeof buf);
	assert_string_equal(buf, "luned\xc3\xac 30 novembre 2026 alle 15:00");
	/* Across the spring change: Friday 27 March -> Monday 30 March 15:00 CEST. */
	assert_int_equal(calendar_next_opening(&h, rome(2026, 3, 27, 20, 0, 0, 1)),
	    utc(2026, 3, 30, 13, 0, 0));
}

static void
test_christmas_easter_closures(void **state)
{
	struct service_hours h;
	int32_t closures[] = { day_from_ymd(2026, 11, 24) };
	char buf[64];

	(void)state;
	inps_hours(&h);
	/* Thursday 24 Dec 2026 is a working day; 25 (Fri) and 26 (Sat) are not. */
	assert_int_equal(calendar_service_state(&h, rome(2026, 12, 24, 16, 0, 0, 1)),
	    SERVICE_OPEN);
	assert_false(calendar_is_open_day(&h, day_from_ymd(2026, 12, 25)));
	assert_int_equal(calendar_service_state(&h, rome(2026, 12, 25, 16, 0, 0, 1)),
	    SERVICE_CLOSED);
	assert_int_equal(calendar_next_opening(&h, rome(2026, 12, 24, 19, 0, 0, 1)),
	    utc(2026, 12, 28, 14, 0, 0));
	calendar_format_opening(&h, utc(2026, 12, 28, 14, 0, 0), buf, sizeof buf);
	assert_string_equal(buf, "luned\xc3\xac 28 dicembre 2026 alle 15:00");

	/* Easter Monday 2026 (6 April) is closed; Tuesday 7 April opens. */
	assert_false(calendar_is_open_day(&h, day_from_ymd(2026, 4, 6)));
	assert_int_equal(calendar_service_state(&h, rome(2026, 4, 6, 16, 0, 0, 2)),
	    SERVICE_CLOSED);
	assert_int_equal(calendar_next_opening(&h, rome(2026, 4, 3, 19, 0, 0, 2)),
	    utc(2026, 4, 7, 13, 0, 0));
	/* San Francesco 2027 is a Monday. */
	assert_int_equal(calendar_service_state(&h, rome(2027, 10, 4, 16, 0, 0, 2)),
	    SERVICE_CLOSED);

	/* An extra closure on Tuesday 24 November 2026. */
	assert_true(calendar_is_open_day(&h, closures[0]));
	h.closures = closures;
	h.nclosures = 1;
	assert_false(calendar_is_open_day(&h, closures[0]));
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 24, 16, 0, 0, 1)),
	    SERVICE_CLOSED);
	assert_int_equal(calendar_service_state(&h, rome(2026, 11, 25, 16, 0, 0, 1)),
	    SERVICE_OPEN);
	assert_int_equal(calendar_next_opening(&h, rome(2026, 11, 23, 18, 40, 0, 1)),
	    utc(2026, 11, 25, 14, 0, 0));
	calendar_format_opening(&h, utc(2026, 11, 25, 14, 0, 0), buf, sizeof buf);
	assert_string_equal(buf, "mercoled\xc3\xac 25 novembre 2026 alle 15:00");
}

static void
test_edge_hours(void **state)
{
	struct service_hours h;
	char buf[8];

	(void)state;
	/* A drain that runs past midnight: Monday 20:00-23:50, drain 30. */
	memset(&h, 0, sizeof h);
	h.tz = CALENDAR_TZ_UTC;
	h.open[0] = 20 * 60;
	h.close[0] = 23 * 60 + 50;
	h.drain_minutes = 30;
	assert_int_equal(calendar_service_state(&h, utc(2026, 11, 24, 0, 10, 0)),
	    SERVICE_DRAINING);
	assert_int_equal(calendar_closing_time(&h, utc(2026, 11, 24, 0, 10, 0)),
	    utc(2026, 11, 23, 23, 50, 0));
	assert_int_equal(calendar_service_state(&h, utc(2026, 11, 24, 0, 20, 0)),
	    SERVICE_CLOSED);
	assert_int_equal(calendar_next_opening(&h, utc(2026, 11, 24, 0, 10, 0)),
	    utc(2026, 11, 30, 20, 0, 0));

	/* Never open: -1, and the formatter gives an empty string. */
	memset(&h, 0, sizeof h);
	h.tz = CALENDAR_TZ_ROME;
	assert_int_equal(calendar_next_opening(&h, utc(2026, 11, 24, 0, 0, 0)), -1);
	assert_int_equal(calendar_service_state(&h, utc(2026, 11, 24, 15, 0, 0)), SERVICE_CLOSED);
	buf[0] = 'x';
	calendar_format_opening(&h, (time_t)-1, buf, sizeof buf);
	assert_string_equal(buf, "");
	/* A short buffer is truncated and terminated, never inside a character. */
	inps_hours(&h);
	calendar_format_opening(&h, 1795442400, buf, sizeof buf);
	assert_string_equal(buf, "luned\xc3\xac");
	calendar_format_opening(&h, 1795442400, buf, 7);
	assert_string_equal(buf, "luned");
}

static void
add(struct rollout *r, const char *from, const char *const *siglas, size_t n)
{
	assert_int_equal(calendar_rollout_add(r, from, siglas, n), 0);
}

static void
test_rollout_workers(void **state)
{
	static const char *const rm[] = { "RM" };
	static const char *const all[] = { "*" };
	struct rollout r = { NULL, 0 };
	int32_t d, from;

	(void)state;
	/* Workers: Rome from 2021-05-10 (day 18757), everyone from 2022-01-31 (19023). */
	add(&r, "2021-05-10", rm, 1);
	add(&r, "2022-01-31", all, 1);
	day_parse("2021-05-09", &d);
	assert_int_equal(d, 18756);
	from = -1;
	assert_int_equal(calendar_rollout_eligible(&r, "RM", d, &from), 0);
	assert_int_equal(from, 18757);
	assert_int_equal(calendar_rollout_eligible(&r, "RM", d + 1, &from), 1);
	assert_int_equal(calendar_rollout_eligible(&r, "rm", d + 1, NULL), 1);
	assert_int_equal(calendar_rollout_eligible(&r, "FI", 19022, &from), 0);
	assert_int_equal(from, 19023);
	assert_int_equal(calendar_rollout_eligible(&r, "FI", 19023, &from), 1);
	assert_int_equal(calendar_rollout_eligible(&r, NULL, 19022, &from), 0);
	assert_int_equal(from, 19023);
	assert_int_equal(calendar_rollout_eligible(&r, "ROMA", 19023, NULL), 1);
	calendar_rollout_clear(&r);
	assert_null(r.steps);
	assert_int_equal(r.nsteps, 0);

	/* Empty rollout: everyone, always. */
	assert_int_equal(calendar_rollout_eligible(&r, "FI", 0, &from), 1);
	assert_int_equal(calendar_rollout_eligible(NULL, NULL, 0, &from), 1);

	/* Only Rome, forever: Florence is never served. */
	add(&r, "2021-05-10", rm, 1);
	from = -1;
	assert_int_equal(calendar_rollout_eligible(&r, "FI", 30000, &from), 0);
	assert_int_equal(from, 0);
	calendar_rollout_clear(&r);
}

static void
test_rollout_employers(void **state)
{
	static const char *const mi[] = { "MI" };
	static const char *const trn[] = { "TO", "RM", "NA" };
	static const char *const all[] = { "*" };
	struct rollout r = { NULL, 0 };
	int32_t from;

	(void)state;
	/* Added out of order on purpose; 19341 = 2022-12-15, 19401 = 2023-02-13, 19499 = 2023-05-22. */
	add(&r, "2023-05-22", all, 1);
	add(&r, "2023-02-13", trn, 3);
	add(&r, "2022-12-15", mi, 1);
	assert_int_equal(calendar_rollout_eligible(&r, "MI", 19340, &from), 0);
	assert_int_equal(from, 19341);
	assert_int_equal(calendar_rollout_eligible(&r, "MI", 19341, &from), 1);
	assert_int_equal(calendar_rollout_eligible(&r, "NA", 19341, &from), 0);
	assert_int_equal(from, 19401);
	assert_int_equal(calendar_rollout_eligible(&r, "TO", 19401, &from), 1);
	assert_int_equal(calendar_rollout_eligible(&r, "BA", 19401, &from), 0);
	assert_int_equal(from, 19499);
	assert_int_equal(calendar_rollout_eligible(&r, "BA", 19499, &from), 1);
	calendar_rollout_clear(&r);
}

static void
test_rollout_invalid(void **state)
{
	static const char *const bad[][1] = {
		{ "Rm" }, { "R" }, { "RMA" }, { "R1" }, { "" }, { NULL }, { "**" },
	};
	static const char *const mixed[] = { "MI", "to" };
	static const char *const ok[] = { "MI" };
	struct rollout r = { NULL, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < nitems(bad); i++)
		assert_int_equal(calendar_rollout_add(&r, "2022-12-15", bad[i], 1), ERR_INVALID);
	assert_int_equal(calendar_rollout_add(&r, "2022-12-15", mixed, 2), ERR_INVALID);
	assert_int_equal(calendar_rollout_add(&r, "2022-13-15", ok, 1), ERR_INVALID);
	assert_int_equal(calendar_rollout_add(&r, "15/12/2022", ok, 1), ERR_INVALID);
	assert_int_equal(calendar_rollout_add(&r, NULL, ok, 1), ERR_INVALID);
	assert_int_equal(calendar_rollout_add(&r, "2022-12-15", ok, 0), ERR_INVALID);
	assert_int_equal(r.nsteps, 0);
	assert_null(r.steps);
	calendar_rollout_clear(&r);
}

/* calendar_format_time: the zone's offset at the instant, summer or winter. */
static void
test_format_time(void **state)
{
	char buf[40];

	(void)state;
	assert_string_equal(calendar_format_time(CALENDAR_TZ_ROME,
	    calendar_to_utc(CALENDAR_TZ_ROME, day_from_ymd(2026, 12, 1), 9 * 60), CLOCK_HHMM,
	    buf, sizeof buf), "09:00");
	assert_string_equal(calendar_format_time(CALENDAR_TZ_ROME,
	    calendar_to_utc(CALENDAR_TZ_ROME, day_from_ymd(2026, 6, 20), 12 * 60), CLOCK_ISO,
	    buf, sizeof buf), "2026-06-20T12:00:00+02:00");
	assert_string_equal(calendar_format_time(CALENDAR_TZ_UTC, 0, CLOCK_IT, buf, sizeof buf),
	    "01/01/1970 00:00");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tz_parse),
		cmocka_unit_test(test_dst_2026),
		cmocka_unit_test(test_to_utc),
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_parse_hours),
		cmocka_unit_test(test_check_hours),
		cmocka_unit_test(test_state_winter),
		cmocka_unit_test(test_state_summer),
		cmocka_unit_test(test_next_opening),
		cmocka_unit_test(test_christmas_easter_closures),
		cmocka_unit_test(test_edge_hours),
		cmocka_unit_test(test_rollout_workers),
		cmocka_unit_test(test_rollout_employers),
		cmocka_unit_test(test_rollout_invalid),
		cmocka_unit_test(test_format_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
