/* Private to src/store/: the connection and its one cache of prepared statements. */
#ifndef INFOCIG_STORE_INTERNAL_H
#define INFOCIG_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"
#include "store_chat.h"

/*
 * One slot per cached statement, for the whole store: each store file owns a
 * range and gives the SQL of its slots in a table (struct store_sql) at its
 * end.  A statement is prepared on first use and kept until store_close().
 * The SQL text and the binding are what another engine would give again;
 * the slots, and every function's contract, stay.
 */
enum store_slot {
	/* store_people.c, store_practice.c, store_ref.c, store_sweep.c, store.c */
	SQ_OFFICE_BY_PROVINCE, SQ_OFFICE_BY_CODE, SQ_OFFICE_BY_ID, SQ_PROVINCE_EXISTS,
	SQ_COMPANY_ADD, SQ_COMPANY_BY_CF, SQ_COMPANY_BY_VAT, SQ_COMPANY_BY_MATRICOLA,
	SQ_COMPANY_BY_ID, SQ_WORKER_ADD, SQ_WORKER_BY_CF, SQ_WORKER_BY_ID, SQ_EMPLOYMENT_ADD,
	SQ_ACCOUNT_ADD, SQ_ACCOUNT_BY_LOGIN, SQ_ACCOUNT_BY_UNIX, SQ_ACCOUNT_BY_ID,
	SQ_ACCOUNT_CREDENTIALS, SQ_ACCOUNT_CREDENTIALS_ALL, SQ_ACCOUNT_SET_TOTP,
	SQ_OTP_STATE, SQ_OTP_FAILED, SQ_OTP_RESET, SQ_DELEGATION_REMOVE,
	SQ_ACCOUNT_SET_PASSWORD, SQ_ACCOUNT_SET_LOCKED, SQ_ACCOUNT_USE_TOTP,
	SQ_KEY_ADD, SQ_KEY_MATCH, SQ_DELEGATION_ADD, SQ_DELEGATION_EXISTS, SQ_DELEGATIONS_OF,
	SQ_PRACTICE_ADD, SQ_PRACTICE_WORKER_ADD, SQ_EVENT_ADD, SQ_PAYDATA_ADD, SQ_PAYDATA_REJECT,
	SQ_PAYMENT_ADD, SQ_PAYMENT_PAY, SQ_PRACTICE_STATUS, SQ_PRACTICE_LOAD, SQ_PRACTICE_WORKERS,
	SQ_PRACTICE_EVENTS, SQ_PRACTICE_PAYDATA, SQ_PRACTICE_PAYMENTS,
	SQ_PRACTICE_WORKER_ONE, SQ_PRACTICE_PAYDATA_ONE, SQ_PRACTICE_PAYMENTS_ONE, SQ_PRACTICE_BY_NUMBER,
	SQ_PRACTICES_OF_WORKER, SQ_PRACTICES_OF_COMPANY, SQ_SPAN_STATS_GET, SQ_AUDIT_ADD,
	SQ_COMPANIES_MATCHING,
	SQ_SWEEP_ABANDON, SQ_SWEEP_CLOSE, SQ_LIVE_CHATS,
	SQ_COUNTS,
	/* store_chat.c, store_desk.c (from CQ_QUEUE_LIST on) */
	CQ_OPEN, CQ_RETURNING, CQ_GET, CQ_FIND_LIVE, CQ_FIND_RESUMABLE, CQ_RESUME, CQ_TAKE,
	CQ_END, CQ_SATISFACTION, CQ_DISCONNECT_OWNER, CQ_LIVE_OWNERS, CQ_MSG_ADD,
	CQ_MSG_SINCE_CHAT, CQ_MSG_SINCE_ALL, CQ_MSG_LAST, CQ_DATA_VERSION, CQ_POSITION,
	CQ_AHEAD_ALL, CQ_ACTIVE, CQ_ADVISORS, CQ_HANDLE, CQ_ADVISOR_SET, CQ_ADVISOR_BEAT,
	CQ_REPORTS, CQ_QUEUE_LIST, CQ_ADVISOR_CHATS, CQ_ACTIVE_OF, CQ_NEXT_QUEUED, CQ_CLOSE,
	CQ_TO_ADVISOR, CQ_TO_QUEUE, CQ_TRANSFER_LOG, CQ_ADVISORS_LIST, CQ_CHANNELS, CQ_HISTORY,
	CQ_TRANSFERS,
	/* store_report.c */
	RQ_CHAT, RQ_PRACTICE, RQ_PRACTICE_WORKER, RQ_BY_TOKEN, RQ_NEXT_SEQ, RQ_INSERT,
	RQ_NOTE_ADD, RQ_CHAT_OUTCOME, RQ_CHAT_MESSAGE, RQ_TAKE, RQ_CLOSE, RQ_TOUCH, RQ_GET,
	RQ_GET_PROTOCOL, RQ_LIST_OFFICE, RQ_LIST_ALL, RQ_LIST_SUBJECT, RQ_NOTES, RQ_OFFICES,
	RQ_CHAT_TAIL,
	/* store_stats.c */
	ST_RANGE, ST_LIVE, ST_ADVISORS, ST_ACCOUNT, ST_REPORTS, ST_OPEN_RANGE,
	/* store_stats_agg.c */
	ST_AGG_META, ST_AGG_ROWS, ST_AGG_REPORTS,
	/* store_node.c */
	NQ_PUBLISH, NQ_REMOVE, NQ_EACH,
	/* store_seedsupport.c */
	SD_PAYDATA, SD_PAYMENT, SD_EVENT,
	/* store_import.c */
	IS_COMPANY, IS_WORKER, IS_WORKER_ID, IS_EMPLOYMENT, IS_PRACTICE_WORKER,
	IS_PRACTICE_DETAILS, IS_PRACTICE_HEADER, IS_PRACTICE_WORKERS,
	/* store_visit.c */
	VQ_GET, VQ_BEGIN, VQ_END, VQ_CHANGES, VQ_CHATS, VQ_CHATS_COUNT,
	/* store_typing.c */
	TQ_MARK_PERSON, TQ_MARK_ADVISOR, TQ_GET,
	SQ_COUNT
};

