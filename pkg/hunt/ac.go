package hunt

import "sort"

// An Aho-Corasick automaton over bytes: the "contains" needles of every
// rule on one field are found in one pass over the event's value, however
// many rules ask (hundreds of ps_script rules read one ScriptBlockText;
// thousands of needles are tested on CommandLine and Hashes). Edges are
// stored sparsely (sorted per state) so memory is linear in the needles'
// total length; the root's edges are a dense table.
type automaton struct {
	root  [256]int32 // the root's transitions, failures resolved
	start []int32    // state → first edge; edges of s are start[s]:start[s+1]
	label []byte     // edge byte, sorted within a state
	to    []int32    // edge target
	fail  []int32
	out   []int32 // state → needle ending here, or -1
	dict  []int32 // state → nearest proper suffix state with an output, or -1
	n     int     // needles

	// dense, when not nil, is the full DFA: dense[state*classes+class[b]].
	dense   []int32
	class   [256]uint8
	classes int
}

func newAutomaton(needles []string) *automaton {
	a := &automaton{n: len(needles)}
	// The trie, built from the needles in sorted order: each shares its
	// prefix with the one before, so the path of that prefix is on a
	// stack, and every state's children are created in byte order.
	order := make([]int, len(needles))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return needles[order[i]] < needles[order[j]] })
	parent := []int32{-1}
	lab := []byte{0}
	a.out = []int32{-1}
	stack := []int32{0}
	prev := ""
	for _, idx := range order {
		s := needles[idx]
		l := 0
		for l < len(s) && l < len(prev) && s[l] == prev[l] {
			l++
		}
		stack = stack[:l+1]
		st := stack[l]
		for i := l; i < len(s); i++ {
			c := int32(len(a.out))
			parent = append(parent, st)
			lab = append(lab, s[i])
			a.out = append(a.out, -1)
			stack = append(stack, c)
			st = c
		}
		if a.out[st] < 0 {
			a.out[st] = int32(idx)
		}
		prev = s
	}
	states := len(a.out)
	// Edges grouped by parent (a stable counting sort keeps byte order).
	a.start = make([]int32, states+1)
	for c := 1; c < states; c++ {
		a.start[parent[c]+1]++
	}
	for i := 1; i <= states; i++ {
		a.start[i] += a.start[i-1]
	}
	a.label = make([]byte, states-1)
	a.to = make([]int32, states-1)
	fill := make([]int32, states)
	for c := 1; c < states; c++ {
		p := parent[c]
		e := a.start[p] + fill[p]
		fill[p]++
		a.label[e], a.to[e] = lab[c], int32(c)
	}
	// Failure links, breadth-first.
	a.fail = make([]int32, states)
	a.dict = make([]int32, states)
	a.dict[0] = -1
	queue := make([]int32, 0, states)
	for e := a.start[0]; e < a.start[1]; e++ {
		a.root[a.label[e]] = a.to[e]
		queue = append(queue, a.to[e])
		a.dict[a.to[e]] = -1
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		for e := a.start[st]; e < a.start[st+1]; e++ {
			s, b := a.to[e], a.label[e]
			f := a.step(a.fail[st], b)
			a.fail[s] = f
			if a.out[f] >= 0 {
				a.dict[s] = f
			} else {
				a.dict[s] = a.dict[f]
			}
			queue = append(queue, s)
		}
	}
	a.densify()
	return a
}

// maxDense bounds a dense transition table (states × byte classes
// entries of 4 bytes): small automata get one lookup per byte, large ones
// (CommandLine's, Hashes') stay sparse.
const maxDense = 1 << 20

// densify builds the full DFA over byte classes when it is small enough.
// In breadth-first order a state's failure is done before it, so each
// entry is its own edge or its failure's entry.
func (a *automaton) densify() {
	var used [256]bool
	for _, b := range a.label {
		used[b] = true
	}
	k := 1 // class 0: bytes no needle uses
	var class [256]uint8
	var rep []byte = []byte{0}
	for b := range 256 {
		if used[b] {
			class[b] = uint8(k)
			rep = append(rep, byte(b))
			k++
		}
	}
	states := len(a.out)
	if states*k > maxDense {
		return
	}
	d := make([]int32, states*k)
	// Root: its resolved transitions (class 0 stays at the root).
	for c := 1; c < k; c++ {
		d[c] = a.root[rep[c]]
	}
	queue := make([]int32, 0, states)
	for e := a.start[0]; e < a.start[1]; e++ {
		queue = append(queue, a.to[e])
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		f := a.fail[st]
		row, frow := d[int(st)*k:int(st)*k+k], d[int(f)*k:int(f)*k+k]
		copy(row, frow)
		for e := a.start[st]; e < a.start[st+1]; e++ {
			row[class[a.label[e]]] = a.to[e]
			queue = append(queue, a.to[e])
		}
	}
	a.dense, a.class, a.classes = d, class, k
}

// edge returns the target of st's edge labelled b, or -1.
func (a *automaton) edge(st int32, b byte) int32 {
	lo, hi := int(a.start[st]), int(a.start[st+1])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a.label[m] < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < int(a.start[st+1]) && a.label[lo] == b {
		return a.to[lo]
	}
	return -1
}

// step is the transition from st on b, following failure links.
func (a *automaton) step(st int32, b byte) int32 {
	if a.dense != nil {
		return a.dense[int(st)*a.classes+int(a.class[b])]
	}
	for st != 0 {
		if t := a.edge(st, b); t >= 0 {
			return t
		}
		st = a.fail[st]
	}
	return a.root[b]
}

// Kinds of needle hits, each a bitset of words() words in scanAll's
// output.
const (
	hitContains = iota
	hitPrefix
	hitSuffix
	hitExact
	hitKinds
)

func (a *automaton) words() int { return (a.n + 63) / 64 }

func set(bits []uint64, n int32) { bits[n>>6] |= 1 << (uint(n) & 63) }

// scan sets found[i] for every needle i that occurs in s, and returns the
// state it ends in.
func (a *automaton) scan(s string, found []uint64) int32 {
	st := int32(0)
	for i := 0; i < len(s); i++ {
		st = a.step(st, s[i])
		for o := st; o > 0; o = a.dict[o] {
			if n := a.out[o]; n >= 0 {
				set(found, n)
			}
		}
	}
	return st
}

// scanAll finds, for every needle, whether s contains it, starts with it,
// ends with it or equals it: hitKinds bitsets of words() words, one after
// the other. The prefixes are the needles on the trie path that s spells
// from the root; the suffixes those that end where s ends.
func (a *automaton) scanAll(s string, bits []uint64) {
	w := a.words()
	contains, prefix, suffix, exact := bits[:w], bits[w:2*w], bits[2*w:3*w], bits[3*w:4*w]
	st := int32(0)
	whole := true
	for i := 0; i < len(s); i++ {
		var t int32
		if st == 0 {
			t = a.root[s[i]]
		} else {
			t = a.edge(st, s[i])
		}
		if t <= 0 {
			whole = false
			break
		}
		if n := a.out[t]; n >= 0 {
			set(prefix, n)
		}
		st = t
	}
	if whole && len(s) > 0 {
		if n := a.out[st]; n >= 0 {
			set(exact, n)
		}
	}
	st = a.scan(s, contains)
	for o := st; o > 0; o = a.dict[o] {
		if n := a.out[o]; n >= 0 {
			set(suffix, n)
		}
	}
}
