package corpus

import (
	"fmt"
	"strings"
)

// cloudFormation returns a template of about target lines, YAML or JSON: a
// service's build and deploy stack, its resources repeated with new names
// until the template is long enough.
func (g *gen) cloudFormation(target int, json bool) string {
	g.flavour = "cfn"
	render := func(o obj) string {
		if json {
			return toJSON(o)
		}
		return toYAML(o)
	}
	params := obj{
		{"Environment", obj{{"Type", "String"}, {"AllowedValues", list{"staging", "production"}}, {"Default", "staging"}}},
		{"ArtifactBucketName", obj{{"Type", "String"}}},
	}
	if g.flaw() {
		params = append(params, kv{"DatabasePassword", obj{{"Type", "String"}, {"Default", "Pr0d-" + g.alnum(12)}}})
	} else {
		params = append(params, kv{"DatabasePassword", obj{{"Type", "String"}, {"NoEcho", true}}})
	}
	head := obj{
		{"AWSTemplateFormatVersion", "2010-09-09"},
		{"Description", fmt.Sprintf("The %s service: build, deploy and audit resources.", g.service)},
		{"Parameters", params},
	}
	var resources obj
	n := lines(render(head)) + 8
	for i := 0; n < target; i++ {
		rs := g.cfnResources(i)
		n += lines(render(rs))
		resources = append(resources, rs...)
	}
	doc := append(head, kv{"Resources", resources}, kv{"Outputs", obj{
		{"ServiceRoleArn", obj{{"Value", cfn{"GetAtt", resources[0].K + ".Arn"}}}},
	}})
	out := render(doc)
	if !json {
		out = fmt.Sprintf("# %s: generated for rampart's benchmark corpus.\n", g.service) + out
	}
	return out
}

// cfnResources returns one group of related resources; i names them apart.
func (g *gen) cfnResources(i int) obj {
	name := func(s string) string { return fmt.Sprintf("%s%d", s, i) }
	svc := fmt.Sprintf("%s-%d", g.service, i)
	switch i % 7 {
	case 0, 3:
		return obj{
			{name("BuildRole"), g.cfnRole(svc, "codebuild")},
			{name("Build"), g.cfnCodeBuild(svc, name("BuildRole"))},
		}
	case 1:
		return obj{
			{name("PipelineRole"), g.cfnRole(svc, "codepipeline")},
			{name("Pipeline"), g.cfnPipeline(svc, name("PipelineRole"))},
		}
	case 2:
		return obj{
			{name("ArtifactBucket"), g.cfnBucket(svc)},
			{name("ArtifactBucketPolicy"), g.cfnBucketPolicy(name("ArtifactBucket"))},
		}
	case 4:
		return obj{
			{name("Trail"), g.cfnTrail(svc)},
			{name("BuildLogs"), obj{{"Type", "AWS::Logs::LogGroup"}, {"Properties", obj{
				{"LogGroupName", "/aws/codebuild/" + svc},
				{"RetentionInDays", g.retention()},
			}}}},
		}
	case 5:
		return obj{{name("Repository"), g.cfnECR(svc)}}
	default:
		return obj{
			{name("DeployPolicy"), obj{{"Type", "AWS::IAM::ManagedPolicy"}, {"Properties", obj{
				{"Description", "What the deploy stage of " + svc + " may do"},
				{"PolicyDocument", g.policy(g.between(1, 6))},
			}}}},
			{name("Database"), g.cfnDatabase(svc)},
		}
	}
}

func (g *gen) retention() int {
	if g.flaw() {
		return g.either(1, 7)
	}
	return g.either(90, 365)
}

// either returns a or b, as a coin falls.
func (g *gen) either(a, b int) int {
	if g.chance(0.5) {
		return a
	}
	return b
}

func (g *gen) cfnRole(svc, principal string) obj {
	props := obj{
		{"RoleName", svc + "-" + principal},
		{"AssumeRolePolicyDocument", g.trustPolicy(principal)},
	}
	var policies list
	for j := 0; j < g.between(1, 4); j++ {
		policies = append(policies, obj{
			{"PolicyName", fmt.Sprintf("%s-%d", svc, j)},
			{"PolicyDocument", g.policy(g.between(1, 5))},
		})
	}
	props = append(props, kv{"Policies", policies})
	if g.flaw() {
		props = append(props, kv{"ManagedPolicyArns", list{g.pick("arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/PowerUserAccess")}})
	}
	return obj{{"Type", "AWS::IAM::Role"}, {"Properties", props}}
}

