// Package kernel is huntbook's Jupyter kernel: it speaks the Jupyter
// messaging protocol 5.3 over ZeroMQ and runs the cells it receives with
// package interp, so a notebook behaves the same in Jupyter and in
// `huntbook run`.
//
// It reads a connection file, binds the shell, control, stdin, iopub and
// heartbeat sockets, checks every message (see the security model below),
// and answers
// kernel_info, execute (busy/idle status, execute_input, streams as they are
// written, display_data, execute_result, error, execute_reply with
// stop_on_error), is_complete, complete, inspect, comm_info, history,
// interrupt and shutdown requests. Interrupts come as SIGINT (interrupt_mode
// "signal") or as interrupt_request messages (mode "message").
//
// The kernel runs cells in the engine Options.NewEngine starts: the
// command line starts a supervised engine process (package engine), so a
// cell that ends its process (os.Exit, a panic in a goroutine, a stack
// overflow, running out of the engine's memory, runtime.Goexit) gets an
// error reply naming the cause (ename EngineCrashed), and a cell blocked
// inside compiled code that does not stop within the grace period of an
// interrupt gets one saying so (EngineRestarted). Either way the kernel
// closes that engine and starts a fresh one in place: same process, same
// ports, the execution count goes on, the variables are gone. A
// shutdown_request closes the engine at once, even while a cell runs.
// Run returns; it never ends the process (the command line exits).
//
// Requests are answered through a table of handlers, one function per
// message type; replies are typed structs (replies.go).
//
// Standard input: when an execute_request has allow_stdin, every line a
// cell reads (fmt.Scanln, fmt.Scan, fmt.Scanf, readers of os.Stdin such as
// bufio.NewScanner(os.Stdin)) is an input_request with the prompt "" to
// the front end that sent the request, on the stdin socket, answered by
// its input_reply, as ipykernel does for input(). Without allow_stdin the
// cell reads end of file and gets a note on stderr saying so. An interrupt
// while a cell waits for input ends the cell (Interrupted), its variables
// kept. The front end cannot signal end of file: a cell that reads to the
// end (io.ReadAll(os.Stdin)) ends only by an interrupt.
//
// Run All (stop_on_error): after a failing cell, the execute requests already
// queued, and those of the same session still in flight (dated, by the
// client's clock, before the failing cell's reply left; see abortState), are
// answered "aborted" without running, as ipykernel does. Notebook sends all
// cells at once but they arrive a few milliseconds apart, so a cell that
// fails at once is answered before the next ones arrive.
//
// History: the cells run with store_history are kept (MaxHistory) for
// history_request: tail n, range (session 0 this kernel's, -1 the one
// before, a positive number that session; start ≤ line < stop) and search
// (SQLite GLOB patterns, unique, n), with outputs on request. With
// Options.HistoryFile (the command line's default is in the Jupyter data
// folder) they outlive the kernel, as IPython's history.sqlite does: every
// start is a new session after the file's, and tail, range and search see
// the earlier sessions' cells. The file is bounded (MaxHistoryFile,
// MaxHistoryInput, MaxHistoryOutput), mode 0600, appended a line per cell
// and rewritten atomically when it grows past its cap.
// Tracebacks colour the error name red with ANSI codes, as ipykernel's do;
// display.ClearOutput becomes a clear_output message.
//
// Execute requests that arrive while an engine is replaced wait for the new
// engine and get their replies (with stop_on_error, the queued ones are
// aborted, as after any error).
// With Options.QuietStart (the command line) a kernel on loopback logs
// nothing when it starts; nothing is logged for sends that fail because the
// kernel is shutting down.
//
// # Security model
//
// Whoever can send the kernel a correctly signed message runs code as the
// user who started it. The kernel therefore trusts exactly the holders of
// the connection file's key (Jupyter writes the file readable by its user
// only) and treats every other byte it receives as hostile:
//
//   - Where it listens: on the connection file's ip. No ip means DefaultIP,
//     127.0.0.1, reachable from this machine only. "*" and "0.0.0.0" listen
//     on every IPv4 interface (as libzmq does), "::" on every interface, a
//     host name on the first address it resolves to; the kernel logs the
//     address it bound and says when other machines can connect. With the
//     "ipc" transport the sockets are files named ip-port, and file
//     permissions decide who connects.
//   - Signatures: every message on shell, control and stdin must carry the
//     lower-case hex HMAC-SHA256 of its header, parent header, metadata and
//     content, compared in constant time before anything is parsed; others
//     are dropped and logged. An empty key turns signing off, as Jupyter
//     allows: the kernel then warns that anyone who can connect runs code.
//   - Shape: a message must have the <IDS|MSG> delimiter and five parts
//     after it; the header, parent header, metadata and content must each be
//     one JSON object (so bytes moved across the signed parts' boundaries,
//     which keeps the signature, cannot change what the parts say), and the
//     header must name msg_id and msg_type.
//     Others are dropped and logged (errors wrap ErrMalformed).
//   - Replays: the kernel remembers the signatures of the last ReplayWindow
//     (65,536) messages received on any channel and drops a message whose
//     signature it has seen. Every genuine message has a new msg_id, so only
//     copies are dropped; a copy older than the window is not recognised.
//   - Size: a message (all its frames together) may be at most
//     Options.MaxMessageSize bytes (DefaultMaxMessageSize, 64 MiB) and
//     MaxFrames (1024) frames, on every socket including iopub and
//     heartbeat. zmq4 would allocate whatever size a frame header declares
//     (a header claiming 2^62 bytes kills the process), so the kernel reads
//     the ZeroMQ byte stream through a guard that checks each frame header
//     before zmq4 sees it and disconnects a peer that breaks a limit, as
//     libzmq's ZMQ_MAXMSGSIZE does. The client reconnects; the message is
//     lost and logged.
//   - Connections: a connection is handed to zmq4 only once it has sent
//     the 10-byte ZMTP signature, so a silent or non-ZeroMQ connection (a
//     port scan, a browser) cannot hold up zmq4's accept loop; the greeting
//     and handshake must complete within 10 s.
//   - Requests: unknown message types are answered with an error reply
//     (x_request gets x_reply with status "error", ename
//     "UnknownMessageType"); comm_open gets comm_close, as no comm targets
//     exist; on stdin only an input_reply is taken, by a cell waiting for
//     input (one that answers another input_request is dropped), other
//     messages are logged and dropped; a panic while handling a request
//     becomes an error reply.
//     A malformed heartbeat is logged and the heartbeat goes on.
//
// Not covered: the number of connections is not limited, so a local user
// who can reach the ports can still make the kernel hold up to
// MaxMessageSize per connection until it is read. The replay window lives
// in the process: Jupyter restarts a kernel with the same connection file
// and key, so a message recorded before a restart (or before the engine
// restarts in place) could be played to the new process. Traffic is not
// encrypted (ZeroMQ's NULL mechanism, as in every Jupyter kernel): bind to
// loopback or tunnel. Anyone with the key is the notebook's user.
//
// It also writes kernelspecs (kernel.json and logos) for `huntbook kernel
// install`. Cell evaluation and rendering are package interp's job; the
// command line (flags, exit codes) is package cli's.
package kernel
