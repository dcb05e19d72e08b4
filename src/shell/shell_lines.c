/*
 * The conversation's lines, both ways: the person's go to the database
 * (at most ssh.rate_lines in ssh.rate_seconds, kept in order while another
 * process holds the write lock), the advisor's come to the screen (as they
 * arrive, or replayed a page at a time when a chat is resumed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "shell_internal.h"
#include "text.h"

/* Lines that may wait for the database; more are refused with a notice. */
#define PENDING_MAX 20
/* After a write found the database locked, the next try waits this long. */
#define WRITE_RETRY_MS 500

/* Messages read per page of a replay. */
#define REPLAY_PAGE 10
/* The person's typing marks the chat at most this often. */
#define TYPING_MARK_MS 3000

static void show_message(struct shell *sh, const struct chat_message *m);

/* Bytes waiting to be sent to the person. */
static size_t
queued(const struct shell *sh)
{
	return sh->io.queued != NULL ? sh->io.queued(sh->io.arg) : 0;
}

/* How much output a replay may leave queued before it waits for the client. */
static size_t
replay_budget(const struct shell *sh)
{
	return (size_t)sh->env->conf->ssh.output_queue_kib * 1024 / 2;
}

struct replay_page {
	struct shell *sh;
	int n;
};

static int
history_line(void *arg, const struct chat_message *m)
{
	struct replay_page *pg = arg;

	show_message(pg->sh, m);
	pg->n++;
	/* Stop early when the page filled the budget: the rest waits for the client. */
	return queued(pg->sh) >= replay_budget(pg->sh) ? 1 : 0;
}

/* The replay is over: where the person stands now. */
static void
replay_done(struct shell *sh)
{
	sh->replaying = 0;
	if (sh->state == SH_QUEUED)
		shell_show_queue(sh, clock_now());
	else if (sh->state == SH_CHAT)
		shell_say(sh, "Sta parlando con l'operatore %s.\n", sh->chat.advisor_name);
}

int
shell_pump(struct shell *sh)
{
	struct replay_page pg = { sh, 0 };

	i18n_use(sh->lang);
	while (sh->replaying) {
		if (sh->state != SH_QUEUED && sh->state != SH_CHAT) {
			sh->replaying = 0;
			break;
		}
		if (queued(sh) >= replay_budget(sh))
			return 1;	/* the client has not read the last page yet */
		pg.n = 0;
		if (store_chat_messages_since(sh->env->cs, sh->chat.id, sh->last_msg_id, 0,
		    REPLAY_PAGE, history_line, &pg) < 0)
			return 1;	/* the database is busy: again at the next tick */
		if (pg.n < REPLAY_PAGE && queued(sh) < replay_budget(sh))
			replay_done(sh);
	}
	return 0;
}

void
shell_deliver(struct shell *sh, const struct chat_message *m)
{
	i18n_use(sh->lang);
	/* During a replay new lines come in their turn, after the older ones. */
	if (sh->replaying)
		return;
	show_message(sh, m);
}

static void
show_message(struct shell *sh, const struct chat_message *m)
{
	char hhmm[16], *clean;
	struct chat cur;
	size_t n;

	if (m->id <= sh->last_msg_id)
		return;
	sh->last_msg_id = m->id;
	/* The advisor took the chat and wrote before the next snapshot showed it. */
	if (sh->state == SH_QUEUED && strcmp(m->sender, "advisor") == 0 &&
	    store_chat_get(sh->env->cs, sh->chat.id, &cur) == 0 && cur.state == CHAT_ACTIVE) {
		sh->chat = cur;
		shell_enter_chat(sh);
	}
	n = strlen(m->body);
	clean = xmalloc(n * 3 + 1);
	text_sanitize(m->body, n, clean, n * 3 + 1);
	shell_hhmm(sh, m->at, hhmm, sizeof hhmm);
	if (strcmp(m->sender, "advisor") == 0) {
		/* The line the advisor was typing is here: a later mark is news again. */
		sh->typing_told = 0;
		if (m->sent_ms > sh->advisor_line_ms)
			sh->advisor_line_ms = m->sent_ms;
	}
	if (strcmp(m->sender, "advisor") == 0)
		shell_say(sh, "[%s] Operatore %s: %s\n", hhmm,
		    sh->chat.advisor_name[0] ? sh->chat.advisor_name : "INFO CIG", clean);
	else if (strcmp(m->sender, "user") == 0)
		shell_say(sh, "[%s] Lei: %s\n", hhmm, clean);
	else
		shell_say(sh, "[%s] * %s\n", hhmm, clean);
	free(clean);
	sh->last_activity = clock_mono_ms();
}

