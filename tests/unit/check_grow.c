/* SPDX-License-Identifier: ISC */
/* Growing arrays: the room given, what is kept, and sizes that do not
 * fit in size_t refused before anything is allocated. */
#include <check.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/grow.h"
#include "unit.h"

struct item {
	int v;
	char pad[12];
};

START_TEST(test_grow_room)
{
	struct item *a = NULL, *before;
	size_t cap = 0;

	ck_assert_int_eq(grow(&a, &cap, 1, sizeof(*a)), 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(cap, GROW_FIRST);
	a[0].v = 7;
	before = a;
	ck_assert_int_eq(grow(&a, &cap, GROW_FIRST, sizeof(*a)), 0);
	ck_assert_ptr_eq(a, before);	/* room enough: untouched */
	ck_assert_int_eq(grow(&a, &cap, GROW_FIRST + 1, sizeof(*a)), 0);
	ck_assert_uint_eq(cap, 2 * GROW_FIRST);		/* doubled */
	ck_assert_int_eq(grow(&a, &cap, 100, sizeof(*a)), 0);
	ck_assert_uint_eq(cap, 100);	/* more than double: what is wanted */
	ck_assert_int_eq(a[0].v, 7);
	ck_assert_uint_ge(malloc_usable_size(a), 100 * sizeof(*a));
	free(a);
}
END_TEST

START_TEST(test_grow_overflow)
{
	struct item *a = NULL;
	size_t cap = 0;

	ck_assert_int_eq(grow(&a, &cap, 4, sizeof(*a)), 0);
	errno = 0;
	ck_assert_int_eq(grow(&a, &cap, SIZE_MAX / sizeof(*a) + 1,
			      sizeof(*a)), -1);
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_ptr_nonnull(a);	/* as it was */
	ck_assert_uint_eq(cap, GROW_FIRST);
	/* doubling past SIZE_MAX */
	cap = SIZE_MAX / 2 + 1;
	ck_assert_int_eq(grow(&a, &cap, cap + 1, 2), -1);
	ck_assert_uint_eq(cap, SIZE_MAX / 2 + 1);
	free(a);
}
END_TEST

START_TEST(test_grow_add)
{
	struct item *a = NULL, *it;
	size_t n = 0;

	for (int i = 0; i < 1000; i++) {
		it = grow_add(&a, &n, sizeof(*a));
		ck_assert_ptr_nonnull(it);
		ck_assert_ptr_eq(it, &a[i]);
		ck_assert_int_eq(it->v, 0);	/* zeroed */
		ck_assert_uint_eq(n, (size_t)i + 1);
		/* the room it assumes from n is there */
		ck_assert_uint_ge(malloc_usable_size(a), n * sizeof(*a));
		it->v = i;
	}
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(a[i].v, i);
	free(a);
}
END_TEST

START_TEST(test_grow_add_overflow)
{
	char *a = NULL;
	size_t n = SIZE_MAX;

	errno = 0;
	ck_assert_ptr_null(grow_add(&a, &n, 1));
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_uint_eq(n, SIZE_MAX);
	ck_assert_ptr_null(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("grow");
	TCase *tc = tcase_create("grow");

	tcase_add_test(tc, test_grow_room);
	tcase_add_test(tc, test_grow_overflow);
	tcase_add_test(tc, test_grow_add);
	tcase_add_test(tc, test_grow_add_overflow);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
