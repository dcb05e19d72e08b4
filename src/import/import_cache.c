/* The importer's caches: the events of the current application. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "import_internal.h"

/* evlist */

static void
evlist_grow(struct evlist *l, size_t n)
{
	if (n <= l->cap)
		return;
	l->cap = l->cap * 2 > n ? l->cap * 2 : (n < 8 ? 8 : n);
	l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
}

static void
evlist_append(struct evlist *l, const struct practice_event *v, size_t n)
{
	if (n == 0)
		return;
	evlist_grow(l, l->n + n);
	memcpy(l->v + l->n, v, n * sizeof *v);
	l->n += n;
}

/* After every event of the same day or earlier, as practice_add_event(). */
static void
evlist_add(struct evlist *l, const struct practice_event *ev)
{
	size_t i;

	evlist_grow(l, l->n + 1);
	for (i = l->n; i > 0 && l->v[i - 1].day > ev->day; i--)
		;
	memmove(&l->v[i + 1], &l->v[i], (l->n - i) * sizeof *l->v);
	l->v[i] = *ev;
	l->v[i].detail[sizeof l->v[i].detail - 1] = '\0';
	l->n++;
}

/* app */

struct app_key {
	char cf[17];
	int64_t id;
	size_t w;
};

static int
cmp_cf(const void *a, const void *b)
{
	return strcmp(((const struct app_key *)a)->cf, ((const struct app_key *)b)->cf);
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = ((const struct app_key *)a)->id, y = ((const struct app_key *)b)->id;

	return (x > y) - (x < y);
}

void
app_reset(struct app *a)
{
	struct evlist view = a->view;
	size_t w;

	for (w = 0; a->wev != NULL && w < a->p.nworkers; w++)
		free(a->wev[w].v);
	free(a->wev);
	free(a->own.v);
	free(a->stray.v);
	free(a->by_cf);
	free(a->by_id);
	practice_clear(&a->p);
	memset(a, 0, sizeof *a);
	a->view = view;
	a->view.n = 0;
}

void
app_free(struct app *a)
{
	app_reset(a);
	free(a->view.v);
	memset(a, 0, sizeof *a);
}

int
app_load(struct app *a, struct store_import *si, const char *number)
{
	struct practice_event *events;
	size_t w, i, n, nevents;
	int r;

	app_reset(a);
	if ((r = store_import_practice_load(si, number, &a->p)) < 0)
		return r;
	n = a->p.nworkers;
	a->wev = xcalloc(n ? n : 1, sizeof *a->wev);
	a->by_cf = xcalloc(n ? n : 1, sizeof *a->by_cf);
	a->by_id = xcalloc(n ? n : 1, sizeof *a->by_id);
	for (w = 0; w < n; w++) {
		str_lcpy(a->by_cf[w].cf, a->p.workers[w].cf, sizeof a->by_cf[w].cf);
		a->by_cf[w].id = a->p.workers[w].worker_id;
		a->by_cf[w].w = w;
	}
	memcpy(a->by_id, a->by_cf, n * sizeof *a->by_id);
	qsort(a->by_cf, n, sizeof *a->by_cf, cmp_cf);
	qsort(a->by_id, n, sizeof *a->by_id, cmp_id);

	/* The store gives the events in order: each list keeps it. */
	events = a->p.events;
	nevents = a->p.nevents;
	a->p.events = NULL;
	a->p.nevents = 0;
	for (i = 0; i < nevents; i++) {
		const struct practice_event *ev = &events[i];

		if (!event_kind_is_worker(ev->kind)) {
			evlist_append(&a->own, ev, 1);
			continue;
		}
		a->worker_events++;
		w = app_worker_by_id(a, ev->worker_id);
		evlist_append(w == APP_NO_WORKER ? &a->stray : &a->wev[w], ev, 1);
	}
	free(events);
	a->loaded = 1;
	return 0;
}

size_t
app_worker_by_cf(const struct app *a, const char *cf)
{
	struct app_key k, *found;

	if (a->p.nworkers == 0 || strlen(cf) >= sizeof k.cf)
		return APP_NO_WORKER;
	str_lcpy(k.cf, cf, sizeof k.cf);
	found = bsearch(&k, a->by_cf, a->p.nworkers, sizeof *a->by_cf, cmp_cf);
	return found != NULL ? found->w : APP_NO_WORKER;
}

size_t
app_worker_by_id(const struct app *a, int64_t worker_id)
{
	struct app_key k, *found;

	if (a->p.nworkers == 0)
		return APP_NO_WORKER;
	k.id = worker_id;
	found = bsearch(&k, a->by_id, a->p.nworkers, sizeof *a->by_id, cmp_id);
	return found != NULL ? found->w : APP_NO_WORKER;
}

