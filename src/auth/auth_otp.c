/*
 * One-time codes at rest and under attack.
 *
 * At rest: a TOTP secret is stored sealed with AES-256-GCM under a key kept
 * in a file of its own (auth.otp_key_file, mode 0600), so that a copy of
 * the database alone does not yield anyone's codes.  Stored form:
 * "enc1:" base64(nonce[12] ciphertext tag[16]); a value without the prefix
 * is a secret from before sealing, still accepted and sealed at its next
 * use.
 *
 * Under attack: wrong codes are counted per account in the database (so
 * every daemon process sees them), besides the daemon's count per source.
 * After AUTH_OTP_BACKOFF_AFTER wrong codes in a row each further try must
 * wait AUTH_OTP_BACKOFF_BASE seconds, doubling, and after
 * auth.otp_max_failures the account is locked for auth.otp_lock_seconds,
 * with an audit row.  A try during a wait or the lock is refused without
 * looking at the code, in the same way as a wrong one.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE		/* explicit_bzero, getrandom */
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "auth.h"
#include "common.h"
#include "conf.h"
#include "store.h"

#define SEAL_PREFIX "enc1:"
#define SEAL_NONCE 12
#define SEAL_TAG 16
#define KEY_HEX (2 * AUTH_OTP_KEY_BYTES)
/* Bound to this purpose: a sealed value cannot be passed off as anything else. */
static const unsigned char seal_aad[] = "infocig totp secret v1";

static int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Writes a new random key to path, created 0600 and never over a file. */
static int
key_create(const char *path, uint8_t key[AUTH_OTP_KEY_BYTES], char *err, size_t errlen)
{
	static const char hex[] = "0123456789abcdef";
	char text[KEY_HEX + 1];
	size_t got = 0;
	ssize_t n;
	int fd, i, r = 0;

	while (got < AUTH_OTP_KEY_BYTES) {
		if ((n = getrandom(key + got, AUTH_OTP_KEY_BYTES - got, 0)) < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: nessuna sorgente casuale per la chiave", path);
			return ERR_IO;
		}
		got += (size_t)n;
	}
	for (i = 0; i < AUTH_OTP_KEY_BYTES; i++) {
		text[2 * i] = hex[key[i] >> 4];
		text[2 * i + 1] = hex[key[i] & 15];
	}
	text[KEY_HEX] = '\n';
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errlen, "%s: impossibile creare la chiave OTP: %s", path,
		    strerror(errno));
		r = ERR_IO;
	} else {
		if (fchmod(fd, 0600) < 0 || write(fd, text, sizeof text) != (ssize_t)sizeof text ||
		    fsync(fd) < 0) {
			snprintf(err, errlen, "%s: impossibile scrivere la chiave OTP: %s", path,
			    strerror(errno));
			r = ERR_IO;
		}
		close(fd);
		if (r < 0)
			unlink(path);
	}
	explicit_bzero(text, sizeof text);
	return r;
}

int
auth_otp_key_load(const char *path, int create, uint8_t key[AUTH_OTP_KEY_BYTES],
    char *err, size_t errlen)
{
	char text[KEY_HEX + 2];
	struct stat sb;
	ssize_t n;
	int fd, i, hi, lo, r = 0;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ENOENT && create)
			return key_create(path, key, err, errlen);
		snprintf(err, errlen, "%s: chiave dei segreti OTP illeggibile: %s", path,
		    strerror(errno));
		return errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: la chiave dei segreti OTP non è un file", path);
		close(fd);
		return ERR_INVALID;
	}
	/* As sshd with a private key: a key others can read protects nothing. */
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		snprintf(err, errlen, "%s: permessi %04o, la chiave dei segreti OTP deve essere "
		    "leggibile solo dal proprietario (chmod 600)", path,
		    (unsigned)(sb.st_mode & 07777));
		close(fd);
		return ERR_DENIED;
	}
	n = read(fd, text, sizeof text);
	close(fd);
	if (n < KEY_HEX || (n > KEY_HEX && text[KEY_HEX] != '\n'))
		r = ERR_INVALID;
	for (i = 0; r == 0 && i < AUTH_OTP_KEY_BYTES; i++) {
		if ((hi = hex_value(text[2 * i])) < 0 || (lo = hex_value(text[2 * i + 1])) < 0)
			r = ERR_INVALID;
		else
			key[i] = (uint8_t)(hi << 4 | lo);
	}
	if (r < 0) {
		snprintf(err, errlen, "%s: la chiave dei segreti OTP non è valida (attese %d cifre "
		    "esadecimali)", path, KEY_HEX);
		explicit_bzero(key, AUTH_OTP_KEY_BYTES);
	}
	explicit_bzero(text, sizeof text);
	return r;
}

