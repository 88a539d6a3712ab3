/* SPDX-License-Identifier: ISC */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"

#define LOG_FILE_NAME	"azlabd.log"
#define FILE_NAME_MAX	(sizeof("control.sock") - 1)	/* the longest */

static const char *const file_names[INSTANCE_N_FILES] = {
	[INSTANCE_STATE] = "state",
	[INSTANCE_STATE_TMP] = "state.tmp",
	[INSTANCE_LOCK] = "lock",
	[INSTANCE_CONTROL] = "control.sock",
	[INSTANCE_SNAPSHOT] = "lab",
	[INSTANCE_FRR_DIR] = "frr",
	[INSTANCE_CHARON_DIR] = "charon",
	[INSTANCE_PSK_DIR] = "ipsec-psk",
	[INSTANCE_MARK] = ".azlab-run-dir",
};

struct instance {
	char run_dir[INSTANCE_RUN_DIR_MAX + 1];
	char ns_prefix[INSTANCE_NS_PREFIX_MAX + 1];
	char log_dir[INSTANCE_LOG_DIR_MAX + 1];
	char log_file[INSTANCE_LOG_DIR_MAX + sizeof("/" LOG_FILE_NAME)];
	char paths[INSTANCE_N_FILES][INSTANCE_RUN_DIR_MAX + FILE_NAME_MAX + 2];
};

static struct instance current;
static pthread_once_t defaults_once = PTHREAD_ONCE_INIT;

/* Every value checked to fit: the sizes above are the bounds. */
static void instance_fill(struct instance *in, const char *run_dir,
			  const char *ns_prefix, const char *log_dir)
{
	snprintf(in->run_dir, sizeof(in->run_dir), "%s", run_dir);
	snprintf(in->ns_prefix, sizeof(in->ns_prefix), "%s", ns_prefix);
	snprintf(in->log_dir, sizeof(in->log_dir), "%s", log_dir);
	snprintf(in->log_file, sizeof(in->log_file), "%s/%s", log_dir,
		 LOG_FILE_NAME);
	for (size_t f = 0; f < INSTANCE_N_FILES; f++)
		snprintf(in->paths[f], sizeof(in->paths[f]), "%s/%s", run_dir,
			 file_names[f]);
}

static void defaults_fill(void)
{
	instance_fill(&current, INSTANCE_RUN_DIR_DEFAULT,
		      INSTANCE_NS_PREFIX_DEFAULT, INSTANCE_LOG_DIR_DEFAULT);
}

static const struct instance *instance(void)
{
	pthread_once(&defaults_once, defaults_fill);
	return &current;
}

/* --- the rules ------------------------------------------------------------- */

/* NULL if path keeps the rules of a run or log directory (but their
 * lengths), or why not. */
static const char *path_fault(const char *path)
{
	const char *p = path;

	if (p[0] != '/')
		return "must be an absolute path";
	while (*p == '/') {
		size_t len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

		if (len == 0 || (p[1] == '.' && (len == 1 ||
						 (len == 2 && p[2] == '.'))))
			return "may have no empty, \".\" or \"..\" part, nor "
			       "a slash at the end";
		p += 1 + len;
	}
	/* the part's characters end at its slash, or at one not allowed */
	return *p == '\0' ? NULL :
		"may hold only letters, digits, '.', '_', '-' and '/'";
}

static const char *base_name(const char *path)
{
	return strrchr(path, '/') + 1;
}

static int setting_error(struct azerr *e, const struct instance_setting *s,
			 const char *why)
{
	return azerr_set(e, "%s \"%s\": %s", s->from, s->value, why);
}

static int run_dir_check(const struct instance_setting *s, struct azerr *e)
{
	const char *why = path_fault(s->value);

	if (why != NULL)
		return setting_error(e, s, why);
	if (strlen(s->value) > INSTANCE_RUN_DIR_MAX)
		return azerr_set(e, "%s \"%s\": longer than %d characters (the "
				 "sockets below it must fit a socket's "
				 "address)", s->from, s->value,
				 INSTANCE_RUN_DIR_MAX);
	if (strncmp(base_name(s->value), "azlab", 5) != 0)
		return setting_error(e, s, "its last part must begin with "
				     "\"azlab\" (down removes it with "
				     "everything in it), e.g. /run/azlab-b");
	return 0;
}

static int log_dir_check(const struct instance_setting *s, struct azerr *e)
{
	const char *why = path_fault(s->value);

	if (why != NULL)
		return setting_error(e, s, why);
	if (strlen(s->value) > INSTANCE_LOG_DIR_MAX)
		return azerr_set(e, "%s \"%s\": longer than %d characters",
				 s->from, s->value, INSTANCE_LOG_DIR_MAX);
	return 0;
}

static int ns_prefix_check(const struct instance_setting *s,
			   struct azerr *e)
{
	const char *p = s->value;
	size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");

