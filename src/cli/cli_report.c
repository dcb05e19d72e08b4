/*
 * infocig report list | show, and for scripts file | take | note | close:
 * Linea INPS reports from the command line, for INPS staff (office
 * operators see and work only their office's).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "common.h"
#include "report.h"

static int
cli_tz(struct cli_ctx *ctx)
{
	int tz = ctx->conf != NULL ? calendar_tz_parse(ctx->conf->service.timezone) : -1;

	return tz >= 0 ? tz : CALENDAR_TZ_ROME;
}

static void
json_member(const char *name, const char *value, int comma)
{
	printf("%s\"%s\":", comma ? "," : "", name);
	if (value != NULL && *value != '\0')
		json_put_string(stdout, value);
	else
		fputs("null", stdout);
}

static void
print_json(int tz, const struct report *r, const struct report_note *notes, size_t nnotes,
    int full)
{
	char buf[40];
	size_t i;

	printf("{\"protocol\":\"%s\",\"year\":%d,\"seq\":%lld,\"status\":\"%s\"", r->protocol,
	    r->year, (long long)r->seq, report_status_name(r->status));
	printf(",\"office\":{");
	json_member("code", r->office_code, 0);
	json_member("name", r->office_name, 1);
	printf("}");
	json_member("topic", r->topic, 1);
	json_member("subtopic", r->subtopic, 1);
	json_member("practice", r->practice_number, 1);
	if (r->worker_id != 0) {
		printf(",\"worker\":{");
		json_member("cf", r->worker_cf, 0);
		json_member("name", r->worker_name, 1);
		printf("}");
	} else {
		printf(",\"worker\":null");
	}
	if (r->company_id != 0) {
		printf(",\"company\":{");
		json_member("cf", r->company_cf, 0);
		json_member("name", r->company_name, 1);
		printf("}");
	} else {
		printf(",\"company\":null");
	}
	json_member("account", r->account_login, 1);
	if (r->chat_id != 0)
		printf(",\"chat_id\":%lld", (long long)r->chat_id);
	else
		printf(",\"chat_id\":null");
	json_member("filed_at", calendar_format_time(tz, r->filed_at, CLOCK_ISO, buf, sizeof buf),
	    1);
	json_member("filed_by", r->filed_by_name, 1);
	json_member("handler", r->handler_name, 1);
	json_member("updated_at",
	    calendar_format_time(tz, r->updated_at, CLOCK_ISO, buf, sizeof buf), 1);
	json_member("outcome", r->outcome, 1);
	if (full) {
		json_member("description", r->description, 1);
		printf(",\"history\":[");
		for (i = 0; i < nnotes; i++) {
			printf("%s{\"kind\":\"%s\"", i ? "," : "",
			    report_note_kind_name(notes[i].kind));
			json_member("at",
			    calendar_format_time(tz, notes[i].at, CLOCK_ISO, buf, sizeof buf), 1);
			json_member("author", notes[i].author, 1);
			json_member("body", notes[i].body, 1);
			printf("}");
		}
		printf("]");
	}
	printf("}");
}

static const char *const csv_header[] = {
	"protocol", "filed_at", "status", "office", "topic", "subtopic", "practice",
	"worker_cf", "worker", "company_cf", "company", "filed_by", "handler", "updated_at",
	"outcome",
};

static void
print_csv_row(int tz, const struct report *r)
{
	char a[40], b[40];
	const char *v[] = {
		r->protocol, calendar_format_time(tz, r->filed_at, CLOCK_ISO, a, sizeof a),
		report_status_name(r->status), r->office_code, r->topic, r->subtopic,
		r->practice_number, r->worker_cf, r->worker_name, r->company_cf,
		r->company_name, r->filed_by_name, r->handler_name,
		calendar_format_time(tz, r->updated_at, CLOCK_ISO, b, sizeof b), r->outcome,
	};
	size_t i;

	for (i = 0; i < nitems(v); i++)
		csv_put(stdout, v[i], i + 1 == nitems(v));
}

static int
parse_day_option(const char *opt, const char *value, int32_t *day)
{
	if (day_parse(value, day) < 0) {
		cli_error("%s: data \"%s\" non valida: usare AAAA-MM-GG, per esempio 2026-06-20",
		    opt, value);
		return ERR_INVALID;
	}
	return 0;
}

static int
report_list_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'o' },
		{ "status", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *office = NULL, *status = NULL, *from = NULL, *to = NULL;
	struct store_account who;
	struct store_office o;
	struct report_filter f;
	struct store *rs;
	struct report *list;
	char msg[256], code[16], buf[40];
	int32_t dfrom = 0, dto = 0;
	int json = 0, csv = 0, ch, tz, r;
	size_t n, i;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': office = optarg; break;
		case 's': status = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'j': json = 1; break;
		case 'c': csv = 1; break;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc || (json && csv)) {
		cli_error("uso: infocig report list [--office CODICE] [--status STATO] "
		    "[--from AAAA-MM-GG] [--to AAAA-MM-GG] [--json | --csv]");
		return CLI_USAGE;
	}
	report_filter_init(&f);
	if (status != NULL && (f.status = report_status_parse(status)) < 0) {
		cli_error("stato \"%s\" sconosciuto: usare nuova, in_lavorazione o chiusa", status);
		return CLI_USAGE;
	}
	if ((from != NULL && parse_day_option("--from", from, &dfrom) < 0) ||
	    (to != NULL && parse_day_option("--to", to, &dto) < 0))
		return CLI_USAGE;
	if (from != NULL && to != NULL && dfrom > dto) {
		cli_error("--from %s è successiva a --to %s", from, to);
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, 0) < 0 || cli_identify_staff(ctx, &who) < 0)
		return CLI_FAIL;
	tz = cli_tz(ctx);
	if (from != NULL)
		f.from = calendar_to_utc(tz, dfrom, 0);
	if (to != NULL)
		f.to = calendar_to_utc(tz, dto + 1, 0);
	if (office != NULL) {
		str_upper_trim(code, sizeof code, office);
		if (store_office_by_code(ctx->store, code, &o) < 0) {
			cli_error("sede \"%s\" sconosciuta: indicare il codice, per esempio DCM-RM o DP-AN",
			    office);
			return CLI_FAIL;
		}
		f.office_id = o.id;
	}
	rs = ctx->store;
	if ((r = report_list(rs, &who, &f, &list, &n, msg, sizeof msg)) < 0) {
		cli_error("%s", msg);
		return CLI_FAIL;
	}
	if (json) {
		printf("{\"reports\":[");
		for (i = 0; i < n; i++) {
			if (i)
				fputc(',', stdout);
			print_json(tz, &list[i], NULL, 0, 0);
		}
		printf("]}\n");
	} else if (csv) {
		for (i = 0; i < nitems(csv_header); i++)
			csv_put(stdout, csv_header[i], i + 1 == nitems(csv_header));
		for (i = 0; i < n; i++)
			print_csv_row(tz, &list[i]);
	} else if (n == 0) {
		printf("Nessuna segnalazione.\n");
	} else {
		printf("%-15s  %-16s  %-14s  %-7s  %s\n", "PROTOCOLLO", "INOLTRATA", "STATO",
		    "SEDE", "ARGOMENTO / INTERESSATO");
		for (i = 0; i < n; i++)
			printf("%-15s  %-16s  %-14s  %-7s  %s / %s - %s\n", list[i].protocol,
			    calendar_format_time(tz, list[i].filed_at, CLOCK_IT, buf, sizeof buf),
			    report_status_label(list[i].status), list[i].office_code,
			    list[i].topic, list[i].subtopic, report_subject(&list[i]));
		printf("%zu segnalazion%s\n", n, n == 1 ? "e" : "i");
	}
	store_report_array_free(list, n);
	return CLI_OK;
}

static void
print_indented(const char *text)
{
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		printf("    %.*s\n", (int)(nl ? nl - p : (ptrdiff_t)strlen(p)), p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static int
report_show_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_account who;
	struct store *rs;
	struct report r;
	struct report_note *notes;
	char msg[256], buf[40];
	size_t nnotes, i;
	int json = 0, ch, tz;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else
			return CLI_USAGE;
	}
	if (optind + 1 != argc) {
		cli_error("uso: infocig report show PROTOCOLLO [--json]");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, 0) < 0 || cli_identify_staff(ctx, &who) < 0)
		return CLI_FAIL;
	tz = cli_tz(ctx);
	rs = ctx->store;
	if (report_get_by_protocol(rs, &who, argv[optind], &r, &notes, &nnotes, msg,
	    sizeof msg) < 0) {
		cli_error("%s", msg);
		return CLI_FAIL;
	}
	if (json) {
		print_json(tz, &r, notes, nnotes, 1);
		fputc('\n', stdout);
	} else {
		printf("Segnalazione %s\n", r.protocol);
		printf("  Stato: %s", report_status_label(r.status));
		if (r.handler_name[0] != '\0')
			printf(r.status == REPORT_CHIUSA ? " da %s" : ", in carico a %s",
			    r.handler_name);
		printf("\n  Sede competente: %s %s\n", r.office_code, r.office_name);
		printf("  Argomento: %s / %s\n", r.topic, r.subtopic);
		if (r.practice_number[0] != '\0')
			printf("  Domanda: %s\n", r.practice_number);
		if (r.worker_id != 0)
			printf("  Lavoratore: %s (%s)\n", r.worker_name, r.worker_cf);
		if (r.company_id != 0)
			printf("  Azienda: %s (CF %s)\n", r.company_name, r.company_cf);
		printf("  Inoltrata il %s da %s",
		    calendar_format_time(tz, r.filed_at, CLOCK_IT, buf, sizeof buf), r.filed_by_name);
		if (r.chat_id != 0)
			printf(", dalla chat %lld", (long long)r.chat_id);
		printf("\n  Descrizione:\n");
		print_indented(r.description);
		if (r.outcome[0] != '\0') {
			printf("  Esito:\n");
			print_indented(r.outcome);
		}
		printf("  Cronologia:\n");
		for (i = 0; i < nnotes; i++) {
			printf("    %s  %-15s  %s%s%s\n",
			    calendar_format_time(tz, notes[i].at, CLOCK_IT, buf, sizeof buf),
			    report_note_kind_label(notes[i].kind), notes[i].author,
			    notes[i].body[0] != '\0' && notes[i].kind != REPORT_NOTE_CLOSED ?
			    ": " : "", notes[i].kind != REPORT_NOTE_CLOSED ? notes[i].body : "");
		}
	}
	store_report_notes_free(notes, nnotes);
	store_report_clear(&r);
	return CLI_OK;
}

/* Fills the people of d from --worker / --company / --practice. */
static int
file_people(struct cli_ctx *ctx, struct store *rs, const char *worker,
    const char *company, struct report_draft *d)
{
	struct store_worker w;
	struct store_company c;
	struct store_account a;
	char key[32];
	int64_t company_id, office_id;
	int has_worker;

	if (worker != NULL) {
		str_upper_trim(key, sizeof key, worker);
		if (store_worker_by_cf(ctx->store, key, &w) < 0) {
			cli_error("nessun lavoratore con codice fiscale %s", key);
			return ERR_NOTFOUND;
		}
		d->worker_id = w.id;
		if (d->account_id == 0 && store_account_by_login(ctx->store, key, &a) == 0 &&
		    a.role == ROLE_WORKER)
			d->account_id = a.id;
		explicit_bzero(&a, sizeof a);
	}
	if (company != NULL) {
		str_upper_trim(key, sizeof key, company);
		if (store_company_find(ctx->store, key, &c) < 0) {
			cli_error("nessuna azienda con codice fiscale, partita IVA o matricola %s",
			    key);
			return ERR_NOTFOUND;
		}
		d->company_id = c.id;
	}
	/* Only an application: the report is about its company. */
	if (d->worker_id == 0 && d->company_id == 0 && d->practice_id != 0 &&
	    store_report_practice(rs, d->practice_id, 0, &company_id, &office_id,
	    &has_worker) == 0)
		d->company_id = company_id;
	return 0;
}

