/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "grow.h"

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

int rm_tree(const char *path)
{
	if (access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (grow(&buf, &cap, n + 4096 + 1, 1) < 0) {
			free(buf);
			fclose(f);
			errno = ENOMEM;
			return NULL;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

int mkdir_parents(const char *path, size_t skip)
{
	char dir[PATH_MAX];

	if ((size_t)snprintf(dir, sizeof(dir), "%s", path) >= sizeof(dir) ||
	    skip > strlen(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = dir + skip + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

static int write_whole(const char *path, int flags, const void *data,
		       size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, mode);
	ssize_t n = 0;
	int err;

	if (fd < 0)
		return -1;
	for (size_t done = 0; done < len && n >= 0; done += (size_t)n)
		n = write(fd, (const char *)data + done, len - done);
	err = n < 0 ? errno : 0;
	if (close(fd) < 0 && err == 0)
		err = errno;
	errno = err;
	return err != 0 ? -1 : 0;
}

int file_write(const char *path, const void *data, size_t len)
{
	return write_whole(path, O_TRUNC, data, len, 0644);
}

int file_write_new(const char *path, const char *text, size_t len,
		   mode_t mode)
{
	return write_whole(path, O_EXCL, text, len, mode);
}
