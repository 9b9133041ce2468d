package corpus

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The generators build documents as ordered trees of these types, so that one
// template renders as YAML (with CloudFormation's short tags), JSON, or the
// object syntax of Terraform's jsonencode, in a stable key order.
type (
	kv struct {
		K string
		V any
	}
	obj   []kv
	list  []any
	block string // multi-line text: a YAML literal block, a JSON string
	// cfn is a CloudFormation intrinsic function: Ref, Sub, GetAtt (Arg
	// "Name.Attr"), Join (Arg list{sep, list{...}}).
	cfn struct {
		Fn  string
		Arg any
	}
	// num is a number written as it is (0.2, which a float would not keep).
	num string
	// expr is a Terraform expression written as it is (a reference,
	// data.aws_iam_policy_document.x.json).
	expr string
)

var plainYAML = regexp.MustCompile(`^[A-Za-z/][A-Za-z0-9_./:@=+ ,()*-]*$`)

// yamlScalar quotes a string unless YAML reads it back as the same string.
func yamlScalar(s string) string {
	if s != "" && plainYAML.MatchString(s) && !strings.HasSuffix(s, ":") && !strings.HasSuffix(s, " ") &&
		!strings.Contains(s, ": ") && !strings.Contains(s, " #") && !reservedYAML(s) {
		return s
	}
	return jsonString(s)
}

func reservedYAML(s string) bool {
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~":
		return true
	}
	return false
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	// encoding/json escapes <, > and & for HTML; the corpus is not HTML.
	r := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")
	return r.Replace(string(b))
}

// toYAML renders a document as block YAML.
func toYAML(root obj) string {
	var b strings.Builder
	yamlMap(&b, root, 0, false)
	return b.String()
}

func indent(b *strings.Builder, n int) {
	for i := 0; i < n; i++ {
		b.WriteByte(' ')
	}
}

// yamlMap writes o's entries at indentation ind; inline means the first entry
// follows a "- " already written.
func yamlMap(b *strings.Builder, o obj, ind int, inline bool) {
	for i, e := range o {
		if i > 0 || !inline {
			indent(b, ind)
		}
		b.WriteString(yamlScalar(e.K))
		yamlAfterKey(b, e.V, ind)
	}
}

func yamlAfterKey(b *strings.Builder, v any, ind int) {
	switch x := v.(type) {
	case obj:
		if len(x) == 0 {
			b.WriteString(": {}\n")
			return
		}
		b.WriteString(":\n")
		yamlMap(b, x, ind+2, false)
	case list:
		if len(x) == 0 {
			b.WriteString(": []\n")
			return
		}
		b.WriteString(":\n")
		yamlList(b, x, ind+2)
	case block:
		b.WriteString(": |\n")
		for _, line := range strings.Split(strings.TrimRight(string(x), "\n"), "\n") {
			if line != "" {
				indent(b, ind+2)
			}
			b.WriteString(line)
			b.WriteByte('\n')
		}
	default:
		b.WriteString(": ")
		b.WriteString(yamlInline(v))
		b.WriteByte('\n')
	}
}

func yamlList(b *strings.Builder, l list, ind int) {
	for _, it := range l {
		indent(b, ind)
		b.WriteString("- ")
		switch x := it.(type) {
		case obj:
			if len(x) == 0 {
				b.WriteString("{}\n")
				continue
			}
			yamlMap(b, x, ind+2, true)
		case list:
			b.WriteString(yamlFlow(x))
			b.WriteByte('\n')
		default:
			b.WriteString(yamlInline(it))
			b.WriteByte('\n')
		}
	}
}

// yamlInline renders a scalar or an intrinsic on one line.
func yamlInline(v any) string {
	switch x := v.(type) {
	case string:
		return yamlScalar(x)
	case int:
		return strconv.Itoa(x)
	case num:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case cfn:
		switch x.Fn {
		case "Ref", "GetAtt":
			return "!" + x.Fn + " " + x.Arg.(string)
		case "Sub":
			return "!Sub " + yamlScalar(x.Arg.(string))
		default:
			return "!" + x.Fn + " " + yamlFlow(x.Arg)
		}
	case list:
		return yamlFlow(x)
	case obj:
		return yamlFlow(x)
	case block:
		return jsonString(string(x))
	}
	panic(fmt.Sprintf("corpus: no YAML for %T", v))
}

