package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// DefaultFeeRate is the fee tolokash assumes Toloka adds to what a pool pays
// its Tolokers. Toloka's documentation says the requester is charged "a
// percentage of the cost of tasks including bonuses" and shows it on each
// pool's page, but publishes no figure; 30 % is an assumption, not the
// service's word. Estimates take the rate of your account as FeeRate.
const DefaultFeeRate = "0.3"

// CostEstimate is what a pool is expected to cost: a estimate, since
// Toloka's fee rate is assumed (see DefaultFeeRate) and the work actually
// done can differ (rejected assignments are not paid, quality control can
// add overlap, bonuses come on top).
type CostEstimate struct {
	PoolID string
	// Tasks counts the pool's real tasks (golden and infinite-overlap ones
	// aside), TaskSuites its task suites.
	Tasks, TaskSuites int
	TasksPerSuite     int // real tasks in a suite (the mixer's real_tasks_count; 1 without a mixer)
	// Assignments is how many task suites will be paid for: the tasks'
	// overlap summed, divided by TasksPerSuite and rounded up, plus the
	// suites' overlap. RemainingAssignments counts remaining overlap only:
	// what is still to be done.
	Assignments, RemainingAssignments int
	RewardPerAssignment               Decimal
	FeeRate                           Decimal
	Reward, Fee, Total                Decimal // for every assignment
	Remaining                         Decimal // Total for the remaining assignments only
}

// Note says how the estimate was made, for people reading it.
func (e *CostEstimate) Note() string {
	return fmt.Sprintf("an estimate: %d assignments × %s reward + %s%% Toloka fee (the fee rate is assumed; pass your account's)",
		e.Assignments, e.RewardPerAssignment, ratText(new(big.Rat).Mul(e.FeeRate.Rat(), big.NewRat(100, 1)), 0))
}

// EstimateOptions changes how EstimatePoolCost counts.
type EstimateOptions struct {
	FeeRate Decimal // default DefaultFeeRate
	// Pool, when set, is used instead of fetching the pool (a pool not
	// created yet: then Tasks must say how many tasks it will get).
	Pool *Pool
	// Tasks, when positive, stands for the pool's tasks: each with the
	// pool's default overlap.
	Tasks int
}

