/*
 * The desk as a screen: its four panes (queue, my chats, conversation,
 * case), their layout for the terminal's size, and its periodic work.
 */
#include "common.h"
#include "console_internal.h"

extern const struct pane_ops pane_queue_ops, pane_mine_ops, pane_conv_ops, pane_case_ops;

static const struct pane_ops *const desk_panes[] = {
	[PANE_QUEUE] = &pane_queue_ops,
	[PANE_MINE] = &pane_mine_ops,
	[PANE_CONV] = &pane_conv_ops,
	[PANE_CASE] = &pane_case_ops,
	NULL,
};

/*
 * The lists on the left, the queue above; the conversation above the case,
 * or beside it from 150 columns, both full height.
 */
static void
desk_layout(struct console *con, int h, int w, struct rect *r)
{
	int left = w >= 120 ? 36 : 28, right = w - left, top = h / 2, convw;

	(void)con;
	r[PANE_QUEUE] = (struct rect){ 0, 0, top, left };
	r[PANE_MINE] = (struct rect){ top, 0, h - top, left };
	if (w >= 150) {
		convw = right / 2;
		r[PANE_CONV] = (struct rect){ 0, left, h, convw };
		r[PANE_CASE] = (struct rect){ 0, left + convw, h, right - convw };
	} else {
		top = h * 11 / 20;
		r[PANE_CONV] = (struct rect){ 0, left, top, right };
		r[PANE_CASE] = (struct rect){ top, left, h - top, right };
	}
}

static int
desk_open(struct console *con)
{
	console_refresh(con, 1);
	return 0;
}

/*
 * New rows and lines when the database changed, whether the person types;
 * once a second the queue
 * again for its waits, which grow while nobody types (only when it shows any).
 */
static void
desk_tick(struct console *con)
{
	int64_t now = clock_now();

	console_refresh(con, 0);
	/* A mark ends by time as well as by a line: read at every tick, not on changes only. */
	desk_poll_typing(con);
	if (now != con->desk.queue_drawn_at && con->desk.queue.v.n > 0) {
		con->desk.queue_drawn_at = now;
		screen_dirty(con, PANE_QUEUE);
	}
}

/* Back in the conversation after a lookup (F4): the chat's person's case again. */
static void
desk_focus_changed(struct console *con)
{
	if (con->scr.focus == PANE_CONV && con->desk.conv.chat_id != 0 && con->desk.cv.manual)
		case_open_for_chat(con, &con->desk.conv.row);
}

const struct screen_def screen_desk = {
	.name = "desk",
	.panes = desk_panes,
	.layout = desk_layout,
	.open = desk_open,
	.tick = desk_tick,
	.focus_changed = desk_focus_changed,
};
