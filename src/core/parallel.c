/* SPDX-License-Identifier: ISC */
/* One thread per item, joined before returning. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "parallel.h"

struct job {
	void (*fn)(void *item);
	void *item;
	pthread_t tid;
	bool started;
};

static void *job_main(void *arg)
{
	struct job *j = arg;

	j->fn(j->item);
	return NULL;
}

void parallel_each(void **items, size_t n, void (*fn)(void *item))
{
	struct job *jobs = calloc(n, sizeof(*jobs));

	for (size_t i = 0; i < n; i++) {
		if (jobs == NULL) {
			fn(items[i]);
			continue;
		}
		jobs[i].fn = fn;
		jobs[i].item = items[i];
		jobs[i].started = pthread_create(&jobs[i].tid, NULL, job_main,
						 &jobs[i]) == 0;
		if (!jobs[i].started)
			fn(items[i]);
	}
	for (size_t i = 0; jobs != NULL && i < n; i++)
		if (jobs[i].started)
			pthread_join(jobs[i].tid, NULL);
	free(jobs);
}
