/*
 * Territorial rollout: which provinces (by sigla) may use the service from
 * which day.  Each step holds a bit per possible two-letter sigla, so lookups
 * need no string compares and no list of valid provinces is built in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"

/* Bit index of a two-letter sigla, or -1; lower case only if fold. */
static int
sigla_index(const char *s, int fold)
{
	int a, b;

	if (s == NULL || s[0] == '\0' || s[1] == '\0' || s[2] != '\0')
		return -1;
	a = (unsigned char)s[0];
	b = (unsigned char)s[1];
	if (fold) {
		if (a >= 'a' && a <= 'z')
			a -= 'a' - 'A';
		if (b >= 'a' && b <= 'z')
			b -= 'a' - 'A';
	}
	if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
		return -1;
	return (a - 'A') * 26 + (b - 'A');
}

int
calendar_rollout_add(struct rollout *r, const char *from,
    const char *const *siglas, size_t n)
{
	struct rollout_step step;
	size_t i;
	int idx;

	if (r == NULL || n == 0 || siglas == NULL)
		return ERR_INVALID;
	memset(&step, 0, sizeof step);
	if (day_parse(from, &step.from) < 0)
		return ERR_INVALID;
	for (i = 0; i < n; i++) {
		if (siglas[i] != NULL && strcmp(siglas[i], "*") == 0) {
			step.all = 1;
			continue;
		}
		if ((idx = sigla_index(siglas[i], 0)) < 0)
			return ERR_INVALID;
		step.set[idx / 8] |= (unsigned char)(1u << (idx % 8));
	}
	r->steps = xreallocarray(r->steps, r->nsteps + 1, sizeof *r->steps);
	r->steps[r->nsteps++] = step;
	return 0;
}

void
calendar_rollout_clear(struct rollout *r)
{
	if (r == NULL)
		return;
	free(r->steps);
	r->steps = NULL;
	r->nsteps = 0;
}

int
calendar_rollout_eligible(const struct rollout *r, const char *province,
    int32_t day, int32_t *from)
{
	const struct rollout_step *s;
	int idx = sigla_index(province, 1), found = 0;
	int32_t first = 0;
	size_t i;

	if (r == NULL || r->nsteps == 0)
		return 1;
	for (i = 0; i < r->nsteps; i++) {
		s = &r->steps[i];
		if (!s->all && (idx < 0 || !(s->set[idx / 8] & (1u << (idx % 8)))))
			continue;
		if (s->from <= day)
			return 1;
		if (!found || s->from < first)
			first = s->from;
		found = 1;
	}
	if (from != NULL)
		*from = found ? first : 0;
	return 0;
}
