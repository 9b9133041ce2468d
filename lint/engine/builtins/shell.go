package builtins

import (
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
	"github.com/open-policy-agent/opa/v1/types"
)

// ShellParse is rampart.shell.parse(text): the simple commands of a shell
// command line, in order, as the shell library (policies/lib/shell.rego)
// describes them.
//
// It was Rego, a regular expression splitting the line into tokens and
// comprehensions grouping them, and it cost more than half of the
// evaluation of a pipeline file. It is now a scanner with the same answers:
// a differential test and a fuzz target hold it to the Rego it replaced
// (testdata/shell_reference.rego), which is why the scanner follows that
// Rego's regular expressions alternative by alternative, quirks included,
// rather than what a shell would do.
//
// Unlike the regular expressions, whose failed lookaheads (an unclosed
// "$(" or "${") rescan the rest of the line each time, the scanner is
// linear in the length of the text.
var ShellParse = &ast.Builtin{
	Name:        "rampart.shell.parse",
	Description: "Splits a shell command line into its simple commands; see docs/custom-policies.md for their fields.",
	Decl: types.NewFunction(
		types.Args(types.Named("text", types.S).Description("a command line, several lines allowed")),
		types.Named("commands", types.NewArray(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A)))).Description("the simple commands, in order"),
	),
}

func init() { register(ShellParse, shellParse, true) }

func shellParse(_ rego.BuiltinContext, operands []*ast.Term) (*ast.Term, error) {
	s, err := builtins.StringOperand(operands[0].Value, 1)
	if err != nil {
		return nil, err
	}
	return commandsTerm(parseShell(string(s))), nil
}

// ---- Here-documents ----------------------------------------------------------------------

