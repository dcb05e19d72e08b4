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

static void
out_row(void *arg, int indent, const char *row, size_t len)
{
	char *s;

	if (indent == 0) {
		out_line(arg, row, len);
		return;
	}
	s = xasprintf("%*s%.*s", indent, "", (int)len, row);
	out_line(arg, s, strlen(s));
	free(s);
}

/* Adds one line wrapped at the width; continuation rows keep its indent, plus two. */
static void
out_wrapped(struct text_out *o, const char *line, size_t len)
{
	size_t indent = strspn(line, " ") + 2;

	if ((int)indent * 3 > o->width)
		indent = 0;
	text_wrap_rows(line, len, o->width, (int)indent, out_row, o);
}

/* Adds text, one entry per screen line: split at '\n', wrapped at the width. */
static void
out_text(struct text_out *o, const char *text)
{
	const char *line = text, *nl;
	size_t len;

	while (*line != '\0') {
		nl = strchr(line, '\n');
		len = nl != NULL ? (size_t)(nl - line) : strlen(line);
		out_wrapped(o, line, len);
		if (nl == NULL)
			break;
		line = nl + 1;
	}
}

/* One entry of a text block (lines joined by '\n'), wrapped. */
static void
out_entry(struct text_out *o, const char *s, size_t len)
{
	char *copy = xstrndup(s, len);

	out_text(o, copy);
	free(copy);
}

static void __attribute__((format(printf, 2, 3)))
out_fmt(struct text_out *o, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	out_text(o, s);
	free(s);
}

/* The Italian words for a chat's state, as the case pane lists earlier chats. */
static const char *
state_label(enum chat_state st)
{
	switch (st) {
	case CHAT_QUEUED:
		return "in coda";
	case CHAT_ACTIVE:
		return "in corso";
	case CHAT_CLOSED:
		return "chiusa";
	case CHAT_ABANDONED:
		return "abbandonata in coda";
	default:
		return "connessione persa";
	}
}

struct list_out {
	struct text_out *o;
	const char *header;	/* written before the first row, then NULL */
};

static void
list_header(struct list_out *l)
{
	if (l->header != NULL) {
		out_line(l->o, "", 0);
		out_fmt(l->o, "%s", l->header);
		l->header = NULL;
	}
}

static int
history_line(void *arg, const struct chat_desk_row *r)
{
	struct list_out *l = arg;
	char day[16], hhmm[8];
	int32_t civil;
	int minute;

	list_header(l);
	calendar_local(l->o->con->tz, (time_t)r->chat.queued_at, &civil, &minute);
	day_format_it(civil, day, sizeof day);
	screen_hhmm(l->o->con, r->chat.queued_at, hhmm, sizeof hhmm);
	out_fmt(l->o, "  %s %s %s%s%s%s%s%s", day, hhmm, state_label(r->chat.state),
	    r->chat.outcome >= 0 ? " (" : "", r->chat.outcome >= 0 ?
	    chat_outcome_label(r->chat.outcome) : "", r->chat.outcome >= 0 ? ")" : "",
	    r->chat.advisor_name[0] ? ", operatore " : "", r->chat.advisor_name);
	return 0;
}

static int
report_line(void *arg, const struct chat_report *rep)
{
	struct list_out *l = arg;

	list_header(l);
	out_fmt(l->o, "  %s %s > %s: %s%s%s", rep->protocol, rep->topic, rep->subtopic,
	    report_status_label(rep->status),
	    rep->outcome[0] ? ", esito: " : "", rep->outcome);
	return 0;
}

/*
 * The application block of lookup_print_practice(), with what the advisor
 * answers first (stage, what is missing, deadlines, expected payment)
 * moved right under its title, so it shows without scrolling; the other
 * entries follow in their order.  An entry is a line indented by two
 * spaces and the deeper lines under it; labels not known stay in place.
 */
