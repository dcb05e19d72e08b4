/* The command table, dispatch, and what commands share. */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "calendar.h"
#include "cli.h"
#include "common.h"
#include "i18n.h"
#include "text.h"

#ifndef INFOCIG_DATADIR
#define INFOCIG_DATADIR "/usr/local/share/infocig"
#endif

static const struct cli_command *const cli_commands[] = {
	&cli_cmd_db_init, &cli_cmd_db_check, &cli_cmd_db_seed, &cli_cmd_db_import,
	&cli_cmd_db_refresh, &cli_cmd_db_backup, &cli_cmd_db_purge, &cli_cmd_account_add, &cli_cmd_account_passwd,
	&cli_cmd_account_key, &cli_cmd_account_lock, &cli_cmd_account_unlock,
	&cli_cmd_account_list, &cli_cmd_account_otp, &cli_cmd_account_link,
	&cli_cmd_account_unlink, &cli_cmd_practice_show,
	&cli_cmd_stats, &cli_cmd_audit,
	&cli_cmd_report_list, &cli_cmd_report_show, &cli_cmd_report_file, &cli_cmd_report_take,
	&cli_cmd_report_note, &cli_cmd_report_close,
};

void
cli_error(const char *fmt, ...)
{
	char msg[1024], clean[3 * sizeof msg];
	va_list ap;
	int n;

	/* Messages quote what was typed or stored: nothing a terminal would obey. */
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		msg[0] = '\0';
	else if ((size_t)n >= sizeof msg)
		str_utf8_cut(msg, sizeof msg - 1);
	text_sanitize(msg, strlen(msg), clean, sizeof clean);
	fprintf(stderr, "infocig: %s\n", clean);
}

/*
 * The filter cli_filter_terminal() puts on stdout: whole lines are passed
 * through text_sanitize(), so that nothing stored (names, reports, audit
 * reasons) can move the cursor, retitle the window or turn text around.
 */
struct tty_filter {
	FILE *real;
	char *line;
	size_t len, cap;
};

static struct tty_filter tty_out;

/* Writes the pending bytes, sanitised, then nl when set. */
static void
tty_filter_emit(struct tty_filter *f, int nl)
{
	char *clean;
	size_t n;

	if (f->len > 0) {
		clean = xmalloc(3 * f->len + 1);	/* an invalid byte grows to U+FFFD */
		n = text_sanitize(f->line, f->len, clean, 3 * f->len + 1);
		fwrite(clean, 1, n, f->real);
		free(clean);
		f->len = 0;
	}
	if (nl)
		fputc('\n', f->real);
}

static ssize_t
tty_filter_write(void *cookie, const char *buf, size_t size)
{
	struct tty_filter *f = cookie;
	size_t i;

	for (i = 0; i < size; i++) {
		if (buf[i] == '\n') {
			tty_filter_emit(f, 1);
			continue;
		}
		if (f->len == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 256;
			f->line = xreallocarray(f->line, f->cap, 1);
		}
		f->line[f->len++] = buf[i];
		if (f->len >= 65536)	/* a line without end: emitted in pieces */
			tty_filter_emit(f, 0);
	}
	return (ssize_t)size;
}

/* At exit: what is buffered, and a last line without a newline. */
static void
tty_filter_flush(void)
{
	fflush(stdout);
	tty_filter_emit(&tty_out, 0);
	fflush(tty_out.real);
	free(tty_out.line);
	tty_out.line = NULL;
	tty_out.cap = 0;
}

void
cli_filter_terminal(void)
{
	static const cookie_io_functions_t io = { .write = tty_filter_write };
	FILE *fp;

	if (tty_out.real != NULL || !isatty(STDOUT_FILENO))
		return;
	tty_out.real = stdout;
	if ((fp = fopencookie(&tty_out, "w", io)) == NULL) {
		tty_out.real = NULL;
		return;		/* unfiltered rather than nothing */
	}
	setvbuf(fp, NULL, _IOLBF, 0);
	stdout = fp;
	atexit(tty_filter_flush);
}

void
cli_usage(FILE *fp)
{
	size_t i;

	fputs(_("uso: infocig [-f file] [-o chiave=valore] [--as login] [comando ...]\n"
	    "senza comando apre la console degli operatori.\n\ncomandi:\n"), fp);
	for (i = 0; i < nitems(cli_commands); i++) {
		const struct cli_command *c = cli_commands[i];

		if (!c->hidden)
			fprintf(fp, "  %s%s%s %s\n      %s\n", c->group, c->name ? " " : "",
			    c->name ? c->name : "", c->usage, c->help);
	}
}

