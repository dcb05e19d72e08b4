/*
 * report: Linea INPS reports (segnalazioni).  An advisor files a report
 * from a chat to the competent territorial office; the office's operators
 * take it in charge, annotate it and close it with an outcome; the person
 * follows its status with /segnalazioni in the chat shell (store_chat.h,
 * chat_reports_of).
 *
 * Filing, in the console (in this order):
 *   report_topics_load()      once: the two-level topic list of the form
 *   report_draft_for_chat()   when the form opens: person, company,
 *                             application, competent office, a prefilled
 *                             description and a fresh client token
 *   report_office_for()       again after the advisor picks another
 *                             application; store_report_offices() lists the
 *                             offices for choosing another one
 *   report_file()             on submit: validates and files in one
 *                             transaction; on ERR_INVALID the form stays
 *                             open on the field named in the result
 *
 * The office screen:
 *   report_list()             the office's reports by status
 *   report_get()              one report with its history
 *   report_take(), report_note_add(), report_close()
 *
 * Who may do what: advisors and supervisors file reports and see every
 * report; an office operator (ROLE_OFFICE) sees only the reports of the
 * office in its account (accounts.office_id) and is the only one who may
 * take, annotate and close them.  Workers and company-side accounts get
 * ERR_DENIED everywhere here.
 *
 * Functions return 0 or a negative ERR_* (common.h).  Those with err and
 * errlen put an Italian sentence there on every failure, fit to show as is.
 * Times are Unix seconds; "now" is passed in so that tests control it.
 */
#ifndef INFOCIG_REPORT_H
#define INFOCIG_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "store.h"
#include "store_report.h"
#include "vocab.h"

/*
 * Protocol numbers: "LI-YYYY-NNNNNNN", the year of filing (Europe/Rome
 * time) and the report's 1-based number in that year, 7 digits.  Numbers
 * are unique and without gaps within a year.
 */
/* Writes the protocol into buf (REPORT_PROTOCOL_SIZE bytes); ERR_INVALID when out of range. */
int report_protocol_format(char *buf, size_t size, int year, int64_t seq);
/* Parses a protocol (upper or lower case, blanks around); 0 or ERR_INVALID. */
int report_protocol_parse(const char *s, int *year, int64_t *seq);
/* The protocol year of instant t: its year in Europe/Rome time. */
int report_year_of(int64_t t);

/*
 * Topics: the two-level list of data/report_topics.csv (topic, subtopic,
 * description of when to use it), in file order.  The structure is owned by
 * the struct report_topics it came from and read-only.
 */
struct report_subtopic {
	const char *name;		/* "IBAN errato" */
	const char *description;	/* one Italian sentence */
};
struct report_topic {
	const char *name;		/* "Pagamento" */
	const struct report_subtopic *subtopics;
	size_t nsubtopics;		/* at least 1 */
};
struct report_topics;

/*
 * Reads datadir/report_topics.csv.  Refuses (ERR_INVALID, or ERR_IO for a
 * missing file, with "file:line: reason" in err) a wrong header, a wrong
 * field count, an empty field, a name too long for a report and a topic
 * and subtopic given twice.  *out is owned by the caller.
 */
int report_topics_load(const char *datadir, struct report_topics **out, char *err,
    size_t errlen);
void report_topics_free(struct report_topics *t);
size_t report_topics_count(const struct report_topics *t);
/* The i-th topic (i < report_topics_count()). */
const struct report_topic *report_topics_at(const struct report_topics *t, size_t i);
/* The subtopic, or NULL when the pair is not in the list. */
const struct report_subtopic *report_topics_find(const struct report_topics *t,
    const char *topic, const char *subtopic);

/*
 * Filing (struct report_draft is in store_report.h).  Empties d and gives it
 * a new random client token; 0 or ERR_IO.
 */
int report_draft_init(struct report_draft *d);
/*
 * Opens the form for chat chat_id: report_draft_init(), then the chat's
 * account and company, the worker of a worker account, practice_id (the
 * application open in the case pane, or 0), the competent office
 * (office_id 0 when none can be computed: the advisor must choose one) and
 * the description prefilled by report_describe_case() at now.
 * ERR_NOTFOUND for an unknown chat.
 */
int report_draft_for_chat(struct store *st, const struct conf *c, int64_t chat_id,
    int64_t practice_id, int64_t now, struct report_draft *d, char *err, size_t errlen);
/*
 * The competent office of the draft: the application's office; with no
 * application the office of the worker's province, else of the company's
 * registered office, else of the account's province.  ERR_NOTFOUND when
 * none applies.
 */
int report_office_for(struct store *st, const struct report_draft *d,
    struct store_office *out);
/* Every office, by code; *out owned by the caller (free()). */
/*
 * A few lines of plain Italian text for the description: the application
 * (number, type, company, period), its stage and what is missing as the
 * timeline engine sees them at day today (or the person when there is no
 * application), then the last lines of the chat.  Always NUL-terminated,
 * cut at a whole character; at most REPORT_DESCRIPTION_MAX bytes are
 * useful.
 */
