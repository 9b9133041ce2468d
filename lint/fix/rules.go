package fix

import (
	"fmt"
	"strings"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/source"
)

// target is one finding in its parsed file.
type target struct {
	file    *File
	doc     *source.Document
	path    source.Path
	finding lint.Finding
}

func (t *target) value(p source.Path) (any, bool) { return valueAt(t.doc.Value, p) }

// plan is what a fixer wants: the document changes, a title for people, and
// (rarely) hand-made edits when the change is inside a string.
type plan struct {
	title string
	sets  []set
	edits []Edit
}

type fixer func(t *target) (*plan, bool)

// fixers are the rules with a safe fix. Their metadata says fixable: true,
// and a test keeps the two lists equal.
var fixers = map[string]fixer{
	"audit/cloudtrail-log-validation":         trailSetting("EnableLogFileValidation", "enable_log_file_validation"),
	"audit/cloudtrail-single-region":          trailSetting("IsMultiRegionTrail", "is_multi_region_trail"),
	"audit/cloudtrail-logging-disabled":       trailSetting("IsLogging", "enable_logging"),
	"supply-chain/image-scan-disabled":        imageScanOnPush,
	"pipeline/excessive-token-permissions":    tokenPermissions,
	"pipeline/persisted-checkout-credentials": checkoutCredentials,
	"supply-chain/lockfile-bypassed":          npmCI,
}

// hasPrefix reports whether p starts with elems; a nil element matches any.
func hasPrefix(p source.Path, elems ...any) bool {
	if len(p) < len(elems) {
		return false
	}
	for i, e := range elems {
		if e != nil && p[i] != e {
			return false
		}
	}
	return true
}

func isString(v any) bool { _, ok := v.(string); return ok }

// literalBool reads a boolean the way the rules do: true, false, or their
// text in any case. ok is false for anything else (an intrinsic function, a
// Terraform expression), which no fix may overwrite.
func literalBool(v any) (b, ok bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// settable reports whether the value at p may be set to true: it is absent
// or null, or a literal false.
func (t *target) settable(p source.Path) bool {
	cur, has := t.value(p)
	if !has || cur == nil {
		return true
	}
	b, ok := literalBool(cur)
	return ok && !b
}

// cfnResource returns the resource path of a CloudFormation finding, if the
// resource has type typ and is not built by an intrinsic function.
func (t *target) cfnResource(typ string) (source.Path, bool) {
	if t.doc.Format == source.HCL || !hasPrefix(t.path, "Resources", nil) || !isString(t.path[1]) {
		return nil, false
	}
	res := t.path[:2]
	if ty, _ := t.value(res.Append("Type")); ty != typ {
		return nil, false
	}
	if props, has := t.value(res.Append("Properties")); has && props != nil {
		if m, isMap := props.(map[string]any); !isMap || intrinsic(m) {
			return nil, false
		}
	}
	return res, true
}

// tfResource returns the resource path of a Terraform finding.
func (t *target) tfResource(typ string) (source.Path, bool) {
	if t.doc.Format != source.HCL || !hasPrefix(t.path, "resource", typ, nil) || !isString(t.path[2]) {
		return nil, false
	}
	return t.path[:3], true
}

// intrinsic reports a CloudFormation function in place of a mapping
// (Fn::If, Ref, ...): keys cannot be added to it.
func intrinsic(m map[string]any) bool {
	for k := range m {
		if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
			return true
		}
	}
	return false
}

// trailSetting turns a CloudTrail trail's boolean setting on: cfn in
// CloudFormation, tf in Terraform.
func trailSetting(cfn, tf string) fixer {
	return func(t *target) (*plan, bool) {
		if res, ok := t.tfResource("aws_cloudtrail"); ok {
			if len(t.path) > 4 || len(t.path) == 4 && t.path[3] != tf {
				return nil, false
			}
			p := res.Append(tf)
			if !t.settable(p) {
				return nil, false
			}
			return &plan{title: "set " + tf + " = true", sets: []set{{path: p, value: true}}}, true
		}
		res, ok := t.cfnResource("AWS::CloudTrail::Trail")
		if !ok || len(t.path) != 2 && !(len(t.path) == 4 && t.path[2] == "Properties" && t.path[3] == cfn) {
			return nil, false
		}
		p := res.Append("Properties", cfn)
		if !t.settable(p) {
			return nil, false
		}
		return &plan{title: "set " + cfn + ": true", sets: []set{{path: p, value: true}}}, true
	}
}

// imageScanOnPush turns on scan on push for an ECR repository.
func imageScanOnPush(t *target) (*plan, bool) {
	if res, ok := t.tfResource("aws_ecr_repository"); ok {
		cfgs, has := t.value(res.Append("image_scanning_configuration"))
		switch {
		case len(t.path) == 3 && !has:
			return &plan{
				title: "add image_scanning_configuration { scan_on_push = true }",
				sets:  []set{{path: res.Append("image_scanning_configuration"), value: block{{"scan_on_push", true}}}},
			}, true
		case len(t.path) >= 5 && len(t.path) <= 6 && t.path[3] == "image_scanning_configuration" && has:
			i, isIdx := t.path[4].(int)
			if list, isList := cfgs.([]any); !isIdx || !isList || i >= len(list) || len(t.path) == 6 && t.path[5] != "scan_on_push" {
				return nil, false
			}
			p := res.Append("image_scanning_configuration", i, "scan_on_push")
			if !t.settable(p) {
				return nil, false
			}
			return &plan{title: "set scan_on_push = true", sets: []set{{path: p, value: true}}}, true
		}
		return nil, false
	}
	res, ok := t.cfnResource("AWS::ECR::Repository")
	if !ok {
		return nil, false
	}
	cfg := res.Append("Properties", "ImageScanningConfiguration")
	cur, has := t.value(cfg)
	switch {
	case len(t.path) == 2 && (!has || cur == nil):
		return &plan{
			title: "set ImageScanningConfiguration.ScanOnPush: true",
			sets:  []set{{path: cfg, value: obj{{"ScanOnPush", true}}}},
		}, true
	case len(t.path) >= 4 && len(t.path) <= 5 && t.path[2] == "Properties" && t.path[3] == "ImageScanningConfiguration":
		m, isMap := cur.(map[string]any)
		if !isMap || intrinsic(m) || len(t.path) == 5 && t.path[4] != "ScanOnPush" {
			return nil, false
		}
		p := cfg.Append("ScanOnPush")
		if !t.settable(p) {
			return nil, false
		}
		return &plan{title: "set ScanOnPush: true", sets: []set{{path: p, value: true}}}, true
	}
	return nil, false
}

