/*
 * libFuzzer target: the one-time code check.  The input is "secret\ncode"
 * and a time from its first bytes; auth_totp_verify() must answer 1, 0 or
 * an error without crashing, accept only six digits, and a step it
 * accepts must be in the window around the time and newer than the last
 * used one.  auth_base32_decode() and auth_otp_unseal() get the raw input
 * too.  Built by tests/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[AUTH_OTP_KEY_BYTES] = { 1, 2, 3 };
	char *s, *code, out[AUTH_TOTP_SECRET_SIZE];
	uint8_t bytes[64];
	int64_t step = -7, last;
	time_t now = 1795000000;
	size_t i, digits = 0;
	int r;

	if (size >= 4) {
		now += (time_t)(data[0] | data[1] << 8);
		last = now / AUTH_TOTP_STEP - (data[2] & 3);
		data += 3;
		size -= 3;
	} else {
		last = -1;
	}
	s = xstrndup((const char *)data, size);
	(void)auth_base32_decode(s, bytes, sizeof bytes);
	(void)auth_otp_unseal(key, s, out, sizeof out);
	(void)auth_otp_is_sealed(s);
	code = strchr(s, '\n');
	if (code != NULL)
		*code++ = '\0';
	r = auth_totp_verify(s, code, now, last, &step);
	if (r == 1) {
		for (i = 0; code[i] != '\0'; i++)
			if (code[i] >= '0' && code[i] <= '9')
				digits++;
			else if (code[i] != ' ')
				abort();
		if (digits != AUTH_TOTP_DIGITS || step <= last ||
		    step < now / AUTH_TOTP_STEP - AUTH_TOTP_WINDOW ||
		    step > now / AUTH_TOTP_STEP + AUTH_TOTP_WINDOW)
			abort();
	} else if (r != 0 && r != ERR_INVALID) {
		abort();
	}
	free(s);
	return 0;
}