func (g *gen) cfnCodeBuild(svc, role string) obj {
	env := obj{
		{"Type", "LINUX_CONTAINER"},
		{"ComputeType", g.pick("BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM")},
		{"Image", g.buildImage()},
	}
	if g.flaw() {
		env = append(env, kv{"PrivilegedMode", true})
	}
	if g.flaw() {
		env = append(env, kv{"EnvironmentVariables", list{obj{{"Name", "AWS_SECRET_ACCESS_KEY"}, {"Value", g.secretKey()}}}})
	} else {
		env = append(env, kv{"EnvironmentVariables", list{obj{{"Name", "STAGE"}, {"Value", cfn{"Ref", "Environment"}}}}})
	}
	source := obj{{"Type", "CODEPIPELINE"}}
	if g.chance(0.6) {
		source = append(source, kv{"BuildSpec", block(toYAML(g.buildspec(g.between(10, 40))))})
	}
	props := obj{
		{"Name", svc + "-build"},
		{"ServiceRole", cfn{"GetAtt", role + ".Arn"}},
		{"Artifacts", obj{{"Type", "CODEPIPELINE"}}},
		{"Environment", env},
		{"Source", source},
	}
	status := "ENABLED"
	if g.flaw() {
		status = "DISABLED"
	}
	props = append(props, kv{"LogsConfig", obj{{"CloudWatchLogs", obj{{"Status", status}, {"GroupName", "/aws/codebuild/" + svc}}}}})
	return obj{{"Type", "AWS::CodeBuild::Project"}, {"Properties", props}}
}

func (g *gen) buildImage() string {
	if g.flaw() {
		return g.pick("node:20", "python:3.12", "public.ecr.aws/docker/library/golang:latest")
	}
	return g.pick("aws/codebuild/standard:7.0", "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
		"public.ecr.aws/docker/library/node:20@sha256:"+g.hex(64))
}

func (g *gen) cfnPipeline(svc, role string) obj {
	store := obj{{"Type", "S3"}, {"Location", cfn{"Ref", "ArtifactBucketName"}}}
	if !g.flaw() {
		store = append(store, kv{"EncryptionKey", obj{{"Id", "alias/" + svc + "-artifacts"}, {"Type", "KMS"}}})
	}
	action := func(name, category, provider string, cfg obj, in, out string) obj {
		a := obj{
			{"Name", name},
			{"ActionTypeId", obj{{"Category", category}, {"Owner", "AWS"}, {"Provider", provider}, {"Version", "1"}}},
			{"Configuration", cfg},
		}
		if in != "" {
			a = append(a, kv{"InputArtifacts", list{obj{{"Name", in}}}})
		}
		if out != "" {
			a = append(a, kv{"OutputArtifacts", list{obj{{"Name", out}}}})
		}
		return a
	}
	stages := list{
		obj{{"Name", "Source"}, {"Actions", list{action("Source", "Source", "CodeCommit", obj{{"RepositoryName", svc}, {"BranchName", "main"}}, "", "Source")}}},
		obj{{"Name", "Build"}, {"Actions", list{action("Build", "Build", "CodeBuild", obj{{"ProjectName", svc + "-build"}}, "Source", "Built")}}},
	}
	if !g.flaw() {
		stages = append(stages,
			obj{{"Name", "Test"}, {"Actions", list{action("Integration", "Test", "CodeBuild", obj{{"ProjectName", svc + "-tests"}}, "Built", "")}}},
			obj{{"Name", "Approve"}, {"Actions", list{obj{
				{"Name", "Approve"},
				{"ActionTypeId", obj{{"Category", "Approval"}, {"Owner", "AWS"}, {"Provider", "Manual"}, {"Version", "1"}}},
			}}}})
	}
	stages = append(stages, obj{{"Name", "Production"}, {"Actions", list{action("Deploy", "Deploy", "CloudFormation", obj{
		{"ActionMode", "CREATE_UPDATE"},
		{"StackName", svc + "-prod"},
		{"TemplatePath", "Built::template.yaml"},
		{"RoleArn", cfn{"GetAtt", role + ".Arn"}},
	}, "Built", "")}}})
	return obj{{"Type", "AWS::CodePipeline::Pipeline"}, {"Properties", obj{
		{"RoleArn", cfn{"GetAtt", role + ".Arn"}},
		{"ArtifactStore", store},
		{"Stages", stages},
	}}}
}

