/*
 * Linea INPS reports: every statement behind include/store_report.h,
 * cached in the struct store.  Transactions are the caller's (src/report/).
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "store_report.h"
#include "store_internal.h"

int
store_report_chat(struct store *st, int64_t chat_id, struct store_report_chat *out)
{
	sqlite3_stmt *s = store_stmt(st, RQ_CHAT);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, chat_id);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	out->account_id = store_col_i64(s, 0);
	out->company_id = store_col_i64(s, 1);
	sqlite3_reset(s);
	return 0;
}

int
store_report_practice(struct store *st, int64_t practice_id, int64_t worker_id,
    int64_t *company_id, int64_t *office_id, int *has_worker)
{
	sqlite3_stmt *s = store_stmt(st, RQ_PRACTICE);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, practice_id);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	*company_id = store_col_i64(s, 0);
	*office_id = store_col_i64(s, 1);
	sqlite3_reset(s);
	*has_worker = 0;
	if (worker_id == 0)
		return 0;
	s = store_stmt(st, RQ_PRACTICE_WORKER);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, practice_id);
	sqlite3_bind_int64(s, 2, worker_id);
	r = store_step_row(st, s);
	if (r == 0) {
		*has_worker = 1;
		sqlite3_reset(s);
	}
	return r == ERR_NOTFOUND ? 0 : r;
}

int
store_report_by_token(struct store *st, const char *token, int64_t *id, char *protocol,
    size_t size, int64_t *office_id)
{
	sqlite3_stmt *s = store_stmt(st, RQ_BY_TOKEN);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	*id = store_col_i64(s, 0);
	store_copy_text(protocol, size, s, 1);
	*office_id = store_col_i64(s, 2);
	sqlite3_reset(s);
	return 0;
}

int
store_report_next_seq(struct store *st, int year, int64_t *seq)
{
	/* Served by the UNIQUE (year, seq) index: one B-tree descent. */
	sqlite3_stmt *s = store_stmt(st, RQ_NEXT_SEQ);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int(s, 1, year);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	*seq = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

int
store_report_insert(struct store *st, const struct report_draft *d, const char *protocol,
    int year, int64_t seq, int64_t filed_by, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, RQ_INSERT);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, protocol, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_int64(s, 3, seq);
	store_bind_id(s, 4, d->chat_id);
	store_bind_id(s, 5, d->practice_id);
	store_bind_id(s, 6, d->account_id);
	store_bind_id(s, 7, d->company_id);
	store_bind_id(s, 8, d->worker_id);
	sqlite3_bind_int64(s, 9, d->office_id);
	sqlite3_bind_text(s, 10, d->topic, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, d->subtopic, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, d->description, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 13, filed_by);
	sqlite3_bind_int64(s, 14, now);
	sqlite3_bind_text(s, 15, d->client_token, -1, SQLITE_STATIC);
	if ((r = store_step_done(st, s)) < 0)
		return r;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_report_note_add(struct store *st, int64_t report_id, enum report_note_kind kind,
    int64_t account_id, int64_t now, const char *body)
{
	sqlite3_stmt *s = store_stmt(st, RQ_NOTE_ADD);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, report_id);
	sqlite3_bind_text(s, 2, report_note_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, account_id);
	sqlite3_bind_int64(s, 4, now);
	sqlite3_bind_text(s, 5, body, -1, SQLITE_STATIC);
	return store_step_done(st, s);
}

int
store_report_chat_link(struct store *st, int64_t chat_id, int64_t now, const char *body)
{
	sqlite3_stmt *s = store_stmt(st, RQ_CHAT_OUTCOME);
	int r;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, chat_id);
	if ((r = store_step_changed(st, s)) < 0)
		return r == ERR_CONFLICT ? ERR_NOTFOUND : r;
	s = store_stmt(st, RQ_CHAT_MESSAGE);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, chat_id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	return store_step_done(st, s);
}

int
store_report_take(struct store *st, int64_t id, int64_t actor_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, RQ_TAKE);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, actor_id);
	sqlite3_bind_int64(s, 3, now);
	return store_step_changed(st, s);
}

