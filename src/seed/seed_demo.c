/*
 * seed demo: a small world to show infocig with.  Mario Rossi
 * (RSSMRA85T10A562S) has applications at every stage (paid, paid as bonifico
 * domiciliato after a wrong IBAN, authorised and waiting for the employer's
 * payment data, under examination); three companies in Rome, Milan and
 * Naples with their own workers and applications; a company owner, a legal
 * representative and a consultant with delegations; INPS advisors, a
 * supervisor and an office operator.  All dates are relative to today, so
 * the stages make sense whenever it runs.  Every event passes
 * practice_check_event() before it is written.
 *
 * About 730 lines, most of them the world itself (people, companies and
 * each application's story), which reads best in one place.
 */
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "common.h"
#include "practice.h"
#include "seed.h"
#include "store.h"

#define DEMO_WORKER "RSSMRA85T10A562S"

struct demo_person {
	const char *surname, *name;
	int female, y, m, d;
	const char *place;	/* birth place: never a chief town, as generated data use those */
	int company;		/* index in companies[], -1 for none */
	const char *province;
};

/*
 * Workers; Mario Rossi first.  Birth places are towns that are not chief
 * towns, so the codici fiscali never meet those of seed_bulk().
 */
static const struct demo_person workers[] = {
	{ "Rossi", "Mario", 0, 1985, 12, 10, "A562", 0, "RM" },
	{ "Bianchi", "Laura", 1, 1990, 3, 22, "M297", 0, "RM" },
	{ "Ferrari", "Luca", 0, 1979, 7, 5, "G811", 0, "RM" },
	{ "Romano", "Anna", 1, 1988, 11, 30, "D773", 0, "RM" },
	{ "Colombo", "Giulia", 1, 1992, 1, 14, "E514", 1, "MI" },
	{ "Ricci", "Paolo", 0, 1975, 6, 8, "C707", 1, "MI" },
	{ "Fontana", "Sara", 1, 1995, 9, 19, "F119", 1, "MI" },
	{ "Esposito", "Giuseppe", 0, 1970, 4, 2, "G964", 2, "NA" },
	{ "Russo", "Ciro", 0, 1983, 2, 27, "C129", 2, "NA" },
	{ "De Luca", "Rosa", 1, 1987, 8, 12, "E131", 2, "NA" },
};
enum { W_MARIO, W_LAURA, W_LUCA, W_ANNA, W_GIULIA, W_PAOLO, W_SARA, W_GIUSEPPE, W_CIRO,
	W_ROSA, W_COUNT };

/* Employer-side users. */
static const struct demo_person users[] = {
	{ "Verdi", "Giorgio", 0, 1960, 1, 15, "L182", -1, "RM" },	/* titolare A */
	{ "Neri", "Paola", 1, 1972, 5, 3, "B639", -1, "RM" },		/* consulente A, B */
	{ "Galli", "Stefano", 0, 1968, 10, 21, "E801", -1, "MI" },	/* rappr. legale B */
};
enum { U_OWNER, U_CONSULTANT, U_REPRESENTATIVE };

static const struct {
	uint32_t serial;	/* partita IVA serial, below seed_bulk()'s */
	const char *matricola, *name, *province;
	enum practice_type type;
} companies[] = {
	{ 123456, "7090000001", "Officine Tiburtine S.r.l.", "RM", PRACTICE_CIGO },
	{ 234567, "4990000002", "Logistica Ambrosiana S.p.A.", "MI", PRACTICE_FIS },
	{ 345678, "5190000003", "Ceramiche Vesuviane S.n.c.", "NA", PRACTICE_CIGS },
};
enum { C_A, C_B, C_C, C_COUNT };

struct demo {
	struct store *st;
	int32_t today;
	char *err;
	size_t errlen;
	struct store_worker w[W_COUNT];
	struct store_company c[C_COUNT];
	int64_t office[C_COUNT];
	int seq;		/* application numbers */
	struct {
		char number[24];
		enum practice_status status;
	} mario[8];
	size_t nmario;
};

static int
demo_fail(struct demo *d, int r, const char *what)
{
	if (d->err[0] == '\0')
		snprintf(d->err, d->errlen, "%s: %s", what, store_errmsg(d->st));
	return r < 0 ? r : ERR_IO;
}

