/*
 * cli: the non-interactive subcommands of infocig(1).  Each command is a
 * const struct cli_command in its own file, gathered in one table in
 * src/cli/cli.c (the shape of tmux's cmd_entry).
 */
#ifndef INFOCIG_CLI_H
#define INFOCIG_CLI_H

#include <stddef.h>

#include "conf.h"
#include "store.h"

struct cli_ctx {
	const char *conf_path;
	char **overrides;
	size_t noverrides;
	const char *as_login;	/* --as LOGIN */
	struct conf *conf;	/* loaded by cli_load_conf() */
	char *db_path;
	struct store *store;	/* opened by cli_open_store() */
	int damage_told;	/* cli_report_damage() has spoken */
};

struct cli_command {
	const char *group;	/* "db", "account", ... */
	const char *name;	/* "init", ...; NULL for a one-word command ("stats") */
	const char *usage;	/* arguments after the name */
	const char *help;	/* one Italian line */
	int hidden;		/* for scripts: documented, left out of the usage list */
	int (*exec)(struct cli_ctx *ctx, int argc, char **argv);
};

/* Exit statuses. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/*
 * When a command failed (status != CLI_OK) and SQLite found the database
 * damaged, says so once, naming the damage as db check does.  Returns
 * status.
 */
int cli_report_damage(struct cli_ctx *ctx, int status);
/* A store call failed: names the damage, or else prints SQLite's message. */
void cli_store_failed(struct cli_ctx *ctx);
/* Runs argv[0..] as a command; returns an exit status. */
int cli_run(struct cli_ctx *ctx, int argc, char **argv);
void cli_usage(FILE *fp);
void cli_free(struct cli_ctx *ctx);

/* Helpers for commands.  Each prints its own message and returns <0 on failure. */
int cli_load_conf(struct cli_ctx *ctx);
int cli_open_store(struct cli_ctx *ctx, int flags);
/* The staff account at the keyboard: --as LOGIN (with a password), else the Unix user. */
int cli_identify_staff(struct cli_ctx *ctx, struct store_account *who);
/* Reads a secret from the terminal without echo, or a line from stdin. */
int cli_read_secret(const char *prompt, char *buf, size_t size);
/*
 * Seals every TOTP secret still stored in clear (a seed's, or one from
 * before sealing) with the configured key, creating the key when missing.
 */
int cli_seal_otp_secrets(struct cli_ctx *ctx);
/* Folder of the reference CSV files. */
const char *cli_datadir(void);

/* cli_key.c: the public key of `account key`, from a file or "-" (stdin). */
/* The longest line taken: an RSA key of 16384 bits is about 2.8 kB. */
#define CLI_KEY_LINE_MAX 8192
/* The first line of path into line; longer than size - 1 is an error. Prints its message. */
int cli_key_read_line(const char *path, char *line, size_t size);
/*
 * Parses line ("type base64 [comment]"): an allowed key (Ed25519, ECDSA,
 * RSA of 2048 bits or more) into its canonical type and *b64 (the
 * caller's to free), *comment pointing into line.  Prints its message.
 */
int cli_key_parse(const char *path, char *line, char *type, size_t typesize, char **b64,
    const char **comment);
/* "infocig: MESSAGE" on stderr, the message sanitised (text_sanitize()). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * When stdout is a terminal, puts a filter on it that sanitises every line
 * (text_sanitize(): no controls, escape sequences or bidi controls), for
 * the commands' text outputs.  Flushed at exit.
 */
void cli_filter_terminal(void);
int32_t cli_today(struct cli_ctx *ctx);

extern const struct cli_command cli_cmd_db_init, cli_cmd_db_check, cli_cmd_db_seed,
    cli_cmd_db_import, cli_cmd_db_refresh, cli_cmd_db_backup, cli_cmd_db_purge, cli_cmd_account_add, cli_cmd_account_passwd,
    cli_cmd_account_key, cli_cmd_account_lock, cli_cmd_account_unlock,
    cli_cmd_account_list, cli_cmd_account_otp, cli_cmd_account_link, cli_cmd_account_unlink, cli_cmd_practice_show,
    cli_cmd_stats, cli_cmd_audit, cli_cmd_report_list, cli_cmd_report_show,
    cli_cmd_report_file, cli_cmd_report_take, cli_cmd_report_note, cli_cmd_report_close;

#endif
