/*
 * practice: the CIG application model, its allowed transitions, and the
 * liquidation timeline engine.  Pure code: no SQL, no I/O.  The store fills
 * these structures; the CLI, the console and the chat shell print them.
 */
#ifndef INFOCIG_PRACTICE_H
#define INFOCIG_PRACTICE_H

#include <stddef.h>
#include <stdint.h>

enum practice_type {
	PRACTICE_CIGO,		/* cassa integrazione ordinaria */
	PRACTICE_CIGS,		/* cassa integrazione straordinaria */
	PRACTICE_FIS,		/* assegno di integrazione salariale (FIS) */
	PRACTICE_FSOL,		/* fondi di solidarietà */
	PRACTICE_DEROGA,	/* CIG in deroga */
	PRACTICE_TYPE_COUNT
};

enum payment_mode {
	PAYMENT_DIRECT,		/* pagamento diretto by INPS */
	PAYMENT_CONGUAGLIO,	/* advanced by the employer, offset later */
};

/* Overall status of an application, derived from its events. */
enum practice_status {
	STATUS_PRESENTATA,
	STATUS_ISTRUTTORIA,
	STATUS_INTEGRAZIONE,	/* the office asked the company for documents */
	STATUS_AUTORIZZATA,
	STATUS_RESPINTA,
	STATUS_IN_PAGAMENTO,	/* authorised, payments under way */
	STATUS_PAGATA,		/* every worker-month paid */
	STATUS_ANNULLATA,
	STATUS_COUNT
};

enum event_kind {
	EV_PRESENTATA,		/* filed */
	EV_ISTRUTTORIA,		/* under examination */
	EV_RICHIESTA_INTEGRAZIONE, /* detail: what the office asked for */
	EV_AUTORIZZATA,		/* detail: authorisation number */
	EV_RESPINTA,		/* detail: reason */
	EV_DATI_PAGAMENTO,	/* per worker and month; detail: "SR41" or "UNIEMENS" */
	EV_DATI_SCARTATI,	/* per worker and month; detail: reason */
	EV_LIQUIDATA,		/* per worker and month */
	EV_PAGATA,		/* per worker and month, amount; bank transfer */
	EV_DOMICILIATO,		/* per worker and month, amount; bonifico domiciliato */
	EV_ANNULLATA,
	EV_KIND_COUNT
};

struct practice_event {
	int64_t id;
	int64_t seq;		/* order among events of one day, set by the store */
	enum event_kind kind;
	int32_t day;		/* civil day (common.h) */
	int64_t worker_id;	/* 0: the whole application */
	int32_t month;		/* YYYYMM of the integration month, 0 if none */
	int64_t amount_cents;	/* EV_PAGATA, EV_DOMICILIATO */
	char detail[96];
};

struct practice_worker {
	int64_t worker_id;
	char cf[17];
	char name[64];
	int32_t hours;
	char iban[35];
};

struct practice {
	int64_t id;
	char number[24];	/* application number, format checked only */
	enum practice_type type;
	enum payment_mode mode;
	int64_t company_id;
	char company_cf[17];
	char company_name[96];
	int64_t office_id;
	char office_name[64];
	int32_t period_from, period_to;	/* civil days, inclusive */
	int32_t weeks, hours;
	char reason[64];	/* causale */
	struct practice_worker *workers;	/* owned */
	size_t nworkers;
	struct practice_event *events;		/* owned, in day then id order */
	size_t nevents;
};

/* Names for storage and display.  *_name: stable ASCII key; *_label: Italian. */
const char *practice_type_name(enum practice_type t);
const char *practice_type_label(enum practice_type t);
int practice_type_parse(const char *name);	/* enum value or ERR_INVALID */
const char *payment_mode_name(enum payment_mode m);
int payment_mode_parse(const char *name);
const char *practice_status_name(enum practice_status s);
const char *practice_status_label(enum practice_status s);
int practice_status_parse(const char *name);
const char *event_kind_name(enum event_kind k);
const char *event_kind_label(enum event_kind k);
int event_kind_parse(const char *name);

/* Italian label of a payment mode: "Pagamento diretto", "Pagamento a conguaglio". */
const char *payment_mode_label(enum payment_mode m);

