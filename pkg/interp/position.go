package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"regexp"
	"strings"

	"github.com/cosmos72/gomacro/ast2"
	"github.com/cosmos72/gomacro/base"
	gr "github.com/cosmos72/gomacro/base/reflect"
	"github.com/cosmos72/gomacro/fast"
	xr "github.com/cosmos72/gomacro/xreflect"
)

// Where a runtime panic happened, and Go's words for it.
//
// gomacro compiles each statement to a closure and keeps, for every
// environment (the cell's top level, each function call, each block with
// variables of its own), the positions of its statements (Env.DebugPos)
// and the index of the one running (Env.IP). A panic skips the calls that
// would pop the environment, so the interpreter's current environment
// (Run.CurrEnv) is still the innermost one, and its running statement is
// where the panic happened: runExpr reads it before unwinding further.
//
// Not knowable that way: expressions at a cell's top level are compiled
// as expressions, not statements. site.mark puts each one but the last in
// a block of its own (a block with no variables costs nothing), so it
// becomes a statement with its position; a panic at the top level while
// no statement runs is then in the cell's last expression. Positions stay
// unknown in goroutines (their panics end the engine) and in the engine's
// own Go code (the generic functions of slices and maps that are written
// in Go for cells): such a panic has no position. A panic that a deferred
// function recovers and raises again is placed at the statement that
// panicked first, and a message the cell built from a recovered value
// keeps reflect's words.
//
//	_ = xs[3] on line 2, xs empty             cell line 2: runtime error: index out of range [3] with length 0
//	the same in a loop body with variables    cell line 2: runtime error: index out of range
//	in a function declared in an earlier cell line 4 of an earlier cell: runtime error: index out of range
//	position not known                        runtime error: index out of range
//
// gomacro indexes, slices and dereferences through package reflect, whose
// panics say "reflect: slice index out of range"; goMessages lists the ones
// reworded as Go says them. Go's message also gives the index and the
// length: gomacro's does not, so for a statement at the cell's top level
// whose operands are names, constants and arithmetic on them (evaluating
// them again cannot change anything), they are evaluated after the panic;
// when exactly one index or slice expression of the statement is out of
// range, its numbers are added. Elsewhere (a function's local variables are
// gone after the panic) the message has no numbers.
type site struct {
	comp   *fast.Comp   // for the file set
	base   int          // the file set's base before the cell was parsed
	cells  map[int]bool // the bases of the cells' files (Engine.cellFiles)
	nodes  []ast.Node   // the cell's top-level nodes, as compiled
	ends   bool         // the cell ends with an expression whose value is shown
	pos    token.Pos    // where the panic happened; NoPos: not known
	top    bool         // in the cell's top-level environment
	inLast bool         // at the top level while no statement ran: in the last expression
}

// start is called just before the cell is parsed: positions from there on
// are the cell's. cells records the file set bases of the cells parsed so
// far, to tell a cell's code from the engine's own (the generic standard
// library's Go source, generics.go's preludes).
func (s *site) start(ir *fast.Interp, cells map[int]bool) {
	s.comp, s.base, s.cells = ir.Comp, ir.Comp.Globals.Fileset.Base(), cells
	cells[s.base] = true
}

// inEarlierCell reports whether p is in a cell run before this one.
func (s *site) inEarlierCell(p token.Pos) bool {
	f := s.comp.Globals.Fileset.File(p)
	return int(p) < s.base && f != nil && s.cells[f.Base()]
}

// mark records the cell's nodes and puts each top-level expression but a
// last one whose value is shown in a block, so that gomacro compiles it
// as a statement with a position.
func (s *site) mark(form ast2.Ast, endsWithExpr bool) ast2.Ast {
	nodes := ast2.ToNodes(form)
	for i, n := range nodes {
		x, ok := n.(ast.Expr)
		if es, isStmt := n.(*ast.ExprStmt); isStmt {
			x, ok = es.X, true
		}
		if !ok || (endsWithExpr && i == len(nodes)-1) {
			continue
		}
		nodes[i] = &ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: x}}, Rbrace: x.End()}
	}
	s.nodes, s.ends = nodes, endsWithExpr
	if len(nodes) == 1 {
		return ast2.ToAst(nodes[0])
	}
	return ast2.NodeSlice{X: nodes}
}

