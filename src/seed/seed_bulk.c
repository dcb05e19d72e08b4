/*
 * seed bulk: millions of workers, their companies and CIG applications, for
 * benchmarks and for the timeline statistics.  The same (workers, seed,
 * today) always gives the same rows: one xoshiro256** stream drawn in a
 * fixed order, no rand(), no clock.  About 1,000 lines in one file on
 * purpose: every generator below draws from that one stream in a fixed
 * order, which one reader must be able to follow end to end.
 *
 * Companies are generated one at a time with their workers (about 25 on
 * average) and their applications, whose life cycles follow DESIGN.md
 * section 5 and are cut at today, so every stage is present.  After them
 * come the large employers (seed_bulk_large_plan) and one consultant
 * account delegated for all of them.  Events are
 * built to pass practice_check_event(); seed_bulk_set_checking(1) makes it
 * check each one (the tests do), otherwise it trusts the construction.
 *
 * Speed: one transaction, secondary indexes dropped while loading, each row
 * one bound INSERT from a cached statement, and every buffer allocated once
 * per run and reused.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hash.h"
#include "practice.h"
#include "seed.h"
#include "store.h"

/* First partita IVA serial of generated companies (the demo's are below). */
#define BULK_VAT_SERIAL 1000000u
/* How many days back the integration periods may start. */
#define BULK_WINDOW_DAYS 730
/* The large employers at full size (seed_bulk_large_plan). */
#define BULK_LARGE_COMPANIES 40
#define BULK_LARGE_WORKERS 20000
#define BULK_LARGE_APPS 300

static int bulk_checking;

void
seed_bulk_set_checking(int on)
{
	bulk_checking = on != 0;
}

/* PRNG: splitmix64 seeds xoshiro256** (Blackman and Vigna). */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_init(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n), n < 2^32 (Lemire's multiply-shift, bias below 2^-32). */
static inline uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline int32_t
rng_range(struct rng *r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)rng_below(r, (uint32_t)(hi - lo + 1));
}

static inline int
rng_permille(struct rng *r, uint32_t p)
{
	return rng_below(r, 1000) < p;
}

/* Index in [0, n) weighted towards 0 (frequent names come first in the list). */
static inline uint32_t
rng_skewed(struct rng *r, uint32_t n)
{
	return rng_below(r, 1 + rng_below(r, n));
}

/* Reference tables. */

static const char *const banks[] = {	/* ABI codes of large Italian banks */
	"03069", "02008", "05034", "01030", "05387", "03440", "06230", "05696",
	"03062", "07601", "08327", "05728", "03015", "01005", "05584", "03032",
};

static const struct {
	enum practice_type type;
	uint32_t permille;
} type_weights[] = {
	{ PRACTICE_CIGO, 550 }, { PRACTICE_FIS, 250 }, { PRACTICE_CIGS, 100 },
	{ PRACTICE_FSOL, 70 }, { PRACTICE_DEROGA, 30 },
};

static const char *const reject_reasons[] = {
	"Causale non integrabile", "Domanda presentata oltre i termini",
	"Requisito di anzianità di effettivo lavoro non soddisfatto",
	"Documentazione incompleta non integrata nei termini",
};

static const char *const integration_requests[] = {
	"Relazione tecnica dettagliata", "Bollettini meteo del periodo",
	"Elenco nominativo dei lavoratori", "Documentazione sulla crisi di mercato",
};

enum iban_state { IBAN_OK, IBAN_MISSING, IBAN_BAD_CIN, IBAN_TYPO };

/* A worker of the company being generated. */
struct gen_worker {
	int64_t id;
	uint8_t iban;		/* enum iban_state */
};

/* One worker-month of an application: at most two data rows and one payment. */
struct gen_month {
	int64_t worker_id;
	int32_t month;
	int32_t sent, rejected, resent;	/* 0: did not happen (yet) */
	const char *reject_reason;
	int32_t liquidated, paid;
	int64_t amount_cents;
	int domiciliato;
	const char *channel, *rechannel;
};

struct gen_app_event {
	enum event_kind kind;
	int32_t day;
	char detail[48];
};

struct bulk {
	struct store *st;
	const struct seed_names *nm;
	struct rng rng;
	int32_t today, today_year, sr41_end;
	int check;

	struct hash *cfset;	/* codici fiscali given out, as numeric keys */
	uint64_t total_weight;

	struct gen_worker *w;	/* workers of the current company */
	size_t nw, wcap;
	struct practice_worker *pw;	/* workers of the current application */
	const struct gen_worker **pwk;	/* ... and their generator records */
	int64_t *base_cents;	/* ... and their monthly benefit */
	struct gen_month *gm;	/* worker-months of the current application */
	size_t ngm, gmcap;
	struct gen_app_event app[12];
	size_t napp;
	struct practice_event *ev;	/* check mode: the events of one application */
	size_t evcap;
	/*
	 * The causali of data/causali.csv (as stored) allowed for each type,
	 * COVID-19 ones apart: those go only to 2020-2021 periods (issue 12).
	 */
	struct timeline_rules law;
	const char *reasons[PRACTICE_TYPE_COUNT][32];
	size_t nreasons[PRACTICE_TYPE_COUNT];
	const char *covid_reason;