static int
report_file_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "topic", required_argument, NULL, 't' },
		{ "subtopic", required_argument, NULL, 's' },
		{ "description", required_argument, NULL, 'd' },
		{ "worker", required_argument, NULL, 'w' },
		{ "company", required_argument, NULL, 'c' },
		{ "practice", required_argument, NULL, 'p' },
		{ "office", required_argument, NULL, 'o' },
		{ "chat", required_argument, NULL, 'C' },
		{ "token", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *topic = NULL, *subtopic = NULL, *desc = NULL, *worker = NULL,
	    *company = NULL, *practice = NULL, *office = NULL, *chat = NULL, *token = NULL;
	struct store_account who;
	struct store_office o;
	struct report_topics *topics = NULL;
	struct store *rs = NULL;
	struct report_draft d;
	struct report_filed res;
	char msg[512], key[32];
	int64_t chat_id = 0, practice_id = 0;
	int json = 0, ch, status = CLI_FAIL;
	char *end;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': topic = optarg; break;
		case 's': subtopic = optarg; break;
		case 'd': desc = optarg; break;
		case 'w': worker = optarg; break;
		case 'c': company = optarg; break;
		case 'p': practice = optarg; break;
		case 'o': office = optarg; break;
		case 'C': chat = optarg; break;
		case 'k': token = optarg; break;
		case 'j': json = 1; break;
		default: return CLI_USAGE;
		}
	}
	if (optind != argc || topic == NULL || subtopic == NULL || desc == NULL ||
	    (worker == NULL && company == NULL && practice == NULL && chat == NULL)) {
		cli_error("uso: infocig report file --topic ARGOMENTO --subtopic SOTTOARGOMENTO "
		    "--description TESTO {--chat ID | --worker CF | --company CHIAVE | "
		    "--practice NUMERO} [--office CODICE] [--token CODICE] [--json]");
		return CLI_USAGE;
	}
	if (chat != NULL) {
		chat_id = strtoll(chat, &end, 10);
		if (*chat == '\0' || *end != '\0' || chat_id <= 0) {
			cli_error("--chat: \"%s\" non è un numero di chat", chat);
			return CLI_USAGE;
		}
	}
	if (token != NULL && strlen(token) != REPORT_TOKEN_LEN) {
		cli_error("--token: servono %d cifre esadecimali minuscole", REPORT_TOKEN_LEN);
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, 0) < 0 || cli_identify_staff(ctx, &who) < 0)
		return CLI_FAIL;
	if (report_topics_load(cli_datadir(), &topics, msg, sizeof msg) < 0) {
		cli_error("%s", msg);
		return CLI_FAIL;
	}
	rs = ctx->store;
	if (practice != NULL) {
		str_upper_trim(key, sizeof key, practice);
		if (store_practice_by_number(ctx->store, key, &practice_id) < 0) {
			cli_error("nessuna domanda con numero %s", key);
			goto out;
		}
	}
	if (chat_id != 0) {
		if (report_draft_for_chat(rs, ctx->conf, chat_id, practice_id, clock_now(), &d,
		    msg, sizeof msg) < 0) {
			cli_error("%s", msg);
			goto out;
		}
	} else if (report_draft_init(&d) < 0) {
		cli_error("impossibile generare il codice del modulo");
		goto out;
	}
	d.practice_id = practice_id;
	if (file_people(ctx, rs, worker, company, &d) < 0)
		goto out;
	if (office != NULL) {
		str_upper_trim(key, sizeof key, office);
		if (store_office_by_code(ctx->store, key, &o) < 0) {
			cli_error("sede \"%s\" sconosciuta: indicare il codice, per esempio DCM-RM o DP-AN",
			    office);
			goto out;
		}
		d.office_id = o.id;
	} else if (chat_id == 0 || worker != NULL || company != NULL || practice != NULL) {
		d.office_id = report_office_for(rs, &d, &o) == 0 ? o.id : 0;
	}
	str_lcpy(d.topic, topic, sizeof d.topic);
	str_lcpy(d.subtopic, subtopic, sizeof d.subtopic);
	if (strlen(desc) > REPORT_DESCRIPTION_MAX) {
		cli_error("la descrizione è troppo lunga (al massimo %d caratteri)",
		    REPORT_DESCRIPTION_MAX);
		goto out;
	}
	str_lcpy(d.description, desc, sizeof d.description);
	if (token != NULL)
		str_lcpy(d.client_token, token, sizeof d.client_token);
	if (report_file(rs, topics, &who, &d, clock_now(), &res, msg, sizeof msg) < 0) {
		cli_error("%s", msg);
		goto out;
	}
	if (json) {
		printf("{\"protocol\":\"%s\",\"office\":", res.protocol);
		json_put_string(stdout, res.office.code);
		printf(",\"duplicate\":%s}\n", res.duplicate ? "true" : "false");
	} else if (res.duplicate) {
		printf("segnalazione già inoltrata con questo codice: %s, sede %s %s\n",
		    res.protocol, res.office.code, res.office.name);
	} else {
		printf("segnalazione %s inoltrata alla sede %s %s\n", res.protocol,
		    res.office.code, res.office.name);
	}
	status = CLI_OK;
