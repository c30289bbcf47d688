package stix

import (
	"hash/maphash"
	"testing"
)

// Objects are found by id whether or not their ids' hashes collide, and a
// duplicate is found across a merge, the first of file order reported.
func TestIDIndex(t *testing.T) {
	d := []byte(`{"id": "a--1"} {"id": "b--\u0032"} {"id": "a--1"} {"id": "c--3"}`)
	at := func(obj int) idAt { return idAt{obj: obj, id: obj + 7} }
	for _, same := range []bool{false, true} {
		seed := maphash.MakeSeed()
		x := newIDIndex(d, seed, 4)
		x.same = same
		if _, dup := x.add([]byte("a--1"), at(0)); dup {
			t.Fatal("a--1 is a duplicate in an empty index")
		}
		if _, dup := x.add([]byte("b--2"), at(15)); dup {
			t.Fatalf("same hash %v: b--2 taken for a duplicate of a--1", same)
		}
		if prev, dup := x.add([]byte("a--1"), at(35)); !dup || prev != at(0) {
			t.Errorf("same hash %v: the second a--1: %v %v", same, prev, dup)
		}
		for id, want := range map[string]bool{"a--1": true, "b--2": true, "c--3": false} {
			if x.has(id) != want {
				t.Errorf("same hash %v: has(%s) = %v", same, id, !want)
			}
		}
		y := newPieceIndex(d, seed, 4) // a piece read on another core
		y.same = same
		y.add([]byte("c--3"), at(50))
		y.add([]byte("a--1"), at(35))
		dup, first := x.merge(y)
		if dup != at(35) || first != at(0) || !x.has("c--3") {
			t.Errorf("same hash %v: merge found %v (first %v), has c--3 %v", same, dup, first, x.has("c--3"))
		}
	}
}