/* First day of the month k months before today's. */
static int32_t
month_start_ago(const struct demo *d, int k)
{
	int32_t m = practice_month_of_day(d->today);
	int months = (m / 100) * 12 + (m % 100 - 1) - k;

	return day_from_ymd(months / 12, months % 12 + 1, 1);
}

/* The Monday on or after day. */
static int32_t
monday_from(int32_t day)
{
	return day + (7 - day_weekday(day)) % 7;
}

static int32_t
month_end(int32_t month)
{
	return practice_month_first_day(practice_month_next(month)) - 1;
}

/* Applications */

static int
app_begin(struct demo *d, struct practice *p, int company, enum practice_type type,
    enum payment_mode mode, int32_t from, int weeks, const char *reason, int32_t filed,
    const int *who, size_t n)
{
	int y, m, dd, r;
	size_t i;

	practice_init(p);
	p->type = type;
	p->mode = mode;
	p->company_id = d->c[company].id;
	str_lcpy(p->company_cf, d->c[company].cf, sizeof p->company_cf);
	str_lcpy(p->company_name, d->c[company].name, sizeof p->company_name);
	p->office_id = d->office[company];
	p->period_from = from;
	p->period_to = from + weeks * 7 - 1;
	p->weeks = weeks;
	str_lcpy(p->reason, reason, sizeof p->reason);
	day_to_ymd(filed, &y, &m, &dd);
	snprintf(p->number, sizeof p->number, "%s-%04d-D%05d", practice_type_name(type), y,
	    ++d->seq);
	p->workers = xcalloc(n, sizeof *p->workers);
	for (i = 0; i < n; i++) {
		struct practice_worker *pw = &p->workers[p->nworkers++];
		const struct store_worker *w = &d->w[who[i]];

		pw->worker_id = w->id;
		str_lcpy(pw->cf, w->cf, sizeof pw->cf);
		snprintf(pw->name, sizeof pw->name, "%s %s", w->surname, w->name);
		pw->hours = weeks * 40 * (i % 2 ? 60 : 100) / 100;
		str_lcpy(pw->iban, w->iban, sizeof pw->iban);
		p->hours += pw->hours;
	}
	if ((r = store_practice_add(d->st, p)) < 0)
		return demo_fail(d, r, "domanda non registrata");
	for (i = 0; i < p->nworkers; i++)
		if ((r = store_practice_worker_add(d->st, p->id, p->workers[i].worker_id,
		    p->workers[i].hours)) < 0)
			return demo_fail(d, r, "lavoratore della domanda non registrato");
	return 0;
}

/* Checks, records in memory and in the store. */
static int
app_ev(struct demo *d, struct practice *p, enum event_kind kind, int32_t day, int who,
    int32_t month, int64_t cents, const char *detail)
{
	struct practice_event ev;
	char why[200], dbuf[16];
	int r;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.day = day;
	ev.worker_id = who >= 0 ? d->w[who].id : 0;
	ev.month = month;
	ev.amount_cents = cents;
	str_lcpy(ev.detail, detail ? detail : "", sizeof ev.detail);
	if (day > d->today) {
		snprintf(d->err, d->errlen, "domanda %s: evento %s nel futuro (%s)", p->number,
		    event_kind_name(kind), day_format_it(day, dbuf, sizeof dbuf));
		return ERR_INVALID;
	}
	if (practice_check_event(p, &ev, why, sizeof why) != 0) {
		snprintf(d->err, d->errlen, "domanda %s: evento %s rifiutato: %s", p->number,
		    event_kind_name(kind), why);
		return ERR_INVALID;
	}
	practice_add_event(p, &ev);
	if ((r = store_event_add(d->st, p->id, &ev)) < 0)
		return demo_fail(d, r, "evento non registrato");
	return 0;
}

/* Filed, examined and authorised (auth 0: only filed and examined). */
static int
app_start(struct demo *d, struct practice *p, int32_t filed, int32_t examined, int32_t auth)
{
	char number[32];
	int y, m, dd, r;

	if ((r = app_ev(d, p, EV_PRESENTATA, filed, -1, 0, 0, NULL)) < 0 ||
	    (r = app_ev(d, p, EV_ISTRUTTORIA, examined, -1, 0, 0, NULL)) < 0)
		return r;
	if (auth == 0)
		return 0;
	day_to_ymd(auth, &y, &m, &dd);
	snprintf(number, sizeof number, "%04d/D%06d", y, 4000 + d->seq);
	return app_ev(d, p, EV_AUTORIZZATA, auth, -1, 0, 0, number);
}

