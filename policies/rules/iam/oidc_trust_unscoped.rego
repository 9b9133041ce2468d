# METADATA
# title: OIDC trust policy does not pin the audience and one repository or pipeline
# description: |
#   A role that trusts a CI/CD identity provider (GitHub Actions, GitLab, HCP Terraform,
#   DevRamps, ...) through `sts:AssumeRoleWithWebIdentity` is only as private as its
#   conditions. Without an audience condition the role accepts tokens minted for other
#   purposes; without a subject condition, or with a wildcard such as `repo:my-org/*`, every
#   repository or pipeline that can get a token from the provider, including other people's,
#   can assume it.
#
#   What counts as scoped:
#   - GitHub (`token.actions.githubusercontent.com`): `:aud` and `:sub`; a StringLike subject
#     must name one repository before any wildcard (`repo:org/repo:*`,
#     `repo:org/repo:ref:refs/heads/main`); `repo:org/*`, `repo:*` and `*` are too broad.
#   - GitLab (any issuer whose host contains `gitlab`): `:aud` and `:sub`, with the subject
#     naming one project (`project_path:group/project:*`; `project_path:group/*` is too broad).
#   - HCP Terraform (`app.terraform.io`): `:aud` and `:sub` naming one workspace.
#   - Amazon Cognito (`cognito-identity.amazonaws.com`): `:aud` (the identity pool).
#   - Other providers, whose claims rampart does not know: `:aud` and `:sub`, or an
#     organisation claim (`:org`, `:organization`, ...) together with a pipeline claim
#     (`:pipeline`, `:project`, `:repository`, ...), as in the DevRamps trust policy
#     (`devramps.com:org` + `devramps.com:pipeline`). A wildcard in such a claim is too broad.
#
#   A subject wildcard is not reported when an exact (StringEquals) subject condition also
#   applies, since both must match. Only positive operators count (not negated, `...IfExists`
#   or `ForAllValues:` ones).
#
#   A missing condition is reported on the `sts:AssumeRoleWithWebIdentity` action; a too broad
#   value on the value itself.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
#     description: Create a role for OpenID Connect federation
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
#     description: Configuring OpenID Connect in Amazon Web Services (GitHub Actions)
#   - ref: https://docs.gitlab.com/ee/ci/cloud_services/aws/
#     description: Configure OpenID Connect in AWS to retrieve temporary credentials (GitLab CI/CD)
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
#     description: Available keys for AWS web identity federation
# custom:
#   id: iam/oidc-trust-unscoped
#   severity: critical
#   kinds: [iam-policy]
#   remediation: >-
#     Add "StringEquals" on the provider's :aud claim (sts.amazonaws.com for GitHub) and pin
#     the subject to one repository or pipeline, e.g. "StringLike":
#     {"token.actions.githubusercontent.com:sub": "repo:my-org/my-repo:ref:refs/heads/main"}.
#   threat: >-
#     Any repository or pipeline on the same CI/CD platform, including an attacker's, obtains
#     a token the role accepts and deploys with its permissions.
package rampart.rules.iam.oidc_trust_unscoped

import data.rampart.lib.iam
import data.rampart.lib.result

# org_claims and pipeline_claims scope a provider whose claims rampart does not know.
org_claims := {"org", "organization", "org_id", "organization_id", "owner"}

pipeline_claims := {"pipeline", "pipeline_id", "project", "project_id", "repository", "repository_id", "repo"}

# A missing audience or subject condition, reported on the action.
deny contains result.violation(msg, a.path) if {
	_may_trust_web_identity # document-level check first
	some name, _ in _web_identity_grants # then only the entries that grant it
	some [i, k] in iam.action_entries[name]
	s := iam.statement_facts[i]
	s.allow
	_ = s.stmt.Principal.Federated # cheap test first: few statements trust a federated provider
	a := s.elements.Action[k]
	some p in _providers(s)
	missing := _missing(s, p)
	count(missing) > 0
	msg := sprintf(
		"%s from %s has no %s: %s; %s",
		[
			_action_name(a.value), _provider_name(p),
			concat(" and no ", [m.what | some m in missing]),
			_consequence(missing, p),
			concat(", and ", [m.fix | some m in missing]),
		],
	)
}

# A claim value whose wildcard reaches more than one repository or pipeline, reported on the value.
deny contains result.violation(msg, v.path) if {
	_may_trust_web_identity
	some name, _ in _web_identity_grants # then only the entries that grant it
	some [i, k] in iam.action_entries[name]
	s := iam.statement_facts[i]
	s.allow
	_ = s.stmt.Principal.Federated # as above
	a := s.elements.Action[k]
	some p in _providers(s)
	some c in _claims(s, p)
	iam.like_operator(c.operator)
	claim := _claim_name(c.key)
	not _exact(s, p, claim)
	some v in iam.condition_values(c)
	_broad(p.type, claim, v.value)
	msg := sprintf(
		"%s %q matches more than one %s, and each of them can assume this role; %s",
		[c.key, v.value, _one(p, claim), _pin(p, claim)],
	)
}

