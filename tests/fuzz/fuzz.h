/* SPDX-License-Identifier: ISC */
/* Shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c; docs/testing.md).
 * The loaders take a path, not a buffer: an input is written to a file of
 * its own in a private directory, so that the real entry point runs (with
 * its realpath and stat calls) and relative `frr:`/`ipsec:` names
 * resolve inside that directory, where nothing else is. */
#ifndef AZLAB_FUZZ_H
#define AZLAB_FUZZ_H

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A harness that finds its own contract broken aborts: libFuzzer saves
 * the input as a crash, like a sanitizer's report. */
#define FUZZ_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: assertion failed: %s\n",	\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

static char fuzz_dir[256] __attribute__((unused));
static char fuzz_path[sizeof(fuzz_dir) + 16] __attribute__((unused));

/* The directory holds only files the harness made. */
static inline void fuzz_dir_remove(void)
{
	DIR *d = opendir(fuzz_dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			unlinkat(dirfd(d), de->d_name, 0);
	if (d != NULL)
		closedir(d);
	rmdir(fuzz_dir);
}

/* The directory, made once per process under $TMPDIR (the runner gives
 * each harness a temporary one and removes it, should a crash skip the
 * atexit). */
static inline void fuzz_dir_make(const char *name)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/azlab-fuzz-XXXXXX",
		 tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(fuzz_dir) == NULL) {
		perror("azlab fuzz: mkdtemp");
		abort();
	}
	snprintf(fuzz_path, sizeof(fuzz_path), "%s/%s", fuzz_dir, name);
	atexit(fuzz_dir_remove);
}

/* The input as the file NAME in the directory; returns its path. */
static inline const char *fuzz_write(const char *name, const uint8_t *data,
				     size_t size)
{
	int fd;
	size_t done = 0;

	if (fuzz_dir[0] == '\0')
		fuzz_dir_make(name);
	fd = open(fuzz_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		perror("azlab fuzz: open");
		abort();
	}
	while (done < size) {
		ssize_t n = write(fd, data + done, size - done);

		if (n <= 0) {
			perror("azlab fuzz: write");
			abort();
		}
		done += (size_t)n;
	}
	close(fd);
	return fuzz_path;
}

/* An empty file NAME next to the input, for the lab's side files
 * (`frr: side.conf`) to name. */
static inline void fuzz_touch(const char *name)
{
	char path[sizeof(fuzz_dir) + 64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", fuzz_dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		perror("azlab fuzz: open");
		abort();
	}
	close(fd);
}

/* A NUL-terminated copy, for the parsers of text; the caller frees it. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
