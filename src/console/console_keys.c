/*
 * Key bindings: every action is a named entry with its function key, its
 * letter alternative and a description.  The same table dispatches keys,
 * draws the function-key bar and builds the help screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "text.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27

enum { FOR_ADVISOR = 1, FOR_SUPERVISOR = 2, FOR_OFFICE = 4, FOR_STAFF = 7, FOR_DESK = 3 };

struct key_action {
	const char *name;
	int fkey;		/* KEY_F(n), or 0 */
	int letter;		/* works when the input line does not have the focus */
	const char *label;	/* in the function-key bar */
	const char *help;	/* Italian, for the help screen */
	int who;		/* FOR_* bits */
	int in_view;		/* also over a full-screen view */
	void (*fn)(struct console *con);
};

static void
act_help(struct console *con)
{
	keys_help(con);
}

static void
act_take(struct console *con)
{
	desk_take(con, con->focus == PANE_QUEUE);
}

static void
act_quit(struct console *con)
{
	char q[128];

	if (!con->readonly && con->mine.n > 0) {
		if (con->mine.n == 1)
			snprintf(q, sizeof q, "1 chat aperta tornerà in coda. Uscire?");
		else
			snprintf(q, sizeof q, "%zu chat aperte torneranno in coda. Uscire?",
			    con->mine.n);
		if (!dialog_confirm(con, q))
			return;
	}
	con->quit = 1;
}

/* Back in the conversation after a lookup (F4): the chat's person's case again. */
static void
focus_moved(struct console *con)
{
	if (con->focus == PANE_CONV && con->conv.chat_id != 0 && con->cv.manual)
		case_open_for_chat(con, &con->conv.row);
	con->dirty = DIRTY_ALL;
}

static void
act_next_pane(struct console *con)
{
	con->focus = (con->focus + 1) % PANE_COUNT;
	focus_moved(con);
}

static void
act_prev_pane(struct console *con)
{
	con->focus = (con->focus + PANE_COUNT - 1) % PANE_COUNT;
	focus_moved(con);
}

static void
act_redraw(struct console *con)
{
	screen_layout(con);
}

/* Supervisors: between the statistics and the chats in progress. */
static void
act_switch(struct console *con)
{
	console_set_view(con, con->view != NULL ? NULL : &view_stats);
}

static void
act_report(struct console *con)
{
	form_report(con);
}

static const struct key_action actions[] = {
	{ "help", KEY_F(1), '?', "Aiuto", "questo aiuto", FOR_STAFF, 1, act_help },
	{ "take", KEY_F(2), 'p', "Prendi", "prende la chat scelta in coda (o la prossima,"
	    " la più vecchia dei suoi canali)", FOR_ADVISOR, 0, act_take },
	{ "canned", KEY_F(3), 'r', "Risposte", "risposte pronte, completate dalla pratica e"
	    " modificabili prima dell'invio", FOR_ADVISOR, 0, canned_choose },
	{ "lookup", KEY_F(4), 'c', "Cerca", "cerca un lavoratore o un'azienda per codice"
	    " fiscale, partita IVA, matricola o numero domanda", FOR_DESK, 0, case_lookup },
	{ "transfer", KEY_F(5), 't', "Trasf.", "trasferisce la chat a un altro operatore o"
	    " la rimette in coda, con una nota", FOR_ADVISOR, 0, desk_transfer },
	{ "close", KEY_F(6), 'x', "Chiudi", "chiude la chat con un esito", FOR_ADVISOR, 0,
	    desk_close },
	{ "pause", KEY_F(7), 'd', "Pausa", "alterna disponibile / in pausa", FOR_ADVISOR, 0,
	    desk_toggle_state },
	{ "report", KEY_F(8), 's', "Segnala", "segnalazione Linea INPS alla sede competente,"
	    " dalla chat aperta", FOR_ADVISOR, 0, act_report },
	{ "switch", KEY_F(9), 'g', "Vista", "statistiche / chat in corso (sola lettura)",
	    FOR_SUPERVISOR, 1, act_switch },
	{ "quit", KEY_F(10), 'q', "Esci", "esce dalla console", FOR_STAFF, 1, act_quit },
	{ "next-pane", '\t', 0, NULL, "Tab: pannello successivo", FOR_DESK, 0, act_next_pane },
	{ "prev-pane", KEY_BTAB, 0, NULL, "Maiusc-Tab: pannello precedente", FOR_DESK, 0,
	    act_prev_pane },
	{ "redraw", CTRL('l'), 0, NULL, "Ctrl-L: ridisegna lo schermo", FOR_STAFF, 1,
	    act_redraw },
};

/* Keys of each pane, for the help screen only: the focused pane's come first. */
static const char *const help_queue[] = {
	"Coda: su/giù sceglie, Invio prende la chat scelta.",
	"  Tipo: lav lavoratore, tit titolare, rap rappresentante legale, con consulente;",
	"  R: la persona è tornata dopo una disconnessione.",
	NULL,
};
static const char *const help_mine[] = {
	"Le mie chat: Invio apre la chat; * righe non lette; \"chiusa\": la persona ha",
	"  lasciato la chat, \"persa\": connessione persa; F6 la chiude con un esito.",
	NULL,
};
static const char *const help_conv[] = {
	"Conversazione: si scrive nella riga in basso, Invio invia; PgSu/PgGiu scorrono;",
	"  frecce, Home/Fine, Ctrl-A/E/U/W/K modificano; su/giù richiamano le righe inviate;",
	"  una risposta più lunga della riga si legge intera sopra di essa;",
	"  Esc torna alle liste.",
	NULL,
};
static const char *const help_case[] = {
	"Pratica: su/giù sceglie la domanda, PgSu/PgGiu scorrono, Home torna in cima.",
	NULL,
};
static const char *const *const pane_help[PANE_COUNT] = {
	[PANE_QUEUE] = help_queue,
	[PANE_MINE] = help_mine,
	[PANE_CONV] = help_conv,
	[PANE_CASE] = help_case,
};