out:
	report_topics_free(topics);
	return status;
}

/* report take | note | close: the office operator's actions, for scripts. */
static int
report_act_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *name = argv[0];
	int take = strcmp(name, "take") == 0, close = strcmp(name, "close") == 0;
	struct store_account who;
	struct store *rs;
	struct report r;
	char msg[256];
	int status = CLI_FAIL, rc;

	if (argc != (take ? 2 : 3)) {
		cli_error("uso: infocig report %s PROTOCOLLO%s", name,
		    take ? "" : close ? " ESITO" : " TESTO");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, 0) < 0 || cli_identify_staff(ctx, &who) < 0)
		return CLI_FAIL;
	rs = ctx->store;
	if (report_get_by_protocol(rs, &who, argv[1], &r, NULL, NULL, msg, sizeof msg) < 0) {
		cli_error("%s", msg);
		return CLI_FAIL;
	}
	if (take)
		rc = report_take(rs, &who, r.id, clock_now(), msg, sizeof msg);
	else if (close)
		rc = report_close(rs, &who, r.id, argv[2], clock_now(), msg, sizeof msg);
	else
		rc = report_note_add(rs, &who, r.id, argv[2], clock_now(), msg, sizeof msg);
	if (rc < 0) {
		cli_error("%s", msg);
	} else {
		printf(take ? "segnalazione %s presa in carico\n" : close ?
		    "segnalazione %s chiusa\n" : "nota aggiunta alla segnalazione %s\n",
		    r.protocol);
		status = CLI_OK;
	}
	store_report_clear(&r);
	return status;
}

