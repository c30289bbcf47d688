// Package kernel is huntbook's Jupyter kernel: it speaks the Jupyter
// messaging protocol 5.3 over ZeroMQ and runs the cells it receives with
// package interp, so a notebook behaves the same in Jupyter and in
// `huntbook run`.
//
// It reads a connection file, binds the shell, control, stdin, iopub and
// heartbeat sockets, checks the HMAC-SHA256 signature of every message (a
// message with a wrong signature is logged and dropped), and answers
// kernel_info, execute (busy/idle status, execute_input, streams as they are
// written, display_data, execute_result, error, execute_reply with
// stop_on_error), is_complete, complete, inspect, comm_info, history,
// interrupt and shutdown requests. Interrupts come as SIGINT (interrupt_mode
// "signal") or as interrupt_request messages (mode "message").
//
// A cell blocked inside compiled code (a channel receive, a long sleep)
// cannot be stopped in-process. When an interrupted cell has not stopped
// after a grace period, the kernel replies with an error telling the user
// that the Go engine restarts and the variables are gone, then calls
// Options.Restart, which the command line implements by re-executing the
// huntbook binary in place: same process id, same ports, so Jupyter stays
// connected.
//
// It also writes kernelspecs (kernel.json and logos) for `huntbook kernel
// install`. Cell evaluation and rendering are package interp's job; the
// command line (flags, exit codes) is package cli's.
package kernel
