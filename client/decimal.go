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

// NewDecimal parses s ("0.05", "12", "-1.5e2").
func NewDecimal(s string) (Decimal, error) {
	if _, ok := new(big.Rat).SetString(s); !ok || s == "" {
		return Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return Decimal{text: s}, nil
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