static void
out_practice(struct text_out *o, const char *block)
{
	static const char *const first[] = { "Stato", "Cosa manca", "Manca", "Scadenze",
		"Pagamento previsto", "Pagamento" };
	const char *line, *nl, *entries[64];
	size_t lens[64], n = 0, i, k, len;
	char *used;

	for (line = block; *line != '\0' && n < nitems(entries); line = nl + 1) {
		nl = strchr(line, '\n');
		len = nl != NULL ? (size_t)(nl - line) : strlen(line);
		if (n > 0 && strncmp(line, "   ", 3) == 0) {
			lens[n - 1] += len + 1;		/* a deeper line joins its entry */
		} else {
			entries[n] = line;
			lens[n++] = len;
		}
		if (nl == NULL)
			break;
	}
	used = xcalloc(n + 1, 1);
	if (n > 0 && entries[0][0] != ' ') {
		out_entry(o, entries[0], lens[0]);
		used[0] = 1;
	}
	for (k = 0; k < nitems(first); k++) {
		len = strlen(first[k]);
		for (i = 0; i < n; i++)
			if (!used[i] && strncmp(entries[i], "  ", 2) == 0 &&
			    strncmp(entries[i] + 2, first[k], len) == 0 &&
			    (entries[i][2 + len] == ':' || entries[i][2 + len] == ' ')) {
				out_entry(o, entries[i], lens[i]);
				used[i] = 1;
			}
	}
	for (i = 0; i < n; i++)
		if (!used[i])
			out_entry(o, entries[i], lens[i]);
	free(used);
}

static void
summary_fill(struct case_summary *sum, const struct practice *p, const struct timeline *t)
{
	sum->done = 1;
	str_lcpy(sum->number, p->number, sizeof sum->number);
	snprintf(sum->line, sizeof sum->line, "%s %s %s", p->number,
	    practice_type_name(p->type), t->stage);
}

/*
 * The applications' numbers and stages: each computed the first time its
 * row is shown or asked for, and kept while the case is open (the list is
 * drawn on every selection and resize, and the report form offers the same
 * list).  A large employer's hundreds of applications cost only the page
 * on screen.
 */
const struct case_summary *
case_summary(struct console *con, size_t i)
{
	struct case_view *cv = &con->desk.cv;
	struct case_summary *sum = &cv->summaries[i];
	struct practice p;
	struct timeline t;

	if (sum->done)
		return sum;
	sum->done = 1;
	memset(&p, 0, sizeof p);
	if (lookup_timeline(con->db.st, con->conf, sum->id,
	    cv->lk.has_worker ? cv->lk.worker.id : 0, (int32_t)console_today(con),
	    &p, &t) < 0) {
		str_lcpy(sum->line, "(domanda non leggibile)", sizeof sum->line);
		return sum;
	}
	summary_fill(sum, &p, &t);
	practice_clear(&p);
	return sum;
}

static void
case_summarize(struct console *con)
{
	struct case_view *cv = &con->desk.cv;
	size_t i;

	cv->summaries = xcalloc(cv->lk.npractices + 1, sizeof *cv->summaries);
	cv->nsummaries = cv->lk.npractices;
	for (i = 0; i < cv->nsummaries; i++)
		cv->summaries[i].id = cv->lk.practices[i];
	memset(&cv->lv, 0, sizeof cv->lv);
	cv->lv.n = cv->nsummaries;
}

/* Rows of the application list's page: a third of the pane, at least 3. */
static int
list_rows(struct console *con)
{
	WINDOW *w = screen_win(con, PANE_CASE);
	int rows = w != NULL ? (getmaxy(w) - 2) / 3 : 3;

	return rows < 3 ? 3 : rows;
}

/* One line per application of the list's page (fitted by case_render): number, type, stage. */
static void
practice_lines(struct console *con, struct text_out *o)
{
	struct case_view *cv = &con->desk.cv;
	size_t i;
	char *line;

	cv->first_practice_line = o->n;
	for (i = cv->lv.top; i < cv->nsummaries && i < cv->lv.top + (size_t)cv->lv.rows; i++) {
		line = xasprintf("%c %s", i == cv->lv.sel ? '>' : ' ',
		    case_summary(con, i)->line);
		out_line(o, line, screen_fit(line, o->width));
		free(line);
	}
}

