/*
 * Unit tests for the timeline engine: deadlines, decadenza, what is
 * missing, and the expected payment date, with hand-computed dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "practice.h"

static const struct timeline_params params = {
	.min_samples = 10,
	.fallback_days = { [SPAN_DECISION] = 30, [SPAN_PAYMENT_DATA] = 20, [SPAN_PAYMENT] = 7 },
	.filing_days = 15,
	.payment_data_months = 2,
	.payment_data_days = 60,
};

static int32_t
D(const char *ymd)
{
	int32_t d = 0;

	assert_int_equal(day_parse(ymd, &d), 0);
	return d;
}

static void
assert_day(int32_t got, const char *want)
{
	char buf[16];

	if (got != D(want))
		fail_msg("got %s, want %s", day_format(got, buf, sizeof buf), want);
}

/* Valid UTF-8, NUL-terminated within size. */
static void
assert_utf8(const char *s, size_t size)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len, k;

	len = strnlen(s, size);
	assert_true(len < size);
	while (i < len) {
		size_t n = u[i] < 0x80 ? 1 : (u[i] & 0xe0) == 0xc0 ? 2 :
		    (u[i] & 0xf0) == 0xe0 ? 3 : (u[i] & 0xf8) == 0xf0 ? 4 : 0;

		assert_true(n > 0 && i + n <= len);
		for (k = 1; k < n; k++)
			assert_int_equal(u[i + k] & 0xc0, 0x80);
		i += n;
	}
}

/* CIGO, pagamento diretto, period from..to, nworkers workers with ids 1.. */
static void
setup_practice(struct practice *p, const char *from, const char *to, size_t nworkers)
{
	size_t i;

	practice_init(p);
	p->period_from = D(from);
	p->period_to = D(to);
	p->nworkers = nworkers;
	p->workers = xcalloc(nworkers, sizeof *p->workers);
	for (i = 0; i < nworkers; i++)
		p->workers[i].worker_id = (int64_t)i + 1;
}

static void
add(struct practice *p, enum event_kind k, const char *ymd, int64_t worker,
    int32_t month, int64_t cents, const char *detail)
{
	struct practice_event ev;
	char why[160];

	memset(&ev, 0, sizeof ev);
	ev.kind = k;
	ev.day = D(ymd);
	ev.worker_id = worker;
	ev.month = month;
	ev.amount_cents = cents;
	str_lcpy(ev.detail, detail, sizeof ev.detail);
	if (practice_check_event(p, &ev, why, sizeof why) != 0)
		fail_msg("refused %s: %s", event_kind_name(k), why);
	practice_add_event(p, &ev);
}

/* Filed 2026-02-03, istruttoria 2026-02-04, authorised 2026-02-10 as AUT123. */
static void
authorise(struct practice *p)
{
	add(p, EV_PRESENTATA, "2026-02-03", 0, 0, 0, "");
	add(p, EV_ISTRUTTORIA, "2026-02-04", 0, 0, 0, "");
	add(p, EV_AUTORIZZATA, "2026-02-10", 0, 0, 0, "AUT123");
}

static void
compute(const struct practice *p, int64_t worker, const struct span_stats *stats,
    const char *today, struct timeline *t)
{
	assert_int_equal(timeline_compute(p, worker, stats, &params, D(today), t), 0);
}

static void
test_deadline_and_decadenza(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-03-31", 2);
	authorise(&p);
	/* January: end of March 2026-03-31 vs 2026-02-10 + 60 = 2026-04-11. */
	compute(&p, 0, NULL, "2026-04-11", &t);
	assert_int_equal(t.nmonths, 3);
	assert_int_equal(t.months[0].month, 202601);
	assert_day(t.months[0].deadline, "2026-04-11");
	assert_day(t.months[1].deadline, "2026-04-30");	/* end of April wins */
	assert_day(t.months[2].deadline, "2026-05-31");
	assert_int_equal(t.months[0].decadenza, 0);	/* not on the day */
	assert_int_equal(t.status, STATUS_AUTORIZZATA);
	assert_string_equal(t.stage,
	    "Autorizzata il 10/02/2026 (n. AUT123), in attesa dei dati di pagamento");
	assert_int_equal(t.nmissing, 1);
	/* A noun phrase naming who must act: it also fills {mancante}. */
	assert_string_equal(t.missing[0], "dati di pagamento di "
	    "gennaio 2026, febbraio 2026 e marzo 2026, dall'azienda (primo termine 11/04/2026)");

	compute(&p, 0, NULL, "2026-04-12", &t);	/* the day after */
	assert_int_equal(t.months[0].decadenza, 2);	/* both workers */
	assert_int_equal(t.months[1].decadenza, 0);
	/* A lapsed term is not something missing (issue 11.7): it is a note. */
	assert_int_equal(t.nmissing, 1);
	assert_int_equal(t.nnotes, 1);
	assert_string_equal(t.notes[0],
	    "termine scaduto per gennaio 2026: il pagamento è a carico dell'azienda");
	assert_string_equal(t.missing[0], "dati di pagamento di "
	    "febbraio 2026 e marzo 2026, dall'azienda (primo termine 30/04/2026)");

	compute(&p, 1, NULL, "2026-04-12", &t);
	assert_int_equal(t.months[0].decadenza, 1);
	practice_clear(&p);
}

static void
test_deadline_month_rule(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	/* Authorised 2026-01-20: + 60 = 2026-03-21, before the end of March. */
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	add(&p, EV_PRESENTATA, "2026-01-10", 0, 0, 0, "");
	add(&p, EV_AUTORIZZATA, "2026-01-20", 0, 0, 0, "AUT9");
	compute(&p, 0, NULL, "2026-03-31", &t);
	assert_day(t.months[0].deadline, "2026-03-31");
	assert_int_equal(t.months[0].decadenza, 0);
	compute(&p, 0, NULL, "2026-04-01", &t);
	assert_int_equal(t.months[0].decadenza, 1);
	/* Only decadenza left: INPS will not pay, no estimate. */
	assert_int_equal(t.source, ESTIMATE_NONE);
	assert_int_equal(t.expected, 0);
	practice_clear(&p);
}

