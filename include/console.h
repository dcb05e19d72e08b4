/*
 * console: the advisors', supervisors' and office operators' ncurses
 * console (infocig with no command).  See infocig(1).
 */
#ifndef INFOCIG_CONSOLE_H
#define INFOCIG_CONSOLE_H

#include "conf.h"
#include "store.h"

/*
 * Runs the console on the terminal for who (an advisor, supervisor or
 * office operator) until they quit.  st stays the caller's; datadir is the
 * folder of the reference CSV files (canned replies, report topics).
 * Returns 0, or a negative ERR_* with a message already printed.
 */
int console_run(const struct conf *c, struct store *st, const struct store_account *who,
    const char *datadir);

#endif
