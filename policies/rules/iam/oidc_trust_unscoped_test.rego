package rampart.rules.iam.oidc_trust_unscoped_test

import data.rampart.rules.iam.oidc_trust_unscoped

_gh := "token.actions.githubusercontent.com"

_gh_arn := "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"

_gl_arn := "arn:aws:iam::123456789012:oidc-provider/gitlab.com"

_dr_arn := "arn:aws:iam::oidc-provider/devramps.com"

_trust(federated, condition) := {"Version": "2012-10-17", "Statement": [{
	"Effect": "Allow",
	"Principal": {"Federated": federated},
	"Action": "sts:AssumeRoleWithWebIdentity",
	"Condition": condition,
}]}

_trust_no_condition(federated) := {"Version": "2012-10-17", "Statement": [{
	"Effect": "Allow",
	"Principal": {"Federated": federated},
	"Action": "sts:AssumeRoleWithWebIdentity",
}]}

_gh_aud := {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}

_gh_sub(v) := {"token.actions.githubusercontent.com:sub": v}

_action := ["Statement", 0, "Action"]

_value(op, key) := ["Statement", 0, "Condition", op, key]

_got := {v.path | some v in oidc_trust_unscoped.deny}

cases := {
	# GitHub
	"github: audience and one repository": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud, "StringLike": _gh_sub("repo:my-org/my-repo:*")}),
		"want": set(),
	},
	"github: exact branch": {
		"input": _trust(_gh_arn, {"StringEquals": object.union(_gh_aud, _gh_sub("repo:my-org/my-repo:ref:refs/heads/main"))}),
		"want": set(),
	},
	"github: one repository, any environment": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud, "StringLike": _gh_sub(["repo:my-org/my-repo:environment:*", "repo:my-org/other:ref:refs/heads/main"])}),
		"want": set(),
	},
	"github: no condition at all": {
		"input": _trust_no_condition(_gh_arn),
		"want": {_action},
	},
	"github: no audience": {
		"input": _trust(_gh_arn, {"StringLike": _gh_sub("repo:my-org/my-repo:*")}),
		"want": {_action},
	},
	"github: no subject": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud}),
		"want": {_action},
	},
	"github: every repository of the organisation": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud, "StringLike": _gh_sub("repo:my-org/*")}),
		"want": {_value("StringLike", "token.actions.githubusercontent.com:sub")},
	},
	"github: repo:* and star in a list": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud, "StringLike": _gh_sub(["repo:my-org/ok:*", "repo:*", "*"])}),
		"want": {
			array.concat(_value("StringLike", "token.actions.githubusercontent.com:sub"), [1]),
			array.concat(_value("StringLike", "token.actions.githubusercontent.com:sub"), [2]),
		},
	},
	"github: a repository name prefix reaches other repositories": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud, "StringLike": _gh_sub("repo:my-org/my-repo*")}),
		"want": {_value("StringLike", "token.actions.githubusercontent.com:sub")},
	},
	"github: an exact subject wins over a broad pattern": {
		"input": _trust(_gh_arn, {
			"StringEquals": object.union(_gh_aud, _gh_sub("repo:my-org/my-repo:ref:refs/heads/main")),
			"StringLike": _gh_sub("repo:my-org/*"),
		}),
		"want": set(),
	},
	"github: star in StringEquals is a literal": {
		"input": _trust(_gh_arn, {"StringEquals": object.union(_gh_aud, _gh_sub("repo:my-org/*"))}),
		"want": set(),
	},
	"github: negated subject is no subject": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud, "StringNotLike": _gh_sub("repo:evil/*")}),
		"want": {_action},
	},
	"github: custom claim with the repository id": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud, "StringLike": _gh_sub("repository_owner_id:1234:repository_id:5678:*")}),
		"want": set(),
	},
	"github: custom claim with only the owner": {
		"input": _trust(_gh_arn, {"StringEquals": _gh_aud, "StringLike": _gh_sub("repository_owner:my-org:*")}),
		"want": {_value("StringLike", "token.actions.githubusercontent.com:sub")},
	},
	"github: audience that matches anything": {
		"input": _trust(_gh_arn, {"StringLike": object.union({"token.actions.githubusercontent.com:aud": "*"}, _gh_sub("repo:my-org/my-repo:*"))}),
		"want": {_value("StringLike", "token.actions.githubusercontent.com:aud")},
	},
	"github: provider ARN built with Fn::Sub": {
		"input": _trust({"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com"}, {"StringLike": _gh_sub("repo:my-org/*")}),
		"want": {_action, _value("StringLike", "token.actions.githubusercontent.com:sub")},
	},
	"github: embedded CloudFormation ARN with placeholders": {
		"input": _trust("arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com", {"StringEquals": _gh_aud}),
		"want": {_action},
	},
	"github: embedded CloudFormation !GetAtt, issuer taken from the conditions": {
		"input": _trust("${GitHubOidc.Arn}", {"StringEquals": _gh_aud, "StringLike": _gh_sub("repo:my-org/*")}),
		"want": {_value("StringLike", "token.actions.githubusercontent.com:sub")},
	},
	"unknown provider and no conditions": {
		"input": _trust_no_condition("${OidcProviderArn}"),
		"want": {_action},
	},
	"github: provider from !Ref, issuer taken from the conditions": {
		"input": _trust({"Ref": "GitHubOidcProvider"}, {"StringEquals": _gh_aud, "StringLike": _gh_sub("repo:my-org/*")}),
		"want": {_value("StringLike", "token.actions.githubusercontent.com:sub")},
	},
	"github: provider in a Federated list, action in a list": {
		"input": {"Version": "2012-10-17", "Statement": [{
			"Effect": "Allow",
			"Principal": {"Federated": [_gh_arn]},
			"Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
			"Condition": {"StringEquals": _gh_aud},
		}]},
		"want": {["Statement", 0, "Action", 0]},
	},
	"github: sts:AssumeRole* covers web identity": {
		"input": {"Version": "2012-10-17", "Statement": [{
			"Effect": "Allow",
			"Principal": {"Federated": _gh_arn},
			"Action": "sts:AssumeRole*",
		}]},
		"want": {_action},
	},
	# GitLab
	"gitlab: one project": {
		"input": _trust(_gl_arn, {"StringEquals": {"gitlab.com:aud": "https://gitlab.com"}, "StringLike": {"gitlab.com:sub": "project_path:my-group/my-project:ref_type:branch:ref:main"}}),
		"want": set(),
	},
	"gitlab: every project of a group": {
		"input": _trust(_gl_arn, {"StringEquals": {"gitlab.com:aud": "https://gitlab.com"}, "StringLike": {"gitlab.com:sub": "project_path:my-group/*"}}),
		"want": {_value("StringLike", "gitlab.com:sub")},
	},
	"gitlab: self-managed, no subject": {
		"input": _trust("arn:aws:iam::123456789012:oidc-provider/gitlab.example.com", {"StringEquals": {"gitlab.example.com:aud": "https://gitlab.example.com"}}),
		"want": {_action},
	},
	# Other providers
	"devramps seed: org and pipeline": {
		"input": _trust(_dr_arn, {"StringEquals": {"devramps.com:org": "your-org", "devramps.com:pipeline": "your-pipeline"}}),
		"want": set(),
	},
	"devramps: org only": {
		"input": _trust(_dr_arn, {"StringEquals": {"devramps.com:org": "your-org"}}),
		"want": {_action},
	},
	"devramps: pipeline wildcard": {
		"input": _trust(_dr_arn, {"StringEquals": {"devramps.com:org": "your-org"}, "StringLike": {"devramps.com:pipeline": "deploy-*"}}),
		"want": {_value("StringLike", "devramps.com:pipeline")},
	},
	"devramps: no condition": {
		"input": _trust_no_condition(_dr_arn),
		"want": {_action},
	},
	"generic: audience and subject": {
		"input": _trust("arn:aws:iam::123456789012:oidc-provider/oidc.example.com", {"StringEquals": {"oidc.example.com:aud": "sts", "oidc.example.com:sub": "deploy-prod"}}),
		"want": set(),
	},
	"generic: subject without audience": {
		"input": _trust("arn:aws:iam::123456789012:oidc-provider/oidc.example.com", {"StringEquals": {"oidc.example.com:sub": "deploy-prod"}}),
		"want": {_action},
	},
	"generic: conditions of another provider do not count": {
		"input": _trust(_dr_arn, {"StringEquals": {"other.example.com:org": "your-org", "other.example.com:pipeline": "p"}}),
		"want": {_action},
	},
	"terraform: one workspace": {
		"input": _trust("arn:aws:iam::123456789012:oidc-provider/app.terraform.io", {"StringEquals": {"app.terraform.io:aud": "aws.workload.identity"}, "StringLike": {"app.terraform.io:sub": "organization:my-org:project:infra:workspace:prod:run_phase:*"}}),
		"want": set(),
	},
	"terraform: every workspace": {
		"input": _trust("arn:aws:iam::123456789012:oidc-provider/app.terraform.io", {"StringEquals": {"app.terraform.io:aud": "aws.workload.identity"}, "StringLike": {"app.terraform.io:sub": "organization:my-org:*"}}),
		"want": {_value("StringLike", "app.terraform.io:sub")},
	},
	"cognito: identity pool audience": {
		"input": _trust("cognito-identity.amazonaws.com", {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012"}, "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}),
		"want": set(),
	},
	"cognito: no audience": {
		"input": _trust_no_condition("cognito-identity.amazonaws.com"),
		"want": {_action},
	},
	# Not web identity
	"service trust": {
		"input": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
		"want": set(),
	},
	"SAML trust": {
		"input": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML"}]},
		"want": set(),
	},
	"Deny web identity": {
		"input": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"Federated": _gh_arn}, "Action": "sts:AssumeRoleWithWebIdentity"}]},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

