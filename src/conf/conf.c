/*
 * The configuration: libconfig file -> struct conf.
 *
 * Every setting is one row of conf_keys[]: its path, type, place in the
 * struct, range and default.  Defaults, the file and -o overrides all go
 * through the same setters, so a value is checked the same way wherever it
 * comes from.
 *
 * About 730 lines, one file on purpose: the table, its setters and
 * conf_print() read the same private rows; splitting them would only
 * publish the table.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "conf.h"

#ifndef INFOCIG_SYSCONFDIR
#define INFOCIG_SYSCONFDIR "/usr/local/etc"
#endif

enum conf_type { CT_INT, CT_BOOL, CT_STRING, CT_HOURS, CT_DAYS, CT_ROLLOUT };

struct conf_key {
	const char *path;
	enum conf_type type;
	size_t offset;		/* CT_HOURS: weekday index instead */
	long min, max;
	const char *def;
};

#define OFF(f) offsetof(struct conf, f)

static const struct conf_key conf_keys[] = {
	{ "database", CT_STRING, OFF(database), 0, 0, "/var/lib/infocig/infocig.db" },
	{ "ssh.listen", CT_STRING, OFF(ssh.listen), 0, 0, "0.0.0.0" },
	{ "ssh.user", CT_STRING, OFF(ssh.user), 0, 0, "" },
	{ "ssh.port", CT_INT, OFF(ssh.port), 1, 65535, "2222" },
	{ "ssh.host_key", CT_STRING, OFF(ssh.host_key), 0, 0, "/var/lib/infocig/ssh_host_ed25519_key" },
	{ "ssh.workers", CT_INT, OFF(ssh.workers), 0, 64, "0" },
	{ "ssh.backlog", CT_INT, OFF(ssh.backlog), 16, 65535, "4096" },
	{ "ssh.max_sessions", CT_INT, OFF(ssh.max_sessions), 1, 1000000, "20000" },
	{ "ssh.max_startups", CT_INT, OFF(ssh.max_startups), 1, 100000, "1000" },
	{ "ssh.max_startups_per_source", CT_INT, OFF(ssh.max_startups_per_source), 1, 100000, "50" },
	{ "ssh.login_grace_time", CT_INT, OFF(ssh.login_grace_time), 1, 3600, "60" },
	{ "ssh.max_auth_tries", CT_INT, OFF(ssh.max_auth_tries), 1, 100, "6" },
	{ "ssh.penalty_failures", CT_INT, OFF(ssh.penalty_failures), 0, 100000, "10" },
	{ "ssh.penalty_seconds", CT_INT, OFF(ssh.penalty_seconds), 0, 86400, "30" },
	{ "ssh.keepalive_interval", CT_INT, OFF(ssh.keepalive_interval), 0, 3600, "60" },
	{ "ssh.keepalive_count_max", CT_INT, OFF(ssh.keepalive_count_max), 0, 100, "3" },
	{ "ssh.idle_timeout", CT_INT, OFF(ssh.idle_timeout), 0, 86400, "1800" },
	{ "ssh.max_line", CT_INT, OFF(ssh.max_line), 64, 65536, "1000" },
	{ "ssh.output_queue_kib", CT_INT, OFF(ssh.output_queue_kib), 4, 65536, "64" },
	{ "ssh.rate_lines", CT_INT, OFF(ssh.rate_lines), 1, 10000, "20" },
	{ "ssh.rate_seconds", CT_INT, OFF(ssh.rate_seconds), 1, 3600, "10" },
	{ "service.timezone", CT_STRING, OFF(service.timezone), 0, 0, "Europe/Rome" },
	{ "service.hours.monday", CT_HOURS, 0, 0, 0, "15:00-18:00" },
	{ "service.hours.tuesday", CT_HOURS, 1, 0, 0, "15:00-18:00" },
	{ "service.hours.wednesday", CT_HOURS, 2, 0, 0, "15:00-18:00" },
	{ "service.hours.thursday", CT_HOURS, 3, 0, 0, "15:00-18:00" },
	{ "service.hours.friday", CT_HOURS, 4, 0, 0, "15:00-18:00" },
	{ "service.hours.saturday", CT_HOURS, 5, 0, 0, "" },
	{ "service.hours.sunday", CT_HOURS, 6, 0, 0, "" },
	{ "service.closures", CT_DAYS, 0, 0, 0, "" },
	{ "service.drain_minutes", CT_INT, OFF(service.drain_minutes), 0, 240, "30" },
	{ "rollout.lavoratori", CT_ROLLOUT, OFF(rollout.workers), 0, 0, NULL },
	{ "rollout.aziende", CT_ROLLOUT, OFF(rollout.employers), 0, 0, NULL },
	{ "queue.max_chats_per_advisor", CT_INT, OFF(queue.max_chats_per_advisor), 1, 20, "3" },
	{ "queue.service_level_seconds", CT_INT, OFF(queue.service_level_seconds), 1, 3600, "60" },
	{ "queue.abandon_min_seconds", CT_INT, OFF(queue.abandon_min_seconds), 0, 600, "10" },
	{ "queue.reconnect_grace", CT_INT, OFF(queue.reconnect_grace), 0, 3600, "120" },
	{ "queue.advisor_grace", CT_INT, OFF(queue.advisor_grace), 0, 3600, "0" },
	{ "queue.refresh_seconds", CT_INT, OFF(queue.refresh_seconds), 1, 60, "5" },
	{ "console.alert", CT_STRING, OFF(console.alert), 0, 0, "bell" },
	{ "auth.password_otp", CT_BOOL, OFF(auth.password_otp), 0, 1, "true" },
	{ "auth.publickey", CT_BOOL, OFF(auth.publickey), 0, 1, "true" },
	{ "auth.otp_key_file", CT_STRING, OFF(auth.otp_key_file), 0, 0, "" },
	{ "auth.otp_max_failures", CT_INT, OFF(auth.otp_max_failures), 1, 1000, "10" },
	{ "auth.otp_lock_seconds", CT_INT, OFF(auth.otp_lock_seconds), 1, 604800, "3600" },
	{ "timeline.window_days", CT_INT, OFF(timeline.window_days), 7, 3650, "180" },
	{ "timeline.min_samples", CT_INT, OFF(timeline.min_samples), 1, 100000, "20" },
	{ "timeline.filing_days", CT_INT, OFF(timeline.filing_days), 1, 365, "15" },
	{ "timeline.decision_days", CT_INT, OFF(timeline.decision_days), 1, 365, "30" },
	{ "timeline.data_days", CT_INT, OFF(timeline.data_days), 1, 365, "20" },
	{ "timeline.payment_days", CT_INT, OFF(timeline.payment_days), 1, 365, "7" },
	{ "retention.chat_days", CT_INT, OFF(retention.chat_days), 30, 36500, "730" },
	{ "retention.report_days", CT_INT, OFF(retention.report_days), 365, 36500, "1825" },
	{ "retention.audit_days", CT_INT, OFF(retention.audit_days), 30, 36500, "3650" },
	{ "retention.batch_rows", CT_INT, OFF(retention.batch_rows), 1, 100000, "100" },
	{ "retention.daily_at", CT_STRING, OFF(retention.daily_at), 0, 0, "" },
	{ "retention.purge_as", CT_STRING, OFF(retention.purge_as), 0, 0, "" },
};

