package ossem

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func readShared(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared mapping %s is missing in CI: %v", path, err)
		}
		t.Skipf("shared mapping %s not present", path)
	}
	return data
}

// sameMapping compares two parses; reflect.DeepEqual first because cmp is
// slow on tens of thousands of records, cmp for the diff when they differ.
func sameMapping(a, b *Mapping) string {
	x, y := *a, *b
	x.Source, x.SHA256, x.Size = "", "", 0
	y.Source, y.SHA256, y.Size = "", "", 0
	if reflect.DeepEqual(x, y) {
		return ""
	}
	return cmp.Diff(a, b, cmpMapping...)
}

var cmpMapping = []cmp.Option{cmp.AllowUnexported(Record{}), cmpopts.EquateEmpty(), cmpopts.EquateNaNs(),
	cmpopts.IgnoreFields(Mapping{}, "Source", "SHA256", "Size")}

// mustFast parses data on the fast path, failing if it falls back.
func mustFast(t *testing.T, data []byte, workers int) *Mapping {
	t.Helper()
	m, ok, err := parseFast(data, workers)
	if !ok {
		t.Fatal("fast path gave up on input in the published layout")
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFastMatchesReference proves the fast scanner equal to yaml.v3 record
// for record on the published files, the demo set and tricky layouts.
func TestFastMatchesReference(t *testing.T) {
	inputs := map[string][]byte{
		"demo":   demoYAML,
		"quoted": []byte(trickyYAML),
	}
	for _, p := range []string{realMapping2021, realMapping2022} {
		if _, err := os.Stat(p); err == nil || os.Getenv("CI") == "true" {
			inputs[filepath.Base(p)] = readShared(t, p)
		}
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			ref, err := parseReference(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, workers := range []int{1, 2, 7} {
				fast := mustFast(t, data, workers)
				if diff := sameMapping(ref, fast); diff != "" {
					t.Fatalf("workers=%d: fast path differs from yaml.v3 (-ref +fast):\n%s", workers, diff)
				}
			}
		})
	}
}

// trickyYAML has what PyYAML writes for awkward strings: escapes, wrapped
// plain and quoted scalars, quoted numbers, comments, and an unknown key.
const trickyYAML = `# a comment before the list
- technique_id: T1055.013
  x_mitre_is_subtechnique: true
  technique: "Process Doppelg\xE4nging and a \"quote\" and \\ a\tt\u00e9\U0001F600"
  tactic:
  - defense-evasion
  - privilege-escalation
  platform:
  - Windows
  data_source: process
  data_component: os api execution
  name: a plain scalar that PyYAML wrapped because it was longer than the width
    of its output, continued here
  source: 'it''s single quoted'
  relationship: "a double-quoted string wrapped over \
    two lines with an escaped break"
  target: "a double-quoted string folded
    at a space"
  event_id: '4688'
  event_name: 'single quoted and
    folded'
  event_platform: null
  audit_category: .nan
  audit_sub_category: ~
  log_channel:
  log_provider: C:\Windows\System32 http://example.test/a#b
  vendor_note: kept as an extra column

- technique_id: T1
  x_mitre_is_subtechnique: false
  technique: plain
  tactic: []
  event_id: 4688
`

func TestFastFallsBack(t *testing.T) {
	for name, in := range map[string]string{
		"anchor":         "- &a\n  technique_id: T1\n  log_channel: x\n- *a\n",
		"flow":           "[{technique_id: T1, log_channel: x}]\n",
		"documents":      "---\n- technique_id: T1\n  log_channel: x\n",
		"block scalar":   "- technique_id: T1\n  log_channel: |\n    x\n",
		"float":          "- technique_id: T1\n  log_channel: 1.5\n",
		"deeper list":    "- technique_id: T1\n  tactic:\n    - x\n  log_channel: y\n",
		"nested mapping": "- technique_id: T1\n  log_channel: y\n  extra:\n    a: 1\n",
		"timestamp":      "- technique_id: T1\n  log_channel: 2021-05-01\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, ok, _ := parseFast([]byte(in), 1); ok {
				t.Fatalf("fast path took %q; it should hand it to yaml.v3", in)
			}
			if _, err := Parse([]byte(in), "x", 1); err != nil && name != "documents" {
				t.Fatalf("reference parse: %v", err)
			}
		})
	}
}

