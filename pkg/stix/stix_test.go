package stix

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/huntbook/huntbook/pkg/ossem"
)

// tiny is a v18-shaped bundle: one technique with a strategy and an
// analytic citing two log sources, one revoked technique, a v17-style
// data component detects relationship to a second technique.
const tiny = `{"type": "bundle", "id": "bundle--1", "spec_version": "2.0", "objects": [
 {"type": "attack-pattern", "id": "attack-pattern--a", "name": "LSASS Memory", "modified": "2025-10-24T17:48:52.657Z",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1003.001", "url": "https://attack.mitre.org/techniques/T1003/001"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "credential-access"}],
  "x_mitre_platforms": ["Windows"], "x_mitre_is_subtechnique": true, "x_mitre_version": "1.7", "unknown_field": {"deep": [1, 2.5e3, null, true]}},
 {"type": "attack-pattern", "id": "attack-pattern--old", "name": "Old Name", "revoked": true,
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1002"}]},
 {"type": "attack-pattern", "id": "attack-pattern--b", "name": "Data Compressed",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T1560"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "collection"}]},
 {"type": "relationship", "id": "relationship--r", "relationship_type": "revoked-by", "source_ref": "attack-pattern--old", "target_ref": "attack-pattern--b"},
 {"type": "x-mitre-detection-strategy", "id": "x-mitre-detection-strategy--s", "name": "LSASS access",
  "external_references": [{"source_name": "mitre-attack", "external_id": "DET0363"}],
  "x_mitre_analytic_refs": ["x-mitre-analytic--an"]},
 {"type": "x-mitre-analytic", "id": "x-mitre-analytic--an", "name": "Analytic 1030", "x_mitre_platforms": ["Windows"],
  "external_references": [{"source_name": "mitre-attack", "external_id": "AN1030"}],
  "x_mitre_log_source_references": [
   {"x_mitre_data_component_ref": "x-mitre-data-component--pa", "name": "WinEventLog:Sysmon", "channel": "EventCode=10"},
   {"x_mitre_data_component_ref": "x-mitre-data-component--om", "name": "WinEventLog:Security", "channel": "EventCode=4663, 4670, 4656"},
   {"x_mitre_data_component_ref": "x-mitre-data-component--pa", "name": "auditd:SYSCALL", "channel": "ptrace"}],
  "x_mitre_mutable_elements": [{"field": "AccessMask", "description": "0x1F0FFF"}]},
 {"type": "relationship", "id": "relationship--d", "relationship_type": "detects", "source_ref": "x-mitre-detection-strategy--s", "target_ref": "attack-pattern--a"},
 {"type": "x-mitre-data-source", "id": "x-mitre-data-source--p", "name": "Process", "x_mitre_deprecated": true},
 {"type": "x-mitre-data-component", "id": "x-mitre-data-component--pa", "name": "Process Access", "x_mitre_data_source_ref": "x-mitre-data-source--p",
  "x_mitre_log_sources": [{"name": "WinEventLog:Sysmon", "channel": "EventCode=10"}]},
 {"type": "x-mitre-data-component", "id": "x-mitre-data-component--om", "name": "OS API Execution", "x_mitre_data_source_ref": ""},
 {"type": "relationship", "id": "relationship--dc", "relationship_type": "detects", "source_ref": "x-mitre-data-component--pa", "target_ref": "attack-pattern--b"},
 {"type": "x-mitre-something-new", "id": "x-mitre-something-new--1", "whatever": ["kept out"]}
]}`