/*
 * Integration months are YYYYMM numbers (202601 = January 2026).
 * practice_month_name: "gennaio".."dicembre" for 1..12, "?" otherwise.
 * practice_month_format: "gennaio 2026" into buf (16 bytes are enough).
 */
const char *practice_month_name(int m);
char *practice_month_format(int32_t month, char *buf, size_t size);
int practice_month_valid(int32_t month);	/* 1 for YYYYMM, years 1900..2999 */
int32_t practice_month_of_day(int32_t day);
int32_t practice_month_first_day(int32_t month);	/* month must be valid */
int32_t practice_month_next(int32_t month);
/* 1 when the month overlaps the period of p. */
int practice_month_in_period(const struct practice *p, int32_t month);
/*
 * Months touched by the period of p, at most PRACTICE_MAX_PERIOD_MONTHS (a
 * bound against corrupt dates); *first gets the first one.  0 when empty.
 */
#define PRACTICE_MAX_PERIOD_MONTHS 120
size_t practice_period_months(const struct practice *p, int32_t *first);

/* Application-level facts folded from the events; pointers point into p. */
struct practice_facts {
	int presentata;			/* how many presentata events */
	int32_t presentata_day;		/* of the first one */
	int32_t istruttoria_day;	/* last istruttoria, 0 if none */
	int integration;		/* richiesta_integrazione events */
	int32_t integration_day;	/* of the last one */
	const char *integration_detail;
	int authorised;
	int32_t authorised_day;
	const char *auth_number;
	int rejected;
	int32_t rejected_day;
	const char *reject_reason;
	int cancelled;
	int32_t cancelled_day;
	int has_app_event;		/* any application-level event */
	enum event_kind last_app_kind;	/* of the last application-level event */
	int32_t last_app_day;
	int worker_events;		/* per-worker events (payment data onwards) */
	int payments;			/* pagata + domiciliato events */
};
void practice_facts_of(const struct practice *p, struct practice_facts *f);

/* 1 for the per-worker, per-month kinds (dati_pagamento .. domiciliato). */
int event_kind_is_worker(enum event_kind k);

/* One worker's integration month, folded from its events in order. */
struct practice_month_state {
	int events;			/* per-worker events for this worker-month */
	int32_t last_day;		/* day of the last of them */
	int data_received;		/* at least one dati_pagamento */
	int data_rejected;		/* the last dati_pagamento was then scartati */
	int32_t data_day;		/* day of the last dati_pagamento */
	const char *reject_reason;	/* detail of the last dati_scartati, into p */
	int liquidated;
	int paid;			/* pagata or domiciliato */
	int domiciliato;
	int32_t paid_day;
	int64_t amount_cents;
};
void practice_month_state(const struct practice *p, int64_t worker_id, int32_t month,
    struct practice_month_state *st);
/*
 * The same for every worker of p and nmonths months from first (YYYYMM) in
 * one pass over the events: st has nmonths * p->nworkers entries, month k
 * of p->workers[w] at st[k * p->nworkers + w].
 */
void practice_month_states(const struct practice *p, int32_t first, size_t nmonths,
    struct practice_month_state *st);

void practice_init(struct practice *p);
/* Frees what p owns (workers, events), not p itself. */
void practice_clear(struct practice *p);
struct practice_worker *practice_find_worker(const struct practice *p, int64_t worker_id);

/*
 * Whether ev may follow the events already in p.  Returns 0, or ERR_INVALID
 * with an Italian explanation in err (for example paid before authorised,
 * payment data for a worker not in the application, a month outside the
 * period).  Does not modify p.
 */
int practice_check_event(const struct practice *p, const struct practice_event *ev,
    char *err, size_t errlen);
/* Appends ev after practice_check_event() said yes; keeps day order. */
void practice_add_event(struct practice *p, const struct practice_event *ev);
/* Status derived from the events. */
enum practice_status practice_status_of(const struct practice *p);

/*
 * The law as data (data/timeline_rules.csv, data/causali.csv): which term
 * and consequence applies to an application, by type, causale class and
 * date.  The store keeps the rows; these functions parse and pick them.
 */
