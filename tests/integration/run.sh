#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Integration tests: the real azlab binary, real namespaces, veths and
# bridges, real ping and traceroute. Needs root; skips (outside CI) if not.
# Usage: run.sh [TEST...]: the named tests only (e.g. test_hop_fidelity),
# in the order given; all of them without arguments.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ "$(id -u)" -ne 0 ]; then
	if [ -n "${CI:-}" ]; then
		echo "integration: needs root, and CI is set: failing" >&2
		exit 1
	fi
	echo "integration: needs root: skipped (run with sudo)"
	exit 0
fi
if [ -n "$(lab_namespaces)$(lab_namespaces "$B_NS_PREFIX")" ] ||
	[ -n "$(live_procs azlabd)" ]; then
	echo "integration: a lab is running on this machine; run 'azlab down' first" >&2
	exit 1
fi
trap final_cleanup EXIT
HOST_LINKS=$(host_links)

for f in tests/integration/t_*.sh; do
	. "$f"
done

# Order matters only in that each test starts and ends with no lab.
TESTS=(
	test_version_and_help
	test_status_without_lab
	test_completion_instance_options
	test_malformed_file_creates_nothing
	test_unknown_node_in_link_creates_nothing
	test_up_reference_lab
	test_exec_passes_exit_status
	test_second_up_refused
	test_down_kills_processes_in_lab
	test_sigkill_midway_then_down
	test_sigkill_after_up_then_down
	test_sigterm_tears_down
	test_verbs_judge_the_running_lab
	test_bgp_up_waits_for_routing
	test_bgp_verb
	test_frr_daemon_restarted
	test_bgp_stuck_session_fails_up
	test_bad_frr_config_fails_up
	test_reference_bgp_tables
	test_bgp_ping_matrix
	test_er_withdraw_and_restore
	test_ipsec_tunnels_up
	test_ipsec_failover
	test_ipsec_charon_restarted
	test_ipsec_refused_config_fails_up
	test_trace_verb
	test_ping_verb
	test_capture_vpn_packets
	test_capture_stops_and_errors
	test_link_failover
	test_drill_er1_failover
	test_drill_interrupted
	test_drill_errors
	test_node_down_up
	test_node_host_and_declared_down
	test_restart_edited_frr
	test_drill_msee_pri_down
	test_probe_errors
	test_hop_fidelity
	test_latency_notice
	test_ttl_failure_fails_up
	test_verify_reference_lab
	test_save_and_up_again
	test_two_instances
	test_pictures
	test_ipsec_initiates_after_all_loaded
	test_ipsec_tunnel_reinitiated
	test_ipsec_refused_proposal_names_cause
	test_down_returns_when_gone
	test_verify_waits_for_convergence
	test_matrix_on_a_steady_failure
	test_zebra_killed_then_verify
	test_soak_short
	test_ipv6_only_lab
	test_ipv6_dualstack_bgp_and_probes
	test_ipv6_verify
	test_ipv6_drill
	test_two_hosts_reference_lab
	test_hub_spoke_generated
	test_hub_spoke_shared
	test_hub_spoke_shared_errors
)
if [ $# -gt 0 ]; then
	for t in "$@"; do
		if ! declare -F "$t" >/dev/null; then
			echo "integration: no test named $t" >&2
			exit 2
		fi
	done
	TESTS=("$@")
fi
for t in "${TESTS[@]}"; do
	run_test "$t"
done

echo "integration: $PASSED passed, $FAILED failed${FAILED_NAMES:+ (${FAILED_NAMES[*]})}"
[ "$FAILED" -eq 0 ]
