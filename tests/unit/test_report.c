/*
 * Unit tests for Linea INPS reports: the topic list, protocol numbers, the
 * competent office, the prefilled description, validation that saves
 * nothing, filing twice, gap-free numbering with two processes filing at
 * once and across a change of year, and the office's take / note / close
 * rules with who may see and act.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "store_chat.h"
#include "common.h"
#include "conf.h"
#include "report.h"
#include "store.h"

#define CF_ROSSI	"RSSMRA85T10A562S"
#define CF_VERDI	"VRDGPP80A01H501U"

struct fx {
	char dir[64];
	char path[128];
	struct store *st;
	struct store *rs;
	struct store *cs;
	struct report_topics *topics;
	struct store_company a, b;		/* A registered in TO, B in MI (DCM-TO, DCM-MI) */
	struct store_worker rossi, verdi;	/* Rossi lives in RM, Verdi in NA */
	struct store_account advisor, supervisor, op_to, op_to2, op_mi, op_none;
	struct store_account worker, worker2, owner_b;
	struct store_office to, mi, rm, na;
	int64_t p1, p2;				/* P1: A, Rossi; P2: B, Verdi */
	int64_t chat1, chat2;			/* Rossi's chat; B's owner's chat */
};

/* 2026-06-20 10:00:00 UTC, 12:00 in Rome. */
static int64_t
at(const char *ymd, int h, int m)
{
	int32_t d = 0;

	assert_int_equal(day_parse(ymd, &d), 0);
	return (int64_t)d * 86400 + h * 3600 + m * 60;
}
#define NOW at("2026-06-20", 10, 0)

static void
company(struct store *st, struct store_company *c, const char *cf, const char *matricola,
    const char *name, const char *prov)
{
	memset(c, 0, sizeof *c);
	strcpy(c->cf, cf);
	strcpy(c->vat, cf);
	strcpy(c->matricola, matricola);
	strcpy(c->name, name);
	strcpy(c->province, prov);
	assert_int_equal(store_company_add(st, c), 0);
}

static void
worker(struct store *st, struct store_worker *w, const char *cf, const char *surname,
    const char *name, const char *prov)
{
	memset(w, 0, sizeof *w);
	strcpy(w->cf, cf);
	strcpy(w->surname, surname);
	strcpy(w->name, name);
	strcpy(w->province, prov);
	assert_int_equal(store_worker_add(st, w), 0);
}

static void
account(struct store *st, struct store_account *a, const char *login, const char *name,
    enum account_role role, int64_t worker_id, int64_t office_id, const char *prov)
{
	memset(a, 0, sizeof *a);
	strcpy(a->login, login);
	strcpy(a->full_name, name);
	a->role = role;
	a->worker_id = worker_id;
	a->office_id = office_id;
	strcpy(a->province, prov);
	assert_int_equal(store_account_add(st, a, NULL), 0);
}

