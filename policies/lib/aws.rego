# METADATA
# description: |
#   Resolves AWS resources against each other inside one CloudFormation template or one
#   Terraform file, for the rules that judge a resource by what it is wired to: the role a
#   CodeBuild project or a CodePipeline runs as and the policies that role holds, the bucket a
#   CloudTrail trail writes to and the versioning, public access block and lifecycle
#   configurations of that bucket. Nothing outside the document is known: a reference to a
#   parameter without a default, another stack's export, another module or a data source stays
#   unresolved, and rules do not judge what they cannot resolve.
#
#   CloudFormation references are `{"Ref": X}`, `{"Fn::GetAtt": [X, "Arn"]}` (or "X.Arn"),
#   `{"Fn::Sub": "${X.Arn}"}`, or a literal / `Fn::Sub` ARN or name that matches the resource's
#   own name property. Terraform references arrive as text, `"${aws_iam_role.build.arn}"` (see
#   docs/input/terraform.md); a literal name or ARN matches the resource's `name` / `bucket`.
package rampart.lib.aws

import data.rampart.lib.iam
import data.rampart.lib.pipeline

# ---- Values -----------------------------------------------------------------------------------

# literal_bool: see pipeline.literal_bool (true/false, or their text; undefined otherwise).
literal_bool(v) := pipeline.literal_bool(v)

# is_true: the value is true or "true" (use `not is_true(v)`: `not literal_bool(v) == true` is
# undefined, not true, when v is not a literal).
is_true(v) if literal_bool(v) == true

# literal_number: a number, or a number written as text ("365"); undefined otherwise.
literal_number(v) := v if is_number(v)

literal_number(v) := to_number(v) if {
	is_string(v)
	regex.match(`^-?[0-9]+(\.[0-9]+)?$`, v)
}

# text: a string as written, or the template of a CloudFormation `Fn::Sub` (its `${...}` parts
# stay placeholders); undefined for other intrinsics.
text(v) := v if is_string(v)

text(v) := v["Fn::Sub"] if {
	is_object(v)
	is_string(v["Fn::Sub"])
}

text(v) := v["Fn::Sub"][0] if {
	is_object(v)
	is_array(v["Fn::Sub"])
	is_string(v["Fn::Sub"][0])
}

# known_text: text without any placeholder (`${...}`), so it can be compared to a literal.
known_text(v) := t if {
	t := text(v)
	not contains(t, "${")
}

# path_text renders a path for a message: Resources.BuildRole.Properties.Policies[0].PolicyName.
path_text(path) := concat("", [_path_part(i, p) | some i, p in path])

_path_part(_, p) := sprintf("[%d]", [p]) if is_number(p)

_path_part(0, p) := p if is_string(p)

_path_part(i, p) := concat("", [".", p]) if {
	i > 0
	is_string(p)
}

# file_of(path): in a Terraform module view (kind terraform-module), the file that defines the
# block path points into; "" in a single document.
file_of(path) := f if {
	n := _owner_depth(path[0])
	count(path) >= n
	f := object.get(input, array.concat(["rampart:files"], array.slice(path, 0, n)), "")
	is_string(f)
} else := ""

_owner_depth(b) := 3 if b in {"resource", "data"}

_owner_depth(b) := 2 if not b in {"resource", "data"}

# place(path, from): path_text(path) for a message about something at from; when the two sit in
# different files of a Terraform module, the text starts with the file: "iam.tf: resource...".
place(path, from) := sprintf("%s: %s", [f, path_text(path)]) if {
	f := file_of(path)
	f != ""
	f != file_of(from)
} else := path_text(path)

# last_segment: the part of an ARN or path after the last "/".
last_segment(s) := parts[count(parts) - 1] if parts := split(s, "/")

# ---- CloudFormation ---------------------------------------------------------------------------

# cfn[type][name] is the resource `name` of `type` in the template.
#
# A complete rule, computed once per document: rules look resources up by type and name many
# times, and OPA evaluates a partial rule's body again for every key it is asked about.
cfn := {t: {name: r | some name, r in _resources; r.Type == t} | some t in {r.Type | some r in _resources}}

