/* SPDX-License-Identifier: ISC */
/* azlab link NODE IFACE down|up: shuts or restores one interface of a
 * running lab, as an engineer would on the device (the failover drill:
 * `azlab link loc1-ce msee1 down`). Over netlink, in the node's
 * namespace; FRR and the SDN controller react as to a real link loss. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kernel/nl.h"

static int link_args(int argc, char **argv, const char **node,
		     const char **iface, bool *up)
{
	struct cli_args a = {
		.verb = "link", .min = 3, .max = 3,
		.too_few = "a node, an interface and down or up are needed",
		.too_many = "too many arguments",
	};
	int rc = cli_args(&a, argc, argv);

	if (rc != CLI_GO_ON)
		return rc;
	if (strcmp(a.args[2], "up") != 0 && strcmp(a.args[2], "down") != 0)
		return cli_usage_error("link", "'%s': down or up?", a.args[2]);
	*node = a.args[0];
	*iface = a.args[1];
	*up = strcmp(a.args[2], "up") == 0;
	return CLI_GO_ON;
}

static int set_link(const char *node, const char *iface, bool up)
{
	struct azerr e;

	if (nl_node_link_set_up(node, iface, up, &e) < 0) {
		fprintf(stderr, "azlab: link: %s:%s: %s\n", node, iface, e.msg);
		return 1;
	}
	printf("%s:%s is %s\n", node, iface, up ? "up" : "down");
	return 0;
}

int cli_link(int argc, char **argv)
{
	const char *name = NULL, *iface = NULL;
	struct lab *lab;
	bool up = false;
	int rc = link_args(argc, argv, &name, &iface, &up);

	if (rc != CLI_GO_ON)
		return rc;
	if (cli_need_root("link") < 0)
		return 1;
	if ((lab = cli_running_lab_iface("link", name, iface)) == NULL)
		return 1;
	rc = set_link(name, iface, up);
	lab_free(lab);
	return rc;
}
