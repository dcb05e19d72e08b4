/*
 * import: loading CSV extracts (companies, workers, practices, events,
 * payments) into the store.  Every row is validated (identifiers, dates,
 * allowed transitions); a file with a bad row is rejected whole unless bad
 * rows are to be skipped; importing the same file twice changes nothing.
 * The formats are documented in infocig(1).
 */
#ifndef INFOCIG_IMPORT_H
#define INFOCIG_IMPORT_H

#include <stdio.h>

#include "store.h"
#include "store_import.h"

struct import_options {
	int skip_bad;		/* skip and count bad rows instead of rejecting the file */
	FILE *errors;		/* where bad rows are reported, with their line numbers */
	int max_errors;		/* at most this many reported (the rest only counted) */
	const char *name;	/* file name for messages */
	long size;		/* bytes, for the progress bar; 0 when unknown */
};

struct import_result {
	long rows, inserted, updated, unchanged, bad;
};

int import_kind_parse(const char *name);	/* enum value or ERR_INVALID */
const char *import_kind_header(enum import_kind k);	/* the expected header line */
/*
 * Loads fp in one transaction.  Returns 0 (committed), ERR_INVALID (bad
 * header or bad rows without skip_bad: rolled back, nothing written) or
 * another negative ERR_* on a database failure (rolled back).
 */
int import_file(struct store *st, enum import_kind kind, FILE *fp,
    const struct import_options *o, struct import_result *res);


#endif
