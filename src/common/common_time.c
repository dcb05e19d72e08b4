/*
 * Civil-day arithmetic (proleptic Gregorian, days since 1970-01-01) after
 * Howard Hinnant's public-domain "chrono-compatible low-level date
 * algorithms", and the clocks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

int32_t
day_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
day_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int32_t z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
day_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((day + 3) % 7);

	return w < 0 ? w + 7 : w;
}

int
day_days_in_month(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

int
day_parse(const char *s, int32_t *day)
{
	int y, m, d, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return ERR_INVALID;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return ERR_INVALID;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > day_days_in_month(y, m))
		return ERR_INVALID;
	*day = day_from_ymd(y, m, d);
	return 0;
}

char *
day_format(int32_t day, char *buf, size_t size)
{
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	return buf;
}

char *
day_format_it(int32_t day, char *buf, size_t size)
{
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	snprintf(buf, size, "%02d/%02d/%04d", d, m, y);
	return buf;
}

int32_t
day_end_of_month(int32_t day, int add_months)
{
	int y, m, d, months;

	day_to_ymd(day, &y, &m, &d);
	months = y * 12 + (m - 1) + add_months;
	y = months / 12;
	m = months % 12 + 1;
	return day_from_ymd(y, m, day_days_in_month(y, m));
}

/*
 * INFOCIG_NOW: "YYYY-MM-DDTHH:MM:SS", then optionally "Z" (UTC, the default)
 * or a "+HH:MM"/"-HH:MM" offset from UTC, then optionally "@EPOCH": the real
 * time, in seconds since 1970, at which the clock showed that instant; from
 * there it runs.  Without "@EPOCH" the clock stands still (tests).  Every
 * process given the same value reads the same time, so a console, a daemon
 * and `account otp` started minutes apart agree.  0, or ERR_INVALID.
 */
int
clock_parse_fake(const char *s, time_t *at, time_t *anchor)
{
	int32_t day;
	int hh, mm, ss, oh, om, n = 0;
	long long epoch;
	char date[11];
	time_t t;

	if (strlen(s) < 19 || s[10] != 'T')
		return ERR_INVALID;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (day_parse(date, &day) < 0 || sscanf(s + 11, "%2d:%2d:%2d%n", &hh, &mm, &ss, &n) != 3 ||
	    n != 8 || hh > 23 || mm > 59 || ss > 59)
		return ERR_INVALID;
	t = (time_t)day * 86400 + hh * 3600 + mm * 60 + ss;
	s += 19;
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		if (sscanf(s + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 14 || om > 59)
			return ERR_INVALID;
		t += (*s == '+' ? -1 : 1) * (time_t)(oh * 3600 + om * 60);
		s += 6;
	}
	*anchor = 0;
	if (*s == '@') {
		if (sscanf(s + 1, "%lld%n", &epoch, &n) != 1 || s[1 + n] != '\0' || epoch <= 0)
			return ERR_INVALID;
		*anchor = (time_t)epoch;
	} else if (*s != '\0') {
		return ERR_INVALID;
	}
	*at = t;
	return 0;
}

time_t
clock_now(void)
{
	const char *fake = getenv("INFOCIG_NOW");
	time_t at, anchor, now = time(NULL);

	if (fake == NULL || clock_parse_fake(fake, &at, &anchor) < 0)
		return now;
	return anchor != 0 ? at + (now - anchor) : at;
}

int64_t
clock_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
clock_mono_ms(void)
{
	return clock_mono_us() / 1000;
}

const char *
month_name_it(int month)
{
	static const char *const names[12] = {
		"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
		"luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
	};

	return month >= 1 && month <= 12 ? names[month - 1] : "?";
}

char *
clock_format_local(int64_t t, int utc_offset, enum clock_style style, char *buf, size_t size)
{
	int64_t l = t + utc_offset;
	int32_t day = (int32_t)(l >= 0 ? l / 86400 : (l - 86399) / 86400);
	int s = (int)(l - (int64_t)day * 86400);
	int off = utc_offset < 0 ? -utc_offset : utc_offset;
	char d[16];

	switch (style) {
	case CLOCK_HHMM:
		snprintf(buf, size, "%02d:%02d", s / 3600, s / 60 % 60);
		break;
	case CLOCK_IT:
		snprintf(buf, size, "%s %02d:%02d", day_format_it(day, d, sizeof d), s / 3600,
		    s / 60 % 60);
		break;
	case CLOCK_IT_SHORT:
		snprintf(buf, size, "%.5s %02d:%02d", day_format_it(day, d, sizeof d), s / 3600,
		    s / 60 % 60);
		break;
	case CLOCK_IT_SECONDS:
		snprintf(buf, size, "%s %02d:%02d:%02d", day_format_it(day, d, sizeof d), s / 3600,
		    s / 60 % 60, s % 60);
		break;
	case CLOCK_DAY_SECONDS:
		snprintf(buf, size, "%s %02d:%02d:%02d", day_format(day, d, sizeof d), s / 3600,
		    s / 60 % 60, s % 60);
		break;
	case CLOCK_ISO:
		snprintf(buf, size, "%sT%02d:%02d:%02d%c%02d:%02d", day_format(day, d, sizeof d),
		    s / 3600, s / 60 % 60, s % 60, utc_offset < 0 ? '-' : '+', off / 3600,
		    off / 60 % 60);
		break;
	}
	return buf;
}
