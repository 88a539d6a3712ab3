/* SPDX-License-Identifier: ISC */
/* azlab ipsec NODE: the node's IKE and CHILD SAs, as its charon reports
 * them over VICI (list-sas, streamed as list-sa events). */
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/charon.h"
#include "cli.h"
#include "run/control.h"
#include "core/grow.h"
#include "core/json.h"
#include "run/state.h"
#include "ipsec/vici.h"


static const char *const ike_keys[] = {
	"state", "version", "local-host", "local-port", "local-id",
	"remote-host", "remote-port", "remote-id", "established", NULL,
};
enum { IKE_STATE, IKE_VERSION, IKE_LHOST, IKE_LPORT, IKE_LID, IKE_RHOST,
       IKE_RPORT, IKE_RID, IKE_ESTABLISHED, IKE_N };

static const char *const child_keys[] = {
	"state", "mode", "protocol", "encr-alg", "encr-keysize", "integ-alg",
	"bytes-in", "packets-in", "bytes-out", "packets-out", "spi-in",
	"spi-out", NULL,
};
enum { CH_STATE, CH_MODE, CH_PROTO, CH_ENCR, CH_KEYSIZE, CH_INTEG,
       CH_BYTES_IN, CH_PKTS_IN, CH_BYTES_OUT, CH_PKTS_OUT, CH_SPI_IN,
       CH_SPI_OUT, CH_N };

struct child_sa {
	char *name;
	char *f[CH_N];
	char *ts[2];		/* local-ts, remote-ts, comma-joined */
};

struct ike_sa {
	char *name;
	char *f[IKE_N];
	struct child_sa *children;
	size_t n_children;
};

struct sa_list {
	struct ike_sa *ikes;
	size_t n;
	int depth;
	int list;		/* -1 none, 0 local-ts, 1 remote-ts */
	int oom;
};

