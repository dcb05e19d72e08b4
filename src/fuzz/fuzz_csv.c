/*
 * libFuzzer target: the CSV reader and writer.  Every record read must
 * hold fields within CSV_RECORD_MAX bytes and CSV_FIELDS_MAX fields, every
 * refusal must say why, and each field written back by csv_put() must
 * carry no control character but LF.  Built by tests/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes field f with csv_put() and checks the bytes that come out. */
static void
check_put(const char *f)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *out = open_memstream(&buf, &len);

	if (out == NULL)
		return;
	csv_put(out, f, 1);
	fclose(out);
	for (i = 0; i < len; i++)
		if (((unsigned char)buf[i] < 0x20 && buf[i] != '\n') || buf[i] == 0x7f)
			abort();
	/* A formula never starts a cell. */
	if (len > 0 && (buf[0] == '=' || buf[0] == '@'))
		abort();
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp;
	struct csv *c;
	int n, i, records = 0;

	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	c = csv_open(fp);
	while ((n = csv_read(c)) != 0 && records++ < 10000) {
		if (n < 0) {
			if (csv_error(c) == NULL || csv_line(c) < 1)
				abort();
			continue;
		}
		if (n > CSV_FIELDS_MAX || n != csv_nfields(c))
			abort();
		for (i = 0; i < n; i++) {
			if (strlen(csv_field(c, i)) > CSV_RECORD_MAX)
				abort();
			check_put(csv_field(c, i));
		}
	}
	csv_free(c);
	fclose(fp);
	return 0;
}