int
auth_otp_seal(const uint8_t key[AUTH_OTP_KEY_BYTES], const char *secret, char *out,
    size_t outsize)
{
	unsigned char buf[SEAL_NONCE + AUTH_TOTP_SECRET_SIZE + SEAL_TAG];
	size_t len = secret != NULL ? strlen(secret) : 0;
	EVP_CIPHER_CTX *ctx = NULL;
	int n, r = ERR_IO;

	if (outsize > 0)
		out[0] = '\0';
	if (len == 0 || len >= AUTH_TOTP_SECRET_SIZE || outsize < AUTH_OTP_SEALED_SIZE)
		return ERR_INVALID;
	if (getrandom(buf, SEAL_NONCE, 0) != SEAL_NONCE ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, buf) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &n, seal_aad, (int)sizeof seal_aad - 1) != 1 ||
	    EVP_EncryptUpdate(ctx, buf + SEAL_NONCE, &n, (const unsigned char *)secret,
	    (int)len) != 1 || (size_t)n != len ||
	    EVP_EncryptFinal_ex(ctx, buf + SEAL_NONCE + len, &n) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SEAL_TAG, buf + SEAL_NONCE + len) != 1)
		goto out;
	memcpy(out, SEAL_PREFIX, sizeof SEAL_PREFIX - 1);
	EVP_EncodeBlock((unsigned char *)out + sizeof SEAL_PREFIX - 1, buf,
	    (int)(SEAL_NONCE + len + SEAL_TAG));
	r = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	explicit_bzero(buf, sizeof buf);
	return r;
}

int
auth_otp_is_sealed(const char *stored)
{
	return stored != NULL && strncmp(stored, SEAL_PREFIX, sizeof SEAL_PREFIX - 1) == 0;
}

int
auth_otp_unseal(const uint8_t key[AUTH_OTP_KEY_BYTES], const char *stored, char *secret,
    size_t size)
{
	unsigned char buf[128], plain[AUTH_TOTP_SECRET_SIZE];
	EVP_CIPHER_CTX *ctx = NULL;
	const char *b64;
	size_t b64len;
	int n, len, r = ERR_INVALID;

	if (size > 0)
		secret[0] = '\0';
	if (stored == NULL || size < AUTH_TOTP_SECRET_SIZE)
		return ERR_INVALID;
	if (!auth_otp_is_sealed(stored))
		return str_lcpy(secret, stored, size) < size && stored[0] != '\0' ? 1 : ERR_INVALID;
	b64 = stored + sizeof SEAL_PREFIX - 1;
	b64len = strlen(b64);
	/* EVP_DecodeBlock counts the '=' padding as bytes: take them off. */
	if (b64len == 0 || b64len % 4 != 0 || b64len / 4 * 3 > sizeof buf ||
	    (n = EVP_DecodeBlock(buf, (const unsigned char *)b64, (int)b64len)) < 0)
		return ERR_INVALID;
	n -= (b64[b64len - 1] == '=') + (b64len > 1 && b64[b64len - 2] == '=');
	len = n - SEAL_NONCE - SEAL_TAG;
	if (len <= 0 || len >= (int)sizeof plain)
		return ERR_INVALID;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, buf) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &n, seal_aad, (int)sizeof seal_aad - 1) != 1 ||
	    EVP_DecryptUpdate(ctx, plain, &n, buf + SEAL_NONCE, len) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SEAL_TAG,
	    buf + SEAL_NONCE + len) != 1 ||
	    EVP_DecryptFinal_ex(ctx, plain + n, &n) != 1)
		goto out;	/* another key, or a changed value */
	memcpy(secret, plain, (size_t)len);
	secret[len] = '\0';
	r = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	explicit_bzero(buf, sizeof buf);
	explicit_bzero(plain, sizeof plain);
	return r;
}

int
auth_otp_secret_of(const struct conf *c, const char *stored, char *secret, size_t size,
    char *err, size_t errlen)
{
	uint8_t key[AUTH_OTP_KEY_BYTES];
	char *path;
	int r;

	if (!auth_otp_is_sealed(stored)) {
		if (stored == NULL || stored[0] == '\0' || str_lcpy(secret, stored, size) >= size) {
			snprintf(err, errlen, "segreto OTP assente o non valido");
			return ERR_INVALID;
		}
		return 1;
	}
	path = conf_otp_key_path(c);
	if ((r = auth_otp_key_load(path, 0, key, err, errlen)) == 0 &&
	    (r = auth_otp_unseal(key, stored, secret, size)) < 0)
		snprintf(err, errlen, "%s: il segreto OTP non si apre con questa chiave", path);
	explicit_bzero(key, sizeof key);
	free(path);
	return r;
}

