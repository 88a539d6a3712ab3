/* SPDX-License-Identifier: ISC */
/* Processes by identity, with real child processes: one that runs has
 * not exited; one that has exited has, a zombie (not reaped) as much as
 * a reaped one; one whose main thread has exited while another thread
 * runs has not; a pid whose start time is not the one noted is another
 * process, so the noted one has exited. */
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/proc.h"
#include "unit.h"

/* A child that waits for a signal; it dies with the test, should an
 * assertion end the test first. */
static pid_t child_paused(void)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pause();
		_exit(0);
	}
	return pid;
}

static void *thread_paused(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* A child whose main thread exits, leaving another running. */
static pid_t child_leader_gone(void)
{
	pid_t pid = fork();
	pthread_t t;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pthread_create(&t, NULL, thread_paused, NULL) != 0)
			_exit(1);
		pthread_exit(NULL);
	}
	return pid;
}

/* The state letter in /proc/PID/stat, read here on its own so that the
 * test does not lean on the code under test. */
static char state_of(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (f == NULL)
		return '\0';
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' ? p[2] : '\0';
}

START_TEST(test_running_has_not_exited)
{
	struct proc_id id;
	pid_t pid = child_paused();

	ck_assert_int_eq(proc_id_of(pid, &id), 0);
	ck_assert_int_eq(id.pid, pid);
	ck_assert_uint_gt(id.start, 0);
	ck_assert(!proc_exited(&id));
	ck_assert_uint_eq(proc_wait_exited(&id, 1, 50), 1);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
END_TEST

START_TEST(test_zombie_has_exited)
{
	struct proc_id id;
	pid_t pid = child_paused();

	ck_assert_int_eq(proc_id_of(pid, &id), 0);
	kill(pid, SIGKILL);
	/* not reaped: the wait ends on the exit alone */
	ck_assert_uint_eq(proc_wait_exited(&id, 1, 5000), 0);
	ck_assert_int_eq(state_of(pid), 'Z');
	ck_assert(proc_exited(&id));
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(state_of(pid), '\0');
	ck_assert(proc_exited(&id));
	ck_assert_int_eq(proc_id_of(pid, &id), -1);
}
END_TEST

START_TEST(test_thread_left_has_not_exited)
{
	struct proc_id id;
	pid_t pid = child_leader_gone();
	int i;

	ck_assert_int_eq(proc_id_of(pid, &id), 0);
	for (i = 0; i < 500 && state_of(pid) != 'Z'; i++)
		usleep(10000);
	ck_assert_int_eq(state_of(pid), 'Z');	/* the leader, not the rest */
	ck_assert(!proc_exited(&id));
	ck_assert_uint_eq(proc_wait_exited(&id, 1, 50), 1);
	kill(pid, SIGKILL);
	ck_assert_uint_eq(proc_wait_exited(&id, 1, 5000), 0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
}
END_TEST

START_TEST(test_pid_reused_is_another)
{
	struct proc_id id, other;
	pid_t pid = child_paused();

	ck_assert_int_eq(proc_id_of(pid, &id), 0);
	other = id;
	other.start = id.start + 1;	/* as if the pid were given anew */
	ck_assert(proc_exited(&other));
	ck_assert(!proc_exited(&id));
	/* of two, the one still running is counted */
	{
		struct proc_id both[2] = { other, id };

		ck_assert_uint_eq(proc_wait_exited(both, 2, 20), 1);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("proc");

	tcase_add_test(tc, test_running_has_not_exited);
	tcase_add_test(tc, test_zombie_has_exited);
	tcase_add_test(tc, test_thread_left_has_not_exited);
	tcase_add_test(tc, test_pid_reused_is_another);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
