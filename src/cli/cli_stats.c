/*
 * infocig stats [--from D] [--to D] [--by KEY] [--csv|--json] | --prometheus | --rebuild
 * infocig audit [--from D] [--to D] [--advisor LOGIN] [--csv|--json]
 * Both for supervisors only.  The figures are defined in infocig(1),
 * section STATISTICS.
 *
 * Over 700 lines: the two commands share the range, format and role
 * checks at the top; splitting audit out means giving those a header of
 * their own first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cli.h"
#include "common.h"
#include "report.h"
#include "stats.h"
#include "text.h"

enum { OUT_TEXT, OUT_CSV, OUT_JSON };

/* The options both commands share. */
struct range_opts {
	const char *from_arg, *to_arg;
	int32_t from, to;
	int format;
};

static int
parse_day(const char *opt, const char *arg, int32_t *day)
{
	if (day_parse(arg, day) < 0) {
		cli_error("%s: data non valida \"%s\" (usare AAAA-MM-GG, per esempio 2026-06-19)",
		    opt, arg);
		return ERR_INVALID;
	}
	return 0;
}

/*
 * Dates: neither means today; --from alone runs to today; --to alone is
 * that one day.  Needs the configuration (today is a local day).
 */
static int
resolve_range(struct cli_ctx *ctx, struct range_opts *o)
{
	char a[11], b[11];
	int32_t today;

	if (o->from_arg != NULL && parse_day("--from", o->from_arg, &o->from) < 0)
		return ERR_INVALID;
	if (o->to_arg != NULL && parse_day("--to", o->to_arg, &o->to) < 0)
		return ERR_INVALID;
	if (cli_load_conf(ctx) < 0)
		return ERR_IO;
	today = cli_today(ctx);
	if (o->from_arg == NULL && o->to_arg == NULL)
		o->from = o->to = today;
	else if (o->to_arg == NULL)
		o->to = today;
	else if (o->from_arg == NULL)
		o->from = o->to;
	if (o->from > o->to) {
		cli_error("intervallo non valido: la data iniziale %s è successiva a quella "
		    "finale %s", day_format(o->from, a, sizeof a), day_format(o->to, b, sizeof b));
		return ERR_INVALID;
	}
	return 0;
}

static int
set_format(struct range_opts *o, int format)
{
	if (o->format != OUT_TEXT && o->format != format) {
		cli_error("usare --csv oppure --json, non entrambi");
		return ERR_INVALID;
	}
	o->format = format;
	return 0;
}

/* The staff account at the keyboard, if a supervisor. */
static int
need_supervisor(struct cli_ctx *ctx, const char *what, struct store_account *who)
{
	if (cli_open_store(ctx, STORE_READONLY) < 0 || cli_identify_staff(ctx, who) < 0)
		return ERR_DENIED;
	if (who->role != ROLE_SUPERVISOR) {
		cli_error("solo i supervisori possono consultare %s (%s è %s)", what, who->login,
		    account_role_label(who->role));
		return ERR_DENIED;
	}
	return 0;
}

/* Writes s padded with blanks to width terminal columns (left-aligned). */
static void
put_padded(const char *s, size_t width)
{
	size_t w = text_width(s, strlen(s));

	fputs(s, stdout);
	while (w++ < width)
		fputc(' ', stdout);
}

/* s in a column of width: cut with "~" when longer, so the columns stay aligned. */
static void
put_cell(const char *s, size_t width)
{
	size_t len = strlen(s), n = 0;

	if (text_width(s, len) <= width) {
		put_padded(s, width);
		return;
	}
	while (n < len && text_width(s, text_next_char(s, len, n)) < width)
		n = text_next_char(s, len, n);
	fwrite(s, 1, n, stdout);
	fputc('~', stdout);
	for (len = text_width(s, n) + 1; len < width; len++)
		fputc(' ', stdout);
}

