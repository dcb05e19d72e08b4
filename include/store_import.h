/*
 * store_import: the importer's rows in the store (src/store/store_import.c).
 * Functions return 0 or a negative ERR_* (common.h).
 */
#ifndef INFOCIG_STORE_IMPORT_H
#define INFOCIG_STORE_IMPORT_H

#include <stdint.h>

#include "practice.h"
#include "store.h"

/* The kinds of extract (import.h); each drops the indexes it does not read. */
enum import_kind {
	IMPORT_COMPANIES, IMPORT_WORKERS, IMPORT_PRACTICES, IMPORT_EVENTS, IMPORT_PAYMENTS,
	IMPORT_KIND_COUNT
};

/*
 * An import in progress (store_import_new .. store_import_free): its queued
 * rows and the indexes it dropped; its statements are in the store's one
 * cache, but for the multi-row INSERTs of the queue, whose text depends on
 * the number of rows and which the handle keeps.  The upserts insert a new
 * row, update a changed one and leave an identical one alone, and return
 * which: STORE_INSERTED, STORE_UPDATED, STORE_UNCHANGED (all >= 0), or a
 * negative ERR_*.
 *
 * Inserts that nothing reads back before the end of the file are queued
 * and written several rows per statement: employment of new workers, events
 * and payments.  The handle writes them before an UPDATE that may concern
 * them and before loading their application; store_import_finish() writes
 * the rest, and must come before the commit.  A database error in a queued
 * row is reported by a later call.
 */
enum { STORE_UNCHANGED = 0, STORE_INSERTED = 1, STORE_UPDATED = 2 };
struct store_import;
int store_import_new(struct store *st, struct store_import **out);
void store_import_free(struct store_import *si);
/* Keyed by codice fiscale; ERR_EXISTS when the matricola is another company's. */
int store_import_company(struct store_import *si, const struct store_company *c);
/* Keyed by codice fiscale; sets w->id when it inserted, else leaves it 0. */
int store_import_worker(struct store_import *si, struct store_worker *w);
/* The id of the worker with this codice fiscale, or ERR_NOTFOUND. */
int store_import_worker_id(struct store_import *si, const char *cf, int64_t *id);
/* STORE_INSERTED or STORE_UNCHANGED (the same employment is there). */
int store_import_employment(struct store_import *si, int64_t worker_id, int64_t company_id,
    int32_t since);
/* The employment of a worker store_import_worker() has just inserted (queued). */
int store_import_employment_new(struct store_import *si, int64_t worker_id,
    int64_t company_id, int32_t since);
/* Writes every queued row. */
int store_import_flush(struct store_import *si);
/*
 * Inside the import's transaction, before its first row: drops the indexes
 * an import of kind never reads when their table is empty.
 * store_import_finish() writes what is queued and builds them again; it
 * must come before the commit (a rollback restores them anyway).
 */
int store_import_begin(struct store_import *si, enum import_kind kind);
int store_import_finish(struct store_import *si);
/* A worker's hours in an application: STORE_INSERTED when added or changed. */
int store_import_practice_worker(struct store_import *si, int64_t practice_id,
    int64_t worker_id, int32_t hours);
/* Weeks, hours and reason of an application: STORE_UPDATED or STORE_UNCHANGED. */
int store_import_practice_details(struct store_import *si, int64_t id, int32_t weeks,
    int32_t hours, const char *reason);
/*
 * Application number as the importer needs it: the header (without the
 * company's and office's names); with _load also the workers' ids and codici
 * fiscali (no names, hours or IBANs, in no order) and every event, as
 * store_practice_load() gives them (practice_clear() after).  ERR_NOTFOUND
 * when there is no such application.
 */
int store_import_practice_header(struct store_import *si, const char *number,
    struct practice *p);
int store_import_practice_load(struct store_import *si, const char *number,
    struct practice *p);
/*
 * A liquidation (EV_LIQUIDATA) and, when pay is not NULL, its payment
 * (EV_PAGATA or EV_DOMICILIATO) as one payments row (queued); the caller
 * has checked both with practice_check_event().
 */
int store_import_payment(struct store_import *si, int64_t practice_id,
    const struct practice_event *liq, const struct practice_event *pay);
/* store_event_add() through the queue: inserts are queued, updates are not. */
int store_import_event(struct store_import *si, int64_t practice_id,
    const struct practice_event *ev);

#endif
