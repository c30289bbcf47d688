package evtxtest

import (
	"encoding/binary"
	"time"
)

// Event is an event for Write: System fields and named data.
type Event struct {
	Provider string
	Channel  string
	Computer string
	EventID  uint16
	RecordID uint64    // 0: numbered from 1 in order
	Time     time.Time // zero: 2024-01-01T00:00:00Z plus one second per record
	UserID   []byte    // a binary SID, or nil
	Data     []Field   // EventData/Data elements, Name attributes (empty: unnamed)
	UserData []Field   // instead of Data: UserData/<Element>/<Name>value</Name>
}

// Field is a data name and its string value.
type Field struct{ Name, Value string }

// Write returns an EVTX file holding the events, as many chunks as they
// need. Each record carries its own template, the values as substitutions
// (strings, a FILETIME, integers, a SID).
func Write(events ...Event) []byte {
	var chunks [][]byte
	w := NewChunk()
	first := uint64(1)
	last := uint64(0)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, e := range events {
		rec := e.RecordID
		if rec == 0 {
			rec = uint64(i + 1)
		}
		t := e.Time
		if t.IsZero() {
			t = base.Add(time.Duration(i) * time.Second)
		}
		size := 2048 + 8*len(e.Provider+e.Channel+e.Computer)
		for _, f := range append(e.Data, e.UserData...) {
			size += 64 + 4*(len(f.Name)+len(f.Value))
		}
		if w.Pos+size > chunkSize && last >= first {
			chunks = append(chunks, w.Finish(first, last))
			w = NewChunk()
			first = rec
		}
		w.Record(rec, func() {
			w.Fragment()
			w.Instance(func() { eventTemplate(w, e) }, eventValues(e, rec, t))
			w.EOF()
		})
		last = rec
	}
	if last >= first || len(chunks) == 0 {
		chunks = append(chunks, w.Finish(first, last))
	}
	return File(chunks...)
}

func eventTemplate(w *Chunk, e Event) {
	w.Fragment()
	w.Open("Event", true)
	w.Attr("xmlns", false)
	w.Text("http://schemas.microsoft.com/win/2004/08/events/event")
	w.CloseStart()
	w.Elem("System", func() {
		w.Open("Provider", true)
		w.Attr("Name", false)
		w.Subst(0, typeString)
		w.CloseEmpty()
		w.Elem("EventID", func() { w.Subst(1, 0x06) })
		w.Open("TimeCreated", true)
		w.Attr("SystemTime", false)
		w.Subst(2, 0x11)
		w.CloseEmpty()
		w.Elem("EventRecordID", func() { w.Subst(3, 0x0a) })
		w.Elem("Channel", func() { w.Subst(4, typeString) })
		w.Elem("Computer", func() { w.Subst(5, typeString) })
		w.Open("Security", true)
		w.Attr("UserID", false)
		w.OptSubst(6, 0x13)
		w.CloseEmpty()
	})
	if e.UserData != nil {
		w.Elem("UserData", func() {
			w.Elem("EventXML", func() {
				for i, f := range e.UserData {
					w.Elem(f.Name, func() { w.Subst(uint16(7+i), typeString) })
				}
			})
		})
	} else {
		w.Elem("EventData", func() {
			for i, f := range e.Data {
				if f.Name == "" {
					w.Elem("Data", func() { w.Subst(uint16(7+i), typeString) })
					continue
				}
				w.Open("Data", true)
				w.Attr("Name", false)
				w.Text(f.Name)
				w.CloseStart()
				w.Subst(uint16(7+i), typeString)
				w.End()
			}
		})
	}
	w.End()
	w.EOF()
}

func eventValues(e Event, rec uint64, t time.Time) []Val {
	ft := uint64(t.UnixNano()/100) + 116_444_736_000_000_000
	vals := []Val{
		Raw(typeString, UTF16LE(e.Provider)),
		Raw(0x06, binary.LittleEndian.AppendUint16(nil, e.EventID)),
		Raw(0x11, binary.LittleEndian.AppendUint64(nil, ft)),
		Raw(0x0a, binary.LittleEndian.AppendUint64(nil, rec)),
		Raw(typeString, UTF16LE(e.Channel)),
		Raw(typeString, UTF16LE(e.Computer)),
		Raw(0x13, e.UserID),
	}
	if e.UserID == nil {
		vals[6] = Raw(0x00, nil)
	}
	fields := e.Data
	if e.UserData != nil {
		fields = e.UserData
	}
	for _, f := range fields {
		vals = append(vals, Raw(typeString, UTF16LE(f.Value)))
	}
	return vals
}
