package yamlnode

import (
	"errors"
	"testing"

	"gopkg.in/yaml.v3"
)

func parse(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

func TestPosition(t *testing.T) {
	var n yaml.Node
	err := yaml.Unmarshal([]byte("a: b\n  c: d\n"), &n)
	line, msg := Position(err)
	if line != 2 || msg == "" || msg[:5] == "yaml:" {
		t.Errorf("Position(%v) = %d, %q", err, line, msg)
	}
	if line, msg := Position(errors.New("yaml: control characters are not allowed")); line != 0 || msg != "control characters are not allowed" {
		t.Errorf("no line: %d %q", line, msg)
	}
}

func TestMerge(t *testing.T) {
	n := parse(t, "base: &b {x: 1}\nrec:\n  <<: *b\n  y: 2\n")
	rec := n.Content[3]
	var me *MergeError
	if err := CheckMerge(rec); !errors.As(err, &me) || me.Line != 3 || me.Column != 3 || !errors.Is(err, ErrMerge) {
		t.Errorf("CheckMerge = %v", err)
	}
	if err := CheckMerge(parse(t, "'<<': quoted is a key\n")); err != nil {
		t.Errorf("a quoted << is an ordinary key: %v", err)
	}
}

func TestBudget(t *testing.T) {
	n := parse(t, "a: &a [1]\nb: *a\n")
	b := &Budget{Left: 1}
	got, err := b.Follow(n.Content[3])
	if err != nil || got.Kind != yaml.SequenceNode {
		t.Fatalf("Follow = %v, %v", got, err)
	}
	if _, err := b.Follow(n.Content[3]); !errors.Is(err, ErrBudget) {
		t.Errorf("spent budget: %v", err)
	}
	if KindName(n) != "a mapping" || KindName(n.Content[3]) != "an alias" {
		t.Errorf("KindName: %s, %s", KindName(n), KindName(n.Content[3]))
	}
}