// FuzzFastMatchesReference: whenever the fast path accepts input, yaml.v3
// must read the same records, and both must agree on rejecting it.
func FuzzFastMatchesReference(f *testing.F) {
	f.Add([]byte(trickyYAML))
	f.Add(demoYAML[:4000])
	f.Add([]byte("- technique_id: T1\n  log_channel: x\n  event_id: '8'\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		fast, ok, ferr := parseFast(data, 2)
		if !ok {
			return
		}
		ref, rerr := parseReference(data)
		if (ferr == nil) != (rerr == nil) {
			t.Fatalf("fast error %v, reference error %v", ferr, rerr)
		}
		if ferr != nil {
			return
		}
		if diff := sameMapping(ref, fast); diff != "" {
			t.Fatalf("fast path differs from yaml.v3 (-ref +fast):\n%s", diff)
		}
	})
}

func TestSchemas(t *testing.T) {
	m, err := Parse([]byte(trickyYAML), "tricky.yaml", 0)
	if err != nil {
		t.Fatal(err)
	}
	r := m.Records[0]
	if m.Schema != Schema2021 {
		t.Errorf("schema %s, want 2021", m.Schema)
	}
	if r.Technique != "Process Doppelgänging and a \"quote\" and \\ a\tt\u00e9😀" {
		t.Errorf("technique %q", r.Technique)
	}
	if r.EventID != "4688" || r.EventIDIsInt {
		t.Errorf("quoted event id: %q int=%v", r.EventID, r.EventIDIsInt)
	}
	if got := m.Records[1]; got.EventID != "4688" || !got.EventIDIsInt {
		t.Errorf("plain event id: %q int=%v", got.EventID, got.EventIDIsInt)
	}
	states := map[Field]State{EventPlatform: Null, AuditCategory: NaN, AuditSubCategory: Null, Channel: Null, RelationshipID: NaN}
	for f, want := range states {
		if got := r.State(f); got != want {
			t.Errorf("%s: state %d, want %d", f, got, want)
		}
	}
	if r.Provider != `C:\Windows\System32 http://example.test/a#b` {
		t.Errorf("provider %q", r.Provider)
	}
	if diff := cmp.Diff([]KV{{"vendor_note", "kept as an extra column"}}, r.Extra); diff != "" {
		t.Errorf("extra (-want +got):\n%s", diff)
	}
	wantKeys := "technique_id x_mitre_is_subtechnique technique tactic platform data_source data_component name source relationship target event_id event_name event_platform audit_category audit_sub_category log_channel log_provider vendor_note"
	if got := strings.Join(m.Keys, " "); got != wantKeys {
		t.Errorf("keys\n got %s\nwant %s", got, wantKeys)
	}

	v22 := "- technique_id: T1622\n  is_subtechnique: .nan\n  relationship_id: REL-2022-0150\n  channel: Microsoft-Windows-Sysmon/Operational\n  log_source: Microsoft Defender for Endpoint\n  filter_in:\n  - ActionType: CreateRemoteThreadApiCall\n    Count: 2\n"
	m, err = Parse([]byte(v22), "v22", 1)
	if err != nil {
		t.Fatal(err)
	}
	r = m.Records[0]
	if m.Schema != Schema2022 || r.RelationshipID != "REL-2022-0150" || r.Channel != "Microsoft-Windows-Sysmon/Operational" ||
		r.Provider != "Microsoft Defender for Endpoint" || r.State(IsSubtechnique) != NaN {
		t.Errorf("2022 record read as %+v (schema %s)", r, m.Schema)
	}
	want := []Filter{{{"ActionType", "CreateRemoteThreadApiCall"}, {"Count", int64(2)}}}
	if diff := cmp.Diff(want, r.FilterIn); diff != "" {
		t.Errorf("filter_in (-want +got):\n%s", diff)
	}
	if Channel.Key(Schema2021) != "log_channel" || Channel.Key(Schema2022) != "channel" ||
		Provider.Key(Schema2021) != "log_provider" || Provider.Key(Schema2022) != "log_source" || FilterIn.Key(Schema2021) != "" {
		t.Error("Field.Key does not name the schema's keys")
	}
}

