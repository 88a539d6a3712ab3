/* SPDX-License-Identifier: ISC */
/* What swanctl_conf.c (the reader) and swanctl_vici.c (the requests)
 * share: the tree a file is read into. */
#ifndef AZLAB_SWANCTL_PRIV_H
#define AZLAB_SWANCTL_PRIV_H

#include <stddef.h>

#include "swanctl_conf.h"

/* A section (value NULL, kids) or a key = value, with its line. */
struct snode {
	char *name;
	char *value;		/* NULL for a section */
	int line;
	struct snode **kids;
	size_t n;
};

struct swan_conf {
	char *file;
	struct snode root;
	struct snode **conns, **secrets;
	size_t n_conns, n_secrets;
};

/* The kid of section sec named name, or NULL. */
struct snode *swan_node_find(const struct snode *sec, const char *name);

#endif
