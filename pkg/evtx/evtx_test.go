package evtx

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// dataBody writes an Event with System and an EventData of every value
// type, substitutions from 16 on.
func dataBody(w *evtxtest.Chunk) {
	w.Fragment()
	w.Open("Event", true)
	w.Attr("xmlns", false)
	w.Text("http://schemas.microsoft.com/win/2004/08/events/event")
	w.CloseStart()
	systemBody(w)
	w.Open("EventData", false)
	w.CloseStart()
	for i, n := range typedNames {
		w.Open("Data", true)
		w.Attr("Name", false)
		w.Text(n)
		w.CloseStart()
		w.Subst(uint16(16+i), 0)
		w.End()
	}
	next := uint16(16 + len(typedNames))
	// Text around a substitution of an array: items joined.
	w.Open("Data", true)
	w.Attr("Name", false)
	w.Text("Mixed")
	w.CloseStart()
	w.Text("n: ")
	w.Subst(next, typeUint16|typeArray)
	w.End()
	// An empty optional substitution: the element is left out.
	w.Open("Data", true)
	w.Attr("Name", false)
	w.Text("Gone")
	w.CloseStart()
	w.OptSubst(next+1, typeString)
	w.End()
	// References.
	w.Open("Data", true)
	w.Attr("Name", false)
	w.Text("Refs")
	w.CloseStart()
	w.Text("a")
	w.CharRef('A')
	w.EntityRef("amp")
	w.EntityRef("lt")
	w.End()
	// Unnamed Data items.
	w.Elem("Data", func() { w.Text("first") })
	w.Elem("Data", func() { w.Subst(next+2, typeString) })
	w.End() // EventData
	w.End() // Event
	w.EOF()
}

var typedNames = []string{
	"String", "Ansi", "Int8", "UInt8", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64",
	"Float", "Double", "Bool", "Binary", "GUID", "SizeT", "FileTime", "SysTime", "SID",
	"Hex32", "Hex64", "Handle", "EvtXml", "Null", "Strings", "Nested", "SIDs", "Unknown",
}

func dataVals(id uint16, rec uint64, text string) []evtxtest.Val {
	st := make([]byte, 16)
	for i, v := range []uint16{2020, 2, 1, 3, 4, 5, 6, 789} {
		binary.LittleEndian.PutUint16(st[2*i:], v)
	}
	nested := evtxtest.Val{Typ: typeBinXML, Write: func(w *evtxtest.Chunk) {
		w.Fragment()
		w.Open("Inner", false)
		w.CloseStart()
		w.Elem("Leaf", func() { w.Text("deep") })
		w.End()
		w.EOF()
	}}
	vals := systemVals(id, rec)
	vals = append(vals,
		evtxtest.Raw(typeString, append(evtxtest.UTF16LE(text), 0, 0)),
		evtxtest.Raw(typeAnsi, []byte("caf\xe9 \x80\x00")),
		evtxtest.Raw(typeInt8, []byte{0xfb}),
		evtxtest.Raw(typeUint8, []byte{200}),
		evtxtest.Raw(typeInt16, le16(uint16(0xfed4))), // -300
		evtxtest.Raw(typeUint16, le16(65000)),
		evtxtest.Raw(typeInt32, le32(uint32(0xfffeee90))), // -70000
		evtxtest.Raw(typeUint32, le32(4_000_000_000)),
		evtxtest.Raw(typeInt64, i64(-5_000_000_000_000)),
		evtxtest.Raw(typeUint64, le64(math.MaxUint64)),
		evtxtest.Raw(typeFloat32, le32(math.Float32bits(1.5))),
		evtxtest.Raw(typeFloat64, le64(math.Float64bits(-2.25))),
		evtxtest.Raw(typeBool, le32(1)),
		evtxtest.Raw(typeBinary, []byte{0x0a, 0xbc}),
		evtxtest.Raw(typeGUID, []byte{0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d}),
		evtxtest.Raw(typeSizeT, le64(0x1000)),
		evtxtest.Raw(typeFiletime, le64(116_444_736_000_000_000+15)), // 1970-01-01 + 1.5 µs
		evtxtest.Raw(typeSystemtime, st),
		evtxtest.Raw(typeSID, testSID),
		evtxtest.Raw(typeHex32, le32(0x3e7)),
		evtxtest.Raw(typeHex64, le64(0xdeadbeef00)),
		evtxtest.Raw(typeEvtHandle, le32(0x10)),
		evtxtest.Raw(typeEvtXML, evtxtest.UTF16LE("<x/>")),
		evtxtest.Raw(typeNull, nil),
		evtxtest.Raw(typeString|typeArray, evtxtest.UTF16LE("a\x00b\x00\x00")),
		nested,
		evtxtest.Raw(typeSID|typeArray, append(append([]byte{}, testSID...), 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0)),
		evtxtest.Raw(0x7f, []byte{1, 2}),
	)
	vals = append(vals,
		evtxtest.Raw(typeUint16|typeArray, append(le16(1), le16(2)...)),
		evtxtest.Raw(typeNull, nil),
		evtxtest.Raw(typeString, evtxtest.UTF16LE("second")),
	)
	return vals
}

