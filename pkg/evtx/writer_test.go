package evtx

import (
	"encoding/binary"

	"github.com/huntbook/huntbook/pkg/evtx/evtxtest"
)

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// systemBody writes the System element with substitutions 0–15:
// provider name, GUID, qualifiers, event ID, version, level, task, opcode,
// keywords, time, record ID, process, thread, channel, computer, user.
func systemBody(w *evtxtest.Chunk) {
	w.Open("System", false)
	w.CloseStart()
	w.Open("Provider", true)
	w.Attr("Name", true)
	w.Subst(0, typeString)
	w.Attr("Guid", false)
	w.OptSubst(1, typeGUID)
	w.CloseEmpty()
	w.Open("EventID", true)
	w.Attr("Qualifiers", false)
	w.OptSubst(2, typeUint16)
	w.CloseStart()
	w.Subst(3, typeUint16)
	w.End()
	for i, n := range []string{"Version", "Level", "Task", "Opcode", "Keywords"} {
		w.Elem(n, func() { w.OptSubst(uint16(4+i), 0) })
	}
	w.Open("TimeCreated", true)
	w.Attr("SystemTime", false)
	w.OptSubst(9, typeFiletime)
	w.CloseEmpty()
	w.Elem("EventRecordID", func() { w.OptSubst(10, typeUint64) })
	w.Open("Execution", true)
	w.Attr("ProcessID", true)
	w.OptSubst(11, typeUint32)
	w.Attr("ThreadID", false)
	w.OptSubst(12, typeUint32)
	w.CloseEmpty()
	w.Elem("Channel", func() { w.Subst(13, typeString) })
	w.Elem("Computer", func() { w.Subst(14, typeString) })
	w.Open("Security", true)
	w.Attr("UserID", false)
	w.OptSubst(15, typeSID)
	w.CloseEmpty()
	w.End()
}

var testSID = []byte{1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xf4, 1, 0, 0}

func systemVals(id uint16, rec uint64) []evtxtest.Val {
	return []evtxtest.Val{
		evtxtest.Raw(typeString, evtxtest.UTF16LE("Test-Provider")),
		evtxtest.Raw(typeGUID, []byte{0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d}),
		evtxtest.Raw(typeUint16, le16(0x8000)),
		evtxtest.Raw(typeUint16, le16(id)),
		evtxtest.Raw(typeUint8, []byte{2}),
		evtxtest.Raw(typeUint8, []byte{4}),
		evtxtest.Raw(typeUint16, le16(12544)),
		evtxtest.Raw(typeUint8, []byte{1}),
		evtxtest.Raw(typeHex64, le64(0x8020000000000000)),
		evtxtest.Raw(typeFiletime, le64(132_000_000_001_234_567)),
		evtxtest.Raw(typeUint64, le64(rec)),
		evtxtest.Raw(typeUint32, le32(4)),
		evtxtest.Raw(typeUint32, le32(5772)),
		evtxtest.Raw(typeString, evtxtest.UTF16LE("Security")),
		evtxtest.Raw(typeString, evtxtest.UTF16LE("host.example")),
		evtxtest.Raw(typeSID, []byte{1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}),
	}
}
