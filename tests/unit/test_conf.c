/*
 * Unit tests for conf: defaults, the shipped configuration, every kind of
 * rejection with its file:line and key, -o overrides and path resolution.
 * Bad configurations are written into a mkdtemp folder, so the expected
 * line numbers are those of the strings below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"
#include "conf.h"

struct fx {
	char dir[64];
	char path[128];
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);

	if (fx == NULL)
		return -1;
	strcpy(fx->dir, "/tmp/infocig-test-conf.XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof fx->path, "%s/test.conf", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	unlink(fx->path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* Loads text as a file and expects ERR_INVALID with exactly "PATH:suffix". */
static void
expect_reject(struct fx *fx, const char *text, const char *suffix)
{
	struct conf *c = (struct conf *)1;
	char err[512] = "", want[512];

	write_file(fx->path, text);
	assert_int_equal(conf_load(fx->path, NULL, 0, &c, err, sizeof err), ERR_INVALID);
	assert_null(c);
	snprintf(want, sizeof want, "%s:%s", fx->path, suffix);
	assert_string_equal(err, want);
}

/* Applies one override to an empty file and expects ERR_INVALID with msg. */
static void
expect_override_reject(struct fx *fx, const char *kv, const char *msg)
{
	struct conf *c = (struct conf *)1;
	char *ov[1];
	char err[512] = "";

	ov[0] = (char *)kv;
	write_file(fx->path, "# empty\n");
	assert_int_equal(conf_load(fx->path, ov, 1, &c, err, sizeof err), ERR_INVALID);
	assert_null(c);
	assert_string_equal(err, msg);
}

static struct conf *
load_ok(struct fx *fx, const char *text, char **ov, size_t nov)
{
	struct conf *c = NULL;
	char err[512] = "";
	int r;

	write_file(fx->path, text);
	r = conf_load(fx->path, ov, nov, &c, err, sizeof err);
	if (r != 0)
		fail_msg("conf_load: %d: %s", r, err);
	assert_non_null(c);
	return c;
}

static void
test_defaults(void **state)
{
	struct conf *c = conf_defaults();
	int d;

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->ssh.port, 2222);
	assert_string_equal(c->ssh.listen, "0.0.0.0");
	assert_string_equal(c->database, "/var/lib/infocig/infocig.db");
	assert_string_equal(c->service.timezone, "Europe/Rome");
	for (d = 0; d < 5; d++) {		/* Monday to Friday, 15:00-18:00 */
		assert_int_equal(c->service.open[d], 15 * 60);
		assert_int_equal(c->service.close[d], 18 * 60);
	}
	for (d = 5; d < 7; d++) {		/* closed at the weekend */
		assert_int_equal(c->service.open[d], 0);
		assert_int_equal(c->service.close[d], 0);
	}
	assert_int_equal(c->service.nclosures, 0);
	assert_int_equal(c->service.drain_minutes, 30);
	assert_int_equal(c->rollout.workers.nsteps, 0);
	assert_int_equal(c->rollout.employers.nsteps, 0);
	assert_int_equal(c->queue.max_chats_per_advisor, 3);
	assert_int_equal(c->auth.password_otp, 1);
	assert_int_equal(c->auth.publickey, 1);
	assert_int_equal(c->timeline.window_days, 180);
	assert_int_equal(c->timeline.payment_days, 7);
	assert_int_equal(c->ssh.max_line, 1000);
	conf_free(c);
	conf_free(NULL);
}

