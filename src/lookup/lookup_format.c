/* An application and its timeline as text for people, or as JSON. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "lookup.h"

static const char *
date_it(int32_t day, char *buf, size_t size)
{
	return day ? day_format_it(day, buf, size) : "-";
}

static void
month_label(int32_t yyyymm, char *buf, size_t size)
{
	snprintf(buf, size, "%s %d", practice_month_name(yyyymm % 100), yyyymm / 100);
}

static const char *
source_text(enum estimate_source s)
{
	switch (s) {
	case ESTIMATE_HISTORY:
		return "stima dai casi recenti della stessa sede e dello stesso tipo";
	case ESTIMATE_FALLBACK:
		return "stima dai tempi standard (storico insufficiente)";
	default:
		return "";
	}
}

/* "    - text [basis]": the legal basis an advisor can cite. */
static void
print_line(FILE *fp, const char *text, const char *basis)
{
	fprintf(fp, "    - %s", text);
	if (basis[0] != '\0')
		fprintf(fp, " [%s]", basis);
	fputc('\n', fp);
}

static void
print_filing(FILE *fp, const struct timeline *t)
{
	char a[16];

	if (t->filing_text[0] != '\0')
		fprintf(fp, "    %s", t->filing_text);
	else if (t->filing_deadline != 0)
		fprintf(fp, "    domanda entro il %s", date_it(t->filing_deadline, a, sizeof a));
	else
		fprintf(fp, "    domanda: nessun termine calcolabile");
	if (t->filed_late)
		fprintf(fp, " (presentata oltre il termine)");
	if (t->filing_basis[0] != '\0')
		fprintf(fp, " [%s]", t->filing_basis);
	fputc('\n', fp);
	if (t->conguaglio_deadline != 0)
		fprintf(fp, "    conguaglio entro il %s%s [%s]\n",
		    date_it(t->conguaglio_deadline, a, sizeof a),
		    t->conguaglio_lapsed ? " (termine scaduto)" : "", t->conguaglio_basis);
}

/*
 * One integration month.  Only a month with a payment-data term names a
 * date: conguaglio, respinta and annullata have none ("entro il -" said
 * nothing true).
 */
static void
print_month(FILE *fp, const struct practice *p, const struct timeline_month *tm,
    int one_worker)
{
	char a[16], m[32];

	month_label(tm->month, m, sizeof m);
	if (tm->not_due) {
		fprintf(fp, "    %s: non indennizzabile (domanda tardiva)\n", m);
		return;
	}
	if (tm->deadline != 0)
		fprintf(fp, "    dati di pagamento di %s entro il %s: ", m,
		    date_it(tm->deadline, a, sizeof a));
	else
		fprintf(fp, "    %s: ", m);
	if (p->mode != PAYMENT_DIRECT)
		fputs("a conguaglio dall'azienda", fp);
	else if (one_worker || p->nworkers <= 1)
		fputs(tm->paid ? "pagato" : tm->decadenza ?
		    "DECADENZA, pagamento a carico dell'azienda" :
		    tm->data_rejected ? "dati scartati" : tm->data_received ? "ricevuti" :
		    "non ancora ricevuti", fp);
	else if (tm->paid)
		fputs("pagato a tutti i lavoratori", fp);
	else
		/* For the whole application the flags count workers. */
		fprintf(fp, "ricevuti per %d lavoratori su %zu, scartati %d, in decadenza %d",
		    tm->data_received, p->nworkers, tm->data_rejected, tm->decadenza);
	if (tm->basis[0] != '\0')
		fprintf(fp, " [%s]", tm->basis);
	fputc('\n', fp);
}

