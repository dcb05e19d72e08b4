/*
 * Unit tests for the console's pure helpers: the placeholders a canned
 * reply still holds (issue 11.3) and the words the console shows for
 * stored codes (issue 11.13, 11.16).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/console/console_internal.h"
#include "report.h"

static void
test_unfilled(void **state)
{
	char names[64];

	(void)state;
	assert_int_equal(canned_unfilled("Gentile Mario Rossi, tutto a posto.", names,
	    sizeof names), 0);
	assert_string_equal(names, "");
	assert_int_equal(canned_unfilled("numero {protocollo} presso {sede}.", names,
	    sizeof names), 2);
	assert_string_equal(names, "{protocollo}, {sede}");
	/* Braces that are not a placeholder's name do not block the line. */
	assert_int_equal(canned_unfilled("{} {A} {a b} {x", names, sizeof names), 0);
	/* A small buffer gets the names that fit; the count is whole. */
	assert_int_equal(canned_unfilled("{importo} {data_prevista}", names, 14), 2);
	assert_string_equal(names, "{importo}");
}

static void
test_outcome_labels(void **state)
{
	(void)state;
	assert_string_equal(chat_outcome_label(chat_outcome_parse("linea_inps")),
	    "inoltrata a Linea INPS");
	assert_string_equal(chat_outcome_label(chat_outcome_parse("risolta")), "risolta in chat");
	assert_string_equal(chat_outcome_label(chat_outcome_parse("altro")), "altro esito");
}

static void
test_audit_labels(void **state)
{
	(void)state;
	assert_string_equal(report_audit_label("report_file"), "segnalazione");
	assert_string_equal(report_audit_label("report_presa_in_carico"), "presa in carico");
	assert_string_equal(report_audit_label("report_chiusura"), "chiusa");
	assert_string_equal(report_audit_label("lookup"), "ricerca");
	assert_string_equal(report_audit_label("altro"), "altro");
}

static void
test_office_article(void **state)
{
	char buf[128];

	(void)state;
	report_office_to("Direzione provinciale di Bari", buf, sizeof buf);
	assert_string_equal(buf, "alla Direzione provinciale di Bari");
	report_office_to("Agenzia di Ostia", buf, sizeof buf);
	assert_string_equal(buf, "all'Agenzia di Ostia");
	report_office_to("DCM-RM", buf, sizeof buf);
	assert_string_equal(buf, "alla sede DCM-RM");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unfilled),
		cmocka_unit_test(test_outcome_labels),
		cmocka_unit_test(test_audit_labels),
		cmocka_unit_test(test_office_article),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
