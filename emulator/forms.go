package emulator

import (
	"slices"
	"strconv"
	"strings"
)

// A form is what the service demands of one kind of object on create and
// update, and what it fills in where the object leaves a field out. The
// required lists are the OpenAPI description's *FormV1 `required`
// (../shared/toloka-api/openapi/api/fullApi.yaml), less what the production
// service was seen to accept without (MODELS.md, "Evidence"); the defaults are
// the `default`s of its *ViewV1 schemas, answered in every read as the service
// does. Rules the table cannot say (an id that must exist, a minimum, a date)
// stay with each handler.
type form struct {
	// required are paths that must be present and not null. "a.b" is checked
	// when a is present; "a[].b" in every element of the list a.
	required []string
	// defaults are filled in where absent, when their parent object is present.
	defaults []fieldDefault
	// enums are the allowed values of fields, checked when present.
	enums map[string][]string
}

type fieldDefault struct {
	path  string
	value any
}

// qualityControlRequired is what a quality_control block demands, in a project or a pool.
var qualityControlRequired = []string{
	"quality_control.configs[].collector_config", "quality_control.configs[].collector_config.type",
	"quality_control.configs[].rules", "quality_control.configs[].rules[].conditions", "quality_control.configs[].rules[].action",
	"quality_control.configs[].rules[].action.type", "quality_control.configs[].rules[].conditions[].key",
	"quality_control.configs[].rules[].conditions[].operator", "quality_control.configs[].rules[].conditions[].value",
}

var knownSolutionDefaults = []fieldDefault{{"known_solutions[].correctness_weight", 1}, {"baseline_solutions[].confidence_weight", 1}}

var (
	// ProjectFormV1 also lists assignments_issuing_type, which has a default.
	projectForm = &form{
		required: append([]string{"public_name", "task_spec", "task_spec.input_spec", "task_spec.output_spec"}, qualityControlRequired...),
		defaults: []fieldDefault{{"assignments_issuing_type", "AUTOMATED"}, {"assignments_automerge_enabled", false}},
		enums:    map[string][]string{"assignments_issuing_type": {"AUTOMATED", "MAP_SELECTOR"}},
	}
	// PoolFormV1 without may_contain_adult_content, which it does not list and
	// toloka-kit's functional tests leave out against production.
	poolForm = &form{
		required: append([]string{"project_id", "private_name", "reward_per_assignment", "will_expire", "assignment_max_duration_seconds",
			"defaults", "defaults.default_overlap_for_new_task_suites",
			"mixer_config.real_tasks_count", "mixer_config.golden_tasks_count", "mixer_config.training_tasks_count",
			"quality_control.training_requirement.training_pool_id", "quality_control.training_requirement.training_passing_skill_value",
			"dynamic_overlap_config.type", "dynamic_overlap_config.max_overlap", "dynamic_overlap_config.min_confidence",
			"dynamic_overlap_config.answer_weight_skill_id", "dynamic_overlap_config.fields", "dynamic_overlap_config.fields[].name",
			"dynamic_pricing_config.type", "dynamic_pricing_config.intervals"}, qualityControlRequired...),
		defaults: []fieldDefault{{"auto_accept_solutions", true}, {"auto_close_after_complete_delay_seconds", 0}, {"priority", 0},
			{"mixer_config.force_last_assignment", true}, {"mixer_config.mix_tasks_in_creation_order", false},
			{"mixer_config.shuffle_tasks_in_task_suite", true}},
		enums: map[string][]string{"quality_control.captcha_frequency": {"LOW", "MEDIUM", "HIGH"},
			"dynamic_overlap_config.type": {"BASIC"}, "dynamic_pricing_config.type": {"SKILL"},
			"speed_quality_balance.type": {"TOP_PERCENTAGE_BY_QUALITY", "BEST_CONCURRENT_USERS_BY_QUALITY"}},
	}
	// TrainingFormV1 also lists inherited_instructions, which has a default
	// (and toloka-kit's intent_classification notebook leaves out).
	trainingForm = &form{
		required: []string{"project_id", "private_name", "training_tasks_in_task_suite_count"},
		defaults: []fieldDefault{{"inherited_instructions", false}, {"mix_tasks_in_creation_order", true}, {"shuffle_tasks_in_task_suite", true}},
	}
	skillForm = &form{required: []string{"name"}, defaults: []fieldDefault{{"hidden", true}}}
	taskForm  = &form{required: []string{"pool_id"}, defaults: append([]fieldDefault{{"infinite_overlap", false}}, knownSolutionDefaults...)}
	suiteForm = &form{required: []string{"pool_id", "tasks"}, defaults: []fieldDefault{{"infinite_overlap", false}, {"issuing_order_override", 0},
		{"mixed", false}, {"tasks[].known_solutions[].correctness_weight", 1}, {"tasks[].baseline_solutions[].confidence_weight", 1}}}
	bonusForm       = &form{required: []string{"user_id", "amount"}, defaults: []fieldDefault{{"without_message", false}}}
	restrictionForm = &form{required: []string{"scope", "user_id"},
		enums: map[string][]string{"scope": {"ALL_PROJECTS", "PROJECT", "POOL", "SYSTEM"}}}
	userSkillForm = &form{required: []string{"skill_id", "user_id", "value"}}
	webhookForm   = &form{required: []string{"event_type", "pool_id", "webhook_url"},
		enums: map[string][]string{"event_type": {"POOL_CLOSED", "DYNAMIC_OVERLAP_COMPLETED", "ASSIGNMENT_CREATED", "ASSIGNMENT_SUBMITTED",
			"ASSIGNMENT_SKIPPED", "ASSIGNMENT_EXPIRED", "ASSIGNMENT_APPROVED", "ASSIGNMENT_REJECTED", "TEST_EVENT"}}}
	// MessageThreadComposeFormV1 also lists answerable, which has a default.
	composeForm = &form{required: []string{"recipients_select_type", "topic", "text"}, defaults: []fieldDefault{{"answerable", true}},
		enums: map[string][]string{"recipients_select_type": {"DIRECT", "FILTER", "ALL"}}}
	replyForm   = &form{required: []string{"text"}}
	foldersForm = &form{required: []string{"folders"}}
	// The pool aggregation forms; WEIGHTED_DYNAMIC_OVERLAP also needs answer_weight_skill_id.
	aggregationForm = &form{required: []string{"type", "pool_id", "fields", "fields[].name"},
		enums: map[string][]string{"type": {"WEIGHTED_DYNAMIC_OVERLAP", "DAWID_SKENE"}}}
	taskAggregationForm = &form{required: []string{"type", "task_id", "pool_id", "answer_weight_skill_id", "fields", "fields[].name"},
		enums: map[string][]string{"type": {"WEIGHTED_DYNAMIC_OVERLAP"}}}
)