/* One rollout in the file's own syntax, on one line. */
static void
conf_print_rollout(const struct conf_rollout *r, FILE *f)
{
	char day[16];
	size_t i, j;

	fputs("(", f);
	for (i = 0; i < r->nsteps; i++) {
		const struct conf_rollout_step *s = &r->steps[i];
		const char *sep = " ";

		fprintf(f, "%s { from = \"%s\"; provinces = [", i ? "," : "",
		    day_format(s->from, day, sizeof day));
		if (s->all) {
			fputs(" \"*\"", f);
			sep = ", ";
		}
		for (j = 0; j < s->nprovinces; j++, sep = ", ")
			fprintf(f, "%s\"%s\"", sep, s->provinces[j]);
		fputs(" ]; }", f);
	}
	fputs(" )", f);
}

void
conf_print(const struct conf *c, FILE *f)
{
	char day[16];
	size_t i, j;

	for (i = 0; i < nitems(conf_keys); i++) {
		const struct conf_key *k = &conf_keys[i];
		const void *field = (const char *)c + k->offset;

		fprintf(f, "%s ", k->path);
		switch (k->type) {
		case CT_INT:
			fprintf(f, "%d", *(const int *)field);
			break;
		case CT_BOOL:
			fputs(*(const int *)field ? "true" : "false", f);
			break;
		case CT_STRING: {
			/* A file's path as the programs will open it. */
			int is_path = k->offset == OFF(database) || k->offset == OFF(ssh.host_key) ||
			    k->offset == OFF(auth.otp_key_file);
			const char *v = *(char *const *)field;
			char *resolved = is_path && *v != '\0' ? conf_resolve_path(c, v) : NULL;

			fprintf(f, "\"%s\"", resolved != NULL ? resolved : v);
			free(resolved);
			break;
		}
		case CT_HOURS: {
			int open = c->service.open[k->offset], close = c->service.close[k->offset];

			if (open == close)
				fputs("\"\"", f);
			else
				fprintf(f, "\"%02d:%02d-%02d:%02d\"", open / 60, open % 60,
				    close / 60, close % 60);
			break;
		}
		case CT_DAYS:
			fputs("[", f);
			for (j = 0; j < c->service.nclosures; j++)
				fprintf(f, "%s\"%s\"", j ? ", " : " ",
				    day_format(c->service.closures[j], day, sizeof day));
			fputs(" ]", f);
			break;
		case CT_ROLLOUT:
			conf_print_rollout(field, f);
			break;
		}
		fputc('\n', f);
	}
}

