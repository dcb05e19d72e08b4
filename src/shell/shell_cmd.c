/* The chat shell's slash commands: one table feeds the parser and /aiuto. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "shell.h"

const struct shell_cmd_entry shell_cmd_table[] = {
	{ .name = "/aiuto", .alias = "/help", .cmd = SHELL_CMD_HELP,
	  .help = "mostra questo elenco dei comandi" },
	{ .name = "/stato", .alias = NULL, .cmd = SHELL_CMD_STATUS,
	  .help = "lo stato delle sue domande di integrazione salariale" },
	{ .name = "/segnalazioni", .alias = NULL, .cmd = SHELL_CMD_REPORTS,
	  .help = "le segnalazioni inoltrate alla sede INPS e il loro stato" },
	{ .name = "/esci", .alias = "/exit", .cmd = SHELL_CMD_QUIT,
	  .help = "termina la conversazione" },
};
const size_t shell_cmd_count = nitems(shell_cmd_table);

enum shell_cmd
shell_cmd_parse(const char *line)
{
	const char *s = line, *e;
	size_t n, i;

	if (s == NULL)
		return SHELL_CMD_EMPTY;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return SHELL_CMD_EMPTY;
	if (*s != '/')
		return SHELL_CMD_NONE;
	e = s;
	while (*e != '\0' && *e != ' ' && *e != '\t')
		e++;
	n = (size_t)(e - s);
	for (i = 0; i < shell_cmd_count; i++) {
		const struct shell_cmd_entry *c = &shell_cmd_table[i];

		if ((strlen(c->name) == n && strncasecmp(s, c->name, n) == 0) ||
		    (c->alias != NULL && strlen(c->alias) == n && strncasecmp(s, c->alias, n) == 0))
			return c->cmd;
	}
	return SHELL_CMD_UNKNOWN;
}
