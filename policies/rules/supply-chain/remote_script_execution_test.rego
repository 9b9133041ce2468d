package rampart.rules["supply-chain"].remote_script_execution_test

import data.rampart.rules["supply-chain"].remote_script_execution as rule

_bs(cmds) := {"version": 0.2, "phases": {"install": {"commands": cmds}}}

_gh(run) := {"on": "push", "jobs": {"build": {"runs-on": "ubuntu-24.04", "steps": [{"uses": "actions/checkout@v4"}, {"run": run}]}}}

_gl(script) := {"build": {"script": script}}

_got := {v.path | some v in rule.deny}

_bs_path(i) := ["phases", "install", "commands", i]

_gh_path := ["jobs", "build", "steps", 1, "run"]

cases := {
	"curl | sh": {"input": _bs(["curl -fsSL https://get.docker.com | sh"]), "want": {_bs_path(0)}},
	"curl | sudo bash": {"input": _bs(["npm ci", "curl -sL https://deb.nodesource.com/setup_20.x | sudo -E bash -"]), "want": {_bs_path(1)}},
	"wget -qO- | sh": {"input": _bs(["wget -qO- https://x.example/install.sh | sh"]), "want": {_bs_path(0)}},
	"wget -O - | bash -s -- args": {"input": _bs(["wget -q -O - https://x.example/i.sh | bash -s -- --version 1.2"]), "want": {_bs_path(0)}},
	"bash <(curl)": {"input": _bs(["bash <(curl -s https://x.example/i.sh)"]), "want": {_bs_path(0)}},
	"sh -c $(curl)": {"input": _bs([`/bin/bash -c "$(curl -fsSL https://raw.githubusercontent.com/Homebrew/install/HEAD/install.sh)"`]), "want": {_bs_path(0)}},
	"eval $(curl)": {"input": _bs([`eval "$(curl -fsSL https://x.example/env)"`]), "want": {_bs_path(0)}},
	"source <(curl)": {"input": _bs(["source <(curl -s https://x.example/lib.sh)"]), "want": {_bs_path(0)}},
	"curl | tee | sh": {"input": _bs(["curl -s https://x.example/i.sh | tee i.sh | sh"]), "want": {_bs_path(0)}},
	"python from stdin": {"input": _bs(["curl -sSL https://install.python-poetry.org | python3 -"]), "want": {_bs_path(0)}},
	"curl | sh in finally": {"input": {"version": 0.2, "phases": {"build": {"commands": ["make"], "finally": ["curl https://x.example/report.sh | sh"]}}}, "want": {["phases", "build", "finally", 0]}},
	"multi-line run with continuation": {"input": _gh("set -e\ncurl -fsSL \\\n  https://x.example/i.sh |\n  bash\nmake"), "want": {_gh_path}},
	"composite action": {"input": {"runs": {"using": "composite", "steps": [{"run": "curl -L https://x.example/i | bash", "shell": "bash"}]}}, "want": {["runs", "steps", 0, "run"]}},
	"iex (iwr)": {"input": _gh("iex (iwr https://x.example/install.ps1 -UseBasicParsing).Content"), "want": {_gh_path}},
	"irm | iex": {"input": _gh("irm https://x.example/install.ps1 | iex"), "want": {_gh_path}},
	"WebClient DownloadString": {"input": _gh("iex ((New-Object System.Net.WebClient).DownloadString('https://x.example/i.ps1'))"), "want": {_gh_path}},
	"gitlab list": {"input": _gl(["apk add curl", "curl -sSfL https://x.example/i.sh | sh -s -- -b /usr/local/bin"]), "want": {["build", "script", 1]}},
	"gitlab string script": {"input": _gl("curl https://x.example/i.sh | bash"), "want": {["build", "script"]}},
	"gitlab nested list": {"input": _gl([["curl https://x.example/i.sh | bash"], "make"]), "want": {["build", "script", 0, 0]}},
	"gitlab default before_script": {"input": {"default": {"before_script": ["curl -s https://x.example/i | sh"]}, "build": {"script": ["make"]}}, "want": {["default", "before_script", 0]}},
	"gitlab hidden job": {"input": {".setup": {"before_script": ["wget -O- https://x.example/i | sh"]}, "build": {"extends": ".setup", "script": ["make"]}}, "want": {[".setup", "before_script", 0]}},
	# negatives
	"curl -o then checksum": {"input": _bs(["curl -fsSLo install.sh https://x.example/i.sh", "echo \"$SHA  install.sh\" | sha256sum -c -", "sh install.sh"]), "want": set()},
	"curl | jq": {"input": _bs(["curl -s https://api.example.com/v | jq -r .tag"]), "want": set()},
	"curl | python -c": {"input": _bs([`curl -s https://api.example.com/v | python3 -c 'import json,sys; print(json.load(sys.stdin)["v"])'`]), "want": set()},
	"curl | sh -c with its own program": {"input": _bs([`curl -s https://x.example/list | sh -c 'wc -l'`]), "want": set()},
	"curl | bash script file": {"input": _bs(["curl -s https://x.example/data | bash ./consume.sh"]), "want": set()},
	"wget to a file": {"input": _bs(["wget https://x.example/i.sh | sh"]), "want": set()},
	"quoted pipe": {"input": _bs([`echo "curl https://x | sh" > README.txt`]), "want": set()},
	"comment": {"input": _gh("make # never: curl https://x | sh"), "want": set()},
	"heredoc body": {"input": _gh("cat <<EOF > docs.md\ncurl https://x.example/i.sh | sh\nEOF\nmake"), "want": set()},
	"sh -c with download as argument value": {"input": _bs([`sh ./deploy.sh "$(curl -s https://api.example.com/version)"`]), "want": set()},
	"curl output redirected": {"input": _bs(["curl -s https://x.example/i.sh > i.sh | sh"]), "want": set()},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_quotes_pipeline if {
	some v in rule.deny with input as _bs(["curl -fsSL https://get.docker.com | sudo sh"])
	v.msg == "`curl -fsSL https://get.docker.com | sudo sh` pipes a downloaded script into sh, which runs whatever the server returns; download it to a file, verify a pinned checksum or signature, then run it"
}

test_message_substitution if {
	some v in rule.deny with input as _bs([`sh -c "$(curl -fsSL https://x.example/i.sh)"`])
	v.msg == "`sh -c \"$(curl -fsSL https://x.example/i.sh)\"` runs a downloaded script (`curl -fsSL https://x.example/i.sh`) with sh; download it to a file, verify a pinned checksum or signature, then run it"
}

test_message_masks_url_password if {
	some v in rule.deny with input as _bs(["curl -s https://deploy:hunter2hunter2@x.example/i.sh | bash"])
	contains(v.msg, "https://deploy:hunt**********@x.example/i.sh")
	not contains(v.msg, "hunter2hunter2")
}
