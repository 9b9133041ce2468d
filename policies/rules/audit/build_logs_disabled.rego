# METADATA
# title: CodeBuild project keeps no build logs
# description: |
#   Build logs are the record of what a build ran: which dependencies it fetched, which
#   commands it executed, what it deployed. A project that turns off both CloudWatch Logs and S3
#   logs leaves no trace to investigate a poisoned build or a leaked credential with. CodeBuild
#   sends logs to CloudWatch unless told not to.
#
#   The rule reads `AWS::CodeBuild::Project` (`LogsConfig`) in CloudFormation and
#   `aws_codebuild_project` (`logs_config`) in Terraform, and fires when CloudWatch logs are
#   `DISABLED` and S3 logs are absent or `DISABLED` (S3 logs are off by default). The finding
#   sits on the CloudWatch status. A status given by an intrinsic function or a Terraform
#   expression is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/codebuild-project-logging-enabled.html
#     description: "AWS Config rule codebuild-project-logging-enabled"
#   - ref: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codebuild-project-logsconfig.html
#     description: AWS::CodeBuild::Project LogsConfig (CloudFormation)
#   - ref: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codebuild_project#logs_config
#     description: aws_codebuild_project logs_config (Terraform AWS provider)
# custom:
#   id: audit/build-logs-disabled
#   severity: low
#   kinds: [cloudformation, terraform]
#   remediation: >-
#     Enable CloudWatch logs (Status: ENABLED, or remove the override) or S3 logs for the project,
#     and keep them long enough to investigate an incident.
#   threat: >-
#     A compromised build runs and leaves no record of what it did.
package rampart.rules.audit.build_logs_disabled

import data.rampart.lib.aws
import data.rampart.lib.result

deny contains result.violation(msg, ["Resources", name, "Properties", "LogsConfig", "CloudWatchLogs", "Status"]) if {
	some name, r in aws.cfn["AWS::CodeBuild::Project"]
	logs := aws.props(r).LogsConfig
	_disabled(logs.CloudWatchLogs.Status)
	_s3_off(object.get(logs, "S3Logs", null))
	msg := sprintf(
		"CodeBuild project %s disables CloudWatch logs (Status: %s) and writes no S3 logs, so nothing records what its builds ran; enable CloudWatch or S3 logs",
		[name, logs.CloudWatchLogs.Status],
	)
}

_s3_off(null)

_s3_off(s3) if _disabled(s3.Status)

deny contains result.violation(msg, ["resource", "aws_codebuild_project", name, "logs_config", i, "cloudwatch_logs", j, "status"]) if {
	some name, r in aws.tf_resources("aws_codebuild_project")
	some i, logs in r.logs_config
	some j, cw in logs.cloudwatch_logs
	_disabled(cw.status)
	every s3 in object.get(logs, "s3_logs", []) {
		_disabled(object.get(s3, "status", "DISABLED"))
	}
	msg := sprintf(
		"CodeBuild project %s disables CloudWatch logs (status = %q) and writes no S3 logs, so nothing records what its builds ran; enable CloudWatch or S3 logs",
		[name, cw.status],
	)
}

_disabled(v) if {
	is_string(v)
	upper(v) == "DISABLED"
}