_resources := {name: r |
	is_object(input)
	is_object(input.Resources)
	some name, r in input.Resources
	is_object(r)
	is_string(r.Type)
}

# props: the resource's Properties (an empty object when absent).
props(r) := p if {
	p := r.Properties
	is_object(p)
} else := {}

# cfn_target: the logical id a value refers to: Ref, GetAtt (list or "X.Attr" form), or a
# Fn::Sub that is exactly one reference ("${X}", "${X.Arn}").
cfn_target(v) := v.Ref if {
	is_object(v)
	is_string(v.Ref)
}

cfn_target(v) := v["Fn::GetAtt"][0] if {
	is_object(v)
	is_array(v["Fn::GetAtt"])
	is_string(v["Fn::GetAtt"][0])
}

cfn_target(v) := split(v["Fn::GetAtt"], ".")[0] if {
	is_object(v)
	is_string(v["Fn::GetAtt"])
}

cfn_target(v) := m[0][1] if {
	is_object(v)
	t := text(v)
	not is_string(v)
	m := regex.find_all_string_submatch_n(`^\$\{([A-Za-z0-9]+)(\.[A-Za-z]+)?\}$`, t, 1)
	count(m) == 1
}

# cfn_resolve(v, type, name_prop): the logical ids of `type` that v names: by reference, or by
# a name or ARN whose last segment equals the resource's name_prop (both as known text, or the
# same Fn::Sub template).
cfn_resolve(v, type, _) := {x} if {
	x := cfn_target(v)
	cfn[type][x]
}

cfn_resolve(v, type, name_prop) := {x |
	t := text(v)
	some x, r in cfn[type]
	n := text(props(r)[name_prop])
	_same_name(t, n)
} if not cfn_target(v)

# _same_name: the ARN or name t ends with the name n ("arn:...:role/ci/build" and "build").
_same_name(t, n) if t == n

_same_name(t, n) if {
	t != n
	last_segment(t) == n
	contains(t, "/")
}

# ---- Terraform --------------------------------------------------------------------------------

# tf_refs(v, type): the names of `type` resources an expression mentions
# ("${aws_iam_role.build.arn}", "arn:aws:iam::1:role/${aws_iam_role.build.name}"); data sources
# (data.aws_iam_role.x) are not resources of the file.
tf_refs(v, type) := {m[2] |
	is_string(v)
	some m in regex.find_all_string_submatch_n(sprintf(`(^|[^.\w])%s\.([A-Za-z0-9_-]+)\b`, [replace(type, ".", `\.`)]), v, -1)
}

# tf_resolve(v, type, name_attr): the `type` resources v refers to, by reference or by a literal
# name or ARN that ends with the resource's name_attr.
tf_resolve(v, type, _) := refs if {
	refs := tf_refs(v, type)
	count(refs) > 0
}

tf_resolve(v, type, name_attr) := {x |
	some x, r in input.resource[type]
	n := known_text(r[name_attr])
	_same_name(v, n)
} if {
	is_string(v)
	not contains(v, "${")
}

tf_resources(type) := r if {
	is_object(input)
	r := input.resource[type]
	is_object(r)
} else := {}

# ---- IAM: roles and what they grant -----------------------------------------------------------

# project_roles holds one fact per CodeBuild project and CodePipeline whose role resolves to a
# role of the document: {"what": "CodeBuild project", "name", "path": the role reference,
# "role": the role's logical name, "role_path": the role resource}.
_role_refs := {
	"AWS::CodeBuild::Project": ["CodeBuild project", "ServiceRole"],
	"AWS::CodePipeline::Pipeline": ["pipeline", "RoleArn"],
}

_tf_role_refs := {
	"aws_codebuild_project": ["CodeBuild project", "service_role"],
	"aws_codepipeline": ["pipeline", "role_arn"],
}

project_roles contains {
	"what": spec[0], "name": name,
	"path": ["Resources", name, "Properties", spec[1]],
	"role": role, "role_path": ["Resources", role],
} if {
	some type, spec in _role_refs
	some name, r in cfn[type]
	v := props(r)[spec[1]]
	some role in cfn_resolve(v, "AWS::IAM::Role", "RoleName")
}

