/* SPDX-License-Identifier: ISC */
/* What one look at a lab coming up found: FRR's part (frr_wait_step),
 * the tunnels' (charon_judge), and the two joined (ipsec_wait, in the
 * daemon), which decides whether `up` returns, fails or looks again. */
#ifndef AZLAB_WAIT_H
#define AZLAB_WAIT_H

enum wait_verdict {
	WAIT_FAILED,	/* broken or out of time: looking again cannot help */
	WAIT_NOT_YET,	/* look again */
	WAIT_SETTLED,	/* everything up, and settled */
};

#endif
