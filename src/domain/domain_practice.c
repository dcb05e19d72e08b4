/*
 * practice: the names of types, modes, statuses and events, the application
 * model, and the rules deciding which event may follow the ones recorded.
 * Pure code: no SQL, no I/O.
 *
 * About 730 lines, one file on purpose: the rules of which event may follow
 * which read the same private views of an application as the status and
 * month-state functions built on them; a split would publish those views.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "practice.h"

struct name_label {
	const char *name;	/* stable ASCII key */
	const char *label;	/* Italian, UTF-8 */
};

static const struct name_label type_names[PRACTICE_TYPE_COUNT] = {
	[PRACTICE_CIGO] = { "CIGO", "Cassa integrazione ordinaria" },
	[PRACTICE_CIGS] = { "CIGS", "Cassa integrazione straordinaria" },
	[PRACTICE_FIS] = { "FIS", "Assegno di integrazione salariale (FIS)" },
	[PRACTICE_FSOL] = { "FSOL", "Fondi di solidarietà" },
	[PRACTICE_DEROGA] = { "DEROGA", "Cassa integrazione in deroga" },
};

static const struct name_label mode_names[] = {
	[PAYMENT_DIRECT] = { "diretto", "Pagamento diretto" },
	[PAYMENT_CONGUAGLIO] = { "conguaglio", "Pagamento a conguaglio" },
};

static const struct name_label status_names[STATUS_COUNT] = {
	[STATUS_PRESENTATA] = { "presentata", "Presentata" },
	[STATUS_ISTRUTTORIA] = { "istruttoria", "In istruttoria" },
	[STATUS_INTEGRAZIONE] = { "integrazione", "Integrazione documentale richiesta" },
	[STATUS_AUTORIZZATA] = { "autorizzata", "Autorizzata" },
	[STATUS_RESPINTA] = { "respinta", "Respinta" },
	[STATUS_IN_PAGAMENTO] = { "in_pagamento", "In pagamento" },
	[STATUS_PAGATA] = { "pagata", "Pagata" },
	[STATUS_ANNULLATA] = { "annullata", "Annullata" },
};

static const struct name_label event_names[EV_KIND_COUNT] = {
	[EV_PRESENTATA] = { "presentata", "Domanda presentata" },
	[EV_ISTRUTTORIA] = { "istruttoria", "Istruttoria avviata" },
	[EV_RICHIESTA_INTEGRAZIONE] = { "richiesta_integrazione",
	    "Richiesta di integrazione documentale" },
	[EV_AUTORIZZATA] = { "autorizzata", "Domanda autorizzata" },
	[EV_RESPINTA] = { "respinta", "Domanda respinta" },
	[EV_DATI_PAGAMENTO] = { "dati_pagamento", "Dati di pagamento ricevuti" },
	[EV_DATI_SCARTATI] = { "dati_scartati", "Dati di pagamento scartati" },
	[EV_LIQUIDATA] = { "liquidata", "Pagamento liquidato" },
	[EV_PAGATA] = { "pagata", "Pagamento con bonifico" },
	[EV_DOMICILIATO] = { "domiciliato", "Bonifico domiciliato" },
	[EV_ANNULLATA] = { "annullata", "Domanda annullata" },
};

/* From 1 May 2022 the SR41 model was retired for the UniEmens-Cig flow. */
#define SR41_END_Y 2022
#define SR41_END_M 5

static const char *
table_get(const struct name_label *t, size_t n, unsigned i, int label)
{
	if (i >= n)
		return "?";
	return label ? t[i].label : t[i].name;
}

static int
table_parse(const struct name_label *t, size_t n, const char *s)
{
	size_t i;

	if (s == NULL)
		return ERR_INVALID;
	for (i = 0; i < n; i++)
		if (strcasecmp(t[i].name, s) == 0)
			return (int)i;
	return ERR_INVALID;
}

const char *
practice_type_name(enum practice_type t)
{
	return table_get(type_names, nitems(type_names), (unsigned)t, 0);
}