int
cli_report_damage(struct cli_ctx *ctx, int status)
{
	char msg[512];

	/* db check names the damage itself, on standard output. */
	if (status != CLI_OK && ctx->store != NULL && !ctx->damage_told &&
	    store_damaged(ctx->store, msg, sizeof msg)) {
		ctx->damage_told = 1;
		cli_error("%s: database danneggiato: %s; verificarlo con \"infocig db check\" e "
		    "ripristinarlo da una copia di sicurezza", ctx->db_path, msg);
	}
	return status;
}

void
cli_store_failed(struct cli_ctx *ctx)
{
	cli_report_damage(ctx, CLI_FAIL);
	if (!ctx->damage_told)
		cli_error("errore del database: %s", store_errmsg(ctx->store));
}

int
cli_run(struct cli_ctx *ctx, int argc, char **argv)
{
	size_t i;

	if (argc < 1) {
		cli_usage(stderr);
		return CLI_USAGE;
	}
	for (i = 0; i < nitems(cli_commands); i++) {
		const struct cli_command *c = cli_commands[i];

		if (strcmp(argv[0], c->group) != 0)
			continue;
		/*
		 * The command sees argv[0] = its name, like a program;
		 * optind = 0 makes glibc's getopt start afresh.  A command
		 * of one word (name NULL) is its group alone.
		 */
		if (c->name == NULL) {
			optind = 0;
			return cli_report_damage(ctx, c->exec(ctx, argc, argv));
		}
		if (argc >= 2 && strcmp(argv[1], c->name) == 0) {
			optind = 0;
			return cli_report_damage(ctx, c->exec(ctx, argc - 1, argv + 1));
		}
	}
	if (argc < 2)
		cli_error("comando sconosciuto o incompleto: %s (vedere infocig -h)", argv[0]);
	else
		cli_error("comando sconosciuto: %s %s (vedere infocig -h)", argv[0], argv[1]);
	return CLI_USAGE;
}

int
cli_load_conf(struct cli_ctx *ctx)
{
	char err[512];

	if (ctx->conf != NULL)
		return 0;
	if (conf_load(ctx->conf_path, ctx->overrides, ctx->noverrides, &ctx->conf, err,
	    sizeof err) < 0) {
		cli_error("configurazione: %s", err);
		return ERR_INVALID;
	}
	ctx->db_path = conf_resolve_path(ctx->conf, ctx->conf->database);
	return 0;
}

int
cli_open_store(struct cli_ctx *ctx, int flags)
{
	char err[512];

	if (ctx->store != NULL)
		return 0;
	if (cli_load_conf(ctx) < 0)
		return ERR_INVALID;
	if (store_open(ctx->db_path, flags, &ctx->store, err, sizeof err) < 0) {
		cli_error("%s", err);
		return ERR_IO;
	}
	return 0;
}

