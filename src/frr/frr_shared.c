/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frr.h"
#include "frr_join.h"
#include "frr_shared.h"
#include "core/fsutil.h"
#include "core/instance.h"
#include "kernel/netns.h"

static bool shared_on;

void frr_shared_use(bool shared)
{
	shared_on = shared;
}

bool frr_shared_on(void)
{
	return shared_on;
}

const char *frr_serving_node(const char *node)
{
	return shared_on ? FRR_SHARED_NODE : node;
}

int frr_shared_cmd(const char *node, const char *cmd, char *buf,
		   size_t len, struct azerr *e)
{
	static const char *const forms[] = { "show bgp ", "show ip route " };
	char ns[LAB_NS_NAME_MAX];

	lab_ns_name(node, ns, sizeof(ns));
	for (size_t i = 0; i < sizeof(forms) / sizeof(*forms); i++) {
		size_t n = strlen(forms[i]);
		int w;

		if (strncmp(cmd, forms[i], n) != 0)
			continue;
		w = snprintf(buf, len, "%svrf %s %s", forms[i], ns, cmd + n);
		if (w < 0 || (size_t)w >= len)
			return azerr_set(e, "%s: '%s': too long", node, cmd);
		return 0;
	}
	return azerr_set(e, "%s: '%s' is not asked of a shared FRR "
			 "(frr: shared)", node, cmd);
}

/* --- the joined configuration ------------------------------------------ */

static void srcs_free(struct frr_join_src *src, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)src[i].vrf);
		free((char *)src[i].text);
	}
	free(src);
}

/* A copy of the router's file in its own directory, as without a shared
 * FRR: `azlab bgp` and `save` find it there. */
static int node_copy(const char *node, const char *text, struct azerr *e)
{
	char dir[PATH_MAX], conf[PATH_MAX];
	size_t len = strlen(text);
	FILE *f;

	if (frr_path(dir, sizeof(dir), node, NULL) < 0 ||
	    frr_path(conf, sizeof(conf), node, "frr.conf") < 0)
		return azerr_set(e, "%s: path too long", node);
	rm_tree(dir);	/* what a killed lab may have left */
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return azerr_errno(e, errno, "creating %s", dir);
	f = fopen(conf, "we");
	if (f == NULL)
		return azerr_errno(e, errno, "writing %s", conf);
	if (fwrite(text, 1, len, f) != len) {
		fclose(f);
		return azerr_errno(e, EIO, "writing %s", conf);
	}
	if (fclose(f) != 0)
		return azerr_errno(e, errno, "writing %s", conf);
	return 0;
}

/* Every router's file (host's routers only, if not NULL), as it is now:
 * what runs is what was checked. copy: each in its router's directory
 * too (node_copy). */
static int srcs_read(const struct lab *lab, const struct lab_host *host,
		     bool copy, struct frr_join_src **out, size_t *n,
		     struct azerr *e)
{
	struct frr_join_src *src = calloc(lab->n_nodes + 1, sizeof(*src));
	char ns[LAB_NS_NAME_MAX];

	*n = 0;
	if (src == NULL)
		return azerr_set(e, "out of memory");
	for (size_t i = 0; i < lab->n_nodes; i++) {
		const struct lab_node *node = lab->nodes[i];
		struct frr_join_src *s = &src[*n];

		if (node->frr_config == NULL ||
		    (host != NULL && node->host != host))
			continue;
		(*n)++;
		s->file = node->frr_config;
		s->vrf = strdup(lab_ns_name(node->name, ns, sizeof(ns)));
		s->text = file_read(node->frr_config, NULL);
		if (s->text == NULL || s->vrf == NULL) {
			int err = errno;

			srcs_free(src, *n);
			return azerr_errno(e, err, "%s: frr file '%s'",
					   node->name, node->frr_config);
		}
		if (copy && node_copy(node->name, s->text, e) < 0) {
			srcs_free(src, *n);
			return -1;
		}
	}
	*out = src;
	return 0;
}

static int join_write(const struct lab *lab, const char *conf,
		      const char *map, struct azerr *e)
{
	struct frr_join_src *src = NULL;
	FILE *out, *mf = NULL;
	size_t n = 0;
	int rc;

	if (srcs_read(lab, NULL, true, &src, &n, e) < 0)
		return -1;
	out = fopen(conf, "we");
	if (out == NULL || (mf = fopen(map, "we")) == NULL) {
		rc = azerr_errno(e, errno, "writing %s", out ? map : conf);
	} else {
		rc = frr_join(src, n, out, mf, e);
	}
	if (out != NULL && fclose(out) != 0 && rc == 0)
		rc = azerr_errno(e, errno, "writing %s", conf);
	if (mf != NULL && fclose(mf) != 0 && rc == 0)
		rc = azerr_errno(e, errno, "writing %s", map);
	srcs_free(src, n);
	return rc;
}

