package evtx

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/huntbook/huntbook/internal/golden"
)

// sharedDir holds EVTX-ATTACK-SAMPLES (GPL-3.0; read, never copied).
const sharedDir = "../../../shared/data/evtx"

func sharedFiles(t *testing.T) []string {
	t.Helper()
	if _, err := os.Stat(sharedDir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("shared EVTX files %s are missing in CI: %v", sharedDir, err)
		}
		t.Skipf("shared EVTX files absent: %v", err)
	}
	files, err := Files(sharedDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no .evtx files under %s", sharedDir)
	}
	return files
}

func rel(t *testing.T, p string) string {
	r, err := filepath.Rel(sharedDir, p)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(r)
}

// TestSharedCounts compares, for every shared file, the record count and
// the counts per (channel, provider, event ID) with python-evtx.
//
// testdata/shared-counts.golden was computed independently: a Python
// script outside the repository iterated Evtx.Evtx(path).records() of
// Debian's python3-evtx 0.7.4 over every file, took Channel,
// Provider@Name and EventID from each record's XML and printed
// "path<TAB>records<TAB>N" and "path<TAB>channel<TAB>provider<TAB>id<TAB>count"
// sorted; evtxexport (libevtx-utils 20181227) gives the same record count
// for every file. Our output equalled it on the first run, and -update
// was not used to make it so.
func TestSharedCounts(t *testing.T) {
	files := sharedFiles(t)
	var b strings.Builder
	total := 0
	for _, p := range files {
		evs, st, err := ReadFile(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if st.ChunksSkipped != 0 || st.RecordsSkipped != 0 || st.HeaderChecksumBad {
			t.Errorf("%s: %+v", p, st)
		}
		type key struct {
			ch, prov string
			id       uint16
		}
		counts := map[key]int{}
		for _, e := range evs {
			counts[key{e.Channel, e.Provider, e.EventID}]++
		}
		keys := slices.SortedFunc(func(yield func(key) bool) {
			for k := range counts {
				if !yield(k) {
					return
				}
			}
		}, func(a, b key) int {
			return cmp.Or(strings.Compare(a.ch, b.ch), strings.Compare(a.prov, b.prov), cmp.Compare(a.id, b.id))
		})
		r := rel(t, p)
		fmt.Fprintf(&b, "%s\trecords\t%d\n", r, len(evs))
		for _, k := range keys {
			fmt.Fprintf(&b, "%s\t%s\t%s\t%d\t%d\n", r, k.ch, k.prov, k.id, counts[k])
		}
		total += len(evs)
	}
	golden.Check(t, "testdata/shared-counts.golden", []byte(b.String()))
	if total != 2573 {
		t.Errorf("%d records in the shared files, want 2573", total)
	}
}

// canonicalNames are the System fields of the canonical form, in order.
var canonicalNames = []string{
	"Provider_Name", "Provider_Guid", "Provider_EventSourceName", "EventID", "Qualifiers",
	"Version", "Level", "Task", "Opcode", "Keywords", "SystemTime", "EventRecordID",
	"ActivityID", "RelatedActivityID", "ProcessID", "ThreadID", "Channel", "Computer", "UserID",
}

var hexRe = regexp.MustCompile(`^0x[0-9a-fA-F]+$`)
var timeRe = regexp.MustCompile(`^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$`)

// normalize removes the differences of presentation between evtxexport
// and this package: evtxexport pads hexadecimal integers to their width
// (0x0000000000013a10, Windows and we write 0x13a10) and writes 100 ns
// FILETIMEs with nine digits of which the last three are always zero (we
// keep the seventh); a Qualifiers of 0 is absent in both; and an XML
// parser reads the CR LF in values as LF (XML's end-of-line handling).
func normalize(name, v string) string {
	v = strings.ReplaceAll(v, "\r\n", "\n")
	v = strings.ReplaceAll(v, "\r", "\n")
	if hexRe.MatchString(v) {
		if n, err := strconv.ParseUint(v[2:], 16, 64); err == nil {
			return "0x" + strconv.FormatUint(n, 16)
		}
	}
	if m := timeRe.FindStringSubmatch(v); m != nil {
		frac := (m[2] + "000000")[:6]
		return m[1] + "." + frac + "Z"
	}
	if name == "Qualifiers" && v == "0" {
		return ""
	}
	return v
}

// normalizeSystem also takes an absent numeric System field (classic
// events have no Version or Opcode; evtxexport leaves them out) as the 0
// that Event holds.
func normalizeSystem(name, v string) string {
	switch name {
	case "Version", "Level", "Task", "Opcode", "ProcessID", "ThreadID", "EventID":
		if v == "" {
			return "0"
		}
	}
	return normalize(name, v)
}

// canonical is one record as normalized fields: the System fields of
// canonicalNames, a separator "--", then the data fields in order.
func canonical(sys map[string]string, data []Field) []Field {
	var out []Field
	for _, n := range canonicalNames {
		out = append(out, Field{n, normalizeSystem(n, sys[n])})
	}
	out = append(out, Field{"--", ""})
	for _, f := range data {
		out = append(out, Field{f.Name, normalize(f.Name, f.Value)})
	}
	return out
}

// text is the canonical form for reading: a line `name="value"` per field.
func text(fields []Field) string {
	var b strings.Builder
	for _, f := range fields {
		fmt.Fprintf(&b, "%s=%q\n", f.Name, f.Value)
	}
	return b.String()
}

// digest is the first 8 bytes, in hex, of the SHA-256 of the fields as
// name 0x1F value 0x1E, in UTF-8.
func digest(fields []Field) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f.Name))
		h.Write([]byte{0x1f})
		h.Write([]byte(f.Value))
		h.Write([]byte{0x1e})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func systemMap(e *Event) map[string]string {
	m := map[string]string{}
	for _, n := range canonicalNames {
		if v, ok := e.system(n); ok {
			m[n] = v
		}
	}
	return m
}