func TestBadInput(t *testing.T) {
	rec := "- technique_id: T1\n  log_channel: x\n"
	tests := []struct {
		name, in string
		want     error
		line     int
		record   int
		field    string
	}{
		{"empty", "", ErrEmpty, 0, -1, ""},
		{"only comments", "# nothing\n", ErrEmpty, 0, -1, ""},
		{"empty list", "[]\n", ErrEmpty, 0, -1, ""},
		{"scalar top level", "hello\n", ErrNotList, 1, -1, ""},
		{"mapping top level", "technique_id: T1\n", ErrNotList, 1, -1, ""},
		{"truncated", rec + "- technique_id: \"T2\n", ErrSyntax, 0, -1, ""},
		{"tab indentation", "- technique_id: T1\n\tlog_channel: x\n", ErrSyntax, 0, -1, ""},
		{"record is a list", "- - a\n", ErrShape, 1, 0, ""},
		{"record is a scalar", rec + "- T2\n", ErrShape, 3, 1, ""},
		{"no technique id", rec + "- log_channel: y\n", ErrShape, 3, 1, "technique_id"},
		{"tactic not a list", rec + "- technique_id: T2\n  tactic: credential-access\n", ErrShape, 4, 1, "tactic"},
		{"tactic item a map", "- technique_id: T2\n  log_channel: x\n  tactic:\n  - a: b\n", ErrShape, 4, 0, "tactic"},
		{"subtechnique not bool", "- technique_id: T2\n  x_mitre_is_subtechnique: maybe\n", ErrShape, 2, 0, "x_mitre_is_subtechnique"},
		{"event id float", "- technique_id: T2\n  log_channel: x\n  event_id: 46.88\n", ErrShape, 3, 0, "event_id"},
		{"event id list", "- technique_id: T2\n  log_channel: x\n  event_id:\n  - 1\n", ErrShape, 4, 0, "event_id"},
		{"name is a map", "- technique_id: T2\n  log_channel: x\n  name: {a: b}\n", ErrShape, 3, 0, "name"},
		{"duplicate key", "- technique_id: T2\n  log_channel: x\n  log_channel: y\n", ErrShape, 3, 0, "log_channel"},
		{"unknown schema", "- technique_id: T1\n  color: red\n", ErrUnknownSchema, 1, 0, ""},
		{"mixed schemas", rec + "- technique_id: T2\n  channel: y\n", ErrUnknownSchema, 4, 1, "channel"},
		{"mixed in one record", "- technique_id: T2\n  channel: y\n  log_channel: x\n", ErrUnknownSchema, 3, 0, "log_channel"},
		{"utf16", "\xff\xfe-\x00 \x00", ErrSyntax, 1, -1, ""},
		{"binary", "- technique_id: T1\n\x00\x01\x02", ErrSyntax, 2, -1, ""},
		{"filter_in scalar", "- technique_id: T2\n  channel: x\n  filter_in: ActionType\n", ErrShape, 3, 0, "filter_in"},
		{"alias bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", ErrNotList, 1, -1, ""},
		{"alias bomb in a record", "- technique_id: T1\n  log_channel: x\n  z0: &a [x, x, x, x, x, x, x, x, x, x]\n  z1: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  z2: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  z3: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  z4: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n", ErrTooLarge, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), "bad.yaml", 1)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want an *ossem.Error", err)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if tt.line > 0 && e.Line != tt.line {
				t.Errorf("line %d, want %d (%v)", e.Line, tt.line, err)
			}
			if e.Record != tt.record {
				t.Errorf("record %d, want %d (%v)", e.Record, tt.record, err)
			}
			if tt.field != "" && e.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", e.Field, tt.field, err)
			}
			if !strings.HasPrefix(err.Error(), "ossem: bad.yaml") {
				t.Errorf("error %q does not name the source", err)
			}
		})
	}
}

