package client_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
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
	}
}
