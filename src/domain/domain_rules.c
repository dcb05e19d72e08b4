/*
 * rules: the law as data.  Parses the rows of data/timeline_rules.csv and
 * data/causali.csv (the store hands them over, from the file at database
 * creation or from its tables later) and picks the rule that applies to an
 * application by kind, type, causale class and date.  Pure code: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "practice.h"

const char timeline_rules_header[] =
    "key,kind,types,causali,valid_from,valid_to,term,auth_term,reference,text,note";
const char causali_header[] = "code,description,types,class";

static const char *const kind_names[RULE_KIND_COUNT] = {
	[RULE_FILING] = "domanda",
	[RULE_LATE_FILING] = "tardiva",
	[RULE_DECISION] = "autorizzazione",
	[RULE_PAYMENT_DATA] = "dati_pagamento",
	[RULE_CONGUAGLIO] = "conguaglio",
};

static const char *const class_names[CAUSALE_CLASS_COUNT] = {
	[CAUSALE_ORDINARIA] = "ordinaria",
	[CAUSALE_NON_EVITABILE] = "non_evitabile",
	[CAUSALE_COVID] = "covid",
};

const char *
rule_kind_name(enum rule_kind k)
{
	return (unsigned)k < RULE_KIND_COUNT ? kind_names[k] : "?";
}

const char *
causale_class_name(enum causale_class c)
{
	return (unsigned)c < CAUSALE_CLASS_COUNT ? class_names[c] : "?";
}

void
timeline_rules_init(struct timeline_rules *r)
{
	memset(r, 0, sizeof *r);
}

void
timeline_rules_clear(struct timeline_rules *r)
{
	if (r == NULL)
		return;
	free(r->rules);
	free(r->causali);
	timeline_rules_init(r);
}

static int
invalid(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return ERR_INVALID;
}

/* "CIGO FIS" into a bit set; "*" is every type.  0 on an unknown name. */
static unsigned
parse_types(const char *s)
{
	char word[16];
	unsigned bits = 0;
	size_t n;
	int t;

	if (strcmp(s, "*") == 0)
		return (1u << PRACTICE_TYPE_COUNT) - 1;
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		n = strcspn(s, " ");
		if (n == 0)
			break;
		if (n >= sizeof word)
			return 0;
		memcpy(word, s, n);
		word[n] = '\0';
		if ((t = practice_type_parse(word)) < 0)
			return 0;
		bits |= 1u << t;
		s += n;
	}
	return bits;
}

static int
parse_class(const char *word, size_t n)
{
	int c;

	for (c = 0; c < CAUSALE_CLASS_COUNT; c++)
		if (strlen(class_names[c]) == n && strncmp(word, class_names[c], n) == 0)
			return c;
	return ERR_INVALID;
}

/* "ordinaria non_evitabile" into a bit set; "*" is every class. */
static unsigned
parse_classes(const char *s)
{
	unsigned bits = 0;
	size_t n;
	int c;

	if (strcmp(s, "*") == 0)
		return (1u << CAUSALE_CLASS_COUNT) - 1;
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if ((n = strcspn(s, " ")) == 0)
			break;
		if ((c = parse_class(s, n)) < 0)
			return 0;
		bits |= 1u << c;
		s += n;
	}
	return bits;
}

/* "giorni+15", "giorni-7", "fine_mese+2", "mesi+6" or "-". */
static int
parse_term(const char *s, struct rule_term *t)
{
	static const struct {
		const char *prefix;
		enum term_unit unit;
	} units[] = {
		{ "giorni", TERM_DAYS }, { "fine_mese", TERM_END_OF_MONTH }, { "mesi", TERM_MONTHS },
	};
	size_t i, len;
	char *end;
	long n;

	memset(t, 0, sizeof *t);
	if (strcmp(s, "-") == 0)
		return 0;
	for (i = 0; i < nitems(units); i++) {
		len = strlen(units[i].prefix);
		if (strncmp(s, units[i].prefix, len) != 0 || (s[len] != '+' && s[len] != '-'))
			continue;
		n = strtol(s + len, &end, 10);
		if (*end != '\0' || n < -366 || n > 366 ||
		    (units[i].unit != TERM_DAYS && n < 0))
			return ERR_INVALID;
		t->unit = units[i].unit;
		t->n = (int32_t)n;
		return 0;
	}
	return ERR_INVALID;
}

