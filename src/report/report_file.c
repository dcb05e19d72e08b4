/*
 * Filing a report: the draft behind the console's form, the competent
 * office, the prefilled description, validation and the filing
 * transaction with its gap-free protocol number.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "calendar.h"
#include "common.h"
#include "lookup.h"
#include "report.h"
#include "report_internal.h"
#include "text.h"

/*
 * BEGIN IMMEDIATE already waits for the store's busy timeout; a few more
 * rounds ride out a burst of consoles filing at once.
 */
#define BEGIN_TRIES 4
#define TAIL_MESSAGES 4		/* chat lines in the prefilled description */
#define TAIL_LINE_MAX 160	/* bytes of each */

int
report_draft_init(struct report_draft *d)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[REPORT_TOKEN_LEN / 2];
	size_t got = 0, i;
	ssize_t r;

	memset(d, 0, sizeof *d);
	while (got < sizeof raw) {
		r = getrandom(raw + got, sizeof raw - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return ERR_IO;
		}
		got += (size_t)r;
	}
	for (i = 0; i < sizeof raw; i++) {
		d->client_token[2 * i] = hex[raw[i] >> 4];
		d->client_token[2 * i + 1] = hex[raw[i] & 15];
	}
	d->client_token[REPORT_TOKEN_LEN] = '\0';
	return 0;
}

int
report_office_for(struct store *rs, const struct report_draft *d,
    struct store_office *out)
{
	struct store *st = rs;
	struct store_worker w;
	struct store_company c;
	struct store_account a;
	int64_t company_id, office_id;
	int has_worker, r;

	if (d->practice_id != 0) {
		r = store_report_practice(rs, d->practice_id, 0, &company_id, &office_id,
		    &has_worker);
		if (r == 0)
			return store_office_by_id(st, office_id, out);
		if (r != ERR_NOTFOUND)
			return r;
	}
	if (d->worker_id != 0) {
		if ((r = store_worker_by_id(st, d->worker_id, &w)) == 0)
			return store_office_by_province(st, w.province, out);
		if (r != ERR_NOTFOUND)
			return r;
	}
	if (d->company_id != 0) {
		if ((r = store_company_by_id(st, d->company_id, &c)) == 0)
			return store_office_by_province(st, c.province, out);
		if (r != ERR_NOTFOUND)
			return r;
	}
	if (d->account_id != 0) {
		r = store_account_by_id(st, d->account_id, &a);
		if (r == 0 && a.province[0] != '\0')
			return store_office_by_province(st, a.province, out);
		if (r < 0 && r != ERR_NOTFOUND)
			return r;
	}
	return ERR_NOTFOUND;
}

/* An output buffer that is always terminated and cut at a whole character. */
struct text_out {
	char *buf;
	size_t size, len;
};

static void put(struct text_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct text_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len + 1 >= o->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= o->size - o->len) {
		o->len = o->size - 1;
		str_utf8_cut(o->buf, o->len);
		o->len = strlen(o->buf);
		/* Nothing more fits: make later calls no-ops. */
		o->size = o->len + 1;
	} else {
		o->len += (size_t)n;
	}
}

static int
tail_line(void *arg, const char *sender, const char *body)
{
	struct text_out *o = arg;
	char clean[TAIL_LINE_MAX + 8];
	size_t n = text_sanitize(body, strlen(body), clean, TAIL_LINE_MAX + 1);

	put(o, "\n- %s: %s%s", strcmp(sender, "user") == 0 ? "Utente" : "Operatore", clean,
	    n >= TAIL_LINE_MAX - 3 && strlen(body) > n ? "..." : "");
	return 0;
}

