/* infocig db init | check | seed | refresh */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth.h"
#include "cli.h"
#include "common.h"
#include "import.h"
#include "seed.h"

static int
db_init(struct cli_ctx *ctx, int argc, char **argv)
{
	uint8_t key[AUTH_OTP_KEY_BYTES];
	char err[512] = "", *key_path;
	int r;

	(void)argv;
	if (argc != 1) {
		cli_error("uso: infocig db init");
		return CLI_USAGE;
	}
	if (cli_load_conf(ctx) < 0)
		return CLI_FAIL;
	if (store_create(ctx->db_path, cli_datadir(), err, sizeof err) < 0) {
		cli_error("%s", err);
		return CLI_FAIL;
	}
	printf("database creato: %s (schema versione %d)\n", ctx->db_path, STORE_SCHEMA_VERSION);
	/* The key that seals OTP secrets, made now when there is none (0600). */
	key_path = conf_otp_key_path(ctx->conf);
	r = auth_otp_key_load(key_path, 1, key, err, sizeof err);
	explicit_bzero(key, sizeof key);
	free(key_path);
	if (r < 0) {
		cli_error("%s", err);
		return CLI_FAIL;
	}
	return CLI_OK;
}

const struct cli_command cli_cmd_db_init = {
	.group = "db", .name = "init", .usage = "",
	.help = "crea il database con province e sedi (non sovrascrive)",
	.exec = db_init,
};

static int
db_check(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_counts c;
	char msg[512];

	if (argc > 2) {
		cli_error("uso: infocig db check [FILE]");
		return CLI_USAGE;
	}
	if (cli_load_conf(ctx) < 0)
		return CLI_FAIL;
	if (argc == 2) {	/* a copy, such as one made by db backup */
		free(ctx->db_path);
		ctx->db_path = xstrdup(argv[1]);
	}
	if (cli_open_store(ctx, STORE_READONLY) < 0)
		return CLI_FAIL;
	printf("database: %s\nschema: versione %d\n", ctx->db_path,
	    store_schema_version(ctx->store));
	if (store_integrity(ctx->store, msg, sizeof msg) < 0) {
		printf("integrità: ERRORE: %s\n", msg);
		return CLI_FAIL;
	}
	printf("integrità: ok\n");
	if (store_counts(ctx->store, &c) == 0)
		printf("province %lld, sedi %lld, aziende %lld, lavoratori %lld, account %lld,\n"
		    "domande %lld, eventi %lld, dati di pagamento %lld, pagamenti %lld,\n"
		    "chat %lld, messaggi %lld, segnalazioni %lld, audit %lld\n",
		    (long long)c.provinces, (long long)c.offices, (long long)c.companies,
		    (long long)c.workers, (long long)c.accounts, (long long)c.practices,
		    (long long)c.events, (long long)c.payment_data, (long long)c.payments,
		    (long long)c.chats, (long long)c.messages, (long long)c.reports,
		    (long long)c.audit);
	return CLI_OK;
}

const struct cli_command cli_cmd_db_check = {
	.group = "db", .name = "check", .usage = "[FILE]",
	.help = "verifica l'integrità del database (o di una sua copia) e ne mostra la versione",
	.exec = db_check,
};

/* A positive integer option; 0 or ERR_INVALID. */
static int
parse_count(const char *s, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s < '0' || *s > '9')
		return ERR_INVALID;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 0 || v > max)
		return ERR_INVALID;
	*out = v;
	return 0;
}

static int
db_seed(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "demo", no_argument, NULL, 'd' },
		{ "workers", required_argument, NULL, 'w' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct seed_options so = { 0 };
	char err[512] = "";
	int demo = 0, ch, r;
	int64_t v;

	so.seed = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			demo = 1;
			break;
		case 'w':
			if (parse_count(optarg, 100000000, &v) < 0 || v == 0) {
				cli_error("--workers: \"%s\" non è un numero valido (1-100000000)",
				    optarg);
				return CLI_USAGE;
			}
			so.workers = v;
			break;
		case 's':
			if (parse_count(optarg, INT64_MAX, &v) < 0) {
				cli_error("--seed: \"%s\" non è un numero valido", optarg);
				return CLI_USAGE;
			}
			so.seed = (uint64_t)v;
			break;
		default:
			return CLI_USAGE;
		}
	}
	if (optind != argc || demo == (so.workers > 0)) {
		cli_error("uso: infocig db seed --demo | --workers N [--seed S]");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, demo ? 0 : STORE_BULK) < 0)
		return CLI_FAIL;
	so.today = cli_today(ctx);
	so.datadir = cli_datadir();
	if (demo)
		r = seed_demo(ctx->store, so.datadir, so.today, stdout, err, sizeof err);
	else
		r = seed_bulk(ctx->store, &so, stdout, err, sizeof err);
	if (r < 0) {
		cli_error("%s", *err ? err : "generazione dei dati fallita");
		return CLI_FAIL;
	}
	/* The seed writes secrets in clear: sealed before anyone can copy the file. */
	return cli_seal_otp_secrets(ctx) < 0 ? CLI_FAIL : CLI_OK;
}

