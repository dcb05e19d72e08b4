/* Unit tests for the practice model: names, event order and transition rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "practice.h"

static int32_t
D(const char *ymd)
{
	int32_t d = 0;

	assert_int_equal(day_parse(ymd, &d), 0);
	return d;
}

/* CIGO, pagamento diretto, period from..to, workers 1 and 2. */
static void
setup_practice(struct practice *p, const char *from, const char *to)
{
	practice_init(p);
	p->id = 1;
	str_lcpy(p->number, "2026-CIGO-000123", sizeof p->number);
	p->period_from = D(from);
	p->period_to = D(to);
	p->nworkers = 2;
	p->workers = xcalloc(2, sizeof *p->workers);
	p->workers[0].worker_id = 1;
	str_lcpy(p->workers[0].name, "Mario Rossi", sizeof p->workers[0].name);
	p->workers[1].worker_id = 2;
	str_lcpy(p->workers[1].name, "Anna Bianchi", sizeof p->workers[1].name);
}

static struct practice_event
ev_app(enum event_kind k, const char *ymd, const char *detail)
{
	struct practice_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = k;
	ev.day = D(ymd);
	str_lcpy(ev.detail, detail, sizeof ev.detail);
	return ev;
}

static struct practice_event
ev_w(enum event_kind k, const char *ymd, int64_t worker, int32_t month,
    int64_t cents, const char *detail)
{
	struct practice_event ev = ev_app(k, ymd, detail);

	ev.worker_id = worker;
	ev.month = month;
	ev.amount_cents = cents;
	return ev;
}

static void
add_ok(struct practice *p, struct practice_event ev)
{
	char why[160];

	strcpy(why, "untouched");
	if (practice_check_event(p, &ev, why, sizeof why) != 0)
		fail_msg("refused %s: %s", event_kind_name(ev.kind), why);
	assert_string_equal(why, "");
	ev.id = (int64_t)p->nevents + 1;
	practice_add_event(p, &ev);
}

