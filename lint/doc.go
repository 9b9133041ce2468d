// Package lint is rampart's library: it finds security problems in CI/CD
// configuration (AWS IAM policies, pipeline definitions, infrastructure as
// code) and reports each one at the exact token that causes it.
//
// A Linter is created once, which compiles the built-in Rego rules (and any
// custom ones), and is then safe for concurrent use:
//
//	l, err := lint.New(ctx, lint.Options{})
//	res, err := l.LintPaths(ctx, []string{"."})          // files and directories
//	fr := l.LintBytes(ctx, "policy.json", unsavedBuffer) // in-memory content
//
// Data flows one way: bytes are parsed into documents (package source) whose
// source map gives every value's range; the kind of each document is detected
// (package kind); the rules for that kind are evaluated (package engine);
// violations become Findings with ranges; suppression comments and the
// configuration (package config) are applied last.
//
// Positions are 1-based lines and columns counted in Unicode code points, plus
// 0-based byte offsets from which editors can derive any other unit.
package lint
