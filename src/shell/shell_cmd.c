/*
 * The chat shell's slash commands: one table feeds the parser, the
 * dispatch (an exec function each) and /aiuto.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "shell_internal.h"

static void cmd_help(struct shell *sh);
static void cmd_status(struct shell *sh);
static void cmd_history(struct shell *sh);

const struct shell_cmd_entry shell_cmd_table[] = {
	{ .name = "/aiuto", .alias = "/help", .cmd = SHELL_CMD_HELP, .exec = cmd_help,
	  .help = "mostra questo elenco dei comandi" },
	{ .name = "/stato", .alias = NULL, .cmd = SHELL_CMD_STATUS, .exec = cmd_status,
	  .help = "lo stato delle sue domande di integrazione salariale" },
	{ .name = "/segnalazioni", .alias = NULL, .cmd = SHELL_CMD_REPORTS, .exec = shell_print_reports,
	  .help = "le segnalazioni inoltrate alla sede INPS e il loro stato" },
	{ .name = "/storico", .alias = NULL, .cmd = SHELL_CMD_HISTORY, .exec = cmd_history,
	  .help = "le sue conversazioni passate (/storico 2: le precedenti)" },
	{ .name = "/esci", .alias = "/exit", .cmd = SHELL_CMD_QUIT, .exec = shell_leave,
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

const char *
shell_cmd_args(const char *line)
{
	const char *s = line;

	while (*s == ' ' || *s == '\t')
		s++;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int
shell_cmd_exec(struct shell *sh, enum shell_cmd cmd)
{
	size_t i;

	for (i = 0; i < shell_cmd_count; i++)
		if (shell_cmd_table[i].cmd == cmd) {
			shell_cmd_table[i].exec(sh);
			return 1;
		}
	return 0;
}

/* /aiuto: the table itself. */
static void
cmd_help(struct shell *sh)
{
	struct shell_buf b = { 0 };
	size_t i;

	shell_buf_str(&b, "Comandi disponibili:\n");
	for (i = 0; i < shell_cmd_count; i++)
		shell_buf_printf(&b, "  %-14s %s\n", shell_cmd_table[i].name, shell_cmd_table[i].help);
	shell_buf_str(&b, "Ogni altra riga viene inviata all'operatore.\n");
	shell_buf_add(&b, "", 1);
	shell_say(sh, "%s", b.p);
	shell_buf_free(&b);
}

/* /stato: the applications of the person, or of the company they write for. */
static void
cmd_status(struct shell *sh)
{
	shell_print_status(sh, sh->company.id);
}

/* /storico [pagina]: the person's ended conversations. */
static void
cmd_history(struct shell *sh)
{
	int page = shell_history_page(sh->cmd_args);

	if (page < 0) {
		shell_say(sh, "Scriva /storico oppure /storico seguito dal numero di pagina.\n");
		return;
	}
	shell_print_history(sh, page, 0);
}
