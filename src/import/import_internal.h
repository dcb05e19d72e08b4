/*
 * Private to src/import/: the state of one file being imported, the reading
 * of its fields (import_fields.c) and the in-memory caches (import_cache.c).
 */
#ifndef INFOCIG_IMPORT_INTERNAL_H
#define INFOCIG_IMPORT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "hash.h"
#include "import.h"
#include "practice.h"
#include "store.h"
#include "valid.h"

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

/* A bad row's verdict; any other negative value is a database failure. */
#define ROW_BAD ERR_INVALID

struct import_state {
	struct store *st;
	struct store_import *si;
	struct csv *csv;
	char why[256];
	struct app app;		/* of events and payments rows */
	/* The header of the last application of a practices file, whose rows
	 * (one per worker) come together: compared without a query. */
	struct practice last;
	struct hash *companies;	/* as named in the file -> struct import_known */
	struct hash *offices;	/* by code -> struct import_known */
	int64_t province_office[26 * 26];	/* the office of a province, once looked up */
	unsigned char provinces[26 * 26];	/* known siglas, loaded once */
	struct timeline_rules law;	/* the causali table, loaded once */
};

/* import_fields.c: each returns 0, ROW_BAD with the reason in s->why, or an ERR_*. */
int import_bad(struct import_state *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Field i as a clean single-line text of at most size-1 bytes. */
int import_get_text(struct import_state *s, int i, const char *what, char *dst, size_t size,
    int required);
/* Field i as an identifier of kind (codice fiscale, partita IVA...), checked. */
int import_get_id(struct import_state *s, int i, const char *what, enum valid_kind kind,
    char *dst, size_t size, int required);
int import_get_day(struct import_state *s, int i, const char *what, int32_t *day, int required);
int import_get_int(struct import_state *s, int i, const char *what, int32_t max, int32_t *out);
int import_get_month(struct import_state *s, int i, int32_t *month, int required);
int import_get_amount(struct import_state *s, int i, int64_t *cents);
/* The ids of what a row names, each looked up once per file. */
int import_find_worker(struct import_state *s, const char *cf, int64_t *id);
int import_find_company(struct import_state *s, const char *key, int64_t *id, char province[3]);
int import_find_office(struct import_state *s, const char *code, const char *province,
    int64_t *id);
int import_check_province(struct import_state *s, const char *sigla);

#endif
