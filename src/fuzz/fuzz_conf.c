/*
 * libFuzzer target: the configuration parser.  The input is a
 * configuration file, optionally followed after a NUL byte by -o
 * overrides separated by newlines.  conf_load() must either refuse with a
 * message or give a configuration whose closures are sorted and whose
 * listen address is set.  Built by tests/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	const uint8_t *nul = memchr(data, '\0', size);
	size_t filelen = nul ? (size_t)(nul - data) : size, i, n = 0;
	char *ovtext = NULL, *ov[16], *tok, *save = NULL, err[512];
	struct conf *c = NULL;
	FILE *fp;
	int r;

	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/infocig-fuzz-conf.%ld", (long)getpid());
	if ((fp = fopen(path, "w")) == NULL)
		return 0;
	fwrite(data, 1, filelen, fp);
	fclose(fp);
	if (nul != NULL) {
		ovtext = xstrndup((const char *)nul + 1, size - filelen - 1);
		for (tok = strtok_r(ovtext, "\n", &save); tok != NULL && n < 16;
		    tok = strtok_r(NULL, "\n", &save))
			ov[n++] = tok;
	}
	err[0] = '\0';
	r = conf_load(path, ov, n, &c, err, sizeof err);
	unlink(path);
	if (r == 0) {
		if (c == NULL || c->ssh.listen == NULL || c->database == NULL)
			abort();
		for (i = 1; i < c->service.nclosures; i++)
			if (c->service.closures[i - 1] >= c->service.closures[i])
				abort();
		free(conf_otp_key_path(c));
		conf_free(c);
	} else if (c != NULL || err[0] == '\0') {
		abort();	/* a refusal always says why */
	}
	free(ovtext);
	return 0;
}