project_roles contains {
	"what": spec[0], "name": name,
	"path": ["resource", type, name, spec[1]],
	"role": role, "role_path": ["resource", "aws_iam_role", role],
} if {
	some type, spec in _tf_role_refs
	some name, r in tf_resources(type)
	is_object(r)
	some role in tf_resolve(r[spec[1]], "aws_iam_role", "name")
}

# admin_managed_policies: AWS managed policies that amount to administrator access for a
# pipeline role (IAMFullAccess lets the role grant itself anything).
admin_managed_policies := {"AdministratorAccess", "PowerUserAccess", "IAMFullAccess"}

# admin_managed_arn: the AWS managed policy name an ARN (literal or Fn::Sub template) names.
admin_managed_arn(v) := n if {
	t := iam.fill_placeholders(text(v))
	m := regex.find_all_string_submatch_n(`^arn:[^:]+:iam::aws:policy/([A-Za-z]+)$`, t, 1)
	n := m[0][1]
	n in admin_managed_policies
}

# role_grants(role): what a role of the document is allowed that makes it an administrator or
# lets it escalate: {"rank", "what": described for a message, "path": where the grant is}.
# rank orders them: managed admin policies first, then "*", service-wide IAM/STS/Organizations
# wildcards, escalation actions.
role_grants(role) := {g |
	some p in _role_policies(role)
	some g in _policy_grants(p)
}

# _role_policies holds {"label", "path", "doc"} or {"label", "path", "managed"} per policy the
# role has. CloudFormation: Policies, ManagedPolicyArns (AWS managed, or a ManagedPolicy of the
# template), and AWS::IAM::Policy / ManagedPolicy / RolePolicy resources naming the role.
_role_policies(role) := ps if {
	r := cfn["AWS::IAM::Role"][role]
	ps := (_cfn_inline(role, r) | _cfn_managed(role, r)) | _cfn_attached(role)
}

_role_policies(role) := ps if {
	r := tf_resources("aws_iam_role")[role]
	ps := ((_tf_inline(role, r) | _tf_managed(role, r)) | _tf_role_policy(role)) | _tf_attachments(role)
}

_cfn_inline(role, r) := {{"label": sprintf("policy %s", [_label(object.get(p, "PolicyName", null), sprintf("#%d", [i]))]), "path": ["Resources", role, "Properties", "Policies", i, "PolicyDocument"], "doc": p.PolicyDocument} |
	some i, p in props(r).Policies
	is_object(p)
}

_cfn_managed(role, r) := {p |
	some i, arn in props(r).ManagedPolicyArns
	path := ["Resources", role, "Properties", "ManagedPolicyArns", i]
	some p in _cfn_managed_policies(arn, path)
}

_cfn_managed_policies(arn, path) := {{"label": sprintf("AWS managed policy %s", [n]), "path": path, "managed": n}} if {
	n := admin_managed_arn(arn)
} else := {{"label": sprintf("managed policy %s", [m]), "path": ["Resources", m, "Properties", "PolicyDocument"], "doc": props(cfn["AWS::IAM::ManagedPolicy"][m]).PolicyDocument} |
	some m in cfn_resolve(arn, "AWS::IAM::ManagedPolicy", "ManagedPolicyName")
}

# AWS::IAM::Policy and ManagedPolicy list the roles (Roles), RolePolicy names one (RoleName).
_cfn_attached(role) := {{"label": sprintf("policy %s", [name]), "path": ["Resources", name, "Properties", "PolicyDocument"], "doc": props(r).PolicyDocument} |
	some type in ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"]
	some name, r in cfn[type]
	_names_role(props(r), role)
}

_names_role(p, role) if {
	some v in p.Roles
	role in cfn_resolve(v, "AWS::IAM::Role", "RoleName")
}

_names_role(p, role) if role in cfn_resolve(p.RoleName, "AWS::IAM::Role", "RoleName")

# Terraform: inline_policy blocks, managed_policy_arns, aws_iam_role_policy, and
# aws_iam_role_policy_attachment / aws_iam_policy_attachment.
_tf_inline(role, r) := {{"label": sprintf("inline policy %s", [_label(object.get(p, "name", null), sprintf("#%d", [i]))]), "path": ["resource", "aws_iam_role", role, "inline_policy", i, "policy"], "doc": p.policy} |
	some i, p in r.inline_policy
	is_object(p)
}

