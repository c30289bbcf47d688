package ossem

import (
	"github.com/huntbook/huntbook/internal/boundedread"

	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/huntbook/huntbook/internal/atomicfile"
	"github.com/huntbook/huntbook/internal/mapfile"
)

// UpstreamURL is where OTRF publishes the mapping (2022 schema today).
const UpstreamURL = "https://raw.githubusercontent.com/OTRF/OSSEM-DM/main/use-cases/mitre_attack/techniques_to_events_mapping.yaml"

// DemoSource is the source name that selects the embedded demo set.
const DemoSource = "demo"

// Options tune Load. The zero value is ready to use.
type Options struct {
	// Stdin is read for the source "-"; nil means os.Stdin.
	Stdin io.Reader
	// Client fetches URLs; nil means a client with Timeout that follows
	// at most five redirects, over http and https only, and only to the
	// URL's own host or to one of RedirectHosts.
	Client *http.Client
	// RedirectHosts lists the other hosts a redirect may lead to (exact
	// host names, as in a URL); nil means none: a mapping is served by
	// the host named, and a redirect elsewhere is refused with an error
	// that names the host, so that a compromised or misconfigured server
	// cannot send huntbook to an internal address.
	RedirectHosts []string
	// Timeout bounds one fetch; zero means 60 seconds.
	Timeout time.Duration
	// MaxSize bounds the bytes read from any source; zero means 2 GiB.
	MaxSize int64
	// CacheDir holds fetched mappings; "" means huntbook/mappings under the
	// user cache directory. Entries are keyed by URL and verified by sha256.
	CacheDir string
	// MaxAge is how long a cached copy is served without asking the server
	// again; zero means 24 hours, a negative value always asks.
	MaxAge time.Duration
	// NoDigest leaves Mapping.SHA256 empty for a file or standard input,
	// sparing a pass over the bytes (30 ms of CPU time on a 37 MB bundle)
	// for callers that do not report it. A fetched source is hashed
	// anyway: its cached copy is checked by its digest.
	NoDigest bool
	// Workers is the number of goroutines the parser uses; zero means
	// GOMAXPROCS.
	Workers int
	// Logf, if set, receives notes such as "serving a cached copy".
	Logf func(format string, args ...any)
	// JSON, if set, reads a source whose content is a JSON object (its
	// first byte after a byte order mark and white space is '{'), such as
	// an ATT&CK STIX bundle: huntbook passes package stix's reader. The
	// source is read, fetched and cached as any other; Load sets Source,
	// SHA256, Size and Cached on the mapping JSON returns. Without JSON,
	// such a source is an error that says what it is. A top-level object
	// is never an OSSEM-DM mapping, which is a list.
	JSON func(data []byte, name string) (*Mapping, error)
	// Progress, if set, is called as the input is read and parsed with the
	// stage ("read", "download" or "parse"), the bytes done and the total (-1 when not
	// known yet). Calls may come from several goroutines, never at once
	// for the same stage.
	Progress func(stage string, done, total int64)
}

func (o *Options) progress(stage string, total int64) func(done int64) {
	if o.Progress == nil {
		return nil
	}
	var mu sync.Mutex
	return func(done int64) {
		mu.Lock()
		defer mu.Unlock()
		o.Progress(stage, done, total)
	}
}

// progressReader reports the bytes read through it.
type progressReader struct {
	r    io.Reader
	n    int64
	tell func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if p.tell != nil && n > 0 {
		p.tell(p.n)
	}
	return n, err
}

func (o *Options) maxSize() int64 {
	if o.MaxSize > 0 {
		return o.MaxSize
	}
	return 2 << 30
}

func (o *Options) logf(format string, args ...any) {
	if o.Logf != nil {
		o.Logf(format, args...)
	}
}

