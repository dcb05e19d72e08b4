/*
 * The advisor's desk: the queue and "my chats" lists, the open
 * conversation, and the actions on chats (take, send, transfer, close,
 * available/paused).  Every change goes through the chat store; the other
 * side (the daemon, other consoles) notices it through the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "text.h"

#define HISTORY_LIMIT 5000
/* The advisor's typing marks the chat at most this often (issue 15). */
#define TYPING_MARK_MS 3000

const char *
desk_role_label(enum account_role r)
{
	switch (r) {
	case ROLE_OWNER:
		return "titolare";
	case ROLE_REPRESENTATIVE:
		return "rappresentante legale";
	case ROLE_CONSULTANT:
		return "consulente";
	default:
		return "lavoratore";
	}
}

static int
list_push(void *arg, const struct chat_desk_row *row)
{
	struct desk_list *l = arg;

	if (l->v.n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->rows = xreallocarray(l->rows, l->cap, sizeof *l->rows);
	}
	l->rows[l->v.n++] = *row;
	return 0;
}

/* Reloads a list keeping the selection on the same chat when it is still there. */
static int
list_reload(struct desk_list *l, int (*each)(struct console *, struct desk_list *),
    struct console *con)
{
	int64_t selected = l->v.n > 0 && l->v.sel < l->v.n ? l->rows[l->v.sel].chat.id : 0;
	size_t i;
	int r;

	l->v.n = 0;
	if ((r = each(con, l)) < 0)
		return r;
	for (i = 0; i < l->v.n; i++)
		if (l->rows[i].chat.id == selected)
			l->v.sel = i;
	if (l->v.sel >= l->v.n)
		l->v.sel = l->v.n > 0 ? l->v.n - 1 : 0;
	return 0;
}

static int
queue_each(struct console *con, struct desk_list *l)
{
	return store_chat_queue_each(con->db.cs, con->desk.channels, list_push, l);
}

static int
mine_each(struct console *con, struct desk_list *l)
{
	return store_chat_advisor_chats_each(con->db.cs, con->readonly ? 0 : con->me.id, list_push, l);
}

static struct seen *
seen_of(struct console *con, int64_t chat_id)
{
	size_t i;

	for (i = 0; i < con->desk.nseen; i++)
		if (con->desk.seen[i].chat_id == chat_id)
			return &con->desk.seen[i];
	if (con->desk.nseen == con->desk.capseen) {
		con->desk.capseen = con->desk.capseen ? con->desk.capseen * 2 : 16;
		con->desk.seen = xreallocarray(con->desk.seen, con->desk.capseen, sizeof *con->desk.seen);
	}
	con->desk.seen[con->desk.nseen].chat_id = chat_id;
	con->desk.seen[con->desk.nseen].message_id = 0;
	return &con->desk.seen[con->desk.nseen++];
}

int
desk_unread(struct console *con, const struct chat_desk_row *row)
{
	return row->last_message_id > seen_of(con, row->chat.id)->message_id;
}

static void
conv_clear(struct convo *cv)
{
	size_t i;

	for (i = 0; i < cv->n; i++)
		free(cv->lines[i].text);
	cv->n = 0;
	cv->chat_id = 0;
	cv->last_id = 0;
	cv->scroll = 0;
	cv->person_typing = 0;
	cv->typing_marked = 0;
}

/* The state a chat of the list had before the reload, or -1 when it was not there. */
static int
state_before(const struct chat_desk_row *old, size_t nold, int64_t id)
{
	size_t i;

	for (i = 0; i < nold; i++)
		if (old[i].chat.id == id)
			return (int)old[i].chat.state;
	return -1;
}

/*
 * 1 when something calls for the advisor's attention since the last
 * reload: a chat that was not in the queue, or a new line in one of their
 * chats that is not the open one (the open one they are reading).
 */
