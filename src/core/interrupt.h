/* SPDX-License-Identifier: ISC */
/* SIGINT, SIGTERM and SIGHUP turned into a flag that a long command
 * (verify, drill) looks at, so that it can undo what it did before it
 * stops. */
#ifndef AZLAB_INTERRUPT_H
#define AZLAB_INTERRUPT_H

#include <signal.h>

/* Catches the three signals (no SA_RESTART: a blocking poll() returns at
 * once) and clears the flag; the previous handlers are kept. */
void interrupt_catch(void);
/* Puts the previous handlers back. */
void interrupt_release(void);
/* The signal caught since interrupt_catch(), or 0. */
int interrupt_signal(void);
/* The three signals, e.g. for a thread that must not take them. */
void interrupt_sigset(sigset_t *set);

#endif
