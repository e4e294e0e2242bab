package client

import (
	"encoding/json"
)

// Models of the Toloka API. Each keeps the fields it does not name in Extra, so
// a get → change → update round trip loses nothing the server sent. Optional
// booleans and numbers are pointers, so "false" and "0" survive as well as absence.
// Quality-control rules and filters are the types of packages collectors,
// conditions, actions and filter, which keep variants this version does not
// know as they came; Template Builder views are built with package tb. The
// structs follow the model description (internal/schema): TestModelsFollowTheDescription.

// Extra holds the JSON fields a model does not name.
type Extra = map[string]json.RawMessage

// Owner is the account that owns an object.
type Owner struct {
	ID        string `json:"id,omitempty"`
	Myself    *bool  `json:"myself,omitempty"`
	CompanyID string `json:"company_id,omitempty"`
	Extra     Extra  `json:"-"`
}

// LocalizedText maps a language code (EN, RU, …) to a text.
type LocalizedText = map[string]string

// FieldSpec describes one input or output field (type: string, integer, float,
// boolean, url, file, coordinates, json and their array_ variants).
type FieldSpec struct {
	Type            FieldType `json:"type"`
	Required        *bool     `json:"required,omitempty"`
	Hidden          *bool     `json:"hidden,omitempty"`
	MinLength       *int      `json:"min_length,omitempty"`
	MaxLength       *int      `json:"max_length,omitempty"`
	MinValue        *float64  `json:"min_value,omitempty"`
	MaxValue        *float64  `json:"max_value,omitempty"`
	AllowedValues   List      `json:"allowed_values,omitempty"`
	MinSize         *int      `json:"min_size,omitempty"`
	MaxSize         *int      `json:"max_size,omitempty"`
	CurrentLocation *bool     `json:"current_location,omitempty"`
	Extra           Extra     `json:"-"`
}

// TaskSpec is a project's input, output and view specification.
type TaskSpec struct {
	InputSpec  map[string]*FieldSpec `json:"input_spec,omitempty"`
	OutputSpec map[string]*FieldSpec `json:"output_spec,omitempty"`
	ViewSpec   *ViewSpec             `json:"view_spec,omitempty"`
	Extra      Extra                 `json:"-"`
}

// Project is a Toloka project.
type Project struct {
	ID                           string                        `json:"id,omitempty"`
	PublicName                   string                        `json:"public_name,omitempty"`
	PublicDescription            string                        `json:"public_description,omitempty"`
	PublicInstructions           string                        `json:"public_instructions,omitempty"`
	PrivateComment               string                        `json:"private_comment,omitempty"`
	TaskSpec                     *TaskSpec                     `json:"task_spec,omitempty"`
	AssignmentsIssuingType       ProjectAssignmentsIssuingType `json:"assignments_issuing_type,omitempty"`
	AssignmentsIssuingViewConfig *AssignmentsIssuingViewConfig `json:"assignments_issuing_view_config,omitempty"`
	AssignmentsAutomergeEnabled  *bool                         `json:"assignments_automerge_enabled,omitempty"`
	MaxActiveAssignmentsCount    *int                          `json:"max_active_assignments_count,omitempty"`
	QualityControl               *QualityControl               `json:"quality_control,omitempty"`
	Metadata                     map[string][]string           `json:"metadata,omitempty"`
	Status                       ProjectStatus                 `json:"status,omitempty"`
	Created                      Timestamp                     `json:"created,omitempty"`
	LocalizationConfig           *LocalizationConfig           `json:"localization_config,omitempty"`
	Owner                        *Owner                        `json:"owner,omitempty"`
	Extra                        Extra                         `json:"-"`
}

// PoolDefaults are the overlaps used for new tasks with allow_defaults.
type PoolDefaults struct {
	DefaultOverlapForNewTaskSuites *int  `json:"default_overlap_for_new_task_suites,omitempty"`
	DefaultOverlapForNewTasks      *int  `json:"default_overlap_for_new_tasks,omitempty"`
	Extra                          Extra `json:"-"`
}