// runExpr runs a compiled cell as fast.Interp.RunExpr does, and records in
// s where it panicked, if it does.
func (e *Engine) runExpr(expr *fast.Expr, s *site) ([]xr.Value, []xr.Type) {
	if expr == nil {
		return nil, nil
	}
	ir := e.ir
	env := ir.PrepareEnv()
	if ir.Comp.Globals.Options&base.OptKeepUntyped == 0 && expr.Untyped() {
		expr.ConstTo(expr.DefaultType())
	}
	run := env.Run
	// what RunExpr's applyDebugOp(DebugOpContinue) does
	run.DebugDepth = 0
	run.ExecFlags.SetDebug(false)
	run.Signals.Debug = base.SigNone
	saved := run.CurrEnv
	run.CurrEnv = env
	finished := false
	defer func() {
		if !finished {
			s.record(run.CurrEnv, env)
		}
		run.CurrEnv = saved
	}()
	v, vs := expr.AsXV(fast.COptKeepUntyped)(env)
	finished = true
	return gr.PackValues(v, vs), gr.PackTypes(expr.Type, expr.Types)
}

// record notes the position of the statement cur runs, top the cell's
// top-level environment.
func (s *site) record(cur, top *fast.Env) {
	if cur == nil {
		return
	}
	s.top = cur == top
	if cur.IP >= 0 && cur.IP < len(cur.DebugPos) {
		s.pos = cur.DebugPos[cur.IP]
	}
	if s.top && (s.pos == token.NoPos || !s.inCell(s.pos)) {
		// no top-level statement runs (the last one finished, or the
		// position is an earlier cell's): the panic is in the last expression
		s.pos, s.inLast = token.NoPos, s.ends && len(s.nodes) > 0
		if s.inLast {
			s.pos = s.nodes[len(s.nodes)-1].Pos()
		}
	}
}

// inCell reports whether p is in the cell being run.
func (s *site) inCell(p token.Pos) bool {
	fs := s.comp.Globals.Fileset
	return int(p) >= s.base && fs.File(p) != nil && fs.File(p) == fs.File(token.Pos(s.base))
}

// locate rewrites a panic's error output o: Go's message, with the
// position where it is known.
func (e *Engine) locate(o Output, s *site) Output {
	if o.EName != ENamePanic || s.comp == nil {
		return o
	}
	msg := GoMessage(o.EValue)
	if msg != o.EValue && s.top {
		if detail := e.bounds(msg, s); detail != "" {
			msg = detail
		}
	}
	if s.pos != token.NoPos {
		line := s.comp.Globals.Fileset.Position(s.pos).Line
		switch {
		case s.inCell(s.pos):
			msg = fmt.Sprintf("cell line %d: %s", line, msg)
		case s.inEarlierCell(s.pos):
			msg = fmt.Sprintf("line %d of an earlier cell: %s", line, msg)
		}
	}
	o.EValue = msg
	o.Traceback = []string{o.EName + ": " + msg}
	return o
}

