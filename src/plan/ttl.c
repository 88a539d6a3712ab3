/* SPDX-License-Identifier: ISC */
/* `ttl:` rules: text for iptables-restore, and loading it in a node. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "probe/probe.h"
#include "ttl.h"

void ttl_rule_line(const struct lab_ttl_rule *t, FILE *out)
{
	char a[PREFIX_STRLEN];

	fputs("-A PREROUTING", out);
	if (t->in[0] != '\0')
		fprintf(out, " -i %s", t->in);
	if (t->has_from)
		fprintf(out, " -s %s", prefix_fmt(&t->from, a));
	fprintf(out, " -j TTL --ttl-inc %u\n", t->inc);
}

char *ttl_rules_text(const struct lab_node *node)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (out == NULL)
		return NULL;
	fputs("*mangle\n", out);
	for (size_t i = 0; i < node->n_ttl_rules; i++)
		ttl_rule_line(&node->ttl_rules[i], out);
	fputs("COMMIT\n", out);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* The first line that says something, without its newline. */
static const char *first_line(char *text)
{
	char *s = text;

	while (*s == '\n')
		s++;
	s[strcspn(s, "\n")] = '\0';
	return s;
}

int ttl_apply(const struct lab_node *node, struct azerr *e)
{
	char *argv[] = { "iptables-restore", "--noflush", NULL };
	struct node_cmd c = { .node = node->name, .argv = argv,
			      .merge_stderr = true };
	char *out = NULL;
	int status, rc;

	if ((c.input = ttl_rules_text(node)) == NULL)
		return azerr_set(e, "out of memory");
	rc = node_cmd_run(&c, &out, &status, e);
	free((char *)c.input);
	if (rc < 0)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		rc = azerr_set(e, "iptables-restore is not in PATH (the "
			       "iptables package)");
	else if (WIFEXITED(status))
		rc = azerr_set(e, "iptables-restore exited with %d: %s",
			       WEXITSTATUS(status), first_line(out));
	else
		rc = azerr_set(e, "iptables-restore was killed by signal %d",
			       WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	free(out);
	return rc;
}
