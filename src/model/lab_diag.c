/* SPDX-License-Identifier: ISC */
/* Diagnostics of the lab loader, and the allocation helpers that turn an
 * out-of-memory into one more reason to fail rather than a crash. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_priv.h"
#include "core/grow.h"

void *ld_calloc(struct lab_loader *ld, size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);

	if (p == NULL)
		ld->oom = true;
	return p;
}

char *ld_strdup(struct lab_loader *ld, const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		ld->oom = true;
	return p;
}

void *ld_append(struct lab_loader *ld, void *arr, size_t *n, size_t sz)
{
	void *p = grow_add(arr, n, sz);

	if (p == NULL)
		ld->oom = true;
	return p;
}

void ld_error(struct lab_loader *ld, struct lab_pos pos, const char *fmt, ...)
{
	struct lab_diag *d;
	va_list ap;
	char *msg;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		ld->oom = true;
		return;
	}
	d = ld_append(ld, &ld->diags, &ld->n_diags, sizeof(*d));
	if (d == NULL) {
		free(msg);
		return;
	}
	d->pos = pos;
	d->seq = ld->n_diags;
	d->msg = msg;
}

static int diag_cmp(const void *a, const void *b)
{
	const struct lab_diag *x = a, *y = b;

	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	/* same place: keep the order they were found in */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same_pos(struct lab_pos a, struct lab_pos b)
{
	return a.line == b.line && a.col == b.col;
}

/* A mapping shared through a YAML alias is read once per user: say what
 * is wrong with it once. Sorted, all messages at one place are together. */
static bool diag_repeated(const struct lab_diag *diags, size_t i)
{
	for (size_t j = i; j-- > 0 && same_pos(diags[j].pos, diags[i].pos);)
		if (strcmp(diags[j].msg, diags[i].msg) == 0)
			return true;
	return false;
}

static int diags_push(struct lab_diags *out, char *msg)
{
	char **slot = grow_add(&out->msgs, &out->n, sizeof(*slot));

	if (slot == NULL) {
		free(msg);
		return -1;
	}
	*slot = msg;
	return 0;
}

int ld_flush(struct lab_loader *ld, const char *file, struct lab_diags *out)
{
	char *msg;

	if (ld->n_diags > 0)
		qsort(ld->diags, ld->n_diags, sizeof(*ld->diags), diag_cmp);
	for (size_t i = 0; i < ld->n_diags; i++) {
		const struct lab_diag *d = &ld->diags[i];

		if (diag_repeated(ld->diags, i))
			continue;
		if (d->pos.line == 0) {
			if (asprintf(&msg, "%s: %s", file, d->msg) < 0)
				return -1;
		} else if (asprintf(&msg, "%s:%u:%u: %s", file, d->pos.line,
				    d->pos.col, d->msg) < 0) {
			return -1;
		}
		if (diags_push(out, msg) < 0)
			return -1;
	}
	if (ld->oom) {
		if (asprintf(&msg, "%s: out of memory", file) < 0)
			return -1;
		return diags_push(out, msg);
	}
	return 0;
}

void ld_free(struct lab_loader *ld)
{
	for (size_t i = 0; i < ld->n_diags; i++)
		free(ld->diags[i].msg);
	free(ld->diags);
	free(ld->addrs);
	free(ld->routes);
	free(ld->ports);
	free(ld->files);
	for (size_t i = 0; i < ld->n_gws; i++)
		free(ld->gws[i].name);
	free(ld->gws);
	memset(ld, 0, sizeof(*ld));
}

void lab_diags_free(struct lab_diags *diags)
{
	for (size_t i = 0; i < diags->n; i++)
		free(diags->msgs[i]);
	free(diags->msgs);
	diags->msgs = NULL;
	diags->n = 0;
}
