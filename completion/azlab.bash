# bash completion for azlab(8).
#
# Verbs and their options come from the binary itself (`azlab --help`,
# `azlab VERB --help`), so a new verb or option completes without touching
# this file; the table below is only the fallback when the binary cannot be
# run. The instance's options (--run-dir, --ns-prefix, --log-dir) come
# before the verb, and every call of the binary gets them too, so that
# their instance's lab is the one read. From a verb's usage line: DRILL
# completes the running lab's drills (`azlab drill --list`), NODE, SRC and
# DST the nodes of the running lab (the /run/netns/PREFIX* namespaces of
# the instance's prefix, readable without root), IFACE the
# interfaces of the NODE before it (as root only: they are read inside
# its namespace), FILE lab files (*.yaml, *.yml) and directories, `a|b`
# its words, DIR directories, an option's OUT or FILE argument (graph's, trace's and
# matrix's `--svg OUT`) any file. After `exec NODE --` come a command and
# its own
# completion (bash-completion's, when loaded).
#
# `make install` puts this file in $(PREFIX)/share/bash-completion/
# completions/azlab, where bash-completion finds it on first use.

declare -gA _azlab_help_cache

# the options before the verb that choose the instance, each with a value
# (main.c's global_option); the environment's AZLAB_* do the same
_azlab_instance_opts='--run-dir --ns-prefix --log-dir'

# _azlab_run CMD ARGS...: CMD with the instance's options of the line
# being completed (_azlab's inst), so that their instance is the one read
_azlab_run() {
	"$1" "${inst[@]}" "${@:2}"
}

# usage lines of the fallback, as `azlab VERB --help` prints them
_azlab_fallback_usage() {
	case $1 in
	up) echo 'usage: azlab up [FILE] [--quiet]'
	    echo '  -q, --quiet   print nothing on success' ;;
	down) echo 'usage: azlab down [--quiet]'
	      echo '  -q, --quiet   print nothing on success' ;;
	status) echo 'usage: azlab status [--json]' ;;
	routes|bgp|ipsec) echo "usage: azlab $1 NODE [--json]" ;;
	exec) echo 'usage: azlab exec NODE -- CMD [ARGS...]' ;;
	check) echo 'usage: azlab check [-v] [FILE]' ;;
	plan) echo 'usage: azlab plan [FILE] [--ip-batch]' ;;
	graph) echo 'usage: azlab graph [FILE] [--dot | --svg OUT | --png OUT]'
	       echo '  --svg OUT     render to OUT as SVG'
	       echo '  --png OUT     render to OUT as PNG' ;;
	daemon) echo 'usage: azlab daemon [FILE]' ;;
	link) echo 'usage: azlab link NODE IFACE down|up' ;;
	node) echo 'usage: azlab node NODE down|up [--json]' ;;
	restart) echo 'usage: azlab restart NODE [--json]' ;;
	capture) echo 'usage: azlab capture NODE IFACE [-w FILE|-] [-c N] [FILTER...]'
		 echo '  -w FILE       write pcap to FILE'
		 echo '  -c N          stop after N packets' ;;
	trace) echo 'usage: azlab trace SRC DST [-6] [--json] [--svg OUT | --png OUT]'
	       echo '  --svg OUT     also draw the path, as SVG'
	       echo '  --png OUT     the same as PNG' ;;
	ping) echo 'usage: azlab ping SRC DST [-c N] [-6] [--json]'
	      echo '  -c N          echo requests to send (default 3)' ;;
	verify) echo 'usage: azlab verify [--json] [--junit FILE] [--expect FILE] [CASE...]'
		echo '  --junit FILE  also write JUnit XML (one testcase per case)'
		echo '  --expect FILE check FILE'"'"'s cases instead of the lab'"'"'s own' ;;
	matrix) echo 'usage: azlab matrix [-6] [--json] [--svg OUT | --png OUT]'
		echo '  --svg OUT     also draw the grid, as SVG'
		echo '  --png OUT     the same as PNG' ;;
	drill) echo 'usage: azlab drill [--list | DRILL [--json]]' ;;
	save) echo 'usage: azlab save [DIR] [--json]' ;;
	esac
}

