/* SPDX-License-Identifier: ISC */
/* azlab save [DIR] [--json]: the running lab as an engineer keeps it or
 * diffs it, one file per node and kind: each router's FRR running
 * configuration (vtysh's `show running-config`), each charon's swanctl
 * file as it runs (the snapshot `up` took, daemon/snapshot.h) and what it
 * has loaded and set up (VICI list-conns, list-sas), every node's routes
 * as `azlab routes` shows them, the lab file and its expectations. The
 * lab file's relative layout is mirrored (model/lab_layout.h), so the
 * copy of the lab file in DIR brings the same lab up again from what was
 * saved. What only describes the running state goes under running/. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_args.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "frr/frr.h"
#include "frr/frr_shared.h"
#include "model/lab_layout.h"
#include "probe/probe.h"

struct saved_file {
	char *rel;		/* inside the folder */
	const char *kind;	/* "lab", "frr", "routes", ... */
	const char *node;	/* or NULL */
};

struct save {
	const char *dir;
	const struct lab *lab;
	struct saved_file *files;
	size_t n;
	char **warnings;
	size_t n_warnings;
	size_t failed;
};

/* The kinds in the order the summary lists them, with what they are. */
static const char *const kinds[][2] = {
	{ "lab", "lab file" },
	{ "expectations", "expectations" },
	{ "frr", "FRR running configurations" },
	{ "ipsec", "swanctl files, as running" },
	{ "ipsec-state", "charon connections and SAs" },
	{ "routes", "routing tables" },
};
#define N_KINDS (sizeof(kinds) / sizeof(*kinds))

int cli_save_dir_name(char *buf, size_t len, const char *lab, time_t when)
{
	char stamp[32];
	struct tm tm;

	if (localtime_r(&when, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm) == 0)
		return -1;
	return (size_t)snprintf(buf, len, "azlab-save-%s-%s", lab, stamp) >=
	       len ? -1 : 0;
}

int cli_save_dir_trim(char *buf, size_t len, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return (size_t)snprintf(buf, len, "%.*s", (int)n, dir) >= len ? -1 : 0;
}

int cli_save_running_name(char *buf, size_t len, const char *node,
			  const char *suffix)
{
	return (size_t)snprintf(buf, len, "running/%s.%s", node, suffix) >=
	       len ? -1 : 0;
}

#define save_error(...) cli_error("save", __VA_ARGS__)

/* DIR new, or existing and empty: 0; anything else is refused (1), since
 * files of another save mixed with these would not be one lab. */
static int dir_prepare(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	int rc = 0;

	if (d == NULL && errno == ENOENT)
		return mkdir(dir, 0755) == 0 ? 0 :
		       save_error("cannot create %s: %s", dir, strerror(errno));
	if (d == NULL)
		return save_error("%s: %s", dir, strerror(errno));
	while (rc == 0 && (ent = readdir(d)) != NULL)
		if (strcmp(ent->d_name, ".") != 0 &&
		    strcmp(ent->d_name, "..") != 0)
			rc = save_error("%s is not empty: name a new or empty "
					"folder", dir);
	closedir(d);
	return rc;
}

static bool saved_already(const struct save *s, const char *rel)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->files[i].rel, rel) == 0)
			return true;
	return false;
}

/* Writes text as DIR/rel, counted under kind; a failure is said and
 * counted, and the other files are still saved. */
static void put(struct save *s, const char *rel, const char *kind,
		const char *node, const char *text, size_t len, mode_t mode)
{
	struct saved_file *v = realloc(s->files, (s->n + 1) * sizeof(*v));
	char *path = NULL;

	if (v != NULL)
		s->files = v;
	if (v == NULL || asprintf(&path, "%s/%s", s->dir, rel) < 0) {
		save_error("out of memory");
		s->failed++;
		return;
	}
	if (mkdir_parents(path, strlen(s->dir)) < 0 ||
	    file_write_new(path, text, len, mode) < 0) {
		save_error("writing %s: %s", path, strerror(errno));
		s->failed++;
	} else if ((v[s->n].rel = strdup(rel)) != NULL) {
		v[s->n].kind = kind;
		v[s->n++].node = node;
	}
	free(path);
}

static void warn(struct save *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct save *s, const char *fmt, ...)
{
	char **v = realloc(s->warnings, (s->n_warnings + 1) * sizeof(*v));
	char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (msg != NULL)
		fprintf(stderr, "azlab: save: warning: %s\n", msg);
	if (v == NULL || msg == NULL) {
		free(msg);
		return;
	}
	s->warnings = v;
	v[s->n_warnings++] = msg;
}

/* The node's running configuration, as its daemons could take it
 * back (frr.h): NULL after saying why not. */
