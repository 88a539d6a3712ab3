#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Install what azlab needs to build, test and run, on Debian 12 / Ubuntu.
# Idempotent: prints nothing and touches nothing when all is present.
set -euo pipefail

PACKAGES=(
	build-essential pkg-config
	libmnl-dev libyaml-dev libjson-c-dev check
	iproute2 iputils-ping traceroute iptables nftables procps psmisc python3
	tcpdump
	frr
	strongswan-charon strongswan-libcharon
	libcharon-extra-plugins libstrongswan-extra-plugins
	strongswan-swanctl
	graphviz
	# make fuzz: clang, and libFuzzer with the sanitizers' runtimes
	clang libclang-rt-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: ${missing[*]}; run as root to install them" >&2
	exit 1
fi

echo "deps.sh: installing ${missing[*]}" >&2
# The lab starts FRR and charon itself, per namespace: keep the packages'
# own services from starting on the host while they are installed.
policy=/usr/sbin/policy-rc.d
had_policy=0
[ -e "$policy" ] && had_policy=1
if [ $had_policy -eq 0 ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
