/*
 * The schema and its migrations.  PRAGMA user_version holds the version;
 * migrations[v] takes a database from version v to v + 1.
 *
 * Dates are civil days (INTEGER days since 1970-01-01), timestamps Unix
 * seconds, months YYYYMM, money integer cents.
 */
#include <stdio.h>

#include "common.h"
#include "store_internal.h"

static const char schema_v1[] =
	"CREATE TABLE offices ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  province TEXT NOT NULL,"
	"  kind TEXT NOT NULL);"
	"CREATE TABLE provinces ("
	"  sigla TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  region TEXT NOT NULL,"
	"  office_id INTEGER NOT NULL REFERENCES offices(id),"
	"  capoluogo_code TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE companies ("
	"  id INTEGER PRIMARY KEY,"
	"  cf TEXT NOT NULL,"
	"  vat TEXT NOT NULL,"
	"  matricola TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  province TEXT NOT NULL REFERENCES provinces(sigla));"
	"CREATE TABLE workers ("
	"  id INTEGER PRIMARY KEY,"
	"  cf TEXT NOT NULL,"
	"  surname TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  province TEXT NOT NULL REFERENCES provinces(sigla),"
	"  iban TEXT);"
	"CREATE TABLE employment ("
	"  worker_id INTEGER NOT NULL REFERENCES workers(id),"
	"  company_id INTEGER NOT NULL REFERENCES companies(id),"
	"  since INTEGER NOT NULL,"
	"  until INTEGER,"
	"  PRIMARY KEY (worker_id, company_id, since)) WITHOUT ROWID;"
	"CREATE TABLE accounts ("
	"  id INTEGER PRIMARY KEY,"
	"  login TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL CHECK (role IN ('worker','owner','representative',"
	"    'consultant','advisor','supervisor','office')),"
	"  full_name TEXT NOT NULL,"
	"  password_hash TEXT,"
	"  totp_secret TEXT,"
	"  totp_last_step INTEGER NOT NULL DEFAULT 0,"
	"  unix_user TEXT UNIQUE,"
	"  office_id INTEGER REFERENCES offices(id),"
	"  province TEXT REFERENCES provinces(sigla),"
	"  worker_id INTEGER REFERENCES workers(id),"
	"  locked INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE account_keys ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  key_type TEXT NOT NULL,"
	"  key_base64 TEXT NOT NULL,"
	"  comment TEXT,"
	"  added_at INTEGER NOT NULL,"
	"  UNIQUE (key_type, key_base64));"
	"CREATE TABLE delegations ("
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  company_id INTEGER NOT NULL REFERENCES companies(id),"
	"  role TEXT NOT NULL CHECK (role IN ('owner','representative','consultant')),"
	"  since INTEGER NOT NULL,"
	"  PRIMARY KEY (account_id, company_id)) WITHOUT ROWID;"
	"CREATE TABLE practices ("
	"  id INTEGER PRIMARY KEY,"
	"  number TEXT NOT NULL,"
	"  company_id INTEGER NOT NULL REFERENCES companies(id),"
	"  office_id INTEGER NOT NULL REFERENCES offices(id),"
	"  type TEXT NOT NULL CHECK (type IN ('CIGO','CIGS','FIS','FSOL','DEROGA')),"
	"  mode TEXT NOT NULL CHECK (mode IN ('diretto','conguaglio')),"
	"  period_from INTEGER NOT NULL,"
	"  period_to INTEGER NOT NULL CHECK (period_to >= period_from),"
	"  weeks INTEGER NOT NULL DEFAULT 0,"
	"  hours INTEGER NOT NULL DEFAULT 0,"
	"  reason TEXT NOT NULL,"
	"  status TEXT NOT NULL);"
	"CREATE TABLE practice_workers ("
	"  practice_id INTEGER NOT NULL REFERENCES practices(id),"
	"  worker_id INTEGER NOT NULL REFERENCES workers(id),"
	"  hours INTEGER NOT NULL,"
	"  PRIMARY KEY (practice_id, worker_id)) WITHOUT ROWID;"
	/* Application-level events; per-worker ones are in payment_data and payments. */
	"CREATE TABLE practice_events ("
	"  id INTEGER PRIMARY KEY,"
	"  practice_id INTEGER NOT NULL REFERENCES practices(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('presentata','istruttoria',"
	"    'richiesta_integrazione','autorizzata','respinta','annullata')),"
	"  day INTEGER NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE payment_data ("
	"  id INTEGER PRIMARY KEY,"
	"  practice_id INTEGER NOT NULL REFERENCES practices(id),"
	"  worker_id INTEGER NOT NULL REFERENCES workers(id),"
	"  month INTEGER NOT NULL,"
	"  channel TEXT NOT NULL CHECK (channel IN ('SR41','UNIEMENS')),"
	"  received_day INTEGER NOT NULL,"
	"  rejected_day INTEGER,"
	"  reject_reason TEXT);"
	"CREATE TABLE payments ("
	"  id INTEGER PRIMARY KEY,"
	"  practice_id INTEGER NOT NULL REFERENCES practices(id),"
	"  worker_id INTEGER NOT NULL REFERENCES workers(id),"
	"  month INTEGER NOT NULL,"
	"  liquidated_day INTEGER NOT NULL,"
	"  paid_day INTEGER,"
	"  amount_cents INTEGER,"
	"  method TEXT CHECK (method IN ('bonifico','domiciliato')));"
	"CREATE TABLE span_stats ("
	"  office_id INTEGER NOT NULL,"
	"  type TEXT NOT NULL,"
	"  span INTEGER NOT NULL,"
	"  p25 INTEGER NOT NULL, p50 INTEGER NOT NULL, p75 INTEGER NOT NULL,"
	"  samples INTEGER NOT NULL,"
	"  computed_day INTEGER NOT NULL,"
	"  PRIMARY KEY (office_id, type, span)) WITHOUT ROWID;"
	"CREATE TABLE chats ("
	"  id INTEGER PRIMARY KEY,"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  company_id INTEGER REFERENCES companies(id),"
	"  channel TEXT NOT NULL CHECK (channel IN ('lavoratori','aziende')),"
	"  province TEXT,"
	"  state TEXT NOT NULL CHECK (state IN ('queued','active','closed',"
	"    'abandoned','disconnected')),"
	"  queued_at INTEGER NOT NULL,"
	"  taken_at INTEGER,"
	"  ended_at INTEGER,"
	"  advisor_id INTEGER REFERENCES accounts(id),"
	"  outcome TEXT CHECK (outcome IN ('risolta','linea_inps','altro')),"
	"  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),"
	"  returned INTEGER NOT NULL DEFAULT 0,"
	"  resumed INTEGER NOT NULL DEFAULT 0,"	/* times the person came back after a drop */
	"  owner_pid INTEGER);"
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  chat_id INTEGER NOT NULL REFERENCES chats(id),"
	"  sender TEXT NOT NULL CHECK (sender IN ('user','advisor','system')),"
	"  account_id INTEGER REFERENCES accounts(id),"
	"  at INTEGER NOT NULL,"
	"  body TEXT NOT NULL);"
	"CREATE TABLE advisor_state ("
	"  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),"
	"  state TEXT NOT NULL CHECK (state IN ('offline','available','paused')),"
	"  since INTEGER NOT NULL,"
	"  heartbeat INTEGER NOT NULL,"
	"  channels TEXT NOT NULL DEFAULT 'lavoratori,aziende');"
	/* Hand-overs of a chat: to another advisor, or back to the queue (to_id NULL). */
	"CREATE TABLE chat_transfers ("
	"  id INTEGER PRIMARY KEY,"
	"  chat_id INTEGER NOT NULL REFERENCES chats(id),"
	"  from_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  to_id INTEGER REFERENCES accounts(id),"
	"  note TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	/*
	 * Linea INPS reports.  seq numbers the reports of one year from 1 with
	 * no gaps (the next one is taken in the filing transaction);
	 * client_token makes filing the same form twice file it once.
	 */
	"CREATE TABLE reports ("
	"  id INTEGER PRIMARY KEY,"
	"  protocol TEXT NOT NULL UNIQUE,"
	"  year INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  chat_id INTEGER REFERENCES chats(id),"
	"  practice_id INTEGER REFERENCES practices(id),"
	"  account_id INTEGER REFERENCES accounts(id),"
	"  company_id INTEGER REFERENCES companies(id),"
	"  worker_id INTEGER REFERENCES workers(id),"
	"  office_id INTEGER NOT NULL REFERENCES offices(id),"
	"  topic TEXT NOT NULL,"
	"  subtopic TEXT NOT NULL,"
	"  description TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('nuova','in_lavorazione','chiusa')),"
	"  outcome TEXT,"
	"  filed_by INTEGER NOT NULL REFERENCES accounts(id),"
	"  filed_at INTEGER NOT NULL,"
	"  handler_id INTEGER REFERENCES accounts(id),"
	"  updated_at INTEGER NOT NULL,"
	"  client_token TEXT UNIQUE,"
	"  UNIQUE (year, seq));"
	/* A report's history: who filed, took, annotated and closed it, and when. */
	"CREATE TABLE report_notes ("
	"  id INTEGER PRIMARY KEY,"
	"  report_id INTEGER NOT NULL REFERENCES reports(id),"
	"  kind TEXT NOT NULL DEFAULT 'nota' CHECK (kind IN ('inoltro','presa_in_carico',"
	"    'nota','chiusura')),"
	"  account_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  at INTEGER NOT NULL,"
	"  body TEXT NOT NULL);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor_id INTEGER NOT NULL REFERENCES accounts(id),"
	"  action TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  chat_id INTEGER REFERENCES chats(id));"
	"CREATE INDEX chats_queue ON chats(state, channel, queued_at);"
	"CREATE INDEX chats_account ON chats(account_id, queued_at);"
	"CREATE INDEX chats_queued_at ON chats(queued_at);"
	"CREATE INDEX chats_advisor ON chats(advisor_id, state);"
	"CREATE INDEX messages_chat ON messages(chat_id, id);"
	"CREATE INDEX chat_transfers_chat ON chat_transfers(chat_id, id);"
	"CREATE INDEX reports_office ON reports(office_id, status, filed_at);"
	"CREATE INDEX reports_chat ON reports(chat_id);"
	/* Also the statistics' reports filed today per office, read every second. */
	"CREATE INDEX reports_filed_at ON reports(filed_at);"
	"CREATE INDEX reports_company ON reports(company_id);"
	"CREATE INDEX reports_worker ON reports(worker_id);"
	"CREATE INDEX reports_account ON reports(account_id);"
	"CREATE INDEX report_notes_report ON report_notes(report_id, id);"
	"CREATE INDEX audit_at ON audit(at);"
	"CREATE INDEX delegations_company ON delegations(company_id);";

