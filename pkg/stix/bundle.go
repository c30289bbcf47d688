package stix

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"slices"
	"strings"
)

// Bundle is an ATT&CK STIX bundle: the objects huntbook reads from it,
// linked to each other. Slices are sorted by ATT&CK ID.
type Bundle struct {
	// Source is what was read: a path, a URL or "-". SHA256 and Size are
	// of the bytes read.
	Source string
	SHA256 string
	Size   int64
	// ID is the bundle's id; SpecVersion its STIX version, "2.0" or "2.1"
	// (STIX 2.1 bundles state it per object).
	ID          string
	SpecVersion string
	// AttackSpec is the newest x_mitre_attack_spec_version of its objects
	// ("3.3.0"), "" when none states one (releases before v10).
	AttackSpec string
	// Domain is the matrix the bundle holds: enterprise-attack,
	// ics-attack or mobile-attack ("" when it says neither).
	Domain string
	// Release is the ATT&CK release the bundle is.
	Release Release
	// Modified is the newest modified timestamp of its objects.
	Modified string

	Techniques  []*Technique
	Tactics     []*Tactic
	Components  []*DataComponent
	DataSources []*DataSource
	Strategies  []*Strategy
	Analytics   []*Analytic
	// Detects are the data component → technique detects relationships
	// of releases v10 to v17 (deprecated in v18).
	Detects []Detect
	// Objects counts the bundle's objects by type, known or not.
	Objects map[string]int

	byID     map[string]*Technique // ATT&CK ID, upper case → technique
	bySTIXID map[string]*Technique
}

// Technique is an attack-pattern: a technique or a sub-technique.
type Technique struct {
	STIXID string
	// ID is its ATT&CK ID: T1003, T1003.001, T0846.
	ID        string
	Name      string
	Sub       bool
	Tactics   []string // kill chain phase names, in the bundle's order
	Platforms []string
	Version   string // x_mitre_version
	Modified  string
	// Deprecated and Revoked are the object's own flags; RevokedBy is the
	// technique a revoked-by relationship names (nil when none does).
	Deprecated bool
	Revoked    bool
	RevokedBy  *Technique
	// DataSources is x_mitre_data_sources, the "Process: Process Access"
	// strings of releases before v18 (deprecated in v18).
	DataSources []string
	// Strategies are the detection strategies that detect it (v18 and
	// later), by ID.
	Strategies []*Strategy
	// Components are the data components that detect it through detects
	// relationships (v10 to v17), by data source and name.
	Components []*DataComponent
}

// Live reports whether the technique is current: neither revoked nor
// deprecated.
func (t *Technique) Live() bool { return !t.Revoked && !t.Deprecated }

// Replacement follows revoked-by from t to the technique that replaces it
// today (through any chain of revocations), or nil when t is not revoked
// or its replacement is unknown.
func (t *Technique) Replacement() *Technique {
	seen := map[*Technique]bool{}
	cur := t
	for cur.RevokedBy != nil && !seen[cur] {
		seen[cur] = true
		cur = cur.RevokedBy
	}
	if cur == t {
		return nil
	}
	return cur
}

// Tactic is an x-mitre-tactic.
type Tactic struct {
	STIXID    string
	ID        string // TA0006
	Name      string // Credential Access
	ShortName string // credential-access, as kill chain phases name it
}

// DataSource is an x-mitre-data-source (deprecated in v18).
type DataSource struct {
	STIXID     string
	ID         string // DS0009
	Name       string
	Platforms  []string
	Deprecated bool
	Revoked    bool
}

// DataComponent is an x-mitre-data-component.
type DataComponent struct {
	STIXID string
	ID     string // DC0001 (v18 and later; "" before)
	Name   string
	// DataSource is the data source it belongs to (x_mitre_data_source_ref,
	// deprecated in v18); nil when it names none.
	DataSource *DataSource
	// LogSources are the logs it is collected from (x_mitre_log_sources, v18).
	LogSources []LogSource
	Deprecated bool
	Revoked    bool
}

