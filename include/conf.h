/*
 * conf: the libconfig file read into a checked structure.  One table of
 * settings (src/conf/conf.c) drives defaults, parsing, range checks, -o
 * overrides and the rejection of unknown keys.  man/infocig.conf.5 documents
 * the same table.
 */
#ifndef INFOCIG_CONF_H
#define INFOCIG_CONF_H

#include <stddef.h>
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
		int refresh_seconds;
	} queue;
	struct {
		char *alert;	/* "bell", "flash" or "off": new queued chat or line */
	} console;
	struct {
		int password_otp;
		int publickey;
	} auth;
	struct {
		int window_days;
		int min_samples;
		int filing_days;
		int decision_days;
		int data_days;
		int payment_days;
	} timeline;
};

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
/* The database path resolved against the configuration file's folder; owned by caller. */
char *conf_resolve_path(const struct conf *c, const char *path);

#endif
