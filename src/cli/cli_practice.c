/* infocig practice show KEY [--json] */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "common.h"
#include "lookup.h"

static int
practice_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_account who;
	struct lookup l;
	const char *reason = "consultazione da riga di comando";
	char msg[256];
	int json = 0, ch, r, status = CLI_OK;
	int32_t today;
	size_t i;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 'r')
			reason = optarg;
		else
			return CLI_USAGE;
	}
	if (optind + 1 != argc) {
		cli_error("uso: infocig practice show CHIAVE [--json] [--reason MOTIVO]");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, 0) < 0 || cli_identify_staff(ctx, &who) < 0)
		return CLI_FAIL;
	r = lookup_resolve(ctx->store, &who, argv[optind], reason, 0, &l, msg, sizeof msg);
	if (r < 0) {
		cli_error("%s", msg);
		return CLI_FAIL;
	}
	today = cli_today(ctx);
	if (json) {
		fputs("{\"key\":", stdout);
		json_put_string(stdout, l.key);
		fputs(",\"applications\":[", stdout);
	} else if (l.has_worker) {
		printf("Lavoratore: %s %s (%s), provincia %s\n", l.worker.name, l.worker.surname,
		    l.worker.cf, l.worker.province);
	} else if (l.has_company) {
		printf("Azienda: %s, CF %s, P.IVA %s, matricola %s, provincia %s\n",
		    l.company.name, l.company.cf, l.company.vat, l.company.matricola,
		    l.company.province);
	}
	if (!json && l.npractices == 0)
		printf("Nessuna domanda di cassa integrazione.\n");
	for (i = 0; i < l.npractices; i++) {
		struct practice p;
		struct timeline t;
		int64_t wid = l.has_worker ? l.worker.id : 0;

		if ((r = lookup_timeline(ctx->store, ctx->conf, l.practices[i], wid, today, &p,
		    &t)) < 0) {
			cli_error("lettura della domanda fallita: %s", store_errmsg(ctx->store));
			status = CLI_FAIL;
			break;
		}
		if (json) {
			if (i)
				fputc(',', stdout);
			lookup_print_practice_json(stdout, &p, &t, wid);
		} else {
			fputc('\n', stdout);
			lookup_print_practice(stdout, &p, &t, wid, 1);
		}
		practice_clear(&p);
	}
	if (json)
		fputs("]}\n", stdout);
	lookup_clear(&l);
	return status;
}

const struct cli_command cli_cmd_practice_show = {
	.group = "practice", .name = "show", .usage = "CHIAVE [--json] [--reason MOTIVO]",
	.help = "domande e tempi di liquidazione per codice fiscale, partita IVA, "
	    "matricola o numero di domanda",
	.exec = practice_show,
};
