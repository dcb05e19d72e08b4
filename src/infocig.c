/*
 * infocig: the advisors' and supervisors' console, and the administration
 * and scripting commands.  See infocig(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "common.h"

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
		cli_error("la console non e' ancora disponibile in questa versione");
		status = CLI_FAIL;
	} else {
		status = cli_run(&ctx, argc - optind, argv + optind);
	}
	cli_free(&ctx);
	free(ctx.overrides);
	return status;
}
