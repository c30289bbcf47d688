package stix

import (
	"hash/maphash"
	"unicode/utf8"
)

// idIndex finds the bundle's objects by STIX id. It maps a hash of the id
// to where the object and its id are in the input, and checks the id
// there on every hit, so that the objects huntbook only counts (most of a
// bundle: its uses relationships) need no id string, and a look-up
// compares eight bytes, not a key on the heap. Two ids with one hash, which
// a 64-bit hash practically never gives, go to other.
//
// The index of a piece read on another core (parallel.go) only lists its
// objects, in file order (pending), and finds no duplicate: merge adds
// them to the whole bundle's index, which finds the duplicates then, so
// that each id goes into one map once.
type idIndex struct {
	d       []byte
	seed    maphash.Seed
	m       map[uint64]idAt
	other   map[string]idAt
	same    bool        // every id hashes to 0: the tests' way to collide
	pending []pendingID // a piece's objects, for merge (newPieceIndex; m is nil)
}

// pendingID is an object of a piece: its id's hash and where it is.
type pendingID struct {
	h  uint64
	at idAt
}

func (x *idIndex) sum(id []byte) uint64 {
	if x.same {
		return 0
	}
	return maphash.Bytes(x.seed, id)
}

// idAt is where an object is: its '{' and its id's string.
type idAt struct{ obj, id int }

func newIDIndex(d []byte, seed maphash.Seed, n int) *idIndex {
	return &idIndex{d: d, seed: seed, m: make(map[uint64]idAt, n)}
}

// newPieceIndex is the index of a piece, for about n objects: it lists
// them for merge.
func newPieceIndex(d []byte, seed maphash.Seed, n int) *idIndex {
	return &idIndex{d: d, seed: seed, pending: make([]pendingID, 0, n)}
}

// sumString is sum for an id held as a string (maphash gives the same
// hash for the same bytes either way).
func (x *idIndex) sumString(id string) uint64 {
	if x.same {
		return 0
	}
	return maphash.String(x.seed, id)
}

// idIs reports whether the object at at has the id id, comparing the
// input's bytes without copying them when the id has no escapes.
func (x *idIndex) idIs(at idAt, id string) bool {
	s := scanner{d: x.d, i: at.id}
	raw, err := s.raw()
	if err == nil && utf8.Valid(raw) {
		return string(raw) == id
	}
	return x.idOf(at) == id
}

// idOf decodes the id at.
func (x *idIndex) idOf(at idAt) string {
	s := scanner{d: x.d, i: at.id}
	v, _ := s.str()
	return v
}

// add records the object at with the id id (decoded); dup is true, with
// the earlier object, when the index has one with that id already.
func (x *idIndex) add(id []byte, at idAt) (prev idAt, dup bool) {
	return x.addHashed(x.sum(id), at, id)
}

// addHashed is add with the id's hash; a nil id is decoded from the input
// when it is needed, on a hit.
func (x *idIndex) addHashed(h uint64, at idAt, id []byte) (prev idAt, dup bool) {
	if x.m == nil { // a piece's index
		x.pending = append(x.pending, pendingID{h, at})
		return idAt{}, false
	}
	old, hit := x.m[h]
	if !hit {
		x.m[h] = at
		return idAt{}, false
	}
	var ids string
	if id == nil {
		ids = x.idOf(at)
	} else {
		ids = string(id)
	}
	if x.idIs(old, ids) {
		return old, true
	}
	if x.other == nil {
		x.other = map[string]idAt{}
	}
	if old, dup := x.other[ids]; dup {
		return old, true
	}
	x.other[ids] = at
	return idAt{}, false
}

// find returns where the object with this id is.
func (x *idIndex) find(id string) (idAt, bool) {
	if at, hit := x.m[x.sumString(id)]; hit && x.idIs(at, id) {
		return at, true
	}
	at, ok := x.other[id]
	return at, ok
}

// has reports whether the bundle has an object with this id.
func (x *idIndex) has(id string) bool {
	_, ok := x.find(id)
	return ok
}

// merge adds the objects of piece y (newPieceIndex), read after x's, to
// x. It returns the first object of y in file order whose id x has
// already, and the object of x with that id; dupAt.obj is -1 if there is
// none.
func (x *idIndex) merge(y *idIndex) (dupAt, first idAt) {
	dupAt.obj = -1
	for _, p := range y.pending {
		if prev, dup := x.addHashed(p.h, p.at, nil); dup && (dupAt.obj < 0 || p.at.obj < dupAt.obj) {
			dupAt, first = p.at, prev
		}
	}
	return dupAt, first
}