static int64_t
practice(struct fx *fx, const char *number, const struct store_company *c, int64_t worker_id)
{
	struct store_office o;
	struct practice p;
	struct practice_event ev;

	assert_int_equal(store_office_by_province(fx->st, c->province, &o), 0);
	practice_init(&p);
	strcpy(p.number, number);
	p.company_id = c->id;
	p.office_id = o.id;
	p.type = PRACTICE_CIGO;
	p.mode = PAYMENT_DIRECT;
	assert_int_equal(day_parse("2026-03-02", &p.period_from), 0);
	assert_int_equal(day_parse("2026-03-31", &p.period_to), 0);
	strcpy(p.reason, "crisi di mercato");
	assert_int_equal(store_practice_add(fx->st, &p), 0);
	assert_int_equal(store_practice_worker_add(fx->st, p.id, worker_id, 100), 0);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_PRESENTATA;
	assert_int_equal(day_parse("2026-03-10", &ev.day), 0);
	assert_int_equal(store_event_add(fx->st, p.id, &ev), 0);
	return p.id;
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	char err[512] = "";
	int64_t mid;

	if (fx == NULL)
		return -1;
	strcpy(fx->dir, "/tmp/infocig-test-report.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof fx->path, "%s/t.db", fx->dir);
	if (store_create(fx->path, "data", err, sizeof err) < 0 ||
	    store_open(fx->path, 0, &fx->st, err, sizeof err) < 0 ||
	    report_topics_load("data", &fx->topics, err, sizeof err) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	fx->rs = fx->st;
	fx->cs = fx->st;
	assert_int_equal(store_office_by_province(fx->st, "TO", &fx->to), 0);
	assert_int_equal(store_office_by_province(fx->st, "MI", &fx->mi), 0);
	assert_int_equal(store_office_by_province(fx->st, "RM", &fx->rm), 0);
	assert_int_equal(store_office_by_province(fx->st, "NA", &fx->na), 0);
	company(fx->st, &fx->a, "01234567897", "1234567890", "Alfa Srl", "TO");
	company(fx->st, &fx->b, "09876543217", "0987654321", "Beta Spa", "MI");
	worker(fx->st, &fx->rossi, CF_ROSSI, "Rossi", "Mario", "RM");
	worker(fx->st, &fx->verdi, CF_VERDI, "Verdi", "Giuseppe", "NA");
	account(fx->st, &fx->advisor, "anna", "Anna Operatrice", ROLE_ADVISOR, 0, 0, "");
	account(fx->st, &fx->supervisor, "sara", "Sara Supervisora", ROLE_SUPERVISOR, 0, 0, "");
	account(fx->st, &fx->op_to, "sede.to", "Tino Torinese", ROLE_OFFICE, 0, fx->to.id, "");
	account(fx->st, &fx->op_to2, "sede.to2", "Teresa Torinese", ROLE_OFFICE, 0, fx->to.id,
	    "");
	account(fx->st, &fx->op_mi, "sede.mi", "Mina Milanese", ROLE_OFFICE, 0, fx->mi.id, "");
	account(fx->st, &fx->op_none, "sede.x", "Senza Sede", ROLE_OFFICE, 0, 0, "");
	account(fx->st, &fx->worker, CF_ROSSI, "Mario Rossi", ROLE_WORKER, fx->rossi.id, 0, "RM");
	account(fx->st, &fx->worker2, CF_VERDI, "Giuseppe Verdi", ROLE_WORKER, fx->verdi.id, 0,
	    "NA");
	account(fx->st, &fx->owner_b, "FRRLGU70B12G273C", "Luigi Ferrari", ROLE_OWNER, 0, 0, "MI");
	assert_int_equal(store_delegation_add(fx->st, fx->owner_b.id, fx->b.id, ROLE_OWNER, 0),
	    0);
	fx->p1 = practice(fx, "INPS-2026-000001", &fx->a, fx->rossi.id);
	fx->p2 = practice(fx, "INPS-2026-000002", &fx->b, fx->verdi.id);

	assert_int_equal(store_chat_open(fx->cs, fx->worker.id, 0, CHAT_CHANNEL_WORKERS, "RM", 1,
	    NOW - 600, &fx->chat1), 0);
	assert_int_equal(store_chat_take(fx->cs, fx->chat1, fx->advisor.id, NOW - 500), 0);
	assert_int_equal(store_chat_message_add(fx->cs, fx->chat1, "user", fx->worker.id, NOW - 400,
	    "Buongiorno, il pagamento di marzo non è arrivato.", &mid), 0);
	assert_int_equal(store_chat_message_add(fx->cs, fx->chat1, "advisor", fx->advisor.id,
	    NOW - 300, "Verifico la sua domanda.", &mid), 0);
	assert_int_equal(store_chat_open(fx->cs, fx->owner_b.id, fx->b.id, CHAT_CHANNEL_COMPANIES, "MI",
	    1, NOW - 200, &fx->chat2), 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[128];

	report_topics_free(fx->topics);
	store_close(fx->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

/* One integer from an SQL query on a connection of its own. */
static int64_t
q_int(struct fx *fx, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(fx->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Runs SQL on a connection of its own, to set up what the API cannot. */
static void
q_exec(struct fx *fx, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

/* A valid draft for Rossi's chat about P1, to spoil in the tests. */
static void
draft_rossi(struct fx *fx, struct report_draft *d)
{
	assert_int_equal(report_draft_init(d), 0);
	d->chat_id = fx->chat1;
	d->account_id = fx->worker.id;
	d->worker_id = fx->rossi.id;
	d->practice_id = fx->p1;
	d->office_id = fx->to.id;
	strcpy(d->topic, "Pagamento");
	strcpy(d->subtopic, "IBAN errato");
	strcpy(d->description, "IBAN respinto: il lavoratore ne ha comunicato uno nuovo.");
}

static void
draft_company_b(struct fx *fx, struct report_draft *d)
{
	assert_int_equal(report_draft_init(d), 0);
	d->chat_id = fx->chat2;
	d->account_id = fx->owner_b.id;
	d->company_id = fx->b.id;
	d->practice_id = fx->p2;
	d->office_id = fx->mi.id;
	strcpy(d->topic, "Dati di pagamento");
	strcpy(d->subtopic, "Mancato invio SR41/UniEmens-Cig");
	strcpy(d->description, "Dati di pagamento non ancora inviati.");
}

static void
file_ok(struct fx *fx, const struct report_draft *d, int64_t now, const char *protocol,
    struct report_filed *res)
{
	char msg[256] = "";

	assert_int_equal(report_file(fx->rs, fx->topics, &fx->advisor, d, now, res, msg,
	    sizeof msg), 0);
	assert_string_equal(res->protocol, protocol);
	assert_int_equal(res->duplicate, 0);
}

static void
test_topics(void **state)
{
	struct report_topics *t;
	const struct report_topic *tp;
	const struct report_subtopic *sub;
	char dir[64] = "/tmp/infocig-test-topics.XXXXXX", path[96], err[256] = "";
	FILE *fp;

	(void)state;
	assert_int_equal(report_topics_load("data", &t, err, sizeof err), 0);
	/* Pagamento, Dati di pagamento, Autorizzazione, Fiscale e certificazioni, Anagrafica, Altro */
	assert_int_equal(report_topics_count(t), 6);
	tp = report_topics_at(t, 0);
	assert_string_equal(tp->name, "Pagamento");
	assert_int_equal(tp->nsubtopics, 5);
	assert_string_equal(tp->subtopics[0].name, "IBAN errato");
	tp = report_topics_at(t, 1);
	assert_string_equal(tp->name, "Dati di pagamento");
	assert_int_equal(tp->nsubtopics, 4);
	assert_string_equal(report_topics_at(t, 5)->name, "Altro");
	assert_null(report_topics_at(t, 6));
	sub = report_topics_find(t, "Dati di pagamento", "Mancato invio SR41/UniEmens-Cig");
	assert_non_null(sub);
	assert_non_null(strstr(sub->description, "non ha ancora trasmesso"));
	assert_null(report_topics_find(t, "Pagamento", "Mancato invio SR41/UniEmens-Cig"));
	assert_null(report_topics_find(t, "pagamento", "IBAN errato"));
	report_topics_free(t);
	report_topics_free(NULL);

	/* Broken files: each refused with its line. */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/report_topics.csv", dir);
	assert_int_equal(report_topics_load(dir, &t, err, sizeof err), ERR_IO);
	assert_null(t);
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "topic,sub,description\nA,B,C\n", ":1: intestazione" },
		{ "topic,subtopic,description\nA,B,C\nA,B\n", ":3: attesi 3 campi" },
		{ "topic,subtopic,description\nA,B,C\nD,E,F\nA,B,G\n", ":4: A > B ripetuto" },
		{ "topic,subtopic,description\nA,,C\n", ":2: campo vuoto" },
		{ "topic,subtopic,description\n", "nessun argomento" },
		{ "topic,subtopic,description\nA ,B,C\n", ":2: spazi" },
	};
	for (size_t i = 0; i < nitems(bad); i++) {
		assert_non_null(fp = fopen(path, "w"));
		fputs(bad[i].text, fp);
		fclose(fp);
		err[0] = '\0';
		assert_int_equal(report_topics_load(dir, &t, err, sizeof err), ERR_INVALID);
		assert_null(t);
		if (strstr(err, bad[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err, bad[i].want);
	}
	/* The same topic in two places is one topic with two subtopics. */
	assert_non_null(fp = fopen(path, "w"));
	fputs("topic,subtopic,description\nA,B,uno\nC,D,due\nA,\"E, F\",tre\n", fp);
	fclose(fp);
	assert_int_equal(report_topics_load(dir, &t, err, sizeof err), 0);
	assert_int_equal(report_topics_count(t), 2);
	assert_int_equal(report_topics_at(t, 0)->nsubtopics, 2);
	assert_string_equal(report_topics_at(t, 0)->subtopics[1].name, "E, F");
	assert_string_equal(report_topics_find(t, "A", "E, F")->description, "tre");
	report_topics_free(t);
	unlink(path);
	rmdir(dir);
}

static void
test_protocol(void **state)
{
	char buf[REPORT_PROTOCOL_SIZE];
	int year;
	int64_t seq;

	(void)state;
	assert_int_equal(report_protocol_format(buf, sizeof buf, 2026, 123), 0);
	assert_string_equal(buf, "LI-2026-0000123");
	assert_int_equal(report_protocol_format(buf, sizeof buf, 2027, 9999999), 0);
	assert_string_equal(buf, "LI-2027-9999999");
	assert_int_equal(report_protocol_format(buf, sizeof buf, 2026, 10000000), ERR_INVALID);
	assert_int_equal(report_protocol_format(buf, sizeof buf, 2026, 0), ERR_INVALID);
	assert_int_equal(report_protocol_format(buf, 15, 2026, 1), ERR_INVALID);

	assert_int_equal(report_protocol_parse(" li-2026-0000123 ", &year, &seq), 0);
	assert_int_equal(year, 2026);
	assert_int_equal(seq, 123);
	assert_int_equal(report_protocol_parse("LI-2026-000123", &year, &seq), ERR_INVALID);
	assert_int_equal(report_protocol_parse("LI-2026-00001234", &year, &seq), ERR_INVALID);
	assert_int_equal(report_protocol_parse("LX-2026-0000123", &year, &seq), ERR_INVALID);
	assert_int_equal(report_protocol_parse("LI-2026-0000000", &year, &seq), ERR_INVALID);
	assert_int_equal(report_protocol_parse("LI-2026-00001a3", &year, &seq), ERR_INVALID);
	assert_int_equal(report_protocol_parse("LI-2026-0000123 x", &year, &seq), ERR_INVALID);
	assert_int_equal(report_protocol_parse(NULL, &year, &seq), ERR_INVALID);

	/* The year in Rome: 23:30 UTC on 31 December is already 1 January (CET). */
	assert_int_equal(report_year_of(at("2026-12-31", 22, 59) + 59), 2026);
	assert_int_equal(report_year_of(at("2026-12-31", 23, 0)), 2027);
	assert_int_equal(report_status_parse("in_lavorazione"), REPORT_IN_LAVORAZIONE);
	assert_int_equal(report_status_parse("aperta"), ERR_INVALID);
	assert_string_equal(report_status_label(REPORT_IN_LAVORAZIONE), "in lavorazione");
}

static void
test_text_clean(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(report_text_clean("  \n\nriga 1  \r\n\x1b[31mrosso\x1b[0m\n\n\n", out,
	    sizeof out), 12);
	assert_string_equal(out, "riga 1\nrosso");
	report_text_clean("a\n\n  b\tc", out, sizeof out);
	assert_string_equal(out, "a\n\n  b c");
	assert_int_equal(report_text_clean(" \n \t\n", out, sizeof out), 0);
	assert_string_equal(out, "");
	/* Cut before a whole character: "è" is 2 bytes, 3 fit in 4. */
	assert_int_equal(report_text_clean("èèè", out, 4), 2);
	assert_string_equal(out, "è");
	/* A bidi override is dropped. */
	report_text_clean("x\xe2\x80\xaey", out, sizeof out);
	assert_string_equal(out, "xy");
}

static void
test_office(void **state)
{
	struct fx *fx = *state;
	struct report_draft d;
	struct store_office o;
	struct store_office *all;
	size_t n;

	assert_int_equal(report_draft_init(&d), 0);
	assert_int_equal(report_office_for(fx->rs, &d, &o), ERR_NOTFOUND);
	/* Only the account: its province (Verdi's account says NA). */
	d.account_id = fx->worker2.id;
	assert_int_equal(report_office_for(fx->rs, &d, &o), 0);
	assert_int_equal(o.id, fx->na.id);
	/* The company's registered office wins over the account. */
	d.company_id = fx->b.id;
	assert_int_equal(report_office_for(fx->rs, &d, &o), 0);
	assert_string_equal(o.code, fx->mi.code);
	/* The worker's province wins over the company. */
	d.worker_id = fx->rossi.id;
	assert_int_equal(report_office_for(fx->rs, &d, &o), 0);
	assert_string_equal(o.code, fx->rm.code);
	/* The application's office wins over everything: A's, in Turin. */
	d.practice_id = fx->p1;
	assert_int_equal(report_office_for(fx->rs, &d, &o), 0);
	assert_string_equal(o.code, fx->to.code);
	assert_string_equal(o.code, "DCM-TO");
	/* An unknown application falls back to the people. */
	d.practice_id = 987654;
	assert_int_equal(report_office_for(fx->rs, &d, &o), 0);
	assert_string_equal(o.code, fx->rm.code);

	assert_int_equal(store_report_offices(fx->rs, &all, &n), 0);
	assert_int_equal(n, 107);
	assert_string_equal(all[0].code, "DCM-MI");	/* by code */
	free(all);
}

static void
test_draft_for_chat(void **state)
{
	struct fx *fx = *state;
	struct report_draft d, d2;
	char msg[256] = "";
	struct conf *c = conf_defaults();

	assert_int_equal(report_draft_for_chat(fx->rs, c, fx->chat1, fx->p1, NOW, &d, msg,
	    sizeof msg), 0);
	assert_int_equal(d.chat_id, fx->chat1);
	assert_int_equal(d.account_id, fx->worker.id);
	assert_int_equal(d.worker_id, fx->rossi.id);
	assert_int_equal(d.company_id, 0);
	assert_int_equal(d.practice_id, fx->p1);
	assert_int_equal(d.office_id, fx->to.id);
	assert_int_equal(strlen(d.client_token), REPORT_TOKEN_LEN);
	assert_int_equal(strspn(d.client_token, "0123456789abcdef"), REPORT_TOKEN_LEN);
	assert_non_null(strstr(d.description, "Domanda INPS-2026-000001 (Cassa integrazione "
	    "ordinaria), azienda Alfa Srl, periodo dal 02/03/2026 al 31/03/2026.\nStato: "));
	assert_non_null(strstr(d.description, "\nUltimi messaggi della chat:\n"
	    "- Utente: Buongiorno, il pagamento di marzo non è arrivato.\n"
	    "- Operatore: Verifico la sua domanda."));
	assert_null(strchr(d.description, '\x1b'));

	/* Each form has its own token. */
	assert_int_equal(report_draft_for_chat(fx->rs, c, fx->chat1, 0, NOW, &d2, msg,
	    sizeof msg), 0);
	assert_string_not_equal(d.client_token, d2.client_token);
	/* No application: the worker's province, Rome. */
	assert_int_equal(d2.office_id, fx->rm.id);
	assert_non_null(strstr(d2.description, "Lavoratore Mario Rossi (" CF_ROSSI
	    "), provincia RM; nessuna domanda indicata."));

	/* A company's chat: its registered office. */
	assert_int_equal(report_draft_for_chat(fx->rs, c, fx->chat2, 0, NOW, &d2, msg,
	    sizeof msg), 0);
	assert_int_equal(d2.company_id, fx->b.id);
	assert_int_equal(d2.worker_id, 0);
	assert_int_equal(d2.office_id, fx->mi.id);

	assert_int_equal(report_draft_for_chat(fx->rs, c, 9999, 0, NOW, &d2, msg, sizeof msg),
	    ERR_NOTFOUND);
	assert_string_equal(msg, "chat 9999 sconosciuta");
	conf_free(c);
}

/* What a failed filing must not have touched. */
struct snapshot {
	int64_t reports, notes, messages, audit, outcome;
};

static void
snap(struct fx *fx, struct snapshot *s)
{
	char sql[96];

	s->reports = q_int(fx, "SELECT count(*) FROM reports");
	s->notes = q_int(fx, "SELECT count(*) FROM report_notes");
	s->messages = q_int(fx, "SELECT count(*) FROM messages");
	s->audit = q_int(fx, "SELECT count(*) FROM audit");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM chats WHERE outcome IS NOT NULL");
	s->outcome = q_int(fx, sql);
}

static void
refused(struct fx *fx, const struct store_account *filer, const struct report_draft *d,
    int want, enum report_field field, const char *msg_want)
{
	struct snapshot before, after;
	struct report_filed res;
	char msg[256] = "";

	snap(fx, &before);
	assert_int_equal(report_file(fx->rs, fx->topics, filer, d, NOW, &res, msg, sizeof msg),
	    want);
	if (want == ERR_INVALID)
		assert_int_equal(res.field, field);
	assert_string_equal(msg, msg_want);
	assert_string_equal(res.protocol, "");
	snap(fx, &after);
	assert_memory_equal(&before, &after, sizeof before);
}

static void
test_validation(void **state)
{
	struct fx *fx = *state;
	struct report_draft d;

	draft_rossi(fx, &d);
	strcpy(d.description, "  \n \t \n");
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_DESCRIPTION,
	    "la descrizione è obbligatoria");
	/* 700 invalid bytes become 700 U+FFFD, 2100 bytes: too long once made safe. */
	draft_rossi(fx, &d);
	memset(d.description, 0xff, 700);
	d.description[700] = '\0';
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_DESCRIPTION,
	    "la descrizione è troppo lunga (al massimo 2000 caratteri)");
	draft_rossi(fx, &d);
	strcpy(d.topic, "Pagamenti");
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_TOPIC,
	    "argomento \"Pagamenti\" sconosciuto");
	draft_rossi(fx, &d);
	d.topic[0] = '\0';
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_TOPIC,
	    "scegliere l'argomento della segnalazione");
	draft_rossi(fx, &d);
	strcpy(d.subtopic, "Istruttoria ferma");
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_SUBTOPIC,
	    "sottoargomento \"Istruttoria ferma\" non previsto per \"Pagamento\"");
	/* P2 is Verdi's, not Rossi's. */
	draft_rossi(fx, &d);
	d.practice_id = fx->p2;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_PRACTICE,
	    "la domanda scelta non riguarda questo lavoratore");
	draft_rossi(fx, &d);
	d.practice_id = 424242;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_PRACTICE,
	    "domanda sconosciuta");
	/* P1 is A's, not B's. */
	draft_company_b(fx, &d);
	d.practice_id = fx->p1;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_PRACTICE,
	    "la domanda scelta non è di questa azienda");
	draft_rossi(fx, &d);
	d.office_id = 99999;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_OFFICE, "sede sconosciuta");
	draft_rossi(fx, &d);
	d.office_id = 0;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_OFFICE,
	    "indicare la sede competente");
	draft_rossi(fx, &d);
	d.worker_id = 0;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_PERSON,
	    "la segnalazione deve riguardare un lavoratore o un'azienda");
	/* Rossi's account with Verdi as the worker. */
	draft_rossi(fx, &d);
	d.worker_id = fx->verdi.id;
	d.practice_id = fx->p2;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_PERSON,
	    "l'account " CF_ROSSI " non corrisponde al lavoratore indicato");
	/* B's owner speaking for A. */
	draft_company_b(fx, &d);
	d.company_id = fx->a.id;
	d.practice_id = 0;
	d.chat_id = 0;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_PERSON,
	    "l'account FRRLGU70B12G273C non è collegato all'azienda Alfa Srl");
	/* Rossi's report from B's chat. */
	draft_rossi(fx, &d);
	d.chat_id = fx->chat2;
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_CHAT,
	    "la chat 2 non è di questo utente");
	draft_rossi(fx, &d);
	d.client_token[5] = 'Z';
	refused(fx, &fx->advisor, &d, ERR_INVALID, REPORT_FIELD_NONE,
	    "modulo senza codice di invio valido: riaprire il modulo");
	/* Only advisors and supervisors file. */
	draft_rossi(fx, &d);
	refused(fx, &fx->op_to, &d, ERR_DENIED, REPORT_FIELD_NONE,
	    "solo gli operatori INFO CIG e i supervisori possono inoltrare segnalazioni");
	refused(fx, &fx->worker, &d, ERR_DENIED, REPORT_FIELD_NONE,
	    "solo gli operatori INFO CIG e i supervisori possono inoltrare segnalazioni");
	fx->advisor.locked = 1;
	refused(fx, &fx->advisor, &d, ERR_DENIED, REPORT_FIELD_NONE,
	    "solo gli operatori INFO CIG e i supervisori possono inoltrare segnalazioni");
	fx->advisor.locked = 0;
	/* Nothing above used a protocol number: the first one is still 1. */
	struct report_filed res;

	file_ok(fx, &d, NOW, "LI-2026-0000001", &res);
}

