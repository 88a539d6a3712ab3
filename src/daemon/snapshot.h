/* SPDX-License-Identifier: ISC */
/* The running lab's own copy of what `up` read: the lab file, its nodes'
 * frr: and ipsec: files and its expectations file, each kept under the
 * snapshot's root at its absolute path (so the lab file's relative paths
 * still lead to the copies). The verbs that reason about the running lab
 * load this copy (model/lab.h, lab_load_under), not the files, which the
 * user may have edited since: they judge the lab that runs. */
#ifndef AZLAB_SNAPSHOT_H
#define AZLAB_SNAPSHOT_H

#include "core/err.h"
#include "model/lab.h"

/* Copies lab's files (file: the lab file's absolute path) under root,
 * which it empties first. */
int snapshot_take(const struct lab *lab, const char *file, const char *root,
		  struct azerr *e);
/* The copy of path (absolute) replaced by the file from: what a node
 * runs after `azlab restart NODE`. */
int snapshot_put(const char *root, const char *path, const char *from,
		 struct azerr *e);

#endif
