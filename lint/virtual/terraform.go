package virtual

import (
	"sort"

	"github.com/rampart-lint/rampart/lint/kind"
	"github.com/rampart-lint/rampart/lint/source"
)

// tfPolicyAttributes are the Terraform resource arguments that hold an IAM
// policy document (as jsonencode(...), a heredoc or a JSON string).
var tfPolicyAttributes = map[string][]string{
	"aws_iam_role":                                   {"assume_role_policy"},
	"aws_iam_policy":                                 {"policy"},
	"aws_iam_role_policy":                            {"policy"},
	"aws_iam_user_policy":                            {"policy"},
	"aws_iam_group_policy":                           {"policy"},
	"aws_s3_bucket":                                  {"policy"},
	"aws_s3_bucket_policy":                           {"policy"},
	"aws_s3_access_point":                            {"policy"},
	"aws_sns_topic":                                  {"policy"},
	"aws_sns_topic_policy":                           {"policy"},
	"aws_sqs_queue":                                  {"policy"},
	"aws_sqs_queue_policy":                           {"policy"},
	"aws_kms_key":                                    {"policy"},
	"aws_kms_replica_key":                            {"policy"},
	"aws_ecr_repository_policy":                      {"policy"},
	"aws_ecr_registry_policy":                        {"policy"},
	"aws_ecrpublic_repository_policy":                {"policy"},
	"aws_secretsmanager_secret":                      {"policy"},
	"aws_secretsmanager_secret_policy":               {"policy"},
	"aws_efs_file_system_policy":                     {"policy"},
	"aws_backup_vault_policy":                        {"policy"},
	"aws_glacier_vault":                              {"access_policy"},
	"aws_glue_resource_policy":                       {"policy"},
	"aws_api_gateway_rest_api_policy":                {"policy"},
	"aws_cloudwatch_log_resource_policy":             {"policy_document"},
	"aws_codeartifact_domain_permissions_policy":     {"policy_document"},
	"aws_codeartifact_repository_permissions_policy": {"policy_document"},
	"aws_opensearch_domain":                          {"access_policies"},
	"aws_opensearch_domain_policy":                   {"access_policies"},
	"aws_elasticsearch_domain":                       {"access_policies"},
	"aws_elasticsearch_domain_policy":                {"access_policies"},
}

func terraform(d *source.Document, lim source.Limits) (docs []*source.Document, errs []*source.Error) {
	root, _ := d.Value.(map[string]any)
	resources, _ := root["resource"].(map[string]any)
	for _, typ := range sortedKeys(resources) {
		byName, _ := resources[typ].(map[string]any)
		for _, name := range sortedKeys(byName) {
			body, _ := byName[name].(map[string]any)
			base := source.Path{"resource", typ, name}
			for _, attr := range tfPolicyAttributes[typ] {
				if v, ok := body[attr]; ok {
					docs, errs = addTF(d, base.Append(attr), v, lim, docs, errs)
				}
			}
			if typ == "aws_iam_role" {
				blocks, _ := body["inline_policy"].([]any)
				for i, b := range blocks {
					if m, ok := b.(map[string]any); ok {
						if v, ok := m["policy"]; ok {
							docs, errs = addTF(d, base.Append("inline_policy", i, "policy"), v, lim, docs, errs)
						}
					}
				}
			}
		}
	}
	data, _ := root["data"].(map[string]any)
	documents, _ := data["aws_iam_policy_document"].(map[string]any)
	for _, name := range sortedKeys(documents) {
		body, _ := documents[name].(map[string]any)
		p := source.Path{"data", "aws_iam_policy_document", name}
		node, exact := d.Root.Lookup(p)
		if !exact || body == nil || !renderable(body) {
			continue
		}
		v, n := policyDocument(body, node)
		docs = append(docs, &source.Document{
			File: d.File, Format: d.Format, Kind: kind.IAMPolicy, Index: d.Index,
			Value: v, Root: n, Lines: d.Lines, Base: p,
		})
	}
	return docs, errs
}

// addTF adds the policy at p: an object from jsonencode(...) as it is, or a
// string (heredoc, JSON literal) parsed and mapped into the file. A reference
// such as data.aws_iam_policy_document.x.json is skipped: the data source is
// linted where it is written.
func addTF(d *source.Document, p source.Path, v any, lim source.Limits, docs []*source.Document, errs []*source.Error) ([]*source.Document, []*source.Error) {
	node, exact := d.Root.Lookup(p)
	if !exact {
		return docs, errs
	}
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["Statement"]; !ok {
			return docs, errs
		}
		return append(docs, &source.Document{
			File: d.File, Format: d.Format, Kind: kind.IAMPolicy, Index: d.Index,
			Value: x, Root: node, Lines: d.Lines, Base: p,
		}), errs
	case string:
		return addString(d, p, x, node, lim, docs, errs)
	}
	return docs, errs
}

