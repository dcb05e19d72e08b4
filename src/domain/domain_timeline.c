/*
 * timeline: where an application stands, what is missing and from whom,
 * which payment-data deadlines apply and when the payment is expected.
 * Pure code over a loaded struct practice; nothing here allocates.
 * About 840 lines in one file on purpose: stage, missing items, deadlines
 * and the estimate all read one private scope and fold of the application
 * (below); split, that state would have to become an interface.
 *
 * Expected payment (pagamento diretto only).  Each span still ahead is added
 * to the later of today and the day its stage could start, since a stage that
 * has not happened yet cannot have happened in the past; and payment data for
 * a month exist only once the month (or the part of the period in it) is
 * over, so they cannot come before the day after ("end" below):
 *   not authorised:             max(max(today, presentata + DECISION)
 *                                   + PAYMENT_DATA, end of period) + PAYMENT
 *   authorised, a month without valid payment data:
 *                               max(today, autorizzata + PAYMENT_DATA,
 *                                   end of that month) + PAYMENT
 *   valid data (or liquidated), not paid:
 *                               max(today, last dati_pagamento + PAYMENT)
 * Over several worker-months the latest date wins: the application (or the
 * worker) is paid when its last month is.  Months in decadenza are left out,
 * since INPS does not pay them; when only those remain there is no estimate.
 * expected uses p50, expected_low p25 and expected_high p75 in the same
 * formulas.  History is used when every span the formula needs has at least
 * max(min_samples, 1) samples (history_samples: the smallest count used);
 * otherwise every span takes fallback_days, low 3/4 of it rounded down and
 * high 3/2 of it rounded up, so the range widens on the side of delay.
 * When even the high estimate of INPS's payment is behind today, the
 * payment is late: no date is made up (it would only be today's), the
 * timeline says since when it was due and what the person can do.
 *
 * The law (params->rules, data/timeline_rules.csv) decides by type, causale
 * class and date: the filing term and what late filing costs (periods
 * before the cover are not due: no deadline, no decadenza, no estimate),
 * who authorises, the payment-data term of each month (by the month's first
 * day) and the employer's conguaglio term.  Without rules the ordinary CIGO
 * terms of params apply, with no references.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "practice.h"

#define LIST_SHOWN 3	/* months named in a missing[] line */

/* Months sharing one condition, for one line of missing[]. */
struct month_list {
	int32_t shown[LIST_SHOWN];
	size_t workers[LIST_SHOWN];	/* workers concerned in each shown month */
	size_t n;		/* months in the list, named or not */
	int32_t last;		/* the last month added */
	int32_t deadline;	/* earliest payment-data deadline among them */
	const char *reason;	/* first scarto reason found */
	char basis[RULE_REF_SIZE];	/* of the first month's deadline */
};

/* What timeline_compute looks at. */
struct scope {
	const struct practice *p;
	const struct timeline_params *params;
	int64_t worker_id;	/* 0: every worker */
	int32_t today;
	struct practice_facts f;
	int open;		/* neither respinta nor annullata */
	int payable;		/* open, direct, authorised: payment data due */
	const struct timeline_rules *rules;	/* NULL: params' ordinary terms */
	enum causale_class cls;
	const struct timeline_rule *decision;	/* who authorises, or NULL */
	const struct timeline_rule *conguaglio;	/* the employer's term, or NULL */
	int32_t covered_from;	/* late filing: nothing due before; 0 if none */
};

/* Accumulated over every month and worker in scope. */
struct fold {
	struct month_list decadenza, rejected, waiting, inps, domiciliato;
	size_t months, months_paid;
	size_t months_closed;	/* unpaid, but INPS owes nothing more for them */
	int need_data;		/* a payable month still waits for valid data */
	int32_t data_floor;	/* the day after the last such month ends */
	int any_data;		/* a payable month has valid data, not paid */
	int32_t max_data_day;
	int scope_events;	/* per-worker events in scope */
	int32_t last_paid_day;
};