static int
collect(void *arg, const struct chat_report *r)
{
	char *buf = arg;

	snprintf(buf + strlen(buf), 256 - strlen(buf), "%s %s %s|", r->protocol,
	    report_status_name(r->status), r->outcome);
	return 0;
}

static void
test_file_and_twice(void **state)
{
	struct fx *fx = *state;
	struct report_draft d, d2;
	struct report_filed res, again;
	struct report r;
	struct report_note *notes;
	size_t nnotes;
	char msg[256] = "", seen[256] = "";
	struct snapshot before, after;

	draft_rossi(fx, &d);
	strcpy(d.description, "\n  IBAN respinto.\x1b[2J  \n\n");
	file_ok(fx, &d, NOW, "LI-2026-0000001", &res);
	assert_int_equal(res.office.id, fx->to.id);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM chats WHERE id = 1"
	    " AND outcome = 'linea_inps'"), 1);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM messages WHERE chat_id = 1"
	    " AND sender = 'system' AND body = 'Segnalazione inoltrata a Linea INPS con"
	    " protocollo LI-2026-0000001 alla sede competente: Direzione di coordinamento"
	    " metropolitano di Torino. Può seguirne lo stato con il comando /segnalazioni.'"), 1);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM audit WHERE action = 'report_file'"
	    " AND subject = 'LI-2026-0000001' AND reason = 'Pagamento / IBAN errato'"
	    " AND chat_id = 1"), 1);

	assert_int_equal(report_get_by_protocol(fx->rs, &fx->advisor, "LI-2026-0000001", &r,
	    &notes, &nnotes, msg, sizeof msg), 0);
	assert_int_equal(r.status, REPORT_NUOVA);
	assert_int_equal(r.year, 2026);
	assert_int_equal(r.seq, 1);
	assert_int_equal(r.chat_id, fx->chat1);
	assert_int_equal(r.practice_id, fx->p1);
	assert_string_equal(r.practice_number, "INPS-2026-000001");
	assert_int_equal(r.account_id, fx->worker.id);
	assert_string_equal(r.worker_cf, CF_ROSSI);
	assert_string_equal(r.worker_name, "Mario Rossi");
	assert_int_equal(r.company_id, 0);
	assert_string_equal(r.office_code, "DCM-TO");
	assert_string_equal(r.description, "  IBAN respinto.");
	assert_string_equal(r.outcome, "");
	assert_string_equal(r.filed_by_name, "Anna Operatrice");
	assert_int_equal(r.filed_at, NOW);
	assert_int_equal(r.handler_id, 0);
	assert_int_equal(nnotes, 1);
	assert_int_equal(notes[0].kind, REPORT_NOTE_FILED);
	assert_int_equal(notes[0].account_id, fx->advisor.id);
	assert_int_equal(notes[0].at, NOW);
	assert_string_equal(notes[0].body, "inoltrata alla sede DCM-TO Direzione di "
	    "coordinamento metropolitano di Torino");
	store_report_notes_free(notes, nnotes);
	store_report_clear(&r);

	/* Submit pressed twice: the same report, nothing new. */
	snap(fx, &before);
	assert_int_equal(report_file(fx->rs, fx->topics, &fx->advisor, &d, NOW + 1, &again,
	    msg, sizeof msg), 0);
	assert_int_equal(again.duplicate, 1);
	assert_string_equal(again.protocol, "LI-2026-0000001");
	assert_int_equal(again.id, res.id);
	assert_int_equal(again.office.id, fx->to.id);
	snap(fx, &after);
	assert_memory_equal(&before, &after, sizeof before);

	/* A new form is a new report. */
	draft_company_b(fx, &d2);
	file_ok(fx, &d2, NOW + 60, "LI-2026-0000002", &res);
	assert_int_equal(res.office.id, fx->mi.id);

	/* What /segnalazioni shows each person. */
	assert_int_equal(store_chat_reports_of(fx->cs, fx->worker.id, 0, fx->rossi.id, collect, seen),
	    0);
	assert_string_equal(seen, "LI-2026-0000001 nuova |");
	seen[0] = '\0';
	assert_int_equal(store_chat_reports_of(fx->cs, fx->owner_b.id, fx->b.id, 0, collect, seen),
	    0);
	assert_string_equal(seen, "LI-2026-0000002 nuova |");
}

