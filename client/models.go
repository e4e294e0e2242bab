package client

import (
	"encoding/json"
	"fmt"
	"strconv"
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
	Type            string   `json:"type"`
	Required        *bool    `json:"required,omitempty"`
	Hidden          *bool    `json:"hidden,omitempty"`
	MinLength       *int     `json:"min_length,omitempty"`
	MaxLength       *int     `json:"max_length,omitempty"`
	MinValue        *float64 `json:"min_value,omitempty"`
	MaxValue        *float64 `json:"max_value,omitempty"`
	AllowedValues   List     `json:"allowed_values,omitempty"`
	MinSize         *int     `json:"min_size,omitempty"`
	MaxSize         *int     `json:"max_size,omitempty"`
	CurrentLocation *bool    `json:"current_location,omitempty"`
	Extra           Extra    `json:"-"`
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
	AssignmentsIssuingType       string                        `json:"assignments_issuing_type,omitempty"`
	AssignmentsIssuingViewConfig *AssignmentsIssuingViewConfig `json:"assignments_issuing_view_config,omitempty"`
	AssignmentsAutomergeEnabled  *bool                         `json:"assignments_automerge_enabled,omitempty"`
	MaxActiveAssignmentsCount    *int                          `json:"max_active_assignments_count,omitempty"`
	QualityControl               *QualityControl               `json:"quality_control,omitempty"`
	Metadata                     map[string][]string           `json:"metadata,omitempty"`
	Status                       string                        `json:"status,omitempty"`
	Created                      Timestamp                     `json:"created,omitempty"`
	LocalizationConfig           *LocalizationConfig           `json:"localization_config,omitempty"`
	Owner                        *Owner                        `json:"owner,omitempty"`
	Extra                        Extra                         `json:"-"`
}

// Project statuses.
const (
	ProjectActive   = "ACTIVE"
	ProjectArchived = "ARCHIVED"
)

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
	Type                               string                    `json:"type,omitempty"`
	Status                             string                    `json:"status,omitempty"`
	LastCloseReason                    string                    `json:"last_close_reason,omitempty"`
	Created                            Timestamp                 `json:"created,omitempty"`
	LastStarted                        Timestamp                 `json:"last_started,omitempty"`
	LastStopped                        Timestamp                 `json:"last_stopped,omitempty"`
	Extra                              Extra                     `json:"-"`
}

// Pool statuses.
const (
	PoolOpen     = "OPEN"
	PoolClosed   = "CLOSED"
	PoolArchived = "ARCHIVED"
	PoolLocked   = "LOCKED"
)

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
	Status                        string              `json:"status,omitempty"`
	LastCloseReason               string              `json:"last_close_reason,omitempty"`
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
	ID                           string      `json:"id,omitempty"`
	TaskSuiteID                  string      `json:"task_suite_id,omitempty"`
	PoolID                       string      `json:"pool_id,omitempty"`
	UserID                       string      `json:"user_id,omitempty"`
	Status                       string      `json:"status,omitempty"`
	Reward                       Decimal     `json:"reward,omitzero"`
	BonusIDs                     []string    `json:"bonus_ids,omitempty"`
	Tasks                        []*Task     `json:"tasks,omitempty"`
	Automerged                   *bool       `json:"automerged,omitempty"`
	Created                      Timestamp   `json:"created,omitempty"`
	Submitted                    Timestamp   `json:"submitted,omitempty"`
	Accepted                     Timestamp   `json:"accepted,omitempty"`
	Rejected                     Timestamp   `json:"rejected,omitempty"`
	Skipped                      Timestamp   `json:"skipped,omitempty"`
	Expired                      Timestamp   `json:"expired,omitempty"`
	FirstDeclinedSolutionAttempt []*Solution `json:"first_declined_solution_attempt,omitempty"`
	Solutions                    []*Solution `json:"solutions,omitempty"`
	Mixed                        *bool       `json:"mixed,omitempty"`
	Owner                        *Owner      `json:"owner,omitempty"`
	PublicComment                string      `json:"public_comment,omitempty"`
	Extra                        Extra       `json:"-"`
}

// Assignment statuses.
const (
	AssignmentActive    = "ACTIVE"
	AssignmentSubmitted = "SUBMITTED"
	AssignmentAccepted  = "ACCEPTED"
	AssignmentRejected  = "REJECTED"
	AssignmentSkipped   = "SKIPPED"
	AssignmentExpired   = "EXPIRED"
)