# _azlab_help CMD [VERB]: CMD's --help (or VERB's), cached for the shell's
# life (a new azlab's verbs show in a new shell). The instance's options
# are part of the key: with a bad one the binary prints no help, and the
# fallback shown then must not stay once they are right.
_azlab_help() {
	local key="$1${inst[*]:+ ${inst[*]}}${2:+ $2}" out
	if [[ -z ${_azlab_help_cache[$key]+set} ]]; then
		if [[ -n $2 ]]; then
			out=$(_azlab_run "$1" "$2" --help 2>/dev/null)
			[[ $out == usage:* ]] || out=$(_azlab_fallback_usage "$2")
		else
			out=$(_azlab_run "$1" --help 2>/dev/null)
			[[ $out == usage:* ]] || out='  azlab up
  azlab down
  azlab status
  azlab routes
  azlab bgp
  azlab ipsec
  azlab exec
  azlab node
  azlab restart
  azlab link
  azlab capture
  azlab trace
  azlab ping
  azlab verify
  azlab matrix
  azlab drill
  azlab save
  azlab check
  azlab plan
  azlab graph'
		fi
		_azlab_help_cache[$key]=$out
	fi
	printf '%s\n' "${_azlab_help_cache[$key]}"
}

_azlab_verbs() {
	# `azlab --help` leaves out daemon (the systemd unit's verb)
	{ _azlab_help "$1" | sed -n 's/^  azlab \([a-z][a-z0-9-]*\).*/\1/p'
	  echo daemon; } | awk '!seen[$0]++'
}

# options of a verb: those in its usage line and its option lines
_azlab_options() {
	_azlab_help "$1" "$2" | sed -n '1p;/^  *-/p' |
		grep -oE -- '(^|[ [|,])--?[a-zA-Z][-a-zA-Z0-9]*' | tr -d ' [|,' |
		sort -u
	echo --help
}

# options of a verb that take an argument, as "OPTION META" lines
# (`  --svg OUT   ...`, `  -c N   ...`)
_azlab_argopts() {
	_azlab_help "$1" "$2" |
		sed -nE 's/^ +(-[a-zA-Z0-9], )?(--?[a-zA-Z][-a-zA-Z0-9]*) ([A-Z][A-Z_]*) .*/\2 \3/p'
}

# the positional arguments of a verb's usage line, in order, one a line
# (NODE, FILE, a|b, ...): options and their arguments left out
_azlab_positionals() {
	local argopts=$2 w skip=0
	local -a ws
	IFS=$' \t' read -ra ws <<<"$1"
	for w in "${ws[@]:3}"; do	# after `usage: azlab VERB`
		w=${w//[\[\]]/}
		if ((skip)); then skip=0; continue; fi
		case $w in
		''|'|'|*...) ;;
		-*) grep -q -- "^$w " <<<"$argopts" && skip=1 ;;
		*) echo "$w" ;;
		esac
	done
}

# _azlab_nodes PREFIX: the nodes of the instance whose prefix is PREFIX
_azlab_nodes() {
	local ns
	for ns in "/run/netns/$1"*; do
		[[ -e $ns ]] && echo "${ns#/run/netns/"$1"}"
	done
}

# the running lab's drills, as `azlab drill --list` names them (it reads
# the lab file the state file names; no root needed where that is
# readable)
_azlab_drills() {
	_azlab_run "$1" drill --list 2>/dev/null | cut -f1
}

