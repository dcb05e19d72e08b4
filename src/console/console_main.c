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
	vsnprintf(con->notice.text, sizeof con->notice.text, fmt, ap);
	va_end(ap);
	con->notice.error = error;
	con->notice.until = clock_mono_ms() + NOTICE_MS;
	con->scr.dirty |= DIRTY_BAR;
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

	if (store_chat_data_version(con->db.cs, &v) < 0)
		return;		/* busy: the next poll tries again */
	if (!force && v == con->db.data_version)
		return;
	con->db.data_version = v;
	desk_reload(con);
	desk_poll_messages(con);
}

void
console_idle(struct console *con)
{
	int64_t now_ms = clock_mono_ms();

	if (now_ms >= con->clk.next_poll) {
		con->clk.next_poll = now_ms + POLL_MS;
		con->scr.cur->tick(con);
	}
	if (con->me.role == ROLE_ADVISOR && now_ms >= con->clk.next_heartbeat) {
		if (store_chat_advisor_set_state(con->db.cs, con->me.id, con->desk.state, clock_now()) == 0)
			con->clk.next_heartbeat = now_ms + HEARTBEAT_MS;
		else
			con->clk.next_heartbeat = now_ms + 1000;
	}
	if (now_ms >= con->clk.next_clock) {
		/* The status line's clock shows minutes; a screen's own times are its tick's. */
		con->clk.next_clock = now_ms + 1000;
		if (clock_now() / 60 != con->clk.status_minute) {
			con->clk.status_minute = clock_now() / 60;
			con->scr.dirty |= DIRTY_STATUS;
		}
	}
	if (con->notice.until != 0 && now_ms >= con->notice.until) {
		con->notice.until = 0;
		con->notice.text[0] = '\0';
		con->scr.dirty |= DIRTY_BAR;
	}
}

void
console_set_screen(struct console *con, const struct screen_def *def)
{
	struct screen_mgr *m = &con->scr;
	const struct screen_def *old = m->cur;
	int i;

	if (old != NULL && old->close != NULL)
		old->close(con);
	m->state = NULL;
	m->cur = def;
	for (m->npanes = 0; def->panes[m->npanes] != NULL; m->npanes++)
		;
	if (def->open != NULL && def->open(con) < 0) {
		if (def->close != NULL)
			def->close(con);
		m->state = NULL;
		console_set_screen(con, &screen_desk);
		return;
	}
	/* The first pane that takes the focus has it. */
	for (m->focus = 0, i = 0; i < m->npanes; i++)
		if (def->panes[i]->can_focus != NULL && def->panes[i]->can_focus(con)) {
			m->focus = i;
			break;
		}
	screen_layout(con);
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
		key = (int)wch;
		if (r == KEY_CODE_YES && key == KEY_RESIZE) {
			screen_layout(con);
			continue;
		}
		/* One Enter for every binding. */
		if ((r == OK && key == '\n') || (r == KEY_CODE_YES && key == KEY_ENTER))
			key = '\r';
		if (con->scr.too_small) {
			if (key == 'q' || key == KEY_F(10))
				con->quit = 1;
			continue;
		}
		if (r == OK && wch >= 0x80) {
			/* A character beyond ASCII goes to the input line as UTF-8. */
			if (con->scr.cur == &screen_desk && con->scr.focus == PANE_CONV &&
			    !con->readonly) {
				if ((n = text_utf8_encode((uint32_t)wch, utf8)) > 0) {
					utf8[n] = '\0';
					input_insert(&con->desk.in, utf8);
					screen_dirty(con, PANE_CONV);
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
	con->db.st = st;
	con->me = *who;
	con->db.datadir = datadir;
	con->readonly = who->role != ROLE_ADVISOR;
	con->db.cs = st;
	hours_from_conf(con);
	con->desk.state = ADVISOR_AVAILABLE;
	store_chat_advisor_channels(con->db.cs, who->id, con->desk.channels, sizeof con->desk.channels);
	con->db.rs = st;
	if (report_topics_load(datadir, &con->db.topics, err, sizeof err) < 0)
		console_notice(con, 1, "%s", err);
	if (canned_load(con) < 0)
		console_notice(con, 1, "Risposte pronte non disponibili (%s/canned_replies.csv)",
		    datadir);

	setlocale(LC_ALL, "");
	screen_init(con);
	/* Supervisors start on the statistics, office operators on their reports. */
	console_set_screen(con, who->role == ROLE_SUPERVISOR ? &screen_stats :
	    who->role == ROLE_OFFICE ? &screen_office : &screen_desk);
	console_loop(con);
	if (con->scr.cur->close != NULL)
		con->scr.cur->close(con);
	screen_end(con);

	if (con->me.role == ROLE_ADVISOR)
		store_chat_advisor_set_state(con->db.cs, con->me.id, ADVISOR_OFFLINE, clock_now());
	desk_free(con);
	case_clear(&con->desk.cv);
	canned_free(con);
	report_topics_free(con->db.topics);
	input_free(&con->desk.in);
	explicit_bzero(&con->me, sizeof con->me);
	free(con);
	return 0;
}
