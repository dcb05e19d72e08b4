/* Account roles: stable storage names and Italian labels. */
#include <string.h>

#include "account.h"
#include "common.h"

static const struct {
	const char *name;
	const char *label;
} roles[ROLE_COUNT] = {
	[ROLE_WORKER] = { "worker", "lavoratore" },
	[ROLE_OWNER] = { "owner", "titolare" },
	[ROLE_REPRESENTATIVE] = { "representative", "rappresentante legale" },
	[ROLE_CONSULTANT] = { "consultant", "consulente aziendale" },
	[ROLE_ADVISOR] = { "advisor", "operatore INFO CIG" },
	[ROLE_SUPERVISOR] = { "supervisor", "supervisore" },
	[ROLE_OFFICE] = { "office", "operatore di sede" },
};

const char *
account_role_name(enum account_role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].name : "?";
}

const char *
account_role_label(enum account_role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].label : "?";
}

int
account_role_parse(const char *name)
{
	int i;

	for (i = 0; i < ROLE_COUNT; i++)
		if (strcmp(name, roles[i].name) == 0)
			return i;
	return ERR_INVALID;
}

int
account_role_is_company(enum account_role r)
{
	return r == ROLE_OWNER || r == ROLE_REPRESENTATIVE || r == ROLE_CONSULTANT;
}

int
account_role_is_staff(enum account_role r)
{
	return r == ROLE_ADVISOR || r == ROLE_SUPERVISOR || r == ROLE_OFFICE;
}