// MixerConfig sets how many real, golden and training tasks go in a suite.
type MixerConfig struct {
	RealTasksCount          *int  `json:"real_tasks_count,omitempty"`
	GoldenTasksCount        *int  `json:"golden_tasks_count,omitempty"`
	TrainingTasksCount      *int  `json:"training_tasks_count,omitempty"`
	MinRealTasksCount       *int  `json:"min_real_tasks_count,omitempty"`
	MinGoldenTasksCount     *int  `json:"min_golden_tasks_count,omitempty"`
	MinTrainingTasksCount   *int  `json:"min_training_tasks_count,omitempty"`
	ForceLastAssignment     *bool `json:"force_last_assignment,omitempty"`
	MixTasksInCreationOrder *bool `json:"mix_tasks_in_creation_order,omitempty"`
	ShuffleTasksInTaskSuite *bool `json:"shuffle_tasks_in_task_suite,omitempty"`
	// ForceLastAssignmentDelaySeconds waits before a pool's last assignment is forced.
	ForceLastAssignmentDelaySeconds  *int                      `json:"force_last_assignment_delay_seconds,omitempty"`
	GoldenTaskDistributionFunction   *TaskDistributionFunction `json:"golden_task_distribution_function,omitempty"`
	TrainingTaskDistributionFunction *TaskDistributionFunction `json:"training_task_distribution_function,omitempty"`
	Extra                            Extra                     `json:"-"`
}

// Pool is a set of tasks issued to Tolokers under common settings.
type Pool struct {
	ID                                 string                    `json:"id,omitempty"`
	ProjectID                          string                    `json:"project_id,omitempty"`
	PrivateName                        string                    `json:"private_name,omitempty"`
	PrivateComment                     string                    `json:"private_comment,omitempty"`
	PublicDescription                  string                    `json:"public_description,omitempty"`
	PublicInstructions                 string                    `json:"public_instructions,omitempty"`
	MayContainAdultContent             *bool                     `json:"may_contain_adult_content,omitempty"`
	RewardPerAssignment                Decimal                   `json:"reward_per_assignment,omitzero"`
	AssignmentMaxDurationSeconds       *int                      `json:"assignment_max_duration_seconds,omitempty"`
	Defaults                           *PoolDefaults             `json:"defaults,omitempty"`
	WillExpire                         Timestamp                 `json:"will_expire,omitempty"`
	AutoCloseAfterCompleteDelaySeconds *int                      `json:"auto_close_after_complete_delay_seconds,omitempty"`
	DynamicPricingConfig               *DynamicPricingConfig     `json:"dynamic_pricing_config,omitempty"`
	AutoAcceptSolutions                *bool                     `json:"auto_accept_solutions,omitempty"`
	AutoAcceptPeriodDay                *int                      `json:"auto_accept_period_day,omitempty"`
	AssignmentsIssuingConfig           *AssignmentsIssuingConfig `json:"assignments_issuing_config,omitempty"`
	Priority                           *int                      `json:"priority,omitempty"`
	Filter                             FilterCondition           `json:"filter,omitempty"`
	QualityControl                     *QualityControl           `json:"quality_control,omitempty"`
	SpeedQualityBalance                *SpeedQualityBalance      `json:"speed_quality_balance,omitempty"`
	DynamicOverlapConfig               *DynamicOverlapConfig     `json:"dynamic_overlap_config,omitempty"`
	MixerConfig                        *MixerConfig              `json:"mixer_config,omitempty"`
	TrainingConfig                     *PoolTrainingConfig       `json:"training_config,omitempty"`
	Metadata                           map[string][]string       `json:"metadata,omitempty"`
	Owner                              *Owner                    `json:"owner,omitempty"`
	Type                               PoolType                  `json:"type,omitempty"`
	Status                             PoolStatus                `json:"status,omitempty"`
	LastCloseReason                    PoolCloseReason           `json:"last_close_reason,omitempty"`
	Created                            Timestamp                 `json:"created,omitempty"`
	LastStarted                        Timestamp                 `json:"last_started,omitempty"`
	LastStopped                        Timestamp                 `json:"last_stopped,omitempty"`
	Extra                              Extra                     `json:"-"`
}

