/*
 * libFuzzer target: the identifier validators.  Each check runs on the
 * input as a string; what is accepted must have the shape the check
 * promises, classification must agree with the checks, and names accepted
 * for display must hold no character valid_char_is_hidden() rejects.
 * Built by tests/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size), iban[28];
	enum valid_kind k;
	size_t len = strlen(s), i;

	if (valid_cf_person(s) == VALID_OK && len != VALID_CF_PERSON_LEN)
		abort();
	if (valid_cf_company(s) == VALID_OK && (len != VALID_CF_COMPANY_LEN || !all_digits(s)))
		abort();
	if (valid_matricola(s) == VALID_OK && (len != VALID_MATRICOLA_LEN || !all_digits(s)))
		abort();
	if (valid_iban(s) >= 0 && (len < 15 || len > VALID_IBAN_MAX_LEN))
		abort();
	if (valid_practice_number(s) == VALID_OK &&
	    (len < VALID_PRACTICE_MIN_LEN || len > VALID_PRACTICE_MAX_LEN))
		abort();
	k = valid_classify(s);
	(void)valid_check_kind(k, s);
	(void)valid_kind_name(k);
	(void)valid_strerror(valid_check_kind(k, s));
	if (valid_staff_login(s) == VALID_OK)
		for (i = 0; i < len; i++)
			if (!(s[i] == '.' || s[i] == '_' || s[i] == '-' ||
			    (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= 'A' && s[i] <= 'Z')))
				abort();
	if (valid_display_name(s, 95) == VALID_OK) {
		if (len > 95 || len == 0)
			abort();
		for (i = 0; i < len; i++)
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
				abort();
	}
	if (len >= 22)
		(void)valid_iban_make_it(s, s + 5, s + 10, iban);
	free(s);
	return 0;
}