# _may_trust_web_identity: a statement names a Principal, and an action grants
# sts:AssumeRoleWithWebIdentity; otherwise the document cannot have a finding.
_may_trust_web_identity if {
	"Principal" in iam.statement_keys
	count(_web_identity_grants) > 0
}

# _web_identity_grants holds the action names of the document (lower case, as an Action entry's
# "lower") that grant sts:AssumeRoleWithWebIdentity, by name or through a wildcard.
_web_identity_grants := rampart.iam.covers(iam.action_names, {"sts:AssumeRoleWithWebIdentity"})

_action_name(v) := v if lower(v) == "sts:assumerolewithwebidentity"

_action_name(v) := sprintf("%q (sts:AssumeRoleWithWebIdentity)", [v]) if lower(v) != "sts:assumerolewithwebidentity"

# _providers returns the Federated principals of the statement as {"host", "type"}. host is the
# issuer after "oidc-provider/" in the ARN (or the principal itself, as for Cognito); when the
# ARN is only known at deploy time ("${GitHubOidc.Arn}" from !GetAtt, {"Ref": ...}) it is taken
# from the condition keys.
_providers(s) := {p |
	some f in iam.entries(array.concat(s.path, ["Principal", "Federated"]), s.stmt.Principal.Federated)
	host := _host(f.value, s)
	p := {"host": host, "type": _type(host)}
}

_host(v, _) := lower(_after_provider(v)) if {
	is_string(v)
	not contains(_after_provider(v), "${")
}

_host(v, _) := lower(_after_provider(v["Fn::Sub"])) if {
	is_string(v["Fn::Sub"])
	not contains(_after_provider(v["Fn::Sub"]), "${")
}

_host(v, s) := _inferred_host(s) if not _resolvable(v)

_resolvable(v) if {
	is_string(v)
	not contains(_after_provider(v), "${")
}

_resolvable(v) if {
	is_string(v["Fn::Sub"])
	not contains(_after_provider(v["Fn::Sub"]), "${")
}

_after_provider(v) := substring(v, indexof(v, "oidc-provider/") + count("oidc-provider/"), -1) if contains(v, "oidc-provider/")

_after_provider(v) := v if not contains(v, "oidc-provider/")

# _inferred_host: the one issuer the condition keys name, or "" when they name none or several.
_inferred_host(s) := h if {
	hosts := {_claim_host(c.key) | some c in iam.conditions(s); _claim_key(c.key)}
	count(hosts) == 1
	some h in hosts
} else := ""

# A claim key is "<issuer host>:<claim>"; issuer hosts contain a dot, global keys (aws:, sts:) do not.
_claim_key(k) if regex.match(`^[^:]+\.[^:]*:[A-Za-z_]+$`, k)

_claim_host(k) := lower(substring(k, 0, _last_colon(k)))

_claim_name(k) := lower(substring(k, _last_colon(k) + 1, -1))

_last_colon(k) := max([i | some i in indexof_n(k, ":")])

_type(host) := "github" if startswith(host, "token.actions.githubusercontent.com")

_type(host) := "gitlab" if {
	not startswith(host, "token.actions.githubusercontent.com")
	contains(host, "gitlab")
}

_type(host) := "terraform" if host == "app.terraform.io"

_type(host) := "cognito" if host == "cognito-identity.amazonaws.com"

_type(host) := "generic" if {
	not startswith(host, "token.actions.githubusercontent.com")
	not contains(host, "gitlab")
	not host in {"app.terraform.io", "cognito-identity.amazonaws.com"}
}

_provider_name(p) := p.host if p.host != ""

_provider_name(p) := "the web identity provider" if p.host == ""

# _claims: the conditions on the provider's claims that use a positive operator.
_claims(s, p) := {c |
	some c in iam.conditions(s)
	_claim_key(c.key)
	_for_provider(c.key, p)
	iam.positive_operator(c.operator)
}

_for_provider(_, p) if p.host == ""

_for_provider(k, p) if _claim_host(k) == p.host

_has(s, p, names) if {
	some c in _claims(s, p)
	_claim_name(c.key) in names
}

# _exact: an exact-match condition pins the claim, whatever wildcard another condition allows.
_exact(s, p, claim) if {
	some c in _claims(s, p)
	_claim_name(c.key) == claim
	not iam.like_operator(c.operator)
}

_missing(s, p) := [{
	"what": "condition on its claims",
	"fix": sprintf("pin the organisation and the pipeline (%s, %s), or the audience and the subject (%s, %s), with StringEquals conditions", [_key(p, "org"), _key(p, "pipeline"), _key(p, "aud"), _key(p, "sub")]),
	"who": _who.generic,
}] if {
	p.type == "generic"
	count(_claims(s, p)) == 0
} else := [m |
	some m in [_missing_audience(s, p), _missing_subject(s, p)]
	m != {}
]