// PoolPatchRequest changes a pool's priority.
type PoolPatchRequest struct {
	Priority *int  `json:"priority,omitempty"`
	Extra    Extra `json:"-"`
}

// Training is a training pool.
type Training struct {
	ID                            string              `json:"id,omitempty"`
	ProjectID                     string              `json:"project_id,omitempty"`
	PrivateName                   string              `json:"private_name,omitempty"`
	PrivateComment                string              `json:"private_comment,omitempty"`
	MayContainAdultContent        *bool               `json:"may_contain_adult_content,omitempty"`
	AssignmentMaxDurationSeconds  *int                `json:"assignment_max_duration_seconds,omitempty"`
	MixTasksInCreationOrder       *bool               `json:"mix_tasks_in_creation_order,omitempty"`
	ShuffleTasksInTaskSuite       *bool               `json:"shuffle_tasks_in_task_suite,omitempty"`
	TrainingTasksInTaskSuiteCount *int                `json:"training_tasks_in_task_suite_count,omitempty"`
	TaskSuitesRequiredToPass      *int                `json:"task_suites_required_to_pass,omitempty"`
	RetryTrainingAfterDays        *int                `json:"retry_training_after_days,omitempty"`
	InheritedInstructions         *bool               `json:"inherited_instructions,omitempty"`
	PublicInstructions            string              `json:"public_instructions,omitempty"`
	Metadata                      map[string][]string `json:"metadata,omitempty"`
	Owner                         *Owner              `json:"owner,omitempty"`
	Status                        TrainingStatus      `json:"status,omitempty"`
	LastCloseReason               TrainingCloseReason `json:"last_close_reason,omitempty"`
	Created                       Timestamp           `json:"created,omitempty"`
	LastStarted                   Timestamp           `json:"last_started,omitempty"`
	LastStopped                   Timestamp           `json:"last_stopped,omitempty"`
	Extra                         Extra               `json:"-"`
}

// Skill measures Tolokers.
type Skill struct {
	ID                         string        `json:"id,omitempty"`
	Name                       string        `json:"name,omitempty"`
	PrivateComment             string        `json:"private_comment,omitempty"`
	Hidden                     *bool         `json:"hidden,omitempty"`
	SkillTTLHours              *int          `json:"skill_ttl_hours,omitempty"`
	Training                   *bool         `json:"training,omitempty"`
	PublicName                 LocalizedText `json:"public_name,omitempty"`
	PublicRequesterDescription LocalizedText `json:"public_requester_description,omitempty"`
	Owner                      *Owner        `json:"owner,omitempty"`
	Created                    Timestamp     `json:"created,omitempty"`
	Extra                      Extra         `json:"-"`
}

// KnownSolution is a golden answer with its weight.
type KnownSolution struct {
	OutputValues      Values   `json:"output_values,omitempty"`
	CorrectnessWeight *float64 `json:"correctness_weight,omitempty"`
	Extra             Extra    `json:"-"`
}

// BaselineSolution is a pre-computed answer with its confidence.
type BaselineSolution struct {
	OutputValues     Values   `json:"output_values,omitempty"`
	ConfidenceWeight *float64 `json:"confidence_weight,omitempty"`
	Extra            Extra    `json:"-"`
}

// Task is one item to label.
type Task struct {
	ID                       string              `json:"id,omitempty"`
	PoolID                   string              `json:"pool_id,omitempty"`
	InputValues              Values              `json:"input_values,omitempty"`
	KnownSolutions           []*KnownSolution    `json:"known_solutions,omitempty"`
	MessageOnUnknownSolution string              `json:"message_on_unknown_solution,omitempty"`
	Overlap                  *int                `json:"overlap,omitempty"`
	InfiniteOverlap          *bool               `json:"infinite_overlap,omitempty"`
	RemainingOverlap         *int                `json:"remaining_overlap,omitempty"`
	ReservedFor              []string            `json:"reserved_for,omitempty"`
	UnavailableFor           []string            `json:"unavailable_for,omitempty"`
	TraitsAllOf              []string            `json:"traits_all_of,omitempty"`
	TraitsAnyOf              []string            `json:"traits_any_of,omitempty"`
	TraitsNoneOfAny          []string            `json:"traits_none_of_any,omitempty"`
	OriginTaskID             string              `json:"origin_task_id,omitempty"`
	Created                  Timestamp           `json:"created,omitempty"`
	BaselineSolutions        []*BaselineSolution `json:"baseline_solutions,omitempty"`
	Extra                    Extra               `json:"-"`
}

