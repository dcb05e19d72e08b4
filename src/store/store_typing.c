/*
 * The typing indicator (issue 15): each side of an active chat marks it
 * when it types, at most every few seconds (the callers' rate), in real
 * milliseconds of the engine's clock, like messages.sent_ms; a mark counts
 * for STORE_TYPING_WINDOW_MS and only until that side's next line.
 */
#include "common.h"
#include "store_internal.h"

int
store_chat_typing_mark(struct store *st, int64_t chat_id, int is_advisor)
{
	sqlite3_stmt *s = store_stmt(st, is_advisor ? TQ_MARK_ADVISOR : TQ_MARK_PERSON);

	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, chat_id);
	return store_step_done(st, s);
}

int
store_chat_typing_get(struct store *st, int64_t chat_id, int *person, int *advisor)
{
	sqlite3_stmt *s = store_stmt(st, TQ_GET);
	int r;

	*person = *advisor = 0;
	if (s == NULL)
		return ERR_IO;
	sqlite3_bind_int64(s, 1, chat_id);
	if ((r = store_step_row(st, s)) < 0)
		return r == ERR_NOTFOUND ? 0 : r;
	*person = sqlite3_column_int(s, 0);
	*advisor = sqlite3_column_int(s, 1);
	sqlite3_reset(s);
	return 0;
}

/* A side types when its mark is recent and newer than its own last line. */
#define TYPING_OF(col, sender) \
	"coalesce(c." col " > " STORE_NOW_MS " - " STORE_TYPING_WINDOW_TEXT \
	" AND c." col " > coalesce((SELECT max(m.sent_ms) FROM messages m" \
	" WHERE m.chat_id = c.id AND m.sender = '" sender "'), 0), 0)"

const struct store_sql store_typing_sql[] = {
	{ TQ_MARK_PERSON, "UPDATE chats SET person_typing_ms = " STORE_NOW_MS
	    " WHERE id = ?1 AND state = 'active'" },
	{ TQ_MARK_ADVISOR, "UPDATE chats SET advisor_typing_ms = " STORE_NOW_MS
	    " WHERE id = ?1 AND state = 'active'" },
	{ TQ_GET, "SELECT " TYPING_OF("person_typing_ms", "user") ", "
	    TYPING_OF("advisor_typing_ms", "advisor") " FROM chats c WHERE c.id = ?1" },
};
const size_t store_typing_sql_count = nitems(store_typing_sql);
