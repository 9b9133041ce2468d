package config

import _ "embed"

// Starter is the commented config `rampart init` writes: a working starting
// point that shows every key.
//
//go:embed starter.yaml
var Starter []byte

// SchemaURL is where the JSON schema of the config is published; the
// starter's first line points YAML language servers at it.
const SchemaURL = "https://raw.githubusercontent.com/rampart-lint/rampart/main/docs/config.schema.json"
