package yamlnode

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Position splits a yaml.v3 error into its line (0 when it names none) and
// its message without the "yaml: " prefix and the line.
func Position(err error) (line int, msg string) {
	s := err.Error()
	if m := lineRE.FindStringSubmatch(s); m != nil {
		line, _ = strconv.Atoi(m[1])
		return line, m[2]
	}
	return 0, strings.TrimPrefix(s, "yaml: ")
}

// KindName names what a node is, for messages such as "want a list, found
// a mapping".
func KindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// IsMerge reports whether a mapping key is a YAML 1.1 merge key ("<<").
func IsMerge(key *yaml.Node) bool {
	return key.Kind == yaml.ScalarNode && (key.Tag == "!!merge" || key.Value == "<<" && key.Style == 0)
}

// ErrMerge is returned by CheckMerge.
var ErrMerge = errors.New("merge keys (<<) are not supported; write the keys out")

// MergeError is a merge key found at a position.
type MergeError struct{ Line, Column int }

func (e *MergeError) Error() string {
	return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, ErrMerge)
}

// Unwrap returns ErrMerge.
func (e *MergeError) Unwrap() error { return ErrMerge }

// CheckMerge returns a *MergeError for the first merge key of mapping n.
func CheckMerge(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; IsMerge(k) {
			return &MergeError{Line: k.Line, Column: k.Column}
		}
	}
	return nil
}

// ErrBudget is returned when aliases expand past a Budget.
var ErrBudget = errors.New("aliases expand to far more values than the input holds (an alias bomb?)")

// Budget bounds the work of walking a node tree whose aliases may expand
// it exponentially (an alias bomb): each node visited costs one.
type Budget struct{ Left int }

// NewBudget allows visiting about as many nodes as an input of size bytes
// can hold without aliases, and no fewer than 1024.
func NewBudget(size int) *Budget { return &Budget{Left: max(2*size, 1024)} }

// Spend counts one node; it fails once the budget is spent.
func (b *Budget) Spend() error {
	if b.Left--; b.Left < 0 {
		return ErrBudget
	}
	return nil
}

// Follow returns n, or the node its alias chain ends at, spending one per
// step; a chain longer than 100 or a dangling alias is an error.
func (b *Budget) Follow(n *yaml.Node) (*yaml.Node, error) {
	for depth := 0; n != nil && n.Kind == yaml.AliasNode; depth++ {
		if depth > 100 || n.Alias == nil {
			return nil, fmt.Errorf("line %d: alias chain too long", n.Line)
		}
		if err := b.Spend(); err != nil {
			return nil, err
		}
		n = n.Alias
	}
	return n, nil
}