func parseTiny(t *testing.T, data string) *Bundle {
	t.Helper()
	b, err := Parse([]byte(data), "tiny.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseTiny(t *testing.T) {
	b := parseTiny(t, tiny)
	if b.SpecVersion != "2.0" || b.Domain != "" || b.Release.How != Inferred || b.Release.Version != "18.0" {
		t.Errorf("spec %q domain %q release %+v", b.SpecVersion, b.Domain, b.Release)
	}
	lsass := b.Technique("t1003.001")
	if lsass == nil || !lsass.Sub || lsass.Tactics[0] != "credential-access" || len(lsass.Strategies) != 1 {
		t.Fatalf("T1003.001: %+v", lsass)
	}
	a := lsass.Strategies[0].Analytics[0]
	if a.ID != "AN1030" || len(a.LogSources) != 3 || a.LogSources[1].Component.Name != "OS API Execution" || a.Mutable[0].Field != "AccessMask" {
		t.Errorf("analytic %+v", a)
	}
	if old := b.Technique("T1002"); old.Live() || old.RevokedBy.ID != "T1560" || old.Replacement().ID != "T1560" {
		t.Errorf("T1002: %+v", old)
	}
	if c := b.Technique("T1560").Components; len(c) != 1 || c[0].DataSource.Name != "Process" {
		t.Errorf("T1560 components %+v", c)
	}
	if b.Objects["x-mitre-something-new"] != 1 {
		t.Errorf("unknown types are counted: %v", b.Objects)
	}

	m := b.Mapping()
	type row struct{ Tech, DS, DC, Name, Event, Channel, Provider, Strategy, Raw string }
	var got []row
	for i := range m.Records {
		r := &m.Records[i]
		x := row{Tech: r.TechniqueID, DS: r.DataSource, DC: r.DataComponent, Name: r.Name, Event: r.EventID,
			Channel: r.Channel, Provider: r.Provider}
		for _, kv := range r.Extra {
			switch kv.Key {
			case ColStrategy:
				x.Strategy = kv.Value.(string)
			case ColLogChannel:
				x.Raw = kv.Value.(string)
			}
		}
		got = append(got, x)
	}
	want := []row{
		{"T1003.001", "WinEventLog:Sysmon", "Process Access", "AN1030", "10", "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon", "DET0363", "EventCode=10"},
		{"T1003.001", "WinEventLog:Security", "OS API Execution", "AN1030", "4663", "Security", "Microsoft-Windows-Security-Auditing", "DET0363", "EventCode=4663, 4670, 4656"},
		{"T1003.001", "WinEventLog:Security", "OS API Execution", "AN1030", "4670", "Security", "Microsoft-Windows-Security-Auditing", "DET0363", "EventCode=4663, 4670, 4656"},
		{"T1003.001", "WinEventLog:Security", "OS API Execution", "AN1030", "4656", "Security", "Microsoft-Windows-Security-Auditing", "DET0363", "EventCode=4663, 4670, 4656"},
		{"T1003.001", "auditd:SYSCALL", "Process Access", "AN1030", "ptrace", "auditd:SYSCALL", "", "DET0363", "ptrace"},
		{"T1560", "Process", "Process Access", "", "", "", "", "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mapping rows (-want +got):\n%s", diff)
	}
	if !m.Records[0].EventIDIsInt || m.Records[4].EventIDIsInt {
		t.Error("EventCode ids are integers, other channels text")
	}
	if m.Schema != "ATT&CK v18.0, inferred (STIX 2.0)" || ossem.EventID.Key(m.Schema) != "event_id" || m.Keys[len(m.Keys)-1] != ColLogChannel {
		t.Errorf("schema %q keys %v", m.Schema, m.Keys)
	}
}

// Layout does not matter: the same bundle compact, pretty-printed with
// tabs and CRLF, with a byte order mark, in STIX 2.1 (spec_version on
// each object) reads the same, on one core or several.
func TestLayouts(t *testing.T) {
	want := parseTiny(t, tiny).Mapping().Records
	var v any
	if err := json.Unmarshal([]byte(tiny), &v); err != nil {
		t.Fatal(err)
	}
	compact, _ := json.Marshal(v)
	pretty, _ := json.MarshalIndent(v, "", "\t")
	crlf := bytes.ReplaceAll(pretty, []byte("\n"), []byte("\r\n"))
	for name, data := range map[string][]byte{
		"compact": compact, "pretty": pretty, "crlf": crlf, "bom": append([]byte("\xEF\xBB\xBF"), compact...),
		"stix 2.1": []byte(strings.ReplaceAll(strings.Replace(tiny, `"spec_version": "2.0", `, "", 1), `"type": "attack-pattern",`, `"type": "attack-pattern", "spec_version": "2.1",`)),
	} {
		for _, workers := range []int{1, 2, 5} {
			b, err := Options{Workers: workers, minSplit: 1}.Parse(data, name)
			if err != nil {
				t.Fatalf("%s, %d workers: %v", name, workers, err)
			}
			if diff := cmp.Diff(want, b.Mapping().Records, cmp.AllowUnexported(ossem.Record{})); diff != "" {
				t.Errorf("%s, %d workers (-want +got):\n%s", name, workers, diff)
			}
		}
	}
}

func TestRelease(t *testing.T) {
	collection := strings.Replace(tiny, `"objects": [`, `"objects": [{"type": "x-mitre-collection", "id": "x-mitre-collection--1", "name": "Enterprise ATT&CK", "x_mitre_version": "18.1"},
		{"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "external_references": [{"source_name": "mitre-attack", "external_id": "enterprise-attack"}]},`, 1)
	for _, tc := range []struct {
		name, data, given, want, label, long string
	}{
		{"stated", collection, "", "18.1", "ATT&CK Enterprise v18.1", "v18.1"},
		{"given wins", collection, "v19.0", "19.0", "ATT&CK Enterprise v19.0 (given)", "v19.0 (given)"},
		{"inferred", tiny, "", "18.0", "ATT&CK v18.0 (inferred)", "v18.0 (inferred from the newest object, modified 2025-10-24)"},
		{"newer than known", strings.Replace(tiny, "2025-10-24", "2026-06-01", 1), "", "", "ATT&CK newer than v18.1 (inferred)", "newer than v18.1 (inferred from the newest object, modified 2026-06-01)"},
		{"v17", strings.ReplaceAll(strings.Replace(tiny, "2025-10-24", "2025-04-30", 1), "x-mitre-detection-strategy", "x-mitre-other"), "", "17.1", "ATT&CK v17.1 (inferred)", "v17.1 (inferred from the newest object, modified 2025-04-30)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Options{Release: tc.given}.Parse([]byte(tc.data), "x")
			if err != nil {
				t.Fatal(err)
			}
			if b.Release.Version != tc.want || b.Label() != tc.label || b.Release.String() != tc.long {
				t.Errorf("release %+v, label %q, %q; want %s, %q, %q", b.Release, b.Label(), b.Release.String(), tc.want, tc.label, tc.long)
			}
		})
	}
}