/*
 * The real time in milliseconds, as the engine's clock gives it while the
 * statement runs (never the service clock, which tests may stop): when a
 * message was written, for the delivery latency (issue 17).
 */
#define STORE_NOW_MS "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"

/* STORE_TYPING_WINDOW_MS as SQL text. */
#define STORE_TEXT_OF_(x) #x
#define STORE_TEXT_OF(x) STORE_TEXT_OF_(x)
#define STORE_TYPING_WINDOW_TEXT STORE_TEXT_OF(STORE_TYPING_WINDOW_MS)

/* One slot's SQL, in the tables the store files end with. */
struct store_sql {
	enum store_slot slot;
	const char *sql;
};
extern const struct store_sql store_core_sql[], store_people_sql[], store_practice_sql[],
    store_ref_sql[], store_sweep_sql[], store_chat_sql[], store_report_sql[],
    store_desk_sql[], store_stats_sql[], store_stats_agg_sql[], store_seed_sql[],
    store_import_sql[], store_node_sql[], store_visit_sql[], store_typing_sql[];
extern const size_t store_core_sql_count, store_people_sql_count, store_practice_sql_count,
    store_ref_sql_count, store_sweep_sql_count, store_chat_sql_count, store_report_sql_count,
    store_desk_sql_count, store_stats_sql_count, store_stats_agg_sql_count,
    store_seed_sql_count, store_import_sql_count, store_node_sql_count, store_visit_sql_count,
    store_typing_sql_count;

struct store {
	sqlite3 *db;
	char *path;
	int flags;
	int corrupt;		/* SQLite reported a damaged file (store_damaged()) */
	int last_err;		/* the last ERR_* an engine error mapped to (store_errmsg()) */
	sqlite3_stmt *stmts[SQ_COUNT];
};