/* Monthly benefit of worker who for month in p, from a base of about 600-1,400 EUR. */
static int64_t
amount(const struct demo *d, const struct practice *p, int who, int32_t month)
{
	int32_t first = practice_month_first_day(month), last = month_end(month);
	int32_t from = p->period_from > first ? p->period_from : first;
	int32_t to = p->period_to < last ? p->period_to : last;
	int64_t base = 68000 + 4731 * (int64_t)who;

	(void)d;
	if (to < from)
		return 0;
	return base * (to - from + 1) / (last - first + 1);
}

/* Data, liquidation and (when paid is not 0) bank transfer or domiciliato. */
static int
pay(struct demo *d, struct practice *p, int who, int32_t month, int32_t sent,
    int32_t liquidated, int32_t paid, int domiciliato)
{
	int r;

	if ((r = app_ev(d, p, EV_DATI_PAGAMENTO, sent, who, month, 0, "UNIEMENS")) < 0)
		return r;
	if (liquidated == 0)
		return 0;
	if ((r = app_ev(d, p, EV_LIQUIDATA, liquidated, who, month, 0, NULL)) < 0)
		return r;
	if (paid == 0)
		return 0;
	return app_ev(d, p, domiciliato ? EV_DOMICILIATO : EV_PAGATA, paid, who, month,
	    amount(d, p, who, month), NULL);
}

static int
app_end(struct demo *d, struct practice *p, int mario)
{
	enum practice_status s = practice_status_of(p);
	int r;

	if (mario && d->nmario < nitems(d->mario)) {
		str_lcpy(d->mario[d->nmario].number, p->number, sizeof d->mario[0].number);
		d->mario[d->nmario++].status = s;
	}
	r = store_practice_set_status(d->st, p->id, s);
	practice_clear(p);
	return r < 0 ? demo_fail(d, r, "stato della domanda non registrato") : 0;
}

/* Every worker in p paid normally for month, data sent on day sent. */
static int
pay_all(struct demo *d, struct practice *p, const int *who, size_t n, int32_t month,
    int32_t sent)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		if ((r = pay(d, p, who[i], month, sent, sent + 4, sent + 7, 0)) < 0)
			return r;
	return 0;
}

