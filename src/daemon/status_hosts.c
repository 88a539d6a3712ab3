/* SPDX-License-Identifier: ISC */
/* The part of `azlab status` about a lab split over hosts: which host
 * this is, and of every other one as much as can be seen from here —
 * its nodes (from the lab file), and whether frames come in from it on
 * the VXLAN of each link that leads there. */
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "kernel/nl.h"
#include "status_hosts.h"

struct vxlan_seen {
	const struct lab_link *link;
	const struct lab_iface *here, *there;
	bool oper_up;
	unsigned long long rx_packets;
	bool read;			/* the node's interfaces could be read */
};

static size_t nodes_on(const struct lab *lab, const struct lab_host *h)
{
	size_t n = 0;

	for (size_t i = 0; i < lab->n_nodes; i++)
		n += lab->nodes[i]->host == h;
	for (size_t i = 0; i < lab->away.n_nodes; i++)
		n += lab->away.nodes[i]->host == h;
	return n;
}

static void vxlan_read(struct vxlan_seen *v)
{
	struct azerr e;
	struct nl_sock *s = nl_open_node(v->here->node->name, &e);
	struct nl_iface *ifs;
	size_t n;

	if (s == NULL)
		return;
	if (nl_dump_ifaces(s, &ifs, &n, &e) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (strcmp(ifs[i].name, v->here->name) != 0)
				continue;
			v->read = true;
			v->oper_up = ifs[i].oper_up;
			v->rx_packets = ifs[i].rx_packets;
		}
		nl_ifaces_free(ifs, n);
	}
	nl_close(s);
}

/* The links of this share that lead to host h, read from the kernel. */
static struct vxlan_seen *vxlans_to(const struct lab *lab,
				    const struct lab_host *h, size_t *n)
{
	struct vxlan_seen *v = calloc(lab->n_links + 1, sizeof(*v));

	*n = 0;
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < lab->n_links; i++) {
		const struct lab_link *l = lab->links[i];
		int k = lab_link_end_here(lab, l);

		if (k < 0 || l->end[!k]->node->host != h)
			continue;
		v[*n] = (struct vxlan_seen){ .link = l, .here = l->end[k],
					     .there = l->end[!k] };
		vxlan_read(&v[(*n)++]);
	}
	return v;
}

static size_t vxlans_with_frames(const struct vxlan_seen *v, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += v[i].rx_packets > 0;
	return k;
}

static void text_host(FILE *out, const struct lab *lab,
		      const struct lab_host *h)
{
	char a[PREFIX_STRLEN];
	struct vxlan_seen *v;
	size_t n;

	fprintf(out, "host %-10s %-15s %zu nodes", h->name,
		addr_fmt(&h->underlay, a), nodes_on(lab, h));
	if (h == lab->here) {
		fprintf(out, ", this host\n");
		return;
	}
	v = vxlans_to(lab, h, &n);
	if (v == NULL || n == 0)
		fprintf(out, ", no link to it from here\n");
	else
		fprintf(out, ", %zu VXLAN link%s from here, frames in on %zu\n",
			n, n == 1 ? "" : "s", vxlans_with_frames(v, n));
	for (size_t i = 0; v != NULL && i < n; i++)
		fprintf(out, "  vni %-6u %s:%s <-> %s:%s  %s, %llu frames in\n",
			v[i].link->vni, v[i].here->node->name, v[i].here->name,
			v[i].there->node->name, v[i].there->name,
			!v[i].read ? "unreadable" :
			v[i].oper_up ? "up" : "down", v[i].rx_packets);
	free(v);
}

void status_hosts_text(FILE *out, const struct lab *lab)
{
	for (size_t i = 0; lab->here != NULL && i < lab->n_hosts; i++)
		text_host(out, lab, &lab->hosts[i]);
}

static void json_vxlan(struct json *j, const struct vxlan_seen *v)
{
	char end[LAB_NAME_MAX + IF_NAMESIZE + 2];

	json_obj_begin(j);
	json_key(j, "vni");
	json_int(j, v->link->vni);
	json_key(j, "here");
	snprintf(end, sizeof(end), "%s:%s", v->here->node->name,
		 v->here->name);
	json_str(j, end);
	json_key(j, "there");
	snprintf(end, sizeof(end), "%s:%s", v->there->node->name,
		 v->there->name);
	json_str(j, end);
	json_key(j, "oper");
	json_str(j, !v->read ? NULL : v->oper_up ? "up" : "down");
	json_key(j, "framesIn");
	json_int(j, (long long)v->rx_packets);
	json_obj_end(j);
}

static void json_host(struct json *j, const struct lab *lab,
		      const struct lab_host *h)
{
	char a[PREFIX_STRLEN];
	struct vxlan_seen *v;
	size_t n = 0;

	json_obj_begin(j);
	json_key(j, "name");
	json_str(j, h->name);
	json_key(j, "underlay");
	json_str(j, addr_fmt(&h->underlay, a));
	json_key(j, "here");
	json_bool(j, h == lab->here);
	json_key(j, "nodes");
	json_int(j, (long long)nodes_on(lab, h));
	json_key(j, "links");
	json_arr_begin(j);
	v = h == lab->here ? NULL : vxlans_to(lab, h, &n);
	for (size_t i = 0; i < n; i++)
		json_vxlan(j, &v[i]);
	free(v);
	json_arr_end(j);
	json_obj_end(j);
}

void status_hosts_json(struct json *j, const struct lab *lab)
{
	json_key(j, "host");
	json_str(j, lab->here != NULL ? lab->here->name : NULL);
	json_key(j, "hosts");
	json_arr_begin(j);
	for (size_t i = 0; lab->here != NULL && i < lab->n_hosts; i++)
		json_host(j, lab, &lab->hosts[i]);
	json_arr_end(j);
}