func (g *gen) cfnBucket(svc string) obj {
	props := obj{{"BucketName", cfn{"Sub", svc + "-artifacts-${AWS::AccountId}"}}}
	if !g.flaw() {
		props = append(props,
			kv{"VersioningConfiguration", obj{{"Status", "Enabled"}}},
			kv{"BucketEncryption", obj{{"ServerSideEncryptionConfiguration", list{obj{{"ServerSideEncryptionByDefault", obj{{"SSEAlgorithm", "aws:kms"}}}}}}}},
			kv{"PublicAccessBlockConfiguration", obj{{"BlockPublicAcls", true}, {"BlockPublicPolicy", true}, {"IgnorePublicAcls", true}, {"RestrictPublicBuckets", true}}})
	}
	return obj{{"Type", "AWS::S3::Bucket"}, {"Properties", props}}
}

func (g *gen) cfnBucketPolicy(bucket string) obj {
	resource := cfn{"Sub", "${" + bucket + ".Arn}/*"}
	doc := any(g.resourcePolicy(resource))
	if g.chance(0.25) {
		// Written as a JSON string in !Sub, to interpolate the bucket ARN.
		doc = cfn{"Sub", strings.TrimSpace(toJSON(g.resourcePolicy("arn:aws:s3:::${" + bucket + "}/*")))}
	}
	return obj{{"Type", "AWS::S3::BucketPolicy"}, {"Properties", obj{
		{"Bucket", cfn{"Ref", bucket}},
		{"PolicyDocument", doc},
	}}}
}

func (g *gen) cfnTrail(svc string) obj {
	props := obj{
		{"TrailName", svc + "-trail"},
		{"S3BucketName", cfn{"Ref", "ArtifactBucketName"}},
		{"IsLogging", !g.flaw()},
		{"IsMultiRegionTrail", !g.flaw()},
		{"EnableLogFileValidation", !g.flaw()},
	}
	if !g.flaw() {
		props = append(props, kv{"KMSKeyId", "alias/" + svc + "-trail"})
	}
	return obj{{"Type", "AWS::CloudTrail::Trail"}, {"Properties", props}}
}

func (g *gen) cfnECR(svc string) obj {
	props := obj{{"RepositoryName", svc}}
	if g.flaw() {
		props = append(props, kv{"ImageTagMutability", "MUTABLE"}, kv{"ImageScanningConfiguration", obj{{"ScanOnPush", false}}})
	} else {
		props = append(props, kv{"ImageTagMutability", "IMMUTABLE"}, kv{"ImageScanningConfiguration", obj{{"ScanOnPush", true}}})
	}
	if g.chance(0.5) {
		props = append(props, kv{"RepositoryPolicyText", obj{{"Version", "2012-10-17"}, {"Statement", list{obj{
			{"Sid", "AllowPull"},
			{"Effect", "Allow"},
			{"Principal", obj{{"AWS", cfn{"Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}}},
			{"Action", list{"ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}},
		}}}}})
	}
	return obj{{"Type", "AWS::ECR::Repository"}, {"Properties", props}}
}

func (g *gen) cfnDatabase(svc string) obj {
	password := any(cfn{"Sub", "{{resolve:secretsmanager:" + svc + "/db:SecretString:password}}"})
	if g.flaw() {
		password = g.pick("hunter2hunter2", "Sup3rS3cret!"+g.alnum(6))
	}
	return obj{{"Type", "AWS::RDS::DBInstance"}, {"Properties", obj{
		{"DBInstanceClass", "db.t3.micro"},
		{"Engine", "postgres"},
		{"AllocatedStorage", "20"},
		{"MasterUsername", "app"},
		{"MasterUserPassword", password},
		{"StorageEncrypted", true},
	}}}
}