const char *
practice_type_label(enum practice_type t)
{
	return table_get(type_names, nitems(type_names), (unsigned)t, 1);
}

int
practice_type_parse(const char *name)
{
	return table_parse(type_names, nitems(type_names), name);
}

const char *
payment_mode_name(enum payment_mode m)
{
	return table_get(mode_names, nitems(mode_names), (unsigned)m, 0);
}

const char *
payment_mode_label(enum payment_mode m)
{
	return table_get(mode_names, nitems(mode_names), (unsigned)m, 1);
}

int
payment_mode_parse(const char *name)
{
	return table_parse(mode_names, nitems(mode_names), name);
}

const char *
practice_status_name(enum practice_status s)
{
	return table_get(status_names, nitems(status_names), (unsigned)s, 0);
}

const char *
practice_status_label(enum practice_status s)
{
	return table_get(status_names, nitems(status_names), (unsigned)s, 1);
}

int
practice_status_parse(const char *name)
{
	return table_parse(status_names, nitems(status_names), name);
}

const char *
event_kind_name(enum event_kind k)
{
	return table_get(event_names, nitems(event_names), (unsigned)k, 0);
}

const char *
event_kind_label(enum event_kind k)
{
	return table_get(event_names, nitems(event_names), (unsigned)k, 1);
}

int
event_kind_parse(const char *name)
{
	return table_parse(event_names, nitems(event_names), name);
}

int
event_kind_is_worker(enum event_kind k)
{
	return k == EV_DATI_PAGAMENTO || k == EV_DATI_SCARTATI || k == EV_LIQUIDATA ||
	    k == EV_PAGATA || k == EV_DOMICILIATO;
}

/* Months. */

const char *
practice_month_name(int m)
{
	return month_name_it(m);
}

char *
practice_month_format(int32_t month, char *buf, size_t size)
{
	if (practice_month_valid(month))
		snprintf(buf, size, "%s %d", practice_month_name(month % 100),
		    (int)(month / 100));
	else
		snprintf(buf, size, "%" PRId32, month);
	return buf;
}

int
practice_month_valid(int32_t month)
{
	return month >= 190001 && month <= 299912 && month % 100 >= 1 && month % 100 <= 12;
}

int32_t
practice_month_of_day(int32_t day)
{
	int y, m, d;

	day_to_ymd(day, &y, &m, &d);
	return y * 100 + m;
}

int32_t
practice_month_first_day(int32_t month)
{
	return day_from_ymd(month / 100, month % 100, 1);
}

int32_t
practice_month_next(int32_t month)
{
	return month % 100 == 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
}

int
practice_month_in_period(const struct practice *p, int32_t month)
{
	if (!practice_month_valid(month) || p->period_to < p->period_from)
		return 0;
	return month >= practice_month_of_day(p->period_from) &&
	    month <= practice_month_of_day(p->period_to);
}

size_t
practice_period_months(const struct practice *p, int32_t *first)
{
	int32_t from, to;
	size_t n;

	*first = 0;
	if (p->period_to < p->period_from)
		return 0;
	from = practice_month_of_day(p->period_from);
	to = practice_month_of_day(p->period_to);
	n = (size_t)((to / 100 - from / 100) * 12 + (to % 100 - from % 100) + 1);
	*first = from;
	return n < PRACTICE_MAX_PERIOD_MONTHS ? n : PRACTICE_MAX_PERIOD_MONTHS;
}

/* The model. */

void
practice_init(struct practice *p)
{
	memset(p, 0, sizeof *p);
	p->type = PRACTICE_CIGO;
	p->mode = PAYMENT_DIRECT;
}

void
practice_clear(struct practice *p)
{
	if (p == NULL)
		return;
	free(p->workers);
	free(p->events);
	practice_init(p);
}

struct practice_worker *
practice_find_worker(const struct practice *p, int64_t worker_id)
{
	size_t i;

	for (i = 0; i < p->nworkers; i++)
		if (p->workers[i].worker_id == worker_id)
			return &p->workers[i];
	return NULL;
}

