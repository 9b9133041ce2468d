package suppress

import (
	"strings"
	"testing"
	"time"

	"github.com/rampart-lint/rampart/lint/source"
)

func TestParse(t *testing.T) {
	src := strings.Join([]string{
		"# rampart:ignore iam/full-admin -- reviewed",                  // 1: covers line 2
		"a: 1 # rampart:ignore iam/a,iam/b exp:2027-03-31 -- until Q1", // 2: covers itself
		"url: http://x/#rampart:ignore iam/x",                          // 3: not a comment
		"  #rampart:ignore iam/*",                                      // 4: no reason, covers 5
		"# rampart:ignore",                                             // 5: no rule
		"# rampart:ignore iam/a exp:2027-13-01 -- bad date",            // 6
		"# rampart:ignore iam/a soon -- stray word",                    // 7
		"resource \"x\" \"y\" { // rampart:ignore tf/a -- hcl",         // 8
		"# rampart:ignore , -- only commas",                            // 9: no rule
	}, "\n")
	cs := Parse(source.NewLines([]byte(src)))
	type want struct {
		target  int
		rules   string
		reason  string
		expires string
		problem string
	}
	wants := []want{
		{2, "iam/full-admin", "reviewed", "", ""},
		{2, "iam/a iam/b", "until Q1", "2027-03-31", ""},
		{5, "iam/*", "", "", ""},
		{6, "", "", "", "names no rule"},
		{7, "", "bad date", "", "bad expiry date"},
		{8, "", "stray word", "", `unexpected "soon"`},
		{8, "tf/a", "hcl", "", ""},
		{10, "", "only commas", "", "names no rule"},
	}
	if len(cs) != len(wants) {
		t.Fatalf("%d comments, want %d: %+v", len(cs), len(wants), cs)
	}
	for i, w := range wants {
		c := cs[i]
		exp := ""
		if !c.Expires.IsZero() {
			exp = c.Expires.Format("2006-01-02")
		}
		if c.Target != w.target || strings.Join(c.Rules, " ") != w.rules && w.problem == "" || c.Reason != w.reason || exp != w.expires || !strings.Contains(c.Problem, w.problem) || (w.problem == "") != (c.Problem == "") {
			t.Errorf("comment %d: %+v, want %+v", i, c, w)
		}
	}
	if cs[1].Range.Start.Column != 6 {
		t.Errorf("trailing comment starts at column %d, want 6", cs[1].Range.Start.Column)
	}
	if !cs[2].Covers("iam/full-admin") || cs[2].Covers("secrets/x") {
		t.Error("glob iam/* must cover iam rules only")
	}
}

func TestExpired(t *testing.T) {
	c := Comment{Expires: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		now  time.Time
		want bool
	}{
		{time.Date(2027, 3, 31, 23, 59, 0, 0, time.UTC), false}, // valid through its day
		{time.Date(2027, 4, 1, 0, 0, 1, 0, time.UTC), true},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		if got := c.Expired(tc.now); got != tc.want {
			t.Errorf("Expired(%v) = %v, want %v", tc.now, got, tc.want)
		}
	}
	if (Comment{}).Expired(time.Now()) {
		t.Error("no expiry never expires")
	}
}
