/*
 * The configuration as domain values, and the admission policy
 * (include/service.h).  The shell, the console and the statistics all read
 * the service hours through here, so they cannot disagree about them.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "conf.h"
#include "service.h"

int
service_hours_from_conf(struct service_hours *h, const struct conf *c)
{
	int tz = calendar_tz_parse(c->service.timezone);

	memset(h, 0, sizeof *h);
	h->tz = tz >= 0 ? tz : CALENDAR_TZ_ROME;
	memcpy(h->open, c->service.open, sizeof h->open);
	memcpy(h->close, c->service.close, sizeof h->close);
	h->closures = c->service.closures;
	h->nclosures = c->service.nclosures;
	h->drain_minutes = c->service.drain_minutes;
	if (tz < 0 || calendar_check_hours(h) < 0)
		return ERR_INVALID;
	return 0;
}

int
service_rollout_from_conf(struct rollout *r, const struct conf_rollout *cr)
{
	size_t i, j;

	calendar_rollout_clear(r);
	for (i = 0; i < cr->nsteps; i++) {
		const struct conf_rollout_step *s = &cr->steps[i];
		const char **siglas = xcalloc(s->nprovinces + 1, sizeof *siglas);
		size_t n = 0;
		char from[16];
		int rc;

		if (s->all)
			siglas[n++] = "*";
		for (j = 0; j < s->nprovinces; j++)
			siglas[n++] = s->provinces[j];
		rc = calendar_rollout_add(r, day_format(s->from, from, sizeof from), siglas, n);
		free(siglas);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
service_load(struct service *s, const struct conf *c)
{
	int r = service_hours_from_conf(&s->hours, c);

	if (service_rollout_from_conf(&s->workers, &c->rollout.workers) < 0 ||
	    service_rollout_from_conf(&s->companies, &c->rollout.employers) < 0)
		r = ERR_INVALID;
	return r;
}

void
service_clear(struct service *s)
{
	calendar_rollout_clear(&s->workers);
	calendar_rollout_clear(&s->companies);
}

struct service_admission
service_admit(const struct service *s, const struct service_request *rq)
{
	struct service_admission a = { SERVICE_VERDICT_QUEUED, (time_t)-1, 0 };
	int32_t today, from = 0;
	int minute;

	if (rq->is_live_elsewhere) {
		a.verdict = SERVICE_VERDICT_ELSEWHERE;
		return a;
	}
	if (rq->is_resumable) {
		a.verdict = SERVICE_VERDICT_RESUMED;
		return a;
	}
	if (calendar_service_state(&s->hours, rq->now) != SERVICE_OPEN) {
		a.verdict = SERVICE_VERDICT_CLOSED;
		a.until = calendar_next_opening(&s->hours, rq->now);
		return a;
	}
	calendar_local(s->hours.tz, rq->now, &today, &minute);
	if (!calendar_rollout_eligible(rq->is_company ? &s->companies : &s->workers,
	    rq->province, today, &from)) {
		a.verdict = SERVICE_VERDICT_NOT_YET;
		a.from = from;
		if (from != 0)
			a.until = calendar_next_opening(&s->hours,
			    calendar_to_utc(s->hours.tz, from, 0));
	}
	return a;
}
