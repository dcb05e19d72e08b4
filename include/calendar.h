/*
 * calendar: time zones, Italian national holidays, service hours and the
 * territorial rollout (eligibility).  Pure code: no I/O, no globals, no
 * getenv, no system tz database.  Days are civil days and instants are Unix
 * seconds (common.h).
 */
#ifndef INFOCIG_CALENDAR_H
#define INFOCIG_CALENDAR_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common.h"

/* Time zones with their rules built in. */
enum calendar_tz {
	CALENDAR_TZ_UTC,
	CALENDAR_TZ_ROME,	/* Europe/Rome: CET, CEST under the EU rule */
};

/* "UTC" or "Europe/Rome": the enum calendar_tz value, or ERR_INVALID. */
int calendar_tz_parse(const char *name);
/* The zone's name as calendar_tz_parse accepts it; "UTC" for unknown values. */
const char *calendar_tz_name(int tz);
/*
 * Offset of local time from UTC at instant t, in seconds (3600 or 7200 for
 * Europe/Rome, 0 for UTC and for unknown zones).  The EU rule (summer time
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
 * of October) is applied to every year, also before 1996.
 */
int calendar_utc_offset(int tz, time_t t);
/* Local civil day and minute of the day (0..1439) of instant t. */
void calendar_local(int tz, time_t t, int32_t *day, int *minute_of_day);
/*
 * The instant at which local wall-clock time is minute_of_day (may be 1440,
 * the next midnight) of day.  In the autumn overlap (02:00-02:59 twice) it
 * returns the earlier instant, in summer time; in the spring gap
 * (02:00-02:59 never happens) it reads the time with the winter offset, so
 * 02:30 becomes 01:30 UTC, i.e. 03:30 summer time.
 */
time_t calendar_to_utc(int tz, int32_t day, int minute_of_day);

/* Easter Sunday of a Gregorian year (anonymous computus): its civil day. */
int32_t calendar_easter(int year);
/* 1 if day is an Italian national holiday (Easter Sunday included), else 0. */
int calendar_is_holiday(int32_t day);
/*
 * The holiday's Italian name (static string, UTF-8), or NULL on other days.
 * Today's list is applied to every year, except 4 October (San Francesco),
 * a holiday only from 2026.  When Easter or Easter Monday falls on 25 April
 * the fixed-date name wins.
 */
const char *calendar_holiday_name(int32_t day);

/* Opening hours of the service. */
struct service_hours {
	int tz;			/* enum calendar_tz */
	int open[7], close[7];	/* minutes from local midnight, Monday = 0;
				 * open == close: closed all day; close <= 1440 */
	int32_t *closures;	/* extra closed days, sorted ascending; not owned */
	size_t nclosures;
	int drain_minutes;	/* after closing, queued chats are still served */
};

enum service_state {
	SERVICE_OPEN,		/* within hours: new chats are queued */
	SERVICE_DRAINING,	/* closing .. closing + drain: no one new is queued */
	SERVICE_CLOSED,
};

/*
 * 0 if h is consistent (known zone, 0 <= open <= close <= 1440 each day,
 * drain 0..1440, closures strictly ascending), else ERR_INVALID.  The other
 * functions do not check: they treat close < open as closed all day.
 */
int calendar_check_hours(const struct service_hours *h);
/*
 * 1 if the service opens on local day (open < close on that weekday, not a
 * national holiday, not an extra closure), else 0.
 */
int calendar_is_open_day(const struct service_hours *h, int32_t day);
/* SERVICE_OPEN, SERVICE_DRAINING or SERVICE_CLOSED at instant now. */
enum service_state calendar_service_state(const struct service_hours *h, time_t now);
/*
 * The first instant at or after now at which the service is SERVICE_OPEN:
 * now itself when it is open, otherwise the next opening time (strictly
 * after now), looking at most 400 days ahead; (time_t)-1 if none.
 */
time_t calendar_next_opening(const struct service_hours *h, time_t now);
/*
 * When open or draining, the closing instant of the current opening (in the
 * past while draining; the drain ends drain_minutes later); (time_t)-1 when
 * closed.
 */
time_t calendar_closing_time(const struct service_hours *h, time_t now);
/*
 * Write "lunedì 23 novembre 2026 alle 15:00" (UTF-8), when in the local time
 * of h->tz, into buf (always terminated when size > 0; truncated if short;
 * 48 bytes are enough).  (time_t)-1 gives an empty string.
 */
void calendar_format_opening(const struct service_hours *h, time_t when,
    char *buf, size_t size);
/*
 * Parse one day's hours: "15:00-18:00" (H:MM or HH:MM, close up to 24:00
 * and after open), or "" / "chiuso" (any case) for closed, which sets both
 * to 0.  Blanks around the spec and the dash are allowed.  Returns 0, or
 * ERR_INVALID leaving open and close untouched.
 */
int calendar_parse_hours(const char *spec, int *open, int *close);

/* Territorial rollout: who may use the service from which day. */
#define CALENDAR_SIGLA_SET_BYTES ((26 * 26 + 7) / 8)

struct rollout_step {
	int32_t from;		/* civil day from which the step applies */
	int all;		/* every province ("*") */
	unsigned char set[CALENDAR_SIGLA_SET_BYTES]; /* bit per "AA".."ZZ" */
};

/* Steps are cumulative: a province is served from its earliest step on. */
struct rollout {
	struct rollout_step *steps;	/* owned; free with calendar_rollout_clear */
	size_t nsteps;
};

/*
 * Append a step from a "YYYY-MM-DD" date and n siglas, each two uppercase
 * letters ("RM") or "*" for every province.  Returns 0, or ERR_INVALID (bad
 * date, bad sigla, n == 0) leaving r unchanged.  Aborts on out of memory.
 */
int calendar_rollout_add(struct rollout *r, const char *from,
    const char *const *siglas, size_t n);
/* Free the steps and empty r; r may hold no steps. */
void calendar_rollout_clear(struct rollout *r);
/*
 * 1 if province (a sigla, lower case accepted) is served on day, else 0 and,
 * when from is not NULL, *from = the first day it will be served, or 0 if
 * never.  No steps means everyone, always.  A NULL or malformed province is
 * served only by "*" steps.
 */
int calendar_rollout_eligible(const struct rollout *r, const char *province,
    int32_t day, int32_t *from);

/*
 * Local time of instant t in zone tz, in one of common.h's clock styles
 * ("15:30", "20/06/2026 15:30", ISO 8601 with offset): clock_format_local
 * with the zone's offset at t.  Returns buf.
 */
char *calendar_format_time(int tz, int64_t t, enum clock_style style, char *buf, size_t size);

#endif
