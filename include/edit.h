/*
 * edit: the core of line editing, with no terminal and no keys.  A line is
 * a caller's byte buffer edited in place with UTF-8 aware cursor movement,
 * insertion, deletion by motion (Backspace, Delete, Ctrl-U/K/W) and a
 * history.  The shell's editor (bytes and escape sequences from ssh, its
 * own echo) and the console's input line (ncurses keys) both map their
 * input onto these functions.  Part of the text module: pure code.
 */
#ifndef INFOCIG_EDIT_H
#define INFOCIG_EDIT_H

#include <stddef.h>

/*
 * A line: buf holds cap bytes (the caller's), so at most cap - 1 bytes of
 * text, always NUL-terminated by these functions; pos (the cursor) is a
 * byte offset at a character boundary, 0 <= pos <= len.
 */
struct edit_line {
	char *buf;
	size_t len, pos, cap;
};

/* Where a motion takes the cursor, or what a deletion removes up to. */
enum edit_motion {
	EDIT_LEFT,		/* one character back */
	EDIT_RIGHT,		/* one character on */
	EDIT_HOME,		/* the start (Ctrl-A; Ctrl-U deletes to it) */
	EDIT_END,		/* the end (Ctrl-E; Ctrl-K deletes to it) */
	EDIT_WORD_LEFT,		/* back over blanks, then over a word (Ctrl-W) */
};

/* Empties the line (the old text wiped: it may have been a secret). */
void edit_clear(struct edit_line *l);
/* Replaces the text with s, cut at a character boundary to fit; cursor at the end. */
void edit_set(struct edit_line *l, const char *s);
/*
 * Inserts at the cursor the longest run of whole characters of the n bytes
 * at s that fits, and moves the cursor after it.  Returns the bytes
 * inserted: less than n when the line is full.
 */
size_t edit_insert(struct edit_line *l, const char *s, size_t n);
/* The offset motion m leads to from the cursor. */
size_t edit_target(const struct edit_line *l, enum edit_motion m);
/* Moves the cursor; 1 when it moved. */
int edit_move(struct edit_line *l, enum edit_motion m);
/* Deletes between the cursor and where m leads; 1 when something went. */
int edit_delete(struct edit_line *l, enum edit_motion m);

/*
 * Lines entered, oldest first.  v has max slots (the caller's array); the
 * strings and draft belong to the history.  pos is the line shown while
 * browsing, n for the line being typed, which draft keeps meanwhile.
 */
struct edit_history {
	char **v;
	size_t n, max, pos;
	char *draft;
};

/*
 * Remembers line (not an empty one, nor a repeat of the last), dropping the
 * oldest when full, and ends any browsing.
 */
void edit_history_add(struct edit_history *h, const char *line);
/*
 * Shows the line before (dir < 0) or after (dir > 0) in l; past the newest
 * comes the draft.  Returns 1, or 0 at either end (l unchanged).
 */
int edit_history_move(struct edit_history *h, struct edit_line *l, int dir);
/* Frees the lines and the draft (not v); the history is empty after. */
void edit_history_clear(struct edit_history *h);

#endif
