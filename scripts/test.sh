#!/usr/bin/env bash
# Every test: dependencies, build (with -Werror), Check unit tests, then the
# integration tests with real namespaces. README command 2; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
	echo "test.sh: needs root (dependencies and integration tests): run it with sudo" >&2
	exit 1
fi
bash scripts/deps.sh
make -s -j"$(nproc)"
echo "== unit tests"
make -s unit
echo "== integration tests"
make -s integration
