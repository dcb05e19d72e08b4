/*
 * Reports: protocol numbers, the topic list of
 * data/report_topics.csv and the cleaning of staff text.  No SQL here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "common.h"
#include "report.h"
#include "text.h"

/*
 * The audit log stores actions as codes ("report_file", "report_" and a note
 * kind, "lookup"); people read these words instead.
 */
const char *
report_audit_label(const char *action)
{
	size_t i;

	if (strcmp(action, "lookup") == 0)
		return "ricerca";
	if (strcmp(action, "report_file") == 0)
		return "segnalazione";
	if (strncmp(action, "report_", 7) == 0)
		for (i = 0; i < REPORT_NOTE_KIND_COUNT; i++)
			if (strcmp(action + 7, report_note_kind_name(i)) == 0)
				return report_note_kind_label(i);
	return action;
}

/*
 * "alla Direzione provinciale di Roma": the office's name after "a" with
 * its article; every office in data/offices.csv is a Direzione, and a name
 * that is not gets "alla sede".
 */
void
report_office_to(const char *name, char *buf, size_t size)
{
	if (strncmp(name, "Direzione", 9) == 0 || strncmp(name, "Sede", 4) == 0 ||
	    strncmp(name, "Filiale", 7) == 0 || strncmp(name, "Struttura", 9) == 0)
		snprintf(buf, size, "alla %s", name);
	else if (strncmp(name, "Agenzia", 7) == 0)
		snprintf(buf, size, "all'%s", name);
	else
		snprintf(buf, size, "alla sede %s", name);
}

int
report_protocol_format(char *buf, size_t size, int year, int64_t seq)
{
	if (year < 2000 || year > 9999 || seq < 1 || seq > REPORT_SEQ_MAX ||
	    size < REPORT_PROTOCOL_SIZE) {
		if (size > 0)
			buf[0] = '\0';
		return ERR_INVALID;
	}
	snprintf(buf, size, "LI-%04d-%07lld", year, (long long)seq);
	return 0;
}

int
report_protocol_parse(const char *s, int *year, int64_t *seq)
{
	char p[REPORT_PROTOCOL_SIZE + 1];
	int y = 0, i;
	int64_t n = 0;

	if (s == NULL || strlen(s) > 64)
		return ERR_INVALID;
	while (*s == ' ' || *s == '\t')
		s++;
	for (i = 0; s[i] != '\0' && s[i] != ' ' && s[i] != '\t'; i++) {
		if (i >= REPORT_PROTOCOL_SIZE - 1)
			return ERR_INVALID;
		p[i] = (char)toupper((unsigned char)s[i]);
	}
	p[i] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (s[i] != '\0' || strlen(p) != REPORT_PROTOCOL_SIZE - 1 ||
	    strncmp(p, "LI-", 3) != 0 || p[7] != '-')
		return ERR_INVALID;
	for (i = 3; i < 7; i++) {
		if (!isdigit((unsigned char)p[i]))
			return ERR_INVALID;
		y = y * 10 + (p[i] - '0');
	}
	for (i = 8; i < 15; i++) {
		if (!isdigit((unsigned char)p[i]))
			return ERR_INVALID;
		n = n * 10 + (p[i] - '0');
	}
	if (y < 2000 || n < 1)
		return ERR_INVALID;
	*year = y;
	*seq = n;
	return 0;
}

int
report_year_of(int64_t t)
{
	int32_t day;
	int minute, y, m, d;

	calendar_local(CALENDAR_TZ_ROME, (time_t)t, &day, &minute);
	day_to_ymd(day, &y, &m, &d);
	return y;
}

/* Topics. */

struct topic_slot {
	struct report_topic pub;
	struct report_subtopic *subs;	/* pub.subtopics, writable */
	size_t cap;
};

struct report_topics {
	struct topic_slot *slots;
	size_t n;
};

static void
topics_add(struct report_topics *t, const char *topic, const char *sub, const char *desc)
{
	struct topic_slot *ts = NULL;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->slots[i].pub.name, topic) == 0)
			ts = &t->slots[i];
	if (ts == NULL) {
		t->slots = xreallocarray(t->slots, t->n + 1, sizeof *t->slots);
		ts = &t->slots[t->n++];
		memset(ts, 0, sizeof *ts);
		ts->pub.name = xstrdup(topic);
	}
	if (ts->pub.nsubtopics == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 4;
		ts->subs = xreallocarray(ts->subs, ts->cap, sizeof *ts->subs);
	}
	ts->subs[ts->pub.nsubtopics].name = xstrdup(sub);
	ts->subs[ts->pub.nsubtopics].description = xstrdup(desc);
	ts->pub.nsubtopics++;
	ts->pub.subtopics = ts->subs;
}

/* Why a field of the topic file is unusable, or NULL. */
static const char *
field_problem(const char *v, size_t size)
{
	if (*v == '\0')
		return "campo vuoto";
	if (strlen(v) >= size)
		return "testo troppo lungo";
	if (!text_is_clean(v))
		return "caratteri di controllo o UTF-8 non valido";
	if (v[0] == ' ' || v[strlen(v) - 1] == ' ')
		return "spazi all'inizio o alla fine";
	return NULL;
}