_tf_managed(role, r) := {p |
	some i, arn in r.managed_policy_arns
	some p in _tf_policy_arn(arn, ["resource", "aws_iam_role", role, "managed_policy_arns", i])
}

_tf_role_policy(role) := {{"label": sprintf("policy %s", [_label(object.get(p, "name", null), name)]), "path": ["resource", "aws_iam_role_policy", name, "policy"], "doc": p.policy} |
	some name, p in tf_resources("aws_iam_role_policy")
	role in tf_resolve(p.role, "aws_iam_role", "name")
}

_tf_attachments(role) := {p |
	some name, a in tf_resources("aws_iam_role_policy_attachment")
	role in tf_resolve(a.role, "aws_iam_role", "name")
	some p in _tf_policy_arn(a.policy_arn, ["resource", "aws_iam_role_policy_attachment", name, "policy_arn"])
} | {p |
	some name, a in tf_resources("aws_iam_policy_attachment")
	some v in a.roles
	role in tf_resolve(v, "aws_iam_role", "name")
	some p in _tf_policy_arn(a.policy_arn, ["resource", "aws_iam_policy_attachment", name, "policy_arn"])
}

# _tf_policy_arn: the policies a policy_arn names: an AWS managed admin policy (literal, or a
# data "aws_iam_policy" looked up by name or ARN), or an aws_iam_policy of the file.
_tf_policy_arn(arn, path) := {{"label": sprintf("AWS managed policy %s", [n]), "path": path, "managed": n}} if {
	n := admin_managed_arn(arn)
} else := {{"label": sprintf("AWS managed policy %s", [n]), "path": path, "managed": n} |
	some d in tf_refs(arn, "data.aws_iam_policy")
	n := _tf_data_policy_name(input.data.aws_iam_policy[d])
} | {{"label": sprintf("policy %s", [_label(object.get(p, "name", null), m)]), "path": ["resource", "aws_iam_policy", m, "policy"], "doc": p.policy} |
	some m in tf_resolve(arn, "aws_iam_policy", "name")
	p := tf_resources("aws_iam_policy")[m]
}

_tf_data_policy_name(d) := d.name if {
	d.name in admin_managed_policies
} else := admin_managed_arn(d.arn)

_label(v, _) := v if is_string(v)

_label(v, fallback) := fallback if not is_string(v)

# ---- Policy documents -------------------------------------------------------------------------

# _policy_grants: the grants of one policy.
_policy_grants(p) := {{"rank": 0, "what": sprintf("%s grants %s", [p.label, _managed_level[p.managed]]), "path": p.path}} if {
	p.managed
}

_policy_grants(p) := {g |
	some s in _statements(p.doc, p.path)
	some g in _statement_grants(s, p.label)
} if {
	not p.managed
}

_managed_level := {
	"AdministratorAccess": "every action on every resource",
	"PowerUserAccess": "every action outside IAM and Organizations",
	"IAMFullAccess": "every IAM action",
}

# _statements: the statements of a policy written as an object (CloudFormation, jsonencode), as
# JSON text (a heredoc, a CloudFormation string), or as a data "aws_iam_policy_document"
# referenced by its .json; each as {"path", "effect", "actions": [{"path","value"}],
# "not_actions", "resources", "not_resources", "principal"}.
_statements(doc, path) := _doc_statements(doc, path) if is_object(doc)

_statements(doc, path) := _doc_statements(json.unmarshal(doc), path) if {
	is_string(doc)
	json.is_valid(doc)
}

_statements(doc, _) := {s |
	some d in tf_refs(doc, "data.aws_iam_policy_document")
	some i, st in input.data.aws_iam_policy_document[d].statement
	sp := ["data", "aws_iam_policy_document", d, "statement", i]
	s := {
		"path": sp,
		"effect": object.get(st, "effect", "Allow"),
		"principal": _has_any(st, {"principals", "not_principals"}),
		"actions": _entries(sp, st, "actions"),
		"not_actions": _entries(sp, st, "not_actions"),
		"resources": _entries(sp, st, "resources"),
		"not_resources": _entries(sp, st, "not_resources"),
	}
} if {
	is_string(doc)
	not json.is_valid(doc)
}

