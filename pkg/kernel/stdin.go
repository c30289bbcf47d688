package kernel

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/huntbook/huntbook/pkg/interp"
)

// inputRequest is input_request's content.
type inputRequest struct {
	Prompt   string `json:"prompt"`
	Password bool   `json:"password"`
}

// errShutdown is what a cell waiting for input reads when the kernel
// shuts down.
var errShutdown = errors.New("kernel: shutting down")

// serveStdin hands the input replies that arrive on the stdin socket to
// the cell waiting for one (askInput); other messages are logged and
// dropped.
func (k *kernel) serveStdin(msgs <-chan *Message) {
	for m := range msgs {
		if m.Header.MsgType != "input_reply" {
			k.log.Printf("stdin: ignored %s: only input_reply is expected there", quoteType(m.Header.MsgType))
			continue
		}
		k.inputMu.Lock()
		wait := k.inputWait
		k.inputMu.Unlock()
		if wait == nil {
			k.log.Printf("stdin: ignored %s: no input was requested", quoteType(m.Header.MsgType))
			continue
		}
		select {
		case wait <- m:
		default:
			k.log.Printf("stdin: dropped a second input_reply to one input_request")
		}
	}
}

// askInput returns the Input through which the cell of the execute
// request parent reads standard input: each line is an input_request to
// the front end that sent parent, on the stdin socket, answered by its
// input_reply.
func (k *kernel) askInput(parent *Message) interp.Input {
	return func(ctx context.Context, prompt string) (string, error) {
		req, err := reply(parent, k.session, "input_request", inputRequest{Prompt: prompt})
		if err != nil {
			return "", err
		}
		wait := make(chan *Message, 1)
		k.inputMu.Lock()
		k.inputWait = wait
		k.inputMu.Unlock()
		defer func() {
			k.inputMu.Lock()
			k.inputWait = nil
			k.inputMu.Unlock()
		}()
		k.sendStdin(req)
		for {
			select {
			case m := <-wait:
				var hdr struct {
					MsgID string `json:"msg_id"`
				}
				_ = json.Unmarshal(m.Parent, &hdr)
				if hdr.MsgID != "" && hdr.MsgID != req.Header.MsgID { // jupyter_client's input() sends none
					k.log.Printf("stdin: dropped an input_reply to another request (%s)", quoteType(hdr.MsgID))
					continue
				}
				var content struct {
					Value string `json:"value"`
				}
				if err := json.Unmarshal(m.Content, &content); err != nil {
					return "", errors.New("kernel: the front end's input_reply has no value")
				}
				return content.Value, nil
			case <-ctx.Done():
				return "", ctx.Err()
			case <-k.done:
				return "", errShutdown
			}
		}
	}
}

// sendStdin sends m on the stdin socket.
func (k *kernel) sendStdin(m *Message) {
	k.stdinMu.Lock()
	defer k.stdinMu.Unlock()
	k.send(k.stdin, m)
}
