package ossem

import _ "embed"

//go:generate go run gendemo.go

//go:embed demo.yaml
var demoYAML []byte

// Demo returns huntbook's embedded demo mapping: a teaching subset of a few
// dozen techniques in the 2021 schema, written for huntbook's examples,
// workshop and tests. It includes T1003.001 (LSASS Memory) with its
// components and events, and components with no mapped event (such as
// "os api execution") to find as gaps. It is not the OSSEM-DM mapping;
// Mapping.Demo is true and Mapping.Label says so.
func Demo() (*Mapping, error) {
	m, err := Parse(demoYAML, DemoSource, 1)
	if err != nil {
		return nil, err
	}
	m.Demo = true
	return m, nil
}

// DemoYAML returns the embedded demo mapping's bytes.
func DemoYAML() []byte { return append([]byte(nil), demoYAML...) }
