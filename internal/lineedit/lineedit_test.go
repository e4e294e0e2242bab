package lineedit

import (
	"testing"
)

func TestDecoderReadsKeysAndSequences(t *testing.T) {
	var d decoder
	d.buf = []byte("a\x1b[A\x1b[1;5C\x1bb\x1b\x7fé\x1b[200~x\ny\x1b[201~\x1b[3~")
	var got []key
	for {
		k, ok := d.parse()
		if !ok {
			break
		}
		got = append(got, k)
	}
	want := []key{{r: 'a'}, {named: keyUp}, {named: keyWordRight}, {r: 'b', alt: true}, {r: 0x7f, alt: true}, {r: 'é'},
		{named: keyNone}, {named: keyPaste, paste: "x\ny"}, {named: keyDelete}}
	if len(got) != len(want) {
		t.Fatalf("keys %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("key %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	// A sequence cut between two reads waits for the rest.
	d.buf = []byte("\x1b[")
	if _, ok := d.parse(); ok {
		t.Error("half a sequence parsed")
	}
	d.buf = append(d.buf, 'B')
	if k, ok := d.parse(); !ok || k.named != keyDown {
		t.Errorf("the rest of the sequence: %+v %v", k, ok)
	}
}

func TestLayoutWrapsAndContinues(t *testing.T) {
	// "> " then 8 columns: "abcdef" fills the first row, "gh" wraps; a line
	// break starts the next line after "… ".
	places, end := layout("> ", "… ", []rune("abcdefgh\n世x"), 8)
	if places[5] != (place{0, 7}) || places[6] != (place{1, 0}) || places[8] != (place{1, 2}) {
		t.Errorf("wrapping: %v", places)
	}
	if places[9] != (place{2, 2}) || places[10] != (place{2, 4}) || end != (place{2, 5}) {
		t.Errorf("a wide rune after the continuation prompt: %v end %v", places, end)
	}
	// A wide rune that does not fit in the last column goes to the next row.
	places, _ = layout("", "", []rune("abcdefg世"), 8)
	if places[7] != (place{1, 0}) {
		t.Errorf("a wide rune at the edge: %v", places)
	}
}
