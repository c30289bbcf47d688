#!/usr/bin/env bash
# Times `huntbook hunt` with all shared SigmaHQ rules over the shared EVTX
# files next to the same process with one rule (reading and parsing the
# EVTX files, the baseline), in the same run, and prints the medians and
# the ratios. Target: hunting with all rules costs at most twice the parse.
#
#   bench/hunt.sh [RULES_DIR] [EVTX_DIR] [RUNS]
#
# Three processes, each run RUNS times (median wall clock; CPU = user+sys):
#   parse  huntbook hunt with one rule over EVTX_DIR: reads every event
#   rules  huntbook hunt with every rule over one small file: reads and
#          compiles the rules (pkg/sigma reading the YAML is most of it)
#   hunt   huntbook hunt with every rule over EVTX_DIR
# "events" is hunt - rules: reading every event and testing it against the
# rules; "matching" is that less parse.
set -euo pipefail
cd "$(dirname "$0")/.."
rules=${1:-../shared/data/sigma/rules}
evtx=${2:-../shared/data/evtx}
runs=${3:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/huntbook
go build -o "$(dirname "$bin")/" ./cmd/...
mkdir "$tmp/one"
cat > "$tmp/one/one.yml" <<'RULE'
title: bench baseline (matches nothing)
logsource: {product: windows}
detection:
  selection: {EventID: 65535}
  condition: selection
RULE
small=$(find "$evtx" -name '*.evtx' -size -80k | sort | sed -n 1p)

# The three commands run interleaved (parse, rules, hunt, parse, ...) so
# that load from other processes falls on each alike; medians of wall
# clock and of CPU (user+sys) seconds.
declare -A wall cpu
timeit() { # NAME CMD...
	local name=$1 e u s
	shift
	/usr/bin/time -o "$tmp/time" -f "%e %U %S" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	read -r e u s < "$tmp/time"
	wall[$name]+="$e "
	cpu[$name]+="$(echo "$u + $s" | bc -l) "
}
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

nfiles=$(find "$evtx" -name '*.evtx' | wc -l)
nrules=$(find "$rules" -name '*.yml' | wc -l)
for _ in $(seq "$runs"); do
	timeit parse "$bin" hunt --quiet --sigma "$tmp/one" --evtx "$evtx" --format json
	timeit rules "$bin" hunt --quiet --sigma "$rules" --evtx "$small" --format json
	timeit hunt "$bin" hunt --quiet --sigma "$rules" --evtx "$evtx" --format json
done
pw=$(median "${wall[parse]}"); pc=$(median "${cpu[parse]}")
rw=$(median "${wall[rules]}"); rc=$(median "${cpu[rules]}")
hw=$(median "${wall[hunt]}"); hc=$(median "${cpu[hunt]}")
printf 'data      %d EVTX files in %s, %d rule files in %s, %d runs each\n' "$nfiles" "$evtx" "$nrules" "$rules" "$runs"
printf '%-8s  %7s  %7s\n' "" "wall s" "cpu s"
printf '%-8s  %7.3f  %7.3f   one rule over every file: reading the events\n' parse "$pw" "$pc"
printf '%-8s  %7.3f  %7.3f   every rule over one file: reading and compiling the rules\n' rules "$rw" "$rc"
printf '%-8s  %7.3f  %7.3f   every rule over every file\n' hunt "$hw" "$hc"
mw=$(echo "$hw - $rw" | bc -l); mc=$(echo "$hc - $rc" | bc -l)
printf '%-8s  %7.3f  %7.3f   hunt - rules: reading the events and matching them\n' events "$mw" "$mc"
ow=$(echo "$mw - $pw" | bc -l); oc=$(echo "$mc - $pc" | bc -l)
printf '%-8s  %7.3f  %7.3f   hunt - rules - parse: matching alone\n' matching "$ow" "$oc"
printf 'ratio     (reading + matching) / parse: %.2f wall, %.2f cpu (target: at most 2; on a shared machine trust cpu)\n' \
	"$(echo "$mw / $pw" | bc -l)" "$(echo "$mc / $pc" | bc -l)"
printf 'ratio     matching alone / parse: %.2f wall, %.2f cpu\n' \
	"$(echo "$ow / $pw" | bc -l)" "$(echo "$oc / $pc" | bc -l)"
printf 'ratio     whole hunt / parse: %.2f wall, %.2f cpu (reading the YAML rules included)\n' \
	"$(echo "$hw / $pw" | bc -l)" "$(echo "$hc / $pc" | bc -l)"