static void
refused(const struct practice *p, struct practice_event ev, const char *needle)
{
	char why[160];
	size_t n = p->nevents;

	why[0] = '\0';
	assert_int_equal(practice_check_event(p, &ev, why, sizeof why), ERR_INVALID);
	if (strstr(why, needle) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", why, needle);
	assert_int_equal(p->nevents, n);
}

/* Filed 2026-02-03, authorised 2026-02-10 as AUT123. */
static void
authorised(struct practice *p)
{
	add_ok(p, ev_app(EV_PRESENTATA, "2026-02-03", ""));
	add_ok(p, ev_app(EV_ISTRUTTORIA, "2026-02-04", ""));
	add_ok(p, ev_app(EV_AUTORIZZATA, "2026-02-10", "AUT123"));
}

static void
test_names(void **state)
{
	int i;

	(void)state;
	assert_string_equal(practice_type_name(PRACTICE_CIGO), "CIGO");
	assert_string_equal(practice_type_name(PRACTICE_DEROGA), "DEROGA");
	assert_string_equal(practice_type_label(PRACTICE_CIGO), "Cassa integrazione ordinaria");
	assert_string_equal(practice_type_label(PRACTICE_FIS),
	    "Assegno di integrazione salariale (FIS)");
	assert_string_equal(practice_type_label(PRACTICE_FSOL), "Fondi di solidarietà");
	assert_string_equal(practice_type_label(PRACTICE_DEROGA), "Cassa integrazione in deroga");
	for (i = 0; i < PRACTICE_TYPE_COUNT; i++)
		assert_int_equal(practice_type_parse(practice_type_name(i)), i);
	for (i = 0; i < STATUS_COUNT; i++)
		assert_int_equal(practice_status_parse(practice_status_name(i)), i);
	for (i = 0; i < EV_KIND_COUNT; i++)
		assert_int_equal(event_kind_parse(event_kind_name(i)), i);
	assert_int_equal(practice_type_parse("FSOL"), PRACTICE_FSOL);
	assert_int_equal(practice_type_parse("CIGX"), ERR_INVALID);
	assert_int_equal(practice_type_parse(""), ERR_INVALID);
	assert_int_equal(practice_type_parse(NULL), ERR_INVALID);
	assert_int_equal(payment_mode_parse("diretto"), PAYMENT_DIRECT);
	assert_int_equal(payment_mode_parse("conguaglio"), PAYMENT_CONGUAGLIO);
	assert_int_equal(payment_mode_parse("bonifico"), ERR_INVALID);
	assert_string_equal(payment_mode_name(PAYMENT_CONGUAGLIO), "conguaglio");
	assert_string_equal(practice_status_name(STATUS_IN_PAGAMENTO), "in_pagamento");
	assert_int_equal(practice_status_parse("in_pagamento"), STATUS_IN_PAGAMENTO);
	assert_int_equal(practice_status_parse("chiusa"), ERR_INVALID);
	assert_string_equal(event_kind_name(EV_RICHIESTA_INTEGRAZIONE), "richiesta_integrazione");
	assert_string_equal(event_kind_label(EV_DATI_PAGAMENTO), "Dati di pagamento ricevuti");
	assert_string_equal(event_kind_label(EV_DOMICILIATO), "Bonifico domiciliato");
	assert_int_equal(event_kind_parse("dati_scartati"), EV_DATI_SCARTATI);
	assert_int_equal(event_kind_parse("pagato"), ERR_INVALID);
	/* Out of range values do not index past the tables. */
	assert_string_equal(practice_type_name((enum practice_type)99), "?");
	assert_string_equal(event_kind_label((enum event_kind)-1), "?");
}

static void
test_months(void **state)
{
	struct practice p;
	char buf[24];
	int32_t first;

	(void)state;
	assert_string_equal(practice_month_format(202601, buf, sizeof buf), "gennaio 2026");
	assert_string_equal(practice_month_format(202512, buf, sizeof buf), "dicembre 2025");
	assert_int_equal(practice_month_valid(202613), 0);
	assert_int_equal(practice_month_valid(202600), 0);
	assert_int_equal(practice_month_valid(2026), 0);
	assert_int_equal(practice_month_next(202512), 202601);
	assert_int_equal(practice_month_of_day(D("2026-02-28")), 202602);
	assert_int_equal(practice_month_first_day(202603), D("2026-03-01"));
	setup_practice(&p, "2025-11-15", "2026-02-10");
	assert_int_equal(practice_period_months(&p, &first), 4);
	assert_int_equal(first, 202511);
	assert_true(practice_month_in_period(&p, 202511));
	assert_true(practice_month_in_period(&p, 202602));
	assert_false(practice_month_in_period(&p, 202510));
	assert_false(practice_month_in_period(&p, 202603));
	p.period_to = p.period_from - 1;
	assert_int_equal(practice_period_months(&p, &first), 0);
	practice_clear(&p);
}

static void
test_init_clear_find(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	assert_non_null(practice_find_worker(&p, 2));
	assert_string_equal(practice_find_worker(&p, 2)->name, "Anna Bianchi");
	assert_null(practice_find_worker(&p, 3));
	assert_null(practice_find_worker(&p, 0));
	add_ok(&p, ev_app(EV_PRESENTATA, "2026-02-03", ""));
	practice_clear(&p);
	assert_null(p.workers);
	assert_null(p.events);
	assert_int_equal(p.nworkers, 0);
	assert_int_equal(p.nevents, 0);
	practice_clear(&p);	/* twice is harmless */
	practice_clear(NULL);
}

static void
test_add_event_order(void **state)
{
	struct practice p;
	struct practice_event ev;
	static const char *const days[] = {
		"2026-02-10", "2026-02-05", "2026-02-10", "2026-02-07", "2026-02-05",
	};
	static const int64_t want[] = { 2, 5, 4, 1, 3 };
	size_t i;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	for (i = 0; i < nitems(days); i++) {
		ev = ev_app(EV_ISTRUTTORIA, days[i], "");
		ev.id = (int64_t)i + 1;
		practice_add_event(&p, &ev);
	}
	assert_int_equal(p.nevents, nitems(want));
	for (i = 0; i < nitems(want); i++)
		assert_int_equal(p.events[i].id, want[i]);
	practice_clear(&p);
}

static void
test_life_cycle(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	assert_int_equal(practice_status_of(&p), STATUS_PRESENTATA);
	add_ok(&p, ev_app(EV_PRESENTATA, "2026-02-03", ""));
	assert_int_equal(practice_status_of(&p), STATUS_PRESENTATA);
	add_ok(&p, ev_app(EV_ISTRUTTORIA, "2026-02-04", ""));
	assert_int_equal(practice_status_of(&p), STATUS_ISTRUTTORIA);
	add_ok(&p, ev_app(EV_RICHIESTA_INTEGRAZIONE, "2026-02-05", "relazione tecnica"));
	assert_int_equal(practice_status_of(&p), STATUS_INTEGRAZIONE);
	add_ok(&p, ev_app(EV_ISTRUTTORIA, "2026-02-08", ""));
	assert_int_equal(practice_status_of(&p), STATUS_ISTRUTTORIA);
	add_ok(&p, ev_app(EV_AUTORIZZATA, "2026-02-10", "AUT123"));
	assert_int_equal(practice_status_of(&p), STATUS_AUTORIZZATA);
	/* Worker 1: data, rejected, sent again, liquidated, paid. */
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS"));
	assert_int_equal(practice_status_of(&p), STATUS_IN_PAGAMENTO);
	add_ok(&p, ev_w(EV_DATI_SCARTATI, "2026-02-22", 1, 202601, 0, "IBAN errato"));
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-25", 1, 202601, 0, "UNIEMENS"));
	add_ok(&p, ev_w(EV_LIQUIDATA, "2026-03-02", 1, 202601, 0, ""));
	add_ok(&p, ev_w(EV_PAGATA, "2026-03-04", 1, 202601, 61234, ""));
	assert_int_equal(practice_status_of(&p), STATUS_IN_PAGAMENTO);
	/* Worker 2: wrong IBAN found at payment, bonifico domiciliato. */
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-03-01", 2, 202601, 0, "uniemens"));
	add_ok(&p, ev_w(EV_LIQUIDATA, "2026-03-02", 2, 202601, 0, ""));
	add_ok(&p, ev_w(EV_DOMICILIATO, "2026-03-09", 2, 202601, 40000, ""));
	assert_int_equal(practice_status_of(&p), STATUS_PAGATA);
	assert_int_equal(p.nevents, 13);
	/* Still in day order. */
	assert_int_equal(p.events[9].day, D("2026-03-02"));
	assert_int_equal(p.events[9].worker_id, 1);
	assert_int_equal(p.events[10].worker_id, 2);
	practice_clear(&p);
}

static void
test_refuse_order(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	refused(&p, ev_app(EV_ISTRUTTORIA, "2026-02-03", ""), "primo evento");
	refused(&p, ev_app(EV_AUTORIZZATA, "2026-02-03", "AUT1"), "primo evento");
	refused(&p, ev_w(EV_PAGATA, "2026-02-03", 1, 202601, 100, ""), "primo evento");
	refused(&p, ev_w(EV_PRESENTATA, "2026-02-03", 1, 0, 0, ""), "singolo lavoratore");
	add_ok(&p, ev_app(EV_PRESENTATA, "2026-02-03", ""));
	refused(&p, ev_app(EV_PRESENTATA, "2026-02-04", ""), "già presentata il 03/02/2026");
	refused(&p, ev_app(EV_ISTRUTTORIA, "2026-02-02", ""), "precede la presentazione");
	add_ok(&p, ev_app(EV_ISTRUTTORIA, "2026-02-06", ""));
	refused(&p, ev_app(EV_AUTORIZZATA, "2026-02-05", "AUT1"), "precede l'ultimo evento");
	add_ok(&p, ev_app(EV_AUTORIZZATA, "2026-02-10", "AUT1"));
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-09", 1, 202601, 0, "UNIEMENS"),
	    "precede l'autorizzazione");
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS"));
	refused(&p, ev_w(EV_LIQUIDATA, "2026-02-19", 1, 202601, 0, ""),
	    "stesso lavoratore e mese");
	/* Another worker-month is not bound by that one's date. */
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-15", 2, 202601, 0, "UNIEMENS"));
	practice_clear(&p);
}

