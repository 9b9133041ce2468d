package corpus

import (
	"fmt"
	"strings"
)

// buildspec returns a CodeBuild buildspec of about target lines.
func (g *gen) buildspec(target int) obj {
	vars := obj{{"AWS_DEFAULT_REGION", g.region}, {"IMAGE_REPO", fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", g.account, g.region, g.service)}}
	env := obj{{"variables", vars}}
	if g.flaw() {
		vars = append(vars, kv{"AWS_ACCESS_KEY_ID", g.accessKey()})
		env[0].V = vars
	} else {
		env = append(env, kv{"secrets-manager", obj{{"DB_PASSWORD", "prod/" + g.service + "/db:password"}}},
			kv{"parameter-store", obj{{"SONAR_TOKEN", "/ci/" + g.service + "/sonar-token"}}})
	}
	phases := obj{}
	n := 8
	for _, phase := range []string{"install", "pre_build", "build", "post_build"} {
		var cmds list
		k := g.between(1, 3)
		for j := 0; j < k || n < target && j < 12; j++ {
			cmds = append(cmds, g.shellCommand())
			n++
		}
		phases = append(phases, kv{phase, obj{{"commands", cmds}}})
		n += 2
	}
	doc := obj{{"version", num("0.2")}, {"env", env}, {"phases", phases}}
	if g.chance(0.5) {
		doc = append(doc, kv{"artifacts", obj{{"files", list{"imagedefinitions.json", "template.yaml"}}}})
	}
	if g.chance(0.3) {
		doc = append(doc, kv{"cache", obj{{"paths", list{"/root/.npm/**/*"}}}})
	}
	return doc
}

// shellCommand is one line of a build script: mostly ordinary, sometimes one
// the supply-chain, secrets or pipeline rules report.
func (g *gen) shellCommand() string {
	if g.flaw() {
		return g.pick(
			"curl -fsSL https://get.example.com/install.sh | sh",
			"npm install",
			"pip install -r requirements.txt",
			`echo "password is $DB_PASSWORD"`,
			"set -x",
			`docker push "$IMAGE_REPO:latest"`,
			"terraform apply -auto-approve",
			"wget -qO- https://raw.githubusercontent.com/acme/tools/main/setup.sh | bash",
		)
	}
	return g.pick(
		"npm ci",
		"npm test",
		"npm run build",
		"go test ./...",
		"go build -o dist/ ./cmd/...",
		"make lint",
		`IMAGE_TAG="${CODEBUILD_RESOLVED_SOURCE_VERSION:0:12}"`,
		`docker build --tag "$IMAGE_REPO:$IMAGE_TAG" .`,
		`trivy image --exit-code 1 --severity HIGH,CRITICAL "$IMAGE_REPO:$IMAGE_TAG"`,
		"pip install --require-hashes -r requirements.txt",
		"terraform plan -out=tfplan",
		"./scripts/smoke-test.sh",
		`aws cloudformation package --template-file template.yaml --s3-bucket "$ARTIFACT_BUCKET" --output-template-file packaged.yaml`,
	)
}

// Pinned and unpinned references to well-known actions.
var actionPins = map[string]string{
	"actions/checkout":                      "11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
	"actions/setup-node":                    "39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0",
	"actions/setup-go":                      "3041bf56c941b39c61721a86cd11f3bb1338122a # v5.2.0",
	"aws-actions/configure-aws-credentials": "e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2",
	"docker/build-push-action":              "48aba3b46d1b1fec4febb7c5d0c644b249a11355 # v6.10.0",
}

func (g *gen) uses(action, tag string) string {
	if g.flaw() {
		return action + "@" + tag
	}
	return action + "@" + actionPins[action]
}

// githubWorkflow returns a workflow of about target lines.
func (g *gen) githubWorkflow(target int) obj {
	on := obj{{"push", obj{{"branches", list{"main"}}}}, {"pull_request", obj{}}}
	if g.flaw() {
		on = obj{{"pull_request_target", obj{{"types", list{"opened", "synchronize"}}}}}
	}
	doc := obj{{"name", strings.ToUpper(g.service[:1]) + g.service[1:] + " CI"}, {"on", on}}
	if !g.flaw() {
		doc = append(doc, kv{"permissions", obj{{"contents", "read"}}})
	}
	var jobs obj
	n := 8
	for j := 0; n < target; j++ {
		job, l := g.githubJob(j)
		jobs = append(jobs, kv{fmt.Sprintf("%s-%d", g.pick("test", "build", "lint", "package", "deploy"), j), job})
		n += l
	}
	return append(doc, kv{"jobs", jobs})
}

func (g *gen) githubJob(j int) (obj, int) {
	runsOn := any("ubuntu-24.04")
	if g.flaw() {
		runsOn = list{"self-hosted", "linux"}
	}
	checkout := obj{{"uses", g.uses("actions/checkout", "v4")}}
	if !g.flaw() {
		checkout = append(checkout, kv{"with", obj{{"persist-credentials", false}}})
	}
	steps := list{checkout, obj{{"uses", g.uses("actions/setup-node", "v4")}, {"with", obj{{"node-version", 20}, {"cache", "npm"}}}}}
	n := 8
	for k := 0; k < g.between(2, 8); k++ {
		switch g.r.IntN(6) {
		case 0:
			if g.flaw() {
				steps = append(steps, obj{{"name", "Greet"}, {"run", `echo "Building ${{ github.event.pull_request.title }}"`}})
			} else {
				steps = append(steps, obj{{"name", "Greet"}, {"run", "echo \"Building $TITLE\""}, {"env", obj{{"TITLE", "${{ github.event.pull_request.title }}"}}}})
			}
			n += 4
		case 1:
			with := obj{{"aws-region", g.region}}
			if g.flaw() {
				with = append(with, kv{"aws-access-key-id", g.accessKey()}, kv{"aws-secret-access-key", "${{ secrets.AWS_SECRET_ACCESS_KEY }}"})
			} else {
				with = append(with, kv{"role-to-assume", fmt.Sprintf("arn:aws:iam::%s:role/github-%s", g.account, g.service)})
			}
			steps = append(steps, obj{{"uses", g.uses("aws-actions/configure-aws-credentials", "v4")}, {"with", with}})
			n += 5
		case 2:
			steps = append(steps, obj{{"name", "Build image"}, {"uses", g.uses("docker/build-push-action", "v6")}, {"with", obj{{"push", true}, {"tags", "ghcr.io/acme/" + g.service + ":${{ github.sha }}"}}}})
			n += 5
		default:
			steps = append(steps, obj{{"run", block(g.shellCommand() + "\n" + g.shellCommand() + "\n")}})
			n += 3
		}
	}
	job := obj{{"runs-on", runsOn}}
	if j > 0 {
		job = append(job, kv{"needs", fmt.Sprintf("%s-%d", "test", j-1)})
	}
	job = append(job, kv{"steps", steps})
	return job, n
}

// gitlabCI returns a .gitlab-ci.yml of about target lines.
func (g *gen) gitlabCI(target int) obj {
	doc := obj{
		{"stages", list{"build", "test", "deploy"}},
		{"default", obj{{"image", g.containerImage()}}},
		{"variables", g.gitlabVariables()},
	}
	n := 8
	for j := 0; n < target; j++ {
		stage := []string{"build", "test", "deploy"}[j%3]
		var script list
		for k := 0; k < g.between(2, 6); k++ {
			script = append(script, g.shellCommand())
		}
		job := obj{{"stage", stage}, {"script", script}}
		if stage == "deploy" {
			job = append(job, kv{"environment", g.pick("staging", "production")})
			if !g.flaw() {
				job = append(job, kv{"when", "manual"})
			}
		}
		doc = append(doc, kv{fmt.Sprintf("%s-%d", stage, j), job})
		n += len(script) + 5
	}
	return doc
}

func (g *gen) gitlabVariables() obj {
	v := obj{{"npm_config_cache", "$CI_PROJECT_DIR/.npm"}}
	if g.flaw() {
		v = append(v, kv{"AWS_SECRET_ACCESS_KEY", g.secretKey()})
	}
	return v
}

func (g *gen) containerImage() string {
	if g.flaw() {
		return g.pick("node:20", "python:latest", "alpine")
	}
	return "node:20.18.1-bookworm@sha256:" + g.hex(64)
}

// devRamps returns a DevRamps pipeline definition of about target lines.
func (g *gen) devRamps(target int) obj {
	approval := "ALWAYS"
	if g.flaw() {
		approval = "NEVER"
	}
	stages := list{
		obj{{"name", "staging"}, {"account_id", "111111111111"}, {"region", g.region}},
		obj{{"name", "production"}, {"account_id", "222222222222"}, {"region", g.region}},
	}
	steps := list{obj{
		{"name", "Synthesize Infrastructure"}, {"id", "infra"}, {"type", "DEVRAMPS:TERRAFORM:SYNTHESIZE"},
		{"params", obj{{"requires_approval", g.pick("DESTRUCTIVE_CHANGES_ONLY", "ALWAYS")}, {"source", "/infrastructure"}}},
	}}
	n := 20
	for j := 0; n < target; j++ {
		steps = append(steps, obj{
			{"name", fmt.Sprintf("Deploy %s %d", g.service, j)},
			{"type", "DEVRAMPS:ECS:DEPLOY"},
			{"params", obj{
				{"cluster_name", "${{ steps.infra.ecs_cluster_name }}"},
				{"service_name", fmt.Sprintf("%s-%d", g.service, j)},
				{"image_url", `${{ stage.artifacts["API Image"].image_url }}`},
			}},
		})
		n += 6
	}
	if !g.flaw() {
		steps = append(steps,
			obj{{"name", "Integration Tests"}, {"type", "DEVRAMPS:APPROVAL:TEST"}, {"params", obj{{"testCommand", "npm test"}}}},
			obj{{"name", "Bake Period"}, {"type", "DEVRAMPS:APPROVAL:BAKE"}, {"params", obj{{"duration_minutes", 30}}}})
	}
	return obj{
		{"version", "1.0.0"},
		{"pipeline", obj{
			{"cloud_provider", "AWS"},
			{"pipeline_updates_require_approval", approval},
			{"tracks", "main"},
			{"stages", stages},
			{"steps", steps},
			{"artifacts", obj{{"API Image", obj{
				{"type", "DEVRAMPS:DOCKER:BUILD"},
				{"rebuild_when_changed", list{"/services/" + g.service, "/Dockerfile"}},
				{"params", obj{{"dockerfile", "/Dockerfile"}, {"build_root", "/"}}},
			}}}},
		}},
	}
}

// codePipeline returns a pipeline as `aws codepipeline get-pipeline` prints it.
func (g *gen) codePipeline() obj {
	action := func(name, category, provider string, cfg obj) obj {
		return obj{
			{"name", name},
			{"actionTypeId", obj{{"category", category}, {"owner", "AWS"}, {"provider", provider}, {"version", "1"}}},
			{"runOrder", 1},
			{"configuration", cfg},
		}
	}
	stages := list{
		obj{{"name", "Source"}, {"actions", list{action("Source", "Source", "CodeStarSourceConnection", obj{
			{"ConnectionArn", fmt.Sprintf("arn:aws:codeconnections:%s:%s:connection/%s", g.region, g.account, g.hex(8))},
			{"FullRepositoryId", "acme/" + g.service},
			{"BranchName", "main"},
		})}}},
		obj{{"name", "Build"}, {"actions", list{action("Build", "Build", "CodeBuild", obj{{"ProjectName", g.service + "-build"}})}}},
	}
	for j := 0; j < g.between(0, 3); j++ {
		stages = append(stages, obj{{"name", fmt.Sprintf("Staging%d", j)}, {"actions", list{action("Deploy", "Deploy", "ECS", obj{{"ClusterName", "staging"}, {"ServiceName", g.service}})}}})
	}
	if !g.flaw() {
		stages = append(stages, obj{{"name", "Approval"}, {"actions", list{action("Approve", "Approval", "Manual", obj{})}}})
	}
	stages = append(stages, obj{{"name", "Production"}, {"actions", list{action("Deploy", "Deploy", "ECS", obj{{"ClusterName", "prod"}, {"ServiceName", g.service}})}}})
	store := obj{{"type", "S3"}, {"location", fmt.Sprintf("codepipeline-%s-%s", g.region, g.account)}}
	if !g.flaw() {
		store = append(store, kv{"encryptionKey", obj{{"id", "alias/" + g.service}, {"type", "KMS"}}})
	}
	return obj{
		{"pipeline", obj{
			{"name", g.service},
			{"roleArn", fmt.Sprintf("arn:aws:iam::%s:role/service-role/%s-pipeline", g.account, g.service)},
			{"artifactStore", store},
			{"stages", stages},
			{"version", g.between(1, 30)},
			{"pipelineType", "V2"},
		}},
		{"metadata", obj{{"pipelineArn", fmt.Sprintf("arn:aws:codepipeline:%s:%s:%s", g.region, g.account, g.service)}}},
	}
}

// approvalRule returns CodeCommit approval rule template content.
func (g *gen) approvalRule() obj {
	n := 2
	if g.flaw() {
		n = 1
	}
	st := obj{{"Type", "Approvers"}, {"NumberOfApprovalsNeeded", n}}
	if !g.flaw() {
		st = append(st, kv{"ApprovalPoolMembers", list{fmt.Sprintf("arn:aws:sts::%s:assumed-role/reviewers/*", g.account)}})
	}
	return obj{
		{"Version", "2018-11-08"},
		{"DestinationReferences", list{"refs/heads/main"}},
		{"Statements", list{st}},
	}
}

// other is a file of no kind rampart reads, as repositories hold: a
// Kubernetes deployment or a package.json. rampart skips it.
func (g *gen) other(json bool) string {
	if json {
		return toJSON(obj{
			{"name", g.service},
			{"version", fmt.Sprintf("1.%d.0", g.between(0, 20))},
			{"private", true},
			{"scripts", obj{{"build", "tsc -p ."}, {"test", "jest"}}},
			{"dependencies", obj{{"express", "^4.21.2"}, {"pg", "^8.13.1"}}},
		})
	}
	return toYAML(obj{
		{"apiVersion", "apps/v1"},
		{"kind", "Deployment"},
		{"metadata", obj{{"name", g.service}, {"labels", obj{{"app", g.service}}}}},
		{"spec", obj{
			{"replicas", g.between(1, 5)},
			{"selector", obj{{"matchLabels", obj{{"app", g.service}}}}},
			{"template", obj{
				{"metadata", obj{{"labels", obj{{"app", g.service}}}}},
				{"spec", obj{{"containers", list{obj{{"name", g.service}, {"image", "ghcr.io/acme/" + g.service + ":1.0"}}}}}},
			}},
		}},
	})
}
