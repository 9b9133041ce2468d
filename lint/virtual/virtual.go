// Package virtual finds documents inside documents: the IAM policies that
// CloudFormation templates (and, later, Terraform and DevRamps files) carry,
// so that the iam/* rules check every policy wherever it is written, and
// their findings point into the host file.
package virtual

import (
	"strings"

	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
)

// Extract returns the virtual documents embedded in d, in a stable order.
// Each has the host's file and lines, Base set to where it sits in the host,
// and a source map whose ranges are in the host file. A policy given as a JSON
// string that does not parse becomes a parse error instead.
func Extract(d *source.Document, lim source.Limits) (docs []*source.Document, errs []*source.Error) {
	switch d.Kind {
	case kind.CloudFormation:
		return cloudFormation(d, lim)
	case kind.Terraform:
		return terraform(d, lim)
	}
	return nil, nil
}

// policyProperties are the CloudFormation properties that hold an IAM policy
// document, by resource type. "*" lists properties that hold one wherever
// they appear (inline policies of roles, users and groups).
var policyProperties = map[string][]string{
	"AWS::IAM::Role":                      {"AssumeRolePolicyDocument"},
	"AWS::IAM::Policy":                    {"PolicyDocument"},
	"AWS::IAM::ManagedPolicy":             {"PolicyDocument"},
	"AWS::IAM::RolePolicy":                {"PolicyDocument"},
	"AWS::IAM::UserPolicy":                {"PolicyDocument"},
	"AWS::IAM::GroupPolicy":               {"PolicyDocument"},
	"AWS::S3::BucketPolicy":               {"PolicyDocument"},
	"AWS::SNS::TopicPolicy":               {"PolicyDocument"},
	"AWS::SNS::TopicInlinePolicy":         {"PolicyDocument"},
	"AWS::SQS::QueuePolicy":               {"PolicyDocument"},
	"AWS::SQS::QueueInlinePolicy":         {"PolicyDocument"},
	"AWS::KMS::Key":                       {"KeyPolicy"},
	"AWS::KMS::ReplicaKey":                {"KeyPolicy"},
	"AWS::ECR::PublicRepository":          {"RepositoryPolicyText"},
	"AWS::Serverless::Function":           {"AssumeRolePolicyDocument"},
	"AWS::SecretsManager::ResourcePolicy": {"ResourcePolicy"},
	"AWS::ECR::Repository":                {"RepositoryPolicyText"},
	"AWS::ECR::RegistryPolicy":            {"PolicyText"},
	"AWS::CodeArtifact::Repository":       {"PermissionsPolicyDocument"},
	"AWS::CodeArtifact::Domain":           {"PermissionsPolicyDocument"},
	"AWS::Logs::ResourcePolicy":           {"PolicyDocument"},
	"AWS::OpenSearchService::Domain":      {"AccessPolicies"},
	"AWS::Elasticsearch::Domain":          {"AccessPolicies"},
	"AWS::EFS::FileSystem":                {"FileSystemPolicy"},
	"AWS::Backup::BackupVault":            {"AccessPolicy"},
	"AWS::S3::AccessPoint":                {"Policy"},
	"AWS::Glue::ResourcePolicy":           {"PolicyInJson"},
	"AWS::ApiGateway::RestApi":            {"Policy"},
}

func cloudFormation(d *source.Document, lim source.Limits) (docs []*source.Document, errs []*source.Error) {
	root, _ := d.Value.(map[string]any)
	resources, _ := root["Resources"].(map[string]any)
	for _, name := range sortedKeys(resources) {
		res, _ := resources[name].(map[string]any)
		typ, _ := res["Type"].(string)
		props, _ := res["Properties"].(map[string]any)
		if props == nil {
			continue
		}
		base := source.Path{"Resources", name, "Properties"}
		for _, prop := range policyProperties[typ] {
			if v, ok := props[prop]; ok {
				docs, errs = add(d, base.Append(prop), v, lim, docs, errs)
			}
		}
		// Inline policies: Policies: [{PolicyName, PolicyDocument}] on roles,
		// users and groups; SAM functions list policy documents directly.
		if list, ok := props["Policies"].([]any); ok {
			for i, item := range list {
				m, _ := item.(map[string]any)
				if m == nil {
					continue
				}
				if pd, ok := m["PolicyDocument"]; ok {
					docs, errs = add(d, base.Append("Policies", i, "PolicyDocument"), pd, lim, docs, errs)
				} else if _, ok := m["Statement"]; ok && strings.HasPrefix(typ, "AWS::Serverless::") {
					docs, errs = add(d, base.Append("Policies", i), m, lim, docs, errs)
				}
			}
		}
	}
	return docs, errs
}

