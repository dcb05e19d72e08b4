/*
 * Key bindings: the console's own actions (help, quit, the desk's actions
 * on chats, ...) and, beside them, the bindings of the screen shown and of
 * its focused pane.  The same tables dispatch keys, draw the key bar and
 * build the help screen, so a binding is written once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "text.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27
#define BAR_MAX 24

static int
act_help(struct console *con)
{
	keys_help(con);
	return KEY_HANDLED;
}

static int
act_take(struct console *con)
{
	desk_take(con, con->scr.cur == &screen_desk && con->scr.focus == PANE_QUEUE);
	return KEY_HANDLED;
}

static int
act_canned(struct console *con)
{
	canned_choose(con);
	return KEY_HANDLED;
}

static int
act_lookup(struct console *con)
{
	case_lookup(con);
	return KEY_HANDLED;
}

static int
act_transfer(struct console *con)
{
	desk_transfer(con);
	return KEY_HANDLED;
}

static int
act_close(struct console *con)
{
	desk_close(con);
	return KEY_HANDLED;
}

static int
act_pause(struct console *con)
{
	desk_toggle_state(con);
	return KEY_HANDLED;
}

static int
act_report(struct console *con)
{
	form_report(con);
	return KEY_HANDLED;
}

static int
act_quit(struct console *con)
{
	char q[128];

	if (!con->readonly && con->desk.mine.v.n > 0) {
		if (con->desk.mine.v.n == 1)
			snprintf(q, sizeof q, "1 chat aperta tornerà in coda. Uscire?");
		else
			snprintf(q, sizeof q, "%zu chat aperte torneranno in coda. Uscire?",
			    con->desk.mine.v.n);
		if (!dialog_confirm(con, q))
			return KEY_HANDLED;
	}
	return KEY_HANDLED | KEY_QUIT;
}

static int
act_next_pane(struct console *con)
{
	screen_focus_step(con, 1);
	return KEY_HANDLED;
}

static int
act_prev_pane(struct console *con)
{
	screen_focus_step(con, -1);
	return KEY_HANDLED;
}

static int
act_redraw(struct console *con)
{
	screen_layout(con);
	return KEY_HANDLED;
}

/* Supervisors: between the statistics and the chats in progress. */
static int
act_switch(struct console *con)
{
	console_set_screen(con, con->scr.cur == &screen_stats ? &screen_desk : &screen_stats);
	return KEY_HANDLED;
}

/* On the desk only: the actions on chats and the lookup. */
static const char *
on_desk(struct console *con)
{
	return con->scr.cur == &screen_desk ? "" : NULL;
}

/* Focus moves among panes on a screen with more than one that takes it. */
static const char *
many_panes(struct console *con)
{
	int i, n = 0;

	for (i = 0; i < con->scr.npanes; i++)
		if (con->scr.cur->panes[i]->can_focus != NULL &&
		    con->scr.cur->panes[i]->can_focus(con))
			n++;
	return n > 1 ? "" : NULL;
}

/* A now() of "" means "applies, with the static label". */
static const struct key_binding console_keys[] = {
	{ KEY_F(1), '?', 1, "Aiuto", "questo aiuto", FOR_STAFF, act_help, NULL },
	{ KEY_F(2), 'p', 2, "Prendi", "prende la chat scelta in coda (o la prossima,"
	    " la più vecchia dei suoi canali)", FOR_ADVISOR, act_take, on_desk },
	{ KEY_F(3), 'r', 3, "Risposte", "risposte pronte, completate dalla pratica e"
	    " modificabili prima dell'invio", FOR_ADVISOR, act_canned, on_desk },
	{ KEY_F(4), 'c', 4, "Cerca", "cerca un lavoratore o un'azienda per codice"
	    " fiscale, partita IVA, matricola o numero domanda", FOR_DESK, act_lookup, on_desk },
	{ KEY_F(5), 't', 5, "Trasf.", "trasferisce la chat a un altro operatore o"
	    " la rimette in coda, con una nota", FOR_ADVISOR, act_transfer, on_desk },
	{ KEY_F(6), 'x', 6, "Chiudi", "chiude la chat con un esito", FOR_ADVISOR, act_close,
	    on_desk },
	{ KEY_F(7), 'd', 7, "Pausa", "alterna disponibile / in pausa", FOR_ADVISOR, act_pause,
	    on_desk },
	{ KEY_F(8), 's', 8, "Segnala", "segnalazione Linea INPS alla sede competente,"
	    " dalla chat aperta", FOR_ADVISOR, act_report, on_desk },
	{ KEY_F(9), 'g', 90, "Vista", "statistiche / chat in corso (sola lettura)",
	    FOR_SUPERVISOR, act_switch, NULL },
	{ KEY_F(10), 'q', 100, "Esci", "esce dalla console", FOR_STAFF, act_quit, NULL },
	{ '\t', 0, 0, NULL, "Tab: pannello successivo", FOR_STAFF, act_next_pane, many_panes },
	{ KEY_BTAB, 0, 0, NULL, "Maiusc-Tab: pannello precedente", FOR_STAFF, act_prev_pane,
	    many_panes },
	{ CTRL('l'), 0, 0, NULL, "Ctrl-L: ridisegna lo schermo", FOR_STAFF, act_redraw, NULL },
	{ 0, 0, 0, NULL, NULL, 0, NULL, NULL },
};

