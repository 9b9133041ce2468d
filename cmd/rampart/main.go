// Command rampart is a static security linter for CI/CD configuration.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