// Load reads a mapping from src: a file path, "-" for o.Stdin, an http(s)
// URL, or "demo" for the embedded teaching subset.
func Load(ctx context.Context, src string, o Options) (*Mapping, error) {
	switch {
	case src == DemoSource:
		return Demo()
	case src == "":
		return nil, errors.New("ossem: no mapping source given; use a file path, a URL, - for standard input, or demo")
	case src == "-":
		in := o.Stdin
		if in == nil {
			in = os.Stdin
		}
		data, err := readAll(&progressReader{r: in, tell: o.progress("read", -1)}, o.maxSize(), "standard input")
		if err != nil {
			return nil, err
		}
		return o.parse(data, "-")
	case isURL(src):
		return loadURL(ctx, src, o)
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, fmt.Errorf("ossem: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("ossem: %w", err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("ossem: %s is a directory; give the mapping YAML file", src)
	}
	if fi.Size() > o.maxSize() {
		return nil, &Error{Source: src, Record: -1, Err: ErrTooLarge, Detail: fmt.Sprintf("%d bytes is more than the limit of %d", fi.Size(), o.maxSize())}
	}
	if m, ok := o.parseMapped(f, fi, src); ok {
		return m.Mapping, m.err
	}
	data, err := readAllHint(&progressReader{r: f, tell: o.progress("read", fi.Size())}, o.maxSize(), src, fi.Size())
	if err != nil {
		return nil, err
	}
	return o.parse(data, src)
}

// mapped is what parseMapped read.
type mapped struct {
	*Mapping
	err error
}

// parseMapped reads a JSON object (an ATT&CK bundle) from a regular file
// mapped into memory (package mapfile) instead of copying it: o.JSON
// keeps nothing of its input. ok is false when the file is not mapped
// (mapping is not supported, the file is not a regular one, or it is not
// a JSON object, whose reader keeps strings that point into the bytes);
// the caller reads it then.
func (o *Options) parseMapped(f *os.File, fi os.FileInfo, src string) (m mapped, ok bool) {
	if o.JSON == nil || !fi.Mode().IsRegular() {
		return m, false
	}
	mp, ok := mapfile.Map(f, fi.Size())
	if !ok {
		return m, false
	}
	defer mp.Close()
	if !isJSONObject(mp.Data) {
		return m, false
	}
	if tell := o.progress("read", fi.Size()); tell != nil {
		tell(fi.Size())
	}
	m.err = mapfile.Guard(func() error {
		var err error
		m.Mapping, err = o.parse(mp.Data, src)
		// A NUL byte is a syntax error to the JSON reader; looked for only
		// then, to say that this is not a text file, sparing a pass over
		// the bytes of every good file.
		if err != nil {
			if nul := nulError(mp.Data); nul != nil {
				nul.Source = src
				m.Mapping, err = nil, nul
			}
		}
		return err
	})
	if errors.Is(m.err, mapfile.ErrChanged) {
		m.Mapping, m.err = nil, fmt.Errorf("ossem: reading %s: %w", src, m.err)
	}
	return m, true
}

// nulError is the error for a NUL byte in data, with its line; nil if
// there is none.
func nulError(data []byte) *Error {
	i := bytes.IndexByte(data, 0)
	if i < 0 {
		return nil
	}
	line := bytes.Count(data[:i], []byte{'\n'}) + 1
	return &Error{Line: line, Record: -1, Err: ErrSyntax, Detail: "a NUL byte: this is not a text file"}
}

// hintError is an error with what to do next appended to its message.
type hintError struct {
	msg string
	err error
}

func (e *hintError) Error() string { return e.msg }
func (e *hintError) Unwrap() error { return e.err }

// encodingError reports a UTF-16 or UTF-32 byte order mark.
func encodingError(data []byte) *Error {
	enc := ""
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}) || bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		enc = "UTF-32"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc = "UTF-16"
	default:
		return nil
	}
	return &Error{Line: 1, Column: 1, Record: -1, Err: ErrSyntax, Detail: "the file is " + enc + "; save it as UTF-8"}
}

// textOnly returns a check that stops a read at a UTF-16 or UTF-32 byte
// order mark or at a NUL byte, naming its line.
func textOnly() func(off int64, b []byte) error {
	line := 1
	return func(off int64, b []byte) error {
		if off == 0 {
			if err := encodingError(b); err != nil {
				return err
			}
		}
		if i := bytes.IndexByte(b, 0); i >= 0 {
			return &Error{Line: line + bytes.Count(b[:i], []byte{'\n'}), Record: -1, Err: ErrSyntax, Detail: "a NUL byte: this is not a text file"}
		}
		line += bytes.Count(b, []byte{'\n'})
		return nil
	}
}

