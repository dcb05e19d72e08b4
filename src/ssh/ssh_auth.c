/*
 * Authentication: public key (libssh's server callback) and password +
 * one-time code over keyboard-interactive (libssh 0.10 has no server
 * callback for it: ssh_set_message_callback, see DESIGN.md section 4).
 * Passwords are checked by the thread pool beside the loop.
 */
#include <string.h>

#include "account.h"
#include "common.h"
#include "ssh_internal.h"
#include "text.h"

/*
 * Password checks waiting or running, in all and per source address: past
 * these a new check is refused at once like a wrong password, so a flood
 * from one place cannot make a legitimate login wait behind it (issue 18.6).
 */
#define CHECKS_MAX (SSHD_VERIFY_THREADS * 8)
#define CHECKS_PER_SOURCE 4

/* A password check of x was handed to the pool, or is over. */
static void
check_begin(struct sshd_sess *x)
{
	x->kbd = KBD_CHECKING;
	x->w->checks++;
	if (x->src != NULL)
		x->src->checks++;
}

static void
check_end(struct sshd_sess *x)
{
	if (x->kbd != KBD_CHECKING)
		return;
	x->w->checks--;
	if (x->src != NULL)
		x->src->checks--;
	x->kbd = KBD_NONE;
}

/* 1 when a new check of x may be queued. */
static int
check_allowed(const struct sshd_sess *x)
{
	return x->w->checks < CHECKS_MAX && (x->src == NULL || x->src->checks < CHECKS_PER_SOURCE);
}

/* Forgets a check under way (the pool will not name x any more) and the code typed. */
void
sshd_auth_cancel(struct sshd_sess *x)
{
	if (x->kbd == KBD_CHECKING && x->w->pool != NULL)
		auth_pool_cancel(x->w->pool, x);
	check_end(x);
	explicit_bzero(x->otp, sizeof x->otp);
}

/*
 * Looks the user name up: a valid personal codice fiscale of an unlocked
 * person account.  Anything else leaves have_account 0, and the caller
 * answers exactly as for a wrong password.
 */
static void
auth_lookup(struct sshd_sess *x, const char *user)
{
	char cf[VALID_CF_PERSON_LEN + 8];

	str_upper_trim(cf, sizeof cf, user ? user : "");
	if (x->have_account && strcmp(cf, x->user) == 0)
		return;
	x->have_account = 0;
	explicit_bzero(&x->acct, sizeof x->acct);
	explicit_bzero(&x->cred, sizeof x->cred);
	str_lcpy(x->user, cf, sizeof x->user);
	if (strlen(cf) != VALID_CF_PERSON_LEN || valid_cf_person(cf) < 0)
		return;
	if (store_account_by_login(x->w->st, cf, &x->acct) < 0)
		return;
	if (x->acct.locked || account_role_is_staff(x->acct.role)) {
		explicit_bzero(&x->acct, sizeof x->acct);
		return;
	}
	x->have_account = 1;
}

static void
auth_failed(struct sshd_sess *x, const char *method)
{
	char masked[32];

	str_mask_id(masked, sizeof masked, x->user);
	x->auth_failures++;
	log_info("failed %s for %s from %s (%d/%d)", method, masked,
	    sshd_addr(x), x->auth_failures, x->w->conf->ssh.max_auth_tries);
	if (x->auth_failures >= x->w->conf->ssh.max_auth_tries) {
		log_info("too many authentication failures from %s", sshd_addr(x));
		x->dead = 1;
	}
}

static void
auth_succeeded(struct sshd_sess *x, const char *method)
{
	char masked[32];

	str_mask_id(masked, sizeof masked, x->user);
	log_info("accepted %s for %s from %s", method, masked, sshd_addr(x));
	explicit_bzero(&x->cred, sizeof x->cred);
	x->authed = 1;
	x->state = SS_OPEN;
	x->w->nunauth--;
	if (x->src != NULL)
		x->src->startups--;
}

/* The one-time code after a right password; 1 when right (and the code is now used). */
static int
check_otp(struct sshd_sess *x, const char *code)
{
	if (!x->have_account)
		return 0;
	/* Sealed secret, replay guard and the per-account count of wrong codes: src/auth. */
	return auth_otp_check(x->w->st, x->w->conf, &x->acct, code, clock_now()) == 1;
}

/* The hash to check against: the account's, or a dummy one of the same cost. */
static const char *
password_hash_of(struct sshd_sess *x)
{
	/* Same work for an unknown name as for a real account: nothing to probe. */
	if (!x->have_account || (x->cred.password_hash[0] == '\0' &&
	    store_account_credentials(x->w->st, x->acct.id, &x->cred) < 0))
		return x->w->dummy_hash;
	return x->cred.password_hash;
}

static void
kbd_verdict(struct sshd_sess *x, ssh_message m, int ok)
{
	if (ok) {
		auth_succeeded(x, "keyboard-interactive");
		ssh_message_auth_reply_success(m, 0);
	} else {
		auth_failed(x, "keyboard-interactive");
		ssh_message_reply_default(m);
	}
}

