/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "snapshot.h"

/* Every directory of path's parent, below root (which exists). */
static int make_parents(const char *path, size_t root_len, struct azerr *e)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + root_len + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return azerr_errno(e, errno, "creating %s", dir);
		*p = '/';
	}
	return 0;
}

static int write_all(const char *path, const char *text, size_t len,
		     struct azerr *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	ssize_t n = 0;

	if (fd < 0)
		return azerr_errno(e, errno, "creating %s", path);
	for (size_t done = 0; done < len && n >= 0; done += (size_t)n)
		n = write(fd, text + done, len - done);
	if (close(fd) < 0 || n < 0)
		return azerr_errno(e, errno, "writing %s", path);
	return 0;
}

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
	if (make_parents(dst, strlen(root), e) < 0)
		return -1;
	if ((text = file_read(path, &len)) == NULL)
		return azerr_errno(e, errno, "reading %s", path);
	rc = write_all(dst, text, len, e);
	free(text);
	return rc;
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
