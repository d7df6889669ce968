package query

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/medkg/medkg/graph/index"
	"github.com/medkg/medkg/graph/kg"
)

// LinkFilter narrows the link table; a nil field is no condition. Names
// are read as Find reads them.
type LinkFilter struct {
	Place
	Hospital, Department, Symptom *string
	Category                      *string // of the symptom: kg.CategorySymptom or kg.CategoryCondition
	MinConfidence                 float64
}

// LinkField is what the link table is sorted by.
type LinkField int

const (
	ByHospital  LinkField = iota // hospital name, then symptom name
	ByDocuments                  // documents stating the link
	ByItems                      // items stating it
	ByLastDate                   // the latest date of an item stating it
)

// LinkOrder sorts the link table; ties go by hospital, then symptom, in
// the same direction.
type LinkOrder struct {
	Field LinkField
	Desc  bool
}

// LinkRow is one hospital–symptom link of the table.
type LinkRow struct {
	Link    kg.Link
	Support index.Support
	// Key is the row's position in the order: rows sort by it as bytes,
	// so a page can start after a key (a keyset cursor).
	Key string
}

// Candidate is a link a filter is asked about; its support is summed
// only if a condition needs it.
type Candidate struct {
	Link kg.Link
	x    *index.Index
	sup  *index.Support
}

// Support returns how well the documents support the link.
func (c *Candidate) Support() index.Support {
	if c.sup == nil {
		s := c.x.Support(c.Link)
		c.sup = &s
	}
	return *c.sup
}

// Test returns the test of f's conditions over x.
func (f LinkFilter) Test(x *index.Index) func(*Candidate) bool {
	where := f.Hospitals(x)
	var departments, hospitals, symptoms Set
	if f.Department != nil {
		departments = Named(x, kg.KindDepartment, *f.Department)
	}
	if f.Hospital != nil {
		hospitals = Named(x, kg.KindHospital, *f.Hospital)
	}
	if f.Symptom != nil {
		symptoms = Named(x, kg.KindSymptom, *f.Symptom)
	}
	return func(c *Candidate) bool {
		l := c.Link
		switch {
		case where != nil && !where[l.From],
			departments != nil && !departments.Any(x.Out(l.From, kg.HasDepartment)),
			hospitals != nil && !hospitals[l.From],
			symptoms != nil && !symptoms[l.To]:
			return false
		case f.Category != nil:
			if e, _ := x.Entity(l.To); category(e) != *f.Category {
				return false
			}
		}
		return f.MinConfidence <= 0 || c.Support().Confidence >= f.MinConfidence
	}
}

// Links returns every hospital–symptom recommendation keep lets through
// (all if keep is nil), sorted by o.
func Links(x *index.Index, keep func(*Candidate) bool, o LinkOrder) []LinkRow {
	var rows []LinkRow
	for _, l := range x.Links(kg.RecommendedFor) {
		if l.From.Kind != kg.KindHospital || l.To.Kind != kg.KindSymptom {
			continue
		}
		c := &Candidate{Link: l, x: x}
		if keep != nil && !keep(c) {
			continue
		}
		sup := c.Support()
		rows = append(rows, LinkRow{Link: l, Support: sup, Key: o.key(l, sup)})
	}
	slices.SortFunc(rows, func(a, b LinkRow) int { return cmp.Compare(a.Key, b.Key) })
	return rows
}

// category is a symptom's category: a symptom unless the store says it is
// a condition.
func category(e kg.Entity) string {
	if e.Category == kg.CategoryCondition {
		return kg.CategoryCondition
	}
	return kg.CategorySymptom
}

// key returns the byte-ordered key of a link in the order.
func (o LinkOrder) key(l kg.Link, s index.Support) string {
	pair := l.From.Name + "\x1f" + l.To.Name
	num := func(n int) string {
		if o.Desc {
			n = 1e9 - n
		}
		return fmt.Sprintf("%010d", n)
	}
	var head string
	switch o.Field {
	case ByDocuments:
		head = num(s.Documents)
	case ByItems:
		head = num(s.Items)
	case ByLastDate:
		head = s.LastDate + "\x00"
		if o.Desc {
			head = Invert(head)
		}
	default:
		if o.Desc {
			return Invert(pair)
		}
		return pair
	}
	return head + "\x1e" + pair
}

// Invert returns a string whose byte order is the reverse of s's: each
// byte complemented, then 0xFF, so that a prefix sorts after what extends
// it.
func Invert(s string) string {
	b := make([]byte, len(s)+1)
	for i := 0; i < len(s); i++ {
		b[i] = ^s[i]
	}
	b[len(s)] = 0xFF
	return string(b)
}
