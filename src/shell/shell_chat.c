/*
 * The chat shell: greeting, company choice, eligibility, queue, chat,
 * satisfaction survey.  Everything the person says becomes a message row;
 * the advisor's rows come back through shell_deliver() (DESIGN.md 2).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "common.h"
#include "lookup.h"
#include "queue.h"
#include "shell.h"
#include "text.h"

enum shell_state {
	SH_NEW,
	SH_CHOOSE,		/* which company */
	SH_QUEUED,
	SH_CHAT,
	SH_SURVEY,
	SH_DONE,
};

#define SURVEY_TRIES 3

/* What report_line() collects the reports' lines into. */
struct shell_report_ctx {
	struct shell_buf b;
	int tz;
};

struct shell {
	const struct shell_env *env;
	struct store_account acct;
	struct shell_io io;
	struct shell_edit *ed;
	int pty;
	int cols;		/* the window's width, for wrapping (pty only) */
	enum shell_state state;
	struct store_company *companies;	/* owned */
	size_t ncompanies;
	struct store_company company;		/* chosen, id 0 for workers */
	char province[3];
	struct chat chat;
	int64_t last_msg_id;
	int64_t last_shown_refresh;		/* clock_mono_ms() */
	char last_queue_text[160];
	int64_t last_activity;			/* clock_mono_ms() */
	int64_t *rate;				/* times of the last rate_lines lines, ms */
	size_t rate_n, rate_i;
	int survey_tries;
	int replaying;		/* a resumed chat's history is being shown */
	struct pending_line *pending;	/* lines the database could not take yet, oldest first */
	size_t npending;
	struct shell_buf out;
};

/*
 * A line typed while another process held the database's write lock: kept
 * and written again from the timer, in order (issue 18.2).
 */
struct pending_line {
	char *text;		/* sanitised */
	int64_t at;		/* when it was typed */
};

/* Lines that may wait for the database; more are refused with a notice. */
#define PENDING_MAX 20
/* After a write found the database locked, the next try waits this long. */
#define WRITE_RETRY_MS 500

/* Messages read per page of a replay. */
#define REPLAY_PAGE 10

/* Output. */

static void
flush(struct shell *sh)
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

