package resolvers

import "fmt"

// ArgumentError reports an argument the client got wrong, such as a negative
// page size or a malformed cursor. Its message is meant for the client; the
// server presents it with extensions.code BAD_USER_INPUT.
type ArgumentError struct {
	Arg    string // the argument's name, e.g. "after"
	Reason string // what is wrong with it
}

func (e *ArgumentError) Error() string {
	return fmt.Sprintf("invalid argument %s: %s", e.Arg, e.Reason)
}