// fill puts the form's defaults into o where they are absent.
func (f *form) fill(o object) {
	for _, d := range f.defaults {
		parent, name := splitPath(d.path)
		for _, at := range walk(o, parent, "") {
			if _, ok := at.obj[name]; !ok {
				at.obj[name] = cloneValue(d.value)
			}
		}
	}
}

// check adds an error for every required path that is missing and every enum
// field holding a value outside its list; prefix goes before each path (an
// item of a batch names its fields from the item's root, "tasks.0." inside a suite).
func (f *form) check(fe fieldErrors, o object, prefix string) {
	for _, path := range f.required {
		parent, name := splitPath(path)
		for _, at := range walk(o, parent, prefix) {
			if at.obj[name] == nil {
				fe.add(at.path+name, "VALUE_REQUIRED", "Value must be present and not equal to null")
			}
		}
	}
	for _, path := range sortedKeys(f.enums) {
		parent, name := splitPath(path)
		allowed := f.enums[path]
		for _, at := range walk(o, parent, prefix) {
			if v, ok := at.obj[name]; ok && v != nil && !slices.Contains(allowed, str(v)) {
				fe.add(at.path+name, "UNKNOWN_ENUM_VALUE", "Unknown value "+strconv.Quote(str(v))+"; allowed: "+strings.Join(allowed, ", "), anyList(allowed)...)
			}
		}
	}
}

// validate checks o alone; the error is nil when o passes. Defaults are
// filled afterwards, into what is stored (a PUT keeps what the form leaves to the server).
func (f *form) validate(o object) *apiError {
	fe := fieldErrors{}
	f.check(fe, o, "")
	return fe.err()
}

func splitPath(path string) (parent, name string) {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}

// located is an object found by walk, with the dotted path that names it.
type located struct {
	obj  object
	path string // "" for the root, else ending in "."
}

// walk finds the objects a parent path names: the root for "", and for
// "a.b[]" every element of the list at a.b. Absent or mistyped steps match nothing.
func walk(o object, parent, prefix string) []located {
	found := []located{{o, prefix}}
	if parent == "" {
		return found
	}
	for _, step := range strings.Split(parent, ".") {
		list := strings.HasSuffix(step, "[]")
		step = strings.TrimSuffix(step, "[]")
		var next []located
		for _, at := range found {
			v := at.obj[step]
			if !list {
				if m, ok := v.(map[string]any); ok {
					next = append(next, located{m, at.path + step + "."})
				}
				continue
			}
			for i, e := range asList(v) {
				if m, ok := e.(map[string]any); ok {
					next = append(next, located{m, at.path + step + "." + strconv.Itoa(i) + "."})
				}
			}
		}
		found = next
	}
	return found
}

func anyList(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}
