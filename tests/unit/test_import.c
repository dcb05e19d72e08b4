/*
 * Unit tests for import: CSV extracts of every kind read with fmemopen into
 * a fresh database, idempotence, whole-file rejection and --skip-bad, error
 * lines with their line numbers, transition checks and amounts.
 */
#include "fixtures.h"

#include "import.h"
#include "valid.h"

struct fx {
	struct fx_db db;
	char *errors;		/* what the last run reported */
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);

	if (fx == NULL || fx_db_open(&fx->db, "import") < 0) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	int r = fx_db_close(&fx->db);

	free(fx->errors);
	free(fx);
	return r;
}

/* Imports text as file name; fx->errors gets what was reported. */
static int
run(struct fx *fx, enum import_kind kind, const char *name, const char *text, int skip_bad,
    struct import_result *res)
{
	struct import_options o;
	size_t elen = 0;
	FILE *fp, *errs;
	int r;

	free(fx->errors);
	fx->errors = NULL;
	errs = open_memstream(&fx->errors, &elen);
	assert_non_null(errs);
	fp = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(fp);
	memset(&o, 0, sizeof o);
	o.skip_bad = skip_bad;
	o.errors = errs;
	o.max_errors = 50;
	o.name = name;
	o.size = (long)strlen(text);
	r = import_file(fx->db.st, kind, fp, &o, res);
	fclose(fp);
	fclose(errs);
	if (r < 0 && r != ERR_INVALID && fx->errors[0] != '\0')
		print_message("import %s: %d:\n%s", name, r, fx->errors);
	return r;
}

static void
expect_result(const struct import_result *res, long rows, long ins, long upd, long unch,
    long bad)
{
	if (res->rows != rows || res->inserted != ins || res->updated != upd ||
	    res->unchanged != unch || res->bad != bad)
		fail_msg("result rows %ld ins %ld upd %ld unch %ld bad %ld; want %ld %ld %ld %ld %ld",
		    res->rows, res->inserted, res->updated, res->unchanged, res->bad,
		    rows, ins, upd, unch, bad);
}

static void
counts(struct fx *fx, struct store_counts *c)
{
	memset(c, 0, sizeof *c);
	assert_int_equal(store_counts(fx->db.st, c), 0);
}

/* --- the reference extract --- */

static const char companies_csv[] =
	"cf,vat,matricola,name,province\n"
	"01234567897,01234567897,1234567890,Alfa Srl,RM\n"
	"09876543217,09876543217,0987654321,\"Beta, Spa\",MI\n";

static const char workers_csv[] =
	"cf,surname,name,province,iban,company_cf,since\n"
	"RSSMRA85T10A562S,Rossi,Mario,RM,IT60X0542811101000000123456,01234567897,2015-03-01\n"
	"VRDGPP80A01H501U,Verdi,Giuseppe,RM,,01234567897,2018-09-15\n"
	"BNCLCU90M41F205Q,Bianchi,Lucia,MI,,09876543217,2020-01-07\n"
	"GLLMRC88E22A662R,Galli,Marco,BA,,,\n";

static const char practices_csv[] =
	"number,company_cf,office,type,mode,period_from,period_to,weeks,hours,reason,"
	"worker_cf,worker_hours\n"
	"INPS-2026-000001,01234567897,,CIGO,diretto,2026-02-02,2026-03-27,8,320,"
	"crisi di mercato,RSSMRA85T10A562S,160\n"
	"INPS-2026-000001,01234567897,,CIGO,diretto,2026-02-02,2026-03-27,8,320,"
	"crisi di mercato,VRDGPP80A01H501U,160\n"
	"INPS-2026-000002,09876543217,DCM-MI,FIS,diretto,2026-03-02,2026-03-31,4,100,"
	"riorganizzazione,BNCLCU90M41F205Q,100\n";

static const char events_csv[] =
	"number,kind,day,worker_cf,month,detail\n"
	"INPS-2026-000001,presentata,2026-02-10,,,\n"
	"INPS-2026-000001,autorizzata,2026-03-16,,,AUT-2026-77\n"
	"INPS-2026-000001,dati_pagamento,2026-04-02,RSSMRA85T10A562S,2026-02,UNIEMENS\n"
	"INPS-2026-000001,dati_pagamento,2026-04-02,RSSMRA85T10A562S,2026-03,UNIEMENS\n"
	"INPS-2026-000001,dati_pagamento,2026-04-03,VRDGPP80A01H501U,2026-02,UNIEMENS\n"
	"INPS-2026-000002,presentata,2026-03-05,,,\n";

static const char payments_csv[] =
	"number,worker_cf,month,liquidated,paid,amount,method\n"
	"INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,1034.50,bonifico\n"
	"INPS-2026-000001,RSSMRA85T10A562S,2026-03,2026-04-10,2026-04-16,\"1034,5\",bonifico\n"
	"INPS-2026-000001,VRDGPP80A01H501U,2026-02,2026-04-11,2026-04-17,1034,domiciliato\n";

static void
import_reference(struct fx *fx)
{
	struct import_result res;

	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_csv, 0, &res), 0);
	expect_result(&res, 2, 2, 0, 0, 0);
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", workers_csv, 0, &res), 0);
	expect_result(&res, 4, 4, 0, 0, 0);
	assert_int_equal(run(fx, IMPORT_PRACTICES, "p.csv", practices_csv, 0, &res), 0);
	/* The second row of an application adds a worker to it: updated. */
	expect_result(&res, 3, 2, 1, 0, 0);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events_csv, 0, &res), 0);
	expect_result(&res, 6, 6, 0, 0, 0);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", payments_csv, 0, &res), 0);
	expect_result(&res, 3, 3, 0, 0, 0);
	assert_string_equal(fx->errors, "");
}

static int64_t
practice_id(struct fx *fx, const char *number)
{
	int64_t id = 0;

	assert_int_equal(store_practice_by_number(fx->db.st, number, &id), 0);
	return id;
}

