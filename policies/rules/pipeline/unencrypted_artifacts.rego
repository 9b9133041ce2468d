# METADATA
# title: Pipeline artifact store has no customer-managed KMS key
# description: |
#   CodePipeline keeps every stage's input and output (source code, build output, templates,
#   sometimes rendered configuration) in its S3 artifact store. Without an `encryptionKey`, the
#   objects are encrypted with the AWS managed key `aws/s3`, whose key policy lets any principal
#   of the account that can read the bucket decrypt them; it cannot be restricted, shared with a
#   deployment account, audited per use, or revoked. A customer-managed KMS key lets you decide
#   who can decrypt the artifacts, and is required for cross-account deployments.
#
#   The rule reads the `artifactStore` and each region's store of `artifactStores` in pipeline
#   JSON, `ArtifactStore`/`ArtifactStores` of `AWS::CodePipeline::Pipeline` in CloudFormation and
#   `artifact_store` blocks of `aws_codepipeline` in Terraform. A key given as the AWS managed
#   alias (`alias/aws/s3`) is reported too.
# related_resources:
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/userguide/S3-artifact-encryption.html
#     description: Configure server-side encryption for artifacts stored in Amazon S3 for CodePipeline
#   - ref: https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_EncryptionKey.html
#     description: CodePipeline API EncryptionKey
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codepipeline#encryption_key
#     description: aws_codepipeline encryption_key (Terraform AWS provider)
# custom:
#   id: pipeline/unencrypted-artifacts
#   severity: medium
#   kinds: [codepipeline, cloudformation, terraform]
#   remediation: >-
#     Give the artifact store an encryption key of type KMS that you manage (encryptionKey /
#     EncryptionKey / encryption_key with the key's ARN), and grant decrypt only to the pipeline
#     and its action roles.
#   threat: >-
#     Anyone in the account who can read the artifact bucket reads (and can tamper with) the
#     source and build output the pipeline deploys.
package rampart.rules.pipeline.unencrypted_artifacts

import data.rampart.lib.pipeline
import data.rampart.lib.result

# _stores holds {"path", "store", "enc", "id", "label", "region"} for every artifact store.
_stores contains {"path": array.concat(p.path, ["artifactStore"]), "store": p.value.artifactStore, "enc": "encryptionKey", "id": "id", "label": p.label, "region": ""} if {
	some p in pipeline.pipelines
	p.shape.stages == "stages"
	is_object(p.value.artifactStore)
}

_stores contains {"path": array.concat(p.path, ["artifactStores", region]), "store": store, "enc": "encryptionKey", "id": "id", "label": p.label, "region": region} if {
	some p in pipeline.pipelines
	p.shape.stages == "stages"
	some region, store in p.value.artifactStores
	is_object(store)
}

_stores contains {"path": array.concat(p.path, ["ArtifactStore"]), "store": p.value.ArtifactStore, "enc": "EncryptionKey", "id": "Id", "label": p.label, "region": ""} if {
	some p in pipeline.pipelines
	p.shape.stages == "Stages"
	is_object(p.value.ArtifactStore)
}

_stores contains {"path": array.concat(p.path, ["ArtifactStores", i, "ArtifactStore"]), "store": s.ArtifactStore, "enc": "EncryptionKey", "id": "Id", "label": p.label, "region": _region(s.Region)} if {
	some p in pipeline.pipelines
	p.shape.stages == "Stages"
	some i, s in p.value.ArtifactStores
	is_object(s.ArtifactStore)
}

_stores contains {"path": array.concat(p.path, ["artifact_store", i]), "store": s, "enc": "encryption_key", "id": "id", "label": p.label, "region": _region(object.get(s, "region", ""))} if {
	some p in pipeline.pipelines
	p.shape.stages == "stage"
	some i, s in p.value.artifact_store
	is_object(s)
}

_region(r) := r if is_string(r)

else := ""

_where(s) := sprintf(" (%s)", [s.region]) if s.region != ""

else := ""

# encryption_key is a block (a list) in Terraform, an object elsewhere
_key(s) := k if {
	k := s.store[s.enc]
	is_object(k)
} else := k if {
	k := s.store[s.enc][0]
	is_object(k)
}

_key_path(s) := array.concat(s.path, [s.enc]) if is_object(s.store[s.enc])

else := array.concat(s.path, [s.enc, 0])

deny contains result.key_violation(msg, s.path) if {
	some s in _stores
	not _key(s)
	msg := sprintf(
		"artifact store of pipeline %s%s has no %s, so artifacts are encrypted with the AWS managed key aws/s3; set %s to a customer-managed KMS key",
		[s.label, _where(s), s.enc, s.enc],
	)
}

deny contains result.violation(msg, array.concat(_key_path(s), [s.id])) if {
	some s in _stores
	id := _key(s)[s.id]
	is_string(id)
	regex.match(`(^|:)alias/aws/s3$`, id)
	msg := sprintf(
		"artifact store of pipeline %s%s uses %q, the AWS managed S3 key; use a customer-managed KMS key instead",
		[s.label, _where(s), id],
	)
}

deny contains result.key_violation(msg, _key_path(s)) if {
	some s in _stores
	k := _key(s)
	not _has_id(k, s.id)
	msg := sprintf(
		"artifact store of pipeline %s%s has a %s with no %s; set it to the ARN of a customer-managed KMS key",
		[s.label, _where(s), s.enc, s.id],
	)
}

_has_id(k, id) if {
	v := k[id]
	v != ""
	v != null
}
