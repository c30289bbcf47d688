package hunt

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"gopkg.in/yaml.v3"
)

func decode(t testing.TB, src string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal([]byte(src), &m); err != nil {
		t.Fatalf("yaml: %v\n%s", err, src)
	}
	return m
}

// Each case is a hand-written detection and an event, with whether the
// event matches as the Sigma specification defines it.
func TestMatch(t *testing.T) {
	proc := MapEvent{
		"Image":       `C:\Windows\System32\cmd.exe`,
		"CommandLine": `cmd.exe /c whoami -all`,
		"ParentImage": `C:\Windows\explorer.exe`,
		"User":        `CORP\alice`,
		"ParentUser":  `corp\ALICE`,
		"EventID":     "1",
		"LogonId":     "0x3e7",
		"Empty":       "",
		"Number":      "42",
		"IpAddress":   "::ffff:10.1.2.3",
		"DestIp":      "192.168.7.9",
		"Pattern":     `a*b?c\d`,
	}
	tests := []struct {
		name string
		det  string
		ev   MapEvent
		want bool
	}{
		// Plain values: whole-value, case-insensitive equality.
		{"equal", "sel: {Image: 'C:\\Windows\\System32\\cmd.exe'}\ncondition: sel", proc, true},
		{"equal ignores case", "sel: {Image: 'c:\\windows\\system32\\CMD.EXE'}\ncondition: sel", proc, true},
		{"equal is whole value", "sel: {Image: 'cmd.exe'}\ncondition: sel", proc, false},
		{"missing field", "sel: {Nope: 'x'}\ncondition: sel", proc, false},
		{"number value", "sel: {EventID: 1}\ncondition: sel", proc, true},
		{"number value no match", "sel: {EventID: 4688}\ncondition: sel", proc, false},
		{"number list", "sel: {EventID: [4688, 1]}\ncondition: sel", proc, true},
		{"float value", "sel: {Number: 42.0}\ncondition: sel", proc, true},
		{"empty string matches empty", "sel: {Empty: ''}\ncondition: sel", proc, true},
		{"empty string needs the field", "sel: {Nope: ''}\ncondition: sel", proc, false},
		// Maps are AND, lists of values OR, lists of maps OR.
		{"map is and", "sel: {Image|endswith: '\\cmd.exe', ParentImage|endswith: '\\explorer.exe'}\ncondition: sel", proc, true},
		{"map is and, one fails", "sel: {Image|endswith: '\\cmd.exe', ParentImage|endswith: '\\services.exe'}\ncondition: sel", proc, false},
		{"value list is or", "sel: {Image|endswith: ['\\powershell.exe', '\\cmd.exe']}\ncondition: sel", proc, true},
		{"value list none", "sel: {Image|endswith: ['\\powershell.exe', '\\pwsh.exe']}\ncondition: sel", proc, false},
		{"list of maps is or", "sel:\n  - Image|endswith: '\\pwsh.exe'\n  - CommandLine|contains: whoami\ncondition: sel", proc, true},
		{"list of maps none", "sel:\n  - Image|endswith: '\\pwsh.exe'\n  - CommandLine|contains: mimikatz\ncondition: sel", proc, false},
		// Wildcards and escapes.
		{"star", "sel: {Image: 'C:\\\\*\\cmd.exe'}\ncondition: sel", proc, true},
		{"two stars", "sel: {CommandLine: '*/c*-all'}\ncondition: sel", proc, true},
		{"stars in order", "sel: {CommandLine: '*-all*/c*'}\ncondition: sel", proc, false},
		{"question mark", "sel: {Image: 'C:\\Windows\\System3?\\cmd.exe'}\ncondition: sel", proc, true},
		{"question mark is one character", "sel: {Image: 'C:\\Windows\\System?\\cmd.exe'}\ncondition: sel", proc, false},
		{"escaped star is literal", "sel: {Pattern|startswith: 'a\\*b'}\ncondition: sel", proc, true},
		{"escaped star not a wildcard", "sel: {Image|startswith: 'C:\\*'}\ncondition: sel", proc, false},
		{"escaped question mark", "sel: {Pattern|contains: 'b\\?c'}\ncondition: sel", proc, true},
		{"backslash before ordinary char", "sel: {Pattern|endswith: 'c\\d'}\ncondition: sel", proc, true},
		{"double backslash is one", "sel: {Pattern|endswith: 'c\\\\d'}\ncondition: sel", proc, true},
		{"double backslash then star", "sel: {Image: 'C:\\\\*'}\ncondition: sel", proc, true},
		// contains, startswith, endswith; cased.
		{"contains", "sel: {CommandLine|contains: WHOAMI}\ncondition: sel", proc, true},
		{"startswith", "sel: {CommandLine|startswith: 'cmd.exe /c'}\ncondition: sel", proc, true},
		{"startswith no", "sel: {CommandLine|startswith: '/c'}\ncondition: sel", proc, false},
		{"endswith", "sel: {CommandLine|endswith: '-ALL'}\ncondition: sel", proc, true},
		{"contains with inner star", "sel: {CommandLine|contains: 'cmd*whoami'}\ncondition: sel", proc, true},
		{"cased match", "sel: {CommandLine|contains|cased: whoami}\ncondition: sel", proc, true},
		{"cased mismatch", "sel: {CommandLine|contains|cased: WHOAMI}\ncondition: sel", proc, false},
		{"cased equal", "sel: {User|cased: 'corp\\alice'}\ncondition: sel", proc, false},
		// all.
		{"contains all", "sel: {CommandLine|contains|all: [whoami, '/c', '-all']}\ncondition: sel", proc, true},
		{"contains all, one missing", "sel: {CommandLine|contains|all: [whoami, '/priv']}\ncondition: sel", proc, false},
		{"all single value", "sel: {CommandLine|contains|all: whoami}\ncondition: sel", proc, true},
		// null.
		{"null on missing field", "sel: {Nope: null}\ncondition: sel", proc, true},
		{"null on empty field", "sel: {Empty: null}\ncondition: sel", proc, true},
		{"null on set field", "sel: {Image: null}\ncondition: sel", proc, false},
		{"null in a value list", "sel: {Nope: ['x', null]}\ncondition: sel", proc, true},
		{"not null", "filter: {Image: null}\ncondition: not filter", proc, true},
		// exists.
		{"exists true", "sel: {Image|exists: true}\ncondition: sel", proc, true},
		{"exists true on empty", "sel: {Empty|exists: true}\ncondition: sel", proc, true},
		{"exists true missing", "sel: {Nope|exists: true}\ncondition: sel", proc, false},
		{"exists false missing", "sel: {Nope|exists: false}\ncondition: sel", proc, true},
		{"exists false set", "sel: {Image|exists: false}\ncondition: sel", proc, false},
		// re and its sub-modifiers.
		{"re search", `sel: {CommandLine|re: '/c\s+who'}` + "\ncondition: sel", proc, true},
		{"re anchored", `sel: {CommandLine|re: '^who'}` + "\ncondition: sel", proc, false},
		{"re is cased", `sel: {CommandLine|re: 'WHOAMI'}` + "\ncondition: sel", proc, false},
		{"re i", `sel: {CommandLine|re|i: 'WHOAMI'}` + "\ncondition: sel", proc, true},
		{"re m", "sel: {Text|re|m: '^two$'}\ncondition: sel", MapEvent{"Text": "one\ntwo\nthree"}, true},
		{"re without m", "sel: {Text|re: '^two$'}\ncondition: sel", MapEvent{"Text": "one\ntwo\nthree"}, false},
		{"re s", "sel: {Text|re|s: 'one.two'}\ncondition: sel", MapEvent{"Text": "one\ntwo"}, true},
		{"re without s", "sel: {Text|re: 'one.two'}\ncondition: sel", MapEvent{"Text": "one\ntwo"}, false},
		{"re list", `sel: {Image|re: ['pwsh', 'cmd\.exe$']}` + "\ncondition: sel", proc, true},
		// cidr.
		{"cidr v4", "sel: {DestIp|cidr: '192.168.0.0/16'}\ncondition: sel", proc, true},
		{"cidr v4 outside", "sel: {DestIp|cidr: '10.0.0.0/8'}\ncondition: sel", proc, false},
		{"cidr mapped v6 address", "sel: {IpAddress|cidr: '10.0.0.0/8'}\ncondition: sel", proc, true},
		{"cidr list", "sel: {DestIp|cidr: ['10.0.0.0/8', '192.168.7.0/24']}\ncondition: sel", proc, true},
		{"cidr v6", "sel: {Ip|cidr: 'fe80::/10'}\ncondition: sel", MapEvent{"Ip": "fe80::1%12"}, true},
		{"cidr not an address", "sel: {Image|cidr: '10.0.0.0/8'}\ncondition: sel", proc, false},
		{"cidr host bits set", "sel: {DestIp|cidr: '192.168.7.1/24'}\ncondition: sel", proc, true},
		// Numeric comparisons.
		{"lt", "sel: {Number|lt: 43}\ncondition: sel", proc, true},
		{"lt equal", "sel: {Number|lt: 42}\ncondition: sel", proc, false},
		{"lte", "sel: {Number|lte: 42}\ncondition: sel", proc, true},
		{"gt", "sel: {Number|gt: 41}\ncondition: sel", proc, true},
		{"gt no", "sel: {Number|gt: 42}\ncondition: sel", proc, false},
		{"gte", "sel: {Number|gte: 42}\ncondition: sel", proc, true},
		{"gte hex field", "sel: {LogonId|gte: 999}\ncondition: sel", proc, true},
		{"gt not a number", "sel: {Image|gt: 1}\ncondition: sel", proc, false},
		{"lt string number", "sel: {Number|lt: '50'}\ncondition: sel", proc, true},
		// fieldref.
		{"fieldref equal ignoring case", "sel: {User|fieldref: ParentUser}\ncondition: sel", proc, true},
		{"fieldref cased", "sel: {User|fieldref|cased: ParentUser}\ncondition: sel", proc, false},
		{"fieldref differs", "sel: {Image|fieldref: ParentImage}\ncondition: sel", proc, false},
		{"fieldref missing other", "sel: {Image|fieldref: Nope}\ncondition: sel", proc, false},
		{"fieldref endswith", "sel: {Path|fieldref|endswith: Name}\ncondition: sel", MapEvent{"Path": `C:\x\a.exe`, "Name": "A.EXE"}, true},
		{"fieldref contains", "sel: {Path|fieldref|contains: Name}\ncondition: sel", MapEvent{"Path": `C:\x\a.exe`, "Name": `\X\`}, true},
		{"fieldref startswith no", "sel: {Path|fieldref|startswith: Name}\ncondition: sel", MapEvent{"Path": `C:\x\a.exe`, "Name": "a.exe"}, false},
		// base64 and base64offset: case-sensitive matches of the encoding.
		{"base64", "sel: {Blob|base64: 'http://'}\ncondition: sel", MapEvent{"Blob": "aHR0cDovLw=="}, true},
		{"base64 contains", "sel: {Blob|base64|contains: 'http://'}\ncondition: sel", MapEvent{"Blob": "xx aHR0cDovLw== yy"}, true},
		{"base64 is cased", "sel: {Blob|base64: 'http://'}\ncondition: sel", MapEvent{"Blob": "AHR0CDOVLW=="}, false},
		{"base64offset 0", "sel: {Cmd|base64offset|contains: 'IEX ('}\ncondition: sel", MapEvent{"Cmd": "-e " + b64("IEX (New-Object)")}, true},
		{"base64offset 1", "sel: {Cmd|base64offset|contains: 'IEX ('}\ncondition: sel", MapEvent{"Cmd": "-e " + b64("xIEX (New-Object)")}, true},
		{"base64offset 2", "sel: {Cmd|base64offset|contains: 'IEX ('}\ncondition: sel", MapEvent{"Cmd": "-e " + b64("xyIEX (New-Object)")}, true},
		{"base64offset absent", "sel: {Cmd|base64offset|contains: 'IEX ('}\ncondition: sel", MapEvent{"Cmd": "-e " + b64("Invoke-Expression")}, false},
		{"utf16le base64offset", "sel: {Cmd|wide|base64offset|contains: 'whoami'}\ncondition: sel", MapEvent{"Cmd": "-enc " + b64(utf16le("cmd /c whoami"))}, true},
		{"utf16le ascii is not utf16", "sel: {Cmd|utf16le|base64offset|contains: 'whoami'}\ncondition: sel", MapEvent{"Cmd": "-enc " + b64("cmd /c whoami")}, false},
		{"utf16be base64", "sel: {Cmd|utf16be|base64: 'ab'}\ncondition: sel", MapEvent{"Cmd": b64("\x00a\x00b")}, true},
		{"utf16 with bom base64", "sel: {Cmd|utf16|base64: 'ab'}\ncondition: sel", MapEvent{"Cmd": b64("\xff\xfea\x00b\x00")}, true},
		// windash.
		{"windash dash", "sel: {CommandLine|windash|contains: ' -all'}\ncondition: sel", proc, true},
		{"windash slash for dash", "sel: {CommandLine|windash|contains: ' /all'}\ncondition: sel", proc, true},
		{"windash dash for slash", "sel: {CommandLine|windash|contains: ' -c '}\ncondition: sel", proc, true},
		{"windash en dash", "sel: {C|windash|contains: ' -enc'}\ncondition: sel", MapEvent{"C": "powershell –enc AAA"}, true},
		{"windash em dash", "sel: {C|windash|contains: ' -enc'}\ncondition: sel", MapEvent{"C": "powershell —enc AAA"}, true},
		{"windash horizontal bar", "sel: {C|windash|contains: ' -enc'}\ncondition: sel", MapEvent{"C": "powershell ―enc AAA"}, true},
		{"windash two dashes", "sel: {C|windash|contains|all: [' -nop ', ' -w hidden']}\ncondition: sel", MapEvent{"C": "ps /nop –w hidden"}, true},
		{"windash not mid-word", "sel: {C|windash|contains: 'a-b'}\ncondition: sel", MapEvent{"C": "a/b"}, false},
		{"without windash", "sel: {C|contains: ' -enc'}\ncondition: sel", MapEvent{"C": "powershell /enc AAA"}, false},
		// Keywords: any value of the event contains one.
		{"keyword list", "keywords: [mimikatz, whoami]\ncondition: keywords", proc, true},
		{"keyword none", "keywords: [mimikatz, sekurlsa]\ncondition: keywords", proc, false},
		{"keyword ignores case", "keywords: [WHOAMI]\ncondition: keywords", proc, true},
		{"keyword string", "keywords: 'explorer.exe'\ncondition: keywords", proc, true},
		{"keyword wildcard", "keywords: ['cmd*-all']\ncondition: keywords", proc, true},
		{"keywords all", "keywords:\n  '|all': [whoami, explorer]\ncondition: keywords", proc, true},
		{"keywords all one missing", "keywords:\n  '|all': [whoami, mimikatz]\ncondition: keywords", proc, false},
		{"keywords with field", "sel:\n  '|all': [whoami, explorer]\n  Image|endswith: cmd.exe\ncondition: sel", proc, true},
		// Conditions.
		{"and", "a: {Image|endswith: cmd.exe}\nb: {User: 'corp\\alice'}\ncondition: a and b", proc, true},
		{"and fails", "a: {Image|endswith: cmd.exe}\nb: {User: bob}\ncondition: a and b", proc, false},
		{"or", "a: {Image|endswith: pwsh.exe}\nb: {User: 'corp\\alice'}\ncondition: a or b", proc, true},
		{"not", "a: {Image|endswith: cmd.exe}\nf: {User: bob}\ncondition: a and not f", proc, true},
		{"not filters", "a: {Image|endswith: cmd.exe}\nf: {User: 'corp\\alice'}\ncondition: a and not f", proc, false},
		{"and binds tighter than or", "a: {Image: x}\nb: {Image|endswith: cmd.exe}\nc: {User: bob}\ncondition: a and b or b and not c", proc, true},
		{"or inside parentheses", "a: {Image: x}\nb: {Image|endswith: cmd.exe}\nc: {User: bob}\ncondition: (a or b) and not c", proc, true},
		{"not binds tighter than and", "a: {Image: x}\nb: {Image|endswith: cmd.exe}\ncondition: not a and b", proc, true},
		{"not of a group", "a: {Image: x}\nb: {Image|endswith: cmd.exe}\ncondition: not (a or b)", proc, false},
		{"double not", "b: {Image|endswith: cmd.exe}\ncondition: not not b", proc, true},
		{"keywords are case-insensitive", "a: {Image|endswith: cmd.exe}\nf: {User: bob}\ncondition: a AND NOT f", proc, true},
		{"1 of pattern", "sel_a: {Image: x}\nsel_b: {Image|endswith: cmd.exe}\nother: {User: bob}\ncondition: 1 of sel_*", proc, true},
		{"1 of pattern none", "sel_a: {Image: x}\nsel_b: {Image: y}\nother: {Image|endswith: cmd.exe}\ncondition: 1 of sel_*", proc, false},
		{"all of pattern", "sel_a: {Image|endswith: cmd.exe}\nsel_b: {User: 'corp\\alice'}\ncondition: all of sel_*", proc, true},
		{"all of pattern one fails", "sel_a: {Image|endswith: cmd.exe}\nsel_b: {User: bob}\ncondition: all of sel_*", proc, false},
		{"1 of them", "a: {Image: x}\nb: {User: 'corp\\alice'}\ncondition: 1 of them", proc, true},
		{"all of them", "a: {Image: x}\nb: {User: 'corp\\alice'}\ncondition: all of them", proc, false},
		{"all of them skips underscore", "a: {Image|endswith: cmd.exe}\n_b: {User: bob}\ncondition: all of them", proc, true},
		{"any of", "a: {Image: x}\nb: {User: 'corp\\alice'}\ncondition: any of them", proc, true},
		{"2 of", "a: {Image: x}\nb: {User: 'corp\\alice'}\nc: {Image|endswith: cmd.exe}\ncondition: 2 of them", proc, true},
		{"2 of one hit", "a: {Image: x}\nb: {User: bob}\nc: {Image|endswith: cmd.exe}\ncondition: 2 of them", proc, false},
		{"of with exact name", "sel: {Image|endswith: cmd.exe}\ncondition: 1 of sel", proc, true},
		{"not 1 of", "sel: {Image|endswith: cmd.exe}\nfilter_a: {User: bob}\nfilter_b: {Image: x}\ncondition: sel and not 1 of filter_*", proc, true},
		{"condition list is or", "a: {Image: x}\nb: {User: 'corp\\alice'}\ncondition: [a, b]", proc, true},
		{"nested parentheses", "a: {Image|endswith: cmd.exe}\nb: {User: bob}\ncondition: ((a) and (not (b)))", proc, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Compile(decode(t, tt.det))
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			if got := d.Match(tt.ev); got != tt.want {
				t.Errorf("Match = %v, want %v\ndetection:\n%s\nevent: %v", got, tt.want, tt.det, tt.ev)
			}
		})
	}
}

// Rules that use what huntbook does not run, or that are malformed, are
// errors that say so, never a match.
func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name      string
		det       string
		sentinel  error
		construct string // UnsupportedError.Construct, for ErrUnsupported
		substr    string
	}{
		{"aggregation", "sel: {EventID: 4625}\ncondition: sel | count(TargetUserName) by IpAddress > 10", ErrUnsupported, "aggregation", "count"},
		{"near", "a: {A: 1}\nb: {B: 2}\ncondition: a | near b", ErrUnsupported, "aggregation", ""},
		{"near operator", "a: {A: 1}\ncondition: near a", ErrUnsupported, "near", ""},
		{"timeframe", "sel: {A: 1}\ntimeframe: 5m\ncondition: sel", ErrUnsupported, "timeframe", ""},
		{"expand", "sel: {A|expand: '%x%'}\ncondition: sel", ErrUnsupported, "modifier expand", ""},
		{"unknown modifier", "sel: {A|sometimes: x}\ncondition: sel", ErrUnsupported, "modifier sometimes", ""},
		{"lookahead", "sel: {A|re: '(?=x)'}\ncondition: sel", ErrUnsupported, "regular expression", "lookaround"},
		{"backreference", `sel: {A|re: '(a)\1'}` + "\ncondition: sel", ErrUnsupported, "regular expression", ""},
		{"utf16 alone", "sel: {A|wide: x}\ncondition: sel", ErrUnsupported, "modifier combination", "utf16"},
		{"re with contains", "sel: {A|re|contains: x}\ncondition: sel", ErrUnsupported, "modifier combination", ""},
		{"cidr with re", "sel: {A|cidr|re: x}\ncondition: sel", ErrUnsupported, "modifier combination", ""},
		{"undefined identifier", "sel: {A: 1}\ncondition: sel and filter", ErrInvalid, "", `"filter" is not defined`},
		{"pattern names nothing", "sel: {A: 1}\ncondition: 1 of filter_*", ErrInvalid, "", "names no search identifier"},
		{"no condition", "sel: {A: 1}", ErrInvalid, "", "no condition"},
		{"empty condition", "sel: {A: 1}\ncondition: ''", ErrInvalid, "", "empty"},
		{"unbalanced", "sel: {A: 1}\ncondition: (sel", ErrInvalid, "", "missing )"},
		{"extra paren", "sel: {A: 1}\ncondition: sel)", ErrInvalid, "", "unexpected"},
		{"dangling and", "sel: {A: 1}\ncondition: sel and", ErrInvalid, "", "ends"},
		{"bad quantifier", "sel: {A: 1}\ncondition: some of sel", ErrInvalid, "", "not all, any or a positive number"},
		{"of without pattern", "sel: {A: 1}\ncondition: 1 of", ErrInvalid, "", "needs a search identifier"},
		{"bad character", "sel: {A: 1}\ncondition: sel & sel", ErrInvalid, "", "unexpected character"},
		{"i without re", "sel: {A|i: x}\ncondition: sel", ErrInvalid, "", "only allowed after re"},
		{"base64 of wildcard", "sel: {A|contains|base64: x}\ncondition: sel", ErrInvalid, "", "wildcards"},
		{"bad cidr", "sel: {A|cidr: 'x/8'}\ncondition: sel", ErrInvalid, "", "cidr"},
		{"exists not bool", "sel: {A|exists: maybe}\ncondition: sel", ErrInvalid, "", "true or false"},
		{"gt not number", "sel: {A|gt: many}\ncondition: sel", ErrInvalid, "", "number"},
		{"empty selection", "sel:\ncondition: sel", ErrInvalid, "", "empty"},
		{"empty value list", "sel: {A: []}\ncondition: sel", ErrInvalid, "", "empty list"},
		{"map value", "sel: {A: {B: 1}}\ncondition: sel", ErrInvalid, "", "not a string"},
		{"null with modifier", "sel: {A|contains: null}\ncondition: sel", ErrInvalid, "", "null"},
		{"condition not a string", "sel: {A: 1}\ncondition: {x: 1}", ErrInvalid, "", "not a string or a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(decode(t, tt.det))
			if err == nil {
				t.Fatal("Compile succeeded; want an error")
			}
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("error %v does not wrap %v", err, tt.sentinel)
			}
			if tt.construct != "" {
				var u *UnsupportedError
				if !errors.As(err, &u) || u.Construct != tt.construct {
					t.Errorf("error %v: construct %v, want %q", err, u, tt.construct)
				}
			}
			if !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("error %q does not say %q", err, tt.substr)
			}
		})
	}
}

func TestParseCondition(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sel", "sel"},
		{"a and b or c", "((a) and (b)) or (c)"},
		{"a or b and c", "(a) or ((b) and (c))"},
		{"not a and b", "(not (a)) and (b)"},
		{"not (a or b)", "not ((a) or (b))"},
		{"a and (b or c) and not d", "(a) and ((b) or (c)) and (not (d))"},
		{"1 of sel* and not all of filter_*", "(1 of sel*) and (not (all of filter_*))"},
		{"all of them", "all of them"},
		{"any of them", "1 of them"},
		{"3 of x*", "3 of x*"},
		{"A AND NOT B", "(A) and (not (B))"},
		{"  a\n  and\tb  ", "(a) and (b)"},
		{"sel-1 or sel.2", "(sel-1) or (sel.2)"},
	}
	for _, tt := range tests {
		c, err := ParseCondition(tt.in)
		if err != nil {
			t.Errorf("ParseCondition(%q): %v", tt.in, err)
			continue
		}
		if got := CondString(c); got != tt.want {
			t.Errorf("ParseCondition(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	deep := strings.Repeat("(", MaxConditionDepth+5) + "a" + strings.Repeat(")", MaxConditionDepth+5)
	if _, err := ParseCondition(deep); !errors.Is(err, ErrInvalid) {
		t.Errorf("deep nesting: %v, want ErrInvalid", err)
	}
	nots := strings.Repeat("not ", MaxConditionDepth+5) + "a"
	if _, err := ParseCondition(nots); !errors.Is(err, ErrInvalid) {
		t.Errorf("deep not: %v, want ErrInvalid", err)
	}
}

func TestDetectionFields(t *testing.T) {
	d, err := Compile(decode(t, "sel: {Image|endswith: x, CommandLine: y}\nf: {User|fieldref: ParentUser}\nkw: [abc]\ncondition: sel and not f or kw"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(d.Fields(), ",")
	if want := "CommandLine,Image,ParentUser,User"; got != want {
		t.Errorf("Fields = %s, want %s", got, want)
	}
}

func TestWindashVariants(t *testing.T) {
	got := windash(parseSigmaString(" -a /b c-d"))
	if len(got) != 25 {
		t.Fatalf("%d variants, want 25 (two dashes that start words, five characters each)", len(got))
	}
	seen := map[string]bool{}
	for _, v := range got {
		s, _ := v.plain()
		seen[s] = true
	}
	for _, want := range []string{" -a /b c-d", " /a -b c-d", " —a ―b c-d", " –a –b c-d"} {
		if !seen[want] {
			t.Errorf("no variant %q", want)
		}
	}
}

func TestBase64Offset(t *testing.T) {
	// Independent values: Python's base64.b64encode over b"" / b" " / b"  "
	// + b"IEX (" cut as pySigma's base64offset does.
	out, err := transform("base64offset", literal("IEX ("))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range out {
		s, _ := p.plain()
		got = append(got, s)
	}
	want := "SUVYIC,lFWCAo,JRVggK"
	if strings.Join(got, ",") != want {
		t.Errorf("base64offset(IEX () = %v, want %s", got, want)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func utf16le(s string) string {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = append(b, byte(c), byte(c>>8))
	}
	return string(b)
}

func TestWindashMany(t *testing.T) {
	d, err := Compile(decode(t, "sel: {C|windash|contains: ' -a -b -c -d'}\ncondition: sel"))
	if err != nil {
		t.Fatal(err)
	}
	for ev, want := range map[string]bool{"x /a –b —c ―d": true, "x -a -b -c -d y": true, "x -a -b -c +d": false} {
		if got := d.Match(MapEvent{"C": ev}); got != want {
			t.Errorf("%q: %v, want %v", ev, got, want)
		}
	}
}

func TestAutomaton(t *testing.T) {
	needles := []string{"he", "she", "his", "hers", "x", "ushe"}
	a := newAutomaton(needles)
	for _, tt := range []struct {
		text string
		want string
	}{
		{"ushers", "he she hers ushe"},
		{"this", "his"},
		{"", ""},
		{"xx", "x"},
		{"h e", ""},
		{"ahishers", "he she his hers"},
	} {
		found := make([]uint64, 1)
		a.scan(tt.text, found)
		var got []string
		for i, n := range needles {
			if found[0]&(1<<i) != 0 {
				got = append(got, n)
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("scan(%q) = %q, want %q", tt.text, g, tt.want)
		}
	}
}

// The dense and the sparse automaton find the same needles, and both
// agree with strings.Contains, HasPrefix, HasSuffix and ==.
func TestAutomatonDenseSparse(t *testing.T) {
	needles := []string{"a", "ab", "bab", "abc", "cab", "bca", "c", "aaa", "–x", "\\cmd.exe", "cmd"}
	texts := []string{"", "a", "abcab", "bababca", "aaaa", "x–x", "C:\\cmd.exe", "cmd", "zzz", "cabc"}
	dense := newAutomaton(needles)
	if dense.dense == nil {
		t.Fatal("a small automaton is not dense")
	}
	sparse := newAutomaton(needles)
	sparse.dense = nil
	for _, s := range texts {
		w := dense.words()
		bd, bs := make([]uint64, hitKinds*w), make([]uint64, hitKinds*w)
		dense.scanAll(s, bd)
		sparse.scanAll(s, bs)
		for i, n := range needles {
			want := [hitKinds]bool{strings.Contains(s, n), strings.HasPrefix(s, n), strings.HasSuffix(s, n), s == n}
			for k := range hitKinds {
				gd := bd[k*w+i>>6]&(1<<(uint(i)&63)) != 0
				gs := bs[k*w+i>>6]&(1<<(uint(i)&63)) != 0
				if gd != want[k] || gs != want[k] {
					t.Errorf("text %q needle %q kind %d: dense %v sparse %v, want %v", s, n, k, gd, gs, want[k])
				}
			}
		}
	}
}

func TestWindashBound(t *testing.T) {
	_, err := Compile(map[string]any{"sel": map[string]any{"A|windash|contains": strings.Repeat(" -a", maxWindash+1)}, "condition": "sel"})
	var u *UnsupportedError
	if !errors.As(err, &u) || u.Construct != "value expansion" {
		t.Errorf("windash on %d dashes: %v, want unsupported value expansion", maxWindash+1, err)
	}
}
