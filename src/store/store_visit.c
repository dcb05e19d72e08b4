/*
 * A person's own past, as the chat shell shows it at login and with
 * /storico (issue 15): the latest session of each account, the changes in
 * their applications and reports since, their ended conversations.
 *
 * Applications' events are dated by civil day (the schema's), reports'
 * notes by the second: a change counts when it is dated after the day of
 * the previous visit, or after its instant for a note.
 */
#include <string.h>

#include "common.h"
#include "store_internal.h"
#include "store_visit.h"

int
store_visit_get(struct store *st, int64_t account_id, struct store_visit *out)
{
	sqlite3_stmt *s = store_stmt(st, VQ_GET);
	int r;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	if ((r = store_step_row(st, s)) < 0)
		return r;
	out->started_at = store_col_i64(s, 0);
	out->ended_at = store_col_i64(s, 1);
	sqlite3_reset(s);
	return 0;
}

/* A visit's start or end (slot VQ_BEGIN or VQ_END) for account_id at now. */
static int
visit_mark(struct store *st, enum store_slot slot, int64_t account_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, slot);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, now);
	return store_step_done(st, s);
}

int
store_visit_begin(struct store *st, int64_t account_id, int64_t now)
{
	return visit_mark(st, VQ_BEGIN, account_id, now);
}

int
store_visit_end(struct store *st, int64_t account_id, int64_t now)
{
	return visit_mark(st, VQ_END, account_id, now);
}

int
store_visit_changes_each(struct store *st, int64_t account_id, int64_t worker_id,
    int32_t since_day, int64_t since_at, int limit,
    int (*fn)(void *arg, const struct visit_change *c), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, VQ_CHANGES);
	struct visit_change c;
	int rc;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, worker_id);
	sqlite3_bind_int64(s, 3, since_day);
	sqlite3_bind_int64(s, 4, since_at);
	sqlite3_bind_int(s, 5, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&c, 0, sizeof c);
		c.is_report = sqlite3_column_int(s, 0);
		c.subject = store_col_text(s, 1);
		c.kind = store_col_text(s, 2);
		c.day = (int32_t)store_col_i64(s, 3);
		c.at = store_col_i64(s, 4);
		c.amount_cents = store_col_i64(s, 5);
		c.count = (int)store_col_i64(s, 6);
		if (fn(arg, &c) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_visit_chats_each(struct store *st, int64_t account_id, int offset, int limit,
    int (*fn)(void *arg, const struct chat *c, const char *company), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, VQ_CHATS);
	struct chat c;
	int rc;

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_chat_fill(s, &c);
		if (fn(arg, &c, store_col_text(s, 16)) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_err(st, rc);
}

int
store_visit_chats_count(struct store *st, int64_t account_id, int64_t *n)
{
	sqlite3_stmt *s = store_stmt(st, VQ_CHATS_COUNT);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, account_id);
	return store_step_count(st, s, n);
}

/*
 * A conversation is past once it has ended (queued and active ones are
 * live), and is one when an advisor took it or the person wrote in it: a
 * queue left in silence is not.
 */
#define VISIT_ENDED "c.account_id = ?1 AND c.state IN ('closed', 'abandoned', 'disconnected')" \
	" AND (c.taken_at IS NOT NULL OR EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = c.id))"

/*
 * The applications in sight: (application, worker) pairs of the worker's
 * own (?2) and of every worker of the delegated companies' (?1), so that
 * per-worker rows are found through their (practice_id, worker_id) index.
 */
#define VISIT_MINE \
	"WITH mine(pid, wid) AS (" \
	"  SELECT practice_id, worker_id FROM practice_workers WHERE worker_id = ?2" \
	"  UNION SELECT pw.practice_id, pw.worker_id FROM delegations d" \
	"  JOIN practices p ON p.company_id = d.company_id" \
	"  JOIN practice_workers pw ON pw.practice_id = p.id WHERE d.account_id = ?1)," \
	" reps(id) AS (" \
	"  SELECT id FROM reports WHERE account_id = ?1" \
	"  UNION SELECT id FROM reports WHERE ?2 <> 0 AND worker_id = ?2" \
	"  UNION SELECT r.id FROM delegations d JOIN reports r ON r.company_id = d.company_id" \
	"  WHERE d.account_id = ?1) "