// stripHeredocs drops here-document bodies, as the library's regular
// expressions did: every word after a "<<" (not "<<<") is a delimiter;
// a body runs from the end of the line holding a "<<" followed by one of
// the delimiters to the first line, the second line on, that is one of
// them between blanks; the text from the newline that opens the body to
// the end of the delimiter line goes. Any delimiter closes any body, and a
// "<<" right at the start of the text after a removed body opens nothing:
// the expressions matched that way, and the tests compare against them.
func stripHeredocs(s string) string {
	if !strings.Contains(s, "<<") {
		return s
	}
	delims := heredocDelims(s)
	if len(delims) == 0 {
		return s
	}
	var t trie
	for d := range delims {
		t.add(d)
	}
	var b strings.Builder
	last := 0 // s[last:] is not copied yet
	p := 0    // where the next opener may begin
	for j := 0; j+1 < len(s); j++ {
		if !heredocOpener(s, j, p) {
			continue
		}
		k := heredocWordStart(s, j)
		if !t.prefixAt(s, k) {
			continue
		}
		nl := strings.IndexByte(s[k:], '\n')
		if nl < 0 {
			break // no opener after this one has a newline after it either
		}
		nl += k
		end, ok := closingLine(s, nl+1, delims)
		if !ok {
			break // nor a delimiter line after it
		}
		b.WriteString(s[last:nl])
		last = end
		p = end
		if end < len(s) {
			p = end + 1 // the newline after the delimiter is consumed (and kept)
		}
		j = p - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// heredocOpener: a "<<" at j that begins a match of (^|[^<])<< searched
// from p: at the very start, or after a character other than "<" that lies
// at p or beyond.
func heredocOpener(s string, j, p int) bool {
	if s[j] != '<' || s[j+1] != '<' {
		return false
	}
	return j == 0 || (j-1 >= p && s[j-1] != '<')
}

// heredocWordStart: where the delimiter of the "<<" at j starts, after
// -?[ \t]*['"]?.
func heredocWordStart(s string, j int) int {
	k := j + 2
	if k < len(s) && s[k] == '-' {
		k++
	}
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k < len(s) && (s[k] == '\'' || s[k] == '"') {
		k++
	}
	return k
}

// heredocDelims: the words after every "<<", found left to right without
// overlap, as regex.find_all_string_submatch_n did.
func heredocDelims(s string) map[string]bool {
	var out map[string]bool
	p := 0
	for j := 0; j+1 < len(s); j++ {
		if !heredocOpener(s, j, p) {
			continue
		}
		k := heredocWordStart(s, j)
		if k >= len(s) || !identStart(s[k]) {
			continue
		}
		m := k + 1
		for m < len(s) && identChar(s[m]) {
			m++
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[s[k:m]] = true
		if m < len(s) && (s[m] == '\'' || s[m] == '"') {
			m++
		}
		p = m
		j = m - 1
	}
	return out
}

// closingLine finds the first line starting after a newline at from or
// beyond whose text between blanks is a delimiter, and returns where that
// line ends (its newline, or the end of the text).
func closingLine(s string, from int, delims map[string]bool) (int, bool) {
	for from < len(s) {
		nl := strings.IndexByte(s[from:], '\n')
		if nl < 0 {
			return 0, false
		}
		start := from + nl + 1
		end := len(s)
		if i := strings.IndexByte(s[start:], '\n'); i >= 0 {
			end = start + i
		}
		if delims[strings.Trim(s[start:end], " \t")] {
			return end, true
		}
		from = end
	}
	return 0, false
}

// trie answers "does one of the delimiters start here" in time bounded by
// the length of the word there, whatever the number of delimiters.
type trie struct {
	nodes []trieNode
}

type trieNode struct {
	end   bool
	kids  []byte
	nexts []int32
}

func (t *trie) add(w string) {
	if len(t.nodes) == 0 {
		t.nodes = append(t.nodes, trieNode{})
	}
	n := int32(0)
	for i := 0; i < len(w); i++ {
		next := t.nodes[n].child(w[i])
		if next < 0 {
			next = int32(len(t.nodes))
			t.nodes = append(t.nodes, trieNode{})
			t.nodes[n].kids = append(t.nodes[n].kids, w[i])
			t.nodes[n].nexts = append(t.nodes[n].nexts, next)
		}
		n = next
	}
	t.nodes[n].end = true
}

func (n *trieNode) child(c byte) int32 {
	for i, k := range n.kids {
		if k == c {
			return n.nexts[i]
		}
	}
	return -1
}

func (t *trie) prefixAt(s string, k int) bool {
	n := int32(0)
	for i := k; i < len(s); i++ {
		n = t.nodes[n].child(s[i])
		if n < 0 {
			return false
		}
		if t.nodes[n].end {
			return true
		}
	}
	return false
}

func identStart(c byte) bool {
	return c == '_' || ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z')
}

func identChar(c byte) bool { return identStart(c) || ('0' <= c && c <= '9') }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// ---- Tokens ------------------------------------------------------------------------------

// Token classes, as the library's _class named them.
const (
	clSpace = iota
	clPart
	clRedir
	clOp
	clComment
)

type token struct {
	start, end int
	class      int
}

// lexer splits a text into tokens the way the library's token expression
// did: at each position the first alternative that matches, in its order:
// blanks, process substitution, redirection, operator, comment, word part.
type lexer struct {
	s string
	// subEnd[i]: for a substitution body starting at i, the index of its
	// closing ")", or -1 when it does not close; computed on first use.
	subEnd []int32
	brace  nextByte // next "}" (for "${")
	tick   nextByte // next backtick (inside double quotes)
}

func (l *lexer) tokens() []token {
	var out []token
	for i := 0; i < len(l.s); {
		end := l.next(i)
		t := l.s[i:end]
		if c := classOf(t); c != clComment {
			out = append(out, token{i, end, c})
		}
		i = end
	}
	return out
}

// next returns where the token starting at i ends.
func (l *lexer) next(i int) int {
	s := l.s
	n := len(s)
	c := s[i]
	at := func(k int) byte { // 0 past the end, which no test below asks for
		if k < n {
			return s[k]
		}
		return 0
	}
	// [ \t\r]+ | \\\r?\n
	switch c {
	case ' ', '\t', '\r':
		k := i + 1
		for k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r') {
			k++
		}
		return k
	case '\\':
		if at(i+1) == '\n' {
			return i + 2
		}
		if at(i+1) == '\r' && at(i+2) == '\n' {
			return i + 3
		}
	}
	// [<>]\( sub \)
	if (c == '<' || c == '>') && at(i+1) == '(' {
		if e := l.substitutionEnd(i + 2); e >= 0 {
			return e + 1
		}
	}
	// &>>? | [0-9]*(<<<|<<-?|>>|>&|<&|>\||<>|>|<)([0-9]+-?|-)?
	if c == '&' && at(i+1) == '>' {
		if at(i+2) == '>' {
			return i + 3
		}
		return i + 2
	}
	if k := i; c == '<' || c == '>' || isDigit(c) {
		for k < n && isDigit(s[k]) {
			k++
		}
		if m := redirOp(s[k:]); m > 0 {
			k += m
			if k < n && isDigit(s[k]) {
				for k < n && isDigit(s[k]) {
					k++
				}
				if k < n && s[k] == '-' {
					k++
				}
			} else if k < n && s[k] == '-' {
				k++
			}
			return k
		}
	}
	// \n | && | \|\| | ;; | \|& | [|;&()]
	switch c {
	case '\n', '(', ')':
		return i + 1
	case '&':
		if at(i+1) == '&' {
			return i + 2
		}
		return i + 1
	case '|':
		if at(i+1) == '|' || at(i+1) == '&' {
			return i + 2
		}
		return i + 1
	case ';':
		if at(i+1) == ';' {
			return i + 2
		}
		return i + 1
	case '#': // #[^\n]*
		if k := strings.IndexByte(s[i:], '\n'); k >= 0 {
			return i + k
		}
		return n
	}
	// Word parts.
	switch c {
	case '\'': // '[^']*'?
		if k := strings.IndexByte(s[i+1:], '\''); k >= 0 {
			return i + 1 + k + 1
		}
		return n
	case '"':
		return l.doubleQuoted(i)
	case '`': // `(?:[^`\\]|\\[\s\S])*`?
		return escaped(s, i+1, '`')
	case '$':
		switch d := at(i + 1); {
		case i+1 >= n:
		case d == '\'': // \$'(?:[^'\\]|\\[\s\S])*'?
			return escaped(s, i+2, '\'')
		case d == '(':
			if e := l.substitutionEnd(i + 2); e >= 0 {
				return e + 1
			}
		case d == '{': // \$\{[^}]*\}
			if e := l.brace.find(s, '}', i+2); e >= 0 {
				return e + 1
			}
		case identStart(d):
			k := i + 2
			for k < n && identChar(s[k]) {
				k++
			}
			return k
		case strings.IndexByte("0123456789#?@*!$-", d) >= 0:
			return i + 2
		}
	case '\\': // \\[\s\S]
		if i+1 < n {
			_, w := utf8.DecodeRuneInString(s[i+1:])
			return i + 1 + w
		}
	}
	// [^\s'"\\|&;<>()$`#][^\s'"\\|&;<>()$`]*
	if !wordStop(c) && c != '#' {
		k := i + 1
		for k < n && !wordStop(s[k]) {
			k++
		}
		return k
	}
	// [\s\S]: one character
	_, w := utf8.DecodeRuneInString(s[i:])
	return i + w
}

// wordStop: the characters that end a plain word part (\s is [\t\n\f\r ]
// in RE2).
func wordStop(c byte) bool {
	switch c {
	case '\t', '\n', '\f', '\r', ' ', '\'', '"', '\\', '|', '&', ';', '<', '>', '(', ')', '$', '`':
		return true
	}
	return false
}

// redirOp: the length of the redirection operator s starts with, or 0; the
// alternatives in the expression's order.
func redirOp(s string) int {
	for _, op := range []string{"<<<", "<<-", "<<", ">>", ">&", "<&", ">|", "<>", ">", "<"} {
		if strings.HasPrefix(s, op) {
			return len(op)
		}
	}
	return 0
}

// escaped scans a quoted part whose backslash escapes anything, from k to
// the closing quote q (included) or, unclosed, to the end or to a lone
// trailing backslash (excluded).
func escaped(s string, k int, q byte) int {
	for k < len(s) {
		switch s[k] {
		case q:
			return k + 1
		case '\\':
			if k+1 >= len(s) {
				return k
			}
			k += 2
		default:
			k++
		}
	}
	return len(s)
}

// doubleQuoted scans "(?:[^"\\$`]|\\[\s\S]|\$\( sub \)|`[^`]*`|\$)*"? from
// the quote at i.
func (l *lexer) doubleQuoted(i int) int {
	s := l.s
	k := i + 1
	for k < len(s) {
		switch s[k] {
		case '"':
			return k + 1
		case '\\':
			if k+1 >= len(s) {
				return k
			}
			k += 2
		case '$':
			if k+1 < len(s) && s[k+1] == '(' {
				if e := l.substitutionEnd(k + 2); e >= 0 {
					k = e + 1
					continue
				}
			}
			k++
		case '`':
			e := l.tick.find(s, '`', k+1)
			if e < 0 {
				return k // an unclosed backtick ends the part, unclosed
			}
			k = e + 1
		default:
			k++
		}
	}
	return len(s)
}

// substitutionEnd: the index of the ")" that closes a substitution whose
// body starts at i, or -1. The body is the library's _sub: plain
// characters, backslash escapes, closed single- and double-quoted strings
// and parentheses nested two deep, in which quotes must close too.
func (l *lexer) substitutionEnd(i int) int {
	if l.subEnd == nil {
		l.subEnd = substitutionEnds(l.s)
	}
	return int(l.subEnd[i])
}

// substitutionEnds computes, right to left, where a substitution body
// starting at each index would close. Every item of a body is told by its
// first character and can end in one way only, so the body starting at i
// closes where the body starting after its first item does; the whole table
// costs one pass however many "$(" the text holds.
func substitutionEnds(s string) []int32 {
	n := len(s)
	f := make([]int32, n+1) // outer level: _sub
	g := make([]int32, n+1) // inside one parenthesis
	f[n], g[n] = -1, -1
	nextSQ, nextDQ, nextParen := int32(-1), int32(-1), int32(-1) // at i+1 or after
	dq1, dq2 := int32(-1), int32(-1)                             // close of an escaped "..." body at i+1, i+2
	after := func(t []int32, j int32) int32 {
		if j < 0 {
			return -1
		}
		return t[j+1]
	}
	for i := n - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			g[i] = int32(i)
		case '(': // \([^()]*\)
			if nextParen >= 0 && s[nextParen] == ')' {
				g[i] = g[nextParen+1]
			} else {
				g[i] = -1
			}
		case '\'':
			g[i] = after(g, nextSQ)
		case '"': // "[^"]*"
			g[i] = after(g, nextDQ)
		default:
			g[i] = g[i+1]
		}
		switch s[i] {
		case ')':
			f[i] = int32(i)
		case '\\':
			if i+1 < n {
				f[i] = f[i+2]
			} else {
				f[i] = -1
			}
		case '\'':
			f[i] = after(f, nextSQ)
		case '"': // "(?:[^"\\]|\\[\s\S])*"
			f[i] = after(f, dq1)
		case '(':
			f[i] = after(f, g[i+1])
		default:
			f[i] = f[i+1]
		}
		// Move the look-ahead state from i+1 to i.
		var dq int32
		switch s[i] {
		case '"':
			dq = int32(i)
		case '\\':
			if i+1 < n {
				dq = dq2
			} else {
				dq = -1
			}
		default:
			dq = dq1
		}
		dq1, dq2 = dq, dq1
		switch s[i] {
		case '\'':
			nextSQ = int32(i)
		case '"':
			nextDQ = int32(i)
		case '(', ')':
			nextParen = int32(i)
		}
	}
	return f
}

