package emulator

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// worker is a simulated Toloker. Each has a hidden accuracy, a pace and a
// habit of their own, all drawn from the seed: an assignment takes them the
// emulator's mean time per unit of work, scaled by their Speed and varied from
// one assignment to the next, and between assignments they look around for a
// while before they find the next.
type worker struct {
	ID string
	// Accuracy is the hidden skill: the chance of a right answer to a task
	// with a right answer (a control, training or real one).
	Accuracy float64
	Country  string
	// Speed scales the time this Toloker spends on an assignment: 0.7 is
	// quicker than most, 1.5 slower. 0 (in a snapshot from before) means 1.
	Speed float64 `json:",omitempty"`
	// Habit is "" for an honest Toloker, or how they cheat: habitFast (a bot
	// that clicks at random in a fraction of the time), habitRandom (clicks at
	// random at a normal pace) or habitConstant (always the same answer).
	Habit string `json:",omitempty"`
	// FreeAt (Unix nanoseconds) is when the Toloker is next free: when the
	// active assignment is done, or when a look around for work ends.
	FreeAt int64 `json:",omitempty"`
	// Active is the assignment they are doing (status ACTIVE), if any, and
	// Fate what becomes of it at FreeAt: fateSubmit, fateSkip or fateAbandon.
	Active string `json:",omitempty"`
	Fate   string `json:",omitempty"`
	// Taken counts the assignments taken, and Looks the looks around for
	// work since the last assignment or call to work: they name the draws of
	// each, so a draw never depends on when the requester's calls came.
	Taken int `json:",omitempty"`
	Looks int `json:",omitempty"`
}

const (
	habitFast     = "fast"
	habitRandom   = "random"
	habitConstant = "constant"

	fateSubmit  = "" // the usual end of an assignment
	fateSkip    = "skip"
	fateAbandon = "abandon" // left ACTIVE until assignment_max_duration_seconds pass: EXPIRED
)

// honest says whether w tries to answer right.
func (w *worker) honest() bool { return w.Habit == "" }

// Defaults of the crowd's make-up; Options can change the first three.
const (
	DefaultCheaters = 0.2  // share of Tolokers who cheat
	DefaultMishaps  = 0.03 // share of assignments skipped; expired and messages follow from it
	// speedSpread and workSpread are the log-normal spreads of the Tolokers'
	// own speeds and of one assignment's time around a Toloker's mean.
	speedSpread, workSpread = 0.25, 0.25
	// fastShare is how much of an honest Toloker's time a bot takes.
	fastShare = 0.12
)

// draw returns random numbers for one decision, named by parts: the same
// seed and names give the same numbers, whatever else happened before or
// how the requests and the crowd's ticks interleaved.
func (st *state) draw(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(uint64(st.opts.Seed), h.Sum64()))
}

// chance draws one number in [0, 1) for the decision named by parts.
func (st *state) chance(parts ...string) float64 { return st.draw(parts...).Float64() }

// profiles are the countries the crowd comes from, with a language of the
// country and its region id in Toloka's region list (0: not known).
var profiles = []struct {
	country, language string
	region            int
}{{"US", "EN", 84}, {"GB", "EN", 102}, {"DE", "DE", 96}, {"IN", "HI", 994}, {"BR", "PT", 94}, {"KE", "SW", 0}, {"PH", "TL", 0}}

// hireWorkers adds n Tolokers, each drawn from the seed and their place in
// the crowd: profile, device, accuracy, speed and habit.
func (st *state) hireWorkers(n int) {
	cheaters := st.cheaters(n)
	for i := 0; i < n; i++ {
		r := st.draw("toloker", strconv.Itoa(i))
		p := profiles[i%len(profiles)]
		w := &worker{ID: st.hexID(32), Country: p.country, Speed: logNormal(r, speedSpread), Habit: cheaters[i],
			Accuracy: min(max(st.opts.Accuracy-0.15+0.3*r.Float64(), 0), 1)}
		st.workers = append(st.workers, w)
		st.users.add(st.profile(w, i, r))
	}
}

// cheaters places the crowd's cheaters: their share of n, rounded, at places
// drawn from the seed, with the habits taken in turn.
func (st *state) cheaters(n int) []string {
	share := st.opts.Cheaters
	if share == 0 {
		share = DefaultCheaters
	}
	habits := make([]string, n)
	if share < 0 || n < 3 {
		return habits
	}
	kinds := []string{habitFast, habitRandom, habitConstant}
	order := st.draw("cheaters").Perm(n)
	for k := 0; k < int(math.Round(share*float64(n))) && k < n; k++ {
		habits[order[k]] = kinds[k%len(kinds)]
	}
	return habits
}

