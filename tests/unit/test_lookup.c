/*
 * Unit tests for lookup: keys of every kind, the access rules for staff,
 * workers and company-side accounts, the audit of staff lookups, the
 * Italian messages, and one timeline through lookup_timeline().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"

#include "conf.h"
#include "lookup.h"

#define CF_ROSSI	"RSSMRA85T10A562S"	/* worker of A, in application P1 */
#define CF_VERDI	"VRDGPP80A01H501U"	/* worker of B, in application P2 */
#define CF_UNKNOWN	"BNCLCU90M41F205Q"	/* valid, not in the database */
#define CF_CONSULT	"NREFNC75C15L219W"	/* the consultant's login */

struct fx {
	struct fx_db db;
	struct store_company a, b;
	struct store_worker rossi, verdi;
	struct store_account advisor, worker, worker2, consultant, owner_b;
	int64_t p1, p2;
};

/* An application of company_id with one worker, filed with the office of prov. */
static int64_t
practice(struct store *st, const char *number, int64_t company_id, const char *prov,
    const char *from, const char *to, int64_t worker_id)
{
	int64_t id = fx_practice(st, number, company_id, fx_office(st, prov), PRACTICE_CIGO, from,
	    to);

	assert_int_equal(store_practice_worker_add(st, id, worker_id, 100), 0);
	return id;
}

static void
event(struct store *st, int64_t id, enum event_kind kind, const char *day, const char *detail)
{
	struct practice_event ev = fx_event(kind, day, 0, 0, 0, detail);

	assert_int_equal(store_event_add(st, id, &ev), 0);
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);

	if (fx == NULL || fx_db_open(&fx->db, "lookup") < 0) {
		free(fx);
		return -1;
	}
	/* Company A has a partita IVA different from its codice fiscale. */
	fx_company(fx->db.st, &fx->a, "01234567897", "12345678903", "1234567890", "Alfa Srl", "RM");
	fx_company(fx->db.st, &fx->b, "09876543217", "09876543217", "0987654321", "Beta Spa", "MI");
	fx_worker(fx->db.st, &fx->rossi, CF_ROSSI, "Rossi", "Mario", "RM", "");
	fx_worker(fx->db.st, &fx->verdi, CF_VERDI, "Verdi", "Giuseppe", "MI", "");
	fx_account(fx->db.st, &fx->advisor, "anna", ROLE_ADVISOR, 0);
	fx_account(fx->db.st, &fx->worker, CF_ROSSI, ROLE_WORKER, fx->rossi.id);
	fx_account(fx->db.st, &fx->worker2, CF_VERDI, ROLE_WORKER, fx->verdi.id);
	fx_account(fx->db.st, &fx->consultant, CF_CONSULT, ROLE_CONSULTANT, 0);
	fx_account(fx->db.st, &fx->owner_b, "FRRLGU70B12G273C", ROLE_OWNER, 0);
	assert_int_equal(store_delegation_add(fx->db.st, fx->consultant.id, fx->a.id,
	    ROLE_CONSULTANT, fx_day("2023-01-01")), 0);
	assert_int_equal(store_delegation_add(fx->db.st, fx->owner_b.id, fx->b.id, ROLE_OWNER,
	    fx_day("2023-01-01")), 0);
	fx->p1 = practice(fx->db.st, "INPS-2026-000001", fx->a.id, "RM", "2026-03-02",
	    "2026-03-31", fx->rossi.id);
	fx->p2 = practice(fx->db.st, "INPS-2026-000002", fx->b.id, "MI", "2026-01-05",
	    "2026-01-30", fx->verdi.id);
	event(fx->db.st, fx->p1, EV_PRESENTATA, "2026-03-10", "");
	event(fx->db.st, fx->p1, EV_AUTORIZZATA, "2026-04-20", "AUT-2026-1");
	event(fx->db.st, fx->p2, EV_PRESENTATA, "2026-01-12", "");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	int r = fx_db_close(&fx->db);

	free(fx);
	return r;
}

static int64_t
audit_rows(struct fx *fx)
{
	struct store_counts c;

	assert_int_equal(store_counts(fx->db.st, &c), 0);
	return c.audit;
}