int
report_topics_load(const char *datadir, struct report_topics **out, char *err, size_t errlen)
{
	static const char header[] = "topic,subtopic,description";
	struct report_topics *t;
	struct csv *csv;
	char *path = xasprintf("%s/report_topics.csv", datadir);
	char got[256];
	const char *why;
	FILE *fp;
	int n, r = 0;

	*out = NULL;
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: impossibile leggere l'elenco degli argomenti", path);
		free(path);
		return ERR_IO;
	}
	t = xcalloc(1, sizeof *t);
	csv = csv_open(fp);
	if (!csv_header_is(csv, header, got, sizeof got)) {
		snprintf(err, errlen, "%s:1: intestazione \"%s\", attesa \"%s\"", path, got, header);
		r = ERR_INVALID;
	}
	while (r == 0 && (n = csv_read(csv)) != 0) {
		const char *topic = csv_field(csv, 0), *sub = csv_field(csv, 1);

		if (n < 0 || n != 3) {
			snprintf(err, errlen, "%s:%ld: attesi 3 campi", path, csv_line(csv));
			r = ERR_INVALID;
		} else if ((why = field_problem(topic, REPORT_TOPIC_SIZE)) != NULL ||
		    (why = field_problem(sub, REPORT_SUBTOPIC_SIZE)) != NULL ||
		    (why = field_problem(csv_field(csv, 2), 1024)) != NULL) {
			snprintf(err, errlen, "%s:%ld: %s", path, csv_line(csv), why);
			r = ERR_INVALID;
		} else if (report_topics_find(t, topic, sub) != NULL) {
			snprintf(err, errlen, "%s:%ld: %s > %s ripetuto", path, csv_line(csv),
			    topic, sub);
			r = ERR_INVALID;
		} else {
			topics_add(t, topic, sub, csv_field(csv, 2));
		}
	}
	if (r == 0 && t->n == 0) {
		snprintf(err, errlen, "%s: nessun argomento", path);
		r = ERR_INVALID;
	}
	csv_free(csv);
	fclose(fp);
	free(path);
	if (r < 0) {
		report_topics_free(t);
		return r;
	}
	*out = t;
	return 0;
}

void
report_topics_free(struct report_topics *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		for (j = 0; j < t->slots[i].pub.nsubtopics; j++) {
			free((char *)t->slots[i].subs[j].name);
			free((char *)t->slots[i].subs[j].description);
		}
		free(t->slots[i].subs);
		free((char *)t->slots[i].pub.name);
	}
	free(t->slots);
	free(t);
}

size_t
report_topics_count(const struct report_topics *t)
{
	return t != NULL ? t->n : 0;
}

const struct report_topic *
report_topics_at(const struct report_topics *t, size_t i)
{
	return t != NULL && i < t->n ? &t->slots[i].pub : NULL;
}

const struct report_subtopic *
report_topics_find(const struct report_topics *t, const char *topic, const char *subtopic)
{
	size_t i, j;

	if (t == NULL || topic == NULL || subtopic == NULL)
		return NULL;
	for (i = 0; i < t->n; i++) {
		if (strcmp(t->slots[i].pub.name, topic) != 0)
			continue;
		for (j = 0; j < t->slots[i].pub.nsubtopics; j++)
			if (strcmp(t->slots[i].subs[j].name, subtopic) == 0)
				return &t->slots[i].subs[j];
	}
	return NULL;
}

/* Text. */

size_t
report_text_clean(const char *in, char *out, size_t size)
{
	size_t len = 0, blank = 0, ll, cl, k;
	const char *nl;
	char *line;
	int started = 0;

	if (size == 0)
		return 0;
	out[0] = '\0';
	while (in != NULL && *in != '\0' && len + 1 < size) {
		nl = strchr(in, '\n');
		ll = nl != NULL ? (size_t)(nl - in) : strlen(in);
		/* Each invalid byte may become a 3-byte U+FFFD. */
		line = xmalloc(3 * ll + 1);
		cl = text_sanitize(in, ll, line, 3 * ll + 1);
		while (cl > 0 && line[cl - 1] == ' ')
			cl--;
		line[cl] = '\0';
		if (cl == 0) {
			if (started)
				blank++;
		} else {
			if (started)
				for (k = 0; k <= blank && len + 1 < size; k++)
					out[len++] = '\n';
			k = size - 1 - len < cl ? size - 1 - len : cl;
			memcpy(out + len, line, k);
			out[len + k] = '\0';
			str_utf8_cut(out + len, k);
			len += strlen(out + len);
			started = 1;
			blank = 0;
		}
		free(line);
		in = nl != NULL ? nl + 1 : in + ll;
	}
	out[len] = '\0';
	/* A cut may have left a newline at the end. */
	while (len > 0 && out[len - 1] == '\n')
		out[--len] = '\0';
	return len;
}

const char *
report_subject(const struct report *r)
{
	if (r->worker_id != 0 && r->worker_name[0] != '\0')
		return r->worker_name;
	if (r->company_id != 0)
		return r->company_name;
	return r->account_login;
}
