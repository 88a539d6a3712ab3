/* SPDX-License-Identifier: ISC */
/* The supervisor: its restart policy as pure functions, then the table
 * with real children (sh, no namespaces, no root) and a clock the tests
 * move by hand. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proc/supervise.h"
#include "unit.h"

START_TEST(test_backoff_doubles_to_the_cap)
{
	static const long long want[] = { 200, 400, 800, 1600, 3200, 5000,
					  5000 };
	struct sup_backoff b = { 0 };
	long long delay;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_int_eq(sup_policy(&b, 100, false, &delay),
				 SUP_RESTART);
		ck_assert_int_eq(delay, want[i]);
	}
}
END_TEST

START_TEST(test_good_run_resets_backoff)
{
	struct sup_backoff b = { 0 };
	long long delay;

	for (int i = 0; i < 4; i++)
		sup_policy(&b, 10, false, &delay);
	ck_assert_int_eq(delay, 1600);
	ck_assert_int_eq(sup_policy(&b, SUP_GOOD_RUN_MS - 1, false, &delay),
			 SUP_RESTART);
	ck_assert_int_eq(delay, 3200);	/* just short of a good run */
	ck_assert_int_eq(sup_policy(&b, SUP_GOOD_RUN_MS, false, &delay),
			 SUP_RESTART);
	ck_assert_int_eq(delay, SUP_BACKOFF_MIN_MS);
	ck_assert_uint_eq(b.fails, 1);
}
END_TEST

START_TEST(test_no_restart_while_stopping)
{
	struct sup_backoff b = { 0 };
	long long delay = -1;

	ck_assert_int_eq(sup_policy(&b, 10, true, &delay), SUP_STAY_DOWN);
	ck_assert_int_eq(delay, -1);
	ck_assert_uint_eq(b.fails, 0);	/* an expected exit is no failure */
}
END_TEST

START_TEST(test_gives_up_after_repeated_failures)
{
	struct sup_backoff b = { 0 };
	long long delay;

	for (int i = 0; i < SUP_GIVE_UP; i++)
		ck_assert_int_eq(sup_policy(&b, 10, false, &delay),
				 SUP_RESTART);
	ck_assert_int_eq(sup_policy(&b, 10, false, &delay), SUP_GIVE_UP_NOW);
}
END_TEST

/* --- with processes ---------------------------------------------------- */

static struct svc *add_sh(struct supervisor *s, const char *script,
			  const char *ready, const char *post)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	char *pargv[] = { "/bin/sh", "-c", (char *)post, NULL };
	struct svc_spec spec = {
		.name = "svc", .node = "n1", .argv = argv, .log = "/dev/null",
		.ready_path = ready, .post_argv = post ? pargv : NULL,
		.post_log = "/dev/null",
	};
	struct azerr e;
	struct svc *v = sup_add(s, &spec, &e);

	ck_assert_ptr_nonnull(v);
	return v;
}

/* Reaps until v leaves state `from` (the clock stays at now). */
static void reap_until_not(struct supervisor *s, const struct svc *v,
			   enum svc_state from, long long now)
{
	struct timespec ts = { 0, 5 * 1000000L };

	for (int i = 0; i < 400 && v->state == from; i++) {
		nanosleep(&ts, NULL);
		sup_reap(s, now);
	}
	ck_assert_int_ne(v->state, from);
}

START_TEST(test_crash_is_restarted_after_backoff)
{
	struct supervisor *s = sup_new();
	struct svc *v = add_sh(s, "exit 3", NULL, NULL);
	struct azerr e;

	ck_assert_int_eq(sup_start(s, v, 1000, &e), 0);
	reap_until_not(s, v, SVC_RUNNING, 1000);
	ck_assert_int_eq(v->state, SVC_RESTARTING);
	ck_assert_str_eq(v->last_exit, "exited with status 3");
	ck_assert_int_eq(sup_next_due(s, 1000), SUP_BACKOFF_MIN_MS);
	sup_tick(s, 1000 + SUP_BACKOFF_MIN_MS - 1);
	ck_assert_int_eq(v->state, SVC_RESTARTING);	/* not yet */
	sup_tick(s, 1000 + SUP_BACKOFF_MIN_MS);
	ck_assert_int_eq(v->state, SVC_RUNNING);
	ck_assert_uint_eq(v->restarts, 1);
	reap_until_not(s, v, SVC_RUNNING, 1300);
	ck_assert_int_eq(v->restart_at_ms, 1300 + 2 * SUP_BACKOFF_MIN_MS);
	sup_stop_all(s, 500);
	ck_assert_int_eq(v->state, SVC_STOPPED);
	sup_tick(s, 100000);			/* stopping: no restart */
	ck_assert_int_eq(v->state, SVC_STOPPED);
	sup_free(s);
}
END_TEST