func i64(v int64) []byte { return le64(uint64(v)) }

func wantSystem(id uint16, rec uint64) Event {
	return Event{
		Provider: "Test-Provider", ProviderGUID: "{54849625-5478-4994-A5BA-3E3B0328C30D}",
		Channel: "Security", Computer: "host.example", UserID: "S-1-5-18",
		EventID: id, Qualifiers: 0x8000, Version: 2, Level: 4, Task: 12544, Opcode: 1,
		Keywords: 0x8020000000000000, TimeCreated: time.Date(2019, 4, 17, 18, 40, 0, 123456700, time.UTC), // FILETIME 132000000001234567
		RecordID: rec, ProcessID: 4, ThreadID: 5772,
	}
}

func wantData(text string) []Field {
	return []Field{
		{"String", text}, {"Ansi", "café €"}, {"Int8", "-5"}, {"UInt8", "200"}, {"Int16", "-300"},
		{"UInt16", "65000"}, {"Int32", "-70000"}, {"UInt32", "4000000000"}, {"Int64", "-5000000000000"},
		{"UInt64", "18446744073709551615"}, {"Float", "1.5"}, {"Double", "-2.25"}, {"Bool", "true"},
		{"Binary", "0ABC"}, {"GUID", "{54849625-5478-4994-A5BA-3E3B0328C30D}"}, {"SizeT", "0x1000"},
		{"FileTime", "1970-01-01T00:00:00.000001500Z"}, {"SysTime", "2020-02-03T04:05:06.789000000Z"},
		{"SID", "S-1-5-21-1-2-3-500"}, {"Hex32", "0x3e7"}, {"Hex64", "0xdeadbeef00"}, {"Handle", "0x10"},
		{"EvtXml", "<x/>"}, {"Null", ""},
		{"Strings", "a"}, {"Strings", "b"}, {"Strings", ""},
		{"Nested", ""}, {"Leaf", "deep"},
		{"SIDs", "S-1-5-21-1-2-3-500"}, {"SIDs", "S-1-5-18"},
		{"Unknown", "0102"},
		{"Mixed", "n: 1, 2"}, {"Refs", "aA&<"},
		{"Data[1]", "first"}, {"Data[2]", "second"},
	}
}

// testFile builds a file of one chunk: a record with an inline template of
// every value type, a second one reusing it, and a UserData record.
func testFile() []byte {
	w := evtxtest.NewChunk()
	var def uint32
	w.Record(1, func() {
		w.Fragment()
		def = w.Instance(func() { dataBody(w) }, dataVals(4624, 101, "héllo wörld ✓ 😀"))
		w.EOF()
	})
	w.Record(2, func() {
		w.Fragment()
		w.Reuse(def, dataVals(4625, 102, "again"))
		w.EOF()
	})
	w.Record(3, func() {
		w.Fragment()
		w.Instance(func() {
			w.Fragment()
			w.Open("Event", false)
			w.CloseStart()
			systemBody(w)
			w.Open("UserData", false)
			w.CloseStart()
			w.Open("LogFileCleared", true)
			w.Attr("xmlns", false)
			w.Text("http://manifests.microsoft.com/win/2004/08/windows/eventlog")
			w.CloseStart()
			w.Elem("SubjectUserSid", func() { w.Subst(16, typeSID) })
			w.Elem("SubjectUserName", func() { w.Subst(17, typeString) })
			w.End()
			w.End()
			w.End()
			w.EOF()
		}, append(systemVals(1102, 103), evtxtest.Raw(typeSID, testSID), evtxtest.Raw(typeString, evtxtest.UTF16LE("admin"))))
		w.EOF()
	})
	return evtxtest.File(w.Finish(1, 3))
}

