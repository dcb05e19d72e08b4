/*
 * The one builder of wrapped rows for display: every screen that shows a
 * text wrapped at a width (the console's panes, dialogs and forms) takes
 * its rows from here, with an optional hanging indent for the rows that
 * continue a line.
 */
#include <string.h>

#include "text.h"

size_t
text_wrap_rows(const char *s, size_t len, int width, int hang,
    void (*fn)(void *arg, int indent, const char *row, size_t rowlen), void *arg)
{
	const char *nl;
	size_t pos = 0, eol, show, next, rows = 0;
	int first;

	if (width < 1)
		width = 1;
	if (hang < 0 || hang >= width)
		hang = 0;
	for (;;) {
		nl = memchr(s + pos, '\n', len - pos);
		eol = nl != NULL ? (size_t)(nl - s) : len;
		first = 1;
		do {
			show = text_wrap_next(s + pos, eol - pos, first ? width : width - hang,
			    &next);
			while (show > 0 && s[pos + show - 1] == ' ')
				show--;
			if (fn != NULL)
				fn(arg, first ? 0 : hang, s + pos, show);
			rows++;
			first = 0;
			pos += next;
		} while (pos < eol && next > 0);
		if (nl == NULL)
			break;
		pos = eol + 1;
	}
	return rows;
}