/* Mario's four applications with company A (CIGO, Rome). */
static int
demo_mario(struct demo *d)
{
	static const int w1[] = { W_MARIO, W_LAURA, W_LUCA };
	static const int w2[] = { W_MARIO, W_ANNA, W_LUCA };
	static const int w3[] = { W_MARIO, W_LAURA };
	static const int w4[] = { W_MARIO, W_LUCA, W_ANNA };
	struct practice p;
	int32_t from, auth, m, m1, sent;
	int r;

	/* 1. Seven months ago, 8 weeks: authorised, every month paid by bank transfer. */
	from = monday_from(month_start_ago(d, 7));
	if ((r = app_begin(d, &p, C_A, PRACTICE_CIGO, PAYMENT_DIRECT, from, 8,
	    "Mancanza di lavoro o di commesse", from + 4, w1, nitems(w1))) < 0)
		goto fail;
	auth = from + 38;
	if ((r = app_start(d, &p, from + 4, from + 9, auth)) < 0)
		goto fail;
	for (m = practice_month_of_day(p.period_from); m <= practice_month_of_day(p.period_to);
	    m = practice_month_next(m)) {
		sent = (auth > month_end(m) ? auth : month_end(m)) + 12;
		if ((r = pay_all(d, &p, w1, nitems(w1), m, sent)) < 0)
			goto fail;
	}
	if ((r = app_end(d, &p, 1)) < 0)
		return r;

	/*
	 * 2. Three months ago, 5 weeks: the employer's data carried a wrong IBAN
	 * for Mario: scartati, sent again, paid as bonifico domiciliato; the
	 * second month is liquidated and the domiciliato is on its way.
	 */
	from = monday_from(month_start_ago(d, 3));
	if ((r = app_begin(d, &p, C_A, PRACTICE_CIGO, PAYMENT_DIRECT, from, 5,
	    "Crisi temporanea di mercato", from + 2, w2, nitems(w2))) < 0)
		goto fail;
	auth = from + 24;
	if ((r = app_start(d, &p, from + 2, from + 6, auth)) < 0)
		goto fail;
	m1 = practice_month_of_day(p.period_from);
	sent = (auth > month_end(m1) ? auth : month_end(m1)) + 8;
	if ((r = app_ev(d, &p, EV_DATI_PAGAMENTO, sent, W_MARIO, m1, 0, "UNIEMENS")) < 0 ||
	    (r = app_ev(d, &p, EV_DATI_SCARTATI, sent + 3, W_MARIO, m1, 0, "IBAN errato")) < 0 ||
	    (r = pay(d, &p, W_MARIO, m1, sent + 16, sent + 19, sent + 26, 1)) < 0 ||
	    (r = pay(d, &p, W_ANNA, m1, sent, sent + 4, sent + 7, 0)) < 0 ||
	    (r = pay(d, &p, W_LUCA, m1, sent, sent + 4, sent + 7, 0)) < 0)
		goto fail;
	m = practice_month_next(m1);
	sent = month_end(m) + 14;
	if ((r = pay(d, &p, W_MARIO, m, sent, sent + 4, 0, 1)) < 0 ||
	    (r = pay(d, &p, W_ANNA, m, sent, sent + 4, sent + 7, 0)) < 0 ||
	    (r = pay(d, &p, W_LUCA, m, sent, sent + 4, sent + 7, 0)) < 0)
		goto fail;
	if ((r = app_end(d, &p, 1)) < 0)
		return r;

	/* 3. Last month, 3 weeks: authorised a few days ago, payment data not yet sent. */
	from = monday_from(month_start_ago(d, 1));
	if ((r = app_begin(d, &p, C_A, PRACTICE_CIGO, PAYMENT_DIRECT, from, 3,
	    "Mancanza di materie prime", from + 3, w3, nitems(w3))) < 0)
		goto fail;
	if ((r = app_start(d, &p, from + 3, from + 8, d->today - 6)) < 0)
		goto fail;
	if ((r = app_end(d, &p, 1)) < 0)
		return r;

	/* 4. Started ten days ago, 4 weeks: filed, under examination. */
	from = d->today - 10 - day_weekday(d->today - 10);
	if ((r = app_begin(d, &p, C_A, PRACTICE_CIGO, PAYMENT_DIRECT, from, 4,
	    "Eventi meteo avversi", d->today - 8, w4, nitems(w4))) < 0)
		goto fail;
	if ((r = app_start(d, &p, d->today - 8, d->today - 4, 0)) < 0)
		goto fail;
	return app_end(d, &p, 1);
fail:
	practice_clear(&p);
	return r;
}