func TestDemo(t *testing.T) {
	m, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	if !m.Demo || !strings.Contains(m.Label(), "teaching subset") || m.Schema != Schema2021 {
		t.Errorf("demo: Demo=%v label=%q schema=%s", m.Demo, m.Label(), m.Schema)
	}
	techniques, tactics := map[string]bool{}, map[string]bool{}
	var lsass []Record
	for _, r := range m.Records {
		techniques[r.TechniqueID] = true
		for _, tc := range r.Tactic {
			tactics[tc] = true
		}
		if r.TechniqueID == "T1003.001" {
			lsass = append(lsass, r)
		}
	}
	if n := len(techniques); n < 30 || n > 60 {
		t.Errorf("%d techniques, want 30 to 60", n)
	}
	if len(tactics) < 6 {
		t.Errorf("%d tactics, want several", len(tactics))
	}
	if len(lsass) != 18 || lsass[17].DataComponent != "os api execution" || lsass[17].HasEvent() {
		t.Errorf("T1003.001: %d rows; want 18 ending with os api execution and no event", len(lsass))
	}
}

func TestLoadURL(t *testing.T) {
	var hits atomic.Int32
	body := demoYAML
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/mapping.yaml":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Write(body)
		case "/big":
			w.Write(bytes.Repeat([]byte("a"), 4096))
		case "/zeros":
			w.Write(make([]byte, 4096))
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	cache := t.TempDir()
	u := srv.URL + "/mapping.yaml"
	o := Options{CacheDir: cache}

	m, err := Load(ctx, u, o)
	if err != nil || m.Cached || len(m.Records) != 598 || m.Source != u {
		t.Fatalf("first load: cached=%v err=%v", m != nil && m.Cached, err)
	}
	m2, err := Load(ctx, u, o)
	if err != nil || !m2.Cached || m2.SHA256 != m.SHA256 || hits.Load() != 1 {
		t.Fatalf("second load should come from the cache: err=%v hits=%d", err, hits.Load())
	}
	// A stale entry is revalidated with its ETag.
	o.MaxAge = -1
	if m3, err := Load(ctx, u, o); err != nil || !m3.Cached || hits.Load() != 2 {
		t.Fatalf("revalidation: err=%v hits=%d", err, hits.Load())
	}
	// A corrupt entry is detected by its sha256 and fetched again.
	yamls, _ := filepath.Glob(filepath.Join(cache, "*.yaml"))
	if len(yamls) != 1 {
		t.Fatalf("cache holds %v", yamls)
	}
	os.WriteFile(yamls[0], []byte("- garbage"), 0o644)
	var notes []string
	o.Logf = func(f string, a ...any) { notes = append(notes, f) }
	if m4, err := Load(ctx, u, o); err != nil || m4.Cached || m4.SHA256 != m.SHA256 {
		t.Fatalf("corrupt cache: err=%v", err)
	}
	if len(notes) == 0 {
		t.Error("no note about the corrupt cache entry")
	}

	if _, err := Load(ctx, srv.URL+"/big", Options{CacheDir: cache, MaxSize: 1000}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("size limit: %v", err)
	}
	if _, err := Load(ctx, srv.URL+"/zeros", Options{CacheDir: cache}); !errors.Is(err, ErrSyntax) ||
		!strings.Contains(err.Error(), "a NUL byte") || strings.Contains(err.Error(), "ossem: ossem:") {
		t.Errorf("zeros: %v", err)
	}
	if _, err := Load(ctx, srv.URL+"/loop", Options{CacheDir: cache}); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("redirect loop: %v", err)
	}
	if _, err := Load(ctx, "ftp://example.test/x", Options{CacheDir: cache}); err == nil || !strings.Contains(err.Error(), "only http and https") {
		t.Errorf("ftp: %v", err)
	}

	// Offline: served from the cache when there is one, else a clear error.
	srv.Close()
	if m5, err := Load(ctx, u, Options{CacheDir: cache, MaxAge: -1}); err != nil || !m5.Cached {
		t.Errorf("offline with a cache: %v", err)
	}
	_, err = Load(ctx, u, Options{CacheDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "--demo") || !strings.Contains(err.Error(), "--mapping FILE") {
		t.Errorf("offline without a cache: %v", err)
	}
}

