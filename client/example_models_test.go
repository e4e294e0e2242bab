package client_test

import (
	"encoding/json"
	"fmt"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/actions"
	"github.com/tolokash/tolokash/client/collectors"
	"github.com/tolokash/tolokash/client/conditions"
	"github.com/tolokash/tolokash/client/filter"
)

// A pool with a filter, a mixer and a quality-control rule, as toloka-kit's
// notebooks set them up.
func ExampleQualityControl_AddAction() {
	pool := client.NewPool()
	pool.ProjectID, pool.PrivateName = "1", "Pool 1"
	pool.SetFilter(filter.And(filter.Languages.In("EN"), filter.ClientType.Eq("BROWSER")))
	pool.SetMixerConfig(client.MixerConfig{RealTasksCount: client.Int(9), GoldenTasksCount: client.Int(1)})
	err := pool.QualityControl.AddAction(collectors.GoldenSet{HistorySize: client.Int(10)},
		[]conditions.RuleCondition{conditions.GoldenSetCorrectAnswersRate.Lt(60)},
		actions.RestrictionV2{Scope: "PROJECT", Duration: client.Int(1), DurationUnit: "DAYS"})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(pool.QualityControl)
	fmt.Println(string(b))
	// Output: {"configs":[{"rules":[{"action":{"parameters":{"scope":"PROJECT","duration":1,"duration_unit":"DAYS"},"type":"RESTRICTION_V2"},"conditions":[{"operator":"LT","value":60,"key":"golden_set_correct_answers_rate"}]}],"collector_config":{"parameters":{"history_size":10},"type":"GOLDEN_SET"}}]}
}