enum rule_kind {
	RULE_FILING,		/* "domanda": the application's filing term */
	RULE_LATE_FILING,	/* "tardiva": what late filing costs */
	RULE_DECISION,		/* "autorizzazione": who authorises */
	RULE_PAYMENT_DATA,	/* "dati_pagamento": payment data, pagamento diretto */
	RULE_CONGUAGLIO,	/* "conguaglio": the employer's recovery term */
	RULE_KIND_COUNT
};

enum causale_class {
	CAUSALE_ORDINARIA,	/* "ordinaria" */
	CAUSALE_NON_EVITABILE,	/* "non_evitabile": evento oggettivamente non evitabile */
	CAUSALE_COVID,		/* "covid": emergenza COVID-19, 2020-2021 */
	CAUSALE_CLASS_COUNT
};

/* A term: "giorni+N", "fine_mese+N" (end of the Nth month after), "mesi+N", "-". */
enum term_unit { TERM_NONE, TERM_DAYS, TERM_END_OF_MONTH, TERM_MONTHS };
struct rule_term {
	enum term_unit unit;
	int32_t n;
};

#define RULE_FIELDS 11
#define CAUSALE_FIELDS 4
#define RULE_REF_SIZE 80
#define RULE_TEXT_SIZE 240

struct timeline_rule {
	char key[40];
	enum rule_kind kind;
	unsigned types;			/* bit (1u << practice_type) */
	unsigned classes;		/* bit (1u << causale_class) */
	int32_t valid_from, valid_to;	/* civil days, inclusive */
	struct rule_term term, auth_term;
	char reference[RULE_REF_SIZE];	/* article, law or INPS message */
	char text[RULE_TEXT_SIZE];	/* Italian; {data} and {sede} are filled in */
};

struct causale {
	char code[32];
	char description[64];
	unsigned types;			/* bit (1u << practice_type) */
	enum causale_class cls;
};

struct timeline_rules {
	struct timeline_rule *rules;	/* owned, in file order */
	size_t nrules;
	struct causale *causali;	/* owned */
	size_t ncausali;
};

/* CSV headers of the two files. */
extern const char timeline_rules_header[];
extern const char causali_header[];

void timeline_rules_init(struct timeline_rules *r);
/* Frees what r owns; r stays usable (empty). */
void timeline_rules_clear(struct timeline_rules *r);
/*
 * Parse one row (fields in header order) and append it.  Returns 0, or
 * ERR_INVALID with an Italian reason in err (unknown kind, type or class,
 * bad date or term, empty text).
 */
int timeline_rules_add_rule(struct timeline_rules *r, const char *const f[RULE_FIELDS],
    char *err, size_t errlen);
int timeline_rules_add_causale(struct timeline_rules *r, const char *const f[CAUSALE_FIELDS],
    char *err, size_t errlen);
const char *rule_kind_name(enum rule_kind k);
const char *causale_class_name(enum causale_class c);
/* The causale whose code or description is reason (case-insensitive), or NULL. */
const struct causale *timeline_causale_find(const struct timeline_rules *r, const char *reason);
/* 1 when c may be used for an application of type t. */
int causale_valid_for(const struct causale *c, enum practice_type t);
/* The first rule of kind k for t and class c valid on day, or NULL. */
const struct timeline_rule *timeline_rule_find(const struct timeline_rules *r, enum rule_kind k,
    enum practice_type t, enum causale_class c, int32_t day);
/* day moved by term: 0 for TERM_NONE or day 0. */
int32_t rule_term_apply(const struct rule_term *t, int32_t day);

/*
 * Timeline engine.
 */

/* Stages whose durations are estimated from history. */
enum stage_span {
	SPAN_DECISION,		/* presentata -> autorizzata */
	SPAN_PAYMENT_DATA,	/* autorizzata -> first dati di pagamento */
	SPAN_PAYMENT,		/* dati di pagamento -> pagata */
	SPAN_COUNT
};

/* Durations in days for one office and application type. */
struct span_stats {
	int32_t p25, p50, p75;
	int32_t samples;
};