/* The thread pool's answer for a session's password. */
void
sshd_auth_verified(void *arg, void *tag, int ok)
{
	struct sshd_sess *x = tag;

	(void)arg;
	check_end(x);
	x->kbd = KBD_CHECKED;
	x->kbd_ok = ok;
	x->paused = 0;
	sshd_sess_settle(x);	/* read again: the client's empty answer gets the verdict */
}

static int
on_message(ssh_session s, ssh_message m, void *userdata)
{
	struct sshd_sess *x = userdata;
	static const char *prompts[] = { "Password: ", "Codice OTP: " };
	static char echo[] = { 0, 0 };
	const char *password, *code;
	char pw[256], otp[16];
	int n, ok;

	if (ssh_message_type(m) != SSH_REQUEST_AUTH ||
	    ssh_message_subtype(m) != SSH_AUTH_METHOD_INTERACTIVE)
		return 1;	/* libssh's default answer: refused */
	if (x->authed || x->dead || !x->w->conf->auth.password_otp)
		return 1;
	if (!ssh_message_auth_kbdint_is_response(m)) {
		if (x->kbd == KBD_CHECKED && !x->kbd_ok)
			auth_failed(x, "keyboard-interactive");	/* a wrong answer abandoned */
		sshd_auth_cancel(x);
		auth_lookup(x, ssh_message_auth_user(m));
		x->kbd = KBD_ASKED;
		ssh_message_auth_interactive_request(m, "SPID livello 2",
		    "Accesso a INFO CIG: password e codice OTP dell'app di autenticazione.",
		    2, prompts, echo);
		return 0;
	}
	n = ssh_userauth_kbdint_getnanswers(s);
	if (x->kbd == KBD_CHECKED && n == 0) {
		/* The empty round is answered: give the verdict. */
		ok = x->kbd_ok && check_otp(x, x->otp);
		explicit_bzero(x->otp, sizeof x->otp);
		x->kbd = KBD_NONE;
		kbd_verdict(x, m, ok);
		return 0;
	}
	if (x->kbd != KBD_ASKED || n != 2) {
		sshd_auth_cancel(x);
		x->kbd = KBD_NONE;
		x->paused = 0;
		auth_failed(x, "keyboard-interactive");
		ssh_message_reply_default(m);
		return 0;
	}
	password = ssh_userauth_kbdint_getanswer(s, 0);
	code = ssh_userauth_kbdint_getanswer(s, 1);
	str_lcpy(pw, password ? password : "", sizeof pw);
	str_lcpy(otp, code ? code : "", sizeof otp);
	if (!check_allowed(x)) {
		/* Too many checks wait: refused now, in the words of a wrong password. */
		log_info("password check queue full for %s", sshd_addr(x));
		x->kbd = KBD_NONE;
		kbd_verdict(x, m, 0);
	} else if (x->w->pool != NULL &&
	    auth_pool_submit(x->w->pool, pw, password_hash_of(x), x) == 0) {
		str_lcpy(x->otp, otp, sizeof x->otp);
		check_begin(x);
		x->paused = 1;
		ssh_message_auth_interactive_request(m, "", "", 0, NULL, NULL);
	} else {
		/* No pool: check here, as a last resort. */
		ok = auth_password_verify(pw, password_hash_of(x)) && x->have_account &&
		    check_otp(x, otp);
		x->kbd = KBD_NONE;
		kbd_verdict(x, m, ok);
	}
	explicit_bzero(pw, sizeof pw);
	explicit_bzero(otp, sizeof otp);
	return 0;
}

static int
on_auth_pubkey(ssh_session s, const char *user, struct ssh_key_struct *pubkey,
    char signature_state, void *userdata)
{
	struct sshd_sess *x = userdata;
	char *b64 = NULL;
	const char *type;
	int match = 0;

	(void)s;
	if (x->authed || x->dead || !x->w->conf->auth.publickey)
		return SSH_AUTH_DENIED;
	auth_lookup(x, user);
	type = ssh_key_type_to_char(ssh_key_type(pubkey));
	if (x->have_account && type != NULL && ssh_pki_export_pubkey_base64(pubkey, &b64) == SSH_OK)
		match = store_account_key_match(x->w->st, x->acct.id, type, b64) == 1;
	ssh_string_free_char(b64);
	if (signature_state == SSH_PUBLICKEY_STATE_NONE) {
		/* A probe: say whether this key would do, without logging in yet. */
		if (match)
			return SSH_AUTH_SUCCESS;
		auth_failed(x, "publickey");
		return SSH_AUTH_DENIED;
	}
	/* Only a valid signature logs in: the first call is a probe. */
	if (signature_state == SSH_PUBLICKEY_STATE_VALID && match) {
		auth_succeeded(x, "publickey");
		return SSH_AUTH_SUCCESS;
	}
	auth_failed(x, "publickey");
	return SSH_AUTH_DENIED;
}

/* Sets x's authentication callbacks (x->scb is initialised, not yet installed). */
void
sshd_auth_install(struct sshd_sess *x)
{
	x->scb.auth_pubkey_function = on_auth_pubkey;
	ssh_set_message_callback(x->s, on_message, x);
}