int
conf_minute_of_day(const char *hhmm)
{
	int h, m, n = 0;

	if (sscanf(hhmm, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 || hhmm[n] != '\0' ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return ERR_INVALID;
	return h * 60 + m;
}

/* Where a value came from, for messages: "file:line: key" or "-o key". */
struct conf_origin {
	const char *file;
	int line;
};

static int
conf_error(char *err, size_t errlen, const struct conf_origin *o,
    const char *key, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (o->file != NULL && o->line > 0)
		snprintf(err, errlen, "%s:%d: %s: %s", o->file, o->line, key, msg);
	else if (o->file != NULL)
		snprintf(err, errlen, "%s: %s: %s", o->file, key, msg);
	else
		snprintf(err, errlen, "-o %s: %s", key, msg);
	return ERR_INVALID;
}

static const struct conf_key *
conf_key_find(const char *path)
{
	size_t i;

	for (i = 0; i < nitems(conf_keys); i++)
		if (strcmp(conf_keys[i].path, path) == 0)
			return &conf_keys[i];
	return NULL;
}

/* Whether path names a group that holds some setting ("ssh", "service.hours"). */
static int
conf_is_group(const char *path)
{
	size_t i, len = strlen(path);

	for (i = 0; i < nitems(conf_keys); i++)
		if (strncmp(conf_keys[i].path, path, len) == 0 &&
		    conf_keys[i].path[len] == '.')
			return 1;
	return 0;
}

static int
conf_set_int(struct conf *c, const struct conf_key *k, long v,
    const struct conf_origin *o, char *err, size_t errlen)
{
	if (v < k->min || v > k->max)
		return conf_error(err, errlen, o, k->path,
		    "valore %ld fuori dall'intervallo ammesso (%ld-%ld)", v, k->min, k->max);
	*(int *)((char *)c + k->offset) = (int)v;
	return 0;
}

/* A numeric IPv4 or IPv6 address: what ssh.listen takes (no host names). */
static int
conf_is_address(const char *v)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, v, buf) == 1 || inet_pton(AF_INET6, v, buf) == 1;
}

