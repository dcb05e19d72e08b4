/*
 * Password hashing with yescrypt through libxcrypt's reentrant API:
 * crypt_gensalt_rn() for a salt from the operating system's random source,
 * crypt_rn() with a struct crypt_data on the heap (it is about 32 kB),
 * wiped and freed before returning. No static buffers.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE		/* explicit_bzero */
#endif
#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "common.h"

/* Hash phrase with setting into a fresh crypt_data; NULL on failure. */
static struct crypt_data *
password_crypt(const char *phrase, const char *setting, const char **result)
{
	struct crypt_data *cd;

	*result = NULL;
	if ((cd = calloc(1, sizeof *cd)) == NULL)
		return NULL;
	*result = crypt_rn(phrase, setting, cd, (int)sizeof *cd);
	/* Failure tokens start with '*'; libxcrypt returns NULL, be sure. */
	if (*result != NULL && (*result)[0] == '*')
		*result = NULL;
	return cd;
}

static void
password_crypt_free(struct crypt_data *cd)
{
	if (cd == NULL)
		return;
	explicit_bzero(cd, sizeof *cd);
	free(cd);
}

int
auth_password_hash(const char *password, char *out, size_t outsize)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd;
	const char *h;
	size_t len;
	int r = 0;

	if (out != NULL && outsize > 0)
		out[0] = '\0';
	if (password == NULL || out == NULL ||
	    strlen(password) >= CRYPT_MAX_PASSPHRASE_SIZE)
		return ERR_INVALID;
	/* rbytes NULL: libxcrypt reads the salt from getrandom(2). */
	if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, (int)sizeof salt) == NULL)
		return ERR_IO;
	if ((cd = password_crypt(password, salt, &h)) == NULL)
		return ERR_NOMEM;
	if (h == NULL || strncmp(h, "$y$", 3) != 0)
		r = ERR_IO;
	else if ((len = strlen(h)) >= outsize)
		r = ERR_INVALID;
	else
		memcpy(out, h, len + 1);
	password_crypt_free(cd);
	explicit_bzero(salt, sizeof salt);
	return r;
}

int
auth_password_verify(const char *password, const char *hash)
{
	struct crypt_data *cd;
	const char *h;
	size_t len;
	int ok = 0;

	if (password == NULL || hash == NULL || hash[0] == '\0' ||
	    hash[0] == '!' || hash[0] == '*' ||
	    strlen(password) >= CRYPT_MAX_PASSPHRASE_SIZE)
		return 0;
	if ((cd = password_crypt(password, hash, &h)) == NULL)
		return 0;
	len = strlen(hash);
	if (h != NULL && strlen(h) == len && CRYPTO_memcmp(h, hash, len) == 0)
		ok = 1;
	password_crypt_free(cd);
	return ok;
}