START_TEST(test_stop_all_terminates_and_reaps)
{
	struct supervisor *s = sup_new();
	struct svc *a = add_sh(s, "exec sleep 30", NULL, NULL);
	/* ignores SIGTERM: needs the SIGKILL after the grace period */
	struct svc *b = add_sh(s, "trap '' TERM; while :; do sleep 0.05; done",
			       NULL, NULL);
	struct azerr e;

	ck_assert_int_eq(sup_start(s, a, 0, &e), 0);
	ck_assert_int_eq(sup_start(s, b, 0, &e), 0);
	usleep(100000);		/* let b's shell set its trap */
	sup_stop_all(s, 300);
	ck_assert_int_eq(a->state, SVC_STOPPED);
	ck_assert_int_eq(b->state, SVC_STOPPED);
	ck_assert_int_eq(a->pid, 0);
	ck_assert_int_eq(b->pid, 0);
	ck_assert_int_eq(sup_next_due(s, 0), -1);
	sup_free(s);
}
END_TEST

/* FRR's crash-log directory, as a daemon makes it: a "bgpd" running
 * script, its pid_dir under a directory of the test's own (*base). */
struct pid_dir_svc {
	char base[32], pid_dir[64], path[96];
	struct supervisor *s;
	struct svc *v;
};

static void pid_dir_start(struct pid_dir_svc *p, const char *script)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, p->pid_dir, NULL };
	struct svc_spec spec = { .name = "bgpd", .node = "r1", .argv = argv,
				 .log = "/dev/null", .pid_dir = p->pid_dir };
	struct azerr e;

	snprintf(p->base, sizeof(p->base), "/tmp/azlab-check-piddir-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(p->base));
	snprintf(p->pid_dir, sizeof(p->pid_dir), "%s/bgpd", p->base);
	p->s = sup_new();
	p->v = sup_add(p->s, &spec, &e);
	ck_assert_ptr_nonnull(p->v);
	ck_assert_int_eq(sup_start(p->s, p->v, 0, &e), 0);
	snprintf(p->path, sizeof(p->path), "%s.%d", p->pid_dir,
		 (int)p->v->pid);
}

/* ... left when it is killed */
START_TEST(test_pid_dir_removed_when_killed)
{
	struct timespec ts = { 0, 5 * 1000000L };
	struct pid_dir_svc p;
	char logbuf[128];

	pid_dir_start(&p, "mkdir \"$0.$$\" && touch \"$0.$$/logbuf\" && "
		      "exec sleep 30");
	snprintf(logbuf, sizeof(logbuf), "%s/logbuf", p.path);
	for (int i = 0; i < 400 && access(logbuf, F_OK) != 0; i++)
		nanosleep(&ts, NULL);
	ck_assert_int_eq(access(logbuf, F_OK), 0);
	sup_stop_all(p.s, 0);		/* SIGKILL: no clean exit */
	ck_assert_int_eq(p.v->state, SVC_STOPPED);
	ck_assert_int_ne(access(p.path, F_OK), 0);
	ck_assert_int_eq(rmdir(p.base), 0);	/* nothing else was left */
	sup_free(p.s);
}
END_TEST

/* a crash's buffers stay for a look until the supervisor goes */
START_TEST(test_pid_dir_kept_after_crash)
{
	struct pid_dir_svc p;

	pid_dir_start(&p, "mkdir \"$0.$$\" && kill -SEGV $$");
	reap_until_not(p.s, p.v, SVC_RUNNING, 0);
	ck_assert_str_eq(p.v->last_exit,
			 "was killed by signal 11 (Segmentation fault)");
	ck_assert_int_eq(access(p.path, F_OK), 0);
	sup_stop_all(p.s, 0);
	sup_free(p.s);
	ck_assert_int_ne(access(p.path, F_OK), 0);
	ck_assert_int_eq(rmdir(p.base), 0);
}
END_TEST

