package stdlib

import "slices"

// groups numbers the distinct keys of a frame's rows in the order they first
// appear, as pandas' factorize does: what groupBy, valueCounts, unique and
// dropDuplicates are made of. A key is a row's values in the columns grouped
// by; values of different kinds differ (1 is not "1"), and nulls are a key of
// their own.
type groups struct {
	of    []uint32 // row r is in group of[r]
	first []int    // each group's first row, in increasing order
}

// groupRows groups a frame's rows (n of them) by the values in cols: by one
// column's groups, then those split by the next column's, and so on.
func groupRows(cols []*column, n int) groups {
	if len(cols) == 0 {
		g := groups{of: make([]uint32, n)}
		if n > 0 {
			g.first = []int{0}
		}
		return g
	}
	g := cols[0].groups()
	for _, c := range cols[1:] {
		next := c.groups()
		pairs := make(map[uint64]uint32, len(g.first))
		g.first = g.first[:0]
		for r, a := range g.of {
			k := uint64(a)<<32 | uint64(next.of[r])
			id, ok := pairs[k]
			if !ok {
				id = uint32(len(g.first))
				pairs[k] = id
				g.first = append(g.first, r)
			}
			g.of[r] = id
		}
	}
	return g
}

// groups numbers the column's distinct values in the order they first appear.
func (c *column) groups() groups {
	g := groups{of: make([]uint32, c.n)}
	add := func(r int) uint32 {
		g.first = append(g.first, r)
		return uint32(len(g.first) - 1)
	}
	// A null row joins the group of nulls, numbered where the first appears.
	nullID := -1
	null := func(r int) bool {
		if !c.nulls.has(r) {
			return false
		}
		if nullID < 0 {
			nullID = int(add(r))
		}
		g.of[r] = uint32(nullID)
		return true
	}
	switch c.kind {
	case kindNull:
		if c.n > 0 {
			add(0)
		}
	case kindNumber:
		ids := map[uint64]uint32{}
		for r, x := range c.nums {
			if null(r) {
				continue
			}
			k := numberKey(x)
			id, ok := ids[k]
			if !ok {
				id = add(r)
				ids[k] = id
			}
			g.of[r] = id
		}
	case kindString:
		if c.codes != nil && len(c.strs) <= 4*c.n {
			// Interned: a group per value's number, numbered anew.
			ids := make([]int32, len(c.strs))
			for i := range ids {
				ids[i] = -1
			}
			for r, code := range c.codes {
				if null(r) {
					continue
				}
				if ids[code] < 0 {
					ids[code] = int32(add(r))
				}
				g.of[r] = uint32(ids[code])
			}
			break
		}
		// Not interned: the column was judged mostly distinct values, so
		// the map is sized for every row at once rather than grown by
		// doubling, which rehashes each key again at every step.
		ids := make(map[string]uint32, c.n)
		for r := range c.n {
			if null(r) {
				continue
			}
			s := c.str(r)
			id, ok := ids[s]
			if !ok {
				id = add(r)
				ids[s] = id
			}
			g.of[r] = id
		}
	case kindBool:
		ids := [2]int{-1, -1}
		for r := range c.n {
			if null(r) {
				continue
			}
			k := 0
			if c.flags.has(r) {
				k = 1
			}
			if ids[k] < 0 {
				ids[k] = int(add(r))
			}
			g.of[r] = uint32(ids[k])
		}
	case kindAny:
		ids := map[string]uint32{}
		for r, v := range c.vals {
			k := key(v)
			id, ok := ids[k]
			if !ok {
				id = add(r)
				ids[k] = id
			}
			g.of[r] = id
		}
	}
	return g
}

// sizes is how many rows each group has.
func (g groups) sizes() []int {
	n := make([]int, len(g.first))
	for _, id := range g.of {
		n[id]++
	}
	return n
}

// members lists each group's rows, in order: group i's are rows[at[i]:at[i+1]].
func (g groups) members() (rows, at []int) {
	at = make([]int, len(g.first)+1)
	for _, id := range g.of {
		at[id+1]++
	}
	for i := 1; i < len(at); i++ {
		at[i] += at[i-1]
	}
	next := slices.Clone(at[:len(at)-1])
	rows = make([]int, len(g.of))
	for r, id := range g.of {
		rows[next[id]] = r
		next[id]++
	}
	return rows, at
}