static char *
range_it(int32_t from, int32_t to, char *buf, size_t size)
{
	char a[11], b[11];

	day_format_it(from, a, sizeof a);
	day_format_it(to, b, sizeof b);
	if (from == to)
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "dal %s al %s", a, b);
	return buf;
}

/* --- stats --- */

static void
json_number(double v, const char *fmt)
{
	if (v < 0)
		fputs("null", stdout);
	else
		printf(fmt, v);
}

static void
json_figures(const struct stats_figures *f)
{
	printf("\"offered\":%lld,\"answered\":%lld,\"abandoned\":%lld,\"short_abandoned\":%lld,"
	    "\"unserved\":%lld,\"waiting\":%lld,\"in_progress\":%lld,\"handled\":%lld,"
	    "\"answered_in_sl\":%lld,", (long long)f->offered, (long long)f->answered,
	    (long long)f->abandoned, (long long)f->short_abandoned, (long long)f->unserved,
	    (long long)f->waiting, (long long)f->in_progress, (long long)f->handled,
	    (long long)f->answered_in_sl);
	fputs("\"abandon_rate\":", stdout);
	json_number(f->abandon_rate, "%.4f");
	fputs(",\"service_level\":", stdout);
	json_number(f->service_level, "%.4f");
	fputs(",\"asa_seconds\":", stdout);
	json_number(f->asa, "%.1f");
	fputs(",\"aht_seconds\":", stdout);
	json_number(f->aht, "%.1f");
	printf(",\"resolved\":%lld,\"forwarded\":%lld,\"other\":%lld",
	    (long long)f->outcomes[OUTCOME_RESOLVED], (long long)f->outcomes[OUTCOME_LINEA_INPS],
	    (long long)f->outcomes[OUTCOME_OTHER]);
	fputs(",\"resolved_share\":", stdout);
	json_number(f->resolved_share, "%.4f");
	fputs(",\"forwarded_share\":", stdout);
	json_number(f->forwarded_share, "%.4f");
	printf(",\"surveys\":%lld,\"satisfaction\":", (long long)f->surveys);
	json_number(f->satisfaction, "%.2f");
}

static void
print_json(const struct stats_history *h, const struct stats_config *cfg)
{
	char a[11], b[11];
	size_t i;

	printf("{\"from\":\"%s\",\"to\":\"%s\",\"by\":", day_format(h->from, a, sizeof a),
	    day_format(h->to, b, sizeof b));
	if (h->by == STATS_BY_NONE)
		fputs("null", stdout);
	else
		json_put_string(stdout, stats_by_name(h->by));
	printf(",\"service_level_seconds\":%d,\"abandon_min_seconds\":%d,\"groups\":[",
	    cfg->service_level_seconds, cfg->abandon_min_seconds);
	for (i = 0; i < h->ngroups; i++) {
		fputs(i ? ",{\"key\":" : "{\"key\":", stdout);
		json_put_string(stdout, h->groups[i].label);
		fputs(",\"name\":", stdout);
		json_put_string(stdout, h->groups[i].name);
		fputc(',', stdout);
		json_figures(&h->groups[i].f);
		fputc('}', stdout);
	}
	fputs("],\"total\":{", stdout);
	json_figures(&h->total);
	printf("},\"reports\":{\"total\":%lld,\"offices\":[", (long long)h->reports);
	for (i = 0; i < h->noffices; i++) {
		fputs(i ? ",{\"code\":" : "{\"code\":", stdout);
		json_put_string(stdout, h->offices[i].code);
		fputs(",\"name\":", stdout);
		json_put_string(stdout, h->offices[i].name);
		printf(",\"reports\":%lld}", (long long)h->offices[i].reports);
	}
	fputs("]}}\n", stdout);
}

static void
csv_number(double v, const char *fmt)
{
	if (v >= 0)
		printf(fmt, v);
}