START_TEST(test_missing_program_fails_start)
{
	struct supervisor *s = sup_new();
	char *argv[] = { "/nonexistent/frr/zebra", NULL };
	struct svc_spec spec = { .name = "zebra", .node = "r1", .argv = argv };
	struct svc *v = sup_add(s, &spec, NULL);
	struct azerr e;

	ck_assert_int_eq(sup_start(s, v, 0, &e), -1);
	ck_assert_str_eq(e.msg, "r1: starting zebra: /nonexistent/frr/zebra: "
			 "No such file or directory");
	ck_assert_int_eq(v->state, SVC_STOPPED);
	sup_free(s);
}
END_TEST

START_TEST(test_post_runs_once_ready)
{
	char ready[] = "/tmp/azlab-sup-XXXXXX";
	struct supervisor *s = sup_new();
	char script[128];
	struct svc *v;
	struct azerr e;
	int fd = mkstemp(ready);

	ck_assert_int_ge(fd, 0);
	close(fd);
	/* the stale file must not count: sup_start removes it */
	snprintf(script, sizeof(script), "sleep 0.2; : > %s; exec sleep 30",
		 ready);
	v = add_sh(s, script, ready, "exit 0");
	ck_assert_int_eq(sup_start(s, v, 0, &e), 0);
	ck_assert_int_eq(access(ready, F_OK), -1);
	sup_tick(s, 10);
	ck_assert_int_eq(v->post_state, POST_WAITING);
	ck_assert_int_eq(sup_next_due(s, 10), SUP_READY_POLL_MS);
	for (int i = 0; i < 200 && v->post_state == POST_WAITING; i++) {
		usleep(10000);
		sup_tick(s, 20);
	}
	ck_assert_int_eq(v->post_state, POST_RUNNING);
	for (int i = 0; i < 200 && v->post_state == POST_RUNNING; i++) {
		usleep(10000);
		sup_reap(s, 30);
	}
	ck_assert_int_eq(v->post_state, POST_OK);
	ck_assert_int_eq(v->state, SVC_RUNNING);
	sup_stop_all(s, 500);
	unlink(ready);
	sup_free(s);
}
END_TEST

START_TEST(test_post_forgotten_when_service_dies)
{
	char ready[] = "/tmp/azlab-sup-XXXXXX";
	struct supervisor *s = sup_new();
	char script[128];
	struct svc *v;
	struct azerr e;
	int fd = mkstemp(ready);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(script, sizeof(script), ": > %s; sleep 0.3; exit 1", ready);
	v = add_sh(s, script, ready, "exec sleep 30");
	ck_assert_int_eq(sup_start(s, v, 0, &e), 0);
	for (int i = 0; i < 200 && v->post_state != POST_RUNNING; i++) {
		usleep(5000);
		sup_tick(s, 10);
	}
	ck_assert_int_eq(v->post_state, POST_RUNNING);
	reap_until_not(s, v, SVC_RUNNING, 20);
	/* the post command is stopped, and its failure is not a verdict on
	 * the configuration */
	ck_assert_int_eq(v->post_state, POST_NONE);
	for (int i = 0; i < 100 && v->post_pid != 0; i++) {
		usleep(10000);
		sup_reap(s, 30);
	}
	ck_assert_int_eq(v->post_pid, 0);
	ck_assert_int_eq(v->post_state, POST_NONE);
	sup_stop_all(s, 500);
	unlink(ready);
	sup_free(s);
}
END_TEST

