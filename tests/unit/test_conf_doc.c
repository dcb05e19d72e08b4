/*
 * The configuration table and infocig.conf(5) describe the same settings:
 * every key of the table has an item in the page that states its default,
 * and the page has no item for a key the table lacks.  The keys and their
 * defaults come from conf_print() of the built-in defaults, as
 * `infocigd -T` prints them.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "conf.h"

#define PAGE "man/infocig.conf.5"

/* One ".It Cm" item of the page: the names it documents and its text. */
struct item {
	char names[256];	/* the words after ".It Cm", blank-separated */
	char *body;		/* from the item's line to the next item, lower case */
};

struct page {
	struct item *items;
	size_t nitems;
	char *text;
};

/* A word of an item's head that names a setting: it has a dot in it. */
static int
is_setting_name(const char *w)
{
	return strchr(w, '.') != NULL && strcmp(w, ",") != 0;
}

static void
page_load(struct page *p)
{
	FILE *f = fopen(PAGE, "r");
	char *line = NULL, *cur = NULL;
	size_t cap = 0, curlen = 0;
	ssize_t n;
	int depth = 0;

	assert_non_null(f);
	memset(p, 0, sizeof *p);
	while ((n = getline(&line, &cap, f)) >= 0) {
		/* Settings are the items of top-level lists; nested lists are their text. */
		int head = depth == 1 && strncmp(line, ".It Cm ", 7) == 0;

		if (strncmp(line, ".Bl ", 4) == 0)
			depth++;
		else if (strncmp(line, ".El", 3) == 0 && depth > 0)
			depth--;
		if (head || strncmp(line, ".Sh ", 4) == 0) {
			if (p->nitems > 0 && p->items[p->nitems - 1].body == NULL)
				p->items[p->nitems - 1].body = cur;
			else
				free(cur);
			cur = NULL;
			curlen = 0;
		}
		if (head) {
			struct item *it;

			p->items = realloc(p->items, (p->nitems + 1) * sizeof *p->items);
			assert_non_null(p->items);
			it = &p->items[p->nitems++];
			memset(it, 0, sizeof *it);
			snprintf(it->names, sizeof it->names, "%s", line + 7);
			it->names[strcspn(it->names, "\n")] = '\0';
		}
		if (p->nitems > 0 && p->items[p->nitems - 1].body == NULL) {
			size_t i;

			cur = realloc(cur, curlen + (size_t)n + 1);
			assert_non_null(cur);
			for (i = 0; i < (size_t)n; i++)
				cur[curlen + i] = (char)tolower((unsigned char)line[i]);
			curlen += (size_t)n;
			cur[curlen] = '\0';
		}
	}
	if (p->nitems > 0 && p->items[p->nitems - 1].body == NULL)
		p->items[p->nitems - 1].body = cur;
	else
		free(cur);
	free(line);
	fclose(f);
}

static void
page_free(struct page *p)
{
	size_t i;

	for (i = 0; i < p->nitems; i++)
		free(p->items[i].body);
	free(p->items);
}

/*
 * The item documenting key: one that names it ("rollout.lavoratori ,
 * rollout.aziende" names both), or a family item such as
 * "service.hours.\& Ns Ar day" whose text lists the rest as ".Cm monday".
 */
static const struct item *
item_for(const struct page *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->nitems; i++) {
		char words[256], *w, *save = NULL;

		snprintf(words, sizeof words, "%s", p->items[i].names);
		for (w = strtok_r(words, " ,", &save); w != NULL; w = strtok_r(NULL, " ,", &save)) {
			size_t len = strlen(w);
			char cm[64];

			if (strcmp(w, key) == 0)
				return &p->items[i];
			if (len > 2 && strcmp(w + len - 2, "\\&") == 0 &&
			    strncmp(key, w, len - 2) == 0) {
				snprintf(cm, sizeof cm, ".cm %s", key + len - 2);
				if (strstr(p->items[i].body, cm) != NULL)
					return &p->items[i];
			}
		}
	}
	return NULL;
}

/* word appears in text with no letter, digit or '_' right before or after it. */
static int
has_word(const char *text, const char *word)
{
	size_t len = strlen(word);
	const char *s;

	for (s = strstr(text, word); s != NULL; s = strstr(s + 1, word)) {
		int before = s > text && (isalnum((unsigned char)s[-1]) || s[-1] == '_');
		int after = isalnum((unsigned char)s[len]) || s[len] == '_';

		if (!before && !after)
			return 1;
	}
	return 0;
}

