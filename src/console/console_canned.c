/*
 * Canned replies (data/canned_replies.csv): the advisor picks one, its
 * {placeholders} are filled from the open chat's own case and reports, and
 * it lands in the input line to be edited before sending, shown whole above
 * it.  A placeholder with no value stays as it is, named in a notice, and
 * the line is not sent until the advisor has replaced it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "console_internal.h"

int
canned_load(struct console *con)
{
	char path[1024], header[128];
	struct csv *csv;
	FILE *fp;
	int n;

	snprintf(path, sizeof path, "%s/canned_replies.csv", con->db.datadir);
	if ((fp = fopen(path, "r")) == NULL)
		return ERR_IO;
	csv = csv_open(fp);
	if (!csv_header_is(csv, "key,title,text", header, sizeof header)) {
		csv_free(csv);
		fclose(fp);
		return ERR_INVALID;
	}
	while ((n = csv_read(csv)) > 0) {
		if (n < 3)
			continue;
		con->desk.canned = xreallocarray(con->desk.canned, con->desk.ncanned + 1, sizeof *con->desk.canned);
		con->desk.canned[con->desk.ncanned].key = xstrdup(csv_field(csv, 0));
		con->desk.canned[con->desk.ncanned].title = xstrdup(csv_field(csv, 1));
		con->desk.canned[con->desk.ncanned].text = xstrdup(csv_field(csv, 2));
		con->desk.ncanned++;
	}
	csv_free(csv);
	fclose(fp);
	return n < 0 ? ERR_INVALID : 0;
}

void
canned_free(struct console *con)
{
	size_t i;

	for (i = 0; i < con->desk.ncanned; i++) {
		free(con->desk.canned[i].key);
		free(con->desk.canned[i].title);
		free(con->desk.canned[i].text);
	}
	free(con->desk.canned);
	con->desk.canned = NULL;
	con->desk.ncanned = 0;
}

struct report_pick {
	int64_t chat_id;
	char protocol[32], office[128];
};

/* Keeps the newest report filed from the chat (reports come newest first). */
static int
report_of_chat(void *arg, const struct chat_report *r)
{
	struct report_pick *pk = arg;

	if (r->chat_id != pk->chat_id || pk->protocol[0] != '\0')
		return 0;
	str_lcpy(pk->protocol, r->protocol, sizeof pk->protocol);
	str_lcpy(pk->office, r->office, sizeof pk->office);
	return 1;
}

/* {protocollo} and {sede_segnalazione}: the report filed from the open chat. */
static int
report_placeholder(struct console *con, const char *name, char *out, size_t size)
{
	const struct chat *c = &con->desk.conv.row.chat;
	struct report_pick pk;

	memset(&pk, 0, sizeof pk);
	pk.chat_id = c->id;
	if (c->id == 0 || store_chat_reports_of(con->db.cs, c->account_id, c->company_id, 0,
	    report_of_chat, &pk) < 0 || pk.protocol[0] == '\0')
		return 0;
	str_lcpy(out, strcmp(name, "protocollo") == 0 ? pk.protocol : pk.office, size);
	return out[0] != '\0';
}

/*
 * The value of placeholder name for the open chat into out; 1 when known,
 * 0 when not.  Only the chat's own case counts (canned_choose opens it).
 */