START_TEST(test_post_fails_without_ready_path)
{
	struct supervisor *s = sup_new();
	struct svc *v = add_sh(s, "exec sleep 30", "/nonexistent/ready",
			       "exit 0");
	struct azerr e;

	ck_assert_int_eq(sup_start(s, v, 0, &e), 0);
	sup_tick(s, SUP_READY_TIMEOUT_MS - 1);
	ck_assert_int_eq(v->post_state, POST_WAITING);
	sup_tick(s, SUP_READY_TIMEOUT_MS);
	ck_assert_int_eq(v->post_state, POST_FAILED);
	ck_assert_ptr_eq(sup_find(s, "n1", "svc"), v);
	ck_assert_ptr_null(sup_find(s, "n2", "svc"));
	sup_stop_all(s, 500);
	sup_free(s);
}
END_TEST

/* --- a group's shared first post ------------------------------------------ */

/* A member of group "g" (size members) serving once `ready` exists; its
 * own post command fails, the group's succeeds: a member's POST_OK says
 * which one ran. */
static struct svc *add_member(struct supervisor *s, const char *name,
			      const char *script, const char *ready,
			      const char *shared, unsigned size)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	char *own[] = { "/bin/sh", "-c", "exit 1", NULL };
	char *gargv[] = { "/bin/sh", "-c", (char *)shared, NULL };
	struct svc_spec spec = {
		.name = name, .node = "n1", .argv = argv, .log = "/dev/null",
		.ready_path = ready, .post_argv = own, .post_log = "/dev/null",
		.group = "g", .group_size = size, .group_post_argv = gargv,
		.group_post_log = "/dev/null",
	};
	struct azerr e;
	struct svc *v = sup_add(s, &spec, &e);

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(sup_start(s, v, 0, &e), 0);
	return v;
}

static void ready_name(char *buf, size_t len, const char *tag)
{
	snprintf(buf, len, "/tmp/azlab-sup-%d-%s", (int)getpid(), tag);
	unlink(buf);
}

static void tick_until_not(struct supervisor *s, const struct svc *v,
			   enum svc_post from, long long now)
{
	for (int i = 0; i < 300 && v->post_state == from; i++) {
		usleep(5000);
		sup_reap(s, now);
		sup_tick(s, now);
	}
	ck_assert_int_ne(v->post_state, from);
}

START_TEST(test_post_failure_forgotten_when_service_dies)
{
	char ready[64], script[128];
	struct supervisor *s = sup_new();
	struct svc *v;
	struct azerr e;

	ready_name(ready, sizeof(ready), "f");
	/* vtysh losing its daemon fails, and may be reaped first */
	snprintf(script, sizeof(script), ": > %s; sleep 0.3; exit 1", ready);
	v = add_sh(s, script, ready, "exit 1");
	ck_assert_int_eq(sup_start(s, v, 0, &e), 0);
	tick_until_not(s, v, POST_WAITING, 10);
	tick_until_not(s, v, POST_RUNNING, 10);
	ck_assert_int_eq(v->post_state, POST_FAILED);
	reap_until_not(s, v, SVC_RUNNING, 20);
	ck_assert_int_eq(v->state, SVC_RESTARTING);
	ck_assert_int_eq(v->post_state, POST_NONE);
	/* a configuration really refused is refused again after the restart */
	sup_tick(s, 20 + SUP_BACKOFF_MAX_MS);
	ck_assert_int_eq(v->state, SVC_RUNNING);
	tick_until_not(s, v, POST_WAITING, 20 + SUP_BACKOFF_MAX_MS);
	tick_until_not(s, v, POST_RUNNING, 20 + SUP_BACKOFF_MAX_MS);
	ck_assert_int_eq(v->post_state, POST_FAILED);
	sup_stop_all(s, 500);
	unlink(ready);
	sup_free(s);
}
END_TEST

START_TEST(test_group_shares_its_first_post)
{
	struct supervisor *s = sup_new();
	char ra[64], rb[64], sa[128], sb[128];
	struct svc *a, *b;

	ready_name(ra, sizeof(ra), "a");
	ready_name(rb, sizeof(rb), "b");
	snprintf(sa, sizeof(sa), ": > %s; exec sleep 30", ra);
	/* b serves later: the group waits for it */
	snprintf(sb, sizeof(sb), "sleep 0.2; : > %s; exec sleep 30", rb);
	a = add_member(s, "a", sa, ra, "exit 0", 2);
	b = add_member(s, "b", sb, rb, "exit 0", 2);
	tick_until_not(s, a, POST_WAITING, 10);
	ck_assert_int_eq(a->post_state, POST_RUNNING);
	ck_assert_int_eq(b->post_state, POST_RUNNING);
	ck_assert_int_eq(a->post_pid, b->post_pid);
	ck_assert(a->post_shared && b->post_shared);
	tick_until_not(s, a, POST_RUNNING, 20);
	tick_until_not(s, b, POST_RUNNING, 20);
	ck_assert_int_eq(a->post_state, POST_OK);
	ck_assert_int_eq(b->post_state, POST_OK);
	ck_assert_str_eq(svc_post_log(a), "/dev/null");
	sup_stop_all(s, 500);
	unlink(ra);
	unlink(rb);
	sup_free(s);
}
END_TEST

