/*
 * What the chat shell prints: lines made safe and wrapped, the person's
 * applications and reports, the opening hours in words.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "common.h"
#include "lookup.h"
#include "service.h"
#include "shell_internal.h"
#include "text.h"

/* What report_line() collects the reports' lines into. */
struct shell_report_ctx {
	struct shell_buf b;
	int tz;
};

void
shell_flush(struct shell *sh)
{
	if (sh->out.len > 0) {
		sh->io.write(sh->io.arg, sh->out.p, sh->out.len);
		sh->out.len = 0;
	}
}

/*
 * Appends one line of text: made safe for the terminal whatever its source
 * (an advisor's name, a report's outcome, a person's message: issue 18.12),
 * then, on a pty, wrapped at word boundaries to the window's width, the
 * continuation lines keeping the line's indent (issue 11.5).  Every line
 * ends with a line break, so the prompt drawn after it cannot erase it.
 */
static void
put_line(struct shell *sh, const char *s, size_t n)
{
	char *clean = xmalloc(n * 3 + 1);	/* every bad byte may become U+FFFD */
	size_t len = text_sanitize(s, n, clean, n * 3 + 1), pos = 0, indent = 0, show, next;
	int width = sh->cols;

	if (!sh->pty || width < 1) {
		shell_buf_add(&sh->out, clean, len);
		shell_buf_str(&sh->out, sh->pty ? "\r\n" : "\n");
		free(clean);
		return;
	}
	while (indent < len && clean[indent] == ' ')
		indent++;
	if (indent > (size_t)width / 2)
		indent = 0;
	do {
		if (pos > 0)
			shell_buf_printf(&sh->out, "%*s", (int)indent, "");
		show = text_wrap_next(clean + pos, len - pos,
		    pos > 0 ? width - (int)indent : width, &next);
		shell_buf_add(&sh->out, clean + pos, show);
		shell_buf_str(&sh->out, "\r\n");
		pos += next;
	} while (pos < len);
	free(clean);
}

/* Appends text, line by line; a final line without "\n" is ended too. */
static void
put(struct shell *sh, const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		put_line(sh, s, (size_t)(nl - s));
		s = nl + 1;
	}
	if (*s != '\0')
		put_line(sh, s, strlen(s));
}

void
shell_say(struct shell *sh, const char *fmt, ...)
{
	char *text;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	shell_edit_hide(sh->ed, &sh->out);
	put(sh, text);
	if (sh->state != SH_DONE)
		shell_edit_show(sh->ed, &sh->out);
	free(text);
	shell_flush(sh);
}

void
shell_finish(struct shell *sh, int status)
{
	if (sh->state == SH_DONE)
		return;
	sh->state = SH_DONE;
	shell_visit_end(sh);
	shell_edit_hide(sh->ed, &sh->out);
	shell_flush(sh);
	sh->io.exit(sh->io.arg, status);
}

char *
shell_hhmm(const struct shell *sh, int64_t at, char *buf, size_t size)
{
	return calendar_format_time(sh->env->service.hours.tz, at, CLOCK_HHMM, buf, size);
}

static const char *const weekday_it[] = {
	"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
};

/*
 * The opening hours in words, days with the same hours grouped:
 * "dal lunedì al venerdì dalle 15:00 alle 18:00" (issue 11.6).
 */
static void
describe_hours(const struct service_hours *h, struct shell_buf *b)
{
	int d = 0, e, first = 1;

	while (d < 7) {
		if (h->open[d] >= h->close[d]) {
			d++;
			continue;
		}
		for (e = d; e + 1 < 7 && h->open[e + 1] == h->open[d] &&
		    h->close[e + 1] == h->close[d]; e++)
			;
		if (!first)
			shell_buf_str(b, "; ");
		if (e > d)
			shell_buf_printf(b, "dal %s al %s", weekday_it[d], weekday_it[e]);
		else
			shell_buf_printf(b, "%s %s", d == 6 ? "la" : "il", weekday_it[d]);
		shell_buf_printf(b, " dalle %02d:%02d alle %02d:%02d", h->open[d] / 60,
		    h->open[d] % 60, h->close[d] / 60, h->close[d] % 60);
		first = 0;
		d = e + 1;
	}
}

