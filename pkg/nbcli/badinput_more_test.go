package nbcli

import (
	"github.com/huntbook/huntbook/pkg/cli"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBadNotebooks runs broken notebook files: each must exit 1 with an
// error that names the file and the place (line and column, or cell), and
// leave neither the report nor the executed notebook (nor a temporary
// file) behind.
func TestBadNotebooks(t *testing.T) {
	cell := `{"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": %s}`
	nb := func(cells ...string) []byte {
		return []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [` + strings.Join(cells, ",\n") + "]}\n")
	}
	withSource := func(src string) string { return strings.Replace(cell, "%s", src, 1) }
	utf16 := []byte{0xff, 0xfe}
	for _, r := range `{"nbformat": 4}` {
		utf16 = append(utf16, byte(r), 0)
	}
	cases := []struct {
		name string
		data []byte
		want string // a regexp the error must match, after "notebook: FILE"
	}{
		{"empty", nil, `: the file ends before the notebook does`},
		{"missing cells", []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}`), `:1:1: "cells" is missing`},
		{"cells not a list", []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": {}}`), `:1:\d+: .*"cells"`},
		{"non-string source", nb(withSource(`12`)), `:\d+:\d+: cell 1: "source": want a string or a list of strings, found a number`},
		{"source list of numbers", nb(withSource(`"a"`), withSource(`[1, 2]`)), `:\d+:\d+: cell 2: "source"`},
		{"unknown cell type", nb(`{"cell_type": "python", "metadata": {}, "source": ""}`), `:1:\d+: cell 1: "cell_type": want "code", "markdown" or "raw"`},
		{"invalid JSON", []byte("{\"nbformat\": 4,\n  \"cells\": [}\n"), `:2:\d+: .*is this a .ipynb file`},
		{"truncated JSON", nb(withSource(`"x"`))[:40], `: the file ends before the notebook does \(is it truncated\?\)`},
		{"nbformat 3", []byte(`{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}`), `:1:\d+: nbformat 3 is not supported; convert it to nbformat 4 with: jupyter nbconvert`},
		{"top level list", []byte(`[1, 2]`), `:1:1: `},
		{"10 MB single-line source", nb(withSource(`"` + strings.Repeat("x", 10<<20) + `", "oops": }`)), `:1:\d+: `},
		{"binary garbage", []byte("\x00\x01\x02\xff\xfe garbage"), `:1:1: `},
		{"utf16 with bom", utf16, `:1:1: `},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "bad.ipynb")
			if err := os.WriteFile(in, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := run(t, "", "run", in, "-o", filepath.Join(dir, "out.html"), "--executed", filepath.Join(dir, "out.ipynb"))
			checkBadInput(t, code, stdout, stderr, "huntbook: notebook: "+in, tc.want)
			checkOnly(t, dir, "bad.ipynb")
		})
	}
}

// TestBadInventories runs broken inventories through coverage --layer:
// exit 1, an error naming the file and the place, and no layer written.
func TestBadInventories(t *testing.T) {
	cases := []struct {
		name, file string
		data       []byte
		want       string // a regexp the error must match, after "inventory: FILE"
	}{
		{"unknown key", "inv.yaml", []byte("events:\n  - channel: Security\n    eventid: 4688\n"), `:3:5: unknown key: "eventid"`},
		{"unknown top key", "inv.yaml", []byte("name: x\nevent:\n  - channel: Security\n    event_id: 4688\n"), `:2:1: .*"event"`},
		{"unknown column", "inv.csv", []byte("channel,event_id,colour\nSecurity,4688,red\n"), `:1:\d+: .*"colour"`},
		{"event id without channel or provider", "inv.yaml", []byte("events:\n  - event_id: 4688\n"), `:2:\d+: .*channel.*provider`},
		{"csv event id without channel or provider", "inv.csv", []byte("channel,provider,event_id\n,,4688\n"), `:2:\d+: .*channel.*provider`},
		{"truncated YAML", "inv.yaml", []byte("events:\n  - channel: \"Secur"), `:2: malformed file`},
		{"empty", "inv.yaml", nil, `: no entries`},
		{"empty csv", "inv.csv", nil, `: no entries`},
		{"binary garbage", "inv.yaml", []byte("\x00\x01\x02\xff garbage"), `:1:1: .*control character 0x00`},
		{"binary garbage csv", "inv.csv", []byte("\x00\x01\x02\xff,garbage\n"), `:1:\d+: `},
		{"a map where the list belongs", "inv.yaml", []byte("events:\n  channel: Security\n"), `:2:\d+: `},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, tc.file)
			if err := os.WriteFile(in, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := run(t, "", "coverage", "--demo", "--inventory", in, "--layer", filepath.Join(dir, "out.json"))
			checkBadInput(t, code, stdout, stderr, "huntbook: inventory: "+in, tc.want)
			checkOnly(t, dir, tc.file)
		})
	}
}

// checkBadInput checks for exit 1, nothing on standard output, and one
// clear error that starts with prefix and then matches want.
func checkBadInput(t *testing.T, code int, stdout, stderr, prefix, want string) {
	t.Helper()
	if code != cli.ExitFailure {
		t.Errorf("exit %d, want 1 (stderr %q)", code, stderr)
	}
	if stdout != "" {
		t.Errorf("wrote to stdout: %q", stdout)
	}
	re := regexp.MustCompile(regexp.QuoteMeta(prefix) + want)
	if !re.MatchString(firstLineOf(stderr)) {
		t.Errorf("error %q does not match %q", firstLineOf(stderr), prefix+want)
	}
	if strings.Contains(stderr, "panic") || strings.Count(stderr, "\n") > 3 {
		t.Errorf("error is not one clear message: %q", stderr)
	}
}

func firstLineOf(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 300 {
		line = line[:300] + "…"
	}
	return line
}

// checkOnly fails unless dir holds exactly the named files.
func checkOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, "\n") != strings.Join(names, "\n") {
		t.Errorf("files in the folder: %q, want only %q", got, names)
	}
}
