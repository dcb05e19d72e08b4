/* CSV extracts into the store: validation, idempotent upserts, transitions. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "hash.h"
#include "import.h"
#include "import_internal.h"
#include "practice.h"
#include "text.h"
#include "valid.h"


static int
remember_province(void *arg, const char *sigla, const char *name, const char *code)
{
	struct import_state *s = arg;

	(void)name;
	(void)code;
	if (sigla[0] >= 'A' && sigla[0] <= 'Z' && sigla[1] >= 'A' && sigla[1] <= 'Z')
		s->provinces[(sigla[0] - 'A') * 26 + (sigla[1] - 'A')] = 1;
	return 0;
}

static const char *const headers[IMPORT_KIND_COUNT] = {
	[IMPORT_COMPANIES] = "cf,vat,matricola,name,province",
	[IMPORT_WORKERS] = "cf,surname,name,province,iban,company_cf,since",
	[IMPORT_PRACTICES] = "number,company_cf,office,type,mode,period_from,period_to,"
	    "weeks,hours,reason,worker_cf,worker_hours",
	[IMPORT_EVENTS] = "number,kind,day,worker_cf,month,detail",
	[IMPORT_PAYMENTS] = "number,worker_cf,month,liquidated,paid,amount,method",
};

static const char *const kind_names[IMPORT_KIND_COUNT] = {
	"companies", "workers", "practices", "events", "payments",
};

int
import_kind_parse(const char *name)
{
	int i;

	for (i = 0; i < IMPORT_KIND_COUNT; i++)
		if (strcmp(name, kind_names[i]) == 0)
			return i;
	return ERR_INVALID;
}

const char *
import_kind_header(enum import_kind k)
{
	return (unsigned)k < IMPORT_KIND_COUNT ? headers[k] : "";
}

static int
row_company(struct import_state *s)
{
	struct store_company c;
	const char *cf = csv_field(s->csv, 0);
	int r;

	memset(&c, 0, sizeof c);
	/* A sole trader's codice fiscale is the owner's personal one. */
	if ((r = import_get_id(s, 0, "codice fiscale", strlen(cf) == 16 ? VALID_KIND_CF_PERSON :
	    VALID_KIND_CF_COMPANY, c.cf, sizeof c.cf, 1)) < 0 ||
	    (r = import_get_id(s, 1, "partita IVA", VALID_KIND_CF_COMPANY, c.vat, sizeof c.vat, 1)) < 0 ||
	    (r = import_get_id(s, 2, "matricola", VALID_KIND_MATRICOLA, c.matricola,
	    sizeof c.matricola, 1)) < 0 ||
	    (r = import_get_text(s, 3, "ragione sociale", c.name, sizeof c.name, 1)) < 0 ||
	    (r = import_get_text(s, 4, "provincia", c.province, sizeof c.province, 1)) < 0 ||
	    (r = import_check_province(s, c.province)) < 0)
		return r;
	r = store_import_company(s->si, &c);
	if (r == ERR_EXISTS)
		return import_bad(s, "matricola %s già assegnata a un'altra azienda", c.matricola);
	return r;
}

