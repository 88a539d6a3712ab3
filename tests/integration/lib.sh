# SPDX-License-Identifier: ISC
# Helpers for the integration tests: a tiny harness, assertions that say
# what they expected, and the "nothing left behind" check.

AZLAB=${AZLAB:-$PWD/build/azlab}
PASSED=0
FAILED=0
FAILED_NAMES=()
CURRENT=""
TMP=$(mktemp -d /tmp/azlab-it.XXXXXX)
# when the tests began (frr_tmp_dirs_dead); a file's time, not TMP's,
# which every file made in it moves
STARTED=$TMP/.started
touch "$STARTED"
# A second azlab instance (docs/cli.md, "Instances"), for the tests that
# run two labs at once; its log directory is derived from its run
# directory.
B_RUN_DIR=/run/azlab-b
B_NS_PREFIX=azb-
B_LOG_DIR=/var/log/azlab-b

fail() {
	echo "    FAIL ($CURRENT): $*" >&2
	return 1
}

# run_test NAME: runs the function NAME in a subshell with errexit, so the
# first failed assertion ends that test and only that test.
run_test() {
	CURRENT=$1
	local t0=$SECONDS rc
	# Not inside an `if`: bash ignores errexit in a condition's subshell.
	( set -e; "$1" )
	rc=$?
	if [ $rc -eq 0 ]; then
		PASSED=$((PASSED + 1))
		echo "ok   $1 ($((SECONDS - t0)) s)"
	else
		FAILED=$((FAILED + 1))
		FAILED_NAMES+=("$1")
		echo "FAIL $1" >&2
		"$AZLAB" down --quiet >/dev/null 2>&1 || true
		b_down
	fi
}

# azlab of the second instance
azlab_b() {
	AZLAB_RUN_DIR=$B_RUN_DIR AZLAB_NS_PREFIX=$B_NS_PREFIX "$AZLAB" "$@"
}

# Whatever the second instance left, its log included.
b_down() {
	azlab_b down --quiet >/dev/null 2>&1 || true
	rm -rf "$B_LOG_DIR"
}

assert_eq() {		# expected actual what
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}

assert_contains() {	# haystack needle what
	case "$1" in
	*"$2"*) ;;
	*) fail "$3: expected to contain '$2', got '$1'" ;;
	esac
}

# What bash completion offers for the last of WORDS (after `azlab`).
complete_words() {
	bash -c '. completion/azlab.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_azlab "$1"; printf "%s\n" "${COMPREPLY[@]}"' _ "$AZLAB" "$@"
}

# Runs "$@", storing stdout, stderr and the exit status in OUT, ERR, RC.
capture() {
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
	set -e
	OUT=$(cat "$TMP/out")
	ERR=$(cat "$TMP/err")
}

# lab_namespaces [PREFIX]: the namespaces of an instance, the default's
# (azlab-) unless PREFIX names another's.
lab_namespaces() {
	ip netns list 2>/dev/null | awk -v p="${1:-azlab-}" 'index($1, p) == 1 { print $1 }'
}

# Every lab artefact is gone, of both instances: namespaces (and with
# them every veth and bridge), daemon, processes, mounts, state files.
assert_clean() {
	local ns procs mounts
	ns=$(lab_namespaces; lab_namespaces "$B_NS_PREFIX")
	[ -z "$ns" ] || fail "namespaces left: $(echo $ns)"
	procs=$(live_procs azlabd)
	[ -z "$procs" ] || fail "azlabd still running: $procs"
	# a dead one too, unless only init has still to reap it (an orphan:
	# `down` and a failed `up` return once every process has exited)
	procs=$(lab_procs_held)
	[ -z "$procs" ] || fail "processes of the lab left (running, or dead and held by a live parent): $procs"
	procs=$(pgrep -f -- " -N (azlab-|$B_NS_PREFIX)" || true)
	[ -z "$procs" ] || fail "FRR daemons of the lab still running: $procs"
	[ -z "$(ls -d /run/frr/azlab-* /run/frr/$B_NS_PREFIX* 2>/dev/null)" ] ||
		fail "/run/frr/azlab-* or $B_NS_PREFIX* left"
	mounts=$(grep -cE "/run/netns/(azlab-|$B_NS_PREFIX)" /proc/self/mountinfo || true)
	assert_eq 0 "$mounts" "mounts of azlab- and $B_NS_PREFIX namespaces"
	procs=$(lab_charons; lab_charons "$B_RUN_DIR")
	[ -z "$procs" ] || fail "charons of the lab still running: $procs"
	mounts=$(grep -c ' /run/azlab' /proc/self/mountinfo || true)
	assert_eq 0 "$mounts" "mounts under /run/azlab"
	[ ! -e /run/azlab/charon ] || fail "/run/azlab/charon left"
	[ ! -e /run/azlab/ipsec-psk ] || fail "/run/azlab/ipsec-psk (PSKs) left"
	[ ! -e /run/azlab/state ] || fail "/run/azlab/state left"
	[ ! -e /run/azlab/control.sock ] || fail "/run/azlab/control.sock left"
	[ ! -e "$B_RUN_DIR" ] || fail "$B_RUN_DIR left"
	assert_eq "$HOST_LINKS" "$(host_links)" "links in the host namespace"
	# all the above at once; then init reaps the dead ones, and a
	# crash-log directory of a dead FRR daemon (its comm gone with it)
	# tells it was left
	procs=$(init_reaped 5)
	[ -z "$procs" ] || fail "dead processes of the lab init did not reap in 5 s: $procs"
	procs=$(frr_tmp_dirs_dead)
	[ -z "$procs" ] || fail "crash-log directories of dead FRR daemons left: $procs"
}