static void
test_advisor_finds_worker(void **state)
{
	struct fx *fx = *state;
	struct lookup l;
	char msg[256] = "";
	int64_t before = audit_rows(fx);

	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, CF_ROSSI, "chat 12", 0, &l,
	    msg, sizeof msg), 0);
	assert_int_equal(l.kind, VALID_KIND_CF_PERSON);
	assert_string_equal(l.key, CF_ROSSI);
	assert_int_equal(l.has_worker, 1);
	assert_int_equal(l.worker.id, fx->rossi.id);
	assert_string_equal(l.worker.surname, "Rossi");
	assert_int_equal(l.npractices, 1);
	assert_int_equal(l.practices[0], fx->p1);
	lookup_clear(&l);
	assert_null(l.practices);
	assert_int_equal(audit_rows(fx), before + 1);

	/* Written as a person would type it. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "  rssmra85t10a562s ", NULL, 0, &l,
	    msg, sizeof msg), 0);
	assert_string_equal(l.key, CF_ROSSI);
	assert_int_equal(l.worker.id, fx->rossi.id);
	lookup_clear(&l);
	assert_int_equal(audit_rows(fx), before + 2);
}

static void
test_worker_access(void **state)
{
	struct fx *fx = *state;
	struct lookup l;
	char msg[256] = "";
	int64_t before = audit_rows(fx);

	assert_int_equal(lookup_resolve(fx->db.st, &fx->worker, CF_ROSSI, NULL, 0, &l, msg,
	    sizeof msg), 0);
	assert_int_equal(l.has_worker, 1);
	assert_int_equal(l.npractices, 1);
	lookup_clear(&l);
	assert_int_equal(lookup_resolve(fx->db.st, &fx->worker, CF_VERDI, NULL, 0, &l, msg,
	    sizeof msg), ERR_DENIED);
	assert_string_equal(msg, "non autorizzato a consultare questi dati");
	assert_int_equal(l.npractices, 0);
	assert_null(l.practices);
	/* Nor a company, nor another worker's application. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->worker, "01234567897", NULL, 0, &l, msg,
	    sizeof msg), ERR_DENIED);
	assert_int_equal(lookup_resolve(fx->db.st, &fx->worker, "INPS-2026-000002", NULL, 0, &l,
	    msg, sizeof msg), ERR_DENIED);
	/* Its own application: yes. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->worker, "INPS-2026-000001", NULL, 0, &l,
	    msg, sizeof msg), 0);
	assert_int_equal(l.npractices, 1);
	assert_int_equal(l.practices[0], fx->p1);
	lookup_clear(&l);
	/* People's lookups are not audited: only staff's. */
	assert_int_equal(audit_rows(fx), before);
}

static void
test_consultant_access(void **state)
{
	struct fx *fx = *state;
	struct lookup l;
	char msg[256] = "";

	/* By partita IVA (not the same as A's codice fiscale). */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->consultant, "12345678903", NULL, 0, &l, msg,
	    sizeof msg), 0);
	assert_int_equal(l.kind, VALID_KIND_CF_COMPANY);
	assert_int_equal(l.has_company, 1);
	assert_int_equal(l.company.id, fx->a.id);
	assert_int_equal(l.npractices, 1);
	assert_int_equal(l.practices[0], fx->p1);
	lookup_clear(&l);
	/* By matricola. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->consultant, "1234567890", NULL, 0, &l, msg,
	    sizeof msg), 0);
	assert_int_equal(l.kind, VALID_KIND_MATRICOLA);
	assert_int_equal(l.company.id, fx->a.id);
	lookup_clear(&l);
	/* By codice fiscale. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->consultant, "01234567897", NULL, 0, &l, msg,
	    sizeof msg), 0);
	assert_int_equal(l.company.id, fx->a.id);
	lookup_clear(&l);
	/* By application number. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->consultant, "INPS-2026-000001", NULL, 0, &l,
	    msg, sizeof msg), 0);
	assert_int_equal(l.has_company, 1);
	assert_int_equal(l.company.id, fx->a.id);
	lookup_clear(&l);

	/* Company B, every way: denied. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->consultant, "09876543217", NULL, 0, &l, msg,
	    sizeof msg), ERR_DENIED);
	assert_string_equal(msg, "non autorizzato a consultare questi dati");
	assert_int_equal(lookup_resolve(fx->db.st, &fx->consultant, "0987654321", NULL, 0, &l, msg,
	    sizeof msg), ERR_DENIED);
	assert_int_equal(lookup_resolve(fx->db.st, &fx->consultant, "INPS-2026-000002", NULL, 0, &l,
	    msg, sizeof msg), ERR_DENIED);
	assert_int_equal(l.has_company, 0);
	/* Nor a worker by codice fiscale, even one of company A. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->consultant, CF_ROSSI, NULL, 0, &l, msg,
	    sizeof msg), ERR_DENIED);

	/* B's owner sees B and not A. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->owner_b, "0987654321", NULL, 0, &l, msg,
	    sizeof msg), 0);
	assert_int_equal(l.company.id, fx->b.id);
	assert_int_equal(l.npractices, 1);
	assert_int_equal(l.practices[0], fx->p2);
	lookup_clear(&l);
	assert_int_equal(lookup_resolve(fx->db.st, &fx->owner_b, "12345678903", NULL, 0, &l, msg,
	    sizeof msg), ERR_DENIED);
}

static void
test_invalid_keys(void **state)
{
	struct fx *fx = *state;
	struct lookup l;
	char msg[256] = "";
	int64_t before = audit_rows(fx);

	/* Wrong check character. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "RSSMRA85T10A562X", NULL, 0, &l,
	    msg, sizeof msg), ERR_INVALID);
	assert_string_equal(msg, "codice fiscale non valido: carattere di controllo errato");
	/* Wrong Luhn digit. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "01234567890", NULL, 0, &l,
	    msg, sizeof msg), ERR_INVALID);
	assert_non_null(strstr(msg, "non valido: carattere di controllo errato"));
	/* Not a key at all. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "ciao?", NULL, 0, &l,
	    msg, sizeof msg), ERR_INVALID);
	assert_string_equal(msg, "\"CIAO?\" non è un codice fiscale, una partita IVA, una "
	    "matricola o un numero di domanda");
	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "", NULL, 0, &l,
	    msg, sizeof msg), ERR_INVALID);
	assert_int_equal(l.npractices, 0);
	/* Malformed keys are not audited. */
	assert_int_equal(audit_rows(fx), before);
}

