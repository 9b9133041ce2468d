# METADATA
# title: Pipeline installs dependencies without the lockfile or a pinned version
# description: |
#   A lockfile pins every dependency, direct and transitive, to a reviewed version and
#   checksum. `npm install`, `yarn install` and `pnpm install` without their frozen-lockfile
#   flag may resolve newer versions than the lockfile and rewrite it during the build, and
#   `pip install requests`, `npm install -g serverless` or `go install tool@latest` fetch
#   whatever is newest at build time. A compromised or typo-squatted release then lands in the
#   build without any change to the repository.
#
#   The rule reads buildspec commands, GitHub Actions `run:` and GitLab CI scripts. It fires on
#   `npm install`/`npm i` with no package (use `npm ci`: the one case with a safe automatic
#   fix), on npm packages installed without a version, on `yarn`/`yarn install` without
#   `--frozen-lockfile` (Yarn 1) or `--immutable` (Yarn 2+), on `pnpm install` without
#   `--frozen-lockfile` (pnpm and Yarn 2+ freeze the lockfile on their own only when they detect
#   a CI environment, which a container step or a custom runner may hide), on `pip install`
#   (`pip3`, `python -m pip`, `pipx`) of a package without an exact `==` version, and on
#   `go install`/`go get` of `@latest`, `@main`, `@master` or `@HEAD`.
#
#   Not reported: `pip install -r requirements.txt` (the requirements file is the project's
#   pin list; use `--require-hashes` to also pin checksums), installs with a constraints file
#   (`-c`), local paths, archives and VCS URLs, and upgrading pip, setuptools or wheel
#   themselves.
# related_resources:
#   - ref: https://docs.npmjs.com/cli/v10/commands/npm-ci
#     description: npm ci
#   - ref: https://classic.yarnpkg.com/en/docs/cli/install#toc-yarn-install-frozen-lockfile
#     description: yarn install --frozen-lockfile
#   - ref: https://pnpm.io/cli/install#--frozen-lockfile
#     description: pnpm install --frozen-lockfile
#   - ref: https://pip.pypa.io/en/stable/topics/repeatable-installs/
#     description: pip repeatable installs
#   - ref: https://go.dev/ref/mod#go-install
#     description: go install
# custom:
#   id: supply-chain/lockfile-bypassed
#   severity: medium
#   kinds: [buildspec, github-actions, gitlab-ci]
#   fixable: true
#   remediation: >-
#     Install from the lockfile (npm ci, yarn install --frozen-lockfile or --immutable,
#     pnpm install --frozen-lockfile, pip install -r requirements.txt) and pin tools to an exact
#     version (pip install pkg==1.2.3, npm install -g pkg@1.2.3, go install tool@v1.2.3).
#   threat: >-
#     A malicious or broken release published after the lockfile was reviewed is installed and
#     run in the build.
package rampart.rules["supply-chain"].lockfile_bypassed

import data.rampart.lib.result
import data.rampart.lib.shell

_cmds contains c if {
	some c in shell.commands
	not c.nested
}

# ---- npm ----

_npm_install := {"install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall", "add"}

_npm_valued := {"--prefix", "--registry", "--workspace", "-w", "--omit", "--include", "--cache", "--userconfig", "--tag", "--loglevel", "--install-strategy", "-C"}

deny contains result.violation(msg, c.path) if {
	some c in _cmds
	c.name == "npm"
	pos := _positional(c.argv, _npm_valued)
	pos[1] in _npm_install
	count(pos) == 2
	not shell.has_option(c.argv, ["--package-lock-only"])
	msg := sprintf("%s resolves dependencies again and may rewrite package-lock.json; use npm ci, which installs exactly what the lockfile pins", [shell.quote(c.text)])
}

deny contains result.violation(msg, c.path) if {
	some c in _cmds
	c.name == "npm"
	pos := _positional(c.argv, _npm_valued)
	pos[1] in _npm_install
	some pkg in array.slice(pos, 2, count(pos))
	_npm_unpinned(pkg)
	msg := sprintf("%s installs %s without a version; pin it (%s@1.2.3) so a new release cannot change the build", [shell.quote(c.text), pkg, _npm_name(pkg)])
}

_npm_unpinned(pkg) if {
	not _local(pkg)
	not _npm_version(pkg)
}

_npm_unpinned(pkg) if {
	not _local(pkg)
	_npm_version(pkg) in {"latest", "next", "*", "x", ""}
}

# name@version; a scoped name starts with @.
_npm_version(pkg) := v if {
	i := _last_at(pkg)
	i > 0
	v := substring(pkg, i + 1, -1)
}

_npm_name(pkg) := substring(pkg, 0, _last_at(pkg)) if _last_at(pkg) > 0

else := pkg

_last_at(s) := max([i | some i in indexof_n(s, "@")])