static int key_index(const char *const *keys, const char *key)
{
	for (int i = 0; keys[i] != NULL; i++)
		if (strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

static void *sa_add(void *arrp, size_t *n, size_t size, int *oom)
{
	void *p = grow_add(arrp, n, size);

	if (p == NULL)
		*oom = 1;
	return p;
}

static struct ike_sa *cur_ike(struct sa_list *l)
{
	return l->n > 0 ? &l->ikes[l->n - 1] : NULL;
}

static struct child_sa *cur_child(struct sa_list *l)
{
	struct ike_sa *ike = cur_ike(l);

	return ike && ike->n_children ? &ike->children[ike->n_children - 1]
				      : NULL;
}

/* depth 1: IKE_SA sections; 2: "child-sas"; 3: the CHILD_SAs. */
static int on_section(void *ctx, const char *name)
{
	struct sa_list *l = ctx;
	struct ike_sa *ike, *v;
	struct child_sa *c;

	l->depth++;
	if (l->depth == 1 && (v = sa_add(&l->ikes, &l->n, sizeof(*v), &l->oom)))
		v->name = strdup(name);
	else if (l->depth == 3 && (ike = cur_ike(l)) != NULL &&
		 (c = sa_add(&ike->children, &ike->n_children, sizeof(*c),
			     &l->oom)) != NULL)
		c->name = strdup(name);
	return l->oom;
}

static int on_section_end(void *ctx)
{
	((struct sa_list *)ctx)->depth--;
	return 0;
}

static int on_kv(void *ctx, const char *key, const char *val, size_t len)
{
	struct sa_list *l = ctx;
	struct child_sa *c = cur_child(l);
	int i;

	(void)len;
	if (l->depth == 1 && cur_ike(l) != NULL &&
	    (i = key_index(ike_keys, key)) >= 0)
		free(cur_ike(l)->f[i]), cur_ike(l)->f[i] = strdup(val);
	else if (l->depth == 3 && c != NULL &&
		 (i = key_index(child_keys, key)) >= 0)
		free(c->f[i]), c->f[i] = strdup(val);
	else if (l->depth == 3 && c != NULL && strcmp(key, "name") == 0)
		free(c->name), c->name = strdup(val);
	return 0;
}

static int on_list(void *ctx, const char *name)
{
	struct sa_list *l = ctx;

	l->list = l->depth != 3 ? -1 : strcmp(name, "local-ts") == 0 ? 0 :
		  strcmp(name, "remote-ts") == 0 ? 1 : -1;
	return 0;
}

static int on_item(void *ctx, const char *val, size_t len)
{
	struct sa_list *l = ctx;
	struct child_sa *c = cur_child(l);
	char *s;

	if (l->list < 0 || c == NULL)
		return 0;
	if (asprintf(&s, "%s%s%.*s", c->ts[l->list] ? c->ts[l->list] : "",
		     c->ts[l->list] ? "," : "", (int)len, val) < 0)
		return l->oom = 1;
	free(c->ts[l->list]);
	c->ts[l->list] = s;
	return 0;
}

static int on_list_end(void *ctx)
{
	((struct sa_list *)ctx)->list = -1;
	return 0;
}

static const struct vici_walk sa_walk = {
	on_section, on_section_end, on_kv, on_list, on_item, on_list_end,
};

static void on_list_sa(void *ctx, const struct vici_msg *ev)
{
	struct sa_list *l = ctx;

	l->depth = 0;
	l->list = -1;
	vici_walk(ev, &sa_walk, l);
}

static void sa_list_free(struct sa_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct ike_sa *ike = &l->ikes[i];

		for (size_t k = 0; k < ike->n_children; k++) {
			struct child_sa *c = &ike->children[k];

			for (int f = 0; f < CH_N; f++)
				free(c->f[f]);
			free(c->ts[0]);
			free(c->ts[1]);
			free(c->name);
		}
		for (int f = 0; f < IKE_N; f++)
			free(ike->f[f]);
		free(ike->children);
		free(ike->name);
	}
	free(l->ikes);
}

static const char *or_dash(const char *s)
{
	return s != NULL ? s : "-";
}

static void print_child(FILE *out, const struct child_sa *c)
{
	char encr[64];

	snprintf(encr, sizeof(encr), "%s%s%s%s%s", or_dash(c->f[CH_ENCR]),
		 c->f[CH_KEYSIZE] ? "-" : "", c->f[CH_KEYSIZE] ?
		 c->f[CH_KEYSIZE] : "", c->f[CH_INTEG] ? "/" : "",
		 c->f[CH_INTEG] ? c->f[CH_INTEG] : "");
	fprintf(out, "  CHILD %-16s %-11s %-9s %-4s %s\n", or_dash(c->name),
	       or_dash(c->f[CH_STATE]), or_dash(c->f[CH_MODE]),
	       or_dash(c->f[CH_PROTO]), encr);
	fprintf(out, "        %s === %s\n", or_dash(c->ts[0]), or_dash(c->ts[1]));
	fprintf(out, "        in  %s bytes, %s packets; out %s bytes, %s packets\n",
	       or_dash(c->f[CH_BYTES_IN]), or_dash(c->f[CH_PKTS_IN]),
	       or_dash(c->f[CH_BYTES_OUT]), or_dash(c->f[CH_PKTS_OUT]));
}

static void print_text(FILE *out, const struct sa_list *l)
{
	if (l->n == 0)
		fprintf(out, "no IKE SAs\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct ike_sa *s = &l->ikes[i];

		fprintf(out, "IKE %-18s %-11s IKEv%s  %s[%s] <-> %s[%s]\n", s->name,
		       or_dash(s->f[IKE_STATE]), or_dash(s->f[IKE_VERSION]),
		       or_dash(s->f[IKE_LHOST]), or_dash(s->f[IKE_LID]),
		       or_dash(s->f[IKE_RHOST]), or_dash(s->f[IKE_RID]));
		for (size_t k = 0; k < s->n_children; k++)
			print_child(out, &s->children[k]);
	}
}

/* Counters as numbers when charon gave one, else null. */
static void json_num(struct json *j, const char *key, const char *v)
{
	char *end;
	long long n = v ? strtoll(v, &end, 10) : 0;

	json_key(j, key);
	if (v != NULL && *v != '\0' && *end == '\0')
		json_int(j, n);
	else
		json_null(j);
}

/* A comma-joined traffic selector list as an array. */
static void json_ts(struct json *j, const char *key, const char *ts)
{
	char buf[64];
	size_t n;

	json_key(j, key);
	json_arr_begin(j);
	while (ts != NULL && *ts != '\0') {
		n = strcspn(ts, ",");
		snprintf(buf, sizeof(buf), "%.*s", (int)n, ts);
		json_str(j, buf);
		ts += n + (ts[n] == ',');
	}
	json_arr_end(j);
}

static void json_child(struct json *j, const struct child_sa *c)
{
	static const char *const names[] = {
		"state", "mode", "protocol", "encryption", NULL, "integrity",
	};
	json_obj_begin(j);
	json_key(j, "name");
	json_str(j, c->name);
	for (int f = 0; f < CH_BYTES_IN; f++)
		if (names[f] != NULL)
			json_key(j, names[f]), json_str(j, c->f[f]);
	json_num(j, "keySize", c->f[CH_KEYSIZE]);
	json_ts(j, "localTs", c->ts[0]);
	json_ts(j, "remoteTs", c->ts[1]);
	json_num(j, "bytesIn", c->f[CH_BYTES_IN]);
	json_num(j, "packetsIn", c->f[CH_PKTS_IN]);
	json_num(j, "bytesOut", c->f[CH_BYTES_OUT]);
	json_num(j, "packetsOut", c->f[CH_PKTS_OUT]);
	json_obj_end(j);
}

static void json_ike(struct json *j, const struct ike_sa *s)
{
	static const char *const names[] = {
		"state", NULL, "localHost", NULL, "localId", "remoteHost",
		NULL, "remoteId",
	};
	json_obj_begin(j);
	json_key(j, "name");
	json_str(j, s->name);
	for (int f = 0; f < IKE_ESTABLISHED; f++)
		if (names[f] != NULL)
			json_key(j, names[f]), json_str(j, s->f[f]);
	json_num(j, "version", s->f[IKE_VERSION]);
	json_num(j, "established", s->f[IKE_ESTABLISHED]);
	json_key(j, "children");
	json_arr_begin(j);
	for (size_t k = 0; k < s->n_children; k++)
		json_child(j, &s->children[k]);
	json_arr_end(j);
	json_obj_end(j);
}

static void print_json(const char *lab, const char *node,
		       const struct sa_list *l)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key(&j, "lab");
	json_str(&j, lab);
	json_key(&j, "node");
	json_str(&j, node);
	json_key(&j, "ikeSas");
	json_arr_begin(&j);
	for (size_t i = 0; i < l->n; i++)
		json_ike(&j, &l->ikes[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

/* How the daemon watches the node's tunnels (it initiates again a
 * missing one that is ours to start, and keeps charon's last error). */
static void print_watch(const char *node)
{
	char *args[] = { "tunnels", (char *)node };
	struct azerr e;

	fflush(stdout);
	if (ctl_call(args, 2, STDOUT_FILENO, STDERR_FILENO, &e) < 0)
		fprintf(stderr, "azlab: ipsec: the daemon's view: %s\n",
			e.msg);
}

/* cmd on the node's charon, each of its streamed events to on_event. */
static int vici_list(const char *node, const char *cmd, const char *event,
		     void (*on_event)(void *ctx, const struct vici_msg *ev),
		     void *ctx, struct azerr *e)
{
	struct vici_msg *res;
	struct vici_conn *c;
	char path[256];

	if (charon_vici_path(path, sizeof(path), node) < 0)
		return azerr_set(e, "%s: path too long", node);
	if ((c = vici_connect(path, e)) == NULL)
		return -1;
	res = vici_call(c, cmd, NULL, event, on_event, ctx, e);
	vici_close(c);
	if (res == NULL)
		return -1;
	vici_msg_free(res);
	return 0;
}

/* list-sas on the node's charon into l. */
static int list_sas(const char *node, struct sa_list *l, struct azerr *e)
{
	if (vici_list(node, "list-sas", "list-sa", on_list_sa, l, e) < 0)
		return -1;
	return l->oom ? azerr_set(e, "out of memory") : 0;
}

static void on_list_conn(void *ctx, const struct vici_msg *ev)
{
	vici_text_write(ctx, ev, 1);
}

int cli_ipsec_write(FILE *out, const char *node, struct azerr *e)
{
	struct sa_list l = { .list = -1 };
	int rc;

	fprintf(out, "# %s: connections loaded in charon (VICI list-conns)\n"
		"connections {\n", node);
	if (vici_list(node, "list-conns", "list-conn", on_list_conn, out,
		      e) < 0)
		return -1;
	fprintf(out, "}\n\n# %s: IKE and CHILD SAs (VICI list-sas)\n", node);
	rc = list_sas(node, &l, e);
	if (rc == 0)
		print_text(out, &l);
	sa_list_free(&l);
	return rc;
}

/* The running lab's model, from the file its state names; NULL after
 * saying why not. */
static int show(const struct lab *lab, const struct lab_node *node,
		bool json)
{
	struct sa_list l = { .list = -1 };
	struct azerr e;

	if (node->ipsec_config == NULL) {
		fprintf(stderr, "azlab: ipsec: node %s has no IPsec "
			"configuration (no charon runs there)\n", node->name);
		return 1;
	}
	if (list_sas(node->name, &l, &e) < 0) {
		fprintf(stderr, "azlab: ipsec: %s: %s\n", node->name, e.msg);
		if (strstr(e.msg, "cannot connect") != NULL)
			fprintf(stderr, "azlab: ipsec: is charon running on "
				"%s? see 'azlab status'\n", node->name);
		sa_list_free(&l);
		return 1;
	}
	if (json) {
		print_json(lab->name, node->name, &l);
	} else {
		print_text(stdout, &l);
		print_watch(node->name);
	}
	sa_list_free(&l);
	return 0;
}

int cli_ipsec(int argc, char **argv)
{
	const struct lab_node *node;
	const char *name;
	struct lab *lab;
	bool json;
	int rc;

	rc = cli_node_args("ipsec", argc, argv, &name, &json);
	if (rc != CLI_GO_ON)
		return rc;
	if (cli_need_root("ipsec") < 0)
		return 1;
	lab = cli_running_lab_node("ipsec", name, &node);
	if (lab == NULL)
		return 1;
	rc = show(lab, node, json);
	lab_free(lab);
	return rc;
}
