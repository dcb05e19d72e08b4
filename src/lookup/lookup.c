/* Lookups by key, access rules and the audit of staff lookups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "lookup.h"

int
access_may_see_worker(struct store *st, const struct store_account *actor, int64_t worker_id)
{
	(void)st;
	if (account_role_is_staff(actor->role))
		return 1;
	return actor->role == ROLE_WORKER && actor->worker_id != 0 &&
	    actor->worker_id == worker_id;
}

int
access_may_see_company(struct store *st, const struct store_account *actor, int64_t company_id)
{
	if (account_role_is_staff(actor->role))
		return 1;
	if (!account_role_is_company(actor->role))
		return 0;
	return store_delegation_exists(st, actor->id, company_id);
}

int
access_may_see_practice(struct store *st, const struct store_account *actor,
    const struct practice *p)
{
	if (account_role_is_staff(actor->role))
		return 1;
	if (actor->role == ROLE_WORKER)
		return actor->worker_id != 0 && practice_find_worker(p, actor->worker_id) != NULL;
	return access_may_see_company(st, actor, p->company_id);
}

static int
deny(char *err, size_t errlen)
{
	snprintf(err, errlen, "non autorizzato a consultare questi dati");
	return ERR_DENIED;
}

static int
resolve_worker(struct store *st, const struct store_account *actor, struct lookup *out,
    char *err, size_t errlen)
{
	int r;

	/* People may look up only themselves: never reveal whether another exists. */
	if (!account_role_is_staff(actor->role) &&
	    (actor->role != ROLE_WORKER || strcmp(actor->login, out->key) != 0))
		return deny(err, errlen);
	r = store_worker_by_cf(st, out->key, &out->worker);

	if (r == ERR_NOTFOUND) {
		snprintf(err, errlen, "nessun lavoratore con codice fiscale %s", out->key);
		return r;
	}
	if (r < 0)
		return r;
	if ((r = access_may_see_worker(st, actor, out->worker.id)) <= 0)
		return r < 0 ? r : deny(err, errlen);
	out->has_worker = 1;
	return store_practices_of_worker(st, out->worker.id, &out->practices, &out->npractices);
}

static int
resolve_company(struct store *st, const struct store_account *actor, struct lookup *out,
    char *err, size_t errlen)
{
	int r = store_company_find(st, out->key, &out->company);

	if (r == ERR_NOTFOUND && !account_role_is_staff(actor->role))
		return deny(err, errlen);
	if (r == ERR_NOTFOUND) {
		snprintf(err, errlen, "nessuna azienda con %s %s",
		    out->kind == VALID_KIND_MATRICOLA ? "matricola" : "codice fiscale o partita IVA",
		    out->key);
		return r;
	}
	if (r < 0)
		return r;
	if ((r = access_may_see_company(st, actor, out->company.id)) <= 0)
		return r < 0 ? r : deny(err, errlen);
	out->has_company = 1;
	return store_practices_of_company(st, out->company.id, &out->practices, &out->npractices);
}

static int
resolve_practice(struct store *st, const struct store_account *actor, struct lookup *out,
    char *err, size_t errlen)
{
	struct practice p;
	int64_t id;
	int r = store_practice_by_number(st, out->key, &id);

	if (r == ERR_NOTFOUND && !account_role_is_staff(actor->role))
		return deny(err, errlen);
	if (r == ERR_NOTFOUND) {
		snprintf(err, errlen, "nessuna domanda con numero %s", out->key);
		return r;
	}
	if (r < 0 || (r = store_practice_load(st, id, &p)) < 0)
		return r;
	r = access_may_see_practice(st, actor, &p);
	if (r > 0 && store_company_by_id(st, p.company_id, &out->company) == 0)
		out->has_company = 1;
	practice_clear(&p);
	if (r <= 0)
		return r < 0 ? r : deny(err, errlen);
	out->practices = xmalloc(sizeof *out->practices);
	out->practices[0] = id;
	out->npractices = 1;
	return 0;
}

int
lookup_resolve(struct store *st, const struct store_account *actor, const char *key,
    const char *reason, int64_t chat_id, struct lookup *out, char *err, size_t errlen)
{
	int r, v;

	memset(out, 0, sizeof *out);
	snprintf(err, errlen, "errore del database");
	str_upper_trim(out->key, sizeof out->key, key);
	out->kind = valid_classify(out->key);
	if (out->kind == VALID_KIND_NONE) {
		snprintf(err, errlen, "\"%s\" non è un codice fiscale, una partita IVA, una "
		    "matricola o un numero di domanda", out->key);
		return ERR_INVALID;
	}
	if ((v = valid_check_kind(out->kind, out->key)) < 0) {
		snprintf(err, errlen, "%s non valido: %s", valid_kind_name(out->kind),
		    valid_strerror(v));
		return ERR_INVALID;
	}
	/* Staff lookups of personal data are audited, found or not. */
	if (account_role_is_staff(actor->role) &&
	    (r = store_audit_add(st, actor->id, "lookup", out->key,
	    reason ? reason : "consultazione manuale", chat_id)) < 0)
		return r;
	switch (out->kind) {
	case VALID_KIND_CF_PERSON:
		r = resolve_worker(st, actor, out, err, errlen);
		break;
	case VALID_KIND_CF_COMPANY:
	case VALID_KIND_MATRICOLA:
		r = resolve_company(st, actor, out, err, errlen);
		break;
	default:
		r = resolve_practice(st, actor, out, err, errlen);
		break;
	}
	if (r < 0)
		lookup_clear(out);
	return r;
}

void
lookup_clear(struct lookup *l)
{
	free(l->practices);
	l->practices = NULL;
	l->npractices = 0;
}

void
lookup_timeline_params(const struct conf *c, struct timeline_params *out)
{
	memset(out, 0, sizeof *out);
	out->min_samples = c->timeline.min_samples;
	out->fallback_days[SPAN_DECISION] = c->timeline.decision_days;
	out->fallback_days[SPAN_PAYMENT_DATA] = c->timeline.data_days;
	out->fallback_days[SPAN_PAYMENT] = c->timeline.payment_days;
	out->filing_days = c->timeline.filing_days;
	/* The law's terms (DESIGN.md section 5), not settings. */
	out->payment_data_months = 2;
	out->payment_data_days = 60;
}

int
lookup_timeline(struct store *st, const struct conf *c, int64_t id, int64_t worker_id,
    int32_t today, struct practice *p, struct timeline *t)
{
	struct span_stats stats[SPAN_COUNT];
	struct timeline_params params;
	struct timeline_rules rules;
	int r;

	if ((r = worker_id ? store_practice_load_worker(st, id, worker_id, p) :
	    store_practice_load(st, id, p)) < 0)
		return r;
	if (worker_id != 0 && practice_find_worker(p, worker_id) == NULL) {
		/* Not one of its workers: show the whole application. */
		practice_clear(p);
		worker_id = 0;
		if ((r = store_practice_load(st, id, p)) < 0)
			return r;
	}
	if ((r = store_span_stats(st, p->office_id, p->type, stats)) < 0) {
		practice_clear(p);
		return r;
	}
	/* The law's rules as stored at creation (issue 12); none on older databases. */
	if ((r = store_rules_load(st, &rules)) < 0) {
		practice_clear(p);
		return r;
	}
	lookup_timeline_params(c, &params);
	if (rules.nrules > 0)
		params.rules = &rules;
	if ((r = timeline_compute(p, worker_id, stats, &params, today, t)) < 0)
		practice_clear(p);
	timeline_rules_clear(&rules);
	return r;
}