_local(pkg) if regex.match(`^(\.|\.\.|~)?/|^\.$|^(file|git|git\+[a-z]+|github|gitlab|bitbucket|https?):|\.(tgz|tar\.gz|whl|zip)$|^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(#.*)?$`, pkg)

# ---- yarn and pnpm ----

_yarn_valued := {"--cwd", "--cache-folder", "--modules-folder", "--network-timeout", "--mutex", "--registry", "--global-folder"}

deny contains result.violation(msg, c.path) if {
	some c in _cmds
	c.name == "yarn"
	pos := _positional(c.argv, _yarn_valued)
	_yarn_installs(pos)
	not shell.has_option(c.argv, ["--frozen-lockfile", "--immutable", "--version", "-v", "--help", "-h"])
	msg := sprintf("%s may resolve new versions and rewrite yarn.lock; add --frozen-lockfile (Yarn 1) or --immutable (Yarn 2+)", [shell.quote(c.text)])
}

_yarn_installs(pos) if count(pos) == 1

_yarn_installs(pos) if pos[1] == "install"

deny contains result.violation(msg, c.path) if {
	some c in _cmds
	c.name == "pnpm"
	pos := _positional(c.argv, {"--dir", "-C", "--filter", "-F", "--reporter", "--store-dir"})
	pos[1] in {"install", "i"}
	not _frozen(c.argv)
	msg := sprintf("%s may resolve new versions and rewrite pnpm-lock.yaml when pnpm does not detect CI; add --frozen-lockfile", [shell.quote(c.text)])
}

_frozen(argv) if {
	some w in argv
	shell.unquote(w) in {"--frozen-lockfile", "--frozen-lockfile=true"}
}

# ---- pip ----

_pip_valued := {
	"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
	"--extra-index-url", "-t", "--target", "-f", "--find-links", "--prefix", "--root",
	"--platform", "--python-version", "--implementation", "--abi", "--no-binary",
	"--only-binary", "--trusted-host", "--cache-dir", "--src", "--upgrade-strategy",
	"--progress-bar", "--log", "--proxy", "--timeout", "--retries", "--global-option",
	"--config-settings", "-C", "--report", "--python", "--pip-args", "--suffix",
}

# The words after "install" of pip, pip3, python -m pip, pipx.
_pip_args(c) := array.slice(c.argv, 2, count(c.argv)) if {
	regex.match(`^(pip|pip[0-9.]+|pipx)$`, c.name)
	shell.unquote(c.argv[1]) == "install"
}

_pip_args(c) := array.slice(c.argv, i + 3, count(c.argv)) if {
	regex.match(`^python[0-9.]*$`, c.name)
	some i, w in c.argv
	w == "-m"
	c.argv[i + 1] == "pip"
	c.argv[i + 2] == "install"
}

deny contains result.violation(msg, c.path) if {
	some c in _cmds
	args := _pip_args(c)
	not shell.has_option(args, ["-c", "--constraint", "--require-hashes"])
	pkgs := [shell.unquote(w) | some w in _positional(array.concat(["install"], args), _pip_valued)]
	some pkg in array.slice(pkgs, 1, count(pkgs))
	not _pip_pinned(pkg)
	not _local(pkg)
	not _pip_tooling(pkgs)
	msg := sprintf("%s installs %s without an exact version; pin it (%s==1.2.3) or install from a requirements file", [shell.quote(c.text), pkg, _pip_name(pkg)])
}

_pip_pinned(pkg) if {
	regex.match(`===?[^*]+$`, pkg)
	not contains(pkg, ",")
}

_pip_pinned(pkg) if contains(pkg, " @ ")

_pip_name(pkg) := regex.find_n(`^[A-Za-z0-9_.\[\]-]+`, pkg, 1)[0]

# Upgrading the installer itself: noise, not a dependency of the build.
_pip_tooling(pkgs) if {
	every p in array.slice(pkgs, 1, count(pkgs)) {
		lower(p) in {"pip", "setuptools", "wheel"}
	}
}

# ---- go ----

deny contains result.violation(msg, c.path) if {
	some c in _cmds
	c.name == "go"
	c.argv[1] in {"install", "get"}
	some w in array.slice(c.argv, 2, count(c.argv))
	pkg := shell.unquote(w)
	ref := regex.find_all_string_submatch_n(`@(latest|main|master|HEAD)$`, pkg, 1)[0][1]
	msg := sprintf("%s installs %s at @%s, whatever is newest when the build runs; pin a version (@v1.2.3)", [shell.quote(c.text), pkg, ref])
}

# ---- helpers ----

# _positional: the words that are not options (nor the values of options in valued).
_positional(argv, valued) := [shell.unquote(w) |
	some k, w in argv
	not startswith(w, "-")
	not _valued_before(argv, k, valued)
]

_valued_before(argv, k, valued) if {
	k > 0
	shell.unquote(argv[k - 1]) in valued
}
