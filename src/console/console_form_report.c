/*
 * The Linea INPS report form, opened from the advisor's open chat: subject
 * (topic > subtopic), application (preselected from the case pane), the
 * competent office (computed; changed only by choosing from the list) and
 * the description (required, prefilled with a summary of the case and of
 * the chat).  Bad input keeps the form open with the error and saves
 * nothing; the draft's client token makes a second submit file nothing new.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"
#include "report.h"
#include "text.h"

#define ESC 27
#define CTRL(c) ((c) & 0x1f)

enum field { F_SUBJECT, F_PRACTICE, F_OFFICE, F_DESCRIPTION, F_COUNT };

struct form {
	struct report_draft d;
	char practice_label[64];
	char office_label[128];
	size_t cur;		/* cursor in d.description */
	int scroll;		/* first description line shown */
	enum field focus;
	char error[256];
};

struct row_starts {
	const char *s;
	size_t *starts, n;
};

static void
row_start(void *arg, int indent, const char *row, size_t len)
{
	struct row_starts *r = arg;

	(void)indent;
	(void)len;
	r->starts[r->n++] = (size_t)(row - r->s);
}

/* Display lines of the description at width: byte offsets where each starts. */
static size_t
desc_lines(const char *s, int width, size_t **starts)
{
	size_t len = strlen(s);
	struct row_starts r = { s, NULL, 0 };

	r.starts = xreallocarray(NULL, text_wrap_rows(s, len, width, 0, NULL, NULL),
	    sizeof *r.starts);
	text_wrap_rows(s, len, width, 0, row_start, &r);
	*starts = r.starts;
	return r.n;
}

/* The display line holding byte offset pos. */
static size_t
line_of(const size_t *starts, size_t n, size_t pos)
{
	size_t k = 0;

	while (k + 1 < n && starts[k + 1] <= pos)
		k++;
	return k;
}

static void
set_office_label(struct console *con, struct form *f)
{
	struct store_office o;

	if (f->d.office_id != 0 && store_office_by_id(con->db.st, f->d.office_id, &o) == 0)
		snprintf(f->office_label, sizeof f->office_label, "%s %s", o.code, o.name);
	else
		str_lcpy(f->office_label, "(da scegliere: Invio)", sizeof f->office_label);
}

/* The chat person's applications are the case pane's (opened for the chat). */
static void
set_practice_label(struct console *con, struct form *f)
{
	size_t i;

	str_lcpy(f->practice_label, "nessuna", sizeof f->practice_label);
	for (i = 0; i < con->desk.cv.nsummaries; i++)
		if (con->desk.cv.summaries[i].id == f->d.practice_id)
			str_lcpy(f->practice_label, case_summary(con, i)->number,
			    sizeof f->practice_label);
}

static void
draw_field(struct console *con, WINDOW *w, int y, int wd, const struct form *f,
    enum field which, const char *label, const char *value)
{
	int attr = f->focus == which ? con->scr.attr[ATTR_SELECT] : 0;

	mvwaddstr(w, y, 2, label);
	wattron(w, attr);
	mvwhline(w, y, 20, ' ', wd - 22);
	screen_put(w, y, 20, value, wd - 22);
	wattroff(w, attr);
}