static int
allowed(const struct console *con, const struct key_action *a)
{
	int me = con->me.role == ROLE_ADVISOR ? FOR_ADVISOR :
	    con->me.role == ROLE_SUPERVISOR ? FOR_SUPERVISOR : FOR_OFFICE;

	return (a->who & me) != 0 && (con->view == NULL || a->in_view);
}

int
keys_dispatch(struct console *con, int key)
{
	const struct key_action *a;
	size_t i;
	int typing = con->view == NULL && con->focus == PANE_CONV && !con->readonly &&
	    con->conv.chat_id != 0;

	if (con->view != NULL && con->view->key(con, key) == KEY_HANDLED)
		return KEY_HANDLED;
	for (i = 0; i < nitems(actions); i++) {
		a = &actions[i];
		if (a->fkey == key && allowed(con, a)) {
			a->fn(con);
			return KEY_HANDLED;
		}
	}
	if (key == ESC && con->view == NULL && con->focus == PANE_CONV) {
		con->focus = PANE_MINE;
		con->dirty = DIRTY_ALL;
		return KEY_HANDLED;
	}
	if (con->view == NULL && screen_panes[con->focus]->key(con, key) == KEY_HANDLED)
		return KEY_HANDLED;
	if (typing)
		return KEY_UNHANDLED;
	for (i = 0; i < nitems(actions); i++) {
		a = &actions[i];
		if (a->letter != 0 && a->letter == key && allowed(con, a)) {
			a->fn(con);
			return KEY_HANDLED;
		}
	}
	return KEY_UNHANDLED;
}

/* The bar for a form or dialog: its own keys, as "key label" pairs. */
static void
draw_pairs(struct console *con, WINDOW *w, const char *const *pairs)
{
	int x = 0, n, attr = con->colors ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	size_t i;

	for (i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
		n = (int)text_width(pairs[i], strlen(pairs[i])) +
		    (int)text_width(pairs[i + 1], strlen(pairs[i + 1]));
		if (x + n + 1 > con->cols)
			break;
		wattron(w, A_BOLD);
		mvwaddstr(w, 0, x, pairs[i]);
		wattroff(w, A_BOLD);
		wattron(w, attr);
		waddstr(w, pairs[i + 1]);
		wattroff(w, attr);
		x += n + 1;
	}
}

void
keys_draw_bar(struct console *con, WINDOW *w)
{
	const struct key_action *a;
	char fk[8];
	size_t i;
	int x = 0, n;

	werase(w);
	if (con->bar_keys != NULL) {
		draw_pairs(con, w, con->bar_keys);
		return;
	}
	for (i = 0; i < nitems(actions); i++) {
		a = &actions[i];
		if (a->label == NULL || !allowed(con, a))
			continue;
		n = snprintf(fk, sizeof fk, "F%d", a->fkey - KEY_F0);
		if (x + n + (int)strlen(a->label) + 1 > con->cols)
			break;
		wattron(w, A_BOLD);
		mvwaddstr(w, 0, x, fk);
		wattroff(w, A_BOLD);
		wattron(w, con->colors ? COLOR_PAIR(PAIR_BAR) : A_REVERSE);
		waddstr(w, a->label);
		wattroff(w, con->colors ? COLOR_PAIR(PAIR_BAR) : A_REVERSE);
		x += n + (int)strlen(a->label) + 1;
	}
}

void
keys_help(struct console *con)
{
	const char *lines[nitems(actions) + 4 * 8 + 64];
	char *owned[nitems(actions)];
	size_t n = 0, nowned = 0, i, k;
	const struct key_action *a;
	const char *const *h;

	/* What has the focus first: its keys are the ones that apply now. */
	if (con->view == NULL) {
		for (h = pane_help[con->focus]; *h != NULL; h++)
			lines[n++] = *h;
		lines[n++] = "";
	}
	for (i = 0; i < nitems(actions); i++) {
		a = &actions[i];
		if (!allowed(con, a))
			continue;
		if (a->label != NULL)
			owned[nowned] = xasprintf("F%-2d %c  %-9s %s", a->fkey - KEY_F0,
			    a->letter ? a->letter : ' ', a->label, a->help);
		else
			owned[nowned] = xstrdup(a->help);
		lines[n++] = owned[nowned++];
	}
	lines[n++] = "Le lettere valgono fuori dalla riga di scrittura.";
	lines[n++] = "";
	if (con->view != NULL) {
		for (i = 0; con->view->help != NULL && con->view->help[i] != NULL && n + 1 <
		    nitems(lines); i++)
			lines[n++] = con->view->help[i];
	} else {
		for (k = 0; k < PANE_COUNT; k++)
			for (h = pane_help[k]; k != (size_t)con->focus && *h != NULL; h++)
				lines[n++] = *h;
	}
	dialog_text(con, "Aiuto: tasti della console", lines, n);
	for (i = 0; i < nowned; i++)
		free(owned[i]);
}