static int
me_bit(const struct console *con)
{
	return con->me.role == ROLE_ADVISOR ? FOR_ADVISOR :
	    con->me.role == ROLE_SUPERVISOR ? FOR_SUPERVISOR : FOR_OFFICE;
}

/* Its label now, or NULL when b does not apply now or not to this person. */
static const char *
applies(struct console *con, const struct key_binding *b)
{
	const char *now;

	if (b->who != 0 && !(b->who & me_bit(con)))
		return NULL;
	if (b->now == NULL)
		return b->label != NULL ? b->label : "";
	now = b->now(con);
	if (now == NULL)
		return NULL;
	return now[0] != '\0' || b->label == NULL ? now : b->label;
}

/* The tables that apply now: the console's, the screen's, the focused pane's. */
static size_t
tables(struct console *con, const struct key_binding **t)
{
	const struct screen_def *def = con->scr.cur;
	size_t n = 0;

	t[n++] = console_keys;
	if (def != NULL && def->keys != NULL)
		t[n++] = def->keys;
	if (def != NULL && def->panes[con->scr.focus]->keys != NULL)
		t[n++] = def->panes[con->scr.focus]->keys;
	return n;
}

const struct key_binding *
keys_find(struct console *con, const struct key_binding *t, int key, int letters)
{
	for (; t->fn != NULL; t++)
		if ((t->key == key || (letters && t->alt != 0 && t->alt == key)) &&
		    applies(con, t) != NULL)
			return t;
	return NULL;
}

static int
run(struct console *con, const struct key_binding *b)
{
	int r = b->fn(con);

	if (r & KEY_REDRAW)
		screen_dirty(con, con->scr.focus);
	if (r & KEY_QUIT)
		con->quit = 1;
	return r;
}

int
keys_dispatch(struct console *con, int key)
{
	const struct key_binding *t[3], *b;
	const struct pane_ops *p = con->scr.cur->panes[con->scr.focus];
	int typing = p->typing != NULL && p->typing(con), r;
	size_t n = tables(con, t), i;

	/* The keys first (function keys, controls), then what the pane does with the rest. */
	for (i = 0; i < n; i++)
		if ((b = keys_find(con, t[i], key, 0)) != NULL)
			return run(con, b);
	if (p->key != NULL && (r = p->key(con, key)) != KEY_UNHANDLED) {
		if (r & KEY_REDRAW)
			screen_dirty(con, con->scr.focus);
		if (r & KEY_QUIT)
			con->quit = 1;
		return r;
	}
	if (typing)
		return KEY_UNHANDLED;
	for (i = 0; i < n; i++)
		if ((b = keys_find(con, t[i], key, 1)) != NULL)
			return run(con, b);
	return KEY_UNHANDLED;
}

