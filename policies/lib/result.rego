# METADATA
# description: |
#   Builds the violations rules return, so that no rule assembles the object by hand
#   and the Go core can rely on its shape.
package rampart.lib.result

# violation points at the node addressed by path.
violation(msg, path) := {"msg": msg, "path": path}

# key_violation points at the key of the last path element rather than its value.
key_violation(msg, path) := {"msg": msg, "path": path, "key": true}