static int
row_worker(struct import_state *s)
{
	struct store_worker w;
	char company_cf[17], province[3];
	int64_t company_id = 0;
	int32_t since;
	int r, e = STORE_UNCHANGED, v;

	memset(&w, 0, sizeof w);
	if ((r = import_get_id(s, 0, "codice fiscale", VALID_KIND_CF_PERSON, w.cf, sizeof w.cf, 1)) < 0 ||
	    (r = import_get_text(s, 1, "cognome", w.surname, sizeof w.surname, 1)) < 0 ||
	    (r = import_get_text(s, 2, "nome", w.name, sizeof w.name, 1)) < 0 ||
	    (r = import_get_text(s, 3, "provincia", w.province, sizeof w.province, 1)) < 0 ||
	    (r = import_check_province(s, w.province)) < 0 ||
	    (r = import_get_text(s, 4, "IBAN", w.iban, sizeof w.iban, 0)) < 0 ||
	    (r = import_get_text(s, 5, "codice fiscale dell'azienda", company_cf, sizeof company_cf,
	    0)) < 0 ||
	    (r = import_get_day(s, 6, "data di assunzione", &since, company_cf[0] != '\0')) < 0)
		return r;
	/* An IBAN whose Italian CIN does not match is kept: only a warning. */
	if (w.iban[0] && (v = valid_iban(w.iban)) < 0)
		return import_bad(s, "IBAN \"%.34s\" non valido: %s", w.iban, valid_strerror(v));
	if (company_cf[0] && (r = import_find_company(s, company_cf, &company_id, province)) < 0)
		return r;
	if ((r = store_import_worker(s->si, &w)) < 0)
		return r;
	if (company_cf[0] && r == STORE_INSERTED)
		return (e = store_import_employment_new(s->si, w.id, company_id, since)) < 0 ? e : r;
	if (company_cf[0] && ((e = store_import_worker_id(s->si, w.cf, &w.id)) < 0 ||
	    (e = store_import_employment(s->si, w.id, company_id, since)) < 0))
		return e;
	if (r == STORE_UNCHANGED && e != STORE_UNCHANGED)
		r = STORE_UPDATED;
	return r;
}

/*
 * The causale must be in the causali table (by code or description) and
 * allowed for the type (issue 12).  A database created before the table
 * existed has no causali: nothing to check against.
 */
static int
check_causale(struct import_state *s, const struct practice *p)
{
	const struct causale *c;

	if (s->law.ncausali == 0)
		return 0;
	if ((c = timeline_causale_find(&s->law, p->reason)) == NULL)
		return import_bad(s, "causale \"%.60s\" sconosciuta (vedere causali.csv)", p->reason);
	if (!causale_valid_for(c, p->type))
		return import_bad(s, "causale \"%.60s\" non ammessa per %s", p->reason,
		    practice_type_name(p->type));
	return 0;
}

static int
row_practice(struct import_state *s)
{
	struct practice p;
	char company_cf[17], office_code[16], type[16], mode[16], worker_cf[17], province[3];
	int64_t id = 0, worker_id = 0;
	int32_t hours;
	int r, v, header = STORE_UNCHANGED;

	practice_init(&p);
	if ((r = import_get_id(s, 0, "numero di domanda", VALID_KIND_PRACTICE, p.number,
	    sizeof p.number, 1)) < 0 ||
	    (r = import_get_text(s, 1, "codice fiscale dell'azienda", company_cf, sizeof company_cf, 1)) < 0 ||
	    (r = import_get_text(s, 2, "sede", office_code, sizeof office_code, 0)) < 0 ||
	    (r = import_get_text(s, 3, "tipo", type, sizeof type, 1)) < 0 ||
	    (r = import_get_text(s, 4, "modalità di pagamento", mode, sizeof mode, 1)) < 0 ||
	    (r = import_get_day(s, 5, "inizio periodo", &p.period_from, 1)) < 0 ||
	    (r = import_get_day(s, 6, "fine periodo", &p.period_to, 1)) < 0 ||
	    (r = import_get_int(s, 7, "settimane", 520, &p.weeks)) < 0 ||
	    (r = import_get_int(s, 8, "ore", 100000, &p.hours)) < 0 ||
	    (r = import_get_text(s, 9, "causale", p.reason, sizeof p.reason, 1)) < 0 ||
	    (r = import_get_id(s, 10, "codice fiscale del lavoratore", VALID_KIND_CF_PERSON, worker_cf,
	    sizeof worker_cf, 0)) < 0 ||
	    (r = import_get_int(s, 11, "ore del lavoratore", 100000, &hours)) < 0)
		return r;
	if ((v = practice_type_parse(type)) < 0)
		return import_bad(s, "tipo \"%.12s\" sconosciuto (CIGO, CIGS, FIS, FSOL, DEROGA)", type);
	p.type = v;
	if ((v = payment_mode_parse(mode)) < 0)
		return import_bad(s, "modalità \"%.12s\" sconosciuta (diretto, conguaglio)", mode);
	p.mode = v;
	if (p.period_to < p.period_from)
		return import_bad(s, "il periodo finisce prima di iniziare");
	if ((r = import_find_company(s, company_cf, &p.company_id, province)) < 0 ||
	    (r = import_find_office(s, office_code, province, &p.office_id)) < 0)
		return r;
	if (worker_cf[0] && (r = import_find_worker(s, worker_cf, &worker_id)) < 0)
		return r;
	if ((r = check_causale(s, &p)) < 0)
		return r;
	if (s->last.id != 0 && strcmp(s->last.number, p.number) == 0) {
		id = s->last.id;
	} else if ((r = store_import_practice_header(s->si, p.number, &s->last)) == 0) {
		id = s->last.id;
	} else if (r == ERR_NOTFOUND) {
		if ((r = store_practice_add(s->st, &p)) < 0)
			return r;
		id = p.id;
		header = STORE_INSERTED;
		s->last = p;
	} else {
		return r;
	}
	if (header != STORE_INSERTED) {
		const struct practice *o = &s->last;

		if (o->company_id != p.company_id || o->office_id != p.office_id ||
		    o->type != p.type || o->mode != p.mode || o->period_from != p.period_from ||
		    o->period_to != p.period_to)
			return import_bad(s, "domanda %s già registrata con azienda, sede, tipo, modalità o "
			    "periodo diversi", p.number);
		/* Weeks, hours and reason may be corrected by a later extract. */
		if (o->weeks != p.weeks || o->hours != p.hours || strcmp(o->reason, p.reason) != 0) {
			if ((r = store_import_practice_details(s->si, id, p.weeks, p.hours,
			    p.reason)) < 0)
				return r;
			header = r;
			s->last.weeks = p.weeks;
			s->last.hours = p.hours;
			str_lcpy(s->last.reason, p.reason, sizeof s->last.reason);
		}
	}
	if (worker_id != 0 &&
	    (r = store_import_practice_worker(s->si, id, worker_id, hours)) < 0)
		return r;
	if (header == STORE_UNCHANGED && worker_id != 0 && r != STORE_UNCHANGED)
		header = STORE_UPDATED;
	return header;
}

