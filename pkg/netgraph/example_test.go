package netgraph_test

import (
	"fmt"

	"github.com/huntbook/huntbook/pkg/netgraph"
)

func ExampleNew() {
	g, err := netgraph.New("Relationships among Data Elements", []netgraph.Edge{
		{Source: "process", Target: "file", Relationship: "created"},
		{Source: "process", Target: "file", Relationship: "modified"},
		{Source: "process", Target: "process", Relationship: "accessed"},
		{Source: "user", Target: "process", Relationship: "created"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range g.Links {
		fmt.Println(g.Nodes[l.Source].Name, "→", g.Nodes[l.Target].Name, l.Relationships)
	}
	fmt.Println(g.Description())
	// Output:
	// process → file [created modified]
	// process → process [accessed]
	// user → process [created]
	// 3 data elements and 4 relationships, drawn as 3 arrows: each arrow joins a source to a target and carries every relationship between them (its label shows the first verb and how many more); a pair related both ways has two curved arrows; a relationship of an element with itself is a loop (1).
}
