/*
 * Applications: their header, workers and events; lookups; span statistics;
 * the law tables they are judged by.  About 830 lines: the next split is
 * the law tables' loading into a file of their own (it shares only the
 * CSV reader with the rest).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_internal.h"

int
store_practice_insert(struct store *st, struct practice *p, enum practice_status status)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PRACTICE_ADD);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, p->number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, p->company_id);
	sqlite3_bind_int64(s, 3, p->office_id);
	sqlite3_bind_text(s, 4, practice_type_name(p->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, payment_mode_name(p->mode), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, p->period_from);
	sqlite3_bind_int(s, 7, p->period_to);
	sqlite3_bind_int(s, 8, p->weeks);
	sqlite3_bind_int(s, 9, p->hours);
	sqlite3_bind_text(s, 10, p->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, practice_status_name(status), -1, SQLITE_STATIC);
	if ((r = store_step_done(st, s)) == 0)
		p->id = sqlite3_last_insert_rowid(st->db);
	return r;
}

int
store_practice_add(struct store *st, struct practice *p)
{
	return store_practice_insert(st, p, practice_status_of(p));
}

int
store_practice_worker_add(struct store *st, int64_t practice_id, int64_t worker_id,
    int32_t hours)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PRACTICE_WORKER_ADD);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, worker_id);
	sqlite3_bind_int(s, 3, hours);
	return store_step_done(st, s);
}

/* Marks the latest still-valid payment data of a worker-month as rejected. */
static int
paydata_reject(struct store *st, int64_t practice_id, const struct practice_event *ev)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PAYDATA_REJECT);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, ev->worker_id);
	sqlite3_bind_int(s, 3, ev->month);
	sqlite3_bind_int(s, 4, ev->day);
	sqlite3_bind_text(s, 5, ev->detail, -1, SQLITE_STATIC);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	return sqlite3_changes(st->db) == 1 ? 0 : ERR_NOTFOUND;
}

/* Sets the payment of a liquidated worker-month. */
static int
payment_pay(struct store *st, int64_t practice_id, const struct practice_event *ev)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PAYMENT_PAY);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, ev->worker_id);
	sqlite3_bind_int(s, 3, ev->month);
	sqlite3_bind_int(s, 4, ev->day);
	sqlite3_bind_int64(s, 5, ev->amount_cents);
	sqlite3_bind_text(s, 6, ev->kind == EV_DOMICILIATO ? "domiciliato" : "bonifico", -1,
	    SQLITE_STATIC);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	return sqlite3_changes(st->db) == 1 ? 0 : ERR_NOTFOUND;
}

int
store_event_add(struct store *st, int64_t practice_id, const struct practice_event *ev)
{
	char channel[16];
	sqlite3_stmt *s;

	switch (ev->kind) {
	case EV_DATI_PAGAMENTO:
		str_upper_trim(channel, sizeof channel, ev->detail);
		s = store_stmt(st, SQ_PAYDATA_ADD);
		if (s == NULL)
			return ERR_IO;
		sqlite3_bind_int64(s, 1, practice_id);
		sqlite3_bind_int64(s, 2, ev->worker_id);
		sqlite3_bind_int(s, 3, ev->month);
		sqlite3_bind_text(s, 4, channel, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 5, ev->day);
		return store_step_done(st, s);
	case EV_DATI_SCARTATI:
		return paydata_reject(st, practice_id, ev);
	case EV_LIQUIDATA:
		s = store_stmt(st, SQ_PAYMENT_ADD);
		if (s == NULL)
			return ERR_IO;
		sqlite3_bind_int64(s, 1, practice_id);
		sqlite3_bind_int64(s, 2, ev->worker_id);
		sqlite3_bind_int(s, 3, ev->month);
		sqlite3_bind_int(s, 4, ev->day);
		return store_step_done(st, s);
	case EV_PAGATA:
	case EV_DOMICILIATO:
		return payment_pay(st, practice_id, ev);
	default:
		s = store_stmt(st, SQ_EVENT_ADD);
		if (s == NULL)
			return ERR_IO;
		sqlite3_bind_int64(s, 1, practice_id);
		sqlite3_bind_text(s, 2, event_kind_name(ev->kind), -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, ev->day);
		sqlite3_bind_text(s, 4, ev->detail, -1, SQLITE_STATIC);
		return store_step_done(st, s);
	}
}

