/*
 * vocab: the words the database stores for states, outcomes, channels and
 * statuses, each as an enum with its database spelling (name), the parse of
 * that spelling and the Italian label a person reads.  The database keeps
 * the strings; code compares enums.  Pure code: src/domain/domain_vocab.c.
 *
 * name() gives "?" and label() "?" for a value out of range; parse() gives
 * the enum value, or ERR_INVALID (common.h) for NULL or an unknown word.
 */
#ifndef INFOCIG_VOCAB_H
#define INFOCIG_VOCAB_H

/* A chat's life (chats.state). */
enum chat_state {
	CHAT_QUEUED,
	CHAT_ACTIVE,
	CHAT_CLOSED,
	CHAT_ABANDONED,		/* the person left the queue */
	CHAT_DISCONNECTED,	/* the connection dropped; may be resumed */
	CHAT_STATE_COUNT
};
const char *chat_state_name(enum chat_state s);		/* "queued", ... */
int chat_state_parse(const char *name);
const char *chat_state_label(enum chat_state s);	/* "in coda", ... */

/* How the advisor closed a chat (chats.outcome). */
enum chat_outcome { OUTCOME_RESOLVED, OUTCOME_LINEA_INPS, OUTCOME_OTHER, CHAT_OUTCOME_COUNT };
const char *chat_outcome_name(enum chat_outcome o);	/* "risolta", "linea_inps", "altro" */
int chat_outcome_parse(const char *name);
const char *chat_outcome_label(enum chat_outcome o);	/* "risolta in chat", ... */

/* The two queues (chats.channel, advisor_state.channels). */
enum chat_channel { CHANNEL_WORKERS, CHANNEL_COMPANIES, CHANNEL_COUNT };
#define CHAT_CHANNEL_WORKERS "lavoratori"
#define CHAT_CHANNEL_COMPANIES "aziende"
const char *chat_channel_name(int channel);		/* "lavoratori", "aziende" */
int chat_channel_parse(const char *name);
const char *chat_channel_label(int channel);		/* "lavoratori", "aziende" */

/* What an advisor declared (advisor_state.state). */
enum advisor_state { ADVISOR_OFFLINE, ADVISOR_AVAILABLE, ADVISOR_PAUSED, ADVISOR_STATE_COUNT };
const char *advisor_state_name(enum advisor_state s);	/* "offline", "available", "paused" */
int advisor_state_parse(const char *name);
const char *advisor_state_label(enum advisor_state s);	/* "non collegato", ... */

/* A Linea INPS report's statuses, in the order a report goes through them. */
enum report_status {
	REPORT_NUOVA,		/* filed, waiting for the office */
	REPORT_IN_LAVORAZIONE,	/* taken in charge by an office operator */
	REPORT_CHIUSA,		/* closed with an outcome */
	REPORT_STATUS_COUNT
};
const char *report_status_name(enum report_status s);	/* "nuova", "in_lavorazione", "chiusa" */
int report_status_parse(const char *name);
const char *report_status_label(enum report_status s);	/* "nuova", "in lavorazione", "chiusa" */

/* History rows of a report: each change, who made it and when. */
enum report_note_kind {
	REPORT_NOTE_FILED,		/* "inoltro" */
	REPORT_NOTE_TAKEN,		/* "presa_in_carico" */
	REPORT_NOTE_NOTE,		/* "nota" */
	REPORT_NOTE_CLOSED,		/* "chiusura"; body: the outcome */
	REPORT_NOTE_KIND_COUNT
};
const char *report_note_kind_name(enum report_note_kind k);
int report_note_kind_parse(const char *name);
const char *report_note_kind_label(enum report_note_kind k);	/* "inoltrata", ... */

#endif
