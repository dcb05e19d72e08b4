/*
 * store: the database, the single source of truth and the place where the
 * daemon and the consoles meet.  Every SQL statement of the project is in
 * src/store/; callers see only the functions and plain structs of this
 * header and of its sub-headers (store_chat.h, store_report.h,
 * store_stats.h, store_import.h, store_seed.h), all taking the one struct
 * store, which caches its prepared statements until store_close().  The
 * words the database stores are enums of vocab.h to callers.
 *
 * The engine seam: each statement has a slot, each store file a table of
 * its slots' SQL, and the binding is in the function that runs it; another
 * engine gives its own SQL and binding for the same functions.
 *
 * Functions return 0 or a negative ERR_* (common.h); ERR_BUSY means the
 * database stayed locked past the busy timeout and the caller may retry.
 */
#ifndef INFOCIG_STORE_H
#define INFOCIG_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "practice.h"
#include "vocab.h"

#define STORE_SCHEMA_VERSION 6

struct store;

enum store_flags {
	STORE_READONLY = 1 << 0,
	STORE_BULK = 1 << 1,	/* seed into a new database: no fsync, no FK checks, big cache */
	STORE_IMPORT = 1 << 2,	/* import: big cache; the importer checks references itself */
};

/*
 * Creates a new database at path (refusing an existing file), applies the
 * schema and loads provinces and offices from datadir's CSV files.  On
 * failure nothing is left behind.  err gets an Italian message.
 */
int store_create(const char *path, const char *datadir, char *err, size_t errlen);
/*
 * Opens an existing database, migrating an older schema and refusing a newer
 * one.  *out is owned by the caller (store_close).
 */
int store_open(const char *path, int flags, struct store **out, char *err, size_t errlen);
void store_close(struct store *st);
/*
 * How long a statement waits for another connection's lock before failing
 * with ERR_BUSY (5 s by default); the console uses a short one and retries.
 */
void store_set_busy_timeout(struct store *st, int ms);
int store_schema_version(struct store *st);
/* PRAGMA integrity_check; 0 when "ok", else ERR_IO with the first problem in err. */
int store_integrity(struct store *st, char *err, size_t errlen);
/*
 * Online backup into a new file at path (refused if it exists, created mode
 * 0600): one consistent snapshot, taken while others go on writing.
 * progress(arg, pages done, pages in all) after each step, may be NULL;
 * *pages gets the size copied.  On failure nothing is left at path.
 */
typedef void (*store_backup_progress_fn)(void *arg, int64_t done, int64_t total);
int store_backup(struct store *st, const char *path, store_backup_progress_fn progress, void *arg,
    int64_t *pages, char *err, size_t errlen);
/* Row counts of the main tables, for db check and the seed summary. */
struct store_counts {
	int64_t provinces, offices, companies, workers, accounts, practices,
	    practice_workers, events, payment_data, payments, chats, messages,
	    reports, audit;
};
int store_counts(struct store *st, struct store_counts *c);

int store_begin(struct store *st);	/* BEGIN IMMEDIATE */
int store_commit(struct store *st);
void store_rollback(struct store *st);
/*
 * 1 when SQLite found the file damaged (on any statement so far, or the
 * last one), with the first problem of the integrity check in err, as
 * `infocig db check` prints it; 0 when nothing of the kind was seen.
 */
int store_damaged(struct store *st, char *err, size_t errlen);
/* The last engine error in Italian words (err_text), for messages. */
const char *store_errmsg(struct store *st);
/* The file the store was opened on (owned by st). */
const char *store_path(const struct store *st);

/* Reference data. */
struct store_office {
	int64_t id;
	char code[16];
	char name[96];
	char province[3];
};
int store_office_by_province(struct store *st, const char *sigla, struct store_office *out);
int store_office_by_code(struct store *st, const char *code, struct store_office *out);
int store_office_by_id(struct store *st, int64_t id, struct store_office *out);
int store_province_exists(struct store *st, const char *sigla);
/* Calls fn for every province in sigla order; stops when fn returns non-zero. */
int store_provinces_each(struct store *st,
    int (*fn)(void *arg, const char *sigla, const char *name, const char *capoluogo_code),
    void *arg);

