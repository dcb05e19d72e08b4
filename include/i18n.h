/*
 * i18n: the languages the service speaks, through GNU gettext.  Italian is
 * the source language (every msgid is the Italian text); German and English
 * come from the catalogues built from data/po/ (domain "infocig").
 *
 * One process serves sessions in different languages: i18n_use() switches
 * the language of every later _() until the next switch.  It does so through
 * gettext's LANGUAGE list, which needs no locale of the system but C.UTF-8,
 * so a server without de_DE or en_US locales generated still speaks both.
 * Not thread-safe: call it from the thread that formats the text.
 */
#ifndef INFOCIG_I18N_H
#define INFOCIG_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "infocig"

/* A translatable text, translated where it is used. */
#define _(s) gettext(s)
/* Marks a text for extraction only (tables); translate with _() on use. */
#define N_(s) (s)

enum lang { LANG_IT, LANG_DE, LANG_EN, LANG_COUNT };

/* "it", "de", "en". */
const char *lang_code(enum lang l);
/* The language's own name: "italiano", "Deutsch", "English". */
const char *lang_name(enum lang l);
/*
 * The language of a code ("de"), or of a locale name as LANG and LC_* carry
 * it ("de_DE.UTF-8", "en_GB", "it_IT@euro"): 0 and *out, or ERR_NOTFOUND
 * for a language the service does not speak, "C" and "POSIX" included.
 */
int lang_parse(const char *s, enum lang *out);

/*
 * Binds the catalogues: $INFOCIG_LOCALEDIR, else locale/ beside the
 * executable (a source tree), else the installed folder.  Makes sure the
 * messages category is not the "C" locale, in which gettext ignores
 * LANGUAGE.  Starts in Italian.  0, or ERR_IO when no folder holds them
 * (the service then speaks Italian only).
 */
int i18n_open(void);
/* The folder i18n_open() bound, for messages. */
const char *i18n_localedir(void);
/*
 * The language the environment asks for: the first of LC_ALL, LC_MESSAGES
 * and LANG that is set (POSIX precedence); Italian when that one names a
 * language the service does not speak, or none is set.
 */
enum lang i18n_env_lang(void);
/* Switches the language of what _() returns from now on. */
void i18n_use(enum lang l);
enum lang i18n_current(void);

#endif
