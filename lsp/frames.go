package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"strconv"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
)

// frameCodec reads the protocol's frames (Content-Length headers, then a
// JSON body) like jsonrpc2.VSCodeObjectCodec, except that a malformed frame
// is logged and skipped instead of ending the session: jsonrpc2 closes the
// connection on any read error, and an editor that sent one bad message
// would lose its language server. Bad frames are a missing, non-numeric or
// absurd Content-Length, a body that is not a JSON-RPC message, and a frame
// cut short by the next one's header. A Content-Length larger than the body
// cannot be told from a slow sender; the frames it swallows are recovered
// once the declared length has arrived.
type frameCodec struct {
	log *slog.Logger
	// pending holds bytes read ahead while recovering from a bad frame; they
	// are read again before the stream.
	pending []byte
}

// maxFrame bounds one message: a 10 MiB document in a didOpen, JSON-escaped,
// fits many times over.
const maxFrame = 256 << 20

const contentLength = "Content-Length:"

var errBadFrame = errors.New("malformed frame")

func (c *frameCodec) WriteObject(stream io.Writer, obj any) error {
	return jsonrpc2.VSCodeObjectCodec{}.WriteObject(stream, obj)
}

// ReadObject returns the next well-formed message. Only the end of the
// stream (or a failing read) is an error.
func (c *frameCodec) ReadObject(stream *bufio.Reader, v any) error {
	for {
		n, err := c.header(stream)
		if errors.Is(err, errBadFrame) {
			c.log.Warn("malformed message header; skipped to the next message", "err", err)
			if err := c.resync(stream); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		// The body is decoded as it arrives (a 10 MB didOpen is scanned
		// while it is still being sent), and kept, in case it is bad.
		// It goes into a fresh value, so that a failed attempt leaves
		// nothing behind in v for the next message to inherit.
		head := c.pending[:min(n, len(c.pending))]
		c.pending = c.pending[len(head):]
		var body bytes.Buffer
		r := io.TeeReader(io.MultiReader(bytes.NewReader(head), io.LimitReader(stream, int64(n-len(head)))), &body)
		fresh := reflect.New(reflect.TypeOf(v).Elem())
		perr := json.NewDecoder(r).Decode(fresh.Interface())
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
		if body.Len() < n {
			return io.ErrUnexpectedEOF
		}
		if perr == nil {
			reflect.ValueOf(v).Elem().Set(fresh.Elem())
			return nil
		}
		// A body that is not a message may be a frame cut short, with
		// the next frame's header inside it: read that again.
		b := body.Bytes()
		if i := bytes.Index(b, []byte(contentLength)); i > 0 {
			c.unread(b[i:])
			b = b[:i]
		}
		c.log.Warn("malformed message skipped", "err", perr, "bytes", len(b))
	}
}

// header reads one header block and returns the body's length.
func (c *frameCodec) header(stream *bufio.Reader) (int, error) {
	length := -1
	for {
		line, err := c.line(stream)
		if err != nil {
			return 0, err
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return 0, errBadFrame
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n <= 0 || n > maxFrame {
				return 0, errBadFrame
			}
			length = n
		}
	}
	if length < 0 {
		return 0, errBadFrame
	}
	return length, nil
}

// line reads a header line, ended by CRLF (or a bare LF); a line too long
// to be a header is a bad frame.
func (c *frameCodec) line(stream *bufio.Reader) (string, error) {
	var b []byte
	for {
		x, err := c.byte(stream)
		if err != nil {
			return "", err
		}
		if x == '\n' {
			return strings.TrimSuffix(string(b), "\r"), nil
		}
		if len(b) >= 1024 {
			return "", errBadFrame
		}
		b = append(b, x)
	}
}

// resync discards bytes up to the next "Content-Length:" and leaves it to be
// read as the start of the next frame.
func (c *frameCodec) resync(stream *bufio.Reader) error {
	var window []byte
	for {
		x, err := c.byte(stream)
		if err != nil {
			return err
		}
		window = append(window, x)
		if len(window) > len(contentLength) {
			window = window[1:]
		}
		if string(window) == contentLength {
			c.unread(window)
			return nil
		}
	}
}

func (c *frameCodec) byte(stream *bufio.Reader) (byte, error) {
	if len(c.pending) > 0 {
		b := c.pending[0]
		c.pending = c.pending[1:]
		return b, nil
	}
	return stream.ReadByte()
}

func (c *frameCodec) unread(b []byte) {
	c.pending = append(append([]byte(nil), b...), c.pending...)
}