int
cli_read_secret(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	FILE *in = tty && isatty(STDIN_FILENO) ? tty : stdin;
	int echo_off = 0;
	size_t len;

	if (in == tty) {
		fputs(prompt, tty);
		fflush(tty);
		if (tcgetattr(fileno(tty), &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			echo_off = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
		}
	}
	if (fgets(buf, (int)size, in) == NULL)
		buf[0] = '\0';
	if (echo_off) {
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
		fputc('\n', tty);
	}
	if (tty != NULL)
		fclose(tty);
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return len > 0 ? 0 : ERR_INVALID;
}

/*
 * A fixed yescrypt hash with the cost parameters of auth_password_hash()
 * ("j9T"), whose password is never accepted: an unknown login is checked
 * against it, so that it costs the same hash as a real one.
 */
static const char cli_dummy_hash[] =
    "$y$j9T$QDxMX7UKyCNxltqpd8Hzd/$nFYi/kRBeWvu4QWM4avQDUUl9hgqvxOj82SNEkk0cg/";

/*
 * --as LOGIN: reads the password and checks it.  Every refusal (unknown
 * login, wrong password, locked account, an account that is not staff)
 * does the same work, one yescrypt hash, and gets the same answer, so the
 * command tells nothing about which logins exist or which passwords are
 * right.  0 when who is an unlocked staff account with that password.
 */
static int
cli_check_staff_password(struct cli_ctx *ctx, struct store_account *who, char *pass,
    size_t size)
{
	struct store_credentials cr;
	int found, ok, r;

	if ((r = store_account_by_login(ctx->store, ctx->as_login, who)) < 0 &&
	    r != ERR_NOTFOUND)
		return r;	/* the database failed: cli_report_damage() says how */
	if (r == 0 && (r = store_account_credentials(ctx->store, who->id, &cr)) < 0 &&
	    r != ERR_NOTFOUND)
		return r;
	found = r == 0;
	if (cli_read_secret("Password: ", pass, size) < 0)
		pass[0] = '\0';	/* still hashed below: an empty line costs the same */
	ok = auth_password_verify(pass, found ? cr.password_hash : cli_dummy_hash) == 1;
	if (found)
		explicit_bzero(&cr, sizeof cr);
	if (!found || !ok || pass[0] == '\0' || who->locked || !account_role_is_staff(who->role))
		return ERR_DENIED;
	return 0;
}

int
cli_identify_staff(struct cli_ctx *ctx, struct store_account *who)
{
	struct passwd *pw;
	char pass[256];
	int r;

	if (ctx->as_login != NULL) {
		r = cli_check_staff_password(ctx, who, pass, sizeof pass);
		explicit_bzero(pass, sizeof pass);
		if (r < 0) {
			explicit_bzero(who, sizeof *who);
			if (r != ERR_DENIED) {
				cli_store_failed(ctx);
				return r;
			}
			cli_error("accesso negato per %s", ctx->as_login);
			return ERR_DENIED;
		}
		return 0;
	} else {
		if ((pw = getpwuid(geteuid())) != NULL &&
		    (r = store_account_by_unix_user(ctx->store, pw->pw_name, who)) < 0 &&
		    r != ERR_NOTFOUND) {
			cli_store_failed(ctx);
			return r;
		}
		if (pw == NULL || r < 0) {
			cli_error("l'utente Unix %s non corrisponde a nessun operatore: usare --as LOGIN",
			    pw ? pw->pw_name : "?");
			return ERR_DENIED;
		}
	}
	if (!account_role_is_staff(who->role) || who->locked) {
		cli_error("%s non è un operatore INPS abilitato", who->login);
		return ERR_DENIED;
	}
	return 0;
}

struct seal_list {
	int64_t *ids;
	size_t n;
};

static int
seal_collect(void *arg, int64_t id, const struct store_credentials *cr)
{
	struct seal_list *l = arg;

	if (cr->totp_secret[0] != '\0' && !auth_otp_is_sealed(cr->totp_secret)) {
		l->ids = xreallocarray(l->ids, l->n + 1, sizeof *l->ids);
		l->ids[l->n++] = id;
	}
	return 0;
}

int
cli_seal_otp_secrets(struct cli_ctx *ctx)
{
	struct store_credentials cr;
	struct seal_list l = { NULL, 0 };
	uint8_t key[AUTH_OTP_KEY_BYTES];
	char sealed[AUTH_OTP_SEALED_SIZE], err[512] = "";
	char *path;
	size_t i;
	int r;

	if ((r = store_account_credentials_each(ctx->store, seal_collect, &l)) < 0 ||
	    l.n == 0) {
		free(l.ids);
		if (r < 0)
			cli_error("lettura degli account fallita: %s", store_errmsg(ctx->store));
		return r;
	}
	path = conf_otp_key_path(ctx->conf);
	if ((r = auth_otp_key_load(path, 1, key, err, sizeof err)) < 0)
		cli_error("%s", err);
	for (i = 0; r == 0 && i < l.n; i++) {
		if ((r = store_account_credentials(ctx->store, l.ids[i], &cr)) == 0 &&
		    (r = auth_otp_seal(key, cr.totp_secret, sealed, sizeof sealed)) == 0)
			r = store_account_set_totp_secret(ctx->store, l.ids[i], sealed);
		if (r < 0)
			cli_error("cifratura del segreto OTP fallita: %s", store_errmsg(ctx->store));
		explicit_bzero(&cr, sizeof cr);
	}
	explicit_bzero(key, sizeof key);
	explicit_bzero(sealed, sizeof sealed);
	free(path);
	free(l.ids);
	return r;
}

/*
 * Reference data: $INFOCIG_DATADIR, else data/ beside the executable (a
 * source tree), else the installed folder.
 */
const char *
cli_datadir(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("INFOCIG_DATADIR");
	struct stat sb;
	ssize_t n;
	char *slash;

	if (env != NULL && *env != '\0')
		return env;
	n = readlink("/proc/self/exe", path, sizeof path - 16);
	if (n > 0) {
		path[n] = '\0';
		if ((slash = strrchr(path, '/')) != NULL) {
			strcpy(slash, "/data/provinces.csv");
			if (stat(path, &sb) == 0) {
				strcpy(slash, "/data");
				return path;
			}
		}
	}
	return INFOCIG_DATADIR;
}

int32_t
cli_today(struct cli_ctx *ctx)
{
	int32_t day;
	int minute, tz = ctx->conf != NULL ? calendar_tz_parse(ctx->conf->service.timezone) : -1;

	calendar_local(tz >= 0 ? tz : CALENDAR_TZ_ROME, clock_now(), &day, &minute);
	return day;
}

void
cli_free(struct cli_ctx *ctx)
{
	store_close(ctx->store);
	conf_free(ctx->conf);
	free(ctx->db_path);
}