func TestParseEvents(t *testing.T) {
	for _, tc := range []struct {
		name, channel string
		want          []Event
	}{
		{"WinEventLog:Sysmon", "EventCode=10", []Event{{"10", true, "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon"}}},
		{"WinEventLog:Security", "EventCode=4663, 4670, 4656", []Event{{"4663", true, "Security", "Microsoft-Windows-Security-Auditing"},
			{"4670", true, "Security", "Microsoft-Windows-Security-Auditing"}, {"4656", true, "Security", "Microsoft-Windows-Security-Auditing"}}},
		{"WinEventLog:Security", "EventCode=4778, EventCode=4779", []Event{{"4778", true, "Security", "Microsoft-Windows-Security-Auditing"},
			{"4779", true, "Security", "Microsoft-Windows-Security-Auditing"}}},
		{"WinEventLog:System", "EventCode=5005 (WLAN), EventCode=302 (Bluetooth)", []Event{{"5005", true, "System", ""}, {"302", true, "System", ""}}},
		{"wineventlog:security", "eventcode = 4688", []Event{{"4688", true, "Security", "Microsoft-Windows-Security-Auditing"}}},
		{"WinEventLog:PowerShell", "EventCode=4104, 4104", []Event{{"4104", true, "Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-PowerShell"}}},
		{"WinEventLog:Microsoft-Windows-VSS", "Volume Shadow Copy Creation", []Event{{"Volume Shadow Copy Creation", false, "Microsoft-Windows-VSS", ""}}},
		{"linux:Sysmon", "EventCode=1", []Event{{"1", true, "linux:Sysmon", ""}}},
		{"auditd:SYSCALL", "execve", []Event{{"execve", false, "auditd:SYSCALL", ""}}},
		{"Internet Scan", "None", nil},
		{"macos:unifiedlog", "", nil},
	} {
		if diff := cmp.Diff(tc.want, ParseEvents(tc.name, tc.channel)); diff != "" {
			t.Errorf("%s %q (-want +got):\n%s", tc.name, tc.channel, diff)
		}
	}
}

