package rampart.rules.secrets.shared_across_environments_test

import data.rampart.rules.secrets.shared_across_environments

_paths := {v.path | some v in shared_across_environments.deny}

cases := {
	"seed variables are clean": {
		"input": {"variables": {"stripe_key": "${{ secret(\"STRIPE_PUBLIC_KEY\") }}", "db_password": "${{ stage_secret(\"DB_PASSWORD\") }}"}},
		"want": set(),
	},
	"database password from the organization": {
		"input": {"variables": {"stripe_key": "${{ secret(\"STRIPE_PUBLIC_KEY\") }}", "db_password": "${{ secret(\"DB_PASSWORD\") }}"}},
		"want": {["variables", "db_password"]},
	},
	"organization.secrets and step params": {
		"input": {"pipeline": {"steps": [{"name": "Migrate", "type": "DEVRAMPS:SCRIPT:RUN", "params": {
			"env": {"URL": "${{ organization.secrets[\"DATABASE_URL\"] }}", "KEY": "${{ organization.secrets[\"SENTRY_KEY\"] }}"},
			"deploy_key": "${{ secret('PROD_DEPLOY_KEY') }}",
			"scoped": "${{ stage.secrets[\"DB_PASSWORD\"] }}",
		}}]}},
		"want": {["pipeline", "steps", 0, "params", "env", "URL"], ["pipeline", "steps", 0, "params", "deploy_key"]},
	},
	"github job without environment": {
		"input": {"on": "push", "jobs": {
			"migrate": {"runs-on": "ubuntu-24.04", "steps": [{"run": "make migrate", "env": {"DB_PASSWORD": "${{ secrets.DB_PASSWORD }}", "NPM_TOKEN": "${{ secrets.NPM_TOKEN }}"}}]},
			"deploy": {"runs-on": "ubuntu-24.04", "environment": "production", "steps": [{"run": "make deploy", "env": {"DB_PASSWORD": "${{ secrets.DB_PASSWORD }}"}}]},
			"call": {"uses": "acme/ci/.github/workflows/deploy.yml@0123456789abcdef0123456789abcdef01234567", "secrets": {"token": "${{ secrets.PROD_DEPLOY_TOKEN }}"}},
		}},
		"want": {["jobs", "migrate", "steps", 0, "env", "DB_PASSWORD"]},
	},
	"github job env and with, index form": {
		"input": {"on": "push", "jobs": {"d": {"env": {"K": "${{ secrets['PROD_API_KEY'] }}"}, "steps": [{"uses": "x/y@v1", "with": {"password": "${{ secrets.DATABASE_PASSWORD }}"}}]}}},
		"want": {["jobs", "d", "env", "K"], ["jobs", "d", "steps", 0, "with", "password"]},
	},
	"names that are not stage-specific": {
		"input": {"on": "push", "jobs": {"b": {"steps": [{"run": "x", "env": {"A": "${{ secrets.NPM_TOKEN }}", "B": "${{ secrets.DEBUG_TOKEN }}", "C": "${{ secrets.GITHUB_TOKEN }}"}}]}}},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _paths with input as c.input
	got == c.want
}

test_setting_overrides_the_pattern if {
	got := _paths with input as {"variables": {"a": "${{ secret(\"DB_PASSWORD\") }}", "b": "${{ secret(\"ACME_KEY\") }}"}}
		with data.rampart.config.stage_secret_pattern as `^ACME_`
	got == {["variables", "b"]}
}

test_message_devramps if {
	some v in shared_across_environments.deny with input as {"variables": {"db_password": "${{ secret(\"DB_PASSWORD\") }}"}}
	v.msg == "DB_PASSWORD is a stage-specific secret read from the organization scope, so every stage gets the same value; use ${{ stage_secret(\"DB_PASSWORD\") }} and set it per stage"
}

test_message_github if {
	some v in shared_across_environments.deny with input as {"on": "push", "jobs": {"m": {"steps": [{"run": "psql \"$URL\" -c '${{ secrets.DB_USER }}:${{ secrets.DB_PASSWORD }}'"}]}}}
	v.msg == "job m reads secrets.DB_PASSWORD, secrets.DB_USER without an environment:, so it gets a repository or organisation secret shared by every stage; store it as an environment secret and give the job environment:"
}
