/*
 * conf: the libconfig file read into a checked structure.  One table of
 * settings (src/conf/conf.c) drives defaults, parsing, range checks, -o
 * overrides and the rejection of unknown keys.  man/infocig.conf.5 documents
 * the same table.
 */
#ifndef INFOCIG_CONF_H
#define INFOCIG_CONF_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

struct conf_rollout_step {
	int32_t from;		/* civil day */
	int all;		/* every province */
	char (*provinces)[3];	/* siglas, owned */
	size_t nprovinces;
};

/* An empty rollout (no steps) serves everyone, always. */
struct conf_rollout {
	struct conf_rollout_step *steps;	/* owned, in file order */
	size_t nsteps;
};

struct conf {
	char *source;		/* the file read, for messages */
	char *database;		/* absolute, or relative to the file's folder */
	struct {
		char *listen;
		char *user;		/* started as root: the account to run as; "" stays root */
		int port;
		char *host_key;
		int workers;
		int backlog;
		int max_sessions;
		int max_startups;
		int max_startups_per_source;
		int login_grace_time;
		int max_auth_tries;
		int penalty_failures;
		int penalty_seconds;
		int keepalive_interval;
		int keepalive_count_max;
		int idle_timeout;
		int max_line;
		int output_queue_kib;
		int rate_lines;
		int rate_seconds;
	} ssh;
	struct {
		char *timezone;
		int open[7], close[7];	/* minutes from local midnight, Monday first */
		int32_t *closures;	/* extra closed days, sorted, owned */
		size_t nclosures;
		int drain_minutes;
	} service;
	struct {
		struct conf_rollout workers;	/* rollout.lavoratori */
		struct conf_rollout employers;	/* rollout.aziende */
	} rollout;
	struct {
		int max_chats_per_advisor;
		int service_level_seconds;
		int abandon_min_seconds;
		int reconnect_grace;
		int advisor_grace;	/* s an absent advisor's chats wait before going back */
		int refresh_seconds;
	} queue;
	struct {
		char *alert;	/* "bell", "flash" or "off": new queued chat or line */
	} console;
	struct {
		int password_otp;
		int publickey;
		char *otp_key_file;	/* "" (default): the database's path + ".otpkey" */
		int otp_max_failures;	/* wrong codes in a row before the lock */
		int otp_lock_seconds;
	} auth;
	struct {
		int window_days;
		int min_samples;
		int filing_days;
		int decision_days;
		int data_days;
		int payment_days;
	} timeline;
	struct {
		int chat_days;
		int report_days;
		int audit_days;
		int batch_rows;
		char *daily_at;		/* "HH:MM" local: infocigd purges daily; "" never */
		char *purge_as;		/* the supervisor the daily purge is audited as */
	} retention;
};

#define CONF_VALUE_MAX 4096	/* bytes of a -o value */
#define CONF_FILE_MAX (16 * 1024 * 1024)

/* The file to read: -f FILE, else $INFOCIG_CONF, else the installed default. */
const char *conf_default_path(void);

/*
 * Reads path and applies the overrides ("key=value", libconfig path syntax)
 * in order.  Returns 0 and a new struct conf in *out, or a negative ERR_*
 * with a message naming the file, line and setting in err.
 */
int conf_load(const char *path, char *const *overrides, size_t noverrides,
    struct conf **out, char *err, size_t errlen);
/* Defaults only, for tests and tools that run without a file. */
struct conf *conf_defaults(void);
void conf_free(struct conf *c);
/* "HH:MM" as minutes after midnight, or ERR_INVALID. */
int conf_minute_of_day(const char *hhmm);
/*
 * The effective configuration, one "key value" line per setting of the
 * table in its order, values in the file's syntax, relative paths taken
 * from the file's folder (infocigd -T).
 */
void conf_print(const struct conf *c, FILE *f);
/* The database path resolved against the configuration file's folder; owned by caller. */
char *conf_resolve_path(const struct conf *c, const char *path);
/*
 * The file of the key that seals TOTP secrets: auth.otp_key_file resolved
 * like the database, or the database's resolved path followed by
 * ".otpkey" when the setting is empty.  Owned by the caller.
 */
char *conf_otp_key_path(const struct conf *c);

#endif
