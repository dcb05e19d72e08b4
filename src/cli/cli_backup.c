/* infocig db backup FILE: a consistent copy of the live database. */
#include <stdio.h>

#include "cli.h"
#include "common.h"
#include "store.h"

static void
backup_progress(void *arg, int64_t done, int64_t total)
{
	struct progress **bar = arg;

	if (*bar == NULL && total > 0)
		*bar = progress_new("copia", (uint64_t)total);
	if (*bar != NULL)
		progress_update(*bar, (uint64_t)done);
}

static int
db_backup(struct cli_ctx *ctx, int argc, char **argv)
{
	struct progress *bar = NULL;
	char err[512];
	int64_t pages = 0;
	int r;

	if (argc != 2) {
		cli_error("uso: infocig db backup FILE");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, STORE_READONLY) < 0)
		return CLI_FAIL;
	r = store_backup(ctx->store, argv[1], backup_progress, &bar, &pages, err, sizeof err);
	progress_free(bar);
	if (r < 0) {
		cli_error("%s", err);
		return CLI_FAIL;
	}
	printf("copia creata: %s (%lld pagine)\n", argv[1], (long long)pages);
	printf("per verificarla: infocig db check %s\n", argv[1]);
	return CLI_OK;
}

const struct cli_command cli_cmd_db_backup = {
	.group = "db", .name = "backup", .usage = "FILE",
	.help = "copia coerente del database in uso in un nuovo FILE (mai sovrascritto)",
	.exec = db_backup,
};