/* Writes the cached application's status if events changed it, and forgets it. */
static int
app_flush(struct import_state *s)
{
	int r = 0;

	if (s->app.loaded && s->app.dirty)
		r = store_practice_set_status(s->st, s->app.p.id, app_status(&s->app));
	app_reset(&s->app);
	return r;
}

/* Makes application number the cached one. */
static int
app_get(struct import_state *s, const char *number)
{
	int r;

	if (s->app.loaded && strcmp(s->app.p.number, number) == 0)
		return 0;
	if ((r = app_flush(s)) < 0)
		return r;
	r = app_load(&s->app, s->si, number);
	if (r == ERR_NOTFOUND)
		return import_bad(s, "domanda %s sconosciuta (importare prima le domande)", number);
	return r;
}

/*
 * The worker named by cf in the cached application: its index in the
 * application, and its id.  A worker the application does not involve is a
 * bad row when must_be_in; otherwise *w is APP_NO_WORKER and *id still set.
 */
static int
app_find_worker(struct import_state *s, const char *cf, int must_be_in, size_t *w,
    int64_t *id)
{
	int r;

	if ((*w = app_worker_by_cf(&s->app, cf)) != APP_NO_WORKER) {
		*id = s->app.p.workers[*w].worker_id;
		return 0;
	}
	if ((r = import_find_worker(s, cf, id)) < 0)
		return r;
	if (must_be_in)
		return import_bad(s, "il lavoratore %s non è nella domanda %s", cf, s->app.p.number);
	return 0;
}

/* Checks and records one event of the cached application; STORE_* or ROW_BAD. */
static int
event_apply(struct import_state *s, const struct practice_event *ev, size_t w)
{
	struct practice v;
	int worker = event_kind_is_worker(ev->kind), r;

	if ((!worker || w != APP_NO_WORKER) &&
	    app_has_event(&s->app, worker ? w : APP_NO_WORKER, ev))
		return STORE_UNCHANGED;
	if (!worker)
		app_view_all(&s->app, &v);	/* a handful per application */
	else if (w != APP_NO_WORKER)
		app_view_worker(&s->app, w, &v);
	else
		app_view_own(&s->app, &v);	/* no worker: refused */
	if (practice_check_event(&v, ev, s->why, sizeof s->why) < 0)
		return ROW_BAD;
	if (worker && w == APP_NO_WORKER)
		return import_bad(s, "manca il lavoratore a cui si riferisce l'evento");
	if ((r = store_import_event(s->si, s->app.p.id, ev)) < 0)
		return r;
	app_add_event(&s->app, worker ? w : APP_NO_WORKER, ev);
	return STORE_INSERTED;
}