int
report_describe_case(struct store *rs, const struct conf *c,
    const struct report_draft *d, int32_t today, char *buf, size_t size)
{
	struct store *st = rs;
	struct text_out o = { buf, size, 0 };
	struct practice p;
	struct timeline t;
	struct store_worker w;
	struct store_company co;
	char a[16], b[16];
	size_t i;
	int r;

	if (size == 0)
		return ERR_INVALID;
	buf[0] = '\0';
	if (d->practice_id != 0) {
		if ((r = lookup_timeline(st, c, d->practice_id, d->worker_id, today, &p, &t)) < 0)
			return r;
		put(&o, "Domanda %s (%s), azienda %s, periodo dal %s al %s.", p.number,
		    practice_type_label(p.type), p.company_name,
		    day_format_it(p.period_from, a, sizeof a),
		    day_format_it(p.period_to, b, sizeof b));
		put(&o, "\nStato: %s.", t.stage);
		for (i = 0; i < t.nmissing && i < 3; i++)
			put(&o, "%s%s", i == 0 ? "\nCosa manca: " : "; ", t.missing[i]);
		if (t.nmissing > 0)
			put(&o, ".");
		practice_clear(&p);
	} else if (d->worker_id != 0 && store_worker_by_id(st, d->worker_id, &w) == 0) {
		put(&o, "Lavoratore %s %s (%s), provincia %s; nessuna domanda indicata.",
		    w.name, w.surname, w.cf, w.province);
	} else if (d->company_id != 0 && store_company_by_id(st, d->company_id, &co) == 0) {
		put(&o, "Azienda %s (CF %s), provincia %s; nessuna domanda indicata.",
		    co.name, co.cf, co.province);
	}
	if (d->chat_id != 0) {
		put(&o, "%sUltimi messaggi della chat:", o.len > 0 ? "\n" : "");
		if ((r = store_report_chat_tail(rs, d->chat_id, TAIL_MESSAGES, tail_line, &o)) < 0)
			return r;
	}
	return 0;
}

int
report_draft_for_chat(struct store *rs, const struct conf *c, int64_t chat_id,
    int64_t practice_id, int64_t now, struct report_draft *d, char *err, size_t errlen)
{
	struct store *st = rs;
	struct store_report_chat ch;
	struct store_account a;
	struct store_office o;
	int32_t today;
	int minute, r;

	if ((r = report_draft_init(d)) < 0) {
		snprintf(err, errlen, "impossibile generare il codice del modulo");
		return r;
	}
	if ((r = store_report_chat(rs, chat_id, &ch)) < 0) {
		snprintf(err, errlen, r == ERR_NOTFOUND ? "chat %lld sconosciuta" :
		    "chat %lld non leggibile", (long long)chat_id);
		return r;
	}
	d->chat_id = chat_id;
	d->account_id = ch.account_id;
	d->company_id = ch.company_id;
	d->practice_id = practice_id;
	if ((r = store_account_by_id(st, ch.account_id, &a)) == 0 && a.role == ROLE_WORKER)
		d->worker_id = a.worker_id;
	explicit_bzero(&a, sizeof a);
	if (r < 0 && r != ERR_NOTFOUND) {
		snprintf(err, errlen, "account della chat non leggibile");
		return r;
	}
	r = report_office_for(rs, d, &o);
	if (r < 0 && r != ERR_NOTFOUND) {
		snprintf(err, errlen, "sede competente non calcolabile: errore del database");
		return r;
	}
	d->office_id = r == 0 ? o.id : 0;
	calendar_local(CALENDAR_TZ_ROME, (time_t)now, &today, &minute);
	if ((r = report_describe_case(rs, c, d, today, d->description,
	    sizeof d->description)) < 0) {
		snprintf(err, errlen, "riepilogo del caso non disponibile");
		return r;
	}
	return 0;
}

/* Sets the field and the message of a validation error. */
static int invalid(struct report_filed *out, enum report_field f, char *err, size_t errlen,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
invalid(struct report_filed *out, enum report_field f, char *err, size_t errlen,
    const char *fmt, ...)
{
	va_list ap;

	out->field = f;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return ERR_INVALID;
}

static int
token_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == REPORT_TOKEN_LEN;
}

