/*
 * timeline: where an application stands, what is missing and from whom,
 * which payment-data deadlines apply and when the payment is expected.
 * Pure code over a loaded struct practice; nothing here allocates.
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
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "practice.h"

#define LIST_SHOWN 3	/* months named in a missing[] line */

/* Months sharing one condition, for one line of missing[]. */
struct month_list {
	int32_t shown[LIST_SHOWN];
	size_t n;		/* months in the list, named or not */
	int32_t last;		/* the last month added */
	int32_t deadline;	/* earliest payment-data deadline among them */
	const char *reason;	/* first scarto reason found */
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
};

/* Accumulated over every month and worker in scope. */
struct fold {
	struct month_list decadenza, rejected, waiting, inps, domiciliato;
	size_t months, months_paid;
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

static char *
missing_next(struct timeline *t)
{
	char *line;

	/* Lines come most important first; what does not fit is dropped. */
	if (t->nmissing >= TIMELINE_MAX_MISSING)
		return NULL;
	line = t->missing[t->nmissing++];
	line[0] = '\0';
	return line;
}

static void
list_add(struct month_list *l, int32_t month, int32_t deadline, const char *reason)
{
	if (l->n > 0 && l->last == month)
		return;		/* another worker, same month */
	if (l->n < LIST_SHOWN)
		l->shown[l->n] = month;
	l->last = month;
	if (l->n == 0 || deadline < l->deadline)
		l->deadline = deadline;
	if (l->reason == NULL && reason != NULL && reason[0] != '\0')
		l->reason = reason;
	l->n++;
}

/* "gennaio 2026, febbraio 2026 e marzo 2026", "... e altri 4 mesi". */
static void
list_render(const struct month_list *l, char *buf, size_t size)
{
	char m[24];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < l->n && i < LIST_SHOWN; i++)
		text_append(buf, size, "%s%s",
		    i == 0 ? "" : i + 1 == l->n ? " e " : ", ",
		    practice_month_format(l->shown[i], m, sizeof m));
	if (l->n == LIST_SHOWN + 1)
		text_append(buf, size, " e un altro mese");
	else if (l->n > LIST_SHOWN + 1)
		text_append(buf, size, " e altri %zu mesi", l->n - LIST_SHOWN);
}

