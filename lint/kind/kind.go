// Package kind names the kinds of document rampart reads and tells which kind
// a file holds: by its name first, then by its content.
package kind

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
)

// The kinds. Rules name them in their metadata; --kind and config use them.
const (
	IAMPolicy              = "iam-policy"
	CloudFormation         = "cloudformation"
	Terraform              = "terraform"
	Buildspec              = "buildspec"
	GitHubActions          = "github-actions"
	GitLabCI               = "gitlab-ci"
	CodePipeline           = "codepipeline"
	CodeCommitApprovalRule = "codecommit-approval-rule"
	DevRamps               = "devramps"
	Repository             = "repository"
)

var all = []string{IAMPolicy, CloudFormation, Terraform, Buildspec, GitHubActions, GitLabCI,
	CodePipeline, CodeCommitApprovalRule, DevRamps, Repository}

// All returns every kind name, sorted.
func All() []string {
	out := append([]string(nil), all...)
	sort.Strings(out)
	return out
}

// Known reports whether k names a kind.
func Known(k string) bool {
	for _, x := range all {
		if x == k {
			return true
		}
	}
	return false
}

// Candidate reports whether a file met while walking a directory may hold a
// document rampart reads; anything else is not even opened.
func Candidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".yaml", ".yml", ".tf":
		return true
	}
	return false
}

// Detect returns the kind of a parsed document of the file at path: its name
// decides first (a workflow under .github/workflows is GitHub Actions whatever
// it holds), then its content. "" means rampart does not read it.
func Detect(path string, v any) string {
	if k := FromName(path); k != "" {
		return k
	}
	return FromValue(v)
}

// FromName returns the kind a file's name settles on its own, or "".
func FromName(path string) string {
	return ""
}

// FromValue returns the kind a parsed document's content shows, or "".
func FromValue(v any) string {
	switch x := v.(type) {
	case map[string]any:
		if isCloudFormation(x) {
			return CloudFormation
		}
		if isPolicy(x) {
			return IAMPolicy
		}
	case []any:
		if len(x) > 0 && allPolicies(x) {
			return IAMPolicy
		}
	}
	return ""
}

// Sniff guesses a kind from raw bytes that did not parse, so that a broken
// file of a kind rampart reads gets a parse error instead of being skipped as
// unknown. It looks for the keys that identify each kind.
func Sniff(src []byte) string {
	if len(src) > 64<<10 {
		src = src[:64<<10]
	}
	switch {
	case bytes.Contains(src, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(src, []byte("AWS::")) && bytes.Contains(src, []byte("Resources")):
		return CloudFormation
	case bytes.Contains(src, []byte("Statement")) &&
		(bytes.Contains(src, []byte("Effect")) || bytes.Contains(src, []byte("Version"))):
		return IAMPolicy
	}
	return ""
}

func isPolicy(m map[string]any) bool {
	st, ok := m["Statement"]
	if !ok {
		return false
	}
	switch st.(type) {
	case []any, map[string]any:
		return true
	}
	return false
}

func allPolicies(list []any) bool {
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok || !isPolicy(m) {
			return false
		}
	}
	return true
}

func isCloudFormation(m map[string]any) bool {
	if _, ok := m["AWSTemplateFormatVersion"]; ok {
		return true
	}
	res, ok := m["Resources"].(map[string]any)
	if !ok {
		return false
	}
	for _, r := range res {
		if rm, ok := r.(map[string]any); ok {
			if t, ok := rm["Type"].(string); ok && (strings.HasPrefix(t, "AWS::") || strings.HasPrefix(t, "Custom::")) {
				return true
			}
		}
	}
	return false
}