_doc_statements(doc, path) := {_stmt(array.concat(path, ["Statement", i]), st) |
	some i, st in doc.Statement
	is_object(st)
	_raw_may_grant(st)
} if is_array(doc.Statement)

_doc_statements(doc, path) := {_stmt(array.concat(path, ["Statement"]), doc.Statement) | _raw_may_grant(doc.Statement)} if is_object(doc.Statement)

_doc_statements(doc, _) := set() if {
	not is_array(doc.Statement)
	not is_object(doc.Statement)
}

_stmt(sp, st) := {
	"path": sp,
	"effect": object.get(st, "Effect", null),
	"principal": _has_any(st, {"Principal", "NotPrincipal"}),
	"actions": _entries(sp, st, "Action"),
	"not_actions": _entries(sp, st, "NotAction"),
	"resources": _entries(sp, st, "Resource"),
	"not_resources": _entries(sp, st, "NotResource"),
}

# _raw_may_grant: the statement may have grants (_statement_grants): an Allow naming no
# principal, with NotAction or an action that _may_grant accepts. Tested on the statement as
# written, before _stmt builds its entries: most statements have none.
_raw_may_grant(st) if {
	st.Effect == "Allow"
	not iam.has_key(st, "Principal")
	not iam.has_key(st, "NotPrincipal")
	_raw_actions_may_grant(st)
}

_raw_actions_may_grant(st) if iam.has_key(st, "NotAction")

_raw_actions_may_grant(st) if {
	some v in iam.as_array(st.Action)
	is_string(v)
	_grant_candidate(v)
}

_has_any(st, keys) if {
	some k in keys
	iam.has_key(st, k)
} else := false

_entries(sp, st, key) := iam.entries(array.concat(sp, [key]), st[key]) if iam.has_key(st, key)

_entries(_, st, key) := set() if not iam.has_key(st, key)

# _unrestricted: a Resource entry that covers every resource of a service (a Fn::Sub template
# is judged by its text; other intrinsics name one resource), or NotResource.
_unrestricted(s) := {r | some r in s.resources; iam.unrestricted_resource(text(r.value))} | s.not_resources

# escalation_actions: an identity that holds one of these on every resource can make itself (or
# a role it passes on) an administrator.
escalation_actions := [
	"iam:PassRole",
	"iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
	"iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy",
	"iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy",
	"iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile",
	"iam:UpdateLoginProfile", "iam:AddUserToGroup",
]

_statement_grants(s, label) := gs if {
	s.effect == "Allow"
	not s.principal
	_may_grant(s) # cheap test first: most statements grant none of what is reported
	unrestricted := _unrestricted(s)
	gs := ((_full_grants(s, label) | _service_grants(s, label, unrestricted)) | _not_action_grants(s, label, unrestricted)) | _escalation_grants(s, label, unrestricted)
} else := set()

_full_grants(s, label) := {{"rank": 1, "what": sprintf("%s grants %s on %s", [label, a.value, _describe_resources(s)]), "path": a.path} |
	some a in s.actions
	iam.is_full_wildcard(a.value)
}

# iam:* and organizations:* are administrator rights on any resource set; sts:* on every role.
_service_grants(s, label, unrestricted) := {{"rank": 2, "what": sprintf("%s grants %s on %s", [label, a.value, _describe_resources(s)]), "path": a.path} |
	some a in s.actions
	is_string(a.value)
	svc := lower(split(a.value, ":")[0])
	regex.match(`^[A-Za-z0-9-]+:\*$`, a.value)
	_service_wildcard_counts(svc, unrestricted)
}

_service_wildcard_counts(svc, _) if svc in {"iam", "organizations"}

_service_wildcard_counts("sts", unrestricted) if count(unrestricted) > 0

_not_action_grants(s, label, unrestricted) := {{"rank": 1, "what": sprintf("%s grants every action except %s on %s", [label, _describe_values(s.not_actions), _describe_resources(s)]), "path": array.concat(s.path, ["NotAction"])} |
	count(s.not_actions) > 0
	count(unrestricted) > 0
}

