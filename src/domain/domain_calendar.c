/*
 * Time zones, Italian national holidays and service hours.  Pure code: the
 * Europe/Rome rule is built in, so results never depend on the host's tz
 * database or TZ variable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "common.h"

#define DAY_SECONDS 86400

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

int
calendar_tz_parse(const char *name)
{
	if (name == NULL)
		return ERR_INVALID;
	if (strcmp(name, "UTC") == 0)
		return CALENDAR_TZ_UTC;
	if (strcmp(name, "Europe/Rome") == 0)
		return CALENDAR_TZ_ROME;
	return ERR_INVALID;
}

const char *
calendar_tz_name(int tz)
{
	return tz == CALENDAR_TZ_ROME ? "Europe/Rome" : "UTC";
}

/* Last Sunday of a 31-day month. */
static int32_t
last_sunday(int year, int month)
{
	int32_t d = day_from_ymd(year, month, 31);

	return d - (day_weekday(d) + 1) % 7;
}

int
calendar_utc_offset(int tz, time_t t)
{
	int y, m, d;
	time_t start, end;

	if (tz != CALENDAR_TZ_ROME)
		return 0;
	day_to_ymd((int32_t)floor_div(t, DAY_SECONDS), &y, &m, &d);
	start = (time_t)last_sunday(y, 3) * DAY_SECONDS + 3600;
	end = (time_t)last_sunday(y, 10) * DAY_SECONDS + 3600;
	return t >= start && t < end ? 7200 : 3600;
}

static void
local_split(int tz, time_t t, int32_t *day, int *second_of_day)
{
	int64_t l = (int64_t)t + calendar_utc_offset(tz, t);
	int64_t d = floor_div(l, DAY_SECONDS);

	*day = (int32_t)d;
	*second_of_day = (int)(l - d * DAY_SECONDS);
}

void
calendar_local(int tz, time_t t, int32_t *day, int *minute_of_day)
{
	int sec;

	local_split(tz, t, day, &sec);
	*minute_of_day = sec / 60;
}

time_t
calendar_to_utc(int tz, int32_t day, int minute_of_day)
{
	time_t l = (time_t)day * DAY_SECONDS + (time_t)minute_of_day * 60;
	time_t summer = l - 7200, winter = l - 3600;

	if (tz != CALENDAR_TZ_ROME)
		return l;
	/* Both readings valid: the overlap; take the earlier one. */
	if (calendar_utc_offset(tz, summer) == 7200)
		return summer;
	/* Valid winter time, or the spring gap read with the winter offset. */
	return winter;
}

int32_t
calendar_easter(int year)
{
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int mday = (h + l - 7 * m + 114) % 31 + 1;

	return day_from_ymd(year, month, mday);
}

static const struct {
	int month, mday, since;
	const char *name;
} fixed_holidays[] = {
	{ 1, 1, 0, "Capodanno" },
	{ 1, 6, 0, "Epifania" },
	{ 4, 25, 0, "Festa della Liberazione" },
	{ 5, 1, 0, "Festa del Lavoro" },
	{ 6, 2, 0, "Festa della Repubblica" },
	{ 8, 15, 0, "Ferragosto" },
	/* Restored as a national holiday by the law of 2025, from 2026 on. */
	{ 10, 4, 2026, "San Francesco d'Assisi" },
	{ 11, 1, 0, "Ognissanti" },
	{ 12, 8, 0, "Immacolata Concezione" },
	{ 12, 25, 0, "Natale" },
	{ 12, 26, 0, "Santo Stefano" },
};

const char *
calendar_holiday_name(int32_t day)
{
	int y, m, d;
	size_t i;
	int32_t easter;

	day_to_ymd(day, &y, &m, &d);
	for (i = 0; i < nitems(fixed_holidays); i++)
		if (fixed_holidays[i].month == m && fixed_holidays[i].mday == d &&
		    y >= fixed_holidays[i].since)
			return fixed_holidays[i].name;
	if (m != 3 && m != 4)
		return NULL;
	easter = calendar_easter(y);
	if (day == easter)
		return "Pasqua";
	if (day == easter + 1)
		return "Luned\xc3\xac dell'Angelo";
	return NULL;
}

int
calendar_is_holiday(int32_t day)
{
	return calendar_holiday_name(day) != NULL;
}

static int
cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

int
calendar_check_hours(const struct service_hours *h)
{
	size_t i;
	int w;

	if (h == NULL || (h->tz != CALENDAR_TZ_UTC && h->tz != CALENDAR_TZ_ROME))
		return ERR_INVALID;
	for (w = 0; w < 7; w++)
		if (h->open[w] < 0 || h->open[w] > h->close[w] || h->close[w] > 1440)
			return ERR_INVALID;
	if (h->drain_minutes < 0 || h->drain_minutes > 1440)
		return ERR_INVALID;
	if (h->nclosures > 0 && h->closures == NULL)
		return ERR_INVALID;
	for (i = 1; i < h->nclosures; i++)
		if (h->closures[i - 1] >= h->closures[i])
			return ERR_INVALID;
	return 0;
}

