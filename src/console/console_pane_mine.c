/*
 * The "my chats" pane: the advisor's open chats (for a supervisor, every
 * chat in progress), with a mark on those with lines not yet read, and
 * "chiusa" or "persa" instead of the time for people who left or dropped.  Enter opens the chat in the conversation pane.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"

static void
mine_format(struct console *con, const struct chat_desk_row *r, char *buf, size_t size,
    int *mark)
{
	char age[16];
	int unread = desk_unread(con, r);
	int64_t since = clock_now() - (r->chat.taken_at ? r->chat.taken_at : r->chat.queued_at);

	/* Narrow (80 columns): the time in one unit, room for the name. */
	if (getmaxx(screen_win(con, PANE_MINE)) - 2 < 34)
		screen_age_short(since, age, sizeof age);
	else
		screen_age(since, age, sizeof age);
	/* A person who is gone shows in place of the age, where 28 columns still show it. */
	if (r->chat.state == CHAT_CLOSED)
		str_lcpy(age, "chiusa", sizeof age);
	else if (r->chat.state == CHAT_DISCONNECTED)
		str_lcpy(age, "persa", sizeof age);
	*mark = unread || r->chat.state != CHAT_ACTIVE;
	snprintf(buf, size, "%s%c %*s %s", r->chat.id == con->desk.conv.chat_id ? ">" : " ",
	    unread ? '*' : ' ', getmaxx(screen_win(con, PANE_MINE)) - 2 < 34 ? 4 : 6, age,
	    r->company[0] ? r->company : r->person);
}

static void
mine_draw(struct console *con, WINDOW *w, int focused)
{
	char title[64];

	snprintf(title, sizeof title, con->readonly ? "Chat in corso (%zu)" : "Le mie chat (%zu)",
	    con->desk.mine.v.n);
	screen_frame(con, w, title, focused);
	pane_list_draw(con, w, &con->desk.mine, focused, mine_format,
	    con->readonly ? "Nessuna chat in corso" : "Nessuna chat aperta");
}

static int
mine_key(struct console *con, int key)
{
	return list_view_key(&con->desk.mine.v, key);
}

static int
mine_open(struct console *con)
{
	if (con->desk.mine.v.n > 0) {
		desk_open_chat(con, con->desk.mine.rows[con->desk.mine.v.sel].chat.id);
		con->scr.focus = PANE_CONV;
		con->scr.dirty |= DIRTY_ALL;
	}
	return KEY_HANDLED;
}

static const struct key_binding mine_keys[] = {
	{ '\r', 0, 0, NULL, "Le mie chat: Invio apre la chat; * righe non lette; \"chiusa\":"
	    " la persona ha", 0, mine_open, NULL },
	{ 0, 0, 0, NULL, NULL, 0, NULL, NULL },
};

static const char *const mine_help[] = {
	"  lasciato la chat, \"persa\": connessione persa; F6 la chiude con un esito.",
	NULL,
};

const struct pane_ops pane_mine_ops = {
	.name = "Le mie chat",
	.draw = mine_draw,
	.key = mine_key,
	.can_focus = pane_always,
	.keys = mine_keys,
	.help = mine_help,
};