void
practice_add_event(struct practice *p, const struct practice_event *ev)
{
	size_t i = p->nevents;

	p->events = xreallocarray(p->events, p->nevents + 1, sizeof *p->events);
	/* After every event of the same day or earlier: stable among equal days. */
	while (i > 0 && p->events[i - 1].day > ev->day)
		i--;
	memmove(&p->events[i + 1], &p->events[i], (p->nevents - i) * sizeof *p->events);
	p->events[i] = *ev;
	p->events[i].detail[sizeof p->events[i].detail - 1] = '\0';
	p->nevents++;
}

static void
facts_app_event(struct practice_facts *f, const struct practice_event *ev)
{
	f->has_app_event = 1;
	f->last_app_kind = ev->kind;
	f->last_app_day = ev->day;
	switch (ev->kind) {
	case EV_PRESENTATA:
		if (f->presentata++ == 0)
			f->presentata_day = ev->day;
		break;
	case EV_ISTRUTTORIA:
		f->istruttoria_day = ev->day;
		break;
	case EV_RICHIESTA_INTEGRAZIONE:
		f->integration++;
		f->integration_day = ev->day;
		f->integration_detail = ev->detail;
		break;
	case EV_AUTORIZZATA:
		f->authorised = 1;
		f->authorised_day = ev->day;
		f->auth_number = ev->detail;
		break;
	case EV_RESPINTA:
		f->rejected = 1;
		f->rejected_day = ev->day;
		f->reject_reason = ev->detail;
		break;
	case EV_ANNULLATA:
		f->cancelled = 1;
		f->cancelled_day = ev->day;
		break;
	default:
		break;
	}
}

void
practice_facts_of(const struct practice *p, struct practice_facts *f)
{
	size_t i;

	memset(f, 0, sizeof *f);
	for (i = 0; i < p->nevents; i++) {
		const struct practice_event *ev = &p->events[i];

		if (!event_kind_is_worker(ev->kind)) {
			facts_app_event(f, ev);
			continue;
		}
		f->worker_events++;
		if (ev->kind == EV_PAGATA || ev->kind == EV_DOMICILIATO)
			f->payments++;
	}
}

static void
month_state_apply(struct practice_month_state *st, const struct practice_event *ev)
{
	st->events++;
	st->last_day = ev->day;
	switch (ev->kind) {
	case EV_DATI_PAGAMENTO:
		st->data_received = 1;
		st->data_rejected = 0;
		st->data_day = ev->day;
		break;
	case EV_DATI_SCARTATI:
		st->data_rejected = 1;
		st->reject_reason = ev->detail;
		break;
	case EV_LIQUIDATA:
		st->liquidated = 1;
		break;
	case EV_PAGATA:
	case EV_DOMICILIATO:
		st->paid = 1;
		st->domiciliato |= ev->kind == EV_DOMICILIATO;
		st->paid_day = ev->day;
		st->amount_cents += ev->amount_cents;
		break;
	default:
		break;
	}
}

void
practice_month_state(const struct practice *p, int64_t worker_id, int32_t month,
    struct practice_month_state *st)
{
	size_t i;

	memset(st, 0, sizeof *st);
	for (i = 0; i < p->nevents; i++) {
		const struct practice_event *ev = &p->events[i];

		if (event_kind_is_worker(ev->kind) && ev->worker_id == worker_id &&
		    ev->month == month)
			month_state_apply(st, ev);
	}
}

struct worker_slot {
	int64_t id;
	size_t index;
};

