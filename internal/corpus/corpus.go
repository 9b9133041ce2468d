// Package corpus generates the benchmark corpus: a deterministic, realistic
// mix of every kind of file rampart reads, good and flawed, laid out in
// directories the way repositories hold them (workflows under
// .github/workflows, DevRamps pipelines under .devramps/<slug>/), so that
// kind detection by name and by content both take part.
//
// # Mix
//
// Files are drawn by these shares (percent of the file count):
//
//	cloudformation   22  (16 YAML, 6 JSON; 50–2,000 lines, log-uniform)
//	terraform        16  (30–800 lines)
//	iam-policy       15  (14 standalone JSON of 1–25 statements, 1 DevRamps YAML list)
//	github-actions   12  (20–250 lines)
//	buildspec        10  (15–120 lines)
//	gitlab-ci         8  (20–200 lines)
//	devramps          6  (25–150 lines)
//	codepipeline      4
//	approval rules    2  (codecommit-approval-rule)
//	other             5  (Kubernetes manifests and package.json files; rampart skips them)
//
// About a third of the files are clean; in the others each component has a
// 15% or 40% chance of carrying a flaw that some rule reports. Big adds a few
// 10,000-line CloudFormation templates.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Options say what to generate.
type Options struct {
	Files int
	Seed  uint64
	// Big adds BigTemplates CloudFormation templates of 10,000 lines each,
	// beyond Files.
	Big bool
}

// BigTemplates is how many 10,000-line templates Big adds.
const BigTemplates = 3

// File is one generated file.
type File struct {
	Path string // slash-separated, relative to the corpus root
	Kind string // the kind rampart should detect; "" for files it skips
	Data []byte
}

type share struct {
	name   string
	kind   string
	weight int
}

var mix = []share{
	{"cfn-yaml", "cloudformation", 16},
	{"cfn-json", "cloudformation", 6},
	{"terraform", "terraform", 16},
	{"iam-json", "iam-policy", 14},
	{"iam-yaml", "iam-policy", 1},
	{"github", "github-actions", 12},
	{"buildspec", "buildspec", 10},
	{"gitlab", "gitlab-ci", 8},
	{"devramps", "devramps", 6},
	{"codepipeline", "codepipeline", 4},
	{"approval", "codecommit-approval-rule", 2},
	{"k8s", "", 3},
	{"package", "", 2},
}

// filesPerRepo groups files into repository-like directories.
const filesPerRepo = 10

// Generate returns the corpus's files, in path order. The same options give
// the same bytes.
func Generate(opts Options) []File {
	total := 0
	for _, s := range mix {
		total += s.weight
	}
	files := make([]File, 0, opts.Files+BigTemplates)
	for i := 0; i < opts.Files; i++ {
		g := newGen(opts.Seed, i)
		x := g.r.IntN(total)
		var s share
		for _, s = range mix {
			if x < s.weight {
				break
			}
			x -= s.weight
		}
		files = append(files, g.file(s, i))
	}
	if opts.Big {
		for j := 0; j < BigTemplates; j++ {
			g := newGen(opts.Seed, opts.Files+j)
			files = append(files, File{
				Path: fmt.Sprintf("big/template-%d.yaml", j),
				Kind: "cloudformation",
				Data: []byte(g.cloudFormation(10000, false)),
			})
		}
	}
	sort.Slice(files, func(a, b int) bool { return files[a].Path < files[b].Path })
	return files
}

// Kinds returns the generated kinds' share names, for documentation and tests.
func Kinds() []string {
	var out []string
	for _, s := range mix {
		out = append(out, s.name)
	}
	return out
}

func (g *gen) file(s share, i int) File {
	repo := fmt.Sprintf("repo-%04d", i/filesPerRepo)
	f := File{Kind: s.kind}
	var p string
	switch s.name {
	case "cfn-yaml":
		p = fmt.Sprintf("infra/%s-stack-%d.yaml", g.service, i)
		f.Data = []byte(g.cloudFormation(g.logBetween(50, 2000), false))
	case "cfn-json":
		p = fmt.Sprintf("infra/%s-stack-%d.json", g.service, i)
		f.Data = []byte(g.cloudFormation(g.logBetween(50, 2000), true))
	case "terraform":
		p = fmt.Sprintf("terraform/%s-%d.tf", g.service, i)
		f.Data = []byte(g.terraform(g.logBetween(30, 800)))
	case "iam-json":
		p = fmt.Sprintf("policies/%s-%d.json", g.service, i)
		pol := g.policy(g.logBetween(1, 25))
		if g.chance(0.15) {
			pol = g.trustPolicy(g.pick("github", "codebuild", "codepipeline"))
		}
		f.Data = []byte(toJSON(pol))
	case "iam-yaml":
		p = fmt.Sprintf(".devramps/%s-%d/aws_additional_iam_policies.yaml", g.service, i)
		var l list
		for k := 0; k < g.between(1, 4); k++ {
			l = append(l, g.policy(g.between(1, 4)))
		}
		f.Data = []byte("# Extra permissions for the deployment role.\n" + toYAMLList(l))
	case "github":
		p = fmt.Sprintf(".github/workflows/%s-%d.yml", g.pick("ci", "release", "deploy", "preview"), i)
		f.Data = []byte(toYAML(g.githubWorkflow(g.logBetween(20, 250))))
	case "buildspec":
		p = fmt.Sprintf("buildspec-%d.yml", i)
		f.Data = []byte(toYAML(g.buildspec(g.logBetween(15, 120))))
	case "gitlab":
		p = fmt.Sprintf("ci/%s-%d.gitlab-ci.yml", g.service, i)
		f.Data = []byte(toYAML(g.gitlabCI(g.logBetween(20, 200))))
	case "devramps":
		p = fmt.Sprintf(".devramps/%s-%d/pipeline.yaml", g.service, i)
		f.Data = []byte(toYAML(g.devRamps(g.logBetween(25, 150))))
	case "codepipeline":
		p = fmt.Sprintf("pipelines/%s-%d.json", g.service, i)
		f.Data = []byte(toJSON(g.codePipeline()))
	case "approval":
		p = fmt.Sprintf("approval-rules/%s-%d.json", g.service, i)
		f.Data = []byte(toJSON(g.approvalRule()))
	case "k8s":
		p = fmt.Sprintf("deploy/%s-%d.yaml", g.service, i)
		f.Data = []byte(g.other(false))
	default:
		p = fmt.Sprintf("web-%d/package.json", i)
		f.Data = []byte(g.other(true))
	}
	f.Path = repo + "/" + p
	return f
}

func toYAMLList(l list) string {
	var b strings.Builder
	yamlList(&b, l, 0)
	return b.String()
}

// Write generates the corpus into dir (created if needed) and returns what it
// wrote.
func Write(dir string, opts Options) ([]File, error) {
	files := Generate(opts)
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, err
		}
	}
	return files, nil
}
