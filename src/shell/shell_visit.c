/*
 * The person's own past (issue 15): at login, what changed in their
 * applications and reports since their previous session; /storico and
 * `ssh host storico`, their ended conversations, newest first, a page at
 * a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "common.h"
#include "shell_internal.h"
#include "store_visit.h"
#include "text.h"

/* Changes read at login: enough for three lines and a count of the rest. */
#define VISIT_CHANGES_MAX 40
/* Lines under the heading at login; reports named on theirs, the rest counted. */
#define VISIT_LINES 3
#define VISIT_NAMED 2
/*
 * Conversations per page of /storico, lines shown of each (its end) and
 * bytes of each line: a page stays within half of ssh.output_queue_kib,
 * fewer lines a conversation when that is small, so that a long history
 * never fills the queue of a reader who is slow to drain it.
 */
#define HISTORY_PAGE 3
#define HISTORY_LINES 30
#define HISTORY_LINE_MAX 240
/* Messages of a conversation read at most. */
#define HISTORY_READ 2000

/* What a change means to the person, count rows of it; amount in euro, "" when none. */
static void
change_words(const struct visit_change *c, struct shell_buf *b)
{
	char d[16], euro[32];
	const char *k = c->kind;
	int many = c->count > 1;

	day_format_it(c->day, d, sizeof d);
	str_format_euro(euro, sizeof euro, c->amount_cents);
	if (strcmp(k, "presentata") == 0)
		shell_buf_printf(b, "presentata il %s", d);
	else if (strcmp(k, "istruttoria") == 0)
		shell_buf_printf(b, "in istruttoria dal %s", d);
	else if (strcmp(k, "richiesta_integrazione") == 0)
		shell_buf_printf(b, "la sede ha chiesto documenti il %s", d);
	else if (strcmp(k, "autorizzata") == 0)
		shell_buf_printf(b, "autorizzata il %s", d);
	else if (strcmp(k, "respinta") == 0)
		shell_buf_printf(b, "respinta il %s", d);
	else if (strcmp(k, "annullata") == 0)
		shell_buf_printf(b, "annullata il %s", d);
	else if (strcmp(k, "dati_pagamento") == 0)
		shell_buf_printf(b, "dati di pagamento ricevuti il %s", d);
	else if (strcmp(k, "dati_scartati") == 0)
		shell_buf_printf(b, "dati di pagamento scartati il %s", d);
	else if (strcmp(k, "liquidata") == 0 && many)
		shell_buf_printf(b, "%d pagamenti liquidati, l'ultimo il %s", c->count, d);
	else if (strcmp(k, "liquidata") == 0)
		shell_buf_printf(b, "pagamento liquidato il %s", d);
	else if (strcmp(k, "pagata") == 0 && many)
		shell_buf_printf(b, "%d pagamenti eseguiti (%s), l'ultimo il %s", c->count, euro, d);
	else if (strcmp(k, "pagata") == 0)
		shell_buf_printf(b, "pagamento di %s eseguito il %s", euro, d);
	else if (strcmp(k, "domiciliato") == 0)
		shell_buf_printf(b, "bonifico domiciliato di %s da ritirare in posta dal %s", euro, d);
	else if (strcmp(k, "chiusura") == 0)
		shell_buf_str(b, "chiusa");
	else if (strcmp(k, "presa_in_carico") == 0)
		shell_buf_str(b, "in lavorazione presso la sede");
	else if (strcmp(k, "inoltro") == 0)
		shell_buf_str(b, "inoltrata alla sede");
	else
		shell_buf_str(b, "aggiornata");
}

/* "; novità anche per un'altra domanda" or "... per altre 3 domande". */
static void
others_words(size_t n, const char *one, const char *many, struct shell_buf *out)
{
	if (n == 1)
		shell_buf_printf(out, "; novità anche per %s", one);
	else
		shell_buf_printf(out, "; novità anche per altre %zu %s", n, many);
}

/* 1 when v[i] is the first (newest) change of its subject among v[0..i]. */
static int
first_of_subject(const struct visit_change *v, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (v[k].is_report == v[i].is_report && strcmp(v[k].subject, v[i].subject) == 0)
			return 0;
	return 1;
}

/*
 * The applications of v (newest first), one line each with their changes,
 * at most max lines, the last one counting the applications left out.
 * Returns the lines written.
 */
static int
practice_lines(const struct visit_change *v, size_t n, int max, struct shell_buf *out)
{
	size_t i, k, subjects = 0, others;
	int lines = 0;

	for (i = 0; i < n; i++)
		if (!v[i].is_report && first_of_subject(v, i))
			subjects++;
	for (i = 0; i < n && lines < max; i++) {
		if (v[i].is_report || !first_of_subject(v, i))
			continue;
		shell_buf_printf(out, "  domanda n. %s: ", v[i].subject);
		change_words(&v[i], out);
		for (k = i + 1; k < n; k++) {
			if (v[k].is_report || strcmp(v[k].subject, v[i].subject) != 0)
				continue;
			shell_buf_str(out, ", ");
			change_words(&v[k], out);
		}
		lines++;
		others = subjects - (size_t)lines;
		if (lines == max && others > 0)
			others_words(others, "un'altra domanda", "domande", out);
		shell_buf_str(out, ".\n");
	}
	return lines;
}