static void
test_late_data_is_decadenza(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	authorise(&p);
	add(&p, EV_DATI_PAGAMENTO, "2026-04-12", 1, 202601, 0, "UNIEMENS");
	compute(&p, 0, NULL, "2026-04-13", &t);
	assert_int_equal(t.months[0].data_received, 1);
	assert_int_equal(t.months[0].decadenza, 1);
	practice_clear(&p);

	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	authorise(&p);
	add(&p, EV_DATI_PAGAMENTO, "2026-04-11", 1, 202601, 0, "UNIEMENS");
	compute(&p, 0, NULL, "2026-04-20", &t);
	assert_int_equal(t.months[0].decadenza, 0);
	assert_int_equal(t.nmissing, 0);
	assert_string_equal(t.notes[0], "dati di pagamento ricevuti per gennaio 2026: "
	    "pagamento in lavorazione all'INPS");
	/*
	 * Issue 11.4: on 13/05 even the slow estimate (11/04 + 7 * 3/2 rounded
	 * up = 11 days: 22/04) is past.  No made-up date (it used to be "today,
	 * between today and today"): the payment is late, since when, and what
	 * the person can do.
	 */
	compute(&p, 0, NULL, "2026-05-13", &t);
	assert_int_equal(t.payment_late, 1);
	assert_day(t.payment_due, "2026-04-22");
	assert_int_equal(t.expected, 0);
	assert_int_equal(t.source, ESTIMATE_NONE);
	assert_string_equal(t.missing[0], "pagamento dall'INPS di gennaio 2026, in ritardo: "
	    "dati di pagamento ricevuti il 11/04/2026, pagamento atteso entro il 22/04/2026; "
	    "l'operatore può inoltrare una segnalazione alla sede");
	/* The day it is still due: not late. */
	compute(&p, 0, NULL, "2026-04-22", &t);
	assert_int_equal(t.payment_late, 0);
	assert_day(t.expected_high, "2026-04-22");
	practice_clear(&p);
}

static void
test_before_authorisation(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	add(&p, EV_PRESENTATA, "2026-02-03", 0, 0, 0, "");
	compute(&p, 0, NULL, "2026-02-03", &t);
	assert_int_equal(t.status, STATUS_PRESENTATA);
	assert_string_equal(t.stage, "Domanda presentata il 03/02/2026, in attesa di istruttoria");
	add(&p, EV_ISTRUTTORIA, "2026-02-04", 0, 0, 0, "");
	/* Month rule alone, and no decadenza while the decision is pending. */
	compute(&p, 0, NULL, "2026-06-01", &t);
	assert_int_equal(t.status, STATUS_ISTRUTTORIA);
	assert_string_equal(t.stage,
	    "In istruttoria dal 04/02/2026, in attesa della decisione della sede");
	assert_day(t.months[0].deadline, "2026-03-31");
	assert_int_equal(t.months[0].decadenza, 0);
	assert_int_equal(t.nmissing, 1);
	assert_string_equal(t.missing[0], "decisione della sede");
	str_lcpy(p.office_name, "Roma Tuscolano", sizeof p.office_name);
	add(&p, EV_RICHIESTA_INTEGRAZIONE, "2026-02-06", 0, 0, 0, "relazione tecnica");
	compute(&p, 0, NULL, "2026-02-07", &t);
	assert_int_equal(t.status, STATUS_INTEGRAZIONE);
	assert_string_equal(t.missing[0], "documentazione richiesta all'azienda: relazione tecnica");
	add(&p, EV_ISTRUTTORIA, "2026-02-09", 0, 0, 0, "");
	compute(&p, 0, NULL, "2026-02-09", &t);
	assert_string_equal(t.missing[0], "decisione della sede (Roma Tuscolano)");
	practice_clear(&p);
}

static void
test_filing_deadline(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-05", "2026-01-31", 1);
	add(&p, EV_PRESENTATA, "2026-01-20", 0, 0, 0, "");
	compute(&p, 0, NULL, "2026-01-20", &t);
	assert_day(t.filing_deadline, "2026-01-20");
	assert_int_equal(t.filed_late, 0);
	practice_clear(&p);
	setup_practice(&p, "2026-01-05", "2026-01-31", 1);
	add(&p, EV_PRESENTATA, "2026-01-21", 0, 0, 0, "");
	compute(&p, 0, NULL, "2026-01-21", &t);
	assert_int_equal(t.filed_late, 1);
	practice_clear(&p);
}

static void
test_expected_fallback(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	add(&p, EV_PRESENTATA, "2026-02-03", 0, 0, 0, "");
	compute(&p, 0, NULL, "2026-02-03", &t);
	assert_int_equal(t.source, ESTIMATE_FALLBACK);
	assert_int_equal(t.history_samples, 0);
	/* 30 + 20 + 7 = 57 days; low 22 + 15 + 5 = 42; high 45 + 30 + 11 = 86. */
	assert_day(t.expected, "2026-04-01");
	assert_day(t.expected_low, "2026-03-17");
	assert_day(t.expected_high, "2026-04-30");
	/* Decision overdue: it cannot come before today, 2026-05-01 + 20 + 7. */
	compute(&p, 0, NULL, "2026-05-01", &t);
	assert_day(t.expected, "2026-05-28");
	practice_clear(&p);
}