static void
test_not_found(void **state)
{
	struct fx *fx = *state;
	struct lookup l;
	char msg[256] = "";
	int64_t before = audit_rows(fx);

	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, CF_UNKNOWN, NULL, 0, &l,
	    msg, sizeof msg), ERR_NOTFOUND);
	assert_string_equal(msg, "nessun lavoratore con codice fiscale " CF_UNKNOWN);
	assert_int_equal(l.has_worker, 0);
	/* Audited even when not found. */
	assert_int_equal(audit_rows(fx), before + 1);
	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "02468135799", NULL, 0, &l,
	    msg, sizeof msg), ERR_NOTFOUND);
	assert_string_equal(msg, "nessuna azienda con codice fiscale o partita IVA 02468135799");
	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "0246813579", NULL, 0, &l,
	    msg, sizeof msg), ERR_NOTFOUND);
	assert_string_equal(msg, "nessuna azienda con matricola 0246813579");
	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "INPS-2026-000099", NULL, 0, &l,
	    msg, sizeof msg), ERR_NOTFOUND);
	assert_string_equal(msg, "nessuna domanda con numero INPS-2026-000099");
	assert_int_equal(audit_rows(fx), before + 4);
}

static void
test_by_number(void **state)
{
	struct fx *fx = *state;
	struct lookup l;
	char msg[256] = "";
	int64_t before = audit_rows(fx);

	assert_int_equal(lookup_resolve(fx->db.st, &fx->advisor, "inps-2026-000002", "telefonata",
	    0, &l, msg, sizeof msg), 0);
	assert_int_equal(l.kind, VALID_KIND_PRACTICE);
	assert_string_equal(l.key, "INPS-2026-000002");
	assert_int_equal(l.npractices, 1);
	assert_int_equal(l.practices[0], fx->p2);
	assert_int_equal(l.has_company, 1);
	assert_int_equal(l.company.id, fx->b.id);
	assert_string_equal(l.company.name, "Beta Spa");
	assert_int_equal(l.has_worker, 0);
	lookup_clear(&l);
	assert_int_equal(audit_rows(fx), before + 1);
	/* B's owner, and Verdi himself, see it as well. */
	assert_int_equal(lookup_resolve(fx->db.st, &fx->owner_b, "INPS-2026-000002", NULL, 0, &l,
	    msg, sizeof msg), 0);
	lookup_clear(&l);
	assert_int_equal(lookup_resolve(fx->db.st, &fx->worker2, "INPS-2026-000002", NULL, 0, &l,
	    msg, sizeof msg), 0);
	lookup_clear(&l);
}