/*
 * The reports of v on one line, each with its newest change, VISIT_NAMED of
 * them named and the others counted.  Returns the lines written (0 or 1).
 */
static int
report_line(const struct visit_change *v, size_t n, struct shell_buf *out)
{
	size_t i, named = 0, others = 0;

	for (i = 0; i < n; i++) {
		if (!v[i].is_report || !first_of_subject(v, i))
			continue;
		if (named == VISIT_NAMED) {
			others++;
			continue;
		}
		shell_buf_printf(out, "%s%s %s: ", named ? "; " : "  ",
		    named ? "segnalazione" : "Segnalazione", v[i].subject);
		change_words(&v[i], out);
		named++;
	}
	if (named == 0)
		return 0;
	if (others > 0)
		others_words(others, "un'altra segnalazione", "segnalazioni", out);
	shell_buf_str(out, ".\n");
	return 1;
}

int
shell_visit_summary(const struct visit_change *v, size_t n, int32_t since_day,
    struct shell_buf *out)
{
	struct shell_buf body = { 0 };
	size_t i;
	int has_reports = 0, np, nr;
	char d[16];

	for (i = 0; i < n; i++)
		has_reports |= v[i].is_report;
	/* Three lines at most: two for applications and one for reports, or three. */
	np = practice_lines(v, n, has_reports ? VISIT_LINES - 1 : VISIT_LINES, &body);
	nr = report_line(v, n, &body);
	if (np + nr == 0) {
		shell_buf_free(&body);
		return 0;
	}
	shell_buf_printf(out, "Dalla sua ultima visita del %s (dettagli con %s%s%s):\n",
	    day_format_it(since_day, d, sizeof d), np ? "/stato" : "", np && nr ? " e " : "",
	    nr ? "/segnalazioni" : "");
	shell_buf_add(out, body.p, body.len);
	shell_buf_free(&body);
	return np + nr;
}

/* The changes read from the database, copied (the store's strings last one row). */
struct visit_list {
	struct visit_change *v;
	size_t n;
};

static int
collect_change(void *arg, const struct visit_change *c)
{
	struct visit_list *l = arg;
	struct visit_change *d;

	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	d = &l->v[l->n++];
	*d = *c;
	d->subject = xstrdup(c->subject);
	d->kind = xstrdup(c->kind);
	return 0;
}

static void
visit_list_free(struct visit_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free((char *)l->v[i].subject);
		free((char *)l->v[i].kind);
	}
	free(l->v);
}

void
shell_visit_begin(struct shell *sh, int64_t now)
{
	struct store *cs = sh->env->cs;
	struct store_visit last;
	struct visit_list l = { 0 };
	struct shell_buf b = { 0 };
	int64_t since;
	int32_t day;
	int minute, r;

	r = store_visit_get(cs, sh->acct.id, &last);
	if (store_visit_begin(cs, sh->acct.id, now) == 0)
		sh->visit_open = 1;
	if (r < 0)
		return;		/* a first visit, or nothing to compare with */
	since = last.ended_at >= last.started_at ? last.ended_at : last.started_at;
	calendar_local(sh->env->service.hours.tz, (time_t)since, &day, &minute);
	if (store_visit_changes_each(cs, sh->acct.id,
	    sh->acct.role == ROLE_WORKER ? sh->acct.worker_id : 0, day, since,
	    VISIT_CHANGES_MAX, collect_change, &l) < 0) {
		visit_list_free(&l);
		return;		/* the news can wait for the next visit */
	}
	if (shell_visit_summary(l.v, l.n, day, &b) > 0) {
		shell_buf_add(&b, "", 1);
		shell_say(sh, "%s", b.p);
	}
	shell_buf_free(&b);
	visit_list_free(&l);
}

void
shell_visit_end(struct shell *sh)
{
	if (!sh->visit_open)
		return;
	sh->visit_open = 0;
	/* Not recorded, the next visit compares with this one's start: nowhere to report it. */
	(void)store_visit_end(sh->env->cs, sh->acct.id, clock_now());
}

/* One conversation of /storico, its lines gathered before they are printed. */
struct history_chat {
	struct shell *sh;
	const struct chat *c;
	char **lines;
	size_t n;
};