int
store_report_close(struct store *st, int64_t id, int64_t actor_id, const char *outcome,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, RQ_CLOSE);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, actor_id);
	sqlite3_bind_text(s, 3, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_step_changed(st, s);
}

int
store_report_touch(struct store *st, int64_t id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, RQ_TOUCH);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	return store_step_changed(st, s);
}

#define REPORT_COLS "r.id, r.protocol, r.year, r.seq, r.status, r.chat_id, r.practice_id," \
	" r.account_id, r.worker_id, r.company_id, r.office_id, p.number, a.login, w.cf," \
	" w.name || ' ' || w.surname, c.cf, c.name, o.code, o.name, r.topic, r.subtopic," \
	" r.description, coalesce(r.outcome, ''), r.filed_by, f.full_name, r.filed_at," \
	" r.handler_id, h.full_name, r.updated_at FROM reports r" \
	" JOIN offices o ON o.id = r.office_id" \
	" LEFT JOIN practices p ON p.id = r.practice_id" \
	" LEFT JOIN accounts a ON a.id = r.account_id" \
	" LEFT JOIN workers w ON w.id = r.worker_id" \
	" LEFT JOIN companies c ON c.id = r.company_id" \
	" LEFT JOIN accounts f ON f.id = r.filed_by" \
	" LEFT JOIN accounts h ON h.id = r.handler_id"

static void
report_fill(sqlite3_stmt *s, struct report *r)
{
	int st;

	memset(r, 0, sizeof *r);
	r->id = store_col_i64(s, 0);
	store_copy_text(r->protocol, sizeof r->protocol, s, 1);
	r->year = (int)store_col_i64(s, 2);
	r->seq = store_col_i64(s, 3);
	st = report_status_parse(store_col_text(s, 4));
	r->status = st < 0 ? REPORT_NUOVA : (enum report_status)st;
	r->chat_id = store_col_i64(s, 5);
	r->practice_id = store_col_i64(s, 6);
	r->account_id = store_col_i64(s, 7);
	r->worker_id = store_col_i64(s, 8);
	r->company_id = store_col_i64(s, 9);
	r->office_id = store_col_i64(s, 10);
	store_copy_text(r->practice_number, sizeof r->practice_number, s, 11);
	store_copy_text(r->account_login, sizeof r->account_login, s, 12);
	store_copy_text(r->worker_cf, sizeof r->worker_cf, s, 13);
	store_copy_text(r->worker_name, sizeof r->worker_name, s, 14);
	store_copy_text(r->company_cf, sizeof r->company_cf, s, 15);
	store_copy_text(r->company_name, sizeof r->company_name, s, 16);
	store_copy_text(r->office_code, sizeof r->office_code, s, 17);
	store_copy_text(r->office_name, sizeof r->office_name, s, 18);
	store_copy_text(r->topic, sizeof r->topic, s, 19);
	store_copy_text(r->subtopic, sizeof r->subtopic, s, 20);
	r->description = xstrdup(store_col_text(s, 21));
	r->outcome = xstrdup(store_col_text(s, 22));
	r->filed_by = store_col_i64(s, 23);
	store_copy_text(r->filed_by_name, sizeof r->filed_by_name, s, 24);
	r->filed_at = store_col_i64(s, 25);
	r->handler_id = store_col_i64(s, 26);
	store_copy_text(r->handler_name, sizeof r->handler_name, s, 27);
	r->updated_at = store_col_i64(s, 28);
}

static int
report_one(struct store *st, sqlite3_stmt *s, struct report *out)
{
	int r = store_step_row(st, s);

	if (r < 0)
		return r;
	report_fill(s, out);
	sqlite3_reset(s);
	return 0;
}

int
store_report_get(struct store *st, int64_t id, struct report *out)
{
	sqlite3_stmt *s = store_stmt(st, RQ_GET);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, id);
	return report_one(st, s, out);
}

int
store_report_get_protocol(struct store *st, const char *protocol, struct report *out)
{
	sqlite3_stmt *s = store_stmt(st, RQ_GET_PROTOCOL);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_text(s, 1, protocol, -1, SQLITE_STATIC);
	return report_one(st, s, out);
}