static void
csv_row(const char *key, const char *name, const struct stats_figures *f)
{
	csv_put(stdout, key, 0);
	csv_put(stdout, name, 0);
	printf("%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,", (long long)f->offered,
	    (long long)f->answered, (long long)f->abandoned, (long long)f->short_abandoned,
	    (long long)f->unserved, (long long)f->waiting, (long long)f->in_progress,
	    (long long)f->handled, (long long)f->answered_in_sl);
	csv_number(f->abandon_rate, "%.4f");
	fputc(',', stdout);
	csv_number(f->service_level, "%.4f");
	fputc(',', stdout);
	csv_number(f->asa, "%.1f");
	fputc(',', stdout);
	csv_number(f->aht, "%.1f");
	printf(",%lld,%lld,%lld,", (long long)f->outcomes[OUTCOME_RESOLVED],
	    (long long)f->outcomes[OUTCOME_LINEA_INPS], (long long)f->outcomes[OUTCOME_OTHER]);
	csv_number(f->resolved_share, "%.4f");
	fputc(',', stdout);
	csv_number(f->forwarded_share, "%.4f");
	printf(",%lld,", (long long)f->surveys);
	csv_number(f->satisfaction, "%.2f");
	fputc('\n', stdout);
}

static void
print_csv(const struct stats_history *h)
{
	char a[11], b[11], period[24];
	size_t i;

	printf("%s,name,offered,answered,abandoned,short_abandoned,unserved,waiting,"
	    "in_progress,handled,answered_in_sl,abandon_rate,service_level,asa_seconds,"
	    "aht_seconds,resolved,forwarded,other,resolved_share,forwarded_share,surveys,"
	    "satisfaction\n", h->by == STATS_BY_NONE ? "period" : stats_by_name(h->by));
	for (i = 0; i < h->ngroups; i++)
		csv_row(h->groups[i].label, h->groups[i].name, &h->groups[i].f);
	if (h->by != STATS_BY_NONE) {
		csv_row("total", "", &h->total);
		return;
	}
	day_format(h->from, a, sizeof a);
	day_format(h->to, b, sizeof b);
	if (h->from == h->to)
		snprintf(period, sizeof period, "%s", a);
	else
		snprintf(period, sizeof period, "%s/%s", a, b);
	csv_row(period, "", &h->total);
}

#define LABEL_W 38

/* "3 su 6" style share with its count. */
static void
print_share(const char *label, int64_t n, int64_t of, double ratio)
{
	char p[16];

	printf("%-*s %8s", LABEL_W, label, stats_format_percent(ratio, p, sizeof p));
	if (of > 0)
		printf("   (%lld su %lld con esito)", (long long)n, (long long)of);
	fputc('\n', stdout);
}