static int32_t
max32(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

static void text_append(char *dst, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends to the NUL-terminated dst, truncating on a character boundary. */
static void
text_append(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t len = strnlen(dst, size);
	int n;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(dst + len, size - len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= size - len)
		str_utf8_cut(dst, size - 1);
}

/*
 * The next free line of missing[] (what = 0) or notes[] (what = 1), its
 * basis set to basis; NULL when full.  Lines come most important first;
 * what does not fit is dropped.
 */
static char *
line_next(struct timeline *t, int what, const char *basis)
{
	char *line;

	if (what == 0) {
		if (t->nmissing >= TIMELINE_MAX_MISSING)
			return NULL;
		str_lcpy(t->missing_basis[t->nmissing], basis ? basis : "", RULE_REF_SIZE);
		line = t->missing[t->nmissing++];
	} else {
		if (t->nnotes >= TIMELINE_MAX_NOTES)
			return NULL;
		str_lcpy(t->note_basis[t->nnotes], basis ? basis : "", RULE_REF_SIZE);
		line = t->notes[t->nnotes++];
	}
	line[0] = '\0';
	return line;
}

static void
list_add(struct month_list *l, int32_t month, int32_t deadline, const char *reason,
    const char *basis)
{
	if (l->n > 0 && l->last == month) {
		if (l->n <= LIST_SHOWN)
			l->workers[l->n - 1]++;	/* another worker, same month */
		return;
	}
	if (l->n < LIST_SHOWN) {
		l->shown[l->n] = month;
		l->workers[l->n] = 1;
	}
	l->last = month;
	if (deadline != 0 && (l->deadline == 0 || deadline < l->deadline))
		l->deadline = deadline;
	if (l->reason == NULL && reason != NULL && reason[0] != '\0')
		l->reason = reason;
	if (l->n == 0)
		str_lcpy(l->basis, basis, sizeof l->basis);
	l->n++;
}

/*
 * "gennaio 2026, febbraio 2026 e marzo 2026", "... e altri 4 mesi".  Over
 * nworkers > 1 workers a month that concerns only some of them says how
 * many ("luglio 2026 (1 lavoratore su 3)"): a line must be true for each.
 */
static void
list_render(const struct month_list *l, size_t nworkers, char *buf, size_t size)
{
	char m[24];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < l->n && i < LIST_SHOWN; i++) {
		text_append(buf, size, "%s%s",
		    i == 0 ? "" : i + 1 == l->n ? " e " : ", ",
		    practice_month_format(l->shown[i], m, sizeof m));
		if (nworkers > 1 && l->workers[i] < nworkers)
			text_append(buf, size, " (%zu %s su %zu)", l->workers[i],
			    l->workers[i] == 1 ? "lavoratore" : "lavoratori", nworkers);
	}
	if (l->n == LIST_SHOWN + 1)
		text_append(buf, size, " e un altro mese");
	else if (l->n > LIST_SHOWN + 1)
		text_append(buf, size, " e altri %zu mesi", l->n - LIST_SHOWN);
}

/*
 * Payment-data deadline of a month: 0 when none applies (conguaglio,
 * respinta, annullata, or no rule for the month); basis gets its reference.
 */
static int32_t
month_deadline(const struct scope *sc, int32_t month, char *basis, size_t size)
{
	const struct timeline_params *pa = sc->params;
	const struct timeline_rule *rule;
	int32_t d, first = practice_month_first_day(month);

	basis[0] = '\0';
	if (!sc->open || sc->p->mode != PAYMENT_DIRECT)
		return 0;
	if (sc->rules != NULL) {
		rule = timeline_rule_find(sc->rules, RULE_PAYMENT_DATA, sc->p->type, sc->cls, first);
		if (rule == NULL)
			return 0;
		str_lcpy(basis, rule->reference, size);
		d = rule_term_apply(&rule->term, first);
		if (sc->f.authorised && rule->auth_term.unit != TERM_NONE)
			d = max32(d, rule_term_apply(&rule->auth_term, sc->f.authorised_day));
		return d;
	}
	d = day_end_of_month(first, pa->payment_data_months);
	if (sc->f.authorised)
		d = max32(d, sc->f.authorised_day + pa->payment_data_days);
	return d;
}

/* The first day on which payment data for month can exist. */
static int32_t
month_over(const struct scope *sc, int32_t month)
{
	int32_t end = day_end_of_month(practice_month_first_day(month), 0);

	return (end < sc->p->period_to ? end : sc->p->period_to) + 1;
}

static size_t
scope_nworkers(const struct scope *sc)
{
	if (sc->worker_id != 0)
		return 1;
	/* No workers loaded: one anonymous worker with no events stands in. */
	return sc->p->nworkers > 0 ? sc->p->nworkers : 1;
}

static int64_t
scope_worker(const struct scope *sc, size_t i)
{
	if (sc->worker_id != 0)
		return sc->worker_id;
	return sc->p->nworkers > 0 ? sc->p->workers[i].worker_id : 0;
}

/* 1 when the month's part of the period ends before the late filing's cover. */
static int
month_not_due(const struct scope *sc, int32_t month)
{
	return sc->covered_from != 0 && month_over(sc, month) <= sc->covered_from;
}

/*
 * Sorts one unpaid worker-month into decadenza, rejected, waiting or INPS.
 * Returns 1 when INPS owes nothing more for it (decadenza).
 */
static int
fold_unpaid(const struct scope *sc, const struct practice_month_state *st,
    int32_t month, struct timeline_month *tm, struct fold *fo)
{
	int valid = st->data_received && !st->data_rejected;

	if (!sc->payable)
		return 0;
	/*
	 * Before authorisation no decadenza: the deadline will move to
	 * authorisation + payment_data_days, which is still ahead.  No
	 * deadline (no rule for the month): no decadenza either.
	 */
	if (!st->liquidated && tm->deadline != 0 &&
	    (valid ? st->data_day > tm->deadline : sc->today > tm->deadline)) {
		tm->decadenza++;
		list_add(&fo->decadenza, month, tm->deadline, NULL, tm->basis);
		return 1;
	}
	if (valid) {
		fo->any_data = 1;
		fo->max_data_day = max32(fo->max_data_day, st->data_day);
		list_add(&fo->inps, month, tm->deadline, NULL, tm->basis);
	} else {
		fo->need_data = 1;
		fo->data_floor = max32(fo->data_floor, month_over(sc, month));
		if (st->data_rejected)
			list_add(&fo->rejected, month, tm->deadline, st->reject_reason,
			    tm->basis);
		else
			list_add(&fo->waiting, month, tm->deadline, NULL, tm->basis);
	}
	return 0;
}

/* all: the states of every worker of the month when the scope is the whole application. */
static void
fold_month(const struct scope *sc, int32_t month, const struct practice_month_state *all,
    struct timeline_month *tm, struct fold *fo)
{
	struct practice_month_state st;
	size_t i, n = scope_nworkers(sc), paid = 0, unpaid = 0, closed = 0;
	int64_t wid;

	memset(tm, 0, sizeof *tm);
	tm->month = month;
	tm->deadline = month_deadline(sc, month, tm->basis, sizeof tm->basis);
	/* Not due at all: no payment-data term runs for it. */
	if ((tm->not_due = month_not_due(sc, month)) != 0) {
		tm->deadline = 0;
		tm->basis[0] = '\0';
	}
	for (i = 0; i < n; i++) {
		wid = scope_worker(sc, i);
		if (all != NULL)
			st = all[i];
		else
			practice_month_state(sc->p, wid, month, &st);
		fo->scope_events += st.events;
		tm->data_received += st.data_received;
		tm->data_rejected += st.data_rejected;
		tm->domiciliato += st.domiciliato;
		tm->amount_cents += st.amount_cents;
		if (!st.paid) {
			unpaid++;
			closed += tm->not_due || fold_unpaid(sc, &st, month, tm, fo);
			continue;
		}
		paid += wid != 0;
		fo->last_paid_day = max32(fo->last_paid_day, st.paid_day);
		if (st.domiciliato)
			list_add(&fo->domiciliato, month, tm->deadline, NULL, "");
	}
	tm->paid = paid > 0 && paid == n;
	fo->months++;
	fo->months_paid += tm->paid != 0;
	fo->months_closed += unpaid > 0 && closed == unpaid;
}

static void
fold_months(const struct scope *sc, struct timeline *t, struct fold *fo)
{
	struct practice_month_state *all = NULL;
	struct timeline_month tm;
	int32_t month;
	size_t k, n;

	n = practice_period_months(sc->p, &month);
	/* The whole application: every worker-month in one pass over the events. */
	if (sc->worker_id == 0 && sc->p->nworkers > 0 && n > 0) {
		all = xreallocarray(NULL, n * sc->p->nworkers, sizeof *all);
		practice_month_states(sc->p, month, n, all);
	}
	for (k = 0; k < n; k++, month = practice_month_next(month)) {
		fold_month(sc, month, all != NULL ? all + k * sc->p->nworkers : NULL, &tm, fo);
		if (t->nmonths < TIMELINE_MAX_MONTHS)
			t->months[t->nmonths++] = tm;
	}
	free(all);
}

/* For one worker the status follows that worker's months. */
static enum practice_status
scope_status(const struct scope *sc, const struct fold *fo)
{
	enum practice_status s = practice_status_of(sc->p);

	if (sc->worker_id == 0 || sc->p->mode != PAYMENT_DIRECT ||
	    (s != STATUS_AUTORIZZATA && s != STATUS_IN_PAGAMENTO && s != STATUS_PAGATA))
		return s;
	if (fo->months > 0 && fo->months_paid == fo->months)
		return STATUS_PAGATA;
	return fo->scope_events > 0 ? STATUS_IN_PAGAMENTO : STATUS_AUTORIZZATA;
}

/*
 * Copies rule text into buf with {data} as day (dd/mm/yyyy) and {sede} as
 * the application's office.
 */
static void
rule_fill(const struct scope *sc, const char *text, int32_t day, char *buf, size_t size)
{
	const char *p = text, *brace;
	char d[16];

	buf[0] = '\0';
	while (*p != '\0') {
		brace = strchr(p, '{');
		if (brace == NULL) {
			text_append(buf, size, "%s", p);
			break;
		}
		text_append(buf, size, "%.*s", (int)(brace - p), p);
		if (strncmp(brace, "{data}", 6) == 0) {
			text_append(buf, size, "%s", day ? day_format_it(day, d, sizeof d) : "-");
			p = brace + 6;
		} else if (strncmp(brace, "{sede}", 6) == 0) {
			text_append(buf, size, "%s", sc->p->office_name[0] != '\0' ?
			    sc->p->office_name : "sede competente");
			p = brace + 6;
		} else {
			text_append(buf, size, "{");
			p = brace + 1;
		}
	}
}

static void
stage_authorised(const struct scope *sc, const struct fold *fo,
    const struct timeline *t, char *buf, size_t size)
{
	char d[16], euro[32];
	size_t left = fo->months - fo->months_paid;
	enum practice_status s = t->status;

	text_append(buf, size, "Autorizzata%s il %s (n. %s), ",
	    sc->p->type == PRACTICE_CIGS ? " con decreto ministeriale" : "",
	    day_format_it(sc->f.authorised_day, d, sizeof d), sc->f.auth_number);
	if (sc->p->mode != PAYMENT_DIRECT)
		text_append(buf, size, "pagamento a conguaglio: "
		    "l'azienda paga l'integrazione con la retribuzione");
	else if (fo->months_closed > 0 && fo->months_closed == left && t->paid_cents == 0)
		/* What is left will never be paid by INPS: not "in pagamento". */
		text_append(buf, size, "nessun pagamento dovuto dall'INPS");
	else if (fo->months_closed > 0 && fo->months_closed == left) {
		/* Some workers or months paid, the rest lapsed or not due. */
		str_format_euro(euro, sizeof euro, t->paid_cents);
		text_append(buf, size, "pagamenti dell'INPS conclusi (%s); il resto non è "
		    "dovuto dall'INPS", euro);
	}
	else if (s == STATUS_AUTORIZZATA)
		text_append(buf, size, "in attesa dei dati di pagamento");
	else if (fo->months_paid == 1)
		text_append(buf, size, "in pagamento: pagato 1 mese su %zu", fo->months);
	else
		text_append(buf, size, "in pagamento: pagati %zu mesi su %zu",
		    fo->months_paid, fo->months);
}

/* "in attesa della decisione della sede" or, by the rules, of the decree. */
static void
stage_waiting(const struct scope *sc, char *buf, size_t size)
{
	char who[RULE_TEXT_SIZE];

	if (sc->decision == NULL) {
		text_append(buf, size, "in attesa della decisione della sede");
		return;
	}
	rule_fill(sc, sc->decision->text, 0, who, sizeof who);
	text_append(buf, size, "in attesa di: %s", who);
}

static void
stage_text(const struct scope *sc, const struct fold *fo, struct timeline *t)
{
	const struct practice_facts *f = &sc->f;
	char d[16], euro[32];

	t->stage[0] = '\0';
	switch (t->status) {
	case STATUS_PRESENTATA:
		if (f->presentata == 0)
			text_append(t->stage, sizeof t->stage, "Nessun evento registrato");
		else
			text_append(t->stage, sizeof t->stage,
			    "Domanda presentata il %s, in attesa di istruttoria",
			    day_format_it(f->presentata_day, d, sizeof d));
		break;
	case STATUS_ISTRUTTORIA:
		text_append(t->stage, sizeof t->stage, "In istruttoria dal %s, ",
		    day_format_it(f->istruttoria_day, d, sizeof d));
		stage_waiting(sc, t->stage, sizeof t->stage);
		break;
	case STATUS_INTEGRAZIONE:
		text_append(t->stage, sizeof t->stage, "Integrazione documentale "
		    "richiesta il %s, in attesa dei documenti dall'azienda",
		    day_format_it(f->integration_day, d, sizeof d));
		break;
	case STATUS_PAGATA:
		str_format_euro(euro, sizeof euro, t->paid_cents);
		text_append(t->stage, sizeof t->stage, "Pagata il %s (totale %s)",
		    day_format_it(fo->last_paid_day, d, sizeof d), euro);
		break;
	case STATUS_RESPINTA:
		text_append(t->stage, sizeof t->stage, "Respinta il %s: %s",
		    day_format_it(f->rejected_day, d, sizeof d), f->reject_reason);
		break;
	case STATUS_ANNULLATA:
		text_append(t->stage, sizeof t->stage, "Annullata il %s",
		    day_format_it(f->cancelled_day, d, sizeof d));
		break;
	default:	/* STATUS_AUTORIZZATA, STATUS_IN_PAGAMENTO */
		stage_authorised(sc, fo, t, t->stage, sizeof t->stage);
		break;
	}
}

/* Who must decide, as a noun phrase: the office or, for CIGS, the Ministry. */
static void
missing_decision(const struct scope *sc, struct timeline *t)
{
	const struct practice_facts *f = &sc->f;
	const char *basis = sc->decision ? sc->decision->reference : "";
	char *line;

	if (f->presentata == 0 || f->authorised || !sc->open ||
	    (line = line_next(t, 0, basis)) == NULL)
		return;
	if (t->status == STATUS_INTEGRAZIONE && f->integration_detail[0] != '\0')
		text_append(line, TIMELINE_LINE_SIZE,
		    "documentazione richiesta all'azienda: %s", f->integration_detail);
	else if (t->status == STATUS_INTEGRAZIONE)
		text_append(line, TIMELINE_LINE_SIZE,
		    "documentazione richiesta all'azienda dalla sede");
	else if (sc->decision != NULL)
		rule_fill(sc, sc->decision->text, 0, line, TIMELINE_LINE_SIZE);
	else if (sc->p->office_name[0] != '\0')
		text_append(line, TIMELINE_LINE_SIZE, "decisione della sede (%s)",
		    sc->p->office_name);
	else
		text_append(line, TIMELINE_LINE_SIZE, "decisione della sede");
}

/* One line for a list of months: prefix, months, then suffix. */
static void
line_months(const struct scope *sc, struct timeline *t, int what, const char *basis,
    const struct month_list *l, const char *prefix, const char *suffix)
{
	char months[160], *line;

	if (l->n == 0 || (line = line_next(t, what, basis)) == NULL)
		return;
	list_render(l, sc->worker_id ? 1 : scope_nworkers(sc), months, sizeof months);
	text_append(line, TIMELINE_LINE_SIZE, "%s%s%s", prefix, months, suffix);
}

/* " (termine 11/04/2026)", " (primo termine ...)", or "" with no deadline. */
static void
term_suffix(const struct month_list *l, char *buf, size_t size)
{
	char d[16];

	buf[0] = '\0';
	if (l->deadline != 0)
		text_append(buf, size, " (%stermine %s)", l->n > 1 ? "primo " : "",
		    day_format_it(l->deadline, d, sizeof d));
}

static void
missing_payments(const struct scope *sc, struct timeline *t, const struct fold *fo)
{
	char suffix[TIMELINE_LINE_SIZE], term[48], d[16], d2[16];
	char *line;

	term_suffix(&fo->rejected, term, sizeof term);
	suffix[0] = '\0';
	if (fo->rejected.reason != NULL)
		text_append(suffix, sizeof suffix, ", scartati (%s)", fo->rejected.reason);
	else
		text_append(suffix, sizeof suffix, ", scartati");
	text_append(suffix, sizeof suffix, ": nuovo invio dall'azienda%s", term);
	line_months(sc, t, 0, fo->rejected.basis, &fo->rejected,
	    "dati di pagamento di ", suffix);
	term_suffix(&fo->waiting, term, sizeof term);
	snprintf(suffix, sizeof suffix, ", dall'azienda%s", term);
	line_months(sc, t, 0, fo->waiting.basis, &fo->waiting,
	    "dati di pagamento di ", suffix);
	if (t->payment_late && (line = line_next(t, 0, "")) != NULL) {
		list_render(&fo->inps, sc->worker_id ? 1 : scope_nworkers(sc), suffix,
		    sizeof suffix);
		text_append(line, TIMELINE_LINE_SIZE, "pagamento dall'INPS di %s, in ritardo: "
		    "dati di pagamento ricevuti il %s, pagamento atteso entro il %s; "
		    "l'operatore può inoltrare una segnalazione alla sede", suffix,
		    day_format_it(fo->max_data_day, d, sizeof d),
		    day_format_it(t->payment_due, d2, sizeof d2));
	}
	line_months(sc, t, 1, fo->decadenza.basis, &fo->decadenza, "termine scaduto per ",
	    ": il pagamento è a carico dell'azienda");
	if (!t->payment_late)
		line_months(sc, t, 1, "", &fo->inps, "dati di pagamento ricevuti per ",
		    ": pagamento in lavorazione all'INPS");
	line_months(sc, t, 1, "", &fo->domiciliato, "IBAN respinto, pagato con bonifico "
	    "domiciliato per ", ": da riscuotere in un ufficio postale con documento "
	    "d'identità e codice fiscale");
}

/* The employer's term to recover what it advanced (conguaglio). */
static void
notes_conguaglio(const struct scope *sc, struct timeline *t)
{
	char *line;

	if ((line = line_next(t, 1, "")) != NULL)
		text_append(line, TIMELINE_LINE_SIZE, "pagamento a conguaglio: "
		    "l'integrazione la paga l'azienda con la retribuzione, non l'INPS");
	if (sc->conguaglio == NULL || (line = line_next(t, 1, t->conguaglio_basis)) == NULL)
		return;
	if (t->conguaglio_lapsed)
		text_append(line, TIMELINE_LINE_SIZE, "termine scaduto: ");
	rule_fill(sc, sc->conguaglio->text, t->conguaglio_deadline, line + strlen(line),
	    TIMELINE_LINE_SIZE - strlen(line));
}

static void
missing_text(const struct scope *sc, const struct fold *fo, struct timeline *t)
{
	missing_decision(sc, t);
	if (sc->p->mode == PAYMENT_DIRECT)
		missing_payments(sc, t, fo);
	else if (sc->open)
		notes_conguaglio(sc, t);
}

static int
estimate_applies(const struct scope *sc, const struct fold *fo, enum practice_status s)
{
	if (sc->p->mode != PAYMENT_DIRECT || !sc->open || sc->f.presentata == 0 ||
	    s == STATUS_PAGATA)
		return 0;
	/* Late filing that covers nothing: nothing will be paid. */
	if (sc->covered_from > sc->p->period_to)
		return 0;
	return !sc->f.authorised || fo->need_data || fo->any_data;
}

static void
estimate_needs(const struct scope *sc, const struct fold *fo, int need[SPAN_COUNT])
{
	need[SPAN_DECISION] = !sc->f.authorised;
	need[SPAN_PAYMENT_DATA] = !sc->f.authorised || fo->need_data;
	need[SPAN_PAYMENT] = 1;
}

/*
 * Fills days[0..2][span] (low, expected, high) from history or fallback;
 * returns the source and sets *samples.
 */
static enum estimate_source
estimate_spans(const struct span_stats *stats, const struct timeline_params *pa,
    const int need[SPAN_COUNT], int32_t days[3][SPAN_COUNT], int32_t *samples)
{
	int32_t min = pa->min_samples > 1 ? pa->min_samples : 1, f;
	int s, history = stats != NULL;

	*samples = 0;
	for (s = 0; s < SPAN_COUNT && history; s++)
		if (need[s] && stats[s].samples < min)
			history = 0;
	for (s = 0; s < SPAN_COUNT; s++) {
		if (history) {
			days[0][s] = max32(stats[s].p25, 0);
			days[1][s] = max32(stats[s].p50, 0);
			days[2][s] = max32(stats[s].p75, 0);
			if (need[s] && (*samples == 0 || stats[s].samples < *samples))
				*samples = stats[s].samples;
			continue;
		}
		f = max32(pa->fallback_days[s], 0);
		days[0][s] = f * 3 / 4;
		days[1][s] = f;
		days[2][s] = (f * 3 + 1) / 2;
	}
	return history ? ESTIMATE_HISTORY : ESTIMATE_FALLBACK;
}

static int32_t
estimate_at(const struct scope *sc, const struct fold *fo, const int32_t span[SPAN_COUNT])
{
	int32_t today = sc->today, t = today;

	if (!sc->f.authorised) {
		t = max32(today, sc->f.presentata_day + span[SPAN_DECISION]) +
		    span[SPAN_PAYMENT_DATA];
		return max32(t, sc->p->period_to + 1) + span[SPAN_PAYMENT];
	}
	if (fo->need_data) {
		t = max32(today, sc->f.authorised_day + span[SPAN_PAYMENT_DATA]);
		t = max32(t, fo->data_floor) + span[SPAN_PAYMENT];
	}
	if (fo->any_data)
		t = max32(t, fo->max_data_day + span[SPAN_PAYMENT]);
	return t;
}

static void
estimate(const struct scope *sc, const struct fold *fo,
    const struct span_stats *stats, struct timeline *t)
{
	int need[SPAN_COUNT];
	int32_t days[3][SPAN_COUNT];

	if (!estimate_applies(sc, fo, t->status))
		return;
	estimate_needs(sc, fo, need);
	t->source = estimate_spans(stats, sc->params, need, days, &t->history_samples);
	/*
	 * INPS's payment is late when even the slow estimate from the last
	 * valid payment data is behind today (issue 11.4): then no date is
	 * invented unless months still wait for data.
	 */
	if (fo->any_data && fo->max_data_day + days[2][SPAN_PAYMENT] < sc->today) {
		t->payment_late = 1;
		t->payment_due = fo->max_data_day + days[2][SPAN_PAYMENT];
		if (!fo->need_data) {
			t->source = ESTIMATE_NONE;
			t->history_samples = 0;
			return;
		}
	}
	t->expected = estimate_at(sc, fo, days[1]);
	t->expected_low = estimate_at(sc, fo, days[0]);
	t->expected_high = estimate_at(sc, fo, days[2]);
	/* Inconsistent percentiles must not give an inverted range. */
	if (t->expected_low > t->expected)
		t->expected_low = t->expected;
	if (t->expected_high < t->expected)
		t->expected_high = t->expected;
}

static int64_t
paid_total(const struct practice *p, int64_t worker_id)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < p->nevents; i++)
		if ((p->events[i].kind == EV_PAGATA || p->events[i].kind == EV_DOMICILIATO) &&
		    (worker_id == 0 || p->events[i].worker_id == worker_id))
			sum += p->events[i].amount_cents;
	return sum;
}

