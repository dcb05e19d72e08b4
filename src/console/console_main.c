/*
 * The console's life: set-up, the event loop, and the periodic work that
 * makes new chats and lines appear without a key press (DESIGN.md section
 * 2: PRAGMA data_version on a short timer, then only rows newer than the
 * last seen id).
 */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "console.h"
#include "console_internal.h"
#include "service.h"
#include "text.h"

#define POLL_MS 250		/* database change check */
#define HEARTBEAT_MS 20000	/* advisors count as online for 90 s after one */
#define NOTICE_MS 6000

void
console_notice(struct console *con, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(con->notice, sizeof con->notice, fmt, ap);
	va_end(ap);
	con->notice_error = error;
	con->notice_until = clock_mono_ms() + NOTICE_MS;
	con->dirty |= DIRTY_BAR;
}

int64_t
console_today(struct console *con)
{
	int32_t day;
	int minute;

	calendar_local(con->tz, clock_now(), &day, &minute);
	return day;
}

void
console_refresh(struct console *con, int force)
{
	int64_t v;

	if (chat_data_version(con->cs, &v) < 0)
		return;		/* busy: the next poll tries again */
	if (!force && v == con->data_version)
		return;
	con->data_version = v;
	desk_reload(con);
	desk_poll_messages(con);
}

void
console_idle(struct console *con)
{
	int64_t now_ms = clock_mono_ms();

	if (now_ms >= con->next_poll) {
		con->next_poll = now_ms + POLL_MS;
		if (con->view != NULL)
			con->view->tick(con);
		else
			console_refresh(con, 0);
	}
	if (con->me.role == ROLE_ADVISOR && now_ms >= con->next_heartbeat) {
		if (chat_advisor_set_state(con->cs, con->me.id, con->state, clock_now()) == 0)
			con->next_heartbeat = now_ms + HEARTBEAT_MS;
		else
			con->next_heartbeat = now_ms + 1000;
	}
	if (now_ms >= con->next_clock) {
		con->next_clock = now_ms + 1000;
		con->dirty |= DIRTY_STATUS | DIRTY_PANE(PANE_QUEUE);
	}
	if (con->notice_until != 0 && now_ms >= con->notice_until) {
		con->notice_until = 0;
		con->notice[0] = '\0';
		con->dirty |= DIRTY_BAR;
	}
}

void
console_set_view(struct console *con, const struct console_view *view)
{
	if (con->view != NULL && con->view->close != NULL)
		con->view->close(con);
	con->view = NULL;
	con->view_state = NULL;
	if (view != NULL) {
		con->view = view;
		if (view->open(con) < 0) {
			if (view->close != NULL)
				view->close(con);
			con->view = NULL;
			con->view_state = NULL;
		}
	}
	if (con->view == NULL)
		console_refresh(con, 1);
	con->dirty = DIRTY_ALL;
}

void
console_draw(struct console *con)
{
	screen_draw(con);
}

static void
console_loop(struct console *con)
{
	wint_t wch;
	int r, key;
	char utf8[8];
	int n;

	/* For benchmarks: the time to the first full screen, then exit. */
	int oneshot = getenv("INFOCIG_CONSOLE_ONESHOT") != NULL;

	while (!con->quit) {
		console_idle(con);
		console_draw(con);
		if (oneshot)
			break;
		wtimeout(stdscr, POLL_MS);
		r = wget_wch(stdscr, &wch);
		if (r == ERR)
			continue;
		if (r == KEY_CODE_YES) {
			key = (int)wch;
			if (key == KEY_RESIZE) {
				screen_layout(con);
				continue;
			}
		} else {
			key = (int)wch;
		}
		if (con->too_small) {
			if (key == 'q' || key == KEY_F(10))
				con->quit = 1;
			continue;
		}
		if (r == OK && wch >= 0x80) {
			/* A character beyond ASCII goes to the input line as UTF-8. */
			if (con->focus == PANE_CONV && !con->readonly) {
				if ((n = text_utf8_encode((uint32_t)wch, utf8)) > 0) {
					utf8[n] = '\0';
					input_insert(&con->in, utf8);
					con->dirty |= DIRTY_PANE(PANE_CONV);
				}
			}
			continue;
		}
		keys_dispatch(con, key);
	}
}

static void
hours_from_conf(struct console *con)
{
	/* conf_load checked them; were they wrong, the console still shows Rome's time. */
	(void)service_hours_from_conf(&con->hours, con->conf);
	con->tz = con->hours.tz;
}

int
console_run(const struct conf *c, struct store *st, const struct store_account *who,
    const char *datadir)
{
	struct console *con;
	char err[256];

	if (who->role != ROLE_ADVISOR && who->role != ROLE_SUPERVISOR &&
	    who->role != ROLE_OFFICE) {
		fprintf(stderr, "infocig: la console è riservata a operatori, supervisori e"
		    " sedi (account %s, ruolo %s)\n", who->login, account_role_name(who->role));
		return ERR_DENIED;
	}
	con = xcalloc(1, sizeof *con);
	con->conf = c;
	con->st = st;
	con->me = *who;
	con->datadir = datadir;
	con->readonly = who->role != ROLE_ADVISOR;
	con->cs = chat_store_new(st);
	hours_from_conf(con);
	str_lcpy(con->state, "available", sizeof con->state);
	chat_advisor_channels(con->cs, who->id, con->channels, sizeof con->channels);
	con->rs = report_store_new(st);
	if (report_topics_load(datadir, &con->topics, err, sizeof err) < 0)
		console_notice(con, 1, "%s", err);
	if (canned_load(con) < 0)
		console_notice(con, 1, "Risposte pronte non disponibili (%s/canned_replies.csv)",
		    datadir);

	setlocale(LC_ALL, "");
	screen_init(con);
	con->focus = PANE_QUEUE;
	/* Supervisors start on the statistics, office operators on their reports. */
	console_set_view(con, who->role == ROLE_SUPERVISOR ? &view_stats :
	    who->role == ROLE_OFFICE ? &view_office : NULL);
	console_loop(con);
	console_set_view(con, NULL);
	screen_end(con);

	if (con->me.role == ROLE_ADVISOR)
		chat_advisor_set_state(con->cs, con->me.id, "offline", clock_now());
	desk_free(con);
	case_clear(&con->cv);
	canned_free(con);
	report_topics_free(con->topics);
	report_store_free(con->rs);
	input_free(&con->in);
	chat_store_free(con->cs);
	explicit_bzero(&con->me, sizeof con->me);
	free(con);
	return 0;
}
