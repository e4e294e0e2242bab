package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
)

// Decimal is an exact decimal number: money (reward, amount, balance, prices)
// keeps the digits the server sent (1.50 stays 1.50) and is never formatted
// through a float.
type Decimal struct{ text string }

// NewDecimal parses s ("0.05", "12", "-1.5e2"): a number as JSON writes it,
// since that is how it goes back on the wire.
func NewDecimal(s string) (Decimal, error) {
	if !isJSONNumber(s) {
		return Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return Decimal{text: s}, nil
}

// isJSONNumber checks the JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	start := i
	if n := digits(); n == 0 || n > 1 && s[start] == '0' {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// MustDecimal is NewDecimal for constants.
func MustDecimal(s string) Decimal {
	d, err := NewDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the decimal is unset.
func (d Decimal) IsZero() bool { return d.text == "" }

// String is the exact text.
func (d Decimal) String() string { return d.text }

// Rat is the exact value.
func (d Decimal) Rat() *big.Rat {
	r, _ := new(big.Rat).SetString(d.text)
	if r == nil {
		r = new(big.Rat)
	}
	return r
}

// Float64 is the nearest float (for display and arithmetic where exactness does not matter).
func (d Decimal) Float64() float64 {
	f, _ := strconv.ParseFloat(d.text, 64)
	return f
}

// MarshalJSON writes the number with its digits.
func (d Decimal) MarshalJSON() ([]byte, error) {
	if d.text == "" {
		return []byte("null"), nil
	}
	return []byte(d.text), nil
}

// UnmarshalJSON reads a JSON number (or a numeric string, as some logs send).
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*d = Decimal{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := NewDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