int
store_practice_set_status(struct store *st, int64_t practice_id, enum practice_status status)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PRACTICE_STATUS);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, practice_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, practice_id);
	return store_step_done(st, s);
}

static void
push_event(struct practice *p, size_t *cap, const struct practice_event *ev)
{
	if (p->nevents == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		p->events = xreallocarray(p->events, *cap, sizeof *p->events);
	}
	p->events[p->nevents++] = *ev;
}

/*
 * Events of one day come in recording order: application events, then
 * payment data, then payments (their life-cycle order), and within each
 * table by seq, which follows row ids and puts a row's rejection or payment
 * right after the row itself.
 */
static int
event_table(enum event_kind k)
{
	if (k == EV_DATI_PAGAMENTO || k == EV_DATI_SCARTATI)
		return 1;
	if (k == EV_LIQUIDATA || k == EV_PAGATA || k == EV_DOMICILIATO)
		return 2;
	return 0;
}

/*
 * The sort key of an event and where it is: a large employer's application
 * has thousands of events, and sorting these instead of the 150-byte events
 * themselves halves the time of a load.
 */
struct event_key {
	int32_t day;
	int32_t table;
	int64_t seq;
	size_t index;
};

static int
event_cmp(const void *a, const void *b)
{
	const struct event_key *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The same order on the events themselves, for the few of one worker. */
static int
event_cmp_whole(const void *a, const void *b)
{
	const struct practice_event *x = a, *y = b;
	struct event_key kx = { x->day, event_table(x->kind), x->seq, 0 };
	struct event_key ky = { y->day, event_table(y->kind), y->seq, 0 };

	return event_cmp(&kx, &ky);
}

static void
sort_events(struct practice *p)
{
	struct event_key *keys = xreallocarray(NULL, p->nevents, sizeof *keys);
	struct practice_event *sorted = xreallocarray(NULL, p->nevents, sizeof *sorted);
	size_t i;

	for (i = 0; i < p->nevents; i++) {
		keys[i].day = p->events[i].day;
		keys[i].table = event_table(p->events[i].kind);
		keys[i].seq = p->events[i].seq;
		keys[i].index = i;
	}
	qsort(keys, p->nevents, sizeof *keys, event_cmp);
	for (i = 0; i < p->nevents; i++)
		sorted[i] = p->events[keys[i].index];
	free(p->events);
	p->events = sorted;
	free(keys);
}

int
store_practice_load_events(struct store *st, struct practice *p, int64_t worker_id)
{
	struct practice_event ev;
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc, kind;

	s = store_stmt(st, SQ_PRACTICE_EVENTS);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&ev, 0, sizeof ev);
		ev.id = sqlite3_column_int64(s, 0);
		ev.seq = ev.id;
		if ((kind = event_kind_parse((const char *)sqlite3_column_text(s, 1))) < 0)
			continue;
		ev.kind = kind;
		ev.day = sqlite3_column_int(s, 2);
		store_copy_text(ev.detail, sizeof ev.detail, s, 3);
		push_event(p, &cap, &ev);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, rc);

	s = worker_id == 0 ?
	    store_stmt(st, SQ_PRACTICE_PAYDATA) :
	    store_stmt(st, SQ_PRACTICE_PAYDATA_ONE);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, p->id);
	if (worker_id != 0)
		sqlite3_bind_int64(s, 2, worker_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&ev, 0, sizeof ev);
		ev.id = sqlite3_column_int64(s, 0);
		ev.kind = EV_DATI_PAGAMENTO;
		ev.seq = ev.id * 2;
		ev.worker_id = sqlite3_column_int64(s, 1);
		ev.month = sqlite3_column_int(s, 2);
		store_copy_text(ev.detail, sizeof ev.detail, s, 3);
		ev.day = sqlite3_column_int(s, 4);
		push_event(p, &cap, &ev);
		if (sqlite3_column_type(s, 5) != SQLITE_NULL) {
			ev.kind = EV_DATI_SCARTATI;
			ev.seq = ev.id * 2 + 1;
			ev.day = sqlite3_column_int(s, 5);
			store_copy_text(ev.detail, sizeof ev.detail, s, 6);
			push_event(p, &cap, &ev);
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, rc);

	s = worker_id == 0 ?
	    store_stmt(st, SQ_PRACTICE_PAYMENTS) :
	    store_stmt(st, SQ_PRACTICE_PAYMENTS_ONE);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, p->id);
	if (worker_id != 0)
		sqlite3_bind_int64(s, 2, worker_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&ev, 0, sizeof ev);
		ev.id = sqlite3_column_int64(s, 0);
		ev.kind = EV_LIQUIDATA;
		ev.seq = ev.id * 2;
		ev.worker_id = sqlite3_column_int64(s, 1);
		ev.month = sqlite3_column_int(s, 2);
		ev.day = sqlite3_column_int(s, 3);
		push_event(p, &cap, &ev);
		if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
			const unsigned char *m = sqlite3_column_text(s, 6);

			ev.kind = m && strcmp((const char *)m, "domiciliato") == 0 ?
			    EV_DOMICILIATO : EV_PAGATA;
			ev.seq = ev.id * 2 + 1;
			ev.day = sqlite3_column_int(s, 4);
			ev.amount_cents = sqlite3_column_int64(s, 5);
			push_event(p, &cap, &ev);
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, rc);
	if (p->nevents > 64)
		sort_events(p);
	else if (p->nevents > 1)
		qsort(p->events, p->nevents, sizeof *p->events, event_cmp_whole);
	return 0;
}