// AssignmentPatch accepts or rejects an assignment.
type AssignmentPatch struct {
	PublicComment string `json:"public_comment,omitempty"`
	Status        string `json:"status,omitempty"`
	Extra         Extra  `json:"-"`
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
	AttachmentType string             `json:"attachment_type,omitempty"`
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
	Type                string              `json:"type,omitempty"`
	PoolID              string              `json:"pool_id,omitempty"`
	AnswerWeightSkillID string              `json:"answer_weight_skill_id,omitempty"`
	Fields              []*AggregationField `json:"fields,omitempty"`
	Extra               Extra               `json:"-"`
}

// TaskAggregatedSolutionRequest aggregates one task.
type TaskAggregatedSolutionRequest struct {
	Type                string              `json:"type,omitempty"`
	TaskID              string              `json:"task_id,omitempty"`
	PoolID              string              `json:"pool_id,omitempty"`
	AnswerWeightSkillID string              `json:"answer_weight_skill_id,omitempty"`
	Fields              []*AggregationField `json:"fields,omitempty"`
	Extra               Extra               `json:"-"`
}

// AnalyticsRequest asks for one metric of a pool.
type AnalyticsRequest struct {
	Subject       string `json:"subject,omitempty"`
	SubjectID     string `json:"subject_id,omitempty"`
	Name          string `json:"name,omitempty"`
	IntervalHours *int   `json:"interval_hours,omitempty"`
	Extra         Extra  `json:"-"`
}

// UserBonus is money paid to a Toloker beyond the reward.
type UserBonus struct {
	ID             string        `json:"id,omitempty"`
	UserID         string        `json:"user_id,omitempty"`
	Amount         Decimal       `json:"amount,omitzero"`
	PrivateComment string        `json:"private_comment,omitempty"`
	PublicTitle    LocalizedText `json:"public_title,omitempty"`
	PublicMessage  LocalizedText `json:"public_message,omitempty"`
	WithoutMessage *bool         `json:"without_message,omitempty"`
	AssignmentID   string        `json:"assignment_id,omitempty"`
	Created        Timestamp     `json:"created,omitempty"`
	Extra          Extra         `json:"-"`
}

// UserRestriction bars a Toloker from a scope (SYSTEM, ALL_PROJECTS, PROJECT, POOL).
type UserRestriction struct {
	ID             string    `json:"id,omitempty"`
	Scope          string    `json:"scope,omitempty"`
	UserID         string    `json:"user_id,omitempty"`
	ProjectID      string    `json:"project_id,omitempty"`
	PoolID         string    `json:"pool_id,omitempty"`
	PrivateComment string    `json:"private_comment,omitempty"`
	WillExpire     Timestamp `json:"will_expire,omitempty"`
	Created        Timestamp `json:"created,omitempty"`
	Extra          Extra     `json:"-"`
}

// UserSkill is a Toloker's value of a skill.
type UserSkill struct {
	ID         string    `json:"id,omitempty"`
	SkillID    string    `json:"skill_id,omitempty"`
	UserID     string    `json:"user_id,omitempty"`
	Value      *int      `json:"value,omitempty"`
	ExactValue Decimal   `json:"exact_value,omitzero"`
	Created    Timestamp `json:"created,omitempty"`
	Modified   Timestamp `json:"modified,omitempty"`
	Extra      Extra     `json:"-"`
}

// SetUserSkillRequest sets a Toloker's skill value.
type SetUserSkillRequest struct {
	SkillID string  `json:"skill_id,omitempty"`
	UserID  string  `json:"user_id,omitempty"`
	Value   Decimal `json:"value,omitzero"`
	Extra   Extra   `json:"-"`
}

// User is a Toloker's metadata.
type User struct {
	ID           string          `json:"id,omitempty"`
	Country      string          `json:"country,omitempty"`
	Languages    []string        `json:"languages,omitempty"`
	AdultAllowed *bool           `json:"adult_allowed,omitempty"`
	Attributes   json.RawMessage `json:"attributes,omitempty"`
	Extra        Extra           `json:"-"`
}

// Requester is your account.
type Requester struct {
	ID         string          `json:"id,omitempty"`
	Balance    Decimal         `json:"balance,omitzero"`
	PublicName LocalizedText   `json:"public_name,omitempty"`
	Company    json.RawMessage `json:"company,omitempty"`
	Extra      Extra           `json:"-"`
}

