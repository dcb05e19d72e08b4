/*
 * The case pane: the person's or company's applications, the selected
 * one's liquidation timeline (the same text as `infocig practice show`),
 * and their earlier chats and Linea INPS reports.  Opening a case goes
 * through lookup_resolve(), which applies the access rules and writes the
 * audit log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "console_internal.h"
#include "text.h"

#define MAX_LISTED 40

void
case_clear(struct case_view *cv)
{
	size_t i;

	for (i = 0; i < cv->nlines; i++)
		free(cv->lines[i]);
	free(cv->lines);
	if (cv->has_timeline)
		practice_clear(&cv->p);
	free(cv->summaries);
	lookup_clear(&cv->lk);
	memset(cv, 0, sizeof *cv);
}

struct text_out {
	struct console *con;
	char **lines;
	size_t n, cap;
	int width;
};

static void
out_line(struct text_out *o, const char *s, size_t len)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->lines = xreallocarray(o->lines, o->cap, sizeof *o->lines);
	}
	o->lines[o->n++] = xstrndup(s, len);
}

/* Adds text, one entry per screen line: split at '\n', wrapped at the width. */
static void
out_text(struct text_out *o, const char *text)
{
	const char *line = text, *nl;
	size_t nb, k, *breaks = NULL, start, end, len;
	char *one;

	while (*line != '\0') {
		nl = strchr(line, '\n');
		len = nl != NULL ? (size_t)(nl - line) : strlen(line);
		one = xstrndup(line, len);
		nb = text_wrap(one, o->width, NULL, 0);
		breaks = xreallocarray(breaks, nb + 1, sizeof *breaks);
		text_wrap(one, o->width, breaks, nb);
		for (k = 0; k <= nb; k++) {
			start = k == 0 ? 0 : breaks[k - 1];
			end = k == nb ? len : breaks[k];
			while (end > start && one[end - 1] == ' ')
				end--;
			out_line(o, one + start, end - start);
		}
		free(one);
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	free(breaks);
}

static void __attribute__((format(printf, 2, 3)))
out_fmt(struct text_out *o, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	out_text(o, s);
	free(s);
}

static int
history_line(void *arg, const struct chat_desk_row *r)
{
	struct text_out *o = arg;
	char day[16], hhmm[8];
	int32_t civil;
	int minute;

	calendar_local(o->con->tz, (time_t)r->chat.queued_at, &civil, &minute);
	day_format_it(civil, day, sizeof day);
	screen_hhmm(o->con, r->chat.queued_at, hhmm, sizeof hhmm);
	out_fmt(o, "  %s %s %s%s%s%s%s%s", day, hhmm, chat_state_name(r->chat.state),
	    r->chat.outcome[0] ? " (" : "", r->chat.outcome, r->chat.outcome[0] ? ")" : "",
	    r->chat.advisor_name[0] ? ", operatore " : "", r->chat.advisor_name);
	return 0;
}

static int
report_line(void *arg, const struct chat_report *rep)
{
	out_fmt(arg, "  %s %s > %s: %s", rep->protocol, rep->topic, rep->subtopic, rep->status);
	return 0;
}

/*
 * The applications' numbers and stages, once per case: the list is drawn on
 * every selection and resize, and the report form offers the same list.
 */
static void
case_summarize(struct console *con)
{
	struct case_view *cv = &con->cv;
	struct case_summary *sum;
	struct practice p;
	struct timeline t;
	size_t i;

	cv->summaries = xcalloc(cv->lk.npractices + 1, sizeof *cv->summaries);
	cv->nsummaries = 0;
	for (i = 0; i < cv->lk.npractices && i < MAX_LISTED; i++) {
		sum = &cv->summaries[cv->nsummaries++];
		sum->id = cv->lk.practices[i];
		memset(&p, 0, sizeof p);
		if (lookup_timeline(con->st, con->conf, sum->id,
		    cv->lk.has_worker ? cv->lk.worker.id : 0, (int32_t)console_today(con),
		    &p, &t) < 0) {
			str_lcpy(sum->line, "(domanda non leggibile)", sizeof sum->line);
			continue;
		}
		str_lcpy(sum->number, p.number, sizeof sum->number);
		snprintf(sum->line, sizeof sum->line, "%s %s %s", p.number,
		    practice_type_name(p.type), t.stage);
		practice_clear(&p);
	}
}

/* One line per application: number, type and stage. */
static void
practice_lines(struct console *con, struct text_out *o)
{
	struct case_view *cv = &con->cv;
	size_t i;
	char *line;

	cv->first_practice_line = o->n;
	for (i = 0; i < cv->nsummaries; i++) {
		line = xasprintf("%c %s", i == cv->sel ? '>' : ' ', cv->summaries[i].line);
		out_line(o, line, screen_fit(line, o->width));
		free(line);
	}
	if (cv->lk.npractices > MAX_LISTED)
		out_fmt(o, "  ... e altre %zu domande", cv->lk.npractices - MAX_LISTED);
}

void
case_render(struct console *con)
{
	struct case_view *cv = &con->cv;
	struct text_out o = { .con = con };
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp;
	int64_t account_id = 0;

	for (i = 0; i < cv->nlines; i++)
		free(cv->lines[i]);
	free(cv->lines);
	cv->lines = NULL;
	cv->nlines = 0;
	if (!cv->open || con->win[PANE_CASE] == NULL)
		return;
	o.width = getmaxx(con->win[PANE_CASE]) - 2;
	if (o.width < 10)
		return;
	if (cv->lk.has_worker)
		out_fmt(&o, "%s %s - %s - residenza %s", cv->lk.worker.name,
		    cv->lk.worker.surname, cv->lk.worker.cf, cv->lk.worker.province);
	if (cv->lk.has_company)
		out_fmt(&o, "%s - CF %s - matricola %s - sede %s", cv->lk.company.name,
		    cv->lk.company.cf, cv->lk.company.matricola, cv->lk.company.province);
	out_fmt(&o, "Domande (%zu)%s", cv->lk.npractices,
	    cv->lk.npractices > 1 ? ": su/giù per sceglierne una" : "");
	practice_lines(con, &o);
	if (cv->has_timeline) {
		fp = open_memstream(&buf, &len);
		if (fp != NULL) {
			lookup_print_practice(fp, &cv->p, &cv->t,
			    cv->lk.has_worker ? cv->lk.worker.id : 0, 1);
			fclose(fp);
			out_line(&o, "", 0);
			out_text(&o, buf);
			free(buf);
		}
	}
	if (cv->chat_id != 0) {
		for (i = 0; i < con->mine.n; i++)
			if (con->mine.rows[i].chat.id == cv->chat_id)
				account_id = con->mine.rows[i].chat.account_id;
	}
	out_line(&o, "", 0);
	out_fmt(&o, "Chat precedenti:");
	if (account_id != 0 || cv->lk.has_company)
		chat_history_each(con->cs, account_id,
		    cv->lk.has_company ? cv->lk.company.id : 0, cv->chat_id, history_line, &o);
	out_fmt(&o, "Segnalazioni Linea INPS:");
	chat_reports_of(con->cs, account_id, cv->lk.has_company ? cv->lk.company.id : 0,
	    cv->lk.has_worker ? cv->lk.worker.id : 0, report_line, &o);
	cv->lines = o.lines;
	cv->nlines = o.n;
	con->dirty |= DIRTY_PANE(PANE_CASE);
}

void
case_select(struct console *con, size_t index)
{
	struct case_view *cv = &con->cv;

	if (!cv->open || index >= cv->lk.npractices)
		return;
	if (cv->has_timeline) {
		practice_clear(&cv->p);
		cv->has_timeline = 0;
	}
	cv->sel = index;
	memset(&cv->p, 0, sizeof cv->p);
	if (lookup_timeline(con->st, con->conf, cv->lk.practices[index],
	    cv->lk.has_worker ? cv->lk.worker.id : 0, (int32_t)console_today(con),
	    &cv->p, &cv->t) == 0)
		cv->has_timeline = 1;
	else
		console_notice(con, 1, "Domanda non leggibile: riprovi.");
	case_render(con);
}

/* Opens key for the audit reason and chat; 0 or a negative error with a notice. */
static int
case_open_key(struct console *con, const char *key, const char *reason, int64_t chat_id)
{
	struct lookup lk;
	char msg[256];
	int r;

	memset(&lk, 0, sizeof lk);
	r = lookup_resolve(con->st, &con->me, key, reason, chat_id, &lk, msg, sizeof msg);
	if (r < 0) {
		console_notice(con, 1, "%s", msg);
		lookup_clear(&lk);
		return r;
	}
	case_clear(&con->cv);
	con->cv.lk = lk;
	con->cv.open = 1;
	con->cv.chat_id = chat_id;
	case_summarize(con);
	case_select(con, 0);
	case_render(con);
	return 0;
}

void
case_open_for_chat(struct console *con, const struct chat_desk_row *row)
{
	struct store_company co;
	char reason[32];
	const char *key = row->login;

	snprintf(reason, sizeof reason, "chat %lld", (long long)row->chat.id);
	if (row->chat.company_id != 0) {
		if (store_company_by_id(con->st, row->chat.company_id, &co) < 0) {
			console_notice(con, 1, "Azienda della chat non trovata.");
			return;
		}
		key = co.matricola;
	}
	if (case_open_key(con, key, reason, row->chat.id) == ERR_NOTFOUND) {
		/* A person with no applications on file still gets an empty case. */
		case_clear(&con->cv);
		con->cv.open = 1;
		con->cv.chat_id = row->chat.id;
		case_render(con);
	}
}

void
case_lookup(struct console *con)
{
	struct store_company *many = NULL;
	char key[64] = "", chosen[16];
	const char **items;
	size_t n = 0, i;
	int pick;

	if (dialog_prompt(con, "Cerca", "Codice fiscale, partita IVA, matricola o numero domanda:",
	    key, sizeof key) < 0)
		return;
	str_upper_trim(chosen, sizeof chosen, key);
	/* A partita IVA may belong to several companies: the advisor picks one. */
	if (store_companies_matching(con->st, chosen, &many, &n) == 0 && n > 1) {
		items = xcalloc(n, sizeof *items);
		for (i = 0; i < n; i++)
			items[i] = xasprintf("%s - matricola %s - %s", many[i].name,
			    many[i].matricola, many[i].province);
		pick = dialog_menu(con, "Più aziende corrispondono", items, n, 0);
		if (pick >= 0)
			str_lcpy(key, many[pick].matricola, sizeof key);
		for (i = 0; i < n; i++)
			free((char *)items[i]);
		free(items);
		if (pick < 0) {
			free(many);
			return;
		}
	}
	free(many);
	/* Audited against the open chat, but the case is not the chat's person's. */
	if (case_open_key(con, key, "ricerca manuale", con->conv.chat_id) == 0) {
		con->cv.manual = 1;
		con->cv.chat_id = 0;
		con->focus = PANE_CASE;
		con->dirty = DIRTY_ALL;
		/* A success replaces whatever error the bar still showed. */
		console_notice(con, 0, "Pratica aperta: %s.%s", con->cv.lk.has_company ?
		    con->cv.lk.company.name : con->cv.lk.has_worker ? con->cv.lk.worker.cf :
		    con->cv.lk.key, con->conv.chat_id != 0 ? " Tornando alla chat torna la"
		    " pratica della persona." : "");
	}
}

static void
case_draw(struct console *con, WINDOW *w, int focused)
{
	struct case_view *cv = &con->cv;
	char title[128];
	int h, wd, y, attr;
	size_t i, sel_line = cv->first_practice_line + cv->sel;

	getmaxyx(w, h, wd);
	if (!cv->open) {
		screen_frame(con, w, "Pratica", focused);
		wattron(w, A_DIM);
		screen_put(w, 1, 2, "F4 o c cerca per codice fiscale, partita IVA, matricola "
		    "o numero domanda.", wd - 3);
		wattroff(w, A_DIM);
		return;
	}
	snprintf(title, sizeof title, "Pratica: %s", cv->lk.has_company ? cv->lk.company.name :
	    cv->lk.has_worker ? cv->lk.worker.cf : cv->lk.key);
	screen_frame(con, w, title, focused);
	if (cv->scroll > 0 && (size_t)cv->scroll >= cv->nlines)
		cv->scroll = cv->nlines > 0 ? (int)cv->nlines - 1 : 0;
	for (i = (size_t)cv->scroll, y = 1; i < cv->nlines && y < h - 1; i++, y++) {
		attr = 0;
		if (cv->lk.npractices > 0 && i == sel_line)
			attr = focused ? (con->colors ? COLOR_PAIR(PAIR_SELECT) : A_REVERSE) : A_BOLD;
		wattron(w, attr);
		screen_put(w, y, 1, cv->lines[i], wd - 2);
		wattroff(w, attr);
	}
	if (cv->scroll > 0)
		mvwaddstr(w, 0, wd - 3, "^");
	if (i < cv->nlines)
		mvwaddstr(w, h - 1, wd - 3, "v");
}

static int
case_key(struct console *con, int key)
{
	struct case_view *cv = &con->cv;
	int page = getmaxy(con->win[PANE_CASE]) - 3;

	switch (key) {
	case KEY_UP:
	case 'k':
		if (cv->sel > 0)
			case_select(con, cv->sel - 1);
		break;
	case KEY_DOWN:
	case 'j':
		if (cv->sel + 1 < cv->nsummaries)
			case_select(con, cv->sel + 1);
		break;
	case KEY_PPAGE:
		cv->scroll = cv->scroll > page ? cv->scroll - page : 0;
		break;
	case KEY_NPAGE:
		if ((size_t)(cv->scroll + page) < cv->nlines)
			cv->scroll += page;
		break;
	case KEY_HOME:
		cv->scroll = 0;
		break;
	default:
		return KEY_UNHANDLED;
	}
	con->dirty |= DIRTY_PANE(PANE_CASE);
	return KEY_HANDLED;
}

const struct pane_ops pane_case_ops = {
	.title = "Pratica",
	.draw = case_draw,
	.key = case_key,
};
