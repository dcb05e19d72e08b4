/*
 * The session channel's callbacks: pty size (there is no real pty: the
 * shell echoes and edits lines itself), shell or exec, data, EOF, close.
 * They only queue output and mark sessions; sessions are freed outside
 * libssh's callbacks (ssh_session.c).
 */
#include <string.h>

#include "common.h"
#include "i18n.h"
#include "ssh_internal.h"

static int
on_pty(ssh_session s, ssh_channel ch, const char *term, int width, int height,
    int pxw, int pxh, void *userdata)
{
	struct sshd_sess *x = userdata;

	(void)s, (void)ch, (void)term, (void)height, (void)pxw, (void)pxh;
	if (x->sh != NULL)
		return -1;
	x->pty = 1;
	x->cols = width;
	return 0;
}

static int
on_window_change(ssh_session s, ssh_channel ch, int width, int height, int pxw, int pxh,
    void *userdata)
{
	struct sshd_sess *x = userdata;

	(void)s, (void)ch, (void)height, (void)pxw, (void)pxh;
	x->cols = width;
	if (x->sh != NULL)
		shell_resize(x->sh, width);
	return 0;
}

static int
on_shell(ssh_session s, ssh_channel ch, void *userdata)
{
	struct sshd_sess *x = userdata;

	(void)s, (void)ch;
	if (x->sh != NULL || x->w->stopping)
		return -1;
	/* Output is only queued here; it goes out after libssh has sent the reply. */
	x->sh = sshd_make_shell(x);
	shell_start(x->sh);
	return 0;
}

static int
on_exec(ssh_session s, ssh_channel ch, const char *command, void *userdata)
{
	struct sshd_sess *x = userdata;

	(void)s, (void)ch;
	if (x->sh != NULL)
		return -1;
	x->sh = sshd_make_shell(x);
	shell_exec(x->sh, command);
	return 0;
}

/*
 * The language the client's locale asks for (Debian's ssh sends LANG and
 * LC_* by default): LC_ALL over LC_MESSAGES over LANG, as POSIX ranks them,
 * whatever order they come in; a locale the service does not speak ("C")
 * means Italian.  Every other variable is refused, as sshd's AcceptEnv does.
 */
static int
on_env(ssh_session s, ssh_channel ch, const char *name, const char *value, void *userdata)
{
	static const char *const ranked[] = { "LANG", "LC_MESSAGES", "LC_ALL" };
	struct sshd_sess *x = userdata;
	enum lang l;
	int rank;

	(void)s, (void)ch;
	for (rank = 0; rank < (int)nitems(ranked); rank++)
		if (strcmp(name, ranked[rank]) == 0)
			break;
	if (rank == (int)nitems(ranked) || x->sh != NULL)
		return -1;
	if (rank + 1 >= x->lang_rank) {
		x->lang = lang_parse(value, &l) == 0 ? l : LANG_IT;
		x->lang_rank = rank + 1;
	}
	return 0;
}

static int
on_data(ssh_session s, ssh_channel ch, void *data, uint32_t len, int is_stderr,
    void *userdata)
{
	struct sshd_sess *x = userdata;

	(void)s, (void)ch;
	/* Consume everything: libssh 0.10 accepts data beyond the window anyway. */
	if (!is_stderr && x->sh != NULL && !x->dead)
		shell_input(x->sh, data, len);
	return (int)len;
}

static void
on_eof(ssh_session s, ssh_channel ch, void *userdata)
{
	struct sshd_sess *x = userdata;

	(void)s, (void)ch;
	if (x->sh != NULL && !shell_done(x->sh)) {
		/* The client's input ended: like a dropped line, the chat may be resumed. */
		shell_hangup(x->sh);
		sshd_io_exit(x, 0);
	}
}

static void
on_close(ssh_session s, ssh_channel ch, void *userdata)
{
	struct sshd_sess *x = userdata;

	(void)s, (void)ch;
	if (x->sh != NULL)
		shell_hangup(x->sh);
	x->dead = 1;
}

/* libssh's channel_open_request_session_function: one session channel, once logged in. */
ssh_channel
sshd_channel_open(ssh_session s, void *userdata)
{
	struct sshd_sess *x = userdata;

	if (!x->authed || x->ch != NULL || x->w->stopping)
		return NULL;
	x->ch = ssh_channel_new(s);
	if (x->ch == NULL)
		return NULL;
	ssh_callbacks_init(&x->ccb);
	x->ccb.userdata = x;
	x->ccb.channel_data_function = on_data;
	x->ccb.channel_eof_function = on_eof;
	x->ccb.channel_close_function = on_close;
	x->ccb.channel_pty_request_function = on_pty;
	x->ccb.channel_shell_request_function = on_shell;
	x->ccb.channel_exec_request_function = on_exec;
	x->ccb.channel_env_request_function = on_env;
	x->ccb.channel_pty_window_change_function = on_window_change;
	ssh_set_channel_callbacks(x->ch, &x->ccb);
	return x->ch;
}
