// Package kind names the kinds of document rampart reads and tells which kind
// a file holds: by its name first, then by its content.
//
// # Precedence
//
// A false detection runs the wrong rules and a miss skips a file, so every
// test below asks for a structure that only its kind has, and they are tried
// in a fixed order:
//
//  1. The file name (FromName). A name that a tool reads by convention settles
//     the kind whatever the file holds, every document of a YAML stream
//     included: *.tf is terraform; .github/workflows/*.yml is github-actions;
//     buildspec*.yml is buildspec; .gitlab-ci.yml and *.gitlab-ci.yml are
//     gitlab-ci; .devramps/<slug>/pipeline.yaml is devramps;
//     aws_additional_iam_policies.yaml is iam-policy. An action.yml or
//     action.yaml is github-actions when it has a runs: mapping (its name alone
//     is not enough, Detect checks both).
//  2. The content (FromValue), top-level structure only, in this order:
//     a. cloudformation: AWSTemplateFormatVersion, a Transform of
//     AWS::Serverless-2016-10-31 (SAM) or AWS::LanguageExtensions, or
//     Resources whose entries have an AWS::/Custom:: Type. A template holds
//     buildspecs, pipelines and policies inside it; it is still one template.
//     b. codepipeline: {"pipeline": {...}} as get-pipeline prints it, or the
//     bare pipeline, with stages whose actions have an actionTypeId.
//     c. codecommit-approval-rule: Statements (plural) of Type
//     Approvers/Approvals. Before iam-policy, whose Sniff key it contains.
//     d. iam-policy: Statement, or a list of such documents.
//     e. devramps: a pipeline: mapping with DevRamps keys
//     (pipeline_updates_require_approval, cloud_provider) or DEVRAMPS:* step
//     or artifact types; a variables: mapping using ${{ secret(...) }} or
//     ${{ stage_secret(...) }}; a list of DEVRAMPS:* steps. Before
//     gitlab-ci, which also has variables: and may name a job "pipeline".
//     f. github-actions: on: and jobs: whose jobs have runs-on, steps or uses.
//     g. buildspec: version and a phases mapping naming a CodeBuild phase
//     (install, pre_build, build, post_build), or version and a batch
//     mapping. A GitLab job named "phases" holds script:, not phase names.
//     h. gitlab-ci, the loosest, last: a job (a mapping with script, extends
//     or trigger in GitLab's shape) plus corroboration (a GitLab-only global
//     keyword, a second job keyword, or nothing at top level but keywords
//     and mappings), or include: entries in GitLab's mapping form, or
//     workflow: rules. Kubernetes manifests, OpenAPI documents, JSON schemas
//     and docker-compose files are excluded first.
//
// Sniff, for bytes that do not parse, follows the same order with textual
// signals; a name that settles the kind makes it unnecessary.
package kind

import (
	"bytes"
	"path/filepath"
	"regexp"
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
	// TerraformModule is the view of a directory's .tf files as one module;
	// like Repository, no single file has it.
	TerraformModule = "terraform-module"
)

var all = []string{IAMPolicy, CloudFormation, Terraform, Buildspec, GitHubActions, GitLabCI,
	CodePipeline, CodeCommitApprovalRule, DevRamps, Repository, TerraformModule}

// FileKinds returns the kinds a file can have (every kind but the views),
// sorted: what --kind and the config's kinds: accept.
func FileKinds() []string {
	var out []string
	for _, k := range All() {
		if !View(k) {
			out = append(out, k)
		}
	}
	return out
}

// View reports whether k is a view across files (the repository, a Terraform
// module) rather than a kind a file can have, so --kind cannot force it.
func View(k string) bool { return k == Repository || k == TerraformModule }

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

// manifests are the dependency manifests and lockfiles the repository view
// looks at: a manifest committed without its lockfile installs whatever the
// registry serves that day.
var manifests = map[string]bool{
	"package.json": true, "package-lock.json": true, "npm-shrinkwrap.json": true, "yarn.lock": true,
	"pnpm-lock.yaml": true, "bun.lockb": true, "bun.lock": true,
	"pyproject.toml": true, "poetry.lock": true, "Pipfile": true, "Pipfile.lock": true,
	"go.mod": true, "go.sum": true,
}

// Manifest reports whether a file name is a dependency manifest or lockfile.
func Manifest(name string) bool { return manifests[name] }

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
// it holds), then its content. "" means rampart does not read it. The package
// comment gives the full precedence.
func Detect(path string, v any) string {
	if k := FromName(path); k != "" {
		return k
	}
	if isActionMetadataName(path) {
		if m, ok := v.(map[string]any); ok && isActionMetadata(m) {
			return GitHubActions
		}
	}
	return FromValue(v)
}

