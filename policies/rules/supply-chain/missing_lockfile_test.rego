package rampart.rules["supply-chain"].missing_lockfile_test

import data.rampart.rules["supply-chain"].missing_lockfile

f(p, deps, tool) := {"path": p, "dir": _dir(p), "name": _base(p), "dependencies": deps, "tool": tool}

_dir(p) := d if {
	parts := split(p, "/")
	count(parts) > 1
	d := concat("/", array.slice(parts, 0, count(parts) - 1))
} else := "."

_base(p) := b if {
	parts := split(p, "/")
	b := parts[count(parts) - 1]
}

test_cases if {
	cases := [
		# [files, expected paths of findings]
		[[f("package.json", true, "npm")], {"package.json"}],
		[[f("package.json", true, "npm"), f("package-lock.json", true, "")], set()],
		[[f("package.json", true, "npm"), f("yarn.lock", true, "")], set()],
		[[f("package.json", false, "npm")], set()],
		[[f("web/package.json", true, "npm"), f("pnpm-lock.yaml", true, "")], set()],
		[[f("web/package.json", true, "npm"), f("api/package-lock.json", true, "")], {"web/package.json"}],
		[[f("webapp/package.json", true, "npm"), f("web/yarn.lock", true, "")], {"webapp/package.json"}],
		[[f("pyproject.toml", true, "poetry")], {"pyproject.toml"}],
		[[f("pyproject.toml", true, "poetry"), f("poetry.lock", true, "")], set()],
		[[f("pyproject.toml", true, "")], set()],
		[[f("svc/Pipfile", true, "pipenv")], {"svc/Pipfile"}],
		[[f("svc/Pipfile", true, "pipenv"), f("svc/Pipfile.lock", true, "")], set()],
		[[f("go.mod", true, "go")], {"go.mod"}],
		[[f("go.mod", false, "go")], set()],
		[[f("go.mod", true, "go"), f("go.sum", true, "")], set()],
		[[f("sub/go.mod", true, "go"), f("go.sum", true, "")], {"sub/go.mod"}],
	]
	every c in cases {
		got := {input.files[v.path[1]].path | some v in missing_lockfile.deny with input as {"files": c[0]}}
			with input as {"files": c[0]}
		got == c[1]
	}
}

test_message if {
	some v in missing_lockfile.deny with input as {"files": [f("app/package.json", true, "npm")]}
	v.path == ["files", 0]
	contains(v.msg, "app/package.json declares dependencies but no lockfile")
	contains(v.msg, "package-lock.json")
}