// nextByte finds the next occurrence of a byte, remembering the last answer:
// the lexer asks from positions that only grow, so all the searches of a
// text cost one pass.
type nextByte struct {
	from, at int
	valid    bool
}

func (nb *nextByte) find(s string, c byte, from int) int {
	if nb.valid && from >= nb.from && (nb.at < 0 || nb.at >= from) {
		return nb.at
	}
	at := strings.IndexByte(s[from:], c)
	if at >= 0 {
		at += from
	}
	*nb = nextByte{from: from, at: at, valid: true}
	return at
}

// classOf is the library's _class of a token.
func classOf(t string) int {
	switch t {
	case "\n", "&&", "||", ";;", "|&", "|", ";", "&", "(", ")":
		return clOp
	}
	switch c := t[0]; {
	case c == ' ' || c == '\t' || c == '\r':
		return clSpace
	case strings.HasPrefix(t, "\\\n") || strings.HasPrefix(t, "\\\r"):
		return clSpace
	case c == '#':
		return clComment
	case (c == '<' || c == '>') && !(len(t) > 1 && t[1] == '('):
		return clRedir
	case strings.HasPrefix(t, "&>"):
		return clRedir
	case isDigit(c):
		k := 0
		for k < len(t) && isDigit(t[k]) {
			k++
		}
		if k < len(t) && (t[k] == '<' || t[k] == '>') {
			return clRedir
		}
	}
	return clPart
}

