/*
 * account: who is at the other end.  Roles and their names; the access
 * rules that every caller uses live in src/domain/domain_access.c.
 */
#ifndef INFOCIG_ACCOUNT_H
#define INFOCIG_ACCOUNT_H

#include <stdint.h>

enum account_role {
	ROLE_WORKER,		/* lavoratore */
	ROLE_OWNER,		/* titolare */
	ROLE_REPRESENTATIVE,	/* rappresentante legale */
	ROLE_CONSULTANT,	/* consulente aziendale */
	ROLE_ADVISOR,		/* operatore INFO CIG */
	ROLE_SUPERVISOR,
	ROLE_OFFICE,		/* operatore di sede (Linea INPS) */
	ROLE_COUNT
};

const char *account_role_name(enum account_role r);	/* "worker", ... */
const char *account_role_label(enum account_role r);	/* "lavoratore", ... */
int account_role_parse(const char *name);		/* enum value or ERR_INVALID */
/* Company-side users: owner, representative, consultant. */
int account_role_is_company(enum account_role r);
/* INPS staff: advisor, supervisor, office operator. */
int account_role_is_staff(enum account_role r);

#endif
