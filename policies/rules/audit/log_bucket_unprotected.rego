# METADATA
# title: CloudTrail bucket can lose or expose its logs
# description: |
#   A trail is only as trustworthy as the bucket it writes to. Without versioning, a deleted or
#   overwritten log file is gone; without MFA delete (or S3 Object Lock), anyone holding the
#   right credentials can remove versions too; without a public access block, one careless
#   bucket policy or ACL publishes the account's activity history. The first seed stores trail
#   logs "in S3 with versioning and MFA delete enabled to prevent accidental or malicious
#   deletion".
#
#   The rule looks at the bucket a CloudTrail trail of the same template or Terraform file
#   writes to (`S3BucketName` / `s3_bucket_name`, resolved by reference or by name; a bucket
#   defined elsewhere is not seen). It reports:
#
#   - versioning that is absent or suspended (`VersioningConfiguration`, Terraform
#     `aws_s3_bucket_versioning` or a legacy `versioning` block); a bucket with Object Lock
#     enabled is versioned;
#   - in Terraform only, versioning without MFA delete (`mfa_delete = "Enabled"`) or Object
#     Lock. CloudFormation cannot turn MFA delete on (only the root user can, through the API),
#     so templates are not judged on it: enable it after deployment, or use Object Lock;
#   - a missing public access block, or one that leaves any of `BlockPublicAcls`,
#     `BlockPublicPolicy`, `IgnorePublicAcls`, `RestrictPublicBuckets` off
#     (`PublicAccessBlockConfiguration`, Terraform `aws_s3_bucket_public_access_block` or an
#     `aws_s3_account_public_access_block` in the same file).
#
#   Values given by an intrinsic function or a Terraform expression are not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
#     description: Security best practices in AWS CloudTrail
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
#     description: Configuring MFA delete (Amazon S3)
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
#     description: Blocking public access to your Amazon S3 storage
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning
#     description: aws_s3_bucket_versioning (Terraform AWS provider)
# custom:
#   id: audit/log-bucket-unprotected
#   severity: medium
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Enable versioning (with MFA delete, or S3 Object Lock) on the trail's bucket and block all
#     public access to it with all four public access block settings.
#   threat: >-
#     An intruder deletes the trail's log files to hide their tracks, or a misconfigured policy
#     makes the account's activity history public.
package rampart.rules.audit.log_bucket_unprotected

import data.rampart.lib.aws
import data.rampart.lib.result

_pab_keys := {
	"cloudformation": ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"],
	"terraform": ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"],
}

# _buckets[format][bucket] is the sorted list of trails writing to the bucket.
_buckets[tb.format][tb.bucket] := sort([t.trail | some t in aws.trail_buckets; t.format == tb.format; t.bucket == tb.bucket]) if {
	some tb in aws.trail_buckets
}

_trails(list) := sprintf("trail %s", [list[0]]) if {
	count(list) == 1
} else := sprintf("trails %s", [concat(", ", list)])

# ---- Missing protections, reported together on the bucket ------------------------------------

deny contains result.key_violation(msg, ["Resources", b]) if {
	some b, trails in _buckets.cloudformation
	missing := _cfn_missing(aws.props(input.Resources[b]))
	count(missing) > 0
	msg := _missing_msg(b, trails, missing)
}

deny contains result.key_violation(msg, ["resource", "aws_s3_bucket", b]) if {
	some b, trails in _buckets.terraform
	missing := _tf_missing(b)
	count(missing) > 0
	msg := _missing_msg(b, trails, missing)
}

_missing_msg(b, trails, missing) := sprintf(
	"bucket %s, where %s writes its logs, has no %s, so the logs can be deleted or exposed; %s",
	[b, _trails(trails), concat(" and no ", [m.what | some m in _sorted(missing)]), concat("; ", [m.fix | some m in _sorted(missing)])],
)

_sorted(missing) := [m | some k in sort([m.order | some m in missing]); some m in missing; m.order == k]

_versioning := {"order": 1, "what": "versioning", "fix": "set VersioningConfiguration.Status: Enabled"}

_tf_versioning := {"order": 1, "what": "versioning", "fix": "add an aws_s3_bucket_versioning with status = \"Enabled\" and mfa_delete = \"Enabled\" (or enable Object Lock)"}

