/* SPDX-License-Identifier: ISC */
#include <signal.h>
#include <string.h>

#include "interrupt.h"

static volatile sig_atomic_t caught_sig;
static const int caught[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction old[sizeof(caught) / sizeof(caught[0])];

static void on_signal(int sig)
{
	caught_sig = sig;
}

void interrupt_catch(void)
{
	struct sigaction sa;

	caught_sig = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaction(caught[i], &sa, &old[i]);
}

void interrupt_release(void)
{
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaction(caught[i], &old[i], NULL);
}

int interrupt_signal(void)
{
	return caught_sig;
}

void interrupt_sigset(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaddset(set, caught[i]);
}