static void
test_refuse_decision(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	add_ok(&p, ev_app(EV_PRESENTATA, "2026-02-03", ""));
	refused(&p, ev_app(EV_AUTORIZZATA, "2026-02-10", ""), "numero di autorizzazione");
	refused(&p, ev_app(EV_AUTORIZZATA, "2026-02-10", "  "), "numero di autorizzazione");
	refused(&p, ev_app(EV_RESPINTA, "2026-02-10", ""), "motivo");
	add_ok(&p, ev_app(EV_AUTORIZZATA, "2026-02-10", "AUT123"));
	refused(&p, ev_app(EV_AUTORIZZATA, "2026-02-11", "AUT124"), "già autorizzata (n. AUT123)");
	refused(&p, ev_app(EV_RESPINTA, "2026-02-11", "causale non ammessa"), "non può essere respinta");
	refused(&p, ev_app(EV_ISTRUTTORIA, "2026-02-11", ""), "prima della decisione");
	refused(&p, ev_app(EV_RICHIESTA_INTEGRAZIONE, "2026-02-11", "DURC"),
	    "prima della decisione");
	practice_clear(&p);

	setup_practice(&p, "2026-01-01", "2026-01-31");
	add_ok(&p, ev_app(EV_PRESENTATA, "2026-02-03", ""));
	add_ok(&p, ev_app(EV_RESPINTA, "2026-02-10", "causale non ammessa"));
	assert_int_equal(practice_status_of(&p), STATUS_RESPINTA);
	refused(&p, ev_app(EV_AUTORIZZATA, "2026-02-11", "AUT1"), "respinta");
	refused(&p, ev_app(EV_ISTRUTTORIA, "2026-02-11", ""), "respinta");
	refused(&p, ev_app(EV_ANNULLATA, "2026-02-11", ""), "respinta");
	practice_clear(&p);
}

