package aggregation

import "testing"

// TestLegacyRandomMatchesNumpy checks the generator against numbers numpy
// 1.24 printed for the same seeds (RandomState(0).random_sample(3),
// seed(42) then normal(1, 1, 5)).
func TestLegacyRandomMatchesNumpy(t *testing.T) {
	r := newLegacyRandom(0)
	for i, want := range []float64{0.5488135039273248, 0.7151893663724195, 0.6027633760716439} {
		if got := r.float64(); got != want {
			t.Errorf("random_sample[%d] = %v, numpy gives %v", i, got, want)
		}
	}
	r = newLegacyRandom(42)
	for i, want := range []float64{1.4967141530112327, 0.8617356988288154, 1.6476885381006925, 2.5230298564080256, 0.765846625276664} {
		if got := 1 + r.normal(); got != want {
			t.Errorf("normal[%d] = %v, numpy gives %v", i, got, want)
		}
	}
}
