package interp

import (
	"fmt"
	"reflect"
	"strings"

	basereflect "github.com/cosmos72/gomacro/base/reflect"
	xr "github.com/cosmos72/gomacro/xreflect"

	"github.com/huntbook/huntbook/pkg/display"
)

// result turns a cell's last values into the bundle to show; false means
// nothing to show (no values, or all nil).
func (e *Engine) result(vals []xr.Value, types []xr.Type) (display.Data, bool) {
	var live []int
	for i, v := range vals {
		if !isNil(v) {
			live = append(live, i)
		}
	}
	switch {
	case len(live) == 0:
		return display.Data{}, false
	case len(live) == 1:
		i := live[0]
		var t xr.Type
		if i < len(types) {
			t = types[i]
		}
		return e.render(vals[i], t), true
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = display.PlainText(basereflect.ValueInterface(v))
	}
	return display.MakeData(display.MIMETypeText, strings.Join(parts, " ")), true
}

func isNil(v xr.Value) bool {
	if !v.IsValid() || v == basereflect.None {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return false
}

// render builds the bundle of one value. Compiled types are rendered by
// package display; types declared in cells have emulated methods that Go's
// type assertions cannot see, so they are converted to each display
// interface gomacro says they implement, and the parts merged.
func (e *Engine) render(v xr.Value, t xr.Type) display.Data {
	if t != nil && t.Kind() == reflect.Interface {
		// a box (anybox.go) or proxy: render the value by its own type
		if val, xt := extract(v.ReflectValue(), xr.IsEmulatedInterface(t)); xt != nil && val.IsValid() {
			return e.render(xr.MakeValue(val), xt)
		}
	}
	x := basereflect.ValueInterface(v)
	if t == nil || t.ReflectType() == reflect.TypeOf(x) && !e.interpreted(t) && !mentionsCell(t, 0) {
		return display.Auto(x)
	}
	var d display.Data
	rich := false
	for _, it := range e.renderTo {
		if !t.Implements(it) {
			continue
		}
		conv := e.ir.Comp.Converter(t, it)
		y := x
		if conv != nil {
			y = basereflect.ValueInterface(conv(xr.ValueOf(x)))
		}
		if y == nil {
			continue
		}
		part, ok := display.Render(y)
		if !ok {
			continue
		}
		rich = true
		d.Data = merge(d.Data, part.Data)
		d.Metadata = merge(d.Metadata, part.Metadata)
		delete(d.Data, display.MIMETypeText)
	}
	if !rich {
		if mentionsCell(t, 0) {
			// text as fmt prints the value in a compiled program: its
			// String or Error method, also of elements
			x = e.boxerOf(e.ir.Comp, t).box(reflect.ValueOf(x)).Interface()
		}
		return display.Auto(x)
	}
	if d.Data == nil {
		d.Data = display.MIMEMap{}
	}
	d.Data[display.MIMETypeText] = t.String()
	if s, ok := x.(fmt.Stringer); ok {
		d.Data[display.MIMETypeText] = display.PlainText(s.String())
	}
	return d
}

// interpreted reports whether t was declared in a cell (its methods emulated).
func (e *Engine) interpreted(t xr.Type) bool {
	return t.NumMethod() != t.ReflectType().NumMethod()
}

func merge(dst, src display.MIMEMap) display.MIMEMap {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = display.MIMEMap{}
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}