static void
test_all_kinds(void **state)
{
	struct fx *fx = *state;
	struct store_counts c;
	struct store_company co;
	struct store_worker w;
	struct store_office o;
	struct practice p;

	import_reference(fx);
	counts(fx, &c);
	assert_int_equal(c.companies, 2);
	assert_int_equal(c.workers, 4);
	assert_int_equal(c.practices, 2);
	assert_int_equal(c.practice_workers, 3);
	assert_int_equal(c.events, 3);
	assert_int_equal(c.payment_data, 3);
	assert_int_equal(c.payments, 3);

	assert_int_equal(store_company_find(fx->db.st, "0987654321", &co), 0);
	assert_string_equal(co.name, "Beta, Spa");		/* quoted comma */
	assert_string_equal(co.province, "MI");
	assert_int_equal(store_worker_by_cf(fx->db.st, "RSSMRA85T10A562S", &w), 0);
	assert_string_equal(w.surname, "Rossi");
	assert_string_equal(w.iban, "IT60X0542811101000000123456");

	assert_int_equal(store_practice_load(fx->db.st, practice_id(fx, "INPS-2026-000001"), &p), 0);
	assert_int_equal(p.type, PRACTICE_CIGO);
	assert_int_equal(p.weeks, 8);
	assert_int_equal(p.hours, 320);
	assert_string_equal(p.reason, "crisi di mercato");
	assert_int_equal(p.nworkers, 2);
	/* No office given: the one of the company's province. */
	assert_int_equal(store_office_by_province(fx->db.st, "RM", &o), 0);
	assert_int_equal(p.office_id, o.id);
	assert_int_equal(practice_status_of(&p), STATUS_IN_PAGAMENTO);
	practice_clear(&p);

	assert_int_equal(store_practice_load(fx->db.st, practice_id(fx, "INPS-2026-000002"), &p), 0);
	assert_int_equal(p.type, PRACTICE_FIS);
	assert_int_equal(store_office_by_code(fx->db.st, "DCM-MI", &o), 0);
	assert_int_equal(p.office_id, o.id);
	assert_int_equal(p.nevents, 1);
	assert_int_equal(practice_status_of(&p), STATUS_PRESENTATA);
	practice_clear(&p);
}

static void
test_amounts(void **state)
{
	struct fx *fx = *state;
	struct practice p;
	struct store_worker r, v;
	size_t i;
	int seen = 0;

	import_reference(fx);
	assert_int_equal(store_worker_by_cf(fx->db.st, "RSSMRA85T10A562S", &r), 0);
	assert_int_equal(store_worker_by_cf(fx->db.st, "VRDGPP80A01H501U", &v), 0);
	assert_int_equal(store_practice_load(fx->db.st, practice_id(fx, "INPS-2026-000001"), &p), 0);
	for (i = 0; i < p.nevents; i++) {
		const struct practice_event *e = &p.events[i];

		if (e->kind == EV_PAGATA && e->worker_id == r.id && e->month == 202602) {
			assert_int_equal(e->amount_cents, 103450);	/* "1034.50" */
			seen |= 1;
		} else if (e->kind == EV_PAGATA && e->worker_id == r.id && e->month == 202603) {
			assert_int_equal(e->amount_cents, 103450);	/* "1034,5" */
			seen |= 2;
		} else if (e->kind == EV_DOMICILIATO && e->worker_id == v.id) {
			assert_int_equal(e->amount_cents, 103400);	/* "1034" */
			assert_int_equal(e->month, 202602);
			seen |= 4;
		}
	}
	assert_int_equal(seen, 7);
	practice_clear(&p);
}

static void
test_bad_amounts(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	static const char bad_amounts[] =
	    "number,worker_cf,month,liquidated,paid,amount,method\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,10.345,bonifico\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,-5,bonifico\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,12a,bonifico\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,1.2.3,bonifico\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,0,bonifico\n";
	struct store_counts before, after;

	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", workers_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_PRACTICES, "p.csv", practices_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events_csv, 0, &res), 0);
	counts(fx, &before);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", bad_amounts, 1, &res), 0);
	expect_result(&res, 5, 0, 0, 0, 5);
	assert_string_equal(fx->errors,
	    "y.csv:2: importo \"10.345\" non valido (atteso 1234.56)\n"
	    "y.csv:3: importo \"-5\" non valido (atteso 1234.56)\n"
	    "y.csv:4: importo \"12a\" non valido (atteso 1234.56)\n"
	    "y.csv:5: importo \"1.2.3\" non valido (atteso 1234.56)\n"
	    "y.csv:6: importo mancante o non positivo\n");
	/* The zero payment was refused whole: no liquidation left behind. */
	counts(fx, &after);
	assert_int_equal(after.payments, before.payments);
	assert_int_equal(after.payments, 0);
}

static void
test_twice_unchanged(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_counts first, second;

	import_reference(fx);
	counts(fx, &first);
	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_csv, 0, &res), 0);
	expect_result(&res, 2, 0, 0, 2, 0);
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", workers_csv, 0, &res), 0);
	expect_result(&res, 4, 0, 0, 4, 0);
	assert_int_equal(run(fx, IMPORT_PRACTICES, "p.csv", practices_csv, 0, &res), 0);
	expect_result(&res, 3, 0, 0, 3, 0);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events_csv, 0, &res), 0);
	expect_result(&res, 6, 0, 0, 6, 0);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", payments_csv, 0, &res), 0);
	expect_result(&res, 3, 0, 0, 3, 0);
	assert_string_equal(fx->errors, "");
	counts(fx, &second);
	assert_memory_equal(&first, &second, sizeof first);
}

static void
test_update(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_company co;
	struct store_worker w;
	struct store_counts c;
	static const char changed[] =
	    "cf,vat,matricola,name,province\n"
	    "01234567897,01234567897,1234567890,Alfa Srl,RM\n"
	    "09876543217,09876543217,0987654321,Beta Spa in liquidazione,TO\n";
	static const char moved[] =
	    "cf,surname,name,province,iban,company_cf,since\n"
	    "RSSMRA85T10A562S,Rossi,Mario,LT,,01234567897,2015-03-01\n";

	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", workers_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", changed, 0, &res), 0);
	expect_result(&res, 2, 0, 1, 1, 0);
	assert_int_equal(store_company_find(fx->db.st, "09876543217", &co), 0);
	assert_string_equal(co.name, "Beta Spa in liquidazione");
	assert_string_equal(co.province, "TO");
	/* A new province and no IBAN any more. */
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", moved, 0, &res), 0);
	expect_result(&res, 1, 0, 1, 0, 0);
	assert_int_equal(store_worker_by_cf(fx->db.st, "RSSMRA85T10A562S", &w), 0);
	assert_string_equal(w.province, "LT");
	assert_string_equal(w.iban, "");
	counts(fx, &c);
	assert_int_equal(c.companies, 2);
	assert_int_equal(c.workers, 4);
}