static void
form_draw(struct console *con, struct form *f, WINDOW *w)
{
	char subject[REPORT_TOPIC_SIZE + REPORT_SUBTOPIC_SIZE + 4];
	size_t *starts, n, k, end, cl;
	int h, wd, y, rows, width;

	getmaxyx(w, h, wd);
	werase(w);
	wattron(w, A_BOLD);
	box(w, 0, 0);
	mvwaddstr(w, 0, 2, " Segnalazione Linea INPS ");
	wattroff(w, A_BOLD);
	if (f->d.topic[0] != '\0')
		snprintf(subject, sizeof subject, "%s > %s", f->d.topic, f->d.subtopic);
	else
		str_lcpy(subject, "(da scegliere: Invio)", sizeof subject);
	draw_field(con, w, 1, wd, f, F_SUBJECT, "Argomento:", subject);
	draw_field(con, w, 2, wd, f, F_PRACTICE, "Domanda:", f->practice_label);
	draw_field(con, w, 3, wd, f, F_OFFICE, "Sede competente:", f->office_label);
	mvwaddstr(w, 4, 2, "Descrizione:");
	if (f->focus == F_DESCRIPTION)
		wattron(w, A_BOLD);
	mvwhline(w, 5, 1, ACS_HLINE, wd - 2);
	if (f->focus == F_DESCRIPTION)
		wattroff(w, A_BOLD);

	width = wd - 4;
	rows = h - 9;
	n = desc_lines(f->d.description, width, &starts);
	cl = line_of(starts, n, f->cur);
	if ((int)cl < f->scroll)
		f->scroll = (int)cl;
	if ((int)cl >= f->scroll + rows)
		f->scroll = (int)cl - rows + 1;
	for (k = (size_t)f->scroll, y = 6; k < n && y < 6 + rows; k++, y++) {
		end = k + 1 < n ? starts[k + 1] : strlen(f->d.description);
		while (end > starts[k] && (f->d.description[end - 1] == '\n' ||
		    f->d.description[end - 1] == ' '))
			end--;
		mvwaddnstr(w, y, 2, f->d.description + starts[k], (int)(end - starts[k]));
	}
	mvwhline(w, h - 3, 1, ACS_HLINE, wd - 2);
	if (f->error[0] != '\0') {
		wattron(w, con->scr.attr[ATTR_ERROR]);
		screen_put(w, h - 2, 2, f->error, wd - 4);
		wattroff(w, con->scr.attr[ATTR_ERROR]);
	} else {
		wattron(w, A_DIM);
		screen_put(w, h - 2, 2, "Tab cambia campo, Invio sceglie, Ctrl-U cancella,"
		    " F2 invia, F1 aiuto, Esc annulla", wd - 4);
		wattroff(w, A_DIM);
	}
	if (f->focus == F_DESCRIPTION) {
		curs_set(1);
		wmove(w, 6 + (int)cl - f->scroll, 2 + (int)text_width(f->d.description +
		    starts[cl], f->cur - starts[cl]));
	} else {
		curs_set(0);
	}
	free(starts);
	wnoutrefresh(w);
	doupdate();
}

static void
choose_subject(struct console *con, struct form *f)
{
	size_t nt = report_topics_count(con->db.topics), i;
	const struct report_topic *t;
	const char **items;
	int a, b;

	items = xcalloc(nt, sizeof *items);
	for (i = 0; i < nt; i++)
		items[i] = report_topics_at(con->db.topics, i)->name;
	a = dialog_menu(con, "Argomento", items, nt, 0);
	free(items);
	if (a < 0)
		return;
	t = report_topics_at(con->db.topics, (size_t)a);
	items = xcalloc(t->nsubtopics, sizeof *items);
	for (i = 0; i < t->nsubtopics; i++)
		items[i] = t->subtopics[i].name;
	b = dialog_menu(con, t->name, items, t->nsubtopics, 0);
	free(items);
	if (b < 0)
		return;
	str_lcpy(f->d.topic, t->name, sizeof f->d.topic);
	str_lcpy(f->d.subtopic, t->subtopics[b].name, sizeof f->d.subtopic);
}

static void
choose_practice(struct console *con, struct form *f)
{
	const struct case_view *cv = &con->desk.cv;
	const char **items;
	struct store_office o;
	size_t i, n = cv->chat_id == con->desk.conv.chat_id ? cv->nsummaries : 0;
	int pick;

	items = xcalloc(n + 1, sizeof *items);
	items[0] = "Nessuna domanda";
	for (i = 0; i < n; i++)
		items[i + 1] = case_summary(con, i)->number;
	pick = dialog_menu(con, "Domanda", items, n + 1, 0);
	free(items);
	if (pick < 0)
		return;
	f->d.practice_id = pick == 0 ? 0 : cv->summaries[pick - 1].id;
	set_practice_label(con, f);
	/* The competent office follows the application. */
	if (report_office_for(con->db.rs, &f->d, &o) == 0)
		f->d.office_id = o.id;
	set_office_label(con, f);
}