// ---- Simple commands ---------------------------------------------------------------------

type shellWord struct {
	text  string
	parts []string
	redir bool
}

type redirect struct{ op, target string }

type shellCommand struct {
	text              string
	words             []shellWord
	assigns, argv     []string
	redirects         []redirect
	name              string
	opBefore, opAfter string
	index, pipeline   int
	pipeIn, pipeOut   bool
}

func parseShell(text string) []shellCommand {
	l := lexer{s: stripHeredocs(text)}
	s := l.s
	toks := l.tokens()
	var cmds []shellCommand
	op := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return s[toks[i].start:toks[i].end]
	}
	from := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && toks[i].class != clOp {
			continue
		}
		seg := toks[from:i]
		if words := segmentWords(s, seg); len(words) > 0 {
			c := command(s, seg, words)
			if len(c.argv) > 0 || len(c.assigns) > 0 { // a bare keyword (fi, done, }) is no command
				c.opBefore, c.opAfter = op(from-1), op(i)
				cmds = append(cmds, c)
			}
		}
		from = i + 1
	}
	pipeline := 0
	for i := range cmds {
		cmds[i].index = i
		cmds[i].pipeline = pipeline
		cmds[i].pipeIn = i > 0 && cmds[i-1].pipeOut
		cmds[i].pipeOut = isPipe(cmds[i].opAfter)
		if !cmds[i].pipeOut {
			pipeline++
		}
	}
	return cmds
}