static void
test_year_change(void **state)
{
	struct fx *fx = *state;
	struct report_draft d;
	struct report_filed res;
	char msg[256] = "";

	/* 31 December 2026, 23:00 and 23:59 in Rome; then 00:30 on 1 January 2027. */
	draft_rossi(fx, &d);
	file_ok(fx, &d, at("2026-12-31", 22, 0), "LI-2026-0000001", &res);
	draft_rossi(fx, &d);
	file_ok(fx, &d, at("2026-12-31", 22, 59), "LI-2026-0000002", &res);
	draft_rossi(fx, &d);
	file_ok(fx, &d, at("2026-12-31", 23, 30), "LI-2027-0000001", &res);
	draft_rossi(fx, &d);
	file_ok(fx, &d, at("2027-03-01", 9, 0), "LI-2027-0000002", &res);
	/* A clock set back still numbers 2026 after its last one. */
	draft_rossi(fx, &d);
	file_ok(fx, &d, at("2026-12-31", 22, 30), "LI-2026-0000003", &res);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM reports"), 5);

	/* Past 9999999 in a year: refused, nothing saved. */
	q_exec(fx, "INSERT INTO reports (protocol, year, seq, office_id, topic, subtopic,"
	    " description, status, filed_by, filed_at, updated_at)"
	    " VALUES ('LI-2030-9999999', 2030, 9999999, 1, 'Altro', 'Altro', 'x', 'nuova', 1,"
	    " 0, 0)");
	draft_rossi(fx, &d);
	assert_int_equal(report_file(fx->rs, fx->topics, &fx->advisor, &d, at("2030-05-01", 9, 0),
	    &res, msg, sizeof msg), ERR_LIMIT);
	assert_string_equal(msg, "numerazione delle segnalazioni del 2030 esaurita");
	assert_int_equal(q_int(fx, "SELECT count(*) FROM reports"), 6);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM report_notes"), 5);
}

