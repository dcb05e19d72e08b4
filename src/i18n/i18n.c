/* The service's languages through gettext; see include/i18n.h. */
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "i18n.h"

#ifndef INFOCIG_LOCALEDIR
#define INFOCIG_LOCALEDIR "/usr/local/share/locale"
#endif

/*
 * GNU gettext caches translations; after LANGUAGE changes, this counter
 * must move for the cache to be consulted again (the gettext manual, "Being
 * a gettext grok").  glibc exports it for exactly this use.
 */
extern int _nl_msg_cat_cntr;

static const struct {
	const char *code, *name;
} langs[LANG_COUNT] = {
	[LANG_IT] = { "it", "italiano" },
	[LANG_DE] = { "de", "Deutsch" },
	[LANG_EN] = { "en", "English" },
};

static enum lang current = LANG_IT;
static char localedir[PATH_MAX];

const char *
lang_code(enum lang l)
{
	return l >= 0 && l < LANG_COUNT ? langs[l].code : langs[LANG_IT].code;
}

const char *
lang_name(enum lang l)
{
	return l >= 0 && l < LANG_COUNT ? langs[l].name : langs[LANG_IT].name;
}

int
lang_parse(const char *s, enum lang *out)
{
	size_t n;
	int l;

	if (s == NULL)
		return ERR_NOTFOUND;
	/* The language part of language[_territory][.codeset][@modifier]. */
	n = strcspn(s, "_.@");
	for (l = 0; l < LANG_COUNT; l++)
		if (n == 2 && strncmp(s, langs[l].code, 2) == 0) {
			*out = (enum lang)l;
			return 0;
		}
	return ERR_NOTFOUND;
}

/* Whether dir holds a catalogue of ours (the German one stands for all). */
static int
has_catalogues(const char *dir)
{
	char path[PATH_MAX];
	struct stat sb;
	int n = snprintf(path, sizeof path, "%s/de/LC_MESSAGES/%s.mo", dir, I18N_DOMAIN);

	return n > 0 && (size_t)n < sizeof path && stat(path, &sb) == 0;
}

static void
find_localedir(void)
{
	const char *env = getenv("INFOCIG_LOCALEDIR");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (env != NULL && *env != '\0' && strlen(env) < sizeof localedir) {
		strcpy(localedir, env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 8);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			strcpy(slash, "/locale");
			if (has_catalogues(exe)) {
				strcpy(localedir, exe);
				return;
			}
		}
	}
	snprintf(localedir, sizeof localedir, "%s", INFOCIG_LOCALEDIR);
}

int
i18n_open(void)
{
	static const int categories[] = { LC_MESSAGES, LC_CTYPE };
	size_t i;

	/*
	 * In the "C" locale gettext ignores LANGUAGE, and a C character type
	 * turns the accented letters of libc's own messages into '?'; C.UTF-8
	 * is built into glibc, so it is always there.
	 */
	for (i = 0; i < nitems(categories); i++) {
		const char *now = setlocale(categories[i], NULL);

		if (now == NULL || strcmp(now, "C") == 0 || strcmp(now, "POSIX") == 0)
			setlocale(categories[i], "C.UTF-8");
	}
	find_localedir();
	if (bindtextdomain(I18N_DOMAIN, localedir) == NULL ||
	    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8") == NULL ||
	    textdomain(I18N_DOMAIN) == NULL)
		return ERR_IO;
	i18n_use(LANG_IT);
	return has_catalogues(localedir) ? 0 : ERR_IO;
}

enum lang
i18n_env_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	enum lang l = LANG_IT;
	size_t i;

	for (i = 0; i < nitems(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0')
			return lang_parse(v, &l) == 0 ? l : LANG_IT;
	}
	return LANG_IT;
}

const char *
i18n_localedir(void)
{
	return localedir;
}

void
i18n_use(enum lang l)
{
	if (l < 0 || l >= LANG_COUNT)
		l = LANG_IT;
	if (l == current && getenv("LANGUAGE") != NULL)
		return;
	/* Italian is the msgid itself: no catalogue is looked up. */
	if (setenv("LANGUAGE", l == LANG_IT ? "it" : lang_code(l), 1) == 0) {
		current = l;
		++_nl_msg_cat_cntr;
	}
}

enum lang
i18n_current(void)
{
	return current;
}
