/*
 * libFuzzer target: the line editor and the command parser.  Input bytes
 * are typed into an editor (with echo, a narrow window, a short line);
 * every completed line must be clean text no longer than the limit, and
 * must parse as a command without trouble.  Built by tests/fuzz.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "shell.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shell_edit *e;
	struct shell_buf out = { 0 };
	const char *p = (const char *)data;
	size_t used, width;
	enum shell_edit_result r;

	if (size < 1)
		return 0;
	/* The first byte picks the window width and whether there is echo. */
	width = 5 + (data[0] & 0x3f);
	e = shell_edit_new(40, 4);
	shell_edit_set_echo(e, data[0] & 0x80);
	shell_edit_set_width(e, (int)width);
	shell_edit_set_prompt(e, "> ");
	p++;
	size--;
	while (size > 0) {
		r = shell_edit_feed(e, p, size, &used, &out);
		if (used == 0 || used > size)
			abort();
		p += used;
		size -= used;
		if (r == SHELL_EDIT_LINE) {
			const char *line = shell_edit_line(e);

			if (strlen(line) > 40 || !text_is_clean(line) || strchr(line, '\t'))
				abort();
			(void)shell_cmd_parse(line);
			shell_edit_hide(e, &out);
			shell_edit_show(e, &out);
		}
		if (out.len > 1 << 20)
			out.len = 0;
	}
	shell_buf_free(&out);
	shell_edit_free(e);
	return 0;
}
