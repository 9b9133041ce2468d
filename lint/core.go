package lint

import "github.com/rampart-lint/rampart/lint/rule"

// The core's own rules: findings about the input and about suppressions
// rather than about security. They are configured like any other rule.
const (
	ParseError               = "rampart/parse-error"
	UnusedSuppression        = "rampart/unused-suppression"
	SuppressionWithoutReason = "rampart/suppression-without-reason"
	ExpiredSuppression       = "rampart/expired-suppression"
	Timeout                  = "rampart/timeout"
)

var coreRules = []rule.Rule{
	{
		ID:          ParseError,
		Title:       "File cannot be parsed",
		Description: "The file is not valid JSON or YAML (or exceeds a safety limit), so no other rule could check it. A file that does not parse also fails in the service that reads it, and it hides whatever the other rules would have found.",
		Severity:    rule.High,
		Kinds:       []string{"*"},
		Remediation: "Fix the syntax error at the position shown; for a limit, split the file or raise the limit (the message names the flag and the config key).",
	},
	{
		ID:          Timeout,
		Title:       "File took too long to lint",
		Description: "The rules ran on this file for longer than the per-file timeout, so they were stopped and the file may hold problems that were not reported. Real configuration lints in well under a second; a file that does not is pathological or hostile, and is reported rather than allowed to stall a commit hook, a CI job or the editor.",
		Severity:    rule.High,
		Kinds:       []string{"*"},
		Remediation: "Look for what makes the file unusual (thousands of repeated resources, huge embedded policies), split it, or raise the timeout with --file-timeout or limits.file-timeout in .rampart.yaml.",
	},
	{
		ID:          UnusedSuppression,
		Title:       "Suppression matches no finding",
		Description: "A rampart:ignore comment, or an ignore: entry in .rampart.yaml, that suppresses nothing is stale: the problem was fixed, the rule id is misspelled, or the comment sits on the wrong line (the entry's path or at: misses the finding). Left in place, it would silently hide a future finding there. An ignore: entry is judged only when the run saw every file its path matches, or linted the config's whole directory.",
		Severity:    rule.Info,
		Kinds:       []string{"*"},
		Remediation: "Delete the comment or entry, or correct the rule id or its placement: a comment on the line of the finding or the line above it; an entry's path glob and at: logical path as the finding shows them.",
	},
	{
		ID:          SuppressionWithoutReason,
		Title:       "Suppression has no reason",
		Description: "Every suppression should say why the finding is acceptable, so that a reviewer can judge it and a later reader knows when it stops being true.",
		Severity:    rule.Info,
		Kinds:       []string{"*"},
		Remediation: "Add the reason after two dashes: # rampart:ignore <rule> -- <why this is acceptable>; in an ignore: entry of .rampart.yaml, add reason: <why this is acceptable>.",
	},
	{
		ID:          ExpiredSuppression,
		Title:       "Suppression has expired",
		Description: "The suppression's expiry date (exp: in a comment, expires: in an ignore: entry of .rampart.yaml) has passed, so the finding it hid is reported again. Expiry dates keep temporary exceptions temporary.",
		Severity:    rule.Low,
		Kinds:       []string{"*"},
		Remediation: "Fix the finding, or, if the exception still holds, renew the date and say why in the reason.",
	},
}
