/*
 * infocig: the advisors' and supervisors' console, and the administration
 * and scripting commands.  See infocig(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "common.h"
#include "console.h"
#include "i18n.h"

/* infocig with no command: the console for the staff member at the keyboard. */
static int
open_console(struct cli_ctx *ctx)
{
	struct store_account who;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("%s", _("la console richiede un terminale; per gli script usi i comandi"
		    " (infocig --help)"));
		return CLI_USAGE;
	}
	if (cli_load_conf(ctx) < 0 || cli_open_store(ctx, 0) < 0)
		return CLI_FAIL;
	if (cli_identify_staff(ctx, &who) < 0)
		return cli_report_damage(ctx, CLI_FAIL);
	/* The console retries a busy database itself rather than freezing. */
	store_set_busy_timeout(ctx->store, 200);
	return console_run(ctx->conf, ctx->store, &who, cli_datadir()) < 0 ? CLI_FAIL : CLI_OK;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_ctx ctx;
	int ch, status;

	memset(&ctx, 0, sizeof ctx);
	log_open("infocig", LOG_SINK_STDERR, LOG_LEVEL_WARN);
	(void)i18n_open();	/* without catalogues: Italian */
	i18n_use(i18n_env_lang());
	ctx.conf_path = conf_default_path();
	ctx.overrides = xcalloc((size_t)argc, sizeof *ctx.overrides);
	/* "+": options stop at the command, which parses its own. */
	while ((ch = getopt_long(argc, argv, "+f:o:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			ctx.conf_path = optarg;
			break;
		case 'o':
			ctx.overrides[ctx.noverrides++] = optarg;
			break;
		case 'a':
			ctx.as_login = optarg;
			break;
		case 'h':
			cli_usage(stdout);
			free(ctx.overrides);
			return CLI_OK;
		default:
			cli_usage(stderr);
			free(ctx.overrides);
			return CLI_USAGE;
		}
	}
	if (optind == argc) {
		status = open_console(&ctx);
	} else {
		/* What a command prints to a terminal cannot drive that terminal. */
		cli_filter_terminal();
		status = cli_run(&ctx, argc - optind, argv + optind);
	}
	cli_free(&ctx);
	free(ctx.overrides);
	return status;
}