_escalation_grants(s, label, unrestricted) := {{"rank": 3, "what": _escalation_what(label, a.value, covered, s), "path": a.path} |
	count(unrestricted) > 0
	some a in s.actions
	is_string(a.value)
	not iam.is_full_wildcard(a.value)
	not _admin_service_wildcard(a.value)
	covered := _escalations_covered(a.value)
	count(covered) > 0
}

# _escalations_covered: the escalation_actions that the Action value v grants, in order. A
# plain name is one lookup; only a wildcard is matched against each.
_escalations_covered(v) := [a | a := _escalation_by_lower[lower(v)]] if {
	not regex.match(`[*?]`, v)
} else := [action | some action in escalation_actions; iam.action_covers(v, action)]

_escalation_by_lower := {lower(a): a | some a in escalation_actions}

_admin_service_wildcard(v) if lower(v) in {"iam:*", "organizations:*"}

# _may_grant: the statement has what each kind of grant above needs: NotAction, or an action
# that holds a wildcard (every action, a whole service, a wildcard escalation) or names an
# escalation action.
_may_grant(s) if count(s.not_actions) > 0

_may_grant(s) if {
	some a in s.actions
	is_string(a.value)
	_grant_candidate(a.value)
}

_grant_candidate(v) if contains(v, "*")

_grant_candidate(v) if contains(v, "?")

_grant_candidate(v) if _escalation_by_lower[lower(v)]

# _escalation_what names the action as written, and what a wildcard covers.
_escalation_what(label, pattern, covered, s) := sprintf("%s grants %s on %s", [label, pattern, _describe_resources(s)]) if {
	count(covered) == 1
	lower(pattern) == lower(covered[0])
} else := sprintf("%s grants %s (%s) on %s", [label, pattern, concat(", ", sort(covered)), _describe_resources(s)])

_describe_resources(s) := "every resource except those in NotResource" if {
	count(s.not_resources) > 0
} else := _describe_values(s.resources)

_describe_values(es) := concat(", ", sort([_value_text(e.value) | some e in es]))

_value_text(v) := t if t := text(v)

_value_text(v) := json.marshal(v) if not text(v)

# ---- S3 buckets of CloudTrail trails ----------------------------------------------------------

# trail_buckets holds one fact per trail whose bucket is a bucket of the document:
# {"trail": trail label, "trail_path", "bucket": the bucket's logical name, "bucket_path",
#  "format": "cloudformation" | "terraform", "log_prefix": where the trail writes its logs
#  ("AWSLogs/" or "<S3KeyPrefix>/AWSLogs/"), or null when the prefix is not known}.
trail_buckets contains {
	"trail": t.label, "trail_path": t.path, "bucket": b, "bucket_path": ["Resources", b],
	"format": "cloudformation", "log_prefix": _log_prefix(object.get(t.props, "S3KeyPrefix", null)),
} if {
	some t in pipeline.trails
	t.path[0] == "Resources"
	some b in cfn_resolve(t.props.S3BucketName, "AWS::S3::Bucket", "BucketName")
}

trail_buckets contains {
	"trail": t.label, "trail_path": t.path, "bucket": b, "bucket_path": ["resource", "aws_s3_bucket", b],
	"format": "terraform", "log_prefix": _log_prefix(object.get(t.props, "s3_key_prefix", null)),
} if {
	some t in pipeline.trails
	t.path[0] == "resource"
	some b in tf_resolve(t.props.s3_bucket_name, "aws_s3_bucket", "bucket")
}

_log_prefix(null) := "AWSLogs/"

_log_prefix(p) := "AWSLogs/" if known_text(p) == ""

_log_prefix(p) := concat("", [trim_suffix(known_text(p), "/"), "/AWSLogs/"]) if {
	known_text(p) != ""
}

_log_prefix(p) := null if {
	p != null
	not known_text(p)
}

# tf_bucket_configs(type, bucket): the `type` resources (aws_s3_bucket_versioning, ...) whose
# `bucket` refers to aws_s3_bucket.<bucket>, by reference or by its literal name.
tf_bucket_configs(type, bucket) := {name: r |
	some name, r in tf_resources(type)
	is_object(r)
	bucket in tf_resolve(r.bucket, "aws_s3_bucket", "bucket")
}
