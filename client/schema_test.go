package client_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/internal/gen"
	"github.com/tolokash/tolokash/internal/schema"
)

// goModels are the structs of package client that stand for classes of the
// model description; TestModelsFollowTheDescription holds them to it.
var goModels = map[string]any{
	"project.Project": client.Project{}, "project.task_spec.TaskSpec": client.TaskSpec{},
	"project.Project.AssignmentsIssuingViewConfig": client.AssignmentsIssuingViewConfig{},
	"project.localization.LocalizationConfig":      client.LocalizationConfig{}, "project.localization.AdditionalLanguage": client.AdditionalLanguage{},
	"project.localization.AdditionalLanguage.FieldTranslation": client.FieldTranslation{},
	"project.view_spec.ViewSpec.Settings":                      client.ViewSpecSettings{}, "project.view_spec.ClassicViewSpec.Assets": client.ViewSpecAssets{},
	"pool.Pool": client.Pool{}, "pool.Pool.Defaults": client.PoolDefaults{}, "pool.Pool.AssignmentsIssuingConfig": client.AssignmentsIssuingConfig{},
	"pool.Pool.TrainingConfig": client.PoolTrainingConfig{}, "pool.mixer_config.MixerConfig": client.MixerConfig{},
	"pool.dynamic_overlap_config.DynamicOverlapConfig":          client.DynamicOverlapConfig{},
	"pool.dynamic_pricing_config.DynamicPricingConfig":          client.DynamicPricingConfig{},
	"pool.dynamic_pricing_config.DynamicPricingConfig.Interval": client.PricingInterval{},
	"quality_control.QualityControl":                            client.QualityControl{}, "quality_control.QualityControl.TrainingRequirement": client.TrainingRequirement{},
	"quality_control.QualityControl.CheckpointsConfig":               client.CheckpointsConfig{},
	"quality_control.QualityControl.CheckpointsConfig.Settings":      client.CheckpointSettings{},
	"quality_control.QualityControl.QualityControlConfig":            client.QualityControlConfig{},
	"quality_control.QualityControl.QualityControlConfig.RuleConfig": client.QualityRule{},
	"task_distribution_function.TaskDistributionFunction":            client.TaskDistributionFunction{},
	"task_distribution_function.TaskDistributionFunction.Interval":   client.DistributionInterval{},
	"training.Training": client.Training{}, "task.Task": client.Task{}, "task.BaseTask.KnownSolution": client.KnownSolution{},
	"task.Task.BaselineSolution": client.BaselineSolution{}, "task_suite.TaskSuite": client.TaskSuite{}, "skill.Skill": client.Skill{},
	"user_bonus.UserBonus": client.UserBonus{}, "webhook_subscription.WebhookSubscription": client.WebhookSubscription{},
	"message_thread.MessageThreadCompose": client.MessageThreadCompose{}, "message_thread.MessageThread": client.MessageThread{},
	"message_thread.Interlocutor": client.Interlocutor{}, "message_thread.MessageThread.Message": client.Message{},
	"message_thread.MessageThread.Meta": client.ThreadMeta{}, "message_thread.MessageThread.ComposeDetails": client.ComposeDetails{},
	"owner.Owner": client.Owner{}, "assignment.Assignment": client.Assignment{}, "assignment.AssignmentPatch": client.AssignmentPatch{},
	"solution.Solution": client.Solution{}, "attachment.Attachment.Details": client.AttachmentDetails{},
	"user_skill.UserSkill": client.UserSkill{}, "user_skill.SetUserSkillRequest": client.SetUserSkillRequest{},
	"aggregation.AggregatedSolution": client.AggregatedSolution{}, "pool.PoolPatchRequest": client.PoolPatchRequest{},
	"user_restriction.UserRestriction": client.UserRestriction{}, "attachment.Attachment": client.Attachment{},
	"aggregation.PoolAggregatedSolutionRequest": client.PoolAggregatedSolutionRequest{}, "operations.Operation": client.Operation{},
	"pool.speed_quality_balance_config.SpeedQualityBalanceConfig": client.SpeedQualityBalance{},
}

// TestModelsFollowTheDescription: every field the description gives a class
// is a member of its Go struct, under the same JSON name.
func TestModelsFollowTheDescription(t *testing.T) {
	s := schema.Load()
	byID := map[string]*schema.Class{}
	for _, c := range s.Classes {
		byID[c.ID()] = c
	}
	for id, model := range goModels {
		c := byID[id]
		if c == nil {
			t.Errorf("the description has no class %s", id)
			continue
		}
		tags := map[string]bool{}
		rt := reflect.TypeOf(model)
		for i := 0; i < rt.NumField(); i++ {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			tags[name] = true
		}
		for _, f := range c.Fields {
			if !f.Arg && !tags[f.Wire] {
				t.Errorf("client.%s lacks %s (%s.%s)", rt.Name(), f.Wire, c.Name, f.Name)
			}
		}
		// A field the description gives an enum has the enum's Go type
		// (client.PoolStatus), so its constants are typed where it is.
		for i := 0; i < rt.NumField(); i++ {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			f := fieldByWire(c, name)
			if f == nil {
				continue
			}
			typ, list := f.Type, ""
			if typ.Kind == schema.List {
				typ, list = typ.Elem, "[]"
			}
			if typ.Kind != schema.EnumKind {
				continue
			}
			got, elem := rt.Field(i).Type, rt.Field(i).Type
			if list != "" && got.Kind() == reflect.Slice {
				elem = got.Elem()
			}
			if want := gen.ClientEnumName(typ.Enum); elem.Name() != want || elem.Kind() != reflect.String || (list != "") != (got.Kind() == reflect.Slice) {
				t.Errorf("client.%s.%s is a %s; the description makes it a %s: make it a %sclient.%s", rt.Name(), rt.Field(i).Name, got, typ.Enum.Name, list, want)
			}
		}
	}
}

func fieldByWire(c *schema.Class, wire string) *schema.Field {
	for _, f := range c.Fields {
		if f.Wire == wire {
			return f
		}
	}
	return nil
}
