/*
 * Unit tests for the line-editing core (edit.h): UTF-8 cursor movement,
 * insertion up to the buffer's size, deletions by motion (Backspace,
 * Delete, Ctrl-U/K/W) and the history with its draft.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"
#include "edit.h"

static void
test_insert_move(void **state)
{
	char buf[32];
	struct edit_line l = { buf, 0, 0, sizeof buf };

	(void)state;
	edit_clear(&l);
	assert_string_equal(buf, "");
	assert_int_equal(edit_insert(&l, "perch\xc3\xa8", 7), 7);	/* "perché" */
	assert_int_equal(l.pos, 7);
	/* Left steps over the two bytes of "è" at once. */
	assert_true(edit_move(&l, EDIT_LEFT));
	assert_int_equal(l.pos, 5);
	assert_int_equal(edit_insert(&l, "x", 1), 1);
	assert_string_equal(buf, "perchx\xc3\xa8");
	assert_true(edit_move(&l, EDIT_RIGHT));
	assert_int_equal(l.pos, 8);
	assert_false(edit_move(&l, EDIT_RIGHT));	/* at the end */
	assert_true(edit_move(&l, EDIT_HOME));
	assert_int_equal(l.pos, 0);
	assert_false(edit_move(&l, EDIT_LEFT));
	assert_true(edit_move(&l, EDIT_END));
	assert_int_equal(l.pos, l.len);
	/* A 4-byte character. */
	edit_set(&l, "a\xf0\x9f\x98\x80");
	assert_int_equal(edit_target(&l, EDIT_LEFT), 1);
}

static void
test_full(void **state)
{
	char buf[8];
	struct edit_line l = { buf, 0, 0, sizeof buf };

	(void)state;
	edit_clear(&l);
	/* Seven bytes of room: "abcde" then "€" (3 bytes) does not fit whole. */
	assert_int_equal(edit_insert(&l, "abcde\xe2\x82\xac", 8), 5);
	assert_string_equal(buf, "abcde");
	assert_int_equal(edit_insert(&l, "\xc3\xa8", 2), 2);
	assert_int_equal(edit_insert(&l, "x", 1), 0);
	assert_int_equal(l.len, 7);
	assert_string_equal(buf, "abcde\xc3\xa8");
	/* edit_set cuts at a character boundary too. */
	edit_set(&l, "123456\xc3\xa8");
	assert_string_equal(buf, "123456");
	assert_int_equal(l.pos, 6);
}

static void
test_delete(void **state)
{
	char buf[64];
	struct edit_line l = { buf, 0, 0, sizeof buf };

	(void)state;
	edit_set(&l, "ciao caro mondo  ");
	/* Ctrl-W: the blanks, then the word. */
	assert_true(edit_delete(&l, EDIT_WORD_LEFT));
	assert_string_equal(buf, "ciao caro ");
	assert_true(edit_delete(&l, EDIT_WORD_LEFT));
	assert_string_equal(buf, "ciao ");
	/* Backspace at the end, Delete at the end does nothing. */
	assert_true(edit_delete(&l, EDIT_LEFT));
	assert_false(edit_delete(&l, EDIT_RIGHT));
	assert_string_equal(buf, "ciao");
	/* Ctrl-K and Ctrl-U around the cursor. */
	edit_set(&l, "uno due tre");
	l.pos = 4;
	assert_true(edit_delete(&l, EDIT_END));
	assert_string_equal(buf, "uno ");
	assert_int_equal(l.pos, 4);
	edit_set(&l, "uno due tre");
	l.pos = 4;
	assert_true(edit_delete(&l, EDIT_HOME));
	assert_string_equal(buf, "due tre");
	assert_int_equal(l.pos, 0);
	assert_false(edit_delete(&l, EDIT_LEFT));
	/* Delete removes a whole character. */
	edit_set(&l, "\xc3\xa8x");
	l.pos = 0;
	assert_true(edit_delete(&l, EDIT_RIGHT));
	assert_string_equal(buf, "x");
	/* A word of accented letters. */
	edit_set(&l, "cos\xc3\xac perch\xc3\xa9");
	assert_true(edit_delete(&l, EDIT_WORD_LEFT));
	assert_string_equal(buf, "cos\xc3\xac ");
	assert_int_equal(l.pos, l.len);
}

static void
test_history(void **state)
{
	char *slots[3] = { 0 };
	struct edit_history h = { slots, 0, 3, 0, NULL };
	char buf[32];
	struct edit_line l = { buf, 0, 0, sizeof buf };

	(void)state;
	edit_clear(&l);
	assert_false(edit_history_move(&h, &l, -1));
	edit_history_add(&h, "uno");
	edit_history_add(&h, "");		/* not remembered */
	edit_history_add(&h, "due");
	edit_history_add(&h, "due");		/* nor a repeat */
	assert_int_equal(h.n, 2);
	edit_set(&l, "bozza");
	assert_true(edit_history_move(&h, &l, -1));
	assert_string_equal(buf, "due");
	assert_int_equal(l.pos, 3);
	assert_true(edit_history_move(&h, &l, -1));
	assert_string_equal(buf, "uno");
	assert_false(edit_history_move(&h, &l, -1));	/* the oldest */
	assert_string_equal(buf, "uno");
	assert_true(edit_history_move(&h, &l, 1));
	assert_true(edit_history_move(&h, &l, 1));
	assert_string_equal(buf, "bozza");		/* the draft comes back */
	assert_false(edit_history_move(&h, &l, 1));
	/* Full: the oldest goes. */
	edit_history_add(&h, "tre");
	edit_history_add(&h, "quattro");
	assert_int_equal(h.n, 3);
	assert_string_equal(slots[0], "due");
	assert_string_equal(slots[2], "quattro");
	assert_int_equal(h.pos, 3);
	assert_null(h.draft);
	edit_history_clear(&h);
	assert_int_equal(h.n, 0);
	edit_history_clear(&h);
	/* No history at all. */
	h.max = 0;
	edit_history_add(&h, "cinque");
	assert_int_equal(h.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_move),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_history),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
