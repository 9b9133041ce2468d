package rampart.rules.pipeline.weak_branch_protection_test

import data.rampart.rules.pipeline.weak_branch_protection

_got := {v.path | some v in weak_branch_protection.deny}

_pool := ["arn:aws:iam::123456789012:user/team-lead"]

_template(refs, statements) := {"Version": "2018-11-08", "DestinationReferences": refs, "Statements": statements}

cases := {
	"the seed's template (Approvals, 2020-01-01) is clean": {
		"input": {
			"Version": "2020-01-01",
			"DestinationReferences": ["refs/heads/main"],
			"Statements": [{"Type": "Approvals", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": _pool}],
		},
		"want": set(),
	},
	"one approval for main": {
		"input": _template(["refs/heads/main"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1, "ApprovalPoolMembers": _pool}]),
		"want": {["Statements", 0, "NumberOfApprovalsNeeded"]},
	},
	"zero approvals as a string": {
		"input": _template(["refs/heads/master"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": "0", "ApprovalPoolMembers": _pool}]),
		"want": {["Statements", 0, "NumberOfApprovalsNeeded"]},
	},
	"no destination references applies to every branch, main included": {
		"input": {"Version": "2018-11-08", "Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1, "ApprovalPoolMembers": _pool}]},
		"want": {["Statements", 0, "NumberOfApprovalsNeeded"]},
	},
	"a wildcard that covers main": {
		"input": _template(["refs/heads/*"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1, "ApprovalPoolMembers": _pool}]),
		"want": {["Statements", 0, "NumberOfApprovalsNeeded"]},
	},
	"a production branch": {
		"input": _template(["refs/heads/production/eu"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1, "ApprovalPoolMembers": _pool}]),
		"want": {["Statements", 0, "NumberOfApprovalsNeeded"]},
	},
	"no pool": {
		"input": _template(["refs/heads/main"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2}]),
		"want": {["Statements", 0]},
	},
	"empty pool": {
		"input": _template(["refs/heads/main"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": []}]),
		"want": {["Statements", 0, "ApprovalPoolMembers"]},
	},
	"no approval count and no pool in the second statement": {
		"input": _template(["refs/heads/main"], [
			{"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": _pool},
			{"Type": "Approvers"},
		]),
		"want": {["Statements", 1]},
	},
	"no statements": {
		"input": _template(["refs/heads/main"], []),
		"want": {["Statements"]},
	},
	"main written without refs/heads/": {
		"input": _template(["refs/heads/release/*", "main"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": _pool}]),
		"want": {["DestinationReferences", 1]},
	},
	"heads/master and one approval": {
		"input": _template(["heads/master"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1, "ApprovalPoolMembers": _pool}]),
		"want": {["DestinationReferences", 0], ["Statements", 0, "NumberOfApprovalsNeeded"]},
	},
	"a dev-only template may need one approval": {
		"input": _template(["refs/heads/dev", "refs/heads/feature/*"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1}]),
		"want": set(),
	},
	"a product branch is not a production branch": {
		"input": _template(["refs/heads/product-page"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1, "ApprovalPoolMembers": _pool}]),
		"want": set(),
	},
	"three approvals and a pool": {
		"input": _template(["refs/heads/main", "refs/heads/release/*"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 3, "ApprovalPoolMembers": _pool}]),
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_min_approvals_setting if {
	doc := _template(["refs/heads/main"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": _pool}])
	got := _got with input as doc with data.rampart.config.min_approvals as 3
	got == {["Statements", 0, "NumberOfApprovalsNeeded"]}
	msgs := {v.msg | some v in weak_branch_protection.deny} with input as doc with data.rampart.config.min_approvals as 3
	msgs == {"approval rule for refs/heads/main needs 2 approval(s); require at least 3 (NumberOfApprovalsNeeded) so no one merges unreviewed code alone"}
}

test_message_count if {
	some v in weak_branch_protection.deny with input as _template(["refs/heads/main", "refs/heads/release/*"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 1, "ApprovalPoolMembers": _pool}])
	v.msg == "approval rule for refs/heads/main, refs/heads/release/* needs 1 approval(s); require at least 2 (NumberOfApprovalsNeeded) so no one merges unreviewed code alone"
}

test_message_pool if {
	some v in weak_branch_protection.deny with input as {"Statements": [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2}]}
	v.msg == "approval rule statement for every branch has no ApprovalPoolMembers, so any user of the account who may approve counts; list the reviewers' IAM users or roles"
}

test_message_short_reference if {
	some v in weak_branch_protection.deny with input as _template(["main"], [{"Type": "Approvers", "NumberOfApprovalsNeeded": 2, "ApprovalPoolMembers": _pool}])
	v.msg == `destination reference "main" is not a full reference, so the template never applies to branch main; write "refs/heads/main"`
}