void
lookup_print_practice(FILE *fp, const struct practice *p, const struct timeline *t,
    int64_t worker_id, int with_events)
{
	const struct practice_worker *w = worker_id ? practice_find_worker(p, worker_id) : NULL;
	char a[16], b[16], m[32], euro[32];
	size_t i;

	fprintf(fp, "Domanda %s - %s\n", p->number, practice_type_label(p->type));
	fprintf(fp, "  Azienda: %s (CF %s)\n  Sede competente: %s\n", p->company_name,
	    p->company_cf, p->office_name);
	fprintf(fp, "  Periodo: dal %s al %s", date_it(p->period_from, a, sizeof a),
	    date_it(p->period_to, b, sizeof b));
	if (p->weeks)
		fprintf(fp, ", %d settimane", p->weeks);
	if (p->hours)
		fprintf(fp, ", %d ore", p->hours);
	fprintf(fp, "\n  Causale: %s; %s\n", p->reason, p->mode == PAYMENT_DIRECT ?
	    "pagamento diretto INPS" : "anticipo dell'azienda a conguaglio");
	if (w != NULL)
		fprintf(fp, "  Lavoratore: %s (%s), %d ore\n", w->name, w->cf, w->hours);
	else
		fprintf(fp, "  Lavoratori coinvolti: %zu\n", p->nworkers);
	fprintf(fp, "  Stato: %s\n", t->stage);
	if (t->nmissing > 0) {
		fprintf(fp, "  Cosa manca:\n");
		for (i = 0; i < t->nmissing; i++)
			print_line(fp, t->missing[i], t->missing_basis[i]);
	}
	if (t->nnotes > 0) {
		fprintf(fp, "  Da sapere:\n");
		for (i = 0; i < t->nnotes; i++)
			print_line(fp, t->notes[i], t->note_basis[i]);
	}
	fprintf(fp, "  Scadenze:\n");
	print_filing(fp, t);
	for (i = 0; i < t->nmonths; i++)
		print_month(fp, p, &t->months[i], w != NULL);
	if (t->source != ESTIMATE_NONE && t->expected)
		fprintf(fp, "  Pagamento previsto: %s (tra il %s e il %s), %s",
		    date_it(t->expected, a, sizeof a), date_it(t->expected_low, b, sizeof b),
		    date_it(t->expected_high, m, sizeof m), source_text(t->source));
	if (t->source == ESTIMATE_HISTORY)
		fprintf(fp, ", %d casi", t->history_samples);
	if (t->source != ESTIMATE_NONE && t->expected)
		fputc('\n', fp);
	if (t->paid_cents > 0) {
		fprintf(fp, "  Pagamenti:\n");
		for (i = 0; i < t->nmonths; i++) {
			if (t->months[i].amount_cents <= 0)
				continue;
			month_label(t->months[i].month, m, sizeof m);
			str_format_euro(euro, sizeof euro, t->months[i].amount_cents);
			fprintf(fp, "    %s: %s%s\n", m, euro,
			    t->months[i].domiciliato ? " (bonifico domiciliato)" : "");
		}
		str_format_euro(euro, sizeof euro, t->paid_cents);
		fprintf(fp, "    totale pagato: %s\n", euro);
	}
	if (!with_events)
		return;
	fprintf(fp, "  Eventi:\n");
	for (i = 0; i < p->nevents; i++) {
		const struct practice_event *ev = &p->events[i];

		if (ev->worker_id != 0 && worker_id != 0 && ev->worker_id != worker_id)
			continue;
		fprintf(fp, "    %s %s", date_it(ev->day, a, sizeof a), event_kind_label(ev->kind));
		if (ev->month) {
			month_label(ev->month, m, sizeof m);
			fprintf(fp, ", %s", m);
		}
		if (ev->worker_id != 0 && worker_id == 0) {
			const struct practice_worker *ew = practice_find_worker(p, ev->worker_id);

			fprintf(fp, ", %s", ew ? ew->name : "?");
		}
		if (ev->amount_cents > 0) {
			str_format_euro(euro, sizeof euro, ev->amount_cents);
			fprintf(fp, ", %s", euro);
		}
		if (ev->detail[0])
			fprintf(fp, " (%s)", ev->detail);
		fputc('\n', fp);
	}
}

static void
json_day(FILE *fp, const char *name, int32_t day, int comma)
{
	char buf[16];

	fprintf(fp, "\"%s\":", name);
	if (day)
		json_put_string(fp, day_format(day, buf, sizeof buf));
	else
		fputs("null", fp);
	if (comma)
		fputc(',', fp);
}

