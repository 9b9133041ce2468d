package report

import "regexp"

// credentialPatterns find credentials of the formats secrets/hardcoded-credential
// knows (policies/lib/secrets.rego), an AWS secret access key beside its
// name, and a line of a PEM key's body. They are a backstop for the source
// lines the text report prints: a file that does not parse has no finding
// about its secrets, a disabled or suppressed rule leaves a secret
// unflagged, and its line may still be shown under another finding. Where a
// pattern has a group, only the group is the secret.
var credentialPatterns = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`),
	regexp.MustCompile(`\bgh[pousr]_[A-Za-z0-9]{36}\b`),
	regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{82}\b`),
	regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20}\b`),
	regexp.MustCompile(`\bxox[baprs]-[0-9A-Za-z]{6,}-[0-9A-Za-z-]{8,}\b`),
	regexp.MustCompile(`hooks\.slack\.com/services/(T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,})`),
	regexp.MustCompile(`\b[rs]k_live_[0-9A-Za-z]{16,}\b`),
	regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`),
	regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`),
	regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}`),
	regexp.MustCompile(`(?i)secret[_-]?(?:access)?[_-]?key["']?\s*[=:]\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`),
	// A line that is nothing but a long base64 run: a PEM body line.
	regexp.MustCompile(`(?m)^\s*([A-Za-z0-9+/]{40,}={0,2})\s*$`),
}

// RedactCredentials masks every credential of a known format in text that
// quotes a user's file without knowing what it quotes: an error about a
// config value, a source line shown for context.
func RedactCredentials(text string) string { return redactCredentials(text) }

// redactCredentials masks, in a line about to be printed, every credential
// that credentialPatterns find, as MaskToken does: same length, so the
// underline still lines up.
func redactCredentials(line string) string {
	b := []byte(line)
	for _, re := range credentialPatterns {
		for _, m := range re.FindAllSubmatchIndex(b, -1) {
			start, end := m[0], m[1]
			if len(m) >= 4 && m[2] >= 0 {
				start, end = m[2], m[3]
			}
			copy(b[start:end], MaskToken(string(b[start:end])))
		}
	}
	return string(b)
}