func isPipe(op string) bool { return op == "|" || op == "|&" }

// segmentWords: the runs of word parts between blanks and redirections, and
// each redirection operator as a word of its own.
func segmentWords(s string, seg []token) []shellWord {
	var words []shellWord
	from := 0
	for i := 0; i <= len(seg); i++ {
		if i < len(seg) && seg[i].class == clPart {
			continue
		}
		if from < i {
			w := shellWord{text: s[seg[from].start:seg[i-1].end]}
			for _, t := range seg[from:i] {
				w.parts = append(w.parts, s[t.start:t.end])
			}
			words = append(words, w)
		}
		if i < len(seg) && seg[i].class == clRedir {
			t := s[seg[i].start:seg[i].end]
			words = append(words, shellWord{text: t, parts: []string{t}, redir: true})
		}
		from = i + 1
	}
	return words
}

func command(s string, seg []token, words []shellWord) shellCommand {
	// The tokens of a segment are contiguous: a comment, the only token
	// left out, runs to the newline that ends the segment.
	c := shellCommand{
		text:  strings.TrimSpace(s[seg[0].start:seg[len(seg)-1].end]),
		words: words,
	}
	var plain []string
	for i, w := range words {
		if w.redir {
			c.redirects = append(c.redirects, redirect{w.text, target(words, i)})
			continue
		}
		if i > 0 && words[i-1].redir && !selfContained(words[i-1].text) {
			continue // the target of a redirection
		}
		plain = append(plain, w.text)
	}
	first := 0
	for first < len(plain) && isAssignment(plain[first]) {
		first++
	}
	if first > 0 {
		c.assigns = plain[:first:first]
	}
	c.argv = stripWrapper(stripWrapper(stripWrapper(plain[first:])))
	if len(c.argv) > 0 {
		c.name = baseName(c.argv[0])
	}
	return c
}

func target(words []shellWord, i int) string {
	if selfContained(words[i].text) || i+1 >= len(words) || words[i+1].redir {
		return ""
	}
	return words[i+1].text
}

// selfContained: `2>&1`, `>&2`, `>&-` carry their target in the operator
// ([&<>][0-9]+-?$|&-$).
func selfContained(op string) bool {
	if strings.HasSuffix(op, "&-") {
		return true
	}
	op = strings.TrimSuffix(op, "-")
	k := len(op)
	for k > 0 && isDigit(op[k-1]) {
		k--
	}
	return k < len(op) && k > 0 && strings.IndexByte("&<>", op[k-1]) >= 0
}

// isAssignment: ^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=
func isAssignment(w string) bool {
	if w == "" || !identStart(w[0]) {
		return false
	}
	k := 1
	for k < len(w) && identChar(w[k]) {
		k++
	}
	if k < len(w) && w[k] == '[' {
		if e := strings.IndexByte(w[k:], ']'); e >= 0 {
			k += e + 1
		}
	}
	if k < len(w) && w[k] == '+' {
		k++
	}
	return k < len(w) && w[k] == '='
}

var keywords = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "do": true, "while": true, "until": true,
	"!": true, "{": true, "}": true, "fi": true, "done": true, "esac": true, "time": true,
	"nohup": true, "exec": true, "command": true, "builtin": true,
}

var sudoValued = map[string]bool{
	"-u": true, "-g": true, "-C": true, "-D": true, "-h": true, "-p": true, "-r": true,
	"-t": true, "-U": true, "-T": true, "--user": true, "--group": true,
}

