package acme.lib.tags_test

import data.acme.lib.tags

test_cfn_keys_skip_intrinsic_keys if {
	tags.cfn_keys([{"Key": "Project", "Value": "x"}, {"Key": {"Ref": "TagName"}, "Value": "y"}]) == {"Project"}
}

test_missing_keeps_the_required_order if {
	tags.missing({"Team"}, ["Project", "Team", "Owner"]) == ["Project", "Owner"]
}

test_required_defaults_to_the_setting if {
	tags.required == ["Project"]
}

test_required_follows_the_config if {
	tags.required == ["Team"] with data.rampart.config.acme_required_tags as ["Team"]
}