// TaskPatch changes a task.
type TaskPatch struct {
	Overlap                  *int                `json:"overlap,omitempty"`
	InfiniteOverlap          *bool               `json:"infinite_overlap,omitempty"`
	BaselineSolutions        []*BaselineSolution `json:"baseline_solutions,omitempty"`
	KnownSolutions           []*KnownSolution    `json:"known_solutions,omitempty"`
	MessageOnUnknownSolution string              `json:"message_on_unknown_solution,omitempty"`
	Extra                    Extra               `json:"-"`
}

// TaskOverlapPatch sets an overlap, or the least still allowed.
type TaskOverlapPatch struct {
	Overlap         *int  `json:"overlap,omitempty"`
	InfiniteOverlap *bool `json:"infinite_overlap,omitempty"`
	Extra           Extra `json:"-"`
}

// TaskSuiteOverlapPatch is TaskOverlapPatch for task suites.
type TaskSuiteOverlapPatch = TaskOverlapPatch

// TaskSuite is a page of tasks issued together.
type TaskSuite struct {
	ID                   string    `json:"id,omitempty"`
	PoolID               string    `json:"pool_id,omitempty"`
	Tasks                []*Task   `json:"tasks,omitempty"`
	Overlap              *int      `json:"overlap,omitempty"`
	InfiniteOverlap      *bool     `json:"infinite_overlap,omitempty"`
	RemainingOverlap     *int      `json:"remaining_overlap,omitempty"`
	ReservedFor          []string  `json:"reserved_for,omitempty"`
	UnavailableFor       []string  `json:"unavailable_for,omitempty"`
	IssuingOrderOverride *float64  `json:"issuing_order_override,omitempty"`
	Mixed                *bool     `json:"mixed,omitempty"`
	Automerged           *bool     `json:"automerged,omitempty"`
	TraitsAllOf          []string  `json:"traits_all_of,omitempty"`
	TraitsAnyOf          []string  `json:"traits_any_of,omitempty"`
	TraitsNoneOfAny      []string  `json:"traits_none_of_any,omitempty"`
	Longitude            *float64  `json:"longitude,omitempty"`
	Latitude             *float64  `json:"latitude,omitempty"`
	Created              Timestamp `json:"created,omitempty"`
	Extra                Extra     `json:"-"`
}

// TaskSuitePatch changes a task suite; OpenPool travels in the query.
type TaskSuitePatch struct {
	Overlap              *int     `json:"overlap,omitempty"`
	InfiniteOverlap      *bool    `json:"infinite_overlap,omitempty"`
	IssuingOrderOverride *float64 `json:"issuing_order_override,omitempty"`
	OpenPool             *bool    `json:"open_pool,omitempty"`
	Extra                Extra    `json:"-"`
}

// Solution is a Toloker's answer to one task.
type Solution struct {
	OutputValues Values `json:"output_values,omitempty"`
	Extra        Extra  `json:"-"`
}