static void
test_shipped_file(void **state)
{
	struct conf *c = NULL;
	char err[512] = "", buf[16];
	char *db;

	(void)state;
	assert_int_equal(conf_load("conf/infocig.conf", NULL, 0, &c, err, sizeof err), 0);
	assert_non_null(c);
	assert_string_equal(c->source, "conf/infocig.conf");
	assert_string_equal(c->ssh.listen, "127.0.0.1");
	assert_int_equal(c->ssh.workers, 1);
	assert_int_equal(c->ssh.max_startups_per_source, 1000);
	assert_int_equal(c->ssh.backlog, 4096);		/* not in the file: default */

	assert_int_equal(c->rollout.workers.nsteps, 4);
	assert_string_equal(day_format(c->rollout.workers.steps[0].from, buf, sizeof buf),
	    "2021-05-10");
	assert_int_equal(c->rollout.workers.steps[0].nprovinces, 1);
	assert_string_equal(c->rollout.workers.steps[0].provinces[0], "RM");
	assert_int_equal(c->rollout.workers.steps[0].all, 0);
	assert_int_equal(c->rollout.workers.steps[1].nprovinces, 3);
	assert_string_equal(c->rollout.workers.steps[1].provinces[2], "TO");
	assert_int_equal(c->rollout.workers.steps[3].all, 1);
	assert_string_equal(day_format(c->rollout.workers.steps[3].from, buf, sizeof buf),
	    "2022-01-31");

	assert_int_equal(c->rollout.employers.nsteps, 3);
	assert_string_equal(day_format(c->rollout.employers.steps[0].from, buf, sizeof buf),
	    "2022-12-15");
	assert_string_equal(c->rollout.employers.steps[0].provinces[0], "MI");
	assert_int_equal(c->rollout.employers.steps[1].nprovinces, 3);
	assert_string_equal(c->rollout.employers.steps[1].provinces[0], "TO");
	assert_string_equal(c->rollout.employers.steps[1].provinces[1], "RM");
	assert_string_equal(c->rollout.employers.steps[1].provinces[2], "NA");
	assert_int_equal(c->rollout.employers.steps[2].all, 1);

	db = conf_resolve_path(c, c->database);
	assert_string_equal(db, "conf/../var/infocig.db");
	free(db);
	conf_free(c);
}

static void
test_missing_file(void **state)
{
	struct fx *fx = *state;
	struct conf *c = (struct conf *)1;
	char err[512] = "", want[256];

	assert_int_equal(conf_load(fx->path, NULL, 0, &c, err, sizeof err), ERR_IO);
	assert_null(c);
	snprintf(want, sizeof want, "%s: impossibile leggere il file", fx->path);
	assert_non_null(strstr(err, want));
}

static void
test_unknown_key(void **state)
{
	expect_reject(*state,
	    "# line 1\n"
	    "database = \"/tmp/x.db\";\n"
	    "colour = \"blue\";\n",
	    "3: colour: impostazione sconosciuta");
}

static void
test_unknown_nested_key(void **state)
{
	expect_reject(*state,
	    "ssh = {\n"
	    "\tport = 2222;\n"
	    "\tprot = 22;\n"
	    "};\n",
	    "3: ssh.prot: impostazione sconosciuta");
	expect_reject(*state,
	    "service = {\n"
	    "\thours = {\n"
	    "\t\tmonday = \"15:00-18:00\";\n"
	    "\t\tfunday = \"10:00-11:00\";\n"
	    "\t};\n"
	    "};\n",
	    "4: service.hours.funday: impostazione sconosciuta");
	/* A group's name used for a scalar. */
	expect_reject(*state,
	    "\n"
	    "ssh = 5;\n",
	    "2: ssh: deve essere un gruppo { ... }");
}

static void
test_wrong_types(void **state)
{
	expect_reject(*state,
	    "ssh = {\n"
	    "\tport = \"2222\";\n"
	    "};\n",
	    "2: ssh.port: deve essere un numero intero");
	expect_reject(*state,
	    "auth = {\n"
	    "\tpublickey = true;\n"
	    "\tpassword_otp = 1;\n"
	    "};\n",
	    "3: auth.password_otp: deve essere true o false");
	expect_reject(*state,
	    "ssh = { listen = 127; };\n",
	    "1: ssh.listen: deve essere una stringa tra virgolette");
	expect_reject(*state,
	    "queue = {\n"
	    "\trefresh_seconds = 2.5;\n"
	    "};\n",
	    "2: queue.refresh_seconds: deve essere un numero intero");
}

static void
test_out_of_range(void **state)
{
	expect_reject(*state,
	    "ssh = {\n"
	    "\tport = 0;\n"
	    "};\n",
	    "2: ssh.port: valore 0 fuori dall'intervallo ammesso (1-65535)");
	expect_reject(*state,
	    "ssh = {\n"
	    "\tlisten = \"127.0.0.1\";\n"
	    "\tport = 70000;\n"
	    "};\n",
	    "3: ssh.port: valore 70000 fuori dall'intervallo ammesso (1-65535)");
	/* The bounds themselves are accepted. */
	{
		struct conf *c = load_ok(*state, "ssh = { port = 65535; max_line = 64; };\n",
		    NULL, 0);

		assert_int_equal(c->ssh.port, 65535);
		assert_int_equal(c->ssh.max_line, 64);
		conf_free(c);
	}
}