/* The people of the draft: known, and consistent with each other and the chat. */
static int
check_people(struct store *rs, const struct report_draft *d, struct report_filed *out,
    char *err, size_t errlen)
{
	struct store *st = rs;
	struct store_worker w;
	struct store_company c;
	struct store_account a;
	struct store_report_chat ch;
	int r;

	memset(&c, 0, sizeof c);
	if (d->worker_id == 0 && d->company_id == 0)
		return invalid(out, REPORT_FIELD_PERSON, err, errlen,
		    "la segnalazione deve riguardare un lavoratore o un'azienda");
	if (d->worker_id != 0 && (r = store_worker_by_id(st, d->worker_id, &w)) < 0)
		return r != ERR_NOTFOUND ? r : invalid(out, REPORT_FIELD_PERSON, err, errlen,
		    "lavoratore sconosciuto");
	if (d->company_id != 0 && (r = store_company_by_id(st, d->company_id, &c)) < 0)
		return r != ERR_NOTFOUND ? r : invalid(out, REPORT_FIELD_PERSON, err, errlen,
		    "azienda sconosciuta");
	if (d->account_id != 0) {
		r = store_account_by_id(st, d->account_id, &a);
		if (r < 0)
			return r != ERR_NOTFOUND ? r : invalid(out, REPORT_FIELD_PERSON, err,
			    errlen, "account dell'utente sconosciuto");
		if (account_role_is_staff(a.role))
			return invalid(out, REPORT_FIELD_PERSON, err, errlen,
			    "l'account %s è di un operatore INPS, non di un utente", a.login);
		if (a.role == ROLE_WORKER && d->worker_id != 0 && a.worker_id != d->worker_id)
			return invalid(out, REPORT_FIELD_PERSON, err, errlen,
			    "l'account %s non corrisponde al lavoratore indicato", a.login);
		if (account_role_is_company(a.role) && d->company_id != 0 &&
		    (r = store_delegation_exists(st, a.id, d->company_id)) != 1)
			return r < 0 ? r : invalid(out, REPORT_FIELD_PERSON, err, errlen,
			    "l'account %s non è collegato all'azienda %s", a.login, c.name);
	}
	if (d->chat_id != 0) {
		if ((r = store_report_chat(rs, d->chat_id, &ch)) < 0)
			return r != ERR_NOTFOUND ? r : invalid(out, REPORT_FIELD_CHAT, err, errlen,
			    "chat %lld sconosciuta", (long long)d->chat_id);
		if (ch.account_id != d->account_id ||
		    (ch.company_id != 0 && ch.company_id != d->company_id))
			return invalid(out, REPORT_FIELD_CHAT, err, errlen,
			    "la chat %lld non è di questo utente", (long long)d->chat_id);
	}
	return 0;
}

/*
 * Every check of the draft, inside the filing transaction so that it sees
 * what the insert will see.  clean gets the description as it will be
 * saved.
 */
static int
check_draft(struct store *rs, const struct report_topics *t,
    const struct report_draft *d, struct report_draft *clean, struct store_office *office,
    struct report_filed *out, char *err, size_t errlen)
{
	struct store *st = rs;
	char *desc;
	int64_t company_id, office_id;
	size_t i, len;
	int has_worker, known, r;

	if ((r = check_people(rs, d, out, err, errlen)) != 0)
		return r;
	if (d->practice_id != 0) {
		r = store_report_practice(rs, d->practice_id, d->worker_id, &company_id, &office_id,
		    &has_worker);
		if (r < 0)
			return r != ERR_NOTFOUND ? r : invalid(out, REPORT_FIELD_PRACTICE, err,
			    errlen, "domanda sconosciuta");
		if (d->company_id != 0 && company_id != d->company_id)
			return invalid(out, REPORT_FIELD_PRACTICE, err, errlen,
			    "la domanda scelta non è di questa azienda");
		if (d->worker_id != 0 && !has_worker)
			return invalid(out, REPORT_FIELD_PRACTICE, err, errlen,
			    "la domanda scelta non riguarda questo lavoratore");
	}
	if (d->office_id == 0)
		return invalid(out, REPORT_FIELD_OFFICE, err, errlen,
		    "indicare la sede competente");
	if ((r = store_office_by_id(st, d->office_id, office)) < 0)
		return r != ERR_NOTFOUND ? r : invalid(out, REPORT_FIELD_OFFICE, err, errlen,
		    "sede sconosciuta");
	if (d->topic[0] == '\0')
		return invalid(out, REPORT_FIELD_TOPIC, err, errlen,
		    "scegliere l'argomento della segnalazione");
	for (i = 0, known = 0; i < report_topics_count(t); i++)
		if (strcmp(report_topics_at(t, i)->name, d->topic) == 0)
			known = 1;
	if (!known)
		return invalid(out, REPORT_FIELD_TOPIC, err, errlen,
		    "argomento \"%.63s\" sconosciuto", d->topic);
	if (d->subtopic[0] == '\0')
		return invalid(out, REPORT_FIELD_SUBTOPIC, err, errlen,
		    "scegliere il sottoargomento di \"%s\"", d->topic);
	if (report_topics_find(t, d->topic, d->subtopic) == NULL)
		return invalid(out, REPORT_FIELD_SUBTOPIC, err, errlen,
		    "sottoargomento \"%.95s\" non previsto per \"%s\"", d->subtopic, d->topic);
	/* Invalid bytes grow into 3-byte U+FFFD: room for the worst case. */
	len = strnlen(d->description, sizeof d->description);
	desc = xmalloc(3 * len + 1);
	len = report_text_clean(d->description, desc, 3 * len + 1);
	if (len == 0 || len > REPORT_DESCRIPTION_MAX) {
		free(desc);
		return invalid(out, REPORT_FIELD_DESCRIPTION, err, errlen, len == 0 ?
		    "la descrizione è obbligatoria" :
		    "la descrizione è troppo lunga (al massimo %d caratteri)",
		    REPORT_DESCRIPTION_MAX);
	}
	*clean = *d;
	memcpy(clean->description, desc, len + 1);
	free(desc);
	return 0;
}