// MessageThread is a conversation with Tolokers.
type MessageThread struct {
	ID                   string          `json:"id,omitempty"`
	Topic                LocalizedText   `json:"topic,omitempty"`
	InterlocutorsInlined *bool           `json:"interlocutors_inlined,omitempty"`
	Interlocutors        []*Interlocutor `json:"interlocutors,omitempty"`
	MessagesInlined      *bool           `json:"messages_inlined,omitempty"`
	Messages             []*Message      `json:"messages,omitempty"`
	Meta                 *ThreadMeta     `json:"meta,omitempty"`
	Answerable           *bool           `json:"answerable,omitempty"`
	Folders              []string        `json:"folders,omitempty"`
	ComposeDetails       *ComposeDetails `json:"compose_details,omitempty"`
	Created              Timestamp       `json:"created,omitempty"`
	Extra                Extra           `json:"-"`
}

// Interlocutor is a participant of a message thread.
type Interlocutor struct {
	ID     string `json:"id,omitempty"`
	Role   string `json:"role,omitempty"`
	Myself *bool  `json:"myself,omitempty"`
	Extra  Extra  `json:"-"`
}

// Message is one message of a thread.
type Message struct {
	Text    LocalizedText `json:"text,omitempty"`
	From    *Interlocutor `json:"from,omitempty"`
	Created Timestamp     `json:"created,omitempty"`
	Extra   Extra         `json:"-"`
}

// ThreadMeta is the pool, project or assignment a thread is about.
type ThreadMeta struct {
	PoolID       string `json:"pool_id,omitempty"`
	ProjectID    string `json:"project_id,omitempty"`
	AssignmentID string `json:"assignment_id,omitempty"`
	Extra        Extra  `json:"-"`
}

// ComposeDetails say to whom a thread was sent.
type ComposeDetails struct {
	RecipientsSelectType string          `json:"recipients_select_type,omitempty"`
	RecipientsIDs        []string        `json:"recipients_ids,omitempty"`
	RecipientsFilter     FilterCondition `json:"recipients_filter,omitempty"`
	Extra                Extra           `json:"-"`
}

// MessageThreadCompose starts a thread.
type MessageThreadCompose struct {
	RecipientsSelectType string          `json:"recipients_select_type,omitempty"`
	Topic                LocalizedText   `json:"topic,omitempty"`
	Text                 LocalizedText   `json:"text,omitempty"`
	Answerable           *bool           `json:"answerable,omitempty"`
	RecipientsIDs        []string        `json:"recipients_ids,omitempty"`
	RecipientsFilter     FilterCondition `json:"recipients_filter,omitempty"`
	Extra                Extra           `json:"-"`
}

// MessageThreadReply answers in a thread.
type MessageThreadReply struct {
	Text  LocalizedText `json:"text,omitempty"`
	Extra Extra         `json:"-"`
}

// WebhookSubscription sends pool events to a URL.
type WebhookSubscription struct {
	ID         string    `json:"id,omitempty"`
	WebhookURL string    `json:"webhook_url,omitempty"`
	EventType  string    `json:"event_type,omitempty"`
	PoolID     string    `json:"pool_id,omitempty"`
	SecretKey  string    `json:"secret_key,omitempty"`
	Created    Timestamp `json:"created,omitempty"`
	Extra      Extra     `json:"-"`
}

// App is a ready-made Toloka solution.
type App struct {
	ID                     string                `json:"id,omitempty"`
	Name                   string                `json:"name,omitempty"`
	Image                  string                `json:"image,omitempty"`
	Description            string                `json:"description,omitempty"`
	DefaultItemPrice       Decimal               `json:"default_item_price,omitzero"`
	Examples               json.RawMessage       `json:"examples,omitempty"`
	ConstraintsDescription string                `json:"constraints_description,omitempty"`
	ParamSpec              json.RawMessage       `json:"param_spec,omitempty"`
	InputSpec              map[string]*FieldSpec `json:"input_spec,omitempty"`
	OutputSpec             map[string]*FieldSpec `json:"output_spec,omitempty"`
	InputFormatInfo        json.RawMessage       `json:"input_format_info,omitempty"`
	Extra                  Extra                 `json:"-"`
}

