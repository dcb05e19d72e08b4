/*
 * Unit tests for the vocabulary (include/vocab.h): every name parses back to
 * its value, unknown words and NULL are refused, labels are the Italian
 * words, and out-of-range values give "?".  Also err_text (common.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "vocab.h"

/* Every value of a vocabulary: name -> parse gives it back, label is set. */
#define ROUNDTRIP(count, name, parse, label) do {				\
	int i_;									\
	for (i_ = 0; i_ < (count); i_++) {					\
		assert_int_equal(parse(name(i_)), i_);				\
		assert_string_not_equal(label(i_), "?");			\
	}									\
	assert_string_equal(name(count), "?");					\
	assert_string_equal(label(count), "?");					\
	assert_string_equal(name(-1), "?");					\
	assert_int_equal(parse(NULL), ERR_INVALID);				\
	assert_int_equal(parse(""), ERR_INVALID);				\
	assert_int_equal(parse("?"), ERR_INVALID);				\
} while (0)

static void
test_roundtrips(void **state)
{
	(void)state;
	ROUNDTRIP(CHAT_STATE_COUNT, chat_state_name, chat_state_parse, chat_state_label);
	ROUNDTRIP(CHAT_OUTCOME_COUNT, chat_outcome_name, chat_outcome_parse,
	    chat_outcome_label);
	ROUNDTRIP(CHANNEL_COUNT, chat_channel_name, chat_channel_parse, chat_channel_label);
	ROUNDTRIP(ADVISOR_STATE_COUNT, advisor_state_name, advisor_state_parse,
	    advisor_state_label);
	ROUNDTRIP(REPORT_STATUS_COUNT, report_status_name, report_status_parse,
	    report_status_label);
	ROUNDTRIP(REPORT_NOTE_KIND_COUNT, report_note_kind_name, report_note_kind_parse,
	    report_note_kind_label);
}

/* The database's spellings: changing one needs a migration. */
static void
test_database_names(void **state)
{
	(void)state;
	assert_string_equal(chat_state_name(CHAT_QUEUED), "queued");
	assert_string_equal(chat_state_name(CHAT_DISCONNECTED), "disconnected");
	assert_string_equal(chat_outcome_name(OUTCOME_LINEA_INPS), "linea_inps");
	assert_string_equal(chat_channel_name(CHANNEL_WORKERS), CHAT_CHANNEL_WORKERS);
	assert_string_equal(chat_channel_name(CHANNEL_COMPANIES), "aziende");
	assert_string_equal(advisor_state_name(ADVISOR_PAUSED), "paused");
	assert_string_equal(report_status_name(REPORT_IN_LAVORAZIONE), "in_lavorazione");
	assert_string_equal(report_note_kind_name(REPORT_NOTE_TAKEN), "presa_in_carico");
	/* Case and blanks matter: the database compares exactly. */
	assert_int_equal(chat_state_parse("Queued"), ERR_INVALID);
	assert_int_equal(advisor_state_parse(" available"), ERR_INVALID);
}

static void
test_labels(void **state)
{
	(void)state;
	assert_string_equal(chat_state_label(CHAT_ACTIVE), "in corso");
	assert_string_equal(chat_outcome_label(OUTCOME_RESOLVED), "risolta in chat");
	assert_string_equal(chat_outcome_label(OUTCOME_OTHER), "altro esito");
	assert_string_equal(advisor_state_label(ADVISOR_AVAILABLE), "disponibile");
	assert_string_equal(advisor_state_label(ADVISOR_PAUSED), "in pausa");
	assert_string_equal(report_status_label(REPORT_IN_LAVORAZIONE), "in lavorazione");
	assert_string_equal(report_note_kind_label(REPORT_NOTE_FILED), "inoltrata");
}

static void
test_err_text(void **state)
{
	int code;

	(void)state;
	assert_string_equal(err_text(ERR_BUSY), "database occupato da un altro processo, riprovare");
	assert_string_equal(err_text(ERR_EXISTS), "esiste già");
	for (code = ERR_LIMIT; code <= 0; code++)
		assert_string_not_equal(err_text(code), err_text(-1000));
	assert_string_equal(err_text(-1000), "errore sconosciuto");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrips),
		cmocka_unit_test(test_database_names),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_err_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
