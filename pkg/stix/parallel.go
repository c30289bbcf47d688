package stix

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/huntbook/huntbook/internal/mapfile"
)

// Reading a large bundle's objects on several cores.
//
// The objects list is cut into pieces at places that look like the start
// of an element (`}, {"type"`), each read with its own reader by one of
// the reader's workers (GOMAXPROCS unless Options.Workers says), and the
// results merged in file order. A cut is only a guess: piece k-1, read
// from a place known to be an element's start, checks it.
// If it reaches the cut exactly between two elements, piece k started
// right; if it passes the cut inside an element (the guess fell inside a
// string or a nested object), piece k and those after it are dropped and
// piece k-1 reads on to the end. The result, errors included, is what one
// reader gives: the error reported is the first in file order, a
// duplicate id across pieces included.

// piecesPerWorker is how many pieces each goroutine reads on average: the
// cost of a byte differs along a bundle (ATT&CK's analytics, decoded in
// full, come after its relationships, mostly skipped), and goroutines that
// take the next piece as they finish end together.
const piecesPerWorker = 8

// parallel reads the objects list from s.i, the start of its first
// element, to its ']'. r.workers goroutines read the pieces, each taking
// the next unread one; a finished piece is merged into r as soon as those
// before it are, while later pieces are still being read.
func (r *reader) parallel() error {
	s := r.s
	d := s.d
	first := s.i
	n := r.workers * piecesPerWorker
	cuts := []int{first}
	for k := 1; k < n; k++ {
		c := elementStart(d, first+k*(len(d)-first)/n)
		if c <= cuts[len(cuts)-1] {
			continue
		}
		cuts = append(cuts, c)
	}
	if len(cuts) == 1 {
		_, err := r.elements(-1)
		return err
	}
	type piece struct {
		r     *reader
		ended bool // read to the list's ']'
		err   error
		done  bool
	}
	pieces := make([]piece, len(cuts))
	var (
		next    atomic.Int64 // the next piece to read
		stopped atomic.Bool  // a merged piece ended the list or failed
		mu      sync.Mutex   // guards what follows, and r while merging
		merged  int          // pieces[:merged] are in r
		result  error
		readOn  bool // a cut fell inside an element: r reads on from there
	)
	// mergeDone merges the finished pieces that follow the merged ones,
	// in file order, and stops at the first that ends the list.
	mergeDone := func() {
		for !stopped.Load() && merged < len(pieces) && pieces[merged].done {
			k := merged
			p := &pieces[k]
			merged++
			if k > 0 {
				if err := r.merge(p.r, p.err); err != nil {
					result = err
					stopped.Store(true)
					return
				}
			}
			switch {
			case p.err != nil:
				result = p.err
				stopped.Store(true)
			case p.ended:
				s.i, s.depth = p.r.s.i, p.r.s.depth
				stopped.Store(true)
			case p.r.s.i != cuts[k+1]:
				// The cut was not between two elements: read on from here.
				s.i, s.depth = p.r.s.i, p.r.s.depth
				readOn = true
				stopped.Store(true)
			}
		}
	}
	depth, maxDepth, maxStr := s.depth, s.maxDepth, s.maxStr // s is piece 0's
	var g mapfile.Group
	for range min(r.workers, len(cuts)) {
		// A worker's panic (a fault on a mapped file that shrank, package
		// mapfile) is raised again by Wait, on the caller's goroutine.
		g.Go(func() {
			for !stopped.Load() {
				k := int(next.Add(1) - 1)
				if k >= len(cuts) {
					return
				}
				p := &pieces[k]
				stop := -1
				if k+1 < len(cuts) {
					stop = cuts[k+1]
				}
				p.r = r
				if k > 0 {
					ps := &scanner{d: d, i: cuts[k], depth: depth, maxDepth: maxDepth, maxStr: maxStr}
					p.r = newReader(ps, newPieceIndex(d, r.ids.seed, (len(d)-first)/1024/len(cuts)))
				}
				ended, err := p.r.elements(stop)
				mu.Lock()
				p.ended, p.err, p.done = ended, err, true
				mergeDone()
				mu.Unlock()
			}
		})
	}
	g.Wait()
	if readOn {
		_, err := r.elements(-1)
		return err
	}
	return result
}