int
timeline_rules_add_rule(struct timeline_rules *r, const char *const f[RULE_FIELDS],
    char *err, size_t errlen)
{
	struct timeline_rule rule;
	int k;

	memset(&rule, 0, sizeof rule);
	if (f[0][0] == '\0' || strlen(f[0]) >= sizeof rule.key)
		return invalid(err, errlen, "chiave \"%s\" vuota o troppo lunga", f[0]);
	str_lcpy(rule.key, f[0], sizeof rule.key);
	for (k = 0; k < RULE_KIND_COUNT && strcmp(f[1], kind_names[k]) != 0; k++)
		;
	if (k == RULE_KIND_COUNT)
		return invalid(err, errlen, "tipo di regola \"%s\" sconosciuto", f[1]);
	rule.kind = (enum rule_kind)k;
	if ((rule.types = parse_types(f[2])) == 0)
		return invalid(err, errlen, "tipi di domanda \"%s\" non validi", f[2]);
	if ((rule.classes = parse_classes(f[3])) == 0)
		return invalid(err, errlen, "classi di causale \"%s\" non valide", f[3]);
	if (day_parse(f[4], &rule.valid_from) < 0)
		return invalid(err, errlen, "data di inizio \"%s\" non valida", f[4]);
	if (day_parse(f[5], &rule.valid_to) < 0 || rule.valid_to < rule.valid_from)
		return invalid(err, errlen, "data di fine \"%s\" non valida", f[5]);
	if (parse_term(f[6], &rule.term) < 0)
		return invalid(err, errlen, "termine \"%s\" non valido", f[6]);
	if (parse_term(f[7], &rule.auth_term) < 0)
		return invalid(err, errlen, "termine dall'autorizzazione \"%s\" non valido", f[7]);
	if (f[8][0] == '\0' || strlen(f[8]) >= sizeof rule.reference)
		return invalid(err, errlen, "riferimento normativo \"%s\" vuoto o troppo lungo",
		    f[8]);
	str_lcpy(rule.reference, f[8], sizeof rule.reference);
	if (f[9][0] == '\0' || strlen(f[9]) >= sizeof rule.text)
		return invalid(err, errlen, "testo della regola %s vuoto o troppo lungo", f[0]);
	/* A date in the text needs a term to compute it. */
	if (strstr(f[9], "{data}") != NULL && rule.term.unit == TERM_NONE)
		return invalid(err, errlen, "la regola %s cita {data} senza un termine", f[0]);
	str_lcpy(rule.text, f[9], sizeof rule.text);
	r->rules = xreallocarray(r->rules, r->nrules + 1, sizeof *r->rules);
	r->rules[r->nrules++] = rule;
	return 0;
}

int
timeline_rules_add_causale(struct timeline_rules *r, const char *const f[CAUSALE_FIELDS],
    char *err, size_t errlen)
{
	struct causale c;
	int cls;

	memset(&c, 0, sizeof c);
	if (f[0][0] == '\0' || strlen(f[0]) >= sizeof c.code)
		return invalid(err, errlen, "codice di causale \"%s\" vuoto o troppo lungo", f[0]);
	if (f[1][0] == '\0' || strlen(f[1]) >= sizeof c.description)
		return invalid(err, errlen, "descrizione \"%s\" vuota o troppo lunga", f[1]);
	if (timeline_causale_find(r, f[0]) != NULL || timeline_causale_find(r, f[1]) != NULL)
		return invalid(err, errlen, "causale \"%s\" ripetuta", f[0]);
	if ((c.types = parse_types(f[2])) == 0)
		return invalid(err, errlen, "tipi di domanda \"%s\" non validi", f[2]);
	if ((cls = parse_class(f[3], strlen(f[3]))) < 0)
		return invalid(err, errlen, "classe di causale \"%s\" sconosciuta", f[3]);
	str_lcpy(c.code, f[0], sizeof c.code);
	str_lcpy(c.description, f[1], sizeof c.description);
	c.cls = (enum causale_class)cls;
	r->causali = xreallocarray(r->causali, r->ncausali + 1, sizeof *r->causali);
	r->causali[r->ncausali++] = c;
	return 0;
}

const struct causale *
timeline_causale_find(const struct timeline_rules *r, const char *reason)
{
	size_t i;

	if (r == NULL || reason == NULL)
		return NULL;
	for (i = 0; i < r->ncausali; i++)
		if (strcasecmp(reason, r->causali[i].code) == 0 ||
		    strcasecmp(reason, r->causali[i].description) == 0)
			return &r->causali[i];
	return NULL;
}

int
causale_valid_for(const struct causale *c, enum practice_type t)
{
	return c != NULL && (unsigned)t < PRACTICE_TYPE_COUNT && (c->types & (1u << t)) != 0;
}

const struct timeline_rule *
timeline_rule_find(const struct timeline_rules *r, enum rule_kind k, enum practice_type t,
    enum causale_class c, int32_t day)
{
	const struct timeline_rule *rule;
	size_t i;

	if (r == NULL || (unsigned)t >= PRACTICE_TYPE_COUNT || (unsigned)c >= CAUSALE_CLASS_COUNT)
		return NULL;
	/* File order decides between overlapping rows: the first match wins. */
	for (i = 0; i < r->nrules; i++) {
		rule = &r->rules[i];
		if (rule->kind == k && (rule->types & (1u << t)) && (rule->classes & (1u << c)) &&
		    day >= rule->valid_from && day <= rule->valid_to)
			return rule;
	}
	return NULL;
}

/* day plus n calendar months, the day of the month clamped (31/08 + 6 = 28/02). */
static int32_t
add_months(int32_t day, int32_t n)
{
	int y, m, d, dim;

	day_to_ymd(day, &y, &m, &d);
	m += n;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	dim = day_days_in_month(y, m);
	return day_from_ymd(y, m, d < dim ? d : dim);
}

int32_t
rule_term_apply(const struct rule_term *t, int32_t day)
{
	if (t == NULL || day == 0)
		return 0;
	switch (t->unit) {
	case TERM_DAYS:
		return day + t->n;
	case TERM_END_OF_MONTH:
		return day_end_of_month(day, t->n);
	case TERM_MONTHS:
		return add_months(day, t->n);
	default:
		return 0;
	}
}