/* Payment-data deadline of a month: 0 when none applies. */
static int32_t
month_deadline(const struct scope *sc, int32_t month)
{
	const struct timeline_params *pa = sc->params;
	int32_t d;

	if (!sc->open || sc->p->mode != PAYMENT_DIRECT)
		return 0;
	d = day_end_of_month(practice_month_first_day(month), pa->payment_data_months);
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

/* Sorts one unpaid worker-month into decadenza, rejected, waiting or INPS. */
static void
fold_unpaid(const struct scope *sc, const struct practice_month_state *st,
    int32_t month, struct timeline_month *tm, struct fold *fo)
{
	int valid = st->data_received && !st->data_rejected;

	if (!sc->payable)
		return;
	/*
	 * Before authorisation no decadenza: the deadline will move to
	 * authorisation + payment_data_days, which is still ahead.
	 */
	if (!st->liquidated &&
	    (valid ? st->data_day > tm->deadline : sc->today > tm->deadline)) {
		tm->decadenza++;
		list_add(&fo->decadenza, month, tm->deadline, NULL);
	} else if (valid) {
		fo->any_data = 1;
		fo->max_data_day = max32(fo->max_data_day, st->data_day);
		list_add(&fo->inps, month, tm->deadline, NULL);
	} else {
		fo->need_data = 1;
		fo->data_floor = max32(fo->data_floor, month_over(sc, month));
		if (st->data_rejected)
			list_add(&fo->rejected, month, tm->deadline, st->reject_reason);
		else
			list_add(&fo->waiting, month, tm->deadline, NULL);
	}
}

static void
fold_month(const struct scope *sc, int32_t month, struct timeline_month *tm,
    struct fold *fo)
{
	struct practice_month_state st;
	size_t i, n = scope_nworkers(sc), paid = 0;
	int64_t wid;

	memset(tm, 0, sizeof *tm);
	tm->month = month;
	tm->deadline = month_deadline(sc, month);
	for (i = 0; i < n; i++) {
		wid = scope_worker(sc, i);
		practice_month_state(sc->p, wid, month, &st);
		fo->scope_events += st.events;
		tm->data_received += st.data_received;
		tm->data_rejected += st.data_rejected;
		tm->domiciliato += st.domiciliato;
		tm->amount_cents += st.amount_cents;
		if (!st.paid) {
			fold_unpaid(sc, &st, month, tm, fo);
			continue;
		}
		paid += wid != 0;
		fo->last_paid_day = max32(fo->last_paid_day, st.paid_day);
		if (st.domiciliato)
			list_add(&fo->domiciliato, month, tm->deadline, NULL);
	}
	tm->paid = paid > 0 && paid == n;
	fo->months++;
	fo->months_paid += tm->paid != 0;
}

static void
fold_months(const struct scope *sc, struct timeline *t, struct fold *fo)
{
	struct timeline_month tm;
	int32_t month;
	size_t k, n;

	n = practice_period_months(sc->p, &month);
	for (k = 0; k < n; k++, month = practice_month_next(month)) {
		fold_month(sc, month, &tm, fo);
		if (t->nmonths < TIMELINE_MAX_MONTHS)
			t->months[t->nmonths++] = tm;
	}
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

static void
stage_authorised(const struct scope *sc, const struct fold *fo,
    enum practice_status s, char *buf, size_t size)
{
	char d[16];

	text_append(buf, size, "Autorizzata il %s (n. %s), ",
	    day_format_it(sc->f.authorised_day, d, sizeof d), sc->f.auth_number);
	if (sc->p->mode != PAYMENT_DIRECT)
		text_append(buf, size, "pagamento a conguaglio: "
		    "l'azienda paga l'integrazione con la retribuzione");
	else if (s == STATUS_AUTORIZZATA)
		text_append(buf, size, "in attesa dei dati di pagamento");
	else if (fo->months_paid == 1)
		text_append(buf, size, "in pagamento: pagato 1 mese su %zu", fo->months);
	else
		text_append(buf, size, "in pagamento: pagati %zu mesi su %zu",
		    fo->months_paid, fo->months);
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
		text_append(t->stage, sizeof t->stage,
		    "In istruttoria dal %s, in attesa della decisione della sede",
		    day_format_it(f->istruttoria_day, d, sizeof d));
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
		stage_authorised(sc, fo, t->status, t->stage, sizeof t->stage);
		break;
	}
}

static void
missing_decision(const struct scope *sc, struct timeline *t)
{
	const struct practice_facts *f = &sc->f;
	char *line;

	if (f->presentata == 0 || f->authorised || !sc->open ||
	    (line = missing_next(t)) == NULL)
		return;
	if (t->status == STATUS_INTEGRAZIONE && f->integration_detail[0] != '\0')
		text_append(line, sizeof t->missing[0],
		    "documentazione richiesta all'azienda: %s", f->integration_detail);
	else if (t->status == STATUS_INTEGRAZIONE)
		text_append(line, sizeof t->missing[0],
		    "documentazione richiesta all'azienda dalla sede");
	else if (sc->p->office_name[0] != '\0')
		text_append(line, sizeof t->missing[0],
		    "in attesa della decisione della sede (%s)", sc->p->office_name);
	else
		text_append(line, sizeof t->missing[0],
		    "in attesa della decisione della sede");
}

/* One line for a list of months: prefix, months, then suffix. */
static void
missing_months(struct timeline *t, const struct month_list *l, const char *prefix,
    const char *suffix)
{
	char months[96], *line;

	if (l->n == 0 || (line = missing_next(t)) == NULL)
		return;
	list_render(l, months, sizeof months);
	text_append(line, sizeof t->missing[0], "%s%s%s", prefix, months, suffix);
}

static void
missing_payments(struct timeline *t, const struct fold *fo)
{
	char suffix[128], d[16];

	missing_months(t, &fo->decadenza, "termine scaduto per ",
	    ": il pagamento è a carico dell'azienda");
	suffix[0] = '\0';
	if (fo->rejected.reason != NULL)
		text_append(suffix, sizeof suffix, " (%s)", fo->rejected.reason);
	text_append(suffix, sizeof suffix, ": l'azienda deve inviarli di nuovo");
	missing_months(t, &fo->rejected, "dati di pagamento scartati per ", suffix);
	suffix[0] = '\0';
	text_append(suffix, sizeof suffix, " (%stermine %s)",
	    fo->waiting.n > 1 ? "primo " : "",
	    day_format_it(fo->waiting.deadline, d, sizeof d));
	missing_months(t, &fo->waiting,
	    "in attesa dei dati di pagamento dall'azienda per ", suffix);
	missing_months(t, &fo->inps, "dati di pagamento ricevuti per ",
	    ": pagamento in lavorazione all'INPS");
	missing_months(t, &fo->domiciliato, "IBAN respinto: il pagamento avverrà "
	    "con bonifico domiciliato, da riscuotere in un ufficio postale (", ")");
}

static void
missing_text(const struct scope *sc, const struct fold *fo, struct timeline *t)
{
	char *line;

	missing_decision(sc, t);
	if (sc->p->mode == PAYMENT_DIRECT) {
		missing_payments(t, fo);
		return;
	}
	if (sc->open && (line = missing_next(t)) != NULL)
		text_append(line, sizeof t->missing[0], "pagamento a conguaglio: "
		    "l'integrazione la paga l'azienda con la retribuzione, non l'INPS");
}

static int
estimate_applies(const struct scope *sc, const struct fold *fo, enum practice_status s)
{
	if (sc->p->mode != PAYMENT_DIRECT || !sc->open || sc->f.presentata == 0 ||
	    s == STATUS_PAGATA)
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
	practice_facts_of(p, &sc.f);
	sc.open = !sc.f.rejected && !sc.f.cancelled;
	sc.payable = sc.open && sc.f.authorised && p->mode == PAYMENT_DIRECT;

	out->filing_deadline = p->period_from + params->filing_days;
	out->filed_late = sc.f.presentata > 0 && sc.f.presentata_day > out->filing_deadline;
	out->paid_cents = paid_total(p, worker_id);
	fold_months(&sc, out, &fo);
	out->status = scope_status(&sc, &fo);
	stage_text(&sc, &fo, out);
	missing_text(&sc, &fo, out);
	estimate(&sc, &fo, stats, out);
	return 0;
}