/* The day's hours if the service opens that day: 1, else 0. */
static int
day_hours(const struct service_hours *h, int32_t day, int *open, int *close)
{
	int w = day_weekday(day);

	*open = h->open[w];
	*close = h->close[w];
	if (*open < 0 || *close > 1440 || *open >= *close)
		return 0;
	if (calendar_is_holiday(day))
		return 0;
	if (h->nclosures > 0 && h->closures != NULL &&
	    bsearch(&day, h->closures, h->nclosures, sizeof day, cmp_day) != NULL)
		return 0;
	return 1;
}

int
calendar_is_open_day(const struct service_hours *h, int32_t day)
{
	int open, close;

	return day_hours(h, day, &open, &close);
}

/*
 * Find the opening period that now is in (or draining after): yesterday's
 * matters too, since a drain may run past midnight.  Returns the state and
 * that period's closing instant in *closing.
 */
static enum service_state
find_period(const struct service_hours *h, time_t now, time_t *closing)
{
	int32_t today, d;
	int sec, open, close, pass;
	time_t o, c, drain;

	drain = h->drain_minutes > 0 ? (time_t)h->drain_minutes * 60 : 0;
	local_split(h->tz, now, &today, &sec);
	for (pass = 0; pass < 2; pass++) {
		for (d = today; d >= today - 1; d--) {
			if (!day_hours(h, d, &open, &close))
				continue;
			o = calendar_to_utc(h->tz, d, open);
			c = calendar_to_utc(h->tz, d, close);
			if (pass == 0 && now >= o && now < c) {
				*closing = c;
				return SERVICE_OPEN;
			}
			if (pass == 1 && now >= c && now < c + drain) {
				*closing = c;
				return SERVICE_DRAINING;
			}
		}
	}
	*closing = (time_t)-1;
	return SERVICE_CLOSED;
}

enum service_state
calendar_service_state(const struct service_hours *h, time_t now)
{
	time_t closing;

	return find_period(h, now, &closing);
}

time_t
calendar_closing_time(const struct service_hours *h, time_t now)
{
	time_t closing;

	find_period(h, now, &closing);
	return closing;
}

time_t
calendar_next_opening(const struct service_hours *h, time_t now)
{
	int32_t today, d;
	int sec, open, close;
	time_t o, closing;

	if (find_period(h, now, &closing) == SERVICE_OPEN)
		return now;
	local_split(h->tz, now, &today, &sec);
	for (d = today; d <= today + 400; d++) {
		if (!day_hours(h, d, &open, &close))
			continue;
		o = calendar_to_utc(h->tz, d, open);
		if (o > now)
			return o;
	}
	return (time_t)-1;
}

void
calendar_format_opening(const struct service_hours *h, time_t when,
    char *buf, size_t size)
{
	static const char *const weekdays[] = {
		"luned\xc3\xac", "marted\xc3\xac", "mercoled\xc3\xac",
		"gioved\xc3\xac", "venerd\xc3\xac", "sabato", "domenica",
	};
	int32_t day;
	int minute, y, m, d, n;

	if (size == 0)
		return;
	if (when == (time_t)-1) {
		buf[0] = '\0';
		return;
	}
	calendar_local(h->tz, when, &day, &minute);
	day_to_ymd(day, &y, &m, &d);
	n = snprintf(buf, size, "%s %d %s %d alle %02d:%02d", weekdays[day_weekday(day)],
	    d, month_name_it(m), y, minute / 60, minute % 60);
	if (n < 0 || (size_t)n < size)
		return;
	/* Truncated: do not leave half a UTF-8 character at the end. */
	str_utf8_cut(buf, size - 1);
}

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Parse "H:MM" or "HH:MM" at *s, up to 24:00; advance *s. */
static int
parse_hm(const char **s, int *minutes)
{
	const char *p = *s;
	int hh = 0, mm, n = 0;

	while (n < 2 && *p >= '0' && *p <= '9') {
		hh = hh * 10 + (*p++ - '0');
		n++;
	}
	if (n == 0 || *p++ != ':')
		return ERR_INVALID;
	if (p[0] < '0' || p[0] > '5' || p[1] < '0' || p[1] > '9')
		return ERR_INVALID;
	mm = (p[0] - '0') * 10 + (p[1] - '0');
	if (hh * 60 + mm > 1440)
		return ERR_INVALID;
	*minutes = hh * 60 + mm;
	*s = p + 2;
	return 0;
}

int
calendar_parse_hours(const char *spec, int *open, int *close)
{
	const char *p;
	int o, c;
	size_t len;

	if (spec == NULL)
		return ERR_INVALID;
	p = skip_blanks(spec);
	len = strlen(p);
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len == 0 || (len == 6 && strncasecmp(p, "chiuso", 6) == 0)) {
		*open = *close = 0;
		return 0;
	}
	if (parse_hm(&p, &o) < 0)
		return ERR_INVALID;
	p = skip_blanks(p);
	if (*p++ != '-')
		return ERR_INVALID;
	p = skip_blanks(p);
	if (parse_hm(&p, &c) < 0 || *skip_blanks(p) != '\0' || c <= o)
		return ERR_INVALID;
	*open = o;
	*close = c;
	return 0;
}

char *
calendar_format_time(int tz, int64_t t, enum clock_style style, char *buf, size_t size)
{
	return clock_format_local(t, calendar_utc_offset(tz, (time_t)t), style, buf, size);
}
