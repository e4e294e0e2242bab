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

// DidYouMean is "; did you mean X?" for the closest candidate, or "". A typo
// (a few letters off) names one candidate; a word that several candidates
// complete names them all, up to four (created → created_gt, …, created_lte;
// pool → pool_id), since picking one of them would be a guess.
func DidYouMean(got string, candidates []string) string {
	if c := closestByEdits(got, candidates); c != "" {
		return "; did you mean " + c + "?"
	}
	var completes []string
	lg := strings.ToLower(got)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if len(got) >= 2 && (strings.HasPrefix(lc, lg+"_") || strings.HasSuffix(lc, "_"+lg) || camelPrefix(c, got)) {
			completes = append(completes, c)
		}
	}
	switch n := len(completes); {
	case n == 1:
		return "; did you mean " + completes[0] + "?"
	case n > 1 && n <= 4:
		return "; did you mean " + strings.Join(completes[:n-1], ", ") + " or " + completes[n-1] + "?"
	case n > 4:
		return ""
	}
	if c := Closest(got, candidates); c != "" {
		return "; did you mean " + c + "?"
	}
	return ""
}

// closestByEdits is the candidate within a few edits of got, if any.
func closestByEdits(got string, candidates []string) string {
	best, bestD := "", 1<<30
	g := strings.ToLower(got)
	for _, c := range candidates {
		if d := editDistance(g, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" && bestD <= max(2, len(got)/4) {
		return best
	}
	return ""
}

// camelPrefix reports whether c is got and more words: poolId for pool.
func camelPrefix(c, got string) bool {
	return len(c) > len(got) && strings.HasPrefix(c, got) && c[len(got)] >= 'A' && c[len(got)] <= 'Z'
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
