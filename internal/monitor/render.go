package monitor

import (
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"

	"github.com/tolokash/tolokash/client"
)

// Style says how a snapshot is drawn.
type Style struct {
	Width  int    // the terminal's columns (at least 40 is used)
	Color  bool   // ANSI colors
	Header string // the first line's text after "tolokash monitor"
}

const (
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	red    = "\x1b[31m"
	reset  = "\x1b[0m"
)

// Render draws a snapshot as lines no wider than the style's width.
func Render(s *Snapshot, st Style) string {
	w := max(st.Width, 40)
	paint := func(code, text string) string {
		if !st.Color {
			return text
		}
		return code + text + reset
	}
	var b strings.Builder
	line := func(text string) {
		b.WriteString(clip(text, w))
		b.WriteByte('\n')
	}
	line(paint(bold, "tolokash monitor") + " · " + st.Header + " · balance " + s.Balance.String() + " · " + s.Time.Local().Format("15:04:05"))
	for _, p := range s.Pools {
		line(paint(dim, strings.Repeat("─", w)))
		if p.Error != "" {
			line(paint(bold, "pool "+p.ID) + "  " + paint(red, p.Error))
			continue
		}
		status := string(p.Status)
		switch p.Status {
		case client.PoolOpen:
			status = paint(green, status)
		case client.PoolClosed:
			status = paint(yellow, status)
		}
		title := fmt.Sprintf("%s %s  %s", paint(bold, "pool "+p.ID), quote(p.Name), status)
		right := fmt.Sprintf("%d tasks · reward %s", p.Tasks, p.Reward)
		line(spread(title, right, w))

		label := func(s string) string { return fmt.Sprintf("  %-12s ", s) }
		barWidth := max(10, min(50, w-40))
		done := label("done")
		if p.Completion >= 0 {
			done += bar(p.Completion, barWidth, st.Color) + fmt.Sprintf(" %3d%%", p.Completion)
		} else {
			done += "unknown"
		}
		switch {
		case p.ETA > 0:
			done += "   ETA " + p.ETA.String()
		case p.Status == client.PoolOpen && p.Completion < 100:
			done += "   ETA unknown: no answers lately"
		}
		line(done)

		var parts []string
		for _, k := range []string{"ACTIVE", "SUBMITTED", "ACCEPTED", "REJECTED", "SKIPPED"} {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(k), p.Assignments[k]))
		}
		line(label("assignments") + strings.Join(parts, " · "))

		spent := label("spent") + p.Spent.String()
		if !p.Budget.IsZero() {
			pct := share(p.Spent.String(), p.Budget.String())
			spent = label("spent") + bar(pct, barWidth, st.Color) + fmt.Sprintf(" %s of ≈%s (est., fee incl.)", p.Spent, p.Budget)
		}
		line(spent)

		rate := fmt.Sprintf(" %.1f/min", p.Rate)
		spark := Sparkline(p.PerMinute[max(0, len(p.PerMinute)-min(len(p.PerMinute), w-len(rate)-17)):])
		line(label("answers/min") + paint(green, spark) + rate + paint(dim, fmt.Sprintf("  (last %d min)", len(p.PerMinute))))

		if len(p.Bans) == 0 {
			line(label("bans") + "none lately")
			continue
		}
		line(label("bans") + fmt.Sprintf("%d recent", len(p.Bans)))
		for _, ban := range p.Bans {
			who := ban.UserID
			if len(who) > 12 {
				who = who[:12]
			}
			text := fmt.Sprintf("    %s  %s  %s ago", who, strings.ToLower(string(ban.Scope)), ago(s.Time.Sub(ban.Created)))
			if ban.Comment != "" {
				text += "  " + quote(ban.Comment)
			}
			line(paint(red, text))
		}
	}
	return b.String()
}

// Sparkline draws counts as bars of eight heights, scaled to the largest.
func Sparkline(counts []int) string {
	const ticks = "▁▂▃▄▅▆▇█"
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	var b strings.Builder
	for _, n := range counts {
		i := 0
		if top > 0 && n > 0 {
			i = 1 + (n*7-1)/top
		}
		b.WriteString(string([]rune(ticks)[i]))
	}
	return b.String()
}

func bar(percent, width int, color bool) string {
	percent = min(max(percent, 0), 100)
	full := percent * width / 100
	s := strings.Repeat("█", full) + strings.Repeat("░", width-full)
	if color {
		return green + strings.Repeat("█", full) + dim + strings.Repeat("░", width-full) + reset
	}
	return s
}

// share is 100·a/b for decimal texts, capped at 100.
func share(a, b string) int {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	if !ok1 || !ok2 || y.Sign() == 0 {
		return 0
	}
	f, _ := new(big.Rat).Quo(new(big.Rat).Mul(x, big.NewRat(100, 1)), y).Float64()
	return min(int(f), 100)
}

func quote(s string) string { return "“" + s + "”" }

func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// spread puts right at the end of a line of width w after left.
func spread(left, right string, w int) string {
	gap := w - visibleWidth(left) - visibleWidth(right)
	if gap < 2 {
		return left + "  " + right
	}
	return left + strings.Repeat(" ", gap) + right
}

// clip cuts a line to w columns, escape codes kept whole (and closed).
func clip(s string, w int) string {
	if visibleWidth(s) <= w {
		return s
	}
	var b strings.Builder
	col := 0
	for i := 0; i < len(s); {
		if s[i] == '\x1b' {
			j := strings.IndexByte(s[i:], 'm')
			if j < 0 {
				break
			}
			b.WriteString(s[i : i+j+1])
			i += j + 1
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		rw := runewidth.RuneWidth(r)
		if col+rw > w-1 {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		col += rw
		i += size
	}
	if strings.Contains(s, "\x1b[") {
		b.WriteString(reset)
	}
	return b.String()
}

// visibleWidth is the columns s takes, escape codes aside.
func visibleWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == '\x1b' {
			if j := strings.IndexByte(s[i:], 'm'); j >= 0 {
				i += j + 1
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runewidth.RuneWidth(r)
		i += size
	}
	return n
}