// Live reports whether the component is neither revoked nor deprecated.
func (c *DataComponent) Live() bool { return !c.Revoked && !c.Deprecated }

// Strategy is an x-mitre-detection-strategy (v18 and later).
type Strategy struct {
	STIXID     string
	ID         string // DET0363
	Name       string
	Version    string
	Deprecated bool
	Revoked    bool
	// Analytics in x_mitre_analytic_refs order.
	Analytics []*Analytic
	// Techniques it detects (detects relationships), by ID.
	Techniques []*Technique
}

// Live reports whether the strategy is neither revoked nor deprecated.
func (s *Strategy) Live() bool { return !s.Revoked && !s.Deprecated }

// Analytic is an x-mitre-analytic (v18 and later): one platform's way of
// detecting what a strategy detects, and the log sources it reads.
type Analytic struct {
	STIXID      string
	ID          string // AN1030
	Name        string
	Description string
	Platforms   []string
	Version     string
	Deprecated  bool
	Revoked     bool
	LogSources  []LogSourceRef
	Mutable     []MutableElement
}

// Live reports whether the analytic is neither revoked nor deprecated.
func (a *Analytic) Live() bool { return !a.Revoked && !a.Deprecated }

// LogSource is a log as ATT&CK v18 names it: Name ("WinEventLog:Sysmon",
// "auditd:SYSCALL") and Channel ("EventCode=10", "execve").
type LogSource struct {
	Name    string
	Channel string
}

// Events parses the log source into security events (see ParseEvents).
func (l LogSource) Events() []Event { return ParseEvents(l.Name, l.Channel) }

// LogSourceRef is one entry of an analytic's x_mitre_log_source_references:
// a data component and the log it is read from.
type LogSourceRef struct {
	Component *DataComponent
	LogSource
}

// MutableElement is a field of an analytic that a team tunes to its
// environment (x_mitre_mutable_elements).
type MutableElement struct {
	Field       string
	Description string
}

// Detect is one data component → technique detects relationship.
type Detect struct {
	Component *DataComponent
	Technique *Technique
}

// Technique returns the technique with the given ATT&CK ID (any case),
// live, deprecated or revoked, or nil.
func (b *Bundle) Technique(id string) *Technique {
	return b.byID[strings.ToUpper(strings.TrimSpace(id))]
}

// Live returns the live techniques, by ID.
func (b *Bundle) Live() []*Technique {
	var out []*Technique
	for _, t := range b.Techniques {
		if t.Live() {
			out = append(out, t)
		}
	}
	return out
}

// RevokedBy returns every revoked technique that a revoked-by relationship
// replaces, by ID.
func (b *Bundle) RevokedBy() []*Technique {
	var out []*Technique
	for _, t := range b.Techniques {
		if t.RevokedBy != nil {
			out = append(out, t)
		}
	}
	return out
}

// Label names the bundle for people: its domain and release, and whether
// the release is inferred or given: "ATT&CK Enterprise v18.1 (inferred)".
// Release.String says what an inference rests on.
func (b *Bundle) Label() string {
	v := "v" + b.Release.Version
	if b.Release.Version == "" {
		v = "newer than v" + b.Release.After
	}
	if b.Release.How != Stated {
		v += " (" + string(b.Release.How) + ")"
	}
	return "ATT&CK " + domainName(b.Domain) + v
}

func domainName(d string) string {
	switch d {
	case "enterprise-attack":
		return "Enterprise "
	case "ics-attack":
		return "for ICS "
	case "mobile-attack":
		return "Mobile "
	}
	return ""
}