static int
news_arrived(struct console *con, const struct chat_desk_row *old, size_t nold,
    const int64_t *oldq, size_t noldq)
{
	const struct chat_desk_row *r;
	size_t i, k;

	for (i = 0; i < con->desk.queue.v.n; i++) {
		for (k = 0; k < noldq && oldq[k] != con->desk.queue.rows[i].chat.id; k++)
			;
		if (k == noldq)
			return 1;
	}
	for (i = 0; i < con->desk.mine.v.n; i++) {
		r = &con->desk.mine.rows[i];
		/* The open chat is being read; the one the advisor just took is no news. */
		if (r->chat.id == con->desk.conv.chat_id || r->chat.id == con->desk.taking)
			continue;
		for (k = 0; k < nold && old[k].chat.id != r->chat.id; k++)
			;
		if (k == nold || r->last_message_id > old[k].last_message_id)
			return 1;
	}
	return 0;
}

void
desk_alert(struct console *con)
{
	const char *how = con->conf->console.alert;

	if (how == NULL || strcmp(how, "off") == 0)
		return;
	if (strcmp(how, "flash") == 0)
		flash();
	else
		beep();
}

/* Tells the advisor that a person of theirs left or dropped since the last reload. */
static void
notice_departures(struct console *con, const struct chat_desk_row *old, size_t nold)
{
	const struct chat_desk_row *r;
	size_t i;
	int before;

	for (i = 0; i < con->desk.mine.v.n; i++) {
		r = &con->desk.mine.rows[i];
		before = state_before(old, nold, r->chat.id);
		if (before != CHAT_ACTIVE || r->chat.state == CHAT_ACTIVE)
			continue;
		if (r->chat.state == CHAT_CLOSED)
			console_notice(con, 1, "%s ha chiuso la conversazione: F6 per chiuderla"
			    " con un esito.", r->person);
		else
			console_notice(con, 1, "Connessione con %s persa: può tornare entro %d"
			    " secondi, altrimenti F6 per chiudere con un esito.", r->person,
			    con->conf->queue.reconnect_grace);
	}
}

/* Why the open chat left the list (it was not our own transfer): said to the advisor. */
static void
notice_gone(struct console *con, const struct chat_desk_row *row)
{
	struct chat c;

	if (store_chat_get(con->db.cs, row->chat.id, &c) < 0) {
		console_notice(con, 0, "La chat con %s non è più tra le sue.", row->person);
	} else if (c.state == CHAT_CLOSED && c.outcome >= 0) {
		console_notice(con, 0, "La chat con %s è chiusa: %s.", row->person,
		    chat_outcome_label(c.outcome));
	} else if (c.advisor_id != 0 && c.advisor_id != con->me.id) {
		console_notice(con, 0, "La chat con %s è passata a %s.", row->person,
		    c.advisor_name);
	} else if (c.state == CHAT_QUEUED) {
		console_notice(con, 0, "La chat con %s è tornata in coda.", row->person);
	} else {
		console_notice(con, 0, "La chat con %s non è più tra le sue.", row->person);
	}
}

void
desk_reload(struct console *con)
{
	struct convo *cv = &con->desk.conv;
	struct chat_desk_row *old;
	int64_t *oldq;
	size_t i, nold = con->desk.mine.v.n, noldq;
	int found = 0;

	/* The lists before, to notice a person leaving, a new chat, a new line. */
	old = xcalloc(nold + 1, sizeof *old);
	for (i = 0; i < nold; i++)
		old[i] = con->desk.mine.rows[i];
	oldq = xcalloc(con->desk.queue.v.n + 1, sizeof *oldq);
	for (i = 0; i < con->desk.queue.v.n; i++)
		oldq[i] = con->desk.queue.rows[i].chat.id;
	noldq = con->desk.queue.v.n;
	if (list_reload(&con->desk.queue, queue_each, con) < 0 ||
	    list_reload(&con->desk.mine, mine_each, con) < 0) {
		console_notice(con, 1, "Database occupato: aggiornamento rinviato");
		free(old);
		free(oldq);
		return;
	}
	if (!con->readonly && con->desk.loaded) {
		notice_departures(con, old, nold);
		if (news_arrived(con, old, nold, oldq, noldq))
			desk_alert(con);
	}
	free(old);
	free(oldq);
	con->desk.loaded = 1;
	con->desk.queued_workers = con->desk.queued_companies = 0;
	for (i = 0; i < con->desk.queue.v.n; i++) {
		if (con->desk.queue.rows[i].chat.channel == CHANNEL_WORKERS)
			con->desk.queued_workers++;
		else
			con->desk.queued_companies++;
	}
	for (i = 0; i < con->desk.mine.v.n; i++) {
		if (con->desk.mine.rows[i].chat.id == cv->chat_id) {
			cv->row = con->desk.mine.rows[i];
			found = 1;
		}
	}
	if (cv->chat_id != 0 && !found) {
		/* Closed, or handed to someone else: the pane lets it go, saying why. */
		if (!con->readonly)
			notice_gone(con, &cv->row);
		conv_clear(cv);
		input_clear(&con->desk.in);
	}
	con->scr.dirty |= DIRTY_PANE(PANE_QUEUE) | DIRTY_PANE(PANE_MINE) | DIRTY_PANE(PANE_CONV) |
	    DIRTY_STATUS;
}