	int64_t companies, practices, workers, rows;
	int64_t last_company;	/* id of the latest company written */
	size_t large_count, large_size, large_apps;	/* seed_bulk_large_plan() */
	char large_first[16];	/* matricola of the first large employer */
	char consultant[17];	/* codice fiscale of their consultant */
	int64_t events, paydata, payments;	/* rows of these kinds among rows */
	char *err;
	size_t errlen;
};

static int
db_fail(struct bulk *b, int r)
{
	snprintf(b->err, b->errlen, "scrittura nel database fallita: %s", store_errmsg(b->st));
	return r < 0 ? r : ERR_IO;
}

/* Workers */

/* 1 when key was new (and is now in the set), 0 when already there. */
static int
cfset_add(struct bulk *b, uint64_t key)
{
	int added;

	hash_int_put(b->cfset, (int64_t)key, &added);
	return added;
}

static int
gen_worker(struct bulk *b, size_t prov, int64_t serial, int64_t company_id,
    struct gen_worker *gw)
{
	const struct seed_names *nm = b->nm;
	struct store_worker w;
	const struct seed_name *sn, *gn;
	int female, y, m, d, r;
	int32_t adult;
	size_t place;
	uint64_t key;
	uint32_t q;

	memset(&w, 0, sizeof w);
	female = rng_permille(&b->rng, 380);
	sn = &nm->surnames[rng_skewed(&b->rng, (uint32_t)nm->nsurnames)];
	gn = female ? &nm->female[rng_skewed(&b->rng, (uint32_t)nm->nfemale)] :
	    &nm->male[rng_skewed(&b->rng, (uint32_t)nm->nmale)];
	do {	/* a new birth date and place until the codice fiscale is unused */
		y = b->today_year - rng_range(&b->rng, 21, 64);
		m = rng_range(&b->rng, 1, 12);
		d = rng_range(&b->rng, 1, day_days_in_month(y, m));
		place = rng_permille(&b->rng, 650) ? prov :
		    seed_province_pick(nm, rng_next(&b->rng) % b->total_weight);
		key = (uint64_t)sn->code_idx * nm->nname_codes + gn->code_idx;
		key = ((key * 100 + (uint64_t)(y % 100)) * 12 + (uint64_t)(m - 1)) * 72 +
		    (uint64_t)(d + (female ? 40 : 0));
		key = key * nm->nprovinces + place;
	} while (!cfset_add(b, key));
	seed_cf_person(sn->code, gn->code, y % 100, m, d, female,
	    nm->provinces[place].capoluogo, w.cf);
	str_lcpy(w.surname, sn->text, sizeof w.surname);
	str_lcpy(w.name, gn->text, sizeof w.name);
	str_lcpy(w.province, nm->provinces[rng_permille(&b->rng, 900) ? prov :
	    seed_province_pick(nm, rng_next(&b->rng) % b->total_weight)].sigla,
	    sizeof w.province);

	/* About 3% of the IBANs are missing or wrong: they feed the domiciliato path. */
	q = rng_below(&b->rng, 1000);
	gw->iban = q < 10 ? IBAN_MISSING : q < 20 ? IBAN_BAD_CIN : q < 30 ? IBAN_TYPO : IBAN_OK;
	if (gw->iban != IBAN_MISSING) {
		char cab[8];

		snprintf(cab, sizeof cab, "%05u", 1000 + rng_below(&b->rng, 99000));
		seed_iban(banks[rng_below(&b->rng, nitems(banks))], cab,
		    (uint64_t)serial * 7919u + 100000, gw->iban == IBAN_BAD_CIN,
		    gw->iban == IBAN_TYPO, w.iban);
	}
	if ((r = store_worker_add(b->st, &w)) < 0)
		return db_fail(b, r);
	gw->id = w.id;
	/* Hired at least 18 years old and before the applications of the window. */
	adult = b->today - day_from_ymd(y + 18, m, m == 2 && d == 29 ? 28 : d);
	if ((r = store_employment_add(b->st, w.id, company_id,
	    b->today - rng_range(&b->rng, 800, adult < 9000 ? adult : 9000), 0)) < 0)
		return db_fail(b, r);
	b->rows += 2;
	return 0;
}

/* Applications */

static void
app_event(struct bulk *b, enum event_kind kind, int32_t day, const char *detail)
{
	struct gen_app_event *e = &b->app[b->napp++];

	e->kind = kind;
	e->day = day;
	str_lcpy(e->detail, detail, sizeof e->detail);
}

