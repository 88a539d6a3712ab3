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

/* path (absolute) to root + path; a file named twice is copied once. */
static int copy_under(const char *root, const char *path, struct azerr *e)
{
	char dst[PATH_MAX];
	size_t len;
	char *text;
	int rc;

	if (path == NULL)
		return 0;
	if ((size_t)snprintf(dst, sizeof(dst), "%s%s", root, path) >=
	    sizeof(dst))
		return azerr_set(e, "%s: path too long", path);
	if (access(dst, F_OK) == 0)
		return 0;
	if (mkdir_parents(dst, strlen(root)) < 0)
		return azerr_errno(e, errno, "creating the folders of %s", dst);
	if ((text = file_read(path, &len)) == NULL)
		return azerr_errno(e, errno, "reading %s", path);
	rc = file_write_new(dst, text, len, 0644);
	free(text);
	return rc < 0 ? azerr_errno(e, errno, "writing %s", dst) : 0;
}

int snapshot_take(const struct lab *lab, const char *file, const char *root,
		  struct azerr *e)
{
	if (rm_tree(root) < 0 || (mkdir(root, 0755) < 0 && errno != EEXIST))
		return azerr_errno(e, errno, "creating %s", root);
	if (copy_under(root, file, e) < 0 ||
	    copy_under(root, lab->expectations, e) < 0)
		return azerr_wrap(e, "snapshot");
	for (size_t i = 0; i < lab->n_nodes; i++) {
		const struct lab_node *node = lab->nodes[i];

		if (copy_under(root, node->frr_config, e) < 0 ||
		    copy_under(root, node->ipsec_config, e) < 0)
			return azerr_wrap(e, "snapshot");
	}
	return 0;
}