/* Companies, workers, employment. */
struct store_company {
	int64_t id;
	char cf[17];		/* codice fiscale (11 digits, or 16 for a sole trader) */
	char vat[12];		/* partita IVA */
	char matricola[11];	/* INPS matricola aziendale */
	char name[96];
	char province[3];	/* registered office */
};
struct store_worker {
	int64_t id;
	char cf[17];
	char surname[48];
	char name[48];
	char province[3];	/* residence */
	char iban[35];		/* may be empty */
};
int store_company_add(struct store *st, struct store_company *c);	/* sets c->id */
int store_company_find(struct store *st, const char *key, struct store_company *out);
int store_company_by_id(struct store *st, int64_t id, struct store_company *out);
/*
 * Every company whose codice fiscale, partita IVA or matricola is key (a
 * partita IVA may be shared); *out owned by the caller (free), NULL when none.
 */
int store_companies_matching(struct store *st, const char *key, struct store_company **out,
    size_t *n);
int store_worker_add(struct store *st, struct store_worker *w);		/* sets w->id */
int store_worker_by_cf(struct store *st, const char *cf, struct store_worker *out);
int store_worker_by_id(struct store *st, int64_t id, struct store_worker *out);
int store_employment_add(struct store *st, int64_t worker_id, int64_t company_id,
    int32_t since, int32_t until);

/*
 * Accounts.  struct store_account is who someone is, and goes everywhere;
 * struct store_credentials is how they prove it, and only authentication
 * loads it (store_account_credentials), wiping it after use.
 */
struct store_account {
	int64_t id;
	char login[64];		/* codice fiscale for users, a name for staff */
	enum account_role role;
	char full_name[96];
	char unix_user[33];
	int64_t office_id;	/* office operators */
	char province[3];	/* residence, for workers */
	int64_t worker_id;	/* the worker record of a worker account */
	int locked;
};
struct store_credentials {
	char password_hash[160];	/* "" when none */
	/* Sealed (auth_otp_seal), or base32 from before sealing; "" when none. */
	char totp_secret[96];
	int64_t totp_last_step;
};
/* Adds an account (sets a->id) with cr's hash and secret, or none when cr is NULL. */
int store_account_add(struct store *st, struct store_account *a,
    const struct store_credentials *cr);
/* The password hash and one-time-code secret of account id (explicit_bzero after use). */
int store_account_credentials(struct store *st, int64_t id, struct store_credentials *out);
/*
 * Calls fn for the credentials of every account that has a one-time-code
 * secret, in id order; stops when fn returns non-zero.
 */
int store_account_credentials_each(struct store *st,
    int (*fn)(void *arg, int64_t id, const struct store_credentials *cr), void *arg);
int store_account_by_login(struct store *st, const char *login, struct store_account *out);
int store_account_by_unix_user(struct store *st, const char *user, struct store_account *out);
int store_account_by_id(struct store *st, int64_t id, struct store_account *out);
int store_account_set_password(struct store *st, int64_t id, const char *hash);
int store_account_set_locked(struct store *st, int64_t id, int locked);
/* Wrong one-time codes of an account (auth_otp_check()). */
struct store_otp_state {
	int failures;		/* in a row since the last right code or lock */
	int64_t last_failure;	/* Unix time, 0 when none */
	int64_t locked_until;	/* Unix time, 0 when never locked */
};
int store_account_otp_state(struct store *st, int64_t id, struct store_otp_state *out);
/*
 * Counts one wrong code at now in one statement (daemons race safely):
 * when it makes max_failures, the count restarts at 0 and locked_until
 * becomes now + lock_seconds.  *out gets the new state.
 */
int store_account_otp_failed(struct store *st, int64_t id, int64_t now, int max_failures,
    int lock_seconds, struct store_otp_state *out);
int store_account_otp_reset(struct store *st, int64_t id);
int store_account_set_totp_secret(struct store *st, int64_t id, const char *secret);
/* Records a used TOTP step only if newer than the stored one (replay guard). */
int store_account_use_totp_step(struct store *st, int64_t id, int64_t step);
int store_account_key_add(struct store *st, int64_t id, const char *type,
    const char *base64, const char *comment);
