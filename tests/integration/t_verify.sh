# SPDX-License-Identifier: ISC
# verify and matrix: the article's 31 cases as real probes on the
# reference lab, the reports CI reads, and a wrong expectation caught.

# The lab's own expectations: every case matches, in the table, the
# JUnit file (one testcase per case, parsed as XML) and the JSON.
test_verify_reference_lab() {
	local junit=/tmp/azlab-test-junit.xml
	up_reference_lab
	rm -f "$junit"
	capture "$AZLAB" verify --junit "$junit"
	assert_eq 0 "$RC" "verify on the reference lab (stderr: $ERR; out: $(echo "$OUT" | grep -A2 -E 'MISMATCH|ERROR'))"
	assert_contains "$OUT" "31/31 matching (0 mismatch, 0 error)" "verify summary"
	python3 - "$junit" <<'PY' || fail "JUnit file $junit"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
cases = root.findall("./testsuite/testcase")
assert len(cases) == 31, len(cases)
assert len({c.get("name") for c in cases}) == 31
assert root.get("tests") == "31" and root.get("failures") == "0", root.attrib
assert not root.findall(".//failure") and not root.findall(".//error")
PY
	# the failover case put the link back
	assert_msee1_up verify
	capture "$AZLAB" verify --json hub-branch loc2-hub branch-loc2
	assert_eq 0 "$RC" "verify --json three cases (stderr: $ERR)"
	python3 - "$OUT" <<'PY' || fail "verify --json: $OUT"
import json, sys
d = json.loads(sys.argv[1])
assert d["total"] == 3 and d["matched"] == 3, d
c = {x["id"]: x for x in d["cases"]}
assert c["hub-branch"]["seen"]["hops"] == ["10.10.30.142", "*", "10.11.30.68"], c
assert c["hub-branch"]["verdict"] == "match"
assert c["loc2-hub"]["expected"][0][1] == ["192.168.31.4"], c["loc2-hub"]
assert c["branch-loc2"]["expected"] == "unreachable"
assert c["branch-loc2"]["seen"]["received"] == 0
PY
	check_verify_wrong_expectation
	check_matrix
	"$AZLAB" down --quiet
	assert_clean
}

# A deliberately wrong case: a non-zero exit, the difference named, the
# JUnit file with one failure.
check_verify_wrong_expectation() {
	local f=/tmp/azlab-test-wrong.yaml junit=/tmp/azlab-test-wrong.xml
	cat >"$f" <<'EOF2'
cases:
  - id: right
    from: hub-vm
    to: spoke-vm
    path: [10.11.30.4]
  - id: wrong-hop
    from: hub-vm
    to: 10.11.30.68
    path: [10.10.30.142, 10.11.30.100, 10.11.30.68]
  - id: wrong-reach
    from: loc1-vm
    to: hub-vm
    reach: no
EOF2
	capture "$AZLAB" verify --expect "$f" --junit "$junit"
	assert_eq 1 "$RC" "verify with wrong expectations"
	assert_contains "$OUT" "diff: hop 2: expected 10.11.30.100, seen *" "the wrong hop named"
	assert_contains "$OUT" "diff: expected no answer, 2 of 2 pings answered" "the wrong reach named"
	assert_contains "$OUT" "1/3 matching (2 mismatch, 0 error)" "wrong summary"
	python3 - "$junit" <<'PY' || fail "JUnit of the wrong run"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.get("failures") == "2", root.attrib
names = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
assert names == ["wrong-hop", "wrong-reach"], names
PY
	capture "$AZLAB" verify --expect "$f" nosuch
	assert_eq 1 "$RC" "verify an unknown case"
	assert_eq "azlab: verify: no case 'nosuch' in $f" "$ERR" "unknown case error"
	printf 'cases:\n  - { id: x, from: nowhere-vm, to: hub-vm, reach: no }\n' >"$f"
	capture "$AZLAB" verify --expect "$f"
	assert_eq 1 "$RC" "verify a bad expectations file"
	assert_eq "azlab: verify: $f:2:20: no node 'nowhere-vm' in lab azure-interop" "$ERR" \
		"bad expectations file error"
	rm -f "$f" "$junit"
}

# The grid of the reference document's "who sees whom" table.
check_matrix() {
	capture "$AZLAB" matrix --json
	assert_eq 0 "$RC" "matrix --json (stderr: $ERR)"
	python3 - "$OUT" <<'PY' || fail "matrix: $OUT"
import json, sys
d = json.loads(sys.argv[1])
reach = {(p["from"], p["to"]): p["reachable"] for p in d["pairs"]}
no = {("branch", "loc2"), ("branch", "remote"), ("loc1", "loc2"),
      ("loc2", "branch"), ("loc2", "loc1"), ("loc2", "remote"),
      ("remote", "branch"), ("remote", "loc2")}
sites = ["hub", "spoke", "branch", "loc1", "loc2", "remote"]
assert sorted(d["hosts"]) == sorted(s + "-vm" for s in sites), d["hosts"]
for a in sites:
    for b in sites:
        if a != b:
            want = (a, b) not in no
            assert reach[(a + "-vm", b + "-vm")] == want, (a, b, want)
PY
}