int frr_shared_check(const struct lab *lab, const struct lab_host *host,
		     struct azerr *e)
{
	struct frr_join_src *src = NULL;
	char *text = NULL;
	size_t n = 0, len = 0;
	FILE *out;
	int rc;

	if (!lab->frr_shared)
		return 0;
	if (srcs_read(lab, host, false, &src, &n, e) < 0)
		return -1;
	out = open_memstream(&text, &len);
	rc = out == NULL ? azerr_set(e, "out of memory") :
			   frr_join(src, n, out, NULL, e);
	if (out != NULL)
		fclose(out);
	free(text);
	srcs_free(src, n);
	return rc;
}

const char *frr_shared_where(unsigned line, char *buf, size_t len)
{
	char path[PATH_MAX];
	const char *where;
	char *map;

	if (frr_path(path, sizeof(path), FRR_SHARED_NODE, "frr.conf.map") < 0 ||
	    (map = file_read(path, NULL)) == NULL)
		return NULL;
	where = frr_join_where(map, line, buf, len);
	free(map);
	return where;
}

void frr_shared_config_error(const char *log, char *buf, size_t len)
{
	char whole[600], at[PATH_MAX + 16];
	unsigned line = 0;
	int rest = 0;

	frr_config_error(log, "frr.conf", whole, sizeof(whole));
	if (sscanf(whole, "frr.conf:%u: %n", &line, &rest) == 1 && rest > 0 &&
	    frr_shared_where(line, at, sizeof(at)) != NULL)
		snprintf(buf, len, "%s: %s", at, whole + rest);
	else
		snprintf(buf, len, "%s", whole);
}

/* --- the two daemons ------------------------------------------------------ */

static int start(struct supervisor *sup, enum frr_daemon d, const char *ns,
		 struct azerr *e)
{
	const char *name = frr_daemon_name(d);
	struct frr_daemon_files f;
	struct frr_cmd run, push;
	struct svc_spec spec;
	struct svc *v;
	int rc = frr_daemon_files(FRR_SHARED_NODE, d, &f);

	rc |= frr_daemon_cmd(FRR_SHARED_NODE, d, &run);
	if (d == FRR_ZEBRA)
		rc |= frr_cmd_add(&run, "-n");	/* namespaces are VRFs */
	else
		rc |= frr_own_push_cmd(FRR_SHARED_NODE, d, &push);
	if (rc < 0)
		return azerr_set(e, "%s: %s: path too long", FRR_SHARED_NODE,
				 name);
	spec = (struct svc_spec){
		.name = name, .node = FRR_SHARED_NODE, .argv = run.argv,
		.netns = ns, .hostname = "frr-shared",
		.netns_view = instance_ns_prefix(),
		.log = f.log, .ready_path = f.vty,
		.post_argv = d == FRR_ZEBRA ? NULL : push.argv,
		.post_log = f.push_log, .pid_dir = f.tmp,
		.nofile = FRR_LIMIT_FDS,
		.restarts_with = d == FRR_ZEBRA ? NULL : "zebra",
	};
	v = sup_add(sup, &spec, e);
	if (v == NULL)
		return -1;
	return sup_start(sup, v, sup_now_ms(), e);
}

int frr_shared_start(const struct lab *lab, struct supervisor *sup,
		     uid_t uid, gid_t gid, struct azerr *e)
{
	char dir[PATH_MAX], conf[PATH_MAX], map[PATH_MAX];
	char ns[LAB_NS_NAME_MAX];

	if (frr_path(dir, sizeof(dir), FRR_SHARED_NODE, NULL) < 0 ||
	    frr_path(conf, sizeof(conf), FRR_SHARED_NODE, "frr.conf") < 0 ||
	    frr_path(map, sizeof(map), FRR_SHARED_NODE, "frr.conf.map") < 0)
		return azerr_set(e, "%s: path too long", FRR_SHARED_NODE);
	rm_tree(dir);	/* what a killed lab may have left */
	if (mkdir(dir, 0750) < 0 || chown(dir, uid, gid) < 0)
		return azerr_errno(e, errno, "creating %s", dir);
	if (join_write(lab, conf, map, e) < 0)
		return -1;
	lab_ns_name(FRR_SHARED_NODE, ns, sizeof(ns));
	if (netns_create(ns, e) < 0)
		return azerr_wrap(e, "FRR's namespace");
	if (start(sup, FRR_ZEBRA, ns, e) < 0 ||
	    frr_wait_zebras(lab, FRR_SHARED_NODE, sup, e) < 0)
		return -1;
	return start(sup, FRR_BGPD, ns, e);
}