/* Company B (FIS, Milan) and company C (CIGS, Naples). */
static int
demo_others(struct demo *d)
{
	static const int wb[] = { W_GIULIA, W_PAOLO, W_SARA };
	static const int wc[] = { W_GIUSEPPE, W_CIRO, W_ROSA };
	struct practice p;
	int32_t from, auth, m, sent;
	int r, k;

	/*
	 * B1, five months ago, 10 weeks: first month paid; second month Sara's
	 * data rejected and not sent again; third month never sent (decadenza).
	 */
	from = monday_from(month_start_ago(d, 5));
	if ((r = app_begin(d, &p, C_B, PRACTICE_FIS, PAYMENT_DIRECT, from, 10,
	    "Calo degli ordinativi", from + 5, wb, nitems(wb))) < 0)
		goto fail;
	auth = from + 30;
	if ((r = app_start(d, &p, from + 5, from + 8, auth)) < 0)
		goto fail;
	m = practice_month_of_day(p.period_from);
	sent = (auth > month_end(m) ? auth : month_end(m)) + 10;
	if ((r = pay_all(d, &p, wb, nitems(wb), m, sent)) < 0)
		goto fail;
	m = practice_month_next(m);
	sent = month_end(m) + 15;
	if ((r = pay(d, &p, W_GIULIA, m, sent, sent + 5, sent + 8, 0)) < 0 ||
	    (r = pay(d, &p, W_PAOLO, m, sent, sent + 5, sent + 8, 0)) < 0 ||
	    (r = app_ev(d, &p, EV_DATI_PAGAMENTO, sent, W_SARA, m, 0, "UNIEMENS")) < 0 ||
	    (r = app_ev(d, &p, EV_DATI_SCARTATI, sent + 4, W_SARA, m, 0,
	    "Dati retributivi incongruenti")) < 0)
		goto fail;
	if ((r = app_end(d, &p, 0)) < 0)
		return r;

	/* B2, two months ago, 4 weeks, conguaglio: authorised, the company pays. */
	from = monday_from(month_start_ago(d, 2));
	if ((r = app_begin(d, &p, C_B, PRACTICE_FIS, PAYMENT_CONGUAGLIO, from, 4,
	    "Riduzione dell'attività lavorativa", from + 6, wb, 2)) < 0 ||
	    (r = app_start(d, &p, from + 6, from + 10, from + 33)) < 0)
		goto fail;
	if ((r = app_end(d, &p, 0)) < 0)
		return r;

	/* C1, a year ago, 12 weeks of CIGS: every month paid. */
	from = monday_from(month_start_ago(d, 12));
	if ((r = app_begin(d, &p, C_C, PRACTICE_CIGS, PAYMENT_DIRECT, from, 12,
	    "Riorganizzazione aziendale", from - 20, wc, nitems(wc))) < 0)
		goto fail;
	auth = from + 25;
	if ((r = app_start(d, &p, from - 20, from - 12, auth)) < 0)
		goto fail;
	for (m = practice_month_of_day(p.period_from), k = 0;
	    m <= practice_month_of_day(p.period_to); m = practice_month_next(m), k++) {
		sent = (auth > month_end(m) ? auth : month_end(m)) + 9 + k;
		if ((r = pay_all(d, &p, wc, nitems(wc), m, sent)) < 0)
			goto fail;
	}
	if ((r = app_end(d, &p, 0)) < 0)
		return r;

	/* C2, eight months ago, CIGO: rejected. */
	from = monday_from(month_start_ago(d, 8));
	if ((r = app_begin(d, &p, C_C, PRACTICE_CIGO, PAYMENT_DIRECT, from, 6,
	    "Crisi temporanea di mercato", from + 7, wc, 2)) < 0 ||
	    (r = app_start(d, &p, from + 7, from + 12, 0)) < 0 ||
	    (r = app_ev(d, &p, EV_RESPINTA, from + 47, -1, 0, 0,
	    "Causale non integrabile")) < 0)
		goto fail;
	if ((r = app_end(d, &p, 0)) < 0)
		return r;

	/* C3, filed a month ago: the office asked for documents. */
	from = monday_from(month_start_ago(d, 1));
	if ((r = app_begin(d, &p, C_C, PRACTICE_CIGS, PAYMENT_DIRECT, from, 13,
	    "Crisi aziendale", d->today - 40, wc, nitems(wc))) < 0 ||
	    (r = app_start(d, &p, d->today - 40, d->today - 35, 0)) < 0 ||
	    (r = app_ev(d, &p, EV_RICHIESTA_INTEGRAZIONE, d->today - 20, -1, 0, 0,
	    "Piano di risanamento aziendale")) < 0)
		goto fail;
	return app_end(d, &p, 0);
fail:
	practice_clear(&p);
	return r;
}

/*
 * The law's cases (issue 12), after the others so that their numbers do not
 * move: a CIGO filed late (its first month is not due, art. 15 c. 4), a
 * COVID-19 deroga of 2021 under the emergency terms with one worker's data
 * late (decadenza for one worker in three), and a CIGS conguaglio whose six
 * months (art. 7 c. 3) have passed.
 */
