package rampart.rules.pipeline.unreviewed_infrastructure_apply_test

import data.rampart.rules.pipeline.unreviewed_infrastructure_apply

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in unreviewed_infrastructure_apply.deny}

_tf(params) := {"name": "Synthesize Infrastructure", "id": "infra", "type": "DEVRAMPS:TERRAFORM:SYNTHESIZE", "params": params}

_doc(steps) := {"version": "1.0.0", "pipeline": {"cloud_provider": "AWS", "pipeline_updates_require_approval": "ALWAYS", "stages": [{"name": "staging"}], "steps": steps}}

_deploy := {"name": "Deploy API", "type": "DEVRAMPS:ECS:DEPLOY", "params": {"cluster_name": "api"}}

cases := {
	"NEVER": {
		"input": _doc([_tf({"requires_approval": "NEVER", "source": "/infrastructure"})]),
		"want": {{"path": ["pipeline", "steps", 0, "params", "requires_approval"], "key": false}},
	},
	"missing requires_approval": {
		"input": _doc([_deploy, _tf({"source": "/infrastructure"})]),
		"want": {{"path": ["pipeline", "steps", 1, "params"], "key": true}},
	},
	"no params": {
		"input": _doc([{"name": "Infra", "type": "DEVRAMPS:TERRAFORM:SYNTHESIZE"}]),
		"want": {{"path": ["pipeline", "steps", 0, "type"], "key": false}},
	},
	"a boolean is not a DevRamps mode": {
		"input": _doc([_tf({"requires_approval": true, "source": "/infrastructure"})]),
		"want": {{"path": ["pipeline", "steps", 0, "params", "requires_approval"], "key": false}},
	},
	"a fragment, as in the seed": {
		"input": [_tf({"source": "/infrastructure"})],
		"want": {{"path": [0, "params"], "key": true}},
	},
	"DESTRUCTIVE_CHANGES_ONLY (the seed)": {
		"input": [_tf({"requires_approval": "DESTRUCTIVE_CHANGES_ONLY", "source": "/infrastructure"})],
		"want": set(),
	},
	"ALWAYS": {
		"input": _doc([_tf({"requires_approval": "ALWAYS", "source": "/infrastructure"}), _deploy]),
		"want": set(),
	},
	"other steps need no requires_approval": {
		"input": _doc([_deploy, {"name": "Bake Period", "type": "DEVRAMPS:APPROVAL:BAKE", "params": {"duration_minutes": 5}}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_never if {
	some v in unreviewed_infrastructure_apply.deny with input as _doc([_tf({"requires_approval": "NEVER"})])
	v.msg == `Terraform step "Synthesize Infrastructure" sets requires_approval to "NEVER", so its plans are applied without review; set it to DESTRUCTIVE_CHANGES_ONLY (or ALWAYS)`
}

test_message_missing if {
	some v in unreviewed_infrastructure_apply.deny with input as _doc([_tf({"source": "/infrastructure"})])
	v.msg == `Terraform step "Synthesize Infrastructure" has no requires_approval, so its plans are applied without review; set requires_approval: DESTRUCTIVE_CHANGES_ONLY (or ALWAYS)`
}

# ---- buildspec, GitHub Actions, GitLab CI ----

_v(path) := {"path": path, "key": false}

_bs(cmds) := {"version": 0.2, "phases": {"build": {"commands": cmds}}}

_bs_env(vars, cmds) := object.union(_bs(cmds), {"env": {"variables": vars}})

_gh(jobs) := {"on": {"push": {"branches": ["main"]}}, "jobs": jobs}

_ghjob(run) := {"runs-on": "ubuntu-24.04", "steps": [{"uses": "hashicorp/setup-terraform@v3"}, {"run": run}]}

_gh_path(job) := _v(["jobs", job, "steps", 1, "run"])

ci_cases := {
	# buildspec
	"buildspec auto-approve with prod var file": {
		"input": _bs(["terraform init", "terraform apply -auto-approve -var-file=envs/prod.tfvars"]),
		"want": {_v(["phases", "build", "commands", 1])},
	},
	"buildspec auto-approve in a prod workspace": {
		"input": _bs(["terraform workspace select production", "terraform apply -auto-approve"]),
		"want": {_v(["phases", "build", "commands", 1])},
	},
	"buildspec env variable names production": {
		"input": _bs_env({"TF_WORKSPACE": "prod"}, ["tofu apply --auto-approve"]),
		"want": {_v(["phases", "build", "commands", 0])},
	},
	"buildspec plan and apply in one build": {
		"input": _bs_env({"STAGE": "production"}, ["terraform plan -out tfplan", "terraform apply tfplan"]),
		"want": {_v(["phases", "build", "commands", 1])},
	},
	"buildspec applies a plan from an earlier build": {
		"input": _bs_env({"STAGE": "production"}, ["terraform init", "terraform apply -input=false $CODEBUILD_SRC_DIR_PlanOutput/tfplan"]),
		"want": set(),
	},
	"buildspec staging": {
		"input": _bs_env({"STAGE": "staging"}, ["terraform apply -auto-approve"]),
		"want": set(),
	},
	"buildspec auto-approve=false prompts": {
		"input": _bs(["terraform apply -auto-approve=false -var-file=prod.tfvars"]),
		"want": set(),
	},
	"buildspec plan only": {
		"input": _bs(["terraform plan -var-file=prod.tfvars -out tfplan"]),
		"want": set(),
	},
	"buildspec -var value is not a plan file": {
		"input": _bs(["terraform apply -var env=prod"]),
		"want": set(),
	},
	# GitHub Actions
	"workflow production job auto-approve": {
		"input": _gh({"apply-prod": _ghjob("terraform init\nterraform apply -auto-approve")}),
		"want": {_gh_path("apply-prod")},
	},
	"workflow job named Production": {
		"input": _gh({"apply": object.union(_ghjob("terraform apply -input=false tfplan"), {"name": "Apply to Production"})}),
		"want": {_gh_path("apply")},
	},
	"workflow chdir names prod": {
		"input": _gh({"infra": _ghjob("terraform -chdir=envs/prod apply -auto-approve")}),
		"want": {_gh_path("infra")},
	},
	"workflow terragrunt run-all": {
		"input": _gh({"prod": _ghjob("terragrunt run-all apply --auto-approve")}),
		"want": {_gh_path("prod")},
	},
	"workflow environment gates it": {
		"input": _gh({"apply-prod": object.union(_ghjob("terraform apply -auto-approve"), {"environment": "production"})}),
		"want": set(),
	},
	"workflow staging job": {
		"input": _gh({"apply-staging": _ghjob("terraform apply -auto-approve")}),
		"want": set(),
	},
	"workflow interactive apply": {
		"input": _gh({"apply-prod": _ghjob("terraform apply -var-file=prod.tfvars")}),
		"want": set(),
	},
	# GitLab CI
	"gitlab production environment": {
		"input": {"apply": {"stage": "deploy", "environment": {"name": "production"}, "script": ["terraform init", "terraform apply -auto-approve"]}},
		"want": {_v(["apply", "script", 1])},
	},
	"gitlab job name": {
		"input": {"apply:prod": {"script": ["terraform apply plan.cache"]}},
		"want": {_v(["apply:prod", "script", 0])},
	},
	"gitlab when manual": {
		"input": {"apply:prod": {"when": "manual", "environment": "production", "script": ["terraform apply -auto-approve"]}},
		"want": set(),
	},
	"gitlab rules when manual": {
		"input": {"apply:prod": {"rules": [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", "when": "manual"}], "script": ["terraform apply plan.cache"]}},
		"want": set(),
	},
	"gitlab hidden template extended by a manual job": {
		"input": {".apply": {"script": ["terraform apply -auto-approve"]}, "apply:prod": {"extends": ".apply", "when": "manual", "environment": "production"}},
		"want": set(),
	},
	"gitlab hidden template extended by an automatic job": {
		"input": {".apply": {"script": ["terraform apply -auto-approve"]}, "apply:prod": {"extends": [".apply"], "environment": "production"}},
		"want": {_v([".apply", "script", 0])},
	},
	"gitlab manual template": {
		"input": {".manual": {"when": "manual"}, "apply:prod": {"extends": ".manual", "script": ["terraform apply -auto-approve"]}},
		"want": set(),
	},
	"gitlab staging": {
		"input": {"apply:staging": {"environment": "staging", "script": ["terraform apply -auto-approve"]}},
		"want": set(),
	},
}

test_ci_cases[name] if {
	some name, c in ci_cases
	got := _got with input as c.input
	got == c.want
}

test_ci_production_pattern_setting if {
	doc := _gh({"apply-live": _ghjob("terraform apply -auto-approve")})
	_got with input as doc == set()
	got := _got with input as doc with data.rampart.config.production_pattern as `live`
	got == {_gh_path("apply-live")}
}

test_message_github if {
	some v in unreviewed_infrastructure_apply.deny with input as _gh({"apply-prod": _ghjob("terraform apply -auto-approve")})
	v.msg == "`terraform apply -auto-approve` applies infrastructure changes in production job \"apply-prod\" with -auto-approve, and the job has no environment:, so nobody reviews the plan; apply a saved plan in a job with environment: production and required reviewers"
}

test_message_gitlab if {
	some v in unreviewed_infrastructure_apply.deny with input as {"apply:prod": {"script": ["terraform apply plan.cache"]}}
	v.msg == "`terraform apply plan.cache` applies infrastructure changes in production job \"apply:prod\" from a saved plan and the job is not manual, so nobody reviews the plan; save the plan in an earlier job and apply it in a when: manual job"
}

test_message_buildspec if {
	some v in unreviewed_infrastructure_apply.deny with input as _bs(["terraform apply -auto-approve -var-file=prod.tfvars"])
	startswith(v.msg, "`terraform apply -auto-approve -var-file=prod.tfvars` applies a Terraform plan that this production build made itself, so nobody reviews it;")
}
