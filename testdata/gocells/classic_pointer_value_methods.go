package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

type Host struct {
	Name string `json:"name"`
	Port int    `json:"port"`
}

func (h Host) String() string { return fmt.Sprintf("%s:%d", h.Name, h.Port) }

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func show(s fmt.Stringer) string { return "<" + s.String() + ">" }

func primary() fmt.Stringer { return &Host{"db", 5432} }

func newHost(name string) *Host { return &Host{name, 443} }

func main() {
	hp := &Host{"web", 80}
	var s fmt.Stringer = hp
	hp.Port = 8080 // the interface holds the pointer: it sees the change
	fmt.Println(s.String(), show(hp), primary())
	fmt.Println(hp, []*Host{hp})
	xs := byLen{"ccc", "a", "bb"}
	sort.Sort(&xs)
	fmt.Println(xs)
	var h Host
	err := json.Unmarshal([]byte(`{"name":"dns","port":53}`), &h)
	fmt.Println(h, err)
	var b strings.Builder
	fmt.Fprint(&b, hp)
	fmt.Println(b.String())
	_, isPtr := s.(*Host)
	fmt.Println(isPtr)
	var s2 fmt.Stringer = newHost("api")
	list := []fmt.Stringer{hp, newHost("cdn")}
	list = append(list, s2, newHost("mx"), Host{"ntp", 123})
	fmt.Println(show(newHost("vpn")), list, len(list))
}
