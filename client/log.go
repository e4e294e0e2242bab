package client

import (
	"log/slog"
	"time"
)

const (
	levelDebug = slog.LevelDebug
	levelInfo  = slog.LevelInfo
)

func attrStr(k, v string) slog.Attr               { return slog.String(k, v) }
func attrInt(k string, v int) slog.Attr           { return slog.Int(k, v) }
func attrDur(k string, v time.Duration) slog.Attr { return slog.Duration(k, v) }

func attrErr(err error) slog.Attr {
	if err == nil {
		return slog.Attr{}
	}
	return slog.String("error", err.Error())
}