// add appends the policy at path p (value v) of host d: an object is used as
// it is; a JSON string (also inside Fn::Sub) is parsed and mapped into the host.
func add(d *source.Document, p source.Path, v any, lim source.Limits, docs []*source.Document, errs []*source.Error) ([]*source.Document, []*source.Error) {
	node, exact := d.Root.Lookup(p)
	if !exact {
		return docs, errs
	}
	var value any
	switch x := v.(type) {
	case map[string]any:
		if branches, ok := x["Fn::If"].([]any); ok && len(x) == 1 && len(branches) == 3 {
			// !If [Cond, policyA, policyB]: either may be deployed, so both
			// are checked (a branch that is !Ref AWS::NoValue is not a policy).
			for i := 1; i <= 2; i++ {
				docs, errs = add(d, p.Append("Fn::If", i), branches[i], lim, docs, errs)
			}
			return docs, errs
		}
		if inner, ok := x["Fn::ToJsonString"]; ok && len(x) == 1 {
			return add(d, p.Append("Fn::ToJsonString"), inner, lim, docs, errs)
		}
		if sub, ok := x["Fn::Sub"]; ok && len(x) == 1 {
			// A policy written as a JSON string in !Sub, to interpolate ARNs.
			if list, ok := sub.([]any); ok && len(list) > 0 {
				sub = list[0]
			}
			s, ok := sub.(string)
			if !ok {
				return docs, errs
			}
			node = node.Field("Fn::Sub")
			if l, ok := x["Fn::Sub"].([]any); ok && len(l) > 0 {
				node = node.Item(0)
			}
			return addString(d, p, s, node, lim, docs, errs)
		}
		if _, ok := x["Statement"]; !ok {
			return docs, errs // an intrinsic (!If, !Ref) or not a policy
		}
		value = normalize(x)
	case string:
		return addString(d, p, x, node, lim, docs, errs)
	default:
		return docs, errs
	}
	return append(docs, &source.Document{
		File: d.File, Format: d.Format, Kind: kind.IAMPolicy, Index: d.Index,
		Value: value, Root: node, Lines: d.Lines, Base: p,
	}), errs
}

func addString(d *source.Document, p source.Path, s string, node *source.Node, lim source.Limits, docs []*source.Document, errs []*source.Error) ([]*source.Document, []*source.Error) {
	if node == nil || !strings.Contains(s, "Statement") {
		return docs, errs
	}
	v, root, err := source.ParseEmbeddedJSON(s, d.Lines, node.Value, lim)
	if err != nil && (strings.Contains(s, "${") || strings.Contains(s, "%{")) {
		// A template (Terraform interpolation or directive, !Sub variable)
		// may render to valid JSON; only the deployed text would tell.
		return docs, errs
	}
	if err != nil {
		err.File = d.File
		err.Msg = "policy at " + p.String() + " is not valid JSON: " + strings.TrimPrefix(err.Msg, "invalid JSON: ")
		return docs, append(errs, err)
	}
	if root == nil {
		return docs, errs
	}
	return append(docs, &source.Document{
		File: d.File, Format: source.JSON, Kind: kind.IAMPolicy, Index: d.Index,
		Value: normalize(v), Root: root, Lines: d.Lines, Base: p,
	}), errs
}

// normalize replaces CloudFormation intrinsic functions inside a policy by
// the string they stand for, as closely as can be known without deploying:
// !Sub keeps its template, !Ref X reads ${X}, !GetAtt A.B reads ${A.B} and
// !Join joins its parts. Rules then see ARNs and action names as strings, the
// way IAM will. Anything else (!If, !Select…) stays as it is.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			if s, ok := intrinsicString(x); ok {
				return s
			}
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	}
	return v
}

func intrinsicString(m map[string]any) (string, bool) {
	for fn, arg := range m {
		switch fn {
		case "Ref":
			if s, ok := arg.(string); ok {
				return "${" + s + "}", true
			}
		case "Fn::Sub":
			if l, ok := arg.([]any); ok && len(l) > 0 {
				arg = l[0]
			}
			if s, ok := arg.(string); ok {
				return s, true
			}
		case "Fn::GetAtt":
			if l, ok := arg.([]any); ok {
				parts := make([]string, 0, len(l))
				for _, p := range l {
					s, ok := p.(string)
					if !ok {
						return "", false
					}
					parts = append(parts, s)
				}
				return "${" + strings.Join(parts, ".") + "}", true
			}
		case "Fn::Join":
			l, ok := arg.([]any)
			if !ok || len(l) != 2 {
				return "", false
			}
			sep, ok := l[0].(string)
			items, ok2 := l[1].([]any)
			if !ok || !ok2 {
				return "", false
			}
			parts := make([]string, 0, len(items))
			for _, it := range items {
				s, ok := it.(string)
				if !ok {
					if m, isMap := it.(map[string]any); isMap && len(m) == 1 {
						s, ok = intrinsicString(m)
					}
				}
				if !ok {
					return "", false
				}
				parts = append(parts, s)
			}
			return strings.Join(parts, sep), true
		}
	}
	return "", false
}
