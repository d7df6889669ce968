// Package scalar holds the Go types of the schema's custom scalars.
package scalar

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// Date is the schema's Date: a calendar date, YYYY-MM-DD (RFC 3339's
// full-date), as a JSON string.
type Date string

// MarshalGQL writes the date as a JSON string.
func (d Date) MarshalGQL(w io.Writer) {
	io.WriteString(w, strconv.Quote(string(d)))
}

// UnmarshalGQL reads a date given as an argument or variable, refusing
// anything but a real YYYY-MM-DD date.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("a Date is a string YYYY-MM-DD, not %T", v)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	*d = Date(s)
	return nil
}

// DateOf returns s as a *Date, nil for "" (no date).
func DateOf(s string) *Date {
	if s == "" {
		return nil
	}
	d := Date(s)
	return &d
}