static void
print_summary(const struct stats_figures *f, const struct stats_config *cfg)
{
	int64_t closed = f->outcomes[OUTCOME_RESOLVED] + f->outcomes[OUTCOME_LINEA_INPS] +
	    f->outcomes[OUTCOME_OTHER];
	char label[64], v[24];

	printf("%-*s %8lld\n", LABEL_W, "Richieste offerte", (long long)f->offered);
	printf("%-*s %8lld\n", LABEL_W, "  di cui risposte", (long long)f->answered);
	snprintf(label, sizeof label, "  di cui abbandonate (attesa >= %d s)",
	    cfg->abandon_min_seconds);
	printf("%-*s %8lld\n", LABEL_W, label, (long long)f->abandoned);
	printf("%-*s %8lld\n", LABEL_W, "  di cui non servite alla chiusura",
	    (long long)f->unserved);
	printf("%-*s %8lld\n", LABEL_W, "  di cui ancora in attesa", (long long)f->waiting);
	snprintf(label, sizeof label, "Uscite entro %d s (non contate)", cfg->abandon_min_seconds);
	printf("%-*s %8lld\n", LABEL_W, label, (long long)f->short_abandoned);
	printf("%-*s %8s\n", LABEL_W, "Tasso di abbandono",
	    stats_format_percent(f->abandon_rate, v, sizeof v));
	snprintf(label, sizeof label, "Livello di servizio (%d s)", cfg->service_level_seconds);
	printf("%-*s %8s\n", LABEL_W, label, stats_format_percent(f->service_level, v, sizeof v));
	printf("%-*s %8s\n", LABEL_W, "Tempo medio di risposta",
	    stats_format_duration(f->asa, v, sizeof v));
	printf("%-*s %8s   (%lld chat concluse)\n", LABEL_W, "Tempo medio di gestione",
	    stats_format_duration(f->aht, v, sizeof v), (long long)f->handled);
	printf("%-*s %8lld\n", LABEL_W, "Chat in corso", (long long)f->in_progress);
	print_share("Risolte in chat", f->outcomes[OUTCOME_RESOLVED], closed, f->resolved_share);
	print_share("Inoltrate a Linea INPS", f->outcomes[OUTCOME_LINEA_INPS], closed,
	    f->forwarded_share);
	print_share("Altro esito", f->outcomes[OUTCOME_OTHER], closed,
	    closed > 0 ? (double)f->outcomes[OUTCOME_OTHER] / (double)closed : -1.0);
	stats_format_score(f->satisfaction, v, sizeof v);
	printf("%-*s %8s   (%lld questionari)\n", LABEL_W, "Gradimento medio (1-5)", v,
	    (long long)f->surveys);
}

static const char *const by_headers[STATS_NBY] = {
	"", "Giorno", "Ora", "Operatore", "Canale", "Provincia",
};
static const char *const by_nouns[STATS_NBY] = {
	"", "giorno", "ora", "operatore", "canale", "provincia",
};

static void
group_label(const struct stats_history *h, const struct stats_group *g, char *buf,
    size_t size)
{
	if (h->by == STATS_BY_HOUR)
		snprintf(buf, size, "%s-%02d", g->label, (int)g->key + 1);
	else if (h->by == STATS_BY_ADVISOR && g->key != 0)
		snprintf(buf, size, "%s (%s)", g->name, g->label);
	else if (h->by == STATS_BY_ADVISOR)
		snprintf(buf, size, "%s", g->name);
	else
		snprintf(buf, size, "%s", g->label);
}

static void
table_row(const char *label, size_t width, const struct stats_figures *f)
{
	char ab[16], sl[16], asa[16], aht[16], res[16], fwd[16], sat[16];

	put_padded(label, width);
	printf(" %6lld %6lld %6lld %5lld %7s %7s %7s %8s %7s %7s %5s %6lld\n",
	    (long long)f->offered, (long long)f->answered, (long long)f->abandoned,
	    (long long)f->unserved, stats_format_percent(f->abandon_rate, ab, sizeof ab),
	    stats_format_percent(f->service_level, sl, sizeof sl),
	    stats_format_duration(f->asa, asa, sizeof asa),
	    stats_format_duration(f->aht, aht, sizeof aht),
	    stats_format_percent(f->resolved_share, res, sizeof res),
	    stats_format_percent(f->forwarded_share, fwd, sizeof fwd),
	    stats_format_score(f->satisfaction, sat, sizeof sat), (long long)f->surveys);
}