static void
conv_push(struct convo *cv, int64_t id, int64_t at, int64_t account_id, const char *sender,
    const char *text)
{
	struct convo_line *l;
	size_t n = strlen(text), size = n * 3 + 1;

	if (cv->n == cv->cap) {
		cv->cap = cv->cap ? cv->cap * 2 : 64;
		cv->lines = xreallocarray(cv->lines, cv->cap, sizeof *cv->lines);
	}
	l = &cv->lines[cv->n++];
	l->id = id;
	l->at = at;
	l->account_id = account_id;
	str_lcpy(l->sender, sender, sizeof l->sender);
	/* Whatever the user typed is made safe for this terminal here. */
	l->text = xmalloc(size);
	text_sanitize(text, n, l->text, size);
	if (id > cv->last_id)
		cv->last_id = id;
}

static int
message_in(void *arg, const struct chat_message *m)
{
	conv_push(arg, m->id, m->at, m->account_id, m->sender, m->body);
	return 0;
}

static int
transfer_in(void *arg, const struct chat_transfer *t)
{
	struct convo *cv = arg;
	char *s;

	if (t->to_name[0] != '\0')
		s = xasprintf("trasferita da %s a %s: %s", t->from_name, t->to_name, t->note);
	else
		s = xasprintf("rimessa in coda da %s: %s", t->from_name, t->note);
	conv_push(cv, 0, t->at, 0, "note", s);
	free(s);
	return 0;
}