static void
view_set(struct app *a, struct practice *v, struct practice_worker *workers, size_t nworkers)
{
	*v = a->p;
	v->workers = workers;
	v->nworkers = nworkers;
	v->events = a->view.v;
	v->nevents = a->view.n;
}

void
app_view_worker(struct app *a, size_t w, struct practice *v)
{
	const struct evlist *x = &a->own, *y = &a->wev[w];
	size_t i = 0, j = 0;

	/* Merged by day; on the same day the application's events come first. */
	a->view.n = 0;
	evlist_grow(&a->view, x->n + y->n);
	while (i < x->n || j < y->n)
		a->view.v[a->view.n++] = j == y->n || (i < x->n && x->v[i].day <= y->v[j].day) ?
		    x->v[i++] : y->v[j++];
	view_set(a, v, &a->p.workers[w], 1);
}

void
app_view_own(struct app *a, struct practice *v)
{
	a->view.n = 0;
	evlist_append(&a->view, a->own.v, a->own.n);
	view_set(a, v, NULL, 0);
}

static int
cmp_day_seq(const void *a, const void *b)
{
	const struct practice_event *x = a, *y = b;

	if (x->day != y->day)
		return (x->day > y->day) - (x->day < y->day);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

void
app_view_all(struct app *a, struct practice *v)
{
	size_t w, i;

	a->view.n = 0;
	evlist_append(&a->view, a->own.v, a->own.n);
	for (w = 0; w < a->p.nworkers; w++)
		evlist_append(&a->view, a->wev[w].v, a->wev[w].n);
	evlist_append(&a->view, a->stray.v, a->stray.n);
	/* In day order, each list's own order kept among events of one day. */
	for (i = 0; i < a->view.n; i++)
		a->view.v[i].seq = (int64_t)i;
	if (a->view.n > 1)
		qsort(a->view.v, a->view.n, sizeof *a->view.v, cmp_day_seq);
	view_set(a, v, a->p.workers, a->p.nworkers);
}

void
app_view_add(struct app *a, struct practice *v, const struct practice_event *ev)
{
	evlist_add(&a->view, ev);
	v->events = a->view.v;
	v->nevents = a->view.n;
}

static int
same_event(const struct practice_event *e, const struct practice_event *ev)
{
	return e->kind == ev->kind && e->day == ev->day && e->worker_id == ev->worker_id &&
	    e->month == ev->month && e->amount_cents == ev->amount_cents &&
	    (strcmp(e->detail, ev->detail) == 0 || event_kind_is_worker(ev->kind));
}

int
app_has_event(const struct app *a, size_t w, const struct practice_event *ev)
{
	const struct evlist *l = w == APP_NO_WORKER ? &a->own : &a->wev[w];
	size_t i;

	for (i = 0; i < l->n; i++)
		if (same_event(&l->v[i], ev))
			return 1;
	return 0;
}

void
app_add_event(struct app *a, size_t w, const struct practice_event *ev)
{
	if (event_kind_is_worker(ev->kind))
		a->worker_events++;
	evlist_add(w == APP_NO_WORKER ? &a->own : &a->wev[w], ev);
	a->dirty = 1;
}

/*
 * practice_status_of() on the whole application costs workers x months x
 * events.  Only "pagata" depends on more than one worker (every worker's
 * every month paid) and is a conjunction over workers: so ask it of each
 * one-worker view, which costs the events once.  An authorised application
 * not wholly paid is "in pagamento" once any worker event exists, as there.
 */
enum practice_status
app_status(struct app *a)
{
	enum practice_status first, s;
	struct practice v;
	size_t w;

	if (a->p.nworkers == 0) {
		app_view_all(a, &v);
		return practice_status_of(&v);
	}
	app_view_worker(a, 0, &v);
	first = practice_status_of(&v);
	if (first != STATUS_PAGATA && first != STATUS_IN_PAGAMENTO &&
	    first != STATUS_AUTORIZZATA)
		return first;	/* decided by the application's own events */
	for (w = 0; w < a->p.nworkers; w++) {
		if (w > 0)
			app_view_worker(a, w, &v);
		s = w > 0 ? practice_status_of(&v) : first;
		if (s != STATUS_PAGATA)
			return a->worker_events > 0 ? STATUS_IN_PAGAMENTO : STATUS_AUTORIZZATA;
	}
	return STATUS_PAGATA;
}
