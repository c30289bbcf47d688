package evtx

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"
)

// Substitution value types.
const (
	typeNull       = 0x00
	typeString     = 0x01
	typeAnsi       = 0x02
	typeInt8       = 0x03
	typeUint8      = 0x04
	typeInt16      = 0x05
	typeUint16     = 0x06
	typeInt32      = 0x07
	typeUint32     = 0x08
	typeInt64      = 0x09
	typeUint64     = 0x0a
	typeFloat32    = 0x0b
	typeFloat64    = 0x0c
	typeBool       = 0x0d
	typeBinary     = 0x0e
	typeGUID       = 0x0f
	typeSizeT      = 0x10
	typeFiletime   = 0x11
	typeSystemtime = 0x12
	typeSID        = 0x13
	typeHex32      = 0x14
	typeHex64      = 0x15
	typeEvtHandle  = 0x20
	typeBinXML     = 0x21
	typeEvtXML     = 0x23
	typeArray      = 0x80
)

// timeLayout is how FILETIME and SYSTEMTIME values render, as Windows
// writes SystemTime in event XML.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// filetimeEpoch is 1601-01-01 in Unix seconds.
const filetimeEpoch = -11644473600

func filetime(v uint64) time.Time {
	sec := int64(v/10_000_000) + filetimeEpoch
	nsec := int64(v%10_000_000) * 100
	return time.Unix(sec, nsec).UTC()
}

func systemtime(b []byte) (time.Time, bool) {
	if len(b) < 16 {
		return time.Time{}, false
	}
	u := func(i int) int { return int(binary.LittleEndian.Uint16(b[2*i:])) }
	t := time.Date(u(0), time.Month(u(1)), u(3), u(4), u(5), u(6), u(7)*1_000_000, time.UTC)
	return t, true
}

// win1252 holds the characters of Windows-1252 at 0x80–0x9F; the other
// bytes are Latin-1. 0 marks the five bytes Windows-1252 leaves undefined,
// kept as the C1 control of the same number.
var win1252 = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// cp1252 decodes one byte of an ANSI string as Windows-1252, the code page
// evtxexport assumes by default.
func cp1252(c byte) rune {
	if c >= 0x80 && c < 0xA0 && win1252[c-0x80] != 0 {
		return win1252[c-0x80]
	}
	return rune(c)
}

// fixedSize is the size of one item of a fixed-size type, 0 for others.
func fixedSize(t byte) int {
	switch t {
	case typeInt8, typeUint8:
		return 1
	case typeInt16, typeUint16:
		return 2
	case typeInt32, typeUint32, typeFloat32, typeBool, typeHex32:
		return 4
	case typeInt64, typeUint64, typeFloat64, typeFiletime, typeHex64:
		return 8
	case typeGUID, typeSystemtime:
		return 16
	}
	return 0
}

// render appends the text of a value as Windows renders it in event XML
// (see the package comment for each type). Arrays render their items
// joined by ", ". Nested binary XML is not text; the caller handles it.
func render(dst []byte, typ byte, b []byte) []byte {
	if typ&typeArray != 0 {
		return renderArray(dst, typ&^typeArray, b)
	}
	switch typ {
	case typeNull:
		return dst
	case typeString, typeEvtXML:
		return append(dst, decodeUTF16(b)...)
	case typeAnsi:
		for len(b) > 0 && b[len(b)-1] == 0 {
			b = b[:len(b)-1]
		}
		for _, c := range b {
			dst = append(dst, string(cp1252(c))...)
		}
		return dst
	case typeInt8:
		if len(b) >= 1 {
			return strconv.AppendInt(dst, int64(int8(b[0])), 10)
		}
	case typeUint8:
		if len(b) >= 1 {
			return strconv.AppendUint(dst, uint64(b[0]), 10)
		}
	case typeInt16:
		if len(b) >= 2 {
			return strconv.AppendInt(dst, int64(int16(binary.LittleEndian.Uint16(b))), 10)
		}
	case typeUint16:
		if len(b) >= 2 {
			return strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint16(b)), 10)
		}
	case typeInt32:
		if len(b) >= 4 {
			return strconv.AppendInt(dst, int64(int32(binary.LittleEndian.Uint32(b))), 10)
		}
	case typeUint32:
		if len(b) >= 4 {
			return strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b)), 10)
		}
	case typeInt64:
		if len(b) >= 8 {
			return strconv.AppendInt(dst, int64(binary.LittleEndian.Uint64(b)), 10)
		}
	case typeUint64:
		if len(b) >= 8 {
			return strconv.AppendUint(dst, binary.LittleEndian.Uint64(b), 10)
		}
	case typeFloat32:
		if len(b) >= 4 {
			return strconv.AppendFloat(dst, float64(math.Float32frombits(binary.LittleEndian.Uint32(b))), 'g', -1, 32)
		}
	case typeFloat64:
		if len(b) >= 8 {
			return strconv.AppendFloat(dst, math.Float64frombits(binary.LittleEndian.Uint64(b)), 'g', -1, 64)
		}
	case typeBool:
		var v uint64
		for i, c := range b {
			if i < 8 {
				v |= uint64(c) << (8 * i)
			}
		}
		if len(b) > 0 {
			if v != 0 {
				return append(dst, "true"...)
			}
			return append(dst, "false"...)
		}
	case typeBinary:
		return appendHexUpper(dst, b)
	case typeGUID:
		if len(b) >= 16 {
			return appendGUID(dst, b)
		}
	case typeSizeT, typeHex32, typeHex64, typeEvtHandle:
		switch len(b) {
		case 4:
			return appendHex(dst, uint64(binary.LittleEndian.Uint32(b)))
		case 8:
			return appendHex(dst, binary.LittleEndian.Uint64(b))
		}
	case typeFiletime:
		if len(b) >= 8 {
			return filetime(binary.LittleEndian.Uint64(b)).AppendFormat(dst, timeLayout)
		}
	case typeSystemtime:
		if t, ok := systemtime(b); ok {
			return t.AppendFormat(dst, timeLayout)
		}
	case typeSID:
		if s, _, ok := sid(b); ok {
			return append(dst, s...)
		}
	}
	// A value too short for its type, or of an unknown type: its bytes.
	return appendHexUpper(dst, b)
}