const struct cli_command cli_cmd_db_seed = {
	.group = "db", .name = "seed", .usage = "--demo | --workers N [--seed S]",
	.help = "genera i dati dimostrativi, o un grande insieme deterministico",
	.exec = db_seed,
};

static int
db_refresh(struct cli_ctx *ctx, int argc, char **argv)
{
	int r;

	(void)argv;
	if (argc != 1) {
		cli_error("uso: infocig db refresh");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, 0) < 0)
		return CLI_FAIL;
	r = store_span_stats_refresh(ctx->store, cli_today(ctx), ctx->conf->timeline.window_days, 1);
	if (r < 0) {
		cli_error("ricalcolo delle statistiche fallito: %s", store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	printf("statistiche dei tempi ricalcolate: %d gruppi (sede, tipo)\n", r);
	return CLI_OK;
}

const struct cli_command cli_cmd_db_refresh = {
	.group = "db", .name = "refresh", .usage = "",
	.help = "ricalcola le mediane dei tempi usate per le stime di pagamento",
	.exec = db_refresh,
};

static int
db_import(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "skip-bad", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_options o = { .errors = stderr, .max_errors = 50 };
	struct import_result res;
	struct stat sb;
	int64_t started;
	double secs;
	FILE *fp;
	int ch, kind, r;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 's')
			return CLI_USAGE;
		o.skip_bad = 1;
	}
	if (optind + 2 != argc) {
		cli_error("uso: infocig db import companies|workers|practices|events|payments "
		    "FILE.csv [--skip-bad]");
		return CLI_USAGE;
	}
	if ((kind = import_kind_parse(argv[optind])) < 0) {
		cli_error("tipo \"%s\" sconosciuto: companies, workers, practices, events, payments",
		    argv[optind]);
		return CLI_USAGE;
	}
	o.name = argv[optind + 1];
	if ((fp = fopen(o.name, "r")) == NULL) {
		cli_error("%s: impossibile aprire il file: %s", o.name, strerror(errno));
		return CLI_FAIL;
	}
	if (fstat(fileno(fp), &sb) == 0)
		o.size = (long)sb.st_size;
	if (cli_open_store(ctx, STORE_IMPORT) < 0) {
		fclose(fp);
		return CLI_FAIL;
	}
	started = clock_mono_us();
	r = import_file(ctx->store, kind, fp, &o, &res);
	secs = (clock_mono_us() - started) / 1e6;
	fclose(fp);
	if (res.bad > o.max_errors)
		cli_error("... e altre %ld righe non valide", res.bad - o.max_errors);
	if (r == ERR_INVALID && res.rows == 0 && res.bad == 0)
		return CLI_FAIL;
	if (r < 0) {
		if (r == ERR_INVALID)
			cli_error("%s: %ld righe non valide su %ld: file rifiutato, nessuna modifica "
			    "(usare --skip-bad per saltarle)", o.name, res.bad, res.rows);
		else
			cli_error("%s: importazione fallita, nessuna modifica: %s", o.name,
			    store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	printf("%s: %ld righe: %ld inserite, %ld aggiornate, %ld invariate, %ld scartate "
	    "(%.2f s, %.0f righe/s)\n", o.name, res.rows, res.inserted, res.updated,
	    res.unchanged, res.bad, secs, secs > 0 ? res.rows / secs : 0.0);
	return CLI_OK;
}

const struct cli_command cli_cmd_db_import = {
	.group = "db", .name = "import",
	.usage = "companies|workers|practices|events|payments FILE.csv [--skip-bad]",
	.help = "importa un estratto CSV (formati in infocig(1)); riga per riga validata",
	.exec = db_import,
};