START_TEST(test_group_never_complete_falls_back)
{
	struct supervisor *s = sup_new();
	char ra[64], sa[128];
	struct svc *a;

	ready_name(ra, sizeof(ra), "c");
	snprintf(sa, sizeof(sa), ": > %s; exec sleep 30", ra);
	/* the second member never comes */
	a = add_member(s, "a", sa, ra, "exit 0", 2);
	for (int i = 0; i < 40; i++) {
		usleep(5000);
		sup_tick(s, SUP_READY_TIMEOUT_MS - 1);
	}
	ck_assert_int_eq(a->post_state, POST_WAITING);
	/* then its own post runs (and fails, as this test's do) */
	sup_tick(s, SUP_READY_TIMEOUT_MS);
	ck_assert_int_eq(a->post_state, POST_RUNNING);
	ck_assert(!a->post_shared);
	tick_until_not(s, a, POST_RUNNING, SUP_READY_TIMEOUT_MS);
	ck_assert_int_eq(a->post_state, POST_FAILED);
	sup_stop_all(s, 500);
	unlink(ra);
	sup_free(s);
}
END_TEST

/* Two members of a group of two: a serves for 0.3 s and dies, b serves;
 * both with the given shared post; the shared post has started. */
struct pair {
	struct supervisor *s;
	struct svc *a, *b;
	char ra[64], rb[64];
};

static void pair_start(struct pair *p, const char *tag, const char *shared)
{
	char sa[128], sb[128], t[8];

	p->s = sup_new();
	snprintf(t, sizeof(t), "%sa", tag);
	ready_name(p->ra, sizeof(p->ra), t);
	snprintf(t, sizeof(t), "%sb", tag);
	ready_name(p->rb, sizeof(p->rb), t);
	snprintf(sa, sizeof(sa), ": > %s; sleep 0.3; exit 1", p->ra);
	snprintf(sb, sizeof(sb), ": > %s; exec sleep 30", p->rb);
	p->a = add_member(p->s, "a", sa, p->ra, shared, 2);
	p->b = add_member(p->s, "b", sb, p->rb, shared, 2);
	tick_until_not(p->s, p->b, POST_WAITING, 10);
	ck_assert(p->b->post_shared);
}

/* a has died: b, still serving, is back to waiting, then runs its own
 * post, not the group's again. */
static void pair_check_b_reposts(struct pair *p)
{
	reap_until_not(p->s, p->a, SVC_RUNNING, 20);
	ck_assert_int_eq(p->a->post_state, POST_NONE);
	ck_assert_int_eq(p->b->post_state, POST_WAITING);
	ck_assert(!p->b->post_shared);
	sup_tick(p->s, 30);
	ck_assert_int_eq(p->b->post_state, POST_RUNNING);
	sup_stop_all(p->s, 500);
	unlink(p->ra);
	unlink(p->rb);
	sup_free(p->s);
}

START_TEST(test_group_member_dying_unshares)
{
	struct pair p;

	/* a dies while the shared post runs */
	pair_start(&p, "d", "exec sleep 30");
	pair_check_b_reposts(&p);
}
END_TEST

START_TEST(test_group_post_failure_forgotten_when_member_dies)
{
	struct pair p;

	/* a dies after the shared post failed (vtysh losing a daemon): that
	 * failure is forgotten */
	pair_start(&p, "g", "exit 1");
	tick_until_not(p.s, p.b, POST_RUNNING, 10);
	ck_assert_int_eq(p.a->post_state, POST_FAILED);
	ck_assert_int_eq(p.b->post_state, POST_FAILED);
	pair_check_b_reposts(&p);
}
END_TEST