static int
slot_cmp(const void *a, const void *b)
{
	const struct worker_slot *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Months from first to month (both YYYYMM), negative when before. */
static int64_t
month_index(int32_t first, int32_t month)
{
	return (int64_t)(month / 100 - first / 100) * 12 + (month % 100 - first % 100);
}

/*
 * One pass over the events for all workers and months at once: a company's
 * application has hundreds or thousands of workers, and asking
 * practice_month_state() for each one reads every event each time
 * (workers x months x events).  The slots sort the workers by id for
 * bsearch.
 */
void
practice_month_states(const struct practice *p, int32_t first, size_t nmonths,
    struct practice_month_state *st)
{
	struct worker_slot *slots, key, *hit;
	size_t i, n = p->nworkers;
	int64_t k;

	if (n == 0 || nmonths == 0)
		return;
	memset(st, 0, nmonths * n * sizeof *st);
	slots = xreallocarray(NULL, n, sizeof *slots);
	for (i = 0; i < n; i++) {
		slots[i].id = p->workers[i].worker_id;
		slots[i].index = i;
	}
	qsort(slots, n, sizeof *slots, slot_cmp);
	for (i = 0; i < p->nevents; i++) {
		const struct practice_event *ev = &p->events[i];

		if (!event_kind_is_worker(ev->kind) || !practice_month_valid(ev->month))
			continue;
		k = month_index(first, ev->month);
		if (k < 0 || k >= (int64_t)nmonths)
			continue;
		key.id = ev->worker_id;
		hit = bsearch(&key, slots, n, sizeof *slots, slot_cmp);
		if (hit == NULL)
			continue;
		/* A worker listed twice: each entry gets the event, as the loop gave it. */
		while (hit > slots && hit[-1].id == key.id)
			hit--;
		for (; hit < slots + n && hit->id == key.id; hit++)
			month_state_apply(&st[(size_t)k * n + hit->index], ev);
	}
	free(slots);
}

/* Every worker-month of the period paid (needs at least one worker). */
static int
all_paid(const struct practice *p)
{
	struct practice_month_state *st;
	int32_t month;
	size_t n, i;
	int paid = 1;

	n = practice_period_months(p, &month);
	if (n == 0 || p->nworkers == 0)
		return 0;
	/* A worker's own view (one worker): no tables to build. */
	if (p->nworkers == 1) {
		struct practice_month_state one;

		for (i = 0; i < n && paid; i++, month = practice_month_next(month)) {
			practice_month_state(p, p->workers[0].worker_id, month, &one);
			paid = one.paid;
		}
		return paid;
	}
	st = xreallocarray(NULL, n * p->nworkers, sizeof *st);
	practice_month_states(p, month, n, st);
	for (i = 0; i < n * p->nworkers && paid; i++)
		paid = st[i].paid;
	free(st);
	return paid;
}

enum practice_status
practice_status_of(const struct practice *p)
{
	struct practice_facts f;

	practice_facts_of(p, &f);
	if (f.cancelled)
		return STATUS_ANNULLATA;
	if (f.rejected)
		return STATUS_RESPINTA;
	if (f.authorised) {
		if (p->mode == PAYMENT_DIRECT && all_paid(p))
			return STATUS_PAGATA;
		return f.worker_events > 0 ? STATUS_IN_PAGAMENTO : STATUS_AUTORIZZATA;
	}
	if (f.has_app_event && f.last_app_kind == EV_ISTRUTTORIA)
		return STATUS_ISTRUTTORIA;
	if (f.has_app_event && f.last_app_kind == EV_RICHIESTA_INTEGRAZIONE)
		return STATUS_INTEGRAZIONE;
	return STATUS_PRESENTATA;
}

/* The transition rules. */

static int refuse(char *err, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes the reason into err (when there is room) and returns ERR_INVALID. */
static int
refuse(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (err == NULL || size == 0)
		return ERR_INVALID;
	va_start(ap, fmt);
	n = vsnprintf(err, size, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= size)
		str_utf8_cut(err, size - 1);
	return ERR_INVALID;
}

static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

/* What applies to every event: order, a filed application, no final state. */
static int
check_sequence(const struct practice_facts *f, const struct practice_event *ev,
    char *err, size_t size)
{
	char d1[16], d2[16];

	if (f->presentata == 0)
		return ev->kind == EV_PRESENTATA ? 0 : refuse(err, size,
		    "il primo evento deve essere la presentazione della domanda");
	if (ev->kind == EV_PRESENTATA)
		return refuse(err, size, "la domanda risulta già presentata il %s",
		    day_format_it(f->presentata_day, d1, sizeof d1));
	if (f->cancelled)
		return refuse(err, size,
		    "la domanda è stata annullata: non sono ammessi altri eventi");
	if (f->rejected)
		return refuse(err, size,
		    "la domanda è stata respinta: non sono ammessi altri eventi");
	if (ev->day < f->presentata_day)
		return refuse(err, size,
		    "la data dell'evento (%s) precede la presentazione della domanda (%s)",
		    day_format_it(ev->day, d1, sizeof d1),
		    day_format_it(f->presentata_day, d2, sizeof d2));
	return 0;
}

static int
check_app_event(const struct practice_facts *f, const struct practice_event *ev,
    char *err, size_t size)
{
	char d1[16], d2[16];

	if (ev->worker_id != 0 || ev->month != 0)
		return refuse(err, size, "un evento della domanda non riguarda "
		    "un singolo lavoratore o mese");
	if (f->has_app_event && ev->day < f->last_app_day)
		return refuse(err, size,
		    "la data dell'evento (%s) precede l'ultimo evento della domanda (%s)",
		    day_format_it(ev->day, d1, sizeof d1),
		    day_format_it(f->last_app_day, d2, sizeof d2));
	switch (ev->kind) {
	case EV_ISTRUTTORIA:
	case EV_RICHIESTA_INTEGRAZIONE:
		if (f->authorised)
			return refuse(err, size, "la domanda è già autorizzata: "
			    "istruttoria e integrazioni si fanno solo prima della decisione");
		return 0;
	case EV_AUTORIZZATA:
		if (blank(ev->detail))
			return refuse(err, size, "manca il numero di autorizzazione");
		if (f->authorised)
			return refuse(err, size, "la domanda risulta già autorizzata (n. %s)",
			    f->auth_number);
		return 0;
	case EV_RESPINTA:
		if (blank(ev->detail))
			return refuse(err, size, "manca il motivo del rigetto");
		if (f->authorised)
			return refuse(err, size, "la domanda è già autorizzata: "
			    "non può essere respinta");
		return 0;
	case EV_ANNULLATA:
		if (f->payments > 0)
			return refuse(err, size, "la domanda ha già dei pagamenti: "
			    "non può essere annullata");
		return 0;
	default:
		return 0;
	}
}

/* Who, which month, and whether INPS pays at all. */
static int
check_worker_scope(const struct practice *p, const struct practice_facts *f,
    const struct practice_event *ev, char *err, size_t size)
{
	char d1[16], d2[16], m[24];

	if (ev->worker_id == 0)
		return refuse(err, size, "manca il lavoratore a cui si riferisce l'evento");
	if (practice_find_worker(p, ev->worker_id) == NULL)
		return refuse(err, size, "il lavoratore %" PRId64 " non è nella domanda",
		    ev->worker_id);
	if (!practice_month_valid(ev->month))
		return refuse(err, size, "mese non valido (%" PRId32 "): usare AAAAMM",
		    ev->month);
	if (!practice_month_in_period(p, ev->month))
		return refuse(err, size,
		    "%s è fuori dal periodo della domanda (dal %s al %s)",
		    practice_month_format(ev->month, m, sizeof m),
		    day_format_it(p->period_from, d1, sizeof d1),
		    day_format_it(p->period_to, d2, sizeof d2));
	if (!f->authorised)
		return refuse(err, size, "la domanda non è ancora autorizzata");
	if (p->mode != PAYMENT_DIRECT)
		return refuse(err, size, "la domanda è a conguaglio: "
		    "l'integrazione la paga l'azienda, non l'INPS");
	if (ev->day < f->authorised_day)
		return refuse(err, size,
		    "la data dell'evento (%s) precede l'autorizzazione (%s)",
		    day_format_it(ev->day, d1, sizeof d1),
		    day_format_it(f->authorised_day, d2, sizeof d2));
	return 0;
}

static int
check_payment_data(const struct practice_month_state *st,
    const struct practice_event *ev, char *err, size_t size)
{
	int sr41 = strcasecmp(ev->detail, "SR41") == 0;

	if (!sr41 && strcasecmp(ev->detail, "UNIEMENS") != 0)
		return refuse(err, size,
		    "canale dei dati di pagamento non valido: indicare SR41 o UNIEMENS");
	if (sr41 && ev->day >= day_from_ymd(SR41_END_Y, SR41_END_M, 1))
		return refuse(err, size, "dal 1° maggio 2022 il modello SR41 è dismesso: "
		    "i dati di pagamento arrivano solo con il flusso UniEmens-Cig");
	if (st->paid)
		return refuse(err, size, "il mese risulta già pagato per questo lavoratore");
	if (st->liquidated)
		return refuse(err, size, "il mese risulta già liquidato per questo lavoratore");
	return 0;
}

static int
check_month_step(const struct practice_month_state *st,
    const struct practice_event *ev, char *err, size_t size)
{
	char d1[16];

	switch (ev->kind) {
	case EV_DATI_PAGAMENTO:
		return check_payment_data(st, ev, err, size);
	case EV_DATI_SCARTATI:
		if (!st->data_received || st->data_rejected)
			return refuse(err, size, "non ci sono dati di pagamento da scartare "
			    "per questo lavoratore e mese");
		if (st->liquidated)
			return refuse(err, size, "il mese risulta già liquidato");
		return 0;
	case EV_LIQUIDATA:
		if (!st->data_received || st->data_rejected)
			return refuse(err, size, "mancano dati di pagamento validi "
			    "per questo lavoratore e mese");
		if (st->liquidated)
			return refuse(err, size, "il mese risulta già liquidato");
		return 0;
	default:	/* EV_PAGATA, EV_DOMICILIATO */
		if (st->paid)
			return refuse(err, size, "il mese risulta già pagato il %s",
			    day_format_it(st->paid_day, d1, sizeof d1));
		if (!st->liquidated)
			return refuse(err, size, "il mese non è ancora stato liquidato");
		if (ev->amount_cents <= 0)
			return refuse(err, size, "importo mancante o non positivo");
		return 0;
	}
}

static int
check_worker_event(const struct practice *p, const struct practice_facts *f,
    const struct practice_event *ev, char *err, size_t size)
{
	struct practice_month_state st;
	char d1[16], d2[16];
	int r;

	if ((r = check_worker_scope(p, f, ev, err, size)) < 0)
		return r;
	practice_month_state(p, ev->worker_id, ev->month, &st);
	if (st.events > 0 && ev->day < st.last_day)
		return refuse(err, size, "la data dell'evento (%s) precede l'ultimo evento "
		    "dello stesso lavoratore e mese (%s)",
		    day_format_it(ev->day, d1, sizeof d1),
		    day_format_it(st.last_day, d2, sizeof d2));
	return check_month_step(&st, ev, err, size);
}

int
practice_check_event(const struct practice *p, const struct practice_event *ev,
    char *err, size_t errlen)
{
	struct practice_facts f;
	int r;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (p == NULL || ev == NULL || (unsigned)ev->kind >= EV_KIND_COUNT)
		return refuse(err, errlen, "evento non valido");
	if (memchr(ev->detail, '\0', sizeof ev->detail) == NULL)
		return refuse(err, errlen, "dettaglio dell'evento non terminato");
	practice_facts_of(p, &f);
	if ((r = check_sequence(&f, ev, err, errlen)) < 0)
		return r;
	if (event_kind_is_worker(ev->kind))
		return check_worker_event(p, &f, ev, err, errlen);
	return check_app_event(&f, ev, err, errlen);
}
