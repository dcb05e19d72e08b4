/*
 * The office's side of reports: who may see and act, the lists, one report
 * with its history, and the changes (take in charge, note, close), each
 * with its history row and an audit row in one transaction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report.h"
#include "report_internal.h"

void
report_filter_init(struct report_filter *f)
{
	memset(f, 0, sizeof *f);
	f->status = -1;
}

int
report_may_see(const struct store_account *viewer, const struct report *r)
{
	if (viewer->locked)
		return 0;
	if (viewer->role == ROLE_ADVISOR || viewer->role == ROLE_SUPERVISOR)
		return 1;
	return viewer->role == ROLE_OFFICE && viewer->office_id != 0 &&
	    viewer->office_id == r->office_id;
}

int
report_may_act(const struct store_account *actor, const struct report *r)
{
	return !actor->locked && actor->role == ROLE_OFFICE && actor->office_id != 0 &&
	    actor->office_id == r->office_id;
}

static int say(char *err, size_t errlen, int r, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
say(char *err, size_t errlen, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return r;
}

static int
db_error(struct store *rs, int r, char *err, size_t errlen)
{
	if (r == ERR_BUSY)
		return say(err, errlen, r, "database occupato: riprovare");
	return say(err, errlen, r, "errore del database (%s)",
	    store_errmsg(rs));
}

int
report_list(struct store *rs, const struct store_account *viewer,
    const struct report_filter *f, struct report **out, size_t *n, char *err, size_t errlen)
{
	struct report_filter g = *f;
	int r;

	*out = NULL;
	*n = 0;
	if (viewer->locked || !account_role_is_staff(viewer->role))
		return say(err, errlen, ERR_DENIED, "le segnalazioni sono riservate al "
		    "personale INPS");
	if (viewer->role == ROLE_OFFICE) {
		if (viewer->office_id == 0)
			return say(err, errlen, ERR_DENIED, "all'account %s non è assegnata "
			    "nessuna sede", viewer->login);
		if (g.office_id != 0 && g.office_id != viewer->office_id)
			return say(err, errlen, ERR_DENIED, "si possono consultare solo le "
			    "segnalazioni della propria sede");
		g.office_id = viewer->office_id;
	}
	if (g.status >= REPORT_STATUS_COUNT)
		return say(err, errlen, ERR_INVALID, "stato sconosciuto");
	if ((r = store_report_list(rs, &g, out, n)) < 0)
		return db_error(rs, r, err, errlen);
	return 0;
}

/* After a report row was read: the access check and its history. */
static int
got_report(struct store *rs, const struct store_account *viewer, struct report *out,
    struct report_note **notes, size_t *nnotes, char *err, size_t errlen)
{
	int r;

	if (!report_may_see(viewer, out)) {
		store_report_clear(out);
		return say(err, errlen, ERR_DENIED, "segnalazione %s di un'altra sede (%s): "
		    "non consultabile", out->protocol, out->office_code);
	}
	if (notes != NULL && (r = store_report_notes(rs, out->id, notes, nnotes)) < 0) {
		store_report_clear(out);
		return db_error(rs, r, err, errlen);
	}
	return 0;
}

int
report_get(struct store *rs, const struct store_account *viewer, int64_t id,
    struct report *out, struct report_note **notes, size_t *nnotes, char *err, size_t errlen)
{
	int r;

	memset(out, 0, sizeof *out);
	if (notes != NULL) {
		*notes = NULL;
		*nnotes = 0;
	}
	if ((r = store_report_get(rs, id, out)) < 0)
		return r == ERR_NOTFOUND ? say(err, errlen, r, "segnalazione sconosciuta") :
		    db_error(rs, r, err, errlen);
	return got_report(rs, viewer, out, notes, nnotes, err, errlen);
}

int
report_get_by_protocol(struct store *rs, const struct store_account *viewer,
    const char *protocol, struct report *out, struct report_note **notes, size_t *nnotes,
    char *err, size_t errlen)
{
	char p[REPORT_PROTOCOL_SIZE];
	int64_t seq;
	int year, r;

	memset(out, 0, sizeof *out);
	if (notes != NULL) {
		*notes = NULL;
		*nnotes = 0;
	}
	if (report_protocol_parse(protocol, &year, &seq) < 0 ||
	    report_protocol_format(p, sizeof p, year, seq) < 0)
		return say(err, errlen, ERR_INVALID, "\"%.40s\" non è un protocollo Linea INPS "
		    "(formato LI-AAAA-NNNNNNN)", protocol);
	if ((r = store_report_get_protocol(rs, p, out)) < 0)
		return r == ERR_NOTFOUND ? say(err, errlen, r, "nessuna segnalazione con "
		    "protocollo %s", p) : db_error(rs, r, err, errlen);
	return got_report(rs, viewer, out, notes, nnotes, err, errlen);
}

/*
 * The start of every change: the transaction, then the report as it is now
 * and the actor's right to change it.  On success the transaction is open
 * and *cur must be cleared.
 */
static int
change_begin(struct store *rs, const struct store_account *actor, int64_t id,
    struct report *cur, char *err, size_t errlen)
{
	struct store *st = rs;
	int r;

	memset(cur, 0, sizeof *cur);
	if ((r = report_begin(st)) < 0)
		return db_error(rs, r, err, errlen);
	if ((r = store_report_get(rs, id, cur)) < 0) {
		r = r == ERR_NOTFOUND ? say(err, errlen, r, "segnalazione sconosciuta") :
		    db_error(rs, r, err, errlen);
		store_rollback(st);
		return r;
	}
	if (!report_may_act(actor, cur)) {
		r = say(err, errlen, ERR_DENIED, "solo gli operatori della sede %s possono "
		    "lavorare la segnalazione %s", cur->office_code, cur->protocol);
		store_report_clear(cur);
		store_rollback(st);
		return r;
	}
	return 0;
}