int
auth_otp_secret_new(const struct conf *c, char *secret, size_t secretsize, char *sealed,
    size_t sealedsize, char *err, size_t errlen)
{
	uint8_t key[AUTH_OTP_KEY_BYTES];
	char *path = conf_otp_key_path(c);
	int r;

	if ((r = auth_otp_key_load(path, 1, key, err, errlen)) == 0) {
		if ((r = auth_totp_secret_new(secret, secretsize)) < 0 ||
		    (r = auth_otp_seal(key, secret, sealed, sealedsize)) < 0)
			snprintf(err, errlen, "generazione del segreto OTP fallita");
	}
	explicit_bzero(key, sizeof key);
	free(path);
	return r;
}

/* Seconds to wait before the next try after failures wrong codes in a row. */
static int64_t
otp_backoff(const struct conf *c, int failures)
{
	int64_t wait;

	if (failures < AUTH_OTP_BACKOFF_AFTER)
		return 0;
	if (failures - AUTH_OTP_BACKOFF_AFTER >= 20)
		return c->auth.otp_lock_seconds;
	wait = (int64_t)AUTH_OTP_BACKOFF_BASE << (failures - AUTH_OTP_BACKOFF_AFTER);
	return wait < c->auth.otp_lock_seconds ? wait : c->auth.otp_lock_seconds;
}

/* A wrong code: counted, and the lock with its audit row when it is the last allowed. */
static int
otp_failed(struct store *st, const struct conf *c, const struct store_account *a, time_t now)
{
	struct store_otp_state os;
	char reason[160], masked[32];
	int r;

	if ((r = store_account_otp_failed(st, a->id, now, c->auth.otp_max_failures,
	    c->auth.otp_lock_seconds, &os)) < 0)
		return r;
	if (os.locked_until > now && os.failures == 0) {
		snprintf(reason, sizeof reason, "%d codici OTP errati di seguito: accesso sospeso "
		    "per %d %s", c->auth.otp_max_failures,
		    c->auth.otp_lock_seconds % 60 == 0 ? c->auth.otp_lock_seconds / 60 :
		    c->auth.otp_lock_seconds,
		    c->auth.otp_lock_seconds % 60 == 0 ?
		    (c->auth.otp_lock_seconds == 60 ? "minuto" : "minuti") :
		    (c->auth.otp_lock_seconds == 1 ? "secondo" : "secondi"));
		str_mask_id(masked, sizeof masked, a->login);
		log_info("one-time codes of %s locked until %lld after %d wrong codes", masked,
		    (long long)os.locked_until, c->auth.otp_max_failures);
		if ((r = store_audit_add(st, a->id, "otp_lock", a->login, reason, 0)) < 0)
			return r;
	}
	return 0;
}

int
auth_otp_check(struct store *st, const struct conf *c, const struct store_account *a,
    const char *code, time_t now)
{
	struct store_otp_state os;
	struct store_credentials cr;
	char secret[AUTH_TOTP_SECRET_SIZE], sealed[AUTH_OTP_SEALED_SIZE], err[256];
	uint8_t key[AUTH_OTP_KEY_BYTES];
	char *path;
	int64_t step;
	int r, ok;

	if (st == NULL || c == NULL || a == NULL)
		return ERR_INVALID;
	if ((r = store_account_otp_state(st, a->id, &os)) < 0)
		return r;
	/* Locked, or too soon after the last wrong code: refused unseen and uncounted. */
	if (now < os.locked_until || now < os.last_failure + otp_backoff(c, os.failures))
		return 0;
	if ((r = store_account_credentials(st, a->id, &cr)) < 0)
		return r;
	r = auth_otp_secret_of(c, cr.totp_secret, secret, sizeof secret, err, sizeof err);
	explicit_bzero(&cr.password_hash, sizeof cr.password_hash);
	if (r < 0) {
		explicit_bzero(&cr, sizeof cr);
		log_error("%s", err[0] ? err : "segreto OTP illeggibile");
		return r;
	}
	ok = auth_totp_verify(secret, code, now, cr.totp_last_step, &step) == 1 &&
	    store_account_use_totp_step(st, a->id, step) == 0;
	explicit_bzero(&cr, sizeof cr);
	if (!ok) {
		explicit_bzero(secret, sizeof secret);
		return (r = otp_failed(st, c, a, now)) < 0 ? r : 0;
	}
	if (os.failures > 0)
		store_account_otp_reset(st, a->id);
	/* A secret from before sealing is sealed now, if the key is there. */
	if (r == 1) {
		path = conf_otp_key_path(c);
		if (auth_otp_key_load(path, 0, key, err, sizeof err) == 0 &&
		    auth_otp_seal(key, secret, sealed, sizeof sealed) == 0)
			store_account_set_totp_secret(st, a->id, sealed);
		explicit_bzero(key, sizeof key);
		explicit_bzero(sealed, sizeof sealed);
		free(path);
	}
	explicit_bzero(secret, sizeof secret);
	return 1;
}