/*
 * Three shapes of the list, so that each can use its index: one office
 * (reports_office), a person or company (the subject indexes), everything
 * (reports_filed_at).  ?2 is the status or NULL, [?3, ?4) the filing times,
 * ?5..?7 the subject, ?8 the order (1: newest first), ?9 the limit (-1:
 * none).  Every shape numbers its parameters alike, so one set of bindings
 * serves all three (a parameter a shape does not use is simply ignored).
 */
#define LIST_WHERE " AND (?2 IS NULL OR r.status = ?2) AND r.filed_at >= ?3" \
	" AND r.filed_at < ?4 ORDER BY CASE WHEN ?8 THEN -r.filed_at ELSE r.filed_at END," \
	" CASE WHEN ?8 THEN -r.id ELSE r.id END LIMIT ?9"

int
store_report_list(struct store *st, const struct report_filter *f, struct report **out,
    size_t *n)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (f->account_id != 0 || f->worker_id != 0 || f->company_id != 0)
		s = store_stmt(st, RQ_LIST_SUBJECT);
	else if (f->office_id != 0)
		s = store_stmt(st, RQ_LIST_OFFICE);
	else
		s = store_stmt(st, RQ_LIST_ALL);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, f->office_id);
	if (f->status >= 0 && f->status < REPORT_STATUS_COUNT)
		sqlite3_bind_text(s, 2, report_status_name(f->status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, f->from > 0 ? f->from : INT64_MIN);
	sqlite3_bind_int64(s, 4, f->to > 0 ? f->to : INT64_MAX);
	/* -1 matches no row, where 0 might suggest "any". */
	sqlite3_bind_int64(s, 5, f->account_id ? f->account_id : -1);
	sqlite3_bind_int64(s, 6, f->worker_id ? f->worker_id : -1);
	sqlite3_bind_int64(s, 7, f->company_id ? f->company_id : -1);
	sqlite3_bind_int(s, 8, f->newest_first != 0);
	sqlite3_bind_int64(s, 9, f->limit > 0 ? (int64_t)f->limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		report_fill(s, &(*out)[(*n)++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_report_array_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_err(st, rc);
	}
	return 0;
}

int
store_report_notes(struct store *st, int64_t report_id, struct report_note **out,
    size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, RQ_NOTES);
	struct report_note *nt;
	size_t cap = 0;
	int rc, k;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, report_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		nt = &(*out)[(*n)++];
		memset(nt, 0, sizeof *nt);
		nt->id = store_col_i64(s, 0);
		k = REPORT_NOTE_NOTE;
		for (int i = 0; i < REPORT_NOTE_KIND_COUNT; i++)
			if (strcmp(store_col_text(s, 1), report_note_kind_name(i)) == 0)
				k = i;
		nt->kind = (enum report_note_kind)k;
		nt->account_id = store_col_i64(s, 2);
		store_copy_text(nt->author, sizeof nt->author, s, 3);
		nt->at = store_col_i64(s, 4);
		nt->body = xstrdup(store_col_text(s, 5));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_report_notes_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_err(st, rc);
	}
	return 0;
}

int
store_report_offices(struct store *st, struct store_office **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, RQ_OFFICES);
	struct store_office *o;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return ERR_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 128;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		o = &(*out)[(*n)++];
		memset(o, 0, sizeof *o);
		o->id = store_col_i64(s, 0);
		store_copy_text(o->code, sizeof o->code, s, 1);
		store_copy_text(o->name, sizeof o->name, s, 2);
		store_copy_text(o->province, sizeof o->province, s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_err(st, rc);
	}
	return 0;
}

