/* Placeholder, being written: the office view. */
#include "console_internal.h"

static int
v_open(struct console *con)
{
	(void)con;
	return 0;
}

static void
v_draw(struct console *con, WINDOW *w)
{
	(void)con;
	mvwaddstr(w, 1, 2, "In preparazione.");
}

static int
v_key(struct console *con, int key)
{
	(void)con;
	(void)key;
	return KEY_UNHANDLED;
}

static void
v_tick(struct console *con)
{
	(void)con;
}

const struct console_view view_office = {
	.name = "office",
	.open = v_open,
	.draw = v_draw,
	.key = v_key,
	.tick = v_tick,
};
