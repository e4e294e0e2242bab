package client

import "sync/atomic"

// Short strings repeat on every item of a page: statuses, pool ids, the keys
// of input and output values, labels such as "cat". Decoding them through a
// small shared table gives each one allocation instead of one per item, which
// matters because allocation and the GC work after it are most of what
// decoding a page costs. The table is direct-mapped and lossy: a collision
// simply replaces the entry, so it holds at most internSlots strings.
const (
	internSlots  = 1024
	internMaxLen = 16
)

type internEntry struct {
	s     string
	boxed any // s as an interface value, for free-form Values
}

var internTable [internSlots]atomic.Pointer[internEntry]

// intern returns the shared entry for b, which must be at most internMaxLen bytes.
func intern(b []byte) *internEntry {
	h := uint32(2166136261) // FNV-1a
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &internTable[h%internSlots]
	if e := slot.Load(); e != nil && e.s == string(b) {
		return e
	}
	s := string(b)
	e := &internEntry{s: s, boxed: s}
	slot.Store(e)
	return e
}
