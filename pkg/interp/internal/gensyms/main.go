// Command gensyms writes the symbol tables that let notebook cells import
// third-party and huntbook packages in the gomacro interpreter with no plugin,
// no go tool and no network at run time.
//
// For each package it runs gomacro's own table generator (the `gomacro -g`
// code path) in a scratch module that answers from the local module cache and
// points at this checkout, so the project's go.mod and go.sum stay unchanged.
// Each table becomes one file in the output folder, in package symbols, and
// the packages' doc comments (read with go/doc from the same sources) become
// one more, x_docs.go, for the kernel's inspect:
//
//	go run ./internal/gensyms -o internal/symbols            (what go generate runs)
//	go run ./internal/gensyms -o /tmp/x -pkgs a/b,c/d        (other packages)
//	go run ./internal/gensyms -std -o internal/stdlib        (the standard library)
//
// With -std the package list is every importable standard package of the Go
// toolchain that runs the generator (`go list std` without internal, vendor
// and cmd packages, and without unsafe, syscall, runtime/cgo and the race and
// sanitizer hooks, which gomacro provides itself or cells cannot use), and no
// docs table is written; the tables are in package stdlib instead of symbols.
//
// Packages of this module that do not exist yet are skipped with a note, so
// the list can name packages other people are still writing.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/build"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cosmos72/gomacro/base/genimport"
	"github.com/cosmos72/gomacro/base/output"
	"github.com/cosmos72/gomacro/base/paths"
	"github.com/cosmos72/gomacro/imports"
)

const module = "github.com/huntbook/huntbook"

// Default is the list of packages cells can import without a plugin.
var Default = []string{
	"github.com/go-gota/gota/dataframe",
	"github.com/go-gota/gota/series",
	"gonum.org/v1/plot",
	"gonum.org/v1/plot/plotter",
	"gonum.org/v1/plot/plotutil",
	"gonum.org/v1/plot/vg",
	"gonum.org/v1/plot/vg/draw",
	"gonum.org/v1/plot/vg/vgsvg",
	"gonum.org/v1/plot/vg/vgimg",
	"gonum.org/v1/plot/font",
	"gonum.org/v1/plot/text",
	module + "/pkg/display",
	module + "/pkg/ossem",
	module + "/pkg/frame",
	module + "/pkg/attack",
	module + "/pkg/stix",
	module + "/pkg/inventory",
	module + "/pkg/sysmon",
	module + "/pkg/auditpol",
	module + "/pkg/sigma",
	module + "/pkg/chart",
	module + "/pkg/netgraph",
	module + "/pkg/workshop",
	module + "/pkg/evtx",
	module + "/pkg/observed",
	module + "/pkg/hunt",
}

func main() {
	out := flag.String("o", "", "output folder (required); its generated files are replaced")
	pkgs := flag.String("pkgs", strings.Join(Default, ","), "comma-separated import paths")
	root := flag.String("root", "", "root of the huntbook checkout (default: found from the working directory)")
	std := flag.Bool("std", false, "generate the standard library's tables instead of -pkgs (no docs table)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gensyms: -o is required")
		os.Exit(2)
	}
	list := strings.Split(*pkgs, ",")
	if *std {
		var err error
		if list, err = stdPackages(); err != nil {
			fmt.Fprintln(os.Stderr, "gensyms:", err)
			os.Exit(1)
		}
	}
	if err := run(*out, *root, list, !*std, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gensyms:", err)
		os.Exit(1)
	}
}

// stdSkip are standard packages gomacro provides itself (unsafe, syscall) or
// that have nothing a cell can use.
var stdSkip = map[string]bool{
	"unsafe": true, "syscall": true, "syscall/js": true, "builtin": true,
	"runtime/cgo": true, "runtime/race": true, "runtime/msan": true, "runtime/asan": true,
	"time/tzdata": true, // no exported names: gomacro writes an empty file
}