static int
demo_law(struct demo *d)
{
	static const int wb[] = { W_GIULIA, W_PAOLO, W_SARA };
	static const int wc[] = { W_GIUSEPPE, W_CIRO, W_ROSA };
	struct practice p;
	int32_t from, filed, m;
	int r;

	/*
	 * L1: from the third week of a month three months ago, filed 23 days
	 * after the start (term: 15 days): covered only from filing - 7 =
	 * start + 16, after the end of the first month.
	 */
	from = monday_from(month_start_ago(d, 3) + 17);
	filed = from + 23;
	if ((r = app_begin(d, &p, C_C, PRACTICE_CIGO, PAYMENT_DIRECT, from, 6,
	    "Mancanza di lavoro o di commesse", filed, wc, nitems(wc))) < 0 ||
	    (r = app_start(d, &p, filed, filed + 3, filed + 20)) < 0 ||
	    (r = app_end(d, &p, 0)) < 0)
		goto fail;

	/*
	 * L2: March 2021, COVID-19 deroga, authorised 20/04/2021: payment data
	 * by max(30/04/2021, 20/04 + 30 = 20/05/2021) = 20/05/2021 (art. 1 c. 6
	 * D.L. 104/2020).  Paolo's came on 25/05: decadenza for him alone.
	 */
	from = day_from_ymd(2021, 3, 1);
	m = 202103;
	if ((r = app_begin(d, &p, C_B, PRACTICE_DEROGA, PAYMENT_DIRECT, from, 4,
	    "Emergenza COVID-19", day_from_ymd(2021, 3, 20), wb, nitems(wb))) < 0 ||
	    (r = app_start(d, &p, day_from_ymd(2021, 3, 20), day_from_ymd(2021, 3, 25),
	    day_from_ymd(2021, 4, 20))) < 0 ||
	    (r = pay(d, &p, W_GIULIA, m, day_from_ymd(2021, 5, 10), day_from_ymd(2021, 5, 14),
	    day_from_ymd(2021, 5, 18), 0)) < 0 ||
	    (r = pay(d, &p, W_SARA, m, day_from_ymd(2021, 5, 12), day_from_ymd(2021, 5, 14),
	    day_from_ymd(2021, 5, 18), 0)) < 0 ||
	    (r = app_ev(d, &p, EV_DATI_PAGAMENTO, day_from_ymd(2021, 5, 25), W_PAOLO, m, 0,
	    "UNIEMENS")) < 0 ||
	    (r = app_end(d, &p, 0)) < 0)
		goto fail;

	/* L3: eleven months ago, CIGS a conguaglio: the six months have passed. */
	from = monday_from(month_start_ago(d, 11));
	if ((r = app_begin(d, &p, C_C, PRACTICE_CIGS, PAYMENT_CONGUAGLIO, from, 8,
	    "Contratto di solidarietà", from - 10, wc, 2)) < 0 ||
	    (r = app_start(d, &p, from - 10, from - 5, from + 20)) < 0)
		goto fail;
	return app_end(d, &p, 0);
fail:
	practice_clear(&p);
	return r;
}

/* People, companies, accounts */

static void
person_cf(const struct demo_person *dp, char out[17])
{
	char sc[4], nc[4];

	seed_cf_surname_code(dp->surname, sc);
	seed_cf_name_code(dp->name, nc);
	seed_cf_person(sc, nc, dp->y % 100, dp->m, dp->d, dp->female, dp->place, out);
}

static int
demo_companies_workers(struct demo *d)
{
	struct store_office o;
	size_t i;
	int r;

	for (i = 0; i < C_COUNT; i++) {
		struct store_company *c = &d->c[i];

		memset(c, 0, sizeof *c);
		seed_cf_company(companies[i].serial, 58 + (unsigned)i * 13, c->vat);
		str_lcpy(c->cf, c->vat, sizeof c->cf);
		str_lcpy(c->matricola, companies[i].matricola, sizeof c->matricola);
		str_lcpy(c->name, companies[i].name, sizeof c->name);
		str_lcpy(c->province, companies[i].province, sizeof c->province);
		if ((r = store_company_add(d->st, c)) < 0)
			return demo_fail(d, r, "azienda non registrata");
		if ((r = store_office_by_province(d->st, c->province, &o)) < 0)
			return demo_fail(d, r, "sede competente non trovata");
		d->office[i] = o.id;
	}
	for (i = 0; i < W_COUNT; i++) {
		struct store_worker *w = &d->w[i];

		memset(w, 0, sizeof *w);
		person_cf(&workers[i], w->cf);
		str_lcpy(w->surname, workers[i].surname, sizeof w->surname);
		str_lcpy(w->name, workers[i].name, sizeof w->name);
		str_lcpy(w->province, workers[i].province, sizeof w->province);
		seed_iban(i % 2 ? "02008" : "03069", i % 2 ? "03204" : "03200",
		    12345678 + 1111 * (uint64_t)i, 0, 0, w->iban);
		if ((r = store_worker_add(d->st, w)) < 0)
			return demo_fail(d, r, "lavoratore non registrato");
		if ((r = store_employment_add(d->st, w->id, d->c[workers[i].company].id,
		    d->today - 2000 - 97 * (int32_t)i, 0)) < 0)
			return demo_fail(d, r, "rapporto di lavoro non registrato");
	}
	return 0;
}