// FromName returns the kind a file's name settles on its own, or "". Names
// are compared case-insensitively; directories matter only for workflows
// (directly in a .github/workflows directory, which may itself be anywhere)
// and DevRamps pipelines (.devramps/<slug>/pipeline.yaml).
func FromName(path string) string {
	p := strings.ToLower(filepath.ToSlash(path))
	base := p[strings.LastIndexByte(p, '/')+1:]
	ext := filepath.Ext(base)
	if ext == ".tf" {
		return Terraform
	}
	if ext != ".yml" && ext != ".yaml" {
		return ""
	}
	stem := strings.TrimSuffix(base, ext)
	dir := parentDirs(p)
	switch {
	case len(dir) >= 2 && dir[0] == "workflows" && dir[1] == ".github":
		return GitHubActions
	case strings.HasPrefix(base, "buildspec"):
		return Buildspec
	case stem == ".gitlab-ci" || strings.HasSuffix(stem, ".gitlab-ci"):
		return GitLabCI
	case stem == "aws_additional_iam_policies":
		return IAMPolicy
	case stem == "pipeline" && len(dir) >= 2 && dir[1] == ".devramps":
		return DevRamps
	}
	return ""
}

// parentDirs returns the directories holding a slash path, innermost first.
func parentDirs(p string) []string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return nil
	}
	parts := strings.Split(p[:i], "/")
	for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
		parts[l], parts[r] = parts[r], parts[l]
	}
	return parts
}

func isActionMetadataName(path string) bool {
	base := strings.ToLower(filepath.Base(filepath.ToSlash(path)))
	return base == "action.yml" || base == "action.yaml"
}

// isActionMetadata reports a GitHub action's metadata: runs: with using:.
func isActionMetadata(m map[string]any) bool {
	runs, ok := m["runs"].(map[string]any)
	if !ok {
		return false
	}
	_, ok = runs["using"].(string)
	return ok
}

// FromValue returns the kind a parsed document's content shows, or "". The
// order of the tests is the precedence documented on the package.
func FromValue(v any) string {
	switch x := v.(type) {
	case map[string]any:
		switch {
		case isCloudFormation(x):
			return CloudFormation
		case isCodePipeline(x):
			return CodePipeline
		case isApprovalRule(x):
			return CodeCommitApprovalRule
		case isPolicy(x):
			return IAMPolicy
		case isDevRamps(x):
			return DevRamps
		case isWorkflow(x):
			return GitHubActions
		case isBuildspec(x):
			return Buildspec
		case isGitLabCI(x):
			return GitLabCI
		}
	case []any:
		if len(x) == 0 {
			return ""
		}
		if allPolicies(x) {
			return IAMPolicy
		}
		if allDevRampsSteps(x) {
			return DevRamps
		}
	}
	return ""
}

// Textual signals for Sniff. (?m)^ anchors a key at the top level of a YAML
// file; JSON keys are matched quoted, anywhere.
var (
	reTopVersion  = regexp.MustCompile(`(?m)^["']?version["']?\s*:`)
	reTopPhases   = regexp.MustCompile(`(?m)^["']?phases["']?\s*:`)
	rePhaseName   = regexp.MustCompile(`(?m)^\s+["']?(install|pre_build|build|post_build)["']?\s*:`)
	reJSONPhases  = regexp.MustCompile(`"phases"\s*:\s*\{`)
	reJSONVersion = regexp.MustCompile(`"version"\s*:`)
	reTopOn       = regexp.MustCompile(`(?m)^["']?on["']?\s*:`)
	reTopJobs     = regexp.MustCompile(`(?m)^["']?jobs["']?\s*:`)
	reJobKey      = regexp.MustCompile(`(?m)^\s+-?\s*["']?(runs-on|steps|uses)["']?\s*:`)
	reTopRuns     = regexp.MustCompile(`(?m)^runs\s*:`)
	reUsing       = regexp.MustCompile(`(?m)^\s+using\s*:`)
	reGitLabTop   = regexp.MustCompile(`(?m)^(stages|include|workflow|default)\s*:`)
	reGitLabJob   = regexp.MustCompile(`(?m)^\s+(script|extends|trigger)\s*:`)
	reDevRamps    = regexp.MustCompile(`(?m)(^\s*-?\s*type\s*:\s*["']?DEVRAMPS:|^\s+pipeline_updates_require_approval\s*:|\$\{\{\s*(stage_)?secret\s*\()`)
	reActionType  = regexp.MustCompile(`"actionTypeId"\s*:`)
	reJSONStages  = regexp.MustCompile(`"stages"\s*:`)
	reStatements  = regexp.MustCompile(`["']?Statements["']?\s*:`)
	reApprovers   = regexp.MustCompile(`["']?(Approvers|Approvals)["']?|NumberOfApprovalsNeeded`)
	reCFNVersion  = regexp.MustCompile(`AWSTemplateFormatVersion|AWS::Serverless-2016-10-31`)
	reResources   = regexp.MustCompile(`(?m)(^Resources\s*:|"Resources"\s*:)`)
	reCFNType     = regexp.MustCompile(`(AWS|Custom)::\w+`)
	reStatement   = regexp.MustCompile(`["']?Statement["']?\s*:`)
	reEffect      = regexp.MustCompile(`["']?(Effect|Version)["']?\s*:`)
)

