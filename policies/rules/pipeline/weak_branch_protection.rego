# METADATA
# title: Approval rule template leaves the main branch weakly protected
# description: |
#   A CodeCommit approval rule template is what stops one person (or one stolen credential) from
#   merging straight into the branch that deploys to production. It protects that branch only if
#   it needs several approvals (the `min_approvals` setting, 2 by default), names who may approve
#   (`ApprovalPoolMembers`; without a pool, any user of the account who may approve pull
#   requests counts), and really applies to the branch.
#
#   A template is judged when it applies to a protected branch: it has no
#   `DestinationReferences` (it applies to every branch), or one of them is `refs/heads/main`,
#   `refs/heads/master`, `refs/heads/prod`, `refs/heads/production` (or a branch under
#   `prod/`/`production/`), or a wildcard that covers one of them. Templates for other branches
#   only (a `dev` branch that needs one review) are left alone: whether the repository also has a
#   template for main cannot be seen from one file. A reference that names main or master but is
#   not the full reference (`main`, `heads/main`) is reported too: CodeCommit compares the pull
#   request's destination, `refs/heads/main`, with the full reference, so such a template never
#   applies to the branch it was written for.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codecommit/latest/userguide/approval-rule-templates.html
#     description: Working with approval rule templates (AWS CodeCommit)
#   - ref: https://docs.aws.amazon.com/codecommit/latest/APIReference/API_CreateApprovalRuleTemplate.html
#     description: CreateApprovalRuleTemplate (approval rule content, approval pools)
#   - ref: https://docs.aws.amazon.com/codecommit/latest/userguide/how-to-create-template.html
#     description: Create an approval rule template
# custom:
#   id: pipeline/weak-branch-protection
#   severity: medium
#   kinds: [codecommit-approval-rule]
#   remediation: >-
#     Require at least two approvals (NumberOfApprovalsNeeded), list the reviewers in
#     ApprovalPoolMembers, and name the main branch by its full reference (refs/heads/main) in
#     DestinationReferences.
#   threat: >-
#     One developer, or an attacker with one developer's credentials, merges unreviewed code into
#     the branch that deploys to production.
#   settings:
#     min_approvals: 2
package rampart.rules.pipeline.weak_branch_protection

import data.rampart.lib.result

_min := n if {
	n := data.rampart.config.min_approvals
	is_number(n)
} else := 2

_protected_branches := ["refs/heads/main", "refs/heads/master", "refs/heads/prod", "refs/heads/production"]

_refs := input.DestinationReferences if is_array(input.DestinationReferences)

_refs := [input.DestinationReferences] if is_string(input.DestinationReferences)

# _covers_protected: the template applies to a protected branch.
_covers_protected if {
	is_object(input)
	object.get(input, "DestinationReferences", null) == null
}

_covers_protected if {
	some ref in _refs
	_protected_ref(ref)
}

_covers_protected if {
	some j, _ in _short_main_refs
}

_protected_ref(ref) if {
	is_string(ref)
	some branch in _protected_branches
	glob.match(ref, ["/"], branch)
}

_protected_ref(ref) if {
	is_string(ref)
	regex.match(`^refs/heads/(prod|production)/`, ref)
}

# _short_main_refs[j]: a reference that names main/master without refs/heads/.
_short_main_refs[j] := ref if {
	is_array(input.DestinationReferences)
	some j, ref in input.DestinationReferences
	is_string(ref)
	not startswith(ref, "refs/")
	trim_prefix(trim_prefix(ref, "/"), "heads/") in {"main", "master"}
}

_branches_text := "every branch" if {
	object.get(input, "DestinationReferences", null) == null
} else := concat(", ", [r | some r in _refs; is_string(r)])

_statements := input.Statements if is_array(input.Statements)

_approvals(v) := v if is_number(v)

_approvals(v) := to_number(v) if {
	is_string(v)
	regex.match(`^[0-9]+$`, v)
}

deny contains result.violation(msg, ["Statements", i, "NumberOfApprovalsNeeded"]) if {
	_covers_protected
	some i, st in _statements
	n := _approvals(st.NumberOfApprovalsNeeded)
	n < _min
	msg := sprintf(
		"approval rule for %s needs %v approval(s); require at least %d (NumberOfApprovalsNeeded) so no one merges unreviewed code alone",
		[_branches_text, st.NumberOfApprovalsNeeded, _min],
	)
}

deny contains result.violation(msg, ["Statements", i]) if {
	_covers_protected
	some i, st in _statements
	is_object(st)
	not "NumberOfApprovalsNeeded" in object.keys(st)
	msg := sprintf(
		"approval rule statement for %s sets no NumberOfApprovalsNeeded; require at least %d approvals",
		[_branches_text, _min],
	)
}

deny contains result.violation(msg, ["Statements", i]) if {
	_covers_protected
	some i, st in _statements
	is_object(st)
	object.get(st, "ApprovalPoolMembers", null) == null
	msg := sprintf(
		"approval rule statement for %s has no ApprovalPoolMembers, so any user of the account who may approve counts; list the reviewers' IAM users or roles",
		[_branches_text],
	)
}

deny contains result.violation(msg, ["Statements", i, "ApprovalPoolMembers"]) if {
	_covers_protected
	some i, st in _statements
	st.ApprovalPoolMembers == []
	msg := sprintf(
		"approval rule statement for %s has an empty ApprovalPoolMembers; list the reviewers' IAM users or roles",
		[_branches_text],
	)
}

deny contains result.violation(msg, ["Statements"]) if {
	_covers_protected
	input.Statements == []
	msg := sprintf("approval rule for %s has no statements, so it requires no approval; add an Approvers statement", [_branches_text])
}

deny contains result.violation(msg, ["DestinationReferences", j]) if {
	some j, ref in _short_main_refs
	branch := trim_prefix(trim_prefix(ref, "/"), "heads/")
	msg := sprintf(
		"destination reference %q is not a full reference, so the template never applies to branch %s; write \"refs/heads/%s\"",
		[ref, branch, branch],
	)
}
