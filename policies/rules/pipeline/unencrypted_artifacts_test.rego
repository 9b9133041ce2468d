package rampart.rules.pipeline.unencrypted_artifacts_test

import data.rampart.rules.pipeline.unencrypted_artifacts

_got := {{"path": v.path, "key": object.get(v, "key", false)} | some v in unencrypted_artifacts.deny}

_stages := [{"name": "Source", "actions": [{"name": "Source", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}}]}]

_kms := {"id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "type": "KMS"}

_cfn(props) := {"Resources": {"Pipeline": {"Type": "AWS::CodePipeline::Pipeline", "Properties": object.union({"Stages": [{"Name": "Source", "Actions": []}]}, props)}}}

_tf(body) := {"resource": {"aws_codepipeline": {"app": object.union({"name": "app", "stage": [{"name": "Source", "action": []}]}, body)}}}

cases := {
	"get-pipeline output without a key": {
		"input": {"pipeline": {"name": "app", "artifactStore": {"type": "S3", "location": "b"}, "stages": _stages}},
		"want": {{"path": ["pipeline", "artifactStore"], "key": true}},
	},
	"bare pipeline without a key": {
		"input": {"name": "app", "artifactStore": {"type": "S3", "location": "b"}, "stages": _stages},
		"want": {{"path": ["artifactStore"], "key": true}},
	},
	"one region of artifactStores without a key": {
		"input": {"pipeline": {"name": "app", "stages": _stages, "artifactStores": {
			"us-east-1": {"type": "S3", "location": "b1", "encryptionKey": _kms},
			"eu-west-1": {"type": "S3", "location": "b2"},
		}}},
		"want": {{"path": ["pipeline", "artifactStores", "eu-west-1"], "key": true}},
	},
	"the AWS managed alias": {
		"input": {"pipeline": {"name": "app", "artifactStore": {"type": "S3", "location": "b", "encryptionKey": {"id": "alias/aws/s3", "type": "KMS"}}, "stages": _stages}},
		"want": {{"path": ["pipeline", "artifactStore", "encryptionKey", "id"], "key": false}},
	},
	"the AWS managed alias as an ARN": {
		"input": {"pipeline": {"name": "app", "artifactStore": {"type": "S3", "location": "b", "encryptionKey": {"id": "arn:aws:kms:us-east-1:123456789012:alias/aws/s3", "type": "KMS"}}, "stages": _stages}},
		"want": {{"path": ["pipeline", "artifactStore", "encryptionKey", "id"], "key": false}},
	},
	"a key with no id": {
		"input": {"pipeline": {"name": "app", "artifactStore": {"type": "S3", "location": "b", "encryptionKey": {"type": "KMS"}}, "stages": _stages}},
		"want": {{"path": ["pipeline", "artifactStore", "encryptionKey"], "key": true}},
	},
	"customer-managed key": {
		"input": {"pipeline": {"name": "app", "artifactStore": {"type": "S3", "location": "b", "encryptionKey": _kms}, "stages": _stages}},
		"want": set(),
	},
	"customer-managed alias": {
		"input": {"pipeline": {"name": "app", "artifactStore": {"type": "S3", "location": "b", "encryptionKey": {"id": "alias/pipeline-artifacts", "type": "KMS"}}, "stages": _stages}},
		"want": set(),
	},
	"CloudFormation ArtifactStore without a key": {
		"input": _cfn({"ArtifactStore": {"Type": "S3", "Location": {"Ref": "Bucket"}}}),
		"want": {{"path": ["Resources", "Pipeline", "Properties", "ArtifactStore"], "key": true}},
	},
	"CloudFormation ArtifactStores": {
		"input": _cfn({"ArtifactStores": [
			{"Region": "us-east-1", "ArtifactStore": {"Type": "S3", "Location": "b1", "EncryptionKey": {"Id": {"Fn::GetAtt": ["Key", "Arn"]}, "Type": "KMS"}}},
			{"Region": "eu-west-1", "ArtifactStore": {"Type": "S3", "Location": "b2"}},
		]}),
		"want": {{"path": ["Resources", "Pipeline", "Properties", "ArtifactStores", 1, "ArtifactStore"], "key": true}},
	},
	"CloudFormation key from a parameter": {
		"input": _cfn({"ArtifactStore": {"Type": "S3", "Location": "b", "EncryptionKey": {"Id": {"Ref": "KeyArn"}, "Type": "KMS"}}}),
		"want": set(),
	},
	"Terraform artifact_store without encryption_key": {
		"input": _tf({"artifact_store": [{"location": "b", "type": "S3"}]}),
		"want": {{"path": ["resource", "aws_codepipeline", "app", "artifact_store", 0], "key": true}},
	},
	"Terraform with the AWS managed alias": {
		"input": _tf({"artifact_store": [{"location": "b", "type": "S3", "encryption_key": [{"id": "alias/aws/s3", "type": "KMS"}]}]}),
		"want": {{"path": ["resource", "aws_codepipeline", "app", "artifact_store", 0, "encryption_key", 0, "id"], "key": false}},
	},
	"Terraform with a key reference": {
		"input": _tf({"artifact_store": [{"location": "b", "type": "S3", "encryption_key": [{"id": "${aws_kms_key.artifacts.arn}", "type": "KMS"}]}]}),
		"want": set(),
	},
	"other resources are not pipelines": {
		"input": {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket", "Properties": {}}}},
		"want": set(),
	},
}

test_cases[name] if {
	some name, c in cases
	got := _got with input as c.input
	got == c.want
}

test_message_missing if {
	some v in unencrypted_artifacts.deny with input as {"pipeline": {"name": "my-app", "artifactStore": {"type": "S3", "location": "b"}, "stages": _stages}}
	v.msg == "artifact store of pipeline my-app has no encryptionKey, so artifacts are encrypted with the AWS managed key aws/s3; set encryptionKey to a customer-managed KMS key"
}

test_message_region if {
	some v in unencrypted_artifacts.deny with input as {"pipeline": {"name": "my-app", "artifactStores": {"eu-west-1": {"type": "S3", "location": "b"}}, "stages": _stages}}
	v.msg == "artifact store of pipeline my-app (eu-west-1) has no encryptionKey, so artifacts are encrypted with the AWS managed key aws/s3; set encryptionKey to a customer-managed KMS key"
}

test_message_alias if {
	some v in unencrypted_artifacts.deny with input as _tf({"artifact_store": [{"location": "b", "type": "S3", "encryption_key": [{"id": "alias/aws/s3", "type": "KMS"}]}]})
	v.msg == `artifact store of pipeline app uses "alias/aws/s3", the AWS managed S3 key; use a customer-managed KMS key instead`
}