static void
test_access_rules(void **state)
{
	struct fx *fx = *state;
	struct store_account locked_worker;

	assert_int_equal(access_may_see_worker(fx->db.st, &fx->advisor, fx->verdi.id), 1);
	assert_int_equal(access_may_see_worker(fx->db.st, &fx->worker, fx->rossi.id), 1);
	assert_int_equal(access_may_see_worker(fx->db.st, &fx->worker, fx->verdi.id), 0);
	assert_int_equal(access_may_see_worker(fx->db.st, &fx->consultant, fx->rossi.id), 0);
	assert_int_equal(access_may_see_company(fx->db.st, &fx->consultant, fx->a.id), 1);
	assert_int_equal(access_may_see_company(fx->db.st, &fx->consultant, fx->b.id), 0);
	assert_int_equal(access_may_see_company(fx->db.st, &fx->worker, fx->a.id), 0);
	assert_int_equal(access_may_see_company(fx->db.st, &fx->advisor, fx->b.id), 1);
	/* A worker account not linked to a worker record sees no one. */
	locked_worker = fx->worker;
	locked_worker.worker_id = 0;
	assert_int_equal(access_may_see_worker(fx->db.st, &locked_worker, 0), 0);
	assert_int_equal(access_may_see_worker(fx->db.st, &locked_worker, fx->rossi.id), 0);
}

static void
test_timeline(void **state)
{
	struct fx *fx = *state;
	struct conf *c = conf_defaults();
	struct practice p;
	struct timeline t;
	char buf[16];

	/*
	 * P1: March 2026, authorised 20 April 2026.  Payment data for March are
	 * due by the later of 31 May (end of the second month after) and
	 * 19 June (authorisation + 60 days); on 20 June they are late.
	 */
	assert_int_equal(lookup_timeline(fx->db.st, c, fx->p1, fx->rossi.id, fx_day("2026-06-20"),
	    &p, &t), 0);
	assert_int_equal(t.status, STATUS_AUTORIZZATA);
	assert_int_equal(t.nmonths, 1);
	assert_int_equal(t.months[0].month, 202603);
	assert_string_equal(day_format(t.months[0].deadline, buf, sizeof buf), "2026-06-19");
	assert_int_equal(t.months[0].decadenza, 1);
	assert_string_equal(day_format(t.filing_deadline, buf, sizeof buf), "2026-03-17");
	assert_int_equal(t.filed_late, 0);
	practice_clear(&p);
	/* The day before, still in time. */
	assert_int_equal(lookup_timeline(fx->db.st, c, fx->p1, 0, fx_day("2026-06-19"), &p, &t), 0);
	assert_int_equal(t.months[0].decadenza, 0);
	practice_clear(&p);
	conf_free(c);
}

/*
 * The legal basis reaches practice show, --json and the console's case pane
 * (all print through lookup_print_practice*), from the rules the database
 * got at creation (issue 12).  P1 as in test_timeline: March 2026 lapsed on
 * 20/06/2026 (art. 7 c. 5-bis); filed 10/03 within 02/03 + 15 = 17/03
 * (art. 15 c. 2).
 */
static void
test_print_bases(void **state)
{
	struct fx *fx = *state;
	struct conf *c = conf_defaults();
	struct practice p;
	struct timeline t;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	assert_int_equal(lookup_timeline(fx->db.st, c, fx->p1, 0, fx_day("2026-06-20"), &p, &t),
	    0);
	assert_non_null(fp = open_memstream(&buf, &len));
	lookup_print_practice(fp, &p, &t, 0, 0);
	fclose(fp);
	assert_non_null(strstr(buf, "Da sapere:\n    - termine scaduto per marzo 2026: il "
	    "pagamento è a carico dell'azienda [art. 7 c. 5-bis D.Lgs. 148/2015]\n"));
	assert_non_null(strstr(buf, "entro il 17/03/2026 [art. 15 c. 2 D.Lgs. 148/2015]\n"));
	assert_non_null(strstr(buf, "dati di pagamento di marzo 2026 entro il 19/06/2026: "
	    "DECADENZA, pagamento a carico dell'azienda [art. 7 c. 5-bis D.Lgs. 148/2015]\n"));
	assert_null(strstr(buf, "Cosa manca:"));	/* nothing is missing */
	free(buf);
	buf = NULL;
	assert_non_null(fp = open_memstream(&buf, &len));
	lookup_print_practice_json(fp, &p, &t, 0);
	fclose(fp);
	assert_non_null(strstr(buf, "\"notes\":[{\"text\":\"termine scaduto per marzo 2026: il "
	    "pagamento è a carico dell'azienda\",\"basis\":\"art. 7 c. 5-bis D.Lgs. 148/2015\"}]"));
	assert_non_null(strstr(buf, "\"deadline\":\"2026-06-19\",\"basis\":\"art. 7 c. 5-bis "
	    "D.Lgs. 148/2015\",\"not_due\":false,"));
	assert_non_null(strstr(buf, "\"filing\":{\"text\":\"domanda entro 15 giorni"));
	free(buf);
	practice_clear(&p);
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_advisor_finds_worker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_worker_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consultant_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_by_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_bases, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