static void
choose_office(struct console *con, struct form *f)
{
	struct store_office *offices = NULL;
	const char **items;
	size_t n = 0, i, initial = 0;
	int pick;

	if (store_report_offices(con->db.rs, &offices, &n) < 0 || n == 0) {
		str_lcpy(f->error, "Elenco delle sedi non disponibile: riprovi.", sizeof f->error);
		free(offices);
		return;
	}
	items = xcalloc(n, sizeof *items);
	for (i = 0; i < n; i++) {
		items[i] = xasprintf("%s %s", offices[i].code, offices[i].name);
		if (offices[i].id == f->d.office_id)
			initial = i;
	}
	pick = dialog_menu(con, "Sede competente", items, n, initial);
	if (pick >= 0)
		f->d.office_id = offices[pick].id;
	for (i = 0; i < n; i++)
		free((char *)items[i]);
	free(items);
	free(offices);
	set_office_label(con, f);
}

static void
desc_insert(struct form *f, const char *s)
{
	size_t len = strlen(f->d.description), n = strlen(s);

	if (len + n > REPORT_DESCRIPTION_MAX) {
		str_lcpy(f->error, "Descrizione troppo lunga.", sizeof f->error);
		return;
	}
	memmove(f->d.description + f->cur + n, f->d.description + f->cur, len - f->cur + 1);
	memcpy(f->d.description + f->cur, s, n);
	f->cur += n;
}

static void
desc_delete(struct form *f, size_t from, size_t to)
{
	size_t len = strlen(f->d.description);

	memmove(f->d.description + from, f->d.description + to, len - to + 1);
	f->cur = from;
}

/* Up or down one display line in the description; 0 when already at the edge. */
static int
desc_vertical(struct form *f, int width, int delta)
{
	size_t *starts, n, cl, target, col, pos, end;
	int moved = 0;

	n = desc_lines(f->d.description, width, &starts);
	cl = line_of(starts, n, f->cur);
	if ((delta < 0 && cl > 0) || (delta > 0 && cl + 1 < n)) {
		col = text_width(f->d.description + starts[cl], f->cur - starts[cl]);
		target = delta < 0 ? cl - 1 : cl + 1;
		end = target + 1 < n ? starts[target + 1] : strlen(f->d.description);
		pos = starts[target];
		while (pos < end && f->d.description[pos] != '\n' &&
		    text_width(f->d.description + starts[target], pos - starts[target]) < col)
			pos = text_next_char(f->d.description, end, pos);
		if (target + 1 < n && pos == end && pos > starts[target])
			pos = text_prev_char(f->d.description, pos);
		f->cur = pos;
		moved = 1;
	}
	free(starts);
	return moved;
}

static void
desc_key(struct form *f, int key, const char *utf8, int width)
{
	const char *s = f->d.description;
	size_t len = strlen(s);
	char c[2];

	if (utf8[0] != '\0') {
		desc_insert(f, utf8);
		return;
	}
	switch (key) {
	case KEY_LEFT:
		f->cur = text_prev_char(s, f->cur);
		break;
	case KEY_RIGHT:
		f->cur = text_next_char(s, len, f->cur);
		break;
	case KEY_HOME:
	case CTRL('a'):
		while (f->cur > 0 && s[f->cur - 1] != '\n')
			f->cur--;
		break;
	case KEY_END:
	case CTRL('e'):
		while (f->cur < len && s[f->cur] != '\n')
			f->cur++;
		break;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		if (f->cur > 0)
			desc_delete(f, text_prev_char(s, f->cur), f->cur);
		break;
	case CTRL('u'):
		desc_delete(f, 0, f->cur);
		break;
	case KEY_DC:
		if (f->cur < len)
			desc_delete(f, f->cur, text_next_char(s, len, f->cur));
		break;
	case KEY_DOWN:
		desc_vertical(f, width, 1);
		break;
	default:
		if (key >= 0x20 && key < 0x7f) {
			c[0] = (char)key;
			c[1] = '\0';
			desc_insert(f, c);
		}
		break;
	}
}