func TestLoadSources(t *testing.T) {
	ctx := context.Background()
	m, err := Load(ctx, "-", Options{Stdin: strings.NewReader(trickyYAML)})
	if err != nil || m.Source != "-" || len(m.Records) != 2 {
		t.Fatalf("stdin: %v", err)
	}
	path := filepath.Join(t.TempDir(), "m.yaml")
	os.WriteFile(path, []byte(trickyYAML), 0o644)
	if m, err = Load(ctx, path, Options{}); err != nil || m.SHA256 != "" && len(m.SHA256) != 64 {
		t.Fatalf("file: %v", err)
	}
	if _, err := Load(ctx, t.TempDir(), Options{}); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory: %v", err)
	}
	if m, err := Load(ctx, "demo", Options{}); err != nil || !m.Demo {
		t.Errorf("demo: %v", err)
	}
}

// FuzzParse feeds arbitrary bytes to the whole loader: it must return a
// mapping or a positioned *Error, never panic, and a mapping it returns
// must be usable (every record has a technique id; keys are unique).
func FuzzParse(f *testing.F) {
	f.Add([]byte(trickyYAML))
	f.Add(demoYAML[:2000])
	f.Add([]byte("a: &a [x, x]\nb: [*a, *a]\n"))
	f.Add([]byte("- technique_id: T1\n  channel: x\n  filter_in:\n  - {a: 1}\n"))
	f.Add([]byte("\xff\xfe-\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data, "fuzz.yaml", 2)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *ossem.Error", err)
			}
			if !strings.HasPrefix(err.Error(), "ossem: fuzz.yaml") {
				t.Fatalf("error %q does not name the source", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, k := range m.Keys {
			if seen[k] {
				t.Fatalf("key %q listed twice in %v", k, m.Keys)
			}
			seen[k] = true
		}
		for i := range m.Records {
			if m.Records[i].TechniqueID == "" {
				t.Fatalf("record %d has no technique id", i)
			}
		}
	})
}

func TestHugeAndDeepInputs(t *testing.T) {
	long := append([]byte("- technique_id: T1\n  log_channel: "), bytes.Repeat([]byte("a"), 50<<20)...)
	m, err := Parse(long, "long.yaml", 2)
	if err != nil || len(m.Records[0].Channel) != 50<<20 {
		t.Errorf("a 50 MB value: %v", err)
	}
	garbage := bytes.Repeat([]byte("\x01\x02{[:"), 10<<20/5)
	if _, err := Parse(garbage, "garbage.yaml", 2); err == nil {
		t.Error("10 MB of garbage parsed")
	}
	deep := "- technique_id: T1\n  log_channel: x\n  nested: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n"
	if _, err := Parse([]byte(deep), "deep.yaml", 2); err == nil {
		t.Error("20000 levels of nesting parsed")
	} else if !errors.Is(err, ErrSyntax) {
		t.Errorf("deep nesting: %v", err)
	}
}

