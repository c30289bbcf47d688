#!/usr/bin/env bash
# Times the whole `huntbook rules --sigma DIR` process (read every rule,
# resolve log sources, tags, render the tables) next to PyYAML's C loader
# merely parsing the same files (bench/sigma_pyyaml.py), in the same run,
# and prints the medians and the ratio.
#
#   bench/sigma.sh [RULES_DIR] [RUNS]
#
# RULES_DIR defaults to ../shared/data/sigma/rules (SigmaHQ rules/windows,
# 2,407 rules). Needs /usr/bin/python3 with Debian's python3-yaml (built
# with libyaml) for the baseline; without it only huntbook is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
rules=${1:-../shared/data/sigma/rules}
runs=${2:-9}
bin=$(mktemp -d)/huntbook
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$(dirname "$bin")/" ./cmd/...

source bench/lib.sh

# median_cpu RUNS CMD...: the median user+system CPU seconds of CMD, which
# a loaded machine disturbs less than wall time.
median_cpu() {
	local runs=$1 out
	shift
	out=$(mktemp)
	for _ in $(seq "$runs"); do
		/usr/bin/time -a -o "$out" -f "%U %S" "$@" >/dev/null 2>&1 || true
	done
	awk '{print $1+$2}' "$out" | sort -n | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)]}'
	rm -f "$out"
}

files=$(find "$rules" -type f \( -name '*.yml' -o -name '*.yaml' \) | wc -l)
size=$(find "$rules" -type f \( -name '*.yml' -o -name '*.yaml' \) -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
read -r hb_t hb_m < <(median_run "$runs" "$bin" rules --sigma "$rules" -q)
printf 'rules           %s (%d files, %.1f MB)\n' "$rules" "$files" "$(echo "$size/1048576" | bc -l)"
hb_c=$(median_cpu "$runs" "$bin" rules --sigma "$rules" -q)
printf 'huntbook rules  %6.3f s  %5d MB peak  %6.3f s CPU\n' "$hb_t" "$hb_m" "$hb_c"
if /usr/bin/python3 -c 'import yaml; assert yaml.__with_libyaml__' 2>/dev/null; then
	read -r py_t py_m < <(median_run "$runs" /usr/bin/python3 bench/sigma_pyyaml.py "$rules")
	py_c=$(median_cpu "$runs" /usr/bin/python3 bench/sigma_pyyaml.py "$rules")
	printf 'PyYAML (C)      %6.3f s  %5d MB peak  %6.3f s CPU\n' "$py_t" "$py_m" "$py_c"
	printf 'ratio           huntbook takes 1/%.1f of PyYAML'"'"'s time, 1/%.1f of its CPU time (target: under 1/5)\n' \
		"$(echo "$py_t/$hb_t" | bc -l)" "$(echo "$py_c/$hb_c" | bc -l)"
fi