static enum field
field_of(enum report_field rf)
{
	switch (rf) {
	case REPORT_FIELD_TOPIC:
	case REPORT_FIELD_SUBTOPIC:
		return F_SUBJECT;
	case REPORT_FIELD_PRACTICE:
		return F_PRACTICE;
	case REPORT_FIELD_OFFICE:
		return F_OFFICE;
	default:
		return F_DESCRIPTION;
	}
}

/* Files the draft; 1 when filed (the form closes), 0 when it stays open. */
static int
form_submit(struct console *con, struct form *f)
{
	struct report_filed res;
	char msg[256], to[200];
	int r;

	if (f->d.topic[0] == '\0') {
		str_lcpy(f->error, "Scelga l'argomento della segnalazione.", sizeof f->error);
		f->focus = F_SUBJECT;
		return 0;
	}
	r = report_file(con->db.rs, con->db.topics, &con->me, &f->d, clock_now(), &res, msg, sizeof msg);
	if (r < 0) {
		snprintf(f->error, sizeof f->error, "%s", msg);
		if (r == ERR_INVALID)
			f->focus = field_of(res.field);
		return 0;
	}
	report_office_to(res.office.name, to, sizeof to);
	console_notice(con, 0, "Segnalazione %s inoltrata %s.", res.protocol, to);
	return 1;
}

/* The form's bindings: the state is con->scr.modal; KEY_QUIT leaves the form. */
static int
fk_help(struct console *con);

static int
fk_submit(struct console *con)
{
	return form_submit(con, con->scr.modal) ? KEY_HANDLED | KEY_QUIT : KEY_HANDLED;
}

static int
fk_next(struct console *con)
{
	struct form *f = con->scr.modal;

	f->focus = (f->focus + 1) % F_COUNT;
	return KEY_HANDLED;
}

static int
fk_prev(struct console *con)
{
	struct form *f = con->scr.modal;

	f->focus = (f->focus + F_COUNT - 1) % F_COUNT;
	return KEY_HANDLED;
}

/* Enter: a new line in the description, else the list of the field to choose from. */
static int
fk_enter(struct console *con)
{
	struct form *f = con->scr.modal;

	if (f->focus == F_DESCRIPTION)
		desc_insert(f, "\n");
	else if (f->focus == F_SUBJECT)
		choose_subject(con, f);
	else if (f->focus == F_PRACTICE)
		choose_practice(con, f);
	else
		choose_office(con, f);
	if (f->focus != F_DESCRIPTION)
		con->scr.dirty = DIRTY_ALL;
	return KEY_HANDLED;
}

static int
fk_cancel(struct console *con)
{
	return dialog_confirm(con, "Annullare la segnalazione? Il testo andrà perso.") ?
	    KEY_HANDLED | KEY_QUIT : KEY_HANDLED;
}

static const struct key_binding form_keys[] = {
	{ KEY_F(1), 0, 1, "Aiuto", "questo aiuto", 0, fk_help, NULL },
	{ KEY_F(2), 0, 2, "Invia", "invia la segnalazione alla sede competente (il modulo resta"
	    " aperto se manca qualcosa, con l'errore in basso)", 0, fk_submit, NULL },
	{ '\t', 0, 3, "Campo", "campo successivo; Maiusc-Tab o su dal primo rigo: campo"
	    " precedente", 0, fk_next, NULL },
	{ KEY_BTAB, 0, 0, NULL, NULL, 0, fk_prev, NULL },
	{ '\r', 0, 4, "Sceglie", "su Argomento, Domanda o Sede competente apre l'elenco da cui"
	    " scegliere; nella Descrizione va a capo", 0, fk_enter, NULL },
	{ ESC, 0, 5, "Annulla", "annulla la segnalazione (anche F10; chiede conferma: il testo"
	    " andrebbe perso)", 0, fk_cancel, NULL },
	{ KEY_F(10), 0, 0, NULL, NULL, 0, fk_cancel, NULL },
	{ 0, 0, 0, NULL, NULL, 0, NULL, NULL },
};