static int
conf_set_string(struct conf *c, const struct conf_key *k, const char *v,
    const struct conf_origin *o, char *err, size_t errlen)
{
	char **slot;

	if (k->type == CT_HOURS) {
		if (calendar_parse_hours(v, &c->service.open[k->offset],
		    &c->service.close[k->offset]) < 0)
			return conf_error(err, errlen, o, k->path,
			    "orario \"%s\" non valido (atteso \"HH:MM-HH:MM\" oppure \"\" se chiuso)", v);
		return 0;
	}
	if (strcmp(k->path, "service.timezone") == 0 && calendar_tz_parse(v) < 0)
		return conf_error(err, errlen, o, k->path,
		    "fuso orario \"%s\" non supportato (Europe/Rome oppure UTC)", v);
	if (strcmp(k->path, "console.alert") == 0 && strcmp(v, "bell") != 0 &&
	    strcmp(v, "flash") != 0 && strcmp(v, "off") != 0)
		return conf_error(err, errlen, o, k->path,
		    "avviso \"%s\" non valido (bell, flash oppure off)", v);
	if (k->offset == OFF(retention.daily_at) && *v != '\0' && conf_minute_of_day(v) < 0)
		return conf_error(err, errlen, o, k->path,
		    "ora \"%s\" non valida (atteso \"HH:MM\", oppure \"\" per nessuna pulizia)", v);
	/*
	 * The strings whose empty value means something: the default key file
	 * (conf_otp_key_path()), no user to become (ssh_privdrop.c), no daily
	 * purge and no one to run it as.
	 */
	if (*v == '\0' && k->type == CT_STRING && k->offset != OFF(auth.otp_key_file) &&
	    k->offset != OFF(ssh.user) && k->offset != OFF(retention.daily_at) &&
	    k->offset != OFF(retention.purge_as))
		return conf_error(err, errlen, o, k->path, "il valore non può essere vuoto");
	if (k->offset == OFF(ssh.listen) && !conf_is_address(v))
		return conf_error(err, errlen, o, k->path, "\"%s\" non è un indirizzo IPv4 "
		    "(come 127.0.0.1 o 0.0.0.0) né IPv6 (come ::1 o ::)", v);
	slot = (char **)((char *)c + k->offset);
	free(*slot);
	*slot = xstrdup(v);
	return 0;
}

static int
day_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static int
conf_add_closure(struct conf *c, const char *s, const struct conf_key *k,
    const struct conf_origin *o, char *err, size_t errlen)
{
	int32_t day;

	if (day_parse(s, &day) < 0)
		return conf_error(err, errlen, o, k->path,
		    "data \"%s\" non valida (attesa AAAA-MM-GG)", s);
	c->service.closures = xreallocarray(c->service.closures,
	    c->service.nclosures + 1, sizeof *c->service.closures);
	c->service.closures[c->service.nclosures++] = day;
	return 0;
}

/*
 * Sorts the closures once they are all read (sorting after each of 30,000
 * took 11 s) and drops repeated days.
 */
static void
conf_sort_closures(struct conf *c)
{
	size_t i, n = 0;

	if (c->service.nclosures == 0)
		return;
	qsort(c->service.closures, c->service.nclosures, sizeof(int32_t), day_cmp);
	for (i = 0; i < c->service.nclosures; i++)
		if (n == 0 || c->service.closures[n - 1] != c->service.closures[i])
			c->service.closures[n++] = c->service.closures[i];
	c->service.nclosures = n;
}

/* A comma-separated list of days, from a default or -o. */
static int
conf_set_days(struct conf *c, const struct conf_key *k, const char *v,
    const struct conf_origin *o, char *err, size_t errlen)
{
	char *copy = xstrdup(v), *tok, *save = NULL;
	int r = 0;

	free(c->service.closures);
	c->service.closures = NULL;
	c->service.nclosures = 0;
	for (tok = strtok_r(copy, ", ", &save); tok != NULL && r == 0;
	    tok = strtok_r(NULL, ", ", &save))
		r = conf_add_closure(c, tok, k, o, err, errlen);
	free(copy);
	conf_sort_closures(c);
	return r;
}

static void
rollout_free(struct conf_rollout *r)
{
	size_t i;

	for (i = 0; i < r->nsteps; i++)
		free(r->steps[i].provinces);
	free(r->steps);
	r->steps = NULL;
	r->nsteps = 0;
}