// Bad bundles are errors that name the place: line and column, object
// and field; hostile ones are bounded.
func TestBadBundles(t *testing.T) {
	obj := func(s string) string { return `{"type": "bundle", "id": "bundle--x", "objects": [` + s + `]}` }
	tech := `{"type": "attack-pattern", "id": "attack-pattern--a", "external_references": [{"source_name": "mitre-attack", "external_id": "T1"}]}`
	for _, tc := range []struct {
		name, data string
		err        error
		want       string // a regexp the message must match
	}{
		{"empty", "", ErrNotBundle, `^stix: bad.json:1:1: not a STIX bundle: the input is empty`},
		{"a list", `[{"type": "bundle"}]`, ErrNotBundle, `:1:1: not a STIX bundle: the top level is a list`},
		{"not json", "{technique_id: T1003}", ErrSyntax, `:1:2: malformed JSON: want a key \(a string\), found true or false`},
		{"truncated", obj(tech)[:60], ErrSyntax, `:1:60: malformed JSON: a string that never ends \(a truncated file\?\)`},
		{"truncated after a value", obj(tech)[:len(obj(tech))-3], ErrSyntax, `:1:\d+: malformed JSON: the JSON ends too early`},
		{"unterminated string", `{"type": "bundle", "objects": [{"type": "attack-pattern`, ErrSyntax, `:1:41: malformed JSON: a string that never ends`},
		{"missing comma", obj(`{"type": "x" "id": "x--1"}`), ErrSyntax, `:1:64: malformed JSON: want ',' or '}', found a string`},
		{"trailing garbage", obj("") + " x", ErrSyntax, `more after the bundle's closing brace`},
		{"bad number", obj(`{"type": "x", "id": "x--1", "n": 01}`), ErrSyntax, `want ',' or '}', found a number`},
		{"bad literal", obj(`{"type": "x", "id": "x--1", "n": nul}`), ErrSyntax, `want a JSON value, found null`},
		{"control character", obj(`{"type": "x", "id": "x--1", "description": "a` + "\x01" + `b"}`), ErrSyntax, `a control character \(byte 1\) inside a string`},
		{"bad escape", obj(`{"type": "x", "id": "x--1", "description": "a\qb"}`), ErrSyntax, `a bad escape \\q`},
		{"utf-16", "\xFF\xFE{\x00", ErrSyntax, `UTF-16`},
		{"not a bundle", `{"type": "attack-pattern", "id": "attack-pattern--1"}`, ErrNotBundle, `its type is "attack-pattern"`},
		{"other json", `{"nbformat": 4, "cells": []}`, ErrNotBundle, `neither "type": "bundle" nor "objects" \(its keys: nbformat, cells\)`},
		{"objects not a list", `{"type": "bundle", "objects": {}}`, ErrNotBundle, `field "objects": not a STIX bundle: "objects" is an object, not a list`},
		{"element not an object", obj(`"x"`), ErrShape, `an element of objects is a string`},
		{"no id", obj(`{"type": "attack-pattern"}`), ErrShape, `field "id": wrong shape: a attack-pattern with no id`},
		{"no type", obj(`{"id": "attack-pattern--1"}`), ErrShape, `object attack-pattern--1: field "type"`},
		{"duplicate id", obj(tech + ",\n" + tech), ErrDuplicate, `:2:1: object attack-pattern--a: duplicate id: a second object with this id \(the first is at line 1\)`},
		{"wrong field shape", obj(`{"type": "attack-pattern", "id": "attack-pattern--a", "revoked": "yes"}`), ErrShape, `object attack-pattern--a: field "revoked": wrong shape: want true or false, found a string`},
		{"wrong platforms", obj(`{"type": "attack-pattern", "id": "attack-pattern--a", "x_mitre_platforms": "Windows"}`), ErrShape, `field "x_mitre_platforms": wrong shape: want a list, found a string`},
		{"dangling relationship", obj(tech + `, {"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by", "source_ref": "attack-pattern--a", "target_ref": "attack-pattern--gone"}`),
			ErrDangling, `object relationship--1: field "target_ref": dangling reference: attack-pattern--gone is not in the bundle`},
		{"dangling analytic", obj(`{"type": "x-mitre-detection-strategy", "id": "x-mitre-detection-strategy--1", "x_mitre_analytic_refs": ["x-mitre-analytic--gone"]}`),
			ErrDangling, `object x-mitre-detection-strategy--1: field "x_mitre_analytic_refs": dangling reference: x-mitre-analytic--gone`},
		{"dangling component", obj(`{"type": "x-mitre-analytic", "id": "x-mitre-analytic--1", "x_mitre_log_source_references": [{"x_mitre_data_component_ref": "x-mitre-data-component--gone", "name": "WinEventLog:Sysmon", "channel": "EventCode=1"}]}`),
			ErrDangling, `field "x_mitre_log_source_references": dangling reference: x-mitre-data-component--gone`},
		{"dangling data source", obj(`{"type": "x-mitre-data-component", "id": "x-mitre-data-component--1", "x_mitre_data_source_ref": "x-mitre-data-source--gone"}`),
			ErrDangling, `field "x_mitre_data_source_ref": dangling reference`},
		{"ref of the wrong kind", obj(tech + `, {"type": "x-mitre-detection-strategy", "id": "x-mitre-detection-strategy--1", "x_mitre_analytic_refs": ["attack-pattern--a"]}`),
			ErrShape, `attack-pattern--a is a attack-pattern, not a x-mitre-analytic`},
		{"deep nesting", obj(`{"type": "x", "id": "x--1", "n": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`), ErrTooLarge, `:1:\d+: object x--1: input too large: values nested more than 64 deep|input too large: values nested more than 64 deep`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, workers := range []int{1, 3} {
				_, err := Options{Workers: workers, minSplit: 1}.Parse([]byte(tc.data), "bad.json")
				if err == nil {
					t.Fatal("no error")
				}
				if !errors.Is(err, tc.err) {
					t.Errorf("%d workers: %v is not %v", workers, err, tc.err)
				}
				if !regexp.MustCompile(tc.want).MatchString(err.Error()) {
					t.Errorf("%d workers: %q does not match %q", workers, err, tc.want)
				}
			}
		})
	}
}

