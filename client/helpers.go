package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/tolokash/tolokash/client/collectors"
)

// toloka-kit's helpers on its models, for Go: pool.set_mixer_config,
// pool.quality_control.add_action, project.add_requester_translation, …

// Ptr returns a pointer to v, for the optional fields of the models, which
// are pointers so that false and 0 are told from absent:
//
//	pool.AutoAcceptSolutions = client.Ptr(false)
//	pool.Priority = client.Ptr(10)
func Ptr[T any](v T) *T { return &v }

// Int, Bool and Float are Ptr for the common cases: MixerConfig{RealTasksCount: client.Int(9)}.
func Int(v int) *int { return &v }

// Bool is a pointer to v.
func Bool(v bool) *bool { return &v }

// Float is a pointer to v.
func Float(v float64) *float64 { return &v }

// NewPool is toloka-kit's Pool(): new task suites get an overlap of 1 unless
// set otherwise, and the quality control starts empty, ready for AddAction.
func NewPool() *Pool {
	return &Pool{Defaults: &PoolDefaults{DefaultOverlapForNewTaskSuites: Int(1)}, QualityControl: &QualityControl{Configs: []*QualityControlConfig{}}}
}

// IsOpen reports whether the pool's status is OPEN; IsClosed, IsArchived and IsLocked likewise.
func (p *Pool) IsOpen() bool { return p.Status == PoolOpen }

// IsClosed reports whether the pool is closed.
func (p *Pool) IsClosed() bool { return p.Status == PoolClosed }

// IsArchived reports whether the pool is archived.
func (p *Pool) IsArchived() bool { return p.Status == PoolArchived }

// IsLocked reports whether the pool is locked.
func (p *Pool) IsLocked() bool { return p.Status == PoolLocked }

// IsOpen reports whether the training's status is OPEN.
func (t *Training) IsOpen() bool { return t.Status == TrainingOpen }

// IsClosed reports whether the training is closed.
func (t *Training) IsClosed() bool { return t.Status == TrainingClosed }

// IsArchived reports whether the training is archived.
func (t *Training) IsArchived() bool { return t.Status == TrainingArchived }

// IsLocked reports whether the training is locked.
func (t *Training) IsLocked() bool { return t.Status == TrainingLocked }

// SetMixerConfig sets how many real, golden and training tasks go in a suite;
// counts left nil are 0, as toloka-kit sends them.
func (p *Pool) SetMixerConfig(m MixerConfig) *Pool {
	for _, n := range []**int{&m.RealTasksCount, &m.GoldenTasksCount, &m.TrainingTasksCount} {
		if *n == nil {
			*n = Int(0)
		}
	}
	p.MixerConfig = &m
	return p
}

// SetDefaults sets the overlaps of new tasks and task suites.
func (p *Pool) SetDefaults(d PoolDefaults) *Pool { p.Defaults = &d; return p }

// SetFilter sets which Tolokers see the pool (sent as an and of ors).
func (p *Pool) SetFilter(f FilterCondition) *Pool { p.Filter = f; return p }

// SetSpeedQualityBalance limits the pool to the best Tolokers.
func (p *Pool) SetSpeedQualityBalance(s SpeedQualityBalance) *Pool {
	p.SpeedQualityBalance = &s
	return p
}

// SetDynamicOverlapConfig sets dynamic overlap.
func (p *Pool) SetDynamicOverlapConfig(c DynamicOverlapConfig) *Pool {
	p.DynamicOverlapConfig = &c
	return p
}

// SetDynamicPricingConfig sets pricing by skill.
func (p *Pool) SetDynamicPricingConfig(c DynamicPricingConfig) *Pool {
	p.DynamicPricingConfig = &c
	return p
}

// QC is the pool's quality control, made when the pool has none.
func (p *Pool) QC() *QualityControl {
	if p.QualityControl == nil {
		p.QualityControl = &QualityControl{Configs: []*QualityControlConfig{}}
	}
	return p.QualityControl
}

// SetTrainingRequirement admits only Tolokers who passed a training with at
// least passingSkillValue.
func (p *Pool) SetTrainingRequirement(trainingPoolID string, passingSkillValue int) *Pool {
	p.QC().TrainingRequirement = &TrainingRequirement{TrainingPoolID: trainingPoolID, TrainingPassingSkillValue: Int(passingSkillValue)}
	return p
}