/* Days of the period [from, to] inside month. */
static int32_t
days_in_period(int32_t from, int32_t to, int32_t month)
{
	int32_t first = practice_month_first_day(month);
	int32_t last = practice_month_first_day(practice_month_next(month)) - 1;

	if (from > first)
		first = from;
	if (to < last)
		last = to;
	return last >= first ? last - first + 1 : 0;
}

static struct gen_month *
gm_push(struct bulk *b)
{
	struct gen_month *g;

	if (b->ngm == b->gmcap) {
		b->gmcap = b->gmcap ? b->gmcap * 2 : 256;
		b->gm = xreallocarray(b->gm, b->gmcap, sizeof *b->gm);
	}
	g = &b->gm[b->ngm++];
	memset(g, 0, sizeof *g);
	return g;
}

/*
 * One worker-month after valid-looking payment data arrived on day sent:
 * possibly scartati and sent again, then liquidata, then pagata or
 * domiciliato; every step only when it falls on or before today.
 */
static void
gen_worker_month(struct bulk *b, struct gen_month *g, const struct gen_worker *gw,
    int32_t sent, const char *channel)
{
	int32_t t = b->today, day;
	int bad_iban = gw->iban != IBAN_OK;

	g->sent = sent;
	g->channel = channel;
	day = sent;
	if ((gw->iban == IBAN_BAD_CIN || gw->iban == IBAN_TYPO) && rng_permille(&b->rng, 500))
		g->reject_reason = "IBAN errato";
	else if (gw->iban == IBAN_OK && rng_permille(&b->rng, 10))
		g->reject_reason = "Dati retributivi incongruenti";
	if (g->reject_reason != NULL) {
		day += rng_range(&b->rng, 2, 6);
		if (day > t)
			return;
		g->rejected = day;
		day += rng_range(&b->rng, 5, 25);
		if (day > t)
			return;
		g->resent = day;
		g->rechannel = day < b->sr41_end ? "SR41" : "UNIEMENS";
	}
	day += rng_range(&b->rng, 2, 5);
	if (day > t)
		return;
	g->liquidated = day;
	/* A missing or wrong IBAN ends in a bonifico domiciliato at the post office. */
	g->domiciliato = bad_iban;
	day += bad_iban ? rng_range(&b->rng, 3, 10) : rng_range(&b->rng, 1, 4);
	if (day > t)
		return;
	g->paid = day;
}

/*
 * Builds the events of one application into b->app and b->gm and returns
 * its status.  p has the header and the workers.
 */
static enum practice_status
gen_life_cycle(struct bulk *b, struct practice *p, const struct gen_worker *const *pwk,
    const int64_t *base_cents)
{
	struct rng *rng = &b->rng;
	int32_t t = b->today, day, pres, decision, m, first, last;
	size_t i, months_paid = 0, nmonths = 0;
	char detail[48];
	int y, mo, dd;

	b->napp = 0;
	b->ngm = 0;
	pres = p->period_from + (rng_permille(rng, 30) ? rng_range(rng, 16, 40) :
	    rng_range(rng, -10, 14));
	if (pres > t)
		pres = t;
	app_event(b, EV_PRESENTATA, pres, "");
	day_to_ymd(pres, &y, &mo, &dd);
	snprintf(p->number, sizeof p->number, "%s-%04d-%07u", practice_type_name(p->type),
	    y % 10000, (unsigned)((b->practices + 1) % 100000000));

	day = pres + rng_range(rng, 1, 10);
	if (day > t)
		return STATUS_PRESENTATA;
	app_event(b, EV_ISTRUTTORIA, day, "");
	if (rng_permille(rng, 15)) {	/* withdrawn by the company */
		day += rng_range(rng, 2, 20);
		if (day > t)
			return STATUS_ISTRUTTORIA;
		app_event(b, EV_ANNULLATA, day, "");
		return STATUS_ANNULLATA;
	}
	decision = pres + rng_range(rng, 14, 56);
	if (rng_permille(rng, 80)) {
		day += rng_range(rng, 5, 20);
		if (day > t)
			return STATUS_ISTRUTTORIA;
		app_event(b, EV_RICHIESTA_INTEGRAZIONE, day,
		    integration_requests[rng_below(rng, nitems(integration_requests))]);
		day += rng_range(rng, 7, 30);
		if (day > t)
			return STATUS_INTEGRAZIONE;
		app_event(b, EV_ISTRUTTORIA, day, "");
		decision = day + rng_range(rng, 7, 21);
	}
	if (decision <= day)
		decision = day + 1;
	if (decision > t)
		return STATUS_ISTRUTTORIA;
	if (rng_permille(rng, 50)) {
		app_event(b, EV_RESPINTA, decision,
		    reject_reasons[rng_below(rng, nitems(reject_reasons))]);
		return STATUS_RESPINTA;
	}
	day_to_ymd(decision, &y, &mo, &dd);
	snprintf(detail, sizeof detail, "%04d/%07" PRId64, y, b->practices + 1);
	app_event(b, EV_AUTORIZZATA, decision, detail);
	if (p->mode != PAYMENT_DIRECT)
		return STATUS_AUTORIZZATA;

	first = practice_month_of_day(p->period_from);
	last = practice_month_of_day(p->period_to);
	for (m = first; m <= last; m = practice_month_next(m)) {
		int32_t mend = practice_month_first_day(practice_month_next(m)) - 1;
		int32_t base = decision > mend ? decision : mend, sent;
		int32_t covered = days_in_period(p->period_from, p->period_to, m);
		int32_t dim = mend - practice_month_first_day(m) + 1;

		nmonths++;
		if (rng_permille(rng, 40))	/* never sent: decadenza */
			continue;
		sent = base + (rng_permille(rng, 50) ? rng_range(rng, 36, 55) :
		    rng_range(rng, 3, 35));
		if (sent > t)
			continue;
		for (i = 0; i < p->nworkers; i++) {
			/* A few workers' data come in a flow of a later day. */
			int32_t wsent = sent + (rng_permille(rng, 50) ? rng_range(rng, 1, 3) : 0);
			const char *channel = wsent < b->sr41_end ? "SR41" : "UNIEMENS";
			struct gen_month *g;

			if (wsent > t)
				continue;
			g = gm_push(b);
			g->worker_id = p->workers[i].worker_id;
			g->month = m;
			g->amount_cents = base_cents[i] * covered / dim;
			if (g->amount_cents < 500)
				g->amount_cents = 500;
			gen_worker_month(b, g, pwk[i], wsent, channel);
			if (g->paid)
				months_paid++;
		}
	}
	if (nmonths > 0 && months_paid == nmonths * p->nworkers)
		return STATUS_PAGATA;
	return b->ngm > 0 ? STATUS_IN_PAGAMENTO : STATUS_AUTORIZZATA;
}