/* The next opening after now: "oggi alle 15:00", "domani alle 15:00" or the date. */
static void
describe_opening(const struct service_hours *h, int64_t now, char *buf, size_t size)
{
	time_t next = calendar_next_opening(h, (time_t)now);
	int32_t today, day;
	int minute, at;

	if (next == (time_t)-1) {
		buf[0] = '\0';
		return;
	}
	calendar_local(h->tz, (time_t)now, &today, &minute);
	calendar_local(h->tz, next, &day, &at);
	if (day == today || day == today + 1)
		snprintf(buf, size, "%s alle %02d:%02d", day == today ? "oggi" : "domani",
		    at / 60, at % 60);
	else
		calendar_format_opening(h, next, buf, size);
}

void
shell_say_closed(struct shell *sh, int64_t now, const char *why)
{
	struct shell_buf hours = { 0 };
	char when[64];

	describe_hours(&sh->env->service.hours, &hours);
	shell_buf_add(&hours, "", 1);
	describe_opening(&sh->env->service.hours, now, when, sizeof when);
	shell_say(sh, "%s\nIl servizio INFO CIG è aperto %s, esclusi i festivi.\n"
	    "%s%s%s\nArrivederci.\n", why, hours.p, *when ? "Prossima apertura: " : "", when,
	    *when ? "." : "");
	shell_buf_free(&hours);
}

static void
print_practices(struct shell *sh, const int64_t *ids, size_t n, int64_t worker_id,
    struct shell_buf *b)
{
	int32_t today;
	int minute;
	size_t i, k, shown = 0;
	char d1[16], d2[16], d3[16];

	calendar_local(sh->env->service.hours.tz, clock_now(), &today, &minute);
	for (i = 0; i < n && shown < 10; i++) {
		struct practice p;
		struct timeline t;

		practice_init(&p);
		if (lookup_timeline(sh->env->st, sh->env->conf, ids[i], worker_id, today,
		    &p, &t) < 0) {
			practice_clear(&p);
			continue;
		}
		shown++;
		shell_buf_printf(b, "\nDomanda n. %s - %s (%s)\n", p.number,
		    practice_type_label(p.type), payment_mode_label(p.mode));
		shell_buf_printf(b, "  Azienda: %s\n", p.company_name);
		shell_buf_printf(b, "  Periodo: dal %s al %s\n",
		    day_format_it(p.period_from, d1, sizeof d1),
		    day_format_it(p.period_to, d2, sizeof d2));
		shell_buf_printf(b, "  Stato: %s\n", t.stage);
		for (k = 0; k < t.nmissing; k++)
			shell_buf_printf(b, "  Manca: %s\n", t.missing[k]);
		for (k = 0; k < t.nnotes; k++)
			shell_buf_printf(b, "  %s\n", t.notes[k]);
		if (t.expected != 0) {
			shell_buf_printf(b, "  Pagamento previsto: intorno al %s (tra il %s e il %s)\n",
			    day_format_it(t.expected, d1, sizeof d1),
			    day_format_it(t.expected_low ? t.expected_low : t.expected, d2, sizeof d2),
			    day_format_it(t.expected_high ? t.expected_high : t.expected, d3, sizeof d3));
		} else if (t.status == STATUS_PAGATA) {
			char euro[32];

			str_format_euro(euro, sizeof euro, t.paid_cents);
			shell_buf_printf(b, "  Pagamento: completato (%s)\n", euro);
		}
		practice_clear(&p);
	}
	if (shown == 0)
		shell_buf_str(b, "Nessuna domanda di integrazione salariale risulta a suo nome.\n");
	else if (n > shown)
		shell_buf_printf(b, "\n(%zu domande in tutto: mostrate le %zu più recenti)\n",
		    n, shown);
}