static int practice_load(struct store *st, int64_t id, int64_t worker_id, struct practice *p);

int
store_practice_load(struct store *st, int64_t id, struct practice *p)
{
	return practice_load(st, id, 0, p);
}

int
store_practice_load_worker(struct store *st, int64_t id, int64_t worker_id, struct practice *p)
{
	return practice_load(st, id, worker_id, p);
}

static int
practice_load(struct store *st, int64_t id, int64_t worker_id, struct practice *p)
{
	sqlite3_stmt *s;
	int rc, v;

	practice_init(p);
	s = store_stmt(st, SQ_PRACTICE_LOAD);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE ? ERR_NOTFOUND : store_err(st, rc);
	}
	p->id = sqlite3_column_int64(s, 0);
	store_copy_text(p->number, sizeof p->number, s, 1);
	v = practice_type_parse((const char *)sqlite3_column_text(s, 2));
	p->type = v < 0 ? PRACTICE_CIGO : (enum practice_type)v;
	v = payment_mode_parse((const char *)sqlite3_column_text(s, 3));
	p->mode = v < 0 ? PAYMENT_DIRECT : (enum payment_mode)v;
	p->company_id = sqlite3_column_int64(s, 4);
	store_copy_text(p->company_cf, sizeof p->company_cf, s, 5);
	store_copy_text(p->company_name, sizeof p->company_name, s, 6);
	p->office_id = sqlite3_column_int64(s, 7);
	store_copy_text(p->office_name, sizeof p->office_name, s, 8);
	p->period_from = sqlite3_column_int(s, 9);
	p->period_to = sqlite3_column_int(s, 10);
	p->weeks = sqlite3_column_int(s, 11);
	p->hours = sqlite3_column_int(s, 12);
	store_copy_text(p->reason, sizeof p->reason, s, 13);
	sqlite3_reset(s);

	s = worker_id == 0 ?
	    store_stmt(st, SQ_PRACTICE_WORKERS) :
	    store_stmt(st, SQ_PRACTICE_WORKER_ONE);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	if (worker_id != 0)
		sqlite3_bind_int64(s, 2, worker_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct practice_worker *w;

		p->workers = xreallocarray(p->workers, p->nworkers + 1, sizeof *p->workers);
		w = &p->workers[p->nworkers++];
		w->worker_id = sqlite3_column_int64(s, 0);
		store_copy_text(w->cf, sizeof w->cf, s, 1);
		store_copy_text(w->name, sizeof w->name, s, 2);
		w->hours = sqlite3_column_int(s, 3);
		store_copy_text(w->iban, sizeof w->iban, s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE || (rc = store_practice_load_events(st, p, worker_id)) < 0) {
		practice_clear(p);
		return rc < 0 ? rc : store_err(st, rc);
	}
	return 0;
}

int
store_practice_by_number(struct store *st, const char *number, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PRACTICE_BY_NUMBER);
	int rc;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? ERR_NOTFOUND : store_err(st, rc);
}