/*
 * Indexes over the bulk tables, kept apart so that seeding and import can
 * drop them and build them again after loading millions of rows.
 */
static const struct {
	const char *name;
	int unique;
	const char *on;		/* "table(columns)" */
} bulk_indexes[] = {
	{ "companies_cf", 1, "companies(cf)" },
	{ "companies_vat", 0, "companies(vat)" },
	{ "companies_matricola", 1, "companies(matricola)" },
	{ "workers_cf", 1, "workers(cf)" },
	{ "employment_company", 0, "employment(company_id)" },
	{ "practices_number", 1, "practices(number)" },
	{ "practices_company", 0, "practices(company_id)" },
	{ "practices_office_type", 0, "practices(office_id, type)" },
	{ "practice_workers_worker", 0, "practice_workers(worker_id)" },
	{ "practice_events_practice", 0, "practice_events(practice_id, day)" },
	{ "practice_events_kind_day", 0, "practice_events(kind, day)" },
	{ "payment_data_practice", 0, "payment_data(practice_id, worker_id)" },
	{ "payments_practice", 0, "payments(practice_id, worker_id)" },
	{ "payments_paid_day", 0, "payments(paid_day)" },
};

static int
migrate_0_to_1(struct store *st)
{
	int r;

	if ((r = store_exec(st, schema_v1)) < 0)
		return r;
	return store_schema_create_indexes(st);
}

