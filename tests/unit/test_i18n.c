/* The service's languages: parsing, the environment, switching catalogues. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "i18n.h"

/* A text of src/infocigd.c that data/po/ translates. */
#define USAGE "uso: infocigd [-dDtT] [-f file] [-o chiave=valore ...]\n"

static void
test_lang_parse(void **state)
{
	static const struct {
		const char *s;
		int r;
		enum lang l;
	} cases[] = {
		{ "it", 0, LANG_IT }, { "de", 0, LANG_DE }, { "en", 0, LANG_EN },
		{ "de_DE.UTF-8", 0, LANG_DE }, { "de_AT", 0, LANG_DE }, { "en_GB.utf8", 0, LANG_EN },
		{ "it_IT@euro", 0, LANG_IT }, { "C", ERR_NOTFOUND, 0 }, { "POSIX", ERR_NOTFOUND, 0 },
		{ "C.UTF-8", ERR_NOTFOUND, 0 }, { "fr_FR.UTF-8", ERR_NOTFOUND, 0 },
		{ "deu", ERR_NOTFOUND, 0 }, { "", ERR_NOTFOUND, 0 }, { "d", ERR_NOTFOUND, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		enum lang l = LANG_COUNT;

		assert_int_equal(lang_parse(cases[i].s, &l), cases[i].r);
		if (cases[i].r == 0)
			assert_int_equal(l, cases[i].l);
	}
	assert_int_equal(lang_parse(NULL, NULL), ERR_NOTFOUND);
	assert_string_equal(lang_code(LANG_DE), "de");
	assert_string_equal(lang_name(LANG_EN), "English");
}

/* LC_ALL, then LC_MESSAGES, then LANG; the first set one decides. */
static void
test_env_lang(void **state)
{
	(void)state;
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "en_US.UTF-8", 1);
	assert_int_equal(i18n_env_lang(), LANG_EN);
	setenv("LC_MESSAGES", "de_DE.UTF-8", 1);
	assert_int_equal(i18n_env_lang(), LANG_DE);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(i18n_env_lang(), LANG_IT);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	assert_int_equal(i18n_env_lang(), LANG_IT);
}

/*
 * One process switches back and forth, as a worker does between sessions:
 * each switch must reach the catalogue, not gettext's cache of the last one.
 */
static void
test_switching(void **state)
{
	(void)state;
	setenv("INFOCIG_LOCALEDIR", "locale", 1);
	assert_int_equal(i18n_open(), 0);
	assert_string_equal(i18n_localedir(), "locale");
	assert_int_equal(i18n_current(), LANG_IT);
	assert_string_equal(_(USAGE), USAGE);
	i18n_use(LANG_DE);
	assert_string_equal(_(USAGE), "Aufruf: infocigd [-dDtT] [-f Datei] [-o Schlüssel=Wert ...]\n");
	i18n_use(LANG_EN);
	assert_string_equal(_(USAGE), "usage: infocigd [-dDtT] [-f file] [-o key=value ...]\n");
	i18n_use(LANG_IT);
	assert_string_equal(_(USAGE), USAGE);
	i18n_use(LANG_DE);
	assert_int_equal(i18n_current(), LANG_DE);
	assert_string_equal(_(USAGE), "Aufruf: infocigd [-dDtT] [-f Datei] [-o Schlüssel=Wert ...]\n");
	assert_string_equal(_("un testo che nessun catalogo ha"), "un testo che nessun catalogo ha");
	i18n_use(LANG_IT);
}

static void
test_no_catalogues(void **state)
{
	(void)state;
	setenv("INFOCIG_LOCALEDIR", "/nonexistent", 1);
	assert_int_equal(i18n_open(), ERR_IO);
	i18n_use(LANG_DE);
	assert_string_equal(_(USAGE), USAGE);	/* Italian, the source */
	i18n_use(LANG_IT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_env_lang),
		cmocka_unit_test(test_switching),
		cmocka_unit_test(test_no_catalogues),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