/* The causale's class: unknown causali count as ordinary ones. */
static enum causale_class
scope_class(const struct timeline_rules *r, const struct practice *p)
{
	const struct causale *c = timeline_causale_find(r, p->reason);

	return c != NULL ? c->cls : CAUSALE_ORDINARIA;
}

/* The filing term, and what filing late costs (covered_from). */
static void
apply_filing(struct scope *sc, struct timeline *t)
{
	const struct practice *p = sc->p;
	const struct timeline_rule *rule, *late;

	if (sc->rules == NULL) {
		t->filing_deadline = p->period_from + sc->params->filing_days;
	} else if ((rule = timeline_rule_find(sc->rules, RULE_FILING, p->type, sc->cls,
	    p->period_from)) != NULL) {
		t->filing_deadline = rule_term_apply(&rule->term, p->period_from);
		rule_fill(sc, rule->text, t->filing_deadline, t->filing_text,
		    sizeof t->filing_text);
		str_lcpy(t->filing_basis, rule->reference, sizeof t->filing_basis);
	}
	t->filed_late = sc->f.presentata > 0 && t->filing_deadline != 0 &&
	    sc->f.presentata_day > t->filing_deadline;
	if (!t->filed_late || sc->rules == NULL || (late = timeline_rule_find(sc->rules,
	    RULE_LATE_FILING, p->type, sc->cls, p->period_from)) == NULL)
		return;
	/* No term: nothing is covered; otherwise counted from the filing day. */
	sc->covered_from = late->term.unit == TERM_NONE ? p->period_to + 1 :
	    rule_term_apply(&late->term, sc->f.presentata_day);
	if (sc->covered_from <= p->period_from) {
		sc->covered_from = 0;	/* late, but the whole period is still covered */
		return;
	}
	t->covered_from = sc->covered_from;
	if (t->nnotes < TIMELINE_MAX_NOTES) {
		str_lcpy(t->note_basis[t->nnotes], late->reference, RULE_REF_SIZE);
		rule_fill(sc, late->text, sc->covered_from, t->notes[t->nnotes++],
		    TIMELINE_LINE_SIZE);
	}
}