static const char *const form_help[] = {
	"Ctrl-U    nella Descrizione cancella fino al cursore; frecce, Home/Fine muovono",
	NULL,
};

static int
fk_help(struct console *con)
{
	keys_help_table(con, "Aiuto: segnalazione Linea INPS", form_keys, form_help);
	return KEY_HANDLED;
}

void
form_report(struct console *con)
{
	struct form *f;
	WINDOW *w = NULL;
	char msg[256], utf8[8];
	const struct key_binding *b;
	wint_t wch;
	int r, n, key, done = 0, h, wd;

	if (con->desk.conv.chat_id == 0) {
		console_notice(con, 1, "Apra prima la chat per cui fare la segnalazione.");
		return;
	}
	if (con->db.topics == NULL || con->db.rs == NULL) {
		console_notice(con, 1, "Argomenti delle segnalazioni non disponibili"
		    " (report_topics.csv).");
		return;
	}
	f = xcalloc(1, sizeof *f);
	if (!con->desk.cv.open || con->desk.cv.chat_id != con->desk.conv.chat_id)
		case_open_for_chat(con, &con->desk.conv.row);
	r = report_draft_for_chat(con->db.rs, con->conf, con->desk.conv.chat_id,
	    con->desk.cv.has_timeline && con->desk.cv.chat_id == con->desk.conv.chat_id ? con->desk.cv.p.id : 0,
	    clock_now(), &f->d, msg, sizeof msg);
	if (r < 0) {
		console_notice(con, 1, "%s", msg);
		goto out;
	}
	set_practice_label(con, f);
	set_office_label(con, f);
	f->cur = strlen(f->d.description);
	con->scr.modal_keys = form_keys;
	con->scr.modal = f;
	con->scr.dirty |= DIRTY_BAR;
	while (!done) {
		if (w == NULL || con->scr.dirty != 0) {
			if (con->scr.dirty != 0) {
				con->scr.dirty = DIRTY_ALL;
				console_draw(con);
			}
			if (w != NULL)
				delwin(w);
			h = con->scr.rows - 2 < 24 ? con->scr.rows - 2 : 24;
			wd = con->scr.cols - 4 < 96 ? con->scr.cols - 4 : 96;
			w = newwin(h, wd, (con->scr.rows - h) / 2, (con->scr.cols - wd) / 2);
			keypad(w, TRUE);
		}
		form_draw(con, f, w);
		wtimeout(w, 250);
		r = wget_wch(w, &wch);
		if (r == ERR) {
			console_idle(con);
			continue;
		}
		utf8[0] = '\0';
		key = (int)wch;
		if (r == KEY_CODE_YES && key == KEY_RESIZE) {
			screen_layout(con);
			if (con->scr.too_small)
				break;
			continue;
		}
		if (r == OK && wch >= 0x80) {
			n = text_utf8_encode((uint32_t)wch, utf8);
			utf8[n > 0 ? n : 0] = '\0';
			key = 0;
		}
		f->error[0] = '\0';
		if (key == '\n' || key == KEY_ENTER || (key == ' ' && f->focus != F_DESCRIPTION))
			key = '\r';
		if ((b = keys_find(con, form_keys, key, 0)) != NULL) {
			done = (b->fn(con) & KEY_QUIT) != 0;
			continue;
		}
		/* Up and down leave a field, or move between the description's rows. */
		if (key == KEY_DOWN && f->focus != F_DESCRIPTION) {
			fk_next(con);
			continue;
		}
		if (key == KEY_UP && (f->focus != F_DESCRIPTION || !desc_vertical(f, wd - 4, -1))) {
			fk_prev(con);
			continue;
		}
		if (f->focus == F_DESCRIPTION)
			desc_key(f, key, utf8, wd - 4);
	}
out:
	con->scr.modal_keys = NULL;
	con->scr.modal = NULL;
	if (w != NULL)
		delwin(w);
	curs_set(0);
	explicit_bzero(f, sizeof *f);
	free(f);
	console_refresh(con, 1);
	case_render(con);
	con->scr.dirty = DIRTY_ALL;
}
