package auditpol

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf16"
)

// MaxSize is the largest policy file read, in bytes (real ones are a few
// kilobytes).
const MaxSize = 4 << 20

// Sentinel errors, matched with errors.Is.
var (
	ErrSyntax   = errors.New("malformed CSV")
	ErrColumns  = errors.New("wrong columns")
	ErrSetting  = errors.New("unknown setting")
	ErrTooLarge = errors.New("too large")
	ErrEmpty    = errors.New("no subcategories")
)

// Error is a problem at a place in a policy file.
type Error struct {
	Source string // the file name
	Line   int    // 1-based; 0 if unknown
	Column string // the column ("element") read, "" if none
	Err    error
	Detail string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("auditpol: ")
	if e.Source != "" {
		b.WriteString(e.Source)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	}
	if e.Column != "" {
		b.WriteString("column " + strconv.Quote(e.Column) + ": ")
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Setting is a subcategory's audit setting, as the Setting Value column
// writes it.
type Setting int

const (
	None              Setting = 0
	Success           Setting = 1
	Failure           Setting = 2
	SuccessAndFailure Setting = 3
)

func (s Setting) String() string {
	switch s {
	case None:
		return "No Auditing"
	case Success:
		return "Success"
	case Failure:
		return "Failure"
	case SuccessAndFailure:
		return "Success and Failure"
	}
	return "Setting(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes the setting as auditpol names it.
func (s Setting) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Audits reports whether the setting audits the outcome.
func (s Setting) Audits(o Outcome) bool {
	switch o {
	case OnSuccess:
		return s&Success != 0
	case OnFailure:
		return s&Failure != 0
	}
	return s == SuccessAndFailure
}

// parseSetting reads auditpol's words for a setting ("Success and
// Failure", "No Auditing").
func parseSetting(s string) (Setting, bool) {
	switch strings.ToLower(strings.Join(strings.Fields(s), " ")) {
	case "no auditing", "none", "":
		return None, true
	case "success":
		return Success, true
	case "failure":
		return Failure, true
	case "success and failure", "success, failure", "success,failure":
		return SuccessAndFailure, true
	}
	return 0, false
}

// Entry is one subcategory row of a policy.
type Entry struct {
	Machine     string  `json:"machine,omitempty"`
	Target      string  `json:"target,omitempty"`
	Subcategory string  `json:"subcategory"` // as written ("Audit Process Creation")
	GUID        string  `json:"guid,omitempty"`
	Setting     Setting `json:"setting"`
	// Known is false for a subcategory huntbook does not know by GUID or
	// name (a localised name with no GUID); Name is then Subcategory.
	Known bool   `json:"known"`
	Name  string `json:"name"` // the subcategory's English name ("Process Creation")
	Line  int    `json:"line"`
}

// Option is a row that is not a subcategory: an auditing option
// ("Option:CrashOnAuditFail") or a global object access SACL.
type Option struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Line  int    `json:"line"`
}

// Policy is an audit policy file as read.
type Policy struct {
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
	// Format is "backup" (auditpol /backup, GPO Audit.csv: with Setting
	// Value) or "report" (auditpol /get /category:* /r).
	Format   string   `json:"format"`
	Entries  []Entry  `json:"entries"`
	Options  []Option `json:"options"`
	Warnings []string `json:"warnings"`
}

// Setting returns the setting of the named subcategory (English name) and
// whether the policy sets it.
func (p *Policy) Setting(name string) (Setting, bool) {
	var got Setting
	found := false
	for _, e := range p.Entries {
		if strings.EqualFold(e.Name, name) {
			got, found = e.Setting, true // the last row wins, as when auditpol /restore applies them in order
		}
	}
	return got, found
}

// The columns of the two formats.
var (
	backupColumns = []string{"Machine Name", "Policy Target", "Subcategory", "Subcategory GUID", "Inclusion Setting", "Exclusion Setting", "Setting Value"}
	reportColumns = backupColumns[:6]
)

// Load reads a policy file.
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("auditpol: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("auditpol: reading %s: %w", path, err)
	}
	return Parse(data, path)
}

// Parse reads a policy held in memory: auditpol /backup or GPO Audit.csv
// (the header of backupColumns), or auditpol /get /category:* /r (the
// first six of them). name is used in errors.
func Parse(data []byte, name string) (*Policy, error) {
	if len(data) > MaxSize {
		return nil, &Error{Source: name, Err: ErrTooLarge, Detail: fmt.Sprintf("larger than %d MB; an audit policy is a few kilobytes", MaxSize>>20)}
	}
	sum := sha256.Sum256(data)
	p := &Policy{Source: name, SHA256: hex.EncodeToString(sum[:]), Entries: []Entry{}, Options: []Option{}, Warnings: []string{}}
	text := toUTF8(data)
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	// auditpol /r output starts with a blank line on some versions.
	header, err := r.Read()
	for err == nil && len(header) == 1 && strings.TrimSpace(header[0]) == "" {
		header, err = r.Read()
	}
	if err == io.EOF {
		return nil, &Error{Source: name, Err: ErrEmpty, Detail: "the file is empty; write auditpol /backup /file:audit.csv"}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	hline, _ := r.FieldPos(0)
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	switch {
	case equal(header, backupColumns):
		p.Format = "backup"
	case equal(header, reportColumns):
		p.Format = "report"
	default:
		col := ""
		for i, want := range backupColumns {
			if i >= len(header) || !strings.EqualFold(header[i], want) {
				col = want
				if i < len(header) {
					col = header[i]
				}
				break
			}
		}
		if col == "" && len(header) > len(backupColumns) {
			col = header[len(backupColumns)]
		}
		return nil, &Error{Source: name, Line: hline, Column: col, Err: ErrColumns,
			Detail: "want the header " + strings.Join(backupColumns, ",") + " (auditpol /backup, GPO Audit.csv) or its first six columns (auditpol /get /category:* /r)"}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			return nil, &Error{Source: name, Line: line, Err: ErrColumns, Detail: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header))}
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		sub, guid := rec[2], rec[3]
		if guid == "" || strings.HasPrefix(sub, "Option:") || strings.HasPrefix(sub, "Global") {
			v := rec[4]
			if p.Format == "backup" && rec[6] != "" {
				v = rec[6]
			}
			p.Options = append(p.Options, Option{Name: sub, Value: v, Line: line})
			continue
		}
		e := Entry{Machine: rec[0], Target: rec[1], Subcategory: sub, GUID: guid, Line: line}
		if p.Format == "backup" {
			n, err := strconv.Atoi(rec[6])
			if err != nil || n < 0 || n > 3 {
				return nil, &Error{Source: name, Line: line, Column: "Setting Value", Err: ErrSetting,
					Detail: fmt.Sprintf("%q for %s; write 0 (none), 1 (success), 2 (failure) or 3 (success and failure)", clip(rec[6]), clip(sub))}
			}
			e.Setting = Setting(n)
			if words, ok := parseSetting(rec[4]); ok && rec[4] != "" && words != e.Setting {
				p.Warnings = append(p.Warnings, fmt.Sprintf("line %d: %s: Inclusion Setting %q disagrees with Setting Value %d; the value is used", line, sub, rec[4], n))
			}
		} else {
			st, ok := parseSetting(rec[4])
			if !ok {
				return nil, &Error{Source: name, Line: line, Column: "Inclusion Setting", Err: ErrSetting,
					Detail: fmt.Sprintf("%q for %s; auditpol writes No Auditing, Success, Failure or Success and Failure", clip(rec[4]), clip(sub))}
			}
			e.Setting = st
		}
		if sc, ok := Lookup(sub, guid); ok {
			e.Known, e.Name = true, sc.Name
		} else {
			e.Name = strings.TrimPrefix(sub, "Audit ")
			p.Warnings = append(p.Warnings, fmt.Sprintf("line %d: subcategory %q (GUID %s) is not one huntbook knows; kept, it produces no event here", line, clip(sub), clip(guid)))
		}
		p.Entries = append(p.Entries, e)
	}
	if len(p.Entries) == 0 {
		return nil, &Error{Source: name, Err: ErrEmpty, Detail: "no subcategory rows; configure advanced audit policy and export it with auditpol /backup"}
	}
	return p, nil
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// toUTF8 drops a UTF-8 byte order mark and converts UTF-16 with a mark
// (auditpol /backup writes Unicode on some Windows versions).
func toUTF8(data []byte) []byte {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:]
	case len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF):
		le := data[0] == 0xFF
		body := data[2:]
		u := make([]uint16, len(body)/2)
		for i := range u {
			if le {
				u[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
			} else {
				u[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			}
		}
		return []byte(string(utf16.Decode(u)))
	}
	return data
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Source: name, Line: pe.Line, Err: ErrSyntax, Detail: pe.Err.Error()}
	}
	return &Error{Source: name, Err: ErrSyntax, Detail: err.Error()}
}
