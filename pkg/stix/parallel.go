package stix

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/huntbook/huntbook/internal/mapfile"
)

// Reading a large bundle's objects on several cores.
//
// The objects list is cut into pieces at places that look like the start
// of an element (`}, {"type"`), each read by its own goroutine with its own
// reader, and the results merged in file order. A cut is only a guess:
// piece k-1, read from a place known to be an element's start, checks it.
// If it reaches the cut exactly between two elements, piece k started
// right; if it passes the cut inside an element (the guess fell inside a
// string or a nested object), piece k and those after it are dropped and
// piece k-1 reads on to the end. The result, errors included, is what one
// reader gives: the error reported is the first in file order, a
// duplicate id across pieces included.

// parallel reads the objects list from s.i, the start of its first
// element, to its ']'.
func (r *reader) parallel() error {
	s := r.s
	d := s.d
	first := s.i
	cuts := []int{first}
	for k := 1; k < r.workers; k++ {
		c := elementStart(d, first+k*(len(d)-first)/r.workers)
		if c <= cuts[len(cuts)-1] {
			break
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
	}
	pieces := make([]piece, len(cuts))
	var g mapfile.Group
	for k, at := range cuts {
		stop := -1
		if k+1 < len(cuts) {
			stop = cuts[k+1]
		}
		pr := r
		if k > 0 {
			ps := &scanner{d: d, i: at, depth: s.depth, maxDepth: s.maxDepth, maxStr: s.maxStr}
			pr = newReader(ps, r.ids.seed, (len(d)-first)/1024/len(cuts))
		}
		pieces[k].r = pr
		// A worker's panic (a fault on a mapped file that shrank, package
		// mapfile) is raised again here, on the caller's goroutine.
		p := &pieces[k]
		g.Go(func() { p.ended, p.err = p.r.elements(stop) })
	}
	g.Wait()
	for k := range pieces {
		p := &pieces[k]
		if k > 0 {
			if err := r.merge(p.r, p.err); err != nil {
				return err
			}
		}
		switch {
		case p.err != nil:
			return p.err
		case p.ended:
			s.i, s.depth = p.r.s.i, p.r.s.depth
			return nil
		case p.r.s.i != cuts[k+1]:
			// The cut was not between two elements: read on from here.
			s.i, s.depth = p.r.s.i, p.r.s.depth
			_, err := r.elements(-1)
			return err
		}
	}
	return nil // not reached: the last piece has no cut to stop at
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