_cfn_pab := {"order": 2, "what": "public access block", "fix": "set PublicAccessBlockConfiguration with all four settings true"}

_tf_pab := {"order": 2, "what": "public access block", "fix": "add an aws_s3_bucket_public_access_block with all four settings true"}

_cfn_missing(p) := {m |
	some m in [_versioning, _cfn_pab]
	_cfn_lacks(m.order, p)
}

_cfn_lacks(1, p) if {
	object.get(p, "VersioningConfiguration", null) == null
	not aws.is_true(object.get(p, "ObjectLockEnabled", null))
}

_cfn_lacks(2, p) if object.get(p, "PublicAccessBlockConfiguration", null) == null

_tf_missing(b) := {m |
	some m in [_tf_versioning, _tf_pab]
	_tf_lacks(m.order, b)
}

_tf_lacks(1, b) if {
	count(aws.tf_bucket_configs("aws_s3_bucket_versioning", b)) == 0
	count(object.get(input.resource.aws_s3_bucket[b], "versioning", [])) == 0
	not _tf_object_lock(b)
}

_tf_lacks(2, b) if {
	count(aws.tf_bucket_configs("aws_s3_bucket_public_access_block", b)) == 0
	not _account_blocks_public_access
}

_account_blocks_public_access if {
	some a in aws.tf_resources("aws_s3_account_public_access_block")
	every k in _pab_keys.terraform {
		aws.literal_bool(a[k]) == true
	}
}

_tf_object_lock(b) if aws.literal_bool(input.resource.aws_s3_bucket[b].object_lock_enabled) == true

_tf_object_lock(b) if {
	some c in input.resource.aws_s3_bucket[b].object_lock_configuration
	c.object_lock_enabled == "Enabled"
}

# ---- Versioning switched off ------------------------------------------------------------------

deny contains result.violation(msg, ["Resources", b, "Properties", "VersioningConfiguration", "Status"]) if {
	some b, trails in _buckets.cloudformation
	status := aws.props(input.Resources[b]).VersioningConfiguration.Status
	is_string(status)
	status != "Enabled"
	msg := sprintf(
		"bucket %s, where %s writes its logs, has versioning %s, so a deleted or overwritten log file cannot be recovered; set Status: Enabled",
		[b, _trails(trails), status],
	)
}

deny contains result.violation(msg, ["resource", "aws_s3_bucket_versioning", name, "versioning_configuration", i, "status"]) if {
	some b, trails in _buckets.terraform
	some name, v in aws.tf_bucket_configs("aws_s3_bucket_versioning", b)
	some i, c in v.versioning_configuration
	status := c.status
	is_string(status)
	not contains(status, "${")
	status != "Enabled"
	msg := sprintf(
		"bucket %s, where %s writes its logs, has versioning %s, so a deleted or overwritten log file cannot be recovered; set status = \"Enabled\"",
		[b, _trails(trails), status],
	)
}

deny contains result.violation(msg, ["resource", "aws_s3_bucket", b, "versioning", i, "enabled"]) if {
	some b, trails in _buckets.terraform
	some i, c in input.resource.aws_s3_bucket[b].versioning
	aws.literal_bool(c.enabled) == false
	msg := sprintf(
		"bucket %s, where %s writes its logs, has versioning off (enabled = false), so a deleted or overwritten log file cannot be recovered; enable versioning with MFA delete",
		[b, _trails(trails)],
	)
}

# ---- MFA delete (Terraform) -------------------------------------------------------------------

deny contains result.violation(msg, ["resource", "aws_s3_bucket_versioning", name, "versioning_configuration", i, "mfa_delete"]) if {
	some b, trails in _buckets.terraform
	not _tf_object_lock(b)
	some name, v in aws.tf_bucket_configs("aws_s3_bucket_versioning", b)
	some i, c in v.versioning_configuration
	c.status == "Enabled"
	mfa := c.mfa_delete
	is_string(mfa)
	not contains(mfa, "${")
	mfa != "Enabled"
	msg := sprintf(
		"bucket %s, where %s writes its logs, has MFA delete %s, so anyone with the bucket's credentials can delete log versions; set mfa_delete = \"Enabled\" (or use S3 Object Lock)",
		[b, _trails(trails), mfa],
	)
}

