/*
 * The chat shell: greeting, company choice, eligibility, queue, chat,
 * satisfaction survey.  Everything the person says becomes a message row;
 * the advisor's rows come back through shell_deliver() (DESIGN.md 2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "common.h"
#include "queue.h"
#include "service.h"
#include "shell_internal.h"
#include "text.h"

#define SURVEY_TRIES 3

static void
set_prompt(struct shell *sh)
{
	switch (sh->state) {
	case SH_CHOOSE:
		shell_edit_set_prompt(sh->ed, "Numero dell'azienda: ");
		break;
	case SH_SURVEY:
		shell_edit_set_prompt(sh->ed, "Voto (1-5): ");
		break;
	default:
		shell_edit_set_prompt(sh->ed, sh->pty ? "> " : "");
		break;
	}
}

/* Setup. */

int
shell_env_load(struct shell_env *env, const struct conf *c)
{
	struct service s = env->service;
	int r;

	/* A file refused leaves the service as it was (SIGHUP keeps the old one). */
	memset(&env->service, 0, sizeof env->service);
	if ((r = service_load(&env->service, c)) < 0) {
		service_clear(&env->service);
		env->service = s;
		return r;
	}
	service_clear(&s);
	env->conf = c;
	return 0;
}

void
shell_env_clear(struct shell_env *env)
{
	service_clear(&env->service);
}

/* The width the shell wraps to: what the line editor uses too. */
static int
clamp_cols(int cols)
{
	return cols >= 10 ? (cols > 1000 ? 1000 : cols) : 80;
}

struct shell *
shell_new(const struct shell_env *env, const struct store_account *account,
    const struct shell_io *io, int pty, int cols)
{
	struct shell *sh = xcalloc(1, sizeof *sh);
	const struct conf *c = env->conf;

	sh->env = env;
	sh->acct = *account;
	sh->io = *io;
	sh->pty = pty;
	sh->cols = clamp_cols(cols);
	sh->ed = shell_edit_new((size_t)c->ssh.max_line, 50);
	shell_edit_set_echo(sh->ed, pty);
	shell_edit_set_width(sh->ed, cols);
	sh->rate_n = (size_t)c->ssh.rate_lines;
	sh->rate = xcalloc(sh->rate_n, sizeof *sh->rate);
	sh->last_activity = clock_mono_ms();
	set_prompt(sh);
	return sh;
}

void
shell_set_lang(struct shell *sh, enum lang l)
{
	sh->lang = l;
}

void
shell_free(struct shell *sh)
{
	if (sh == NULL)
		return;
	shell_edit_free(sh->ed);
	while (sh->npending > 0)
		free(sh->pending[--sh->npending].text);
	free(sh->pending);
	free(sh->companies);
	free(sh->rate);
	shell_buf_free(&sh->out);
	free(sh);
}

int64_t
shell_chat_id(const struct shell *sh)
{
	return (sh->state == SH_QUEUED || sh->state == SH_CHAT) ? sh->chat.id : 0;
}

int
shell_done(const struct shell *sh)
{
	return sh->state == SH_DONE;
}

void
shell_resize(struct shell *sh, int cols)
{
	i18n_use(sh->lang);
	shell_edit_hide(sh->ed, &sh->out);
	shell_edit_set_width(sh->ed, cols);
	sh->cols = clamp_cols(cols);
	if (sh->state != SH_DONE && sh->state != SH_NEW)
		shell_edit_show(sh->ed, &sh->out);
	shell_flush(sh);
}

/* Queue. */

/* The chat's state changed in the database: the daemon refreshes the others. */
static void
touched(struct shell *sh)
{
	if (sh->env->dirty != NULL)
		*sh->env->dirty = 1;
}

/*
 * Shows the place and the estimated wait when they changed (or always with
 * force), at most once every queue.refresh_seconds otherwise.
 */