const struct cli_command cli_cmd_report_list = {
	.group = "report", .name = "list",
	.usage = "[--office CODICE] [--status STATO] [--from AAAA-MM-GG] [--to AAAA-MM-GG] "
	    "[--json | --csv]",
	.help = "segnalazioni Linea INPS, per sede, stato e data di inoltro",
	.exec = report_list_cmd,
};

const struct cli_command cli_cmd_report_show = {
	.group = "report", .name = "show", .usage = "PROTOCOLLO [--json]",
	.help = "una segnalazione Linea INPS con la sua cronologia",
	.exec = report_show_cmd,
};

const struct cli_command cli_cmd_report_file = {
	.group = "report", .name = "file",
	.usage = "--topic A --subtopic S --description TESTO {--chat ID | --worker CF | "
	    "--company CHIAVE | --practice NUMERO} [--office CODICE] [--token CODICE] [--json]",
	.help = "inoltra una segnalazione senza la console (per script e prove)",
	.hidden = 1,
	.exec = report_file_cmd,
};

const struct cli_command cli_cmd_report_take = {
	.group = "report", .name = "take", .usage = "PROTOCOLLO",
	.help = "prende in carico una segnalazione della propria sede (per script e prove)",
	.hidden = 1,
	.exec = report_act_cmd,
};

const struct cli_command cli_cmd_report_note = {
	.group = "report", .name = "note", .usage = "PROTOCOLLO TESTO",
	.help = "aggiunge una nota a una segnalazione (per script e prove)",
	.hidden = 1,
	.exec = report_act_cmd,
};

const struct cli_command cli_cmd_report_close = {
	.group = "report", .name = "close", .usage = "PROTOCOLLO ESITO",
	.help = "chiude una segnalazione con il suo esito (per script e prove)",
	.hidden = 1,
	.exec = report_act_cmd,
};
