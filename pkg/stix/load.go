package stix

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/huntbook/huntbook/pkg/ossem"
)

// UpstreamURL is where MITRE publishes the current Enterprise ATT&CK
// bundle (STIX 2.1, with its release stated).
const UpstreamURL = "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json"

// Upstream maps the names of MITRE's three matrices to the URLs of their
// current bundles: a source named so is fetched from there (and cached).
var Upstream = map[string]string{
	"enterprise-attack": UpstreamURL,
	"ics-attack":        "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/ics-attack/ics-attack.json",
	"mobile-attack":     "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/mobile-attack/mobile-attack.json",
}

// Resolve returns the URL an Upstream name denotes, or src itself.
func Resolve(src string) string {
	if u, ok := Upstream[strings.ToLower(strings.TrimSpace(src))]; ok {
		return u
	}
	return src
}

// Hook returns a reader for ossem.Options.JSON: it reads a bundle with
// these options, reports it to got (when not nil), and returns its
// mapping. Load, the CLI's --mapping and --attack read bundles through it,
// so that a bundle is read, fetched, cached and bounded as a mapping is.
func (o Options) Hook(got func(*Bundle)) func(data []byte, name string) (*ossem.Mapping, error) {
	return func(data []byte, name string) (*ossem.Mapping, error) {
		b, err := o.parseNamed(data, name)
		if err != nil {
			return nil, err
		}
		if got != nil {
			got(b)
		}
		return b.Mapping(), nil
	}
}

// parseNamed is Parse without the digest, which ossem computes.
func (o Options) parseNamed(data []byte, name string) (*Bundle, error) {
	b, err := o.parse(data)
	if err != nil {
		return nil, positioned(err, data, name)
	}
	b.Source, b.Size = name, int64(len(data))
	return b, nil
}

// Load reads a bundle from src: a file path, "-" for standard input, an
// http(s) URL (fetched with the limits and the cache of ossem.Load), or a
// name in Upstream. lo tunes the reading as for a mapping (its JSON field
// is replaced). A source that is not a bundle is an error that says what
// it is.
func Load(ctx context.Context, src string, lo ossem.Options, o Options) (*Bundle, error) {
	from := Resolve(src)
	var b *Bundle
	lo.JSON = o.Hook(func(x *Bundle) { b = x })
	m, err := ossem.Load(ctx, from, lo)
	if err != nil {
		return nil, DownloadError(src, from, err)
	}
	if b == nil {
		what := "an OSSEM-DM mapping (a YAML list of records)"
		if m.Demo {
			what = "huntbook's embedded demo mapping"
		}
		return nil, &Error{Source: m.Source, Err: ErrNotBundle,
			Detail: "it is " + what + "; give an ATT&CK STIX bundle (a JSON file such as enterprise-attack.json)"}
	}
	b.Source, b.SHA256, b.Size = m.Source, m.SHA256, m.Size
	return b, nil
}

// DownloadError rewords ossem.Load's error for a bundle URL that could not
// be fetched and had no cached copy (ossem's advice is about mappings);
// src is what the user gave (a URL or a name of Upstream), from the URL.
// Other errors are returned as they are.
func DownloadError(src, from string, err error) error {
	var se *Error
	var oe *ossem.Error
	if !isURL(from) || errors.As(err, &se) || errors.As(err, &oe) {
		return err
	}
	cause := errors.Unwrap(err)
	if cause == nil {
		return err
	}
	name := from
	if u, perr := url.Parse(from); perr == nil {
		name = u.Path[strings.LastIndexByte(u.Path, '/')+1:]
	}
	return fmt.Errorf("stix: %w\nhuntbook could not download the ATT&CK bundle %s and has no cached copy of it. "+
		"Download %s when you are online (every release is at https://github.com/mitre-attack/attack-stix-data) and give the file instead of %q",
		cause, from, name, src)
}

func isURL(s string) bool {
	i := strings.Index(s, "://")
	return i > 0 && !strings.ContainsAny(s[:i], `/\`)
}

// positioned completes an error of the reader with its source and place.
func positioned(err error, data []byte, name string) error {
	var e *Error
	if errors.As(err, &e) {
		e.Source = name
		if e.pos > 0 && e.Line == 0 {
			e.Line, e.Column = lineCol(data, e.pos-1)
		}
	}
	return err
}