static void
queue_show(struct shell *sh, int pos, int ahead_all, const struct chat_queue_stats *qs,
    int force)
{
	struct queue_input qi;
	char wait[96], text[160];

	qi.ahead = ahead_all;
	qi.active = qs->active;
	qi.advisors = qs->advisors;
	qi.max_per_advisor = sh->env->conf->queue.max_chats_per_advisor;
	qi.handle_avg = qs->handle_avg;
	queue_format_wait(queue_estimate_wait(&qi), wait, sizeof wait);
	snprintf(text, sizeof text, "Posizione in coda: %d - attesa stimata: %s", pos, wait);
	if (!force && strcmp(text, sh->last_queue_text) == 0)
		return;
	if (!force && clock_mono_ms() - sh->last_shown_refresh <
	    (int64_t)sh->env->conf->queue.refresh_seconds * 1000)
		return;
	str_lcpy(sh->last_queue_text, text, sizeof sh->last_queue_text);
	sh->last_shown_refresh = clock_mono_ms();
	shell_say(sh, "%s\n", text);
}

/* The place and estimate read from the database (on joining the queue). */
void
shell_show_queue(struct shell *sh, int64_t now)
{
	struct chat_queue_stats qs;
	int pos;

	if (store_chat_queue_position(sh->env->cs, &sh->chat, &pos) < 0 ||
	    store_chat_queue_stats(sh->env->cs, &sh->chat, now, &qs) < 0)
		return;
	queue_show(sh, pos, qs.queued_ahead_all, &qs, 1);
}

void
shell_enter_chat(struct shell *sh)
{
	/* The wait in the queue is not idleness: the idle timeout starts now. */
	sh->last_activity = clock_mono_ms();
	sh->state = SH_CHAT;
	set_prompt(sh);
	shell_say(sh, "L'operatore %s ha preso in carico la sua richiesta. Scriva pure.\n",
	    sh->chat.advisor_name[0] ? sh->chat.advisor_name : "INFO CIG");
}

static void
start_survey(struct shell *sh)
{
	sh->state = SH_SURVEY;
	sh->survey_tries = 0;
	set_prompt(sh);
	shell_say(sh, "\nLa conversazione è terminata.\n"
	    "Quanto è soddisfatto del servizio? Scriva un numero da 1 (per niente) a 5 (molto).\n");
}

/* The facts admission needs that only the database knows. */
static void
admission_facts(struct shell *sh, struct service_request *rq)
{
	const struct shell_env *env = sh->env;
	struct chat live;

	memset(rq, 0, sizeof *rq);
	rq->now = clock_now();
	rq->is_company = sh->company.id != 0;
	rq->province = sh->province;
	if (store_chat_find_live(env->cs, sh->acct.id, &live) == 0) {
		if ((pid_t)live.owner_pid != env->pid && !shell_pid_alive((pid_t)live.owner_pid)) {
			/* Its daemon died without marking it: it is resumable. */
			store_chat_disconnect_owner(env->cs, (pid_t)live.owner_pid, rq->now);
		} else {
			rq->is_live_elsewhere = 1;
		}
	}
	rq->is_resumable = !rq->is_live_elsewhere &&
	    store_chat_find_resumable(env->cs, sh->acct.id, sh->company.id,
	    rq->now - env->conf->queue.reconnect_grace, &sh->chat) == 0;
}

/* Gives back the chat found resumable; 0, or -1 when it could not be taken back. */
static int
resume(struct shell *sh)
{
	const struct shell_env *env = sh->env;

	if (store_chat_resume(env->cs, sh->chat.id, env->pid) < 0 ||
	    store_chat_get(env->cs, sh->chat.id, &sh->chat) < 0)
		return -1;
	log_info("chat %lld resumed", (long long)sh->chat.id);
	touched(sh);
	shell_say(sh, "Bentornato: riprende la conversazione interrotta.\n");
	sh->state = sh->chat.state == CHAT_ACTIVE ? SH_CHAT : SH_QUEUED;
	set_prompt(sh);
	sh->last_msg_id = 0;
	/* The history follows in pages, as the client reads them (shell_pump). */
	sh->replaying = 1;
	shell_pump(sh);
	return 0;
}