/*
 * The text states the default value: the number, word or string itself,
 * or for an empty value "empty" (a string, the closures), "closed" (a day's
 * hours) or "everyone" (a rollout with no steps serves everyone).
 */
static int
states_default(const char *body, const char *value)
{
	char v[512];
	size_t len;

	if (strstr(body, "default") == NULL)
		return 0;
	snprintf(v, sizeof v, "%s", value);
	len = strlen(v);
	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		memmove(v, v + 1, len - 2);
		v[len - 2] = '\0';
	}
	for (len = 0; v[len] != '\0'; len++)
		v[len] = (char)tolower((unsigned char)v[len]);
	if (strcmp(v, "") == 0 || strcmp(v, "[ ]") == 0)
		return strstr(body, "empty") != NULL || strstr(body, "closed") != NULL;
	if (strcmp(v, "( )") == 0)
		return strstr(body, "everyone") != NULL;
	return has_word(body, v);
}

static void
test_every_key_documented_with_its_default(void **state)
{
	struct conf *c = conf_defaults();
	struct page p;
	char *out = NULL, *line, *save = NULL;
	size_t outlen = 0, keys = 0;
	FILE *f = open_memstream(&out, &outlen);
	int missing = 0;

	(void)state;
	assert_non_null(c);
	assert_non_null(f);
	conf_print(c, f);
	fclose(f);
	page_load(&p);
	for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *value = strchr(line, ' ');
		const struct item *it;

		assert_non_null(value);
		*value++ = '\0';
		keys++;
		if ((it = item_for(&p, line)) == NULL) {
			print_message("# %s: no item in %s\n", line, PAGE);
			missing++;
		} else if (!states_default(it->body, value)) {
			print_message("# %s: %s does not state its default %s\n", line, PAGE, value);
			missing++;
		}
	}
	assert_true(keys > 50);	/* the whole table was printed */
	assert_int_equal(missing, 0);
	page_free(&p);
	free(out);
	conf_free(c);
}

static void
test_page_documents_no_unknown_key(void **state)
{
	struct conf *c = conf_defaults();
	struct page p;
	char *out = NULL;
	size_t outlen = 0, i;
	FILE *f = open_memstream(&out, &outlen);
	int unknown = 0;

	(void)state;
	assert_non_null(f);
	conf_print(c, f);
	fclose(f);
	page_load(&p);
	assert_true(p.nitems > 40);
	for (i = 0; i < p.nitems; i++) {
		char words[256], *w, *save = NULL, pattern[300];

		snprintf(words, sizeof words, "%s", p.items[i].names);
		for (w = strtok_r(words, " ,", &save); w != NULL; w = strtok_r(NULL, " ,", &save)) {
			size_t len = strlen(w);

			if (!is_setting_name(w))
				continue;
			if (len > 2 && strcmp(w + len - 2, "\\&") == 0)	/* a family: its prefix */
				snprintf(pattern, sizeof pattern, "\n%.*s", (int)(len - 2), w);
			else
				snprintf(pattern, sizeof pattern, "\n%s ", w);
			/* out starts with a key too: look for it after a newline or at the start */
			if (strncmp(out, pattern + 1, strlen(pattern + 1)) != 0 &&
			    strstr(out, pattern) == NULL) {
				print_message("# %s documents %s, which the table lacks\n", PAGE, w);
				unknown++;
			}
		}
	}
	assert_int_equal(unknown, 0);
	page_free(&p);
	free(out);
	conf_free(c);
}

/* The checker itself: a key it cannot find, or a default not stated, is reported. */
static void
test_checker_sees_a_missing_default(void **state)
{
	(void)state;
	assert_true(states_default("the default is 2222.\n", "2222"));
	assert_false(states_default("the default is 22220.\n", "2222"));
	assert_false(states_default("the port, 2222\n", "2222"));
	assert_true(states_default("empty (the default)\n", "\"\""));
	assert_true(states_default("the default is\n.dq europe/rome .\n", "\"Europe/Rome\""));
	assert_false(has_word("ssh.port_max", "ssh.port"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key_documented_with_its_default),
		cmocka_unit_test(test_page_documents_no_unknown_key),
		cmocka_unit_test(test_checker_sees_a_missing_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