static int
is_sigla(const char *s)
{
	return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* rollout.X = ( { from = "YYYY-MM-DD"; provinces = [ "RM", ... ] or [ "*" ]; }, ... ); */
static int
conf_read_rollout(struct conf *c, const struct conf_key *k, config_setting_t *list,
    const char *file, char *err, size_t errlen)
{
	struct conf_rollout *rollout = (struct conf_rollout *)((char *)c + k->offset);
	struct conf_origin o = { file, config_setting_source_line(list) };
	int i, j, count;

	if (!config_setting_is_list(list) && !config_setting_is_array(list))
		return conf_error(err, errlen, &o, k->path,
		    "atteso un elenco ( { from = \"AAAA-MM-GG\"; provinces = [ ... ]; }, ... )");
	rollout_free(rollout);
	count = config_setting_length(list);
	for (i = 0; i < count; i++) {
		config_setting_t *g = config_setting_get_elem(list, i), *provs, *m;
		struct conf_rollout_step step = { 0 };
		const char *from;

		o.line = config_setting_source_line(g);
		if (!config_setting_is_group(g))
			return conf_error(err, errlen, &o, k->path,
			    "ogni passo deve essere un gruppo { from = ...; provinces = [...]; }");
		for (j = 0; (m = config_setting_get_elem(g, j)) != NULL; j++)
			if (strcmp(config_setting_name(m), "from") != 0 &&
			    strcmp(config_setting_name(m), "provinces") != 0) {
				o.line = config_setting_source_line(m);
				return conf_error(err, errlen, &o, k->path,
				    "impostazione sconosciuta \"%s\"", config_setting_name(m));
			}
		if (!config_setting_lookup_string(g, "from", &from) ||
		    day_parse(from, &step.from) < 0)
			return conf_error(err, errlen, &o, k->path,
			    "\"from\" mancante o non valido (atteso \"AAAA-MM-GG\")");
		provs = config_setting_get_member(g, "provinces");
		if (provs == NULL || config_setting_length(provs) == 0 ||
		    !(config_setting_is_array(provs) || config_setting_is_list(provs)))
			return conf_error(err, errlen, &o, k->path,
			    "\"provinces\" mancante: un elenco di sigle, oppure [ \"*\" ]");
		step.provinces = xcalloc(config_setting_length(provs), sizeof *step.provinces);
		for (j = 0; j < config_setting_length(provs); j++) {
			const char *p = config_setting_get_string_elem(provs, j);

			if (p != NULL && strcmp(p, "*") == 0) {
				step.all = 1;
				continue;
			}
			if (p == NULL || !is_sigla(p)) {
				free(step.provinces);
				return conf_error(err, errlen, &o, k->path,
				    "sigla di provincia \"%s\" non valida (due lettere maiuscole, o \"*\")",
				    p ? p : "?");
			}
			memcpy(step.provinces[step.nprovinces++], p, 3);
		}
		rollout->steps = xreallocarray(rollout->steps, rollout->nsteps + 1,
		    sizeof *rollout->steps);
		rollout->steps[rollout->nsteps++] = step;
	}
	return 0;
}

/* Applies value text (a default or -o) to setting k. */
static int
conf_set_from_text(struct conf *c, const struct conf_key *k, const char *v,
    const struct conf_origin *o, char *err, size_t errlen)
{
	char *end;
	long n;

	switch (k->type) {
	case CT_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0)
			return conf_error(err, errlen, o, k->path,
			    "\"%s\" non è un numero intero", v);
		return conf_set_int(c, k, n, o, err, errlen);
	case CT_BOOL:
		if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "1") == 0)
			n = 1;
		else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 || strcmp(v, "0") == 0)
			n = 0;
		else
			return conf_error(err, errlen, o, k->path,
			    "\"%s\" non è un valore booleano (true o false)", v);
		return conf_set_int(c, k, n, o, err, errlen);
	case CT_STRING:
	case CT_HOURS:
		return conf_set_string(c, k, v, o, err, errlen);
	case CT_DAYS:
		return conf_set_days(c, k, v, o, err, errlen);
	case CT_ROLLOUT:
		return conf_error(err, errlen, o, k->path,
		    "si imposta solo nel file di configurazione");
	}
	return ERR_INVALID;
}