deny contains result.key_violation(msg, ["resource", "aws_s3_bucket_versioning", name, "versioning_configuration", i]) if {
	some b, trails in _buckets.terraform
	not _tf_object_lock(b)
	some name, v in aws.tf_bucket_configs("aws_s3_bucket_versioning", b)
	some i, c in v.versioning_configuration
	c.status == "Enabled"
	object.get(c, "mfa_delete", null) == null
	msg := sprintf(
		"bucket %s, where %s writes its logs, is versioned without MFA delete, so anyone with the bucket's credentials can delete log versions; set mfa_delete = \"Enabled\" (or use S3 Object Lock)",
		[b, _trails(trails)],
	)
}

deny contains result.violation(msg, ["resource", "aws_s3_bucket", b, "versioning", i, "mfa_delete"]) if {
	some b, trails in _buckets.terraform
	not _tf_object_lock(b)
	some i, c in input.resource.aws_s3_bucket[b].versioning
	aws.literal_bool(c.enabled) == true
	aws.literal_bool(c.mfa_delete) == false
	msg := sprintf(
		"bucket %s, where %s writes its logs, has MFA delete off (mfa_delete = false), so anyone with the bucket's credentials can delete log versions; set mfa_delete = true (or use S3 Object Lock)",
		[b, _trails(trails)],
	)
}

deny contains result.key_violation(msg, ["resource", "aws_s3_bucket", b, "versioning", i]) if {
	some b, trails in _buckets.terraform
	not _tf_object_lock(b)
	some i, c in input.resource.aws_s3_bucket[b].versioning
	aws.literal_bool(c.enabled) == true
	object.get(c, "mfa_delete", null) == null
	msg := sprintf(
		"bucket %s, where %s writes its logs, is versioned without MFA delete, so anyone with the bucket's credentials can delete log versions; set mfa_delete = true (or use S3 Object Lock)",
		[b, _trails(trails)],
	)
}

# ---- Public access block incomplete -----------------------------------------------------------

deny contains result.violation(msg, ["Resources", b, "Properties", "PublicAccessBlockConfiguration", k]) if {
	some b, trails in _buckets.cloudformation
	pab := aws.props(input.Resources[b]).PublicAccessBlockConfiguration
	some k in _pab_keys.cloudformation
	aws.literal_bool(pab[k]) == false
	msg := _pab_off_msg(b, trails, k)
}

deny contains result.key_violation(msg, ["Resources", b, "Properties", "PublicAccessBlockConfiguration"]) if {
	some b, trails in _buckets.cloudformation
	pab := aws.props(input.Resources[b]).PublicAccessBlockConfiguration
	is_object(pab)
	unset := [k | some k in _pab_keys.cloudformation; object.get(pab, k, null) == null]
	count(unset) > 0
	msg := _pab_unset_msg(b, trails, unset)
}

deny contains result.violation(msg, ["resource", "aws_s3_bucket_public_access_block", name, k]) if {
	some b, trails in _buckets.terraform
	some name, pab in aws.tf_bucket_configs("aws_s3_bucket_public_access_block", b)
	some k in _pab_keys.terraform
	aws.literal_bool(pab[k]) == false
	msg := _pab_off_msg(b, trails, k)
}

deny contains result.key_violation(msg, ["resource", "aws_s3_bucket_public_access_block", name]) if {
	some b, trails in _buckets.terraform
	some name, pab in aws.tf_bucket_configs("aws_s3_bucket_public_access_block", b)
	unset := [k | some k in _pab_keys.terraform; object.get(pab, k, null) == null]
	count(unset) > 0
	msg := _pab_unset_msg(b, trails, unset)
}

_pab_off_msg(b, trails, k) := sprintf(
	"bucket %s, where %s writes its logs, turns %s off, so a bucket policy or ACL can make the logs public; set it to true",
	[b, _trails(trails), k],
)

_pab_unset_msg(b, trails, unset) := sprintf(
	"bucket %s, where %s writes its logs, has a public access block without %s (off when not set), so a bucket policy or ACL can make the logs public; set all four settings to true",
	[b, _trails(trails), concat(", ", unset)],
)