/* A new chat in the queue of the person's channel. */
static void
enqueue(struct shell *sh, int64_t now)
{
	const struct shell_env *env = sh->env;
	int is_company = sh->company.id != 0;
	int64_t id;

	if (store_chat_open(env->cs, sh->acct.id, sh->company.id,
	    is_company ? CHAT_CHANNEL_COMPANIES : CHAT_CHANNEL_WORKERS, sh->province,
	    env->pid, now, &id) < 0 || store_chat_get(env->cs, id, &sh->chat) < 0) {
		shell_say(sh, "Non è stato possibile metterla in coda, riprovi tra qualche minuto.\n");
		shell_finish(sh, 1);
		return;
	}
	touched(sh);
	store_chat_message_last_id(env->cs, &sh->last_msg_id);
	sh->state = SH_QUEUED;
	set_prompt(sh);
	shell_say(sh, "La sua richiesta è in coda sul canale \"%s\". Un operatore le risponderà "
	    "appena possibile.\nPuò già scrivere la sua domanda; /aiuto elenca i comandi.\n",
	    chat_channel_name(sh->chat.channel));
	shell_show_queue(sh, now);
}

/* Queue the person, or give back a chat that dropped a moment ago: service_admit decides. */
static void
proceed(struct shell *sh)
{
	const struct service *svc = &sh->env->service;
	struct service_request rq;
	struct service_admission a;
	char d[16], when[64];

	admission_facts(sh, &rq);
	a = service_admit(svc, &rq);
	if (a.verdict == SERVICE_VERDICT_RESUMED) {
		if (resume(sh) == 0)
			return;
		/* Taken back by someone else meanwhile: admitted as a newcomer. */
		rq.is_resumable = 0;
		a = service_admit(svc, &rq);
	}
	switch (a.verdict) {
	case SERVICE_VERDICT_ELSEWHERE:
		shell_say(sh, "Ha già una conversazione INFO CIG aperta in un'altra sessione.\n"
		    "La chiuda prima di aprirne una nuova. Arrivederci.\n");
		shell_finish(sh, 1);
		return;
	case SERVICE_VERDICT_CLOSED:
		shell_say_closed(sh, rq.now, "In questo momento il servizio INFO CIG è chiuso.");
		shell_finish(sh, 0);
		return;
	case SERVICE_VERDICT_NOT_YET:
		if (a.from != 0) {
			calendar_format_opening(&svc->hours, a.until, when, sizeof when);
			shell_say(sh, "Il servizio INFO CIG per %s della provincia %s sarà attivo dal %s.\n"
			    "Prima apertura utile: %s.\nArrivederci.\n",
			    rq.is_company ? "le aziende" : "i lavoratori", sh->province,
			    day_format_it(a.from, d, sizeof d), when);
		} else {
			shell_say(sh, "Il servizio INFO CIG non è ancora attivo per la provincia %s.\n"
			    "Arrivederci.\n", *sh->province ? sh->province : "indicata");
		}
		shell_finish(sh, 0);
		return;
	case SERVICE_VERDICT_QUEUED:
	case SERVICE_VERDICT_RESUMED:
		enqueue(sh, rq.now);
		return;
	}
}

static void
choose_company(struct shell *sh, size_t i)
{
	sh->company = sh->companies[i];
	str_lcpy(sh->province, sh->company.province, sizeof sh->province);
	shell_say(sh, "Scrive per conto di %s (CF %s).\n", sh->company.name, sh->company.cf);
	proceed(sh);
}

/* What the service offers, in the words of the person's role (issue 11.6). */
static const char *
greeting_of(enum account_role role)
{
	switch (role) {
	case ROLE_WORKER:
		return _("Qui può chiedere a un operatore INPS a che punto è la sua domanda di "
		    "cassa integrazione e quando sarà pagata.");
	case ROLE_CONSULTANT:
		return _("Qui può chiedere a un operatore INPS a che punto sono le domande di "
		    "integrazione salariale delle aziende che assiste: istruttoria, "
		    "autorizzazione, dati di pagamento e pagamenti diretti ai lavoratori.");
	default:
		return _("Qui può chiedere a un operatore INPS a che punto sono le domande di "
		    "integrazione salariale della sua azienda: istruttoria, autorizzazione, "
		    "dati di pagamento e pagamenti diretti ai lavoratori.");
	}
}