// goMessages are the messages of package reflect (through which gomacro
// indexes and dereferences) and of gomacro, with Go's for the same panic.
var goMessages = []struct {
	re *regexp.Regexp
	to string
}{
	{regexp.MustCompile(`^reflect: (slice|array|string) index out of range$`), "runtime error: index out of range"},
	{regexp.MustCompile(`^reflect\.Value\.Slice3?: (string )?slice index out of bounds$`), "runtime error: slice bounds out of range"},
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.\w+ on zero Value$`), "runtime error: invalid memory address or nil pointer dereference"},
	{regexp.MustCompile(`^reflect: Method on nil interface value$`), "runtime error: invalid memory address or nil pointer dereference"},
}

// reTypeInBrackets matches gomacro's <T> in an interface conversion panic.
var reTypeInBrackets = regexp.MustCompile(`<([^<>]+)>`)

// GoMessage returns a panic message of the interpreter in Go's words (see
// site), or msg itself.
func GoMessage(msg string) string {
	for _, m := range goMessages {
		if m.re.MatchString(msg) {
			return m.to
		}
	}
	if strings.HasPrefix(msg, "interface conversion: ") {
		return reTypeInBrackets.ReplaceAllStringFunc(msg, func(b string) string {
			return strings.ReplaceAll(b[1:len(b)-1], "interface{}", "interface {}")
		})
	}
	return msg
}

// bounds returns Go's message with the index and length for an index or
// slice panic msg of a top-level statement, when they can be evaluated
// again (see site); "" otherwise.
func (e *Engine) bounds(msg string, s *site) string {
	var stmt ast.Node
	for _, n := range s.nodes {
		if n.Pos() == s.pos {
			stmt = n
		}
	}
	if stmt == nil {
		return ""
	}
	var found []string
	ast.Inspect(stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IndexExpr:
			if msg == "runtime error: index out of range" {
				if d := e.indexDetail(n); d != "" {
					found = append(found, d)
				}
			}
		case *ast.SliceExpr:
			if msg == "runtime error: slice bounds out of range" && !n.Slice3 {
				if d := e.sliceDetail(n); d != "" {
					found = append(found, d)
				}
			}
		}
		return true
	})
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

// indexDetail says how x[i] is out of range, or "" when it is not or
// cannot be told.
func (e *Engine) indexDetail(n *ast.IndexExpr) string {
	v, ok := e.evalAgain(n.X)
	if !ok || !hasLen(v) {
		return ""
	}
	i, ok := e.evalInt(n.Index)
	switch {
	case !ok:
		return ""
	case i < 0:
		return fmt.Sprintf("runtime error: index out of range [%d]", i)
	case i >= int64(v.Len()):
		return fmt.Sprintf("runtime error: index out of range [%d] with length %d", i, v.Len())
	}
	return ""
}

// sliceDetail says how x[lo:hi] is out of range, as Go does, or "".
func (e *Engine) sliceDetail(n *ast.SliceExpr) string {
	v, ok := e.evalAgain(n.X)
	if !ok || !hasLen(v) {
		return ""
	}
	limit, what := int64(v.Len()), "length"
	if v.Kind() == reflect.Slice {
		limit, what = int64(v.Cap()), "capacity"
	}
	lo, hi := int64(0), int64(v.Len())
	if n.Low != nil {
		if lo, ok = e.evalInt(n.Low); !ok {
			return ""
		}
	}
	if n.High != nil {
		if hi, ok = e.evalInt(n.High); !ok {
			return ""
		}
	}
	switch {
	case lo < 0 || hi < 0:
		return ""
	case hi > limit:
		return fmt.Sprintf("runtime error: slice bounds out of range [:%d] with %s %d", hi, what, limit)
	case lo > hi:
		return fmt.Sprintf("runtime error: slice bounds out of range [%d:%d]", lo, hi)
	}
	return ""
}

// hasLen reports whether v is a slice, an array or a string.
func hasLen(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Array, reflect.String:
		return true
	}
	return false
}

// evalInt evaluates x again as an integer.
func (e *Engine) evalInt(x ast.Expr) (int64, bool) {
	v, ok := e.evalAgain(x)
	if !ok {
		return 0, false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if v.Uint() < 1<<63 {
			return int64(v.Uint()), true
		}
	}
	return 0, false
}

// evalAgain evaluates x at the cell's top level if doing so cannot have
// effects (pure); a pointer to an array is followed.
func (e *Engine) evalAgain(x ast.Expr) (v reflect.Value, ok bool) {
	if !pure(x) {
		return v, false
	}
	defer func() {
		if recover() != nil {
			v, ok = reflect.Value{}, false
		}
	}()
	vals, _ := e.ir.RunExpr(e.ir.CompileAst(ast2.ToAst(x)))
	if len(vals) != 1 || !vals[0].IsValid() {
		return v, false
	}
	v = vals[0].ReflectValue()
	if v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Array {
		v = v.Elem()
	}
	return v, true
}

// pure reports whether evaluating x again cannot change anything: names,
// constants, field selections, indexing, dereferences and arithmetic.
func pure(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return pure(x.X)
	case *ast.SelectorExpr:
		return pure(x.X)
	case *ast.StarExpr:
		return pure(x.X)
	case *ast.IndexExpr:
		return pure(x.X) && pure(x.Index)
	case *ast.UnaryExpr:
		return (x.Op == token.SUB || x.Op == token.ADD || x.Op == token.XOR) && pure(x.X)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.SHL, token.SHR, token.AND_NOT:
			return pure(x.X) && pure(x.Y)
		}
	}
	return false
}