/* A service of node running script, bound to restarts_with (or NULL). */
static struct svc *add_named(struct supervisor *s, const char *name,
			     const char *node, const char *script,
			     const char *restarts_with)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	struct svc_spec spec = { .name = name, .node = node, .argv = argv,
				 .log = "/dev/null",
				 .restarts_with = restarts_with };
	struct azerr e;
	struct svc *v = sup_add(s, &spec, &e);

	ck_assert_ptr_nonnull(v);
	return v;
}

/* A daemon that cannot outlive another (bgpd and zebra) is stopped when
 * that one exits and started again, with no failure counted against it;
 * one of another node, or bound to nothing, is left alone. */
START_TEST(test_dependent_restarts_with_its_dependency)
{
	struct supervisor *s = sup_new();
	struct svc *z = add_named(s, "zebra", "n1", "sleep 0.1; exit 1", NULL);
	struct svc *b = add_named(s, "bgpd", "n1", "exec sleep 30", "zebra");
	struct svc *o = add_named(s, "bgpd", "n2", "exec sleep 30", "zebra");
	struct azerr e;
	pid_t first;

	ck_assert_int_eq(sup_start(s, z, 0, &e), 0);
	ck_assert_int_eq(sup_start(s, b, 0, &e), 0);
	ck_assert_int_eq(sup_start(s, o, 0, &e), 0);
	first = o->pid;
	reap_until_not(s, z, SVC_RUNNING, 1000);	/* zebra exits */
	reap_until_not(s, b, SVC_RUNNING, 1000);	/* and takes bgpd */
	ck_assert_int_eq(b->state, SVC_RESTARTING);
	ck_assert_uint_eq(b->backoff.fails, 0);		/* not its failure */
	ck_assert_int_eq(b->restart_at_ms, 1000 + SUP_BACKOFF_MIN_MS);
	ck_assert_uint_eq(z->backoff.fails, 1);
	ck_assert_int_eq(o->state, SVC_RUNNING);	/* another node's */
	ck_assert_int_eq(o->pid, first);
	sup_tick(s, 1000 + SUP_BACKOFF_MIN_MS);
	ck_assert_int_eq(b->state, SVC_RUNNING);
	ck_assert_int_eq(z->state, SVC_RUNNING);
	sup_stop_all(s, 500);
	ck_assert_int_eq(b->state, SVC_STOPPED);
	sup_free(s);
}
END_TEST

/* A node failure: its services stopped and held down, not restarted
 * whatever the clock says, another node's left alone; released, they
 * start again with a fresh backoff. */
START_TEST(test_node_held_down_and_released)
{
	struct supervisor *s = sup_new();
	struct svc *z = add_named(s, "zebra", "n1", "exec sleep 30", NULL);
	struct svc *b = add_named(s, "bgpd", "n1", "exec sleep 30", "zebra");
	struct svc *o = add_named(s, "bgpd", "n2", "exec sleep 30", NULL);
	struct azerr e;
	size_t killed = 9;

	ck_assert_int_eq(sup_start(s, z, 0, &e), 0);
	ck_assert_int_eq(sup_start(s, b, 0, &e), 0);
	ck_assert_int_eq(sup_start(s, o, 0, &e), 0);
	z->backoff.fails = 3;
	ck_assert_uint_eq(sup_hold_node(s, "n1", 500, &killed), 2);
	ck_assert_uint_eq(killed, 0);
	ck_assert_int_eq(z->state, SVC_HELD);
	ck_assert_int_eq(b->state, SVC_HELD);
	ck_assert_int_eq(z->pid, 0);
	ck_assert_str_eq(svc_state_name(b->state), "held");
	ck_assert(sup_node_held(s, "n1"));
	ck_assert(!sup_node_held(s, "n2"));
	ck_assert(!sup_node_held(s, "n3"));	/* no services: not held */
	ck_assert_int_eq(o->state, SVC_RUNNING);
	ck_assert_int_eq(sup_next_due(s, 1000), -1);	/* nothing to do */
	sup_tick(s, 1000000);
	ck_assert_int_eq(z->state, SVC_HELD);
	ck_assert_int_eq(b->state, SVC_HELD);
	ck_assert_uint_eq(sup_release_node(s, "n1", 2000), 2);
	ck_assert(!sup_node_held(s, "n1"));
	ck_assert_int_eq(sup_next_due(s, 2000), 0);
	sup_tick(s, 2000);
	ck_assert_int_eq(z->state, SVC_RUNNING);
	ck_assert_int_eq(b->state, SVC_RUNNING);
	ck_assert_uint_eq(z->restarts, 1);
	ck_assert_uint_eq(z->backoff.fails, 0);
	sup_stop_all(s, 500);
	sup_free(s);
}
END_TEST