// yamlFlow renders a value in flow style: [a, b], {k: v}.
func yamlFlow(v any) string {
	switch x := v.(type) {
	case list:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = yamlFlow(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case obj:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = yamlScalar(e.K) + ": " + yamlFlow(e.V)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case string:
		return jsonString(x)
	}
	return yamlInline(v)
}

// toJSON renders a document as indented JSON, intrinsics in their long form.
func toJSON(root any) string {
	var b strings.Builder
	jsonValue(&b, root, 0)
	b.WriteByte('\n')
	return b.String()
}

func jsonValue(b *strings.Builder, v any, ind int) {
	switch x := v.(type) {
	case obj:
		if len(x) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, e := range x {
			indent(b, ind+2)
			b.WriteString(jsonString(e.K))
			b.WriteString(": ")
			jsonValue(b, e.V, ind+2)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		indent(b, ind)
		b.WriteByte('}')
	case list:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		if scalars(x) {
			parts := make([]string, len(x))
			for i, e := range x {
				var sb strings.Builder
				jsonValue(&sb, e, 0)
				parts[i] = sb.String()
			}
			if s := "[" + strings.Join(parts, ", ") + "]"; len(s) < 72 {
				b.WriteString(s)
				return
			}
		}
		b.WriteString("[\n")
		for i, e := range x {
			indent(b, ind+2)
			jsonValue(b, e, ind+2)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		indent(b, ind)
		b.WriteByte(']')
	case string:
		b.WriteString(jsonString(x))
	case block:
		b.WriteString(jsonString(string(x)))
	case int:
		b.WriteString(strconv.Itoa(x))
	case num:
		b.WriteString(string(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case cfn:
		switch x.Fn {
		case "Ref":
			jsonValue(b, obj{{"Ref", x.Arg}}, ind)
		case "GetAtt":
			name, attr, _ := strings.Cut(x.Arg.(string), ".")
			jsonValue(b, obj{{"Fn::GetAtt", list{name, attr}}}, ind)
		default:
			jsonValue(b, obj{{"Fn::" + x.Fn, x.Arg}}, ind)
		}
	default:
		panic(fmt.Sprintf("corpus: no JSON for %T", v))
	}
}

func scalars(l list) bool {
	for _, e := range l {
		switch e.(type) {
		case string, int, num, bool, expr:
		default:
			return false
		}
	}
	return true
}

// hclValue renders a value in Terraform's expression syntax, as the argument
// of jsonencode: objects with one attribute per line, lists inline when short.
func hclValue(b *strings.Builder, v any, ind int) {
	switch x := v.(type) {
	case obj:
		if len(x) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		width := 0
		for _, e := range x {
			width = max(width, len(hclKey(e.K)))
		}
		for _, e := range x {
			indent(b, ind+2)
			k := hclKey(e.K)
			b.WriteString(k)
			indent(b, width-len(k))
			b.WriteString(" = ")
			hclValue(b, e.V, ind+2)
			b.WriteByte('\n')
		}
		indent(b, ind)
		b.WriteByte('}')
	case list:
		if scalars(x) {
			parts := make([]string, len(x))
			for i, e := range x {
				var sb strings.Builder
				hclValue(&sb, e, 0)
				parts[i] = sb.String()
			}
			if s := "[" + strings.Join(parts, ", ") + "]"; len(s) < 80 {
				b.WriteString(s)
				return
			}
		}
		b.WriteString("[\n")
		for _, e := range x {
			indent(b, ind+2)
			hclValue(b, e, ind+2)
			b.WriteString(",\n")
		}
		indent(b, ind)
		b.WriteByte(']')
	case string:
		b.WriteString(hclString(x))
	case expr:
		b.WriteString(string(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case num:
		b.WriteString(string(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	default:
		panic(fmt.Sprintf("corpus: no HCL for %T", v))
	}
}

var identHCL = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

func hclKey(k string) string {
	if identHCL.MatchString(k) {
		return k
	}
	return hclString(k)
}

// hclString quotes a string for HCL: ${ and %{ start templates there, so
// IAM's own ${aws:username} is written $${aws:username}.
func hclString(s string) string {
	s = strings.ReplaceAll(s, "${", "$${")
	s = strings.ReplaceAll(s, "%{", "%%{")
	return jsonString(s)
}

func lines(s string) int { return strings.Count(s, "\n") }
