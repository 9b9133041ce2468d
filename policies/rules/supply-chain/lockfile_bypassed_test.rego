package rampart.rules["supply-chain"].lockfile_bypassed_test

import data.rampart.rules["supply-chain"].lockfile_bypassed as rule

_bs(cmds) := {"version": 0.2, "phases": {"install": {"commands": cmds}}}

_got := {v.path | some v in rule.deny}

_p(i) := ["phases", "install", "commands", i]

cases := {
	"npm install": {"input": _bs(["npm install"]), "want": {_p(0)}},
	"npm i with options": {"input": _bs(["npm i --no-audit --prefix app"]), "want": {_p(0)}},
	"npm install in a list": {"input": _bs(["cd app && npm install && npm run build"]), "want": {_p(0)}},
	"npm -g unpinned": {"input": _bs(["npm install -g aws-cdk"]), "want": {_p(0)}},
	"npm scoped @latest": {"input": _bs(["npm i -g @angular/cli@latest"]), "want": {_p(0)}},
	"yarn bare": {"input": _bs(["yarn"]), "want": {_p(0)}},
	"yarn install": {"input": _bs(["yarn install --cwd web"]), "want": {_p(0)}},
	"pnpm install": {"input": _bs(["pnpm install"]), "want": {_p(0)}},
	"pnpm i --no-frozen": {"input": _bs(["pnpm i --no-frozen-lockfile"]), "want": {_p(0)}},
	"pip unpinned": {"input": _bs(["pip install requests"]), "want": {_p(0)}},
	"pip range": {"input": _bs([`pip3 install "boto3>=1.34"`]), "want": {_p(0)}},
	"pip wildcard": {"input": _bs(["pip install django==4.*"]), "want": {_p(0)}},
	"python -m pip": {"input": _bs(["python3 -m pip install --user awscli"]), "want": {_p(0)}},
	"pip with requirements and an extra package": {"input": _bs(["pip install -r requirements.txt pytest"]), "want": {_p(0)}},
	"sudo pip": {"input": _bs(["sudo pip install ansible"]), "want": {_p(0)}},
	"pipx": {"input": _bs(["pipx install poetry"]), "want": {_p(0)}},
	"go install @latest": {"input": _bs(["go install golang.org/x/vuln/cmd/govulncheck@latest"]), "want": {_p(0)}},
	"go get @master": {"input": _bs(["go get github.com/acme/tool@master"]), "want": {_p(0)}},
	"github run block": {
		"input": {"on": "push", "jobs": {"b": {"steps": [{"run": "npm ci\npip install semgrep"}]}}},
		"want": {["jobs", "b", "steps", 0, "run"]},
	},
	"gitlab script": {"input": {"test": {"script": ["yarn", "yarn test"]}}, "want": {["test", "script", 0]}},
	# negatives
	"npm ci": {"input": _bs(["npm ci", "npm ci --omit dev"]), "want": set()},
	"npm pinned": {"input": _bs(["npm install -g aws-cdk@2.170.0 @angular/cli@18.2.1"]), "want": set()},
	"npm lockfile only": {"input": _bs(["npm install --package-lock-only"]), "want": set()},
	"npm run": {"input": _bs(["npm run install-deps", "npm test"]), "want": set()},
	"npm local tarball": {"input": _bs(["npm install ./dist/app-1.0.0.tgz"]), "want": set()},
	"yarn frozen": {"input": _bs(["yarn install --frozen-lockfile", "yarn --immutable", "yarn build", "yarn --version", "yarn -s lint"]), "want": set()},
	"pnpm frozen": {"input": _bs(["pnpm install --frozen-lockfile", "pnpm run build"]), "want": set()},
	"pip pinned": {"input": _bs(["pip install requests==2.32.3 'boto3[crt]==1.35.0'"]), "want": set()},
	"pip requirements": {"input": _bs(["pip install -r requirements.txt", "pip install --require-hashes -r requirements.lock"]), "want": set()},
	"pip constraints": {"input": _bs(["pip install -c constraints.txt requests"]), "want": set()},
	"pip local": {"input": _bs(["pip install .", "pip install -e .", "pip install dist/app-1.0-py3-none-any.whl"]), "want": set()},
	"pip upgrading pip": {"input": _bs(["python -m pip install --upgrade pip setuptools wheel"]), "want": set()},
	"go install pinned": {"input": _bs(["go install golang.org/x/vuln/cmd/govulncheck@v1.1.3", "go install ./cmd/app"]), "want": set()},
	"inside a string": {"input": _bs([`echo "run npm install first"`]), "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_npm_ci if {
	some v in rule.deny with input as _bs(["npm install"])
	v.msg == "`npm install` resolves dependencies again and may rewrite package-lock.json; use npm ci, which installs exactly what the lockfile pins"
}

test_message_pip if {
	some v in rule.deny with input as _bs(["pip install requests"])
	v.msg == "`pip install requests` installs requests without an exact version; pin it (requests==1.2.3) or install from a requirements file"
}

test_message_npm_package if {
	some v in rule.deny with input as _bs(["npm i -g @angular/cli@latest"])
	v.msg == "`npm i -g @angular/cli@latest` installs @angular/cli@latest without a version; pin it (@angular/cli@1.2.3) so a new release cannot change the build"
}

test_message_go if {
	some v in rule.deny with input as _bs(["go install golang.org/x/vuln/cmd/govulncheck@latest"])
	v.msg == "`go install golang.org/x/vuln/cmd/govulncheck@latest` installs golang.org/x/vuln/cmd/govulncheck@latest at @latest, whatever is newest when the build runs; pin a version (@v1.2.3)"
}

test_message_yarn if {
	some v in rule.deny with input as _bs(["yarn install"])
	v.msg == "`yarn install` may resolve new versions and rewrite yarn.lock; add --frozen-lockfile (Yarn 1) or --immutable (Yarn 2+)"
}