static void
test_bad_hours(void **state)
{
	expect_reject(*state,
	    "service = {\n"
	    "\thours = {\n"
	    "\t\tmonday = \"18:00-15:00\";\n"
	    "\t};\n"
	    "};\n",
	    "3: service.hours.monday: orario \"18:00-15:00\" non valido "
	    "(atteso \"HH:MM-HH:MM\" oppure \"\" se chiuso)");
	{
		struct conf *c = load_ok(*state,
		    "service = { hours = { saturday = \"09:00-12:30\"; monday = \"\"; }; };\n",
		    NULL, 0);

		assert_int_equal(c->service.open[5], 9 * 60);
		assert_int_equal(c->service.close[5], 12 * 60 + 30);
		assert_int_equal(c->service.open[0], 0);
		assert_int_equal(c->service.close[0], 0);
		assert_int_equal(c->service.open[1], 15 * 60);	/* untouched default */
		conf_free(c);
	}
}

static void
test_closures(void **state)
{
	struct conf *c;
	char buf[16];

	expect_reject(*state,
	    "service = {\n"
	    "\tclosures = [ \"2026-12-24\", \"2026-02-30\" ];\n"
	    "};\n",
	    "2: service.closures: data \"2026-02-30\" non valida (attesa AAAA-MM-GG)");
	c = load_ok(*state,
	    "service = { closures = [ \"2026-12-31\", \"2026-08-14\", \"2026-12-24\" ]; };\n",
	    NULL, 0);
	assert_int_equal(c->service.nclosures, 3);	/* kept sorted */
	assert_string_equal(day_format(c->service.closures[0], buf, sizeof buf), "2026-08-14");
	assert_string_equal(day_format(c->service.closures[1], buf, sizeof buf), "2026-12-24");
	assert_string_equal(day_format(c->service.closures[2], buf, sizeof buf), "2026-12-31");
	conf_free(c);
}

static void
test_bad_timezone(void **state)
{
	expect_reject(*state,
	    "service = {\n"
	    "\ttimezone = \"Europe/Paris\";\n"
	    "};\n",
	    "2: service.timezone: fuso orario \"Europe/Paris\" non supportato "
	    "(Europe/Rome oppure UTC)");
}

static void
test_rollout_rejects(void **state)
{
	expect_reject(*state,
	    "rollout = {\n"
	    "\tlavoratori = (\n"
	    "\t\t{ from = \"2021-05-10\"; provinces = [ \"RM\" ]; },\n"
	    "\t\t{ from = \"2021-06-14\"; provinces = [ \"NA\", \"Mi\" ]; }\n"
	    "\t);\n"
	    "};\n",
	    "4: rollout.lavoratori: sigla di provincia \"Mi\" non valida "
	    "(due lettere maiuscole, o \"*\")");
	expect_reject(*state,
	    "rollout = {\n"
	    "\taziende = (\n"
	    "\t\t{ from = \"2022-12-15\"; provinces = [ \"MIL\" ]; }\n"
	    "\t);\n"
	    "};\n",
	    "3: rollout.aziende: sigla di provincia \"MIL\" non valida "
	    "(due lettere maiuscole, o \"*\")");
	expect_reject(*state,
	    "rollout = {\n"
	    "\tlavoratori = (\n"
	    "\t\t{ from = \"2021-05-10\"; provinces = [ \"RM\" ]; },\n"
	    "\t\t{\n"
	    "\t\t\tfrom = \"2021-06-14\";\n"
	    "\t\t\tprovinces = [ \"NA\" ];\n"
	    "\t\t\tuntil = \"2022-01-01\";\n"
	    "\t\t}\n"
	    "\t);\n"
	    "};\n",
	    "7: rollout.lavoratori: impostazione sconosciuta \"until\"");
	expect_reject(*state,
	    "rollout = {\n"
	    "\tlavoratori = (\n"
	    "\t\t{ from = \"2021-13-10\"; provinces = [ \"RM\" ]; }\n"
	    "\t);\n"
	    "};\n",
	    "3: rollout.lavoratori: \"from\" mancante o non valido (atteso \"AAAA-MM-GG\")");
	expect_reject(*state,
	    "rollout = {\n"
	    "\tmilano = ( );\n"
	    "};\n",
	    "2: rollout.milano: impostazione sconosciuta");
}

static void
test_syntax_error(void **state)
{
	struct fx *fx = *state;
	struct conf *c = (struct conf *)1;
	char err[512] = "", want[256];

	write_file(fx->path,
	    "database = \"/tmp/x.db\";\n"
	    "ssh = {\n"
	    "\tport = ;\n"
	    "};\n");
	assert_int_equal(conf_load(fx->path, NULL, 0, &c, err, sizeof err), ERR_INVALID);
	assert_null(c);
	snprintf(want, sizeof want, "%s:3: errore di sintassi: ", fx->path);
	assert_true(strncmp(err, want, strlen(want)) == 0);
	assert_true(strlen(err) > strlen(want));	/* libconfig's own text follows */
}

