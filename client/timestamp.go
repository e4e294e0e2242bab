package client

import (
	"fmt"
	"strings"
	"time"
)

// Timestamp is a date-time as the server wrote it ("2021-08-24T06:30:08.51",
// UTC without a zone). It keeps the text so a round trip changes nothing;
// Time parses it.
type Timestamp string

// Time parses the timestamp leniently (see ParseTime).
func (t Timestamp) Time() (time.Time, error) { return ParseTime(string(t)) }

// TimestampOf formats tm as Toloka expects.
func TimestampOf(tm time.Time) Timestamp { return Timestamp(FormatTime(tm)) }

// ParseTime reads a Toloka date-time leniently: 0–9 fraction digits, no zone
// meaning UTC, Z or an offset honoured, seconds optional.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04",
		"2006-01-02T15:04Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse %q as a date-time", s)
}

// FormatTime writes t as Toloka expects: UTC without a zone, microseconds only when non-zero.
func FormatTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 != 0 {
		return t.Format("2006-01-02T15:04:05.000000")
	}
	return t.Format("2006-01-02T15:04:05")
}
