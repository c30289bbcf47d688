package netgraph

import (
	"errors"
	"fmt"
	"strings"

	"github.com/huntbook/huntbook/pkg/frame"
)

// Edge is one relationship between two data elements, as a row of the
// relationships table gives it: "process" "created" "file".
type Edge struct {
	Source, Target, Relationship string
}

// Node is a data element.
type Node struct {
	Name string
	// X and Y are the node's centre in SVG user units, set by Layout.
	X, Y float64
	// Out and In count the relationships that start and end here
	// (a self-loop counts in both).
	Out, In int
}

// Link is every relationship from one node to another (or to itself): the
// drawn edge. Relationships keeps their verbs in order of first appearance.
type Link struct {
	Source, Target int // indexes into Graph.Nodes
	Relationships  []string
}

// SelfLoop reports whether the link starts and ends at the same node.
func (l Link) SelfLoop() bool { return l.Source == l.Target }

// Graph is a directed multigraph of data elements, with one Link per
// ordered pair of nodes, laid out for drawing.
type Graph struct {
	// Title names the graph in the SVG's title and for screen readers.
	Title string
	// Nodes are in order of first appearance in the edges.
	Nodes []Node
	// Links are in order of first appearance of their (source, target) pair.
	Links []Link
	// Width and Height are the drawing's size in SVG user units (CSS
	// pixels); New sets DefaultWidth and DefaultHeight.
	Width, Height float64
	// ID prefixes the ids of the SVG's markers so that several graphs can
	// share a page; New sets "ng". Letters, digits, '-' and '_' only.
	ID string
}

// Default drawing size and layout seed.
const (
	DefaultWidth  = 960
	DefaultHeight = 640
	DefaultSeed   = 1
)

// New builds the graph of the given relationships and lays it out with
// DefaultSeed. Repeated (source, target, relationship) triples count once.
// It is an error for an edge to have an empty source, target or
// relationship, or for there to be no edge.
func New(title string, edges []Edge) (*Graph, error) {
	if len(edges) == 0 {
		return nil, errors.New("netgraph: no relationships to draw")
	}
	g := &Graph{Title: title, Width: DefaultWidth, Height: DefaultHeight, ID: "ng"}
	nodeIdx := make(map[string]int)
	node := func(name string) int {
		i, ok := nodeIdx[name]
		if !ok {
			i = len(g.Nodes)
			nodeIdx[name] = i
			g.Nodes = append(g.Nodes, Node{Name: name})
		}
		return i
	}
	type pair struct{ s, t int }
	linkIdx := make(map[pair]int)
	seen := make(map[Edge]bool)
	for i, e := range edges {
		switch {
		case strings.TrimSpace(e.Source) == "":
			return nil, fmt.Errorf("netgraph: edge %d has no source", i)
		case strings.TrimSpace(e.Target) == "":
			return nil, fmt.Errorf("netgraph: edge %d has no target", i)
		case strings.TrimSpace(e.Relationship) == "":
			return nil, fmt.Errorf("netgraph: edge %d (%s → %s) has no relationship", i, e.Source, e.Target)
		}
		if seen[e] {
			continue
		}
		seen[e] = true
		p := pair{node(e.Source), node(e.Target)}
		l, ok := linkIdx[p]
		if !ok {
			l = len(g.Links)
			linkIdx[p] = l
			g.Links = append(g.Links, Link{Source: p.s, Target: p.t})
		}
		g.Links[l].Relationships = append(g.Links[l].Relationships, e.Relationship)
		g.Nodes[p.s].Out++
		g.Nodes[p.t].In++
	}
	g.Layout(DefaultSeed)
	return g, nil
}

// FromFrame builds the graph from a table with source, target and
// relationship columns, such as attack.Relationships. Rows with a missing
// value are skipped, as dropna would.
func FromFrame(title string, f *frame.Frame, source, target, relationship string) (*Graph, error) {
	if f == nil {
		return nil, errors.New("netgraph: nil frame")
	}
	if err := f.Err(); err != nil {
		return nil, fmt.Errorf("netgraph: %w", err)
	}
	var cols [3][]any
	for i, name := range []string{source, target, relationship} {
		c, err := f.Column(name)
		if err != nil {
			return nil, fmt.Errorf("netgraph: %w", err)
		}
		cols[i] = c
	}
	edges := make([]Edge, 0, f.Len())
	for r := 0; r < f.Len(); r++ {
		if frame.IsNA(cols[0][r]) || frame.IsNA(cols[1][r]) || frame.IsNA(cols[2][r]) {
			continue
		}
		edges = append(edges, Edge{frame.Format(cols[0][r]), frame.Format(cols[1][r]), frame.Format(cols[2][r])})
	}
	return New(title, edges)
}

// Neighbours returns the indexes of the nodes linked to node i in either
// direction, in increasing order, i itself only through a self-loop.
func (g *Graph) Neighbours(i int) []int {
	seen := make([]bool, len(g.Nodes))
	for _, l := range g.Links {
		if l.Source == i {
			seen[l.Target] = true
		}
		if l.Target == i {
			seen[l.Source] = true
		}
	}
	var out []int
	for j, ok := range seen {
		if ok {
			out = append(out, j)
		}
	}
	return out
}

// Relationships counts the distinct relationships drawn.
func (g *Graph) Relationships() int {
	n := 0
	for _, l := range g.Links {
		n += len(l.Relationships)
	}
	return n
}

// SelfLoops counts the links from a node to itself.
func (g *Graph) SelfLoops() int {
	n := 0
	for _, l := range g.Links {
		if l.SelfLoop() {
			n++
		}
	}
	return n
}

// hasReverse reports whether link l's opposite direction is also a link.
func (g *Graph) hasReverse(l Link) bool {
	if l.SelfLoop() {
		return false
	}
	for _, o := range g.Links {
		if o.Source == l.Target && o.Target == l.Source {
			return true
		}
	}
	return false
}
