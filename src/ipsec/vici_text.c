/* SPDX-License-Identifier: ISC */
/* A VICI message as text an engineer reads or diffs (what `azlab save`
 * writes of list-conns): swanctl.conf's own shape, since that is how the
 * same settings were written in the first place. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>

#include "vici.h"

struct text_out {
	FILE *out;
	int depth;
	bool first_item;
};

static void value(FILE *out, const char *val, size_t len)
{
	for (size_t i = 0; i < len; i++)
		fputc(iscntrl((unsigned char)val[i]) ? '?' : val[i], out);
}

static void indent(const struct text_out *t)
{
	fprintf(t->out, "%*s", t->depth * 2, "");
}

static int on_section(void *ctx, const char *name)
{
	struct text_out *t = ctx;

	indent(t);
	fprintf(t->out, "%s {\n", name);
	t->depth++;
	return 0;
}

static int on_section_end(void *ctx)
{
	struct text_out *t = ctx;

	t->depth--;
	indent(t);
	fputs("}\n", t->out);
	return 0;
}

static int on_kv(void *ctx, const char *key, const char *val, size_t len)
{
	struct text_out *t = ctx;

	indent(t);
	fprintf(t->out, "%s = ", key);
	value(t->out, val, len);
	fputc('\n', t->out);
	return 0;
}

static int on_list(void *ctx, const char *name)
{
	struct text_out *t = ctx;

	indent(t);
	fprintf(t->out, "%s =", name);
	t->first_item = true;
	return 0;
}

static int on_item(void *ctx, const char *val, size_t len)
{
	struct text_out *t = ctx;

	fputs(t->first_item ? " " : ", ", t->out);
	t->first_item = false;
	value(t->out, val, len);
	return 0;
}

static int on_list_end(void *ctx)
{
	fputc('\n', ((struct text_out *)ctx)->out);
	return 0;
}

static const struct vici_walk text_walk = {
	on_section, on_section_end, on_kv, on_list, on_item, on_list_end,
};

int vici_text_write(FILE *out, const struct vici_msg *m, int depth)
{
	struct text_out t = { .out = out, .depth = depth };

	return vici_walk(m, &text_walk, &t) != 0 ? -1 : 0;
}
