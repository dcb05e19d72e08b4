/* Private to src/import/: the importer's in-memory caches (import_cache.c). */
#ifndef INFOCIG_IMPORT_INTERNAL_H
#define INFOCIG_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "import.h"
#include "practice.h"
#include "store.h"

/*
 * What the importer remembers of a company (by codice fiscale, partita IVA
 * or matricola) or an office (by code) once looked up: the value of a
 * string-keyed common hash (hash.h).
 */
struct import_known {
	int64_t id;
	char province[3];
};

/* Events in day order. */
struct evlist {
	struct practice_event *v;
	size_t n, cap;
};

#define APP_NO_WORKER ((size_t)-1)

struct app_key;

/*
 * The application that rows of an events or payments file refer to, kept
 * while consecutive rows name the same number.  Its events are kept apart
 * by worker: the rules for a worker's event look only at the application's
 * own events and at that worker's, so each check hands the domain a view of
 * the application with that one worker, and costs the same in an
 * application of ten workers or of ten thousand.
 */
struct app {
	struct practice p;	/* header and workers; p.events stays NULL */
	int loaded;
	int dirty;		/* events added: its status must be rewritten */
	struct evlist own;	/* application-level events */
	struct evlist *wev;	/* per-worker events, parallel to p.workers */
	struct evlist stray;	/* per-worker events of a worker not in p.workers */
	size_t worker_events;	/* of every worker, stray ones included */
	struct app_key *by_cf;	/* p.workers in codice fiscale order */
	struct app_key *by_id;	/* ... in id order */
	struct evlist view;	/* scratch: the events of the last view */
};

/* Loads application number (forgetting the last one); 0, ERR_NOTFOUND or an ERR_*. */
int app_load(struct app *a, struct store_import *si, const char *number);
/* Forgets the application (keeps the scratch memory); app_free() frees all. */
void app_reset(struct app *a);
void app_free(struct app *a);
/* The index in p.workers of the worker with this codice fiscale or id. */
size_t app_worker_by_cf(const struct app *a, const char *cf);
size_t app_worker_by_id(const struct app *a, int64_t worker_id);
/*
 * Views for practice_check_event() and practice_status_of(), valid until the
 * next view or change: the header with one worker (w) and the application's
 * events and that worker's; with no worker and only the application's
 * events; with every worker and every event.
 */
void app_view_worker(struct app *a, size_t w, struct practice *v);
void app_view_own(struct app *a, struct practice *v);
void app_view_all(struct app *a, struct practice *v);
/* Adds ev to the view last made, in day order, and updates v. */
void app_view_add(struct app *a, struct practice *v, const struct practice_event *ev);
/* 1 when the application (w APP_NO_WORKER) or worker w already has this event. */
int app_has_event(const struct app *a, size_t w, const struct practice_event *ev);
/* Records a checked event in memory (w as for app_has_event). */
void app_add_event(struct app *a, size_t w, const struct practice_event *ev);
/* The status practice_status_of() gives the whole application. */
enum practice_status app_status(struct app *a);

#endif