void
shell_start(struct shell *sh)
{
	struct store_worker w;
	size_t i;

	i18n_use(sh->lang);
	/* TRANSLATORS: %s is the person's full name. */
	shell_say(sh, _("Benvenuto in INFO CIG, %s.\n"), sh->acct.full_name);
	shell_say(sh, "%s\n", greeting_of(sh->acct.role));
	if (sh->acct.role == ROLE_WORKER || account_role_is_company(sh->acct.role))
		shell_visit_begin(sh, clock_now());
	if (sh->acct.role == ROLE_WORKER) {
		str_lcpy(sh->province, sh->acct.province, sizeof sh->province);
		if (sh->province[0] == '\0' && sh->acct.worker_id != 0 &&
		    store_worker_by_id(sh->env->st, sh->acct.worker_id, &w) == 0)
			str_lcpy(sh->province, w.province, sizeof sh->province);
		proceed(sh);
		return;
	}
	if (!account_role_is_company(sh->acct.role)) {
		shell_say(sh, "Questo servizio è riservato a lavoratori, aziende e consulenti.\n"
		    "Il personale INPS usa la console \"infocig\". Arrivederci.\n");
		shell_finish(sh, 1);
		return;
	}
	if (store_delegations_of(sh->env->st, sh->acct.id, &sh->companies, &sh->ncompanies) < 0 ||
	    sh->ncompanies == 0) {
		shell_say(sh, "Nessuna azienda risulta collegata al suo profilo.\n"
		    "Verifichi le deleghe sul portale INPS. Arrivederci.\n");
		shell_finish(sh, 1);
		return;
	}
	if (sh->ncompanies == 1) {
		choose_company(sh, 0);
		return;
	}
	sh->state = SH_CHOOSE;
	set_prompt(sh);
	{
		struct shell_buf b = { 0 };

		shell_buf_str(&b, "Per quale azienda scrive?\n");
		for (i = 0; i < sh->ncompanies; i++)
			shell_buf_printf(&b, "  %zu) %s (CF %s, %s)\n", i + 1,
			    sh->companies[i].name, sh->companies[i].cf, sh->companies[i].province);
		shell_buf_add(&b, "", 1);
		shell_say(sh, "%s", b.p);
		shell_buf_free(&b);
	}
}

void
shell_exec(struct shell *sh, const char *command)
{
	char cmd[32];
	int page;

	i18n_use(sh->lang);
	str_upper_trim(cmd, sizeof cmd, command ? command : "");
	if (strcmp(cmd, "STATO") == 0) {
		shell_print_status(sh, 0);
		shell_finish(sh, 0);
		return;
	}
	if (strncmp(cmd, "STORICO", 7) == 0 && (cmd[7] == '\0' || cmd[7] == ' ') &&
	    (page = shell_history_page(cmd + 7)) > 0 &&
	    (sh->acct.role == ROLE_WORKER || account_role_is_company(sh->acct.role))) {
		shell_print_history(sh, page, 1);
		shell_finish(sh, 0);
		return;
	}
	shell_say(sh, "Comando non disponibile. Usi \"stato\" o \"storico\" oppure si colleghi "
	    "senza comando per parlare con un operatore.\n");
	shell_finish(sh, 2);
}

void
shell_leave(struct shell *sh)
{
	int64_t now = clock_now();

	if (sh->state == SH_QUEUED) {
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_ABANDONED, now);
		touched(sh);
		shell_say(sh, "Ha lasciato la coda. Arrivederci.\n");
		shell_finish(sh, 0);
	} else if (sh->state == SH_CHAT) {
		store_chat_message_add(sh->env->cs, sh->chat.id, "system", 0, now,
		    "La persona ha chiuso la conversazione.", NULL);
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_CLOSED, now);
		touched(sh);
		start_survey(sh);
	} else {
		shell_say(sh, "Arrivederci.\n");
		shell_finish(sh, 0);
	}
}

