package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ErrNotFound is returned by Find and Start when no Chromium is installed.
var ErrNotFound = errors.New("browser: chromium not found (install it with: apt-get install -y chromium, or set HUNTBOOK_CHROMIUM)")

// DefaultPath is where Debian installs Chromium.
const DefaultPath = "/usr/bin/chromium"

// Options configure Start. The zero value is ready to use.
type Options struct {
	// ExecPath is the browser binary; "" means $HUNTBOOK_CHROMIUM, then
	// DefaultPath, then chromium or chromium-browser on $PATH.
	ExecPath string
	// Width and Height size the window (the viewport of every page);
	// zero means 1280 × 900.
	Width, Height int
	// Timeout bounds each page operation; zero means 30 seconds.
	Timeout time.Duration
}

// Find returns the browser binary that Start would run.
func Find(path string) (string, error) {
	candidates := []string{path}
	if path == "" {
		candidates = []string{os.Getenv("HUNTBOOK_CHROMIUM"), DefaultPath, "chromium", "chromium-browser"}
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	if path != "" {
		return "", fmt.Errorf("browser: %s: %w", path, ErrNotFound)
	}
	return "", ErrNotFound
}

// Browser is a running headless Chromium.
type Browser struct {
	ctx         context.Context
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	dir         string
	timeout     time.Duration
	closeOnce   sync.Once
}

// Start launches Chromium with a fresh profile directory.
func Start(ctx context.Context, o Options) (*Browser, error) {
	exe, err := Find(o.ExecPath)
	if err != nil {
		return nil, err
	}
	w, h := o.Width, o.Height
	if w <= 0 {
		w = 1280
	}
	if h <= 0 {
		h = 900
	}
	dir, err := os.MkdirTemp("", "huntbook-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browser: %w", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(w, h),
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: bctx, cancel: cancel, allocCancel: allocCancel, dir: dir, timeout: o.Timeout}
	if b.timeout <= 0 {
		b.timeout = 30 * time.Second
	}
	// The first action starts the browser; it must not carry a timeout,
	// which would end the browser with it.
	if err := chromedp.Do(bctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("browser: starting %s: %w", exe, err)
	}
	return b, nil
}

// Close stops the browser and removes its profile directory.
func (b *Browser) Close() error {
	var err error
	b.closeOnce.Do(func() {
		b.cancel()
		b.allocCancel()
		err = os.RemoveAll(b.dir)
	})
	return err
}

// Message is one thing a page reported.
type Message struct {
	// Kind is "console.<type>" for console API calls (console.error,
	// console.log, …), "exception" for uncaught exceptions and
	// "log.<level>" for browser log entries (log.error for a failed load or
	// a blocked request).
	Kind string
	Text string
	URL  string
	Line int64
}

func (m Message) String() string {
	if m.URL != "" {
		return fmt.Sprintf("%s: %s (%s:%d)", m.Kind, m.Text, m.URL, m.Line)
	}
	return m.Kind + ": " + m.Text
}

// IsError reports whether the message is a console error, an exception or
// an error in the browser log.
func (m Message) IsError() bool {
	return m.Kind == "console.error" || m.Kind == "console.assert" || m.Kind == "exception" || m.Kind == "log.error"
}

// Page is a browser tab that records what happens in it.
type Page struct {
	ctx     context.Context
	cancel  context.CancelFunc
	timeout time.Duration

	mu       sync.Mutex
	messages []Message
	dialogs  []string
	requests []string
}

// NewPage opens a tab.
func (b *Browser) NewPage() (*Page, error) {
	p := &Page{timeout: b.timeout}
	p.ctx, p.cancel = chromedp.NewContext(b.ctx, chromedp.WithListener(p.listen))
	if err := chromedp.Do(p.ctx); err != nil {
		p.cancel()
		return nil, fmt.Errorf("browser: opening a tab: %w", err)
	}
	return p, nil
}

// listen runs in the tab's event loop: it must return fast and run no
// command, so dialogs are dismissed from another goroutine.
func (p *Page) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		m := Message{Kind: "console." + string(ev.Type), Text: argsText(ev.Args)}
		if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
			m.URL, m.Line = st.CallFrames[0].URL, st.CallFrames[0].LineNumber+1
		}
		p.messages = append(p.messages, m)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		m := Message{Kind: "exception", Text: d.Text, URL: d.URL, Line: d.LineNumber + 1}
		if d.Exception != nil && d.Exception.Description != "" {
			m.Text += " " + d.Exception.Description
		}
		p.messages = append(p.messages, m)
	case *log.EventEntryAdded:
		e := ev.Entry
		p.messages = append(p.messages, Message{Kind: "log." + string(e.Level), Text: e.Text, URL: e.URL, Line: e.LineNumber + 1})
	case *network.EventRequestWillBeSent:
		if ev.Request != nil {
			p.requests = append(p.requests, ev.Request.URL)
		}
	case *page.EventJavascriptDialogOpening:
		p.dialogs = append(p.dialogs, string(ev.Type)+": "+ev.Message)
		go func() {
			_, _ = chromedp.Call(p.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}()
	}
}

