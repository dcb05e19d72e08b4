/*
 * infocig db purge [--dry-run]: removes or anonymises what is past the
 * retention settings (infocig.conf(5), retention.*) through the retention
 * module, with a progress bar, and prints the counts.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "cli.h"
#include "common.h"
#include "conf.h"
#include "retention.h"
#include "store.h"

struct purge_bars {
	const struct retention_totals *t;
	struct progress *bar[STORE_PURGE_NKINDS];
};

static void
purge_progress(void *arg, int kind, int64_t done)
{
	struct purge_bars *b = arg;

	if (b->bar[kind] == NULL && b->t->due[kind] > 0)
		b->bar[kind] = progress_new(retention_kind_label(kind), (uint64_t)b->t->due[kind]);
	if (b->bar[kind] != NULL)
		progress_update(b->bar[kind], (uint64_t)done);
}

static int
db_purge(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct retention_totals t;
	struct purge_bars bars;
	struct store_account who;
	char msg[256];
	int64_t now;
	int ch, k, r, dry = 0;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'n') {
			cli_error("uso: infocig db purge [--dry-run]");
			return CLI_USAGE;
		}
		dry = 1;
	}
	if (optind != argc) {
		cli_error("uso: infocig db purge [--dry-run]");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, 0) < 0 || cli_identify_staff(ctx, &who) < 0)
		return CLI_FAIL;
	if (who.role != ROLE_SUPERVISOR) {
		cli_error("solo i supervisori possono eseguire la pulizia dei dati (%s è %s)",
		    who.login, account_role_label(who.role));
		return CLI_FAIL;
	}
	if (retention_check(ctx->conf, msg, sizeof msg) < 0) {
		cli_error("%s", msg);
		return CLI_FAIL;
	}
	now = clock_now();
	if (retention_count(ctx->store, ctx->conf, now, &t) < 0) {
		cli_store_failed(ctx);
		return CLI_FAIL;
	}
	if (dry) {
		const int limit[STORE_PURGE_NKINDS] = {
			[STORE_PURGE_CHATS] = ctx->conf->retention.chat_days,
			[STORE_PURGE_REPORTS] = ctx->conf->retention.report_days,
			[STORE_PURGE_AUDIT] = ctx->conf->retention.audit_days,
		};

		printf("da eliminare o anonimizzare (nessuna modifica):\n");
		for (k = 0; k < STORE_PURGE_NKINDS; k++)
			printf("  %-44s %lld (oltre %d giorni)\n", retention_kind_label(k),
			    (long long)t.due[k], limit[k]);
		printf("  %-44s %lld\n", "messaggi delle chat eliminate", (long long)t.messages);
		return CLI_OK;
	}
	memset(&bars, 0, sizeof bars);
	bars.t = &t;
	r = retention_purge(ctx->store, ctx->conf, now, who.id, purge_progress, &bars, &t);
	for (k = 0; k < STORE_PURGE_NKINDS; k++)
		progress_free(bars.bar[k]);
	if (r < 0) {
		cli_error("pulizia interrotta: %s; quanto già fatto resta fatto",
		    store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	for (k = 0; k < STORE_PURGE_NKINDS; k++)
		printf("%-44s %lld\n", retention_kind_label(k), (long long)t.rows[k]);
	printf("%-44s %lld\n", "messaggi delle chat eliminate", (long long)t.messages);
	printf("lotti: %lld, transazione più lunga: %.1f ms\n", (long long)t.batches,
	    t.max_held_us / 1000.0);
	return CLI_OK;
}

const struct cli_command cli_cmd_db_purge = {
	.group = "db", .name = "purge", .usage = "[--dry-run]",
	.help = "elimina o anonimizza i dati oltre i termini di conservazione; solo supervisori",
	.exec = db_purge,
};
