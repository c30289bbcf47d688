package attack

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/huntbook/huntbook/pkg/frame"
	"github.com/huntbook/huntbook/pkg/ossem"
)

// validateLayer checks a layer file against the ATT&CK Navigator layer
// format 4.5 as its published description (layers/spec/v4.5/layerformat.md
// in mitre-attack/attack-navigator) defines it: required properties,
// types, allowed values, and no property the format does not define (a
// misspelt key such as "techniqueId" is silently ignored by Navigator, so
// it is an error here).
func validateLayer(data []byte) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return []string{"not a JSON object: " + err.Error()}
	}
	type prop struct {
		kind     string // string, number, bool, object, array
		required bool
	}
	check := func(where string, obj map[string]any, props map[string]prop) {
		for name, p := range props {
			v, ok := obj[name]
			if !ok {
				if p.required {
					bad("%s: required property %q is missing", where, name)
				}
				continue
			}
			var okType bool
			switch p.kind {
			case "string":
				_, okType = v.(string)
			case "number":
				_, okType = v.(float64)
			case "bool":
				_, okType = v.(bool)
			case "object":
				_, okType = v.(map[string]any)
			case "array":
				_, okType = v.([]any)
			}
			if !okType {
				bad("%s.%s: want a %s, found %T", where, name, p.kind, v)
			}
		}
		for name := range obj {
			if _, ok := props[name]; !ok {
				bad("%s: property %q is not in the 4.5 format", where, name)
			}
		}
	}
	check("layer", root, map[string]prop{
		"versions": {"object", false}, "name": {"string", true}, "description": {"string", false},
		"domain": {"string", true}, "customDataURL": {"string", false}, "filters": {"object", false},
		"sorting": {"number", false}, "layout": {"object", false}, "hideDisabled": {"bool", false},
		"techniques": {"array", false}, "gradient": {"object", false}, "legendItems": {"array", false},
		"showTacticRowBackground": {"bool", false}, "tacticRowBackground": {"string", false},
		"selectTechniquesAcrossTactics": {"bool", false}, "selectSubtechniquesWithParent": {"bool", false},
		"selectVisibleTechniques": {"bool", false}, "metadata": {"array", false}, "links": {"array", false},
	})
	switch root["domain"] {
	case "enterprise-attack", "mobile-attack", "ics-attack":
	default:
		bad("layer.domain: %v is not enterprise-attack, mobile-attack or ics-attack", root["domain"])
	}
	if s, ok := root["sorting"].(float64); ok && (s < 0 || s > 3 || s != float64(int(s))) {
		bad("layer.sorting: %v is not 0, 1, 2 or 3", s)
	}
	if v, ok := root["versions"].(map[string]any); ok {
		check("versions", v, map[string]prop{"attack": {"string", false}, "navigator": {"string", true}, "layer": {"string", true}})
		if v["layer"] != "4.5" {
			bad("versions.layer: %v, must be \"4.5\"", v["layer"])
		}
		if n, ok := v["navigator"].(string); ok && !versionAtLeast(n, 4, 9, 0) {
			bad("versions.navigator: %q, must be at least 4.9.0", n)
		}
	}
	metadata := func(where string, v any) {
		list, ok := v.([]any)
		if !ok {
			return
		}
		for i, x := range list {
			o, ok := x.(map[string]any)
			w := fmt.Sprintf("%s[%d]", where, i)
			if !ok {
				bad("%s: want an object", w)
				continue
			}
			if _, div := o["divider"]; div {
				check(w, o, map[string]prop{"divider": {"bool", true}})
			} else {
				check(w, o, map[string]prop{"name": {"string", true}, "value": {"string", true}})
			}
		}
	}
	metadata("metadata", root["metadata"])
	if l, ok := root["layout"].(map[string]any); ok {
		check("layout", l, map[string]prop{"layout": {"string", false}, "showID": {"bool", false}, "showName": {"bool", false},
			"showAggregateScores": {"bool", false}, "countUnscored": {"bool", false}, "aggregateFunction": {"string", false},
			"expandedSubtechniques": {"string", false}})
	}
	hex := regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	if g, ok := root["gradient"].(map[string]any); ok {
		check("gradient", g, map[string]prop{"colors": {"array", true}, "minValue": {"number", true}, "maxValue": {"number", true}})
		colors, _ := g["colors"].([]any)
		if len(colors) < 2 {
			bad("gradient.colors: %d colours, want at least 2", len(colors))
		}
		for i, c := range colors {
			if s, ok := c.(string); !ok || !hex.MatchString(s) {
				bad("gradient.colors[%d]: %v is not a hexadecimal RGB colour", i, c)
			}
		}
		minV, _ := g["minValue"].(float64)
		maxV, _ := g["maxValue"].(float64)
		if !(maxV > minV) {
			bad("gradient: maxValue %v must be greater than minValue %v", maxV, minV)
		}
	}
	if items, ok := root["legendItems"].([]any); ok {
		for i, x := range items {
			o, _ := x.(map[string]any)
			check(fmt.Sprintf("legendItems[%d]", i), o, map[string]prop{"label": {"string", true}, "color": {"string", true}})
		}
	}
	id := regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)
	techs, _ := root["techniques"].([]any)
	for i, x := range techs {
		w := fmt.Sprintf("techniques[%d]", i)
		o, ok := x.(map[string]any)
		if !ok {
			bad("%s: want an object", w)
			continue
		}
		check(w, o, map[string]prop{"techniqueID": {"string", true}, "tactic": {"string", false}, "comment": {"string", false},
			"enabled": {"bool", false}, "score": {"number", false}, "color": {"string", false}, "metadata": {"array", false},
			"links": {"array", false}, "showSubtechniques": {"bool", false}})
		if s, _ := o["techniqueID"].(string); !id.MatchString(s) {
			bad("%s.techniqueID: %q is not T#### or T####.###", w, s)
		}
		if c, ok := o["color"].(string); ok && c != "" && !hex.MatchString(c) {
			bad("%s.color: %q is not a hexadecimal RGB colour", w, c)
		}
		metadata(w+".metadata", o["metadata"])
	}
	return errs
}