# lab_charons [RUN_DIR]: pids of the charons of the instance of RUN_DIR
# (the default's, /run/azlab, unless given): by their STRONGSWAN_CONF
# (other charons on the machine, e.g. another test's, are not the lab's
# business).
lab_charons() {
	local p
	for p in $(pgrep -x charon || true); do
		if { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null |
			grep -q "^STRONGSWAN_CONF=${1:-/run/azlab}/"; then
			echo "$p"
		fi
	done
}

# FRR's daemons keep crash-log buffers in /var/tmp/frr/<daemon>.<pid> and
# remove them only on a clean exit: those made since the tests began
# (others may be the host's own FRR's) of daemons no longer running (by
# name too: the pid may be another process's by now).
frr_tmp_dirs_dead() {
	local d name
	for d in $(find /var/tmp/frr -mindepth 1 -maxdepth 1 -type d \
			-newer "$STARTED" 2>/dev/null); do
		name=${d##*/}
		[ "$(cat "/proc/${d##*.}/comm" 2>/dev/null)" = "${name%.*}" ] ||
			echo "$d"
	done
}

host_links() {
	ip -o link show | awk -F': ' '{print $2}' | sort | tr '\n' ' '
}

LAB_COMMS='^(azlabd|charon|zebra|bgpd|ospfd|staticd|bfdd|watchfrr|vtysh)$'

# Every process named as the lab's are, except an exited one whose parent
# is init, which only init may reap (proc/proc.h): "comm(pid stat)". A
# zombie leader with threads still running ("Zl") has not exited.
lab_procs_held() {
	ps -eo pid=,stat=,ppid=,comm= | awk -v re="$LAB_COMMS" \
		'$4 ~ re && !($2 ~ /^Z/ && $2 !~ /l/ && $3 == 1) { print $4 "(" $1 " " $2 ")" }'
}

# init_reaped SECS: waits up to SECS for init to reap the lab's dead
# orphans (here it does within 1.5 s); prints those still there.
init_reaped() {
	local i left
	for i in $(seq $(($1 * 10))); do
		left=$(ps -eo pid=,stat=,comm= | awk -v re="$LAB_COMMS" \
			'$3 ~ re && $2 ~ /^Z/ { print $3 "(" $1 ")" }')
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	echo $left
}

# Pids of live processes named NAME (zombies, already dead and only
# waiting for init to reap them, do not count).
live_procs() {
	ps -eo pid=,stat=,comm= | awk -v n="$1" '$3 == n && $2 !~ /^Z/ { print $1 }'
}

# The test's own sleeps (an unusual duration marks them), alive.
lab_sleeps() {
	ps -eo pid=,stat=,args= | awk '$2 !~ /^Z/ && $3 == "sleep" && $4 == "3017" { print $1 }'
}

# state_pid [RUN_DIR]: the daemon's pid in the instance's state file
state_pid() {
	sed -n 's/^pid=//p' "${1:-/run/azlab}/state" 2>/dev/null
}

# copy_reference_lab DIR: the reference lab with its FRR, IPsec and
# expectations files, laid out under DIR as in the repository, for a test
# to change; the lab file is DIR/lab/azure-interop.yaml.
copy_reference_lab() {
	mkdir -p "$1/lab"
	cp -r frr-configs ipsec-configs "$1/"
	cp lab/azure-interop.yaml lab/azure-interop.expect.yaml "$1/lab/"
}

# in NODE CMD...: runs CMD inside NODE through azlab exec.
in_node() {
	local node=$1
	shift
	"$AZLAB" exec "$node" -- "$@"
}

# msee1 of loc1-ce administratively up: UP among its flags, as the
# kernel lists them (no pipe: a reader that stops early would fail it
# under pipefail)
msee1_up() {
	local flags
	flags=$(ip -o -n azlab-loc1-ce link show msee1) || return 1
	flags=${flags#*<}
	flags=${flags%%>*}
	[[ ",$flags," == *,UP,* ]]
}

# assert_msee1_up [AFTER]: fails unless msee1_up (after "the drill",
# or what AFTER says).
assert_msee1_up() {
	msee1_up || fail "loc1-ce:msee1 is not up after ${1:-the drill}: $(ip -n azlab-loc1-ce link show msee1)"
}

ping_ok() {		# node address
	in_node "$1" ping -n -c1 -W1 "$2" >/dev/null 2>&1 ||
		fail "$1 cannot ping $2"
}

ping_fails() {		# node address
	if in_node "$1" ping -n -c1 -W1 "$2" >/dev/null 2>&1; then
		fail "$1 can ping $2, which must be unreachable"
	fi
}

final_cleanup() {
	"$AZLAB" down --quiet >/dev/null 2>&1 || true
	b_down
	rm -rf "$TMP"
}