func read(t *testing.T, data []byte) ([]*Event, Stats) {
	t.Helper()
	f, err := NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var evs []*Event
	for ev, err := range f.Events(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	return evs, f.Stats()
}

func TestEveryValueType(t *testing.T) {
	evs, st := read(t, testFile())
	if st.Problems != nil {
		t.Fatalf("problems: %v", st.Problems)
	}
	e1, e2, e3 := wantSystem(4624, 101), wantSystem(4625, 102), wantSystem(1102, 103)
	e1.Data = wantData("héllo wörld ✓ 😀")
	e2.Data = wantData("again")
	e3.Data = []Field{{"SubjectUserSid", "S-1-5-21-1-2-3-500"}, {"SubjectUserName", "admin"}}
	want := []*Event{&e1, &e2, &e3}
	if diff := cmp.Diff(want, evs); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Stats{Chunks: 1, Records: 3}, st, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestField(t *testing.T) {
	evs, _ := read(t, testFile())
	e := evs[0]
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"Int8", "-5", true},
		{"int8", "-5", true}, // data names regardless of case, after System names
		{"EventID", "4624", true},
		{"Channel", "Security", true},
		{"Provider_Name", "Test-Provider", true},
		{"Computer", "host.example", true},
		{"Keywords", "0x8020000000000000", true},
		{"EventRecordID", "101", true},
		{"SystemTime", "2019-04-17T18:40:00.123456700Z", true},
		{"UserID", "S-1-5-18", true},
		{"Data", "first\nsecond", true},
		{"Gone", "", false},
		{"Missing", "", false},
	} {
		got, ok := e.Field(c.name)
		if got != c.want || ok != c.ok {
			t.Errorf("Field(%q) = %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
	if m := e.Map(); m["EventID"] != "4624" || m["Leaf"] != "deep" {
		t.Errorf("Map() = %v", m)
	}
}

// TestParallelOrder reads many chunks with several workers: events come
// in file order whatever the decoding order.
func TestParallelOrder(t *testing.T) {
	var chunks [][]byte
	rec := uint64(0)
	for range 9 {
		w := evtxtest.NewChunk()
		var def uint32
		for i := range 20 {
			rec++
			w.Record(rec, func() {
				w.Fragment()
				if i == 0 {
					def = w.Instance(func() { dataBody(w) }, dataVals(1, rec, "x"))
				} else {
					w.Reuse(def, dataVals(1, rec, "x"))
				}
				w.EOF()
			})
		}
		chunks = append(chunks, w.Finish(rec-19, rec))
	}
	data := evtxtest.File(chunks...)
	for _, workers := range []int{1, 2, 5} {
		f, err := NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		f.Workers = workers
		n := uint64(0)
		for ev, err := range f.Events(context.Background()) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if ev.RecordID != n {
				t.Fatalf("workers %d: event %d has record %d", workers, n, ev.RecordID)
			}
		}
		if n != rec {
			t.Errorf("workers %d: %d events, want %d", workers, n, rec)
		}
		// Stopping early leaves nothing running.
		for range f.Events(context.Background()) {
			break
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := testFile()
	f, _ := NewReader(bytes.NewReader(data), int64(len(data)))
	var last error
	for _, err := range f.Events(ctx) {
		last = err
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", last)
	}
}

// TestDamage builds broken files from the synthetic one: each is read
// without a panic, with a clear error or counted skips.
func TestDamage(t *testing.T) {
	good := testFile()
	twoChunks := func() []byte { // the test chunk twice
		c := good[fileHeaderSize:]
		return evtxtest.File(c, c)
	}
	// chunk returns a copy of the file with the first chunk changed by f
	// and its checksums recomputed when fix.
	chunk := func(fix bool, f func(c []byte)) []byte {
		d := bytes.Clone(good)
		f(d[fileHeaderSize:])
		if fix {
			evtxtest.FixChunk(d[fileHeaderSize:])
		}
		return d
	}
	// rec0 is the first record's offset in the chunk; its binary XML
	// starts 24 bytes later.
	const rec0 = chunkHeaderSize
	firstSize := int(binary.LittleEndian.Uint32(good[fileHeaderSize+rec0+4:]))
	tests := []struct {
		name    string
		data    []byte
		openErr error // Open fails with this
		events  int
		stats   Stats // Problems compared by count and sentinel below
		wantErr error // every problem wraps this
	}{
		{name: "empty file", data: nil, openErr: ErrNotEVTX},
		{name: "truncated inside the header", data: good[:100], openErr: ErrNotEVTX},
		{name: "bad header signature", data: append([]byte("ElfFilX\x00"), good[8:]...), openErr: ErrNotEVTX},
		{name: "header only", data: good[:fileHeaderSize], events: 0},
		{name: "header cut at 1000 bytes", data: good[:1000], stats: Stats{ChunksSkipped: 1}, wantErr: ErrTruncated},
		{name: "truncated inside the chunk", data: good[:fileHeaderSize+30000],
			stats: Stats{ChunksSkipped: 1}, wantErr: ErrTruncated},
		{name: "bad header checksum", data: func() []byte { d := bytes.Clone(good); d[124] ^= 1; return d }(),
			events: 3, stats: Stats{Chunks: 1, Records: 3, HeaderChecksumBad: true}, wantErr: ErrChecksum},
		{name: "bad chunk header checksum", data: chunk(false, func(c []byte) { c[8] ^= 1 }),
			stats: Stats{ChunksSkipped: 1}, wantErr: ErrChecksum},
		{name: "bad records checksum", data: chunk(false, func(c []byte) { c[rec0+100] ^= 1 }),
			stats: Stats{ChunksSkipped: 1}, wantErr: ErrChecksum},
		{name: "one damaged chunk of two", data: func() []byte {
			d := twoChunks()
			d[fileHeaderSize+rec0+100] ^= 1
			return d
		}(), events: 3, stats: Stats{Chunks: 1, ChunksSkipped: 1, Records: 3}, wantErr: ErrChecksum},
		{name: "bad chunk signature", data: chunk(false, func(c []byte) { c[0] = 'X' }),
			stats: Stats{ChunksSkipped: 1}, wantErr: ErrFormat},
		{name: "zeroed chunk slot", data: evtxtest.File(make([]byte, chunkSize)), stats: Stats{ChunksUnused: 1}},
		{name: "free space offset past the chunk", data: chunk(true, func(c []byte) { binary.LittleEndian.PutUint32(c[48:], 70000) }),
			stats: Stats{ChunksSkipped: 1}, wantErr: ErrFormat},
		{name: "record longer than its chunk", data: chunk(true, func(c []byte) { binary.LittleEndian.PutUint32(c[rec0+4:], 70000) }),
			stats: Stats{Chunks: 1, RecordsSkipped: 1}, wantErr: ErrTruncated},
		{name: "record size below its header", data: chunk(true, func(c []byte) { binary.LittleEndian.PutUint32(c[rec0+4:], 3) }),
			stats: Stats{Chunks: 1, RecordsSkipped: 1}, wantErr: ErrTruncated},
		{name: "record trailing size differs", data: chunk(true, func(c []byte) {
			binary.LittleEndian.PutUint32(c[rec0+firstSize-4:], 1)
		}), events: 2, stats: Stats{Chunks: 1, Records: 2, RecordsSkipped: 1}},
		{name: "bad record signature", data: chunk(true, func(c []byte) { c[rec0] = 0x2b }),
			stats: Stats{Chunks: 1, RecordsSkipped: 1}, wantErr: ErrFormat},
		{name: "absurd template size", data: chunk(true, func(c []byte) {
			// token(1) unknown(1) id(4) offset(4) next(4) guid(16), then size
			binary.LittleEndian.PutUint32(c[rec0+24+4+30:], 0xffffffff)
		}), events: 1, stats: Stats{Chunks: 1, Records: 1, RecordsSkipped: 2}, wantErr: ErrTruncated},
		{name: "absurd name length", data: chunk(true, func(c []byte) {
			// the Event element's inline name: its length field
			off := rec0 + 24 + 4 + 34 + 4 + 11 + 6
			binary.LittleEndian.PutUint16(c[off:], 0xffff)
		}), events: 1, stats: Stats{Chunks: 1, Records: 1, RecordsSkipped: 2}, wantErr: ErrTruncated},
		{name: "absurd element size", data: chunk(true, func(c []byte) {
			binary.LittleEndian.PutUint32(c[rec0+24+4+34+4+3:], 0xfffffff0)
		}), events: 1, stats: Stats{Chunks: 1, Records: 1, RecordsSkipped: 2}, wantErr: ErrTruncated},
		{name: "template that refers to itself", data: selfTemplate(), stats: Stats{Chunks: 1, RecordsSkipped: 1}, wantErr: ErrLimit},
		{name: "deep nesting", data: deepFile(200), stats: Stats{Chunks: 1, RecordsSkipped: 1}, wantErr: ErrLimit},
		{name: "nesting at the limit", data: deepFile(maxDepth - 2), events: 1, stats: Stats{Chunks: 1, Records: 1}},
		{name: "absurd value count", data: valueCount(), stats: Stats{Chunks: 1, RecordsSkipped: 1}, wantErr: ErrLimit},
		{name: "expanding template", data: bomb(), stats: Stats{Chunks: 1, RecordsSkipped: 1}, wantErr: ErrLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := NewReader(bytes.NewReader(tc.data), int64(len(tc.data)))
			if tc.openErr != nil {
				if !errors.Is(err, tc.openErr) {
					t.Fatalf("NewReader error %v, want %v", err, tc.openErr)
				}
				if !strings.HasPrefix(err.Error(), "evtx: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, err := range f.Events(context.Background()) {
				if err != nil {
					t.Fatalf("Events: %v", err)
				}
				n++
			}
			if n != tc.events {
				t.Errorf("%d events, want %d", n, tc.events)
			}
			st := f.Stats()
			problems := st.Problems
			st.Problems = nil
			if diff := cmp.Diff(tc.stats, st); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
			if tc.wantErr != nil && len(problems) == 0 {
				t.Fatalf("no problem reported, want %v", tc.wantErr)
			}
			for _, p := range problems {
				if tc.wantErr != nil && !errors.Is(p, tc.wantErr) {
					t.Errorf("problem %v does not wrap %v", p, tc.wantErr)
				}
				if !strings.HasPrefix(p.Error(), "evtx: ") || !strings.Contains(p.Error(), "offset") {
					t.Errorf("problem %q lacks the prefix or the place", p)
				}
			}
		})
	}
}

// selfTemplate is a chunk whose template contains an instance of itself.
func selfTemplate() []byte {
	w := evtxtest.NewChunk()
	w.Record(1, func() {
		w.Fragment()
		w.U8(tokTemplate)
		w.U8(1)
		w.U32(1)
		def := uint32(w.Pos + 4)
		w.U32(def)
		w.U32(0)
		w.Bytes(make([]byte, 16))
		sizeAt := w.Pos
		w.U32(0)
		start := w.Pos
		w.Fragment()
		w.Reuse(def, nil) // the template refers to itself
		w.EOF()
		binary.LittleEndian.PutUint32(w.Buf[sizeAt:], uint32(w.Pos-start))
		w.Values(nil)
		w.EOF()
	})
	return evtxtest.File(w.Finish(1, 1))
}

// deepFile is a record of depth nested elements.
func deepFile(depth int) []byte {
	w := evtxtest.NewChunk()
	w.Record(1, func() {
		w.Fragment()
		for range depth {
			w.Open("E", false)
			w.CloseStart()
		}
		for range depth {
			w.End()
		}
		w.EOF()
	})
	return evtxtest.File(w.Finish(1, 1))
}

func valueCount() []byte {
	w := evtxtest.NewChunk()
	w.Record(1, func() {
		w.Fragment()
		w.Instance(func() { w.Fragment(); w.Elem("E", func() {}); w.EOF() }, nil)
		w.Pos -= 4
		w.U32(0xffffffff)
		w.EOF()
	})
	return evtxtest.File(w.Finish(1, 1))
}

// bomb is a template that uses one 60 KB value 200 times: 12 MB rendered.
func bomb() []byte {
	w := evtxtest.NewChunk()
	w.Record(1, func() {
		w.Fragment()
		w.Instance(func() {
			w.Fragment()
			w.Open("Event", false)
			w.CloseStart()
			for range 200 {
				w.Subst(0, typeString)
			}
			w.End()
			w.EOF()
		}, []evtxtest.Val{evtxtest.Raw(typeString, bytes.Repeat([]byte{'a', 0}, 30000))})
		w.EOF()
	})
	return evtxtest.File(w.Finish(1, 1))
}

func TestOpenAndWalk(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "b")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, "a.evtx"), filepath.Join(sub, "c.EVTX")} {
		if err := os.WriteFile(p, testFile(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.evtx"), []byte("not an evtx file at all, but long enough to have a header of sorts........................................................................"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.evtx"), filepath.Join(dir, "b", "c.EVTX"), filepath.Join(dir, "bad.evtx")}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("Files (-want +got):\n%s", diff)
	}
	n, errs := 0, 0
	for ev, err := range Walk(context.Background(), dir) {
		if err != nil {
			errs++
			if !errors.Is(err, ErrNotEVTX) || !strings.Contains(err.Error(), "bad.evtx") {
				t.Errorf("walk error %v", err)
			}
			continue
		}
		n++
		if ev.File == "" {
			t.Errorf("event without its file")
		}
	}
	if n != 6 || errs != 1 {
		t.Errorf("Walk: %d events, %d errors; want 6, 1", n, errs)
	}
	if _, err := Open(dir); err == nil {
		t.Errorf("Open(dir) succeeded")
	}
	if _, _, err := ReadFile(context.Background(), filepath.Join(dir, "missing.evtx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFile(missing) = %v", err)
	}
}

// TestWriteRoundTrip reads back what evtxtest.Write writes, over several
// chunks.
func TestWriteRoundTrip(t *testing.T) {
	var in []evtxtest.Event
	for i := range 300 {
		in = append(in, evtxtest.Event{Channel: "Security", Provider: "P", Computer: "h", EventID: uint16(i),
			UserID: testSID, Data: []evtxtest.Field{{Name: "N", Value: strings.Repeat("v", i)}, {Value: "u"}}})
	}
	in = append(in, evtxtest.Event{Channel: "C", EventID: 1102, UserData: []evtxtest.Field{{Name: "SubjectUserName", Value: "x"}}})
	evs, st := read(t, evtxtest.Write(in...))
	if st.Chunks < 2 || st.Records != len(in) || st.Problems != nil {
		t.Fatalf("stats %+v", st)
	}
	for i, e := range evs[:300] {
		want := []Field{{"N", strings.Repeat("v", i)}, {"Data[1]", "u"}}
		if diff := cmp.Diff(want, e.Data); diff != "" || e.EventID != uint16(i) || e.RecordID != uint64(i+1) || e.UserID != "S-1-5-21-1-2-3-500" {
			t.Fatalf("event %d: %+v", i, e)
		}
	}
	if diff := cmp.Diff([]Field{{"SubjectUserName", "x"}}, evs[300].Data); diff != "" {
		t.Errorf("UserData (-want +got):\n%s", diff)
	}
}

// TestRenderingInfo: a forwarded event's RenderingInfo does not become data.
func TestRenderingInfo(t *testing.T) {
	w := evtxtest.NewChunk()
	w.Record(1, func() {
		w.Fragment()
		w.Instance(func() {
			w.Fragment()
			w.Elem("Event", func() {
				systemBody(w)
				w.Elem("EventData", func() {
					w.Open("Data", true)
					w.Attr("Name", false)
					w.Text("TargetUserName")
					w.CloseStart()
					w.Text("alice")
					w.End()
				})
				w.Elem("RenderingInfo", func() {
					w.Elem("Message", func() { w.Text("An account was logged on.") })
					w.Elem("Level", func() { w.Text("Information") })
					w.Elem("Channel", func() { w.Text("Security") })
				})
			})
			w.EOF()
		}, systemVals(4624, 7))
		w.EOF()
	})
	evs, st := read(t, evtxtest.File(w.Finish(1, 1)))
	if st.Records != 1 {
		t.Fatalf("stats %+v", st)
	}
	if diff := cmp.Diff([]Field{{"TargetUserName", "alice"}}, evs[0].Data); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
	if v, _ := evs[0].Field("Level"); v != "4" {
		t.Errorf("Level = %q, want the System value 4", v)
	}
}
