/* SPDX-License-Identifier: ISC */
/* Where `azlab save` puts a lab's files inside its folder: the lab file's
 * own relative layout, mirrored, so that a verbatim copy of the lab file
 * in the folder leads by the same relative paths to the saved files. The
 * lab file's directory keeps as many of its last components as the
 * deepest `../` of its paths needs: lab/azure-interop.yaml naming
 * ../frr-configs/x.conf is saved as lab/azure-interop.yaml and
 * frr-configs/x.conf. A file named by an absolute path cannot be
 * mirrored without rewriting the lab file, so it has no place (the
 * saved lab still points at it). Pure: paths in, paths out. */
#ifndef AZLAB_LAB_LAYOUT_H
#define AZLAB_LAB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "lab.h"

struct lab_layout_file {
	const char *what;		/* "expectations", "frr", "ipsec" */
	const struct lab_node *node;	/* NULL for the expectations */
	const char *path;		/* the model's (absolute) path */
	const char *written;		/* as the lab file writes it */
	/* a node another host builds (lab->away): its file is only the
	 * copy `up` kept, it runs nowhere here */
	bool away;
	/* inside the folder; NULL: named by an absolute path, or climbing
	 * above the file system's root */
	char *rel;
};

struct lab_layout {
	char *lab_rel;			/* the lab file, inside the folder */
	struct lab_layout_file *files;	/* expectations, then by node */
	size_t n;
};

/* 0, or -1 when out of memory or a path is longer than PATH_MAX. */
int lab_layout_make(const struct lab *lab, struct lab_layout *lo);
void lab_layout_free(struct lab_layout *lo);

/* Lexically: "a/./b/../c" -> "a/c"; the ".." that climb above the
 * start are counted in *ups and left out of out; "" for nothing left. An
 * absolute path keeps its leading '/' (its ".." stop at the root). 0, or
 * -1 if out is too short. */
int lab_path_normalize(const char *path, char *out, size_t len,
		       unsigned *ups);
/* The last n components of dir (normalised) into out: 0, or -1 if dir
 * has fewer than n or out is too short. */
int lab_path_tail(const char *dir, unsigned n, char *out, size_t len);

#endif
