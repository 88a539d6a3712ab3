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

# Bash completion with the instance's options before the verb, no lab
# needed: the options themselves and their values, the verb after them
# (`--opt VALUE`, `--opt=VALUE` and bash's `--opt = VALUE`), and the
# nodes and interfaces of the instance's prefix, from a namespace of
# the second instance's made for the test (removed however it ends).
test_completion_instance_options() {
	local ns=${B_NS_PREFIX}compnode stub=$TMP/azlab-stub
	assert_eq "--ns-prefix" "$(complete_words --ns-)" "completion of --ns-"
	assert_eq "" "$(complete_words --ns-prefix '')" "completion after --ns-prefix"
	mkdir "$TMP/compdir"
	assert_eq "$TMP/compdir" "$(complete_words --run-dir "$TMP/comp")" "completion after --run-dir"
	assert_eq "$TMP/compdir" "$(complete_words --log-dir = "$TMP/comp")" "completion after --log-dir="
	assert_eq "verify" "$(complete_words --ns-prefix "$B_NS_PREFIX" ve)" "the verb after --ns-prefix"
	assert_eq "verify" "$(complete_words --ns-prefix = "$B_NS_PREFIX" ve)" "the verb after --ns-prefix="
	assert_contains "$(complete_words --run-dir=/tmp/azlabx check --)" "--help" "check's options after --run-dir="
	assert_contains "$(complete_words --run-dir=/tmp/azlabx check -)" "-v" "check's options after --run-dir="

	# the binary's calls (help, drill --list) get the instance's options
	printf '%s\n' '#!/bin/sh' "echo \"\$*\" >>$TMP/stub-calls" \
		'[ "$*" = "--ns-prefix=azb- --run-dir=/run/azlab-b drill --list" ] && printf "d1\tdrill\n"' \
		'exit 0' >"$stub"
	chmod +x "$stub"
	assert_eq "d1" "$(AZLAB=$stub complete_words --ns-prefix azb- --run-dir /run/azlab-b drill '')" \
		"drills of the instance"
	assert_contains "$(cat "$TMP/stub-calls")" "--ns-prefix=azb- --run-dir=/run/azlab-b drill --help" \
		"help call with the instance's options"

	trap 'ip netns delete "$ns" 2>/dev/null || true' EXIT
	ip netns add "$ns"
	ip -n "$ns" link add eth9 type veth peer name eth8
	assert_eq "compnode" "$(complete_words --ns-prefix "$B_NS_PREFIX" exec '')" "exec's nodes after --ns-prefix"
	assert_eq "compnode" "$(AZLAB_NS_PREFIX=$B_NS_PREFIX complete_words exec '')" "exec's nodes with AZLAB_NS_PREFIX"
	assert_eq "" "$(complete_words exec comp)" "exec's nodes of the default instance"
	assert_eq "--" "$(complete_words --ns-prefix "$B_NS_PREFIX" exec compnode '')" "after exec NODE"
	assert_contains "$(complete_words --ns-prefix "$B_NS_PREFIX" exec compnode -- bas)" "bash" \
		"exec's command after --ns-prefix"
	assert_eq "eth8 eth9" "$(complete_words --run-dir "$B_RUN_DIR" --ns-prefix "$B_NS_PREFIX" \
		link compnode '' | sort | paste -sd' ')" \
		"link's interfaces after --ns-prefix"
	ip netns delete "$ns"
	trap - EXIT
}
