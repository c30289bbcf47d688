package evtx

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
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
// "path<TAB>record<TAB>sha256[:8]". TestSharedFieldByField makes the same
// comparison live, field by field, where evtxexport is installed.
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

// TestSharedFieldByField runs libevtx's evtxexport (Debian's
// libevtx-utils) on every shared file, reads its XML with encoding/xml and
// compares every record's System fields and data with ours, field by
// field, in the canonical form of TestSharedFields. It skips where
// evtxexport is not installed (the digests of TestSharedFields hold the
// same comparison without it); under CI=true it requires it.
func TestSharedFieldByField(t *testing.T) {
	files := sharedFiles(t)
	tool, err := exec.LookPath("evtxexport")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("evtxexport is missing in CI: apt-get install libevtx-utils")
		}
		t.Skip("evtxexport not installed (apt-get install libevtx-utils)")
	}
	n, bad := 0, 0
	for _, p := range files {
		out, err := exec.Command(tool, "-f", "xml", p).Output()
		if err != nil {
			t.Fatalf("evtxexport %s: %v", p, err)
		}
		want, err := evtxexportRecords(out)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		evs, _, err := ReadFile(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != len(want) {
			t.Errorf("%s: %d records, evtxexport %d", rel(t, p), len(evs), len(want))
			continue
		}
		for i, e := range evs {
			n++
			if diff := gocmp.Diff(text(want[i]), text(canonical(systemMap(e), e.Data))); diff != "" {
				bad++
				if bad <= 10 {
					t.Errorf("%s record %d (-evtxexport +ours):\n%s", rel(t, p), e.RecordID, diff)
				}
			}
		}
	}
	t.Logf("%d records compared field by field with evtxexport, %d differ", n, bad)
}

// xmlNode is a generic element of evtxexport's XML.
type xmlNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Kids    []xmlNode  `xml:",any"`
}

func (n xmlNode) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

var (
	eventRe   = regexp.MustCompile(`(?s)<Event xmlns=.*?</Event>`)
	controlRe = regexp.MustCompile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
)

// evtxexportRecords reads evtxexport's XML into canonical records: the
// same names as the Python script behind shared-fields.golden.
func evtxexportRecords(out []byte) ([][]Field, error) {
	var recs [][]Field
	for _, block := range eventRe.FindAll(out, -1) {
		// XML 1.0 forbids most control characters, which evtxexport
		// writes as they are: carry them through as private-use
		// characters and map them back.
		block = controlRe.ReplaceAllFunc(block, func(b []byte) []byte { return []byte(string(rune(0xE000 + int(b[0])))) })
		var ev xmlNode
		if err := xml.Unmarshal(block, &ev); err != nil {
			return nil, err
		}
		back := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r >= 0xE000 && r < 0xE020 {
					return r - 0xE000
				}
				return r
			}, s)
		}
		sys := map[string]string{}
		var data []Field
		var leaves func(n xmlNode)
		leaves = func(n xmlNode) {
			if len(n.Kids) == 0 {
				data = append(data, Field{n.XMLName.Local, back(n.Text)})
				return
			}
			for _, k := range n.Kids {
				leaves(k)
			}
		}
		for _, sec := range ev.Kids {
			switch sec.XMLName.Local {
			case "System":
				for _, k := range sec.Kids {
					set := func(attr, name string) {
						if v, ok := k.attr(attr); ok {
							sys[name] = back(v)
						}
					}
					switch k.XMLName.Local {
					case "Provider":
						set("Name", "Provider_Name")
						set("Guid", "Provider_Guid")
						set("EventSourceName", "Provider_EventSourceName")
					case "EventID":
						sys["EventID"] = k.Text
						set("Qualifiers", "Qualifiers")
					case "TimeCreated":
						set("SystemTime", "SystemTime")
					case "Correlation":
						set("ActivityID", "ActivityID")
						set("RelatedActivityID", "RelatedActivityID")
					case "Execution":
						set("ProcessID", "ProcessID")
						set("ThreadID", "ThreadID")
					case "Security":
						set("UserID", "UserID")
					default:
						sys[k.XMLName.Local] = back(k.Text)
					}
				}
			case "EventData":
				unnamed := 0
				for _, d := range sec.Kids {
					if d.XMLName.Local != "Data" {
						leaves(d)
						continue
					}
					name, ok := d.attr("Name")
					if !ok || name == "" {
						unnamed++
						name = fmt.Sprintf("Data[%d]", unnamed)
					}
					data = append(data, Field{name, back(d.Text)})
					for _, g := range d.Kids {
						leaves(g)
					}
				}
			default:
				for _, d := range sec.Kids {
					leaves(d)
				}
				if len(sec.Kids) == 0 && sec.Text != "" {
					data = append(data, Field{sec.XMLName.Local, back(sec.Text)})
				}
			}
		}
		recs = append(recs, canonical(sys, data))
	}
	return recs, nil
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