int
report_begin(struct store *st)
{
	struct timespec ts;
	int i, r = ERR_BUSY;

	for (i = 0; i < BEGIN_TRIES; i++) {
		if ((r = store_begin(st)) != ERR_BUSY)
			return r;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(20 + (clock_mono_us() % 80)) * 1000000L;
		nanosleep(&ts, NULL);
	}
	return r;
}

static int
file_fail(struct store *st, int r, char *err, size_t errlen)
{
	if (r == ERR_BUSY)
		snprintf(err, errlen, "database occupato: segnalazione non salvata, riprovare");
	else if (r != ERR_INVALID && r != ERR_DENIED && r != ERR_LIMIT)
		snprintf(err, errlen, "segnalazione non salvata: errore del database (%s)",
		    store_errmsg(st));
	store_rollback(st);
	return r;
}

int
report_file(struct store *rs, const struct report_topics *t,
    const struct store_account *filer, const struct report_draft *d, int64_t now,
    struct report_filed *out, char *err, size_t errlen)
{
	struct store *st = rs;
	struct report_draft *clean;
	char body[512], subject[REPORT_TOPIC_SIZE + REPORT_SUBTOPIC_SIZE + 4];
	int64_t seq, office_id;
	int year, r;

	memset(out, 0, sizeof *out);
	if (filer->locked || (filer->role != ROLE_ADVISOR && filer->role != ROLE_SUPERVISOR)) {
		snprintf(err, errlen, "solo gli operatori INFO CIG e i supervisori possono "
		    "inoltrare segnalazioni");
		return ERR_DENIED;
	}
	if (!token_ok(d->client_token))
		return invalid(out, REPORT_FIELD_NONE, err, errlen,
		    "modulo senza codice di invio valido: riaprire il modulo");
	if ((r = report_begin(st)) < 0)
		return file_fail(st, r, err, errlen);

	r = store_report_by_token(rs, d->client_token, &out->id, out->protocol,
	    sizeof out->protocol, &office_id);
	if (r == 0) {
		/* Submitted twice: the first filing stands. */
		store_rollback(st);
		out->duplicate = 1;
		if ((r = store_office_by_id(st, office_id, &out->office)) < 0)
			snprintf(err, errlen, "sede della segnalazione non leggibile");
		return r;
	}
	if (r != ERR_NOTFOUND)
		return file_fail(st, r, err, errlen);

	clean = xmalloc(sizeof *clean);
	if ((r = check_draft(rs, t, d, clean, &out->office, out, err, errlen)) < 0) {
		free(clean);
		return file_fail(st, r, err, errlen);
	}
	year = report_year_of(now);
	if ((r = store_report_next_seq(rs, year, &seq)) < 0)
		goto fail;
	if (seq > REPORT_SEQ_MAX) {
		snprintf(err, errlen, "numerazione delle segnalazioni del %d esaurita", year);
		r = ERR_LIMIT;
		goto fail;
	}
	report_protocol_format(out->protocol, sizeof out->protocol, year, seq);
	if ((r = store_report_insert(rs, clean, out->protocol, year, seq, filer->id, now,
	    &out->id)) < 0)
		goto fail;
	snprintf(body, sizeof body, "inoltrata alla sede %s %s", out->office.code,
	    out->office.name);
	if ((r = store_report_note_add(rs, out->id, REPORT_NOTE_FILED, filer->id, now, body)) < 0)
		goto fail;
	if (clean->chat_id != 0) {
		snprintf(body, sizeof body, "Segnalazione inoltrata a Linea INPS con protocollo "
		    "%s alla sede competente: %s. Può seguirne lo stato con il comando "
		    "/segnalazioni.", out->protocol, out->office.name);
		if ((r = store_report_chat_link(rs, clean->chat_id, now, body)) < 0)
			goto fail;
	}
	snprintf(subject, sizeof subject, "%s / %s", clean->topic, clean->subtopic);
	if ((r = store_audit_add(st, filer->id, "report_file", out->protocol, subject,
	    clean->chat_id)) < 0 || (r = store_commit(st)) < 0)
		goto fail;
	free(clean);
	return 0;
fail:
	free(clean);
	out->id = 0;
	out->protocol[0] = '\0';
	return file_fail(st, r, err, errlen);
}