static void
test_overrides(void **state)
{
	struct fx *fx = *state;
	char *ov[] = {
		"ssh.port=2022",
		"ssh.listen=\"10.1.2.3\"",
		"database=\"/srv/infocig data/x.db\"",
		"auth.publickey=false",
		"service.hours.saturday=09:00-12:00",
		"service.closures=2026-12-31,2026-12-24",
		"queue.max_chats_per_advisor=5",
		"queue.max_chats_per_advisor=7",	/* the last one wins */
	};
	struct conf *c = load_ok(fx,
	    "ssh = { port = 2223; listen = \"127.0.0.1\"; };\n"
	    "auth = { publickey = true; };\n",
	    ov, nitems(ov));
	char buf[16];

	assert_int_equal(c->ssh.port, 2022);		/* -o beats the file */
	assert_string_equal(c->ssh.listen, "10.1.2.3");
	assert_string_equal(c->database, "/srv/infocig data/x.db");
	assert_int_equal(c->auth.publickey, 0);
	assert_int_equal(c->service.open[5], 9 * 60);
	assert_int_equal(c->service.close[5], 12 * 60);
	assert_int_equal(c->service.nclosures, 2);
	assert_string_equal(day_format(c->service.closures[0], buf, sizeof buf), "2026-12-24");
	assert_int_equal(c->queue.max_chats_per_advisor, 7);
	conf_free(c);
}

static void
test_override_rejects(void **state)
{
	expect_override_reject(*state, "ssh.prot=22", "-o ssh.prot: impostazione sconosciuta");
	expect_override_reject(*state, "colour=blue", "-o colour: impostazione sconosciuta");
	expect_override_reject(*state, "ssh.port=0",
	    "-o ssh.port: valore 0 fuori dall'intervallo ammesso (1-65535)");
	expect_override_reject(*state, "ssh.port=70000",
	    "-o ssh.port: valore 70000 fuori dall'intervallo ammesso (1-65535)");
	expect_override_reject(*state, "ssh.port=22x",
	    "-o ssh.port: \"22x\" non è un numero intero");
	expect_override_reject(*state, "ssh.port=\"0\"",
	    "-o ssh.port: valore 0 fuori dall'intervallo ammesso (1-65535)");
	expect_override_reject(*state, "auth.publickey=maybe",
	    "-o auth.publickey: \"maybe\" non è un valore booleano (true o false)");
	expect_override_reject(*state, "service.hours.monday=18:00-15:00",
	    "-o service.hours.monday: orario \"18:00-15:00\" non valido "
	    "(atteso \"HH:MM-HH:MM\" oppure \"\" se chiuso)");
	expect_override_reject(*state, "rollout.lavoratori=RM",
	    "-o rollout.lavoratori: si imposta solo nel file di configurazione");
	expect_override_reject(*state, "ssh.listen=\"\"",
	    "-o ssh.listen: il valore non può essere vuoto");
	expect_override_reject(*state, "ssh.port", "-o ssh.port: atteso chiave=valore");
}

/* Issue 18.18: -o values were cut at 511 bytes without a word. */
static void
test_override_long(void **state)
{
	struct fx *fx = *state;
	char *ov[1], value[5200];
	struct conf *c;

	memcpy(value, "database=/", 10);
	memset(value + 10, 'a', 600);
	value[610] = '\0';
	ov[0] = value;
	c = load_ok(fx, "# empty\n", ov, 1);
	assert_int_equal(strlen(c->database), 601);	/* all of it */
	conf_free(c);
	memset(value + 10, 'a', 5000);
	value[5010] = '\0';
	expect_override_reject(fx, value,
	    "-o database: valore di 5001 byte, più lungo del massimo (4096)");
}