struct demo_account {
	const char *login;	/* NULL: the person's codice fiscale */
	enum account_role role;
	const struct demo_person *person;
	const char *full_name;	/* staff */
	int worker;		/* index in workers[] for worker accounts, else -1 */
	int office;		/* bound to the office of company C_A (Rome) */
	int unix_user;		/* gets the Unix user running the seed */
	const char *note;
};

static const struct demo_account accounts[] = {
	{ NULL, ROLE_WORKER, &workers[W_MARIO], NULL, W_MARIO, 0, 0,
	    "4 domande: pagata, domiciliato, autorizzata, in istruttoria" },
	{ NULL, ROLE_WORKER, &workers[W_GIUSEPPE], NULL, W_GIUSEPPE, 0, 0,
	    "Napoli: CIGS pagata, domanda respinta, integrazione richiesta" },
	{ NULL, ROLE_OWNER, &users[U_OWNER], NULL, -1, 0, 0,
	    "titolare di Officine Tiburtine S.r.l. (Roma)" },
	{ NULL, ROLE_REPRESENTATIVE, &users[U_REPRESENTATIVE], NULL, -1, 0, 0,
	    "rappresentante legale di Logistica Ambrosiana S.p.A. (Milano)" },
	{ NULL, ROLE_CONSULTANT, &users[U_CONSULTANT], NULL, -1, 0, 0,
	    "consulente delegata per Officine Tiburtine e Logistica Ambrosiana" },
	{ "operatore1", ROLE_ADVISOR, NULL, "Francesca Marino", -1, 0, 1, NULL },
	{ "operatore2", ROLE_ADVISOR, NULL, "Davide Conti", -1, 0, 0, NULL },
	{ "supervisore", ROLE_SUPERVISOR, NULL, "Elena Lombardi", -1, 0, 0, NULL },
	{ "sede.roma", ROLE_OFFICE, NULL, "Roberto Moretti", -1, 1, 0,
	    "operatore della sede di Roma (segnalazioni Linea INPS)" },
};

static int
demo_accounts(struct demo *d, struct store_account *made, char *unix_user, size_t ulen)
{
	struct store_account a, other;
	struct store_credentials cr;
	struct passwd *pw = getpwuid(geteuid());
	char hash[AUTH_HASH_SIZE];
	size_t i;
	int r;

	unix_user[0] = '\0';
	if (pw != NULL && pw->pw_name != NULL && strlen(pw->pw_name) < sizeof a.unix_user &&
	    store_account_by_unix_user(d->st, pw->pw_name, &other) == ERR_NOTFOUND)
		str_lcpy(unix_user, pw->pw_name, ulen);
	for (i = 0; i < nitems(accounts); i++) {
		const struct demo_account *da = &accounts[i];

		memset(&a, 0, sizeof a);
		memset(&cr, 0, sizeof cr);
		a.role = da->role;
		if (da->person != NULL) {
			person_cf(da->person, a.login);
			snprintf(a.full_name, sizeof a.full_name, "%s %s", da->person->name,
			    da->person->surname);
			str_lcpy(a.province, da->person->province, sizeof a.province);
			if ((r = auth_totp_secret_new(cr.totp_secret, sizeof cr.totp_secret)) < 0) {
				snprintf(d->err, d->errlen, "segreto OTP non generato");
				return r;
			}
		} else {
			str_lcpy(a.login, da->login, sizeof a.login);
			str_lcpy(a.full_name, da->full_name, sizeof a.full_name);
		}
		if (da->worker >= 0)
			a.worker_id = d->w[da->worker].id;
		if (da->office)
			a.office_id = d->office[C_A];
		if (da->unix_user)
			str_lcpy(a.unix_user, unix_user, sizeof a.unix_user);
		if ((r = auth_password_hash("demo", hash, sizeof hash)) < 0 ||
		    strlen(hash) >= sizeof cr.password_hash) {
			snprintf(d->err, d->errlen, "impossibile calcolare l'hash della password");
			explicit_bzero(&cr, sizeof cr);
			return r < 0 ? r : ERR_IO;
		}
		str_lcpy(cr.password_hash, hash, sizeof cr.password_hash);
		r = store_account_add(d->st, &a, &cr);
		explicit_bzero(&cr, sizeof cr);
		if (r < 0) {
			snprintf(d->err, d->errlen, "account %s non registrato%s", a.login,
			    r == ERR_EXISTS ? ": esiste già" : "");
			return r;
		}
		made[i] = a;
	}
	explicit_bzero(hash, sizeof hash);

	/* Delegations: owner of A, representative of B, consultant of A and B. */
	if ((r = store_delegation_add(d->st, made[2].id, d->c[C_A].id, ROLE_OWNER,
	    d->today - 3000)) < 0 ||
	    (r = store_delegation_add(d->st, made[3].id, d->c[C_B].id, ROLE_REPRESENTATIVE,
	    d->today - 2500)) < 0 ||
	    (r = store_delegation_add(d->st, made[4].id, d->c[C_A].id, ROLE_CONSULTANT,
	    d->today - 1200)) < 0 ||
	    (r = store_delegation_add(d->st, made[4].id, d->c[C_B].id, ROLE_CONSULTANT,
	    d->today - 800)) < 0)
		return demo_fail(d, r, "delega non registrata");
	return 0;
}

