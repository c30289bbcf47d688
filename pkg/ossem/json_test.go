package ossem

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A source whose content is a JSON object goes to Options.JSON, whatever
// its name; YAML does not; without JSON, an object is an error that says
// what it is.
func TestJSONHook(t *testing.T) {
	dir := t.TempDir()
	bundle := filepath.Join(dir, "bundle.yaml") // named .yaml, but JSON
	if err := os.WriteFile(bundle, []byte("\xEF\xBB\xBF \n{\"type\": \"bundle\"}"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got string
	o := Options{JSON: func(data []byte, name string) (*Mapping, error) {
		got = name
		return &Mapping{Schema: SchemaATTACKPrefix + "v18.1 (STIX 2.0)"}, nil
	}}
	m, err := Load(context.Background(), bundle, o)
	if err != nil || got != bundle || m.Source != bundle || m.SHA256 == "" || m.Size == 0 {
		t.Fatalf("bundle: %v, hook saw %q, mapping %+v", err, got, m)
	}
	if Channel.Key(m.Schema) != "channel" || EventID.Key(m.Schema) != "event_id" {
		t.Errorf("an ATT&CK schema has the 2022 keys: %q", Channel.Key(m.Schema))
	}
	got = ""
	if _, err := Load(context.Background(), "-", Options{Stdin: strings.NewReader("- technique_id: T1\n  channel: Security\n"), JSON: o.JSON}); err != nil || got != "" {
		t.Errorf("YAML went to the JSON reader (%q) or failed: %v", got, err)
	}
	_, err = Load(context.Background(), bundle, Options{})
	if !errors.Is(err, ErrNotList) || !strings.Contains(err.Error(), "this is a JSON object (an ATT&CK STIX bundle?)") {
		t.Errorf("without a JSON reader: %v", err)
	}
}