static void
print_table(const struct stats_history *h, const struct stats_config *cfg)
{
	char label[192];
	size_t i, w, width = text_width("Totale", 6);

	for (i = 0; i < h->ngroups; i++) {
		group_label(h, &h->groups[i], label, sizeof label);
		if ((w = text_width(label, strlen(label))) > width)
			width = w;
	}
	if ((w = text_width(by_headers[h->by], strlen(by_headers[h->by]))) > width)
		width = w;
	put_padded(by_headers[h->by], width);
	printf(" %6s %6s %6s %5s %7s %7s %7s %8s %7s %7s %5s %6s\n", "Off.", "Risp.", "Abb.",
	    "N.s.", "%Abb.", "L.s.", "T.risp.", "T.gest.", "Risolte", "Linea", "Grad.", "Quest.");
	for (i = 0; i < h->ngroups; i++) {
		group_label(h, &h->groups[i], label, sizeof label);
		table_row(label, width, &h->groups[i].f);
	}
	table_row("Totale", width, &h->total);
	printf("\nOff. offerte, Risp. risposte, Abb. abbandonate (attesa >= %d s), N.s. non "
	    "servite,\n%%Abb. tasso di abbandono, L.s. livello di servizio (%d s), T.risp. tempo "
	    "medio\ndi risposta, T.gest. tempo medio di gestione, Risolte / Linea: quote "
	    "delle chat\ncon esito risolte in chat / inoltrate a Linea INPS, Grad. gradimento "
	    "medio,\nQuest. questionari.  Definizioni: infocig(1), sezione STATISTICS.\n",
	    cfg->abandon_min_seconds, cfg->service_level_seconds);
}

static void
print_text(const struct stats_history *h, const struct stats_config *cfg)
{
	char range[64];
	size_t i, w, width = 0;

	range_it(h->from, h->to, range, sizeof range);
	printf("Statistiche della coda INFO CIG: %s", range);
	if (h->by != STATS_BY_NONE)
		printf(", per %s", by_nouns[h->by]);
	fputs("\n\n", stdout);
	if (h->by == STATS_BY_NONE)
		print_summary(&h->total, cfg);
	else
		print_table(h, cfg);
	printf("\nSegnalazioni a Linea INPS: %lld\n", (long long)h->reports);
	for (i = 0; i < h->noffices; i++)
		if ((w = text_width(h->offices[i].name, strlen(h->offices[i].name))) > width)
			width = w;
	for (i = 0; i < h->noffices; i++) {
		printf("  %-8s ", h->offices[i].code);
		put_padded(h->offices[i].name, width);
		printf(" %6lld\n", (long long)h->offices[i].reports);
	}
}

/* stats --prometheus: the live snapshot for a metrics collector. */
static int
stats_prometheus(struct cli_ctx *ctx)
{
	struct store_account who;
	struct stats_live live;
	struct stats_daemons daemons = { 0 };
	struct stats *s;
	int r;

	if (cli_open_store(ctx, STORE_READONLY) < 0 ||
	    need_supervisor(ctx, "le statistiche", &who) < 0)
		return CLI_FAIL;
	if (stats_new(ctx->store, ctx->conf, &s) < 0) {
		cli_error("configurazione: fuso orario sconosciuto");
		return CLI_FAIL;
	}
	memset(&live, 0, sizeof live);
	if ((r = stats_live_refresh(s, clock_now(), &live)) == 0 &&
	    (r = stats_daemons_load(s, clock_now(), &daemons)) == 0)
		r = stats_prometheus_write(stdout, &live, &daemons);
	stats_daemons_clear(&daemons);
	if (r == 0 && fflush(stdout) != 0)
		r = ERR_IO;
	if (r < 0)
		cli_error("statistiche non disponibili: %s", store_errmsg(ctx->store));
	stats_live_clear(&live);
	stats_free(s);
	return r < 0 ? CLI_FAIL : CLI_OK;
}

static void
rebuild_progress(void *arg, uint64_t done, uint64_t total)
{
	struct progress **p = arg;

	if (*p == NULL)
		*p = progress_new("Ricostruzione degli aggregati", total);
	progress_update(*p, done);
}

