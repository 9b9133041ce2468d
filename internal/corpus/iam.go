package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// gen draws one file's choices. Each file has its own generator, seeded by
// the corpus seed and the file's index, so a file's bytes do not depend on
// the files generated before it.
type gen struct {
	r *rand.Rand
	// bad is the probability that a component carries a flaw a rule reports;
	// 0 for a clean file.
	bad     float64
	service string
	account string
	region  string
	// flavour decides how ARNs are written: "cfn" may use !Sub and !GetAtt,
	// "tf" may use resource references, "" writes plain strings.
	flavour string
}

func newGen(seed uint64, index int) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, uint64(index)*0x9e3779b97f4a7c15+1))}
	g.service = g.pick(services...)
	g.account = g.pick("123456789012", "111111111111", "222222222222", "210987654321", "345678901234")
	g.region = g.pick("us-east-1", "us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2")
	// About a third of the files are clean; the others have flaws of
	// various density, as in repositories that grew over time.
	switch x := g.r.Float64(); {
	case x < 0.35:
		g.bad = 0
	case x < 0.8:
		g.bad = 0.15
	default:
		g.bad = 0.4
	}
	return g
}

var services = []string{"orders", "payments", "web", "api", "billing", "search", "auth", "inventory",
	"catalog", "shipping", "reports", "notifications", "media", "analytics", "gateway", "checkout",
	"ledger", "profile", "pricing", "fulfilment"}

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// flaw reports whether this component gets a flaw.
func (g *gen) flaw() bool { return g.bad > 0 && g.chance(g.bad) }

func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// logBetween draws from lo..hi with small values more likely, as file sizes are.
func (g *gen) logBetween(lo, hi int) int {
	return int(float64(lo) * math.Pow(float64(hi)/float64(lo), g.r.Float64()))
}

func (g *gen) hex(n int) string {
	const digits = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(digits[g.r.IntN(16)])
	}
	return b.String()
}

func (g *gen) upper(n int) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(digits[g.r.IntN(len(digits))])
	}
	return b.String()
}

func (g *gen) alnum(n int) string {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(digits[g.r.IntN(len(digits))])
	}
	return b.String()
}

// accessKey is a made-up key in the real format (AKIA + 16), the kind of
// value secrets/hardcoded-credential looks for.
func (g *gen) accessKey() string { return "AKIA" + g.upper(16) }

func (g *gen) secretKey() string { return g.alnum(40) }

// arn writes an ARN of this file's account and region. In a template it is
// sometimes a !Sub with the pseudo parameters, as people write them.
func (g *gen) arn(service, resource string) any {
	region, account := g.region, g.account
	if service == "s3" || service == "iam" {
		region = ""
	}
	if service == "s3" {
		account = ""
	}
	if g.flavour == "cfn" && g.chance(0.4) {
		r, a := "${AWS::Region}", "${AWS::AccountId}"
		if region == "" {
			r = ""
		}
		if account == "" {
			a = ""
		}
		return cfn{"Sub", fmt.Sprintf("arn:${AWS::Partition}:%s:%s:%s:%s", service, r, a, resource)}
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, account, resource)
}

// statement returns one IAM statement: most grant a pipeline's usual actions
// on named resources; a flawed one is one of the mistakes the iam rules know.
func (g *gen) statement() obj {
	if g.flaw() {
		return g.badStatement()
	}
	svc := g.service
	var s obj
	if g.chance(0.3) {
		s = append(s, kv{"Sid", g.pick("Read", "Write", "Deploy", "Logs", "Artifacts", "Publish", "Decrypt") + g.pick("Artifacts", "Objects", "Service", "Stack", "Images", "Keys", "Params")})
	}
	s = append(s, kv{"Effect", "Allow"})
	switch g.r.IntN(9) {
	case 0:
		s = append(s, kv{"Action", g.actions("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation")},
			kv{"Resource", g.some(g.arn("s3", svc+"-artifacts-"+g.account+"/*"), g.arn("s3", svc+"-artifacts-"+g.account))})
	case 1:
		s = append(s, kv{"Action", g.actions("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")},
			kv{"Resource", g.arn("logs", "log-group:/aws/codebuild/"+svc+"-*")})
	case 2:
		s = append(s, kv{"Action", g.actions("ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage")},
			kv{"Resource", g.arn("ecr", "repository/"+svc)})
	case 3:
		s = append(s, kv{"Action", "ecr:GetAuthorizationToken"}, kv{"Resource", "*"})
	case 4:
		s = append(s, kv{"Action", g.actions("cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DescribeStacks", "cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet")},
			kv{"Resource", g.arn("cloudformation", "stack/"+svc+"-*/*")})
	case 5:
		s = append(s, kv{"Action", "iam:PassRole"},
			kv{"Resource", g.arn("iam", "role/"+svc+"-task")},
			kv{"Condition", obj{{"StringEquals", obj{{"iam:PassedToService", "ecs-tasks.amazonaws.com"}}}}})
	case 6:
		s = append(s, kv{"Action", g.actions("kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey")},
			kv{"Resource", g.arn("kms", "key/"+g.hex(8)+"-"+g.hex(4)+"-"+g.hex(4)+"-"+g.hex(4)+"-"+g.hex(12))})
	case 7:
		s = append(s, kv{"Action", g.actions("ssm:GetParameter", "ssm:GetParameters", "secretsmanager:GetSecretValue")},
			kv{"Resource", g.some(g.arn("ssm", "parameter/"+svc+"/*"), g.arn("secretsmanager", "secret:"+svc+"/ci-*"))})
	default:
		s = append(s, kv{"Action", g.actions("ecs:UpdateService", "ecs:DescribeServices", "ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition")},
			kv{"Resource", g.arn("ecs", "service/prod/"+svc)})
	}
	return s
}