struct timeline_params {
	int32_t min_samples;		/* below this, use the fallback */
	int32_t fallback_days[SPAN_COUNT];	/* from the configuration */
	int32_t filing_days;		/* filing deadline after period start */
	int32_t payment_data_months;	/* 2: end of the 2nd month after */
	int32_t payment_data_days;	/* 60: after authorisation */
	/*
	 * The law's rules; NULL: the built-in ordinary CIGO terms above
	 * (filing_days, payment_data_*) with no references.  Not owned.
	 */
	const struct timeline_rules *rules;
};

enum estimate_source { ESTIMATE_NONE, ESTIMATE_HISTORY, ESTIMATE_FALLBACK };

/*
 * One integration month.  For one worker the flags are 0 or 1; for the whole
 * application data_received, data_rejected, domiciliato and decadenza count
 * the workers concerned, amount_cents is their sum, and paid is 1 only when
 * every worker was paid (bank transfer or domiciliato) for the month.
 * deadline is 0 when none applies (conguaglio, respinta, annullata).
 */
struct timeline_month {
	int32_t month;			/* YYYYMM */
	int32_t deadline;		/* payment-data deadline, civil day */
	int decadenza;			/* deadline passed without data */
	int data_received;
	int data_rejected;		/* last data for the month was rejected */
	int paid;
	int domiciliato;
	int64_t amount_cents;
	int not_due;			/* before the late filing's cover: no benefit */
	char basis[RULE_REF_SIZE];	/* the deadline's legal reference, "" if none */
};

#define TIMELINE_MAX_MISSING 6
#define TIMELINE_MAX_NOTES 6
#define TIMELINE_LINE_SIZE 240
#define TIMELINE_MAX_MONTHS 24

/*
 * missing[] holds only what is really missing, each naming who must provide
 * it (a noun phrase: it also fills the {mancante} of canned replies);
 * notes[] holds the other facts a person must know (terms passed, payments
 * being processed, how a domiciliato is collected).  Each line has its
 * legal basis in the parallel *_basis[] ("" when no rule decides it).
 */
struct timeline {
	enum practice_status status;
	char stage[160];		/* current stage in plain Italian */
	char missing[TIMELINE_MAX_MISSING][TIMELINE_LINE_SIZE];
	char missing_basis[TIMELINE_MAX_MISSING][RULE_REF_SIZE];
	size_t nmissing;
	char notes[TIMELINE_MAX_NOTES][TIMELINE_LINE_SIZE];
	char note_basis[TIMELINE_MAX_NOTES][RULE_REF_SIZE];
	size_t nnotes;
	const char *causale_class;	/* name of the causale's class (static) */
	int32_t filing_deadline;	/* 0 when no date can be computed */
	int filed_late;
	char filing_text[TIMELINE_LINE_SIZE];	/* the filing rule, "" if none */
	char filing_basis[RULE_REF_SIZE];
	int32_t covered_from;		/* late filing: nothing due before; 0 if none */
	int32_t conguaglio_deadline;	/* conguaglio: the employer's term, 0 if none */
	int conguaglio_lapsed;
	char conguaglio_basis[RULE_REF_SIZE];
	int payment_late;		/* INPS's payment is past even the slow estimate */
	int32_t payment_due;		/* when it was expected at the latest */
	struct timeline_month months[TIMELINE_MAX_MONTHS];
	size_t nmonths;
	enum estimate_source source;
	int32_t expected, expected_low, expected_high;	/* civil days, 0 if none */
	int32_t history_samples;
	int64_t paid_cents;
};

/*
 * Computes the timeline of p at day today, for the whole application
 * (worker_id 0) or for one worker in it.  stats may be NULL (no history).
 * Returns 0, or ERR_NOTFOUND when worker_id is not in the application.
 */
int timeline_compute(const struct practice *p, int64_t worker_id,
    const struct span_stats stats[SPAN_COUNT], const struct timeline_params *params,
    int32_t today, struct timeline *out);

/*
 * The missing[] lines joined with "; " into buf (for {mancante}), or
 * "nessuno" when nothing is missing.  Returns buf.
 */
char *timeline_missing_join(const struct timeline *t, char *buf, size_t size);

#endif