/* stats --rebuild: the aggregates of the finished chats, from the chats. */
static int
stats_rebuild(struct cli_ctx *ctx)
{
	struct store_account who;
	struct progress *bar = NULL;
	struct stats *s;
	int64_t chats = 0, t0;
	int r;

	if (cli_load_conf(ctx) < 0 || cli_open_store(ctx, 0) < 0 ||
	    cli_identify_staff(ctx, &who) < 0)
		return CLI_FAIL;
	if (who.role != ROLE_SUPERVISOR) {
		cli_error("solo i supervisori possono ricostruire le statistiche (%s è %s)",
		    who.login, account_role_label(who.role));
		return CLI_FAIL;
	}
	if (stats_new(ctx->store, ctx->conf, &s) < 0) {
		cli_error("configurazione: fuso orario sconosciuto");
		return CLI_FAIL;
	}
	t0 = clock_mono_ms();
	r = stats_aggregates_rebuild(s, rebuild_progress, &bar, &chats);
	progress_free(bar);
	stats_free(s);
	if (r < 0) {
		cli_error("ricostruzione delle statistiche fallita: %s", store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	printf("statistiche ricostruite: %lld chat concluse in %.1f s\n", (long long)chats,
	    (double)(clock_mono_ms() - t0) / 1000.0);
	return CLI_OK;
}

static int
stats_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "prometheus", no_argument, NULL, 'p' },
		{ "rebuild", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct range_opts o;
	struct store_account who;
	struct stats_history h;
	struct stats *s;
	int ch, by = STATS_BY_NONE, r, prometheus = 0, rebuild = 0;
	char why[128];

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o.from_arg = optarg;
			break;
		case 't':
			o.to_arg = optarg;
			break;
		case 'b':
			if ((by = stats_by_parse(optarg)) < 0) {
				cli_error("--by: raggruppamento \"%s\" sconosciuto (day, hour, advisor, "
				    "channel o province)", optarg);
				return CLI_USAGE;
			}
			break;
		case 'c':
		case 'j':
			if (set_format(&o, ch == 'c' ? OUT_CSV : OUT_JSON) < 0)
				return CLI_USAGE;
			break;
		case 'p':
			prometheus = 1;
			break;
		case 'r':
			rebuild = 1;
			break;
		default:
			return CLI_USAGE;
		}
	}
	if (optind != argc) {
		cli_error("uso: infocig stats [--from AAAA-MM-GG] [--to AAAA-MM-GG] "
		    "[--by day|hour|advisor|channel|province] [--csv|--json] | --prometheus |"
		    " --rebuild");
		return CLI_USAGE;
	}
	if (rebuild) {
		if (o.from_arg != NULL || o.to_arg != NULL || by != STATS_BY_NONE ||
		    o.format != OUT_TEXT || prometheus) {
			cli_error("--rebuild ricostruisce tutto: non si combina con altre opzioni");
			return CLI_USAGE;
		}
		return stats_rebuild(ctx);
	}
	if (prometheus) {
		if (o.from_arg != NULL || o.to_arg != NULL || by != STATS_BY_NONE ||
		    o.format != OUT_TEXT) {
			cli_error("--prometheus dà le cifre di adesso: non si combina con altre opzioni");
			return CLI_USAGE;
		}
		return stats_prometheus(ctx);
	}
	if ((r = resolve_range(ctx, &o)) < 0)
		return r == ERR_INVALID ? CLI_USAGE : CLI_FAIL;
	if (need_supervisor(ctx, "le statistiche", &who) < 0)
		return CLI_FAIL;
	if (stats_new(ctx->store, ctx->conf, &s) < 0) {
		cli_error("configurazione: fuso orario sconosciuto");
		return CLI_FAIL;
	}
	if (stats_aggregates_state(s, why, sizeof why) == STATS_AGG_STALE)
		fprintf(stderr, "infocig: nota: gli aggregati delle statistiche sono stati costruiti"
		    " con un'altra configurazione (%s): le cifre sono calcolate dalle chat;"
		    " eseguire \"infocig stats --rebuild\"\n", why);
	if ((r = stats_history(s, o.from, o.to, by, &h)) < 0) {
		cli_error("lettura delle statistiche fallita: %s", store_errmsg(ctx->store));
		stats_free(s);
		return CLI_FAIL;
	}
	if (o.format == OUT_JSON)
		print_json(&h, stats_config(s));
	else if (o.format == OUT_CSV)
		print_csv(&h);
	else
		print_text(&h, stats_config(s));
	stats_history_clear(&h);
	stats_free(s);
	return CLI_OK;
}