static void
handle_line(struct shell *sh, const char *line)
{
	enum shell_cmd cmd = shell_cmd_parse(line);
	char *end;
	long v;

	shell_edit_hide(sh->ed, &sh->out);
	switch (sh->state) {
	case SH_CHOOSE:
		if (cmd == SHELL_CMD_QUIT) {
			shell_leave(sh);
			return;
		}
		v = strtol(line, &end, 10);
		while (*end == ' ')
			end++;
		if (*end != '\0' || v < 1 || (size_t)v > sh->ncompanies) {
			shell_say(sh, "Scelta non valida: scriva un numero da 1 a %zu.\n", sh->ncompanies);
			return;
		}
		choose_company(sh, (size_t)v - 1);
		return;
	case SH_SURVEY:
		v = strtol(line, &end, 10);
		while (*end == ' ')
			end++;
		if (*end == '\0' && v >= 1 && v <= 5 && end != line) {
			store_chat_set_satisfaction(sh->env->cs, sh->chat.id, (int)v);
			shell_say(sh, "Grazie per la sua valutazione. Arrivederci.\n");
			shell_finish(sh, 0);
			return;
		}
		if (++sh->survey_tries >= SURVEY_TRIES) {
			shell_say(sh, "Arrivederci.\n");
			shell_finish(sh, 0);
			return;
		}
		shell_say(sh, "Scriva un numero da 1 a 5.\n");
		return;
	case SH_QUEUED:
	case SH_CHAT:
		break;
	default:
		return;
	}
	if (cmd == SHELL_CMD_EMPTY) {
		shell_edit_show(sh->ed, &sh->out);
		shell_flush(sh);
	} else if (cmd == SHELL_CMD_NONE) {
		shell_send_text(sh, line);
	} else {
		sh->cmd_args = shell_cmd_args(line);
		if (!shell_cmd_exec(sh, cmd))
			shell_say(sh, "Comando sconosciuto: /aiuto elenca i comandi.\n");
		sh->cmd_args = NULL;
	}
}

void
shell_input(struct shell *sh, const char *buf, size_t len)
{
	size_t used;

	i18n_use(sh->lang);
	while (len > 0 && sh->state != SH_DONE) {
		enum shell_edit_result r = shell_edit_feed(sh->ed, buf, len, &used, &sh->out);

		buf += used;
		len -= used;
		switch (r) {
		case SHELL_EDIT_MORE:
			shell_typing_mark(sh);
			break;
		case SHELL_EDIT_LINE:
			if (shell_edit_overflowed(sh->ed))
				shell_say(sh, "La riga superava %d byte ed è stata troncata.\n",
				    sh->env->conf->ssh.max_line);
			sh->last_activity = clock_mono_ms();
			handle_line(sh, shell_edit_line(sh->ed));
			break;
		case SHELL_EDIT_EOF:
		case SHELL_EDIT_INTR:
			shell_edit_hide(sh->ed, &sh->out);
			shell_leave(sh);
			break;
		}
	}
	shell_flush(sh);
}

/* The chat changed state or advisor (or the snapshot is older than it). */
static void
chat_changed(struct shell *sh)
{
	struct chat cur;

	if (store_chat_get(sh->env->cs, sh->chat.id, &cur) < 0)
		return;
	if (sh->state == SH_QUEUED) {
		if (cur.state == CHAT_ACTIVE) {
			sh->chat = cur;
			shell_enter_chat(sh);
			/* Messages written before we noticed are delivered by the next poll. */
			return;
		}
		if (cur.state == CHAT_QUEUED)
			return;
		shell_say(sh, "La richiesta è stata chiusa. Arrivederci.\n");
		shell_finish(sh, 0);
		return;
	}
	if (cur.state == CHAT_ACTIVE) {
		/* Transferred to another advisor: their name goes on the lines from now on. */
		sh->chat = cur;
		return;
	}
	if (cur.state == CHAT_QUEUED) {
		/* Handed back to the queue by the advisor (who told the person why). */
		sh->chat = cur;
		sh->state = SH_QUEUED;
		set_prompt(sh);
		return;
	}
	sh->chat.state = cur.state;
	if (cur.state == CHAT_CLOSED)
		start_survey(sh);
	else
		shell_finish(sh, 0);
}