// Options tune Parse and Read. The zero value is ready to use.
type Options struct {
	// Release, when set, is the ATT&CK release the bundle is
	// (--attack-version), whatever the bundle states.
	Release string
	// MaxDepth bounds how deeply values nest; zero means 64 (ATT&CK's
	// objects nest 4 deep).
	MaxDepth int
	// MaxString bounds the length of any one string, in bytes; zero means
	// 16 MiB (the longest in ATT&CK v18.1 is under 20 KB).
	MaxString int
	// MaxSize bounds the bytes Read reads; zero means 2 GiB.
	MaxSize int64
	// Workers is how many goroutines read a large bundle's objects; zero
	// means GOMAXPROCS, 1 reads them in one. The result is the same.
	Workers int

	minSplit int // tests lower it to split small bundles
}

// Parse reads a bundle from data; name is used in errors and as Source.
// The bundle keeps no reference to data.
func Parse(data []byte, name string) (*Bundle, error) { return Options{}.Parse(data, name) }

// Read reads a bundle from r (see Parse).
func Read(r io.Reader, name string) (*Bundle, error) { return Options{}.Read(r, name) }

// Read reads a bundle from r, up to o.MaxSize bytes.
func (o Options) Read(r io.Reader, name string) (*Bundle, error) {
	limit := o.MaxSize
	if limit <= 0 {
		limit = 2 << 30
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("stix: reading %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, &Error{Source: name, Err: ErrTooLarge, Detail: fmt.Sprintf("more than %d bytes", limit)}
	}
	return o.Parse(data, name)
}

// Parse reads a bundle from data with these options.
func (o Options) Parse(data []byte, name string) (*Bundle, error) {
	sum := make(chan [sha256.Size]byte, 1)
	go func() { sum <- sha256.Sum256(data) }() // on another core, while parsing
	b, err := o.parseNamed(data, name)
	digest := <-sum
	if err != nil {
		return nil, err
	}
	b.SHA256 = hex.EncodeToString(digest[:])
	return b, nil
}

func (o Options) parse(data []byte) (*Bundle, error) {
	s := &scanner{d: data, maxDepth: o.MaxDepth, maxStr: o.MaxString}
	if s.maxDepth <= 0 {
		s.maxDepth = 64
	}
	if s.maxStr <= 0 {
		s.maxStr = 16 << 20
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, &Error{pos: 1, Err: ErrSyntax, Detail: "the file is UTF-16; save it as UTF-8"}
	}
	s.i = len(bom(data))
	r := newReader(s, newIDIndex(data, maphash.MakeSeed(), len(data)/1024))
	r.workers, r.minSplit = o.Workers, o.minSplit
	if r.workers <= 0 {
		r.workers = runtime.GOMAXPROCS(0)
	}
	if r.minSplit <= 0 {
		r.minSplit = 4 << 20
	}
	if err := r.bundle(); err != nil {
		return nil, err
	}
	if err := r.link(); err != nil {
		return nil, err
	}
	r.b.Release = r.release(o.Release)
	return r.b, nil
}

// bom returns the UTF-8 byte order mark data starts with, if any.
func bom(data []byte) []byte {
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return data[:3]
	}
	return nil
}

// IsJSON reports whether data looks like JSON text with an object at the
// top: its first byte after a byte order mark and white space is '{'.
// huntbook tells a bundle from a YAML mapping by this, not by file name.
func IsJSON(data []byte) bool {
	d := bytes.TrimLeft(data[len(bom(data)):], " \t\r\n")
	return len(d) > 0 && d[0] == '{'
}

// sortTechniques orders techniques as ATT&CK lists them: T1003 before
// T1003.001 before T1005.
func sortTechniques(ts []*Technique) {
	slices.SortStableFunc(ts, order(func(a, b *Technique) bool { return TechniqueLess(a.ID, b.ID) }))
}

// TechniqueLess orders technique IDs as ATT&CK lists them: T1003 before
// T1003.001 before T1005.
func TechniqueLess(a, b string) bool {
	pa, sa, _ := strings.Cut(a, ".")
	pb, sb, _ := strings.Cut(b, ".")
	if pa != pb {
		if len(pa) != len(pb) {
			return len(pa) < len(pb)
		}
		return pa < pb
	}
	return sa < sb
}