/* Check mode: the events in the order store_practice_load() gives them. */
static void
ev_push(struct bulk *b, size_t *n, enum event_kind kind, int32_t day, int64_t worker,
    int32_t month, int64_t cents, const char *detail)
{
	struct practice_event *e;

	if (*n == b->evcap) {
		b->evcap = b->evcap ? b->evcap * 2 : 256;
		b->ev = xreallocarray(b->ev, b->evcap, sizeof *b->ev);
	}
	e = &b->ev[*n];
	memset(e, 0, sizeof *e);
	e->id = (int64_t)*n + 1;
	e->kind = kind;
	e->day = day;
	e->worker_id = worker;
	e->month = month;
	e->amount_cents = cents;
	str_lcpy(e->detail, detail ? detail : "", sizeof e->detail);
	(*n)++;
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct practice_event *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
check_life_cycle(struct bulk *b, struct practice *p, enum practice_status status)
{
	struct practice_event *all;
	size_t i, n = 0;
	char why[200];
	enum practice_status got;

	for (i = 0; i < b->napp; i++)
		ev_push(b, &n, b->app[i].kind, b->app[i].day, 0, 0, 0, b->app[i].detail);
	for (i = 0; i < b->ngm; i++) {
		const struct gen_month *g = &b->gm[i];

		ev_push(b, &n, EV_DATI_PAGAMENTO, g->sent, g->worker_id, g->month, 0, g->channel);
		if (g->rejected)
			ev_push(b, &n, EV_DATI_SCARTATI, g->rejected, g->worker_id, g->month, 0,
			    g->reject_reason);
		if (g->resent)
			ev_push(b, &n, EV_DATI_PAGAMENTO, g->resent, g->worker_id, g->month, 0,
			    g->rechannel);
		if (g->liquidated)
			ev_push(b, &n, EV_LIQUIDATA, g->liquidated, g->worker_id, g->month, 0, NULL);
		if (g->paid)
			ev_push(b, &n, g->domiciliato ? EV_DOMICILIATO : EV_PAGATA, g->paid,
			    g->worker_id, g->month, g->amount_cents, NULL);
	}
	qsort(b->ev, n, sizeof *b->ev, ev_cmp);
	/* Replay into p, whose event array is borrowed for the duration. */
	all = b->ev;
	p->events = NULL;
	p->nevents = 0;
	for (i = 0; i < n; i++) {
		if (practice_check_event(p, &all[i], why, sizeof why) != 0) {
			snprintf(b->err, b->errlen, "domanda %s: evento %s del %d rifiutato: %s",
			    p->number, event_kind_name(all[i].kind), all[i].day, why);
			free(p->events);
			p->events = NULL;
			p->nevents = 0;
			return ERR_INVALID;
		}
		practice_add_event(p, &all[i]);
	}
	got = practice_status_of(p);
	free(p->events);
	p->events = NULL;
	p->nevents = 0;
	if (got != status) {
		snprintf(b->err, b->errlen, "domanda %s: stato generato %s, dagli eventi %s",
		    p->number, practice_status_name(status), practice_status_name(got));
		return ERR_INVALID;
	}
	return 0;
}

static int
write_practice(struct bulk *b, struct practice *p, enum practice_status status)
{
	size_t i;
	int r;

	if ((r = store_seed_practice_add(b->st, p, status)) < 0)
		return db_fail(b, r);
	for (i = 0; i < p->nworkers; i++)
		if ((r = store_practice_worker_add(b->st, p->id, p->workers[i].worker_id,
		    p->workers[i].hours)) < 0)
			return db_fail(b, r);
	for (i = 0; i < b->napp; i++)
		if ((r = store_seed_event_add(b->st, p->id, b->app[i].kind, b->app[i].day,
		    b->app[i].detail)) < 0)
			return db_fail(b, r);
	b->rows += 1 + (int64_t)p->nworkers + (int64_t)b->napp;
	b->events += (int64_t)b->napp;
	for (i = 0; i < b->ngm; i++) {
		const struct gen_month *g = &b->gm[i];

		if ((r = store_seed_paydata_add(b->st, p->id, g->worker_id, g->month, g->channel,
		    g->sent, g->rejected, g->reject_reason)) < 0)
			return db_fail(b, r);
		b->paydata++;
		if (g->resent) {
			if ((r = store_seed_paydata_add(b->st, p->id, g->worker_id, g->month,
			    g->rechannel, g->resent, 0, NULL)) < 0)
				return db_fail(b, r);
			b->paydata++;
		}
		if (g->liquidated) {
			if ((r = store_seed_payment_add(b->st, p->id, g->worker_id, g->month,
			    g->liquidated, g->paid, g->amount_cents, g->domiciliato)) < 0)
				return db_fail(b, r);
			b->payments++;
		}
	}
	return 0;
}

static enum practice_type
pick_type(struct rng *rng)
{
	uint32_t q = rng_below(rng, 1000);
	size_t i;

	for (i = 0; i < nitems(type_weights); i++) {
		if (q < type_weights[i].permille)
			return type_weights[i].type;
		q -= type_weights[i].permille;
	}
	return PRACTICE_CIGO;
}

/*
 * One application of the company being generated over its workers
 * [from, to): some of them, or all of them when keep_all (a large
 * employer's application for one unit).
 */
static int
gen_practice(struct bulk *b, int64_t company_id, size_t prov, enum practice_type type,
    size_t from, size_t to, int keep_all)
{
	struct rng *rng = &b->rng;
	struct practice p;
	enum practice_status status;
	uint32_t keep;
	int32_t weeks;
	size_t i;
	int r;

	practice_init(&p);
	p.type = type;
	p.mode = rng_permille(rng, 700) ? PAYMENT_DIRECT : PAYMENT_CONGUAGLIO;
	if (type == PRACTICE_DEROGA)
		p.mode = PAYMENT_DIRECT;	/* INPS always pays CIG in deroga itself */
	p.company_id = company_id;
	p.office_id = b->nm->provinces[prov].office_id;
	switch (type) {
	case PRACTICE_CIGS:
		weeks = rng_range(rng, 4, 26);
		break;
	case PRACTICE_DEROGA:
		weeks = rng_range(rng, 1, 9);
		break;
	default:
		weeks = 1 + (int32_t)rng_skewed(rng, 13) + (int32_t)rng_below(rng, 3);
		break;
	}
	p.weeks = weeks;
	p.period_from = b->today - rng_range(rng, 10, BULK_WINDOW_DAYS);
	str_lcpy(p.reason, b->reasons[type][rng_below(rng, (uint32_t)b->nreasons[type])],
	    sizeof p.reason);
	/*
	 * Half the deroga applications are of the COVID-19 emergency, in 2021,
	 * so that the emergency rules show (issue 12).
	 */
	if (type == PRACTICE_DEROGA && b->covid_reason != NULL && rng_permille(rng, 500)) {
		p.period_from = day_from_ymd(2021, 1, 11) + rng_range(rng, 0, 320);
		str_lcpy(p.reason, b->covid_reason, sizeof p.reason);
	}
	p.period_from -= day_weekday(p.period_from);	/* from a Monday */
	p.period_to = p.period_from + weeks * 7 - 1;

	/* Some of the company's workers, at least one. */
	keep = keep_all ? 1000 : 300 + rng_below(rng, 701);
	p.workers = b->pw;
	for (i = from; i < to; i++) {
		if (!keep_all && !rng_permille(rng, keep) && !(i + 1 == to && p.nworkers == 0))
			continue;
		b->pwk[p.nworkers] = &b->w[i];
		b->base_cents[p.nworkers] = 60000 + rng_below(rng, 80001);
		memset(&p.workers[p.nworkers], 0, sizeof *p.workers);
		p.workers[p.nworkers].worker_id = b->w[i].id;
		p.workers[p.nworkers].hours = weeks * 40 * (30 + rng_range(rng, 0, 70)) / 100;
		p.hours += p.workers[p.nworkers].hours;
		p.nworkers++;
	}
	status = gen_life_cycle(b, &p, b->pwk, b->base_cents);
	if (b->check && (r = check_life_cycle(b, &p, status)) < 0)
		return r;
	if ((r = write_practice(b, &p, status)) < 0)
		return r;
	b->practices++;
	return 0;
}

/*
 * One company of size workers.  napps 0: an ordinary one, which asked for
 * CIG up to three times for some of its workers; otherwise a large employer
 * with napps applications, each for one unit of its workforce (a run of
 * size/400 to size/50 consecutive workers), CIGO or CIGS.
 */
static int
gen_company(struct bulk *b, size_t size, size_t napps_large)
{
	const struct seed_names *nm = b->nm;
	struct rng *rng = &b->rng;
	struct store_company c;
	enum practice_type type;
	size_t prov, i, napps;
	const char *surname, *word, *form;
	uint32_t q;
	int r;

	memset(&c, 0, sizeof c);
	prov = seed_province_pick(nm, rng_next(rng) % b->total_weight);
	surname = nm->surnames[rng_skewed(rng, (uint32_t)nm->nsurnames)].text;
	word = nm->words[rng_below(rng, (uint32_t)nm->nwords)];
	form = nm->forms[rng_below(rng, (uint32_t)nm->nforms)];
	if (rng_permille(rng, 500))
		snprintf(c.name, sizeof c.name, "%s %s %s", word, surname, form);
	else
		snprintf(c.name, sizeof c.name, "%s %s %s", surname, word, form);
	seed_cf_company(BULK_VAT_SERIAL + (uint32_t)b->companies, (unsigned)prov + 1, c.vat);
	str_lcpy(c.cf, c.vat, sizeof c.cf);
	snprintf(c.matricola, sizeof c.matricola, "%02u%08" PRId64,
	    (unsigned)(10 + prov % 90), b->companies);
	str_lcpy(c.province, nm->provinces[prov].sigla, sizeof c.province);
	if ((r = store_company_add(b->st, &c)) < 0)
		return db_fail(b, r);
	b->last_company = c.id;
	b->companies++;
	b->rows++;

	if (size > b->wcap) {
		b->wcap = size;
		b->w = xreallocarray(b->w, b->wcap, sizeof *b->w);
		b->pw = xreallocarray(b->pw, b->wcap, sizeof *b->pw);
		b->pwk = xreallocarray(b->pwk, b->wcap, sizeof *b->pwk);
		b->base_cents = xreallocarray(b->base_cents, b->wcap, sizeof *b->base_cents);
	}
	b->nw = size;
	for (i = 0; i < size; i++)
		if ((r = gen_worker(b, prov, b->workers++, c.id, &b->w[i])) < 0)
			return r;

	if (napps_large > 0) {
		size_t lo = size / 400 > 0 ? size / 400 : 1, hi = size / 50 > lo ? size / 50 : lo;

		for (i = 0; i < napps_large; i++) {
			size_t count = lo + rng_below(rng, (uint32_t)(hi - lo + 1));
			size_t from = rng_below(rng, (uint32_t)(size - count + 1));

			type = rng_permille(rng, 650) ? PRACTICE_CIGO : PRACTICE_CIGS;
			if ((r = gen_practice(b, c.id, prov, type, from, from + count, 1)) < 0)
				return r;
		}
		return 0;
	}
	/* Most companies asked for CIG once to three times in the window. */
	q = rng_below(rng, 100);
	napps = q < 15 ? 0 : q < 60 ? 1 : q < 85 ? 2 : 3;
	type = pick_type(rng);
	for (i = 0; i < napps; i++) {
		enum practice_type t = type;

		if (t == PRACTICE_CIGO && rng_permille(rng, 100))
			t = PRACTICE_CIGS;
		if ((r = gen_practice(b, c.id, prov, t, 0, b->nw, 0)) < 0)
			return r;
	}
	return 0;
}

/* 2..150 workers, 25 on average. */
static size_t
company_size(struct rng *rng)
{
	uint32_t q = rng_below(rng, 100);

	if (q < 60)
		return 2 + rng_below(rng, 14);
	if (q < 90)
		return 16 + rng_below(rng, 35);
	return 51 + rng_below(rng, 100);
}

/*
 * The large employers (issue 19): a fixed number of companies of thousands
 * of workers and hundreds of applications, the ones a consultant follows
 * for cassa integrazione.  40 companies of n/100 workers (at most 20,000,
 * reached at 2,000,000 workers) with 50 + size/40 applications (at most
 * 300, reached at 10,000 workers per company); fewer companies when n is
 * under 160, so that they never hold more than half the workers.
 */
void
seed_bulk_large_plan(int64_t n, size_t *count, size_t *size, size_t *napps)
{
	int64_t sz = n / 100, c;

	if (sz > BULK_LARGE_WORKERS)
		sz = BULK_LARGE_WORKERS;
	if (sz < 2)
		sz = 2;
	c = n / (2 * sz);
	if (c > BULK_LARGE_COMPANIES)
		c = BULK_LARGE_COMPANIES;
	*count = (size_t)c;
	*size = (size_t)sz;
	*napps = 50 + (size_t)sz / 40;
	if (*napps > BULK_LARGE_APPS)
		*napps = BULK_LARGE_APPS;
}

/* The consultant delegated for every large employer: Giulia Grandi, born 1950 in Rome. */
static int
gen_consultant(struct bulk *b, int64_t first_company, size_t count)
{
	struct store_account a;
	size_t i;
	int r;

	memset(&a, 0, sizeof a);
	a.role = ROLE_CONSULTANT;
	seed_cf_person("GRN", "GLI", 50, 1, 1, 1, "H501", a.login);
	str_lcpy(a.full_name, "Giulia Grandi", sizeof a.full_name);
	str_lcpy(a.province, "RM", sizeof a.province);
	if ((r = store_account_add(b->st, &a, NULL)) < 0)
		return db_fail(b, r);
	str_lcpy(b->consultant, a.login, sizeof b->consultant);
	for (i = 0; i < count; i++)
		if ((r = store_delegation_add(b->st, a.id, first_company + (int64_t)i,
		    ROLE_CONSULTANT, b->today - 400 - (int32_t)i)) < 0)
			return db_fail(b, r);
	b->rows += 1 + (int64_t)count;
	return 0;
}

static int
bulk_run(struct bulk *b, int64_t n)
{
	struct progress *pg = progress_new("Generazione", (uint64_t)n);
	struct store_company first;
	int64_t ordinary;
	size_t i;
	int r = 0;

	seed_bulk_large_plan(n, &b->large_count, &b->large_size, &b->large_apps);
	/* The ordinary companies first: their rows do not depend on the large ones. */
	ordinary = n - (int64_t)(b->large_count * b->large_size);
	while (b->workers < ordinary && r == 0) {
		size_t size = company_size(&b->rng);

		if ((int64_t)size > ordinary - b->workers)
			size = (size_t)(ordinary - b->workers);
		r = gen_company(b, size, 0);
		progress_update(pg, (uint64_t)b->workers);
	}
	for (i = 0; i < b->large_count && r == 0; i++) {
		r = gen_company(b, b->large_size, b->large_apps);
		if (i == 0 && r == 0 && (r = store_company_by_id(b->st, b->last_company,
		    &first)) < 0)
			db_fail(b, r);
		if (i == 0 && r == 0)
			str_lcpy(b->large_first, first.matricola, sizeof b->large_first);
		progress_update(pg, (uint64_t)b->workers);
	}
	if (r == 0 && b->large_count > 0)
		r = gen_consultant(b, b->last_company - (int64_t)b->large_count + 1,
		    b->large_count);
	progress_free(pg);
	return r;
}

/* The causali per type from the stored table; every type needs at least one. */
static int
bulk_reasons(struct store *st, struct bulk *b, char *err, size_t errlen)
{
	const struct causale *c;
	size_t i;
	int r, t;

	if ((r = store_rules_load(st, &b->law)) < 0) {
		snprintf(err, errlen, "causali non lette: %s", store_errmsg(st));
		return r;
	}
	for (i = 0; i < b->law.ncausali; i++) {
		c = &b->law.causali[i];
		if (c->cls == CAUSALE_COVID) {
			if (causale_valid_for(c, PRACTICE_DEROGA))
				b->covid_reason = c->description;
			continue;
		}
		for (t = 0; t < PRACTICE_TYPE_COUNT; t++)
			if (causale_valid_for(c, t) && b->nreasons[t] < nitems(b->reasons[t]))
				b->reasons[t][b->nreasons[t]++] = c->description;
	}
	for (t = 0; t < PRACTICE_TYPE_COUNT; t++)
		if (b->nreasons[t] == 0) {
			snprintf(err, errlen, "nessuna causale per %s nel database: crearlo di "
			    "nuovo con infocig db init", practice_type_name(t));
			timeline_rules_clear(&b->law);
			return ERR_INVALID;
		}
	return 0;
}

int
seed_bulk(struct store *st, const struct seed_options *o, FILE *out, char *err, size_t errlen)
{
	struct bulk b;
	struct seed_names *nm = NULL;
	struct store_company probe;
	struct progress *pg;
	char vat[12];
	int64_t t0 = clock_mono_ms(), t1, t2, t3;
	int d, r, journal = 0;

	if (errlen > 0)
		err[0] = '\0';
	if (o->workers <= 0 || o->workers > 100000000) {
		snprintf(err, errlen, "numero di lavoratori non valido: %" PRId64
		    " (da 1 a 100000000)", o->workers);
		return ERR_INVALID;
	}
	if ((r = seed_names_load(st, o->datadir, &nm, err, errlen)) < 0)
		return r;
	memset(&b, 0, sizeof b);
	if ((r = bulk_reasons(st, &b, err, errlen)) < 0) {
		seed_names_free(nm);
		return r;
	}
	seed_cf_company(BULK_VAT_SERIAL, 1, vat);
	if (store_company_find(st, vat, &probe) == 0) {
		snprintf(err, errlen, "il database contiene già dati generati: usarne uno nuovo"
		    " (infocig db init)");
		seed_names_free(nm);
		timeline_rules_clear(&b.law);
		return ERR_EXISTS;
	}

	b.st = st;
	b.nm = nm;
	b.today = o->today;
	day_to_ymd(o->today, &b.today_year, &d, &d);
	b.sr41_end = day_from_ymd(2022, 5, 1);
	b.check = bulk_checking;
	b.err = err;
	b.errlen = errlen;
	b.total_weight = nm->cum_weight[nm->nprovinces - 1];
	rng_init(&b.rng, o->seed);
	b.cfset = hash_new(HASH_INT, 0);
	hash_reserve(b.cfset, (size_t)o->workers);

	journal = store_seed_journal(st, 1) == 0;
	if ((r = store_seed_tune(st, 2)) < 0 || (r = store_begin(st)) < 0) {
		snprintf(err, errlen, "database non disponibile: %s", store_errmsg(st));
		goto done;
	}
	if ((r = store_bulk_begin(st)) < 0) {
		db_fail(&b, r);
		goto fail;
	}
	if ((r = bulk_run(&b, o->workers)) < 0)
		goto fail;
	t1 = clock_mono_ms();
	pg = progress_new("Indici", 1);
	progress_update(pg, 0);
	r = store_bulk_end(st);
	progress_free(pg);
	if (r < 0) {
		db_fail(&b, r);
		goto fail;
	}
	t2 = clock_mono_ms();
	if ((r = store_commit(st)) < 0) {
		db_fail(&b, r);
		goto fail;
	}
	if (journal) {
		store_seed_journal(st, 0);
		journal = 0;
	}
	t3 = clock_mono_ms();
	if ((r = store_span_stats_refresh(st, o->today, 180, 1)) < 0) {
		snprintf(err, errlen, "statistiche dei tempi non calcolate: %s", store_errmsg(st));
		goto done;
	}
	r = 0;
	if (out != NULL) {
		int64_t ms = clock_mono_ms() - t0;
		int64_t rows = b.rows + b.paydata + b.payments;

		fprintf(out, "Generati %" PRId64 " lavoratori, %" PRId64 " aziende, %" PRId64
		    " domande (seme %" PRIu64 ").\n", b.workers, b.companies, b.practices,
		    o->seed);
		if (b.large_count > 0)
			fprintf(out, "Grandi aziende: %zu da %zu lavoratori e %zu domande ciascuna"
			    " (la prima ha matricola %s), tutte delegate alla consulente %s.\n",
			    b.large_count, b.large_size, b.large_apps, b.large_first,
			    b.consultant);
		fprintf(out, "Righe scritte: %" PRId64 ", tra cui %" PRId64 " eventi delle domande,"
		    " %" PRId64 " dati di pagamento, %" PRId64 " pagamenti.\n", rows, b.events,
		    b.paydata, b.payments);
		fprintf(out, "Tempo: %.1f s (inserimento %.1f s, indici %.1f s, commit %.1f s,"
		    " statistiche %.1f s), %.0f righe/s.\n", ms / 1000.0, (t1 - t0) / 1000.0,
		    (t2 - t1) / 1000.0, (t3 - t2) / 1000.0, (ms - (t3 - t0)) / 1000.0,
		    ms > 0 ? rows * 1000.0 / ms : 0.0);
	}
	goto done;
fail:
	store_rollback(st);
done:
	if (journal)
		store_seed_journal(st, 0);
	hash_free(b.cfset);
	free(b.w);
	free(b.pw);
	free(b.pwk);
	free(b.base_cents);
	free(b.gm);
	free(b.ev);
	timeline_rules_clear(&b.law);
	seed_names_free(nm);
	return r;
}