/* Writes the history and audit rows and commits; rolls back on failure. */
static int
change_end(struct store *rs, const struct store_account *actor,
    const struct report *cur, enum report_note_kind kind, const char *body, int64_t now,
    char *err, size_t errlen)
{
	struct store *st = rs;
	char action[32];
	int r;

	snprintf(action, sizeof action, "report_%s", report_note_kind_name(kind));
	if ((r = store_report_note_add(rs, cur->id, kind, actor->id, now, body)) < 0 ||
	    (r = store_audit_add(st, actor->id, action, cur->protocol,
	    report_note_kind_label(kind), cur->chat_id)) < 0 ||
	    (r = store_commit(st)) < 0) {
		db_error(rs, r, err, errlen);
		store_rollback(st);
		return r;
	}
	return 0;
}

/* A change refused because of the report's state: roll back and say why. */
static int
conflict(struct store *rs, const struct store_account *actor, struct report *cur,
    char *err, size_t errlen)
{
	store_rollback(rs);
	if (cur->status == REPORT_CHIUSA)
		say(err, errlen, ERR_CONFLICT, "la segnalazione %s è già chiusa", cur->protocol);
	else if (cur->status == REPORT_IN_LAVORAZIONE && cur->handler_id != actor->id)
		say(err, errlen, ERR_CONFLICT, "la segnalazione %s è già presa in carico da %s",
		    cur->protocol, cur->handler_name);
	else
		say(err, errlen, ERR_CONFLICT, "la segnalazione %s è cambiata nel frattempo: "
		    "riaprirla", cur->protocol);
	store_report_clear(cur);
	return ERR_CONFLICT;
}

int
report_take(struct store *rs, const struct store_account *actor, int64_t id,
    int64_t now, char *err, size_t errlen)
{
	struct report cur;
	int r;

	if ((r = change_begin(rs, actor, id, &cur, err, errlen)) < 0)
		return r;
	if (cur.status == REPORT_IN_LAVORAZIONE && cur.handler_id == actor->id) {
		store_rollback(rs);
		store_report_clear(&cur);
		return 0;
	}
	/* Conditional: only a report still nuova is taken. */
	if ((r = store_report_take(rs, id, actor->id, now)) == ERR_CONFLICT)
		return conflict(rs, actor, &cur, err, errlen);
	if (r == 0)
		r = change_end(rs, actor, &cur, REPORT_NOTE_TAKEN, "", now, err, errlen);
	else {
		db_error(rs, r, err, errlen);
		store_rollback(rs);
	}
	store_report_clear(&cur);
	return r;
}

/* Cleans staff text into a new string; ERR_INVALID when empty or too long. */
static int
clean_text(const char *in, const char *empty, const char *too_long, char **out, char *err,
    size_t errlen)
{
	size_t len = in != NULL ? strlen(in) : 0;

	*out = xmalloc(3 * len + 1);
	len = report_text_clean(in, *out, 3 * len + 1);
	if (len > 0 && len <= REPORT_NOTE_MAX)
		return 0;
	free(*out);
	*out = NULL;
	if (len == 0)
		return say(err, errlen, ERR_INVALID, "%s", empty);
	return say(err, errlen, ERR_INVALID, "%s (al massimo %d caratteri)", too_long,
	    REPORT_NOTE_MAX);
}

int
report_note_add(struct store *rs, const struct store_account *actor, int64_t id,
    const char *body, int64_t now, char *err, size_t errlen)
{
	struct report cur;
	char *text;
	int r;

	if ((r = clean_text(body, "la nota è vuota",
	    "la nota è troppo lunga", &text, err, errlen)) < 0)
		return r;
	if ((r = change_begin(rs, actor, id, &cur, err, errlen)) < 0) {
		free(text);
		return r;
	}
	if ((r = store_report_touch(rs, id, now)) == ERR_CONFLICT) {
		free(text);
		return conflict(rs, actor, &cur, err, errlen);
	}
	if (r == 0)
		r = change_end(rs, actor, &cur, REPORT_NOTE_NOTE, text, now, err, errlen);
	else {
		db_error(rs, r, err, errlen);
		store_rollback(rs);
	}
	store_report_clear(&cur);
	free(text);
	return r;
}

int
report_close(struct store *rs, const struct store_account *actor, int64_t id,
    const char *outcome, int64_t now, char *err, size_t errlen)
{
	struct report cur;
	char *text;
	int r;

	if ((r = clean_text(outcome, "l'esito è obbligatorio per chiudere",
	    "l'esito è troppo lungo", &text, err, errlen)) < 0)
		return r;
	if ((r = change_begin(rs, actor, id, &cur, err, errlen)) < 0) {
		free(text);
		return r;
	}
	/* Conditional: nuova, or in_lavorazione held by actor. */
	if ((r = store_report_close(rs, id, actor->id, text, now)) == ERR_CONFLICT) {
		free(text);
		return conflict(rs, actor, &cur, err, errlen);
	}
	if (r == 0)
		r = change_end(rs, actor, &cur, REPORT_NOTE_CLOSED, text, now, err, errlen);
	else {
		db_error(rs, r, err, errlen);
		store_rollback(rs);
	}
	store_report_clear(&cur);
	free(text);
	return r;
}