_all_msgs := {v.msg | some v in oidc_trust_unscoped.deny}

_msgs(policy) := msgs if {
	msgs := _all_msgs with input as policy
}

test_message_no_audience_no_subject if {
	some m in _msgs(_trust_no_condition(_gh_arn))
	startswith(m, "sts:AssumeRoleWithWebIdentity from token.actions.githubusercontent.com has no audience condition (token.actions.githubusercontent.com:aud) and no subject condition (token.actions.githubusercontent.com:sub): every GitHub repository that can get a token from token.actions.githubusercontent.com can assume this role;")
}

test_message_no_audience_only if {
	some m in _msgs(_trust(_gh_arn, {"StringLike": _gh_sub("repo:my-org/my-repo:*")}))
	contains(m, "the role accepts tokens issued for any audience")
	contains(m, `add "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}`)
}

test_message_broad_subject if {
	some m in _msgs(_trust(_gh_arn, {"StringEquals": _gh_aud, "StringLike": _gh_sub("repo:my-org/*")}))
	startswith(m, `token.actions.githubusercontent.com:sub "repo:my-org/*" matches more than one repository`)
}

test_message_devramps_org_only if {
	some m in _msgs(_trust(_dr_arn, {"StringEquals": {"devramps.com:org": "your-org"}}))
	contains(m, "has no pipeline condition (devramps.com:pipeline): every pipeline of the organisation")
}

test_message_wildcard_action if {
	some m in _msgs({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": _gh_arn}, "Action": "sts:*"}]})
	startswith(m, `"sts:*" (sts:AssumeRoleWithWebIdentity) from token.actions.githubusercontent.com`)
}

test_message_generic_without_claims if {
	some m in _msgs(_trust_no_condition(_dr_arn))
	contains(m, "has no condition on its claims")
	contains(m, "(devramps.com:org, devramps.com:pipeline), or the audience and the subject (devramps.com:aud, devramps.com:sub)")
}
