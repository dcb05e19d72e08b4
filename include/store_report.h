/*
 * store_report: the rows behind Linea INPS reports (include/report.h has
 * the rules: who may file, take, annotate and close).  Every statement is in
 * src/store/store_report.c, cached in the struct store; transactions are the
 * caller's.  Functions return 0 or a negative ERR_* (common.h).
 */
#ifndef INFOCIG_STORE_REPORT_H
#define INFOCIG_STORE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "vocab.h"

/* Protocol numbers "LI-YYYY-NNNNNNN" (report.h). */
#define REPORT_PROTOCOL_SIZE 16		/* 15 characters and the NUL */
#define REPORT_SEQ_MAX 9999999

/* Limits, in bytes of UTF-8 and excluding the NUL. */
#define REPORT_TOPIC_SIZE 64
#define REPORT_SUBTOPIC_SIZE 96
#define REPORT_DESCRIPTION_MAX 2000
#define REPORT_NOTE_MAX 1000		/* notes and the closing outcome */
#define REPORT_TOKEN_LEN 32		/* hex digits */

/*
 * Filing.  A draft is what the form holds.  The ids name who the report is
 * about: the person's account (the chat's user, 0 when none), the worker
 * and/or the company (at least one of the two), the application (0 for
 * none) and the competent office.
 */
struct report_draft {
	int64_t chat_id;		/* 0: not filed from a chat */
	int64_t practice_id;		/* 0: no application */
	int64_t account_id;
	int64_t worker_id;
	int64_t company_id;
	int64_t office_id;
	char topic[REPORT_TOPIC_SIZE];
	char subtopic[REPORT_SUBTOPIC_SIZE];
	char description[REPORT_DESCRIPTION_MAX + 1];
	/* Made when the form opens; filing twice with it files one report. */
	char client_token[REPORT_TOKEN_LEN + 1];
};

/* A report as the office and the CLI see it. */
struct report {
	int64_t id;
	char protocol[REPORT_PROTOCOL_SIZE];
	int year;
	int64_t seq;
	enum report_status status;
	int64_t chat_id, practice_id, account_id, worker_id, company_id, office_id;
	char practice_number[24];	/* "" when none */
	char account_login[64];		/* the person's account, "" when none */
	char worker_cf[17];
	char worker_name[100];		/* "Mario Rossi" */
	char company_cf[17];
	char company_name[96];
	char office_code[16];
	char office_name[96];
	char topic[REPORT_TOPIC_SIZE];
	char subtopic[REPORT_SUBTOPIC_SIZE];
	char *description;		/* owned */
	char *outcome;			/* owned; "" until closed */
	int64_t filed_by;
	char filed_by_name[96];
	int64_t filed_at;
	int64_t handler_id;		/* 0 while nuova */
	char handler_name[96];
	int64_t updated_at;
};
/* Frees what r owns, not r; r may be zeroed. */
void store_report_clear(struct report *r);
void store_report_array_free(struct report *a, size_t n);

struct report_note {
	int64_t id;
	enum report_note_kind kind;
	int64_t account_id;
	char author[96];		/* full name of the account */
	int64_t at;
	char *body;			/* owned */
};
void store_report_notes_free(struct report_note *a, size_t n);

struct report_filter {
	int64_t office_id;	/* 0: every office the viewer may see */
	int status;		/* enum report_status, or -1: every status */
	int64_t from, to;	/* filed_at in [from, to); 0: unbounded */
	/* Non-zero: only reports about any of these (the case pane). */
	int64_t account_id, worker_id, company_id;
	int newest_first;	/* else in filing order */
	size_t limit;		/* 0: no limit */
};

/* Every office, for choosing the competent one; *out owned by the caller (free). */
int store_report_offices(struct store *st, struct store_office **out, size_t *n);

/* The rows behind report.h's functions. */
struct store_report_chat {
	int64_t account_id, company_id;
};
int store_report_chat(struct store *st, int64_t chat_id, struct store_report_chat *out);
/* The application's company and office, and whether worker_id (if non-zero) is in it. */
int store_report_practice(struct store *st, int64_t practice_id, int64_t worker_id,
    int64_t *company_id, int64_t *office_id, int *has_worker);
/* The id and protocol of the report filed with token; ERR_NOTFOUND when none. */
int store_report_by_token(struct store *st, const char *token, int64_t *id,
    char *protocol, size_t size, int64_t *office_id);
int store_report_next_seq(struct store *st, int year, int64_t *seq);
/* Inserts a nuova report; sets *id. */
int store_report_insert(struct store *st, const struct report_draft *d,
    const char *protocol, int year, int64_t seq, int64_t filed_by, int64_t now, int64_t *id);
int store_report_note_add(struct store *st, int64_t report_id, enum report_note_kind kind,
    int64_t account_id, int64_t now, const char *body);
/* Sets the chat's outcome to linea_inps and adds a system message with body. */
int store_report_chat_link(struct store *st, int64_t chat_id, int64_t now, const char *body);
/* Conditional updates: ERR_CONFLICT when the report was not in the expected state. */
int store_report_take(struct store *st, int64_t id, int64_t actor_id, int64_t now);
int store_report_close(struct store *st, int64_t id, int64_t actor_id,
    const char *outcome, int64_t now);
int store_report_touch(struct store *st, int64_t id, int64_t now);
int store_report_get(struct store *st, int64_t id, struct report *out);
int store_report_get_protocol(struct store *st, const char *protocol, struct report *out);
int store_report_list(struct store *st, const struct report_filter *f,
    struct report **out, size_t *n);
int store_report_notes(struct store *st, int64_t report_id, struct report_note **out,
    size_t *n);
/* Calls fn for the last max messages of a chat, oldest first. */
int store_report_chat_tail(struct store *st, int64_t chat_id, int max,
    int (*fn)(void *arg, const char *sender, const char *body), void *arg);

#endif