// elementStart returns the offset of the first place at or after from
// that looks like the start of an element of the objects list: '{' after
// "}," and before a key, "type" preferably (ATT&CK's objects mostly start
// with it, nested objects do not). -1 if there is none.
func elementStart(d []byte, from int) int {
	fallback := -1
	for i := from; i < len(d); {
		j := bytes.IndexByte(d[i:], '{')
		if j < 0 {
			break
		}
		j += i
		i = j + 1
		p := j - 1
		for p >= 0 && space[d[p]] {
			p--
		}
		if p < 1 || d[p] != ',' {
			continue
		}
		for p--; p >= 0 && space[d[p]]; p-- {
		}
		if p < 0 || d[p] != '}' {
			continue
		}
		k := j + 1
		for k < len(d) && space[d[k]] {
			k++
		}
		if k >= len(d) || d[k] != '"' {
			continue
		}
		if bytes.HasPrefix(d[k:], []byte(`"type"`)) {
			return j
		}
		if fallback < 0 {
			fallback = j
		}
		if j-from > 1<<20 {
			break
		}
	}
	return fallback
}

// merge adds what piece p read to r, in file order after what r read. A
// duplicate id is an error unless failed, the error p stopped at, comes
// first in the file.
func (r *reader) merge(p *reader, failed error) error {
	if dup, first := r.ids.merge(p.ids); dup.obj >= 0 && (failed == nil || dup.obj < offsetOf(failed)) {
		line, _ := lineCol(r.s.d, first.obj)
		return &Error{pos: dup.obj + 1, Object: r.ids.idOf(dup), Err: ErrDuplicate, Detail: fmt.Sprintf("a second object with this id (the first is at line %d)", line)}
	}
	for k, v := range p.techs {
		r.techs[k] = v
	}
	for k, v := range p.comps {
		r.comps[k] = v
	}
	for k, v := range p.sources {
		r.sources[k] = v
	}
	for k, v := range p.strategies {
		r.strategies[k] = v
	}
	for k, v := range p.analytics {
		r.analytics[k] = v
	}
	for k, v := range p.compSource {
		r.compSource[k] = v
	}
	for k, v := range p.analyticRefs {
		r.analyticRefs[k] = v
	}
	for k, v := range p.logRefs {
		r.logRefs[k] = v
	}
	r.rels = append(r.rels, p.rels...)
	b, pb := r.b, p.b
	b.Techniques = append(b.Techniques, pb.Techniques...)
	b.Tactics = append(b.Tactics, pb.Tactics...)
	b.Components = append(b.Components, pb.Components...)
	b.DataSources = append(b.DataSources, pb.DataSources...)
	b.Strategies = append(b.Strategies, pb.Strategies...)
	b.Analytics = append(b.Analytics, pb.Analytics...)
	for k, v := range pb.Objects {
		b.Objects[k] += v
	}
	if versionLess(b.AttackSpec, pb.AttackSpec) {
		b.AttackSpec = pb.AttackSpec
	}
	if b.Domain == "" {
		b.Domain = pb.Domain
	}
	if p.modified > r.modified {
		r.modified = p.modified
	}
	if r.collection == "" {
		r.collection = p.collection
	}
	if r.specVersion == "" {
		r.specVersion = p.specVersion
	}
	return nil
}

// offsetOf returns the input offset an error of the reader is at.
func offsetOf(err error) int {
	var se *syntaxError
	if errors.As(err, &se) {
		return se.at
	}
	var e *Error
	if errors.As(err, &e) && e.pos > 0 {
		return e.pos - 1
	}
	return -1
}