/* Applies the file's setting s to k, checking its libconfig type. */
static int
conf_set_from_setting(struct conf *c, const struct conf_key *k, config_setting_t *s,
    const char *file, char *err, size_t errlen)
{
	struct conf_origin o = { file, config_setting_source_line(s) };
	int type = config_setting_type(s), i;

	switch (k->type) {
	case CT_INT:
		if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
			return conf_error(err, errlen, &o, k->path, "deve essere un numero intero");
		return conf_set_int(c, k, (long)config_setting_get_int64(s), &o, err, errlen);
	case CT_BOOL:
		if (type != CONFIG_TYPE_BOOL)
			return conf_error(err, errlen, &o, k->path, "deve essere true o false");
		return conf_set_int(c, k, config_setting_get_bool(s), &o, err, errlen);
	case CT_STRING:
	case CT_HOURS:
		if (type != CONFIG_TYPE_STRING)
			return conf_error(err, errlen, &o, k->path,
			    "deve essere una stringa tra virgolette");
		return conf_set_string(c, k, config_setting_get_string(s), &o, err, errlen);
	case CT_DAYS:
		if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
			return conf_error(err, errlen, &o, k->path,
			    "deve essere un elenco di date [ \"AAAA-MM-GG\", ... ]");
		free(c->service.closures);
		c->service.closures = NULL;
		c->service.nclosures = 0;
		for (i = 0; i < config_setting_length(s); i++) {
			const char *d = config_setting_get_string_elem(s, i);

			if (conf_add_closure(c, d ? d : "?", k, &o, err, errlen) < 0)
				return ERR_INVALID;
		}
		conf_sort_closures(c);
		return 0;
	case CT_ROLLOUT:
		return conf_read_rollout(c, k, s, file, err, errlen);
	}
	return ERR_INVALID;
}

/* Rejects any setting of the file that is not in conf_keys[]. */
static int
conf_check_unknown(config_setting_t *group, const char *prefix, const char *file,
    char *err, size_t errlen)
{
	config_setting_t *s;
	char path[256];
	int i;

	for (i = 0; (s = config_setting_get_elem(group, i)) != NULL; i++) {
		struct conf_origin o = { file, config_setting_source_line(s) };

		snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "",
		    config_setting_name(s));
		if (conf_key_find(path) != NULL)
			continue;
		if (!conf_is_group(path))
			return conf_error(err, errlen, &o, path, "impostazione sconosciuta");
		if (!config_setting_is_group(s))
			return conf_error(err, errlen, &o, path,
			    "deve essere un gruppo { ... }");
		if (conf_check_unknown(s, path, file, err, errlen) < 0)
			return ERR_INVALID;
	}
	return 0;
}

struct conf *
conf_defaults(void)
{
	struct conf *c = xcalloc(1, sizeof *c);
	struct conf_origin o = { "(default)", 0 };
	char err[256];
	size_t i;

	for (i = 0; i < nitems(conf_keys); i++)
		if (conf_keys[i].def != NULL &&
		    conf_set_from_text(c, &conf_keys[i], conf_keys[i].def, &o, err, sizeof err) < 0)
			fatal("built-in default: %s", err);
	return c;
}

static int
conf_apply_override(struct conf *c, const char *kv, char *err, size_t errlen)
{
	struct conf_origin o = { NULL, 0 };
	const struct conf_key *k;
	const char *eq = strchr(kv, '=');
	char key[128], *value;
	size_t vlen;
	int r;

	if (eq == NULL || eq == kv || (size_t)(eq - kv) >= sizeof key)
		return conf_error(err, errlen, &o, kv, "atteso chiave=valore");
	memcpy(key, kv, eq - kv);
	key[eq - kv] = '\0';
	if ((k = conf_key_find(key)) == NULL)
		return conf_error(err, errlen, &o, key, "impostazione sconosciuta");
	/* Never cut (a path of 600 bytes was cut at 511): too long is an error. */
	if ((vlen = strlen(eq + 1)) > CONF_VALUE_MAX)
		return conf_error(err, errlen, &o, key, "valore di %zu byte, più lungo del "
		    "massimo (%d)", vlen, CONF_VALUE_MAX);
	value = xstrdup(eq + 1);
	if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
		memmove(value, value + 1, vlen - 2);
		value[vlen - 2] = '\0';
	}
	r = conf_set_from_text(c, k, value, &o, err, errlen);
	free(value);
	return r;
}

