/*
 * libFuzzer target: the sanitiser of untrusted text.  Whatever the input
 * (NUL bytes included), text_sanitize() must give valid, clean UTF-8 that
 * fits the buffer, even a small one, and be idempotent.  Built by
 * tests/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap = 3 * size + 1, n, m, small;
	char *out = malloc(cap), *again = malloc(cap);

	if (out == NULL || again == NULL)
		abort();
	n = text_sanitize((const char *)data, size, out, cap);
	if (n >= cap || out[n] != '\0' || strlen(out) != n || !text_is_clean(out))
		abort();
	m = text_sanitize(out, n, again, cap);
	if (m != n || memcmp(out, again, n) != 0)
		abort();
	/* A buffer too small: cut before a whole character, still clean. */
	small = size > 0 ? data[0] % 16 + 1 : 1;
	n = text_sanitize((const char *)data, size, out, small);
	if (n >= small || strlen(out) != n || !text_is_clean(out))
		abort();
	free(out);
	free(again);
	return 0;
}
