/*
 * The daily purge (retention.daily_at): once a day, from the supervising
 * process, a child of its own runs the retention module on the database and
 * exits, so that neither the workers' event loops nor the supervisor's
 * signal handling ever wait for it.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "calendar.h"
#include "common.h"
#include "retention.h"
#include "ssh_internal.h"
#include "store.h"

/* In the child: the purge as retention.purge_as; the exit status says how it went. */
static int
purge_child(const char *db, const struct conf *c)
{
	struct retention_totals t;
	struct store_account who;
	struct store *st;
	char err[256];
	int64_t now = clock_now();
	int r;

	if (store_open(db, 0, &st, err, sizeof err) < 0) {
		log_error("daily purge: %s", err);
		return 1;
	}
	if (store_account_by_login(st, c->retention.purge_as, &who) < 0 ||
	    who.role != ROLE_SUPERVISOR) {
		log_error("daily purge: retention.purge_as %s is not a supervisor",
		    c->retention.purge_as);
		store_close(st);
		return 1;
	}
	if ((r = retention_count(st, c, now, &t)) == 0)
		r = retention_purge(st, c, now, who.id, NULL, NULL, &t);
	if (r < 0)
		log_error("daily purge stopped: %s", store_errmsg(st));
	else
		log_info("daily purge: %lld chats (%lld lines), %lld reports anonymised, "
		    "%lld audit rows; %lld batches, longest %.1f ms",
		    (long long)t.rows[STORE_PURGE_CHATS], (long long)t.messages,
		    (long long)t.rows[STORE_PURGE_REPORTS], (long long)t.rows[STORE_PURGE_AUDIT],
		    (long long)t.batches, t.max_held_us / 1000.0);
	store_close(st);
	return r < 0;
}

void
sshd_daily_purge(const char *db, const struct conf *c, int32_t *last_day)
{
	int32_t day;
	int minute, at, tz;
	pid_t pid;

	if (c->retention.daily_at == NULL || *c->retention.daily_at == '\0' ||
	    (at = conf_minute_of_day(c->retention.daily_at)) < 0)
		return;
	tz = calendar_tz_parse(c->service.timezone);
	calendar_local(tz >= 0 ? tz : CALENDAR_TZ_ROME, clock_now(), &day, &minute);
	if (minute < at || *last_day == day)
		return;
	*last_day = day;	/* once a day, even when the run fails */
	if ((pid = fork()) < 0) {
		log_error("daily purge: fork failed");
		return;
	}
	if (pid > 0)
		return;
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	_exit(purge_child(db, c));
}
