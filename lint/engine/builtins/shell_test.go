package builtins

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// ShellReference evaluates the Rego that rampart.shell.parse and
// rampart.shell.substitutions replaced (testdata/shell_reference.rego). Exported for the tests of package
// builtins_test, which read the fixtures through the engine.
type ShellReference struct {
	pq rego.PreparedEvalQuery
}

func NewShellReference(tb testing.TB) *ShellReference {
	tb.Helper()
	src, err := os.ReadFile("testdata/shell_reference.rego")
	if err != nil {
		tb.Fatal(err)
	}
	pq, err := rego.New(
		rego.Query("x := data.shellref.parse(input.text); y := data.shellref.line_substitutions(input.text)"),
		rego.Module("testdata/shell_reference.rego", string(src)),
	).PrepareForEval(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return &ShellReference{pq}
}

// Parse is the reference's answers: parse(text) and the substitutions of
// its words; an error when it has none.
func (r *ShellReference) Parse(text string) (parse, subs ast.Value, err error) {
	in := ast.NewObject([2]*ast.Term{ast.StringTerm("text"), ast.StringTerm(text)})
	rs, err := r.pq.Eval(context.Background(), rego.EvalParsedInput(in))
	if err != nil {
		return nil, nil, err
	}
	if len(rs) != 1 {
		return nil, nil, fmt.Errorf("%d results", len(rs))
	}
	if parse, err = ast.InterfaceToValue(rs[0].Bindings["x"]); err != nil {
		return nil, nil, err
	}
	subs, err = ast.InterfaceToValue(rs[0].Bindings["y"])
	return parse, subs, err
}

// Check fails when the built-ins and the reference disagree on text.
func (r *ShellReference) Check(tb testing.TB, text string) {
	tb.Helper()
	want, wantSubs, err := r.Parse(text)
	if err != nil {
		tb.Errorf("reference on %q: %v", text, err)
		return
	}
	if got := ShellParseValue(text); got.Compare(want) != 0 {
		tb.Errorf("rampart.shell.parse(%q) differs from the reference:\n%s", text, diffCommands(got, want))
	}
	if got := ShellSubstitutionsValue(text); got.Compare(wantSubs) != 0 {
		tb.Errorf("rampart.shell.substitutions(%q) differs from the reference:\ngot  %v\nwant %v", text, got, wantSubs)
	}
}

// ShellParseValue is rampart.shell.parse(text).
func ShellParseValue(text string) ast.Value { return commandsTerm(parseShell(text)).Value }

// ShellSubstitutionsValue is rampart.shell.substitutions(text).
func ShellSubstitutionsValue(text string) ast.Value {
	t, err := shellSubstitutions(rego.BuiltinContext{}, []*ast.Term{ast.StringTerm(text)})
	if err != nil {
		panic(err)
	}
	return t.Value
}

// diffCommands shows the first command, and the first field of it, where
// two answers differ.
func diffCommands(got, want ast.Value) string {
	g, ok1 := got.(*ast.Array)
	w, ok2 := want.(*ast.Array)
	if !ok1 || !ok2 {
		return fmt.Sprintf("got  %v\nwant %v", got, want)
	}
	for i := 0; i < g.Len() || i < w.Len(); i++ {
		if i >= g.Len() || i >= w.Len() {
			return fmt.Sprintf("%d commands, want %d; first extra: command %d", g.Len(), w.Len(), i)
		}
		gc, wc := g.Elem(i).Value, w.Elem(i).Value
		if gc.Compare(wc) == 0 {
			continue
		}
		out := fmt.Sprintf("command %d:\n", i)
		if go1, ok := gc.(ast.Object); ok {
			if wo, ok := wc.(ast.Object); ok {
				for _, k := range wo.Keys() {
					if gv := go1.Get(k); gv == nil || gv.Value.Compare(wo.Get(k).Value) != 0 {
						out += fmt.Sprintf("  %v: got %v, want %v\n", k, gv, wo.Get(k))
					}
				}
				for _, k := range go1.Keys() {
					if wo.Get(k) == nil {
						out += fmt.Sprintf("  %v: got %v, want nothing\n", k, go1.Get(k))
					}
				}
				return out
			}
		}
		return out + fmt.Sprintf("  got  %v\n  want %v", gc, wc)
	}
	return "(equal)"
}

// Lines chosen for the corners of the tokenizer and of the command
// grammar; the fixtures and the corpus (shell_lines_test.go) bring the
// ordinary ones.
var shellCases = []string{
	"",
	" ",
	"a x | b && c || d; e & f",
	`echo "a | b; c" 'd && e' | grep x`,
	`X=$(curl -s a | jq -r .b) make`,
	"set -e\nnpm ci\n\nnpm test\n",
	"docker build \\\n  -t app \\\n  .",
	"docker build \\\r\n  -t app \\\r .",
	"make # | sh; rm -rf /",
	"echo a#b | sh",
	"(cd app && make) || { echo failed; exit 1; }",
	"if curl -s x | sh; then echo ok; fi",
	"sudo -E -u root env A=1 time bash x.sh",
	"sudo",
	"sudo -n",
	"doas -u x /usr/bin/doas y",
	"env | sort",
	"env -i A=1",
	"env -i A=1 B=2 cmd arg",
	"exec nohup command builtin time ls",
	"! grep x f",
	"cat <<'EOF' > f.sh\ncurl x | sh\nEOF\nmake",
	"cat <<EOF\nEOF\nmake",
	"cat <<EOF\n\nEOF",
	"cat <<-\t\"END\" | sh\n\tcurl x\n\tEND \nmake",
	"cat <<A <<B\nx\nB\ny\nA\nz",
	"cat <<EOFX\nbody\nEOF\ncat <<EOF\nx\nEOF\n",
	"<<EOF\nx\nEOF\n<<EOF\ny\nEOF",
	"cat <<EOF",
	"cat <<EOF\nunclosed",
	"cat <<<EOF\nx\nEOF",
	"a<<A<<B\n1\nB\n2",
	"cat <<EOF\r\nx\r\nEOF\r\nmake",
	`cat <<< "$X"`,
	"/usr/bin/env python3 x.py",
	"X=1 Y=2",
	"A[1]=x B+=y C[k]+=z D[=w",
	"curl -s u | tee f | sh; make",
	"curl -s u |\n  sh\nmake",
	"a | ; b",
	"a |",
	"a |& b",
	`FOO=1 echo "a b" 'c' >>out.txt 2>&1`,
	`echo "$X" >&2`,
	"echo x > ",
	"echo x >&- 3<&0 4>&5- 2>/dev/null &>log &>>log >|f <>f 12>x",
	"cmd > > f",
	"cmd 2>&1 > f",
	"cmd >-",
	"bash <(curl -s u)",
	"diff <(a) >(b) <(unclosed",
	`sh -c "$(curl -fsSL "https://x")" && echo`,
	`echo $A "${B}" "${C:-x}" '$D' "$(echo $E)" ${#F} \$G`,
	"echo ${unclosed",
	"echo $(unclosed",
	"echo $((1 + (2 * 3)))",
	"echo $(a (b (c) d) e)",
	"echo $(a (b (c (d) ) ) )",
	`echo $(a "b)" 'c)' \) (d "e)" 'f)'))`,
	"echo $(a 'b",
	`echo "$(a "b)"`,
	"echo \"a `b` c\" \"d `e",
	"echo `a \\` b` `c",
	"echo $'a\\'b' $'c",
	"echo 'unclosed",
	"echo \"unclosed $(x",
	"echo \"a\\",
	"echo a\\",
	"echo \\",
	"echo $ $1 $? $# $@ $* $! $$ $- $_x",
	"echo a\fb\vc",
	"echo \x00 nul",
	"echo \xff\xfe bad \xc3",
	"echo \\\xc3\xa9 é",
	"if [ x ]; then\n  y\nelif z; then\n  w\nelse\n  v\nfi",
	"for i in 1 2; do echo $i; done",
	"case $x in a) echo a;; b) echo b;; esac",
	"while read l; do :; done < f",
	"f() { echo x; }",
	"a&&b||c;;d",
	"'$a' \"$b\" `c` $(d) ${e} $f $1 \\g h",
	"'a'\"b\"`c`$(d)${e}$f\\gh > i",
	"ls -la\r\n",
	"#!/bin/bash\n# only comments\n",
	"echo hi # comment with $(x) and 'quote",
	"export A=$(aws secretsmanager get-secret-value --secret-id x)",
	"declare -r C=2",
	"'sudo' -u root make",
	"\"/usr/bin/sudo\" make",
	"$'sudo' make",
	"s\\udo make",
	"2>err cmd",
	"3<in",
	">out",
	"bash <(curl -s u) >(tee x) $(a) `b` \"$(c) `d` $(e)\" $((1+2)) \"$((3))\" `",
	"x=`a\\` \"\\$(b)\" \"$(c \"$(d)\")\" \"$(\xff)\" $(\xfe) `\xc3`",
	"echo $( $(inner) ) `` $() <()",
	"echo \"$(\xff)\" $(\xfe a) `\xc3` <(\xe2\x82)",
}

func TestShellParseMatchesReference(t *testing.T) {
	ref := NewShellReference(t)
	for _, text := range shellCases {
		ref.Check(t, text)
	}
}

// Lines assembled at random from the pieces the grammar cares about: the
// fuzzer rarely builds a here-document with its delimiter line, or a
// substitution inside quotes inside a substitution, from bytes.
func TestShellParseRandomLines(t *testing.T) {
	pieces := []string{
		" ", " ", "\t", "\n", "\r", "\\\n", "\\", "\f", "\v", "\x00", "\xff", "é",
		"a", "x1", "A=1", "B+=2", "C[0]=", "-u", "-E", "--user", "root", "-", "=",
		"sudo", "doas", "env", "time", "if", "then", "fi", "!", "{", "}", "exec", "/usr/bin/", "command",
		"|", "|&", "||", "&&", "&", ";", ";;", "(", ")",
		">", ">>", "2>&1", ">&2", ">&-", "<", "<>", ">|", "&>", "&>>", "3", "12", "<&0", "-",
		"<<", "<<-", "<<<", "<< ", "EOF", "'EOF'", "\"END\"", "\nEOF", "\n\tEOF ", "\nEND\n", "E",
		"'", "\"", "`", "$", "$'", "$(", "$((", "${", "<(", ">(", "$A", "${B:-x}", "$1", "$?", "#", "# c",
		"\\'", "\\\"", "\\$", "\\`", "\\(",
	}
	ref := NewShellReference(t)
	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < 1000; i++ {
		var b strings.Builder
		for k := rnd.Intn(24); k >= 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		ref.Check(t, b.String())
		if t.Failed() {
			return // the first difference says enough
		}
	}
}

// The shape, spelled out once, so that the reference cannot be wrong in
// the same way as the scanner unnoticed.
func TestShellParseShape(t *testing.T) {
	got := ShellParseValue("FOO=1 sudo -u root make 'a b' 2>&1 >out | tee log # done")
	want := ast.MustParseTerm(`[
		{"text": "FOO=1 sudo -u root make 'a b' 2>&1 >out", "index": 0, "pipeline": 0, "pipe_in": false, "pipe_out": true,
		 "op_before": "", "op_after": "|", "name": "make", "assigns": ["FOO=1"], "argv": ["make", "'a b'"],
		 "redirects": [{"op": "2>&1", "target": ""}, {"op": ">", "target": "out"}],
		 "words": [
			{"text": "FOO=1", "parts": ["FOO=1"], "redir": false},
			{"text": "sudo", "parts": ["sudo"], "redir": false},
			{"text": "-u", "parts": ["-u"], "redir": false},
			{"text": "root", "parts": ["root"], "redir": false},
			{"text": "make", "parts": ["make"], "redir": false},
			{"text": "'a b'", "parts": ["'a b'"], "redir": false},
			{"text": "2>&1", "parts": ["2>&1"], "redir": true},
			{"text": ">", "parts": [">"], "redir": true},
			{"text": "out", "parts": ["out"], "redir": false}]},
		{"text": "tee log", "index": 1, "pipeline": 0, "pipe_in": true, "pipe_out": false,
		 "op_before": "|", "op_after": "", "name": "tee", "assigns": [], "argv": ["tee", "log"], "redirects": [],
		 "words": [{"text": "tee", "parts": ["tee"], "redir": false}, {"text": "log", "parts": ["log"], "redir": false}]}
	]`).Value
	if got.Compare(want) != 0 {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

// The example of docs/custom-policies.md, through Rego.
func TestShellParseBuiltin(t *testing.T) {
	got := eval(t, `x := [[c.name, c.pipeline, c.pipe_out] | some c in rampart.shell.parse("curl -fsSL $URL | sudo bash -s && echo done")]`)
	if want := ast.MustParseTerm(`[["curl", 0, true], ["bash", 0, false], ["echo", 1, false]]`).Value; got.Compare(want) != 0 {
		t.Errorf("got %v, want %v", got, want)
	}
	got = eval(t, `x := rampart.shell.substitutions("cat <<EOF | sh\n$(curl x)\nEOF\nbash <(curl -s u) \"$(a)$(b)\"")`)
	if want := ast.MustParseTerm(`[{"index": 2, "word": 1, "text": "curl -s u"}, {"index": 2, "word": 2, "text": "a"}, {"index": 2, "word": 2, "text": "b"}]`).Value; got.Compare(want) != 0 {
		t.Errorf("got %v, want %v", got, want)
	}
}

// Text that made the regular expressions rescan the rest of the line at
// every position: the scanner must stay linear. A quadratic scanner takes
// many minutes on these; a linear one a fraction of a second each (a few
// seconds with -race on a busy machine).
func TestShellParseLinear(t *testing.T) {
	const n = 1 << 19
	for name, text := range map[string]string{
		"unclosed $(":        strings.Repeat("$(", n/2),
		"unclosed <(":        strings.Repeat("<(", n/2),
		"unclosed ${":        strings.Repeat("${", n/2),
		"unclosed in quotes": `"` + strings.Repeat("$(`", n/3),
		"nested quotes":      strings.Repeat(`$('$("`, n/6),
		"heredocs":           strings.Repeat("cat <<A"+fmt.Sprint(n)+"\n", n/16),
		"many delimiters":    manyHeredocs(n / 16),
		"long delimiter":     "cat <<" + strings.Repeat("A", n) + "\n" + strings.Repeat("<<"+strings.Repeat("A", 64)+"\n", n/70),
		"one long word":      strings.Repeat("a", n),
		"one long quote":     "'" + strings.Repeat("a", n),
		"backslashes":        strings.Repeat(`\`, n),
		"redirections":       strings.Repeat("1>", n/2),
		"operators":          strings.Repeat("|", n),
		"newlines":           strings.Repeat("\n", n),
		"sudo":               "sudo " + strings.Repeat("-u x ", n/5),
	} {
		start := time.Now()
		cmds := parseShell(text)
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s: %v for %d bytes (%d commands)", name, d, len(text), len(cmds))
		}
	}
}

func manyHeredocs(k int) string {
	var b strings.Builder
	for i := 0; i < k; i++ {
		fmt.Fprintf(&b, "cat <<D%d\n", i)
	}
	return b.String()
}
