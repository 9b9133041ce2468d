package rampart.rules.secrets.secret_echoed_test

import data.rampart.rules.secrets.secret_echoed as rule

_bs(cmds) := {"version": 0.2, "phases": {"build": {"commands": cmds}}}

_got := {v.path | some v in rule.deny}

_p(i) := ["phases", "build", "commands", i]

_seed := {"version": 0.2, "phases": {
	"pre_build": {"commands": [
		`echo "Retrieving database credentials..."`,
		"export DB_SECRET=$(aws secretsmanager get-secret-value --secret-id prod/database/password --query SecretString --output text)",
		"export DB_PASSWORD=$(echo $DB_SECRET | jq -r '.password')",
	]},
	"build": {"commands": [`echo "Running migration with retrieved credentials..."`, "./scripts/migrate.sh"]},
}}

cases := {
	"echo a secret-named variable": {"input": _bs([`echo "password is $DB_PASSWORD"`]), "want": {_p(0)}},
	"printf with braces": {"input": _bs([`printf '%s\n' "${API_KEY}"`]), "want": {_p(0)}},
	"echo through base64": {"input": _bs([`echo "$NPM_TOKEN" | base64`]), "want": {_p(0)}},
	"echo through tee": {"input": _bs([`echo $GITHUB_TOKEN | tee token.txt`]), "want": {_p(0)}},
	"bound from secrets manager": {
		"input": _bs(["CONN=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)", "echo $CONN"]),
		"want": {_p(1)},
	},
	"bound from ssm with decryption": {
		"input": _bs(["export SONAR=$(aws ssm get-parameter --name /ci/sonar --with-decryption --query Parameter.Value --output text)", "echo Using $SONAR"]),
		"want": {_p(1)},
	},
	"buildspec secrets-manager variable": {
		"input": {"version": 0.2, "env": {"secrets-manager": {"DB_CONN": "prod/db:conn"}}, "phases": {"build": {"commands": ["echo $DB_CONN"]}}},
		"want": {_p(0)},
	},
	"buildspec parameter-store variable": {
		"input": {"version": 0.2, "env": {"parameter-store": {"SLACK_HOOK": "/ci/slack"}}, "phases": {"build": {"commands": ["echo ${SLACK_HOOK}"]}}},
		"want": {_p(0)},
	},
	"cat here-string": {"input": _bs([`cat <<< "$DEPLOY_KEY_PASSPHRASE"`]), "want": {_p(0)}},
	"printenv of a secret": {"input": _bs(["printenv AWS_SECRET_ACCESS_KEY"]), "want": {_p(0)}},
	"printenv": {"input": _bs(["printenv"]), "want": {_p(0)}},
	"env piped to sort": {"input": _bs(["env | sort"]), "want": {_p(0)}},
	"env piped to grep": {"input": _bs(["env | grep AWS_"]), "want": {_p(0)}},
	"export -p": {"input": _bs(["export -p"]), "want": {_p(0)}},
	"declare -p": {"input": _bs(["declare -p"]), "want": {_p(0)}},
	"bare set": {"input": _bs(["set"]), "want": {_p(0)}},
	"set -x": {"input": _bs(["set -euxo pipefail"]), "want": {_p(0)}},
	"set -o xtrace": {"input": _bs(["set -o xtrace"]), "want": {_p(0)}},
	"bash -x": {"input": _bs(["bash -x ./deploy.sh"]), "want": {_p(0)}},
	"github env from a secret": {
		"input": {"on": "push", "jobs": {"d": {"steps": [{"run": "echo \"deploying with $CONN\"\n./deploy.sh", "env": {"CONN": "${{ secrets.PROD_DB }}"}}]}}},
		"want": {["jobs", "d", "steps", 0, "run"]},
	},
	"gitlab job token": {"input": {"build": {"script": [`echo "$CI_JOB_TOKEN"`]}}, "want": {["build", "script", 0]}},
	"github secret expression": {
		"input": {"on": "push", "jobs": {"d": {"steps": [{"run": "echo \"key=${{ secrets.API_KEY }}\""}]}}},
		"want": {["jobs", "d", "steps", 0, "run"]},
	},
	# negatives
	"github secret expression into a command": {
		"input": {"on": "push", "jobs": {"d": {"steps": [{"run": "echo \"${{ secrets.NPM_TOKEN }}\" | npm login --stdin"}]}}},
		"want": set(),
	},
	"the seed buildspec": {"input": _seed, "want": set()},
	"piped into docker login": {"input": _bs([`echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.com`]), "want": set()},
	"written to a file": {"input": _bs([`printf '%s' "$AWS_ID_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"`, `echo "$SSH_PRIVATE_KEY" | base64 -d > ~/.ssh/id_ed25519`]), "want": set()},
	"appended to GITHUB_ENV": {"input": _bs([`echo "TOKEN=$TOKEN" >> "$GITHUB_ENV"`]), "want": set()},
	"github add-mask": {"input": _bs([`echo "::add-mask::$DB_PASSWORD"`]), "want": set()},
	"single quotes": {"input": _bs([`echo 'set $API_TOKEN in the settings'`]), "want": set()},
	"not a secret name": {"input": _bs(["echo $IMAGE_TAG $AWS_ACCESS_KEY_ID $TOKEN_FILE"]), "want": set()},
	"length only": {"input": _bs([`echo "token has ${#GITHUB_TOKEN} characters"`]), "want": set()},
	"env running a command": {"input": _bs(["env NODE_ENV=production npm run build", "env > build-env.txt", "env | grep -q CI"]), "want": set()},
	"set +x and set -e": {"input": _bs(["set -e", "set +x", "set -o pipefail"]), "want": set()},
	"bash script with -x argument": {"input": _bs(["bash ./run.sh -x"]), "want": set()},
	"ssm without decryption": {"input": _bs(["REGION=$(aws ssm get-parameter --name /ci/region --query Parameter.Value --output text)", "echo $REGION"]), "want": set()},
	"export of a secret is not printing": {"input": _bs(["export DB_PASSWORD"]), "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_names_variable_and_source if {
	some v in rule.deny with input as _bs(["CONN=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)", "echo $CONN"])
	v.msg == "`echo $CONN` prints $CONN to the job log, and it is bound from a secret store; do not print it, pass it to the command that needs it"
}

test_message_dump if {
	some v in rule.deny with input as _bs(["printenv | sort"])
	v.msg == "`printenv` prints every environment variable, secrets included, to the job log; print only the values you need"
}

test_message_trace if {
	some v in rule.deny with input as _bs(["set -ex"])
	v.msg == "`set -ex` turns on shell tracing (xtrace), so every secret a command uses is printed to the job log; remove it from jobs that hold secrets"
}

test_message_masks_literal if {
	some v in rule.deny with input as _bs(["echo $API_KEY ghp_abcdefghijklmnopqrstuvwxyz0123456789"])
	contains(v.msg, "ghp_********************************6789")
}

test_message_github_expression if {
	some v in rule.deny with input as {"on": "push", "jobs": {"d": {"steps": [{"run": "echo ${{ secrets.API_KEY }}"}]}}}
	v.msg == "`echo ${{ secrets.API_KEY }}` prints secrets.API_KEY to the job log, where only GitHub's exact-match masking stands between it and every reader; do not print secrets"
}