#ifndef PER_CHILD
#define PER_CHILD 150		/* reports per process; -DPER_CHILD=N for a longer run */
#endif

/*
 * One child: its own connection, PER_CHILD reports as fast as it can,
 * each protocol written to out.  Exit status 0 when all were filed.
 */
static int
child_files(struct fx *fx, int go, const char *out)
{
	struct store *st;
	struct store *rs;
	struct report_draft d;
	struct report_filed res;
	char err[256], msg[256], c;
	FILE *fp = fopen(out, "w");
	int i, bad = 0;

	if (fp == NULL || store_open(fx->path, 0, &st, err, sizeof err) < 0)
		return 2;
	rs = st;
	/* Wait until the parent lets both children go at once. */
	if (read(go, &c, 1) < 0)
		return 3;
	for (i = 0; i < PER_CHILD; i++) {
		draft_company_b(fx, &d);
		d.chat_id = 0;
		if (report_file(rs, fx->topics, &fx->advisor, &d, NOW, &res, msg, sizeof msg) < 0 ||
		    res.duplicate) {
			fprintf(stderr, "child %d: %s\n", (int)getpid(), msg);
			bad++;
			continue;
		}
		fprintf(fp, "%s\n", res.protocol);
	}
	fclose(fp);
	store_close(st);
	return bad ? 1 : 0;
}

