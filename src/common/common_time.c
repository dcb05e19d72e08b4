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

time_t
clock_now(void)
{
	const char *fake = getenv("INFOCIG_NOW");
	int32_t day;
	int hh, mm, ss;
	char date[11];

	if (fake != NULL && strlen(fake) == 19 && fake[10] == 'T') {
		memcpy(date, fake, 10);
		date[10] = '\0';
		if (day_parse(date, &day) == 0 &&
		    sscanf(fake + 11, "%2d:%2d:%2d", &hh, &mm, &ss) == 3)
			return (time_t)day * 86400 + hh * 3600 + mm * 60 + ss;
	}
	return time(NULL);
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