/* The law as data: rules and causali (issue 12), loaded from data/ at creation. */
static int
migrate_1_to_2(struct store *st)
{
	return store_exec(st,
	    "CREATE TABLE timeline_rules ("
	    "  line INTEGER PRIMARY KEY,"
	    "  key TEXT NOT NULL UNIQUE,"
	    "  kind TEXT NOT NULL, types TEXT NOT NULL, causali TEXT NOT NULL,"
	    "  valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,"
	    "  term TEXT NOT NULL, auth_term TEXT NOT NULL,"
	    "  reference TEXT NOT NULL, text TEXT NOT NULL, note TEXT NOT NULL);"
	    "CREATE TABLE causali ("
	    "  line INTEGER PRIMARY KEY,"
	    "  code TEXT NOT NULL UNIQUE,"
	    "  description TEXT NOT NULL,"
	    "  types TEXT NOT NULL, class TEXT NOT NULL);");
}

/* Issue 18.8: wrong one-time codes counted per account, and the lock. */
static int
migrate_2_to_3(struct store *st)
{
	return store_exec(st, "ALTER TABLE accounts ADD COLUMN otp_failures INTEGER NOT NULL"
	    " DEFAULT 0; ALTER TABLE accounts ADD COLUMN otp_last_failure INTEGER NOT NULL"
	    " DEFAULT 0; ALTER TABLE accounts ADD COLUMN otp_locked_until INTEGER NOT NULL"
	    " DEFAULT 0;");
}

/*
 * Issue 17: what each daemon worker publishes for the metrics (its sessions
 * and how fast lines reach them), and the real time at which each message
 * was written, in milliseconds, from which that delay is measured.
 */
static int
migrate_3_to_4(struct store *st)
{
	return store_exec(st, "CREATE TABLE node_workers ("
	    "  node TEXT NOT NULL, worker INTEGER NOT NULL, pid INTEGER NOT NULL,"
	    "  started_at INTEGER NOT NULL, seen_at INTEGER NOT NULL,"
	    "  sessions INTEGER NOT NULL, unauthenticated INTEGER NOT NULL,"
	    "  lines INTEGER NOT NULL, latency_sum_ms INTEGER NOT NULL,"
	    "  buckets TEXT NOT NULL,"
	    "  PRIMARY KEY (node, worker));"
	    "ALTER TABLE messages ADD COLUMN sent_ms INTEGER;");
}