static void
test_two_processes(void **state)
{
	struct fx *fx = *state;
	char out[2][128], line[96], want[REPORT_PROTOCOL_SIZE];
	int fds[2], status, seen[2 * PER_CHILD + 1];
	pid_t pid[2];
	FILE *fp;
	int64_t seq;
	int year, k, got = 0;

	assert_int_equal(pipe(fds), 0);
	for (k = 0; k < 2; k++) {
		snprintf(out[k], sizeof out[k], "%s/child%d.txt", fx->dir, k);
		pid[k] = fork();
		assert_true(pid[k] >= 0);
		if (pid[k] == 0) {
			close(fds[1]);
			_exit(child_files(fx, fds[0], out[k]));
		}
	}
	close(fds[0]);
	/* Closing the write end wakes both readers at the same moment. */
	close(fds[1]);
	for (k = 0; k < 2; k++) {
		assert_int_equal(waitpid(pid[k], &status, 0), pid[k]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	/* Every protocol handed out once, and they are exactly 1..2N. */
	memset(seen, 0, sizeof seen);
	for (k = 0; k < 2; k++) {
		assert_non_null(fp = fopen(out[k], "r"));
		while (fgets(line, sizeof line, fp) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			assert_int_equal(report_protocol_parse(line, &year, &seq), 0);
			assert_int_equal(year, 2026);
			assert_true(seq >= 1 && seq <= 2 * PER_CHILD);
			assert_int_equal(seen[seq], 0);
			seen[seq] = 1;
			got++;
		}
		fclose(fp);
	}
	assert_int_equal(got, 2 * PER_CHILD);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM reports"), 2 * PER_CHILD);
	assert_int_equal(q_int(fx, "SELECT count(DISTINCT seq) FROM reports WHERE year = 2026"),
	    2 * PER_CHILD);
	assert_int_equal(q_int(fx, "SELECT min(seq) FROM reports"), 1);
	assert_int_equal(q_int(fx, "SELECT max(seq) FROM reports"), 2 * PER_CHILD);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM reports WHERE protocol <>"
	    " printf('LI-%04d-%07d', year, seq)"), 0);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM report_notes"), 2 * PER_CHILD);
	/* The last one, e.g. LI-2026-0000300 for 2 x 150. */
	report_protocol_format(want, sizeof want, 2026, 2 * PER_CHILD);
	snprintf(line, sizeof line, "SELECT count(*) FROM reports WHERE protocol = '%s'", want);
	assert_int_equal(q_int(fx, line), 1);
}