// stdPackages lists the standard library's importable packages.
func stdPackages() ([]string, error) {
	b, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		return nil, fmt.Errorf("go list std: %w", err)
	}
	var pkgs []string
	for _, p := range strings.Fields(string(b)) {
		if stdSkip[p] || strings.HasPrefix(p, "cmd/") || strings.HasPrefix(p, "vendor/") ||
			p == "internal" || strings.HasPrefix(p, "internal/") || strings.Contains(p, "/internal/") || strings.HasSuffix(p, "/internal") {
			continue
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

func run(out, root string, pkgs []string, docs bool, log io.Writer) error {
	if root == "" {
		var err error
		if root, err = findRoot(); err != nil {
			return err
		}
	}
	var keep []string
	for _, p := range pkgs {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if rel, ok := strings.CutPrefix(p, module+"/"); ok {
			if _, err := os.Stat(filepath.Join(root, rel)); err != nil {
				fmt.Fprintf(log, "gensyms: skipping %s: not in this checkout yet\n", p)
				continue
			}
		}
		keep = append(keep, p)
	}
	scratch, err := os.MkdirTemp("", "gensyms-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	dir, err := prepareScratch(scratch, root)
	if err != nil {
		return err
	}
	if err := generate(keep, log); err != nil {
		return err
	}
	pkgName := "symbols"
	if !docs {
		pkgName = "stdlib"
	}
	if err := collect(dir, out, pkgName); err != nil {
		return err
	}
	if !docs {
		return nil
	}
	return writeDocs(dir, out, keep)
}

// findRoot walks up from the working directory to huntbook's go.mod.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte("module "+module+"\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cannot find huntbook's go.mod above the working directory")
		}
		dir = parent
	}
}

// header matches the two comment lines gomacro starts a table with.
var header = regexp.MustCompile(`// this file was generated by gomacro command: (import .*)\n// DO NOT EDIT!.*\n`)

var moduleLine = regexp.MustCompile(`(?m)^module .*$`)

// prepareScratch makes a GOPATH-like tree under scratch where gomacro writes
// its tables, with a module that requires what huntbook requires, replaces
// huntbook with root and works offline. It returns the folder gomacro writes to.
func prepareScratch(scratch, root string) (string, error) {
	src := filepath.Join(scratch, "src")
	paths.GoSrcDirs = []string{src}
	paths.GoSrcDir = src
	dir := filepath.Join(paths.GetImportsSrcDir(), "thirdparty")
	if !strings.HasPrefix(dir, src) {
		return "", fmt.Errorf("gomacro would write into %s, outside the scratch folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	gomod = moduleLine.ReplaceAll(gomod, []byte("module gensyms.scratch"))
	gomod = append(gomod, fmt.Sprintf("\nrequire %s v0.0.0\n\nreplace %s => %s\n", module, module, root)...)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644); err != nil {
		return "", err
	}
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		return "", err
	}
	// gomacro runs "go get <pkg>" before listing a package, which would ask a
	// proxy for the latest version. A go wrapper makes that a no-op: the
	// scratch module already requires the exact versions huntbook uses.
	realGo, err := exec.LookPath(filepath.Join(build.Default.GOROOT, "bin", "go"))
	if err != nil {
		return "", err
	}
	bin := filepath.Join(scratch, "goroot", "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return "", err
	}
	wrapper := fmt.Sprintf("#!/bin/sh\n[ \"$1\" = get ] && exit 0\nexec %q \"$@\"\n", realGo)
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(wrapper), 0o755); err != nil {
		return "", err
	}
	paths.GoRootDir = filepath.Join(scratch, "goroot")
	// Offline and reproducible: only the module cache, no checksum lookups.
	os.Setenv("GOPROXY", "off")
	os.Setenv("GOFLAGS", "-mod=mod")
	os.Setenv("GONOSUMDB", "*")
	os.Setenv("GOWORK", "off")
	gomodcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMODCACHE: %w", err)
	}
	os.Setenv("GOMODCACHE", strings.TrimSpace(string(gomodcache)))
	os.Setenv("GOPATH", scratch+string(os.PathListSeparator)+build.Default.GOPATH)
	return dir, nil
}

// generate runs gomacro's table writer for pkgs (mode "_3": third party).
func generate(pkgs []string, log io.Writer) error {
	var warn bytes.Buffer
	o := &output.Output{Stdout: &warn, Stderr: &warn}
	imp := genimport.DefaultImporter(o)
	for _, p := range pkgs {
		// gomacro's own (pre-Go 1.20) table would be reused: generate afresh.
		delete(imports.Packages, p)
	}
	for _, p := range pkgs {
		if _, err := imp.ImportPackagesOrError(map[string]genimport.PackageName{p: "_3"}, true); err != nil {
			return fmt.Errorf("%s: %w\n%s", p, err, warn.String())
		}
	}
	for _, line := range strings.Split(warn.String(), "\n") {
		// Skipped generic functions and types are expected: cells cannot call them.
		if line != "" && !strings.HasPrefix(line, "// debug:") && !strings.Contains(line, "generic") && !strings.Contains(line, "created files in") {
			fmt.Fprintln(log, line)
		}
	}
	return nil
}