// stripWrapper removes one leading keyword, or a sudo/doas/env wrapper with
// its options (a bare env, or env with options only, is the command).
func stripWrapper(a []string) []string {
	if len(a) == 0 {
		return a
	}
	if keywords[a[0]] {
		return a[1:]
	}
	switch baseName(a[0]) {
	case "sudo", "doas":
		if len(a) > 1 {
			k := 1
			for k < len(a) && (strings.HasPrefix(a[k], "-") || sudoValued[a[k-1]]) {
				k++
			}
			return a[k:]
		}
	case "env":
		k := 1
		for k < len(a) && (strings.HasPrefix(a[k], "-") || isAssignment(a[k])) {
			k++
		}
		if k < len(a) {
			return a[k:]
		}
	}
	return a
}

// baseName is argv[0] unquoted, without its directory.
func baseName(w string) string {
	w = unquote(w)
	return w[strings.LastIndexByte(w, '/')+1:]
}

// unquote is the library's unquote: a leading $' and every quote character
// dropped, then each backslash and the character after it (a newline
// excepted) replaced by that character.
func unquote(w string) string {
	if !strings.ContainsAny(w, `'"\`) {
		return w
	}
	w = strings.TrimPrefix(w, "$'")
	q := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if w[i] != '\'' && w[i] != '"' {
			q = append(q, w[i])
		}
	}
	out := q[:0]
	for i := 0; i < len(q); i++ {
		if q[i] == '\\' && i+1 < len(q) && q[i+1] != '\n' {
			i++
		}
		out = append(out, q[i])
	}
	return string(out)
}

// ---- Terms -------------------------------------------------------------------------------

var (
	kText      = ast.StringTerm("text")
	kWords     = ast.StringTerm("words")
	kParts     = ast.StringTerm("parts")
	kRedir     = ast.StringTerm("redir")
	kArgv      = ast.StringTerm("argv")
	kName      = ast.StringTerm("name")
	kAssigns   = ast.StringTerm("assigns")
	kRedirects = ast.StringTerm("redirects")
	kOp        = ast.StringTerm("op")
	kTarget    = ast.StringTerm("target")
	kOpBefore  = ast.StringTerm("op_before")
	kOpAfter   = ast.StringTerm("op_after")
	kIndex     = ast.StringTerm("index")
	kPipeline  = ast.StringTerm("pipeline")
	kPipeIn    = ast.StringTerm("pipe_in")
	kPipeOut   = ast.StringTerm("pipe_out")
)

func commandsTerm(cmds []shellCommand) *ast.Term {
	out := make([]*ast.Term, len(cmds))
	for i, c := range cmds {
		words := make([]*ast.Term, len(c.words))
		for j, w := range c.words {
			words[j] = ast.ObjectTerm(
				[2]*ast.Term{kParts, stringsTerm(w.parts)},
				[2]*ast.Term{kRedir, ast.InternedTerm(w.redir)},
				[2]*ast.Term{kText, ast.StringTerm(w.text)},
			)
		}
		redirects := make([]*ast.Term, len(c.redirects))
		for j, r := range c.redirects {
			redirects[j] = ast.ObjectTerm(
				[2]*ast.Term{kOp, ast.StringTerm(r.op)},
				[2]*ast.Term{kTarget, ast.StringTerm(r.target)},
			)
		}
		out[i] = ast.ObjectTerm(
			[2]*ast.Term{kArgv, stringsTerm(c.argv)},
			[2]*ast.Term{kAssigns, stringsTerm(c.assigns)},
			[2]*ast.Term{kIndex, ast.InternedTerm(c.index)},
			[2]*ast.Term{kName, ast.StringTerm(c.name)},
			[2]*ast.Term{kOpAfter, ast.StringTerm(c.opAfter)},
			[2]*ast.Term{kOpBefore, ast.StringTerm(c.opBefore)},
			[2]*ast.Term{kPipeIn, ast.InternedTerm(c.pipeIn)},
			[2]*ast.Term{kPipeOut, ast.InternedTerm(c.pipeOut)},
			[2]*ast.Term{kPipeline, ast.InternedTerm(c.pipeline)},
			[2]*ast.Term{kRedirects, ast.ArrayTerm(redirects...)},
			[2]*ast.Term{kText, ast.StringTerm(c.text)},
			[2]*ast.Term{kWords, ast.ArrayTerm(words...)},
		)
	}
	return ast.ArrayTerm(out...)
}

func stringsTerm(ss []string) *ast.Term {
	ts := make([]*ast.Term, len(ss))
	for i, s := range ss {
		ts[i] = ast.StringTerm(s)
	}
	return ast.ArrayTerm(ts...)
}
