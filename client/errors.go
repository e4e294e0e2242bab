package client

import "fmt"

// CONTRACT STUB (to be replaced by the real implementation; keep the exported names).

// DecodeError reports an answer that could not be decoded.
type DecodeError struct {
	Method string
	Err    error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("toloka %s: decoding the answer: %v", e.Method, e.Err)
}
func (e *DecodeError) Unwrap() error { return e.Err }

// ArgError reports a bad argument found before any request was sent.
type ArgError struct {
	Method string // toloka-kit name of the method
	Param  string // the argument or option, or field path inside it
	Want   string // what was expected
	Got    string // what was given
}

func (e *ArgError) Error() string {
	return fmt.Sprintf("%s: argument %s: expected %s, got %s", e.Method, e.Param, e.Want, e.Got)
}