// TestMergeKeysRefused: YAML 1.1 merge keys were read as a key named "<<"
// (columns <<.technique and NaN fields); they are refused with the place.
func TestMergeKeysRefused(t *testing.T) {
	for name, src := range map[string]string{
		"alias":  "- &base\n  technique_id: T1003\n  x_mitre_is_subtechnique: false\n  log_channel: Security\n- <<: *base\n  technique_id: T1004\n",
		"inline": "- technique_id: T1003\n  x_mitre_is_subtechnique: false\n  log_channel: Security\n  <<:\n    technique: X\n",
		"nested": "- technique_id: T1003\n  x_mitre_is_subtechnique: false\n  log_channel: Security\n  extra:\n    <<: {a: 1}\n",
	} {
		_, err := Parse([]byte(src), "m.yaml", 1)
		if err == nil || !strings.Contains(err.Error(), "merge keys (<<) are not supported") || !strings.Contains(err.Error(), "m.yaml:") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// TestFetchPolicy: a body without a length is used but not cached; a
// redirect to another host is refused unless allowed; a server that
// starts sending garbage does not replace the cached copy.
func TestFetchPolicy(t *testing.T) {
	good, err := os.ReadFile("demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var garbage atomic.Bool
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("/m.yaml", func(w http.ResponseWriter, r *http.Request) {
		if garbage.Load() {
			w.Write([]byte("<html>maintenance</html>"))
			return
		}
		w.Write(good)
	})
	mux.HandleFunc("/nolength.yaml", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
		buf.Write(good)
		buf.Flush()
	})
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(srvURL, "127.0.0.1", "localhost", 1)+"/m.yaml", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL
	ctx := t.Context()
	cache := t.TempDir()
	var notes []string
	o := Options{CacheDir: cache, Logf: func(f string, a ...any) { notes = append(notes, fmt.Sprintf(f, a...)) }}

	m, err := Load(ctx, srv.URL+"/nolength.yaml", o)
	if err != nil || len(m.Records) == 0 {
		t.Fatalf("no length: %v", err)
	}
	if files, _ := os.ReadDir(cache); len(files) != 0 || len(notes) != 1 || !strings.Contains(notes[0], "not cached") {
		t.Errorf("no length: cache holds %d files, notes %q", len(files), notes)
	}

	if _, err := Load(ctx, srv.URL+"/elsewhere", o); err == nil || !strings.Contains(err.Error(), "redirect to another host, localhost") {
		t.Errorf("redirect elsewhere: %v", err)
	}
	allowed := o
	allowed.RedirectHosts = []string{"localhost"}
	if _, err := Load(ctx, srv.URL+"/elsewhere", allowed); err != nil {
		t.Errorf("allowed redirect: %v", err)
	}

	first, err := Load(ctx, srv.URL+"/m.yaml", o)
	if err != nil {
		t.Fatal(err)
	}
	garbage.Store(true)
	notes = nil
	expired := o
	expired.MaxAge = -1
	again, err := Load(ctx, srv.URL+"/m.yaml", expired)
	if err != nil || !again.Cached || again.SHA256 != first.SHA256 {
		t.Fatalf("garbage after expiry: %v (cached %v)", err, again != nil && again.Cached)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "does not parse") {
		t.Errorf("notes %q", notes)
	}
}

// TestParseCopies: records must not change when the caller reuses its
// buffer (they once shared it through unsafe.String).
func TestParseCopies(t *testing.T) {
	data := DemoYAML()
	m, err := Parse(data, "demo.yaml", 1)
	if err != nil {
		t.Fatal(err)
	}
	before := m.Records[0].Technique
	for i := range data {
		data[i] = 'x'
	}
	if m.Records[0].Technique != before {
		t.Errorf("record changed with the caller's buffer: %q, was %q", m.Records[0].Technique, before)
	}
}