// AppProject is an App set up for your data.
type AppProject struct {
	ID                 string          `json:"id,omitempty"`
	AppID              string          `json:"app_id,omitempty"`
	ParentAppProjectID *string         `json:"parent_app_project_id,omitempty"`
	Name               string          `json:"name,omitempty"`
	Parameters         json.RawMessage `json:"parameters,omitempty"`
	Status             string          `json:"status,omitempty"`
	Created            Timestamp       `json:"created,omitempty"`
	ItemPrice          Decimal         `json:"item_price,omitzero"`
	Errors             json.RawMessage `json:"errors,omitempty"`
	ReadOnly           *bool           `json:"read_only,omitempty"`
	App                json.RawMessage `json:"app,omitempty"`
	Extra              Extra           `json:"-"`
}

// AppItem is one item of an App project.
type AppItem struct {
	ID           string          `json:"id,omitempty"`
	AppProjectID string          `json:"app_project_id,omitempty"`
	BatchID      string          `json:"batch_id,omitempty"`
	InputData    Values          `json:"input_data,omitempty"`
	Status       string          `json:"status,omitempty"`
	OutputData   Values          `json:"output_data,omitempty"`
	Errors       json.RawMessage `json:"errors,omitempty"`
	CreatedAt    Timestamp       `json:"created_at,omitempty"`
	StartedAt    Timestamp       `json:"started_at,omitempty"`
	FinishedAt   Timestamp       `json:"finished_at,omitempty"`
	Extra        Extra           `json:"-"`
}

// AppBatch is a batch of App items.
type AppBatch struct {
	ID                  string          `json:"id,omitempty"`
	AppProjectID        string          `json:"app_project_id,omitempty"`
	Name                string          `json:"name,omitempty"`
	Status              string          `json:"status,omitempty"`
	ItemsCount          *int            `json:"items_count,omitempty"`
	ItemPrice           Decimal         `json:"item_price,omitzero"`
	Cost                Decimal         `json:"cost,omitzero"`
	CostOfProcessed     Decimal         `json:"cost_of_processed,omitzero"`
	CreatedAt           Timestamp       `json:"created_at,omitempty"`
	StartedAt           Timestamp       `json:"started_at,omitempty"`
	FinishedAt          Timestamp       `json:"finished_at,omitempty"`
	ReadOnly            *bool           `json:"read_only,omitempty"`
	PriorityOrder       string          `json:"priority_order,omitempty"`
	LastItemsImport     json.RawMessage `json:"last_items_import,omitempty"`
	ConfidenceAvg       *float64        `json:"confidence_avg,omitempty"`
	ItemsProcessedCount *int            `json:"items_processed_count,omitempty"`
	ETA                 Timestamp       `json:"eta,omitempty"`
	ETD                 Timestamp       `json:"etd,omitempty"`
	AppProjectETA       Timestamp       `json:"app_project_eta,omitempty"`
	ItemsPerState       json.RawMessage `json:"items_per_state,omitempty"`
	CurrentTime         Timestamp       `json:"current_time,omitempty"`
	Extra               Extra           `json:"-"`
}

// AppItemsCreateRequest adds items in bulk.
type AppItemsCreateRequest struct {
	BatchID          string   `json:"batch_id,omitempty"`
	Items            []Values `json:"items"`
	ForceNewOriginal *bool    `json:"force_new_original,omitempty"`
	IgnoreErrors     *bool    `json:"ignore_errors,omitempty"`
	Extra            Extra    `json:"-"`
}

// AppBatchCreateRequest creates a batch with its items.
type AppBatchCreateRequest struct {
	Name             string   `json:"name,omitempty"`
	Items            []Values `json:"items"`
	PriorityOrder    string   `json:"priority_order,omitempty"`
	ForceNewOriginal *bool    `json:"force_new_original,omitempty"`
	IgnoreErrors     *bool    `json:"ignore_errors,omitempty"`
	Extra            Extra    `json:"-"`
}

// SyncBatchCreateRequest processes a batch synchronously.
type SyncBatchCreateRequest struct {
	Name  string   `json:"name,omitempty"`
	Items []Values `json:"items"`
	Extra Extra    `json:"-"`
}

// AppBatchPatch renames or reprioritises a batch.
type AppBatchPatch struct {
	Name          string `json:"name,omitempty"`
	PriorityOrder string `json:"priority_order,omitempty"`
	Extra         Extra  `json:"-"`
}