int report_describe_case(struct store *st, const struct conf *c,
    const struct report_draft *d, int32_t today, char *buf, size_t size);

/* Which field of the form an ERR_INVALID is about. */
enum report_field {
	REPORT_FIELD_NONE,
	REPORT_FIELD_PERSON,		/* account, worker, company */
	REPORT_FIELD_CHAT,
	REPORT_FIELD_PRACTICE,
	REPORT_FIELD_OFFICE,
	REPORT_FIELD_TOPIC,
	REPORT_FIELD_SUBTOPIC,
	REPORT_FIELD_DESCRIPTION,
};

struct report_filed {
	int64_t id;
	char protocol[REPORT_PROTOCOL_SIZE];
	struct store_office office;
	int duplicate;		/* 1: filed before with this token; nothing new written */
	enum report_field field;	/* on ERR_INVALID, the field to correct */
};

/*
 * Validates d and files it as filer (an advisor or a supervisor), in one
 * BEGIN IMMEDIATE transaction: the next protocol number of the year of now,
 * the report linked to the chat, the application and the people, its first
 * history row, the chat's outcome set to "linea_inps", a system message to
 * the person with the protocol and the office, and an audit row.
 *
 * Returns 0 with out filled; also 0 with out->duplicate = 1 when a report
 * with d->client_token exists (out then names that report).  ERR_INVALID
 * (out->field says where) for an empty or too long description, an unknown
 * topic or subtopic, an unknown worker, company, account or chat, an
 * application that is not the person's or company's, an unknown office:
 * then nothing is saved.  ERR_DENIED when filer may not file, ERR_BUSY when
 * the database stayed locked, ERR_LIMIT past REPORT_SEQ_MAX in a year.
 */
int report_file(struct store *st, const struct report_topics *t,
    const struct store_account *filer, const struct report_draft *d, int64_t now,
    struct report_filed *out, char *err, size_t errlen);

/*
 * Who the report is about, for lists: the worker, else the company, else
 * the person's account (a string inside r).
 */
const char *report_subject(const struct report *r);
/* Italian words for an audit action: "report_file" -> "segnalazione", ... */
const char *report_audit_label(const char *action);
/* "alla Direzione provinciale di Roma": "a" and the office's name, with the article. */
void report_office_to(const char *name, char *buf, size_t size);

/* Every report, every status, filing order. */
void report_filter_init(struct report_filter *f);

/*
 * The reports matching f that viewer may see; *out (n rows) owned by the
 * caller (store_report_array_free).  An office operator asking for another
 * office, or without an office, gets ERR_DENIED.
 */
int report_list(struct store *st, const struct store_account *viewer,
    const struct report_filter *f, struct report **out, size_t *n, char *err, size_t errlen);
/*
 * One report by id or protocol, with its history in time order when notes
 * is not NULL (*notes owned by the caller, store_report_notes_free).  On success
 * the caller must store_report_clear(out).  ERR_INVALID for a malformed protocol,
 * ERR_NOTFOUND, ERR_DENIED (another office's report for an operator).
 */
int report_get(struct store *st, const struct store_account *viewer, int64_t id,
    struct report *out, struct report_note **notes, size_t *nnotes, char *err, size_t errlen);
int report_get_by_protocol(struct store *st, const struct store_account *viewer,
    const char *protocol, struct report *out, struct report_note **notes, size_t *nnotes,
    char *err, size_t errlen);

/* 1 when viewer may see r, 0 when not. */
int report_may_see(const struct store_account *viewer, const struct report *r);
/* 1 when actor may take, annotate and close r (its office's operator), 0 when not. */
int report_may_act(const struct store_account *actor, const struct report *r);

/*
 * The office's actions, each in one transaction with its history row and an
 * audit row; each sets updated_at to now.
 *
 * report_take: nuova -> in_lavorazione with actor as handler, by one
 * conditional UPDATE, so two operators can never both take a report: the
 * second gets ERR_CONFLICT ("già presa in carico da ...").  Taking again a
 * report one already holds returns 0 and writes nothing.
 */
int report_take(struct store *st, const struct store_account *actor, int64_t id,
    int64_t now, char *err, size_t errlen);
/* Adds a note to a report not yet closed (ERR_CONFLICT when closed); body is required. */
int report_note_add(struct store *st, const struct store_account *actor, int64_t id,
    const char *body, int64_t now, char *err, size_t errlen);
/*
 * Closes a report with outcome (required): a nuova one (actor becomes its
 * handler), or an in_lavorazione one held by actor.  ERR_CONFLICT when it is
 * closed already or held by another operator.
 */
int report_close(struct store *st, const struct store_account *actor, int64_t id,
    const char *outcome, int64_t now, char *err, size_t errlen);

/*
 * Staff text typed into a description, a note or an outcome made safe:
 * each line through text_sanitize(), CR dropped, blank lines at both ends
 * and blanks at line ends removed.  Returns the length written to out
 * (always NUL-terminated when size > 0).
 */
size_t report_text_clean(const char *in, char *out, size_t size);


#endif
