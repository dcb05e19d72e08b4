/*
 * The stored words and their Italian labels (include/vocab.h).  The names
 * are the database's spelling and must not change without a migration.
 */
#include <string.h>

#include "common.h"
#include "vocab.h"

struct vocab {
	const char *const *names, *const *labels;
	int count;
};

static const char *
vocab_name(const struct vocab *v, int i)
{
	return i >= 0 && i < v->count ? v->names[i] : "?";
}

static const char *
vocab_label(const struct vocab *v, int i)
{
	return i >= 0 && i < v->count ? v->labels[i] : "?";
}

static int
vocab_parse(const struct vocab *v, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < v->count; i++)
		if (strcmp(name, v->names[i]) == 0)
			return i;
	return ERR_INVALID;
}

#define VOCAB(id, count, ...) \
	static const char *const id##_names[count] = { __VA_ARGS__ }
#define VOCAB_LABELS(id, count, ...) \
	static const char *const id##_labels[count] = { __VA_ARGS__ }; \
	static const struct vocab id = { id##_names, id##_labels, count }

VOCAB(chat_states, CHAT_STATE_COUNT, "queued", "active", "closed", "abandoned",
    "disconnected");
VOCAB_LABELS(chat_states, CHAT_STATE_COUNT, "in coda", "in corso", "chiusa",
    "abbandonata in coda", "connessione persa");

VOCAB(outcomes, CHAT_OUTCOME_COUNT, "risolta", "linea_inps", "altro");
VOCAB_LABELS(outcomes, CHAT_OUTCOME_COUNT, "risolta in chat", "inoltrata a Linea INPS",
    "altro esito");

VOCAB(channels, CHANNEL_COUNT, CHAT_CHANNEL_WORKERS, CHAT_CHANNEL_COMPANIES);
VOCAB_LABELS(channels, CHANNEL_COUNT, "lavoratori", "aziende");

VOCAB(advisor_states, ADVISOR_STATE_COUNT, "offline", "available", "paused");
VOCAB_LABELS(advisor_states, ADVISOR_STATE_COUNT, "non collegato", "disponibile", "in pausa");

VOCAB(report_statuses, REPORT_STATUS_COUNT, "nuova", "in_lavorazione", "chiusa");
VOCAB_LABELS(report_statuses, REPORT_STATUS_COUNT, "nuova", "in lavorazione", "chiusa");

VOCAB(note_kinds, REPORT_NOTE_KIND_COUNT, "inoltro", "presa_in_carico", "nota", "chiusura");
VOCAB_LABELS(note_kinds, REPORT_NOTE_KIND_COUNT, "inoltrata", "presa in carico", "nota",
    "chiusa");

const char *
chat_state_name(enum chat_state s)
{
	return vocab_name(&chat_states, (int)s);
}

int
chat_state_parse(const char *name)
{
	return vocab_parse(&chat_states, name);
}

const char *
chat_state_label(enum chat_state s)
{
	return vocab_label(&chat_states, (int)s);
}

const char *
chat_outcome_name(enum chat_outcome o)
{
	return vocab_name(&outcomes, (int)o);
}

int
chat_outcome_parse(const char *name)
{
	return vocab_parse(&outcomes, name);
}

const char *
chat_outcome_label(enum chat_outcome o)
{
	return vocab_label(&outcomes, (int)o);
}

const char *
chat_channel_name(int channel)
{
	return vocab_name(&channels, channel);
}

int
chat_channel_parse(const char *name)
{
	return vocab_parse(&channels, name);
}

const char *
chat_channel_label(int channel)
{
	return vocab_label(&channels, channel);
}

const char *
advisor_state_name(enum advisor_state s)
{
	return vocab_name(&advisor_states, (int)s);
}

int
advisor_state_parse(const char *name)
{
	return vocab_parse(&advisor_states, name);
}

const char *
advisor_state_label(enum advisor_state s)
{
	return vocab_label(&advisor_states, (int)s);
}

const char *
report_status_name(enum report_status s)
{
	return vocab_name(&report_statuses, (int)s);
}

int
report_status_parse(const char *name)
{
	return vocab_parse(&report_statuses, name);
}

const char *
report_status_label(enum report_status s)
{
	return vocab_label(&report_statuses, (int)s);
}

const char *
report_note_kind_name(enum report_note_kind k)
{
	return vocab_name(&note_kinds, (int)k);
}

int
report_note_kind_parse(const char *name)
{
	return vocab_parse(&note_kinds, name);
}

const char *
report_note_kind_label(enum report_note_kind k)
{
	return vocab_label(&note_kinds, (int)k);
}