/*
 * Issue 15, the person's side: each account's latest interactive session,
 * so that the next login can say what changed since (ended_at NULL while
 * open or when the session was lost); and when each side of a chat last
 * typed, in real milliseconds of the engine's clock (STORE_NOW_MS), for the
 * typing indicator.
 */
static int
migrate_visits_typing(struct store *st)
{
	return store_exec(st, "CREATE TABLE account_visits ("
	    "  account_id INTEGER PRIMARY KEY REFERENCES accounts(id),"
	    "  started_at INTEGER NOT NULL,"
	    "  ended_at INTEGER);"
	    "ALTER TABLE chats ADD COLUMN person_typing_ms INTEGER;"
	    "ALTER TABLE chats ADD COLUMN advisor_typing_ms INTEGER;");
}

/*
 * Issue 19: the statistics' aggregates of finished chats, per local day and
 * per hour, advisor, channel or province, and of reports per office
 * (store_stats.h), and what they were built with.  Not built here:
 * "infocig stats --rebuild" builds them, with the configuration's zone and
 * thresholds.
 */
static int
migrate_stats_aggregates(struct store *st)
{
	return store_exec(st, "CREATE TABLE stats_agg ("
	    "  dim INTEGER NOT NULL, day INTEGER NOT NULL, key INTEGER NOT NULL,"
	    "  offered INTEGER NOT NULL DEFAULT 0, answered INTEGER NOT NULL DEFAULT 0,"
	    "  abandoned INTEGER NOT NULL DEFAULT 0, short_abandoned INTEGER NOT NULL DEFAULT 0,"
	    "  unserved INTEGER NOT NULL DEFAULT 0, in_progress INTEGER NOT NULL DEFAULT 0,"
	    "  handled INTEGER NOT NULL DEFAULT 0, answered_in_sl INTEGER NOT NULL DEFAULT 0,"
	    "  wait_sum INTEGER NOT NULL DEFAULT 0, handle_sum INTEGER NOT NULL DEFAULT 0,"
	    "  resolved INTEGER NOT NULL DEFAULT 0, forwarded INTEGER NOT NULL DEFAULT 0,"
	    "  other INTEGER NOT NULL DEFAULT 0,"
	    "  surveys INTEGER NOT NULL DEFAULT 0, survey_sum INTEGER NOT NULL DEFAULT 0,"
	    "  PRIMARY KEY (dim, day, key)) WITHOUT ROWID;"
	    "CREATE TABLE stats_agg_meta ("
	    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
	    "  built INTEGER NOT NULL DEFAULT 0, built_at INTEGER NOT NULL DEFAULT 0,"
	    "  timezone TEXT NOT NULL DEFAULT 'Europe/Rome',"
	    "  service_level_seconds INTEGER NOT NULL DEFAULT 0,"
	    "  abandon_min_seconds INTEGER NOT NULL DEFAULT 0);"
	    "INSERT INTO stats_agg_meta (id) VALUES (1);");
}

static int (*const migrations[])(struct store *) = {
	migrate_0_to_1,
	migrate_1_to_2,
	migrate_2_to_3,
	migrate_3_to_4,
	migrate_visits_typing,
	migrate_stats_aggregates,
};

int
store_schema_apply(struct store *st, int from_version)
{
	char sql[64];
	int v, r;

	for (v = from_version; v < STORE_SCHEMA_VERSION; v++) {
		if ((r = migrations[v](st)) < 0)
			return r;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if ((r = store_exec(st, sql)) < 0)
			return r;
	}
	return 0;
}

int
store_schema_drop_indexes(struct store *st)
{
	char sql[96];
	size_t i;
	int r;

	for (i = 0; i < nitems(bulk_indexes); i++) {
		snprintf(sql, sizeof sql, "DROP INDEX IF EXISTS %s", bulk_indexes[i].name);
		if ((r = store_exec(st, sql)) < 0)
			return r;
	}
	return 0;
}

int
store_schema_create_indexes(struct store *st)
{
	char sql[160];
	size_t i;
	int r;

	for (i = 0; i < nitems(bulk_indexes); i++) {
		snprintf(sql, sizeof sql, "CREATE %sINDEX IF NOT EXISTS %s ON %s",
		    bulk_indexes[i].unique ? "UNIQUE " : "", bulk_indexes[i].name,
		    bulk_indexes[i].on);
		if ((r = store_exec(st, sql)) < 0)
			return r;
	}
	return 0;
}