func argsText(args []*runtime.RemoteObject) string {
	var s string
	for i, a := range args {
		if i > 0 {
			s += " "
		}
		switch {
		case a == nil:
		case a.Description != "":
			s += a.Description
		case len(a.Value) > 0:
			var str string
			if json.Unmarshal(a.Value, &str) == nil {
				s += str
			} else {
				s += string(a.Value)
			}
		default:
			s += string(a.Type)
		}
	}
	return s
}

// Close closes the tab.
func (p *Page) Close() { p.cancel() }

// Context is the tab's chromedp context, for actions the harness lacks.
func (p *Page) Context() context.Context { return p.ctx }

// Do runs actions in the tab with the page's timeout.
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// Open loads a URL and waits for its load event.
func (p *Page) Open(u string) error {
	if err := p.Do(chromedp.Navigate(u)); err != nil {
		return fmt.Errorf("browser: opening %s: %w", u, err)
	}
	return nil
}

// OpenFile loads a local file.
func (p *Page) OpenFile(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("browser: %w", err)
	}
	return p.Open((&url.URL{Scheme: "file", Path: abs}).String())
}

// Eval evaluates a JavaScript expression in the page and decodes its
// JSON value into T.
func Eval[T any](p *Page, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// MoveMouse moves the mouse to a point of the viewport (CSS pixels), as a
// user's hover does: the page sees pointer and mouse move, enter and leave.
func (p *Page) MoveMouse(x, y float64) error {
	return p.Do(chromedp.MouseEvent(chromedp.MouseMoved, x, y))
}

// Click clicks the left button at a point of the viewport.
func (p *Page) Click(x, y float64) error {
	return p.Do(chromedp.MouseClickXY(x, y))
}

// Wheel turns the mouse wheel at a point of the viewport; a negative dy
// scrolls up (zooms in, on a map or graph).
func (p *Page) Wheel(x, y, dy float64) error {
	return p.Do(chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, x, y, func(e *input.DispatchMouseEventParams) {
		// The protocol requires deltaX, and the encoder leaves out zero
		// values: a billionth of a pixel is no horizontal scroll.
		e.DeltaX = 1e-9
		e.DeltaY = dy
	}))
}

// Screenshot returns a PNG of the whole page, beyond the viewport.
func (p *Page) Screenshot() ([]byte, error) {
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.FullScreenshot(100))
}

// SaveScreenshot writes a PNG of the whole page to path.
func (p *Page) SaveScreenshot(path string) error {
	img, err := p.Screenshot()
	if err != nil {
		return fmt.Errorf("browser: screenshot: %w", err)
	}
	return os.WriteFile(path, img, 0o644)
}

// Messages returns everything the page reported so far, in order.
func (p *Page) Messages() []Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Message(nil), p.messages...)
}

// Errors returns the console errors, exceptions and browser log errors.
func (p *Page) Errors() []Message {
	var out []Message
	for _, m := range p.Messages() {
		if m.IsError() {
			out = append(out, m)
		}
	}
	return out
}

// Dialogs returns the dialogs the page opened ("alert: 1"); each was
// dismissed.
func (p *Page) Dialogs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.dialogs...)
}

// Requests returns the URL of every request the page made, the page's own
// included.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}
