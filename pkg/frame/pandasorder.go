package frame

import "math/bits"

// pandas sorts value_counts with Series.sort_values(ascending=False), which
// reverses the counts, argsorts them with numpy's default "quicksort" (an
// introsort that is not stable) and reverses the result. Ties therefore do
// not always keep their order of first appearance: with more than 17
// distinct values they come out in an order only that algorithm defines.
// descendingOrder reproduces it so that huntbook's tables equal pandas'
// row for row; for 17 values or fewer it is first appearance.

// descendingOrder returns the positions of counts sorted descending the way
// pandas 1.5 (numpy 1.24) sorts them.
func descendingOrder(counts []float64) []int {
	n := len(counts)
	rev := make([]float64, n) // counts reversed
	idx := make([]int, n)     // original positions, reversed
	for i := range rev {
		rev[i] = counts[n-1-i]
		idx[i] = n - 1 - i
	}
	perm := argsortIntro(rev)
	out := make([]int, n)
	for i, p := range perm {
		out[n-1-i] = idx[p]
	}
	return out
}

const smallSort = 16 // partitions this small are insertion-sorted

// argsortIntro is numpy's introsort argsort: median-of-three quicksort,
// insertion sort for small partitions, heapsort past a depth limit.
func argsortIntro(v []float64) []int {
	n := len(v)
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	if n < 2 {
		return a
	}
	type span struct{ l, r, depth int }
	var stack []span
	l, r := 0, n-1
	depth := 2 * (bits.Len(uint(n)) - 1)
	for {
		if depth < 0 {
			heapsortIdx(v, a[l:r+1])
		} else {
			for r-l > smallSort {
				m := l + (r-l)>>1
				if v[a[m]] < v[a[l]] {
					a[m], a[l] = a[l], a[m]
				}
				if v[a[r]] < v[a[m]] {
					a[r], a[m] = a[m], a[r]
				}
				if v[a[m]] < v[a[l]] {
					a[m], a[l] = a[l], a[m]
				}
				pivot := v[a[m]]
				i, j := l, r-1
				a[m], a[j] = a[j], a[m]
				for {
					for i++; v[a[i]] < pivot; i++ {
					}
					for j--; pivot < v[a[j]]; j-- {
					}
					if i >= j {
						break
					}
					a[i], a[j] = a[j], a[i]
				}
				a[i], a[r-1] = a[r-1], a[i]
				depth--
				if i-l < r-i {
					stack = append(stack, span{i + 1, r, depth})
					r = i - 1
				} else {
					stack = append(stack, span{l, i - 1, depth})
					l = i + 1
				}
			}
			for i := l + 1; i <= r; i++ {
				x := a[i]
				j := i
				for j > l && v[x] < v[a[j-1]] {
					a[j] = a[j-1]
					j--
				}
				a[j] = x
			}
		}
		if len(stack) == 0 {
			return a
		}
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		l, r, depth = s.l, s.r, s.depth
	}
}

// heapsortIdx sorts the positions a by v with numpy's heapsort.
func heapsortIdx(v []float64, a []int) {
	n := len(a)
	at := func(i int) *int { return &a[i-1] } // 1-based, as heaps are
	sift := func(i, n, tmp int) {
		for j := i << 1; j <= n; {
			if j < n && v[*at(j)] < v[*at(j + 1)] {
				j++
			}
			if v[tmp] < v[*at(j)] {
				*at(i) = *at(j)
				i, j = j, j+j
			} else {
				break
			}
		}
		*at(i) = tmp
	}
	for l := n >> 1; l > 0; l-- {
		sift(l, n, *at(l))
	}
	for ; n > 1; n-- {
		tmp := *at(n)
		*at(n) = *at(1)
		sift(1, n-1, tmp)
	}
}