/* 1 when (type, base64) is registered to account id, 0 when not. */
int store_account_key_match(struct store *st, int64_t id, const char *type, const char *base64);
int store_accounts_each(struct store *st,
    int (*fn)(void *arg, const struct store_account *a), void *arg);
int store_delegation_add(struct store *st, int64_t account_id, int64_t company_id,
    enum account_role role, int32_t since);
/* 1 when the account is linked to the company by role or delegation. */
int store_delegation_exists(struct store *st, int64_t account_id, int64_t company_id);
/* Removes one delegation: 0, or ERR_NOTFOUND when the two were not linked. */
int store_delegation_remove(struct store *st, int64_t account_id, int64_t company_id);
/*
 * Calls fn for each company account_id is linked to, with the delegation's
 * role, in company name order; stops when fn returns non-zero.
 */
int store_delegations_each(struct store *st, int64_t account_id,
    int (*fn)(void *arg, const struct store_company *c, enum account_role role), void *arg);
/* Companies an employer-side account may speak for; *out owned by caller (free). */
int store_delegations_of(struct store *st, int64_t account_id,
    struct store_company **out, size_t *n);

/* Applications. */
int store_practice_add(struct store *st, struct practice *p);	/* header fields; sets p->id */
int store_practice_worker_add(struct store *st, int64_t practice_id, int64_t worker_id,
    int32_t hours);
/*
 * Records one event of an application: application-level kinds go to
 * practice_events, payment data to payment_data, liquidation and payment to
 * payments.  The caller has checked it with practice_check_event().
 */
int store_event_add(struct store *st, int64_t practice_id, const struct practice_event *ev);
int store_practice_set_status(struct store *st, int64_t practice_id, enum practice_status s);
/* Loads an application with its workers and events into p (practice_clear() after). */
int store_practice_load(struct store *st, int64_t id, struct practice *p);
/*
 * The same with only one worker and that worker's events: what a worker's
 * own timeline needs, without reading every worker of a large application.
 */
int store_practice_load_worker(struct store *st, int64_t id, int64_t worker_id,
    struct practice *p);
int store_practice_by_number(struct store *st, const char *number, int64_t *id);
/* Application ids involving a worker / of a company, newest first; *ids owned by caller. */
int store_practices_of_worker(struct store *st, int64_t worker_id, int64_t **ids, size_t *n);
int store_practices_of_company(struct store *st, int64_t company_id, int64_t **ids, size_t *n);

/* History behind the timeline estimates (cached per office, type and span). */
int store_span_stats(struct store *st, int64_t office_id, enum practice_type type,
    struct span_stats out[SPAN_COUNT]);
/*
 * Recomputes the cache when it is older than today (or always with force);
 * window_days bounds the history used.  Returns the number of groups written.
 */
int store_span_stats_refresh(struct store *st, int32_t today, int32_t window_days, int force);

/*
 * Retention (store_purge.c).  Kinds: chats (deleted, with their messages and
 * transfer notes), closed reports (anonymised), audit rows (deleted), each
 * past its cut-off (Unix seconds).
 */
enum store_purge_kind {
	STORE_PURGE_CHATS, STORE_PURGE_REPORTS, STORE_PURGE_AUDIT, STORE_PURGE_NKINDS
};
/* How many rows of kind are due (*messages: their chat lines, for chats). */
int store_purge_count(struct store *st, int kind, int64_t cutoff, int64_t *rows,
    int64_t *messages);
/*
 * Purges at most batch rows of kind in one write transaction: *done gets
 * how many (0 when nothing is left), *held_us how long the transaction took.
 */
int store_purge_batch(struct store *st, int kind, int64_t cutoff, int batch, int64_t *done,
    int64_t *held_us);

/* Audit log. */
int store_audit_add(struct store *st, int64_t actor_id, const char *action,
    const char *subject, const char *reason, int64_t chat_id);