# _azlab_ifaces PREFIX NODE: NODE's interfaces; entering its namespace
# needs root, so none otherwise
_azlab_ifaces() {
	local ns=$1$2
	[[ -n $2 && $2 != */* && -e /run/netns/$ns ]] || return 0
	ip -n "$ns" -o link show 2>/dev/null |
		sed -nE 's/^[0-9]+: ([^:@]+).*/\1/p' | grep -vx lo
}

_azlab_files() {
	compopt -o filenames 2>/dev/null
	COMPREPLY+=($(compgen -f -X '!*.y*ml' -- "$1") $(compgen -d -- "$1"))
}

_azlab() {
	local cmd=$1 cur=${COMP_WORDS[COMP_CWORD]} cword=$COMP_CWORD
	local verb usage argopts kind node prev i v w opt prefix npos=0 IFS=$'\n'
	local -a pos args inst
	COMPREPLY=()

	# The instance's options before the verb, as main.c reads them: each
	# takes the word after it, or is `--opt=VALUE` (one word, or three
	# where bash makes the '=' a word of its own). v ends at the verb;
	# opt is set when the cursor is on an option's value.
	for ((v = 1; v < cword; v++)); do
		w=${COMP_WORDS[v]}
		[[ " $_azlab_instance_opts " == *" ${w%%=*} "* ]] || break
		if [[ $w == *=* ]]; then
			inst+=("$w")
		else
			[[ ${COMP_WORDS[v + 1]} == = ]] && ((v++))
			((++v < cword)) || { opt=$w; break; }
			inst+=("$w=${COMP_WORDS[v]}")
		fi
		[[ ${inst[-1]} == --ns-prefix=* ]] && prefix=${inst[-1]#*=}
	done
	# the namespaces' prefix: the binary's, from the option, the
	# environment, or its default
	prefix=${prefix:-${AZLAB_NS_PREFIX:-azlab-}}

	if [[ -n $opt ]]; then
		# a directory for --run-dir and --log-dir; no guess at a prefix
		[[ $cur == = ]] && cur=
		if [[ $opt != --ns-prefix ]]; then
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -d -- "$cur"))
		fi
		return 0
	fi
	if ((cword == v)); then
		if [[ $cur == -* ]]; then
			# split at spaces (IFS is a newline here)
			COMPREPLY=($(IFS=' '
				compgen -W "$_azlab_instance_opts --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_azlab_verbs "$cmd")" -- "$cur"))
		fi
		return 0
	fi
	verb=${COMP_WORDS[v]}
	usage=$(_azlab_help "$cmd" "$verb" | head -n1)
	[[ -n $usage ]] || return 0

	if [[ $verb == exec ]]; then
		if ((cword == v + 1)); then
			COMPREPLY=($(compgen -W "$(_azlab_nodes "$prefix")" -- "$cur"))
		elif ((cword == v + 2)) && [[ -z $cur || $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--' -- "$cur"))
		else
			# CMD is the word after NODE, or the one after `--`
			i=$((v + 2))
			[[ ${COMP_WORDS[i]} == -- ]] && ((i++))
			if ((cword == i)); then
				COMPREPLY=($(compgen -c -- "$cur" | sort -u))
			elif declare -F _command_offset >/dev/null; then
				_command_offset "$i"
			else
				compopt -o default 2>/dev/null
			fi
		fi
		return 0
	fi

	argopts=$(_azlab_argopts "$cmd" "$verb")
	prev=${COMP_WORDS[cword - 1]}
	# `--svg=OUT`: bash makes the '=' a word of its own
	[[ $prev == = ]] && ((cword > v + 2)) && prev=${COMP_WORDS[cword - 2]}
	if ((cword > v + 1)) && [[ $prev == -* ]] &&
		grep -q -- "^$prev " <<<"$argopts"; then
		# an option's argument: a file for OUT or FILE, else nothing
		case $(grep -- "^$prev " <<<"$argopts" | head -n1) in
		*' OUT'|*' FILE') compopt -o default 2>/dev/null ;;
		esac
		return 0
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_azlab_options "$cmd" "$verb")" -- "$cur"))
		return 0
	fi
	# the positional arguments given so far
	for ((i = v + 1; i < cword; i++)); do
		if [[ ${COMP_WORDS[i]} == -* ]]; then
			# and its argument, after a '=' word or not
			grep -q -- "^${COMP_WORDS[i]} " <<<"$argopts" && ((i++)) &&
				[[ ${COMP_WORDS[i]} == = ]] && ((i++))
		else
			args+=("${COMP_WORDS[i]}")
		fi
	done
	npos=${#args[@]}
	pos=($(_azlab_positionals "$usage" "$argopts"))
	kind=${pos[npos]}
	case $kind in
	NODE|SRC|DST)
		COMPREPLY=($(compgen -W "$(_azlab_nodes "$prefix")" -- "$cur")) ;;
	IFACE)
		# the interfaces of the NODE given before
		for ((i = 0; i < npos; i++)); do
			[[ ${pos[i]} == NODE ]] && node=${args[i]}
		done
		COMPREPLY=($(compgen -W "$(_azlab_ifaces "$prefix" "$node")" -- "$cur")) ;;
	DRILL)
		COMPREPLY=($(compgen -W "$(_azlab_drills "$cmd")" -- "$cur")) ;;
	FILE)
		_azlab_files "$cur" ;;
	DIR)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur")) ;;
	*'|'*)
		COMPREPLY=($(compgen -W "${kind//|/$'\n'}" -- "$cur")) ;;
	esac
	return 0
}

complete -F _azlab azlab
