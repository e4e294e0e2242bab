package client

import (
	"github.com/tolokash/tolokash/client/actions"
	"github.com/tolokash/tolokash/client/collectors"
	"github.com/tolokash/tolokash/client/conditions"
	"github.com/tolokash/tolokash/client/filter"
)

// Nested configuration of projects and pools. Each type keeps unknown fields
// in Extra. Quality-control rules and filters are the typed values of
// packages collectors, conditions, actions and filter; a Template Builder view
// is built with package tb (tb.ViewSpec{…}.Build()).

// ViewSpec is how a task is shown: type "classic" (markup, script, styles,
// assets) or "tb" (Template Builder: config is a JSON-encoded string, lock the
// versions of its components; tb.ViewSpec builds both).
type ViewSpec struct {
	Type          string            `json:"type,omitempty"`
	Settings      *ViewSpecSettings `json:"settings,omitempty"`
	Markup        string            `json:"markup,omitempty"`
	Script        string            `json:"script,omitempty"`
	Styles        string            `json:"styles,omitempty"`
	Assets        *ViewSpecAssets   `json:"assets,omitempty"`
	Config        string            `json:"config,omitempty"`
	Lock          map[string]string `json:"lock,omitempty"`
	InferDataSpec *bool             `json:"inferDataSpec,omitempty"`
	Extra         Extra             `json:"-"`
}

// ViewSpecSettings say which standard buttons and texts the task page shows.
type ViewSpecSettings struct {
	ShowFinish       *bool `json:"showFinish,omitempty"`
	ShowFullscreen   *bool `json:"showFullscreen,omitempty"`
	ShowInstructions *bool `json:"showInstructions,omitempty"`
	ShowMessage      *bool `json:"showMessage,omitempty"`
	ShowReward       *bool `json:"showReward,omitempty"`
	ShowSkip         *bool `json:"showSkip,omitempty"`
	ShowSubmit       *bool `json:"showSubmit,omitempty"`
	ShowTimer        *bool `json:"showTimer,omitempty"`
	ShowTitle        *bool `json:"showTitle,omitempty"`
	Extra            Extra `json:"-"`
}

// ViewSpecAssets link CSS and JavaScript libraries to a classic interface.
type ViewSpecAssets struct {
	StyleURLs  []string `json:"style_urls,omitempty"`
	ScriptURLs []string `json:"script_urls,omitempty"`
	Extra      Extra    `json:"-"`
}

// FieldTranslation is a translated text of a project.
type FieldTranslation struct {
	Value  string                 `json:"value,omitempty"`
	Source FieldTranslationSource `json:"source,omitempty"`
	Extra  Extra                  `json:"-"`
}

// AdditionalLanguage holds a project's texts in one more language.
type AdditionalLanguage struct {
	Language           string            `json:"language,omitempty"`
	PublicName         *FieldTranslation `json:"public_name,omitempty"`
	PublicDescription  *FieldTranslation `json:"public_description,omitempty"`
	PublicInstructions *FieldTranslation `json:"public_instructions,omitempty"`
	Extra              Extra             `json:"-"`
}

// LocalizationConfig lists a project's languages.
type LocalizationConfig struct {
	DefaultLanguage     string                `json:"default_language,omitempty"`
	AdditionalLanguages []*AdditionalLanguage `json:"additional_languages,omitempty"`
	Extra               Extra                 `json:"-"`
}

// AssignmentsIssuingViewConfig is the map view of MAP_SELECTOR projects.
type AssignmentsIssuingViewConfig struct {
	TitleTemplate       string                                  `json:"title_template,omitempty"`
	DescriptionTemplate string                                  `json:"description_template,omitempty"`
	MapProvider         AssignmentsIssuingViewConfigMapProvider `json:"map_provider,omitempty"`
	Extra               Extra                                   `json:"-"`
}

// DistributionInterval selects every Frequency-th task between From and To.
type DistributionInterval struct {
	From      *int  `json:"from,omitempty"`
	To        *int  `json:"to,omitempty"`
	Frequency *int  `json:"frequency,omitempty"`
	Extra     Extra `json:"-"`
}

// TaskDistributionFunction spreads golden, training or checkpoint tasks.
type TaskDistributionFunction struct {
	Scope        TaskDistributionFunctionScope        `json:"scope,omitempty"`
	Distribution TaskDistributionFunctionDistribution `json:"distribution,omitempty"`
	WindowDays   *int                                 `json:"window_days,omitempty"`
	Intervals    []*DistributionInterval              `json:"intervals,omitempty"`
	Extra        Extra                                `json:"-"`
}

