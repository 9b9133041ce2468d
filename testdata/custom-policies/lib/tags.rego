# METADATA
# description: |
#   Acme's tagging helpers, shared by its rules. A custom library lives in a package of its
#   own, outside rampart's namespace; rules import it like any other package.
package acme.lib.tags

# cfn_keys: the literal keys of a CloudFormation Tags list ([{Key, Value}, ...]). A key given
# by an intrinsic function is not known and not counted.
cfn_keys(tags) := {k | some t in tags; k := t.Key; is_string(k)}

# tf_keys: the keys of a Terraform tags map.
tf_keys(tags) := {k | some k, _ in tags}

# missing: the required tags, in order, that are not among the keys.
missing(keys, required) := [k | some k in required; not k in keys]

# required: the tags Acme requires, from the setting acme_required_tags.
required := r if {
	r := data.rampart.config.acme_required_tags
	is_array(r)
} else := ["Project"]