// BatchCreateResult is the answer of the batch creates: objects and
// validation errors keyed by the input index ("0", "1", …).
type BatchCreateResult[T any] struct {
	Items            map[string]*T                         `json:"items"`
	ValidationErrors map[string]map[string]FieldValidation `json:"validation_errors,omitempty"`
}

// UnmarshalJSON decodes the objects in one pass (a create of 100k tasks
// answers with 100k of them); the validation errors go by encoding/json.
func (r *BatchCreateResult[T]) UnmarshalJSON(b []byte) error {
	var unused Extra
	d := &decoder{b: b}
	err := d.object(&unused, func(k []byte) (bool, error) {
		switch string(k) {
		case "items":
			if d.null() {
				r.Items = nil
				return true, nil
			}
			r.Items = map[string]*T{}
			return true, d.object(&unused, func(idx []byte) (bool, error) {
				var v *T
				err := decodeModelAny(d, &v)
				r.Items[string(idx)] = v
				return true, err
			})
		case "validation_errors":
			return true, d.unmarshal(&r.ValidationErrors)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if d.space(); d.i != len(b) {
		return d.errorf("unexpected %q after the object", b[d.i])
	}
	return nil
}

// takeBatch decodes one batch's objects and errors, keyed by input index.
// createBatches calls it for each batch as the batch ends, one at a time.
func (r *BatchCreateResult[T]) takeBatch(offset int, created, failed map[int]json.RawMessage) error {
	if r.Items == nil {
		r.Items = make(map[string]*T, len(created))
	}
	for i, raw := range created {
		var v *T
		if err := decodeModelAny(&decoder{b: raw}, &v); err != nil {
			return fmt.Errorf("item %d: %w", offset+i, err)
		}
		r.Items[strconv.Itoa(offset+i)] = v
	}
	for i, raw := range failed {
		var fv map[string]FieldValidation
		if err := json.Unmarshal(raw, &fv); err != nil {
			return fmt.Errorf("validation errors of item %d: %w", offset+i, err)
		}
		if r.ValidationErrors == nil {
			r.ValidationErrors = map[string]map[string]FieldValidation{}
		}
		r.ValidationErrors[strconv.Itoa(offset+i)] = fv
	}
	return nil
}

// FieldValidation is one field's validation error.
type FieldValidation struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Params  json.RawMessage `json:"params,omitempty"`
}

// Batch create results.
type (
	TaskBatchCreateResult                = BatchCreateResult[Task]
	TaskSuiteBatchCreateResult           = BatchCreateResult[TaskSuite]
	UserBonusBatchCreateResult           = BatchCreateResult[UserBonus]
	WebhookSubscriptionBatchCreateResult = BatchCreateResult[WebhookSubscription]
)

// ProjectClone is what CloneProject made.
type ProjectClone struct {
	Project   *Project    `json:"project"`
	Pools     []*Pool     `json:"pools"`
	Trainings []*Training `json:"trainings"`
}

// Page is one page of a find method.
type Page[T any] struct {
	Items   []*T `json:"items"`
	HasMore bool `json:"has_more"`
}

// UnmarshalJSON reads both envelopes, items (v1 API) and content (App API),
// in one pass; the first list member found is the page's.
func (p *Page[T]) UnmarshalJSON(b []byte) error {
	d := &decoder{b: b}
	var list string
	var unused Extra
	seenMore := false
	err := d.object(&unused, func(k []byte) (bool, error) {
		switch key := string(k); {
		case key == "has_more":
			seenMore = true
			if d.peek() == 'n' {
				return true, d.wrongType("true or false")
			}
			return true, d.boolean(&p.HasMore)
		case (key == "items" || key == "content") && (list == "" || list == key):
			list = key
			p.Items = []*T{}
			isNull, err := d.array(func(int) error {
				var v *T
				err := decodeModelAny(d, &v)
				p.Items = append(p.Items, v)
				return err
			})
			if isNull {
				p.Items = nil
			}
			return true, err
		}
		return false, nil
	})
	if err == nil {
		if d.space(); d.i != len(b) {
			err = d.errorf("unexpected %q after the page", b[d.i])
		} else if !seenMore {
			err = fmt.Errorf("the page has no has_more field")
		}
	}
	return err
}
