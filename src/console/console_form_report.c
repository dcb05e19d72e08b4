/* Placeholder, being written: the report form. */
#include "console_internal.h"

void
form_report(struct console *con)
{
	console_notice(con, 1, "In preparazione.");
}