void
lookup_print_practice_json(FILE *fp, const struct practice *p, const struct timeline *t,
    int64_t worker_id)
{
	const struct practice_worker *w = worker_id ? practice_find_worker(p, worker_id) : NULL;
	size_t i;

	fputs("{\"number\":", fp);
	json_put_string(fp, p->number);
	fputs(",\"type\":", fp);
	json_put_string(fp, practice_type_name(p->type));
	fputs(",\"mode\":", fp);
	json_put_string(fp, payment_mode_name(p->mode));
	fputs(",\"company\":{\"cf\":", fp);
	json_put_string(fp, p->company_cf);
	fputs(",\"name\":", fp);
	json_put_string(fp, p->company_name);
	fputs("},\"office\":", fp);
	json_put_string(fp, p->office_name);
	fputc(',', fp);
	json_day(fp, "period_from", p->period_from, 1);
	json_day(fp, "period_to", p->period_to, 1);
	fputs("\"worker\":", fp);
	if (w != NULL) {
		fputs("{\"cf\":", fp);
		json_put_string(fp, w->cf);
		fputs(",\"name\":", fp);
		json_put_string(fp, w->name);
		fputc('}', fp);
	} else {
		fputs("null", fp);
	}
	fputs(",\"status\":", fp);
	json_put_string(fp, practice_status_name(t->status));
	fputs(",\"stage\":", fp);
	json_put_string(fp, t->stage);
	fputs(",\"missing\":[", fp);
	for (i = 0; i < t->nmissing; i++) {
		if (i)
			fputc(',', fp);
		json_put_string(fp, t->missing[i]);
	}
	fputs("],\"missing_basis\":[", fp);
	for (i = 0; i < t->nmissing; i++) {
		if (i)
			fputc(',', fp);
		json_put_string(fp, t->missing_basis[i]);
	}
	fputs("],\"notes\":[", fp);
	for (i = 0; i < t->nnotes; i++) {
		fputs(i ? ",{\"text\":" : "{\"text\":", fp);
		json_put_string(fp, t->notes[i]);
		fputs(",\"basis\":", fp);
		json_put_string(fp, t->note_basis[i]);
		fputc('}', fp);
	}
	fputs("],\"causale_class\":", fp);
	json_put_string(fp, t->causale_class ? t->causale_class : "");
	fputs(",\"filing\":{\"text\":", fp);
	json_put_string(fp, t->filing_text);
	fputs(",\"basis\":", fp);
	json_put_string(fp, t->filing_basis);
	fputc(',', fp);
	json_day(fp, "covered_from", t->covered_from, 0);
	fputs("},\"conguaglio\":", fp);
	if (t->conguaglio_deadline != 0) {
		fputc('{', fp);
		json_day(fp, "deadline", t->conguaglio_deadline, 1);
		fprintf(fp, "\"lapsed\":%s,\"basis\":", t->conguaglio_lapsed ? "true" : "false");
		json_put_string(fp, t->conguaglio_basis);
		fputc('}', fp);
	} else {
		fputs("null", fp);
	}
	fputs(",\"payment_late\":", fp);
	if (t->payment_late) {
		fputc('{', fp);
		json_day(fp, "due", t->payment_due, 0);
		fputc('}', fp);
	} else {
		fputs("null", fp);
	}
	fputc(',', fp);
	json_day(fp, "filing_deadline", t->filing_deadline, 1);
	fprintf(fp, "\"filed_late\":%s,\"months\":[", t->filed_late ? "true" : "false");
	for (i = 0; i < t->nmonths; i++) {
		const struct timeline_month *tm = &t->months[i];

		fprintf(fp, "%s{\"month\":\"%04d-%02d\",", i ? "," : "", tm->month / 100,
		    tm->month % 100);
		json_day(fp, "deadline", tm->deadline, 1);
		fputs("\"basis\":", fp);
		json_put_string(fp, tm->basis);
		fprintf(fp, ",\"not_due\":%s,", tm->not_due ? "true" : "false");
		/* Counts of workers (0 or 1 for one worker's timeline). */
		fprintf(fp, "\"paid\":%s,\"decadenza\":%d,\"data_received\":%d,"
		    "\"data_rejected\":%d,\"domiciliato\":%d,\"amount_cents\":%" PRId64 "}",
		    tm->paid ? "true" : "false", tm->decadenza, tm->data_received,
		    tm->data_rejected, tm->domiciliato, tm->amount_cents);
	}
	fputs("],\"expected_payment\":", fp);
	if (t->source != ESTIMATE_NONE && t->expected) {
		fputc('{', fp);
		json_day(fp, "date", t->expected, 1);
		json_day(fp, "low", t->expected_low, 1);
		json_day(fp, "high", t->expected_high, 1);
		fprintf(fp, "\"source\":\"%s\",\"samples\":%d}",
		    t->source == ESTIMATE_HISTORY ? "history" : "fallback", t->history_samples);
	} else {
		fputs("null", fp);
	}
	fprintf(fp, ",\"paid_cents\":%" PRId64 ",\"events\":[", t->paid_cents);
	for (i = 0; i < p->nevents; i++) {
		const struct practice_event *ev = &p->events[i];

		fprintf(fp, "%s{\"kind\":\"%s\",", i ? "," : "", event_kind_name(ev->kind));
		json_day(fp, "day", ev->day, 1);
		fprintf(fp, "\"worker_id\":%" PRId64 ",\"month\":%d,\"amount_cents\":%" PRId64
		    ",\"detail\":", ev->worker_id, ev->month, ev->amount_cents);
		json_put_string(fp, ev->detail);
		fputc('}', fp);
	}
	fputs("]}", fp);
}