const struct cli_command cli_cmd_stats = {
	.group = "stats", .name = NULL,
	.usage = "[--from AAAA-MM-GG] [--to AAAA-MM-GG] [--by day|hour|advisor|channel|province] "
	    "[--csv|--json] | --prometheus | --rebuild",
	.help = "statistiche della coda (offerte, risposte, abbandoni, tempi, livello di "
	    "servizio, esiti, gradimento); --rebuild ricostruisce gli aggregati; solo supervisori",
	.exec = stats_cmd,
};

/* --- audit --- */

struct audit_out {
	int format;
	int tz;
	size_t n;
};

/* Local time of at: "2026-06-20 12:00:00" (iso) or "20/06/2026 12:00:00". */
static char *
local_time(int tz, int64_t at, int iso, char *buf, size_t size)
{
	return calendar_format_time(tz, at, iso ? CLOCK_DAY_SECONDS : CLOCK_IT_SECONDS, buf, size);
}

/*
 * The Italian word for an audit action: the accounts' own here, the reports'
 * from the report module; an unknown one is shown as stored.
 */
static const char *
action_label(const char *action)
{
	static const struct {
		const char *action, *label;
	} labels[] = {
		{ "account_link", "collegamento" },
		{ "account_unlink", "scollegamento" },
		{ "otp_lock", "blocco OTP" },
		{ "db_purge", "pulizia dati" },
	};
	size_t i;

	for (i = 0; i < nitems(labels); i++)
		if (strcmp(action, labels[i].action) == 0)
			return labels[i].label;
	return report_audit_label(action);
}

static int
audit_row(void *arg, const struct store_audit_entry *e)
{
	struct audit_out *o = arg;
	char when[32], chat[24];

	if (e->chat_id != 0)
		snprintf(chat, sizeof chat, "%lld", (long long)e->chat_id);
	else
		chat[0] = '\0';
	if (o->format == OUT_JSON) {
		printf("%s{\"at\":%lld,\"time\":\"%s\",\"login\":", o->n ? "," : "",
		    (long long)e->at, local_time(o->tz, e->at, 1, when, sizeof when));
		json_put_string(stdout, e->login);
		fputs(",\"name\":", stdout);
		json_put_string(stdout, e->full_name);
		fputs(",\"action\":", stdout);
		json_put_string(stdout, e->action);
		fputs(",\"subject\":", stdout);
		json_put_string(stdout, e->subject);
		fputs(",\"reason\":", stdout);
		json_put_string(stdout, e->reason);
		printf(",\"chat_id\":%s}", e->chat_id ? chat : "null");
	} else if (o->format == OUT_CSV) {
		printf("%lld,", (long long)e->at);
		csv_put(stdout, local_time(o->tz, e->at, 1, when, sizeof when), 0);
		csv_put(stdout, e->login, 0);
		csv_put(stdout, e->full_name, 0);
		csv_put(stdout, e->action, 0);
		csv_put(stdout, e->subject, 0);
		csv_put(stdout, e->reason, 0);
		csv_put(stdout, chat, 1);
	} else {
		if (o->n == 0)
			printf("%-19s  %-16s %-15s %-20s %-36s %s\n", "Data e ora", "Chi", "Azione",
			    "Consultato", "Motivo", "Chat");
		printf("%s  ", local_time(o->tz, e->at, 0, when, sizeof when));
		put_cell(e->login, 16);
		fputc(' ', stdout);
		put_cell(action_label(e->action), 15);
		fputc(' ', stdout);
		put_cell(e->subject, 20);
		fputc(' ', stdout);
		put_cell(e->reason, 36);
		printf(" %s\n", e->chat_id ? chat : "-");
	}
	o->n++;
	return 0;
}

