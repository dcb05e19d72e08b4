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

#ifndef CTRL
#define CTRL(c) ((c) & 0x1f)
#endif

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

/* The input line on the editing core: keys, UTF-8, history (issue 13.5). */
static void
test_input_keys(void **state)
{
	struct input in;
	const char *s;

	(void)state;
	memset(&in, 0, sizeof in);
	input_clear(&in);
	for (s = "ciao caro"; *s != '\0'; s++)
		assert_int_equal(input_key(&in, (unsigned char)*s), 1);
	assert_int_equal(input_key(&in, CTRL('w')), 1);
	assert_string_equal(in.buf, "ciao ");
	input_insert(&in, "perch\xc3\xa8");
	assert_int_equal(input_key(&in, KEY_LEFT), 1);
	assert_int_equal(in.cur, 10);		/* before the two bytes of "è" */
	assert_int_equal(input_key(&in, KEY_BACKSPACE), 1);
	assert_string_equal(in.buf, "ciao perc\xc3\xa8");
	assert_int_equal(input_key(&in, CTRL('a')), 1);
	assert_int_equal(input_key(&in, KEY_DC), 1);
	assert_string_equal(in.buf, "iao perc\xc3\xa8");
	assert_int_equal(input_key(&in, CTRL('k')), 1);
	assert_string_equal(in.buf, "");
	assert_int_equal(input_key(&in, 0x01f), 0);	/* not an editing key */

	/* History: up brings back what was sent, down past the newest empties. */
	input_set(&in, "prima");
	input_remember(&in);
	input_clear(&in);
	input_set(&in, "seconda");
	input_remember(&in);
	input_clear(&in);
	assert_int_equal(input_key(&in, KEY_UP), 1);
	assert_string_equal(in.buf, "seconda");
	assert_int_equal(input_key(&in, KEY_UP), 1);
	assert_string_equal(in.buf, "prima");
	assert_int_equal(input_key(&in, KEY_UP), 1);
	assert_string_equal(in.buf, "prima");
	assert_int_equal(input_key(&in, KEY_DOWN), 1);
	assert_int_equal(input_key(&in, KEY_DOWN), 1);
	assert_string_equal(in.buf, "");
	assert_int_equal(in.nhist, 2);
	input_free(&in);
	assert_int_equal(in.nhist, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unfilled),
		cmocka_unit_test(test_outcome_labels),
		cmocka_unit_test(test_audit_labels),
		cmocka_unit_test(test_office_article),
		cmocka_unit_test(test_input_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
