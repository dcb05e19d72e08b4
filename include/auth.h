/*
 * auth: password hashing (yescrypt through libxcrypt) and time-based
 * one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30-second steps).
 *
 * Callers own every buffer they pass in; nothing is allocated that outlives
 * a call, and secret intermediates are wiped with explicit_bzero. Link with
 * -lcrypt -lcrypto.
 */
#ifndef INFOCIG_AUTH_H
#define INFOCIG_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Room for any hash auth_password_hash() writes (libxcrypt's CRYPT_OUTPUT_SIZE). */
#define AUTH_HASH_SIZE 384
/* Base32 of a 20-byte TOTP secret (32 characters) plus the NUL. */
#define AUTH_TOTP_SECRET_SIZE 33
#define AUTH_TOTP_STEP 30	/* seconds */
#define AUTH_TOTP_DIGITS 6
#define AUTH_TOTP_WINDOW 1	/* steps accepted either side of now */

/*
 * Hash password with yescrypt ("$y$...") and a fresh salt from the system's
 * random source, writing the NUL-terminated crypt(3) string into out.
 * Returns 0; ERR_INVALID when password is NULL or out is smaller than the
 * hash (AUTH_HASH_SIZE is always enough); ERR_NOMEM; ERR_IO when no random
 * salt or hash could be produced. On error out holds an empty string (when
 * outsize > 0).
 */
int auth_password_hash(const char *password, char *out, size_t outsize);

/*
 * Check password against a stored crypt(3) hash, comparing the result in
 * constant time. Returns 1 on a match, 0 otherwise: a NULL password, a
 * NULL or empty hash, a locked hash (starting with '!' or '*') and a hash
 * libxcrypt cannot compute never match. Never returns an error.
 */
int auth_password_verify(const char *password, const char *hash);

/*
 * A small fixed pool of threads that check passwords off an event loop
 * (auth_pool.c): yescrypt takes tens of milliseconds, which the loop of a
 * server with thousands of sessions cannot spend.
 *
 * auth_pool_new: starts threads (at least 1); NULL when they cannot start.
 * auth_pool_free: waits for the threads (a hash under way is finished) and
 *   frees every job; NULL is a no-op.
 * auth_pool_fd: an eventfd, readable when results are waiting.
 * auth_pool_submit: queues a check of password against hash on behalf of
 *   tag; both strings are copied (the copy of the password is wiped after
 *   use).  0, or ERR_INVALID for a NULL string.
 * auth_pool_cancel: forgets the checks of tag, waiting, running or done:
 *   their results are never reported.  Call it before tag goes away.
 * auth_pool_collect: calls fn(arg, tag, ok) for each finished check, in
 *   completion order, with ok as auth_password_verify() returns it; returns
 *   how many were reported.
 * Submit, cancel and collect are meant for the loop's thread.
 */
struct auth_pool;
struct auth_pool *auth_pool_new(int threads);
void auth_pool_free(struct auth_pool *p);
int auth_pool_fd(const struct auth_pool *p);
int auth_pool_submit(struct auth_pool *p, const char *password, const char *hash, void *tag);
void auth_pool_cancel(struct auth_pool *p, void *tag);
int auth_pool_collect(struct auth_pool *p, void (*fn)(void *arg, void *tag, int ok), void *arg);

/*
 * Make a new TOTP secret: 20 bytes from the system's random source, written
 * as RFC 4648 base32 without padding (32 characters and a NUL) into
 * base32_out, for the user's authenticator app and for storage.
 * Returns 0, ERR_INVALID when size < AUTH_TOTP_SECRET_SIZE, or ERR_IO.
 */
int auth_totp_secret_new(char *base32_out, size_t size);

/*
 * Decode RFC 4648 base32 from the NUL-terminated in into out. Lower case is
 * accepted, spaces are ignored, and trailing '=' padding is allowed.
 * Returns the number of bytes written; ERR_INVALID for a character outside
 * the alphabet or an impossible length; ERR_LIMIT when out is too small.
 * The caller wipes out when it holds a secret.
 */
int auth_base32_decode(const char *in, uint8_t *out, size_t outsize);