// importBlock is the import block of a generated table.
var importBlock = regexp.MustCompile(`(?s)\nimport \(\n.*?\n\)\n`)

// dropUnusedImports removes the import block of a table that lists nothing
// (a package whose exported names are all generic: cmp, iter, maps, slices),
// which would not compile.
func dropUnusedImports(b []byte) []byte {
	if bytes.Contains(b, []byte("ValueOf(")) || bytes.Contains(b, []byte("TypeOf(")) {
		return b
	}
	return importBlock.ReplaceAll(b, []byte("\n"))
}

// collect copies the generated tables from dir into out as package symbols,
// replacing out's previous generated files.
func collect(dir, out, pkgName string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(out, "x_*.go"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var index []indexEntry
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		b = bytes.Replace(b, []byte("\npackage thirdparty\n"), []byte("\npackage "+pkgName+"\n"), 1)
		fn := "load_" + strings.TrimSuffix(name, ".go")
		path, b, err := lazyTable(b, fn)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		index = append(index, indexEntry{path, fn})
		b = header.ReplaceAll(b, []byte("// Code generated by gensyms from $1; DO NOT EDIT.\n// Regenerate with: go generate ./pkg/interp\n"))
		b = dropUnusedImports(b)
		if f, err := format.Source(b); err == nil {
			b = f
		}
		if err := os.WriteFile(filepath.Join(out, "x_"+strings.TrimSuffix(name, ".go")+".go"), b, 0o644); err != nil {
			return err
		}
	}
	return writeIndex(out, pkgName, index)
}

// tableInit matches how gomacro's table starts: an init function that
// stores the table in Packages.
var tableInit = regexp.MustCompile(`\nfunc init\(\) \{\n\tPackages\[("[^"]+")\] = Package\{`)

// lazyTable turns a gomacro table's init function into a function named fn
// that returns the table, so that a process that never starts an engine
// does not build the tables (the standard library's hold about 19,000
// values). It returns the table's import path.
func lazyTable(b []byte, fn string) (path string, out []byte, err error) {
	m := tableInit.FindSubmatchIndex(b)
	if m == nil || bytes.Count(b, []byte("\nfunc init() {")) != 1 {
		return "", nil, errors.New("not a gomacro table with one init function that fills Packages")
	}
	path, err = strconv.Unquote(string(b[m[2]:m[3]]))
	if err != nil {
		return "", nil, err
	}
	var o bytes.Buffer
	o.Write(b[:m[0]])
	fmt.Fprintf(&o, "\nfunc %s() Package {\n\treturn Package{", fn)
	o.Write(b[m[1]:])
	return path, o.Bytes(), nil
}

// indexEntry is one table in the index: its import path and the function
// that builds it.
type indexEntry struct{ path, fn string }

// writeIndex writes x_index.go: the tables by import path, sorted, and
// the functions that read them.
func writeIndex(out, pkgName string, index []indexEntry) error {
	sort.Slice(index, func(i, j int) bool { return index[i].path < index[j].path })
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by gensyms; DO NOT EDIT.\n// Regenerate with: go generate ./pkg/interp\n\npackage %s\n\n", pkgName)
	b.WriteString("import \"sort\"\n\n")
	b.WriteString("// tables lists every table by import path, sorted; it is data, not built\n// at start-up.\nvar tables = [...]struct {\n\tpath string\n\tload func() Package\n}{\n")
	for _, e := range index {
		fmt.Fprintf(&b, "\t{%s, %s},\n", strconv.Quote(e.path), e.fn)
	}
	b.WriteString(`}

// Paths returns the import paths that have a table, sorted.
func Paths() []string {
	paths := make([]string, len(tables))
	for i, t := range tables {
		paths[i] = t.path
	}
	return paths
}

// Has reports whether path has a table.
func Has(path string) bool {
	i := sort.Search(len(tables), func(i int) bool { return tables[i].path >= path })
	return i < len(tables) && tables[i].path == path
}

// Each builds every table, in import path order, and passes it to fn.
func Each(fn func(path string, p Package)) {
	for _, t := range tables {
		fn(t.path, t.load())
	}
}
`)
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("formatting the index: %w", err)
	}
	return os.WriteFile(filepath.Join(out, "x_index.go"), src, 0o644)
}