struct store_audit_entry {
	int64_t id, at, actor_id, chat_id;	/* chat_id 0 when none */
	const char *login, *full_name;		/* the actor; callback only */
	const char *action, *subject, *reason;	/* callback only */
};
/*
 * Audit entries with from <= at < to, of actor_id (0: everyone's), oldest
 * first; stops when fn returns non-zero.  In src/store/store_stats.c.
 */
int store_audit_each(struct store *st, int64_t from, int64_t to, int64_t actor_id,
    int (*fn)(void *arg, const struct store_audit_entry *e), void *arg);

/*
 * Bulk loading: drops the secondary indexes inside the current transaction
 * and store_bulk_end() builds them again (a sort is far cheaper than millions
 * of random B-tree inserts).
 */
int store_bulk_begin(struct store *st);
int store_bulk_end(struct store *st);

/*
 * The SSH daemon's periodic work (store_sweep.c).
 *
 * store_chats_sweep: chats disconnected before `before` (reconnect_grace
 * ago) can no longer be resumed: those no advisor had taken become
 * abandoned, those an advisor had taken become closed; ended_at stays the
 * time of the disconnection.  Returns how many changed, or a negative ERR_*.
 *
 * store_chats_live_each: calls fn for every queued or active chat, in queue
 * order (queued_at, then id), with its state and channel.  Stops when fn
 * returns non-zero.  One statement for every session of a daemon process
 * instead of queries per session.
 */
struct store_live_chat {
	int64_t id;
	int64_t queued_at;
	enum chat_state state;		/* queued or active */
	enum chat_channel channel;
	int64_t advisor_id;	/* 0 while queued */
	/* The advisor's typing mark (real ms) within STORE_TYPING_WINDOW_MS, else 0. */
	int64_t advisor_typing_ms;
};
int store_chats_sweep(struct store *st, int64_t before);
/*
 * The active chats of advisors who are gone (declared offline before
 * offline_before, or silent since heartbeat_before) go back to the queue at
 * their old place, the head, in one transaction: a transfer with note is
 * recorded and the person is told (a system line, told).  Returns how many.
 */
int store_chats_requeue_absent(struct store *st, int64_t offline_before,
    int64_t heartbeat_before, int64_t now, const char *note, const char *told);
int store_chats_live_each(struct store *st,
    int (*fn)(void *arg, const struct store_live_chat *c), void *arg);

/*
 * The law as data (practice.h): store_rules_import reads timeline_rules.csv
 * and causali.csv from datadir into the database (at creation), checking
 * every row; err names the file and line.  store_rules_load fills out with
 * the stored rows (empty on a database created before them); the caller
 * frees it with timeline_rules_clear().
 */
int store_rules_import(struct store *st, const char *datadir, char *err, size_t errlen);
int store_rules_load(struct store *st, struct timeline_rules *out);

/*
 * Daemon workers (store_node.c): each publishes its figures every few
 * seconds for the metrics, keyed by node (the host) and worker number.
 * Delivery latency is counted in buckets: bucket i holds the lines handed
 * to a session at most STORE_LATENCY_BOUNDS_MS[i] ms after they were
 * written (and more than the bound before it); the last bucket has no bound.
 */
#define STORE_LATENCY_BOUNDS_MS { 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000 }
#define STORE_LATENCY_BUCKETS 11
struct store_worker_status {
	char node[64];
	int worker;
	int64_t pid;
	int64_t started_at, seen_at;	/* service clock, Unix seconds */
	int64_t sessions;		/* open, logged in or not */
	int64_t unauthenticated;
	int64_t lines;			/* lines handed to sessions since the start */
	int64_t latency_sum_ms;
	int64_t buckets[STORE_LATENCY_BUCKETS];	/* per bucket, not cumulative */
};
/* Inserts or replaces the row of (w->node, w->worker). */
int store_node_publish(struct store *st, const struct store_worker_status *w);
/* A worker that stops takes its row away. */
int store_node_remove(struct store *st, const char *node, int worker);
/* Workers seen at or after seen_since, by node and worker; fn non-zero stops. */
int store_node_each(struct store *st, int64_t seen_since,
    int (*fn)(void *arg, const struct store_worker_status *w), void *arg);

#endif
