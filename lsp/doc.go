// Package lsp is rampart's language server: diagnostics for unsaved buffers,
// hover explanations of the rules, and quick fixes, over the Language Server
// Protocol 3.16 (github.com/tliron/glsp's protocol_3_16 types and handler).
//
// # Concurrency
//
// JSON-RPC messages are handled one at a time, in order, on the connection's
// read loop. Handlers therefore only record state (the document text, its
// version) and queue work; they never lint and never wait for the client.
// Workers lint the queued documents, several at once so that one huge buffer
// does not hold the others up. Each document has one debounce timer and one
// context for its running lint: a change cancels the stale run, and a result
// is published only if the document still has the text it was computed
// from. Publishing goes through the connection, which is safe from any
// goroutine. Workers recover from panics; a bug in one lint run costs one
// document its diagnostics, never the server.
//
// # Positions
//
// rampart's findings carry byte offsets. The server converts them with the
// linted text to LSP's 0-based lines and UTF-16 columns, and converts
// incremental edits (given in UTF-16) back to byte offsets.
//
// # Logging
//
// Logs go to the slog.Logger in Options (stderr or a file in `rampart lsp`),
// never to stdout, which carries the protocol. The server drives the JSON-RPC
// connection itself instead of using glsp's server package: that package
// reads and writes os.Stdin/os.Stdout directly, cannot serve an arbitrary
// stream (which the tests need), has no panic recovery, and logs through
// commonlog, whose backends write wherever they were configured. Without it,
// commonlog is not linked at all.
package lsp