// A string longer than the limit is an error at its start, found without
// reading it into memory.
func TestLongString(t *testing.T) {
	long := `{"type": "bundle", "objects": [{"type": "x", "id": "x--1", "description": "` + strings.Repeat("a", 5000) + `"}]}`
	_, err := Options{MaxString: 4096}.Parse([]byte(long), "long.json")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "long.json:1:75: input too large: a string longer than the limit of 4096 bytes") {
		t.Errorf("got %v", err)
	}
	if _, err := (Options{MaxString: 8192}).Parse([]byte(long), "long.json"); err != nil {
		t.Errorf("under the limit: %v", err)
	}
}

func TestReadLimit(t *testing.T) {
	_, err := Options{MaxSize: 10}.Read(strings.NewReader(tiny), "-")
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v", err)
	}
}

func TestIsJSON(t *testing.T) {
	for in, want := range map[string]bool{"{}": true, " \n\t{": true, "\xEF\xBB\xBF {": true, "- technique_id: T1": false, "[{}]": false, "": false} {
		if got := IsJSON([]byte(in)); got != want {
			t.Errorf("IsJSON(%q) = %v", in, got)
		}
	}
}

// FuzzParse: no input panics; one core and several agree; whatever the
// reader accepts is valid JSON.
func FuzzParse(f *testing.F) {
	f.Add([]byte(tiny))
	f.Add([]byte(`{"type": "bundle", "objects": []}`))
	f.Add([]byte(`{"type":"bundle","objects":[{"type":"x","id":"x--1","s":"\u00e9\ud83d\ude00\\"},{"type":"y","id":"y--1"}]}`))
	f.Add([]byte(`{"objects": [{"type": "relationship", "id": "relationship--1", "relationship_type": "detects", "source_ref": "a--1", "target_ref": "b--1"}], "type": "bundle"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		one, err1 := Options{Workers: 1}.Parse(data, "f")
		many, err2 := Options{Workers: 3, minSplit: 1}.Parse(data, "f")
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("one core: %v\nthree: %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		if !reflect.DeepEqual(one.Mapping().Records, many.Mapping().Records) {
			t.Fatal("one core and three read different mappings")
		}
		if !json.Valid(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
	})
}

// Load fetches a bundle over http through ossem's cache; offline with no
// cached copy, the error says what to do.
func TestLoadURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(tiny))
	}))
	cache := t.TempDir()
	lo := ossem.Options{CacheDir: cache, MaxAge: -1}
	b, err := Load(context.Background(), srv.URL+"/enterprise-attack.json", lo, Options{})
	if err != nil || b.Technique("T1003.001") == nil || b.SHA256 == "" || !strings.HasSuffix(b.Source, "/enterprise-attack.json") {
		t.Fatalf("load: %v %+v", err, b)
	}
	url := srv.URL + "/enterprise-attack.json"
	srv.Close()
	// Offline: the cached copy is served.
	if b, err := Load(context.Background(), url, lo, Options{}); err != nil || b.Technique("T1003.001") == nil {
		t.Errorf("offline with a cached copy: %v", err)
	}
	// Offline without one: a clear error.
	_, err = Load(context.Background(), url, ossem.Options{CacheDir: t.TempDir()}, Options{})
	if err == nil || !strings.Contains(err.Error(), "huntbook could not download the ATT&CK bundle "+url+" and has no cached copy of it") ||
		!strings.Contains(err.Error(), "give the file instead of") {
		t.Errorf("offline: %v", err)
	}
	// A mapping that is not a bundle.
	if _, err := Load(context.Background(), "demo", ossem.Options{}, Options{}); !errors.Is(err, ErrNotBundle) {
		t.Errorf("demo: %v", err)
	}
	if Resolve("Enterprise-Attack") != UpstreamURL || Resolve("x.json") != "x.json" {
		t.Error("Resolve")
	}
}

// Load reads a file mapped into memory (package mapfile) and unmaps it
// before returning: the bundle and its mapping must be the same as from a
// copy of the bytes, and hold nothing of the mapping (a string left
// pointing into it would crash this test when compared). The digest is
// made unless NoDigest spares it; a NUL byte is still named as such.
func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	escaped := strings.Replace(tiny, `"name": "LSASS Memory"`, `"name": "LSASS \u004demory \"x\" `+"\xff"+`"`, 1)
	files := map[string]string{"tiny.json": tiny, "escaped.json": escaped}
	if data, err := os.ReadFile("../../../shared/data/attack/enterprise-attack-18.1.json"); err == nil {
		files["enterprise-attack-18.1.json"] = string(data)
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			want, err := Parse([]byte(content), path)
			if err != nil {
				t.Fatal(err)
			}
			for _, noDigest := range []bool{true, false} {
				got, err := Load(context.Background(), path, ossem.Options{NoDigest: noDigest}, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if w, g := want.Mapping().Records, got.Mapping().Records; !reflect.DeepEqual(w, g) {
					t.Errorf("NoDigest %v: %d records loaded differ from the %d parsed", noDigest, len(g), len(w))
				}
				if !reflect.DeepEqual(techniqueStates(want), techniqueStates(got)) {
					t.Errorf("NoDigest %v: techniques differ", noDigest)
				}
				sum := sha256.Sum256([]byte(content))
				if wantSum := hex.EncodeToString(sum[:]); (got.SHA256 == wantSum) == noDigest || (noDigest && got.SHA256 != "") {
					t.Errorf("NoDigest %v: SHA256 %q", noDigest, got.SHA256)
				}
			}
		})
	}
	nul := filepath.Join(dir, "nul.json")
	if err := os.WriteFile(nul, []byte("{\"type\": \"bundle\",\n\"objects\": [\x00]}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), nul, ossem.Options{}, Options{}); err == nil || !strings.Contains(err.Error(), "nul.json:2: ") || !strings.Contains(err.Error(), "a NUL byte: this is not a text file") {
		t.Errorf("a NUL byte: %v", err)
	}
}

// techniqueStates lists a bundle's techniques with what is said of them.
func techniqueStates(b *Bundle) []string {
	var out []string
	for _, t := range b.Techniques {
		s := t.STIXID + " " + t.ID + " " + t.Name + " " + strings.Join(t.Tactics, ",") + " " + strings.Join(t.Platforms, ",")
		if r := t.Replacement(); r != nil {
			s += " → " + r.ID
		}
		out = append(out, s)
	}
	return out
}

// strEnd finds a string's end and says whether its body is clean (no
// backslash, no control character) as a byte-by-byte reading does, for
// every length around its word boundaries and every place of a special
// byte.
func TestStrEnd(t *testing.T) {
	ref := func(d []byte, j int) (int, bool) {
		clean := true
		for ; j < len(d); j++ {
			switch c := d[j]; {
			case c == '"':
				return j, clean
			case c == '\\':
				clean = false
				j++
			case c < 0x20:
				clean = false
			}
		}
		return -1, false
	}
	specials := []string{`\"`, `\\`, "\x01", "\n", "\x1f", `\u00e9`, "\xc3\xa9", "\x7f", "\xff", `\\\"`}
	for n := 0; n <= 70; n++ {
		body := strings.Repeat("a", n)
		cases := []string{body, body + `"tail`, body[:n/2] + `\\` + body[n/2:]}
		for _, sp := range specials {
			for at := 0; at <= n; at += max(1, n/9) {
				cases = append(cases, body[:at]+sp+body[at:])
			}
		}
		for _, c := range cases {
			for _, d := range []string{`"` + c + `"`, `"` + c + `"` + `, "next": 1}`, `"` + c} {
				end, clean := strEnd([]byte(d), 1)
				wantEnd, wantClean := ref([]byte(d), 1)
				if end != wantEnd || (end >= 0 && clean != wantClean) {
					t.Fatalf("strEnd(%q) = %d, %v; want %d, %v", d, end, clean, wantEnd, wantClean)
				}
			}
		}
	}
}

// TestFirstBadReference: of several bad references, the error names the
// first in the file, whatever order the reader's maps are walked in.
func TestFirstBadReference(t *testing.T) {
	var objs []string
	for i := range 12 {
		objs = append(objs, fmt.Sprintf(`{"type": "x-mitre-data-component", "id": "x-mitre-data-component--%d", "x_mitre_data_source_ref": "x-mitre-data-source--gone%d"}`, i, i))
		objs = append(objs, fmt.Sprintf(`{"type": "x-mitre-detection-strategy", "id": "x-mitre-detection-strategy--%d", "x_mitre_analytic_refs": ["x-mitre-analytic--gone%d"]}`, i, i))
	}
	data := []byte(`{"type": "bundle", "id": "bundle--x", "objects": [` + strings.Join(objs, ",\n") + `]}`)
	for range 30 {
		_, err := Options{Workers: 1}.Parse(data, "refs.json")
		if err == nil || !strings.Contains(err.Error(), "refs.json:1:") || !strings.Contains(err.Error(), "x-mitre-data-source--gone0 is not in the bundle") {
			t.Fatalf("got %v, want the first component's data source", err)
		}
	}
	// Strategies only: the first strategy's analytic.
	var strategies []string
	for i := range 12 {
		strategies = append(strategies, objs[2*i+1])
	}
	data = []byte(`{"type": "bundle", "id": "bundle--x", "objects": [` + strings.Join(strategies, ",\n") + `]}`)
	for range 30 {
		_, err := Options{Workers: 1}.Parse(data, "refs.json")
		if err == nil || !strings.Contains(err.Error(), "x-mitre-analytic--gone0 is not in the bundle") {
			t.Fatalf("got %v, want the first strategy's analytic", err)
		}
	}
}