// Sniff guesses a kind from raw bytes that did not parse, so that a broken
// file of a kind rampart reads gets a parse error instead of being skipped as
// unknown. It looks for the keys that identify each kind, in the order of
// FromValue; a file whose name settles its kind (FromName) needs no sniffing.
func Sniff(src []byte) string {
	if len(src) > 64<<10 {
		src = src[:64<<10]
	}
	has := func(re *regexp.Regexp) bool { return re.Match(src) }
	switch {
	case has(reCFNVersion):
		return CloudFormation
	case has(reActionType) && has(reJSONStages):
		return CodePipeline
	case has(reStatements) && has(reApprovers):
		return CodeCommitApprovalRule
	case has(reDevRamps):
		return DevRamps
	case has(reTopOn) && has(reTopJobs) && has(reJobKey),
		has(reTopRuns) && has(reUsing):
		return GitHubActions
	case has(reTopVersion) && has(reTopPhases) && has(rePhaseName),
		has(reJSONVersion) && has(reJSONPhases):
		return Buildspec
	case has(reGitLabTop) && has(reGitLabJob):
		return GitLabCI
	case has(reResources) && has(reCFNType):
		return CloudFormation
	case has(reStatement) && has(reEffect) && !bytes.Contains(src, []byte("Statements")):
		return IAMPolicy
	}
	return ""
}

// --- iam-policy -------------------------------------------------------------

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

// --- cloudformation ---------------------------------------------------------

