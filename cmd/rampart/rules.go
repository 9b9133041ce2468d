package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rampart-lint/rampart/lint"
	"github.com/rampart-lint/rampart/lint/rule"
)

func newLinter(cmd *cobra.Command, configPath string, policies []string) (*lint.Linter, error) {
	cfg, err := loadConfig(configPath, ".")
	if err != nil {
		return nil, err
	}
	return lint.New(cmd.Context(), lint.Options{Config: withPolicies(cfg, policies)})
}

const policiesUsage = "directory of custom Rego policies, added to the config's policies: (repeatable)"

func rulesCommand() *cobra.Command {
	var format, configPath string
	var policies []string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its severity and the kinds it reads",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := newLinter(cmd, configPath, policies)
			if err != nil {
				return err
			}
			rules := l.Rules()
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				type item struct {
					rule.Rule
					Enabled bool   `json:"enabled"`
					Docs    string `json:"docs,omitempty"`
				}
				items := make([]item, len(rules))
				for i, r := range rules {
					items[i] = item{r, l.Enabled(r.ID), r.DocsURL()}
				}
				return enc.Encode(items)
			case "text":
				tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tKINDS\tTITLE")
				var custom []rule.Rule
				for _, r := range rules {
					id := r.ID
					if !r.Builtin {
						id += " (custom)"
						custom = append(custom, r)
					}
					if !l.Enabled(r.ID) {
						id += " (off)"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", id, r.Severity, strings.Join(r.Kinds, ","), r.Title)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				if len(custom) > 0 {
					fmt.Fprintln(out, "\nCustom rules, from:")
					for _, r := range custom {
						fmt.Fprintf(tw, "  %s\t%s\n", r.ID, displayPath(r.Source))
					}
				}
				return tw.Flush()
			}
			return fmt.Errorf("--format: want text or json, not %q", format)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text, json")
	cmd.Flags().StringVarP(&configPath, "config", "c", "", "config file (default: .rampart.yaml found upward from here)")
	cmd.Flags().StringArrayVar(&policies, "policies", nil, policiesUsage)
	return cmd
}

func explainCommand() *cobra.Command {
	var configPath string
	var policies []string
	cmd := &cobra.Command{
		Use:     "explain RULE-ID",
		Short:   "Explain a rule: what it checks, why, and how to fix a finding",
		Args:    cobra.ExactArgs(1),
		Example: "  rampart explain iam/passrole-unrestricted",
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := newLinter(cmd, configPath, policies)
			if err != nil {
				return err
			}
			r, ok := l.Rule(args[0])
			if !ok {
				return fmt.Errorf("no rule %q%s (see `rampart rules`)", args[0], suggest(args[0], l.Rules()))
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "%s — %s\n\n", r.ID, r.Title)
			fmt.Fprintf(w, "Severity: %s\nKinds:    %s\n", r.Severity, strings.Join(r.Kinds, ", "))
			if !r.Builtin {
				fmt.Fprintf(w, "Source:   custom policy %s\n", displayPath(r.Source))
			}
			if !l.Enabled(r.ID) {
				fmt.Fprintln(w, "Status:   disabled by the config")
			}
			fmt.Fprintf(w, "\n%s\n", r.Description)
			if r.Threat != "" {
				fmt.Fprintf(w, "\nThreat: %s\n", r.Threat)
			}
			fmt.Fprintf(w, "\nHow to fix: %s\n", r.Remediation)
			if len(r.Settings) > 0 {
				fmt.Fprintln(w, "\nSettings (config settings:, with defaults):")
				keys := make([]string, 0, len(r.Settings))
				for k := range r.Settings {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					v, _ := json.Marshal(r.Settings[k])
					fmt.Fprintf(w, "  %s: %s\n", k, v)
				}
			}
			if len(r.References) > 0 {
				fmt.Fprintln(w, "\nReferences:")
				for _, ref := range r.References {
					if ref.Description != "" {
						fmt.Fprintf(w, "  - %s: %s\n", ref.Description, ref.URL)
					} else {
						fmt.Fprintf(w, "  - %s\n", ref.URL)
					}
				}
			}
			if d := r.DocsURL(); d != "" {
				fmt.Fprintf(w, "\nDocs: %s\n", d)
			}
			fmt.Fprintf(w, "\nSuppress one finding: # rampart:ignore %s -- <reason>\n", r.ID)
			return nil
		},
	}
	cmd.Flags().StringVarP(&configPath, "config", "c", "", "config file (default: .rampart.yaml found upward from here)")
	cmd.Flags().StringArrayVar(&policies, "policies", nil, policiesUsage)
	return cmd
}

// suggest names rules whose id contains what was typed, for a typo.
func suggest(id string, rules []rule.Rule) string {
	var near []string
	needle := id
	if _, name, ok := strings.Cut(id, "/"); ok {
		needle = name
	}
	for _, r := range rules {
		if strings.Contains(r.ID, needle) {
			near = append(near, r.ID)
		}
	}
	if len(near) == 0 || len(near) > 5 {
		return ""
	}
	return "; did you mean " + strings.Join(near, " or ") + "?"
}