static void
test_refuse_before_authorised(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	add_ok(&p, ev_app(EV_PRESENTATA, "2026-02-03", ""));
	add_ok(&p, ev_app(EV_ISTRUTTORIA, "2026-02-04", ""));
	refused(&p, ev_w(EV_PAGATA, "2026-02-20", 1, 202601, 50000, ""), "non è ancora autorizzata");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS"),
	    "non è ancora autorizzata");
	refused(&p, ev_w(EV_LIQUIDATA, "2026-02-20", 1, 202601, 0, ""),
	    "non è ancora autorizzata");
	practice_clear(&p);
}

static void
test_refuse_worker_month(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-15", "2026-02-14");
	authorised(&p);
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 7, 202601, 0, "UNIEMENS"),
	    "il lavoratore 7 non è nella domanda");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 0, 202601, 0, "UNIEMENS"),
	    "manca il lavoratore");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202512, 0, "UNIEMENS"),
	    "dicembre 2025 è fuori dal periodo della domanda (dal 15/01/2026 al 14/02/2026)");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202603, 0, "UNIEMENS"),
	    "fuori dal periodo");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202613, 0, "UNIEMENS"),
	    "mese non valido (202613)");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 0, 0, "UNIEMENS"), "mese non valido");
	refused(&p, ev_w(EV_ISTRUTTORIA, "2026-02-20", 0, 202601, 0, ""), "singolo lavoratore");
	/* Partial months at both ends belong to the period. */
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS"));
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202602, 0, "UNIEMENS"));
	practice_clear(&p);
}

static void
test_sr41(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2022-02-01", "2022-04-30");
	add_ok(&p, ev_app(EV_PRESENTATA, "2022-02-10", ""));
	add_ok(&p, ev_app(EV_AUTORIZZATA, "2022-03-15", "AUT22"));
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2022-04-30", 1, 202202, 0, "SR41"));
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2022-05-01", 1, 202203, 0, "SR41"), "SR41 è dismesso");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2022-05-01", 1, 202203, 0, "PEC"), "SR41 o UNIEMENS");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2022-05-01", 1, 202203, 0, ""), "SR41 o UNIEMENS");
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2022-05-01", 1, 202203, 0, "UNIEMENS"));
	practice_clear(&p);
}

static void
test_refuse_payment_chain(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	authorised(&p);
	refused(&p, ev_w(EV_DATI_SCARTATI, "2026-02-20", 1, 202601, 0, "IBAN errato"),
	    "non ci sono dati di pagamento da scartare");
	refused(&p, ev_w(EV_LIQUIDATA, "2026-02-20", 1, 202601, 0, ""),
	    "mancano dati di pagamento validi");
	refused(&p, ev_w(EV_PAGATA, "2026-02-20", 1, 202601, 50000, ""), "non è ancora stato liquidato");
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS"));
	add_ok(&p, ev_w(EV_DATI_SCARTATI, "2026-02-21", 1, 202601, 0, "IBAN errato"));
	refused(&p, ev_w(EV_DATI_SCARTATI, "2026-02-22", 1, 202601, 0, "altro"),
	    "non ci sono dati di pagamento da scartare");
	refused(&p, ev_w(EV_LIQUIDATA, "2026-02-22", 1, 202601, 0, ""),
	    "mancano dati di pagamento validi");
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-23", 1, 202601, 0, "UNIEMENS"));
	add_ok(&p, ev_w(EV_LIQUIDATA, "2026-02-24", 1, 202601, 0, ""));
	refused(&p, ev_w(EV_LIQUIDATA, "2026-02-25", 1, 202601, 0, ""), "già liquidato");
	refused(&p, ev_w(EV_DATI_SCARTATI, "2026-02-25", 1, 202601, 0, "x"), "già liquidato");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-25", 1, 202601, 0, "UNIEMENS"), "già liquidato");
	refused(&p, ev_w(EV_PAGATA, "2026-02-26", 1, 202601, 0, ""), "importo");
	refused(&p, ev_w(EV_DOMICILIATO, "2026-02-26", 1, 202601, -5, ""), "importo");
	add_ok(&p, ev_w(EV_PAGATA, "2026-02-26", 1, 202601, 50000, ""));
	refused(&p, ev_w(EV_PAGATA, "2026-02-27", 1, 202601, 50000, ""),
	    "già pagato il 26/02/2026");
	refused(&p, ev_w(EV_DOMICILIATO, "2026-02-27", 1, 202601, 50000, ""), "già pagato");
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-27", 1, 202601, 0, "UNIEMENS"), "già pagato");
	practice_clear(&p);
}

