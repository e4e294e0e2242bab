package client

import "time"

// Timestamp is a date-time as the server wrote it ("2021-08-24T06:30:08.51",
// UTC without a zone). It keeps the text so a round trip changes nothing;
// Time parses it.
type Timestamp string

// Time parses the timestamp leniently (see ParseTime).
func (t Timestamp) Time() (time.Time, error) { return ParseTime(string(t)) }

// TimestampOf formats tm as Toloka expects.
func TimestampOf(tm time.Time) Timestamp { return Timestamp(FormatTime(tm)) }