// EstimatePoolCost estimates what the pool will cost: its tasks × overlap
// ÷ real tasks per suite × reward per assignment, plus Toloka's fee. The
// tasks are read from the server (one pass over the pool's tasks and suites)
// unless opts.Tasks says how many.
func (c *Client) EstimatePoolCost(ctx context.Context, poolID string, opts EstimateOptions) (*CostEstimate, error) {
	ctx = withTopLevel(ctx, "estimate_pool_cost")
	pool := opts.Pool
	if pool == nil {
		p, err := c.GetPool(ctx, poolID)
		if err != nil {
			return nil, fmt.Errorf("estimate_pool_cost: %w", err)
		}
		pool = p
	}
	fee := opts.FeeRate
	if fee.IsZero() {
		fee = MustDecimal(DefaultFeeRate)
	}
	if fee.Rat().Sign() < 0 {
		return nil, &ArgError{Method: "estimate_pool_cost", Param: "fee_rate", Want: "a share of 0 or more (0.3 for 30 %)", Got: fee.String()}
	}
	e := &CostEstimate{PoolID: pool.ID, RewardPerAssignment: pool.RewardPerAssignment, FeeRate: fee, TasksPerSuite: 1}
	if e.RewardPerAssignment.IsZero() {
		e.RewardPerAssignment = MustDecimal("0")
	}
	if pool.MixerConfig != nil && pool.MixerConfig.RealTasksCount != nil && *pool.MixerConfig.RealTasksCount > 0 {
		e.TasksPerSuite = *pool.MixerConfig.RealTasksCount
	}
	defaultOverlap := 1
	if pool.Defaults != nil && pool.Defaults.DefaultOverlapForNewTasks != nil {
		defaultOverlap = *pool.Defaults.DefaultOverlapForNewTasks
	}
	var overlap, remaining int
	if opts.Tasks > 0 || pool.ID == "" {
		e.Tasks = opts.Tasks
		overlap, remaining = opts.Tasks*defaultOverlap, opts.Tasks*defaultOverlap
	} else {
		for t, err := range c.Tasks(ctx, TaskFilter{PoolID: pool.ID}) {
			if err != nil {
				return nil, fmt.Errorf("estimate_pool_cost: reading the tasks of pool %s: %w", pool.ID, err)
			}
			if t.InfiniteOverlap != nil && *t.InfiniteOverlap || len(t.KnownSolutions) > 0 {
				continue // golden and training tasks come with the real ones, in the same suites
			}
			e.Tasks++
			o := deref(t.Overlap, defaultOverlap)
			overlap += o
			remaining += deref(t.RemainingOverlap, o)
		}
		suites, rest := 0, 0
		for s, err := range c.TaskSuites(ctx, TaskSuiteFilter{PoolID: pool.ID}) {
			if err != nil {
				return nil, fmt.Errorf("estimate_pool_cost: reading the task suites of pool %s: %w", pool.ID, err)
			}
			if s.InfiniteOverlap != nil && *s.InfiniteOverlap {
				continue
			}
			e.TaskSuites++
			o := deref(s.Overlap, deref(poolSuiteOverlap(pool), 1))
			suites += o
			rest += deref(s.RemainingOverlap, o)
		}
		e.Assignments, e.RemainingAssignments = suites, rest
	}
	e.Assignments += ceilDiv(overlap, e.TasksPerSuite)
	e.RemainingAssignments += ceilDiv(remaining, e.TasksPerSuite)
	reward := e.RewardPerAssignment.Rat()
	cost := func(n int) (r, f, total *big.Rat) {
		r = new(big.Rat).Mul(reward, big.NewRat(int64(n), 1))
		f = new(big.Rat).Mul(r, fee.Rat())
		return r, f, new(big.Rat).Add(r, f)
	}
	r, f, total := cost(e.Assignments)
	e.Reward, e.Fee, e.Total = money(r), money(f), money(total)
	_, _, rest := cost(e.RemainingAssignments)
	e.Remaining = money(rest)
	return e, nil
}

func poolSuiteOverlap(p *Pool) *int {
	if p.Defaults == nil {
		return nil
	}
	return p.Defaults.DefaultOverlapForNewTaskSuites
}

