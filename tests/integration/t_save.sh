# SPDX-License-Identifier: ISC
# save: the running lab written out, one file per node and kind, and the
# saved set brought up again: the same lab, the article's 31 paths.

test_save_and_up_again() {
	local dir=$TMP/saved
	capture "$AZLAB" save "$dir"
	assert_eq 1 "$RC" "save without a lab"
	assert_eq "azlab: save: no lab is running" "$ERR" "save without a lab"
	up_reference_lab
	capture "$AZLAB" save "$dir"
	assert_eq 0 "$RC" "save (stderr: $ERR)"
	assert_contains "$OUT" "saved lab azure-interop to $dir/ (47 files)" "save summary"
	assert_contains "$OUT" "up again with: azlab up $dir/lab/azure-interop.yaml" "save says how to use it"
	check_saved_files "$dir"
	capture "$AZLAB" save "$dir"
	assert_eq 1 "$RC" "save into a folder that is not empty"
	assert_eq "azlab: save: $dir is not empty: name a new or empty folder" "$ERR" "refusal"
	check_save_json
	"$AZLAB" down --quiet
	# the saved set brings the same lab up again
	capture "$AZLAB" up --quiet "$dir/lab/azure-interop.yaml"
	assert_eq 0 "$RC" "up from the saved lab (stderr: $ERR)"
	capture "$AZLAB" verify
	assert_eq 0 "$RC" "verify on the saved lab (stderr: $ERR; out: $(echo "$OUT" | grep -A2 -E 'MISMATCH|ERROR'))"
	assert_contains "$OUT" "31/31 matching" "verify on the saved lab"
	"$AZLAB" down --quiet
	check_save_absolute_path
	assert_clean
}

# A file named by an absolute path is not mirrored: a warning, the saved
# lab still names the original, what runs is saved under running/.
check_save_absolute_path() {
	local src=$TMP/abs-lab dir=$TMP/saved-abs
	copy_reference_lab "$src"
	sed -i "s|frr: ../frr-configs/hub-ergw.conf|frr: $src/frr-configs/hub-ergw.conf|" \
		"$src/lab/azure-interop.yaml"
	capture "$AZLAB" up --quiet "$src/lab/azure-interop.yaml"
	assert_eq 0 "$RC" "up with an absolute frr: path (stderr: $ERR)"
	capture "$AZLAB" save "$dir"
	"$AZLAB" down --quiet
	assert_eq 0 "$RC" "save with an absolute frr: path (stderr: $ERR)"
	assert_eq "azlab: save: warning: hub-ergw frr file $src/frr-configs/hub-ergw.conf is an absolute path: the saved lab file still names it; what runs is saved as running/hub-ergw.frr.conf" "$ERR" "the warning"
	grep -q '^router bgp 65515$' "$dir/running/hub-ergw.frr.conf" ||
		fail "hub-ergw's running configuration under running/"
	grep -q "frr: $src/frr-configs/hub-ergw.conf" "$dir/lab/azure-interop.yaml" ||
		fail "the saved lab names the original"
}

check_saved_files() {
	local dir=$1
	grep -q '^router bgp 65515$' "$dir/frr-configs/hub-ergw.conf" ||
		fail "no 'router bgp' in the saved hub-ergw.conf"
	grep -q '^hostname hub-ergw$' "$dir/frr-configs/hub-ergw.conf" ||
		fail "the saved hub-ergw.conf has not its own hostname"
	grep -q "^hostname $(hostname)\$" "$dir/frr-configs/hub-ergw.conf" &&
		fail "the saved hub-ergw.conf has vtysh's hostname"
	grep -qE '^0\.0\.0\.0/0 .* 10\.2\.30\.3 ' "$dir/running/loc1-vm.routes.txt" ||
		fail "loc1-vm's default route: $(cat "$dir/running/loc1-vm.routes.txt")"
	grep -qE '^10\.10\.30\.0/27 +connected ' "$dir/running/hub-vm.routes.txt" ||
		fail "hub-vm's connected route: $(cat "$dir/running/hub-vm.routes.txt")"
	grep -q '^  branch {$' "$dir/running/hub-vpngw.ipsec.txt" ||
		fail "hub-vpngw's connection to the branch: $(cat "$dir/running/hub-vpngw.ipsec.txt")"
	grep -qE '^  CHILD branch +INSTALLED' "$dir/running/hub-vpngw.ipsec.txt" ||
		fail "hub-vpngw's CHILD_SA to the branch: $(cat "$dir/running/hub-vpngw.ipsec.txt")"
	cmp -s ipsec-configs/hub-vpngw.conf "$dir/ipsec-configs/hub-vpngw.conf" ||
		fail "the saved swanctl file of hub-vpngw differs"
	cmp -s lab/azure-interop.yaml "$dir/lab/azure-interop.yaml" ||
		fail "the saved lab file differs"
	cmp -s lab/azure-interop.expect.yaml "$dir/lab/azure-interop.expect.yaml" ||
		fail "the saved expectations differ"
}

check_save_json() {
	capture "$AZLAB" save --json "$TMP/saved-json"
	assert_eq 0 "$RC" "save --json (stderr: $ERR)"
	python3 - "$OUT" "$TMP/saved-json" <<'PY' || fail "save --json: $OUT"
import json, os, sys
d = json.loads(sys.argv[1])
assert d["lab"] == "azure-interop" and d["dir"] == sys.argv[2], d
assert d["labFile"] == sys.argv[2] + "/lab/azure-interop.yaml", d["labFile"]
kinds = {}
for f in d["files"]:
    kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    assert os.path.isfile(f["path"]), f
assert kinds == {"lab": 1, "expectations": 1, "frr": 14, "ipsec": 3,
                 "ipsec-state": 3, "routes": 25}, kinds
assert d["warnings"] == [] and d["failed"] == 0, d
PY
}
