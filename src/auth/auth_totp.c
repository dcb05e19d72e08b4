/*
 * Time-based one-time passwords: RFC 6238 TOTP over RFC 4226 HOTP with
 * HMAC-SHA1, 6 digits, 30-second steps, secrets as RFC 4648 base32.
 * Keys and codes live on the stack and are wiped before returning.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE		/* explicit_bzero, getrandom */
#endif
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth.h"
#include "common.h"

#define TOTP_SECRET_BYTES 20
#define TOTP_KEY_MAX 64		/* longest secret auth_totp_verify() takes */

static const char b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* Fill buf with n bytes from getrandom(2). Returns 0 or ERR_IO. */
static int
random_fill(uint8_t *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = getrandom(buf + got, n - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return ERR_IO;
		}
		got += (size_t)r;
	}
	return 0;
}

int
auth_totp_secret_new(char *base32_out, size_t size)
{
	uint8_t key[TOTP_SECRET_BYTES];
	uint32_t acc = 0;
	size_t i, o = 0;
	int bits = 0, r;

	if (base32_out == NULL || size < AUTH_TOTP_SECRET_SIZE)
		return ERR_INVALID;
	if ((r = random_fill(key, sizeof key)) < 0) {
		base32_out[0] = '\0';
		return r;
	}
	for (i = 0; i < sizeof key; i++) {
		acc = (acc << 8) | key[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			base32_out[o++] = b32_alphabet[(acc >> bits) & 0x1f];
		}
	}
	if (bits > 0)	/* not reached for 20 bytes, kept for other sizes */
		base32_out[o++] = b32_alphabet[(acc << (5 - bits)) & 0x1f];
	base32_out[o] = '\0';
	explicit_bzero(key, sizeof key);
	explicit_bzero(&acc, sizeof acc);
	return 0;
}

/* Value of one base32 character, or -1. */
static int
b32_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

int
auth_base32_decode(const char *in, uint8_t *out, size_t outsize)
{
	uint32_t acc = 0;
	size_t nchars = 0, o = 0;
	int bits = 0, v, padding = 0, r = 0;

	if (in == NULL || (out == NULL && outsize > 0))
		return ERR_INVALID;
	for (; *in != '\0'; in++) {
		if (*in == ' ')
			continue;
		if (*in == '=') {
			padding = 1;
			continue;
		}
		if (padding || (v = b32_value(*in)) < 0) {
			r = ERR_INVALID;	/* data after padding, or bad char */
			goto out;
		}
		nchars++;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outsize) {
				r = ERR_LIMIT;
				goto out;
			}
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	/* 1, 3 or 6 characters in the last group cannot encode whole bytes. */
	switch (nchars % 8) {
	case 1:
	case 3:
	case 6:
		r = ERR_INVALID;
		break;
	}
out:
	explicit_bzero(&acc, sizeof acc);
	if (r < 0) {
		if (o > 0)
			explicit_bzero(out, o);
		return r;
	}
	return o > INT_MAX ? ERR_LIMIT : (int)o;
}

int
auth_totp_code(const uint8_t *key, size_t keylen, uint64_t step, char out[7])
{
	uint8_t msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0, i;
	uint32_t bin;
	int r = 0;

	out[0] = '\0';
	if (key == NULL || keylen == 0 || keylen > INT_MAX)
		return ERR_INVALID;
	for (i = 0; i < 8; i++)
		msg[i] = (uint8_t)(step >> (56 - 8 * i));
	if (HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof msg, mac,
	    &maclen) == NULL || maclen != 20) {
		r = ERR_IO;
		goto out;
	}
	/* RFC 4226 5.3 dynamic truncation. */
	i = mac[maclen - 1] & 0x0f;
	bin = ((uint32_t)(mac[i] & 0x7f) << 24) | ((uint32_t)mac[i + 1] << 16) |
	    ((uint32_t)mac[i + 2] << 8) | mac[i + 3];
	bin %= 1000000;
	for (i = AUTH_TOTP_DIGITS; i > 0; i--) {
		out[i - 1] = (char)('0' + bin % 10);
		bin /= 10;
	}
	out[AUTH_TOTP_DIGITS] = '\0';
out:
	explicit_bzero(mac, sizeof mac);
	explicit_bzero(msg, sizeof msg);
	explicit_bzero(&bin, sizeof bin);
	return r;
}

int
auth_totp_verify(const char *base32_secret, const char *code, time_t now,
    int64_t last_used_step, int64_t *matched_step)
{
	uint8_t key[TOTP_KEY_MAX];
	char typed[AUTH_TOTP_DIGITS + 1], want[7];
	int64_t step, s, found = -1;
	size_t n = 0;
	int keylen, d, r = 0;

	if (base32_secret == NULL || now < 0)
		return ERR_INVALID;
	/* Exactly six digits; spaces ("123 456") are ignored. */
	if (code == NULL)
		return 0;
	for (; *code != '\0'; code++) {
		if (*code == ' ')
			continue;
		if (*code < '0' || *code > '9' || n == AUTH_TOTP_DIGITS) {
			explicit_bzero(typed, sizeof typed);
			return 0;
		}
		typed[n++] = *code;
	}
	if (n != AUTH_TOTP_DIGITS) {
		explicit_bzero(typed, sizeof typed);
		return 0;
	}
	typed[n] = '\0';
	keylen = auth_base32_decode(base32_secret, key, sizeof key);
	if (keylen <= 0) {
		r = ERR_INVALID;
		goto out;
	}
	step = (int64_t)(now / AUTH_TOTP_STEP);
	/* Look at every step in the window, so timing does not tell which. */
	for (d = -AUTH_TOTP_WINDOW; d <= AUTH_TOTP_WINDOW; d++) {
		s = step + d;
		if (s < 0)
			continue;
		if ((r = auth_totp_code(key, (size_t)keylen, (uint64_t)s, want)) < 0)
			goto out;
		if (CRYPTO_memcmp(want, typed, AUTH_TOTP_DIGITS) == 0 &&
		    s > last_used_step && found < 0)
			found = s;
	}
	if (found >= 0) {
		if (matched_step != NULL)
			*matched_step = found;
		r = 1;
	}
out:
	explicit_bzero(key, sizeof key);
	explicit_bzero(typed, sizeof typed);
	explicit_bzero(want, sizeof want);
	return r;
}