void
shell_tick(struct shell *sh, int64_t now, const struct shell_live *live)
{
	const struct conf *c = sh->env->conf;
	const struct shell_live_entry *e;

	i18n_use(sh->lang);
	if (sh->state == SH_DONE || sh->state == SH_NEW)
		return;
	if (sh->npending > 0 && (sh->state == SH_QUEUED || sh->state == SH_CHAT))
		shell_pending_flush(sh);
	if ((sh->state == SH_CHOOSE || sh->state == SH_SURVEY || sh->state == SH_CHAT) &&
	    c->ssh.idle_timeout > 0 &&
	    clock_mono_ms() - sh->last_activity > (int64_t)c->ssh.idle_timeout * 1000) {
		shell_say(sh, "\nSessione chiusa per inattività.\n");
		if (sh->state == SH_CHAT) {
			store_chat_end(sh->env->cs, sh->chat.id, CHAT_DISCONNECTED, now);
			touched(sh);
		}
		shell_finish(sh, 0);
		return;
	}
	if (live == NULL || (sh->state != SH_QUEUED && sh->state != SH_CHAT))
		return;
	e = shell_live_find(live, sh->chat.id);
	if (sh->state == SH_CHAT) {
		if (e == NULL || !e->active || e->advisor_id != sh->chat.advisor_id)
			chat_changed(sh);
		else
			shell_typing_seen(sh, e->advisor_typing_ms);
		return;
	}
	if (e == NULL || e->active) {
		chat_changed(sh);
		return;
	}
	if (calendar_service_state(&sh->env->service.hours, (time_t)now) == SERVICE_CLOSED) {
		/* Past the drain time after closing: those still waiting are let go. */
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_CLOSED, now);
		touched(sh);
		shell_say_closed(sh, now, "Il servizio INFO CIG ha chiuso per oggi e "
		    "non è stato possibile rispondere alla sua richiesta.");
		shell_finish(sh, 0);
		return;
	}
	queue_show(sh, e->position, e->ahead_all, &live->stats, 0);
}

void
shell_shutdown(struct shell *sh)
{
	i18n_use(sh->lang);
	if (sh->state == SH_DONE)
		return;
	if (sh->state == SH_QUEUED || sh->state == SH_CHAT) {
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_DISCONNECTED, clock_now());
		touched(sh);
	}
	shell_say(sh, "\nIl servizio si sta arrestando per manutenzione. Si ricolleghi tra "
	    "qualche minuto: entro %d secondi ritroverà la sua conversazione.\n",
	    sh->env->conf->queue.reconnect_grace);
	shell_finish(sh, 0);
}

void
shell_hangup(struct shell *sh)
{
	i18n_use(sh->lang);
	if (sh->npending > 0 && (sh->state == SH_QUEUED || sh->state == SH_CHAT)) {
		/* One last try for the lines still waiting; the lock may be gone. */
		if (sh->env->write_retry_at != NULL)
			*sh->env->write_retry_at = 0;
		shell_pending_flush(sh);
		if (sh->npending > 0)
			log_warn("chat %lld: %zu lines not written, the database stayed locked",
			    (long long)sh->chat.id, sh->npending);
	}
	if (sh->state == SH_QUEUED || sh->state == SH_CHAT) {
		store_chat_end(sh->env->cs, sh->chat.id, CHAT_DISCONNECTED, clock_now());
		touched(sh);
	}
	shell_visit_end(sh);
	sh->state = SH_DONE;
}