/* The employer's six months to recover a conguaglio, once authorised. */
static void
apply_conguaglio(struct scope *sc, struct timeline *t)
{
	const struct practice *p = sc->p;
	int32_t d;

	if (sc->rules == NULL || p->mode != PAYMENT_CONGUAGLIO || !sc->open ||
	    !sc->f.authorised || (sc->conguaglio = timeline_rule_find(sc->rules,
	    RULE_CONGUAGLIO, p->type, sc->cls, p->period_to)) == NULL)
		return;
	/* The pay period is the calendar month in which the period ends. */
	d = rule_term_apply(&sc->conguaglio->term, day_end_of_month(p->period_to, 0));
	if (sc->conguaglio->auth_term.unit != TERM_NONE)
		d = max32(d, rule_term_apply(&sc->conguaglio->auth_term, sc->f.authorised_day));
	t->conguaglio_deadline = d;
	t->conguaglio_lapsed = sc->today > d;
	str_lcpy(t->conguaglio_basis, sc->conguaglio->reference, sizeof t->conguaglio_basis);
}

int
timeline_compute(const struct practice *p, int64_t worker_id,
    const struct span_stats stats[SPAN_COUNT], const struct timeline_params *params,
    int32_t today, struct timeline *out)
{
	struct scope sc;
	struct fold fo;

	if (p == NULL || params == NULL || out == NULL)
		return ERR_INVALID;
	if (worker_id != 0 && practice_find_worker(p, worker_id) == NULL)
		return ERR_NOTFOUND;
	memset(out, 0, sizeof *out);
	memset(&fo, 0, sizeof fo);
	memset(&sc, 0, sizeof sc);
	sc.p = p;
	sc.params = params;
	sc.worker_id = worker_id;
	sc.today = today;
	sc.rules = params->rules;
	practice_facts_of(p, &sc.f);
	sc.open = !sc.f.rejected && !sc.f.cancelled;
	sc.payable = sc.open && sc.f.authorised && p->mode == PAYMENT_DIRECT;
	sc.cls = scope_class(sc.rules, p);
	sc.decision = timeline_rule_find(sc.rules, RULE_DECISION, p->type, sc.cls, p->period_from);
	out->causale_class = causale_class_name(sc.cls);

	apply_filing(&sc, out);
	apply_conguaglio(&sc, out);
	out->paid_cents = paid_total(p, worker_id);
	fold_months(&sc, out, &fo);
	out->status = scope_status(&sc, &fo);
	stage_text(&sc, &fo, out);
	estimate(&sc, &fo, stats, out);
	missing_text(&sc, &fo, out);
	return 0;
}

char *
timeline_missing_join(const struct timeline *t, char *buf, size_t size)
{
	size_t i;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < t->nmissing; i++)
		text_append(buf, size, "%s%s", i ? "; " : "", t->missing[i]);
	if (t->nmissing == 0)
		str_lcpy(buf, "nessuno", size);
	return buf;
}