	if (len == 0 || len >= INSTANCE_NS_PREFIX_MAX || p[len] != '-' ||
	    p[len + 1] != '\0')
		return azerr_set(e, "%s \"%s\": must be 1 to %d lower-case "
				 "letters or digits, then '-' (e.g. azb-)",
				 s->from, p, INSTANCE_NS_PREFIX_MAX - 1);
	return 0;
}

/* Both defaults, or neither (instance.h says why). */
static int pairing_check(const struct instance_config *c,
			 const char *run_dir, const char *ns_prefix,
			 struct azerr *e)
{
	bool run_default = strcmp(run_dir, INSTANCE_RUN_DIR_DEFAULT) == 0;
	bool ns_default = strcmp(ns_prefix, INSTANCE_NS_PREFIX_DEFAULT) == 0;

	if (run_default == ns_default)
		return 0;
	if (!run_default)
		return azerr_set(e, "%s \"%s\": another instance's run directory "
				 "needs its own namespace prefix too (%s or "
				 "--ns-prefix, not " INSTANCE_NS_PREFIX_DEFAULT
				 ")", c->run_dir.from, run_dir,
				 INSTANCE_ENV_NS_PREFIX);
	return azerr_set(e, "%s \"%s\": another instance's namespace prefix "
			 "needs its own run directory too (%s or --run-dir, "
			 "not " INSTANCE_RUN_DIR_DEFAULT ")", c->ns_prefix.from,
			 ns_prefix, INSTANCE_ENV_RUN_DIR);
}

/* --- setting it --------------------------------------------------------------- */

static void setting_from_env(struct instance_setting *s, const char *name)
{
	const char *v = getenv(name);

	s->value = v != NULL && v[0] != '\0' ? v : NULL;
	s->from = name;
}

void instance_config_from_env(struct instance_config *c)
{
	setting_from_env(&c->run_dir, INSTANCE_ENV_RUN_DIR);
	setting_from_env(&c->ns_prefix, INSTANCE_ENV_NS_PREFIX);
	setting_from_env(&c->log_dir, INSTANCE_ENV_LOG_DIR);
}

static int settings_check(const struct instance_config *c, struct azerr *e)
{
	if (c->run_dir.value != NULL && run_dir_check(&c->run_dir, e) < 0)
		return -1;
	if (c->ns_prefix.value != NULL &&
	    ns_prefix_check(&c->ns_prefix, e) < 0)
		return -1;
	if (c->log_dir.value != NULL && log_dir_check(&c->log_dir, e) < 0)
		return -1;
	return 0;
}

static int env_export(const struct instance *in, struct azerr *e)
{
	if (setenv(INSTANCE_ENV_RUN_DIR, in->run_dir, 1) < 0 ||
	    setenv(INSTANCE_ENV_NS_PREFIX, in->ns_prefix, 1) < 0 ||
	    setenv(INSTANCE_ENV_LOG_DIR, in->log_dir, 1) < 0)
		return azerr_set(e, "setting the AZLAB_* environment: out "
				 "of memory");
	return 0;
}

int instance_apply(const struct instance_config *c, struct azerr *e)
{
	const char *run_dir = c->run_dir.value != NULL ? c->run_dir.value :
			      INSTANCE_RUN_DIR_DEFAULT;
	const char *ns_prefix = c->ns_prefix.value != NULL ?
				c->ns_prefix.value : INSTANCE_NS_PREFIX_DEFAULT;
	char log_dir[INSTANCE_LOG_DIR_MAX + 1];
	struct instance in;

	if (settings_check(c, e) < 0 ||
	    pairing_check(c, run_dir, ns_prefix, e) < 0)
		return -1;
	if (c->log_dir.value != NULL)
		snprintf(log_dir, sizeof(log_dir), "%s", c->log_dir.value);
	else if (strcmp(run_dir, INSTANCE_RUN_DIR_DEFAULT) == 0)
		snprintf(log_dir, sizeof(log_dir), INSTANCE_LOG_DIR_DEFAULT);
	else	/* a run directory's name fits: INSTANCE_RUN_DIR_MAX */
		snprintf(log_dir, sizeof(log_dir), INSTANCE_LOG_PARENT "/%s",
			 base_name(run_dir));
	instance_fill(&in, run_dir, ns_prefix, log_dir);
	if (env_export(&in, e) < 0)
		return -1;
	instance();	/* the defaults, once, never over what is set here */
	current = in;
	return 0;
}

/* --- reading it ------------------------------------------------------------------ */

const char *instance_run_dir(void)
{
	return instance()->run_dir;
}

const char *instance_ns_prefix(void)
{
	return instance()->ns_prefix;
}

const char *instance_log_dir(void)
{
	return instance()->log_dir;
}

const char *instance_log_file(void)
{
	return instance()->log_file;
}

const char *instance_path(enum instance_file f)
{
	return instance()->paths[f];
}