void
case_render(struct console *con)
{
	struct case_view *cv = &con->desk.cv;
	struct text_out o = { .con = con };
	struct list_out lo = { &o, NULL };
	char *buf = NULL, title[64];
	size_t len = 0, i;
	FILE *fp;
	int64_t account_id = 0;

	for (i = 0; i < cv->nlines; i++)
		free(cv->lines[i]);
	free(cv->lines);
	cv->lines = NULL;
	cv->nlines = 0;
	if (!cv->open || con->scr.cur != &screen_desk || screen_win(con, PANE_CASE) == NULL)
		return;
	o.width = getmaxx(screen_win(con, PANE_CASE)) - 2;
	if (o.width < 10)
		return;
	if (cv->lk.has_worker)
		out_fmt(&o, "%s %s - %s - residenza %s", cv->lk.worker.name,
		    cv->lk.worker.surname, cv->lk.worker.cf, cv->lk.worker.province);
	if (cv->lk.has_company)
		out_fmt(&o, "%s - CF %s - matricola %s - sede %s", cv->lk.company.name,
		    cv->lk.company.cf, cv->lk.company.matricola, cv->lk.company.province);
	/* The selected application first (issue 11), then a page of the list. */
	list_view_fit(&cv->lv, cv->nsummaries, list_rows(con));
	if (cv->has_timeline) {
		if (cv->nsummaries > (size_t)cv->lv.rows)
			out_fmt(&o, "Domanda %zu di %zu (su/giù per le altre, < e > per pagina):",
			    cv->lv.sel + 1, cv->nsummaries);
		else if (cv->nsummaries > 1)
			out_fmt(&o, "Domanda %zu di %zu (su/giù per le altre):",
			    cv->lv.sel + 1, cv->nsummaries);
		fp = open_memstream(&buf, &len);
		if (fp != NULL) {
			lookup_print_practice(fp, &cv->p, &cv->t,
			    cv->lk.has_worker ? cv->lk.worker.id : 0, 1);
			fclose(fp);
			out_practice(&o, buf);
			free(buf);
		}
		out_line(&o, "", 0);
	}
	list_view_title(&cv->lv, "Domande", title, sizeof title);
	out_fmt(&o, "%s%s", title, cv->lk.npractices > 1 ? ": su/giù per sceglierne una" : "");
	practice_lines(con, &o);
	if (cv->chat_id != 0) {
		for (i = 0; i < con->desk.mine.v.n; i++)
			if (con->desk.mine.rows[i].chat.id == cv->chat_id)
				account_id = con->desk.mine.rows[i].chat.account_id;
	}
	/* Each heading only when something is under it. */
	lo.header = "Chat precedenti:";
	if (account_id != 0 || cv->lk.has_company)
		store_chat_history_each(con->db.cs, account_id,
		    cv->lk.has_company ? cv->lk.company.id : 0, cv->chat_id, history_line, &lo);
	lo.header = "Segnalazioni Linea INPS:";
	store_chat_reports_of(con->db.cs, account_id, cv->lk.has_company ? cv->lk.company.id : 0,
	    cv->lk.has_worker ? cv->lk.worker.id : 0, report_line, &lo);
	cv->lines = o.lines;
	cv->nlines = o.n;
	screen_dirty(con, PANE_CASE);
}

void
case_select(struct console *con, size_t index)
{
	struct case_view *cv = &con->desk.cv;

	if (!cv->open || index >= cv->lk.npractices)
		return;
	if (cv->has_timeline) {
		practice_clear(&cv->p);
		cv->has_timeline = 0;
	}
	cv->lv.sel = index;
	cv->scroll = 0;		/* the new application's stage is at the top */
	memset(&cv->p, 0, sizeof cv->p);
	if (lookup_timeline(con->db.st, con->conf, cv->lk.practices[index],
	    cv->lk.has_worker ? cv->lk.worker.id : 0, (int32_t)console_today(con),
	    &cv->p, &cv->t) == 0) {
		cv->has_timeline = 1;
		/* The list's row of the selected application needs no second computation. */
		if (!cv->summaries[index].done)
			summary_fill(&cv->summaries[index], &cv->p, &cv->t);
	} else
		console_notice(con, 1, "Domanda non leggibile: riprovi.");
	case_render(con);
}