/*
 * Reads the file once before libconfig does: a NUL byte, raw or written
 * "\x00" in a string, would cut a value and the rest would be accepted as
 * if it were not there.  A file above CONF_FILE_MAX bytes is refused too.
 * A missing file is left for libconfig to report.
 */
static int
conf_check_bytes(const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	size_t n = 0;
	int ch, line = 1, esc = 0;

	if (fp == NULL)
		return 0;
	while ((ch = getc(fp)) != EOF) {
		if (++n > CONF_FILE_MAX) {
			snprintf(err, errlen, "%s: file più grande di %d byte", path, CONF_FILE_MAX);
			fclose(fp);
			return ERR_LIMIT;
		}
		/*
		 * esc: 1 after a backslash that escapes the next character, 2
		 * after "\x", 3 after "\x0"; "\\" is a backslash escaped.
		 */
		if (esc == 1)
			esc = ch == 'x' || ch == 'X' ? 2 : 0;
		else if ((esc == 2 || esc == 3) && ch == '0')
			esc++;
		else
			esc = ch == '\\' ? 1 : 0;
		if (ch == '\0' || esc == 4) {
			snprintf(err, errlen, "%s:%d: %s: un valore non può contenere il "
			    "carattere NUL", path, line, ch == '\0' ? "byte NUL" : "\\x00");
			fclose(fp);
			return ERR_INVALID;
		}
		if (ch == '\n')
			line++;
	}
	fclose(fp);
	return 0;
}

int
conf_load(const char *path, char *const *overrides, size_t noverrides,
    struct conf **out, char *err, size_t errlen)
{
	struct conf *c;
	config_t cfg;
	size_t i;
	int r = 0;

	*out = NULL;
	c = conf_defaults();
	c->source = xstrdup(path);
	config_init(&cfg);
	if ((r = conf_check_bytes(path, err, errlen)) < 0)
		goto done;
	if (config_read_file(&cfg, path) != CONFIG_TRUE) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			snprintf(err, errlen, "%s: impossibile leggere il file: %s",
			    path, strerror(errno));
		else
			snprintf(err, errlen, "%s:%d: errore di sintassi: %s", path,
			    config_error_line(&cfg), config_error_text(&cfg));
		r = config_error_type(&cfg) == CONFIG_ERR_FILE_IO ? ERR_IO : ERR_INVALID;
		goto done;
	}
	if ((r = conf_check_unknown(config_root_setting(&cfg), "", path, err, errlen)) < 0)
		goto done;
	for (i = 0; i < nitems(conf_keys); i++) {
		config_setting_t *s = config_lookup(&cfg, conf_keys[i].path);

		if (s != NULL &&
		    (r = conf_set_from_setting(c, &conf_keys[i], s, path, err, errlen)) < 0)
			goto done;
	}
	for (i = 0; i < noverrides; i++)
		if ((r = conf_apply_override(c, overrides[i], err, errlen)) < 0)
			goto done;
done:
	config_destroy(&cfg);
	if (r < 0) {
		conf_free(c);
		return r;
	}
	*out = c;
	return 0;
}

const char *
conf_default_path(void)
{
	const char *env = getenv("INFOCIG_CONF");

	if (env != NULL && *env != '\0')
		return env;
	return INFOCIG_SYSCONFDIR "/infocig/infocig.conf";
}

char *
conf_resolve_path(const struct conf *c, const char *path)
{
	const char *slash;

	if (path[0] == '/' || c->source == NULL ||
	    (slash = strrchr(c->source, '/')) == NULL)
		return xstrdup(path);
	return xasprintf("%.*s/%s", (int)(slash - c->source), c->source, path);
}

char *
conf_otp_key_path(const struct conf *c)
{
	char *db, *key;

	if (c->auth.otp_key_file != NULL && c->auth.otp_key_file[0] != '\0')
		return conf_resolve_path(c, c->auth.otp_key_file);
	db = conf_resolve_path(c, c->database);
	key = xasprintf("%s.otpkey", db);
	free(db);
	return key;
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < nitems(conf_keys); i++)
		if (conf_keys[i].type == CT_STRING)
			free(*(char **)((char *)c + conf_keys[i].offset));
	free(c->source);
	free(c->service.closures);
	rollout_free(&c->rollout.workers);
	rollout_free(&c->rollout.employers);
	free(c);
}