/* Released, a daemon that cannot outlive another starts only once that
 * one serves (its ready_path takes connections): bgpd after zebra. */
START_TEST(test_released_dependent_waits_for_its_leader)
{
	char ready[] = "/tmp/azlab-check-leader-XXXXXX";
	char script[128];
	char *leader[] = { "/bin/sh", "-c", script, NULL };
	struct svc_spec zs = { .name = "zebra", .node = "n1", .argv = leader,
			       .log = "/dev/null", .ready_path = ready };
	struct timespec ts = { 0, 20 * 1000000L };
	struct supervisor *s = sup_new();
	struct svc *z, *b;
	struct azerr e;
	size_t killed;
	int fd = mkstemp(ready);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(script, sizeof(script), "sleep 0.3; : >%s; exec sleep 30",
		 ready);
	ck_assert_ptr_nonnull(z = sup_add(s, &zs, &e));
	b = add_named(s, "bgpd", "n1", "exec sleep 30", "zebra");
	sup_hold_node(s, "n1", 500, &killed);	/* never started: held */
	sup_release_node(s, "n1", 0);
	sup_tick(s, 0);
	ck_assert_int_eq(z->state, SVC_RUNNING);
	ck_assert_int_eq(b->state, SVC_RESTARTING);	/* zebra not ready */
	ck_assert_int_eq(sup_next_due(s, 0), SUP_READY_POLL_MS);
	for (int i = 0; i < 200 && b->state != SVC_RUNNING; i++) {
		nanosleep(&ts, NULL);
		sup_tick(s, 0);
	}
	ck_assert_int_eq(b->state, SVC_RUNNING);
	ck_assert(sup_path_ready(ready));
	sup_stop_all(s, 500);
	unlink(ready);
	sup_free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("supervise");
	TCase *policy = tcase_create("policy");
	TCase *procs = tcase_create("processes");

	tcase_add_test(policy, test_backoff_doubles_to_the_cap);
	tcase_add_test(policy, test_good_run_resets_backoff);
	tcase_add_test(policy, test_no_restart_while_stopping);
	tcase_add_test(policy, test_gives_up_after_repeated_failures);
	tcase_add_test(procs, test_crash_is_restarted_after_backoff);
	tcase_add_test(procs, test_stop_all_terminates_and_reaps);
	tcase_add_test(procs, test_missing_program_fails_start);
	tcase_add_test(procs, test_pid_dir_removed_when_killed);
	tcase_add_test(procs, test_pid_dir_kept_after_crash);
	tcase_add_test(procs, test_post_runs_once_ready);
	tcase_add_test(procs, test_post_forgotten_when_service_dies);
	tcase_add_test(procs, test_post_fails_without_ready_path);
	tcase_add_test(procs, test_group_shares_its_first_post);
	tcase_add_test(procs, test_group_never_complete_falls_back);
	tcase_add_test(procs, test_group_member_dying_unshares);
	tcase_add_test(procs, test_post_failure_forgotten_when_service_dies);
	tcase_add_test(procs,
		       test_group_post_failure_forgotten_when_member_dies);
	tcase_add_test(procs, test_dependent_restarts_with_its_dependency);
	tcase_add_test(procs, test_node_held_down_and_released);
	tcase_add_test(procs, test_released_dependent_waits_for_its_leader);
	tcase_set_timeout(procs, 20);
	suite_add_tcase(s, policy);
	suite_add_tcase(s, procs);
	return run_suite(s) != 0;
}