static void
test_expected_history(void **state)
{
	struct practice p;
	struct timeline t;
	struct span_stats stats[SPAN_COUNT] = {
		[SPAN_DECISION] = { .p25 = 20, .p50 = 25, .p75 = 40, .samples = 12 },
		[SPAN_PAYMENT_DATA] = { .p25 = 10, .p50 = 15, .p75 = 30, .samples = 30 },
		[SPAN_PAYMENT] = { .p25 = 5, .p50 = 7, .p75 = 10, .samples = 50 },
	};

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	add(&p, EV_PRESENTATA, "2026-02-03", 0, 0, 0, "");
	compute(&p, 0, stats, "2026-02-03", &t);
	assert_int_equal(t.source, ESTIMATE_HISTORY);
	assert_int_equal(t.history_samples, 12);
	/* 25 + 15 + 7 = 47; 20 + 10 + 5 = 35; 40 + 30 + 10 = 80. */
	assert_day(t.expected, "2026-03-22");
	assert_day(t.expected_low, "2026-03-10");
	assert_day(t.expected_high, "2026-04-24");
	/* One needed span short of samples: fallback for all. */
	stats[SPAN_DECISION].samples = 9;
	compute(&p, 0, stats, "2026-02-03", &t);
	assert_int_equal(t.source, ESTIMATE_FALLBACK);
	assert_day(t.expected, "2026-04-01");

	/* Data received: only the payment span is needed. */
	add(&p, EV_AUTORIZZATA, "2026-02-10", 0, 0, 0, "AUT123");
	add(&p, EV_DATI_PAGAMENTO, "2026-03-01", 1, 202601, 0, "UNIEMENS");
	compute(&p, 0, stats, "2026-03-02", &t);
	assert_int_equal(t.status, STATUS_IN_PAGAMENTO);
	assert_int_equal(t.source, ESTIMATE_HISTORY);
	assert_int_equal(t.history_samples, 50);
	assert_day(t.expected, "2026-03-08");
	assert_day(t.expected_low, "2026-03-06");
	assert_day(t.expected_high, "2026-03-11");
	/*
	 * Issue 11.4.  Data on 01/03, p75 of the payment 10 days: due by 11/03.
	 * On 11/03 still due (never a date in the past); on 12/03 late: no
	 * "intorno al 12/03 (tra il 12/03 e il 12/03)", but since when.
	 */
	compute(&p, 0, stats, "2026-03-11", &t);
	assert_int_equal(t.payment_late, 0);
	assert_day(t.expected, "2026-03-11");
	assert_day(t.expected_high, "2026-03-11");
	compute(&p, 0, stats, "2026-03-12", &t);
	assert_int_equal(t.payment_late, 1);
	assert_day(t.payment_due, "2026-03-11");
	assert_int_equal(t.expected, 0);
	assert_int_equal(t.expected_low, 0);
	assert_int_equal(t.expected_high, 0);
	practice_clear(&p);
}

static void
test_expected_authorised_no_data(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-05-01", "2026-05-31", 1);
	add(&p, EV_PRESENTATA, "2026-05-05", 0, 0, 0, "");
	add(&p, EV_AUTORIZZATA, "2026-05-10", 0, 0, 0, "AUT5");
	/* max(06-15, 05-10 + 20) + 7; low max(06-15, 05-25) + 5; high max(06-15, 06-09) + 11. */
	compute(&p, 0, NULL, "2026-06-15", &t);
	assert_int_equal(t.source, ESTIMATE_FALLBACK);
	assert_day(t.expected, "2026-06-22");
	assert_day(t.expected_low, "2026-06-20");
	assert_day(t.expected_high, "2026-06-26");
	/*
	 * On the authorisation day: 05-10 + 20 = 05-30, but May data exist
	 * only from 06-01: + 7 = 06-08; low max(05-25, 06-01) + 5.
	 */
	compute(&p, 0, NULL, "2026-05-10", &t);
	assert_day(t.expected, "2026-06-08");
	assert_day(t.expected_low, "2026-06-06");
	assert_day(t.expected_high, "2026-06-20");	/* 05-10 + 30 = 06-09, + 11 */
	practice_clear(&p);

	/* Not authorised, period still running: max(02-03 + 30 + 20, 05-01) + 7. */
	setup_practice(&p, "2026-02-01", "2026-04-30", 1);
	add(&p, EV_PRESENTATA, "2026-02-03", 0, 0, 0, "");
	compute(&p, 0, NULL, "2026-02-03", &t);
	assert_day(t.expected, "2026-05-08");
	practice_clear(&p);
}