// profile is what Toloka knows of a Toloker: what filters select on and what
// user-metadata answers. Every tenth one speaks only their own language; the
// rest speak English too, as most of Toloka's crowd does.
func (st *state) profile(w *worker, i int, r *rand.Rand) object {
	p := profiles[i%len(profiles)]
	languages := []any{"EN"}
	if p.language != "EN" {
		languages = append(languages, p.language)
	}
	if i%10 == 9 && p.language != "EN" {
		languages = []any{p.language}
	}
	attrs := object{"country_by_phone": p.country, "country_by_ip": p.country}
	if p.region != 0 {
		attrs["region_by_phone"], attrs["region_by_ip"] = p.region, p.region
	}
	pick := func(options ...string) string { return options[r.IntN(len(options))] }
	if r.Float64() < 0.3 {
		attrs["client_type"], attrs["user_agent_type"] = "TOLOKA_APP", "OTHER"
		attrs["device_category"] = pick("SMARTPHONE", "SMARTPHONE", "TABLET")
		attrs["os_family"] = pick("ANDROID", "ANDROID", "IOS")
		attrs["os_version_major"], attrs["os_version_minor"] = 10+r.IntN(6), r.IntN(4)
	} else {
		attrs["client_type"], attrs["user_agent_type"] = "BROWSER", "BROWSER"
		attrs["device_category"] = "PERSONAL_COMPUTER"
		attrs["os_family"] = pick("WINDOWS", "WINDOWS", "LINUX", "OS_X")
		attrs["user_agent_family"] = pick("CHROME", "CHROME", "FIREFOX", "SAFARI")
		attrs["user_agent_version_major"], attrs["user_agent_version_minor"] = 100+r.IntN(30), r.IntN(10)
		attrs["os_version_major"], attrs["os_version_minor"] = 10+r.IntN(4), r.IntN(10)
	}
	attrs["os_version"] = jsonNumber(fmt.Sprintf("%d.%d", attrs["os_version_major"], attrs["os_version_minor"]))
	attrs["os_version_bugfix"] = r.IntN(5)
	if v, ok := attrs["user_agent_version_major"].(int); ok {
		attrs["user_agent_version"] = jsonNumber(fmt.Sprintf("%d.%d", v, attrs["user_agent_version_minor"]))
		attrs["user_agent_version_bugfix"] = r.IntN(100)
	}
	born := time.Date(1965+r.IntN(40), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	return object{"id": w.ID, "country": p.country, "citizenship": p.country, "languages": languages, "adult_allowed": i%2 == 0,
		"gender": pick("MALE", "FEMALE"), "education": pick("BASIC", "MIDDLE", "HIGH", "HIGH"), "date_of_birth": born.Unix(),
		"verified": false, "attributes": attrs}
}

// logNormal draws a factor with mean 1 whose logarithm has the given spread.
func logNormal(r *rand.Rand, sigma float64) float64 {
	return math.Exp(sigma*r.NormFloat64() - sigma*sigma/2)
}

// meanWork is how long an average Toloker spends on one unit of work (a
// one-task page with a choice to make), in the emulator's own time.
func (st *state) meanWork() time.Duration { return st.opts.meanWork() }

func (o Options) meanWork() time.Duration { return time.Duration(float64(o.WorkDelay) / o.Pace) }

// crowdTime is how long d of the emulator's time is on the crowd's clock:
// --pace makes the crowd's time run faster than the wall clock, so that the
// durations rules and pools name (fast-response thresholds, bans, time
// limits, the last 24 hours) keep their meaning at any pace.
func (st *state) crowdTime(d time.Duration) time.Duration {
	return time.Duration(float64(d) * st.opts.Pace)
}

// wallTime is the inverse of crowdTime.
func (st *state) wallTime(d time.Duration) time.Duration {
	return time.Duration(float64(d) / st.opts.Pace)
}

// workTime is how long w takes over their next assignment, of the given
// effort (units of a one-task page with one choice).
func (st *state) workTime(w *worker, effort float64) time.Duration {
	speed := w.Speed
	if speed <= 0 {
		speed = 1
	}
	r := st.draw("work", w.ID, strconv.Itoa(w.Taken))
	d := time.Duration(float64(st.meanWork()) * effort * speed * logNormal(r, workSpread))
	if w.Habit == habitFast {
		d = time.Duration(float64(d) * fastShare)
	}
	return max(d, st.meanWork()/50, time.Microsecond)
}

// lookAround is how long an idle Toloker takes to come back for work: so
// Tolokers reach a newly opened pool one by one, not all at its first instant.
func (st *state) lookAround(w *worker) time.Duration {
	w.Looks++
	u := st.chance("look", w.ID, strconv.Itoa(w.Taken), strconv.Itoa(w.Looks))
	return max(time.Duration(float64(st.meanWork())*(0.2+0.8*u)), time.Microsecond)
}
