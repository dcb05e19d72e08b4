/*
 * The queue pane: chats waiting in the advisor's channels, oldest first,
 * with their wait, the kind of user, the province, and a mark for people
 * who came back after a dropped connection.  Enter takes the selected one.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"

static const char *
role_short(enum account_role r)
{
	switch (r) {
	case ROLE_OWNER:
		return "tit";
	case ROLE_REPRESENTATIVE:
		return "rap";
	case ROLE_CONSULTANT:
		return "con";
	default:
		return "lav";
	}
}

static void
queue_format(struct console *con, const struct chat_desk_row *r, char *buf, size_t size,
    int *mark)
{
	char age[16];
	int64_t wait = clock_now() - r->chat.queued_at;

	/* Narrow (80 columns): the wait in one unit and no province, room for the name. */
	if (getmaxx(screen_win(con, PANE_QUEUE)) - 2 < 34) {
		screen_age_short(wait, age, sizeof age);
		snprintf(buf, size, "%4s %s%s %s", age, role_short(r->role),
		    r->chat.resumed ? "R" : " ", r->company[0] ? r->company : r->person);
	} else {
		screen_age(wait, age, sizeof age);
		snprintf(buf, size, "%6s %s %-2s %s %s", age, role_short(r->role),
		    r->chat.province, r->chat.resumed ? "R" : " ",
		    r->company[0] ? r->company : r->person);
	}
	*mark = r->chat.resumed > 0;
}

static void
queue_draw(struct console *con, WINDOW *w, int focused)
{
	char title[64];

	snprintf(title, sizeof title, "Coda (%zu)", con->desk.queue.v.n);
	screen_frame(con, w, title, focused);
	pane_list_draw(con, w, &con->desk.queue, focused, queue_format, "Nessuna chat in attesa");
}

static int
queue_key(struct console *con, int key)
{
	return list_view_key(&con->desk.queue.v, key);
}

static int
queue_take(struct console *con)
{
	desk_take(con, 1);
	return KEY_HANDLED;
}

static const struct key_binding queue_keys[] = {
	{ '\r', 0, 0, NULL, "Coda: su/giù, PgSu/PgGiu, Home/Fine scelgono, Invio prende la"
	    " chat scelta.", 0, queue_take, NULL },
	{ 0, 0, 0, NULL, NULL, 0, NULL, NULL },
};

static const char *const queue_help[] = {
	"  Tipo: lav lavoratore, tit titolare, rap rappresentante legale, con consulente;",
	"  R: la persona è tornata dopo una disconnessione.",
	NULL,
};

const struct pane_ops pane_queue_ops = {
	.name = "Coda",
	.draw = queue_draw,
	.key = queue_key,
	.can_focus = pane_always,
	.keys = queue_keys,
	.help = queue_help,
};