/* A company file whose third line is bad. */
static const char companies_bad[] =
	"cf,vat,matricola,name,province\n"
	"01234567897,01234567897,1234567890,Alfa Srl,RM\n"
	"09876543210,09876543210,0987654321,Beta Spa,MI\n"
	"02468135799,02468135799,0246813579,Gamma Snc,TO\n";

static void
test_bad_row_rejects_file(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_counts before, after;

	counts(fx, &before);
	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_bad, 0, &res), ERR_INVALID);
	expect_result(&res, 3, 2, 0, 0, 1);
	assert_string_equal(fx->errors, "c.csv:3: codice fiscale \"09876543210\" non valido: "
	    "carattere di controllo errato\n");
	counts(fx, &after);
	assert_memory_equal(&before, &after, sizeof before);
	assert_int_equal(after.companies, 0);
}

static void
test_bad_row_skipped(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_counts c;
	struct store_company co;

	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_bad, 1, &res), 0);
	expect_result(&res, 3, 2, 0, 0, 1);
	assert_string_equal(fx->errors, "c.csv:3: codice fiscale \"09876543210\" non valido: "
	    "carattere di controllo errato\n");
	counts(fx, &c);
	assert_int_equal(c.companies, 2);
	assert_int_equal(store_company_find(fx->db.st, "0246813579", &co), 0);
	assert_string_equal(co.name, "Gamma Snc");
	assert_int_equal(store_company_find(fx->db.st, "0987654321", &co), ERR_NOTFOUND);
}

static void
test_line_numbers(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_company co;
	/*
	 * Line 3 opens a quoted name that runs to line 4 (a name on two lines
	 * is refused); line 5 has a bad partita IVA; line 6 a quoted field
	 * with a doubled quote is fine; line 7 has a field too many; line 8 an
	 * unknown province; line 9 a lower-case codice fiscale.
	 */
	static const char text[] =
	    "cf,vat,matricola,name,province\r\n"
	    "01234567897,01234567897,1234567890,Alfa Srl,RM\r\n"
	    "09876543217,09876543217,0987654321,\"Beta\n"
	    "Spa\",MI\n"
	    "02468135799,02468135790,0246813579,Gamma Snc,TO\n"
	    "01357924685,01357924685,0135792468,\"Delta \"\"Quattro\"\" Srl\",NA\n"
	    "12345678903,12345678903,1122334455,Epsilon,BA,extra\n"
	    "12345678903,12345678903,1122334455,Epsilon,XX\n"
	    "rssmra85t10a562s,12345678903,1122334455,Zeta,BA\n";

	assert_int_equal(run(fx, IMPORT_COMPANIES, "lines.csv", text, 1, &res), 0);
	expect_result(&res, 7, 2, 0, 0, 5);
	assert_string_equal(fx->errors,
	    "lines.csv:3: ragione sociale contiene caratteri di controllo o UTF-8 non valido\n"
	    "lines.csv:5: partita IVA \"02468135790\" non valido: carattere di controllo errato\n"
	    "lines.csv:7: 6 campi invece di 5\n"
	    "lines.csv:8: provincia \"XX\" sconosciuta\n"
	    "lines.csv:9: codice fiscale \"rssmra85t10a562s\" non valido: "
	    "caratteri non ammessi\n");
	assert_int_equal(store_company_find(fx->db.st, "01357924685", &co), 0);
	assert_string_equal(co.name, "Delta \"Quattro\" Srl");
}

static void
test_unclosed_quote(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	static const char text[] =
	    "cf,vat,matricola,name,province\n"
	    "01234567897,01234567897,1234567890,Alfa Srl,RM\n"
	    "09876543217,09876543217,0987654321,\"Beta Spa,MI\n";

	assert_int_equal(run(fx, IMPORT_COMPANIES, "q.csv", text, 0, &res), ERR_INVALID);
	expect_result(&res, 2, 1, 0, 0, 1);
	assert_string_equal(fx->errors, "q.csv:3: virgolette non chiuse\n");
}

static void
test_wrong_header(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_counts c;

	/* A workers file given as companies. */
	assert_int_equal(run(fx, IMPORT_COMPANIES, "w.csv", workers_csv, 0, &res), ERR_INVALID);
	assert_string_equal(fx->errors,
	    "w.csv:1: intestazione non valida, attesa: cf,vat,matricola,name,province\n");
	expect_result(&res, 0, 0, 0, 0, 0);
	/* Even with skip_bad: a header is not a row. */
	assert_int_equal(run(fx, IMPORT_COMPANIES, "x.csv",
	    "cf,vat,name,matricola,province\n01234567897,01234567897,Alfa,1234567890,RM\n", 1,
	    &res), ERR_INVALID);
	assert_int_equal(run(fx, IMPORT_EVENTS, "empty.csv", "", 0, &res), ERR_INVALID);
	assert_string_equal(fx->errors, "empty.csv:1: intestazione non valida, attesa: "
	    "number,kind,day,worker_cf,month,detail\n");
	counts(fx, &c);
	assert_int_equal(c.companies, 0);
	/* A spreadsheet's byte order mark is fine. */
	assert_int_equal(run(fx, IMPORT_COMPANIES, "bom.csv",
	    "\xef\xbb\xbf" "cf,vat,matricola,name,province\n"
	    "01234567897,01234567897,1234567890,Alfa Srl,RM\n", 0, &res), 0);
	expect_result(&res, 1, 1, 0, 0, 0);
	assert_int_equal(import_kind_parse("payments"), IMPORT_PAYMENTS);
	assert_int_equal(import_kind_parse("pagamenti"), ERR_INVALID);
	assert_string_equal(import_kind_header(IMPORT_WORKERS),
	    "cf,surname,name,province,iban,company_cf,since");
}

