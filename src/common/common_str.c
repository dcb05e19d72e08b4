/* Small string helpers. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

size_t
str_lcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

void
str_upper_trim(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	const char *end;

	if (size == 0)
		return;
	while (*src == ' ' || *src == '\t' || *src == '\r' || *src == '\n')
		src++;
	end = src + strlen(src);
	while (end > src && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	for (; src < end && n + 1 < size; src++, n++)
		dst[n] = (*src >= 'a' && *src <= 'z') ? *src - 'a' + 'A' : *src;
	dst[n] = '\0';
}

void
str_mask_id(char *dst, size_t size, const char *id)
{
	size_t len = strlen(id), i, n = 0;

	if (size == 0)
		return;
	for (i = 0; i < len && n + 1 < size; i++, n++) {
		/* Keep the first three and last two characters. */
		dst[n] = (i < 3 || i + 2 >= len) ? id[i] : '*';
	}
	dst[n] = '\0';
}

void
str_format_euro(char *dst, size_t size, int64_t cents)
{
	char digits[32], grouped[48];
	int64_t units = cents / 100, rest = cents % 100;
	size_t len, i, n = 0;
	int neg = cents < 0;

	if (neg) {
		units = -units;
		rest = -rest;
	}
	snprintf(digits, sizeof digits, "%" PRId64, units);
	len = strlen(digits);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			grouped[n++] = '.';
		grouped[n++] = digits[i];
	}
	grouped[n] = '\0';
	snprintf(dst, size, "%s%s,%02" PRId64 " \xe2\x82\xac", neg ? "-" : "",
	    grouped, rest);
}

void
json_put_string(FILE *fp, const char *s)
{
	const unsigned char *p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}


void
str_utf8_cut(char *s, size_t len)
{
	size_t i, need;
	unsigned char c;

	if (len == 0)
		return;
	i = len - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	c = (unsigned char)s[i];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (i + need > len)
		s[i] = '\0';
}
