package kernel

import (
	"time"

	"github.com/go-zeromq/zmq4"
)

// RestartDrain is how long the kernel keeps answering requests after the
// last one, before it restarts its engine in place (at most
// MaxRestartDrain in all).
const (
	RestartDrain    = 300 * time.Millisecond
	MaxRestartDrain = 2 * time.Second
)

// ENameNotRun is the ename of the error that answers an execute request the
// kernel received while its engine was restarting.
const ENameNotRun = "EngineRestarting"

// drainBeforeRestart answers what is waiting on the shell queue, and what
// arrives within RestartDrain of it, before the process is replaced: the
// requests a front end sends while a stuck cell is interrupted, or right
// after the EngineRestarted reply, would otherwise be lost with the process
// and their cells stay at In [*] until the user restarts the kernel.
// Execute requests get an error saying the cell was not run; others are
// handled (the engine is gone, so completion and inspection find nothing).
func (k *kernel) drainBeforeRestart(s zmq4.Socket, queue <-chan *Message) {
	if queue == nil {
		return
	}
	end := time.Now().Add(MaxRestartDrain)
	for time.Now().Before(end) {
		wait := min(RestartDrain, time.Until(end))
		select {
		case m, ok := <-queue:
			if !ok {
				return
			}
			if m.Header.MsgType != "execute_request" {
				k.handle(m, s, nil)
				continue
			}
			k.notRun(s, m)
		case <-time.After(wait):
			return
		}
	}
}

func (k *kernel) notRun(s zmq4.Socket, m *Message) {
	const msg = "not run: the Go engine was restarting after a cell that could not be stopped; run this cell again"
	tb := []string{ansiRed + ENameNotRun + ansiReset + ": " + msg}
	k.publish(m, "status", map[string]string{"execution_state": "busy"})
	k.publish(m, "error", map[string]any{"ename": ENameNotRun, "evalue": msg, "traceback": tb})
	k.reply(s, m, "execute_reply", map[string]any{"status": "error", "execution_count": k.count,
		"ename": ENameNotRun, "evalue": msg, "traceback": tb})
	k.publish(m, "status", map[string]string{"execution_state": "idle"})
}