// actions returns a non-empty subset of xs, in order: a string when it is one.
func (g *gen) actions(xs ...string) any {
	var out list
	for _, x := range xs {
		if g.chance(0.6) {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return xs[g.r.IntN(len(xs))]
	}
	if len(out) == 1 && g.chance(0.5) {
		return out[0]
	}
	return out
}

func (g *gen) some(xs ...any) any {
	n := g.between(1, len(xs))
	if n == 1 {
		return xs[0]
	}
	return list(xs[:n])
}

func (g *gen) badStatement() obj {
	switch g.r.IntN(8) {
	case 0:
		return obj{{"Effect", "Allow"}, {"Action", "*"}, {"Resource", "*"}}
	case 1:
		return obj{{"Effect", "Allow"}, {"Action", g.pick("s3:*", "dynamodb:*", "ecr:*", "lambda:*")}, {"Resource", "*"}}
	case 2:
		return obj{{"Sid", "PassAnyRole"}, {"Effect", "Allow"}, {"Action", "iam:PassRole"}, {"Resource", "*"}}
	case 3:
		return obj{{"Effect", "Allow"}, {"Action", list{"iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreatePolicyVersion"}}, {"Resource", g.arn("iam", "role/*")}}
	case 4:
		return obj{{"Effect", "Allow"}, {"NotAction", list{"iam:*", "organizations:*"}}, {"Resource", "*"}}
	case 5:
		return obj{{"Effect", "Allow"}, {"Action", list{"dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"}}, {"Resource", "*"}}
	case 6:
		return obj{{"Effect", "Allow"}, {"Action", list{"lambda:UpdateFunctionCode", "lambda:CreateFunction"}}, {"Resource", g.arn("lambda", "function:*")}}
	default:
		return obj{{"Effect", "allow"}, {"Action", "s3:GetObject"}, {"Resource", g.arn("s3", g.service+"-site/*")}}
	}
}

// policy is an identity policy of n statements.
func (g *gen) policy(n int) obj {
	st := make(list, n)
	for i := range st {
		st[i] = g.statement()
	}
	return obj{{"Version", "2012-10-17"}, {"Statement", st}}
}

// trustPolicy lets a service, or GitHub's OIDC provider, assume a role.
func (g *gen) trustPolicy(service string) obj {
	if service == "github" {
		cond := obj{{"StringEquals", obj{{"token.actions.githubusercontent.com:aud", "sts.amazonaws.com"}}}}
		if !g.flaw() {
			cond = append(cond, kv{"StringLike", obj{{"token.actions.githubusercontent.com:sub", "repo:acme/" + g.service + ":ref:refs/heads/main"}}})
		}
		return obj{{"Version", "2012-10-17"}, {"Statement", list{obj{
			{"Effect", "Allow"},
			{"Principal", obj{{"Federated", fmt.Sprintf("arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com", g.account)}}},
			{"Action", "sts:AssumeRoleWithWebIdentity"},
			{"Condition", cond},
		}}}}
	}
	return obj{{"Version", "2012-10-17"}, {"Statement", list{obj{
		{"Effect", "Allow"},
		{"Principal", obj{{"Service", service + ".amazonaws.com"}}},
		{"Action", "sts:AssumeRole"},
	}}}}
}

// resourcePolicy is a bucket, repository or key policy: principals named,
// sometimes everyone.
func (g *gen) resourcePolicy(resource any) obj {
	principal := any(obj{{"AWS", fmt.Sprintf("arn:aws:iam::%s:role/%s-deploy", g.account, g.service)}})
	if g.flaw() {
		principal = "*"
	}
	st := list{obj{
		{"Sid", "AllowDeployRole"},
		{"Effect", "Allow"},
		{"Principal", principal},
		{"Action", g.actions("s3:GetObject", "s3:PutObject")},
		{"Resource", resource},
	}}
	if g.chance(0.5) {
		st = append(st, obj{
			{"Sid", "DenyInsecureTransport"},
			{"Effect", "Deny"},
			{"Principal", "*"},
			{"Action", "s3:*"},
			{"Resource", resource},
			{"Condition", obj{{"Bool", obj{{"aws:SecureTransport", "false"}}}}},
		})
	}
	return obj{{"Version", "2012-10-17"}, {"Statement", st}}
}