func isCloudFormation(m map[string]any) bool {
	if _, ok := m["AWSTemplateFormatVersion"]; ok {
		return true
	}
	if hasCFNTransform(m["Transform"]) {
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

// hasCFNTransform reports a template-level Transform that names one of AWS's
// macros (SAM, language extensions), alone or in a list.
func hasCFNTransform(v any) bool {
	switch t := v.(type) {
	case string:
		return t == "AWS::Serverless-2016-10-31" || t == "AWS::LanguageExtensions"
	case []any:
		for _, x := range t {
			if hasCFNTransform(x) {
				return true
			}
		}
	}
	return false
}

// --- codepipeline -----------------------------------------------------------

// isCodePipeline reports get-pipeline output ({"pipeline": {...},
// "metadata": {...}}), create-pipeline input ({"pipeline": ..., "tags": ...})
// or a bare pipeline structure.
func isCodePipeline(m map[string]any) bool {
	if p, ok := m["pipeline"].(map[string]any); ok {
		return hasPipelineStages(p)
	}
	return hasPipelineStages(m)
}

func hasPipelineStages(p map[string]any) bool {
	stages, ok := p["stages"].([]any)
	if !ok {
		return false
	}
	for _, s := range stages {
		sm, ok := s.(map[string]any)
		if !ok {
			continue
		}
		actions, _ := sm["actions"].([]any)
		for _, a := range actions {
			if am, ok := a.(map[string]any); ok {
				if _, ok := am["actionTypeId"].(map[string]any); ok {
					return true
				}
			}
		}
	}
	return false
}

// --- codecommit-approval-rule -----------------------------------------------

// isApprovalRule reports approval rule (template) content: Statements with a
// Type of Approvers (AWS's spelling) or Approvals (the seed's), or with
// NumberOfApprovalsNeeded, plus Version or DestinationReferences.
func isApprovalRule(m map[string]any) bool {
	_, hasVersion := m["Version"]
	_, hasDest := m["DestinationReferences"]
	if !hasVersion && !hasDest {
		return false
	}
	st, ok := m["Statements"].([]any)
	if !ok {
		return false
	}
	for _, s := range st {
		sm, ok := s.(map[string]any)
		if !ok {
			continue
		}
		if t, _ := sm["Type"].(string); t == "Approvers" || t == "Approvals" {
			return true
		}
		if _, ok := sm["NumberOfApprovalsNeeded"]; ok {
			return true
		}
	}
	return false
}

// --- devramps ---------------------------------------------------------------

var reDevRampsSecret = regexp.MustCompile(`\$\{\{\s*(stage_secret|secret)\s*\(|\$\{\{\s*(stage|organization)\.secrets\s*\[`)

func isDevRamps(m map[string]any) bool {
	if p, ok := m["pipeline"].(map[string]any); ok {
		for _, k := range []string{"pipeline_updates_require_approval", "cloud_provider", "stage_defaults"} {
			if _, ok := p[k]; ok {
				return true
			}
		}
		if hasDevRampsType(p["steps"]) || hasDevRampsType(p["artifacts"]) {
			return true
		}
	}
	if hasDevRampsType(m["steps"]) {
		return true
	}
	if vars, ok := m["variables"].(map[string]any); ok {
		for _, v := range vars {
			if s, ok := v.(string); ok && reDevRampsSecret.MatchString(s) {
				return true
			}
		}
	}
	return false
}

// hasDevRampsType reports a list of steps, or a mapping of artifacts, one of
// which has a DEVRAMPS:* type.
func hasDevRampsType(v any) bool {
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case map[string]any:
		for _, it := range x {
			items = append(items, it)
		}
	}
	for _, it := range items {
		if isDevRampsStep(it) {
			return true
		}
	}
	return false
}

func isDevRampsStep(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	t, _ := m["type"].(string)
	return strings.HasPrefix(t, "DEVRAMPS:")
}

func allDevRampsSteps(list []any) bool {
	for _, it := range list {
		if !isDevRampsStep(it) {
			return false
		}
	}
	return true
}

// --- github-actions ---------------------------------------------------------

// isWorkflow reports a workflow: on: (a string, list or mapping of events) and
// jobs: whose jobs have runs-on, steps or uses (a reusable workflow call).
func isWorkflow(m map[string]any) bool {
	switch m["on"].(type) {
	case string, []any, map[string]any:
	default:
		return false
	}
	jobs, ok := m["jobs"].(map[string]any)
	if !ok {
		return false
	}
	for _, j := range jobs {
		jm, ok := j.(map[string]any)
		if !ok {
			continue
		}
		for _, k := range []string{"runs-on", "steps", "uses"} {
			if _, ok := jm[k]; ok {
				return true
			}
		}
	}
	return false
}

// --- buildspec --------------------------------------------------------------

var buildspecPhases = map[string]bool{"install": true, "pre_build": true, "build": true, "post_build": true}

// isBuildspec reports version and phases naming a CodeBuild phase, or version
// and batch (a batch buildspec may leave the phases to its builds).
func isBuildspec(m map[string]any) bool {
	if _, ok := m["version"]; !ok {
		return false
	}
	if phases, ok := m["phases"].(map[string]any); ok {
		for k := range phases {
			if buildspecPhases[k] {
				return true
			}
		}
	}
	if batch, ok := m["batch"].(map[string]any); ok {
		for _, k := range []string{"build-list", "build-matrix", "build-graph", "build-fanout"} {
			if _, ok := batch[k]; ok {
				return true
			}
		}
	}
	return false
}

// --- gitlab-ci --------------------------------------------------------------

// gitlabGlobals are the top-level keywords of .gitlab-ci.yml (the rest are
// jobs). before_script, after_script, image, services and cache are the
// deprecated global forms of default:'s keywords.
var gitlabGlobals = map[string]bool{
	"default": true, "include": true, "stages": true, "variables": true, "workflow": true,
	"spec": true, "image": true, "services": true, "cache": true,
	"before_script": true, "after_script": true,
}

// gitlabJobKeys are the job keywords of the GitLab CI YAML reference.
var gitlabJobKeys = map[string]bool{
	"after_script": true, "allow_failure": true, "artifacts": true, "before_script": true,
	"cache": true, "coverage": true, "dast_configuration": true, "dependencies": true,
	"environment": true, "except": true, "extends": true, "hooks": true, "identity": true,
	"id_tokens": true, "image": true, "inherit": true, "interruptible": true,
	"manual_confirmation": true, "needs": true, "only": true, "pages": true, "parallel": true,
	"release": true, "resource_group": true, "retry": true, "rules": true, "run": true,
	"script": true, "secrets": true, "services": true, "stage": true, "tags": true,
	"timeout": true, "trigger": true, "variables": true, "when": true,
}

// isGitLabCI reports a GitLab CI file or one that such a file includes.
func isGitLabCI(m map[string]any) bool {
	if isForeignFormat(m) {
		return false
	}
	if gitlabInclude(m["include"]) {
		return true
	}
	if wf, ok := m["workflow"].(map[string]any); ok {
		if _, ok := wf["rules"].([]any); ok {
			return true
		}
	}
	jobs, corroborated := 0, false
	onlyKeywordsAndMaps := true
	for k, v := range m {
		if gitlabGlobals[k] {
			continue
		}
		jm, ok := v.(map[string]any)
		if !ok {
			if !strings.HasPrefix(k, ".") { // hidden keys hold anchors of any shape
				onlyKeywordsAndMaps = false
			}
			continue
		}
		if !isGitLabJob(jm, m) {
			continue
		}
		jobs++
		n := 0
		for jk := range jm {
			if gitlabJobKeys[jk] {
				n++
			}
		}
		if n >= 2 {
			corroborated = true
		}
	}
	if jobs == 0 {
		return false
	}
	if corroborated || onlyKeywordsAndMaps {
		return true
	}
	if st, ok := m["stages"].([]any); ok && allStrings(st) {
		return true
	}
	if d, ok := m["default"].(map[string]any); ok && len(d) > 0 {
		return true
	}
	return false
}

// isGitLabJob reports a mapping with script (a string or list), extends (a
// hidden job, or a job of the same file) or trigger (a project path or a
// mapping naming project or include). top is the whole file.
func isGitLabJob(j, top map[string]any) bool {
	switch s := j["script"].(type) {
	case string:
		return true
	case []any:
		if len(s) > 0 && allScriptLines(s) {
			return true
		}
	}
	switch e := j["extends"].(type) {
	case string:
		if extendsTarget(e, top) {
			return true
		}
	case []any:
		for _, x := range e {
			if s, ok := x.(string); ok && extendsTarget(s, top) {
				return true
			}
		}
	}
	switch t := j["trigger"].(type) {
	case string:
		return strings.Contains(t, "/")
	case map[string]any:
		_, p := t["project"]
		_, i := t["include"]
		return p || i
	}
	return false
}

// extendsTarget reports a name extends: can refer to: a hidden job (which
// GitLab's convention puts in included files too) or a key of the same file.
func extendsTarget(name string, top map[string]any) bool {
	if strings.HasPrefix(name, ".") && len(name) > 1 {
		return true
	}
	_, ok := top[name]
	return ok
}

// allScriptLines: script lines are strings, nested lists of strings (from
// !reference or anchors), or !reference tags themselves.
func allScriptLines(xs []any) bool {
	for _, x := range xs {
		switch y := x.(type) {
		case string:
		case []any:
			if !allScriptLines(y) {
				return false
			}
		case map[string]any:
			if _, ok := y["!reference"]; !ok || len(y) != 1 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// gitlabInclude reports include: in a form only GitLab uses: a mapping (or a
// list with a mapping) naming local, project, remote, template or component.
// A list of plain paths is not enough: docker-compose has include: too.
func gitlabInclude(v any) bool {
	items := []any{v}
	if l, ok := v.([]any); ok {
		items = l
	}
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		for _, k := range []string{"local", "project", "remote", "template", "component"} {
			if _, ok := m[k]; ok {
				return true
			}
		}
	}
	return false
}

// isForeignFormat excludes well-known YAML formats whose shapes could pass
// for jobs: Kubernetes manifests (a ConfigMap's data may hold a script:),
// OpenAPI documents, JSON schemas and docker-compose files (services: as a
// mapping of services; GitLab's services: is a list).
func isForeignFormat(m map[string]any) bool {
	_, api := m["apiVersion"]
	_, k := m["kind"]
	if api && k {
		return true
	}
	for _, key := range []string{"openapi", "swagger", "$schema", "asyncapi"} {
		if _, ok := m[key]; ok {
			return true
		}
	}
	if s, ok := m["services"].(map[string]any); ok && len(s) > 0 {
		return true
	}
	return false
}

func allStrings(xs []any) bool {
	for _, x := range xs {
		if _, ok := x.(string); !ok {
			return false
		}
	}
	return true
}