static int
by_time(const void *a, const void *b)
{
	const struct convo_line *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	/* A note before the lines of the same second: it came first. */
	if ((x->id == 0) != (y->id == 0))
		return x->id == 0 ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

const char *
desk_writer_name(struct console *con, int64_t account_id)
{
	struct store_account a;
	size_t i;

	if (account_id == 0)
		return NULL;
	for (i = 0; i < con->desk.nnames; i++)
		if (con->desk.names[i].id == account_id)
			return con->desk.names[i].name;
	if (store_account_by_id(con->db.st, account_id, &a) < 0)
		return NULL;	/* busy or gone: asked again on the next draw */
	con->desk.names = xreallocarray(con->desk.names, con->desk.nnames + 1, sizeof *con->desk.names);
	con->desk.names[con->desk.nnames].id = account_id;
	str_lcpy(con->desk.names[con->desk.nnames].name, a.full_name, sizeof con->desk.names[con->desk.nnames].name);
	explicit_bzero(&a, sizeof a);
	return con->desk.names[con->desk.nnames++].name;
}

void
desk_poll_messages(struct console *con)
{
	struct convo *cv = &con->desk.conv;
	size_t before = cv->n;

	if (cv->chat_id == 0)
		return;
	if (store_chat_messages_since(con->db.cs, cv->chat_id, cv->last_id, 0, HISTORY_LIMIT,
	    message_in, cv) < 0)
		return;
	seen_of(con, cv->chat_id)->message_id = cv->last_id;
	if (cv->n != before)
		con->scr.dirty |= DIRTY_PANE(PANE_CONV) | DIRTY_PANE(PANE_MINE);
}

void
desk_poll_typing(struct console *con)
{
	struct convo *cv = &con->desk.conv;
	int person = 0, advisor;

	if (cv->chat_id != 0 && cv->row.chat.state == CHAT_ACTIVE &&
	    store_chat_typing_get(con->db.cs, cv->chat_id, &person, &advisor) < 0)
		return;		/* busy: the next tick reads it */
	if (person != cv->person_typing) {
		cv->person_typing = person;
		con->scr.dirty |= DIRTY_PANE(PANE_CONV);
	}
}

void
desk_typing_mark(struct console *con)
{
	struct convo *cv = &con->desk.conv;
	int64_t now = clock_mono_ms();

	if (con->readonly || cv->chat_id == 0 || cv->row.chat.state != CHAT_ACTIVE ||
	    con->desk.in.len == 0 ||
	    (cv->typing_marked != 0 && now - cv->typing_marked < TYPING_MARK_MS))
		return;
	cv->typing_marked = now;
	/* A mark lost to a busy database only hides the indicator once. */
	(void)store_chat_typing_mark(con->db.cs, cv->chat_id, 1);
}

static const struct chat_desk_row *
row_of(struct console *con, int64_t chat_id)
{
	size_t i;

	for (i = 0; i < con->desk.mine.v.n; i++)
		if (con->desk.mine.rows[i].chat.id == chat_id)
			return &con->desk.mine.rows[i];
	return NULL;
}

void
desk_open_chat(struct console *con, int64_t chat_id)
{
	struct convo *cv = &con->desk.conv;
	const struct chat_desk_row *row = row_of(con, chat_id);

	if (row == NULL)
		return;
	if (cv->chat_id != chat_id) {
		conv_clear(cv);
		input_clear(&con->desk.in);
	}
	cv->chat_id = chat_id;
	cv->row = *row;
	if (cv->n == 0) {
		if (store_chat_messages_since(con->db.cs, chat_id, 0, 0, HISTORY_LIMIT, message_in, cv) < 0 ||
		    store_chat_transfers_each(con->db.cs, chat_id, transfer_in, cv) < 0)
			console_notice(con, 1, "Database occupato: la conversazione è incompleta");
		if (cv->n > 1)	/* lines is still NULL for a chat with no line yet */
			qsort(cv->lines, cv->n, sizeof *cv->lines, by_time);
	}
	seen_of(con, chat_id)->message_id = cv->last_id;
	if (con->desk.cv.chat_id != chat_id || !con->desk.cv.open)
		case_open_for_chat(con, row);
	con->scr.dirty = DIRTY_ALL;
}

void
desk_take(struct console *con, int selected)
{
	int64_t id = 0;
	int r, max = con->conf->queue.max_chats_per_advisor;

	if (con->readonly) {
		console_notice(con, 1, "I supervisori seguono le chat in sola lettura.");
		return;
	}
	if (con->desk.state != ADVISOR_AVAILABLE) {
		console_notice(con, 1, "È in pausa: F7 per tornare disponibile.");
		return;
	}
	if (selected && con->desk.queue.v.n > 0) {
		id = con->desk.queue.rows[con->desk.queue.v.sel].chat.id;
		r = store_chat_take_checked(con->db.cs, id, con->me.id, max, clock_now());
	} else {
		r = store_chat_take_next(con->db.cs, con->me.id, con->desk.channels, max, clock_now(), &id);
	}
	switch (r) {
	case 0:
		con->desk.taking = id;
		break;
	case ERR_LIMIT:
		console_notice(con, 1, "Ha già %d chat in corso, il massimo consentito.", max);
		return;
	case ERR_CONFLICT:
		console_notice(con, 1, "Chat già presa da un altro operatore.");
		console_refresh(con, 1);
		return;
	case ERR_NOTFOUND:
		console_notice(con, 0, "Nessuna chat in attesa.");
		return;
	case ERR_BUSY:
		console_notice(con, 1, "Database occupato: riprovi tra un istante.");
		return;
	default:
		console_notice(con, 1, "Impossibile prendere la chat: %s", store_errmsg(con->db.st));
		return;
	}
	console_refresh(con, 1);
	con->desk.taking = 0;
	desk_open_chat(con, id);
	con->scr.focus = PANE_CONV;
	console_notice(con, 0, "Chat presa: %s.", con->desk.conv.row.person);
}

void
desk_send(struct console *con)
{
	struct convo *cv = &con->desk.conv;
	char clean[INPUT_MAX * 3 + 1], names[160];
	int64_t id;
	int r;

	if (cv->chat_id == 0)
		return;
	text_sanitize(con->desk.in.buf, con->desk.in.len, clean, sizeof clean);
	if (clean[strspn(clean, " ")] == '\0')
		return;
	if (canned_unfilled(clean, names, sizeof names) > 0) {
		/* A canned reply never goes out with a placeholder in it. */
		console_notice(con, 1, "Da completare prima dell'invio: %s", names);
		return;
	}
	if (cv->row.chat.state != CHAT_ACTIVE) {
		/* The line stays in the input for when (if) the person comes back. */
		console_notice(con, 1, cv->row.chat.state == CHAT_CLOSED ? "%s ha lasciato la"
		    " chat: la riga non è stata inviata." : "Connessione con %s persa: la riga"
		    " non è stata inviata.", cv->row.person);
		return;
	}
	r = store_chat_message_add(con->db.cs, cv->chat_id, "advisor", con->me.id, clock_now(), clean, &id);
	if (r < 0) {
		console_notice(con, 1, r == ERR_BUSY ? "Database occupato: riga non inviata, "
		    "riprovi con Invio." : "Riga non inviata: %s", store_errmsg(con->db.st));
		return;
	}
	input_remember(&con->desk.in);
	input_clear(&con->desk.in);
	cv->typing_marked = 0;		/* the next reply is news for the person again */
	cv->scroll = 0;
	desk_poll_messages(con);
	con->scr.dirty |= DIRTY_PANE(PANE_CONV);
}

/* The chat the actions apply to: the open one, active or disconnected, and ours. */
static int
own_open_chat(struct console *con)
{
	if (con->readonly) {
		console_notice(con, 1, "I supervisori seguono le chat in sola lettura.");
		return 0;
	}
	if (con->desk.conv.chat_id == 0) {
		console_notice(con, 1, "Apra prima una chat (Invio su \"Le mie chat\").");
		return 0;
	}
	return 1;
}

struct advisor_choice {
	struct console *con;
	struct chat_advisor *v;
	size_t n, cap;
};

static int
advisor_in(void *arg, const struct chat_advisor *a)
{
	struct advisor_choice *c = arg;

	if (a->id == c->con->me.id || a->state != ADVISOR_AVAILABLE)
		return 0;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	c->v[c->n++] = *a;
	return 0;
}

/* Hands the open chat to advisor to (NULL: back to the queue) and says so. */
static void
transfer_do(struct console *con, const struct chat_advisor *to, const char *note)
{
	char person[sizeof con->desk.conv.row.person];
	char *msg;
	int r;

	r = store_chat_transfer(con->db.cs, con->desk.conv.chat_id, con->me.id, to != NULL ? to->id : 0, note,
	    clock_now());
	if (r < 0) {
		console_notice(con, 1, r == ERR_CONFLICT ? "La chat non è più sua." :
		    "Trasferimento non riuscito: riprovi.");
		return;
	}
	msg = to != NULL ? xasprintf("La conversazione è stata trasferita all'operatore %s.",
	    to->name) : xstrdup("La sua richiesta è stata rimessa in coda: un altro operatore"
	    " la prenderà in carico a breve.");
	store_chat_message_add(con->db.cs, con->desk.conv.chat_id, "system", con->me.id, clock_now(), msg,
	    NULL);
	free(msg);
	/* Let the pane go here, so the reload does not report a chat gone missing. */
	str_lcpy(person, con->desk.conv.row.person, sizeof person);
	conv_clear(&con->desk.conv);
	input_clear(&con->desk.in);
	console_refresh(con, 1);
	if (to != NULL)
		console_notice(con, 0, "Chat con %s trasferita a %s.", person, to->name);
	else
		console_notice(con, 0, "Chat con %s rimessa in coda.", person);
	if (con->desk.mine.v.n == 0)
		con->scr.focus = PANE_QUEUE;
}

void
desk_transfer(struct console *con)
{
	struct advisor_choice ch = { .con = con };
	const char **items;
	char note[256] = "";
	int pick;
	size_t i;

	if (!own_open_chat(con))
		return;
	if (con->desk.conv.row.chat.state != CHAT_ACTIVE) {
		console_notice(con, 1, "Si può trasferire solo una chat attiva.");
		return;
	}
	if (store_chat_advisors_each(con->db.cs, clock_now(), advisor_in, &ch) < 0) {
		console_notice(con, 1, "Database occupato: riprovi.");
		free(ch.v);
		return;
	}
	items = xcalloc(ch.n + 1, sizeof *items);
	items[0] = xstrdup("Rimetti in coda");
	for (i = 0; i < ch.n; i++)
		items[i + 1] = xasprintf("%s (%d chat)", ch.v[i].name, ch.v[i].active);
	pick = dialog_menu(con, "Trasferisci a", items, ch.n + 1, 0);
	if (pick > 0) {
		if (ch.v[pick - 1].active >= con->conf->queue.max_chats_per_advisor) {
			console_notice(con, 1, "%s ha già il numero massimo di chat.",
			    ch.v[pick - 1].name);
			pick = -1;
		}
	}
	/* The note is for colleagues only: it is asked in its own dialog, never sent. */
	if (pick >= 0 && dialog_prompt_required(con, "Nota di trasferimento",
	    "Nota per chi riceve la chat (obbligatoria, non la vede la persona):", note,
	    sizeof note, "La nota è obbligatoria: la scriva, oppure Esc per annullare.") < 0) {
		console_notice(con, 0, "Trasferimento annullato.");
		pick = -1;
	}
	if (pick >= 0)
		transfer_do(con, pick > 0 ? &ch.v[pick - 1] : NULL, note);
	for (i = 0; i < ch.n + 1; i++)
		free((char *)items[i]);
	free(items);
	free(ch.v);
	con->scr.dirty = DIRTY_ALL;
}

void
desk_close(struct console *con)
{
	static const char *const outcomes[CHAT_OUTCOME_COUNT] = {
		[OUTCOME_RESOLVED] = "Risolta in chat",
		[OUTCOME_LINEA_INPS] = "Inoltrata a Linea INPS",
		[OUTCOME_OTHER] = "Altro",
	};
	int pick, r;

	if (!own_open_chat(con))
		return;
	pick = dialog_menu(con, "Chiudi la chat: esito", outcomes, CHAT_OUTCOME_COUNT,
	    con->desk.conv.row.chat.outcome >= 0 ? OUTCOME_LINEA_INPS : OUTCOME_RESOLVED);
	con->scr.dirty = DIRTY_ALL;
	if (pick < 0)
		return;
	r = store_chat_close(con->db.cs, con->desk.conv.chat_id, con->me.id, (enum chat_outcome)pick,
	    clock_now());
	if (r < 0) {
		console_notice(con, 1, r == ERR_CONFLICT ? "La chat è già chiusa o non è più"
		    " sua." : "Chiusura non riuscita: riprovi.");
		return;
	}
	console_notice(con, 0, "Chat con %s chiusa: %s.", con->desk.conv.row.person, outcomes[pick]);
	conv_clear(&con->desk.conv);
	input_clear(&con->desk.in);
	console_refresh(con, 1);
	if (con->desk.mine.v.n == 0)
		con->scr.focus = PANE_QUEUE;
}

void
desk_toggle_state(struct console *con)
{
	enum advisor_state next = con->desk.state == ADVISOR_AVAILABLE ? ADVISOR_PAUSED :
	    ADVISOR_AVAILABLE;

	if (con->readonly)
		return;
	if (store_chat_advisor_set_state(con->db.cs, con->me.id, next, clock_now()) < 0) {
		console_notice(con, 1, "Database occupato: stato non cambiato, riprovi.");
		return;
	}
	con->desk.state = next;
	console_notice(con, 0, next == ADVISOR_AVAILABLE ? "Ora è disponibile." :
	    "Ora è in pausa: non le verranno proposte nuove chat.");
}

void
desk_free(struct console *con)
{
	conv_clear(&con->desk.conv);
	free(con->desk.conv.lines);
	free(con->desk.queue.rows);
	free(con->desk.mine.rows);
	free(con->desk.seen);
	free(con->desk.names);
}