// captchaFrequencies are the values of QualityControl.CaptchaFrequency.
var captchaFrequencies = []string{"LOW", "MEDIUM", "HIGH"}

// SetCaptchaFrequency sets how often Tolokers see a captcha: LOW, MEDIUM or HIGH.
func (p *Pool) SetCaptchaFrequency(f QualityControlCaptchaFrequency) error {
	if !slices.Contains(captchaFrequencies, string(f)) {
		return &ArgError{Method: "Pool.SetCaptchaFrequency", Param: "frequency", Want: "one of LOW, MEDIUM, HIGH",
			Got: fmt.Sprintf("%q%s", f, enumSuggestion(string(f), captchaFrequencies))}
	}
	p.QC().CaptchaFrequency = f
	return nil
}

// SetCheckpointsConfig sets the checkpoints.
func (p *Pool) SetCheckpointsConfig(c CheckpointsConfig) *Pool {
	p.QC().CheckpointsConfig = &c
	return p
}

// AddAction adds a rule to the pool's quality control (see QualityControl.AddAction).
func (p *Pool) AddAction(collector CollectorConfig, conditions []RuleCondition, action RuleAction) error {
	return p.QC().AddAction(collector, conditions, action)
}

// AddAction adds a rule: when all conditions hold for the statistics of
// collector, action is taken. A collector equal to one the quality control
// already has gets the rule beside its others. Conditions the collector does
// not feed are an error naming the ones it does.
func (q *QualityControl) AddAction(collector CollectorConfig, conditions []RuleCondition, action RuleAction) error {
	if collector == nil || action == nil {
		return &ArgError{Method: "QualityControl.AddAction", Param: "collector and action", Want: "both", Got: "nil"}
	}
	for _, c := range conditions {
		if ok, keys := collectors.Allows(collector, c.Key); !ok {
			return &ArgError{Method: "QualityControl.AddAction", Param: "conditions",
				Want: fmt.Sprintf("conditions %s feeds (%v)", collector.Type(), keys), Got: c.Key + suggest(c.Key, keys)}
		}
	}
	same, err := json.Marshal(collector)
	if err != nil {
		return fmt.Errorf("QualityControl.AddAction: collector: %w", err)
	}
	rule := &QualityRule{Action: action, Conditions: conditions}
	for _, cfg := range q.Configs {
		if cfg == nil || cfg.CollectorConfig == nil {
			continue
		}
		if b, err := json.Marshal(cfg.CollectorConfig); err == nil && bytes.Equal(b, same) {
			cfg.Rules = append(cfg.Rules, rule)
			return nil
		}
	}
	q.Configs = append(q.Configs, &QualityControlConfig{Rules: []*QualityRule{rule}, CollectorConfig: collector})
	return nil
}

// SetDefaultLanguage sets the language of the project's own texts.
func (p *Project) SetDefaultLanguage(language string) {
	if p.LocalizationConfig == nil {
		p.LocalizationConfig = &LocalizationConfig{}
	}
	p.LocalizationConfig.DefaultLanguage = language
}

// Translation holds a project's texts in one more language; empty ones are left as they are.
type Translation struct {
	PublicName, PublicDescription, PublicInstructions string
}

// AddRequesterTranslation adds or updates the project's texts in a language.
func (p *Project) AddRequesterTranslation(language string, t Translation) {
	if p.LocalizationConfig == nil {
		p.LocalizationConfig = &LocalizationConfig{}
	}
	var al *AdditionalLanguage
	for _, x := range p.LocalizationConfig.AdditionalLanguages {
		if x != nil && x.Language == language {
			al = x
		}
	}
	if al == nil {
		al = &AdditionalLanguage{Language: language}
		p.LocalizationConfig.AdditionalLanguages = append(p.LocalizationConfig.AdditionalLanguages, al)
	}
	text := func(s string) *FieldTranslation { return &FieldTranslation{Value: s, Source: "REQUESTER"} }
	if t.PublicName != "" {
		al.PublicName = text(t.PublicName)
	}
	if t.PublicDescription != "" {
		al.PublicDescription = text(t.PublicDescription)
	}
	if t.PublicInstructions != "" {
		al.PublicInstructions = text(t.PublicInstructions)
	}
}

// AddBaseTask adds a task to the suite.
func (s *TaskSuite) AddBaseTask(t *Task) *TaskSuite { s.Tasks = append(s.Tasks, t); return s }