static void
test_take_note_close(void **state)
{
	struct fx *fx = *state;
	struct report_draft d;
	struct report_filed res, res2;
	struct report r;
	struct report_note *notes;
	size_t nnotes;
	char msg[256] = "", seen[256] = "";
	int64_t id;

	draft_rossi(fx, &d);
	file_ok(fx, &d, NOW, "LI-2026-0000001", &res);
	id = res.id;

	/* Only the Turin office's operators act on a Turin report. */
	assert_int_equal(report_take(fx->rs, &fx->advisor, id, NOW + 10, msg, sizeof msg),
	    ERR_DENIED);
	assert_string_equal(msg, "solo gli operatori della sede DCM-TO possono lavorare la "
	    "segnalazione LI-2026-0000001");
	assert_int_equal(report_take(fx->rs, &fx->supervisor, id, NOW + 10, msg, sizeof msg),
	    ERR_DENIED);
	assert_int_equal(report_take(fx->rs, &fx->op_mi, id, NOW + 10, msg, sizeof msg),
	    ERR_DENIED);
	assert_int_equal(report_take(fx->rs, &fx->op_none, id, NOW + 10, msg, sizeof msg),
	    ERR_DENIED);
	assert_int_equal(report_note_add(fx->rs, &fx->op_mi, id, "x", NOW + 10, msg, sizeof msg),
	    ERR_DENIED);
	assert_int_equal(report_close(fx->rs, &fx->op_mi, id, "x", NOW + 10, msg, sizeof msg),
	    ERR_DENIED);
	assert_int_equal(report_take(fx->rs, &fx->op_to, 4242, NOW + 10, msg, sizeof msg),
	    ERR_NOTFOUND);

	/* The first operator takes it; the second one cannot. */
	assert_int_equal(report_take(fx->rs, &fx->op_to, id, NOW + 100, msg, sizeof msg), 0);
	assert_int_equal(report_take(fx->rs, &fx->op_to2, id, NOW + 101, msg, sizeof msg),
	    ERR_CONFLICT);
	assert_string_equal(msg, "la segnalazione LI-2026-0000001 è già presa in carico da "
	    "Tino Torinese");
	/* At the SQL level too: the UPDATE is conditional. */
	assert_int_equal(store_report_take(fx->rs, id, fx->op_to2.id, NOW + 101), ERR_CONFLICT);
	/* Taking it again is harmless and writes nothing. */
	assert_int_equal(report_take(fx->rs, &fx->op_to, id, NOW + 102, msg, sizeof msg), 0);

	/* A colleague may add a note; an empty one is refused. */
	assert_int_equal(report_note_add(fx->rs, &fx->op_to2, id, " \n ", NOW + 200, msg,
	    sizeof msg), ERR_INVALID);
	assert_string_equal(msg, "la nota è vuota");
	{
		char long_note[REPORT_NOTE_MAX + 2];

		memset(long_note, 'a', sizeof long_note - 1);
		long_note[sizeof long_note - 1] = '\0';
		assert_int_equal(report_note_add(fx->rs, &fx->op_to2, id, long_note, NOW + 200,
		    msg, sizeof msg), ERR_INVALID);
		assert_string_equal(msg, "la nota è troppo lunga (al massimo 1000 caratteri)");
	}
	assert_int_equal(report_note_add(fx->rs, &fx->op_to2, id, "Chiesto il nuovo IBAN\n"
	    "all'azienda.", NOW + 200, msg, sizeof msg), 0);

	/* Only the operator who holds it closes it, and with an outcome. */
	assert_int_equal(report_close(fx->rs, &fx->op_to2, id, "fatto", NOW + 300, msg,
	    sizeof msg), ERR_CONFLICT);
	assert_string_equal(msg, "la segnalazione LI-2026-0000001 è già presa in carico da "
	    "Tino Torinese");
	assert_int_equal(report_close(fx->rs, &fx->op_to, id, "", NOW + 300, msg, sizeof msg),
	    ERR_INVALID);
	assert_string_equal(msg, "l'esito è obbligatorio per chiudere");
	assert_int_equal(report_close(fx->rs, &fx->op_to, id, "IBAN aggiornato, pagamento "
	    "riemesso.", NOW + 400, msg, sizeof msg), 0);

	/* Closed: nothing more. */
	assert_int_equal(report_note_add(fx->rs, &fx->op_to, id, "ancora", NOW + 500, msg,
	    sizeof msg), ERR_CONFLICT);
	assert_string_equal(msg, "la segnalazione LI-2026-0000001 è già chiusa");
	assert_int_equal(report_take(fx->rs, &fx->op_to2, id, NOW + 500, msg, sizeof msg),
	    ERR_CONFLICT);
	assert_int_equal(report_close(fx->rs, &fx->op_to, id, "di nuovo", NOW + 500, msg,
	    sizeof msg), ERR_CONFLICT);

	assert_int_equal(report_get(fx->rs, &fx->op_to2, id, &r, &notes, &nnotes, msg,
	    sizeof msg), 0);
	assert_int_equal(r.status, REPORT_CHIUSA);
	assert_int_equal(r.handler_id, fx->op_to.id);
	assert_string_equal(r.handler_name, "Tino Torinese");
	assert_string_equal(r.outcome, "IBAN aggiornato, pagamento riemesso.");
	assert_int_equal(r.updated_at, NOW + 400);
	assert_int_equal(nnotes, 4);
	assert_int_equal(notes[0].kind, REPORT_NOTE_FILED);
	assert_int_equal(notes[1].kind, REPORT_NOTE_TAKEN);
	assert_int_equal(notes[1].account_id, fx->op_to.id);
	assert_int_equal(notes[1].at, NOW + 100);
	assert_int_equal(notes[2].kind, REPORT_NOTE_NOTE);
	assert_int_equal(notes[2].account_id, fx->op_to2.id);
	assert_string_equal(notes[2].author, "Teresa Torinese");
	assert_int_equal(notes[2].at, NOW + 200);
	assert_string_equal(notes[2].body, "Chiesto il nuovo IBAN\nall'azienda.");
	assert_int_equal(notes[3].kind, REPORT_NOTE_CLOSED);
	assert_int_equal(notes[3].at, NOW + 400);
	assert_string_equal(notes[3].body, "IBAN aggiornato, pagamento riemesso.");
	store_report_notes_free(notes, nnotes);
	store_report_clear(&r);
	assert_int_equal(q_int(fx, "SELECT count(*) FROM audit WHERE subject = 'LI-2026-0000001'"
	    " AND action IN ('report_presa_in_carico', 'report_nota', 'report_chiusura')"), 3);

	/* The person sees the new status and the outcome. */
	assert_int_equal(store_chat_reports_of(fx->cs, fx->worker.id, 0, fx->rossi.id, collect, seen),
	    0);
	assert_string_equal(seen, "LI-2026-0000001 chiusa IBAN aggiornato, pagamento riemesso.|");

	/* A nuova report may be closed at once; the closer becomes its handler. */
	draft_company_b(fx, &d);
	file_ok(fx, &d, NOW + 600, "LI-2026-0000002", &res2);
	assert_int_equal(report_close(fx->rs, &fx->op_mi, res2.id, "Dati arrivati.", NOW + 700,
	    msg, sizeof msg), 0);
	assert_int_equal(report_get(fx->rs, &fx->op_mi, res2.id, &r, NULL, NULL, msg,
	    sizeof msg), 0);
	assert_int_equal(r.status, REPORT_CHIUSA);
	assert_int_equal(r.handler_id, fx->op_mi.id);
	store_report_clear(&r);
}

