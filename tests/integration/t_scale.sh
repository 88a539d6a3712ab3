# SPDX-License-Identifier: ISC
# The scale benchmark's lab generator (scripts/gen-hub-spoke.sh): a small
# lab of its making comes up with real FRR, its sample of VM -> VM traces
# all match, and down leaves nothing.

test_hub_spoke_generated() {
	local dir=$TMP/hub-spoke
	rm -rf "$dir"
	scripts/gen-hub-spoke.sh 3 "$dir" 6
	capture "$AZLAB" check "$dir/hub-spoke.yaml"
	assert_eq 0 "$RC" "check of the generated lab ($ERR)"
	assert_contains "$OUT" "11 nodes, 12 links" "3 sites: 3 x 3 nodes and 2 hubs"
	capture "$AZLAB" up --quiet "$dir/hub-spoke.yaml"
	assert_eq 0 "$RC" "up of the generated lab (stderr: $ERR)"
	capture "$AZLAB" status
	assert_contains "$OUT" "s3-lan" "status names the last site's LAN router"
	# a BGP speaker's zebra has nothing of its own to be pushed (frr.c)
	[ ! -e /run/azlab/frr/s1-ce/zebra.config.log ] ||
		fail "s1-ce's zebra got a push of its own"
	# and its file, all bgpd's, is pushed by azlab, not by a vtysh
	# (frr_push.c): bgpd's push ran and refused nothing, no shared one
	[ -e /run/azlab/frr/s1-ce/bgpd.config.log ] ||
		fail "s1-ce's bgpd got no push"
	assert_eq "" "$(cat /run/azlab/frr/s1-ce/bgpd.config.log)" "lines bgpd refused"
	[ ! -e /run/azlab/frr/s1-ce/frr.config.log ] ||
		fail "s1-ce got a vtysh push"
	capture "$AZLAB" verify
	assert_eq 0 "$RC" "verify of the generated cases ($(echo "$OUT" | grep -A2 -E 'MISMATCH|ERROR'))"
	assert_contains "$OUT" "6/6 matching (0 mismatch, 0 error)" "verify summary"
	"$AZLAB" down --quiet
	assert_clean
}
