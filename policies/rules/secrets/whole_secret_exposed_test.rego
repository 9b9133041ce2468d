package rampart.rules.secrets.whole_secret_exposed_test

import data.rampart.rules.secrets.whole_secret_exposed as rule

_bs(cmds) := {"version": 0.2, "phases": {"build": {"commands": cmds}}}

_got := {v.path | some v in rule.deny}

_p(i) := ["phases", "build", "commands", i]

_fetch := "export DB_SECRET=$(aws secretsmanager get-secret-value --secret-id prod/database/password --query SecretString --output text)"

_extract := "export DB_PASSWORD=$(echo $DB_SECRET | jq -r '.password')"

_seed := {"version": 0.2, "phases": {
	"pre_build": {"commands": [
		`echo "Retrieving database credentials..."`,
		_fetch,
		"export DB_PASSWORD=$(echo $DB_SECRET | jq -r '.password')",
	]},
	"build": {"commands": [`echo "Running migration with retrieved credentials..."`, "./scripts/migrate.sh"]},
}}

cases := {
	"response printed": {"input": _bs(["aws secretsmanager get-secret-value --secret-id prod/db"]), "want": {_p(0)}},
	"response to a file": {"input": _bs(["aws secretsmanager get-secret-value --secret-id prod/db > secret.json"]), "want": {_p(0)}},
	"response through jq .": {"input": _bs(["aws secretsmanager get-secret-value --secret-id prod/db | jq ."]), "want": {_p(0)}},
	"response through tee": {"input": _bs(["aws secretsmanager get-secret-value --secret-id prod/db | tee /tmp/s.json"]), "want": {_p(0)}},
	"ssm response printed": {"input": _bs(["aws ssm get-parameter --name /ci/key --with-decryption"]), "want": {_p(0)}},
	"whole variable to a script": {"input": _bs([_fetch, _extract, `./scripts/migrate.sh "$DB_SECRET"`]), "want": {_p(2)}},
	"whole variable without query": {"input": _bs(["S=$(aws secretsmanager get-secret-value --secret-id prod/db)", `curl -d "$S" https://config.internal/load`]), "want": {_p(1)}},
	"whole variable to a file": {"input": _bs([_fetch, _extract, `echo "$DB_SECRET" > db.json`]), "want": {_p(2)}},
	"whole variable here-string to a file": {"input": _bs([_fetch, _extract, `cat <<< "$DB_SECRET" > db.json`]), "want": {_p(2)}},
	"whole variable piped to another tool": {"input": _bs([_fetch, _extract, `echo "$DB_SECRET" | docker secret create db -`]), "want": {_p(2)}},
	"whole variable in docker run": {"input": _bs([_fetch, _extract, `docker run -e DB="$DB_SECRET" app:1 migrate`]), "want": {_p(2)}},
	"env secrets-manager without key": {
		"input": {"version": 0.2, "env": {"secrets-manager": {"DB": "prod/database"}}, "phases": {"build": {"commands": [`./migrate.sh --config "$DB"`, `jq -r .host <<< "$DB"`]}}},
		"want": {_p(0)},
	},
	"env secrets-manager ARN without key": {
		"input": {"version": 0.2, "env": {"secrets-manager": {"DB": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"}}, "phases": {"build": {"commands": [`./migrate.sh "$DB"`, `export H=$(echo "$DB" | jq -r .host)`]}}},
		"want": {_p(0)},
	},
	"gitlab": {"input": {"migrate": {"script": [_fetch, _extract, `python manage.py migrate --db "$DB_SECRET"`]}}, "want": {["migrate", "script", 2]}},
	"gitlab jobs are separate scopes": {"input": {"a": {"script": [_fetch, _extract]}, "b": {"script": [_fetch, `./use.sh "$DB_SECRET"`]}}, "want": set()},
	# negatives
	"the seed buildspec": {"input": _seed, "want": set()},
	"query narrows the response": {"input": _bs(["aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text | jq -r .password"]), "want": set()},
	"jq field of the response": {"input": _bs(["aws secretsmanager get-secret-value --secret-id prod/db | jq -r '.SecretString | fromjson | .password' > pw"]), "want": set()},
	"response captured": {"input": _bs(["S=$(aws secretsmanager get-secret-value --secret-id prod/db)"]), "want": set()},
	"field bound": {"input": _bs(["PW=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text | jq -r .password)", `./migrate.sh "$PW"`]), "want": set()},
	"jq with argjson": {"input": _bs([_fetch, `jq -n --argjson s "$DB_SECRET" '$s.password'`]), "want": set()},
	"plain SecretString passed on": {"input": _bs(["export NPM_TOKEN=$(aws secretsmanager get-secret-value --secret-id ci/npm --query SecretString --output text)", `npm config set //registry.npmjs.org/:_authToken "$NPM_TOKEN"`]), "want": set()},
	"plain env secrets-manager secret passed on": {
		"input": {"version": 0.2, "env": {"secrets-manager": {"SONAR_TOKEN": "ci/sonar-token"}}, "phases": {"build": {"commands": [`sonar-scanner -Dsonar.token="$SONAR_TOKEN"`]}}},
		"want": set(),
	},
	"emptiness test": {"input": _bs([_fetch, `[ -n "$DB_SECRET" ] || exit 1`]), "want": set()},
	"copy": {"input": _bs([_fetch, `COPY=$(echo "$DB_SECRET")`, "export COPY2=$DB_SECRET"]), "want": set()},
	"printed is secret-echoed's": {"input": _bs([_fetch, `echo "$DB_SECRET"`]), "want": set()},
	"env secrets-manager with key": {
		"input": {"version": 0.2, "env": {"secrets-manager": {"DB_PASSWORD": "prod/database:password", "K": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:key::"}}, "phases": {"build": {"commands": [`./migrate.sh "$DB_PASSWORD" "$K"`]}}},
		"want": set(),
	},
	"ssm with query": {"input": _bs(["aws ssm get-parameter --name /ci/key --with-decryption --query Parameter.Value --output text > key"]), "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_response if {
	some v in rule.deny with input as _bs(["aws secretsmanager get-secret-value --secret-id prod/db > secret.json"])
	v.msg == "`aws secretsmanager get-secret-value --secret-id prod/db > secret.json` writes to a file the whole secret response (every field, with its ARN and versions); add --query SecretString --output text and extract the field the job needs with jq -r '.field'"
}

test_message_variable if {
	some v in rule.deny with input as _bs([_fetch, _extract, `./scripts/migrate.sh "$DB_SECRET"`])
	v.msg == "`./scripts/migrate.sh \"$DB_SECRET\"` passes the whole secret in $DB_SECRET (fetched with --secret-id prod/database/password) to migrate.sh; extract the field it needs (jq -r '.field') and pass only that"
}

test_message_env if {
	some v in rule.deny with input as {"version": 0.2, "env": {"secrets-manager": {"DB": "prod/database"}}, "phases": {"build": {"commands": [`echo "$DB" > db.json`, `echo "$DB" | jq -r .host`]}}}
	v.msg == "`echo \"$DB\" > db.json` passes the whole secret in $DB (env.secrets-manager prod/database without a JSON key) to a file; extract the field it needs (jq -r '.field') and pass only that"
}
