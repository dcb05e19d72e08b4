/* infocig account add | passwd | key | lock | unlock | list | otp | link | unlink */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "auth.h"
#include "cli.h"
#include "common.h"
#include "valid.h"

static int
find_account(struct cli_ctx *ctx, const char *login, struct store_account *a)
{
	char norm[64];
	int r;

	if (cli_open_store(ctx, 0) < 0)
		return ERR_IO;
	str_upper_trim(norm, sizeof norm, login);
	/* Person logins are codici fiscali (upper case); staff logins as written. */
	if ((r = store_account_by_login(ctx->store, login, a)) == 0 ||
	    (r == ERR_NOTFOUND && (r = store_account_by_login(ctx->store, norm, a)) == 0))
		return 0;
	if (r != ERR_NOTFOUND) {
		cli_store_failed(ctx);
		return r;
	}
	cli_error("account %s inesistente", login);
	return ERR_NOTFOUND;
}

static int
ask_new_password(char *hash, size_t size)
{
	char pass[256], again[256];
	int r = ERR_INVALID;

	if (cli_read_secret("Nuova password: ", pass, sizeof pass) < 0)
		cli_error("password vuota");
	else if (isatty(0) && (cli_read_secret("Ripetere la password: ", again, sizeof again) < 0 ||
	    strcmp(pass, again) != 0))
		cli_error("le due password non coincidono");
	else if (strlen(pass) < 4)
		cli_error("password troppo corta (almeno 4 caratteri)");
	else if ((r = auth_password_hash(pass, hash, size)) < 0)
		cli_error("calcolo dell'hash della password fallito");
	explicit_bzero(pass, sizeof pass);
	explicit_bzero(again, sizeof again);
	return r;
}

/* Why a full name was refused, in the words a person understands. */
static const char *
name_strerror(int r)
{
	switch (r) {
	case VALID_ERR_MISSING:
		return "vuoto";
	case VALID_ERR_LENGTH:
		return "troppo lungo";
	case VALID_ERR_CHARSET:
		return "contiene caratteri di controllo, sequenze di escape, caratteri "
		    "invisibili o di direzione del testo, o non è UTF-8";
	default:
		return "spazi all'inizio o alla fine, o solo spazi";
	}
}

