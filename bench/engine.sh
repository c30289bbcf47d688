#!/usr/bin/env bash
# Times `huntbook run` of the seed notebook with its cells in the
# supervised engine process (the default) and in the runner's own process
# (the hidden --in-process flag: how huntbook ran before supervision),
# alternating, in the same run. Prints the median wall-clock and CPU
# (user+sys, the child's included) seconds of each and the overhead.
#
#   bench/engine.sh [MAPPING] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mapping=$(realpath "${1:-../shared/data/ossem-dm/techniques_to_events_mapping.yaml}")
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/huntbook
go build -o "$(dirname "$bin")/" ./cmd/...
nb=notebooks/attack_techniques_to_events.ipynb
one() { # prints "wall cpu"
	/usr/bin/time -o "$work/t" -f "%e %U %S" "$bin" run "$nb" -p source="$mapping" -o "$work/r.html" --overwrite --quiet "$@" >/dev/null 2>&1
	awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/t"
}
: >"$work/sup"
: >"$work/inp"
for _ in $(seq "$runs"); do
	one >>"$work/sup"
	one --in-process >>"$work/inp"
done
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
sw=$(cut -d' ' -f1 "$work/sup" | med) sc=$(cut -d' ' -f2 "$work/sup" | med)
iw=$(cut -d' ' -f1 "$work/inp" | med) ic=$(cut -d' ' -f2 "$work/inp" | med)
printf 'mapping              %s (%d runs each, alternating; load %s)\n' "$mapping" "$runs" "$(cut -d' ' -f1 /proc/loadavg)"
printf '                     wall s   cpu s\n'
printf 'supervised engine    %6.3f  %6.2f\n' "$sw" "$sc"
printf 'in-process engine    %6.3f  %6.2f\n' "$iw" "$ic"
printf 'overhead             %+5.1f%%  %+5.1f%% (target: at most +10%%)\n' \
	"$(echo "($sw/$iw - 1)*100" | bc -l)" "$(echo "($sc/$ic - 1)*100" | bc -l)"
