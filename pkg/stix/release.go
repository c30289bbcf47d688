package stix

import (
	"strconv"
	"strings"
)

// How says where a bundle's release comes from.
type How string

const (
	// Stated: the bundle says which release it is (the x_mitre_version of
	// its x-mitre-collection, as attack-stix-data's bundles have).
	Stated How = "stated"
	// Inferred: the bundle does not say (mitre/cti's STIX 2.0 bundles);
	// huntbook infers the release from its newest object.
	Inferred How = "inferred"
	// Given: the user said which release it is (--attack-version).
	Given How = "given"
)

// Release is the ATT&CK release a bundle is.
type Release struct {
	// Version is the release, "18.1"; "" when it cannot be inferred (a
	// bundle newer than every release huntbook knows: see After).
	Version string
	How     How
	// Basis says what an inferred release rests on: "newest object
	// modified 2025-11-12".
	Basis string
	// After is the newest release huntbook knows, when the bundle is newer
	// than it and Version is "".
	After string
}

// String names the release for people: "v18.1", "v17.1 (inferred from
// the newest object, modified 2025-05-02)", "v18.1 (given)".
func (r Release) String() string {
	v := "v" + r.Version
	if r.Version == "" {
		v = "newer than v" + r.After
		if r.After == "" {
			v = "of an unknown release"
		}
	}
	switch r.How {
	case Inferred:
		return v + " (inferred from " + r.Basis + ")"
	case Given:
		return v + " (given)"
	}
	return v
}

// Major returns the release's major version, "18", or "" if unknown.
func (r Release) Major() string {
	major, _, _ := strings.Cut(r.Version, ".")
	return major
}

// Releases lists ATT&CK's releases from v8 and the day each was
// published (the modified date of its x-mitre-collection), oldest first.
var Releases = []struct{ Version, Date string }{
	{"8.0", "2020-10-27"}, {"8.1", "2020-11-12"}, {"8.2", "2021-01-27"},
	{"9.0", "2021-04-29"},
	{"10.0", "2021-10-21"}, {"10.1", "2021-11-10"},
	{"11.0", "2022-04-25"}, {"11.1", "2022-05-11"}, {"11.2", "2022-05-24"}, {"11.3", "2022-07-07"},
	{"12.0", "2022-10-25"}, {"12.1", "2022-11-08"},
	{"13.0", "2023-04-25"}, {"13.1", "2023-05-09"},
	{"14.0", "2023-10-31"}, {"14.1", "2023-11-14"},
	{"15.0", "2024-04-23"}, {"15.1", "2024-05-02"},
	{"16.0", "2024-10-31"}, {"16.1", "2024-11-12"},
	{"17.0", "2025-04-22"}, {"17.1", "2025-05-06"},
	{"18.0", "2025-10-28"}, {"18.1", "2025-11-13"},
}

// release decides the bundle's release: given, stated or inferred.
func (r *reader) release(given string) Release {
	if given = strings.TrimPrefix(strings.TrimSpace(given), "v"); given != "" {
		return Release{Version: given, How: Given}
	}
	if v := strings.TrimPrefix(strings.TrimSpace(r.collection), "v"); v != "" {
		return Release{Version: v, How: Stated}
	}
	return inferRelease(r.modified, len(r.b.Strategies) > 0)
}

// inferRelease returns the first release published on or after the day
// of the newest object: a release holds nothing modified after it came
// out. Detection strategies exist from v18.0 on.
func inferRelease(modified string, strategies bool) Release {
	day := modified
	if len(day) > 10 {
		day = day[:10]
	}
	rel := Release{How: Inferred, Basis: "the newest object, modified " + day}
	if day == "" {
		rel.Basis = "its objects, none of which states when it was modified"
		return rel
	}
	for _, x := range Releases {
		if x.Date >= day {
			if strategies && versionLess(x.Version, "18.0") {
				continue
			}
			rel.Version = x.Version
			return rel
		}
	}
	rel.After = Releases[len(Releases)-1].Version
	return rel
}

// versionLess compares dotted version numbers numerically: 3.2.0 < 3.10.0.
func versionLess(a, b string) bool {
	if a == b {
		return false
	}
	for x, y := a, b; x != "" || y != ""; {
		var p, q string
		p, x, _ = strings.Cut(x, ".")
		q, y, _ = strings.Cut(y, ".")
		m, _ := strconv.Atoi(p)
		n, _ := strconv.Atoi(q)
		if m != n {
			return m < n
		}
	}
	return a < b
}