static void
test_annullata(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	authorised(&p);
	add_ok(&p, ev_app(EV_ANNULLATA, "2026-02-12", ""));
	assert_int_equal(practice_status_of(&p), STATUS_ANNULLATA);
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS"), "annullata");
	refused(&p, ev_app(EV_ISTRUTTORIA, "2026-02-20", ""), "annullata");
	refused(&p, ev_app(EV_ANNULLATA, "2026-02-20", ""), "annullata");
	practice_clear(&p);

	setup_practice(&p, "2026-01-01", "2026-01-31");
	authorised(&p);
	add_ok(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS"));
	add_ok(&p, ev_w(EV_LIQUIDATA, "2026-02-24", 1, 202601, 0, ""));
	/* Liquidated but not yet paid: it can still be cancelled. */
	assert_int_equal(practice_check_event(&p, &(struct practice_event){
	    .kind = EV_ANNULLATA, .day = D("2026-02-25") }, NULL, 0), 0);
	add_ok(&p, ev_w(EV_PAGATA, "2026-02-26", 1, 202601, 50000, ""));
	refused(&p, ev_app(EV_ANNULLATA, "2026-02-27", ""), "non può essere annullata");
	practice_clear(&p);
}

static void
test_conguaglio(void **state)
{
	struct practice p;

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	p.mode = PAYMENT_CONGUAGLIO;
	authorised(&p);
	refused(&p, ev_w(EV_DATI_PAGAMENTO, "2026-02-20", 1, 202601, 0, "UNIEMENS"), "conguaglio");
	assert_int_equal(practice_status_of(&p), STATUS_AUTORIZZATA);
	practice_clear(&p);
}

static void
test_why_buffer(void **state)
{
	struct practice p;
	struct practice_event ev;
	char why[12];

	(void)state;
	setup_practice(&p, "2026-01-01", "2026-01-31");
	ev = ev_app(EV_ISTRUTTORIA, "2026-02-03", "");
	assert_int_equal(practice_check_event(&p, &ev, NULL, 0), ERR_INVALID);
	assert_int_equal(practice_check_event(NULL, &ev, why, sizeof why), ERR_INVALID);
	ev.kind = (enum event_kind)42;
	assert_int_equal(practice_check_event(&p, &ev, why, sizeof why), ERR_INVALID);
	add_ok(&p, ev_app(EV_PRESENTATA, "2026-02-03", ""));
	/* "la domanda risulta già ...": cut before the two-byte "à", not inside it. */
	ev = ev_app(EV_PRESENTATA, "2026-02-04", "");
	memset(why, 'x', sizeof why);
	assert_int_equal(practice_check_event(&p, &ev, why, sizeof why), ERR_INVALID);
	assert_string_equal(why, "la domanda ");
	{
		char big[64];

		assert_int_equal(practice_check_event(&p, &ev, big, 23), ERR_INVALID);
		assert_string_equal(big, "la domanda risulta gi");
		assert_int_equal(practice_check_event(&p, &ev, big, 24), ERR_INVALID);
		assert_string_equal(big, "la domanda risulta già");
	}
	practice_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_init_clear_find),
		cmocka_unit_test(test_add_event_order),
		cmocka_unit_test(test_life_cycle),
		cmocka_unit_test(test_refuse_order),
		cmocka_unit_test(test_refuse_decision),
		cmocka_unit_test(test_refuse_before_authorised),
		cmocka_unit_test(test_refuse_worker_month),
		cmocka_unit_test(test_sr41),
		cmocka_unit_test(test_refuse_payment_chain),
		cmocka_unit_test(test_annullata),
		cmocka_unit_test(test_conguaglio),
		cmocka_unit_test(test_why_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