static void
test_iban_domiciliato(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	authorise(&p);
	add(&p, EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS");
	add(&p, EV_LIQUIDATA, "2026-03-02", 1, 202601, 0, "");
	add(&p, EV_DOMICILIATO, "2026-03-09", 1, 202601, 40000, "");
	compute(&p, 1, NULL, "2026-03-10", &t);
	assert_int_equal(t.status, STATUS_PAGATA);
	assert_string_equal(t.stage, "Pagata il 09/03/2026 (totale 400,00 \xe2\x82\xac)");
	assert_int_equal(t.months[0].paid, 1);
	assert_int_equal(t.months[0].domiciliato, 1);
	assert_int_equal(t.months[0].amount_cents, 40000);
	assert_int_equal(t.paid_cents, 40000);
	assert_int_equal(t.source, ESTIMATE_NONE);
	assert_int_equal(t.expected, 0);
	/* Already paid: nothing missing, and the past tense (issue 12). */
	assert_int_equal(t.nmissing, 0);
	assert_int_equal(t.nnotes, 1);
	assert_string_equal(t.notes[0], "IBAN respinto, pagato con bonifico domiciliato per "
	    "gennaio 2026: da riscuotere in un ufficio postale con documento d'identità e "
	    "codice fiscale");
	practice_clear(&p);
}

static void
test_scartati(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	authorise(&p);
	add(&p, EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS");
	add(&p, EV_DATI_SCARTATI, "2026-02-22", 1, 202601, 0, "IBAN non valido");
	compute(&p, 0, NULL, "2026-02-23", &t);
	assert_int_equal(t.status, STATUS_IN_PAGAMENTO);
	assert_int_equal(t.months[0].data_received, 1);
	assert_int_equal(t.months[0].data_rejected, 1);
	assert_int_equal(t.nmissing, 1);
	assert_string_equal(t.missing[0], "dati di pagamento di gennaio 2026, scartati "
	    "(IBAN non valido): nuovo invio dall'azienda (termine 11/04/2026)");
	/* Needs new data: max(02-23, 02-10 + 20) + 7. */
	assert_day(t.expected, "2026-03-09");
	add(&p, EV_DATI_PAGAMENTO, "2026-02-25", 1, 202601, 0, "UNIEMENS");
	compute(&p, 0, NULL, "2026-02-26", &t);
	assert_int_equal(t.months[0].data_rejected, 0);
	assert_day(t.expected, "2026-03-04");
	practice_clear(&p);
}

static void
test_conguaglio(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	p.mode = PAYMENT_CONGUAGLIO;
	add(&p, EV_PRESENTATA, "2026-02-03", 0, 0, 0, "");
	compute(&p, 0, NULL, "2026-02-04", &t);
	assert_int_equal(t.source, ESTIMATE_NONE);
	assert_int_equal(t.nmissing, 1);
	assert_string_equal(t.missing[0], "decisione della sede");
	add(&p, EV_AUTORIZZATA, "2026-02-10", 0, 0, 0, "AUT123");
	compute(&p, 0, NULL, "2026-12-01", &t);
	assert_int_equal(t.status, STATUS_AUTORIZZATA);
	assert_string_equal(t.stage, "Autorizzata il 10/02/2026 (n. AUT123), pagamento a "
	    "conguaglio: l'azienda paga l'integrazione con la retribuzione");
	/* Nothing is missing: "Manca:" must not carry it (issue 11.7). */
	assert_int_equal(t.nmissing, 0);
	assert_string_equal(t.notes[0], "pagamento a conguaglio: l'integrazione la paga "
	    "l'azienda con la retribuzione, non l'INPS");
	assert_int_equal(t.nmonths, 1);
	assert_int_equal(t.months[0].deadline, 0);
	assert_int_equal(t.months[0].decadenza, 0);
	assert_int_equal(t.source, ESTIMATE_NONE);
	assert_int_equal(t.expected, 0);
	practice_clear(&p);
}

static void
test_respinta_annullata(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	add(&p, EV_PRESENTATA, "2026-02-03", 0, 0, 0, "");
	add(&p, EV_RESPINTA, "2026-02-10", 0, 0, 0, "causale non ammessa");
	compute(&p, 0, NULL, "2026-12-01", &t);
	assert_int_equal(t.status, STATUS_RESPINTA);
	assert_string_equal(t.stage, "Respinta il 10/02/2026: causale non ammessa");
	assert_int_equal(t.nmissing, 0);
	assert_int_equal(t.source, ESTIMATE_NONE);
	assert_int_equal(t.months[0].deadline, 0);
	assert_int_equal(t.months[0].decadenza, 0);
	practice_clear(&p);

	setup_practice(&p, "2026-01-01", "2026-01-31", 1);
	authorise(&p);
	add(&p, EV_ANNULLATA, "2026-02-12", 0, 0, 0, "");
	compute(&p, 1, NULL, "2026-12-01", &t);
	assert_int_equal(t.status, STATUS_ANNULLATA);
	assert_string_equal(t.stage, "Annullata il 12/02/2026");
	assert_int_equal(t.nmissing, 0);
	assert_int_equal(t.source, ESTIMATE_NONE);
	practice_clear(&p);
}

static void
test_worker_vs_application(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 2);
	authorise(&p);
	add(&p, EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS");
	add(&p, EV_LIQUIDATA, "2026-03-02", 1, 202601, 0, "");
	add(&p, EV_PAGATA, "2026-03-04", 1, 202601, 50000, "");

	compute(&p, 0, NULL, "2026-03-10", &t);
	assert_int_equal(t.status, STATUS_IN_PAGAMENTO);
	assert_string_equal(t.stage,
	    "Autorizzata il 10/02/2026 (n. AUT123), in pagamento: pagati 0 mesi su 1");
	assert_int_equal(t.months[0].paid, 0);	/* worker 2 is not paid */
	assert_int_equal(t.months[0].data_received, 1);
	assert_int_equal(t.months[0].amount_cents, 50000);
	assert_int_equal(t.paid_cents, 50000);
	/* True for each worker: only one of the two still needs data. */
	assert_string_equal(t.missing[0], "dati di pagamento di gennaio 2026 (1 lavoratore "
	    "su 2), dall'azienda (termine 11/04/2026)");
	/* Worker 2 still needs data: max(03-10, 02-10 + 20) + 7. */
	assert_int_equal(t.source, ESTIMATE_FALLBACK);
	assert_day(t.expected, "2026-03-17");

	compute(&p, 1, NULL, "2026-03-10", &t);
	assert_int_equal(t.status, STATUS_PAGATA);
	assert_string_equal(t.stage, "Pagata il 04/03/2026 (totale 500,00 \xe2\x82\xac)");
	assert_int_equal(t.months[0].paid, 1);
	assert_int_equal(t.paid_cents, 50000);
	assert_int_equal(t.nmissing, 0);
	assert_int_equal(t.source, ESTIMATE_NONE);

	compute(&p, 2, NULL, "2026-03-10", &t);
	assert_int_equal(t.status, STATUS_AUTORIZZATA);
	assert_int_equal(t.months[0].data_received, 0);
	assert_int_equal(t.months[0].amount_cents, 0);
	assert_int_equal(t.paid_cents, 0);
	assert_int_equal(t.nmissing, 1);
	assert_string_equal(t.missing[0], "dati di pagamento di "
	    "gennaio 2026, dall'azienda (termine 11/04/2026)");
	assert_day(t.expected, "2026-03-17");

	assert_int_equal(timeline_compute(&p, 99, NULL, &params, D("2026-03-10"), &t),
	    ERR_NOTFOUND);
	assert_int_equal(timeline_compute(&p, 0, NULL, NULL, D("2026-03-10"), &t), ERR_INVALID);

	/* Worker 2 paid too: the whole application is paid. */
	add(&p, EV_DATI_PAGAMENTO, "2026-03-05", 2, 202601, 0, "UNIEMENS");
	add(&p, EV_LIQUIDATA, "2026-03-06", 2, 202601, 0, "");
	add(&p, EV_PAGATA, "2026-03-11", 2, 202601, 30000, "");
	compute(&p, 0, NULL, "2026-03-12", &t);
	assert_int_equal(t.status, STATUS_PAGATA);
	assert_int_equal(t.months[0].paid, 1);
	assert_int_equal(t.paid_cents, 80000);
	assert_string_equal(t.stage, "Pagata il 11/03/2026 (totale 800,00 \xe2\x82\xac)");
	assert_int_equal(t.source, ESTIMATE_NONE);
	practice_clear(&p);
}

static void
test_long_period(void **state)
{
	struct practice p;
	struct timeline t;
	char number[96];
	size_t i;

	(void)state;
	/* 30 months; an authorisation number that cannot fit in stage[]. */
	setup_practice(&p, "2024-01-01", "2026-06-30", 2);
	memset(number, 0, sizeof number);
	for (i = 0; i + 2 < sizeof number - 1; i += 2)
		memcpy(number + i, "\xc3\xa8", 2);	/* "è" repeated */
	add(&p, EV_PRESENTATA, "2024-01-10", 0, 0, 0, "");
	add(&p, EV_AUTORIZZATA, "2024-02-01", 0, 0, 0, number);
	add(&p, EV_DATI_PAGAMENTO, "2026-06-01", 1, 202605, 0, "UNIEMENS");
	add(&p, EV_DATI_SCARTATI, "2026-06-02", 1, 202605, 0, number);
	compute(&p, 0, NULL, "2026-07-01", &t);
	assert_int_equal(t.nmonths, TIMELINE_MAX_MONTHS);
	assert_int_equal(t.months[0].month, 202401);
	assert_int_equal(t.months[23].month, 202512);
	assert_int_equal(t.months[23].decadenza, 2);
	assert_utf8(t.stage, sizeof t.stage);
	assert_true(strncmp(t.stage, "Autorizzata il 01/02/2024 (n. \xc3\xa8", 32) == 0);
	assert_true(t.nmissing <= TIMELINE_MAX_MISSING);
	for (i = 0; i < t.nmissing; i++)
		assert_utf8(t.missing[i], sizeof t.missing[i]);
	/* Jan 2024 .. Apr 2026 are past their deadline: 28 months. */
	assert_string_equal(t.notes[0], "termine scaduto per gennaio 2024, febbraio 2024, "
	    "marzo 2024 e altri 25 mesi: il pagamento è a carico dell'azienda");
	/* Worker 1's May data were rejected, worker 2 sent none. */
	assert_true(strncmp(t.missing[0], "dati di pagamento di maggio 2026 (1 lavoratore "
	    "su 2), scartati (", 62) == 0);
	assert_string_equal(t.missing[1], "dati di pagamento di maggio 2026 (1 lavoratore "
	    "su 2) e giugno 2026, dall'azienda (primo termine 31/07/2026)");
	assert_int_equal(t.nmissing, 2);

	/* A corrupt period is bounded, not walked day by day for ever. */
	p.period_to = p.period_from + 3000000;
	compute(&p, 0, NULL, "2026-07-01", &t);
	assert_int_equal(t.nmonths, TIMELINE_MAX_MONTHS);
	practice_clear(&p);
}

static void
test_utf8_truncation(void **state)
{
	struct practice p;
	struct timeline t;
	char reason[96];
	int32_t m;

	(void)state;
	/* "x" then 47 "è": 95 bytes, the longest detail. */
	reason[0] = 'x';
	for (m = 0; m < 47; m++)
		memcpy(reason + 1 + 2 * m, "\xc3\xa8", 2);
	reason[95] = '\0';
	setup_practice(&p, "2026-01-01", "2026-03-31", 1);
	authorise(&p);
	for (m = 202601; m <= 202603; m++) {
		add(&p, EV_DATI_PAGAMENTO, "2026-02-20", 1, m, 0, "UNIEMENS");
		add(&p, EV_DATI_SCARTATI, "2026-02-21", 1, m, 0, reason);
	}
	compute(&p, 0, NULL, "2026-02-25", &t);
	assert_int_equal(t.nmissing, 1);
	/*
	 * The longest detail still leaves room for the deadline: 21 bytes of
	 * prefix, 40 of months, 12 of ", scartati (", 95 of reason, 27 of
	 * "): nuovo invio dall'azienda", 27 of " (primo termine 11/04/2026)".
	 */
	assert_true(strncmp(t.missing[0], "dati di pagamento di gennaio 2026, "
	    "febbraio 2026 e marzo 2026, scartati (x\xc3\xa8", 76) == 0);
	assert_int_equal(strlen(t.missing[0]), 222);
	assert_true(strstr(t.missing[0], "(primo termine 11/04/2026)") != NULL);
	assert_utf8(t.missing[0], sizeof t.missing[0]);
	practice_clear(&p);
}

static void
test_no_workers_loaded(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31", 0);
	authorise(&p);
	compute(&p, 0, NULL, "2026-02-11", &t);
	assert_int_equal(t.status, STATUS_AUTORIZZATA);
	assert_int_equal(t.months[0].paid, 0);
	assert_string_equal(t.missing[0], "dati di pagamento di "
	    "gennaio 2026, dall'azienda (termine 11/04/2026)");
	assert_day(t.expected, "2026-03-09");
	practice_clear(&p);
}

/*
 * The law's rules from data/timeline_rules.csv and data/causali.csv (the
 * files the database is created from), read as the store reads them.
 */
static struct timeline_rules law;

static void
law_read(const char *path, int rules)
{
	const char *f[RULE_FIELDS];
	char why[160], got[256];
	struct csv *csv;
	FILE *fp = fopen(path, "r");
	int n, k, nf = rules ? RULE_FIELDS : CAUSALE_FIELDS;

	assert_non_null(fp);
	csv = csv_open(fp);
	assert_true(csv_header_is(csv, rules ? timeline_rules_header : causali_header,
	    got, sizeof got));
	while ((n = csv_read(csv)) > 0) {
		assert_int_equal(n, nf);
		for (k = 0; k < nf; k++)
			f[k] = csv_field(csv, k);
		if ((rules ? timeline_rules_add_rule(&law, f, why, sizeof why) :
		    timeline_rules_add_causale(&law, f, why, sizeof why)) < 0)
			fail_msg("%s:%ld: %s", path, csv_line(csv), why);
	}
	csv_free(csv);
	fclose(fp);
}

static int
law_setup(void **state)
{
	(void)state;
	timeline_rules_init(&law);
	law_read("data/timeline_rules.csv", 1);
	law_read("data/causali.csv", 0);
	return 0;
}

static int
law_teardown(void **state)
{
	(void)state;
	timeline_rules_clear(&law);
	return 0;
}

static void
law_compute(const struct practice *p, int64_t worker, const char *today, struct timeline *t)
{
	struct timeline_params pa = params;

	pa.rules = &law;
	assert_int_equal(timeline_compute(p, worker, NULL, &pa, D(today), t), 0);
}

/* A practice of type, causale reason, period from..to, one worker, filed on filed. */
static void
law_practice(struct practice *p, enum practice_type type, const char *reason,
    const char *from, const char *to, const char *filed)
{
	setup_practice(p, from, to, 1);
	p->type = type;
	str_lcpy(p->reason, reason, sizeof p->reason);
	add(p, EV_PRESENTATA, filed, 0, 0, 0, "");
}

static void
test_rules_parse_errors(void **state)
{
	const char *f[RULE_FIELDS] = { "x", "domanda", "CIGO", "*", "2020-01-01",
	    "2019-12-31", "giorni+15", "-", "art. 1", "entro il {data}", "n" };
	const char *c[CAUSALE_FIELDS] = { "meteo", "Eventi meteo", "CIGO XYZ", "ordinaria" };
	struct timeline_rules r;
	char why[160];

	(void)state;
	timeline_rules_init(&r);
	/* Validity ending before it starts. */
	assert_int_equal(timeline_rules_add_rule(&r, f, why, sizeof why), ERR_INVALID);
	f[5] = "2020-12-31";
	f[6] = "settimane+2";
	assert_int_equal(timeline_rules_add_rule(&r, f, why, sizeof why), ERR_INVALID);
	f[6] = "-";	/* {data} with no term to compute it */
	assert_int_equal(timeline_rules_add_rule(&r, f, why, sizeof why), ERR_INVALID);
	f[6] = "giorni+15";
	assert_int_equal(timeline_rules_add_rule(&r, f, why, sizeof why), 0);
	assert_int_equal(timeline_rules_add_causale(&r, c, why, sizeof why), ERR_INVALID);
	assert_non_null(strstr(why, "CIGO XYZ"));
	c[2] = "CIGO";
	assert_int_equal(timeline_rules_add_causale(&r, c, why, sizeof why), 0);
	assert_int_equal(timeline_rules_add_causale(&r, c, why, sizeof why), ERR_INVALID);
	assert_non_null(timeline_causale_find(&r, "EVENTI METEO"));
	timeline_rules_clear(&r);
}

/*
 * Art. 15 c. 2 and c. 3 D.Lgs. 148/2015 (issue 12).  Ordinary CIGO from
 * 22/06/2026: 22/06 + 15 = 07/07/2026.  Weather (evento oggettivamente non
 * evitabile) on 22/06/2026: end of the month after the event = 31/07/2026,
 * so filing on 30/07 and on 31/07 is on time, on 01/08 late.
 */
static void
test_rule_filing_non_evitabile(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	law_practice(&p, PRACTICE_CIGO, "Mancanza di lavoro o di commesse", "2026-06-22",
	    "2026-06-30", "2026-07-07");
	law_compute(&p, 0, "2026-07-08", &t);
	assert_day(t.filing_deadline, "2026-07-07");
	assert_int_equal(t.filed_late, 0);		/* the day of */
	assert_string_equal(t.filing_basis, "art. 15 c. 2 D.Lgs. 148/2015");
	assert_string_equal(t.causale_class, "ordinaria");
	practice_clear(&p);

	law_practice(&p, PRACTICE_CIGO, "Eventi meteo avversi", "2026-06-22", "2026-06-30",
	    "2026-07-30");
	law_compute(&p, 0, "2026-08-01", &t);
	assert_day(t.filing_deadline, "2026-07-31");
	assert_int_equal(t.filed_late, 0);
	assert_int_equal(t.covered_from, 0);
	assert_string_equal(t.filing_basis, "art. 15 c. 3 D.Lgs. 148/2015");
	assert_string_equal(t.causale_class, "non_evitabile");
	assert_non_null(strstr(t.filing_text, "entro il 31/07/2026"));
	practice_clear(&p);

	law_practice(&p, PRACTICE_CIGO, "eventi meteo avversi", "2026-06-22", "2026-06-30",
	    "2026-07-31");
	law_compute(&p, 0, "2026-08-01", &t);
	assert_int_equal(t.filed_late, 0);		/* the day of */
	practice_clear(&p);

	law_practice(&p, PRACTICE_CIGO, "Eventi meteo avversi", "2026-06-22", "2026-06-30",
	    "2026-08-01");
	law_compute(&p, 0, "2026-08-02", &t);
	assert_int_equal(t.filed_late, 1);		/* the day after */
	/* 01/08 - 7 = 25/07, after the period: nothing is due. */
	assert_day(t.covered_from, "2026-07-25");
	assert_int_equal(t.months[0].not_due, 1);
	practice_clear(&p);
}

/*
 * Art. 15 c. 4 D.Lgs. 148/2015: filed late, nothing is due for periods
 * earlier than one week before filing.  CIGO from 02/03/2026 (deadline
 * 02/03 + 15 = 17/03/2026) filed on 25/03/2026: covered from 25/03 - 7 =
 * 18/03/2026.  With a period from 02/02/2026 to 31/03/2026 February is not
 * due at all (no deadline, no decadenza), March is.
 */
static void
test_rule_late_filing_one_week(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	law_practice(&p, PRACTICE_CIGO, "Crisi temporanea di mercato", "2026-03-02",
	    "2026-03-31", "2026-03-17");
	law_compute(&p, 0, "2026-03-20", &t);
	assert_day(t.filing_deadline, "2026-03-17");
	assert_int_equal(t.filed_late, 0);
	assert_int_equal(t.covered_from, 0);
	practice_clear(&p);

	law_practice(&p, PRACTICE_CIGO, "Crisi temporanea di mercato", "2026-03-02",
	    "2026-03-31", "2026-03-25");
	law_compute(&p, 0, "2026-03-26", &t);
	assert_int_equal(t.filed_late, 1);
	assert_day(t.covered_from, "2026-03-18");
	assert_string_equal(t.notes[0], "domanda presentata oltre il termine: nessuna "
	    "integrazione per i periodi prima del 18/03/2026");
	assert_string_equal(t.note_basis[0], "art. 15 c. 4 D.Lgs. 148/2015");
	assert_int_equal(t.months[0].not_due, 0);	/* 18-31/03 still due */
	practice_clear(&p);

	law_practice(&p, PRACTICE_FIS, "Calo degli ordinativi", "2026-02-02", "2026-03-31",
	    "2026-03-25");
	add(&p, EV_AUTORIZZATA, "2026-04-10", 0, 0, 0, "AUT7");
	law_compute(&p, 0, "2026-07-01", &t);
	assert_int_equal(t.nmonths, 2);
	assert_int_equal(t.months[0].not_due, 1);
	assert_int_equal(t.months[0].deadline, 0);
	assert_int_equal(t.months[0].decadenza, 0);
	/* March: max(end of May 31/05, 10/04 + 60 = 09/06) = 09/06/2026. */
	assert_day(t.months[1].deadline, "2026-06-09");
	assert_string_equal(t.months[1].basis, "art. 7 c. 5-bis D.Lgs. 148/2015");
	practice_clear(&p);
}

/*
 * Art. 25 D.Lgs. 148/2015: CIGS is filed within 7 days of the end of the
 * union procedure or of the company agreement (dates not held here: no
 * date, no lateness) and authorised by ministerial decree.
 */
static void
test_rule_cigs_decree(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	law_practice(&p, PRACTICE_CIGS, "Riorganizzazione aziendale", "2026-01-05",
	    "2026-06-30", "2026-03-01");
	add(&p, EV_ISTRUTTORIA, "2026-03-02", 0, 0, 0, "");
	law_compute(&p, 0, "2026-03-10", &t);
	assert_int_equal(t.filing_deadline, 0);
	assert_int_equal(t.filed_late, 0);
	assert_string_equal(t.filing_basis, "art. 25 c. 1 D.Lgs. 148/2015");
	assert_string_equal(t.stage, "In istruttoria dal 02/03/2026, in attesa di: decreto di "
	    "autorizzazione del Ministero del Lavoro e delle Politiche Sociali");
	assert_string_equal(t.missing[0], "decreto di autorizzazione del Ministero del "
	    "Lavoro e delle Politiche Sociali");
	assert_string_equal(t.missing_basis[0], "art. 25 D.Lgs. 148/2015");
	add(&p, EV_AUTORIZZATA, "2026-04-01", 0, 0, 0, "DM 123");
	law_compute(&p, 0, "2026-04-02", &t);
	assert_true(strncmp(t.stage, "Autorizzata con decreto ministeriale il 01/04/2026 "
	    "(n. DM 123)", 60) == 0);
	practice_clear(&p);
}

/*
 * Art. 7 c. 3 D.Lgs. 148/2015: conguaglio within six months of the end of
 * the pay period in which the concession ends, or of the authorisation if
 * later.  Period to 15/03/2026: pay period ends 31/03, + 6 months =
 * 30/09/2026; authorised 10/04/2026 + 6 months = 10/10/2026, later.
 * Leap year: period to 31/08/2027, + 6 months = 29/02/2028 (clamped),
 * authorised 01/08/2027 + 6 months = 01/02/2028: 29/02/2028.
 */
static void
test_rule_conguaglio_six_months(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	law_practice(&p, PRACTICE_CIGO, "Crisi temporanea di mercato", "2026-03-02",
	    "2026-03-15", "2026-03-05");
	p.mode = PAYMENT_CONGUAGLIO;
	add(&p, EV_AUTORIZZATA, "2026-04-10", 0, 0, 0, "AUT1");
	law_compute(&p, 0, "2026-10-10", &t);
	assert_day(t.conguaglio_deadline, "2026-10-10");
	assert_int_equal(t.conguaglio_lapsed, 0);	/* the day of */
	assert_string_equal(t.conguaglio_basis, "art. 7 c. 3 D.Lgs. 148/2015");
	assert_int_equal(t.months[0].deadline, 0);	/* no payment-data term */
	assert_int_equal(t.nmissing, 0);
	assert_non_null(strstr(t.notes[1], "entro il 10/10/2026"));
	law_compute(&p, 0, "2026-10-11", &t);
	assert_int_equal(t.conguaglio_lapsed, 1);	/* the day after */
	assert_true(strncmp(t.notes[1], "termine scaduto: conguaglio entro", 33) == 0);
	practice_clear(&p);

	law_practice(&p, PRACTICE_CIGO, "Crisi temporanea di mercato", "2026-03-02",
	    "2026-03-15", "2026-03-05");
	p.mode = PAYMENT_CONGUAGLIO;
	add(&p, EV_AUTORIZZATA, "2026-03-20", 0, 0, 0, "AUT1");
	law_compute(&p, 0, "2026-04-01", &t);
	assert_day(t.conguaglio_deadline, "2026-09-30");
	practice_clear(&p);

	law_practice(&p, PRACTICE_CIGO, "Crisi temporanea di mercato", "2027-08-02",
	    "2027-08-31", "2027-07-25");
	p.mode = PAYMENT_CONGUAGLIO;
	add(&p, EV_AUTORIZZATA, "2027-08-01", 0, 0, 0, "AUT2");
	law_compute(&p, 0, "2027-09-01", &t);
	assert_day(t.conguaglio_deadline, "2028-02-29");
	practice_clear(&p);
}

/*
 * Rules by date.  COVID deroga for December 2021 (the emergency rule's last
 * month, art. 1 c. 6 D.L. 104/2020): max(end of January 2022, authorised
 * 10/01/2022 + 30 = 09/02/2022) = 09/02/2022.  January 2022 (the first
 * month of art. 7 c. 5-bis): max(end of March 31/03/2022, authorised
 * 10/02/2022 + 60 = 11/04/2022) = 11/04/2022.  A non-COVID CIGO month of
 * 2021 has no rule: no date is guessed and no decadenza claimed.
 */
static void
test_rule_validity_dates(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	law_practice(&p, PRACTICE_DEROGA, "Emergenza COVID-19", "2021-12-01", "2021-12-31",
	    "2021-12-20");
	add(&p, EV_AUTORIZZATA, "2022-01-10", 0, 0, 0, "D1");
	law_compute(&p, 0, "2022-02-09", &t);
	assert_day(t.months[0].deadline, "2022-02-09");
	assert_string_equal(t.months[0].basis, "art. 1 c. 6 D.L. 104/2020 e decreti successivi");
	assert_int_equal(t.months[0].decadenza, 0);
	law_compute(&p, 0, "2022-02-10", &t);
	assert_int_equal(t.months[0].decadenza, 1);
	practice_clear(&p);

	law_practice(&p, PRACTICE_DEROGA, "Emergenza COVID-19", "2022-01-03", "2022-01-31",
	    "2022-01-20");
	add(&p, EV_AUTORIZZATA, "2022-02-10", 0, 0, 0, "D2");
	law_compute(&p, 0, "2022-03-01", &t);
	assert_day(t.months[0].deadline, "2022-04-11");
	assert_string_equal(t.months[0].basis, "art. 7 c. 5-bis D.Lgs. 148/2015");
	practice_clear(&p);

	law_practice(&p, PRACTICE_CIGO, "Eventi meteo avversi", "2021-05-03", "2021-05-31",
	    "2021-05-10");
	add(&p, EV_AUTORIZZATA, "2021-06-10", 0, 0, 0, "C1");
	law_compute(&p, 0, "2026-01-01", &t);
	assert_int_equal(t.months[0].deadline, 0);
	assert_int_equal(t.months[0].decadenza, 0);
	assert_string_equal(t.months[0].basis, "");
	practice_clear(&p);
}

/*
 * Decadenza for one worker in three (issue 12): July 2026, authorised
 * 20/07/2026, deadline max(30/09/2026, 20/07 + 60 = 18/09/2026) = 30/09/2026.  On
 * 01/10 worker 1 has no data: "luglio 2026 (1 lavoratore su 3)", never
 * "termine scaduto per luglio" for all.  One worker alone with only that
 * month left is not "in pagamento".
 */
static void
test_rule_decadenza_per_worker(void **state)
{
	struct practice p;
	struct timeline t;
	int64_t w;

	(void)state;
	setup_practice(&p, "2026-07-01", "2026-07-31", 3);
	str_lcpy(p.reason, "Mancanza di lavoro o di commesse", sizeof p.reason);
	add(&p, EV_PRESENTATA, "2026-07-05", 0, 0, 0, "");
	add(&p, EV_AUTORIZZATA, "2026-07-20", 0, 0, 0, "A3");
	for (w = 2; w <= 3; w++) {
		add(&p, EV_DATI_PAGAMENTO, "2026-08-10", w, 202607, 0, "UNIEMENS");
		add(&p, EV_LIQUIDATA, "2026-08-12", w, 202607, 0, "");
		add(&p, EV_PAGATA, "2026-08-14", w, 202607, 30000, "");
	}
	law_compute(&p, 0, "2026-10-01", &t);
	assert_day(t.months[0].deadline, "2026-09-30");
	assert_int_equal(t.months[0].decadenza, 1);
	assert_string_equal(t.notes[0], "termine scaduto per luglio 2026 (1 lavoratore su 3): "
	    "il pagamento è a carico dell'azienda");
	assert_string_equal(t.note_basis[0], "art. 7 c. 5-bis D.Lgs. 148/2015");
	assert_int_equal(t.nmissing, 0);
	law_compute(&p, 1, "2026-10-01", &t);
	assert_string_equal(t.stage, "Autorizzata il 20/07/2026 (n. A3), nessun pagamento "
	    "dovuto dall'INPS");
	assert_string_equal(t.notes[0], "termine scaduto per luglio 2026: "
	    "il pagamento è a carico dell'azienda");
	law_compute(&p, 2, "2026-10-01", &t);
	assert_int_equal(t.status, STATUS_PAGATA);
	practice_clear(&p);
}

/*
 * Issue 11.4: a 2022 payment never made must not show a 2026 date.  July
 * 2022 data on 20/09/2022, liquidated 25/09/2022: due by 20/09 + 11 =
 * 01/10/2022; on 24/11/2026 it is late since then, with no estimate.
 */
static void
test_rule_old_payment_late(void **state)
{
	struct practice p;
	struct timeline t;

	(void)state;
	law_practice(&p, PRACTICE_CIGO, "Crisi temporanea di mercato", "2022-07-04",
	    "2022-07-29", "2022-07-08");
	add(&p, EV_AUTORIZZATA, "2022-08-10", 0, 0, 0, "A22");
	add(&p, EV_DATI_PAGAMENTO, "2022-09-20", 1, 202207, 0, "UNIEMENS");
	add(&p, EV_LIQUIDATA, "2022-09-25", 1, 202207, 0, "");
	law_compute(&p, 0, "2026-11-24", &t);
	assert_int_equal(t.months[0].decadenza, 0);	/* data were in time */
	assert_int_equal(t.payment_late, 1);
	assert_day(t.payment_due, "2022-10-01");
	assert_int_equal(t.expected, 0);
	assert_non_null(strstr(t.missing[0], "atteso entro il 01/10/2022"));
	practice_clear(&p);
}

static void
test_missing_join(void **state)
{
	struct timeline t;
	char buf[64];

	(void)state;
	memset(&t, 0, sizeof t);
	assert_string_equal(timeline_missing_join(&t, buf, sizeof buf), "nessuno");
	strcpy(t.missing[0], "dati di pagamento di luglio 2026");
	strcpy(t.missing[1], "decisione della sede");
	t.nmissing = 2;
	assert_string_equal(timeline_missing_join(&t, buf, sizeof buf),
	    "dati di pagamento di luglio 2026; decisione della sede");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline_and_decadenza),
		cmocka_unit_test(test_deadline_month_rule),
		cmocka_unit_test(test_late_data_is_decadenza),
		cmocka_unit_test(test_before_authorisation),
		cmocka_unit_test(test_filing_deadline),
		cmocka_unit_test(test_expected_fallback),
		cmocka_unit_test(test_expected_history),
		cmocka_unit_test(test_expected_authorised_no_data),
		cmocka_unit_test(test_iban_domiciliato),
		cmocka_unit_test(test_scartati),
		cmocka_unit_test(test_conguaglio),
		cmocka_unit_test(test_respinta_annullata),
		cmocka_unit_test(test_worker_vs_application),
		cmocka_unit_test(test_long_period),
		cmocka_unit_test(test_utf8_truncation),
		cmocka_unit_test(test_no_workers_loaded),
		cmocka_unit_test(test_rules_parse_errors),
		cmocka_unit_test_setup_teardown(test_rule_filing_non_evitabile, law_setup,
		    law_teardown),
		cmocka_unit_test_setup_teardown(test_rule_late_filing_one_week, law_setup,
		    law_teardown),
		cmocka_unit_test_setup_teardown(test_rule_cigs_decree, law_setup, law_teardown),
		cmocka_unit_test_setup_teardown(test_rule_conguaglio_six_months, law_setup,
		    law_teardown),
		cmocka_unit_test_setup_teardown(test_rule_validity_dates, law_setup,
		    law_teardown),
		cmocka_unit_test_setup_teardown(test_rule_decadenza_per_worker, law_setup,
		    law_teardown),
		cmocka_unit_test_setup_teardown(test_rule_old_payment_late, law_setup,
		    law_teardown),
		cmocka_unit_test(test_missing_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