static void say(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a message above the input line (which is redrawn after it). */
static void
say(struct shell *sh, const char *fmt, ...)
{
	char small[1024], *text;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	text = small;
	if ((size_t)n >= sizeof small) {
		text = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(text, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	shell_edit_hide(sh->ed, &sh->out);
	put(sh, text);
	if (sh->state != SH_DONE)
		shell_edit_show(sh->ed, &sh->out);
	if (text != small)
		free(text);
	flush(sh);
}

static void
finish(struct shell *sh, int status)
{
	if (sh->state == SH_DONE)
		return;
	sh->state = SH_DONE;
	shell_edit_hide(sh->ed, &sh->out);
	flush(sh);
	sh->io.exit(sh->io.arg, status);
}

static void
clock_hhmm(const struct shell *sh, int64_t at, char buf[16])
{
	int32_t day;
	int minute;

	calendar_local(sh->env->hours.tz, (time_t)at, &day, &minute);
	snprintf(buf, 16, "%02d:%02d", minute / 60, minute % 60);
}

static void
set_prompt(struct shell *sh)
{
	switch (sh->state) {
	case SH_CHOOSE:
		shell_edit_set_prompt(sh->ed, "Numero dell'azienda: ");
		break;
	case SH_SURVEY:
		shell_edit_set_prompt(sh->ed, "Voto (1-5): ");
		break;
	default:
		shell_edit_set_prompt(sh->ed, sh->pty ? "> " : "");
		break;
	}
}

/* Setup. */

static void
rollout_from_conf(struct rollout *r, const struct conf_rollout *cr)
{
	size_t i, j;

	memset(r, 0, sizeof *r);
	for (i = 0; i < cr->nsteps; i++) {
		const struct conf_rollout_step *s = &cr->steps[i];
		struct rollout_step step;

		memset(&step, 0, sizeof step);
		step.from = s->from;
		step.all = s->all;
		for (j = 0; j < s->nprovinces; j++) {
			const char *p = s->provinces[j];
			int idx;

			if (p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z')
				continue;
			idx = (p[0] - 'A') * 26 + (p[1] - 'A');
			step.set[idx / 8] |= (unsigned char)(1u << (idx % 8));
		}
		r->steps = xreallocarray(r->steps, r->nsteps + 1, sizeof *r->steps);
		r->steps[r->nsteps++] = step;
	}
}

int
shell_env_load(struct shell_env *env, const struct conf *c)
{
	int tz = calendar_tz_parse(c->service.timezone);

	if (tz < 0)
		return ERR_INVALID;
	env->conf = c;
	memset(&env->hours, 0, sizeof env->hours);
	env->hours.tz = tz;
	memcpy(env->hours.open, c->service.open, sizeof env->hours.open);
	memcpy(env->hours.close, c->service.close, sizeof env->hours.close);
	env->hours.closures = c->service.closures;
	env->hours.nclosures = c->service.nclosures;
	env->hours.drain_minutes = c->service.drain_minutes;
	calendar_rollout_clear(&env->workers);
	calendar_rollout_clear(&env->companies);
	rollout_from_conf(&env->workers, &c->rollout.workers);
	rollout_from_conf(&env->companies, &c->rollout.employers);
	return calendar_check_hours(&env->hours) == 0 ? 0 : ERR_INVALID;
}

void
shell_env_clear(struct shell_env *env)
{
	calendar_rollout_clear(&env->workers);
	calendar_rollout_clear(&env->companies);
}

/* The width the shell wraps to: what the line editor uses too. */
static int
clamp_cols(int cols)
{
	return cols >= 10 ? (cols > 1000 ? 1000 : cols) : 80;
}

struct shell *
shell_new(const struct shell_env *env, const struct store_account *account,
    const struct shell_io *io, int pty, int cols)
{
	struct shell *sh = xcalloc(1, sizeof *sh);
	const struct conf *c = env->conf;

	sh->env = env;
	sh->acct = *account;
	sh->io = *io;
	sh->pty = pty;
	sh->cols = clamp_cols(cols);
	sh->ed = shell_edit_new((size_t)c->ssh.max_line, 50);
	shell_edit_set_echo(sh->ed, pty);
	shell_edit_set_width(sh->ed, cols);
	sh->rate_n = (size_t)c->ssh.rate_lines;
	sh->rate = xcalloc(sh->rate_n, sizeof *sh->rate);
	sh->last_activity = clock_mono_ms();
	set_prompt(sh);
	return sh;
}

void
shell_free(struct shell *sh)
{
	if (sh == NULL)
		return;
	shell_edit_free(sh->ed);
	while (sh->npending > 0)
		free(sh->pending[--sh->npending].text);
	free(sh->pending);
	free(sh->companies);
	free(sh->rate);
	shell_buf_free(&sh->out);
	free(sh);
}

int64_t
shell_chat_id(const struct shell *sh)
{
	return (sh->state == SH_QUEUED || sh->state == SH_CHAT) ? sh->chat.id : 0;
}

int
shell_done(const struct shell *sh)
{
	return sh->state == SH_DONE;
}

void
shell_resize(struct shell *sh, int cols)
{
	shell_edit_hide(sh->ed, &sh->out);
	shell_edit_set_width(sh->ed, cols);
	sh->cols = clamp_cols(cols);
	if (sh->state != SH_DONE && sh->state != SH_NEW)
		shell_edit_show(sh->ed, &sh->out);
	flush(sh);
}

/* Status ("stato", /stato). */

static void
print_practices(struct shell *sh, const int64_t *ids, size_t n, int64_t worker_id,
    struct shell_buf *b)
{
	int32_t today;
	int minute;
	size_t i, k, shown = 0;
	char d1[16], d2[16], d3[16];

	calendar_local(sh->env->hours.tz, clock_now(), &today, &minute);
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
	say(sh, "%s", b.p);
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

static void
print_reports(struct shell *sh)
{
	struct shell_report_ctx ctx = { .tz = sh->env->hours.tz };
	int64_t company = sh->company.id;

	if (store_chat_reports_of(sh->env->cs, sh->acct.id, company,
	    sh->acct.role == ROLE_WORKER ? sh->acct.worker_id : 0, report_line, &ctx) < 0) {
		shell_buf_free(&ctx.b);
		say(sh, "Le segnalazioni non sono disponibili in questo momento.\n");
		return;
	}
	if (ctx.b.len == 0) {
		say(sh, "Nessuna segnalazione risulta inoltrata per suo conto.\n");
		return;
	}
	shell_buf_add(&ctx.b, "", 1);
	say(sh, "Segnalazioni inoltrate alla sede INPS (Linea INPS):\n%s", ctx.b.p);
	shell_buf_free(&ctx.b);
}

static void
print_help(struct shell *sh)
{
	struct shell_buf b = { 0 };
	size_t i;

	shell_buf_str(&b, "Comandi disponibili:\n");
	for (i = 0; i < shell_cmd_count; i++)
		shell_buf_printf(&b, "  %-14s %s\n", shell_cmd_table[i].name, shell_cmd_table[i].help);
	shell_buf_str(&b, "Ogni altra riga viene inviata all'operatore.\n");
	shell_buf_add(&b, "", 1);
	say(sh, "%s", b.p);
	shell_buf_free(&b);
}

/* Queue. */

/* The chat's state changed in the database: the daemon refreshes the others. */
static void
touched(struct shell *sh)
{
	if (sh->env->dirty != NULL)
		*sh->env->dirty = 1;
}

/*
 * Shows the place and the estimated wait when they changed (or always with
 * force), at most once every queue.refresh_seconds otherwise.
 */
static void
queue_show(struct shell *sh, int pos, int ahead_all, const struct chat_queue_stats *qs,
    int force)
{
	struct queue_input qi;
	char wait[96], text[160];

	qi.ahead = ahead_all;
	qi.active = qs->active;
	qi.advisors = qs->advisors;
	qi.max_per_advisor = sh->env->conf->queue.max_chats_per_advisor;
	qi.handle_avg = qs->handle_avg;
	queue_format_wait(queue_estimate_wait(&qi), wait, sizeof wait);
	snprintf(text, sizeof text, "Posizione in coda: %d - attesa stimata: %s", pos, wait);
	if (!force && strcmp(text, sh->last_queue_text) == 0)
		return;
	if (!force && clock_mono_ms() - sh->last_shown_refresh <
	    (int64_t)sh->env->conf->queue.refresh_seconds * 1000)
		return;
	str_lcpy(sh->last_queue_text, text, sizeof sh->last_queue_text);
	sh->last_shown_refresh = clock_mono_ms();
	say(sh, "%s\n", text);
}

/* The place and estimate read from the database (on joining the queue). */
static void
show_queue(struct shell *sh, int64_t now)
{
	struct chat_queue_stats qs;
	int pos;

	if (store_chat_queue_position(sh->env->cs, &sh->chat, &pos) < 0 ||
	    store_chat_queue_stats(sh->env->cs, &sh->chat, now, &qs) < 0)
		return;
	queue_show(sh, pos, qs.queued_ahead_all, &qs, 1);
}

static void show_message(struct shell *sh, const struct chat_message *m);

/* Bytes waiting to be sent to the person. */
static size_t
queued(const struct shell *sh)
{
	return sh->io.queued != NULL ? sh->io.queued(sh->io.arg) : 0;
}

/* How much output a replay may leave queued before it waits for the client. */
static size_t
replay_budget(const struct shell *sh)
{
	return (size_t)sh->env->conf->ssh.output_queue_kib * 1024 / 2;
}

struct replay_page {
	struct shell *sh;
	int n;
};

static int
history_line(void *arg, const struct chat_message *m)
{
	struct replay_page *pg = arg;

	show_message(pg->sh, m);
	pg->n++;
	/* Stop early when the page filled the budget: the rest waits for the client. */
	return queued(pg->sh) >= replay_budget(pg->sh) ? 1 : 0;
}

/* The replay is over: where the person stands now. */
static void
replay_done(struct shell *sh)
{
	sh->replaying = 0;
	if (sh->state == SH_QUEUED)
		show_queue(sh, clock_now());
	else if (sh->state == SH_CHAT)
		say(sh, "Sta parlando con l'operatore %s.\n", sh->chat.advisor_name);
}

int
shell_pump(struct shell *sh)
{
	struct replay_page pg = { sh, 0 };

	while (sh->replaying) {
		if (sh->state != SH_QUEUED && sh->state != SH_CHAT) {
			sh->replaying = 0;
			break;
		}
		if (queued(sh) >= replay_budget(sh))
			return 1;	/* the client has not read the last page yet */
		pg.n = 0;
		if (store_chat_messages_since(sh->env->cs, sh->chat.id, sh->last_msg_id, 0,
		    REPLAY_PAGE, history_line, &pg) < 0)
			return 1;	/* the database is busy: again at the next tick */
		if (pg.n < REPLAY_PAGE && queued(sh) < replay_budget(sh))
			replay_done(sh);
	}
	return 0;
}

static void
enter_chat(struct shell *sh)
{
	/* The wait in the queue is not idleness: the idle timeout starts now. */
	sh->last_activity = clock_mono_ms();
	sh->state = SH_CHAT;
	set_prompt(sh);
	say(sh, "L'operatore %s ha preso in carico la sua richiesta. Scriva pure.\n",
	    sh->chat.advisor_name[0] ? sh->chat.advisor_name : "INFO CIG");
}

static void
start_survey(struct shell *sh)
{
	sh->state = SH_SURVEY;
	sh->survey_tries = 0;
	set_prompt(sh);
	say(sh, "\nLa conversazione è terminata.\n"
	    "Quanto è soddisfatto del servizio? Scriva un numero da 1 (per niente) a 5 (molto).\n");
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

/* Why the person cannot queue now, the service's hours and when it opens next. */
static void
service_closed_message(struct shell *sh, int64_t now, const char *why)
{
	struct shell_buf hours = { 0 };
	char when[64];

	describe_hours(&sh->env->hours, &hours);
	shell_buf_add(&hours, "", 1);
	describe_opening(&sh->env->hours, now, when, sizeof when);
	say(sh, "%s\nIl servizio INFO CIG è aperto %s, esclusi i festivi.\n"
	    "%s%s%s\nArrivederci.\n", why, hours.p, *when ? "Prossima apertura: " : "", when,
	    *when ? "." : "");
	shell_buf_free(&hours);
}

int
shell_pid_alive(pid_t pid)
{
	char path[64], buf[512], *close_paren;
	FILE *fp;
	size_t n;

	if (pid <= 0 || (kill(pid, 0) < 0 && errno == ESRCH))
		return 0;
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return 1;	/* no /proc: trust kill() */
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* "pid (comm) S ...": a zombie, or a reused pid of another program, is dead to us. */
	if ((close_paren = strrchr(buf, ')')) == NULL || close_paren[1] == '\0')
		return 1;
	if (close_paren[2] == 'Z' || close_paren[2] == 'X')
		return 0;
	return strstr(buf, "(infocigd)") != NULL;
}

/* Queue the person, or give back a chat that dropped a moment ago. */
static void
proceed(struct shell *sh)
{
	const struct shell_env *env = sh->env;
	int64_t now = clock_now();
	int is_company = sh->company.id != 0;
	struct chat live;
	int32_t today, from;
	int minute, r;
	int64_t id;

	if (store_chat_find_live(env->cs, sh->acct.id, &live) == 0) {
		if ((pid_t)live.owner_pid != env->pid && !shell_pid_alive((pid_t)live.owner_pid)) {
			/* Its daemon died without marking it: it is resumable. */
			store_chat_disconnect_owner(env->cs, (pid_t)live.owner_pid, now);
		} else {
			say(sh, "Ha già una conversazione INFO CIG aperta in un'altra sessione.\n"
			    "La chiuda prima di aprirne una nuova. Arrivederci.\n");
			finish(sh, 1);
			return;
		}
	}
	if (store_chat_find_resumable(env->cs, sh->acct.id, sh->company.id,
	    now - env->conf->queue.reconnect_grace, &sh->chat) == 0 &&
	    store_chat_resume(env->cs, sh->chat.id, env->pid) == 0 &&
	    store_chat_get(env->cs, sh->chat.id, &sh->chat) == 0) {
		log_info("chat %lld resumed", (long long)sh->chat.id);
		touched(sh);
		say(sh, "Bentornato: riprende la conversazione interrotta.\n");
		sh->state = sh->chat.state == CHAT_ACTIVE ? SH_CHAT : SH_QUEUED;
		set_prompt(sh);
		sh->last_msg_id = 0;
		/* The history follows in pages, as the client reads them (shell_pump). */
		sh->replaying = 1;
		shell_pump(sh);
		return;
	}

	if (calendar_service_state(&env->hours, (time_t)now) != SERVICE_OPEN) {
		service_closed_message(sh, now, "In questo momento il servizio INFO CIG è chiuso.");
		finish(sh, 0);
		return;
	}
	calendar_local(env->hours.tz, (time_t)now, &today, &minute);
	if (!calendar_rollout_eligible(is_company ? &env->companies : &env->workers,
	    sh->province, today, &from)) {
		char d[16], when[64];

		if (from != 0) {
			calendar_format_opening(&env->hours, calendar_next_opening(&env->hours,
			    calendar_to_utc(env->hours.tz, from, 0)), when, sizeof when);
			say(sh, "Il servizio INFO CIG per %s della provincia %s sarà attivo dal %s.\n"
			    "Prima apertura utile: %s.\nArrivederci.\n",
			    is_company ? "le aziende" : "i lavoratori", sh->province,
			    day_format_it(from, d, sizeof d), when);
		} else {
			say(sh, "Il servizio INFO CIG non è ancora attivo per la provincia %s.\n"
			    "Arrivederci.\n", *sh->province ? sh->province : "indicata");
		}
		finish(sh, 0);
		return;
	}
	r = store_chat_open(env->cs, sh->acct.id, sh->company.id,
	    is_company ? CHAT_CHANNEL_COMPANIES : CHAT_CHANNEL_WORKERS, sh->province,
	    env->pid, now, &id);
	if (r < 0 || store_chat_get(env->cs, id, &sh->chat) < 0) {
		say(sh, "Non è stato possibile metterla in coda, riprovi tra qualche minuto.\n");
		finish(sh, 1);
		return;
	}
	touched(sh);
	store_chat_message_last_id(env->cs, &sh->last_msg_id);
	sh->state = SH_QUEUED;
	set_prompt(sh);
	say(sh, "La sua richiesta è in coda sul canale \"%s\". Un operatore le risponderà "
	    "appena possibile.\nPuò già scrivere la sua domanda; /aiuto elenca i comandi.\n",
	    chat_channel_name(sh->chat.channel));
	show_queue(sh, now);
}

static void
choose_company(struct shell *sh, size_t i)
{
	sh->company = sh->companies[i];
	str_lcpy(sh->province, sh->company.province, sizeof sh->province);
	say(sh, "Scrive per conto di %s (CF %s).\n", sh->company.name, sh->company.cf);
	proceed(sh);
}

/* What the service offers, in the words of the person's role (issue 11.6). */
static const char *
greeting_of(enum account_role role)
{
	switch (role) {
	case ROLE_WORKER:
		return "Qui può chiedere a un operatore INPS a che punto è la sua domanda di "
		    "cassa integrazione e quando sarà pagata.";
	case ROLE_CONSULTANT:
		return "Qui può chiedere a un operatore INPS a che punto sono le domande di "
		    "integrazione salariale delle aziende che assiste: istruttoria, "
		    "autorizzazione, dati di pagamento e pagamenti diretti ai lavoratori.";
	default:
		return "Qui può chiedere a un operatore INPS a che punto sono le domande di "
		    "integrazione salariale della sua azienda: istruttoria, autorizzazione, "
		    "dati di pagamento e pagamenti diretti ai lavoratori.";
	}
}

void
shell_start(struct shell *sh)
{
	struct store_worker w;
	size_t i;

	say(sh, "Benvenuto in INFO CIG, %s.\n%s\n", sh->acct.full_name,
	    greeting_of(sh->acct.role));
	if (sh->acct.role == ROLE_WORKER) {
		str_lcpy(sh->province, sh->acct.province, sizeof sh->province);
		if (sh->province[0] == '\0' && sh->acct.worker_id != 0 &&
		    store_worker_by_id(sh->env->st, sh->acct.worker_id, &w) == 0)
			str_lcpy(sh->province, w.province, sizeof sh->province);
		proceed(sh);
		return;
	}
	if (!account_role_is_company(sh->acct.role)) {
		say(sh, "Questo servizio è riservato a lavoratori, aziende e consulenti.\n"
		    "Il personale INPS usa la console \"infocig\". Arrivederci.\n");
		finish(sh, 1);
		return;
	}
	if (store_delegations_of(sh->env->st, sh->acct.id, &sh->companies, &sh->ncompanies) < 0 ||
	    sh->ncompanies == 0) {
		say(sh, "Nessuna azienda risulta collegata al suo profilo.\n"
		    "Verifichi le deleghe sul portale INPS. Arrivederci.\n");
		finish(sh, 1);
		return;
	}
	if (sh->ncompanies == 1) {
		choose_company(sh, 0);
		return;
	}
	sh->state = SH_CHOOSE;
	set_prompt(sh);
	{
		struct shell_buf b = { 0 };

		shell_buf_str(&b, "Per quale azienda scrive?\n");
		for (i = 0; i < sh->ncompanies; i++)
			shell_buf_printf(&b, "  %zu) %s (CF %s, %s)\n", i + 1,
			    sh->companies[i].name, sh->companies[i].cf, sh->companies[i].province);
		shell_buf_add(&b, "", 1);
		say(sh, "%s", b.p);
		shell_buf_free(&b);
	}
}

void
shell_exec(struct shell *sh, const char *command)
{
	char cmd[32];

	str_upper_trim(cmd, sizeof cmd, command ? command : "");
	if (strcmp(cmd, "STATO") == 0) {
		shell_print_status(sh, 0);
		finish(sh, 0);
		return;
	}
	say(sh, "Comando non disponibile. Usi \"stato\" oppure si colleghi senza comando "
	    "per parlare con un operatore.\n");
	finish(sh, 2);
}

/* Lines. */

/* 1 when the line may go: at most rate_lines lines in rate_seconds. */
static int
rate_ok(struct shell *sh)
{
	int64_t now = clock_mono_ms();
	int64_t oldest = sh->rate[sh->rate_i];

	if (oldest != 0 && now - oldest < (int64_t)sh->env->conf->ssh.rate_seconds * 1000)
		return 0;
	sh->rate[sh->rate_i] = now;
	sh->rate_i = (sh->rate_i + 1) % sh->rate_n;
	return 1;
}

/* 1 while writes wait for a lock another process holds. */
static int
write_deferred(const struct shell *sh)
{
	return sh->env->write_retry_at != NULL && clock_mono_ms() < *sh->env->write_retry_at;
}

static void
write_failed(struct shell *sh)
{
	if (sh->env->write_retry_at != NULL)
		*sh->env->write_retry_at = clock_mono_ms() + WRITE_RETRY_MS;
}

/* Writes the waiting lines, oldest first; stops at the first that fails. */
static void
pending_flush(struct shell *sh)
{
	char hhmm[16];
	size_t done = 0;

	while (done < sh->npending && !write_deferred(sh)) {
		struct pending_line *p = &sh->pending[done];

		if (store_chat_message_add(sh->env->cs, sh->chat.id, "user", sh->acct.id, p->at,
		    p->text, NULL) < 0) {
			write_failed(sh);
			break;
		}
		clock_hhmm(sh, p->at, hhmm);
		say(sh, "[%s] Lei: %s\n", hhmm, p->text);
		free(p->text);
		done++;
	}
	if (done > 0) {
		memmove(sh->pending, sh->pending + done, (sh->npending - done) * sizeof *sh->pending);
		sh->npending -= done;
	}
}

/* Keeps a line the database could not take; 0, or -1 when too many wait. */
static int
pending_add(struct shell *sh, const char *clean, int64_t now)
{
	if (sh->npending >= PENDING_MAX)
		return -1;
	sh->pending = xreallocarray(sh->pending, sh->npending + 1, sizeof *sh->pending);
	sh->pending[sh->npending].text = xstrdup(clean);
	sh->pending[sh->npending].at = now;
	sh->npending++;
	return 0;
}

static void
send_text(struct shell *sh, const char *line)
{
	size_t n = strlen(line);
	char *clean = xmalloc(n * 3 + 1);	/* every bad byte may become U+FFFD */
	char hhmm[16];
	int64_t now = clock_now();

	text_sanitize(line, n, clean, n * 3 + 1);
	if (clean[0] == '\0') {
		free(clean);
		return;
	}
	if (!rate_ok(sh)) {
		say(sh, "Sta scrivendo troppo in fretta: attenda qualche secondo e riprovi.\n");
		free(clean);
		return;
	}
	sh->last_activity = clock_mono_ms();
	/* Lines keep their order: behind one that waits, the next waits too. */
	if (sh->npending > 0 || write_deferred(sh) ||
	    store_chat_message_add(sh->env->cs, sh->chat.id, "user", sh->acct.id, now, clean,
	    NULL) < 0) {
		if (sh->npending == 0 && !write_deferred(sh))
			write_failed(sh);
		if (pending_add(sh, clean, now) < 0)
			say(sh, "Messaggio non inviato (servizio momentaneamente occupato): "
			    "riprovi tra poco.\n");
		else
			say(sh, "(in attesa) %s\nIl servizio è momentaneamente occupato: la riga "
			    "sarà inviata appena possibile.\n", clean);
		free(clean);
		return;
	}
	clock_hhmm(sh, now, hhmm);
	say(sh, "[%s] Lei: %s\n", hhmm, clean);
	free(clean);
}

static void
leave(struct shell *sh)
{
	int64_t now = clock_now();

	if (sh->state == SH_QUEUED) {
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_ABANDONED, now);
		touched(sh);
		say(sh, "Ha lasciato la coda. Arrivederci.\n");
		finish(sh, 0);
	} else if (sh->state == SH_CHAT) {
		store_chat_message_add(sh->env->cs, sh->chat.id, "system", 0, now,
		    "La persona ha chiuso la conversazione.", NULL);
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_CLOSED, now);
		touched(sh);
		start_survey(sh);
	} else {
		say(sh, "Arrivederci.\n");
		finish(sh, 0);
	}
}

static void
handle_line(struct shell *sh, const char *line)
{
	enum shell_cmd cmd = shell_cmd_parse(line);
	char *end;
	long v;

	shell_edit_hide(sh->ed, &sh->out);
	switch (sh->state) {
	case SH_CHOOSE:
		if (cmd == SHELL_CMD_QUIT) {
			leave(sh);
			return;
		}
		v = strtol(line, &end, 10);
		while (*end == ' ')
			end++;
		if (*end != '\0' || v < 1 || (size_t)v > sh->ncompanies) {
			say(sh, "Scelta non valida: scriva un numero da 1 a %zu.\n", sh->ncompanies);
			return;
		}
		choose_company(sh, (size_t)v - 1);
		return;
	case SH_SURVEY:
		v = strtol(line, &end, 10);
		while (*end == ' ')
			end++;
		if (*end == '\0' && v >= 1 && v <= 5 && end != line) {
			store_chat_set_satisfaction(sh->env->cs, sh->chat.id, (int)v);
			say(sh, "Grazie per la sua valutazione. Arrivederci.\n");
			finish(sh, 0);
			return;
		}
		if (++sh->survey_tries >= SURVEY_TRIES) {
			say(sh, "Arrivederci.\n");
			finish(sh, 0);
			return;
		}
		say(sh, "Scriva un numero da 1 a 5.\n");
		return;
	case SH_QUEUED:
	case SH_CHAT:
		break;
	default:
		return;
	}
	switch (cmd) {
	case SHELL_CMD_EMPTY:
		shell_edit_show(sh->ed, &sh->out);
		flush(sh);
		return;
	case SHELL_CMD_HELP:
		print_help(sh);
		return;
	case SHELL_CMD_STATUS:
		shell_print_status(sh, sh->company.id);
		return;
	case SHELL_CMD_REPORTS:
		print_reports(sh);
		return;
	case SHELL_CMD_QUIT:
		leave(sh);
		return;
	case SHELL_CMD_UNKNOWN:
		say(sh, "Comando sconosciuto: /aiuto elenca i comandi.\n");
		return;
	case SHELL_CMD_NONE:
		send_text(sh, line);
		return;
	}
}

void
shell_input(struct shell *sh, const char *buf, size_t len)
{
	size_t used;

	while (len > 0 && sh->state != SH_DONE) {
		enum shell_edit_result r = shell_edit_feed(sh->ed, buf, len, &used, &sh->out);

		buf += used;
		len -= used;
		switch (r) {
		case SHELL_EDIT_MORE:
			break;
		case SHELL_EDIT_LINE:
			if (shell_edit_overflowed(sh->ed))
				say(sh, "La riga superava %d byte ed è stata troncata.\n",
				    sh->env->conf->ssh.max_line);
			sh->last_activity = clock_mono_ms();
			handle_line(sh, shell_edit_line(sh->ed));
			break;
		case SHELL_EDIT_EOF:
		case SHELL_EDIT_INTR:
			shell_edit_hide(sh->ed, &sh->out);
			leave(sh);
			break;
		}
	}
	flush(sh);
}

void
shell_deliver(struct shell *sh, const struct chat_message *m)
{
	/* During a replay new lines come in their turn, after the older ones. */
	if (sh->replaying)
		return;
	show_message(sh, m);
}

static void
show_message(struct shell *sh, const struct chat_message *m)
{
	char hhmm[16], *clean;
	struct chat cur;
	size_t n;

	if (m->id <= sh->last_msg_id)
		return;
	sh->last_msg_id = m->id;
	/* The advisor took the chat and wrote before the next snapshot showed it. */
	if (sh->state == SH_QUEUED && strcmp(m->sender, "advisor") == 0 &&
	    store_chat_get(sh->env->cs, sh->chat.id, &cur) == 0 && cur.state == CHAT_ACTIVE) {
		sh->chat = cur;
		enter_chat(sh);
	}
	n = strlen(m->body);
	clean = xmalloc(n * 3 + 1);
	text_sanitize(m->body, n, clean, n * 3 + 1);
	clock_hhmm(sh, m->at, hhmm);
	if (strcmp(m->sender, "advisor") == 0)
		say(sh, "[%s] Operatore %s: %s\n", hhmm,
		    sh->chat.advisor_name[0] ? sh->chat.advisor_name : "INFO CIG", clean);
	else if (strcmp(m->sender, "user") == 0)
		say(sh, "[%s] Lei: %s\n", hhmm, clean);
	else
		say(sh, "[%s] * %s\n", hhmm, clean);
	free(clean);
	sh->last_activity = clock_mono_ms();
}

/* The chat changed state or advisor (or the snapshot is older than it). */
static void
chat_changed(struct shell *sh)
{
	struct chat cur;

	if (store_chat_get(sh->env->cs, sh->chat.id, &cur) < 0)
		return;
	if (sh->state == SH_QUEUED) {
		if (cur.state == CHAT_ACTIVE) {
			sh->chat = cur;
			enter_chat(sh);
			/* Messages written before we noticed are delivered by the next poll. */
			return;
		}
		if (cur.state == CHAT_QUEUED)
			return;
		say(sh, "La richiesta è stata chiusa. Arrivederci.\n");
		finish(sh, 0);
		return;
	}
	if (cur.state == CHAT_ACTIVE) {
		/* Transferred to another advisor: their name goes on the lines from now on. */
		sh->chat = cur;
		return;
	}
	if (cur.state == CHAT_QUEUED) {
		/* Handed back to the queue by the advisor (who told the person why). */
		sh->chat = cur;
		sh->state = SH_QUEUED;
		set_prompt(sh);
		return;
	}
	sh->chat.state = cur.state;
	if (cur.state == CHAT_CLOSED)
		start_survey(sh);
	else
		finish(sh, 0);
}

void
shell_tick(struct shell *sh, int64_t now, const struct shell_live *live)
{
	const struct conf *c = sh->env->conf;
	const struct shell_live_entry *e;

	if (sh->state == SH_DONE || sh->state == SH_NEW)
		return;
	if (sh->npending > 0 && (sh->state == SH_QUEUED || sh->state == SH_CHAT))
		pending_flush(sh);
	if ((sh->state == SH_CHOOSE || sh->state == SH_SURVEY || sh->state == SH_CHAT) &&
	    c->ssh.idle_timeout > 0 &&
	    clock_mono_ms() - sh->last_activity > (int64_t)c->ssh.idle_timeout * 1000) {
		say(sh, "\nSessione chiusa per inattività.\n");
		if (sh->state == SH_CHAT) {
			store_chat_end(sh->env->cs, sh->chat.id, CHAT_DISCONNECTED, now);
			touched(sh);
		}
		finish(sh, 0);
		return;
	}
	if (live == NULL || (sh->state != SH_QUEUED && sh->state != SH_CHAT))
		return;
	e = shell_live_find(live, sh->chat.id);
	if (sh->state == SH_CHAT) {
		if (e == NULL || !e->active || e->advisor_id != sh->chat.advisor_id)
			chat_changed(sh);
		return;
	}
	if (e == NULL || e->active) {
		chat_changed(sh);
		return;
	}
	if (calendar_service_state(&sh->env->hours, (time_t)now) == SERVICE_CLOSED) {
		/* Past the drain time after closing: those still waiting are let go. */
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_CLOSED, now);
		touched(sh);
		service_closed_message(sh, now, "Il servizio INFO CIG ha chiuso per oggi e "
		    "non è stato possibile rispondere alla sua richiesta.");
		finish(sh, 0);
		return;
	}
	queue_show(sh, e->position, e->ahead_all, &live->stats, 0);
}

void
shell_shutdown(struct shell *sh)
{
	if (sh->state == SH_DONE)
		return;
	if (sh->state == SH_QUEUED || sh->state == SH_CHAT) {
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_DISCONNECTED, clock_now());
		touched(sh);
	}
	say(sh, "\nIl servizio si sta arrestando per manutenzione. Si ricolleghi tra "
	    "qualche minuto: entro %d secondi ritroverà la sua conversazione.\n",
	    sh->env->conf->queue.reconnect_grace);
	finish(sh, 0);
}

void
shell_hangup(struct shell *sh)
{
	if (sh->npending > 0 && (sh->state == SH_QUEUED || sh->state == SH_CHAT)) {
		/* One last try for the lines still waiting; the lock may be gone. */
		if (sh->env->write_retry_at != NULL)
			*sh->env->write_retry_at = 0;
		pending_flush(sh);
		if (sh->npending > 0)
			log_warn("chat %lld: %zu lines not written, the database stayed locked",
			    (long long)sh->chat.id, sh->npending);
	}
	if (sh->state == SH_QUEUED || sh->state == SH_CHAT) {
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_DISCONNECTED, clock_now());
		touched(sh);
	}
	sh->state = SH_DONE;
}
