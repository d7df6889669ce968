// Package lexicon holds the vocabularies the loader matches in text:
// clinical departments, medical-insurance policies, and symptoms and
// conditions, each with its canonical name and the other names it goes by.
// The lists are data (the *.tsv files beside this one), embedded at build.
package lexicon

import (
	"bufio"
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed departments.tsv
var departmentsTSV string

//go:embed policies.tsv
var policiesTSV string

//go:embed symptoms.tsv
var symptomsTSV string

//go:embed local_policies.tsv
var localPoliciesTSV string

// Term is one entry of a vocabulary.
type Term struct {
	Name     string   // canonical name
	Aliases  []string // other names
	Category string   // symptoms only: SYMPTOM or CONDITION
	Region   string   // local policies only: the province or city it applies in ("" for a generic term)
}

// Lexicon is a vocabulary indexed by every name of every term.
type Lexicon struct {
	Terms  []*Term
	byForm map[string]*Term
}

// Departments returns the clinical departments.
func Departments() (*Lexicon, error) { return parse("departments.tsv", departmentsTSV, false) }

// Policies returns the medical-insurance policies.
func Policies() (*Lexicon, error) { return parse("policies.tsv", policiesTSV, false) }

// Symptoms returns the symptoms and conditions.
func Symptoms() (*Lexicon, error) { return parse("symptoms.tsv", symptomsTSV, true) }

// LocalPolicies returns the named local insurance products and schemes
// (沪惠保, 惠蓉保 …), each with the region it applies in.
func LocalPolicies() (*Lexicon, error) {
	return parseColumns("local_policies.tsv", localPoliciesTSV, func(t *Term, rest []string) ([]string, error) {
		if len(rest) == 0 {
			return nil, fmt.Errorf("want a region column (empty for a generic term)")
		}
		t.Region = strings.TrimSpace(rest[0])
		return rest[1:], nil
	})
}

func parse(file, data string, withCategory bool) (*Lexicon, error) {
	return parseColumns(file, data, func(t *Term, rest []string) ([]string, error) {
		if !withCategory {
			return rest, nil
		}
		if len(rest) == 0 || (rest[0] != "SYMPTOM" && rest[0] != "CONDITION") {
			return nil, fmt.Errorf("category must be SYMPTOM or CONDITION")
		}
		t.Category = rest[0]
		return rest[1:], nil
	})
}

// parseColumns reads a vocabulary: name, the columns middle reads, then the
// comma-separated other names.
func parseColumns(file, data string, middle func(t *Term, rest []string) ([]string, error)) (*Lexicon, error) {
	lx := &Lexicon{byForm: map[string]*Term{}}
	sc := bufio.NewScanner(strings.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		t := &Term{Name: strings.TrimSpace(cols[0])}
		rest, err := middle(t, cols[1:])
		if err != nil {
			return nil, fmt.Errorf("lexicon %s line %d: %w", file, n, err)
		}
		if len(rest) > 0 {
			for _, a := range strings.Split(rest[0], ",") {
				if a = strings.TrimSpace(a); a != "" && a != t.Name {
					t.Aliases = append(t.Aliases, a)
				}
			}
		}
		if t.Name == "" {
			return nil, fmt.Errorf("lexicon %s line %d: empty name", file, n)
		}
		for _, f := range t.Forms() {
			if prev, ok := lx.byForm[f]; ok {
				return nil, fmt.Errorf("lexicon %s line %d: %q already names %q", file, n, f, prev.Name)
			}
			lx.byForm[f] = t
		}
		lx.Terms = append(lx.Terms, t)
	}
	return lx, sc.Err()
}

// Forms returns the canonical name followed by the aliases.
func (t *Term) Forms() []string { return append([]string{t.Name}, t.Aliases...) }

// Lookup returns the term one of whose names is form, or nil.
func (lx *Lexicon) Lookup(form string) *Term { return lx.byForm[form] }

// Forms returns every name of every term, sorted.
func (lx *Lexicon) Forms() []string {
	out := make([]string, 0, len(lx.byForm))
	for f := range lx.byForm {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}
