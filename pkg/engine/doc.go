// Package engine runs huntbook's cell engine (package interp) in a child
// process and supervises it, so that nothing a cell does can take down the
// kernel or the runner that asked for it.
//
// The parent (Start) starts a child process that calls Child: the huntbook
// binary itself, as the hidden command `huntbook engine`. They speak over two
// pipes (the child's file descriptors 3 and 4; its standard input is empty,
// its standard output and error go to the parent, which keeps their last
// 64 KiB) in frames of a 4-byte big-endian length and one JSON object.
// Requests are execute, complete, inspect and interrupt; the child answers
// with the cell's outputs as they are produced (notebook.Output, binary
// MIME entries base64-encoded by JSON) and a final done message. A cell
// that reads standard input, when Execute's context carries an
// interp.Input (interp.WithInput), makes the child send an input message;
// the parent asks the Input and sends the line back (an input request),
// while it still passes interrupts on. Without one the child's cells read
// end of file.
//
// What a cell can do to the child, and what the caller sees (a *Process
// implements the kernel's and the runner's engine interface):
//
//	os.Exit(3)                        Execute: error output EngineCrashed "the engine process exited with status 3 (a cell called os.Exit?)", *CrashError
//	panic in a goroutine              EngineCrashed "a goroutine panicked: runtime error: index out of range [3] with length 0"
//	nil dereference in a goroutine    EngineCrashed "a goroutine panicked: runtime error: invalid memory address or nil pointer dereference"
//	recursion without end             EngineCrashed "the stack overflowed (a recursion without end?)"
//	allocating without end            EngineCrashed "the engine ran out of memory (its limit is 2.0 GiB; …)"
//	runtime.Goexit()                  EngineCrashed "the cell ended the engine's goroutine (runtime.Goexit)"
//	os.Stdout.Close()                 no crash: package interp notes it in the cell's output, and the next
//	                                    cells write to a new os.Stdout (os.Stderr likewise)
//	killed from outside (SIGKILL)     EngineCrashed "the engine process was killed (signal: killed)"
//	blocked in compiled code,         after an interrupt and Options.InterruptGrace: interp.ErrStuck, the child is
//	  interrupted                       killed; a cell still compiling is given the time it needs (the child
//	                                    looks at its engine goroutine's stack)
//	a panic in the cell itself,       an ordinary error output: the engine recovers it and keeps its state
//	  a compile error
//	os.Chdir("/")                     the child's working directory, shared by later cells (as in a Python
//	                                    kernel); the parent's, and so where it writes files, is not moved
//
// After a crash or ErrStuck the Process is dead (Execute returns ErrDead);
// the caller starts a new one (the kernel does, and says the variables are
// gone) or stops (the runner writes the partial run).
//
// Limits: Options.MemoryLimit bounds the child's memory (the Go runtime's
// soft limit and, on Linux, RLIMIT_AS above the address space the child
// holds once its engine has started), so a cell that allocates without end
// ends with a clear message instead of the machine's OOM killer. Each
// cell's display outputs are capped at MaxDisplay bytes in all (16 MiB by
// default), and the display outputs of all the cells a child runs at
// MaxRunDisplay (256 MiB by default: 200 cells of 8 MB of HTML would
// otherwise make a 1.6 GB report): later displays are dropped in the child,
// so the parent holds no more than the caps, and a note on stderr says so
// in the cell where a cap was reached (and, for the run's cap, in every
// later cell that displays), as interp caps stream text. A frame over the
// cell's cap plus 1 MiB from the child is a protocol error and the child is
// treated as crashed.
//
// Package interp evaluates cells; the Jupyter protocol is package kernel's
// and notebook runs are package runner's.
package engine
