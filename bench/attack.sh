#!/usr/bin/env bash
# Times the whole `huntbook technique T1003.001 --mapping BUNDLE` process on
# MITRE's ATT&CK v18.1 bundle next to plain Python doing the same (json.load
# and the same walk: bench/attack_python.py), in the same run, and prints
# the medians of wall and CPU time (bench/alternate.py), the peak memory
# against the file size, and the ratios.
#
#   bench/attack.sh [BUNDLE] [RUNS]
#
# BUNDLE defaults to ../shared/data/attack/enterprise-attack-18.1.json
# (37 MB). Targets: at least 10 times faster than Python, peak memory
# under 4 times the file size.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=${1:-../shared/data/attack/enterprise-attack-18.1.json}
runs=${2:-7}
bin=$(mktemp -d)/huntbook
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$(dirname "$bin")/" ./cmd/...

size=$(stat -c %s "$bundle")
mb=$(echo "$size/1048576" | bc -l)
cat "$bundle" >/dev/null # both read the file from the page cache
{ read -r hb_t hb_c hb_cmin hb_m; read -r py_t py_c py_cmin py_m; } < <(
	python3 bench/alternate.py "$runs" \
		-- "$bin" technique T1003.001 --mapping "$bundle" \
		-- python3 bench/attack_python.py "$bundle" T1003.001)
r() { echo "$1/$2" | bc -l; }
printf 'file              %s (%.1f MB), %d runs each, alternating\n' "$bundle" "$mb" "$runs"
printf '                  wall (median)  cpu user+sys (median, least)  peak memory\n'
printf 'huntbook          %7.3f s      %7.3f s  %7.3f s            %5d MB (%.1f x the file; target: under 4)\n' \
	"$hb_t" "$hb_c" "$hb_cmin" "$hb_m" "$(r "$hb_m" "$mb")"
printf 'python json.load  %7.3f s      %7.3f s  %7.3f s            %5d MB\n' "$py_t" "$py_c" "$py_cmin" "$py_m"
printf 'ratio             huntbook takes 1/%.1f of Python'"'"'s wall time (target: 1/10), 1/%.1f of its CPU time (least: 1/%.1f), %.2f of its memory\n' \
	"$(r "$py_t" "$hb_t")" "$(r "$py_c" "$hb_c")" "$(r "$py_cmin" "$hb_cmin")" "$(r "$hb_m" "$py_m")"
printf 'machine           %s cores, load average %s (wall time counts waiting for a core; CPU time does not)\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'in-process        go test -run X -bench Technique181 -count 5 ./pkg/cli; go test -run X -bench Parse181 -count 5 ./pkg/stix\n'