static void
demo_print(const struct demo *d, FILE *out, const struct store_account *made,
    const char *unix_user)
{
	char day[16];
	size_t i;

	fprintf(out, "Dati dimostrativi creati (data di riferimento %s).\n\n",
	    day_format_it(d->today, day, sizeof day));
	fprintf(out, "Account (password: demo per tutti):\n");
	for (i = 0; i < nitems(accounts); i++) {
		fprintf(out, "  %-18s %-24s %s\n", made[i].login,
		    account_role_label(made[i].role), made[i].full_name);
		if (accounts[i].note != NULL)
			fprintf(out, "  %-18s %s\n", "", accounts[i].note);
		if (accounts[i].unix_user && unix_user[0] != '\0')
			fprintf(out, "  %-18s console senza password per l'utente Unix \"%s\"\n",
			    "", unix_user);
	}
	fprintf(out, "\nLavoratori e aziende si collegano con un client SSH, per esempio:\n"
	    "  ssh -p 2222 %s@127.0.0.1\n"
	    "password: demo, poi il codice monouso (OTP) che si ottiene con:\n"
	    "  infocig account otp %s\n", DEMO_WORKER, DEMO_WORKER);
	fprintf(out, "\nGli operatori usano la console: infocig (oppure infocig --as operatore1).\n");
	fprintf(out, "\nDomande di Mario Rossi:\n");
	for (i = 0; i < d->nmario; i++)
		fprintf(out, "  %-18s %s\n", d->mario[i].number,
		    practice_status_label(d->mario[i].status));
}

int
seed_demo(struct store *st, const char *datadir, int32_t today, FILE *out,
    char *err, size_t errlen)
{
	struct demo d;
	struct store_worker probe;
	struct store_account made[nitems(accounts)];
	char unix_user[40];
	int r;

	(void)datadir;	/* everything here is spelled out; datadir feeds seed_bulk */
	if (errlen > 0)
		err[0] = '\0';
	memset(&d, 0, sizeof d);
	memset(made, 0, sizeof made);
	d.st = st;
	d.today = today;
	d.err = err;
	d.errlen = errlen;
	if (store_worker_by_cf(st, DEMO_WORKER, &probe) == 0) {
		snprintf(err, errlen, "i dati dimostrativi sono già presenti (%s)", DEMO_WORKER);
		return ERR_EXISTS;
	}
	if ((r = store_begin(st)) < 0) {
		snprintf(err, errlen, "database non disponibile: %s", store_errmsg(st));
		return r;
	}
	if ((r = demo_companies_workers(&d)) < 0 || (r = demo_accounts(&d, made, unix_user,
	    sizeof unix_user)) < 0 || (r = demo_mario(&d)) < 0 || (r = demo_others(&d)) < 0 ||
	    (r = demo_law(&d)) < 0 || (r = store_commit(st)) < 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "dati dimostrativi non creati: %s", store_errmsg(st));
		store_rollback(st);
		explicit_bzero(made, sizeof made);
		return r;
	}
	if ((r = store_span_stats_refresh(st, today, 180, 1)) < 0) {
		snprintf(err, errlen, "statistiche dei tempi non calcolate: %s", store_errmsg(st));
		explicit_bzero(made, sizeof made);
		return r;
	}
	if (out != NULL)
		demo_print(&d, out, made, unix_user);
	explicit_bzero(made, sizeof made);
	return 0;
}
