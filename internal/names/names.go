// Package names finds the name a mistyped one was meant to be, for the
// "did you mean" of error messages.
package names

import "strings"

// Closest returns the candidate closest to got, or "" when none is close:
// equal but for case, a prefix of three letters or more, or within an edit
// distance of a quarter of got's length (at least 2).
func Closest(got string, candidates []string) string {
	best, bestD := "", 1<<30
	g := strings.ToLower(got)
	for _, c := range candidates {
		l := strings.ToLower(c)
		d := editDistance(g, l)
		switch {
		case g == l:
			d = 0
		case len(l) >= 3 && (strings.HasPrefix(g, l) || strings.HasPrefix(l, g)):
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= max(2, len(got)/4) {
		return best
	}
	return ""
}

// DidYouMean is "; did you mean X?" for the closest candidate, or "".
func DidYouMean(got string, candidates []string) string {
	if c := Closest(got, candidates); c != "" {
		return "; did you mean " + c + "?"
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
