#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The layering of src/ (docs/architecture.md), checked by `make`: a file
# of src/<layer>/ may include the headers of its own layer and of the
# layers listed for it below, never of a layer above. Data flows one way:
# lab file -> model -> plan -> backends (kernel, FRR, IPsec) -> probes ->
# verdict; the daemon and the CLI sit on top.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A MAY=(
	[core]=""
	[run]="core"
	[model]="core"
	[kernel]="core model"
	[proc]="core kernel"
	[probe]="core model kernel proc"
	[plan]="core model kernel proc probe"
	[frr]="core run model kernel proc"
	[ipsec]="core run model kernel proc"
	[sdn]="core model kernel"
	[verdict]="core model kernel proc probe frr"
	[render]="core model kernel probe frr ipsec"
	[daemon]="core run model kernel proc probe plan frr ipsec sdn"
	[cli]="core run model kernel proc probe plan frr ipsec sdn verdict render daemon"
)

rc=0
for dir in src/*/; do
	layer=$(basename "$dir")
	if [ -z "${MAY[$layer]+set}" ]; then
		echo "src/$layer: a layer scripts/check-layers.sh does not know" >&2
		rc=1
		continue
	fi
	while IFS=: read -r file line text; do
		inc=$(sed -n 's/^#include "\([^"]*\)".*/\1/p' <<<"$text")
		case $inc in
		*/*) to=${inc%%/*} ;;
		*)
			if [ ! -e "$dir$inc" ]; then
				echo "$file:$line: $inc is not in src/$layer/: name its layer" >&2
				rc=1
			fi
			continue ;;
		esac
		if [ "$to" != "$layer" ] && [[ " ${MAY[$layer]} " != *" $to "* ]]; then
			echo "$file:$line: $layer may not include $inc ($to is not below $layer)" >&2
			rc=1
		fi
	done < <(grep -Hn '^#include "' "$dir"*.[ch] || true)
done
for f in src/*.[ch]; do
	[ -e "$f" ] || continue
	echo "$f: every source file belongs in a layer's folder" >&2
	rc=1
done
exit $rc
