# Shared by the bench scripts: source it, then call median_run.
#
# median_run RUNS CMD...: runs CMD RUNS times with /usr/bin/time and prints
# "median_seconds peak_rss_mb" (peak over all runs).
median_run() {
	local runs=$1 times=() rss=0 line out r
	shift
	out=$(mktemp)
	for _ in $(seq "$runs"); do
		/usr/bin/time -o "$out" -f "%e %M" "$@" >/dev/null 2>&1 || true
		line=$(tail -n 1 "$out")
		times+=("${line% *}")
		r=${line#* }
		(( r > rss )) && rss=$r
	done
	rm -f "$out"
	printf '%s\n' "${times[@]}" | sort -n | awk -v rss="$rss" '{a[NR]=$1} END {printf "%.3f %.0f\n", a[int((NR+1)/2)], rss/1024}'
}

# have_pandas reports whether Debian's pandas and PyYAML are there.
have_pandas() { /usr/bin/python3 -c 'import pandas, yaml' 2>/dev/null; }