static int
collect_ids(struct store *st, sqlite3_stmt *s, int64_t **ids, size_t *n)
{
	int rc;

	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_err(st, rc);
	}
	return 0;
}

int
store_practices_of_worker(struct store *st, int64_t worker_id, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PRACTICES_OF_WORKER);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, worker_id);
	return collect_ids(st, s, ids, n);
}

int
store_practices_of_company(struct store *st, int64_t company_id, int64_t **ids, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, SQ_PRACTICES_OF_COMPANY);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, company_id);
	return collect_ids(st, s, ids, n);
}

int
store_span_stats(struct store *st, int64_t office_id, enum practice_type type,
    struct span_stats out[SPAN_COUNT])
{
	sqlite3_stmt *s = store_stmt(st, SQ_SPAN_STATS_GET);
	int rc, span;

	memset(out, 0, SPAN_COUNT * sizeof *out);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, office_id);
	sqlite3_bind_text(s, 2, practice_type_name(type), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		span = sqlite3_column_int(s, 0);
		if (span < 0 || span >= SPAN_COUNT)
			continue;
		out[span].p25 = sqlite3_column_int(s, 1);
		out[span].p50 = sqlite3_column_int(s, 2);
		out[span].p75 = sqlite3_column_int(s, 3);
		out[span].samples = sqlite3_column_int(s, 4);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

/*
 * Each query yields (office_id, type, days) ordered by office and type, so
 * the percentiles of a group are read off one sorted pass.  Only spans that
 * ended inside the window count, so estimates follow the recent pace.
 */
static const char *const span_queries[SPAN_COUNT] = {
	[SPAN_DECISION] =
	    "SELECT p.office_id, p.type, a.day - f.day AS d FROM practice_events a"
	    " JOIN practices p ON p.id = a.practice_id"
	    " JOIN practice_events f ON f.practice_id = a.practice_id AND f.kind = 'presentata'"
	    " WHERE a.kind = 'autorizzata' AND a.day >= ?1"
	    " ORDER BY p.office_id, p.type, d",
	[SPAN_PAYMENT_DATA] =
	    "SELECT p.office_id, p.type, min(d.received_day) - a.day AS dd FROM practice_events a"
	    " JOIN practices p ON p.id = a.practice_id"
	    " JOIN payment_data d ON d.practice_id = a.practice_id"
	    " WHERE a.kind = 'autorizzata' AND a.day >= ?1"
	    " GROUP BY a.practice_id ORDER BY p.office_id, p.type, dd",
	[SPAN_PAYMENT] =
	    "SELECT p.office_id, p.type, y.paid_day - max(d.received_day) AS dd FROM payments y"
	    " JOIN practices p ON p.id = y.practice_id"
	    " JOIN payment_data d ON d.practice_id = y.practice_id AND d.worker_id = y.worker_id"
	    "   AND d.month = y.month AND d.received_day <= y.paid_day"
	    " WHERE y.paid_day >= ?1"
	    " GROUP BY y.id ORDER BY p.office_id, p.type, dd",
};

struct span_group {
	int64_t office_id;
	char type[8];
	int32_t *days;
	size_t n, cap;
};

static int
span_group_flush(struct store *st, sqlite3_stmt *ins, int span, struct span_group *g,
    int32_t today)
{
	if (g->n == 0)
		return 0;
	sqlite3_reset(ins);
	sqlite3_bind_int64(ins, 1, g->office_id);
	sqlite3_bind_text(ins, 2, g->type, -1, SQLITE_STATIC);
	sqlite3_bind_int(ins, 3, span);
	sqlite3_bind_int(ins, 4, g->days[g->n / 4]);
	sqlite3_bind_int(ins, 5, g->days[g->n / 2]);
	sqlite3_bind_int(ins, 6, g->days[(g->n * 3) / 4]);
	sqlite3_bind_int64(ins, 7, (int64_t)g->n);
	sqlite3_bind_int(ins, 8, today);
	g->n = 0;
	return store_step_done(st, ins);
}

int
store_span_stats_refresh(struct store *st, int32_t today, int32_t window_days, int force)
{
	sqlite3_stmt *q = NULL, *ins = NULL;
	struct span_group g = { 0 };
	int span, rc, r = 0, groups = 0;

	if (!force) {
		sqlite3_stmt *s;
		int fresh = 0;

		if (sqlite3_prepare_v2(st->db, "SELECT min(computed_day) FROM span_stats", -1, &s,
		    NULL) != SQLITE_OK)
			return ERR_IO;
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
			fresh = sqlite3_column_int(s, 0) >= today;
		sqlite3_finalize(s);
		if (fresh)
			return 0;
	}
	if ((r = store_begin(st)) < 0)
		return r;
	if ((r = store_exec(st, "DELETE FROM span_stats")) < 0)
		goto fail;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO span_stats (office_id, type, span, p25, p50,"
	    " p75, samples, computed_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &ins,
	    NULL) != SQLITE_OK) {
		r = ERR_IO;
		goto fail;
	}
	for (span = 0; span < SPAN_COUNT; span++) {
		if (sqlite3_prepare_v2(st->db, span_queries[span], -1, &q, NULL) != SQLITE_OK) {
			r = ERR_IO;
			goto fail;
		}
		sqlite3_bind_int(q, 1, today - window_days);
		g.n = 0;
		g.office_id = 0;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			int64_t office = sqlite3_column_int64(q, 0);
			const char *type = (const char *)sqlite3_column_text(q, 1);
			int32_t days = sqlite3_column_int(q, 2);

			if (days < 0)
				continue;
			if (office != g.office_id || strcmp(type, g.type) != 0) {
				if ((r = span_group_flush(st, ins, span, &g, today)) < 0)
					goto fail;
				if (g.office_id != 0 || office != 0)
					groups++;
				g.office_id = office;
				str_lcpy(g.type, type, sizeof g.type);
			}
			if (g.n == g.cap) {
				g.cap = g.cap ? g.cap * 2 : 256;
				g.days = xreallocarray(g.days, g.cap, sizeof *g.days);
			}
			g.days[g.n++] = days;
		}
		if (rc != SQLITE_DONE) {
			r = store_err(st, rc);
			goto fail;
		}
		if ((r = span_group_flush(st, ins, span, &g, today)) < 0)
			goto fail;
		sqlite3_finalize(q);
		q = NULL;
	}
	/* An empty history still records that it was computed today. */
	if (groups == 0) {
		struct span_group none = { .n = 1, .days = &(int32_t){ 0 } };

		if ((r = span_group_flush(st, ins, 0, &none, today)) < 0)
			goto fail;
	}
	sqlite3_finalize(ins);
	free(g.days);
	if ((r = store_commit(st)) < 0)
		return r;
	return groups;
