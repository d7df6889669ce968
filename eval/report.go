package eval

import (
	"fmt"
	"io"
	"strings"
)

// Write prints the report for people: a table of counts and scores per
// entity kind and relation type with the micro-averaged totals, whether the
// bar (MinEntityF1, MinRelationF1) is reached, and then every miss and false
// hit by name. It returns the first write error. For machines, Report
// marshals to JSON.
func (r *Report) Write(w io.Writer) error {
	ew := &errWriter{w: w}
	table := func(title string, rows []Row, tot Row) {
		fmt.Fprintf(ew, "%-17s %4s %4s %4s %7s %9s %6s %6s\n", title, "TP", "FP", "FN", "neutral", "precision", "recall", "F1")
		for _, row := range append(rows[:len(rows):len(rows)], tot) {
			fmt.Fprintf(ew, "%-17s %4d %4d %4d %7d %9.3f %6.3f %6.3f\n",
				row.Name, row.TP, row.FP, row.FN, row.Neutral, row.Precision, row.Recall, row.F1)
		}
	}
	table("entities", r.Entities, r.EntityTotal)
	fmt.Fprintln(ew)
	table("relations", r.Relations, r.RelationTotal)

	verdict := func(f1, bar float64) string {
		if f1 >= bar {
			return fmt.Sprintf("%.3f ≥ %.2f ok", f1, bar)
		}
		return fmt.Sprintf("%.3f < %.2f FAIL", f1, bar)
	}
	fmt.Fprintf(ew, "\nentity F1 %s, relation F1 %s\n",
		verdict(r.EntityTotal.F1, MinEntityF1), verdict(r.RelationTotal.F1, MinRelationF1))

	entities := func(title string, items []EntityItem) {
		fmt.Fprintf(ew, "\n%s (%d):\n", title, len(items))
		for _, e := range items {
			fmt.Fprintf(ew, "  %-15s %s", e.Kind, e.Name)
			if len(e.Aliases) > 0 {
				fmt.Fprintf(ew, " [%s]", strings.Join(e.Aliases, ", "))
			}
			if e.Note != "" {
				fmt.Fprintf(ew, " (%s)", e.Note)
			}
			fmt.Fprintln(ew)
		}
	}
	relations := func(title string, items []RelationItem) {
		fmt.Fprintf(ew, "\n%s (%d):\n", title, len(items))
		for _, x := range items {
			fmt.Fprintf(ew, "  %-17s %s → %s", x.Type, x.From, x.To)
			if x.Note != "" {
				fmt.Fprintf(ew, " (%s)", x.Note)
			}
			fmt.Fprintln(ew)
		}
	}
	entities("missed entities", r.MissedEntities)
	entities("false entities", r.FalseEntities)
	relations("missed relations", r.MissedRelations)
	relations("false relations", r.FalseRelations)
	if len(r.CategoryMismatches) > 0 {
		fmt.Fprintf(ew, "\nsymptom categories that differ from gold (%d, not scored):\n", len(r.CategoryMismatches))
		for _, m := range r.CategoryMismatches {
			fmt.Fprintf(ew, "  %s: gold %s, served %s\n", m.Name, m.Gold, m.Served)
		}
	}
	return ew.err
}

// errWriter keeps the first write error and drops later writes.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