static int
account_add(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "name", required_argument, NULL, 'n' },
		{ "unix-user", required_argument, NULL, 'u' },
		{ "office", required_argument, NULL, 'o' },
		{ "province", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_account a;
	struct store_credentials cr;
	struct store_office office;
	struct store_worker w;
	char secret[AUTH_TOTP_SECRET_SIZE] = "", err[512] = "";
	int ch, role = -1, r;

	memset(&a, 0, sizeof a);
	memset(&cr, 0, sizeof cr);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if ((role = account_role_parse(optarg)) < 0) {
				cli_error("--role: ruolo \"%s\" sconosciuto (worker, owner, "
				    "representative, consultant, advisor, supervisor, office)", optarg);
				return CLI_USAGE;
			}
			break;
		case 'n':
			/* Shown to citizens and advisors: nothing a terminal would obey. */
			if ((r = valid_display_name(optarg, sizeof a.full_name - 1)) < 0) {
				cli_error("--name: nome non valido: %s", name_strerror(r));
				return CLI_USAGE;
			}
			str_lcpy(a.full_name, optarg, sizeof a.full_name);
			break;
		case 'u':
			if ((r = valid_staff_login(optarg)) < 0 ||
			    strlen(optarg) >= sizeof a.unix_user) {
				cli_error("--unix-user: nome utente non valido (lettere, cifre, . _ -)");
				return CLI_USAGE;
			}
			str_lcpy(a.unix_user, optarg, sizeof a.unix_user);
			break;
		case 'o':
			if (cli_open_store(ctx, 0) < 0)
				return CLI_FAIL;
			if (store_office_by_code(ctx->store, optarg, &office) < 0) {
				cli_error("--office: sede \"%s\" sconosciuta", optarg);
				return CLI_USAGE;
			}
			a.office_id = office.id;
			break;
		case 'p':
			str_upper_trim(a.province, sizeof a.province, optarg);
			break;
		default:
			return CLI_USAGE;
		}
	}
	if (optind + 1 != argc || role < 0 || a.full_name[0] == '\0') {
		cli_error("uso: infocig account add LOGIN --role RUOLO --name \"NOME\" "
		    "[--unix-user U] [--office CODICE] [--province XX]");
		return CLI_USAGE;
	}
	a.role = role;
	if (cli_open_store(ctx, 0) < 0)
		return CLI_FAIL;
	if (role == ROLE_OFFICE && a.office_id == 0) {
		cli_error("un operatore di sede richiede --office CODICE");
		return CLI_USAGE;
	}
	if (account_role_is_staff(a.role)) {
		if (valid_staff_login(argv[optind]) < 0) {
			cli_error("login \"%s\" non valido: da 1 a %d tra lettere, cifre, . _ - "
			    "(non all'inizio . o -)", argv[optind], VALID_STAFF_LOGIN_MAX);
			return CLI_USAGE;
		}
		str_lcpy(a.login, argv[optind], sizeof a.login);
	} else {
		/* People log in with their codice fiscale. */
		str_upper_trim(a.login, sizeof a.login, argv[optind]);
		if ((r = valid_cf_person(a.login)) < 0) {
			cli_error("codice fiscale %s non valido: %s", a.login, valid_strerror(r));
			return CLI_USAGE;
		}
		if (a.role == ROLE_WORKER && store_worker_by_cf(ctx->store, a.login, &w) == 0) {
			a.worker_id = w.id;
			if (a.province[0] == '\0')
				str_lcpy(a.province, w.province, sizeof a.province);
		}
		/* Shown once in clear for the app; stored sealed. */
		if (auth_otp_secret_new(ctx->conf, secret, sizeof secret, cr.totp_secret,
		    sizeof cr.totp_secret, err, sizeof err) < 0) {
			cli_error("%s", err);
			return CLI_FAIL;
		}
	}
	if (a.province[0] && store_province_exists(ctx->store, a.province) != 1) {
		cli_error("--province: provincia \"%s\" sconosciuta", a.province);
		return CLI_USAGE;
	}
	if (ask_new_password(cr.password_hash, sizeof cr.password_hash) < 0)
		return CLI_FAIL;
	r = store_account_add(ctx->store, &a, &cr);
	explicit_bzero(&cr, sizeof cr);
	if (r == ERR_EXISTS) {
		cli_error("account %s (o utente Unix %s) già esistente", a.login, a.unix_user);
		return CLI_FAIL;
	}
	if (r < 0) {
		cli_error("creazione dell'account fallita: %s", store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	printf("account %s creato (%s)\n", a.login, account_role_label(a.role));
	if (secret[0])
		printf("segreto OTP (per l'app di autenticazione): %s\n", secret);
	explicit_bzero(secret, sizeof secret);
	explicit_bzero(&a, sizeof a);
	return CLI_OK;
}

const struct cli_command cli_cmd_account_add = {
	.group = "account", .name = "add",
	.usage = "LOGIN --role RUOLO --name NOME [--unix-user U] [--office CODICE] [--province XX]",
	.help = "crea un account (la password si legge dal terminale o dallo standard input)",
	.exec = account_add,
};

static int
account_passwd(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_account a;
	char hash[AUTH_HASH_SIZE];
	int r;

	if (argc != 2) {
		cli_error("uso: infocig account passwd LOGIN");
		return CLI_USAGE;
	}
	if (find_account(ctx, argv[1], &a) < 0 || ask_new_password(hash, sizeof hash) < 0)
		return CLI_FAIL;
	r = store_account_set_password(ctx->store, a.id, hash);
	explicit_bzero(hash, sizeof hash);
	explicit_bzero(&a, sizeof a);
	if (r < 0) {
		cli_error("aggiornamento della password fallito");
		return CLI_FAIL;
	}
	printf("password aggiornata\n");
	return CLI_OK;
}

const struct cli_command cli_cmd_account_passwd = {
	.group = "account", .name = "passwd", .usage = "LOGIN",
	.help = "cambia la password di un account", .exec = account_passwd,
};

static int
account_key(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_account a;
	char line[CLI_KEY_LINE_MAX], type[64];
	const char *comment = "";
	char *b64 = NULL;
	int r;

	if (argc != 3) {
		cli_error("uso: infocig account key LOGIN FILE.pub");
		return CLI_USAGE;
	}
	if (find_account(ctx, argv[1], &a) < 0)
		return CLI_FAIL;
	if (cli_key_read_line(argv[2], line, sizeof line) < 0 ||
	    cli_key_parse(argv[2], line, type, sizeof type, &b64, &comment) < 0)
		return CLI_FAIL;
	r = store_account_key_add(ctx->store, a.id, type, b64, comment);
	ssh_string_free_char(b64);
	if (r == ERR_EXISTS) {
		cli_error("chiave già registrata");
		return CLI_FAIL;
	}
	if (r < 0) {
		cli_error("registrazione della chiave fallita");
		return CLI_FAIL;
	}
	printf("chiave %s registrata per %s\n", type, a.login);
	return CLI_OK;
}

const struct cli_command cli_cmd_account_key = {
	.group = "account", .name = "key", .usage = "LOGIN FILE.pub",
	.help = "registra una chiave pubblica (accesso CIE/CNS)", .exec = account_key,
};

static int
account_set_lock(struct cli_ctx *ctx, int argc, char **argv, int locked)
{
	struct store_account a;

	if (argc != 2) {
		cli_error("uso: infocig account %s LOGIN", locked ? "lock" : "unlock");
		return CLI_USAGE;
	}
	if (find_account(ctx, argv[1], &a) < 0)
		return CLI_FAIL;
	if (store_account_set_locked(ctx->store, a.id, locked) < 0) {
		cli_error("aggiornamento fallito");
		return CLI_FAIL;
	}
	printf("account %s %s\n", a.login, locked ? "bloccato" : "sbloccato");
	return CLI_OK;
}

static int
account_lock(struct cli_ctx *ctx, int argc, char **argv)
{
	return account_set_lock(ctx, argc, argv, 1);
}

static int
account_unlock(struct cli_ctx *ctx, int argc, char **argv)
{
	return account_set_lock(ctx, argc, argv, 0);
}

const struct cli_command cli_cmd_account_lock = {
	.group = "account", .name = "lock", .usage = "LOGIN",
	.help = "blocca un account", .exec = account_lock,
};

const struct cli_command cli_cmd_account_unlock = {
	.group = "account", .name = "unlock", .usage = "LOGIN",
	.help = "sblocca un account", .exec = account_unlock,
};

/* One indented line per company a company-side account is linked to. */
static int
print_delegation(void *arg, const struct store_company *c, enum account_role role)
{
	(void)arg;
	printf("    %s di %s (CF %s, matricola %s)\n", account_role_label(role), c->name, c->cf,
	    c->matricola[0] ? c->matricola : "-");
	return 0;
}

struct list_state {
	struct store *st;
	int failed;		/* a delegation could not be read */
};

static int
print_account(void *arg, const struct store_account *a)
{
	struct list_state *ls = arg;

	printf("%-20s %-22s %-32s %s%s\n", a->login, account_role_label(a->role), a->full_name,
	    a->unix_user[0] ? a->unix_user : "-", a->locked ? "  BLOCCATO" : "");
	if (account_role_is_company(a->role) &&
	    store_delegations_each(ls->st, a->id, print_delegation, NULL) < 0) {
		ls->failed = 1;
		return 1;
	}
	return 0;
}

static int
account_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct list_state ls = { NULL, 0 };

	(void)argv;
	if (argc != 1) {
		cli_error("uso: infocig account list");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, STORE_READONLY) < 0)
		return CLI_FAIL;
	printf("%-20s %-22s %-32s %s\n", "LOGIN", "RUOLO", "NOME", "UTENTE UNIX");
	ls.st = ctx->store;
	if (store_accounts_each(ctx->store, print_account, &ls) < 0 || ls.failed) {
		cli_error("lettura degli account fallita: %s", store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	return CLI_OK;
}

const struct cli_command cli_cmd_account_list = {
	.group = "account", .name = "list", .usage = "",
	.help = "elenca gli account", .exec = account_list,
};

static int
account_otp(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store_account a;
	struct store_credentials cr;
	uint8_t key[64];
	char code[7], secret[AUTH_TOTP_SECRET_SIZE], err[512] = "";
	int n;

	if (argc != 2) {
		cli_error("uso: infocig account otp LOGIN");
		return CLI_USAGE;
	}
	if (find_account(ctx, argv[1], &a) < 0)
		return CLI_FAIL;
	if (store_account_credentials(ctx->store, a.id, &cr) < 0) {
		cli_error("lettura dell'account fallita: %s", store_errmsg(ctx->store));
		return CLI_FAIL;
	}
	if (cr.totp_secret[0] != '\0' &&
	    auth_otp_secret_of(ctx->conf, cr.totp_secret, secret, sizeof secret, err,
	    sizeof err) < 0) {
		cli_error("%s", err);
		explicit_bzero(&cr, sizeof cr);
		return CLI_FAIL;
	}
	/* The same secret the daemon checks against, sealed or from before sealing. */
	n = cr.totp_secret[0] != '\0' ? auth_base32_decode(secret, key, sizeof key) : 0;
	explicit_bzero(secret, sizeof secret);
	if (cr.totp_secret[0] == '\0' || n <= 0 ||
	    auth_totp_code(key, (size_t)n, (uint64_t)clock_now() / AUTH_TOTP_STEP, code) < 0) {
		explicit_bzero(key, sizeof key);
		explicit_bzero(&cr, sizeof cr);
		cli_error("l'account %s non ha un segreto OTP", a.login);
		return CLI_FAIL;
	}
	explicit_bzero(key, sizeof key);
	explicit_bzero(&cr, sizeof cr);
	printf("%s\n", code);
	return CLI_OK;
}

const struct cli_command cli_cmd_account_otp = {
	.group = "account", .name = "otp", .usage = "LOGIN",
	.help = "mostra il codice OTP corrente (per la demo e i test)", .exec = account_otp,
};

/* --as-role: the Italian word (or the storage name) of a company-side role. */
static int
link_role_parse(const char *s)
{
	if (strcmp(s, "titolare") == 0 || strcmp(s, "owner") == 0)
		return ROLE_OWNER;
	if (strcmp(s, "rappresentante") == 0 || strcmp(s, "representative") == 0)
		return ROLE_REPRESENTATIVE;
	if (strcmp(s, "consulente") == 0 || strcmp(s, "consultant") == 0)
		return ROLE_CONSULTANT;
	return ERR_INVALID;
}

/*
 * The one company key names: a codice fiscale (11 digits, or 16 characters
 * for a sole trader), a partita IVA or a matricola, checked before the
 * lookup.  A partita IVA shared by several companies is refused as
 * ambiguous.  Prints its own message.
 */
static int
find_company(struct cli_ctx *ctx, const char *key, struct store_company *out)
{
	struct store_company *cs = NULL;
	enum valid_kind kind;
	char norm[32];
	size_t n = 0;
	int r;

	str_upper_trim(norm, sizeof norm, key);
	kind = valid_classify(norm);
	if (kind != VALID_KIND_CF_COMPANY && kind != VALID_KIND_MATRICOLA &&
	    kind != VALID_KIND_CF_PERSON) {
		cli_error("azienda \"%s\": indicare codice fiscale, partita IVA o matricola INPS", norm);
		return ERR_INVALID;
	}
	if ((r = valid_check_kind(kind, norm)) < 0) {
		cli_error("%s %s non valido: %s", valid_kind_name(kind), norm, valid_strerror(r));
		return ERR_INVALID;
	}
	if ((r = store_companies_matching(ctx->store, norm, &cs, &n)) < 0) {
		cli_error("ricerca dell'azienda fallita: %s", store_errmsg(ctx->store));
		return r;
	}
	if (n == 1)
		*out = cs[0];
	else if (n == 0)
		cli_error("nessuna azienda con codice fiscale, partita IVA o matricola %s", norm);
	else
		cli_error("la partita IVA %s corrisponde a %zu aziende: indicare il codice fiscale "
		    "o la matricola", norm, n);
	free(cs);
	return n == 1 ? 0 : ERR_NOTFOUND;
}

/*
 * account link / unlink: the delegation of a company-side account, with
 * its audit row (the staff member at the keyboard is the actor), in one
 * transaction.
 */
static int
account_link_change(struct cli_ctx *ctx, int argc, char **argv, int link)
{
	static const struct option opts[] = {
		{ "as-role", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_account a, who;
	struct store_company c;
	char reason[256];
	int ch, role = -1, r;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'r' || (role = link_role_parse(optarg)) < 0) {
			if (ch == 'r')
				cli_error("--as-role: ruolo \"%s\" sconosciuto (titolare, "
				    "rappresentante, consulente)", optarg);
			return CLI_USAGE;
		}
	}
	if (optind + 2 != argc || (link && role < 0)) {
		cli_error("uso: infocig account %s LOGIN AZIENDA%s", link ? "link" : "unlink",
		    link ? " --as-role titolare|rappresentante|consulente" : "");
		return CLI_USAGE;
	}
	if (find_account(ctx, argv[optind], &a) < 0 ||
	    cli_identify_staff(ctx, &who) < 0 ||
	    find_company(ctx, argv[optind + 1], &c) < 0)
		return CLI_FAIL;
	if (!account_role_is_company(a.role)) {
		cli_error("l'account %s è un %s: solo titolari, rappresentanti legali e consulenti "
		    "si collegano a un'azienda", a.login, account_role_label(a.role));
		return CLI_FAIL;
	}
	if (link)
		snprintf(reason, sizeof reason, "%s di %s (CF %s)", account_role_label(role),
		    c.name, c.cf);
	else
		snprintf(reason, sizeof reason, "non più collegato a %s (CF %s)", c.name, c.cf);
	if ((r = store_begin(ctx->store)) == 0) {
		r = link ? store_delegation_add(ctx->store, a.id, c.id, role, cli_today(ctx)) :
		    store_delegation_remove(ctx->store, a.id, c.id);
		if (r == 0)
			r = store_audit_add(ctx->store, who.id, link ? "account_link" :
			    "account_unlink", a.login, reason, 0);
		if (r == 0)
			r = store_commit(ctx->store);
		else
			store_rollback(ctx->store);
	}
	if (r == ERR_EXISTS)
		cli_error("%s è già collegato a %s", a.login, c.name);
	else if (r == ERR_NOTFOUND)
		cli_error("%s non è collegato a %s", a.login, c.name);
	else if (r < 0)
		cli_error("aggiornamento fallito: %s", store_errmsg(ctx->store));
	if (r < 0)
		return CLI_FAIL;
	if (link)
		printf("%s collegato a %s (CF %s) come %s\n", a.login, c.name, c.cf,
		    account_role_label(role));
	else
		printf("%s non è più collegato a %s (CF %s)\n", a.login, c.name, c.cf);
	return CLI_OK;
}

static int
account_link(struct cli_ctx *ctx, int argc, char **argv)
{
	return account_link_change(ctx, argc, argv, 1);
}

static int
account_unlink(struct cli_ctx *ctx, int argc, char **argv)
{
	return account_link_change(ctx, argc, argv, 0);
}

const struct cli_command cli_cmd_account_link = {
	.group = "account", .name = "link",
	.usage = "LOGIN AZIENDA --as-role titolare|rappresentante|consulente",
	.help = "collega un titolare, un rappresentante o un consulente a un'azienda "
	    "(codice fiscale, partita IVA o matricola)",
	.exec = account_link,
};

const struct cli_command cli_cmd_account_unlink = {
	.group = "account", .name = "unlink", .usage = "LOGIN AZIENDA",
	.help = "toglie il collegamento di un account a un'azienda", .exec = account_unlink,
};