static int
audit_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "advisor", required_argument, NULL, 'a' },
		{ "csv", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct range_opts o;
	struct store_account who, actor;
	struct audit_out out;
	const char *advisor = NULL;
	char range[64], a[11], b[11];
	int64_t t0, t1;
	int ch, r, tz;

	memset(&o, 0, sizeof o);
	memset(&actor, 0, sizeof actor);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o.from_arg = optarg;
			break;
		case 't':
			o.to_arg = optarg;
			break;
		case 'a':
			advisor = optarg;
			break;
		case 'c':
		case 'j':
			if (set_format(&o, ch == 'c' ? OUT_CSV : OUT_JSON) < 0)
				return CLI_USAGE;
			break;
		default:
			return CLI_USAGE;
		}
	}
	if (optind != argc) {
		cli_error("uso: infocig audit [--from AAAA-MM-GG] [--to AAAA-MM-GG] "
		    "[--advisor LOGIN] [--csv|--json]");
		return CLI_USAGE;
	}
	if ((r = resolve_range(ctx, &o)) < 0)
		return r == ERR_INVALID ? CLI_USAGE : CLI_FAIL;
	if (need_supervisor(ctx, "il registro degli accessi", &who) < 0)
		return CLI_FAIL;
	if (advisor != NULL) {
		if (store_account_by_login(ctx->store, advisor, &actor) < 0) {
			cli_error("--advisor: operatore sconosciuto: %s", advisor);
			return CLI_FAIL;
		}
		if (!account_role_is_staff(actor.role)) {
			cli_error("--advisor: %s non è un operatore INPS (%s)", advisor,
			    account_role_label(actor.role));
			return CLI_FAIL;
		}
	}
	tz = calendar_tz_parse(ctx->conf->service.timezone);
	memset(&out, 0, sizeof out);
	out.format = o.format;
	out.tz = tz < 0 ? CALENDAR_TZ_ROME : tz;
	t0 = calendar_to_utc(out.tz, o.from, 0);
	t1 = calendar_to_utc(out.tz, o.to + 1, 0);
	if (o.format == OUT_JSON) {
		printf("{\"from\":\"%s\",\"to\":\"%s\",\"advisor\":", day_format(o.from, a, sizeof a),
		    day_format(o.to, b, sizeof b));
		if (advisor != NULL)
			json_put_string(stdout, actor.login);
		else
			fputs("null", stdout);
		fputs(",\"entries\":[", stdout);
	} else if (o.format == OUT_CSV) {
		fputs("at,time,login,name,action,subject,reason,chat_id\n", stdout);
	} else {
		printf("Registro degli accessi ai dati personali: %s",
		    range_it(o.from, o.to, range, sizeof range));
		if (advisor != NULL)
			printf(", operatore %s (%s)", actor.login, actor.full_name);
		fputs("\n\n", stdout);
	}
	r = store_audit_each(ctx->store, t0, t1, actor.id, audit_row, &out);
	if (o.format == OUT_JSON)
		fputs("]}\n", stdout);
	else if (o.format == OUT_TEXT && r == 0 && out.n == 0)
		printf("Nessun accesso registrato nel periodo.\n");
	else if (o.format == OUT_TEXT && r == 0)
		printf("\n%zu %s.\n", out.n, out.n == 1 ? "accesso" : "accessi");
	if (r < 0) {
		cli_error("lettura del registro fallita: %s", store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	return CLI_OK;
}

const struct cli_command cli_cmd_audit = {
	.group = "audit", .name = NULL,
	.usage = "[--from AAAA-MM-GG] [--to AAAA-MM-GG] [--advisor LOGIN] [--csv|--json]",
	.help = "registro degli accessi ai dati personali: chi, chi è stato consultato, "
	    "quando, perché, in quale chat; solo supervisori",
	.exec = audit_cmd,
};