static void
test_invalid_identifiers(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_counts c;
	static const char text[] =
	    "cf,surname,name,province,iban,company_cf,since\n"
	    "RSSMRA85T10A562X,Rossi,Mario,RM,,,\n"		/* check character */
	    "vrdgpp80a01h501u,Verdi,Giuseppe,RM,,,\n"		/* lower case */
	    "BNCLCU90M41F205Q,Bianchi,Lucia,MI,IT60X0542811101000000123457,,\n" /* IBAN */
	    "GLLMRC88E22A662R,Galli,Marco,BA,,09876543217,2020-01-01\n" /* no such company */
	    "FRRLGU70B12G273C,Ferri,Luigi,RM,,01234567897,\n"	/* date missing */
	    "CLMSRA92H50F839Y,Colombo,Sara,NA,,,\n";		/* good */

	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv",
	    "cf,vat,matricola,name,province\n01234567897,01234567897,1234567890,Alfa Srl,RM\n",
	    0, &res), 0);
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", text, 0, &res), ERR_INVALID);
	expect_result(&res, 6, 1, 0, 0, 5);
	counts(fx, &c);
	assert_int_equal(c.workers, 0);
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", text, 1, &res), 0);
	expect_result(&res, 6, 1, 0, 0, 5);
	assert_string_equal(fx->errors,
	    "w.csv:2: codice fiscale \"RSSMRA85T10A562X\" non valido: "
	    "carattere di controllo errato\n"
	    "w.csv:3: codice fiscale \"vrdgpp80a01h501u\" non valido: caratteri non ammessi\n"
	    "w.csv:4: IBAN \"IT60X0542811101000000123457\" non valido: "
	    "carattere di controllo errato\n"
	    "w.csv:5: azienda 09876543217 sconosciuta (importare prima le aziende)\n"
	    "w.csv:6: data di assunzione mancante\n");
	counts(fx, &c);
	assert_int_equal(c.workers, 1);
}

/* Imports companies, workers and practices: the applications exist. */
static void
import_base(struct fx *fx)
{
	struct import_result res;

	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", workers_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_PRACTICES, "p.csv", practices_csv, 0, &res), 0);
}

static void
test_transitions(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_counts before, after;
	static const char events[] =
	    "number,kind,day,worker_cf,month,detail\n"
	    /* 2: payment data before the application was even filed */
	    "INPS-2026-000001,dati_pagamento,2026-02-01,RSSMRA85T10A562S,2026-02,UNIEMENS\n"
	    "INPS-2026-000001,presentata,2026-02-10,,,\n"
	    /* 4: payment data before authorisation */
	    "INPS-2026-000001,dati_pagamento,2026-03-01,RSSMRA85T10A562S,2026-02,UNIEMENS\n"
	    /* 5: paid through the events file */
	    "INPS-2026-000001,pagata,2026-03-02,RSSMRA85T10A562S,2026-02,\n"
	    "INPS-2026-000001,autorizzata,2026-03-16,,,AUT-2026-77\n"
	    /* 7: Bianchi is not in this application */
	    "INPS-2026-000001,dati_pagamento,2026-04-02,BNCLCU90M41F205Q,2026-02,UNIEMENS\n"
	    /* 8: May is outside February-March */
	    "INPS-2026-000001,dati_pagamento,2026-04-02,RSSMRA85T10A562S,2026-05,UNIEMENS\n"
	    /* 9: SR41 was retired in May 2022 */
	    "INPS-2026-000001,dati_pagamento,2026-04-02,RSSMRA85T10A562S,2026-02,SR41\n"
	    /* 10: a second authorisation */
	    "INPS-2026-000001,autorizzata,2026-04-03,,,AUT-2026-78\n"
	    /* 11: rejecting data that never came */
	    "INPS-2026-000001,dati_scartati,2026-04-04,VRDGPP80A01H501U,2026-03,IBAN errato\n"
	    /* 12: no such application */
	    "INPS-2026-009999,presentata,2026-02-10,,,\n"
	    /* 13: a good one */
	    "INPS-2026-000001,dati_pagamento,2026-04-05,RSSMRA85T10A562S,2026-02,UNIEMENS\n";
	static const char payments[] =
	    "number,worker_cf,month,liquidated,paid,amount,method\n"
	    /* 2: paid, but application 2 is not authorised */
	    "INPS-2026-000002,BNCLCU90M41F205Q,2026-03,2026-04-10,2026-04-15,500.00,bonifico\n"
	    /* 3: Verdi's February has no payment data */
	    "INPS-2026-000001,VRDGPP80A01H501U,2026-02,2026-04-10,2026-04-15,500.00,bonifico\n"
	    /* 4: paid before being liquidated */
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-09,500.00,bonifico\n"
	    /* 5: unknown method */
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,500.00,assegno\n"
	    /* 6: good */
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,500.00,bonifico\n";
	const char *e;

	import_base(fx);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", "number,kind,day,worker_cf,month,detail\n"
	    "INPS-2026-000002,presentata,2026-03-05,,,\n", 0, &res), 0);
	counts(fx, &before);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events, 0, &res), ERR_INVALID);
	expect_result(&res, 12, 3, 0, 0, 9);
	counts(fx, &after);
	assert_memory_equal(&before, &after, sizeof before);

	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events, 1, &res), 0);
	expect_result(&res, 12, 3, 0, 0, 9);
	e = fx->errors;
	assert_non_null(strstr(e, "e.csv:2: il primo evento deve essere la presentazione"));
	assert_non_null(strstr(e, "e.csv:4: la domanda non è ancora autorizzata\n"));
	assert_non_null(strstr(e, "e.csv:5: tipo di evento \"pagata\" non ammesso qui"));
	/* A person is named by codice fiscale, an application by number. */
	assert_non_null(strstr(e, "e.csv:7: il lavoratore BNCLCU90M41F205Q non è nella domanda "
	    "INPS-2026-000001\n"));
	assert_non_null(strstr(e, "e.csv:8: maggio 2026 è fuori dal periodo della domanda "
	    "(dal 02/02/2026 al 27/03/2026)\n"));
	assert_non_null(strstr(e, "e.csv:9: dal 1° maggio 2022 il modello SR41 è dismesso"));
	assert_non_null(strstr(e, "e.csv:10: la domanda risulta già autorizzata (n. AUT-2026-77)\n"));
	assert_non_null(strstr(e, "e.csv:11: non ci sono dati di pagamento da scartare"));
	assert_non_null(strstr(e, "e.csv:12: domanda INPS-2026-009999 sconosciuta"));
	assert_null(strstr(e, "e.csv:13:"));
	assert_null(strstr(e, "e.csv:3:"));
	assert_null(strstr(e, "e.csv:6:"));
	counts(fx, &after);
	assert_int_equal(after.events, before.events + 2);
	assert_int_equal(after.payment_data, before.payment_data + 1);
	/* The stored status follows the events written. */
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM practices WHERE"
	    " number = 'INPS-2026-000001' AND status = 'in_pagamento'"), 1);

	counts(fx, &before);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", payments, 1, &res), 0);
	expect_result(&res, 5, 1, 0, 0, 4);
	e = fx->errors;
	assert_non_null(strstr(e, "y.csv:2: la domanda non è ancora autorizzata\n"));
	assert_non_null(strstr(e, "y.csv:3: mancano dati di pagamento validi"));
	assert_non_null(strstr(e, "y.csv:4: la data dell'evento (09/04/2026) precede l'ultimo"));
	assert_non_null(strstr(e, "y.csv:5: modalità \"assegno\" sconosciuta"));
	counts(fx, &after);
	/* Only the good row: one liquidation, paid; none from the bad rows. */
	assert_int_equal(after.payments, before.payments + 1);
}