func versionAtLeast(v string, want ...int) bool {
	parts := strings.Split(v, ".")
	for i, w := range want {
		n := 0
		if i < len(parts) {
			var err error
			if n, err = strconv.Atoi(parts[i]); err != nil {
				return false
			}
		}
		if n != w {
			return n > w
		}
	}
	return true
}

// checkLayerTechniques checks that every technique entry names a technique
// of the mapping under one of its tactics.
func checkLayerTechniques(t *testing.T, m *ossem.Mapping, l *Layer) {
	t.Helper()
	tactics := make(map[string]map[string]bool)
	for i := range m.Records {
		r := &m.Records[i]
		if tactics[r.TechniqueID] == nil {
			tactics[r.TechniqueID] = make(map[string]bool)
		}
		for _, tac := range r.Tactic {
			tactics[r.TechniqueID][tac] = true
		}
	}
	seen := make(map[string]bool)
	for _, lt := range l.Techniques {
		tac, ok := tactics[lt.TechniqueID]
		if !ok {
			t.Errorf("layer technique %s is not in the mapping", lt.TechniqueID)
			continue
		}
		if lt.Tactic != "" && !tac[lt.Tactic] {
			t.Errorf("layer technique %s under tactic %s, which the mapping does not give it", lt.TechniqueID, lt.Tactic)
		}
		seen[lt.TechniqueID] = true
	}
	if len(seen) != len(tactics) {
		t.Errorf("layer has %d techniques, the mapping %d", len(seen), len(tactics))
	}
}

func TestLayerValid(t *testing.T) {
	cases := []struct {
		name   string
		schema string // "" for the demo
		inv    string
		attack string
	}{
		{"demo workstations", "", "workstations.yaml", "9"},
		{"demo defender", "", "defender.yaml", "9"},
		{"2021 workstations", "2021", "workstations.yaml", "9"},
		{"2022 workstations", "2022", "workstations.csv", "11"},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			var m *ossem.Mapping
			if tt.schema == "" {
				m = demo(t)
			} else {
				m = loadShared(t, tt.schema)
			}
			l := NewLayer(CoverageOf(m, loadInventory(t, tt.inv)), LayerOptions{})
			data, err := l.JSON()
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range validateLayer(data) {
				t.Error(e)
			}
			if l.Versions.Attack != tt.attack {
				t.Errorf("versions.attack %q, want %q", l.Versions.Attack, tt.attack)
			}
			checkLayerTechniques(t, m, l)
		})
	}
}

// The validator itself must catch what it claims to catch.
func TestValidateLayerRejects(t *testing.T) {
	for _, tt := range []struct {
		name, layer, want string
	}{
		{"no name", `{"domain":"enterprise-attack"}`, `layer: required property "name" is missing`},
		{"bad domain", `{"name":"x","domain":"mitre-enterprise"}`, "layer.domain: mitre-enterprise is not"},
		{"old format", `{"name":"x","domain":"enterprise-attack","versions":{"layer":"4.4","navigator":"4.9.0"}}`, `versions.layer: 4.4, must be "4.5"`},
		{"old navigator", `{"name":"x","domain":"enterprise-attack","versions":{"layer":"4.5","navigator":"4.8.2"}}`, "must be at least 4.9.0"},
		{"misspelt key", `{"name":"x","domain":"enterprise-attack","techniques":[{"techniqueId":"T1003"}]}`, `property "techniqueId" is not in the 4.5 format`},
		{"score as string", `{"name":"x","domain":"enterprise-attack","techniques":[{"techniqueID":"T1003","score":"5"}]}`, "techniques[0].score: want a number"},
		{"one colour", `{"name":"x","domain":"enterprise-attack","gradient":{"colors":["#ffffff"],"minValue":0,"maxValue":1}}`, "gradient.colors: 1 colours"},
		{"inverted gradient", `{"name":"x","domain":"enterprise-attack","gradient":{"colors":["#ffffff","#000000"],"minValue":1,"maxValue":1}}`, "maxValue 1 must be greater"},
		{"metadata without value", `{"name":"x","domain":"enterprise-attack","metadata":[{"name":"a"}]}`, `metadata[0]: required property "value"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			errs := validateLayer([]byte(tt.layer))
			if !strings.Contains(strings.Join(errs, "\n"), tt.want) {
				t.Errorf("errors %q, want one containing %q", errs, tt.want)
			}
		})
	}
}

// TestLayerCarriesTheFrame: each technique entry's metadata holds every
// scalar column of TechniquesFrame beyond id, name, tactic and score, so a
// column added to coverage reaches the layer without another edit.
func TestLayerCarriesTheFrame(t *testing.T) {
	c := CoverageOf(demo(t), loadInventory(t, "workstations.yaml"))
	rows := c.TechniquesFrame()
	l := NewLayer(c, LayerOptions{})
	byID := map[string]LayerTechnique{}
	for _, lt := range l.Techniques {
		byID[lt.TechniqueID] = lt
	}
	for i, tc := range c.Techniques {
		names := map[string]string{}
		for _, md := range byID[tc.ID].Metadata {
			names[md.Name] = md.Value
		}
		for _, col := range []string{"status", "covered", "filtered", "missing", "unmappable"} {
			if want := frame.Format(rows.At(i, col)); names[col] != want {
				t.Errorf("%s: layer metadata %s = %q, want %q", tc.ID, col, names[col], want)
			}
		}
	}
}
