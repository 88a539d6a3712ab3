/* SPDX-License-Identifier: ISC */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "state.h"

static const char *const phase_names[] = {
	[PHASE_UNKNOWN] = "",
	[PHASE_BUILDING] = "building",
	[PHASE_UP] = "up",
	[PHASE_STOPPING] = "stopping",
};

const char *lab_phase_name(enum lab_phase phase)
{
	if ((size_t)phase >= sizeof(phase_names) / sizeof(phase_names[0]))
		return phase_names[PHASE_UNKNOWN];
	return phase_names[phase];
}

enum lab_phase lab_phase_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(phase_names) / sizeof(phase_names[0]);
	     i++)
		if (strcmp(name, phase_names[i]) == 0)
			return (enum lab_phase)i;
	return PHASE_UNKNOWN;
}

/* 0711: FRR's daemons, running as user frr, must reach their own
 * directories below (frr.c); the files here stay root's alone (0600). */
static bool dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	bool empty = true;

	if (d == NULL)
		return false;
	while (empty && (de = readdir(d)) != NULL)
		empty = strcmp(de->d_name, ".") == 0 ||
			strcmp(de->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/* The run directory is azlab's only if it made it (or found it empty):
 * `down` removes it with everything in it, so never a directory that
 * holds anything else, whatever it is named. The mark says so. */
static int run_dir_claim(const char *dir, struct azerr *e)
{
	const char *mark = instance_path(INSTANCE_MARK);
	int fd;

	if (access(mark, F_OK) == 0)
		return 0;
	if (!dir_is_empty(dir))
		return azerr_set(e, "%s is not azlab's (it holds files, and "
				 "not %s): choose another run directory", dir,
				 mark);
	fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return azerr_errno(e, errno, "creating %s", mark);
	close(fd);
	return 0;
}

int state_dir_ensure(struct azerr *e)
{
	const char *dir = instance_run_dir();

	if (mkdir(dir, 0711) < 0 && errno != EEXIST)
		return azerr_errno(e, errno, "creating %s", dir);
	if (run_dir_claim(dir, e) < 0)
		return -1;
	if (chmod(dir, 0711) < 0)
		return azerr_errno(e, errno, "chmod %s", dir);
	return 0;
}

int state_write(const struct lab_state *st, struct azerr *e)
{
	const char *tmp = instance_path(INSTANCE_STATE_TMP);
	FILE *f;
	int fd;

	if (state_dir_ensure(e) < 0)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return azerr_errno(e, errno, "writing %s", tmp);
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		return azerr_errno(e, errno, "writing %s", tmp);
	}
	fprintf(f, "lab=%s\nfile=%s\npid=%ld\nphase=%s\n", st->lab, st->file,
		(long)st->pid, lab_phase_name(st->phase));
	if (st->host[0] != '\0')
		fprintf(f, "host=%s\n", st->host);
	if (fflush(f) != 0 || fsync(fd) < 0) {
		fclose(f);
		unlink(tmp);
		return azerr_errno(e, errno, "writing %s", tmp);
	}
	fclose(f);
	if (rename(tmp, instance_path(INSTANCE_STATE)) < 0)
		return azerr_errno(e, errno, "renaming %s", tmp);
	return 0;
}

static void state_set(struct lab_state *st, const char *key, const char *val)
{
	if (strcmp(key, "lab") == 0)
		snprintf(st->lab, sizeof(st->lab), "%s", val);
	else if (strcmp(key, "file") == 0)
		snprintf(st->file, sizeof(st->file), "%s", val);
	else if (strcmp(key, "host") == 0)
		snprintf(st->host, sizeof(st->host), "%s", val);
	else if (strcmp(key, "pid") == 0)
		st->pid = (pid_t)strtol(val, NULL, 10);
	else if (strcmp(key, "phase") == 0)
		st->phase = lab_phase_parse(val);
}

enum state_found state_read(struct lab_state *st, struct azerr *e)
{
	const char *path = instance_path(INSTANCE_STATE);
	char line[PATH_MAX + 16];
	FILE *f;

	memset(st, 0, sizeof(*st));
	f = fopen(path, "re");
	if (f == NULL) {
		if (errno == ENOENT)
			return STATE_ABSENT;
		azerr_errno(e, errno, "reading %s", path);
		return STATE_UNREADABLE;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *eq = strchr(line, '=');

		line[strcspn(line, "\n")] = '\0';
		if (eq == NULL)
			continue;
		*eq = '\0';
		state_set(st, line, eq + 1);
	}
	fclose(f);
	return STATE_FOUND;
}

enum state_lock_result state_lock(int *fd, struct azerr *e)
{
	const char *lock = instance_path(INSTANCE_LOCK);
	int err;

	*fd = -1;
	if (state_dir_ensure(e) < 0)
		return STATE_LOCK_FAILED;
	*fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0) {
		azerr_errno(e, errno, "opening %s", lock);
		return STATE_LOCK_FAILED;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return STATE_LOCK_TAKEN;
	err = errno;
	close(*fd);
	*fd = -1;
	if (err == EWOULDBLOCK) {
		azerr_set(e, "another azlab daemon holds %s", lock);
		return STATE_LOCK_HELD;
	}
	azerr_errno(e, err, "locking %s", lock);
	return STATE_LOCK_FAILED;
}

bool state_daemon_alive(void)
{
	int fd = open(instance_path(INSTANCE_LOCK), O_RDONLY | O_CLOEXEC);
	bool alive = false;

	if (fd < 0)
		return false;
	if (flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK)
		alive = true;
	close(fd);
	return alive;
}

void state_remove_all(void)
{
	unlink(instance_path(INSTANCE_STATE));
	unlink(instance_path(INSTANCE_STATE_TMP));
	unlink(instance_path(INSTANCE_CONTROL));
	unlink(instance_path(INSTANCE_LOCK));
	/* and what the lab's daemons left in it, if the directory is
	 * azlab's (state_dir_ensure): else only what is named above */
	if (access(instance_path(INSTANCE_MARK), F_OK) == 0)
		rm_tree(instance_run_dir());
	else
		rmdir(instance_run_dir());
}
