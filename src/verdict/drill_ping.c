/* SPDX-License-Identifier: ISC */
/* What the drill's `ping -D -i 0.01` saw: which echo requests went
 * unanswered, and for how long the path was gone when the link was shut
 * and when it came back. ping's own statistics only count; the
 * timestamps of the replies on each side of a gap give the outage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drill.h"
#include "core/grow.h"

struct reply {
	double t;		/* wall clock, s */
	unsigned seq;
};

/* "[1795658853.131589] 64 bytes from 10.10.30.4: icmp_seq=1 ttl=60 ..."
 * Errors ("From 10.2.30.3 icmp_seq=5 Destination Net Unreachable") and
 * ping's "no answer yet" lines name a seq too, but are not replies. */
static bool reply_parse(const char *line, struct reply *r)
{
	const char *seq, *end = strchr(line, '\n');
	size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
	char buf[256];
	unsigned long v;
	char *stop;

	if (len >= sizeof(buf) || line[0] != '[')
		return false;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (strstr(buf, " bytes from ") == NULL ||
	    (seq = strstr(buf, " icmp_seq=")) == NULL)
		return false;
	r->t = strtod(buf + 1, &stop);
	if (stop == buf + 1 || *stop != ']')
		return false;
	v = strtoul(seq + 10, &stop, 10);
	if (stop == seq + 10 || v == 0 || v > 0xffffffffUL)
		return false;
	r->seq = (unsigned)v;
	return true;
}

static int by_seq(const void *a, const void *b)
{
	const struct reply *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	/* the earlier of duplicates first: it is the one kept */
	return x->t < y->t ? -1 : x->t > y->t;
}

static int replies_read(const char *text, struct reply **out, size_t *n)
{
	size_t cap = 0;
	struct reply r;

	*out = NULL;
	*n = 0;
	for (const char *line = text; line != NULL && *line != '\0';) {
		if (reply_parse(line, &r)) {
			if (grow(out, &cap, *n + 1, sizeof(**out)) < 0) {
				free(*out);
				return -1;
			}
			(*out)[(*n)++] = r;
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return 0;
}

struct phases {
	double t_shut, t_restore, interval_ms;
};

/* Which outage a gap from t0 (last reply) to t1 (first reply, or the
 * stop) belongs to: a gap spanning the restore is the failback's, one
 * spanning the shut or between the two the failover's; NULL before. */
static struct drill_outage *gap_phase(const struct phases *ph, double t0,
				      double t1, struct drill_ping *p)
{
	if (t0 < ph->t_restore && t1 >= ph->t_restore && t0 >= ph->t_shut)
		return &p->failback;
	if (t1 >= ph->t_shut && t0 < ph->t_restore)
		return &p->failover;
	if (t0 >= ph->t_restore)
		return &p->failback;
	return NULL;
}

static void gap_add(const struct phases *ph, double t0, double t1,
		    unsigned lost, bool open, struct drill_ping *p)
{
	struct drill_outage *o = gap_phase(ph, t0, t1, p);
	double ms = (t1 - t0) * 1000.0 - ph->interval_ms;

	if (o == NULL)
		return;
	o->ms += ms > 0 ? ms : 0;
	o->lost += lost;
	o->gaps++;
	o->open = o->open || open;
}

int drill_ping_analyze(const char *text, double t_shut, double t_restore,
		       double t_stop, unsigned interval_ms,
		       struct drill_ping *out)
{
	struct phases ph = { t_shut, t_restore, interval_ms };
	struct ping_result st;
	struct reply *r;
	size_t n, k = 0;
	bool stats;

	memset(out, 0, sizeof(*out));
	if (replies_read(text, &r, &n) < 0)
		return -1;
	stats = ping_parse(text, &st) == 0;
	out->transmitted = st.transmitted;
	if (n == 0 && !stats)
		return -1;
	if (n > 1)
		qsort(r, n, sizeof(*r), by_seq);
	for (size_t i = 0; i < n; i++) {
		if (k > 0 && r[i].seq == r[k - 1].seq) {
			out->duplicates++;
			continue;
		}
		r[k++] = r[i];
	}
	out->received = (unsigned)k;
	for (size_t i = 1; i < k; i++)
		if (r[i].seq > r[i - 1].seq + 1)
			gap_add(&ph, r[i - 1].t, r[i].t,
				r[i].seq - r[i - 1].seq - 1, false, out);
	if (k > 0 && out->transmitted < r[k - 1].seq)
		out->transmitted = r[k - 1].seq;
	/* the last request may still have been on its way when ping was
	 * stopped: only more than one unanswered is an outage left open */
	if (k > 0 && out->transmitted > r[k - 1].seq + 1)
		gap_add(&ph, r[k - 1].t, t_stop,
			out->transmitted - r[k - 1].seq, true, out);
	out->lost = out->transmitted - out->received;
	free(r);
	return 0;
}