static int
row_event(struct import_state *s)
{
	struct practice_event ev;
	char number[24], kind[32], worker_cf[17];
	size_t w = APP_NO_WORKER;
	int r, v;

	memset(&ev, 0, sizeof ev);
	if ((r = import_get_id(s, 0, "numero di domanda", VALID_KIND_PRACTICE, number, sizeof number,
	    1)) < 0 ||
	    (r = import_get_text(s, 1, "tipo di evento", kind, sizeof kind, 1)) < 0 ||
	    (r = import_get_day(s, 2, "data", &ev.day, 1)) < 0 ||
	    (r = import_get_id(s, 3, "codice fiscale del lavoratore", VALID_KIND_CF_PERSON, worker_cf,
	    sizeof worker_cf, 0)) < 0 ||
	    (r = import_get_month(s, 4, &ev.month, 0)) < 0 ||
	    (r = import_get_text(s, 5, "dettaglio", ev.detail, sizeof ev.detail, 0)) < 0)
		return r;
	v = event_kind_parse(kind);
	if (v < 0 || v == EV_LIQUIDATA || v == EV_PAGATA || v == EV_DOMICILIATO)
		return import_bad(s, "tipo di evento \"%.24s\" non ammesso qui (liquidazioni e pagamenti "
		    "si importano con il tipo payments)", kind);
	ev.kind = v;
	if ((r = app_get(s, number)) < 0)
		return r;
	/* An application-level event naming a worker is refused by the rules. */
	if (worker_cf[0] && (r = app_find_worker(s, worker_cf, event_kind_is_worker(ev.kind), &w,
	    &ev.worker_id)) < 0)
		return r;
	if (!event_kind_is_worker(ev.kind))
		w = APP_NO_WORKER;
	return event_apply(s, &ev, w);
}

static int
row_payment(struct import_state *s)
{
	struct practice_event liq, pay;
	struct practice v;
	char number[24], worker_cf[17], method[16];
	size_t w;
	int r;

	memset(&liq, 0, sizeof liq);
	memset(&pay, 0, sizeof pay);
	if ((r = import_get_id(s, 0, "numero di domanda", VALID_KIND_PRACTICE, number, sizeof number,
	    1)) < 0 ||
	    (r = import_get_id(s, 1, "codice fiscale del lavoratore", VALID_KIND_CF_PERSON, worker_cf,
	    sizeof worker_cf, 1)) < 0 ||
	    (r = import_get_month(s, 2, &liq.month, 1)) < 0 ||
	    (r = import_get_day(s, 3, "data di liquidazione", &liq.day, 1)) < 0 ||
	    (r = import_get_day(s, 4, "data di pagamento", &pay.day, 0)) < 0 ||
	    (r = import_get_amount(s, 5, &pay.amount_cents)) < 0 ||
	    (r = import_get_text(s, 6, "modalità", method, sizeof method, pay.day != 0)) < 0)
		return r;
	if (pay.day && strcmp(method, "bonifico") != 0 && strcmp(method, "domiciliato") != 0)
		return import_bad(s, "modalità \"%.12s\" sconosciuta (bonifico, domiciliato)", method);
	if (!pay.day && (pay.amount_cents || method[0]))
		return import_bad(s, "importo o modalità senza data di pagamento");
	if ((r = app_get(s, number)) < 0 ||
	    (r = app_find_worker(s, worker_cf, 1, &w, &liq.worker_id)) < 0)
		return r;
	liq.kind = EV_LIQUIDATA;
	pay.kind = strcmp(method, "domiciliato") == 0 ? EV_DOMICILIATO : EV_PAGATA;
	pay.worker_id = liq.worker_id;
	pay.month = liq.month;
	if (app_has_event(&s->app, w, &liq)) {
		/* Liquidated before: the payment alone may be new. */
		if (!pay.day)
			return STORE_UNCHANGED;
		r = event_apply(s, &pay, w);
		return r == STORE_INSERTED ? STORE_UPDATED : r;
	}
	/* Check both before writing either, so a bad payment leaves no liquidation. */
	app_view_worker(&s->app, w, &v);
	if (practice_check_event(&v, &liq, s->why, sizeof s->why) < 0)
		return ROW_BAD;
	if (pay.day) {
		app_view_add(&s->app, &v, &liq);
		if (practice_check_event(&v, &pay, s->why, sizeof s->why) < 0)
			return ROW_BAD;
	}
	if ((r = store_import_payment(s->si, s->app.p.id, &liq, pay.day ? &pay : NULL)) < 0)
		return r;
	app_add_event(&s->app, w, &liq);
	if (pay.day)
		app_add_event(&s->app, w, &pay);
	return STORE_INSERTED;
}