static void
list_protocols(struct fx *fx, const struct store_account *who, const struct report_filter *f,
    int want, const char *protocols)
{
	struct report *list;
	char msg[256] = "", got[512] = "";
	size_t n, i;

	assert_int_equal(report_list(fx->rs, who, f, &list, &n, msg, sizeof msg), want);
	for (i = 0; i < n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "",
		    list[i].protocol + 11);	/* the last 4 digits */
	store_report_array_free(list, n);
	if (want == 0)
		assert_string_equal(got, protocols);
	else
		assert_string_equal(msg, protocols);
}

static void
test_list_access(void **state)
{
	struct fx *fx = *state;
	struct report_draft d;
	struct report_filed res;
	struct report_filter f;
	struct report r;
	char msg[256] = "";

	/* 1: Rossi, Turin; 2: B, Milan; 3: Rossi, Turin, a day later; 4: B, Milan. */
	draft_rossi(fx, &d);
	file_ok(fx, &d, at("2026-06-20", 10, 0), "LI-2026-0000001", &res);
	draft_company_b(fx, &d);
	file_ok(fx, &d, at("2026-06-20", 11, 0), "LI-2026-0000002", &res);
	draft_rossi(fx, &d);
	file_ok(fx, &d, at("2026-06-21", 21, 30), "LI-2026-0000003", &res);
	assert_int_equal(report_take(fx->rs, &fx->op_to, res.id, NOW, msg, sizeof msg), 0);
	draft_company_b(fx, &d);
	file_ok(fx, &d, at("2026-06-22", 8, 0), "LI-2026-0000004", &res);

	report_filter_init(&f);
	list_protocols(fx, &fx->supervisor, &f, 0, "0001 0002 0003 0004");
	list_protocols(fx, &fx->advisor, &f, 0, "0001 0002 0003 0004");
	/* An operator sees their own office only, asked or not. */
	list_protocols(fx, &fx->op_to, &f, 0, "0001 0003");
	list_protocols(fx, &fx->op_mi, &f, 0, "0002 0004");
	f.office_id = fx->to.id;
	list_protocols(fx, &fx->op_to, &f, 0, "0001 0003");
	list_protocols(fx, &fx->advisor, &f, 0, "0001 0003");
	list_protocols(fx, &fx->op_mi, &f, ERR_DENIED,
	    "si possono consultare solo le segnalazioni della propria sede");
	report_filter_init(&f);
	list_protocols(fx, &fx->op_none, &f, ERR_DENIED,
	    "all'account sede.x non è assegnata nessuna sede");
	list_protocols(fx, &fx->worker, &f, ERR_DENIED,
	    "le segnalazioni sono riservate al personale INPS");

	/* By status. */
	f.status = REPORT_IN_LAVORAZIONE;
	list_protocols(fx, &fx->supervisor, &f, 0, "0003");
	f.status = REPORT_NUOVA;
	list_protocols(fx, &fx->op_to, &f, 0, "0001");
	f.status = REPORT_CHIUSA;
	list_protocols(fx, &fx->supervisor, &f, 0, "");

	/* By filing time, [from, to): 21 June in Rome is 20 June 22:00 .. 21 June 22:00 UTC. */
	report_filter_init(&f);
	f.from = at("2026-06-20", 22, 0);
	f.to = at("2026-06-21", 22, 0);
	list_protocols(fx, &fx->supervisor, &f, 0, "0003");
	f.to = 0;
	list_protocols(fx, &fx->supervisor, &f, 0, "0003 0004");
	f.from = 0;
	f.to = at("2026-06-20", 11, 0);
	list_protocols(fx, &fx->supervisor, &f, 0, "0001");

	/* A person's reports, newest first, as the case pane wants them. */
	report_filter_init(&f);
	f.worker_id = fx->rossi.id;
	f.newest_first = 1;
	list_protocols(fx, &fx->advisor, &f, 0, "0003 0001");
	f.limit = 1;
	list_protocols(fx, &fx->advisor, &f, 0, "0003");
	report_filter_init(&f);
	f.company_id = fx->b.id;
	list_protocols(fx, &fx->advisor, &f, 0, "0002 0004");
	f.account_id = fx->worker.id;
	list_protocols(fx, &fx->advisor, &f, 0, "0001 0002 0003 0004");
	f.office_id = fx->mi.id;
	list_protocols(fx, &fx->advisor, &f, 0, "0002 0004");

	/* One report: another office's is refused to an operator. */
	assert_int_equal(report_get_by_protocol(fx->rs, &fx->op_to, "LI-2026-0000002", &r, NULL,
	    NULL, msg, sizeof msg), ERR_DENIED);
	assert_string_equal(msg, "segnalazione LI-2026-0000002 di un'altra sede (DCM-MI): "
	    "non consultabile");
	assert_int_equal(report_get_by_protocol(fx->rs, &fx->op_mi, "li-2026-0000002", &r, NULL,
	    NULL, msg, sizeof msg), 0);
	assert_string_equal(r.company_name, "Beta Spa");
	store_report_clear(&r);
	assert_int_equal(report_get_by_protocol(fx->rs, &fx->op_mi, "LI-2026-0000009", &r, NULL,
	    NULL, msg, sizeof msg), ERR_NOTFOUND);
	assert_string_equal(msg, "nessuna segnalazione con protocollo LI-2026-0000009");
	assert_int_equal(report_get_by_protocol(fx->rs, &fx->op_mi, "2026/9", &r, NULL, NULL,
	    msg, sizeof msg), ERR_INVALID);
	assert_string_equal(msg, "\"2026/9\" non è un protocollo Linea INPS "
	    "(formato LI-AAAA-NNNNNNN)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_topics),
		cmocka_unit_test(test_protocol),
		cmocka_unit_test(test_text_clean),
		cmocka_unit_test_setup_teardown(test_office, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draft_for_chat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_and_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_year_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_take_note_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_access, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
