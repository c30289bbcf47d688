package synth

import (
	"strconv"
	"strings"
)

// width is where PyYAML wraps long scalars.
const width = 80

// appendScalar writes s the way PyYAML's emitter would choose: plain when
// that reads back as the same string, single-quoted when plain would not
// (numbers, leading indicators, ": "), double-quoted with escapes for
// non-ASCII or control characters; long plain and double-quoted values are
// wrapped at spaces onto lines indented by two more spaces. col is the
// column the value starts at.
func appendScalar(b []byte, s string, col int) []byte {
	switch {
	case needsDouble(s):
		return appendDouble(b, s, col)
	case needsSingle(s):
		return append(append(append(b, '\''), strings.ReplaceAll(s, "'", "''")...), '\'')
	}
	return appendWrapped(b, s, col)
}

func needsDouble(s string) bool {
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return true
		}
	}
	return false
}

func needsSingle(s string) bool {
	if s == "" || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@` ") || strings.HasSuffix(s, " ") {
		return true
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return true
	}
	switch strings.ToLower(s) {
	case "null", "~", "true", "false", "yes", "no", "on", "off", ".nan", ".inf", "-.inf", "y", "n":
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	return s[0] >= '0' && s[0] <= '9'
}

// appendWrapped writes a plain scalar, breaking at spaces past the width.
func appendWrapped(b []byte, s string, col int) []byte {
	words := strings.Split(s, " ")
	pos := col
	for i, w := range words {
		if i > 0 {
			if pos+1+len(w) > width && !strings.Contains(w, "  ") && w != "" && words[i-1] != "" {
				b = append(b, "\n    "...)
				pos = 4
			} else {
				b = append(b, ' ')
				pos++
			}
		}
		b = append(b, w...)
		pos += len(w)
	}
	return b
}

// appendDouble writes a double-quoted scalar with \x, \u and \U escapes,
// wrapping at spaces with PyYAML's escaped line breaks.
func appendDouble(b []byte, s string, col int) []byte {
	b = append(b, '"')
	pos := col + 1
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
			pos += 2
		case r == ' ' && pos > width && i+1 < len(s) && s[i+1] != ' ':
			// Break here: the space is kept by escaping the line break
			// after it.
			b = append(b, " \\\n    "...)
			pos = 4
		case r >= 0x20 && r < 0x7f:
			b = append(b, byte(r))
			pos++
		case r <= 0xff:
			b = append(b, '\\', 'x')
			b = appendHex(b, uint32(r), 2)
			pos += 4
		case r <= 0xffff:
			b = append(b, '\\', 'u')
			b = appendHex(b, uint32(r), 4)
			pos += 6
		default:
			b = append(b, '\\', 'U')
			b = appendHex(b, uint32(r), 8)
			pos += 10
		}
	}
	return append(b, '"')
}

func appendHex(b []byte, v uint32, digits int) []byte {
	const hex = "0123456789ABCDEF"
	for i := digits - 1; i >= 0; i-- {
		b = append(b, hex[(v>>(4*uint(i)))&0xf])
	}
	return b
}