// readContents is the token scope the rule recommends for a start.
var readContents = obj{{"contents", "read"}}

// tokenPermissions declares contents: read where a workflow or a job has
// no permissions, and replaces write-all with it.
func tokenPermissions(t *target) (*plan, bool) {
	if t.doc.Format != source.YAML {
		return nil, false
	}
	p := t.path
	if cur, _ := t.value(p); (len(p) == 1 && p[0] == "permissions" || len(p) == 3 && hasPrefix(p, "jobs", nil, "permissions")) && cur == "write-all" {
		return &plan{title: "replace permissions: write-all with {contents: read}", sets: []set{{path: p, value: readContents}}}, true
	}
	if _, has := t.value(source.Path{"permissions"}); has {
		return nil, false
	}
	switch {
	case len(p) == 1 && p[0] == "jobs":
		return &plan{
			title: "add permissions: {contents: read} at the top of the workflow",
			sets:  []set{{path: source.Path{"permissions"}, value: readContents, before: "jobs"}},
		}, true
	case len(p) == 2 && p[0] == "jobs" && isString(p[1]):
		job, isMap := t.value(p)
		if m, _ := job.(map[string]any); !isMap || m == nil {
			return nil, false
		} else if _, has := m["permissions"]; has {
			return nil, false
		}
		return &plan{
			title: fmt.Sprintf("add permissions: {contents: read} to job %s", p[1]),
			sets:  []set{{path: p.Append("permissions"), value: readContents, before: "steps"}},
		}, true
	}
	return nil, false
}

// checkoutCredentials sets persist-credentials: false on actions/checkout.
func checkoutCredentials(t *target) (*plan, bool) {
	if t.doc.Format != source.YAML {
		return nil, false
	}
	p := t.path
	var step source.Path
	switch {
	case len(p) >= 2 && p[len(p)-1] == "uses":
		step = p[:len(p)-1]
	case len(p) >= 3 && p[len(p)-2] == "with" && p[len(p)-1] == "persist-credentials":
		step = p[:len(p)-2]
	default:
		return nil, false
	}
	uses, _ := t.value(step.Append("uses"))
	u, _ := uses.(string)
	name, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(u)), "@")
	if name != "actions/checkout" {
		return nil, false
	}
	target := step.Append("with", "persist-credentials")
	if cur, has := t.value(target); has && cur != nil {
		if b, ok := literalBool(cur); !ok || !b {
			return nil, false // false already, or an expression
		}
	}
	return &plan{title: "set persist-credentials: false on the checkout", sets: []set{{path: target, value: false}}}, true
}

// npmCI turns `npm install` without a package into `npm ci`, editing only
// the install word inside the script.
func npmCI(t *target) (*plan, bool) {
	cur, _ := t.value(t.path)
	script, isStr := cur.(string)
	node, exact := t.doc.Root.Lookup(t.path)
	if !isStr || !exact {
		return nil, false
	}
	var chosen []npmCommand
	for _, c := range npmInstalls(script) {
		if q := c.quoted(); q != "" && strings.HasPrefix(t.finding.Message, q) {
			chosen = append(chosen, c)
		}
	}
	if len(chosen) == 0 {
		return nil, false
	}
	// Find each command in the file's text: the same words in the same
	// order, counted in the script and in its source (a block scalar's
	// indentation, a quoted string's quotes). Equal counts pair them up.
	raw := string(t.file.src[node.Value.Start.Offset:node.Value.End.Offset])
	var edits []Edit
	var b strings.Builder
	at := 0
	for _, c := range chosen {
		sub := script[c.npm:c.end]
		k := strings.Count(script[:c.npm], sub)
		if nthIndex(script, sub, k) != c.npm || strings.Count(script, sub) != strings.Count(raw, sub) {
			return nil, false
		}
		r := nthIndex(raw, sub, k)
		if r < 0 {
			return nil, false
		}
		start := node.Value.Start.Offset + r + (c.word - c.npm)
		edits = append(edits, Edit{Start: start, End: start + (c.end - c.word), Text: "ci"})
		b.WriteString(script[at:c.word])
		b.WriteString("ci")
		at = c.end
	}
	b.WriteString(script[at:])
	word := script[chosen[0].word:chosen[0].end]
	return &plan{
		title: "use npm ci instead of npm " + word,
		sets:  []set{{path: t.path, value: b.String()}},
		edits: edits,
	}, true
}

func nthIndex(s, sub string, n int) int {
	at := 0
	for i := 0; ; i++ {
		j := strings.Index(s[at:], sub)
		if j < 0 {
			return -1
		}
		if i == n {
			return at + j
		}
		at += j + 1
	}
}