static char *frr_running(const char *node)
{
	char *answer = NULL, *conf = NULL, host[HOST_NAME_MAX + 1] = "";
	struct frr_cmd c;
	struct azerr e;
	int status;

	if (frr_show_cmd(node, "show running-config", &c) < 0) {
		save_error("%s: path too long", node);
		return NULL;
	}
	if (probe_run(node, c.argv, &answer, &status, &e) < 0) {
		save_error("%s: %s", node, e.msg);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		save_error("%s: vtysh 'show running-config' failed (status "
			   "%d): %s", node, status, answer);
	} else {
		/* vtysh runs in the node's network namespace only: its
		 * host name is ours */
		gethostname(host, sizeof(host) - 1);
		if ((conf = frr_running_config(answer, host)) == NULL)
			save_error("out of memory");
	}
	free(answer);
	return conf;
}

/* Where a file the layout cannot place goes, said on a warning line:
 * the saved lab file still names the original, and nothing silently
 * points elsewhere. */
static int fallback_rel(struct save *s, const struct lab_layout_file *f,
			const char *why, char *rel, size_t len)
{
	const char *suffix = strcmp(f->what, "frr") == 0 ? "frr.conf" :
			     strcmp(f->what, "ipsec") == 0 ? "swanctl.conf" :
			     "expect.yaml";
	const char *who = f->node != NULL ? f->node->name : s->lab->name;

	if (cli_save_running_name(rel, len, who, suffix) < 0)
		return -1;
	warn(s, "%s %s file %s %s: the saved lab file still names it; what "
	     "runs is saved as %s", f->node != NULL ? f->node->name :
	     "the lab's", f->what, f->written, why, rel);
	return 0;
}

/* One file the lab file names: FRR's as it runs now, the others (and
 * those of another host's nodes) as the snapshot `up` took. */
static void save_ref(struct save *s, const struct lab_layout_file *f)
{
	const char *kind = f->what, *node = f->node ? f->node->name : NULL;
	char rel[PATH_MAX], *text;
	size_t len;

	int rc = 0;

	if (f->rel == NULL)
		rc = fallback_rel(s, f, f->written[0] == '/' ?
				  "is an absolute path" : "climbs above /",
				  rel, sizeof(rel));
	else if (saved_already(s, f->rel))
		rc = fallback_rel(s, f, "is another node's too", rel,
				  sizeof(rel));
	else
		snprintf(rel, sizeof(rel), "%s", f->rel);
	if (rc < 0) {
		s->failed++;
		return;
	}
	/* a shared bgpd's configuration is every router's: each router's
	 * file is saved as `up` read it, the whole below (save_shared) */
	if (strcmp(kind, "frr") == 0 && !f->away && !s->lab->frr_shared)
		text = frr_running(node);
	else if ((text = file_read(f->path, &len)) == NULL)
		save_error("reading %s: %s", f->path, strerror(errno));
	if (text != NULL)
		put(s, rel, kind, node, text, strlen(text),
		    strcmp(kind, "ipsec") == 0 ? 0600 : 0644);
	else
		s->failed++;
	free(text);
}

/* The lab file as `up` read it (its snapshot copy), verbatim: its
 * relative paths lead to the saved files. */
static void save_lab_file(struct save *s, const char *rel)
{
	char *path = NULL, *text;
	size_t len;

	if (asprintf(&path, "%s%s", s->lab->root ? s->lab->root : "",
		     s->lab->file) < 0) {
		s->failed++;
		return;
	}
	if ((text = file_read(path, &len)) == NULL) {
		save_error("reading %s: %s", path, strerror(errno));
		s->failed++;
	} else {
		put(s, rel, "lab", NULL, text, len, 0644);
	}
	free(text);
	free(path);
}

/* What node says of itself now (routes, SAs), through a memory stream
 * into running/NODE.suffix. */
static void save_state(struct save *s, const struct lab_node *node,
		       const char *kind, const char *suffix)
{
	char rel[PATH_MAX], *text = NULL;
	struct azerr e;
	size_t len;
	FILE *mem = open_memstream(&text, &len);
	int rc;

	if (mem == NULL || cli_save_running_name(rel, sizeof(rel), node->name,
						 suffix) < 0) {
		s->failed++;
		if (mem != NULL)
			fclose(mem);
		free(text);
		return;
	}
	if (strcmp(kind, "routes") == 0)
		rc = cli_routes_write(mem, "save", s->lab, node, false);
	else if ((rc = cli_ipsec_write(mem, node->name, &e)) != 0)
		save_error("%s: %s", node->name, e.msg);
	if (fclose(mem) == 0 && rc == 0)
		put(s, rel, kind, node->name, text, len, 0644);
	else
		s->failed++;
	free(text);
}

/* `frr: shared`: the one bgpd's running configuration, every router's
 * VRF in it, under running/; the routers' files are as `up` read them. */