const struct store_sql store_visit_sql[] = {
	{ VQ_GET, "SELECT started_at, coalesce(ended_at, 0) FROM account_visits"
	    " WHERE account_id = ?" },
	{ VQ_BEGIN, "INSERT INTO account_visits (account_id, started_at, ended_at)"
	    " VALUES (?1, ?2, NULL) ON CONFLICT (account_id)"
	    " DO UPDATE SET started_at = excluded.started_at, ended_at = NULL" },
	{ VQ_END, "UPDATE account_visits SET ended_at = ?2 WHERE account_id = ?1" },
	/* Grouped by subject and kind: a company's hundred payments are one row. */
	{ VQ_CHANGES, VISIT_MINE
	    "SELECT is_report, subject, kind, max(day), max(at), sum(amount), count(*),"
	    " max(sortkey) AS k FROM ("
	    " SELECT 0 AS is_report, p.number AS subject, e.kind AS kind, e.day AS day, 0 AS at,"
	    "  0 AS amount, e.day * 86400 AS sortkey FROM practice_events e"
	    "  JOIN practices p ON p.id = e.practice_id"
	    "  WHERE e.practice_id IN (SELECT pid FROM mine) AND e.day > ?3"
	    " UNION ALL SELECT 0, p.number, 'dati_pagamento', d.received_day, 0, 0,"
	    "  d.received_day * 86400 FROM mine JOIN payment_data d"
	    "  ON d.practice_id = mine.pid AND d.worker_id = mine.wid"
	    "  JOIN practices p ON p.id = mine.pid WHERE d.received_day > ?3"
	    " UNION ALL SELECT 0, p.number, 'dati_scartati', d.rejected_day, 0, 0,"
	    "  d.rejected_day * 86400 FROM mine JOIN payment_data d"
	    "  ON d.practice_id = mine.pid AND d.worker_id = mine.wid"
	    "  JOIN practices p ON p.id = mine.pid WHERE d.rejected_day > ?3"
	    " UNION ALL SELECT 0, p.number, 'liquidata', y.liquidated_day, 0, 0,"
	    "  y.liquidated_day * 86400 FROM mine JOIN payments y"
	    "  ON y.practice_id = mine.pid AND y.worker_id = mine.wid"
	    "  JOIN practices p ON p.id = mine.pid"
	    /* Unary plus: found through the application, not the index of every unpaid payment. */
	    "  WHERE y.liquidated_day > ?3 AND +y.paid_day IS NULL"
	    " UNION ALL SELECT 0, p.number,"
	    "  CASE y.method WHEN 'domiciliato' THEN 'domiciliato' ELSE 'pagata' END,"
	    "  y.paid_day, 0, coalesce(y.amount_cents, 0), y.paid_day * 86400"
	    "  FROM mine JOIN payments y ON y.practice_id = mine.pid AND y.worker_id = mine.wid"
	    "  JOIN practices p ON p.id = mine.pid WHERE y.paid_day > ?3"
	    " UNION ALL SELECT 1, r.protocol, n.kind, 0, n.at, 0, n.at FROM reps"
	    "  JOIN reports r ON r.id = reps.id JOIN report_notes n ON n.report_id = r.id"
	    "  WHERE n.at > ?4 AND n.kind <> 'nota')"
	    " GROUP BY is_report, subject, kind ORDER BY k DESC, is_report, subject LIMIT ?5" },
	{ VQ_CHATS, "SELECT " STORE_CHAT_COLS_ONLY ", coalesce(co.name, '')"
	    " FROM chats c LEFT JOIN accounts a ON a.id = c.advisor_id"
	    " LEFT JOIN companies co ON co.id = c.company_id"
	    " WHERE " VISIT_ENDED " ORDER BY c.queued_at DESC, c.id DESC LIMIT ?2 OFFSET ?3" },
	{ VQ_CHATS_COUNT, "SELECT count(*) FROM chats c WHERE " VISIT_ENDED },
};
const size_t store_visit_sql_count = nitems(store_visit_sql);