/* Opens key for the audit reason and chat; 0 or a negative error with a notice. */
static int
case_open_key(struct console *con, const char *key, const char *reason, int64_t chat_id,
    int manual)
{
	struct lookup lk;
	char msg[256];
	int r;

	memset(&lk, 0, sizeof lk);
	r = lookup_resolve(con->db.st, &con->me, key, reason, chat_id, &lk, msg, sizeof msg);
	if (r < 0) {
		console_notice(con, 1, "%s", msg);
		lookup_clear(&lk);
		return r;
	}
	case_clear(&con->desk.cv);
	con->desk.cv.lk = lk;
	con->desk.cv.open = 1;
	/* A lookup is audited against the open chat but is not that chat's person. */
	con->desk.cv.manual = manual;
	con->desk.cv.chat_id = manual ? 0 : chat_id;
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
		if (store_company_by_id(con->db.st, row->chat.company_id, &co) < 0) {
			console_notice(con, 1, "Azienda della chat non trovata.");
			return;
		}
		key = co.matricola;
	}
	if (case_open_key(con, key, reason, row->chat.id, 0) == ERR_NOTFOUND) {
		/* A person with no applications on file still gets an empty case. */
		case_clear(&con->desk.cv);
		con->desk.cv.open = 1;
		con->desk.cv.chat_id = row->chat.id;
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
	if (store_companies_matching(con->db.st, chosen, &many, &n) == 0 && n > 1) {
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
	if (case_open_key(con, key, "ricerca manuale", con->desk.conv.chat_id, 1) == 0) {
		con->scr.focus = PANE_CASE;
		con->scr.dirty = DIRTY_ALL;
		/* A success replaces whatever error the bar still showed. */
		console_notice(con, 0, "Pratica aperta: %s.%s", con->desk.cv.lk.has_company ?
		    con->desk.cv.lk.company.name : con->desk.cv.lk.has_worker ? con->desk.cv.lk.worker.cf :
		    con->desk.cv.lk.key, con->desk.conv.chat_id != 0 ? " Tornando alla chat torna la"
		    " pratica della persona." : "");
	}
}

static void
case_draw(struct console *con, WINDOW *w, int focused)
{
	struct case_view *cv = &con->desk.cv;
	char title[128];
	int h, wd, y, attr;
	size_t i, sel_line = cv->first_practice_line + (cv->lv.sel - cv->lv.top);

	getmaxyx(w, h, wd);
	if (!cv->open) {
		screen_frame(con, w, "Pratica", focused);
		wattron(w, A_DIM);
		screen_put_wrapped(w, 1, 2, "F4 o c cerca per codice fiscale, partita IVA, "
		    "matricola o numero domanda.", wd - 4, h - 2);
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
			attr = focused ? con->scr.attr[ATTR_SELECT] : (int)A_BOLD;
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
	struct case_view *cv = &con->desk.cv;
	int page = getmaxy(screen_win(con, PANE_CASE)) - 3;

	switch (key) {
	case '<':
	case '>':
		key = key == '<' ? KEY_PPAGE : KEY_NPAGE;
		/* FALLTHROUGH */
	case KEY_UP:
	case 'k':
	case KEY_DOWN:
	case 'j':
	case KEY_END:
	case KEY_SR:
	case KEY_SF:
	case KEY_SPREVIOUS:
	case KEY_SNEXT:
		/* The application list, paged as every list is. */
		if ((list_view_key(&cv->lv, key) & KEY_REDRAW) != 0)
			case_select(con, cv->lv.sel);
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
		if (cv->lv.sel != 0)
			case_select(con, 0);
		break;
	default:
		return KEY_UNHANDLED;
	}
	return KEY_HANDLED | KEY_REDRAW;
}

static void
case_resize(struct console *con, WINDOW *w)
{
	(void)w;
	case_render(con);
}

static const char *const case_help[] = {
	"Pratica: su/giù sceglie la domanda, < e > una pagina di domande, Fine l'ultima,",
	"PgSu/PgGiu scorrono, Home torna in cima e alla prima domanda.",
	NULL,
};

const struct pane_ops pane_case_ops = {
	.name = "Pratica",
	.draw = case_draw,
	.key = case_key,
	.resize = case_resize,
	.can_focus = pane_always,
	.help = case_help,
};