static int
placeholder(struct console *con, const char *name, char *out, size_t size)
{
	const struct case_view *cv = &con->desk.cv;
	const struct timeline *t = &cv->t;
	int32_t deadline = 0;
	int64_t last_paid = 0;
	size_t i;

	if (strcmp(name, "nome") == 0) {
		str_lcpy(out, con->desk.conv.row.person, size);
		return out[0] != '\0';
	}
	if (strcmp(name, "protocollo") == 0 || strcmp(name, "sede_segnalazione") == 0)
		return report_placeholder(con, name, out, size);
	if (!cv->open || cv->manual || cv->chat_id != con->desk.conv.chat_id || !cv->has_timeline)
		return 0;
	if (strcmp(name, "numero_domanda") == 0) {
		str_lcpy(out, cv->p.number, size);
	} else if (strcmp(name, "tipo") == 0) {
		str_lcpy(out, practice_type_label(cv->p.type), size);
	} else if (strcmp(name, "stato") == 0) {
		str_lcpy(out, t->stage, size);
	} else if (strcmp(name, "sede") == 0) {
		str_lcpy(out, cv->p.office_name, size);
	} else if (strcmp(name, "mancante") == 0) {
		/* The timeline's lines as they are, joined; no sentence wraps them. */
		timeline_missing_join(t, out, size);
	} else if (strcmp(name, "scadenza_dati") == 0) {
		/* The earliest payment-data deadline still waiting for data. */
		for (i = 0; i < t->nmonths; i++)
			if ((!t->months[i].data_received || t->months[i].data_rejected) &&
			    (deadline == 0 || t->months[i].deadline < deadline))
				deadline = t->months[i].deadline;
		if (deadline == 0)
			return 0;
		day_format_it(deadline, out, size);
	} else if (strcmp(name, "data_prevista") == 0) {
		if (t->expected == 0)
			return 0;
		day_format_it(t->expected, out, size);
	} else if (strcmp(name, "importo") == 0) {
		for (i = 0; i < t->nmonths; i++)
			if (t->months[i].paid)
				last_paid = t->months[i].amount_cents;
		if (last_paid == 0)
			return 0;
		str_format_euro(out, size, last_paid);
	} else {
		return 0;
	}
	return out[0] != '\0';
}

/* Length of the placeholder "{name}" at s (a-z and _), or 0 when s starts none. */
static size_t
placeholder_at(const char *s)
{
	size_t n = 1;

	if (s[0] != '{')
		return 0;
	while ((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_')
		n++;
	return n > 1 && n < 32 && s[n] == '}' ? n + 1 : 0;
}

size_t
canned_unfilled(const char *text, char *names, size_t size)
{
	size_t count = 0, n, len;
	const char *p;

	if (size > 0)
		names[0] = '\0';
	for (p = text; *p != '\0'; p++) {
		if ((n = placeholder_at(p)) == 0)
			continue;
		len = strlen(names);
		if (len + n + 3 < size)
			snprintf(names + len, size - len, "%s%.*s", count ? ", " : "", (int)n, p);
		count++;
		p += n - 1;
	}
	return count;
}

char *
canned_fill(struct console *con, const char *text)
{
	char *out = xmalloc(INPUT_MAX), name[32], value[512];
	const char *p = text;
	size_t len = 0, n, k;

	out[0] = '\0';
	while (*p != '\0' && len + 1 < INPUT_MAX) {
		if ((k = placeholder_at(p)) != 0) {
			memcpy(name, p + 1, k - 2);
			name[k - 2] = '\0';
			if (placeholder(con, name, value, sizeof value)) {
				n = strlen(value);
				if (len + n >= INPUT_MAX)
					n = INPUT_MAX - 1 - len;
				memcpy(out + len, value, n);
				len += n;
				p += k;
				continue;
			}
		}
		out[len++] = *p++;
	}
	out[len] = '\0';
	return out;
}

void
canned_choose(struct console *con)
{
	const char **items;
	char *filled, names[160];
	size_t i;
	int pick;

	if (con->desk.conv.chat_id == 0) {
		console_notice(con, 1, "Apra prima una chat: la risposta va nella sua riga.");
		return;
	}
	if (con->desk.ncanned == 0) {
		console_notice(con, 1, "Nessuna risposta pronta disponibile.");
		return;
	}
	items = xcalloc(con->desk.ncanned, sizeof *items);
	for (i = 0; i < con->desk.ncanned; i++)
		items[i] = con->desk.canned[i].title;
	pick = dialog_menu(con, "Risposte pronte", items, con->desk.ncanned, 0);
	free(items);
	if (pick < 0)
		return;
	/* The values come from the chat's own person, even after a lookup (F4). */
	if (!con->desk.cv.open || con->desk.cv.manual || con->desk.cv.chat_id != con->desk.conv.chat_id)
		case_open_for_chat(con, &con->desk.conv.row);
	filled = canned_fill(con, con->desk.canned[pick].text);
	input_set(&con->desk.in, filled);
	con->scr.focus = PANE_CONV;
	con->scr.dirty = DIRTY_ALL;
	if (canned_unfilled(filled, names, sizeof names) > 0)
		console_notice(con, 1, "Da completare prima dell'invio: %s", names);
	else
		console_notice(con, 0, "Controlli la risposta (intera sopra la riga), poi Invio.");
	free(filled);
}
