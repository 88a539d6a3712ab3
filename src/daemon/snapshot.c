/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "snapshot.h"

static int copy_file(const char *from, const char *to, struct azerr *e)
{
	size_t len;
	char *text = file_read(from, &len);
	int rc;

	if (text == NULL)
		return azerr_errno(e, errno, "reading %s", from);
	rc = file_write(to, text, len);
	free(text);
	return rc < 0 ? azerr_errno(e, errno, "writing %s", to) : 0;
}

static int copy_path(char dst[PATH_MAX], const char *root, const char *path,
		     struct azerr *e)
{
	if ((size_t)snprintf(dst, PATH_MAX, "%s%s", root, path) >= PATH_MAX)
		return azerr_set(e, "%s: path too long", path);
	return 0;
}

/* path (absolute) to root + path; a file named twice is copied once. */
static int copy_under(const char *root, const char *path, struct azerr *e)
{
	char dst[PATH_MAX];

	if (path == NULL)
		return 0;
	if (copy_path(dst, root, path, e) < 0)
		return -1;
	if (access(dst, F_OK) == 0)
		return 0;
	return snapshot_put(root, path, path, e);
}

static int copy_node_files(const char *root, struct lab_node *const *nodes,
			   size_t n, struct azerr *e)
{
	for (size_t i = 0; i < n; i++)
		if (copy_under(root, nodes[i]->frr_config, e) < 0 ||
		    copy_under(root, nodes[i]->ipsec_config, e) < 0)
			return -1;
	return 0;
}

/* The files of the nodes other hosts build too: the copy is loaded as a
 * whole lab file, which names them all. */
int snapshot_take(const struct lab *lab, const char *file, const char *root,
		  struct azerr *e)
{
	if (rm_tree(root) < 0 || (mkdir(root, 0755) < 0 && errno != EEXIST))
		return azerr_errno(e, errno, "creating %s", root);
	if (copy_under(root, file, e) < 0 ||
	    copy_under(root, lab->expectations, e) < 0 ||
	    copy_node_files(root, lab->nodes, lab->n_nodes, e) < 0 ||
	    copy_node_files(root, lab->away.nodes, lab->away.n_nodes, e) < 0)
		return azerr_wrap(e, "snapshot");
	return 0;
}

int snapshot_put(const char *root, const char *path, const char *from,
		 struct azerr *e)
{
	char dst[PATH_MAX];

	if (copy_path(dst, root, path, e) < 0)
		return -1;
	if (mkdir_parents(dst, strlen(root)) < 0)
		return azerr_errno(e, errno, "creating the folders of %s", dst);
	return copy_file(from, dst, e);
}