fail:
	sqlite3_finalize(q);
	sqlite3_finalize(ins);
	free(g.days);
	store_rollback(st);
	return r;
}

int
store_audit_add(struct store *st, int64_t actor_id, const char *action,
    const char *subject, const char *reason, int64_t chat_id)
{
	sqlite3_stmt *s = store_stmt(st, SQ_AUDIT_ADD);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, clock_now());
	sqlite3_bind_int64(s, 2, actor_id);
	sqlite3_bind_text(s, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, reason, -1, SQLITE_STATIC);
	store_bind_id(s, 6, chat_id);
	return store_step_done(st, s);
}

/*
 * The law as data: data/timeline_rules.csv and data/causali.csv, checked
 * row by row with the domain's parser and kept in two tables, so that every
 * process reading the database applies the same rules.
 */
struct law_table {
	const char *file, *table, *header;
	int nfields;
	const char *insert, *select;
};

static const struct law_table law_tables[] = {
	{ "timeline_rules.csv", "timeline_rules", timeline_rules_header, RULE_FIELDS,
	    "INSERT INTO timeline_rules (key, kind, types, causali, valid_from, valid_to,"
	    " term, auth_term, reference, text, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	    "SELECT key, kind, types, causali, valid_from, valid_to, term, auth_term,"
	    " reference, text, note FROM timeline_rules ORDER BY line" },
	{ "causali.csv", "causali", causali_header, CAUSALE_FIELDS,
	    "INSERT INTO causali (code, description, types, class) VALUES (?,?,?,?)",
	    "SELECT code, description, types, class FROM causali ORDER BY line" },
};

/* Parses one row of table i into r. */
static int
law_row_add(struct timeline_rules *r, size_t i, const char *const *f, char *err, size_t errlen)
{
	return i == 0 ? timeline_rules_add_rule(r, f, err, errlen) :
	    timeline_rules_add_causale(r, f, err, errlen);
}

