package rampart.rules.pipeline.no_production_approval_test

import data.rampart.rules.pipeline.no_production_approval

_got := {v.path | some v in no_production_approval.deny}

_action(name, category, run_order) := {
	"name": name,
	"actionTypeId": {"category": category, "owner": "AWS", "provider": _provider[category], "version": "1"},
	"runOrder": run_order,
}

_provider := {"Source": "CodeCommit", "Build": "CodeBuild", "Test": "CodeBuild", "Deploy": "ECS", "Approval": "Manual", "Invoke": "Lambda"}

_source := {"name": "Source", "actions": [_action("Source", "Source", 1)]}

_staging := {"name": "Staging", "actions": [_action("Deploy", "Deploy", 1)]}

_step(name, type) := {"name": name, "type": type, "params": {}}

_devramps(stages, steps) := {"version": "1.0.0", "pipeline": {
	"cloud_provider": "AWS",
	"pipeline_updates_require_approval": "ALWAYS",
	"stages": stages,
	"steps": steps,
	"artifacts": {},
}}

_stages := [{"name": "staging", "account_id": "111111111111", "region": "us-east-1"}, {"name": "production", "account_id": "222222222222", "region": "us-east-1"}]

cases := {
	# AWS CodePipeline JSON
	"get-pipeline output: production deploys without approval": {
		"input": {"pipeline": {"name": "app", "stages": [_source, _staging, {"name": "Production", "actions": [_action("Deploy", "Deploy", 1)]}]}},
		"want": {["pipeline", "stages", 2, "name"]},
	},
	"bare pipeline": {
		"input": {"name": "app", "stages": [_source, {"name": "prod-us-east-1", "actions": [_action("Deploy", "Deploy", 1)]}]},
		"want": {["stages", 1, "name"]},
	},
	"approval in the same run order runs in parallel, not before": {
		"input": {"pipeline": {"name": "app", "stages": [_source, {"name": "Prod", "actions": [_action("Approve", "Approval", 1), _action("Deploy", "Deploy", 1)]}]}},
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"approval after the deploy": {
		"input": {"pipeline": {"name": "app", "stages": [_source, {"name": "Production", "actions": [_action("Deploy", "Deploy", 1), _action("Approve", "Approval", 2)]}]}},
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"approval in a later stage does not count": {
		"input": {"pipeline": {"name": "app", "stages": [_source, {"name": "Production", "actions": [_action("Deploy", "Deploy", 1)]}, {"name": "Signoff", "actions": [_action("Approve", "Approval", 1)]}]}},
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"two production stages, only the second gated": {
		"input": {"pipeline": {"name": "app", "stages": [
			_source,
			{"name": "Prod-EU", "actions": [_action("Deploy", "Deploy", 1)]},
			{"name": "Approve-US", "actions": [_action("Approve", "Approval", 1)]},
			{"name": "Prod-US", "actions": [_action("Deploy", "Deploy", 1)]},
		]}},
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"approval before the deploy in the production stage": {
		"input": {"pipeline": {"name": "app", "stages": [_source, _staging, {"name": "Production", "actions": [_action("Approve", "Approval", 1), _action("Deploy", "Deploy", 2)]}]}},
		"want": set(),
	},
	"approval stage before production": {
		"input": {"pipeline": {"name": "app", "stages": [_source, _staging, {"name": "Approve", "actions": [_action("Approve", "Approval", 1)]}, {"name": "Production", "actions": [_action("Deploy", "Deploy", 1)]}]}},
		"want": set(),
	},
	"a production stage that does not deploy": {
		"input": {"pipeline": {"name": "app", "stages": [_source, {"name": "ProdSmokeTests", "actions": [_action("Smoke", "Test", 1)]}]}},
		"want": set(),
	},
	"no production stage": {
		"input": {"pipeline": {"name": "app", "stages": [_source, _staging]}},
		"want": set(),
	},
	"runOrder absent means 1": {
		"input": {"pipeline": {"name": "app", "stages": [_source, {"name": "Production", "actions": [
			{"name": "Approve", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}},
			{"name": "Deploy", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1"}, "runOrder": 2},
		]}]}},
		"want": set(),
	},
	# CloudFormation
	"CloudFormation pipeline": {
		"input": {"Resources": {"Pipeline": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Stages": [
			{"Name": "Source", "Actions": [{"Name": "Source", "ActionTypeId": {"Category": "Source", "Owner": "AWS", "Provider": "S3", "Version": "1"}}]},
			{"Name": "Production", "Actions": [{"Name": "Deploy", "ActionTypeId": {"Category": "Deploy", "Owner": "AWS", "Provider": "CloudFormation", "Version": "1"}, "RunOrder": "1"}]},
		]}}}},
		"want": {["Resources", "Pipeline", "Properties", "Stages", 1, "Name"]},
	},
	"CloudFormation pipeline with an approval (RunOrder as a string)": {
		"input": {"Resources": {"Pipeline": {"Type": "AWS::CodePipeline::Pipeline", "Properties": {"Stages": [
			{"Name": "Production", "Actions": [
				{"Name": "Approve", "ActionTypeId": {"Category": "Approval", "Owner": "AWS", "Provider": "Manual", "Version": "1"}, "RunOrder": "1"},
				{"Name": "Deploy", "ActionTypeId": {"Category": "Deploy", "Owner": "AWS", "Provider": "CloudFormation", "Version": "1"}, "RunOrder": "2"},
			]},
		]}}}},
		"want": set(),
	},
	# Terraform
	"Terraform pipeline": {
		"input": {"resource": {"aws_codepipeline": {"app": {"name": "app", "stage": [
			{"name": "Source", "action": [{"name": "Source", "category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": "1"}]},
			{"name": "Production", "action": [{"name": "Deploy", "category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1"}]},
		]}}}},
		"want": {["resource", "aws_codepipeline", "app", "stage", 1, "name"]},
	},
	"Terraform pipeline with an approval stage": {
		"input": {"resource": {"aws_codepipeline": {"app": {"name": "app", "stage": [
			{"name": "Approve", "action": [{"name": "Approve", "category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}]},
			{"name": "Production", "action": [{"name": "Deploy", "category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1"}]},
		]}}}},
		"want": set(),
	},
	# DevRamps
	"DevRamps with no approval step": {
		"input": _devramps(_stages, [_step("Deploy API", "DEVRAMPS:ECS:DEPLOY"), _step("Integration Tests", "DEVRAMPS:APPROVAL:TEST")]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps bake skipped in staging": {
		"input": _devramps(
			[object.union(_stages[0], {"skip": ["bake"]}), _stages[1]],
			[_step("Deploy API", "DEVRAMPS:ECS:DEPLOY"), object.union(_step("Bake Period", "DEVRAMPS:APPROVAL:BAKE"), {"id": "bake"})],
		),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps production as the only stage, bake after deploy": {
		"input": _devramps([_stages[1]], [_step("Deploy API", "DEVRAMPS:ECS:DEPLOY"), _step("Bake Period", "DEVRAMPS:APPROVAL:BAKE")]),
		"want": {["pipeline", "stages", 0, "name"]},
	},
	"DevRamps goes_after lets a step start before the gate": {
		"input": _devramps([_stages[1]], [
			object.union(_step("Synthesize Infrastructure", "DEVRAMPS:TERRAFORM:SYNTHESIZE"), {"id": "infra"}),
			_step("Bake Period", "DEVRAMPS:APPROVAL:BAKE"),
			object.union(_step("Deploy API", "DEVRAMPS:ECS:DEPLOY"), {"goes_after": ["infra"]}),
		]),
		"want": {["pipeline", "stages", 0, "name"]},
	},
	"DevRamps bake runs in staging before production": {
		"input": _devramps(_stages, [_step("Deploy API", "DEVRAMPS:ECS:DEPLOY"), _step("Bake Period", "DEVRAMPS:APPROVAL:BAKE")]),
		"want": set(),
	},
	"DevRamps production only, gate first": {
		"input": _devramps([_stages[1]], [_step("Hold", "DEVRAMPS:APPROVAL:BAKE"), _step("Deploy API", "DEVRAMPS:ECS:DEPLOY")]),
		"want": set(),
	},
	"DevRamps production only, the gate listed in goes_after": {
		"input": _devramps([_stages[1]], [
			object.union(_step("Hold", "DEVRAMPS:APPROVAL:BAKE"), {"id": "hold"}),
			_step("Unrelated", "DEVRAMPS:APPROVAL:TEST"),
			object.union(_step("Deploy API", "DEVRAMPS:ECS:DEPLOY"), {"goes_after": ["hold"]}),
		]),
		"want": set(),
	},
	"DevRamps Terraform that always asks for approval needs no gate": {
		"input": _devramps(_stages, [{"name": "Infra", "type": "DEVRAMPS:TERRAFORM:SYNTHESIZE", "params": {"requires_approval": "ALWAYS", "source": "/infra"}}]),
		"want": set(),
	},
	"DevRamps Terraform with destructive-only review is not a gate": {
		"input": _devramps(_stages, [{"name": "Infra", "type": "DEVRAMPS:TERRAFORM:SYNTHESIZE", "params": {"requires_approval": "DESTRUCTIVE_CHANGES_ONLY", "source": "/infra"}}]),
		"want": {["pipeline", "stages", 1, "name"]},
	},
	"DevRamps stage with no production name": {
		"input": _devramps([{"name": "staging"}], [_step("Deploy API", "DEVRAMPS:ECS:DEPLOY")]),
		"want": set(),
	},
	"DevRamps variables file": {
		"input": {"variables": {"db_password": "${{ stage_secret(\"DB_PASSWORD\") }}"}},
		"want": set(),
	},
	"DevRamps step list fragment": {
		"input": [_step("Deploy API", "DEVRAMPS:ECS:DEPLOY")],
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_production_pattern_setting if {
	doc := {"pipeline": {"name": "app", "stages": [_source, {"name": "Live", "actions": [_action("Deploy", "Deploy", 1)]}]}}
	_got with input as doc == set()
	got := _got with input as doc with data.rampart.config.production_pattern as `^(Live|Prod)$`
	got == {["pipeline", "stages", 1, "name"]}
}

test_message_codepipeline if {
	some v in no_production_approval.deny with input as {"pipeline": {"name": "my-app", "stages": [_source, {"name": "Production", "actions": [_action("Deploy", "Deploy", 1)]}]}}
	v.msg == `stage "Production" of pipeline my-app deploys to production with no manual approval before it; add an Approval action (provider Manual) before the Deploy action or in an earlier stage`
}

test_message_devramps if {
	some v in no_production_approval.deny with input as _devramps(_stages, [_step("Synthesize Infrastructure", "DEVRAMPS:TERRAFORM:SYNTHESIZE"), _step("Deploy API", "DEVRAMPS:ECS:DEPLOY")])
	v.msg == `stage "production" runs step "Synthesize Infrastructure" in production with no approval step before it; add an approval step (DEVRAMPS:APPROVAL:BAKE) that runs in the stage before "production"`
}

# ---- GitHub Actions ----

_gh(jobs) := {"on": {"push": {"branches": ["main"]}}, "jobs": jobs}

_ghjob(steps) := {"runs-on": "ubuntu-24.04", "steps": steps}

_ecs_deploy := {"uses": "aws-actions/amazon-ecs-deploy-task-definition@v2", "with": {"task-definition": "td.json", "service": "api", "cluster": "prod"}}

gh_cases := {
	"job id deploy-prod runs terraform apply": {
		"input": _gh({"deploy-prod": _ghjob([{"run": "terraform init\nterraform apply -auto-approve"}])}),
		"want": {["jobs", "deploy-prod"]},
	},
	"job name Production uses the ECS deploy action": {
		"input": _gh({"release": object.union(_ghjob([_ecs_deploy]), {"name": "Deploy to Production"})}),
		"want": {["jobs", "release"]},
	},
	"npx cdk deploy": {
		"input": _gh({"prod": _ghjob([{"run": "npx cdk deploy --all --require-approval never"}])}),
		"want": {["jobs", "prod"]},
	},
	"kubectl apply": {
		"input": _gh({"deploy_production": _ghjob([{"run": "kubectl apply -f k8s/"}])}),
		"want": {["jobs", "deploy_production"]},
	},
	"aws cloudformation deploy": {
		"input": _gh({"production": _ghjob([{"run": "aws cloudformation deploy --template-file t.yml --stack-name app"}])}),
		"want": {["jobs", "production"]},
	},
	"serverless deploy": {
		"input": _gh({"prod": _ghjob([{"run": "serverless deploy --stage prod"}])}),
		"want": {["jobs", "prod"]},
	},
	"environment null is no environment": {
		"input": _gh({"prod": object.union(_ghjob([{"run": "sam deploy"}]), {"environment": null})}),
		"want": {["jobs", "prod"]},
	},
	# negatives
	"environment string": {
		"input": _gh({"deploy-prod": object.union(_ghjob([_ecs_deploy]), {"environment": "production"})}),
		"want": set(),
	},
	"environment object": {
		"input": _gh({"deploy-prod": object.union(_ghjob([{"run": "terraform apply tfplan"}]), {"environment": {"name": "production", "url": "https://example.com"}})}),
		"want": set(),
	},
	"production job that does not deploy": {
		"input": _gh({"prod-smoke-test": _ghjob([{"run": "curl -fsS https://example.com/health"}])}),
		"want": set(),
	},
	"terraform plan only": {
		"input": _gh({"plan-prod": _ghjob([{"run": "terraform plan -out tfplan"}])}),
		"want": set(),
	},
	"kubectl rollout status only": {
		"input": _gh({"verify-prod": _ghjob([{"run": "kubectl rollout status deployment/web"}])}),
		"want": set(),
	},
	"staging job": {
		"input": _gh({"deploy-staging": _ghjob([_ecs_deploy])}),
		"want": set(),
	},
	"deploy command in another job": {
		"input": _gh({"staging": _ghjob([{"run": "cdk deploy"}]), "prod-notify": _ghjob([{"run": "echo cdk deploy done"}])}),
		"want": set(),
	},
}

test_gh_cases[name] if {
	some name, c in gh_cases
	got := _got with input as c.input
	got == c.want
}

test_gh_key_violation if {
	some v in no_production_approval.deny with input as _gh({"deploy-prod": _ghjob([_ecs_deploy])})
	v.key == true
}

test_gh_production_pattern_setting if {
	doc := _gh({"live": _ghjob([_ecs_deploy])})
	_got with input as doc == set()
	got := _got with input as doc with data.rampart.config.production_pattern as `^live$`
	got == {["jobs", "live"]}
}

test_message_github if {
	some v in no_production_approval.deny with input as _gh({"deploy-prod": _ghjob([{"run": "terraform apply -auto-approve"}])})
	v.msg == "job \"deploy-prod\" deploys to production (`terraform apply -auto-approve`) with no environment:, so no reviewer approves it; add environment: production and configure required reviewers on that environment"
}