// TestSharedFields compares the System fields and the data of every
// record of the shared files with evtxexport, through a digest of each
// record's canonical form (see canonical; the files' contents stay out of
// the repository).
//
// testdata/shared-fields.golden was computed independently: a Python
// script outside the repository ran `evtxexport -f xml` on every file,
// parsed each <Event> with xml.etree, built the same canonical form
// (Data@Name, unnamed Data as Data[1], Data[2]…, UserData leaves by
// element name; the normalization of normalize) and printed
// "path<TAB>record<TAB>sha256[:8]". With EVTX_FIELDS_JSONL pointing at that
// script's field dump (one JSON object per record), TestSharedFieldByField
// shows every difference field by field.
func TestSharedFields(t *testing.T) {
	files := sharedFiles(t)
	var b strings.Builder
	for _, p := range files {
		evs, _, err := ReadFile(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			fmt.Fprintf(&b, "%s\t%d\t%s\n", rel(t, p), e.RecordID, digest(canonical(systemMap(e), e.Data)))
		}
	}
	golden.Check(t, "testdata/shared-fields.golden", []byte(b.String()))
}

func TestSharedFieldByField(t *testing.T) {
	path := os.Getenv("EVTX_FIELDS_JSONL")
	if path == "" {
		t.Skip("EVTX_FIELDS_JSONL not set (a field dump of evtxexport's XML; see TestSharedFields)")
	}
	files := sharedFiles(t)
	got := map[string]string{}
	for _, p := range files {
		evs, _, err := ReadFile(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			got[fmt.Sprintf("%s#%d", rel(t, p), e.RecordID)] = text(canonical(systemMap(e), e.Data))
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	n, bad := 0, 0
	for sc.Scan() {
		var rec struct {
			File   string            `json:"file"`
			Record uint64            `json:"record"`
			System map[string]string `json:"system"`
			Data   [][2]string       `json:"data"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		var data []Field
		for _, d := range rec.Data {
			data = append(data, Field{d[0], d[1]})
		}
		want := text(canonical(rec.System, data))
		k := fmt.Sprintf("%s#%d", rec.File, rec.Record)
		n++
		if diff := gocmp.Diff(want, got[k]); diff != "" {
			bad++
			if bad <= 10 {
				t.Errorf("%s (-evtxexport +ours):\n%s", k, diff)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d records compared, %d differ", n, bad)
}

// BenchmarkShared reads every shared file to events (bench/evtx.sh times
// the whole process next to evtxexport and python-evtx).
func BenchmarkShared(b *testing.B) {
	files, err := Files(sharedDir)
	if err != nil || len(files) == 0 {
		b.Skip("shared EVTX files absent")
	}
	var size int64
	for _, p := range files {
		st, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	for b.Loop() {
		n := 0
		for _, err := range Walk(context.Background(), sharedDir) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 2573 {
			b.Fatalf("%d events", n)
		}
	}
}