/* Reads datadir/t->file, checks each row, inserts it; err names the line. */
static int
law_import_one(struct store *st, const char *datadir, size_t i, struct timeline_rules *check,
    char *err, size_t errlen)
{
	const struct law_table *t = &law_tables[i];
	const char *f[RULE_FIELDS];
	char *path = xasprintf("%s/%s", datadir, t->file), got[256], why[160];
	sqlite3_stmt *s = NULL;
	struct csv *csv = NULL;
	FILE *fp = fopen(path, "r");
	int n, k, r = 0;

	if (fp == NULL) {
		snprintf(err, errlen, "%s: file dei dati di riferimento mancante", path);
		free(path);
		return ERR_IO;
	}
	csv = csv_open(fp);
	if (!csv_header_is(csv, t->header, got, sizeof got)) {
		snprintf(err, errlen, "%s: intestazione \"%s\", attesa \"%s\"", path, got, t->header);
		r = ERR_INVALID;
	} else if (sqlite3_prepare_v2(st->db, t->insert, -1, &s, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", t->table, store_errmsg(st));
		r = ERR_IO;
	}
	while (r == 0 && (n = csv_read(csv)) > 0) {
		for (k = 0; k < t->nfields; k++)
			f[k] = csv_field(csv, k);
		if (n != t->nfields) {
			snprintf(err, errlen, "%s:%ld: attesi %d campi", path, csv_line(csv),
			    t->nfields);
			r = ERR_INVALID;
		} else if ((r = law_row_add(check, i, f, why, sizeof why)) < 0) {
			snprintf(err, errlen, "%s:%ld: %s", path, csv_line(csv), why);
		} else {
			sqlite3_reset(s);
			for (k = 0; k < t->nfields; k++)
				sqlite3_bind_text(s, k + 1, f[k], -1, SQLITE_TRANSIENT);
			if ((r = store_step_done(st, s)) < 0)
				snprintf(err, errlen, "%s:%ld: %s", path, csv_line(csv),
				    err_text(r));
		}
	}
	if (r == 0 && n < 0) {
		snprintf(err, errlen, "%s:%ld: virgolette non chiuse", path, csv_line(csv));
		r = ERR_INVALID;
	}
	sqlite3_finalize(s);
	csv_free(csv);
	fclose(fp);
	free(path);
	return r;
}

int
store_rules_import(struct store *st, const char *datadir, char *err, size_t errlen)
{
	struct timeline_rules check;
	size_t i;
	int r = 0;

	timeline_rules_init(&check);
	for (i = 0; r == 0 && i < nitems(law_tables); i++)
		r = law_import_one(st, datadir, i, &check, err, errlen);
	timeline_rules_clear(&check);
	return r;
}

int
store_rules_load(struct store *st, struct timeline_rules *out)
{
	const char *f[RULE_FIELDS];
	sqlite3_stmt *s;
	char why[160];
	size_t i;
	int k, rc, r = 0;

	timeline_rules_init(out);
	for (i = 0; r == 0 && i < nitems(law_tables); i++) {
		if (sqlite3_prepare_v2(st->db, law_tables[i].select, -1, &s, NULL) != SQLITE_OK)
			return ERR_IO;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			for (k = 0; k < law_tables[i].nfields; k++) {
				f[k] = (const char *)sqlite3_column_text(s, k);
				if (f[k] == NULL)
					f[k] = "";
			}
			/* Rows were checked on the way in; a bad one is skipped. */
			(void)law_row_add(out, i, f, why, sizeof why);
		}
		if (rc != SQLITE_DONE)
			r = rc == SQLITE_BUSY ? ERR_BUSY : ERR_IO;
		sqlite3_finalize(s);
	}
	if (r < 0)
		timeline_rules_clear(out);
	return r;
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_practice_sql[] = {
	{ SQ_PRACTICE_ADD, "INSERT INTO practices (number,"
	    " company_id, office_id, type, mode, period_from, period_to, weeks, hours, reason,"
	    " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	{ SQ_PRACTICE_WORKER_ADD, "INSERT INTO practice_workers"
	    " (practice_id, worker_id, hours) VALUES (?, ?, ?)" },
	{ SQ_PAYDATA_REJECT, "UPDATE payment_data SET"
	    " rejected_day = ?4, reject_reason = ?5 WHERE id = (SELECT id FROM payment_data"
	    " WHERE practice_id = ?1 AND worker_id = ?2 AND month = ?3 AND rejected_day IS NULL"
	    " ORDER BY id DESC LIMIT 1)" },
	{ SQ_PAYMENT_PAY, "UPDATE payments SET paid_day = ?4,"
	    " amount_cents = ?5, method = ?6 WHERE id = (SELECT id FROM payments"
	    " WHERE practice_id = ?1 AND worker_id = ?2 AND month = ?3 AND paid_day IS NULL"
	    " ORDER BY id DESC LIMIT 1)" },
	{ SQ_PAYDATA_ADD, "INSERT INTO payment_data (practice_id,"
	    " worker_id, month, channel, received_day) VALUES (?, ?, ?, ?, ?)" },
	{ SQ_PAYMENT_ADD, "INSERT INTO payments (practice_id, worker_id,"
	    " month, liquidated_day) VALUES (?, ?, ?, ?)" },
	{ SQ_EVENT_ADD, "INSERT INTO practice_events (practice_id, kind,"
	    " day, detail) VALUES (?, ?, ?, ?)" },
	{ SQ_PRACTICE_STATUS, "UPDATE practices SET status = ? WHERE id = ?" },
	{ SQ_PRACTICE_EVENTS, "SELECT id, kind, day, detail FROM practice_events"
	    " WHERE practice_id = ? ORDER BY day, id" },
	{ SQ_PRACTICE_PAYDATA, "SELECT id, worker_id, month, channel,"
	    " received_day, rejected_day, reject_reason FROM payment_data WHERE practice_id = ?" },
	{ SQ_PRACTICE_PAYDATA_ONE, "SELECT id, worker_id, month, channel,"
	    " received_day, rejected_day, reject_reason FROM payment_data WHERE practice_id = ?"
	    " AND worker_id = ?" },
	{ SQ_PRACTICE_PAYMENTS, "SELECT id, worker_id, month, liquidated_day,"
	    " paid_day, amount_cents, method FROM payments WHERE practice_id = ?" },
	{ SQ_PRACTICE_PAYMENTS_ONE, "SELECT id, worker_id, month, liquidated_day,"
	    " paid_day, amount_cents, method FROM payments WHERE practice_id = ? AND worker_id = ?" },
	{ SQ_PRACTICE_LOAD, "SELECT p.id, p.number, p.type, p.mode,"
	    " p.company_id, c.cf, c.name, p.office_id, o.name, p.period_from, p.period_to,"
	    " p.weeks, p.hours, p.reason FROM practices p JOIN companies c ON c.id = p.company_id"
	    " JOIN offices o ON o.id = p.office_id WHERE p.id = ?" },
	{ SQ_PRACTICE_WORKERS, "SELECT w.id, w.cf, w.surname || ' ' || w.name,"
	    " pw.hours, w.iban FROM practice_workers pw JOIN workers w ON w.id = pw.worker_id"
	    " WHERE pw.practice_id = ? ORDER BY w.surname, w.name" },
	{ SQ_PRACTICE_WORKER_ONE, "SELECT w.id, w.cf, w.surname || ' ' || w.name,"
	    " pw.hours, w.iban FROM practice_workers pw JOIN workers w ON w.id = pw.worker_id"
	    " WHERE pw.practice_id = ? AND pw.worker_id = ?" },
	{ SQ_PRACTICE_BY_NUMBER, "SELECT id FROM practices WHERE number = ?" },
	{ SQ_PRACTICES_OF_WORKER, "SELECT p.id FROM"
	    " practice_workers pw JOIN practices p ON p.id = pw.practice_id"
	    " WHERE pw.worker_id = ? ORDER BY p.period_from DESC, p.id DESC" },
	{ SQ_PRACTICES_OF_COMPANY, "SELECT id FROM practices"
	    " WHERE company_id = ? ORDER BY period_from DESC, id DESC" },
	{ SQ_SPAN_STATS_GET, "SELECT span, p25, p50, p75, samples"
	    " FROM span_stats WHERE office_id = ? AND type = ?" },
	{ SQ_AUDIT_ADD, "INSERT INTO audit (at, actor_id, action,"
	    " subject, reason, chat_id) VALUES (?, ?, ?, ?, ?, ?)" },
};
const size_t store_practice_sql_count = nitems(store_practice_sql);