/*
 * The 6-digit HOTP value (RFC 4226) of key for counter step, which for TOTP
 * is the Unix time divided by AUTH_TOTP_STEP. Writes 6 digits and a NUL
 * into out. Returns 0, ERR_INVALID for a NULL or empty key, or ERR_IO when
 * the HMAC cannot be computed.
 */
int auth_totp_code(const uint8_t *key, size_t keylen, uint64_t step, char out[7]);

/*
 * Check a TOTP code typed by a user against base32_secret at time now,
 * accepting the step of now and AUTH_TOTP_WINDOW steps either side, but
 * never a step <= last_used_step (a code already used: replay). Pass -1 as
 * last_used_step when no code was ever accepted; after success store
 * *matched_step as the new last_used_step.
 *
 * Returns 1 when the code is right (*matched_step set), 0 when it is wrong,
 * replayed or not 6 digits, or ERR_INVALID when the secret does not decode
 * or now is negative. matched_step may be NULL.
 */
int auth_totp_verify(const char *base32_secret, const char *code, time_t now,
    int64_t last_used_step, int64_t *matched_step);

/*
 * One-time codes at rest and under attack (auth_otp.c).
 *
 * A TOTP secret is stored sealed (AES-256-GCM) with a key of
 * AUTH_OTP_KEY_BYTES kept in its own file (conf_otp_key_path(): 64
 * hexadecimal digits, mode 0600; refused when group or others may read it).
 *
 * auth_otp_key_load: reads the key at path into key; with create, a
 *   missing file is made with a new random key.  0, ERR_NOTFOUND,
 *   ERR_DENIED (mode), ERR_INVALID (content) or ERR_IO, with an Italian
 *   message in err.
 * auth_otp_seal: writes "enc1:..." for the base32 secret into out (at least
 *   AUTH_OTP_SEALED_SIZE bytes).  0 or a negative error.
 * auth_otp_unseal: the base32 secret of a stored value: 0 for a sealed one
 *   that opens with key, 1 for a value stored before sealing (copied as it
 *   is), ERR_INVALID for one that does not open (another key, a change).
 * auth_otp_secret_of: the same, loading the configured key only when the
 *   value is sealed; err says what went wrong.
 * auth_otp_secret_new: a new secret for an account: base32 in secret (for
 *   the person's app, shown once) and sealed in sealed (for the store),
 *   creating the key file when there is none.
 * auth_otp_check: the one-time code typed by the person of account a, after
 *   a right password; loads the account's credentials itself.  Counts
 *   wrong codes in the account's row (every daemon process sees them):
 *   after AUTH_OTP_BACKOFF_AFTER in a row each
 *   try waits AUTH_OTP_BACKOFF_BASE seconds more, doubling, and after
 *   c->auth.otp_max_failures the account is locked for
 *   c->auth.otp_lock_seconds, with an "otp_lock" audit row.  A try while
 *   waiting or locked is refused without looking at the code.  Returns 1
 *   when the code is right (now used: its step recorded, the count reset, a
 *   secret from before sealing sealed), 0 when refused, or a
 *   negative error (the key or the database failed; refuse the login).
 */
#define AUTH_OTP_KEY_BYTES 32
#define AUTH_OTP_SEALED_SIZE 96
#define AUTH_OTP_BACKOFF_AFTER 3	/* wrong codes before the waits start */
#define AUTH_OTP_BACKOFF_BASE 15	/* seconds, doubling with each wrong code */

struct conf;
struct store;
struct store_account;
int auth_otp_key_load(const char *path, int create, uint8_t key[AUTH_OTP_KEY_BYTES],
    char *err, size_t errlen);
int auth_otp_seal(const uint8_t key[AUTH_OTP_KEY_BYTES], const char *secret, char *out,
    size_t outsize);
int auth_otp_is_sealed(const char *stored);
int auth_otp_unseal(const uint8_t key[AUTH_OTP_KEY_BYTES], const char *stored, char *secret,
    size_t size);
int auth_otp_secret_of(const struct conf *c, const char *stored, char *secret, size_t size,
    char *err, size_t errlen);
int auth_otp_secret_new(const struct conf *c, char *secret, size_t secretsize, char *sealed,
    size_t sealedsize, char *err, size_t errlen);
int auth_otp_check(struct store *st, const struct conf *c, const struct store_account *a,
    const char *code, time_t now);

#endif