/*
 * The status column of an application is rewritten from its events at the
 * end of the file too, not only when the next row names another one.
 */
static void
test_status_written(void **state)
{
	struct fx *fx = *state;
	struct import_result res;

	import_base(fx);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM practices"
	    " WHERE status = 'presentata'"), 2);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", "number,kind,day,worker_cf,month,detail\n"
	    "INPS-2026-000001,presentata,2026-02-10,,,\n"
	    "INPS-2026-000002,presentata,2026-03-05,,,\n"
	    "INPS-2026-000002,istruttoria,2026-03-20,,,\n"
	    "INPS-2026-000002,autorizzata,2026-04-01,,,AUT-2026-99\n", 0, &res), 0);
	expect_result(&res, 4, 4, 0, 0, 0);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM practices WHERE"
	    " number = 'INPS-2026-000002' AND status = 'autorizzata'"), 1);
	/* Then the file ends on an unchanged row: same result. */
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", "number,kind,day,worker_cf,month,detail\n"
	    "INPS-2026-000001,istruttoria,2026-02-20,,,\n"
	    "INPS-2026-000001,presentata,2026-02-10,,,\n", 0, &res), 0);
	expect_result(&res, 2, 1, 0, 1, 0);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM practices WHERE"
	    " number = 'INPS-2026-000001' AND status = 'istruttoria'"), 1);
}

/*
 * The channel of payment data is checked case-insensitively by the domain
 * ("uniemens" passes) but stored under a CHECK constraint that wants
 * "UNIEMENS": either way a row must be a good or a bad row, never a
 * database failure that aborts the whole import even with skip_bad.
 */
static void
test_channel_case(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	int r;

	import_base(fx);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", "number,kind,day,worker_cf,month,detail\n"
	    "INPS-2026-000001,presentata,2026-02-10,,,\n"
	    "INPS-2026-000001,autorizzata,2026-03-16,,,AUT-2026-77\n", 0, &res), 0);
	r = run(fx, IMPORT_EVENTS, "e.csv", "number,kind,day,worker_cf,month,detail\n"
	    "INPS-2026-000001,dati_pagamento,2026-04-02,RSSMRA85T10A562S,2026-02,uniemens\n"
	    "INPS-2026-000001,dati_pagamento,2026-04-02,VRDGPP80A01H501U,2026-02,UNIEMENS\n",
	    1, &res);
	assert_int_equal(r, 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.inserted + res.bad, 2);
	assert_true(res.inserted >= 1);
}

/*
 * Re-importing an application whose weeks, hours or causale changed in the
 * extract: the row must be reported (updated, or refused as a bad row), not
 * counted as unchanged while the database keeps the old values.
 */
static void
test_practice_header_change(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct practice p;
	static const char changed[] =
	    "number,company_cf,office,type,mode,period_from,period_to,weeks,hours,reason,"
	    "worker_cf,worker_hours\n"
	    "INPS-2026-000002,09876543217,DCM-MI,FIS,diretto,2026-03-02,2026-03-31,5,140,"
	    "calo degli ordini,BNCLCU90M41F205Q,100\n";
	int r;

	import_base(fx);
	r = run(fx, IMPORT_PRACTICES, "p.csv", changed, 1, &res);
	assert_int_equal(r, 0);
	assert_int_equal(res.rows, 1);
	if (res.bad == 1)
		return;		/* refused and reported: acceptable */
	assert_int_equal(res.updated, 1);
	assert_int_equal(store_practice_load(fx->db.st, practice_id(fx, "INPS-2026-000002"), &p), 0);
	assert_int_equal(p.weeks, 5);
	assert_int_equal(p.hours, 140);
	assert_string_equal(p.reason, "calo degli ordini");
	practice_clear(&p);
}