func deref(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// money writes an amount with the cents and any smaller digits it has
// (0.012 stays 0.012, 1.5 becomes 1.50).
func money(r *big.Rat) Decimal {
	return MustDecimal(ratText(r, 2))
}

// ratText writes r with at least minDigits decimals and no trailing zeros
// beyond them (exact up to 8 decimals; rewards have at most 4).
func ratText(r *big.Rat, minDigits int) string {
	s := r.FloatString(8)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = strings.TrimRight(s, "0")
		if dec := len(s) - i - 1; dec < minDigits {
			s += strings.Repeat("0", minDigits-dec)
		}
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// BudgetError says open_pool refused to open a pool: its estimated cost is
// over the limit given (max_cost) or over the balance (check_balance).
type BudgetError struct {
	PoolID   string
	Estimate *CostEstimate
	Limit    Decimal // max_cost, or the balance
	Balance  bool    // the limit is the account's balance
}

func (e *BudgetError) Error() string {
	what := "max_cost " + e.Limit.String()
	if e.Balance {
		what = "the balance, " + e.Limit.String()
	}
	return fmt.Sprintf("refusing to open pool %s: its remaining work is estimated at %s (%d assignments × %s + fee), more than %s; %s",
		e.PoolID, e.Estimate.Remaining, e.Estimate.RemainingAssignments, e.Estimate.RewardPerAssignment, what, e.Estimate.Note())
}

// ErrBudget matches every *BudgetError with errors.Is.
var ErrBudget = errors.New("over budget")

func (e *BudgetError) Is(target error) bool { return target == ErrBudget }

// MaxCost makes OpenPool (and OpenPoolAsync) refuse, with a *BudgetError,
// to open a pool whose remaining work is estimated to cost more than limit
// (EstimatePoolCost, fee included).
func MaxCost(limit string) BudgetOption { return budgetOptionFunc(setOption("max_cost", limit)) }

// CheckBalance makes OpenPool refuse to open a pool whose remaining work is
// estimated to cost more than the account's balance.
func CheckBalance() BudgetOption { return budgetOptionFunc(setOption("check_balance", true)) }

// FeeRate is the share of the reward Toloka's fee is taken to be in the
// estimate MaxCost and CheckBalance check (DefaultFeeRate unless set; "0.25"
// for 25 %).
func FeeRate(rate string) BudgetOption { return budgetOptionFunc(setOption("fee_rate", rate)) }

// budgetOptions are open_pool's client-side options: the guard runs before
// the pool is opened, and nothing is sent when it refuses.
var budgetOptions = []Param{
	{Name: "max_cost", In: InLocal, Type: "number", Doc: "refuse to open when the estimated cost of the remaining work (estimatePoolCost, fee included) is more"},
	{Name: "check_balance", In: InLocal, Type: "boolean", Doc: "refuse to open when the estimated cost of the remaining work is more than the balance"},
	{Name: "fee_rate", In: InLocal, Type: "number", Doc: "Toloka's fee as a share of the reward, for the estimate (default " + DefaultFeeRate + ", an assumption)"},
}

// withBudgetGuard gives open_pool's rows the guard: its options, and a run
// that checks the estimate before the row's own run sends anything.
func withBudgetGuard(rows []Endpoint) []Endpoint {
	for i := range rows {
		row := &rows[i]
		row.Options = append(slices.Clone(row.Options), budgetOptions...)
		does := "with max_cost or check_balance, first estimates the pool's remaining cost (estimate_pool_cost) " +
			"and refuses to open it, sending nothing, when that is more"
		if row.Run != nil && row.Run.Does != "" {
			does += "; " + row.Run.Does
		}
		run := row.run()
		row.Run = runner(does, func(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
			if err := c.checkBudget(ctx, a); err != nil {
				return nil, err
			}
			return run(ctx, c, ep, a)
		})
	}
	return rows
}

// checkBudget refuses to go on when open_pool's max_cost or check_balance
// say the pool costs too much.
func (c *Client) checkBudget(ctx context.Context, a *args) error {
	limitV, hasLimit := a.local["max_cost"]
	balance := isTrue(a.local["check_balance"])
	if !hasLimit && !balance {
		return nil
	}
	opts := EstimateOptions{}
	if v, ok := a.local["fee_rate"]; ok {
		d, err := decimalOf(v)
		if err != nil {
			return &ArgError{Method: a.method, Param: "fee_rate", Want: "a number (0.3 for 30 %)", Got: describeValue(v)}
		}
		opts.FeeRate = d
	}
	id := a.path["pool_id"]
	est, err := c.EstimatePoolCost(ctx, id, opts)
	if err != nil {
		return err
	}
	if hasLimit {
		limit, err := decimalOf(limitV)
		if err != nil {
			return &ArgError{Method: a.method, Param: "max_cost", Want: "an amount of money (a number)", Got: describeValue(limitV)}
		}
		if est.Remaining.Rat().Cmp(limit.Rat()) > 0 {
			return &BudgetError{PoolID: id, Estimate: est, Limit: limit}
		}
	}
	if balance {
		req, err := c.GetRequester(ctx)
		if err != nil {
			return fmt.Errorf("%s: reading the balance: %w", a.method, err)
		}
		if est.Remaining.Rat().Cmp(req.Balance.Rat()) > 0 {
			return &BudgetError{PoolID: id, Estimate: est, Limit: req.Balance, Balance: true}
		}
	}
	return nil
}

func isTrue(v any) bool { b, ok := v.(bool); return ok && b }

// decimalOf reads an amount given as a number or a numeric string.
func decimalOf(v any) (Decimal, error) {
	switch x := v.(type) {
	case Decimal:
		return x, nil
	case string:
		return NewDecimal(strings.TrimSpace(x))
	case json.Number:
		return NewDecimal(x.String())
	case json.RawMessage:
		var d Decimal
		err := d.UnmarshalJSON(x)
		return d, err
	case int:
		return NewDecimal(fmt.Sprint(x))
	case int64:
		return NewDecimal(fmt.Sprint(x))
	case float64:
		return NewDecimal(new(big.Rat).SetFloat64(x).FloatString(8))
	}
	return Decimal{}, fmt.Errorf("not a number")
}
