package client

import "encoding/json"

// Nested configuration of projects and pools. Each type keeps unknown fields
// in Extra; discriminated variants are one struct holding the discriminator
// and the union of their fields, with free-form parameters left as JSON.

// ViewSpec is how a task is shown: type "classic" (markup, script, styles,
// assets) or "tb" (Template Builder: config is a JSON-encoded string).
type ViewSpec struct {
	Type          string            `json:"type,omitempty"`
	Settings      json.RawMessage   `json:"settings,omitempty"`
	Markup        string            `json:"markup,omitempty"`
	Script        string            `json:"script,omitempty"`
	Styles        string            `json:"styles,omitempty"`
	Assets        json.RawMessage   `json:"assets,omitempty"`
	Config        string            `json:"config,omitempty"`
	Lock          map[string]string `json:"lock,omitempty"`
	InferDataSpec *bool             `json:"inferDataSpec,omitempty"`
	Extra         Extra             `json:"-"`
}

// FieldTranslation is a translated text of a project.
type FieldTranslation struct {
	Value  string `json:"value,omitempty"`
	Source string `json:"source,omitempty"`
	Extra  Extra  `json:"-"`
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
	TitleTemplate       string `json:"title_template,omitempty"`
	DescriptionTemplate string `json:"description_template,omitempty"`
	MapProvider         string `json:"map_provider,omitempty"`
	Extra               Extra  `json:"-"`
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
	Scope        string                  `json:"scope,omitempty"`
	Distribution string                  `json:"distribution,omitempty"`
	WindowDays   *int                    `json:"window_days,omitempty"`
	Intervals    []*DistributionInterval `json:"intervals,omitempty"`
	Extra        Extra                   `json:"-"`
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

// CollectorConfig gathers statistics (type GOLDEN_SET, MAJORITY_VOTE, CAPTCHA, …).
type CollectorConfig struct {
	Type       string          `json:"type,omitempty"`
	UUID       string          `json:"uuid,omitempty"`
	Parameters json.RawMessage `json:"parameters,omitempty"`
	Extra      Extra           `json:"-"`
}

// RuleCondition compares a collector's statistic (key) with a value.
type RuleCondition struct {
	Key      string          `json:"key,omitempty"`
	Operator string          `json:"operator,omitempty"`
	Value    json.RawMessage `json:"value,omitempty"`
	Extra    Extra           `json:"-"`
}

// RuleAction is what a rule does (type RESTRICTION_V2, SET_SKILL, REJECT_ALL_ASSIGNMENTS, …).
type RuleAction struct {
	Type       string          `json:"type,omitempty"`
	Parameters json.RawMessage `json:"parameters,omitempty"`
	Extra      Extra           `json:"-"`
}

// QualityRule acts when all its conditions hold.
type QualityRule struct {
	Conditions []*RuleCondition `json:"conditions,omitempty"`
	Action     *RuleAction      `json:"action,omitempty"`
	Extra      Extra            `json:"-"`
}

// QualityControlConfig is a collector with its rules.
type QualityControlConfig struct {
	CollectorConfig *CollectorConfig `json:"collector_config,omitempty"`
	Rules           []*QualityRule   `json:"rules,omitempty"`
	Extra           Extra            `json:"-"`
}

// QualityControl is the quality control of a pool or project.
type QualityControl struct {
	Configs             []*QualityControlConfig `json:"configs,omitempty"`
	TrainingRequirement *TrainingRequirement    `json:"training_requirement,omitempty"`
	CaptchaFrequency    string                  `json:"captcha_frequency,omitempty"`
	CheckpointsConfig   *CheckpointsConfig      `json:"checkpoints_config,omitempty"`
	Extra               Extra                   `json:"-"`
}

// FilterCondition is a leaf of a Toloker filter (category profile, computed or
// skill; for skills the key is the skill id), or an and/or node of them.
type FilterCondition struct {
	And      []*FilterCondition `json:"and,omitempty"`
	Or       []*FilterCondition `json:"or,omitempty"`
	Category string             `json:"category,omitempty"`
	Key      string             `json:"key,omitempty"`
	Operator string             `json:"operator,omitempty"`
	Value    json.RawMessage    `json:"value,omitempty"`
	Extra    Extra              `json:"-"`
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
	Type      string             `json:"type,omitempty"`
	SkillID   string             `json:"skill_id,omitempty"`
	Intervals []*PricingInterval `json:"intervals,omitempty"`
	Extra     Extra              `json:"-"`
}

// DynamicOverlapConfig raises overlap until answers agree.
type DynamicOverlapConfig struct {
	Type                string              `json:"type,omitempty"`
	MaxOverlap          *int                `json:"max_overlap,omitempty"`
	MinConfidence       *float64            `json:"min_confidence,omitempty"`
	AnswerWeightSkillID string              `json:"answer_weight_skill_id,omitempty"`
	Fields              []*AggregationField `json:"fields,omitempty"`
	Extra               Extra               `json:"-"`
}

// SpeedQualityBalance limits access to the best Tolokers
// (type TOP_PERCENTAGE_BY_QUALITY with percent, or BEST_CONCURRENT_USERS_BY_QUALITY with count).
type SpeedQualityBalance struct {
	Type    string `json:"type,omitempty"`
	Percent *int   `json:"percent,omitempty"`
	Count   *int   `json:"count,omitempty"`
	Extra   Extra  `json:"-"`
}
