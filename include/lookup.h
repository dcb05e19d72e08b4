/*
 * lookup: finding a person's or a company's applications by any key, with
 * the access rules and the audit log in one place.  The CLI, the console and
 * the chat shell all come through here.
 */
#ifndef INFOCIG_LOOKUP_H
#define INFOCIG_LOOKUP_H

#include <stdio.h>

#include "conf.h"
#include "practice.h"
#include "store.h"
#include "valid.h"

struct lookup {
	enum valid_kind kind;		/* what the key was */
	char key[32];			/* normalised */
	int has_worker;
	struct store_worker worker;
	int has_company;
	struct store_company company;
	int64_t *practices;		/* owned; newest first */
	size_t npractices;
};

/*
 * Resolves key (codice fiscale, partita IVA, matricola or application
 * number) for actor.  Staff lookups are written to the audit log with reason
 * and chat_id.  Returns 0; ERR_INVALID for a malformed key, ERR_NOTFOUND for
 * a valid key with no data, ERR_DENIED when actor may not see it; err gets an
 * Italian sentence in every failure case.
 */
int lookup_resolve(struct store *st, const struct store_account *actor, const char *key,
    const char *reason, int64_t chat_id, struct lookup *out, char *err, size_t errlen);
void lookup_clear(struct lookup *l);

/* Access rules: 1 when actor may see it, 0 when not, negative on error. */
int access_may_see_worker(struct store *st, const struct store_account *actor, int64_t worker_id);
int access_may_see_company(struct store *st, const struct store_account *actor, int64_t company_id);
int access_may_see_practice(struct store *st, const struct store_account *actor,
    const struct practice *p);

/* The timeline engine's parameters from the configuration. */
void lookup_timeline_params(const struct conf *c, struct timeline_params *out);
/* Loads application id and computes its timeline (for worker_id, or 0) at today. */
int lookup_timeline(struct store *st, const struct conf *c, int64_t id, int64_t worker_id,
    int32_t today, struct practice *p, struct timeline *t);

/* Text for people: the application, its stage, what is missing, deadlines, payments. */
void lookup_print_practice(FILE *fp, const struct practice *p, const struct timeline *t,
    int64_t worker_id, int with_events);
/* The same as one JSON object. */
void lookup_print_practice_json(FILE *fp, const struct practice *p, const struct timeline *t,
    int64_t worker_id);

#endif
