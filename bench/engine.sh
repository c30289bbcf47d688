#!/usr/bin/env bash
# Times `huntbook run` of the seed notebook with its cells in the
# supervised engine process (the default) and in the runner's own process
# (the hidden --in-process flag, as before supervision), alternating, in
# the same run, and prints the medians and the overhead.
#
#   bench/engine.sh [MAPPING] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mapping=$(realpath "${1:-../shared/data/ossem-dm/techniques_to_events_mapping.yaml}")
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/huntbook
go build -o "$bin" ./cmd/huntbook
source bench/lib.sh
nb=notebooks/attack_techniques_to_events.ipynb
sup=() inp=()
for _ in $(seq "$runs"); do
	read -r t _ < <(median_run 1 "$bin" run "$nb" -p source="$mapping" -o "$work/s.html" --overwrite --quiet)
	sup+=("$t")
	read -r t _ < <(median_run 1 "$bin" run "$nb" -p source="$mapping" -o "$work/i.html" --overwrite --quiet --in-process)
	inp+=("$t")
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
s=$(med "${sup[@]}") i=$(med "${inp[@]}")
printf 'mapping              %s (%d runs each, alternating)\n' "$mapping" "$runs"
printf 'supervised engine    %6.3f s\n' "$s"
printf 'in-process engine    %6.3f s\n' "$i"
printf 'overhead             %+5.1f%% (target: at most +10%%)\n' "$(echo "($s/$i - 1)*100" | bc -l)"