// policyDocument turns a data "aws_iam_policy_document" block into the IAM
// policy it renders, with a source map whose nodes are the block's own
// arguments: Statement[1].Action[0] underlines the first item of the second
// statement block's actions list.
func policyDocument(body map[string]any, block *source.Node) (map[string]any, *source.Node) {
	doc := map[string]any{"Version": "2012-10-17"}
	root := source.NewNode(block.Key, block.Value)
	root.SetField("Version", block)
	if v, ok := body["version"]; ok {
		doc["Version"] = v
		root.SetField("Version", block.Field("version"))
	}
	if v, ok := body["policy_id"]; ok {
		doc["Id"] = v
		root.SetField("Id", block.Field("policy_id"))
	}
	stmts, _ := body["statement"].([]any)
	list := orNode(block.Field("statement"), block)
	out := make([]any, 0, len(stmts))
	stmtsNode := source.NewNode(list.Key, list.Value)
	for i, s := range stmts {
		m, _ := s.(map[string]any)
		sn := list.Item(i)
		if m == nil || sn == nil {
			continue
		}
		v, n := statement(m, sn)
		out = append(out, v)
		stmtsNode.AddItem(n)
	}
	doc["Statement"] = out
	root.SetField("Statement", stmtsNode)
	return doc, root
}

// renderable reports whether the statements a data source renders are all
// written in the block: statements from dynamic blocks or from other
// documents (source_policy_documents, override_policy_documents) are only
// known at plan time, so such a document is not judged.
func renderable(body map[string]any) bool {
	for _, k := range []string{"dynamic", "source_policy_documents", "override_policy_documents", "source_json", "override_json"} {
		if _, ok := body[k]; ok {
			return false
		}
	}
	return true
}

// statement renders one statement block. Terraform's defaults apply: an
// absent effect is Allow.
func statement(m map[string]any, block *source.Node) (map[string]any, *source.Node) {
	st := map[string]any{"Effect": "Allow"}
	node := source.NewNode(block.Key, block.Value)
	node.SetField("Effect", block)
	for tf, iam := range map[string]string{
		"sid": "Sid", "effect": "Effect", "actions": "Action", "not_actions": "NotAction",
		"resources": "Resource", "not_resources": "NotResource",
	} {
		if v, ok := m[tf]; ok {
			st[iam] = v
			node.SetField(iam, block.Field(tf))
		}
	}
	for tf, iam := range map[string]string{"principals": "Principal", "not_principals": "NotPrincipal"} {
		if v, n, ok := principals(m[tf], block.Field(tf)); ok {
			st[iam] = v
			node.SetField(iam, n)
		}
	}
	if conds, ok := m["condition"].([]any); ok {
		cv := map[string]any{}
		list := orNode(block.Field("condition"), block)
		cn := source.NewNode(list.Key, list.Value)
		for i, c := range conds {
			cm, _ := c.(map[string]any)
			test, _ := cm["test"].(string)
			variable, _ := cm["variable"].(string)
			item := list.Item(i)
			if test == "" || variable == "" || item == nil {
				continue
			}
			ops, _ := cv[test].(map[string]any)
			if ops == nil {
				ops = map[string]any{}
				cv[test] = ops
				tn := orNode(item.Field("test"), item)
				cn.SetField(test, source.NewNode(tn.Key, tn.Value))
			}
			if prev, dup := ops[variable]; dup {
				// Two blocks with one test and variable: the provider joins
				// their values; findings point at the first block.
				a, _ := prev.([]any)
				b, _ := cm["values"].([]any)
				ops[variable] = append(append([]any{}, a...), b...)
				continue
			}
			ops[variable] = cm["values"]
			cn.Field(test).SetField(variable, orNode(item.Field("values"), item))
		}
		st["Condition"] = cv
		node.SetField("Condition", cn)
	}
	return st, node
}

// principals renders principals blocks as an IAM Principal: {"AWS": [...],
// "Service": [...]}, or "*" for the block Terraform documents for it
// (type = "*", identifiers = ["*"]).
func principals(v any, list *source.Node) (any, *source.Node, bool) {
	blocks, ok := v.([]any)
	if !ok || list == nil || len(blocks) == 0 {
		return nil, nil, false
	}
	out := map[string]any{}
	node := source.NewNode(list.Key, list.Value)
	for i, b := range blocks {
		m, _ := b.(map[string]any)
		typ, _ := m["type"].(string)
		item := list.Item(i)
		if typ == "" || item == nil {
			continue
		}
		ids := m["identifiers"]
		idNode := orNode(item.Field("identifiers"), item)
		if typ == "*" {
			if first := idNode.Item(0); first != nil {
				idNode = first // the "*" itself
			}
			return "*", idNode, true
		}
		if prev, dup := out[typ]; dup {
			// Two blocks of one type: the lists join, and the type's node is
			// the first block (items no longer map one to one).
			a, _ := prev.([]any)
			bl, _ := ids.([]any)
			out[typ] = append(append([]any{}, a...), bl...)
			node.SetField(typ, source.NewNode(idNode.Key, node.Field(typ).Value))
			continue
		}
		out[typ] = ids
		node.SetField(typ, idNode)
	}
	return out, node, len(out) > 0
}

func orNode(n, fallback *source.Node) *source.Node {
	if n != nil {
		return n
	}
	return fallback
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
