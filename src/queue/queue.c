/*
 * The wait estimate (documented in infocigd(8)).
 *
 *   slots  S = A * M        A advisors available, M = queue.max_chats_per_advisor
 *   free   F = max(0, S - active)
 *   handle H = mean (ended_at - taken_at) of the last 50 chats closed in the
 *              past 8 hours, or QUEUE_DEFAULT_HANDLE (300 s) without history
 *   ahead  Q = chats queued before this one, both channels (the same
 *              advisors serve both)
 *
 *   wait = 0                      when Q < F (a slot is free for us)
 *        = (Q - F + 1) * H / S    otherwise: S slots each free up once every
 *                                 H seconds on average, so the queue moves at
 *                                 S / H chats a second
 *        = no estimate            when A = 0
 */
#include <stdio.h>

#include "queue.h"

int64_t
queue_estimate_wait(const struct queue_input *in)
{
	int64_t slots, free_slots, h;

	if (in->advisors <= 0 || in->max_per_advisor <= 0)
		return -1;
	slots = (int64_t)in->advisors * in->max_per_advisor;
	free_slots = slots - (in->active > 0 ? in->active : 0);
	if (free_slots < 0)
		free_slots = 0;
	if (in->ahead < free_slots)
		return 0;
	h = in->handle_avg > 0 ? in->handle_avg : QUEUE_DEFAULT_HANDLE;
	return (in->ahead - free_slots + 1) * h / slots;
}

void
queue_format_wait(int64_t seconds, char *buf, size_t size)
{
	int64_t min;

	if (seconds < 0) {
		snprintf(buf, size, "non stimabile (nessun operatore disponibile al momento)");
		return;
	}
	if (seconds < 60) {
		snprintf(buf, size, "meno di un minuto");
		return;
	}
	min = (seconds + 30) / 60;
	if (min < 60)
		snprintf(buf, size, "circa %lld minut%s", (long long)min, min == 1 ? "o" : "i");
	else if (min % 60 == 0)
		snprintf(buf, size, "circa %lld or%s", (long long)(min / 60),
		    min / 60 == 1 ? "a" : "e");
	else
		snprintf(buf, size, "circa %lld or%s e %lld minut%s", (long long)(min / 60),
		    min / 60 == 1 ? "a" : "e", (long long)(min % 60), min % 60 == 1 ? "o" : "i");
}
