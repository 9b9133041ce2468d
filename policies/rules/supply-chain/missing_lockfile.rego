# METADATA
# title: Dependency manifest committed without its lockfile
# description: |
#   A manifest without a lockfile lets every install resolve version ranges again, so a build
#   picks up whatever the registry serves that day, including a freshly compromised release of
#   a dependency or of one of its dependencies. A committed lockfile pins the whole tree, with
#   integrity hashes, and makes `npm ci`, `poetry install` or `pipenv sync` reproducible.
#
#   Checked over the files of a directory being linted (the repository view): `package.json`
#   without `package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock`, `pnpm-lock.yaml` or
#   `bun.lock(b)` in its directory or a parent (workspaces share the root lockfile); a Poetry
#   `pyproject.toml` without `poetry.lock`; a `Pipfile` without `Pipfile.lock`; a `go.mod`
#   that requires modules without `go.sum`. Manifests that declare no dependencies need no
#   lockfile and are left alone, and so are files a `.gitignore` or the config excludes (a
#   gitignored lockfile is not committed, so its manifest is reported). Files named one by
#   one (as pre-commit passes them) have no repository view.
# related_resources:
#   - ref: https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json
#     description: npm - package-lock.json
#   - ref: https://python-poetry.org/docs/basic-usage/#committing-your-poetrylock-file-to-version-control
#     description: Poetry - committing your poetry.lock file
#   - ref: https://pipenv.pypa.io/en/latest/pipfile.html
#     description: Pipenv - Pipfile and Pipfile.lock
#   - ref: https://go.dev/ref/mod#go-sum-files
#     description: Go modules reference - go.sum files
# custom:
#   id: supply-chain/missing-lockfile
#   severity: medium
#   kinds: [repository]
#   remediation: >-
#     Generate the lockfile (npm install --package-lock-only, poetry lock, pipenv lock,
#     go mod tidy), commit it, and install from it in CI (npm ci, poetry install, pipenv sync).
#   threat: >-
#     A dependency (or one of its own dependencies) publishes a malicious version within the
#     manifest's range, and the next build installs and runs it with the pipeline's credentials.
package rampart.rules["supply-chain"].missing_lockfile

import data.rampart.lib.result

# lockfiles are the files that pin each manifest's dependencies.
lockfiles := {
	"package.json": {"package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock"},
	"pyproject.toml": {"poetry.lock"},
	"Pipfile": {"Pipfile.lock"},
	"go.mod": {"go.sum"},
}

# Only a Poetry project's pyproject.toml has a lockfile rampart can ask for.
_judged(f) if f.name != "pyproject.toml"

_judged(f) if {
	f.name == "pyproject.toml"
	f.tool == "poetry"
}

# _locked: a lockfile for f sits in f's directory or, for npm workspaces, in
# one of its parents.
_locked(f) if {
	some g in input.files
	g.name in lockfiles[f.name]
	g.dir == f.dir
}

_locked(f) if {
	f.name == "package.json"
	some g in input.files
	g.name in lockfiles[f.name]
	_is_parent(g.dir, f.dir)
}

_is_parent(".", _)

_is_parent(parent, child) if {
	parent != "."
	startswith(child, concat("", [parent, "/"]))
}

deny contains result.violation(msg, ["files", i]) if {
	some i, f in input.files
	lockfiles[f.name]
	f.dependencies == true
	_judged(f)
	not _locked(f)
	msg := sprintf("%s declares dependencies but no lockfile is committed beside it (%s); every install resolves the version ranges again, so generate the lockfile, commit it and install from it in CI", [f.path, concat(" or ", sort([l | some l in lockfiles[f.name]]))])
}