static int (*const row_fns[IMPORT_KIND_COUNT])(struct import_state *) = {
	row_company, row_worker, row_practice, row_event, row_payment,
};

int
import_file(struct store *st, enum import_kind kind, FILE *fp,
    const struct import_options *o, struct import_result *res)
{
	struct import_state s;
	struct progress *bar;
	char header[256];
	int n, r = 0, expected;

	memset(res, 0, sizeof *res);
	memset(&s, 0, sizeof s);
	s.st = st;
	s.csv = csv_open(fp);
	if (!csv_header_is(s.csv, headers[kind], header, sizeof header)) {
		if (o->errors)
			fprintf(o->errors, "%s:1: intestazione non valida, attesa: %s\n", o->name,
			    headers[kind]);
		csv_free(s.csv);
		return ERR_INVALID;
	}
	expected = 1;
	for (const char *c = headers[kind]; *c; c++)
		expected += *c == ',';
	if ((r = store_provinces_each(st, remember_province, &s)) < 0 ||
	    (kind == IMPORT_PRACTICES && (r = store_rules_load(st, &s.law)) < 0) ||
	    (r = store_begin(st)) < 0) {
		timeline_rules_clear(&s.law);
		csv_free(s.csv);
		return r;
	}
	if ((r = store_import_new(st, &s.si)) < 0 ||
	    (r = store_import_begin(s.si, kind)) < 0) {
		store_import_free(s.si);
		store_rollback(st);
		timeline_rules_clear(&s.law);
		csv_free(s.csv);
		return r;
	}
	bar = progress_new(o->name, o->size > 0 ? (uint64_t)o->size : 1);
	while ((n = csv_read(s.csv)) != 0) {
		res->rows++;
		s.why[0] = '\0';
		if (n < 0)
			r = import_bad(&s, "%s", csv_error(s.csv));
		else if (n != expected)
			r = import_bad(&s, "%d campi invece di %d", n, expected);
		else
			r = row_fns[kind](&s);
		if (r == ROW_BAD) {
			res->bad++;
			if (o->errors && res->bad <= o->max_errors)
				fprintf(o->errors, "%s:%ld: %s\n", o->name, csv_line(s.csv), s.why);
			r = 0;
			continue;
		}
		if (r < 0)
			break;
		if (r == STORE_INSERTED)
			res->inserted++;
		else if (r == STORE_UPDATED)
			res->updated++;
		else
			res->unchanged++;
		if ((res->rows & 4095) == 0 && o->size > 0)
			progress_update(bar, (uint64_t)ftell(fp));
	}
	if (r > 0)
		r = 0;	/* the last row's STORE_* verdict, not an error */
	if (r == 0)
		r = app_flush(&s);
	if (r == 0 && (res->bad == 0 || o->skip_bad))
		r = store_import_finish(s.si);
	app_free(&s.app);
	hash_free(s.companies);
	hash_free(s.offices);
	timeline_rules_clear(&s.law);
	store_import_free(s.si);
	progress_free(bar);
	csv_free(s.csv);
	if (r == 0 && res->bad > 0 && !o->skip_bad)
		r = ERR_INVALID;
	if (r < 0) {
		store_rollback(st);
		return r;
	}
	return store_commit(st);
}