func isURL(s string) bool {
	i := strings.Index(s, "://")
	return i > 0 && !strings.ContainsAny(s[:i], `/\`)
}

func readAll(r io.Reader, limit int64, name string) ([]byte, error) {
	return readAllHint(r, limit, name, 0)
}

// readAllHint reads r up to limit bytes (package boundedread); hint, when
// known, sizes the buffer once instead of growing it. A NUL byte stops the
// read at once: a mapping is text, and /dev/zero or a compressed stream of
// zeros must not be read up to the limit first.
func readAllHint(r io.Reader, limit int64, name string, hint int64) ([]byte, error) {
	data, err := boundedread.ReadAll(r, limit, hint, textOnly())
	var e *Error
	switch {
	case errors.As(err, &e):
		e.Source = name
		return nil, e
	case errors.Is(err, boundedread.ErrTooLarge):
		return nil, &Error{Source: name, Record: -1, Err: ErrTooLarge, Detail: fmt.Sprintf("more than %d bytes", limit)}
	case err != nil:
		return nil, fmt.Errorf("ossem: reading %s: %w", name, err)
	}
	return data, nil
}

// Parse reads a mapping from data; name is used in errors and as Source.
// workers <= 0 means GOMAXPROCS. The mapping does not refer to data, which
// the caller may change afterwards (Parse works on a copy: the records'
// strings point into the bytes they were parsed from).
func Parse(data []byte, name string, workers int) (*Mapping, error) {
	o := Options{Workers: workers}
	return o.parse(bytes.Clone(data), name)
}

func (o *Options) parse(data []byte, name string) (*Mapping, error) {
	var sum [sha256.Size]byte
	var digest mapfile.Group // faults on a mapped file come back here
	if !o.NoDigest {
		digest.Go(func() { sum = sha256.Sum256(data) }) // on another core, while parsing
	}
	var m *Mapping
	var err error
	if isJSONObject(data) {
		m, err = o.parseJSON(data, name)
	} else {
		m, err = parse(data, o.Workers, o.progress("parse", int64(len(data))))
	}
	digest.Wait()
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Source = name
		}
		return nil, err
	}
	m.Source, m.Size = name, int64(len(data))
	if !o.NoDigest {
		m.SHA256 = hex.EncodeToString(sum[:])
	}
	return m, nil
}

// isJSONObject reports whether data's first byte after a UTF-8 byte order
// mark and white space is '{'.
func isJSONObject(data []byte) bool {
	d := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return len(d) > 0 && d[0] == '{'
}

func (o *Options) parseJSON(data []byte, name string) (*Mapping, error) {
	if o.JSON == nil {
		return nil, &Error{Line: 1, Record: -1, Err: ErrNotList,
			Detail: "this is a JSON object (an ATT&CK STIX bundle?), not an OSSEM-DM mapping (a YAML list of records); huntbook reads bundles with --mapping and --attack"}
	}
	m, err := o.JSON(data, name)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, &Error{Record: -1, Err: ErrEmpty, Detail: "the JSON reader returned no mapping"}
	}
	return m, nil
}

func parse(data []byte, workers int, progress func(int64)) (*Mapping, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Error{Record: -1, Err: ErrEmpty, Detail: "the input is empty; expected a YAML list of OSSEM-DM records"}
	}
	if err := encodingError(data); err != nil {
		return nil, err
	}
	if err := nulError(data); err != nil {
		return nil, err
	}
	m, ok, err := parseFastProgress(data, workers, progress)
	if ok {
		if err != nil {
			return nil, err
		}
		return m, nil
	}
	return parseReference(data)
}

// cacheMeta is stored beside each cached mapping.
type cacheMeta struct {
	URL     string    `json:"url"`
	SHA256  string    `json:"sha256"`
	Size    int64     `json:"size"`
	Fetched time.Time `json:"fetched"`
	ETag    string    `json:"etag,omitempty"`
}

func (o *Options) cacheDir() (string, error) {
	if o.CacheDir != "" {
		return o.CacheDir, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "huntbook", "mappings"), nil
}

func cacheKey(u string) string {
	sum := sha256.Sum256([]byte(u))
	return hex.EncodeToString(sum[:16])
}

// readCache returns a verified cached copy of u, or nil.
func readCache(dir, u string, o *Options) ([]byte, *cacheMeta) {
	base := filepath.Join(dir, cacheKey(u))
	mb, err := os.ReadFile(base + ".json")
	if err != nil {
		return nil, nil
	}
	var meta cacheMeta
	if json.Unmarshal(mb, &meta) != nil || meta.URL != u {
		o.logf("ossem: ignoring a damaged cache entry for %s", u)
		return nil, nil
	}
	data, err := os.ReadFile(base + ".yaml")
	if err != nil {
		return nil, nil
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != meta.SHA256 {
		o.logf("ossem: cached copy of %s does not match its sha256; fetching it again", u)
		os.Remove(base + ".yaml")
		os.Remove(base + ".json")
		return nil, nil
	}
	return data, &meta
}

func writeCache(dir, u string, data []byte, meta *cacheMeta) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := filepath.Join(dir, cacheKey(u))
	mb, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(base+".yaml", data); err != nil {
		return err
	}
	return atomicfile.WriteBytes(base+".json", mb)
}

func loadURL(ctx context.Context, u string, o Options) (*Mapping, error) {
	pu, err := url.Parse(u)
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return nil, fmt.Errorf("ossem: %q: only http and https URLs can be fetched", u)
	}
	o.NoDigest = false // the cache is checked by digest
	dir, derr := o.cacheDir()
	var cached []byte
	var meta *cacheMeta
	if derr == nil {
		cached, meta = readCache(dir, u, &o)
	}
	maxAge := o.MaxAge
	if maxAge == 0 {
		maxAge = 24 * time.Hour
	}
	if cached != nil && maxAge > 0 && time.Since(meta.Fetched) < maxAge {
		return parseCached(cached, u, o)
	}
	data, etag, notModified, whole, ferr := fetch(ctx, u, meta, o)
	switch {
	case ferr != nil && cached != nil:
		o.logf("ossem: %v; serving the copy cached on %s", ferr, meta.Fetched.Format(time.RFC3339))
		return parseCached(cached, u, o)
	case ferr != nil:
		msg := ferr.Error()
		if !strings.HasPrefix(msg, "ossem: ") {
			msg = "ossem: " + msg
		}
		return nil, &hintError{msg: msg + "\nhuntbook could not download the mapping and has no cached copy. Load \"demo\" for the embedded teaching subset (the command line's --demo), or a local copy of " + path(u) + " by its file path (--mapping FILE)", err: ferr}
	case notModified:
		meta.Fetched = time.Now().UTC()
		if derr == nil {
			_ = writeCache(dir, u, cached, meta)
		}
		return parseCached(cached, u, o)
	}
	m, err := o.parse(data, u)
	if err != nil && cached != nil {
		o.logf("ossem: the server sent a mapping that does not parse (%v); serving the copy cached on %s", err, meta.Fetched.Format(time.RFC3339))
		return parseCached(cached, u, o)
	}
	if err != nil {
		return nil, err
	}
	if !whole {
		o.logf("ossem: %s came without a length and may be cut short; it is used but not cached", u)
		return m, nil
	}
	if derr == nil {
		nm := &cacheMeta{URL: u, SHA256: m.SHA256, Size: m.Size, Fetched: time.Now().UTC(), ETag: etag}
		if err := writeCache(dir, u, data, nm); err != nil {
			o.logf("ossem: could not cache %s: %v", u, err)
		}
	}
	return m, nil
}

func path(u string) string {
	if pu, err := url.Parse(u); err == nil {
		return filepath.Base(pu.Path)
	}
	return u
}

func parseCached(data []byte, u string, o Options) (*Mapping, error) {
	m, err := o.parse(data, u)
	if err != nil {
		return nil, err
	}
	m.Cached = true
	return m, nil
}

func fetch(ctx context.Context, u string, meta *cacheMeta, o Options) (data []byte, etag string, notModified bool, whole bool, err error) {
	timeout := o.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	client := o.Client
	if client == nil {
		client = &http.Client{
			Timeout: timeout,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= 5 {
					return errors.New("more than 5 redirects")
				}
				if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
					return fmt.Errorf("redirect to %s: only http and https are followed", req.URL.Scheme)
				}
				if h := req.URL.Hostname(); h != via[0].URL.Hostname() && !slices.Contains(o.RedirectHosts, h) {
					return fmt.Errorf("redirect to another host, %s: not followed (only redirects within %s are); fetch the final URL directly", h, via[0].URL.Hostname())
				}
				return nil
			},
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", false, false, err
	}
	req.Header.Set("User-Agent", "huntbook")
	if meta != nil && meta.ETag != "" {
		req.Header.Set("If-None-Match", meta.ETag)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", false, false, fmt.Errorf("fetching %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && meta != nil {
		return nil, meta.ETag, true, true, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", false, false, fmt.Errorf("fetching %s: server answered %s", u, resp.Status)
	}
	if resp.ContentLength > o.maxSize() {
		return nil, "", false, false, fmt.Errorf("fetching %s: %d bytes is more than the limit of %d", u, resp.ContentLength, o.maxSize())
	}
	data, err = readAllHint(&progressReader{r: resp.Body, tell: o.progress("download", resp.ContentLength)}, o.maxSize(), u, resp.ContentLength)
	if err != nil {
		return nil, "", false, false, err
	}
	return data, resp.Header.Get("ETag"), false, complete(resp), nil
}

// complete reports whether a response's body can be known to be whole: it
// declared its length (Go's client fails a shorter body) or came chunked
// (whose last chunk marks the end). A body that ends when the connection
// closes may have been cut short.
func complete(resp *http.Response) bool {
	return resp.ContentLength >= 0 || slices.Contains(resp.TransferEncoding, "chunked")
}
