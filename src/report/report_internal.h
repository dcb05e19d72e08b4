/* Private to src/report/. */
#ifndef INFOCIG_REPORT_INTERNAL_H
#define INFOCIG_REPORT_INTERNAL_H

#include "store.h"

/* BEGIN IMMEDIATE, retried a few times while other writers hold the lock. */
int report_begin(struct store *st);

#endif