void
shell_print_status(struct shell *sh, int64_t company_id)
{
	struct shell_buf b = { 0 };
	int64_t *ids = NULL;
	size_t n = 0, i;

	if (sh->acct.role == ROLE_WORKER) {
		if (sh->acct.worker_id == 0 ||
		    store_practices_of_worker(sh->env->st, sh->acct.worker_id, &ids, &n) < 0)
			n = 0;
		shell_buf_str(&b, "Le sue domande di integrazione salariale:\n");
		print_practices(sh, ids, n, sh->acct.worker_id, &b);
		free(ids);
	} else if (account_role_is_company(sh->acct.role)) {
		struct store_company *cs = NULL;
		size_t nc = 0;

		if (store_delegations_of(sh->env->st, sh->acct.id, &cs, &nc) < 0)
			nc = 0;
		for (i = 0; i < nc; i++) {
			if (company_id != 0 && cs[i].id != company_id)
				continue;
			shell_buf_printf(&b, "Domande dell'azienda %s (CF %s):\n", cs[i].name, cs[i].cf);
			ids = NULL;
			if (store_practices_of_company(sh->env->st, cs[i].id, &ids, &n) < 0)
				n = 0;
			print_practices(sh, ids, n, 0, &b);
			free(ids);
			shell_buf_str(&b, "\n");
		}
		if (nc == 0)
			shell_buf_str(&b, "Nessuna azienda risulta collegata al suo profilo.\n");
		free(cs);
	} else {
		shell_buf_str(&b, "Nessuna domanda da mostrare per questo profilo.\n");
	}
	shell_buf_add(&b, "", 1);
	shell_say(sh, "%s", b.p);
	shell_buf_free(&b);
}

/* A copy of s on one line: line breaks and tabs typed by staff become spaces. */
static char *
one_line(const char *s)
{
	char *t = xstrdup(s ? s : ""), *p;

	for (p = t; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return t;
}

/* A report's status in the words its person reads (the staff's are report_status_label()). */
static const char *
shell_report_status_words(enum report_status status)
{
	if (status == REPORT_NUOVA)
		return "inoltrata alla sede";
	if (status == REPORT_IN_LAVORAZIONE)
		return "in lavorazione presso la sede";
	return "chiusa";
}

/*
 * One report per line: protocol, day, subject, status and outcome.  Each
 * field is put on one line here; say() makes it safe and wraps it.
 */
static int
report_line(void *arg, const struct chat_report *r)
{
	struct shell_report_ctx *ctx = arg;
	char *proto = one_line(r->protocol), *topic = one_line(r->topic);
	char *sub = one_line(r->subtopic), *outcome = one_line(r->outcome);
	int32_t day;
	int minute;
	char d[16];

	calendar_local(ctx->tz, (time_t)r->filed_at, &day, &minute);
	shell_buf_printf(&ctx->b, "  %s del %s: %s / %s - %s%s%s\n", proto,
	    day_format_it(day, d, sizeof d), topic, sub, shell_report_status_words(r->status),
	    *outcome ? ": " : "", outcome);
	free(proto);
	free(topic);
	free(sub);
	free(outcome);
	return 0;
}

void
shell_print_reports(struct shell *sh)
{
	struct shell_report_ctx ctx = { .tz = sh->env->service.hours.tz };
	int64_t company = sh->company.id;

	if (store_chat_reports_of(sh->env->cs, sh->acct.id, company,
	    sh->acct.role == ROLE_WORKER ? sh->acct.worker_id : 0, report_line, &ctx) < 0) {
		shell_buf_free(&ctx.b);
		shell_say(sh, "Le segnalazioni non sono disponibili in questo momento.\n");
		return;
	}
	if (ctx.b.len == 0) {
		shell_say(sh, "Nessuna segnalazione risulta inoltrata per suo conto.\n");
		return;
	}
	shell_buf_add(&ctx.b, "", 1);
	shell_say(sh, "Segnalazioni inoltrate alla sede INPS (Linea INPS):\n%s", ctx.b.p);
	shell_buf_free(&ctx.b);
}