static void
test_practice_conflict(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	static const char text[] =
	    "number,company_cf,office,type,mode,period_from,period_to,weeks,hours,reason,"
	    "worker_cf,worker_hours\n"
	    /* 2: same number, another period */
	    "INPS-2026-000002,09876543217,DCM-MI,FIS,diretto,2026-04-01,2026-04-30,4,100,"
	    "riorganizzazione,,\n"
	    /* 3: period backwards */
	    "INPS-2026-000003,09876543217,DCM-MI,FIS,diretto,2026-04-30,2026-04-01,4,100,x,,\n"
	    /* 4: unknown type */
	    "INPS-2026-000004,09876543217,DCM-MI,CIGX,diretto,2026-04-01,2026-04-30,4,100,x,,\n"
	    /* 5: unknown office */
	    "INPS-2026-000005,09876543217,DP-ZZ,FIS,diretto,2026-04-01,2026-04-30,4,100,x,,\n"
	    /* 6: unknown worker */
	    "INPS-2026-000006,09876543217,,FIS,diretto,2026-04-01,2026-04-30,4,100,x,"
	    "MRNLRA95D55H501P,10\n"
	    /* 7: good, no workers yet, a lower-case type */
	    "INPS-2026-000007,09876543217,,cigs,conguaglio,2026-04-01,2026-04-30,4,100,"
	    "crisi aziendale,,\n"
	    /* 8: a causale not in data/causali.csv (issue 12) */
	    "INPS-2026-000008,09876543217,,FIS,diretto,2026-04-01,2026-04-30,4,100,x,,\n"
	    /* 9: a CIGS causale for a FIS application */
	    "INPS-2026-000009,09876543217,,FIS,diretto,2026-04-01,2026-04-30,4,100,"
	    "Contratto di solidarietà,,\n";
	struct practice p;

	import_base(fx);
	assert_int_equal(run(fx, IMPORT_PRACTICES, "p.csv", text, 1, &res), 0);
	expect_result(&res, 8, 1, 0, 0, 7);
	assert_string_equal(fx->errors,
	    "p.csv:2: domanda INPS-2026-000002 già registrata con azienda, sede, tipo, "
	    "modalità o periodo diversi\n"
	    "p.csv:3: il periodo finisce prima di iniziare\n"
	    "p.csv:4: tipo \"CIGX\" sconosciuto (CIGO, CIGS, FIS, FSOL, DEROGA)\n"
	    "p.csv:5: sede \"DP-ZZ\" sconosciuta\n"
	    "p.csv:6: lavoratore MRNLRA95D55H501P sconosciuto (importare prima i lavoratori)\n"
	    "p.csv:8: causale \"x\" sconosciuta (vedere causali.csv)\n"
	    "p.csv:9: causale \"Contratto di solidarietà\" non ammessa per FIS\n");
	assert_int_equal(store_practice_load(fx->db.st, practice_id(fx, "INPS-2026-000007"), &p), 0);
	assert_int_equal(p.type, PRACTICE_CIGS);
	assert_int_equal(p.mode, PAYMENT_CONGUAGLIO);
	assert_int_equal(p.nworkers, 0);
	practice_clear(&p);
}

/*
 * A valid personal codice fiscale for worker i: letters from i, a fixed
 * birth date and place, the check character computed.
 */
static void
make_cf(int i, char out[17])
{
	char first15[16];

	snprintf(first15, sizeof first15, "%c%c%cMRA85T10H501", 'A' + i / 676 % 26,
	    'A' + i / 26 % 26, 'A' + i % 26);
	memcpy(out, first15, 15);
	out[15] = valid_cf_person_check_char(first15);
	out[16] = '\0';
}

/* text grown with a printf format, for building extracts. */
static void
append(char **text, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
append(char **text, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	*text = realloc(*text, *len + (size_t)n + 1);
	assert_non_null(*text);
	va_start(ap, fmt);
	vsnprintf(*text + *len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*len += (size_t)n;
}

/* The stored status of an application, and the one the domain gives it whole. */
static void
expect_status(struct fx *fx, const char *number, enum practice_status want)
{
	char sql[160];
	struct practice p;

	assert_int_equal(store_practice_load(fx->db.st, practice_id(fx, number), &p), 0);
	assert_int_equal(practice_status_of(&p), want);
	practice_clear(&p);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM practices WHERE number = '%s'"
	    " AND status = '%s'", number, practice_status_name(want));
	assert_int_equal(fx_raw_int(fx->db.path, sql), 1);
}

/*
 * An application of many workers, as large extracts have: every check looks
 * at one worker's events, and the status is still the one of the whole
 * application ("pagata" only when every worker-month is paid).
 */
#define MANY 300

static void
test_large_application(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_counts c;
	char *text = NULL, cf[17];
	size_t len = 0;
	int i, m;

	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_csv, 0, &res), 0);
	append(&text, &len, "%s\n", import_kind_header(IMPORT_WORKERS));
	for (i = 0; i < MANY; i++) {
		make_cf(i, cf);
		append(&text, &len, "%s,Rossi,Mario,RM,,01234567897,2015-03-01\n", cf);
	}
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", text, 0, &res), 0);
	expect_result(&res, MANY, MANY, 0, 0, 0);
	len = 0;
	append(&text, &len, "%s\n", import_kind_header(IMPORT_PRACTICES));
	for (i = 0; i < MANY; i++) {
		make_cf(i, cf);
		append(&text, &len, "INPS-2026-000100,01234567897,,CIGO,diretto,2026-02-02,"
		    "2026-03-27,8,320,crisi di mercato,%s,40\n", cf);
	}
	assert_int_equal(run(fx, IMPORT_PRACTICES, "p.csv", text, 0, &res), 0);
	expect_result(&res, MANY, 1, MANY - 1, 0, 0);
	len = 0;
	append(&text, &len, "%s\nINPS-2026-000100,presentata,2026-02-10,,,\n"
	    "INPS-2026-000100,autorizzata,2026-03-16,,,AUT-1\n",
	    import_kind_header(IMPORT_EVENTS));
	for (i = 0; i < MANY; i++)
		for (m = 2; m <= 3; m++) {
			make_cf(i, cf);
			append(&text, &len, "INPS-2026-000100,dati_pagamento,2026-04-0%d,%s,"
			    "2026-0%d,UNIEMENS\n", m, cf, m);
		}
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", text, 0, &res), 0);
	expect_result(&res, 2 + 2 * MANY, 2 + 2 * MANY, 0, 0, 0);
	expect_status(fx, "INPS-2026-000100", STATUS_IN_PAGAMENTO);

	/* Every worker-month paid but the last worker's March. */
	len = 0;
	append(&text, &len, "%s\n", import_kind_header(IMPORT_PAYMENTS));
	for (i = 0; i < MANY; i++)
		for (m = 2; m <= 3; m++) {
			if (i == MANY - 1 && m == 3)
				continue;
			make_cf(i, cf);
			append(&text, &len, "INPS-2026-000100,%s,2026-0%d,2026-04-10,2026-04-15,"
			    "500.00,bonifico\n", cf, m);
		}
	/* Paid twice: refused, and nothing else of the file is lost with skip_bad. */
	make_cf(7, cf);
	append(&text, &len, "INPS-2026-000100,%s,2026-02,2026-04-20,2026-04-25,500.00,"
	    "bonifico\n", cf);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", text, 1, &res), 0);
	expect_result(&res, 2 * MANY, 2 * MANY - 1, 0, 0, 1);
	assert_string_equal(fx->errors, "y.csv:601: il mese risulta già liquidato\n");
	expect_status(fx, "INPS-2026-000100", STATUS_IN_PAGAMENTO);

	/* The last one: now the application is paid. */
	len = 0;
	make_cf(MANY - 1, cf);
	append(&text, &len, "%s\nINPS-2026-000100,%s,2026-03,2026-04-10,,,\n",
	    import_kind_header(IMPORT_PAYMENTS), cf);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", text, 0, &res), 0);
	expect_result(&res, 1, 1, 0, 0, 0);
	expect_status(fx, "INPS-2026-000100", STATUS_IN_PAGAMENTO);
	len = 0;
	append(&text, &len, "%s\nINPS-2026-000100,%s,2026-03,2026-04-10,2026-04-20,480,"
	    "domiciliato\n", import_kind_header(IMPORT_PAYMENTS), cf);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", text, 0, &res), 0);
	/* The liquidation was there: the payment makes the row an update. */
	expect_result(&res, 1, 0, 1, 0, 0);
	expect_status(fx, "INPS-2026-000100", STATUS_PAGATA);
	counts(fx, &c);
	assert_int_equal(c.practice_workers, MANY);
	assert_int_equal(c.payment_data, 2 * MANY);
	assert_int_equal(c.payments, 2 * MANY);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM payments WHERE"
	    " paid_day IS NOT NULL"), 2 * MANY);
	free(text);
}

