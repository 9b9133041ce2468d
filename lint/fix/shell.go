package fix

import (
	"regexp"
	"strings"
)

// npmCommand is an `npm install` with no package in a shell script: the
// one form of supply-chain/lockfile-bypassed whose fix (npm ci) is certain.
type npmCommand struct {
	text      string // as the rule quotes it: trimmed, without a comment
	npm       int    // offset of "npm" in the script
	word, end int    // the install word ("install", "i", ...)
}

// npmInstallWords are npm's spellings of install (its aliases and the typos
// it accepts) and add, which without a package also installs from
// package.json.
var npmInstallWords = map[string]bool{
	"install": true, "i": true, "in": true, "ins": true, "inst": true, "insta": true,
	"instal": true, "isnt": true, "isnta": true, "isntal": true, "isntall": true, "add": true,
}

// npmValued are the npm options that take the next word as their value.
var npmValued = map[string]bool{
	"--prefix": true, "--registry": true, "--workspace": true, "-w": true, "--omit": true,
	"--include": true, "--cache": true, "--userconfig": true, "--loglevel": true,
	"--install-strategy": true, "-C": true,
}

// npmCIOptions are the options that mean the same to npm ci as to npm
// install. A command with any other (--no-package-lock, --save, -g, ...) is
// left alone: npm ci would fail or do something else.
var npmCIOptions = map[string]bool{
	"--no-audit": true, "--audit": true, "--no-fund": true, "--fund": true,
	"--prefer-offline": true, "--offline": true, "--prefer-online": true,
	"--ignore-scripts": true, "--foreground-scripts": true, "--silent": true, "--quiet": true,
	"-q": true, "-s": true, "--verbose": true, "-d": true, "--loglevel": true,
	"--omit": true, "--include": true, "--production": true, "--no-optional": true,
	"--legacy-peer-deps": true, "--strict-peer-deps": true, "--no-progress": true,
	"--progress": true, "--unsafe-perm": true, "--cache": true, "--prefix": true, "-C": true,
	"--registry": true, "--userconfig": true, "--workspace": true, "-w": true,
	"--workspaces": true, "--include-workspace-root": true, "--install-strategy": true,
	"--no-bin-links": true, "--bin-links": true,
}

var shellKeywords = map[string]bool{
	"if": true, "then": true, "else": true, "elif": true, "do": true, "while": true,
	"until": true, "!": true, "{": true, "time": true, "exec": true, "command": true,
}

var assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// npmInstalls lists the npm installs without a package in script. It reads
// simple commands the way the rule's shell library does, but gives up
// (returns nothing) on what it does not follow exactly: here-documents,
// unbalanced quotes or substitutions.
func npmInstalls(script string) []npmCommand {
	if strings.Contains(script, "<<") {
		return nil
	}
	var out []npmCommand
	start := 0
	emit := func(end int) {
		if c, ok := npmInstall(script, start, end); ok {
			out = append(out, c)
		}
	}
	for i := 0; i < len(script); i++ {
		switch c := script[i]; c {
		case '\\':
			i++
		case '\'':
			j := strings.IndexByte(script[i+1:], '\'')
			if j < 0 {
				return nil
			}
			i += j + 1
		case '"', '`':
			j := closingQuote(script, i+1, c)
			if j < 0 {
				return nil
			}
			i = j
		case '$':
			if i+1 < len(script) && script[i+1] == '(' {
				j := closingParen(script, i+2)
				if j < 0 {
					return nil
				}
				i = j
			}
		case '#':
			if i == start || script[i-1] == ' ' || script[i-1] == '\t' {
				emit(i)
				j := strings.IndexByte(script[i:], '\n')
				if j < 0 {
					return out
				}
				i += j
				start = i + 1
			}
		case '\n', ';', '|', '&', '(', ')':
			emit(i)
			if i+1 < len(script) && (c == '|' || c == '&') && script[i+1] == c {
				i++
			}
			start = i + 1
		}
	}
	emit(len(script))
	return out
}

func closingQuote(s string, from int, q byte) int {
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i
		}
	}
	return -1
}

func closingParen(s string, from int) int {
	depth := 1
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return -1
			}
			i += j + 1
		case '"':
			if i = closingQuote(s, i+1, '"'); i < 0 {
				return -1
			}
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// npmInstall reads script[from:to] as one simple command.
func npmInstall(script string, from, to int) (npmCommand, bool) {
	type word struct {
		s          string
		start, end int
	}
	var words []word
	for i := from; i < to; {
		for i < to && (script[i] == ' ' || script[i] == '\t' || script[i] == '\r') {
			i++
		}
		j := i
		for j < to && script[j] != ' ' && script[j] != '\t' && script[j] != '\r' {
			j++
		}
		if j > i {
			words = append(words, word{script[i:j], i, j})
		}
		i = j
	}
	for len(words) > 0 && (shellKeywords[words[0].s] || assignment.MatchString(words[0].s)) {
		words = words[1:]
	}
	if len(words) < 2 || words[0].s != "npm" {
		return npmCommand{}, false
	}
	var install *word
	for k := 1; k < len(words); k++ {
		w := words[k]
		if strings.ContainsAny(w.s, "'\"`$\\<>*?[]{}~") {
			return npmCommand{}, false
		}
		if strings.HasPrefix(w.s, "-") {
			name, _, hasValue := strings.Cut(w.s, "=")
			if !npmCIOptions[name] {
				return npmCommand{}, false
			}
			if npmValued[name] && !hasValue {
				k++ // its value
			}
			continue
		}
		if install != nil || !npmInstallWords[w.s] {
			return npmCommand{}, false // a package, or not an install
		}
		install = &words[k]
	}
	if install == nil {
		return npmCommand{}, false
	}
	text := strings.TrimSpace(script[from:to])
	return npmCommand{text: text, npm: words[0].start, word: install.start, end: install.end}, true
}

var newlineRun = regexp.MustCompile(`\s*\n\s*`)

// quoted is how the rule shows a command in its message.
func (c npmCommand) quoted() string {
	s := newlineRun.ReplaceAllString(c.text, "; ")
	if len(s) > 120 {
		return ""
	}
	return "`" + s + "`"
}
