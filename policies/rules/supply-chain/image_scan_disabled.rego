# METADATA
# title: ECR repository does not scan images on push
# description: |
#   Scan on push runs a vulnerability scan on every image as it lands in Amazon ECR, so a base
#   image with a known critical CVE is reported before the pipeline deploys it, and the findings
#   are there for a deploy gate to read (`aws ecr describe-image-scan-findings`). A repository
#   without it stores whatever the build pushed, unexamined.
#
#   The rule reads `AWS::ECR::Repository` (`ImageScanningConfiguration.ScanOnPush`) in
#   CloudFormation and `aws_ecr_repository` (`image_scanning_configuration { scan_on_push }`) in
#   Terraform; scanning is off when the setting is absent. Registry-level scanning counts when it
#   is configured in the same template or file: an `AWS::ECR::RegistryScanningConfiguration` /
#   `aws_ecr_registry_scanning_configuration` rule with `SCAN_ON_PUSH` or `CONTINUOUS_SCAN`
#   whose wildcard filter matches the repository's name (a repository without a literal name
#   only matches the filter `*`). Registry scanning configured in another stack or module cannot
#   be seen: suppress the finding there, with the reason, or turn the rule off in `.rampart.yaml`.
#   A value given by an intrinsic function or a Terraform expression is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
#     description: Scan images for software vulnerabilities in Amazon ECR
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecr-repository-imagescanningconfiguration.html
#     description: AWS::ECR::Repository ImageScanningConfiguration (CloudFormation)
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecr-registryscanningconfiguration.html
#     description: AWS::ECR::RegistryScanningConfiguration (CloudFormation)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository
#     description: aws_ecr_repository (Terraform AWS provider)
# custom:
#   id: supply-chain/image-scan-disabled
#   severity: medium
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Set ImageScanningConfiguration.ScanOnPush: true (CloudFormation) or
#     image_scanning_configuration { scan_on_push = true } (Terraform), or configure registry
#     scanning on push for the repository, and gate deployments on the scan findings.
#   threat: >-
#     An image with known exploitable vulnerabilities is pushed and deployed without anyone
#     being told.
#   fixable: true
package rampart.rules["supply-chain"].image_scan_disabled

import data.rampart.lib.aws
import data.rampart.lib.result

# ---- CloudFormation ---------------------------------------------------------------------------

deny contains result.key_violation(msg, ["Resources", name]) if {
	some name, r in aws.cfn["AWS::ECR::Repository"]
	object.get(aws.props(r), "ImageScanningConfiguration", null) == null
	not _cfn_registry_scans(object.get(aws.props(r), "RepositoryName", null))
	msg := sprintf(
		"ECR repository %s has no ImageScanningConfiguration, so images pushed to it are not scanned for vulnerabilities; set ImageScanningConfiguration.ScanOnPush: true",
		[name],
	)
}

deny contains result.key_violation(msg, ["Resources", name, "Properties", "ImageScanningConfiguration"]) if {
	some name, r in aws.cfn["AWS::ECR::Repository"]
	cfg := aws.props(r).ImageScanningConfiguration
	is_object(cfg)
	object.get(cfg, "ScanOnPush", null) == null
	not _cfn_registry_scans(object.get(aws.props(r), "RepositoryName", null))
	msg := sprintf(
		"ECR repository %s does not set ScanOnPush, so images pushed to it are not scanned for vulnerabilities; set ScanOnPush: true",
		[name],
	)
}

deny contains result.violation(msg, ["Resources", name, "Properties", "ImageScanningConfiguration", "ScanOnPush"]) if {
	some name, r in aws.cfn["AWS::ECR::Repository"]
	aws.literal_bool(aws.props(r).ImageScanningConfiguration.ScanOnPush) == false
	not _cfn_registry_scans(object.get(aws.props(r), "RepositoryName", null))
	msg := sprintf(
		"ECR repository %s turns scan on push off (ScanOnPush: %v), so images pushed to it are not scanned for vulnerabilities; set ScanOnPush: true",
		[name, aws.props(r).ImageScanningConfiguration.ScanOnPush],
	)
}

_cfn_registry_scans(repo) if {
	some r in aws.cfn["AWS::ECR::RegistryScanningConfiguration"]
	some rule in aws.props(r).Rules
	rule.ScanFrequency in _scanning_frequencies
	some f in rule.RepositoryFilters
	_filter_matches(f.Filter, repo)
}

# ---- Terraform --------------------------------------------------------------------------------

deny contains result.key_violation(msg, ["resource", "aws_ecr_repository", name]) if {
	some name, r in aws.tf_resources("aws_ecr_repository")
	count(object.get(r, "image_scanning_configuration", [])) == 0
	not _tf_registry_scans(object.get(r, "name", null))
	msg := sprintf(
		"ECR repository %s has no image_scanning_configuration, so images pushed to it are not scanned for vulnerabilities; add image_scanning_configuration { scan_on_push = true }",
		[name],
	)
}

deny contains result.key_violation(msg, ["resource", "aws_ecr_repository", name, "image_scanning_configuration", i]) if {
	some name, r in aws.tf_resources("aws_ecr_repository")
	some i, cfg in r.image_scanning_configuration
	object.get(cfg, "scan_on_push", null) == null
	not _tf_registry_scans(object.get(r, "name", null))
	msg := sprintf(
		"ECR repository %s does not set scan_on_push (false by default), so images pushed to it are not scanned for vulnerabilities; set scan_on_push = true",
		[name],
	)
}

deny contains result.violation(msg, ["resource", "aws_ecr_repository", name, "image_scanning_configuration", i, "scan_on_push"]) if {
	some name, r in aws.tf_resources("aws_ecr_repository")
	some i, cfg in r.image_scanning_configuration
	aws.literal_bool(cfg.scan_on_push) == false
	not _tf_registry_scans(object.get(r, "name", null))
	msg := sprintf(
		"ECR repository %s turns scan on push off (scan_on_push = false), so images pushed to it are not scanned for vulnerabilities; set scan_on_push = true",
		[name],
	)
}

_tf_registry_scans(repo) if {
	some r in aws.tf_resources("aws_ecr_registry_scanning_configuration")
	some rule in r.rule
	rule.scan_frequency in _scanning_frequencies
	some f in rule.repository_filter
	_filter_matches(f.filter, repo)
}

# ---- Registry scanning ------------------------------------------------------------------------

_scanning_frequencies := {"SCAN_ON_PUSH", "CONTINUOUS_SCAN"}

# _filter_matches: a registry scanning filter (wildcard) covers the repository. A repository
# whose name is not a literal (generated, or built from parameters) is only covered by "*".
_filter_matches(filter, _) if filter == "*"

_filter_matches(filter, repo) if {
	is_string(filter)
	name := aws.known_text(repo)
	glob.match(filter, [], name)
}
