# SPDX-License-Identifier: ISC
# What the scale benchmark (bench-scale.sh) needs:
# timing, and the kernel's ARP table raised for the length of a run.

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# The kernel's ARP table is one for every namespace, 1024 entries at most
# (gc_thresh3, a setting of the host's namespace): at 200 sites a lab's
# 1600 neighbours overflow it and the last sites' packets fail with
# ENOBUFS ("neighbor table overflow"). neigh_raise raises it for the
# run; neigh_restore, from the caller's EXIT trap, puts it back.
NEIGH=net.ipv4.neigh.default
NEIGH_WAS=
neigh_raise() {
	NEIGH_WAS="$(sysctl -n $NEIGH.gc_thresh1 $NEIGH.gc_thresh2 $NEIGH.gc_thresh3 | tr '\n' ' ')"
	sysctl -q -w $NEIGH.gc_thresh1=4096 $NEIGH.gc_thresh2=8192 $NEIGH.gc_thresh3=16384
}
neigh_restore() {
	local g1 g2 g3
	[ -n "$NEIGH_WAS" ] || return 0
	read -r g1 g2 g3 <<<"$NEIGH_WAS"
	sysctl -q -w $NEIGH.gc_thresh1="$g1" $NEIGH.gc_thresh2="$g2" $NEIGH.gc_thresh3="$g3"
	NEIGH_WAS=
}
