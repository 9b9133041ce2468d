package virtual_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestEmbeddedPolicies lints IAM policies in every form a CloudFormation
// template can hold them and checks that findings land on the exact token in
// the template, with the host path.
func TestEmbeddedPolicies(t *testing.T) {
	yamlTemplate := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  BuildRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: build
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ["s3:GetObject", "*"]
                Resource: "*"
  StringPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}'
  SubPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub |
        {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::${Bucket}/*"}]
        }
  RefResource:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [!Sub "s3:${Verb}", s3:PutObject]
            Resource: !Sub "arn:aws:s3:::${Bucket}/*"
  Bucket:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: !Join ["", ["arn:aws:s3:::", !Ref Bucket, "/*"]]
  Broken:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: '{"Version": "2012-10-17", "Statement": [}'
`
	jsonTemplate := `{
  "Resources": {
    "Escaped": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyName": "p",
        "PolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}"
      }
    },
    "Plain": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyName": "p",
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b/*"}]}
      }
    }
  }
}
`
	findings := lintFiles(t, map[string]string{"t.yaml": yamlTemplate, "t.json": jsonTemplate})
	got := map[string]bool{}
	for _, f := range findings {
		src := yamlTemplate
		if strings.HasSuffix(f.File, ".json") {
			src = jsonTemplate
		}
		token := src[f.Range.Start.Offset:f.Range.End.Offset]
		got[filepath.Base(f.File)+" "+f.Rule+" "+f.Path+" "+token] = true
	}
	want := []string{
		`t.yaml iam/full-admin Resources.BuildRole.Properties.Policies[0].PolicyDocument.Statement[0].Action[1] "*"`,
		`t.yaml iam/passrole-unrestricted Resources.StringPolicy.Properties.PolicyDocument.Statement[0].Action "iam:PassRole"`,
		`t.yaml iam/wildcard-action Resources.SubPolicy.Properties.PolicyDocument.Statement[0].Action "s3:*"`,
		`t.yaml iam/principal-wildcard Resources.Bucket.Properties.PolicyDocument.Statement[0].Principal "*"`,
		`t.yaml rampart/parse-error  }`,
		// An escaped JSON string cannot be mapped token by token: the
		// finding covers the whole string.
		`t.json iam/full-admin Resources.Escaped.Properties.PolicyDocument.Statement[0].Action "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}"`,
		`t.json iam/allow-not-action Resources.Plain.Properties.PolicyDocument.Statement[0].NotAction "NotAction"`,
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing finding: %s", w)
		}
		delete(got, w)
	}
	for g := range got {
		t.Errorf("unexpected finding: %s", g)
	}
}

func TestConditionalAndSharedPolicies(t *testing.T) {
	src := `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Resources:
  Conditional:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !If
        - IsProd
        - Version: "2012-10-17"
          Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
        - !Ref AWS::NoValue
  Json:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !ToJsonString
        Version: "2012-10-17"
        Statement: [{Effect: Allow, NotAction: "s3:*", Resource: "arn:aws:s3:::b"}]
  Inline:
    Type: AWS::SNS::TopicInlinePolicy
    Properties:
      Topic: !Ref Topic
      PolicyDocument: &shared
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: "*", Action: "sns:Publish", Resource: "*"}]
  Reused:
    Type: AWS::SQS::QueueInlinePolicy
    Properties:
      Queue: !Ref Queue
      PolicyDocument: *shared
`
	findings := lintFiles(t, map[string]string{"t.yaml": src})
	var got []string
	for _, f := range findings {
		got = append(got, f.Rule+" "+f.Path+" "+f.Range.Start.String())
	}
	want := []string{
		`iam/full-admin Resources.Conditional.Properties.PolicyDocument["Fn::If"][1].Statement[0].Action 10:47`,
		`iam/allow-not-action Resources.Json.Properties.PolicyDocument["Fn::ToJsonString"].Statement[0].NotAction 17:37`,
		// One anchored policy, used by two resources: a finding for each.
		`iam/principal-wildcard Resources.Inline.Properties.PolicyDocument.Statement[0].Principal 24:48`,
		`iam/principal-wildcard Resources.Reused.Properties.PolicyDocument.Statement[0].Principal 24:48`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