static void save_shared(struct save *s)
{
	char rel[PATH_MAX], *text;

	if (cli_save_running_name(rel, sizeof(rel), FRR_SHARED_NODE,
				  "frr.conf") < 0 ||
	    (text = frr_running(FRR_SHARED_NODE)) == NULL) {
		s->failed++;
		return;
	}
	put(s, rel, "frr", NULL, text, strlen(text), 0644);
	warn(s, "FRR is shared (frr: shared): each router's frr file is "
	     "saved as the lab came up with it; the shared bgpd's running "
	     "configuration, every router's in it, is %s", rel);
	free(text);
}

static void save_all(struct save *s, const struct lab_layout *lo)
{
	save_lab_file(s, lo->lab_rel);
	for (size_t i = 0; i < lo->n; i++)
		save_ref(s, &lo->files[i]);
	if (s->lab->frr_shared)
		save_shared(s);
	for (size_t i = 0; i < s->lab->n_nodes; i++) {
		const struct lab_node *node = s->lab->nodes[i];

		save_state(s, node, "routes", "routes.txt");
		if (node->ipsec_config != NULL)
			save_state(s, node, "ipsec-state", "ipsec.txt");
	}
}

static void print_text(const struct save *s, const char *lab_rel)
{
	printf("saved lab %s to %s/ (%zu files)\n", s->lab->name, s->dir,
	       s->n);
	for (size_t k = 0; k < N_KINDS; k++) {
		const struct saved_file *first = NULL;
		size_t n = 0;

		for (size_t i = 0; i < s->n; i++)
			if (strcmp(s->files[i].kind, kinds[k][0]) == 0 &&
			    n++ == 0)
				first = &s->files[i];
		if (n > 0)
			printf("  %-13s %3zu %-27s %s%s\n", kinds[k][0], n,
			       kinds[k][1], first->rel, n > 1 ? ", ..." : "");
	}
	printf("up again with: azlab up %s/%s\n", s->dir, lab_rel);
}

static void print_json(const struct save *s, const char *lab_rel)
{
	char path[PATH_MAX];
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key(&j, "lab");
	json_str(&j, s->lab->name);
	json_key(&j, "dir");
	json_str(&j, s->dir);
	snprintf(path, sizeof(path), "%s/%s", s->dir, lab_rel);
	json_key(&j, "labFile");
	json_str(&j, path);
	json_key(&j, "files");
	json_arr_begin(&j);
	for (size_t i = 0; i < s->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", s->dir, s->files[i].rel);
		json_obj_begin(&j);
		json_key(&j, "kind");
		json_str(&j, s->files[i].kind);
		json_key(&j, "node");
		json_str(&j, s->files[i].node);
		json_key(&j, "path");
		json_str(&j, path);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key_strs(&j, "warnings", (const char *const *)s->warnings,
		      s->n_warnings);
	json_key(&j, "failed");
	json_int(&j, (long long)s->failed);
	json_obj_end(&j);
	json_end(&j);
}

static void save_free(struct save *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->files[i].rel);
	free(s->files);
	for (size_t i = 0; i < s->n_warnings; i++)
		free(s->warnings[i]);
	free(s->warnings);
}

/* "save [DIR] [--json]": 0, or the status of a usage error. */
static int save_args(int argc, char **argv, const char **dir, bool *json)
{
	struct cli_args a = {
		.verb = "save", .json = json, .max = 1,
		.too_many = "one folder at most",
	};
	int rc = cli_args(&a, argc, argv);

	*dir = a.n_args > 0 ? a.args[0] : NULL;
	return rc;
}

static int save_lab(struct save *s, bool json)
{
	struct lab_layout lo;

	if (dir_prepare(s->dir) != 0)
		return 1;
	if (lab_layout_make(s->lab, &lo) < 0) {
		lab_layout_free(&lo);
		save_error("%s: a path of the lab is too long", s->lab->file);
		return 1;
	}
	save_all(s, &lo);
	if (json)
		print_json(s, lo.lab_rel);
	else
		print_text(s, lo.lab_rel);
	if (s->failed > 0)
		save_error("%zu file%s could not be saved: %s is incomplete",
			   s->failed, s->failed == 1 ? "" : "s", s->dir);
	lab_layout_free(&lo);
	return s->failed > 0 ? 1 : 0;
}

int cli_save(int argc, char **argv)
{
	struct save s = { 0 };
	char name[PATH_MAX];
	struct lab *lab;
	bool json = false;
	int rc;

	if ((rc = save_args(argc, argv, &s.dir, &json)) != CLI_GO_ON)
		return rc;
	if (cli_need_root("save") < 0 || (lab = cli_running_lab("save")) == NULL)
		return 1;
	s.lab = lab;
	if (s.dir == NULL)
		rc = cli_save_dir_name(name, sizeof(name), lab->name,
				       time(NULL));
	else	/* "out/" and "out" name the same folder, and files in it */
		rc = cli_save_dir_trim(name, sizeof(name), s.dir);
	s.dir = name;
	rc = rc < 0 ? save_error("the folder's name is too long") :
	     save_lab(&s, json);
	save_free(&s);
	lab_free(lab);
	return rc;
}