/* A NUL cut a string and the rest of the file was accepted. */
static void
test_nul_in_file(void **state)
{
	struct fx *fx = *state;
	struct conf *c = (struct conf *)1;
	char err[512] = "", want[600];
	static const char raw[] = "ssh = {\n\tlisten = \"127.0.0.1\";\n}\n"
	    "database = \"/tmp/a\0/etc/passwd\";\n";
	FILE *fp;

	assert_non_null(fp = fopen(fx->path, "w"));
	assert_int_equal(fwrite(raw, 1, sizeof raw - 1, fp), sizeof raw - 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(conf_load(fx->path, NULL, 0, &c, err, sizeof err), ERR_INVALID);
	assert_null(c);
	snprintf(want, sizeof want, "%s:4: byte NUL: un valore non può contenere il carattere NUL",
	    fx->path);
	assert_string_equal(err, want);
	expect_reject(fx, "# x\ndatabase = \"/tmp/a\\x00b\";\n",
	    "2: \\x00: un valore non può contenere il carattere NUL");
	expect_reject(fx, "database = \"/tmp/a\\X00b\";\n",
	    "1: \\x00: un valore non può contenere il carattere NUL");
	/* "\\x00" is a backslash, then the text x00: fine. */
	c = load_ok(fx, "database = \"/tmp/a\\\\x00b\";\n", NULL, 0);
	assert_string_equal(c->database, "/tmp/a\\x00b");
	conf_free(c);
}

/* 30,000 closure dates: read once, sorted once (each add sorted them all: 11 s). */
static void
test_closures_many(void **state)
{
	struct fx *fx = *state;
	struct conf *c;
	char *text, buf[16], *ov[1];
	size_t len = 0, cap = 30000 * 16 + 64;
	int32_t base = day_from_ymd(2000, 1, 1);
	int i;

	text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len, "service = { closures = [");
	/* Newest first, each twice: 30,000 entries, 15,000 days. */
	for (i = 0; i < 30000; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s\"%s\"", i ? "," : "",
		    day_format(base + 14999 - i / 2, buf, sizeof buf));
	snprintf(text + len, cap - len, "]; };\n");
	c = load_ok(fx, text, NULL, 0);
	assert_int_equal(c->service.nclosures, 15000);
	for (i = 1; i < 15000; i++)
		assert_true(c->service.closures[i - 1] < c->service.closures[i]);
	assert_int_equal(c->service.closures[0], base);
	conf_free(c);
	/* The same through -o, as a comma-separated list. */
	ov[0] = (char *)"service.closures=2026-12-31,2026-12-24,2026-12-31";
	c = load_ok(fx, "# empty\n", ov, 1);
	assert_int_equal(c->service.nclosures, 2);
	conf_free(c);
	free(text);
}

/* ssh.listen = "999.1.1.1" passed infocigd -t. */
static void
test_listen_address(void **state)
{
	struct fx *fx = *state;
	struct conf *c;
	char *ov[1];

	expect_reject(fx, "ssh = {\n\tlisten = \"999.1.1.1\";\n};\n",
	    "2: ssh.listen: \"999.1.1.1\" non è un indirizzo IPv4 (come 127.0.0.1 o 0.0.0.0) "
	    "né IPv6 (come ::1 o ::)");
	expect_override_reject(fx, "ssh.listen=localhost",
	    "-o ssh.listen: \"localhost\" non è un indirizzo IPv4 (come 127.0.0.1 o 0.0.0.0) "
	    "né IPv6 (come ::1 o ::)");
	expect_override_reject(fx, "ssh.listen=127.0.0.1 ",
	    "-o ssh.listen: \"127.0.0.1 \" non è un indirizzo IPv4 (come 127.0.0.1 o 0.0.0.0) "
	    "né IPv6 (come ::1 o ::)");
	ov[0] = (char *)"ssh.listen=::1";
	c = load_ok(fx, "ssh = { listen = \"0.0.0.0\"; };\n", ov, 1);
	assert_string_equal(c->ssh.listen, "::1");
	conf_free(c);
}


static void
test_resolve_path(void **state)
{
	struct conf *c = conf_defaults();
	char *p;

	(void)state;
	c->source = xstrdup("/etc/infocig/infocig.conf");
	p = conf_resolve_path(c, "infocig.db");
	assert_string_equal(p, "/etc/infocig/infocig.db");
	free(p);
	p = conf_resolve_path(c, "../var/db.sqlite");
	assert_string_equal(p, "/etc/infocig/../var/db.sqlite");
	free(p);
	p = conf_resolve_path(c, "/var/lib/infocig/infocig.db");
	assert_string_equal(p, "/var/lib/infocig/infocig.db");
	free(p);
	free(c->source);
	/* A file in the current folder: the path stays relative to it. */
	c->source = xstrdup("infocig.conf");
	p = conf_resolve_path(c, "x.db");
	assert_string_equal(p, "x.db");
	free(p);
	free(c->source);
	c->source = NULL;
	p = conf_resolve_path(c, "y.db");
	assert_string_equal(p, "y.db");
	free(p);
	conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_shipped_file),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_nested_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_hours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_timezone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollout_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_in_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closures_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_address, setup, teardown),
		cmocka_unit_test(test_resolve_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
