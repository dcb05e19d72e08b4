/*
 * infocig db purge [--dry-run]: removes or anonymises what is past the
 * retention settings (infocig.conf(5), retention.*), in short batches, and
 * audits the counts.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "cli.h"
#include "common.h"
#include "conf.h"
#include "store.h"

/* A batch that finds the database locked is tried again this many times, 20 ms apart. */
#define PURGE_BUSY_TRIES 250

static const char *const kind_labels[STORE_PURGE_NKINDS] = {
	[STORE_PURGE_CHATS] = "chat concluse eliminate",
	[STORE_PURGE_REPORTS] = "segnalazioni chiuse anonimizzate",
	[STORE_PURGE_AUDIT] = "righe del registro degli accessi eliminate",
};

struct purge_totals {
	int64_t rows[STORE_PURGE_NKINDS];
	int64_t messages;
	int64_t batches;
	int64_t max_held_us;
};

/* Purges every due row of kind, batch after batch; 0 or a negative ERR_*. */
static int
purge_kind(struct cli_ctx *ctx, int kind, int64_t cutoff, int64_t due, struct purge_totals *t)
{
	struct progress *bar = due > 0 ? progress_new(kind_labels[kind], (uint64_t)due) : NULL;
	int64_t done, held;
	int r, tries = 0;

	for (;;) {
		r = store_purge_batch(ctx->store, kind, cutoff, ctx->conf->retention.batch_rows,
		    &done, &held);
		if (r == ERR_BUSY && ++tries < PURGE_BUSY_TRIES) {
			usleep(20000);
			continue;
		}
		if (r < 0 || done == 0)
			break;
		tries = 0;
		/*
		 * Step aside for twice as long as the batch held the lock: a
		 * writer that queued behind it (its busy handler polls within
		 * milliseconds at first) gets in before the next batch, instead
		 * of losing the race to it again and again.
		 */
		usleep((useconds_t)(held * 2 > 10000 ? held * 2 : 10000));
		t->rows[kind] += done;
		t->batches++;
		if (held > t->max_held_us)
			t->max_held_us = held;
		if (bar != NULL)
			progress_update(bar, (uint64_t)t->rows[kind]);
	}
	progress_free(bar);
	return r;
}

static int
db_purge(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	const int *days;
	struct purge_totals t;
	struct store_account who;
	int64_t now, cutoff[STORE_PURGE_NKINDS], due[STORE_PURGE_NKINDS], msgs, unused;
	char subject[256];
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
	/* The audit outlives what it is about: the accesses to a chat are kept after it. */
	if (ctx->conf->retention.audit_days < ctx->conf->retention.chat_days) {
		cli_error("retention.audit_days (%d) non può essere minore di retention.chat_days (%d)",
		    ctx->conf->retention.audit_days, ctx->conf->retention.chat_days);
		return CLI_FAIL;
	}
	now = clock_now();
	days = (const int[STORE_PURGE_NKINDS]){
		[STORE_PURGE_CHATS] = ctx->conf->retention.chat_days,
		[STORE_PURGE_REPORTS] = ctx->conf->retention.report_days,
		[STORE_PURGE_AUDIT] = ctx->conf->retention.audit_days,
	};
	memset(&t, 0, sizeof t);
	for (k = 0; k < STORE_PURGE_NKINDS; k++) {
		cutoff[k] = now - (int64_t)days[k] * 86400;
		if ((r = store_purge_count(ctx->store, k, cutoff[k], &due[k],
		    k == STORE_PURGE_CHATS ? &t.messages : &unused)) < 0) {
			cli_error("lettura del database: %s", store_errmsg(ctx->store));
			return CLI_FAIL;
		}
	}
	msgs = t.messages;
	if (dry) {
		printf("da eliminare o anonimizzare (nessuna modifica):\n");
		for (k = 0; k < STORE_PURGE_NKINDS; k++)
			printf("  %-44s %lld (oltre %d giorni)\n", kind_labels[k], (long long)due[k],
			    days[k]);
		printf("  %-44s %lld\n", "messaggi delle chat eliminate", (long long)msgs);
		return CLI_OK;
	}
	for (k = 0; k < STORE_PURGE_NKINDS; k++) {
		if ((r = purge_kind(ctx, k, cutoff[k], due[k], &t)) < 0) {
			cli_error("pulizia interrotta (%s): %s; quanto già fatto resta fatto",
			    kind_labels[k], store_errmsg(ctx->store));
			return CLI_FAIL;
		}
	}
	snprintf(subject, sizeof subject, "chat %lld, messaggi %lld, segnalazioni %lld, audit %lld",
	    (long long)t.rows[STORE_PURGE_CHATS], (long long)msgs,
	    (long long)t.rows[STORE_PURGE_REPORTS], (long long)t.rows[STORE_PURGE_AUDIT]);
	if (store_audit_add(ctx->store, who.id, "db_purge", subject, "conservazione dei dati",
	    0) < 0) {
		cli_error("registro degli accessi: %s", store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	for (k = 0; k < STORE_PURGE_NKINDS; k++)
		printf("%-44s %lld\n", kind_labels[k], (long long)t.rows[k]);
	printf("%-44s %lld\n", "messaggi delle chat eliminate", (long long)msgs);
	printf("lotti: %lld, transazione più lunga: %.1f ms\n", (long long)t.batches,
	    t.max_held_us / 1000.0);
	return CLI_OK;
}

const struct cli_command cli_cmd_db_purge = {
	.group = "db", .name = "purge", .usage = "[--dry-run]",
	.help = "elimina o anonimizza i dati oltre i termini di conservazione; solo supervisori",
	.exec = db_purge,
};