// Assignment is a task suite as one Toloker did it.
type Assignment struct {
	ID                           string           `json:"id,omitempty"`
	TaskSuiteID                  string           `json:"task_suite_id,omitempty"`
	PoolID                       string           `json:"pool_id,omitempty"`
	UserID                       string           `json:"user_id,omitempty"`
	Status                       AssignmentStatus `json:"status,omitempty"`
	Reward                       Decimal          `json:"reward,omitzero"`
	BonusIDs                     []string         `json:"bonus_ids,omitempty"`
	Tasks                        []*Task          `json:"tasks,omitempty"`
	Automerged                   *bool            `json:"automerged,omitempty"`
	Created                      Timestamp        `json:"created,omitempty"`
	Submitted                    Timestamp        `json:"submitted,omitempty"`
	Accepted                     Timestamp        `json:"accepted,omitempty"`
	Rejected                     Timestamp        `json:"rejected,omitempty"`
	Skipped                      Timestamp        `json:"skipped,omitempty"`
	Expired                      Timestamp        `json:"expired,omitempty"`
	FirstDeclinedSolutionAttempt []*Solution      `json:"first_declined_solution_attempt,omitempty"`
	Solutions                    []*Solution      `json:"solutions,omitempty"`
	Mixed                        *bool            `json:"mixed,omitempty"`
	Owner                        *Owner           `json:"owner,omitempty"`
	PublicComment                string           `json:"public_comment,omitempty"`
	Extra                        Extra            `json:"-"`
}

// AssignmentPatch accepts or rejects an assignment.
type AssignmentPatch struct {
	PublicComment string           `json:"public_comment,omitempty"`
	Status        AssignmentStatus `json:"status,omitempty"`
	Extra         Extra            `json:"-"`
}

// AttachmentDetails are the pool, assignment and Toloker of an attachment.
type AttachmentDetails struct {
	UserID       string `json:"user_id,omitempty"`
	AssignmentID string `json:"assignment_id,omitempty"`
	PoolID       string `json:"pool_id,omitempty"`
	Extra        Extra  `json:"-"`
}

// Attachment is a file a Toloker uploaded.
type Attachment struct {
	ID             string             `json:"id,omitempty"`
	AttachmentType AttachmentType     `json:"attachment_type,omitempty"`
	Name           string             `json:"name,omitempty"`
	MediaType      string             `json:"media_type,omitempty"`
	Details        *AttachmentDetails `json:"details,omitempty"`
	Created        Timestamp          `json:"created,omitempty"`
	Owner          *Owner             `json:"owner,omitempty"`
	Extra          Extra              `json:"-"`
}

// AggregatedSolution is the answer aggregated over Tolokers for one task.
type AggregatedSolution struct {
	PoolID       string   `json:"pool_id,omitempty"`
	TaskID       string   `json:"task_id,omitempty"`
	Confidence   *float64 `json:"confidence,omitempty"`
	OutputValues Values   `json:"output_values,omitempty"`
	Extra        Extra    `json:"-"`
}

// AggregationField names an output field to aggregate.
type AggregationField struct {
	Name  string `json:"name"`
	Extra Extra  `json:"-"`
}

// PoolAggregatedSolutionRequest aggregates a whole pool.
type PoolAggregatedSolutionRequest struct {
	Type                AggregatedSolutionType `json:"type,omitempty"`
	PoolID              string                 `json:"pool_id,omitempty"`
	AnswerWeightSkillID string                 `json:"answer_weight_skill_id,omitempty"`
	Fields              []*AggregationField    `json:"fields,omitempty"`
	Extra               Extra                  `json:"-"`
}

// TaskAggregatedSolutionRequest aggregates one task.
type TaskAggregatedSolutionRequest struct {
	Type                AggregatedSolutionType `json:"type,omitempty"`
	TaskID              string                 `json:"task_id,omitempty"`
	PoolID              string                 `json:"pool_id,omitempty"`
	AnswerWeightSkillID string                 `json:"answer_weight_skill_id,omitempty"`
	Fields              []*AggregationField    `json:"fields,omitempty"`
	Extra               Extra                  `json:"-"`
}

// AnalyticsRequest asks for one metric of a pool.
type AnalyticsRequest struct {
	Subject       AnalyticsRequestSubject `json:"subject,omitempty"`
	SubjectID     string                  `json:"subject_id,omitempty"`
	Name          string                  `json:"name,omitempty"`
	IntervalHours *int                    `json:"interval_hours,omitempty"`
	Extra         Extra                   `json:"-"`
}
