/*
 * service: the one place where the configuration becomes the domain's
 * values (service hours with closures, the territorial rollouts), and the
 * admission policy: from facts the caller gathered (a live chat elsewhere,
 * a resumable chat, the time, the province) one verdict that the caller
 * only puts into words.  Pure code above conf and domain: no store, no I/O.
 */
#ifndef INFOCIG_SERVICE_H
#define INFOCIG_SERVICE_H

#include <stdint.h>
#include <time.h>

#include "calendar.h"
#include "conf.h"

/*
 * Fills h from service.timezone, the weekly hours, service.closures and
 * service.drain_minutes (h->closures points into c).  Returns 0, or
 * ERR_INVALID for an unknown zone or inconsistent hours; h is filled in any
 * case, an unknown zone read as Europe/Rome (the default of
 * service.timezone), for a caller that cannot refuse to start.
 */
int service_hours_from_conf(struct service_hours *h, const struct conf *c);
/*
 * Builds r from one rollout of the configuration with calendar_rollout_add
 * (r is emptied first).  Returns 0, or ERR_INVALID for a step the domain
 * refuses (r then holds the steps before it).
 */
int service_rollout_from_conf(struct rollout *r, const struct conf_rollout *cr);

/* What the daemon needs to admit people. */
struct service {
	struct service_hours hours;
	struct rollout workers;		/* rollout.lavoratori */
	struct rollout companies;	/* rollout.aziende */
};
/* Fills s from c (s may hold an earlier load); 0 or ERR_INVALID. */
int service_load(struct service *s, const struct conf *c);
/* Frees the rollouts; s may be zeroed. */
void service_clear(struct service *s);

/* Admission: may this person be queued now? */
enum service_verdict {
	SERVICE_VERDICT_RESUMED,	/* the chat that dropped is given back */
	SERVICE_VERDICT_QUEUED,		/* a new chat joins the queue */
	SERVICE_VERDICT_CLOSED,		/* outside hours: closed until .until */
	SERVICE_VERDICT_NOT_YET,	/* the province is served from .from */
	SERVICE_VERDICT_ELSEWHERE,	/* a chat is live in another session */
};

struct service_request {
	time_t now;
	int is_company;		/* the employers' rollout applies */
	const char *province;	/* sigla, "" or NULL when unknown */
	int is_live_elsewhere;	/* a live chat whose owner process still runs */
	int is_resumable;	/* a chat dropped less than reconnect_grace ago */
};

struct service_admission {
	enum service_verdict verdict;
	/* CLOSED: the next opening; NOT_YET: the first opening from .from;
	 * (time_t)-1 when there is none. */
	time_t until;
	int32_t from;		/* NOT_YET: the first day served, 0 if never */
};

/*
 * The verdict, in this order: elsewhere, resumed (a resumable chat is given
 * back even outside hours), closed (unless open: draining counts as
 * closed), not yet, queued.
 */
struct service_admission service_admit(const struct service *s,
    const struct service_request *rq);

#endif
