#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# From a fresh clone: install what is missing, build, install under
# /usr/local, and bring the reference lab up. README command 1.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
	echo "lab-up.sh: needs root (namespaces, netlink, /run/azlab): run it with sudo" >&2
	exit 1
fi
bash scripts/deps.sh
make -s -j"$(nproc)"
make -s install PREFIX="${PREFIX:-/usr/local}"
exec "${PREFIX:-/usr/local}/sbin/azlab" up "$@"
