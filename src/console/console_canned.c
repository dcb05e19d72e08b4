/*
 * Canned replies (data/canned_replies.csv): the advisor picks one, its
 * {placeholders} are filled from the open case, and it lands in the input
 * line to be edited before sending.  A placeholder with no value stays as
 * it is, visible, for the advisor to complete.
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

	snprintf(path, sizeof path, "%s/canned_replies.csv", con->datadir);
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
		con->canned = xreallocarray(con->canned, con->ncanned + 1, sizeof *con->canned);
		con->canned[con->ncanned].key = xstrdup(csv_field(csv, 0));
		con->canned[con->ncanned].title = xstrdup(csv_field(csv, 1));
		con->canned[con->ncanned].text = xstrdup(csv_field(csv, 2));
		con->ncanned++;
	}
	csv_free(csv);
	fclose(fp);
	return n < 0 ? ERR_INVALID : 0;
}

void
canned_free(struct console *con)
{
	size_t i;

	for (i = 0; i < con->ncanned; i++) {
		free(con->canned[i].key);
		free(con->canned[i].title);
		free(con->canned[i].text);
	}
	free(con->canned);
	con->canned = NULL;
	con->ncanned = 0;
}

/* The value of placeholder name from the case, or NULL when unknown. */
static int
placeholder(struct console *con, const char *name, char *out, size_t size)
{
	const struct case_view *cv = &con->cv;
	const struct timeline *t = &cv->t;
	int32_t deadline = 0;
	int64_t last_paid = 0;
	size_t i, len;

	if (strcmp(name, "nome") == 0) {
		if (con->conv.chat_id != 0)
			str_lcpy(out, con->conv.row.person, size);
		else if (cv->lk.has_worker)
			snprintf(out, size, "%s %s", cv->lk.worker.name, cv->lk.worker.surname);
		else
			return 0;
		return 1;
	}
	if (!cv->has_timeline)
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
		out[0] = '\0';
		for (i = 0; i < t->nmissing; i++) {
			len = strlen(out);
			snprintf(out + len, size - len, "%s%s", i ? "; " : "", t->missing[i]);
		}
		if (t->nmissing == 0)
			str_lcpy(out, "nessuno", size);
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
	return 1;
}

char *
canned_fill(struct console *con, const char *text)
{
	char *out = xmalloc(INPUT_MAX), name[32], value[512];
	const char *p = text, *close;
	size_t len = 0, n;

	out[0] = '\0';
	while (*p != '\0' && len + 1 < INPUT_MAX) {
		close = *p == '{' ? strchr(p, '}') : NULL;
		if (close != NULL && (size_t)(close - p - 1) < sizeof name) {
			memcpy(name, p + 1, (size_t)(close - p - 1));
			name[close - p - 1] = '\0';
			if (placeholder(con, name, value, sizeof value)) {
				n = strlen(value);
				if (len + n >= INPUT_MAX)
					n = INPUT_MAX - 1 - len;
				memcpy(out + len, value, n);
				len += n;
				p = close + 1;
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
	char *filled;
	size_t i;
	int pick;

	if (con->conv.chat_id == 0) {
		console_notice(con, 1, "Apra prima una chat: la risposta va nella sua riga.");
		return;
	}
	if (con->ncanned == 0) {
		console_notice(con, 1, "Nessuna risposta pronta disponibile.");
		return;
	}
	items = xcalloc(con->ncanned, sizeof *items);
	for (i = 0; i < con->ncanned; i++)
		items[i] = con->canned[i].title;
	pick = dialog_menu(con, "Risposte pronte", items, con->ncanned, 0);
	free(items);
	if (pick < 0)
		return;
	filled = canned_fill(con, con->canned[pick].text);
	input_set(&con->in, filled);
	free(filled);
	con->focus = PANE_CONV;
	con->dirty = DIRTY_ALL;
	console_notice(con, 0, "Controlli e completi la risposta, poi Invio per inviarla.");
}
