/* SPDX-License-Identifier: ISC */
/* `azlab frr-push SOCKET FILE`: the lab daemon's own configuration push
 * to one FRR daemon (frr/frr_push.c), run as the supervisor's post
 * command in the node's namespaces, the way vtysh is for other files.
 * Refused lines go to stdout, the post command's log. */
#include <stdio.h>

#include "cli.h"
#include "frr/frr_vty.h"

int cli_frr_push(int argc, char **argv)
{
	struct azerr e;
	int refused;

	if (argc != 3)
		return cli_usage_error("frr-push", "a socket and a file");
	refused = frr_push_file(argv[1], argv[2], stdout, &e);
	if (refused < 0) {
		printf("%s: %s\n", argv[2], e.msg);
		return 2;
	}
	return refused > 0 ? 1 : 0;
}