/*
 * The cached statement for slot, reset and unbound, prepared from its
 * table's SQL on first use; NULL on a prepare error.
 */
sqlite3_stmt *store_stmt(struct store *st, enum store_slot slot);
/* The company with this codice fiscale (not partita IVA or matricola). */
int store_company_by_cf(struct store *st, const char *cf, struct store_company *out);
/* Steps a one-row query: 0 with the row ready, ERR_NOTFOUND, or an error. */
int store_step_row(struct store *st, sqlite3_stmt *s);
/* Steps a one-row query of one integer (a count) into *out, and resets it. */
int store_step_count(struct store *st, sqlite3_stmt *s, int64_t *out);
/* Runs SQL without results (schema, pragmas); 0 or a negative ERR_*. */
int store_exec(struct store *st, const char *sql);
/* Maps an SQLite result code to ERR_*. */
int store_err(struct store *st, int rc);
/* Step a statement that returns no rows: 0, ERR_EXISTS on a constraint, ... */
int store_step_done(struct store *st, sqlite3_stmt *s);

/*
 * Defines the SQL functions infocig_local_day(t, zone) and
 * infocig_local_hour(t, zone) on the connection and, unless it is read-only,
 * the temporary triggers that keep the statistics' aggregates
 * (store_stats_agg.c).
 */
int store_stats_agg_attach(struct store *st);

/* Helpers for binding and reading. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);	/* "" binds NULL */
void store_bind_id(sqlite3_stmt *s, int i, int64_t v);		/* 0 binds NULL */
void store_copy_text(char *dst, size_t size, sqlite3_stmt *s, int col);
int64_t store_col_i64(sqlite3_stmt *s, int col);		/* NULL reads as 0 */
const char *store_col_text(sqlite3_stmt *s, int col);	/* NULL reads as "" */
/* Steps an UPDATE that must change a row: 0, or ERR_CONFLICT when none matched. */
int store_step_changed(struct store *st, sqlite3_stmt *s);

/*
 * Loads the events of application p->id (of one worker only unless
 * worker_id is 0) into p, which has none yet, in store_practice_load() order.
 */
int store_practice_load_events(struct store *st, struct practice *p, int64_t worker_id);
/* Inserts p's header with status (store_practice_add, the seed); sets p->id. */
int store_practice_insert(struct store *st, struct practice *p, enum practice_status status);

/*
 * A chat's columns (the SQL of store_chat.c and store_desk.c), and
 * store_chat_fill(), which reads them, first in the row, into c.
 */
#define STORE_CHAT_COLS_ONLY "c.id, c.account_id, c.company_id, c.channel, c.province, c.state," \
	" c.queued_at, c.taken_at, c.ended_at, c.advisor_id, a.full_name, c.satisfaction," \
	" c.returned, c.owner_pid, coalesce(c.outcome, ''), c.resumed"
#define STORE_CHAT_COLS STORE_CHAT_COLS_ONLY \
	" FROM chats c LEFT JOIN accounts a ON a.id = c.advisor_id"

void store_chat_fill(sqlite3_stmt *s, struct chat *c);

/*
 * Steps s, bound by the caller, whose rows are (office id, code, name,
 * reports), handing each to fn (store_stats.c, store_stats_agg.c).
 */
struct stats_office;
int store_stats_office_rows(struct store *st, sqlite3_stmt *s,
    int (*fn)(void *arg, const struct stats_office *o), void *arg);

/* Schema (store_schema.c). */
int store_schema_apply(struct store *st, int from_version);
int store_schema_drop_indexes(struct store *st);
int store_schema_create_indexes(struct store *st);

/* Reference data (store_ref.c): provinces and offices from datadir's CSV files. */
int store_load_reference(struct store *st, const char *datadir, char *err, size_t errlen);

#endif
