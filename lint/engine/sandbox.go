package engine

import (
	"fmt"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/rampart-lint/rampart/lint/engine/builtins"
)

// sandboxRule is what every refusal says, so that an author sees the rule
// and not only the one built-in that broke it.
const sandboxRule = "custom policies run sandboxed: no network, no environment, no files"

// Capabilities are OPA's built-ins minus those that reach outside the process
// (network, environment, files, request signing) or give a different answer
// on every run. The net.cidr_* built-ins stay: they are arithmetic on
// addresses, which IAM conditions such as aws:SourceIp need. Policies may come from the repository being linted, and a
// linter must not be a way to exfiltrate a CI runner's secrets; findings must
// also be reproducible, or baselines and suppressions stop matching.
func Capabilities() *ast.Capabilities {
	caps := sandboxCapabilities()
	cp := *caps
	cp.Builtins = append([]*ast.Builtin(nil), caps.Builtins...)
	cp.AllowNet = []string{}
	return &cp
}

// sandboxCapabilities is Capabilities computed once and shared, read-only:
// OPA builds its capabilities afresh (and sorts them) on every call, a few
// milliseconds that the first compile of every kind would pay twice.
var sandboxCapabilities = sync.OnceValue(func() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0]
	for _, b := range caps.Builtins {
		if !Denied(b.Name) {
			kept = append(kept, b)
		}
	}
	// rampart's own built-ins: pure functions, like OPA's string built-ins.
	caps.Builtins = append(kept, builtins.Decls()...)
	// No host is reachable, should a built-in that fetches ever slip through.
	caps.AllowNet = []string{}
	return caps
})

// Denied reports whether a built-in is unavailable to policies.
func Denied(name string) bool { return denyReason(name) != "" }

// denyReason says why a built-in is removed, or "" if it is available.
func denyReason(name string) string {
	switch {
	case name == "http.send":
		return "it sends HTTP requests"
	case name == "net.lookup_ip_addr":
		return "it resolves names over the network"
	case name == "opa.runtime":
		return "it reads the environment variables and OPA's configuration"
	case name == "providers.aws.sign_req":
		return "it signs requests to AWS"
	case name == "json.match_schema", name == "json.verify_schema":
		// Checked with OPA 1.22: a schema {"$ref": "file:///..."} is read
		// from disk, and its text comes back in the validation errors.
		return "a $ref in the schema reads files or fetches URLs"
	case name == "rand.intn", name == "uuid.rfc4122":
		return "its result changes from run to run, and findings must be reproducible"
	}
	return ""
}

// explainCompileError turns OPA's "undefined function http.send" for a
// built-in the sandbox removed into a message that names the built-in and
// says why it is refused; other errors pass through as OPA wrote them.
func explainCompileError(e *ast.Error) string {
	msg := deniedMessage(e)
	if msg == "" {
		return e.Error()
	}
	where := "policy"
	if loc := e.Location; loc != nil {
		where = fmt.Sprintf("%s:%d:%d", loc.File, loc.Row, loc.Col)
	}
	return where + ": " + msg
}

// deniedMessage is explainCompileError's message without the place, or ""
// if e is not about a built-in the sandbox removed.
func deniedMessage(e *ast.Error) string {
	name, ok := strings.CutPrefix(e.Message, "undefined function ")
	if !ok {
		return ""
	}
	reason := denyReason(name)
	if reason == "" {
		return ""
	}
	return fmt.Sprintf("%s is not allowed: %s (%s)", name, sandboxRule, reason)
}