int
store_report_chat_tail(struct store *st, int64_t chat_id, int max,
    int (*fn)(void *arg, const char *sender, const char *body), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, RQ_CHAT_TAIL);
	int rc;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, chat_id);
	sqlite3_bind_int(s, 2, max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (fn(arg, store_col_text(s, 0), store_col_text(s, 1)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

void
store_report_clear(struct report *r)
{
	if (r == NULL)
		return;
	free(r->description);
	free(r->outcome);
	r->description = NULL;
	r->outcome = NULL;
}

void
store_report_array_free(struct report *a, size_t n)
{
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		store_report_clear(&a[i]);
	free(a);
}

void
store_report_notes_free(struct report_note *a, size_t n)
{
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		free(a[i].body);
	free(a);
}

/* The SQL of this file's statements, by slot (see store_internal.h). */
const struct store_sql store_report_sql[] = {
	{ RQ_CHAT, "SELECT account_id, company_id FROM chats"
	    " WHERE id = ?" },
	{ RQ_PRACTICE, "SELECT company_id, office_id FROM practices"
	    " WHERE id = ?" },
	{ RQ_PRACTICE_WORKER, "SELECT 1 FROM practice_workers"
	    " WHERE practice_id = ? AND worker_id = ?" },
	{ RQ_BY_TOKEN, "SELECT id, protocol, office_id FROM reports"
	    " WHERE client_token = ?" },
	{ RQ_NEXT_SEQ, "SELECT coalesce(max(seq), 0) + 1 FROM reports"
	    " WHERE year = ?" },
	{ RQ_INSERT, "INSERT INTO reports (protocol, year, seq,"
	    " chat_id, practice_id, account_id, company_id, worker_id, office_id, topic,"
	    " subtopic, description, status, filed_by, filed_at, updated_at, client_token)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'nuova', ?13, ?14, ?14,"
	    " ?15)" },
	{ RQ_NOTE_ADD, "INSERT INTO report_notes (report_id, kind,"
	    " account_id, at, body) VALUES (?, ?, ?, ?, ?)" },
	{ RQ_CHAT_OUTCOME, "UPDATE chats SET outcome = 'linea_inps'"
	    " WHERE id = ?" },
	{ RQ_CHAT_MESSAGE, "INSERT INTO messages (chat_id, sender, account_id, at,"
	    " body, sent_ms) VALUES (?, 'system', NULL, ?, ?, " STORE_NOW_MS ")" },
	{ RQ_TAKE, "UPDATE reports SET status = 'in_lavorazione',"
	    " handler_id = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'nuova'" },
	{ RQ_CLOSE, "UPDATE reports SET status = 'chiusa',"
	    " handler_id = ?2, outcome = ?3, updated_at = ?4 WHERE id = ?1"
	    " AND (status = 'nuova' OR (status = 'in_lavorazione' AND handler_id = ?2))" },
	{ RQ_TOUCH, "UPDATE reports SET updated_at = ?2"
	    " WHERE id = ?1 AND status <> 'chiusa'" },
	{ RQ_GET, "SELECT " REPORT_COLS " WHERE r.id = ?" },
	{ RQ_GET_PROTOCOL, "SELECT " REPORT_COLS
	    " WHERE r.protocol = ?" },
	{ RQ_LIST_SUBJECT, "SELECT " REPORT_COLS " WHERE"
	    " (?1 = 0 OR r.office_id = ?1) AND (r.account_id = ?5"
	    " OR r.worker_id = ?6 OR r.company_id = ?7)" LIST_WHERE },
	{ RQ_LIST_OFFICE, "SELECT " REPORT_COLS " WHERE r.office_id = ?1"
	    LIST_WHERE },
	{ RQ_LIST_ALL, "SELECT " REPORT_COLS " WHERE 1" LIST_WHERE },
	{ RQ_NOTES, "SELECT n.id, n.kind, n.account_id, a.full_name,"
	    " n.at, n.body FROM report_notes n LEFT JOIN accounts a ON a.id = n.account_id"
	    " WHERE n.report_id = ? ORDER BY n.id" },
	{ RQ_OFFICES, "SELECT id, code, name, province FROM offices"
	    " ORDER BY code" },
	{ RQ_CHAT_TAIL, "SELECT sender, body FROM (SELECT id, sender,"
	    " body FROM messages WHERE chat_id = ?1 AND sender <> 'system'"
	    " ORDER BY id DESC LIMIT ?2) ORDER BY id" },
};
const size_t store_report_sql_count = nitems(store_report_sql);
