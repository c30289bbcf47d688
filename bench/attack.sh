#!/usr/bin/env bash
# Times the whole `huntbook technique T1003.001 --mapping BUNDLE` process on
# MITRE's ATT&CK v18.1 bundle next to plain Python doing the same (json.load
# and the same walk: bench/attack_python.py), in the same run, and prints
# the medians, the peak memory against the file size, and the ratio.
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
go build -o "$bin" ./cmd/huntbook

# run_both RUNS: runs huntbook and Python alternately RUNS times each and
# prints, for each, the median wall time, the median CPU time (user +
# system: steadier than wall time on a busy machine) and the peak RSS in MB.
run_both() {
	local out i line
	out=$(mktemp)
	: >"$out.hb"
	: >"$out.py"
	for i in $(seq "$1"); do
		/usr/bin/time -o "$out" -f "%e %U %S %M" "$bin" technique T1003.001 --mapping "$bundle" >/dev/null 2>&1
		tail -n 1 "$out" >>"$out.hb"
		/usr/bin/time -o "$out" -f "%e %U %S %M" python3 bench/attack_python.py "$bundle" T1003.001 >/dev/null 2>&1
		tail -n 1 "$out" >>"$out.py"
	done
	for f in "$out.hb" "$out.py"; do
		printf '%s %s %s\n' \
			"$(cut -d' ' -f1 "$f" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]}')" \
			"$(awk '{print $2+$3}' "$f" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]}')" \
			"$(cut -d' ' -f4 "$f" | sort -n | tail -n 1 | awk '{printf "%.0f", $1/1024}')"
	done
	rm -f "$out" "$out.hb" "$out.py"
}

size=$(stat -c %s "$bundle")
mb=$(echo "$size/1048576" | bc -l)
cat "$bundle" >/dev/null # both read the file from the page cache
{ read -r hb_t hb_c hb_m; read -r py_t py_c py_m; } < <(run_both "$runs")
printf 'file              %s (%.1f MB), %d runs each, alternating\n' "$bundle" "$mb" "$runs"
printf '                  wall      cpu (user+sys)  peak\n'
printf 'huntbook          %6.3f s  %6.3f s        %5d MB (%.1f x the file)\n' "$hb_t" "$hb_c" "$hb_m" "$(echo "$hb_m/$mb" | bc -l)"
printf 'python json.load  %6.3f s  %6.3f s        %5d MB\n' "$py_t" "$py_c" "$py_m"
printf 'ratio             1/%.1f of Python'"'"'s wall time (target: 1/10), 1/%.1f of its CPU time, %.2f of its memory\n' \
	"$(echo "$py_t/$hb_t" | bc -l)" "$(echo "$py_c/$hb_c" | bc -l)" "$(echo "$hb_m/$py_m" | bc -l)"
printf 'machine           %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