void
keys_draw_pairs(struct console *con, WINDOW *w, const char *const *pairs)
{
	int x = 0, n, attr = con->scr.attr[ATTR_BAR];
	size_t i;

	for (i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
		n = (int)text_width(pairs[i], strlen(pairs[i])) +
		    (int)text_width(pairs[i + 1], strlen(pairs[i + 1]));
		if (x + n + 1 > con->scr.cols)
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

/* "F4", "Esc", "Invio", "o". */
static const char *
keys_name(int key, char *buf, size_t size)
{
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, size, "F%d", key - KEY_F0);
	else if (key == ESC)
		snprintf(buf, size, "Esc");
	else if (key == '\r' || key == KEY_ENTER)
		snprintf(buf, size, "Invio");
	else if (key > ' ' && key < 127)
		snprintf(buf, size, "%c", key);
	else
		buf[0] = '\0';
	return buf;
}

void
keys_draw_bar(struct console *con, WINDOW *w)
{
	const struct key_binding *t[3], *on[BAR_MAX], *b, *tmp;
	const char *labels[BAR_MAX], *ltmp, *pairs[2 * BAR_MAX + 1];
	char names[BAR_MAX][8];
	size_t n = tables(con, t), i, k, non = 0;
	const char *hint = con->scr.cur != NULL ? con->scr.cur->hint : NULL;
	int x;

	werase(w);
	if (con->scr.bar_keys != NULL) {
		keys_draw_pairs(con, w, con->scr.bar_keys);
		return;
	}
	if (con->scr.modal_keys != NULL) {
		t[0] = con->scr.modal_keys;
		n = 1;
		hint = NULL;
	}
	for (i = 0; i < n; i++)
		for (b = t[i]; b->fn != NULL && non < BAR_MAX; b++)
			if (b->at > 0 && (labels[non] = applies(con, b)) != NULL)
				on[non++] = b;
	/* In the order of their places (insertion sort: a dozen at most). */
	for (i = 1; i < non; i++)
		for (k = i; k > 0 && on[k - 1]->at > on[k]->at; k--) {
			tmp = on[k], on[k] = on[k - 1], on[k - 1] = tmp;
			ltmp = labels[k], labels[k] = labels[k - 1], labels[k - 1] = ltmp;
		}
	for (i = 0; i < non; i++) {
		pairs[2 * i] = keys_name(on[i]->key, names[i], sizeof names[i]);
		pairs[2 * i + 1] = labels[i];
	}
	pairs[2 * non] = NULL;
	keys_draw_pairs(con, w, pairs);
	if (hint != NULL) {
		for (i = 0, x = 0; i < non; i++)
			x += (int)text_width(pairs[2 * i], strlen(pairs[2 * i])) +
			    (int)text_width(labels[i], strlen(labels[i])) + 1;
		k = strlen(hint);
		if (x + (int)k + 2 <= con->scr.cols) {
			wattron(w, A_DIM);
			mvwaddstr(w, 0, con->scr.cols - (int)k - 1, hint);
			wattroff(w, A_DIM);
		}
	}
}

/* The help lines of table t that apply now, appended to lines (owned ones to owned). */
static void
help_of(struct console *con, const struct key_binding *t, const char **lines, size_t *n,
    size_t max, char **owned, size_t *nowned)
{
	const char *label;
	char name[8];

	for (; t->fn != NULL && *n < max; t++) {
		if (t->help == NULL || (label = applies(con, t)) == NULL)
			continue;
		if (t->label == NULL) {
			lines[(*n)++] = t->help;
			continue;
		}
		owned[*nowned] = xasprintf("%-3s %c  %-9s %s", keys_name(t->key, name, sizeof name),
		    t->alt > ' ' && t->alt < 127 ? t->alt : ' ', label, t->help);
		lines[(*n)++] = owned[(*nowned)++];
	}
}

static void
help_lines(const char *const *h, const char **lines, size_t *n, size_t max)
{
	for (; h != NULL && *h != NULL && *n < max; h++)
		lines[(*n)++] = *h;
}

void
keys_help(struct console *con)
{
	const struct screen_def *def = con->scr.cur;
	const char *lines[160];
	char *owned[64];
	size_t n = 0, nowned = 0, i, max = nitems(lines) - 2;
	const struct pane_ops *focused = def->panes[con->scr.focus];

	/* What has the focus first: its keys are the ones that apply now. */
	if (focused->help != NULL || focused->keys != NULL) {
		if (focused->keys != NULL)
			help_of(con, focused->keys, lines, &n, max, owned, &nowned);
		help_lines(focused->help, lines, &n, max);
		lines[n++] = "";
	}
	if (def->keys != NULL)
		help_of(con, def->keys, lines, &n, max, owned, &nowned);
	help_of(con, console_keys, lines, &n, max, owned, &nowned);
	lines[n++] = "Le lettere valgono fuori dalla riga di scrittura.";
	lines[n++] = "";
	help_lines(def->help, lines, &n, max);
	for (i = 0; i < (size_t)con->scr.npanes; i++) {
		if ((int)i == con->scr.focus)
			continue;
		if (def->panes[i]->keys != NULL)
			help_of(con, def->panes[i]->keys, lines, &n, max, owned, &nowned);
		help_lines(def->panes[i]->help, lines, &n, max);
	}
	dialog_text(con, "Aiuto: tasti della console", lines, n);
	for (i = 0; i < nowned; i++)
		free(owned[i]);
}

void
keys_help_table(struct console *con, const char *title, const struct key_binding *t,
    const char *const *more)
{
	const char *lines[64];
	char *owned[32];
	size_t n = 0, nowned = 0, i;

	help_of(con, t, lines, &n, nitems(lines), owned, &nowned);
	help_lines(more, lines, &n, nitems(lines));
	dialog_text(con, title, lines, n);
	for (i = 0; i < nowned; i++)
		free(owned[i]);
}
