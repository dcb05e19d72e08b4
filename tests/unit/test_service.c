/*
 * Unit tests for the service module: the configuration read into service
 * hours and rollouts, and the admission verdicts (run from the repository
 * root: the installed example configuration is read).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "calendar.h"
#include "common.h"
#include "conf.h"
#include "service.h"

/* The instant of local time hh:mm on y-m-d in Rome. */
static time_t
rome(int y, int m, int d, int hh, int mm)
{
	return calendar_to_utc(CALENDAR_TZ_ROME, day_from_ymd(y, m, d), hh * 60 + mm);
}

static struct conf *
example_conf(void)
{
	struct conf *c = NULL;
	char err[512];

	if (conf_load("conf/infocig.conf", NULL, 0, &c, err, sizeof err) < 0)
		fail_msg("conf_load: %s", err);
	return c;
}

static void
test_hours_from_conf(void **state)
{
	struct conf *c = conf_defaults();
	struct service_hours h;
	char *tz;

	(void)state;
	assert_int_equal(service_hours_from_conf(&h, c), 0);
	assert_int_equal(h.tz, CALENDAR_TZ_ROME);
	assert_int_equal(h.open[0], 15 * 60);
	assert_int_equal(h.close[4], 18 * 60);
	assert_int_equal(h.open[6], h.close[6]);
	assert_int_equal(h.drain_minutes, c->service.drain_minutes);
	assert_ptr_equal(h.closures, c->service.closures);

	/* An unknown zone is refused, and still read as Rome for the console. */
	tz = c->service.timezone;
	c->service.timezone = xstrdup("Marte/Base");
	assert_int_equal(service_hours_from_conf(&h, c), ERR_INVALID);
	assert_int_equal(h.tz, CALENDAR_TZ_ROME);
	free(c->service.timezone);
	c->service.timezone = tz;

	/* Hours a hand-made configuration got wrong are refused too. */
	c->service.open[2] = 19 * 60;
	c->service.close[2] = 2000;
	assert_int_equal(service_hours_from_conf(&h, c), ERR_INVALID);
	conf_free(c);
}

static void
test_rollout_from_conf(void **state)
{
	struct conf *c = example_conf();
	struct rollout r = { 0 };
	int32_t from;

	(void)state;
	assert_int_equal(service_rollout_from_conf(&r, &c->rollout.workers), 0);
	assert_int_equal(r.nsteps, c->rollout.workers.nsteps);
	assert_false(calendar_rollout_eligible(&r, "RM", day_from_ymd(2021, 5, 9), &from));
	assert_int_equal(from, day_from_ymd(2021, 5, 10));
	assert_true(calendar_rollout_eligible(&r, "RM", day_from_ymd(2021, 5, 10), NULL));
	assert_true(calendar_rollout_eligible(&r, "to", day_from_ymd(2021, 6, 14), NULL));
	assert_false(calendar_rollout_eligible(&r, "PA", day_from_ymd(2021, 9, 12), &from));
	assert_int_equal(from, day_from_ymd(2021, 9, 13));
	/* The "*" step serves every province, and no province at all. */
	assert_true(calendar_rollout_eligible(&r, "AO", day_from_ymd(2022, 1, 31), NULL));
	assert_true(calendar_rollout_eligible(&r, "", day_from_ymd(2022, 1, 31), NULL));

	/* Loading again replaces what r held. */
	assert_int_equal(service_rollout_from_conf(&r, &c->rollout.employers), 0);
	assert_int_equal(r.nsteps, c->rollout.employers.nsteps);
	assert_false(calendar_rollout_eligible(&r, "RM", day_from_ymd(2022, 12, 15), &from));
	assert_int_equal(from, day_from_ymd(2023, 2, 13));
	calendar_rollout_clear(&r);
	conf_free(c);
}

static void
test_admit(void **state)
{
	struct conf *c = example_conf();
	struct service s = { 0 };
	struct service_request rq = { 0 };
	struct service_admission a;
	const char *rm[] = { "RM" };

	(void)state;
	assert_int_equal(service_load(&s, c), 0);

	/* Tuesday 24 November 2026, 15:30: open, everyone served. */
	rq.now = rome(2026, 11, 24, 15, 30);
	rq.province = "BA";
	a = service_admit(&s, &rq);
	assert_int_equal(a.verdict, SERVICE_VERDICT_QUEUED);
	rq.is_company = 1;
	assert_int_equal(service_admit(&s, &rq).verdict, SERVICE_VERDICT_QUEUED);

	/* A live chat elsewhere wins over everything, a resumable one over the hours. */
	rq.now = rome(2026, 11, 24, 21, 0);
	rq.is_live_elsewhere = 1;
	rq.is_resumable = 1;
	assert_int_equal(service_admit(&s, &rq).verdict, SERVICE_VERDICT_ELSEWHERE);
	rq.is_live_elsewhere = 0;
	assert_int_equal(service_admit(&s, &rq).verdict, SERVICE_VERDICT_RESUMED);

	/* Closed at night: until the next afternoon. */
	rq.is_resumable = 0;
	a = service_admit(&s, &rq);
	assert_int_equal(a.verdict, SERVICE_VERDICT_CLOSED);
	assert_int_equal(a.until, rome(2026, 11, 25, 15, 0));
	/* While draining, no one new is queued. */
	rq.now = rome(2026, 11, 24, 18, 5);
	assert_int_equal(service_admit(&s, &rq).verdict, SERVICE_VERDICT_CLOSED);
	/* Friday evening: Monday. */
	rq.now = rome(2026, 11, 27, 19, 0);
	assert_int_equal(service_admit(&s, &rq).until, rome(2026, 11, 30, 15, 0));

	/* Not yet: Rome's workers from Monday 10 May 2021, at its opening. */
	rq.is_company = 0;
	rq.province = "RM";
	rq.now = rome(2021, 5, 7, 15, 30);
	a = service_admit(&s, &rq);
	assert_int_equal(a.verdict, SERVICE_VERDICT_NOT_YET);
	assert_int_equal(a.from, day_from_ymd(2021, 5, 10));
	assert_int_equal(a.until, rome(2021, 5, 10, 15, 0));
	/* The same day, Rome's employers wait for 13 February 2023. */
	rq.is_company = 1;
	a = service_admit(&s, &rq);
	assert_int_equal(a.verdict, SERVICE_VERDICT_NOT_YET);
	assert_int_equal(a.from, day_from_ymd(2023, 2, 13));

	/* A province no step names is never served. */
	calendar_rollout_clear(&s.workers);
	assert_int_equal(calendar_rollout_add(&s.workers, "2021-05-10", rm, 1), 0);
	rq.is_company = 0;
	rq.province = "MI";
	rq.now = rome(2026, 11, 24, 15, 30);
	a = service_admit(&s, &rq);
	assert_int_equal(a.verdict, SERVICE_VERDICT_NOT_YET);
	assert_int_equal(a.from, 0);
	assert_int_equal(a.until, (time_t)-1);
	rq.province = NULL;
	assert_int_equal(service_admit(&s, &rq).verdict, SERVICE_VERDICT_NOT_YET);

	service_clear(&s);
	service_clear(&s);
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hours_from_conf),
		cmocka_unit_test(test_rollout_from_conf),
		cmocka_unit_test(test_admit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
