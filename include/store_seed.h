/*
 * store_seed: the bulk generator's rows in the store
 * (src/store/store_seedsupport.c): whole rows in one statement each, so that
 * no UPDATE has to find a row again while the secondary indexes are dropped.
 * Functions return 0 or a negative ERR_* (common.h).
 */
#ifndef INFOCIG_STORE_SEED_H
#define INFOCIG_STORE_SEED_H

#include <stdint.h>

#include "practice.h"
#include "store.h"

/* Application header with its status given by the caller; sets p->id. */
int store_seed_practice_add(struct store *st, struct practice *p,
    enum practice_status status);
/* One dati_pagamento row, rejected (dati_scartati) when rejected_day is not 0. */
int store_seed_paydata_add(struct store *st, int64_t practice_id, int64_t worker_id,
    int32_t month, const char *channel, int32_t received_day, int32_t rejected_day,
    const char *reject_reason);
/* One liquidation, paid when paid_day is not 0 (domiciliato or bank transfer). */
int store_seed_payment_add(struct store *st, int64_t practice_id, int64_t worker_id,
    int32_t month, int32_t liquidated_day, int32_t paid_day, int64_t amount_cents,
    int domiciliato);
/* One application-level event (presentata ... annullata). */
int store_seed_event_add(struct store *st, int64_t practice_id, enum event_kind kind,
    int32_t day, const char *detail);
/*
 * Settings for a big load on this connection: sorter helper threads, a
 * sampled ANALYZE, and a 64 MiB page cache (appends need little, and the
 * sorts of CREATE INDEX run faster in cache-sized runs than in one huge one).
 */
int store_seed_tune(struct store *st, int threads);
/*
 * Rollback journal for the load (bulk 1) and WAL again afterwards (bulk 0),
 * outside any transaction.  ERR_BUSY when another connection prevents the
 * switch: the caller goes on in the current mode.
 */
int store_seed_journal(struct store *st, int bulk);

#endif
