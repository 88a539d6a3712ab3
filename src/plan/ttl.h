/* SPDX-License-Identifier: ISC */
/* A node's `ttl:` rules at `up`: iptables' TTL target in the mangle
 * table's PREROUTING chain, loaded by iptables-restore inside the node's
 * namespace. The rules go with the namespace: `down` has nothing to do. */
#ifndef AZLAB_TTL_H
#define AZLAB_TTL_H

#include <stdio.h>

#include "core/err.h"
#include "model/lab.h"

/* One rule as an iptables rule line, with its newline:
 *   -A PREROUTING -i hub -s 10.2.30.0/25 -j TTL --ttl-inc 1 */
void ttl_rule_line(const struct lab_ttl_rule *t, FILE *out);

/* The node's rules as iptables-restore input, in file order:
 *   *mangle
 *   -A PREROUTING -i hub -s 10.2.30.0/25 -j TTL --ttl-inc 1
 *   COMMIT
 * A pure function of the model; malloc'd (the caller frees it), NULL if
 * out of memory. */
char *ttl_rules_text(const struct lab_node *node);

/* Loads the node's rules (iptables-restore --noflush, so that nothing
 * else in the table is touched). Returns 0, or -1 with e holding one
 * line: the tool's exit status and its first line of complaint. */
int ttl_apply(const struct lab_node *node, struct azerr *e);

#endif
