# METADATA
# title: Action or reusable workflow is not pinned to a commit SHA
# description: |
#   A tag (`@v4`) or branch (`@main`) is a pointer its owner can move: whoever controls the
#   action's repository (its maintainer, or an attacker holding their token, as in the
#   tj-actions/changed-files compromise of March 2025) can point it at new code that then runs in
#   your workflow with your token and secrets. Only a full 40-character commit SHA is immutable.
#   Pin every `uses:` to one and keep the version in a comment (`@<sha> # v4.2.2`) so Dependabot
#   and Renovate can still propose updates.
#
#   Local actions (`./path`) come from your own repository and are not reported; a Docker action
#   must name its image by digest (`docker://alpine@sha256:...`). The finding sits on the `uses`
#   value. The setting `unpinned_action_exempt_owners` lists owners whose actions may use tags
#   (for example your own organisation), compared case-insensitively.
# related_resources:
#   - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
#     description: "Security hardening for GitHub Actions: using third-party actions"
#   - ref: https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idstepsuses
#     description: "Workflow syntax: jobs.<job_id>.steps[*].uses"
#   - ref: https://docs.github.com/en/code-security/dependabot/working-with-dependabot/keeping-your-actions-up-to-date-with-dependabot
#     description: Keeping your actions up to date with Dependabot
# custom:
#   id: supply-chain/unpinned-action
#   severity: medium
#   kinds: [github-actions]
#   remediation: >-
#     Pin the action to the full commit SHA of the release you use and keep the tag in a comment
#     (`uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2`); pin Docker
#     actions by digest (`docker://image@sha256:...`).
#   threat: >-
#     A moved tag or branch, or a compromised action repository, runs an attacker's code in the
#     workflow with its token and secrets.
#   settings:
#     unpinned_action_exempt_owners: []
package rampart.rules["supply-chain"].unpinned_action

import data.rampart.lib.github
import data.rampart.lib.result

deny contains result.violation(msg, path) if {
	some path, s in github.uses
	u := github.parse_uses(s)
	u.type == "repo"
	not github.is_commit_sha(u.ref)
	not lower(u.owner) in _exempt
	msg := sprintf("%q %s; pin it to a full 40-character commit SHA and keep the version in a comment (%s@<sha> # %s)", [s, _why(u), u.name, _version(u.ref)])
}

deny contains result.violation(msg, path) if {
	some path, s in github.uses
	u := github.parse_uses(s)
	u.type == "docker"
	not github.is_image_digest(u.digest)
	msg := sprintf("%q names its image by tag, which can be pushed over; pin it by digest (docker://%s@sha256:<digest>)", [s, _image_name(u.image)])
}

_why(u) := "has no @ref, so it is not even a valid reference" if u.ref == ""

_why(u) := sprintf("is pinned to the short SHA %s, which is not a full commit SHA", [u.ref]) if {
	regex.match(`^[0-9a-fA-F]{7,39}$`, u.ref)
}

_why(u) := sprintf("is pinned to %s, a tag or branch its owner can move to other code", [u.ref]) if {
	u.ref != ""
	not regex.match(`^[0-9a-fA-F]{7,39}$`, u.ref)
}

_version(ref) := ref if {
	ref != ""
	not regex.match(`^[0-9a-fA-F]{7,39}$`, ref)
}

_version(ref) := "<version>" if ref == ""

_version(ref) := "<version>" if regex.match(`^[0-9a-fA-F]{7,39}$`, ref)

# _image_name drops a tag or a malformed digest: alpine:3.20 -> alpine, but keeps a registry
# port (localhost:5000/tool:1 -> localhost:5000/tool).
_image_name(image) := name if {
	no_digest := split(image, "@")[0]
	name := regex.replace(no_digest, `:[^:/]*$`, "")
}

_exempt contains lower(o) if {
	some o in data.rampart.config.unpinned_action_exempt_owners
	is_string(o)
}