func renderArray(dst []byte, typ byte, b []byte) []byte {
	for i, s := range items(typ, b) {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = append(dst, s...)
	}
	return dst
}

// items splits an array value of the given item type into rendered items:
// strings at their NULs, SIDs by their sizes, other types by their fixed
// size (SizeT and handles 8 bytes). A remainder that is not a whole item
// renders as hex.
func items(typ byte, b []byte) []string {
	var out []string
	switch typ {
	case typeString:
		// Each item ends with a NUL; a last item without one is taken too.
		s := decodeUTF16Raw(b)
		if s == "" {
			return nil
		}
		out = strings.Split(s, "\x00")
		if out[len(out)-1] == "" {
			out = out[:len(out)-1]
		}
		return out
	case typeAnsi:
		for len(b) > 0 && b[len(b)-1] == 0 {
			b = b[:len(b)-1]
		}
		if len(b) == 0 {
			return nil
		}
		for _, part := range bytes.Split(b, []byte{0}) {
			out = append(out, string(render(nil, typeAnsi, part)))
		}
		return out
	case typeSID:
		for len(b) > 0 {
			s, n, ok := sid(b)
			if !ok {
				return append(out, string(appendHexUpper(nil, b)))
			}
			out = append(out, s)
			b = b[n:]
		}
		return out
	}
	size := fixedSize(typ)
	if typ == typeSizeT || typ == typeEvtHandle {
		size = 8
	}
	if size == 0 {
		return []string{string(appendHexUpper(nil, b))}
	}
	for len(b) >= size {
		out = append(out, string(render(nil, typ, b[:size])))
		b = b[size:]
	}
	if len(b) > 0 {
		out = append(out, string(appendHexUpper(nil, b)))
	}
	return out
}

// sid decodes a security identifier and reports its size.
func sid(b []byte) (string, int, bool) {
	if len(b) < 8 {
		return "", 0, false
	}
	n := int(b[1])
	size := 8 + 4*n
	if len(b) < size {
		return "", 0, false
	}
	var auth uint64
	for _, c := range b[2:8] {
		auth = auth<<8 | uint64(c)
	}
	out := make([]byte, 0, 16+11*n)
	out = append(out, "S-"...)
	out = strconv.AppendUint(out, uint64(b[0]), 10)
	out = append(out, '-')
	out = strconv.AppendUint(out, auth, 10)
	for i := range n {
		out = append(out, '-')
		out = strconv.AppendUint(out, uint64(binary.LittleEndian.Uint32(b[8+4*i:])), 10)
	}
	return string(out), size, true
}

func appendHex(dst []byte, v uint64) []byte {
	dst = append(dst, "0x"...)
	return strconv.AppendUint(dst, v, 16)
}

func appendHexUpper(dst []byte, b []byte) []byte {
	n := len(dst)
	dst = hex.AppendEncode(dst, b)
	for i := n; i < len(dst); i++ {
		if c := dst[i]; c >= 'a' && c <= 'f' {
			dst[i] = c - 'a' + 'A'
		}
	}
	return dst
}

func appendGUID(dst []byte, b []byte) []byte {
	d1 := binary.LittleEndian.Uint32(b)
	d2 := binary.LittleEndian.Uint16(b[4:])
	d3 := binary.LittleEndian.Uint16(b[6:])
	var be [16]byte
	binary.BigEndian.PutUint32(be[0:], d1)
	binary.BigEndian.PutUint16(be[4:], d2)
	binary.BigEndian.PutUint16(be[6:], d3)
	copy(be[8:], b[8:16])
	dst = append(dst, '{')
	dst = appendHexUpper(dst, be[0:4])
	dst = append(dst, '-')
	dst = appendHexUpper(dst, be[4:6])
	dst = append(dst, '-')
	dst = appendHexUpper(dst, be[6:8])
	dst = append(dst, '-')
	dst = appendHexUpper(dst, be[8:10])
	dst = append(dst, '-')
	dst = appendHexUpper(dst, be[10:16])
	return append(dst, '}')
}