/* The indexes an import drops into an empty table are there again after it. */
#define IDLE_INDEXES "('companies_vat', 'employment_company', 'practices_company'," \
	" 'practices_office_type', 'practice_workers_worker', 'practice_events_kind_day'," \
	" 'payments_paid_day')"

static void
test_indexes_rebuilt(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	static const char payments_bad[] =
	    "number,worker_cf,month,liquidated,paid,amount,method\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,10,bonifico\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-05,2026-04-10,2026-04-15,10,bonifico\n";
	const char *count = "SELECT count(*) FROM sqlite_master WHERE type = 'index'";
	const char *idle_sql = "SELECT sum(length(sql)) FROM sqlite_master WHERE"
	    " type = 'index' AND name IN " IDLE_INDEXES;
	int64_t indexes = fx_raw_int(fx->db.path, count);
	int64_t idle_len = fx_raw_int(fx->db.path, idle_sql);

	assert_true(indexes > 10);
	assert_true(idle_len > 7 * 30);
	/* A rejected file leaves the schema as it was (the drop is rolled back). */
	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_bad, 0, &res),
	    ERR_INVALID);
	assert_int_equal(fx_raw_int(fx->db.path, count), indexes);
	import_base(fx);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", payments_bad, 0, &res), ERR_INVALID);
	assert_int_equal(fx_raw_int(fx->db.path, count), indexes);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", payments_csv, 0, &res), 0);
	/* Built again as the schema defines them, and holding every row. */
	assert_int_equal(fx_raw_int(fx->db.path, count), indexes);
	assert_int_equal(fx_raw_int(fx->db.path, idle_sql), idle_len);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM employment"
	    " INDEXED BY employment_company WHERE company_id > 0"), 3);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM payments"
	    " INDEXED BY payments_paid_day WHERE paid_day > 0"), 3);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM practice_workers"
	    " INDEXED BY practice_workers_worker WHERE worker_id > 0"), 3);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM pragma_integrity_check"
	    " WHERE integrity_check = 'ok'"), 1);
}

/* The same worker twice in one file: the second row finds the first. */
static void
test_worker_twice(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	static const char text[] =
	    "cf,surname,name,province,iban,company_cf,since\n"
	    "RSSMRA85T10A562S,Rossi,Mario,RM,,01234567897,2015-03-01\n"
	    "RSSMRA85T10A562S,Rossi,Mario,RM,,01234567897,2015-03-01\n"
	    "RSSMRA85T10A562S,Rossi,Mario,RM,,09876543217,2020-01-07\n"
	    "RSSMRA85T10A562S,Rossi,Mario Luigi,RM,,,\n";

	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_WORKERS, "w.csv", text, 0, &res), 0);
	/* Inserted; unchanged; a second employment; a new name. */
	expect_result(&res, 4, 1, 2, 1, 0);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM employment"), 2);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM workers WHERE"
	    " name = 'Mario Luigi'"), 1);
}

/* People are named by codice fiscale, applications by number. */
static void
test_messages_name_people(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	static const char payments[] =
	    "number,worker_cf,month,liquidated,paid,amount,method\n"
	    /* 2: Bianchi works for Beta, not in this application */
	    "INPS-2026-000001,BNCLCU90M41F205Q,2026-02,2026-04-10,2026-04-15,10,bonifico\n"
	    /* 3: nobody has this codice fiscale */
	    "INPS-2026-000001,MRNLRA95D55H501P,2026-02,2026-04-10,2026-04-15,10,bonifico\n"
	    /* 4: no such application */
	    "INPS-2026-000042,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,10,bonifico\n"
	    /* 5, 6, 7: months that are not YYYY-MM */
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-13,2026-04-10,2026-04-15,10,bonifico\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-2,2026-04-10,2026-04-15,10,bonifico\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02x,2026-04-10,2026-04-15,10,bonifico\n";
	static const char companies[] =
	    "cf,vat,matricola,name,province\n"
	    "02468135799,02468135799,1234567890,Gamma Snc,TO\n";

	import_base(fx);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events_csv, 0, &res), 0);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", payments, 1, &res), 0);
	expect_result(&res, 6, 0, 0, 0, 6);
	assert_string_equal(fx->errors,
	    "y.csv:2: il lavoratore BNCLCU90M41F205Q non è nella domanda INPS-2026-000001\n"
	    "y.csv:3: lavoratore MRNLRA95D55H501P sconosciuto (importare prima i lavoratori)\n"
	    "y.csv:4: domanda INPS-2026-000042 sconosciuta (importare prima le domande)\n"
	    "y.csv:5: mese \"2026-13\" non valido (atteso AAAA-MM)\n"
	    "y.csv:6: mese \"2026-2\" non valido (atteso AAAA-MM)\n"
	    "y.csv:7: mese \"2026-02x\" non valido (atteso AAAA-MM)\n");
	/* Alfa's matricola for another company. */
	assert_int_equal(run(fx, IMPORT_COMPANIES, "c.csv", companies, 0, &res), ERR_INVALID);
	assert_string_equal(fx->errors,
	    "c.csv:2: matricola 1234567890 già assegnata a un'altra azienda\n");
}

