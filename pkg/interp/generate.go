package interp

// The symbol tables of the packages cells import without a plugin. The list
// is gensyms.Default; TestSymbolsFresh fails when the tables are stale.
//go:generate go run ./internal/gensyms -o internal/symbols

// The standard library's tables, from the toolchain that runs go generate;
// TestStdlibFresh fails when they are stale.
//go:generate go run ./internal/gensyms -std -o internal/stdlib