static int
history_message(void *arg, const struct chat_message *m)
{
	struct history_chat *hc = arg;
	const char *advisor = hc->c->advisor_name[0] ? hc->c->advisor_name : "INFO CIG";
	char hhmm[16], *clean, *line;
	size_t len = strlen(m->body);

	clean = xmalloc(len * 3 + 1 + sizeof "...");
	len = text_sanitize(m->body, len, clean, len * 3 + 1);
	if (len > HISTORY_LINE_MAX) {
		len = HISTORY_LINE_MAX;
		while (len > 0 && ((unsigned char)clean[len] & 0xC0) == 0x80)
			len--;		/* not inside a character */
		memcpy(clean + len, "...", sizeof "...");
	}
	shell_hhmm(hc->sh, m->at, hhmm, sizeof hhmm);
	if (strcmp(m->sender, "user") == 0)
		line = xasprintf("    [%s] Lei: %s", hhmm, clean);
	else if (strcmp(m->sender, "advisor") == 0)
		line = xasprintf("    [%s] Operatore %s: %s", hhmm, advisor, clean);
	else
		line = xasprintf("    [%s] * %s", hhmm, clean);
	free(clean);
	hc->lines = xreallocarray(hc->lines, hc->n + 1, sizeof *hc->lines);
	hc->lines[hc->n++] = line;
	return 0;
}

struct history_page {
	struct shell *sh;
	struct shell_buf b;
	size_t lines;		/* shown of each conversation */
};

static int
history_chat(void *arg, const struct chat *c, const char *company)
{
	struct history_page *pg = arg;
	struct history_chat hc = { pg->sh, c, NULL, 0 };
	char when[32];
	size_t i, first;

	calendar_format_time(pg->sh->env->service.hours.tz, c->queued_at, CLOCK_IT, when,
	    sizeof when);
	shell_buf_printf(&pg->b, "\nConversazione del %s", when);
	if (c->advisor_name[0])
		shell_buf_printf(&pg->b, " con l'operatore %s", c->advisor_name);
	if (*company)
		shell_buf_printf(&pg->b, " per %s", company);
	shell_buf_printf(&pg->b, " - esito: %s\n", c->outcome >= 0 ?
	    chat_outcome_label((enum chat_outcome)c->outcome) : chat_state_label(c->state));
	if (store_chat_messages_since(pg->sh->env->cs, c->id, 0, 0, HISTORY_READ,
	    history_message, &hc) < 0)
		shell_buf_str(&pg->b, "    (testo non disponibile in questo momento)\n");
	first = hc.n > pg->lines ? hc.n - pg->lines : 0;
	if (first > 0)
		shell_buf_printf(&pg->b, "    (%zu righe precedenti non mostrate)\n", first);
	for (i = 0; i < hc.n; i++) {
		if (i >= first)
			shell_buf_printf(&pg->b, "%s\n", hc.lines[i]);
		free(hc.lines[i]);
	}
	if (hc.n == 0)
		shell_buf_str(&pg->b, "    (nessun messaggio)\n");
	free(hc.lines);
	return 0;
}

void
shell_print_history(struct shell *sh, int page, int is_exec)
{
	struct history_page pg = { sh, { 0 }, HISTORY_LINES };
	size_t budget = (size_t)sh->env->conf->ssh.output_queue_kib * 1024 / 2;
	int64_t total = 0, from;
	int pages;

	/* A line takes its text, its time and name (about 40 bytes more) at most. */
	if (budget / (HISTORY_PAGE * (HISTORY_LINE_MAX + 40)) < pg.lines)
		pg.lines = budget / (HISTORY_PAGE * (HISTORY_LINE_MAX + 40));
	if (pg.lines < 1)
		pg.lines = 1;

	if (page < 1)
		page = 1;
	if (store_visit_chats_count(sh->env->cs, sh->acct.id, &total) < 0) {
		shell_say(sh, "Lo storico non è disponibile in questo momento, riprovi più tardi.\n");
		return;
	}
	if (total == 0) {
		shell_say(sh, "Non risultano conversazioni concluse a suo nome.\n");
		return;
	}
	pages = (int)((total + HISTORY_PAGE - 1) / HISTORY_PAGE);
	if (page > pages)
		page = pages;
	from = (int64_t)(page - 1) * HISTORY_PAGE;
	shell_buf_printf(&pg.b, "Le sue conversazioni con INFO CIG, dalla più recente "
	    "(%lld-%lld di %lld):\n", (long long)from + 1,
	    (long long)(from + HISTORY_PAGE < total ? from + HISTORY_PAGE : total),
	    (long long)total);
	if (store_visit_chats_each(sh->env->cs, sh->acct.id, (int)from, HISTORY_PAGE,
	    history_chat, &pg) < 0) {
		shell_buf_free(&pg.b);
		shell_say(sh, "Lo storico non è disponibile in questo momento, riprovi più tardi.\n");
		return;
	}
	if (page < pages)
		shell_buf_printf(&pg.b, "\nLe conversazioni precedenti: %sstorico %d\n",
		    is_exec ? "" : "/", page + 1);
	shell_buf_add(&pg.b, "", 1);
	shell_say(sh, "%s", pg.b.p);
	shell_buf_free(&pg.b);
}

int
shell_history_page(const char *args)
{
	char *end;
	long v;

	while (args != NULL && (*args == ' ' || *args == '\t'))
		args++;
	if (args == NULL || *args == '\0')
		return 1;
	v = strtol(args, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == args || *end != '\0' || v < 1 || v > 100000)
		return -1;
	return (int)v;
}