/* 1 when the line may go: at most rate_lines lines in rate_seconds. */
static int
rate_ok(struct shell *sh)
{
	int64_t now = clock_mono_ms();
	int64_t oldest = sh->rate[sh->rate_i];

	if (oldest != 0 && now - oldest < (int64_t)sh->env->conf->ssh.rate_seconds * 1000)
		return 0;
	sh->rate[sh->rate_i] = now;
	sh->rate_i = (sh->rate_i + 1) % sh->rate_n;
	return 1;
}

/* 1 while writes wait for a lock another process holds. */
static int
write_deferred(const struct shell *sh)
{
	return sh->env->write_retry_at != NULL && clock_mono_ms() < *sh->env->write_retry_at;
}

static void
write_failed(struct shell *sh)
{
	if (sh->env->write_retry_at != NULL)
		*sh->env->write_retry_at = clock_mono_ms() + WRITE_RETRY_MS;
}

/* Writes the waiting lines, oldest first; stops at the first that fails. */
void
shell_pending_flush(struct shell *sh)
{
	char hhmm[16];
	size_t done = 0;

	while (done < sh->npending && !write_deferred(sh)) {
		struct pending_line *p = &sh->pending[done];

		if (store_chat_message_add(sh->env->cs, sh->chat.id, "user", sh->acct.id, p->at,
		    p->text, NULL) < 0) {
			write_failed(sh);
			break;
		}
		shell_hhmm(sh, p->at, hhmm, sizeof hhmm);
		shell_say(sh, "[%s] Lei: %s\n", hhmm, p->text);
		free(p->text);
		done++;
	}
	if (done > 0) {
		memmove(sh->pending, sh->pending + done, (sh->npending - done) * sizeof *sh->pending);
		sh->npending -= done;
	}
}

/* Keeps a line the database could not take; 0, or -1 when too many wait. */
static int
pending_add(struct shell *sh, const char *clean, int64_t now)
{
	if (sh->npending >= PENDING_MAX)
		return -1;
	sh->pending = xreallocarray(sh->pending, sh->npending + 1, sizeof *sh->pending);
	sh->pending[sh->npending].text = xstrdup(clean);
	sh->pending[sh->npending].at = now;
	sh->npending++;
	return 0;
}

void
shell_send_text(struct shell *sh, const char *line)
{
	size_t n = strlen(line);
	char *clean = xmalloc(n * 3 + 1);	/* every bad byte may become U+FFFD */
	char hhmm[16];
	int64_t now = clock_now();

	text_sanitize(line, n, clean, n * 3 + 1);
	if (clean[0] == '\0') {
		free(clean);
		return;
	}
	if (!rate_ok(sh)) {
		shell_say(sh, "Sta scrivendo troppo in fretta: attenda qualche secondo e riprovi.\n");
		free(clean);
		return;
	}
	sh->last_activity = clock_mono_ms();
	sh->typing_marked = 0;		/* the next line is news for the advisor again */
	/* Lines keep their order: behind one that waits, the next waits too. */
	if (sh->npending > 0 || write_deferred(sh) ||
	    store_chat_message_add(sh->env->cs, sh->chat.id, "user", sh->acct.id, now, clean,
	    NULL) < 0) {
		if (sh->npending == 0 && !write_deferred(sh))
			write_failed(sh);
		if (pending_add(sh, clean, now) < 0)
			shell_say(sh, "Messaggio non inviato (servizio momentaneamente occupato): "
			    "riprovi tra poco.\n");
		else
			shell_say(sh, "(in attesa) %s\nIl servizio è momentaneamente occupato: la riga "
			    "sarà inviata appena possibile.\n", clean);
		free(clean);
		return;
	}
	shell_hhmm(sh, now, hhmm, sizeof hhmm);
	shell_say(sh, "[%s] Lei: %s\n", hhmm, clean);
	free(clean);
}

void
shell_typing_mark(struct shell *sh)
{
	size_t len, pos;
	int64_t now = clock_mono_ms();

	if (sh->state != SH_CHAT || sh->replaying || write_deferred(sh))
		return;
	shell_edit_buffer(sh->ed, &len, &pos);
	if (len == 0 || (sh->typing_marked != 0 && now - sh->typing_marked < TYPING_MARK_MS))
		return;
	sh->typing_marked = now;
	/* A mark lost to a busy database only hides the indicator once. */
	(void)store_chat_typing_mark(sh->env->cs, sh->chat.id, 0);
}

void
shell_typing_seen(struct shell *sh, int64_t advisor_ms)
{
	if (advisor_ms == 0 || advisor_ms <= sh->advisor_line_ms ||
	    advisor_ms <= sh->typing_seen_ms)
		return;
	sh->typing_seen_ms = advisor_ms;
	if (sh->typing_told || sh->replaying)
		return;
	sh->typing_told = 1;
	shell_say(sh, "L'operatore sta scrivendo...\n");
}