// CheckpointSettings are one kind of checkpoint.
type CheckpointSettings struct {
	TargetOverlap            *int                      `json:"target_overlap,omitempty"`
	TaskDistributionFunction *TaskDistributionFunction `json:"task_distribution_function,omitempty"`
	Extra                    Extra                     `json:"-"`
}

// CheckpointsConfig sets selective majority-vote checks.
type CheckpointsConfig struct {
	RealSettings     *CheckpointSettings `json:"real_settings,omitempty"`
	GoldenSettings   *CheckpointSettings `json:"golden_settings,omitempty"`
	TrainingSettings *CheckpointSettings `json:"training_settings,omitempty"`
	Extra            Extra               `json:"-"`
}

// TrainingRequirement admits Tolokers who passed a training.
type TrainingRequirement struct {
	TrainingPoolID            string `json:"training_pool_id,omitempty"`
	TrainingPassingSkillValue *int   `json:"training_passing_skill_value,omitempty"`
	Extra                     Extra  `json:"-"`
}

// CollectorConfig gathers the statistics a rule tests: collectors.GoldenSet, collectors.MajorityVote, …
type CollectorConfig = collectors.CollectorConfig

// RuleCondition compares a collector's statistic with a value: conditions.GoldenSetCorrectAnswersRate.Lt(60).
type RuleCondition = conditions.RuleCondition

// RuleAction is what a rule does: actions.RestrictionV2, actions.SetSkill, …
type RuleAction = actions.RuleAction

// FilterCondition selects Tolokers: filter.Languages.In("EN"), filter.And(…), …
type FilterCondition = filter.FilterCondition

// QualityRule acts when all its conditions hold (toloka-kit's RuleConfig).
type QualityRule struct {
	Action     RuleAction      `json:"action,omitempty"`
	Conditions []RuleCondition `json:"conditions,omitempty"`
	Extra      Extra           `json:"-"`
}

// QualityControlConfig is a collector with its rules.
type QualityControlConfig struct {
	Rules           []*QualityRule  `json:"rules,omitempty"`
	CollectorConfig CollectorConfig `json:"collector_config,omitempty"`
	Extra           Extra           `json:"-"`
}

// QualityControl is the quality control of a pool or project.
type QualityControl struct {
	TrainingRequirement *TrainingRequirement           `json:"training_requirement,omitempty"`
	CaptchaFrequency    QualityControlCaptchaFrequency `json:"captcha_frequency,omitempty"`
	Configs             []*QualityControlConfig        `json:"configs,omitzero"`
	CheckpointsConfig   *CheckpointsConfig             `json:"checkpoints_config,omitempty"`
	Extra               Extra                          `json:"-"`
}

// PricingInterval is a reward for Tolokers whose skill is between From and To.
type PricingInterval struct {
	From                *int    `json:"from,omitempty"`
	To                  *int    `json:"to,omitempty"`
	RewardPerAssignment Decimal `json:"reward_per_assignment,omitzero"`
	Extra               Extra   `json:"-"`
}

// DynamicPricingConfig rewards by skill.
type DynamicPricingConfig struct {
	Type      DynamicPricingConfigType `json:"type,omitempty"`
	SkillID   string                   `json:"skill_id,omitempty"`
	Intervals []*PricingInterval       `json:"intervals,omitempty"`
	Extra     Extra                    `json:"-"`
}

// DynamicOverlapConfig raises overlap until answers agree.
type DynamicOverlapConfig struct {
	Type                DynamicOverlapConfigType `json:"type,omitempty"`
	MaxOverlap          *int                     `json:"max_overlap,omitempty"`
	MinConfidence       *float64                 `json:"min_confidence,omitempty"`
	AnswerWeightSkillID string                   `json:"answer_weight_skill_id,omitempty"`
	Fields              []*AggregationField      `json:"fields,omitempty"`
	Extra               Extra                    `json:"-"`
}

// SpeedQualityBalance limits access to the best Tolokers
// (type TOP_PERCENTAGE_BY_QUALITY with percent, or BEST_CONCURRENT_USERS_BY_QUALITY with count).
type SpeedQualityBalance struct {
	Type    SpeedQualityBalanceConfigType `json:"type,omitempty"`
	Percent *int                          `json:"percent,omitempty"`
	Count   *int                          `json:"count,omitempty"`
	Extra   Extra                         `json:"-"`
}

// AssignmentsIssuingConfig says how a pool issues task suites.
type AssignmentsIssuingConfig struct {
	IssueTaskSuitesInCreationOrder *bool `json:"issue_task_suites_in_creation_order,omitempty"`
	Extra                          Extra `json:"-"`
}

// PoolTrainingConfig holds the settings of a training linked to a pool.
type PoolTrainingConfig struct {
	TrainingSkillTTLDays *int  `json:"training_skill_ttl_days,omitempty"`
	Extra                Extra `json:"-"`
}