_missing_audience(s, p) := {
	"what": sprintf("audience condition (%s)", [_key(p, "aud")]),
	"fix": _audience_fix(p),
} if {
	_needs_audience(s, p)
	not _has(s, p, {"aud"})
} else := {}

_audience_fix(p) := `add "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}` if {
	p.host == "token.actions.githubusercontent.com"
} else := sprintf("add a StringEquals condition on %s naming the audience your tokens are issued for", [_key(p, "aud")])

_needs_audience(_, p) if p.type != "generic"

_needs_audience(s, p) if {
	p.type == "generic"
	not _has(s, p, org_claims)
}

_org_and_pipeline(s, p) if {
	_has(s, p, org_claims)
	_has(s, p, pipeline_claims)
}

_missing_subject(s, p) := {} if {
	p.type == "cognito"
} else := {} if {
	_has(s, p, {"sub"})
} else := {} if {
	p.type == "generic"
	_org_and_pipeline(s, p)
} else := {
	"what": sprintf("pipeline condition (%s)", [_key(p, "pipeline")]),
	"fix": sprintf("add a StringEquals condition on %s naming the one pipeline that deploys with this role", [_key(p, "pipeline")]),
	"who": "pipeline of the organisation",
} if {
	p.type == "generic"
	_has(s, p, org_claims)
} else := {
	"what": sprintf("subject condition (%s)", [_key(p, "sub")]),
	"fix": _pin(p, "sub"),
	"who": _who[p.type],
}

# _consequence says who can assume the role because of what is missing.
_consequence(missing, p) := sprintf("every %s that can get a token from %s can assume this role", [m.who, _provider_name(p)]) if {
	some m in missing
	m.who
} else := "the role accepts tokens issued for any audience, including tokens meant for other services"

_key(p, claim) := sprintf("%s:%s", [p.host, claim]) if p.host != ""

_key(p, claim) := sprintf("<provider>:%s", [claim]) if p.host == ""

# _broad: a StringLike value that reaches more than one repository or pipeline.
_broad(_, _, v) if iam.wildcard_only(v)

_broad("github", "sub", v) if {
	prefix := _before_wildcard(v)
	prefix != v
	not regex.match(`(^|:)(repo|repository):[^/:]+/[^/:]+:`, prefix)
	not regex.match(`(^|:)repository_id:[0-9]+:`, prefix)
}

_broad("gitlab", "sub", v) if {
	prefix := _before_wildcard(v)
	prefix != v
	not regex.match(`^project_path:[^:]+:`, prefix)
}

_broad("terraform", "sub", v) if {
	prefix := _before_wildcard(v)
	prefix != v
	not regex.match(`^organization:[^:]+:project:[^:]+:workspace:[^:]+:`, prefix)
}

_broad("generic", claim, v) if {
	claim in (org_claims | pipeline_claims)
	is_string(v)
	regex.match(`[*?]`, v)
}

_before_wildcard(v) := regex.find_n(`^[^*?]*`, v, 1)[0] if is_string(v)

_who := {
	"github": "GitHub repository",
	"gitlab": "GitLab project",
	"terraform": "HCP Terraform workspace",
	"cognito": "identity pool",
	"generic": "pipeline or workload",
}

_one(_, "aud") := "audience"

_one(p, "sub") := _subjects[p.type]

_one(_, claim) := "organisation" if claim in org_claims

_one(_, claim) := "pipeline" if claim in pipeline_claims

_subjects := {
	"github": "repository",
	"gitlab": "project",
	"terraform": "workspace",
	"cognito": "identity",
	"generic": "subject",
}

_pin(p, "sub") := sprintf(`pin the subject to one repository, e.g. "StringLike": {"%s:sub": "repo:my-org/my-repo:ref:refs/heads/main"}`, [p.host]) if p.type == "github"

_pin(p, "sub") := sprintf(`pin the subject to one project, e.g. "StringLike": {"%s:sub": "project_path:my-group/my-project:ref_type:branch:ref:main"}`, [p.host]) if p.type == "gitlab"

_pin(p, "sub") := `pin the subject to one workspace, e.g. "organization:my-org:project:my-project:workspace:my-workspace:run_phase:*"` if p.type == "terraform"

_pin(p, claim) := sprintf("pin %s to one value with StringEquals", [_key(p, claim)]) if {
	not p.type in {"github", "gitlab", "terraform"}
}

_pin(p, claim) := sprintf("pin %s to one value with StringEquals", [_key(p, claim)]) if {
	p.type in {"github", "gitlab", "terraform"}
	claim != "sub"
}
