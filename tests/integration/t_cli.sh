# SPDX-License-Identifier: ISC
# The CLI without a lab: version, help, status, bad lab files.

test_version_and_help() {
	local verb
	capture "$AZLAB" --version
	assert_eq 0 "$RC" "--version status"
	assert_eq "azlab 0.1.0" "$OUT" "--version output"
	for verb in up down status exec check plan daemon; do
		capture "$AZLAB" "$verb" --help
		assert_eq 0 "$RC" "$verb --help status"
		assert_contains "$OUT" "usage: azlab $verb" "$verb --help"
	done
	capture "$AZLAB" frobnicate
	assert_eq 2 "$RC" "unknown verb status"
	assert_contains "$ERR" "unknown verb 'frobnicate'" "unknown verb"
}

test_status_without_lab() {
	capture "$AZLAB" status
	assert_eq 1 "$RC" "status with no lab"
	assert_contains "$ERR" "no lab is running" "status message"
	capture "$AZLAB" status --json
	assert_eq 1 "$RC" "status --json with no lab"
	python3 - "$OUT" <<'PY' || fail "status --json without a lab: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["daemon"]["running"] is False, d
assert d["phase"] == "none", d
assert d["nodes"] == [], d
PY
}

test_malformed_file_creates_nothing() {
	local f=$TMP/bad.yaml
	printf '%s\n' 'name: bad' 'nodes:' '  - name: a' '    role: host' \
		'links:' '  - endpoints:' \
		'      - { interface: a:eth0, address: 10.0.0.300/24 }' \
		'      - { interface: a:eth1 }' >"$f"
	capture "$AZLAB" up "$f"
	assert_eq 1 "$RC" "up of a malformed file"
	assert_contains "$ERR" "$f:7:39: " "error position (file:line:col)"
	assert_contains "$ERR" "10.0.0.300/24" "error names the bad address"
	assert_eq "" "$OUT" "stdout"
	assert_clean

	printf 'name: bad\nnodes: [ { name: a, role: host }\n' >"$f"
	capture "$AZLAB" up "$f"
	assert_eq 1 "$RC" "up of a file with a YAML syntax error"
	assert_contains "$ERR" "$f:3:1: " "YAML error position"
	assert_clean
}

test_unknown_node_in_link_creates_nothing() {
	local f=$TMP/unknown.yaml
	printf '%s\n' 'name: bad' 'nodes:' '  - { name: a, role: host }' \
		'links:' '  - endpoints:' \
		'      - { interface: a:eth0 }' \
		'      - { interface: ghost:eth0 }' >"$f"
	capture "$AZLAB" up "$f"
	assert_eq 1 "$RC" "up with an unknown node"
	assert_contains "$ERR" "$f:7:22: " "error position"
	assert_contains "$ERR" "ghost" "error names the node"
	assert_clean
}
