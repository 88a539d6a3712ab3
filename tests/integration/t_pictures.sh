# SPDX-License-Identifier: ISC
# Pictures from the running reference lab: a traced path over the lab's
# diagram and the reachability grid, both real SVG drawn by dot.

test_pictures() {
	local trace_svg=$TMP/trace.svg matrix_svg=$TMP/matrix.svg line
	up_reference_lab
	capture "$AZLAB" trace hub-vm loc1-vm --svg "$trace_svg"
	assert_eq 0 "$RC" "trace hub-vm loc1-vm --svg (stderr: $ERR)"
	line=$(echo "$OUT" | head -1)
	assert_contains "$line" "hub-vm -> loc1-vm (10.2.30.10): 10.10.30.132, " \
		"trace --svg keeps the text"
	# Every answering hop on its node (hop 1: the ER gateway), the
	# destination marked, one orange arrow per hop (none folded here).
	python3 - "$trace_svg" "$line" <<'PY' || fail "trace SVG $trace_svg"
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == ns + "svg", root.tag
hops = sys.argv[2].split(": ", 1)[1].split(", ")
def texts(g):
    return [t.text or "" for t in g.iter(ns + "text")]
nodes = {g.find(ns + "title").text: texts(g)
         for g in root.iter(ns + "g") if g.get("class") == "node"}
assert nodes["hub-ergw"][:2] == ["hop 1", "hub-ergw"], nodes["hub-ergw"]
assert nodes["hub-vm"][:2] == ["source", "hub-vm"], nodes["hub-vm"]
assert nodes["loc1-vm"][0] == "hop %d \u00b7 destination" % len(hops), nodes["loc1-vm"]
arrows = [g for g in root.iter(ns + "g") if g.get("class") == "edge"
          and any(p.get("stroke") == "#e6550d" for p in g.iter(ns + "path"))
          and not g.find(ns + "title").text.startswith("lg")]
# (dot writes edges in an order of its own)
assert sorted(int(texts(g)[0]) for g in arrows) == list(range(1, len(hops) + 1)), \
    [texts(g) for g in arrows]
stars = [t for t in nodes if t.startswith("*")]
assert len(stars) == hops.count("*"), (stars, hops)
PY
	capture "$AZLAB" matrix --svg "$matrix_svg"
	assert_eq 0 "$RC" "matrix --svg (stderr: $ERR)"
	python3 - "$matrix_svg" <<'PY' || fail "matrix SVG $matrix_svg"
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == ns + "svg", root.tag
words = [t.text for t in root.iter(ns + "text")]
for site in ["hub", "spoke", "branch", "remote", "loc1", "loc2"]:
    assert words.count(site + "-vm") == 2, (site, words)	# row and column
cells = [w for w in words if w in ("yes", "no", "error", "-")]
assert len(cells) == 36 and cells.count("-") == 6, cells
assert "error" not in cells, cells
PY
	"$AZLAB" down --quiet
	assert_clean
}