/*
 * Names: printable ASCII takes a short path, anything else is checked as
 * UTF-8 without controls or bidi overrides; both must agree.
 */
static void
test_text_fields(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_company co;
	static const char text[] =
	    "cf,vat,matricola,name,province\n"
	    "01234567897,01234567897,1234567890,Società Rossi & C. S.n.c.,RM\n"
	    "09876543217,09876543217,0987654321,Beta\x7fSpa,MI\n"
	    "02468135799,02468135799,0246813579,Gamma\tSnc,TO\n"
	    "01357924685,01357924685,0135792468,Delta \xe2\x80\xae" "Srl,NA\n"
	    "12345678903,12345678903,1122334455,Epsilon \xc3,BA\n"
	    "00743110157,00743110157,0074311015,"
	    "Zeta Costruzioni Generali e Manutenzioni Stradali e Ferroviarie dell'Italia "
	    "Centrale e Meridionale Srl,RM\n";

	assert_int_equal(run(fx, IMPORT_COMPANIES, "t.csv", text, 1, &res), 0);
	expect_result(&res, 6, 1, 0, 0, 5);
	assert_string_equal(fx->errors,
	    "t.csv:3: ragione sociale contiene caratteri di controllo o UTF-8 non valido\n"
	    "t.csv:4: ragione sociale contiene caratteri di controllo o UTF-8 non valido\n"
	    "t.csv:5: ragione sociale contiene caratteri di controllo o UTF-8 non valido\n"
	    "t.csv:6: ragione sociale contiene caratteri di controllo o UTF-8 non valido\n"
	    "t.csv:7: ragione sociale troppo lungo (massimo 95 byte)\n");
	assert_int_equal(store_company_find(fx->db.st, "01234567897", &co), 0);
	assert_string_equal(co.name, "Società Rossi & C. S.n.c.");
}

/*
 * Rows of an application that come back after another application's: what
 * was written for it earlier in the file (events and payments are written
 * several at a time) is seen when it is loaded again.
 */
static void
test_application_revisited(void **state)
{
	struct fx *fx = *state;
	struct import_result res;
	struct store_counts c;
	static const char events[] =
	    "number,kind,day,worker_cf,month,detail\n"
	    "INPS-2026-000001,presentata,2026-02-10,,,\n"
	    "INPS-2026-000002,presentata,2026-03-05,,,\n"
	    "INPS-2026-000001,autorizzata,2026-03-16,,,AUT-2026-77\n"
	    "INPS-2026-000002,istruttoria,2026-03-20,,,\n"
	    "INPS-2026-000001,dati_pagamento,2026-04-02,RSSMRA85T10A562S,2026-02,UNIEMENS\n"
	    "INPS-2026-000002,autorizzata,2026-04-01,,,AUT-2026-99\n"
	    "INPS-2026-000001,dati_scartati,2026-04-03,RSSMRA85T10A562S,2026-02,IBAN errato\n"
	    "INPS-2026-000002,dati_pagamento,2026-04-02,BNCLCU90M41F205Q,2026-03,UNIEMENS\n"
	    "INPS-2026-000002,dati_scartati,2026-04-03,BNCLCU90M41F205Q,2026-03,IBAN errato\n"
	    "INPS-2026-000002,dati_pagamento,2026-04-04,BNCLCU90M41F205Q,2026-03,UNIEMENS\n"
	    "INPS-2026-000001,dati_pagamento,2026-04-05,RSSMRA85T10A562S,2026-02,UNIEMENS\n"
	    "INPS-2026-000001,dati_pagamento,2026-04-05,VRDGPP80A01H501U,2026-02,UNIEMENS\n";
	static const char payments[] =
	    "number,worker_cf,month,liquidated,paid,amount,method\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,,,\n"
	    "INPS-2026-000002,BNCLCU90M41F205Q,2026-03,2026-04-10,,,\n"
	    "INPS-2026-000001,RSSMRA85T10A562S,2026-02,2026-04-10,2026-04-15,100.00,bonifico\n"
	    "INPS-2026-000001,VRDGPP80A01H501U,2026-02,2026-04-11,,,\n"
	    "INPS-2026-000001,VRDGPP80A01H501U,2026-02,2026-04-11,2026-04-17,50.00,bonifico\n"
	    "INPS-2026-000002,BNCLCU90M41F205Q,2026-03,2026-04-10,2026-04-16,200.00,domiciliato\n";

	import_base(fx);
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events, 0, &res), 0);
	expect_result(&res, 12, 12, 0, 0, 0);
	assert_string_equal(fx->errors, "");
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT count(*) FROM payment_data WHERE"
	    " rejected_day IS NOT NULL AND reject_reason = 'IBAN errato'"), 2);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", payments, 0, &res), 0);
	/* The second row of each worker-month pays the liquidation of the first. */
	expect_result(&res, 6, 3, 3, 0, 0);
	assert_string_equal(fx->errors, "");
	counts(fx, &c);
	assert_int_equal(c.payments, 3);
	assert_int_equal(fx_raw_int(fx->db.path, "SELECT sum(amount_cents) FROM payments"
	    " WHERE paid_day IS NOT NULL"), 35000);
	expect_status(fx, "INPS-2026-000002", STATUS_PAGATA);
	expect_status(fx, "INPS-2026-000001", STATUS_IN_PAGAMENTO);
	/* And all of it again: nothing changes. */
	assert_int_equal(run(fx, IMPORT_EVENTS, "e.csv", events, 0, &res), 0);
	expect_result(&res, 12, 0, 0, 12, 0);
	assert_int_equal(run(fx, IMPORT_PAYMENTS, "y.csv", payments, 0, &res), 0);
	expect_result(&res, 6, 0, 0, 6, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_kinds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_amounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_amounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_twice_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_row_rejects_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_row_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unclosed_quote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_identifiers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transitions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_practice_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_channel_case, setup, teardown),
		cmocka_unit_test_setup_teardown(test_practice_header_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_application, setup, teardown),
		cmocka_unit_test_setup_teardown(test_indexes_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_worker_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_messages_name_people, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_application_revisited, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
