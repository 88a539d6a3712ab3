/* SPDX-License-Identifier: ISC */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_layout.h"

/* Drops out's last component (out holds no ".."): false if none. */
static bool drop_last(char *out, size_t *used, size_t base)
{
	char *slash;

	if (*used == base)
		return false;
	out[*used] = '\0';
	slash = strrchr(out + base, '/');
	*used = slash != NULL ? (size_t)(slash - out) : base;
	out[*used] = '\0';
	return true;
}

static int push(char *out, size_t len, size_t *used, size_t base,
		const char *comp, size_t n)
{
	size_t sep = *used > base ? 1 : 0;

	if (*used + sep + n + 1 > len)
		return -1;
	if (sep)
		out[(*used)++] = '/';
	memcpy(out + *used, comp, n);
	*used += n;
	out[*used] = '\0';
	return 0;
}

int lab_path_normalize(const char *path, char *out, size_t len,
		       unsigned *ups)
{
	size_t base = path[0] == '/' ? 1 : 0, used = base;

	*ups = 0;
	if (len < 2)
		return -1;
	out[0] = '/';
	out[used] = '\0';
	for (const char *p = path; *p != '\0';) {
		size_t n = strcspn(p, "/");

		if (n == 2 && strncmp(p, "..", 2) == 0) {
			if (!drop_last(out, &used, base) && base == 0)
				(*ups)++;
		} else if (n > 0 && !(n == 1 && *p == '.') &&
			   push(out, len, &used, base, p, n) < 0) {
			return -1;
		}
		p += n;
		p += strspn(p, "/");
	}
	return 0;
}

int lab_path_tail(const char *dir, unsigned n, char *out, size_t len)
{
	char norm[PATH_MAX];
	unsigned ups;
	const char *start;

	if (lab_path_normalize(dir, norm, sizeof(norm), &ups) < 0)
		return -1;
	start = norm + strlen(norm);
	for (unsigned k = 0; k < n; k++) {
		while (start > norm && start[-1] == '/')
			start--;
		if (start == norm)
			return -1;
		while (start > norm && start[-1] != '/')
			start--;
	}
	return (size_t)snprintf(out, len, "%s", start) >= len ? -1 : 0;
}

/* dir/name, or name when dir is "". */
static char *join(const char *dir, const char *name)
{
	char *s;

	if (asprintf(&s, "%s%s%s", dir, dir[0] != '\0' ? "/" : "", name) < 0)
		return NULL;
	return s;
}

static size_t count_refs(struct lab_node *const *nodes, size_t n_nodes)
{
	size_t n = 0;

	for (size_t i = 0; i < n_nodes; i++)
		n += (nodes[i]->frr_config != NULL) +
		     (nodes[i]->ipsec_config != NULL);
	return n;
}

static void add_ref(struct lab_layout *lo, const char *what,
		    const struct lab_node *node, const char *path,
		    const char *written, bool away)
{
	if (path == NULL)
		return;
	lo->files[lo->n++] = (struct lab_layout_file){
		.what = what, .node = node, .path = path,
		.written = written != NULL ? written : path, .away = away,
	};
}

static void add_node_refs(struct lab_layout *lo, struct lab_node *const *nodes,
			  size_t n, bool away)
{
	for (size_t i = 0; i < n; i++) {
		const struct lab_node *node = nodes[i];

		add_ref(lo, "frr", node, node->frr_config, node->frr_written,
			away);
		add_ref(lo, "ipsec", node, node->ipsec_config,
			node->ipsec_written, away);
	}
}

/* How many of the lab directory's last components the paths need. */
static unsigned layout_depth(const struct lab_layout *lo)
{
	char norm[PATH_MAX];
	unsigned ups, depth = 0;

	for (size_t i = 0; i < lo->n; i++)
		if (lo->files[i].written[0] != '/' &&
		    lab_path_normalize(lo->files[i].written, norm,
				       sizeof(norm), &ups) == 0 &&
		    ups > depth)
			depth = ups;
	return depth;
}

/* The file's place: its path as written, from the lab file's place. */
static int place(struct lab_layout_file *f, const char *lab_sub)
{
	char norm[PATH_MAX];
	unsigned ups;
	char *joined;
	int rc;

	if (f->written[0] == '/')
		return 0;
	if ((joined = join(lab_sub, f->written)) == NULL)
		return -1;
	rc = lab_path_normalize(joined, norm, sizeof(norm), &ups);
	free(joined);
	if (rc < 0)
		return -1;
	if (ups > 0)
		return 0;	/* above the file system's root */
	return (f->rel = strdup(norm)) == NULL ? -1 : 0;
}

/* The lab file's directory, as far up as its paths climb (less where
 * the file system's root stops them), into sub. */
static int lab_sub_dir(const struct lab *lab, const struct lab_layout *lo,
		       char *sub, size_t len)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(lab->file, '/');
	unsigned depth = layout_depth(lo);

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if ((size_t)snprintf(dir, sizeof(dir), "%.*s",
				  (int)(slash - lab->file), lab->file) >=
		 sizeof(dir))
		return -1;
	while (lab_path_tail(dir, depth, sub, len) < 0)
		if (depth-- == 0)
			return -1;
	return 0;
}

int lab_layout_make(const struct lab *lab, struct lab_layout *lo)
{
	char sub[PATH_MAX];
	const char *slash = strrchr(lab->file, '/');

	memset(lo, 0, sizeof(*lo));
	/* the nodes other hosts build too: their files are in the lab
	 * file, so a saved lab needs them to come up again */
	lo->files = calloc(2 + count_refs(lab->nodes, lab->n_nodes) +
			   count_refs(lab->away.nodes, lab->away.n_nodes),
			   sizeof(*lo->files));
	if (lo->files == NULL)
		return -1;
	add_ref(lo, "expectations", NULL, lab->expectations,
		lab->expectations_written, false);
	add_node_refs(lo, lab->nodes, lab->n_nodes, false);
	add_node_refs(lo, lab->away.nodes, lab->away.n_nodes, true);
	if (lab_sub_dir(lab, lo, sub, sizeof(sub)) < 0 ||
	    (lo->lab_rel = join(sub, slash != NULL ? slash + 1 : lab->file))
	    == NULL)
		return -1;
	for (size_t i = 0; i < lo->n; i++)
		if (place(&lo->files[i], sub) < 0)
			return -1;
	return 0;
}

void lab_layout_free(struct lab_layout *lo)
{
	for (size_t i = 0; i < lo->n; i++)
		free(lo->files[i].rel);
	free(lo->files);
	free(lo->lab_rel);
	memset(lo, 0, sizeof(*lo));
}
