package netgraph

import "math"

// Layout parameters. The layout is Fruchterman and Reingold's force-directed
// placement: every pair of nodes repels, linked nodes attract, a weak pull
// to the centre keeps unlinked parts on the page, and the step shrinks each
// round. It runs on the undirected simple graph under the links (a pair
// linked both ways attracts once; self-loops exert no force).
const (
	layoutRounds = 400
	gravity      = 0.05
	margin       = 70.0 // room around the drawing for labels and loops
)

// Layout places the nodes with a force-directed layout seeded by seed, then
// fits them into Width × Height. The same graph and seed give the same
// positions on every platform: the random start comes from a fixed
// generator, loops run in index order, and every product is converted
// explicitly so that no compiler fuses a multiply-add (which would round
// differently on different CPUs).
func (g *Graph) Layout(seed uint64) {
	n := len(g.Nodes)
	if n == 0 {
		return
	}
	if g.Width <= 0 {
		g.Width = DefaultWidth
	}
	if g.Height <= 0 {
		g.Height = DefaultHeight
	}
	if n == 1 {
		g.Nodes[0].X, g.Nodes[0].Y = g.Width/2, g.Height/2
		return
	}

	// Undirected pairs, each once.
	type pair struct{ a, b int }
	var pairs []pair
	seen := make(map[pair]bool)
	for _, l := range g.Links {
		a, b := l.Source, l.Target
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if !seen[pair{a, b}] {
			seen[pair{a, b}] = true
			pairs = append(pairs, pair{a, b})
		}
	}

	r := splitmix(seed)
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = r.float()*2 - 1
		y[i] = r.float()*2 - 1
	}
	aspect := g.Width / g.Height
	k := math.Sqrt(4 * aspect / float64(n)) // ideal distance in a 2·aspect × 2 box
	k2 := float64(k * k)
	dx := make([]float64, n)
	dy := make([]float64, n)
	temp := 0.25 * aspect
	cool := math.Pow(0.005/temp, 1.0/layoutRounds)
	for round := 0; round < layoutRounds; round++ {
		clear(dx)
		clear(dy)
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				ddx, ddy := x[i]-x[j], y[i]-y[j]
				d2 := float64(ddx*ddx) + float64(ddy*ddy)
				if d2 < 1e-9 { // coincident: push apart along a fixed direction
					ddx, ddy, d2 = 1e-3*float64(i-j), 1e-3, 2e-6
				}
				f := k2 / d2 // repulsion k²/d, divided by d to scale (ddx, ddy)
				fx, fy := float64(ddx*f), float64(ddy*f)
				dx[i] += fx
				dy[i] += fy
				dx[j] -= fx
				dy[j] -= fy
			}
		}
		for _, p := range pairs {
			ddx, ddy := x[p.a]-x[p.b], y[p.a]-y[p.b]
			d := math.Sqrt(float64(ddx*ddx) + float64(ddy*ddy))
			f := d / k // attraction d²/k, divided by d
			fx, fy := float64(ddx*f), float64(ddy*f)
			dx[p.a] -= fx
			dy[p.a] -= fy
			dx[p.b] += fx
			dy[p.b] += fy
		}
		for i := 0; i < n; i++ {
			dx[i] -= float64(gravity * float64(x[i]*k))
			dy[i] -= float64(gravity * float64(y[i]*k))
			d := math.Sqrt(float64(dx[i]*dx[i]) + float64(dy[i]*dy[i]))
			if d > temp {
				s := temp / d
				dx[i], dy[i] = float64(dx[i]*s), float64(dy[i]*s)
			}
			x[i] += dx[i]
			y[i] += dy[i]
		}
		temp = float64(temp * cool)
	}
	g.fit(x, y)
}

// fit stretches positions over the drawing (each axis on its own, so the
// graph fills the page), then moves nodes apart until no two overlap with
// their labels, and rounds positions to hundredths so that the SVG text is
// stable.
func (g *Graph) fit(x, y []float64) {
	minX, maxX, minY, maxY := x[0], x[0], y[0], y[0]
	for i := range x {
		minX, maxX = math.Min(minX, x[i]), math.Max(maxX, x[i])
		minY, maxY = math.Min(minY, y[i]), math.Max(maxY, y[i])
	}
	w, h := g.Width-2*margin, g.Height-2*margin
	sx, sy := 0.0, 0.0
	if maxX > minX {
		sx = w / (maxX - minX)
	}
	if maxY > minY {
		sy = h / (maxY - minY)
	}
	px := make([]float64, len(x))
	py := make([]float64, len(y))
	for i := range x {
		px[i] = margin + float64((x[i]-minX)*sx)
		py[i] = margin + float64((y[i]-minY)*sy)
		if sx == 0 {
			px[i] = g.Width / 2
		}
		if sy == 0 {
			py[i] = g.Height / 2
		}
	}
	g.separate(px, py)
	for i := range g.Nodes {
		g.Nodes[i].X = round2(px[i])
		g.Nodes[i].Y = round2(py[i])
	}
}

// box is the space a node takes with its label, around its centre.
func (g *Graph) box(i int) (left, right, up, down float64) {
	n := g.Nodes[i]
	r := n.radius()
	half := math.Max(r, labelWidth(shorten(n.Name, maxLabel), 12)/2) + 6
	return half, half, r + 6, r + 22
}

// separate pushes overlapping node boxes apart along the axis where they
// overlap least, a few hundred rounds at most, keeping nodes on the page.
func (g *Graph) separate(x, y []float64) {
	n := len(x)
	for round := 0; round < 300; round++ {
		moved := false
		for i := 0; i < n; i++ {
			li, ri, ui, di := g.box(i)
			for j := i + 1; j < n; j++ {
				lj, rj, uj, dj := g.box(j)
				ox := math.Min(x[i]+ri, x[j]+rj) - math.Max(x[i]-li, x[j]-lj)
				oy := math.Min(y[i]+di, y[j]+dj) - math.Max(y[i]-ui, y[j]-uj)
				if ox <= 0 || oy <= 0 {
					continue
				}
				moved = true
				if ox < oy {
					d := ox/2 + 0.5
					if x[i] < x[j] || x[i] == x[j] && i < j {
						d = -d
					}
					x[i] += d
					x[j] -= d
				} else {
					d := oy/2 + 0.5
					if y[i] < y[j] || y[i] == y[j] && i < j {
						d = -d
					}
					y[i] += d
					y[j] -= d
				}
			}
		}
		for i := 0; i < n; i++ {
			l, r, u, d := g.box(i)
			x[i] = math.Min(math.Max(x[i], l+4), g.Width-r-4)
			y[i] = math.Min(math.Max(y[i], u+30), g.Height-d-20)
		}
		if !moved {
			return
		}
	}
}

// labelWidth estimates the width of text in Arial at size px: about 0.55
// em a character, 0.6 for bold labels' capitals and wide letters.
func labelWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r == ' ' || r == 'i' || r == 'l' || r == 'j' || r == 't' || r == 'f' || r == 'r' || r == '.' || r == ',':
			w += 0.33
		case r == 'm' || r == 'w' || r >= 'A' && r <= 'Z':
			w += 0.85
		default:
			w += 0.58
		}
	}
	return float64(w * size)
}

func round2(v float64) float64 { return math.Round(float64(v*100)) / 100 }

// splitmix is SplitMix64, a small generator whose sequence is fixed by its
// definition, so that layouts never change with a library's generator.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a number in [0, 1) with 53 random bits.
func (s *splitmix) float() float64 { return float64(s.next()>>11) / (1 << 53) }
