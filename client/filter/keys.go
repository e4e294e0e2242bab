package filter

// InclusionKey is a filter compared with In and NotIn.
type InclusionKey struct{ category, key string }

// IdentityKey is a filter compared with Eq and Ne.
type IdentityKey struct{ category, key string }

// CompareKey is a filter compared with Lt, Lte, Gt, Gte, Eq and Ne.
type CompareKey struct{ category, key string }

// SkillKey compares a skill's value; Eq(nil) selects Tolokers without the skill.
type SkillKey struct{ id string }

// Skill is the filter on a skill: Skill("224").Gt(70).
func Skill(id string) SkillKey { return SkillKey{id} }

func cond(category, key, op string, v any) Condition {
	return Condition{Category: category, Key: key, Operator: op, Value: v}
}

// In is toloka-kit's in_: the value is among the profile's (a list means any of them).
func (k InclusionKey) In(v any) FilterCondition { return k.with("IN", v) }

// NotIn is toloka-kit's not_in (a list means none of them).
func (k InclusionKey) NotIn(v any) FilterCondition { return k.with("NOT_IN", v) }

func (k InclusionKey) with(op string, v any) FilterCondition {
	list, ok := v.([]string)
	if !ok {
		return cond(k.category, k.key, op, v)
	}
	var parts []FilterCondition
	for _, s := range list {
		parts = append(parts, cond(k.category, k.key, op, s))
	}
	if op == "IN" {
		return Or(parts...)
	}
	return And(parts...)
}

// verifiedSkills are the skills of Toloka's language tests.
var verifiedSkills = map[string]string{"AR": "30724", "DE": "26377", "EN": "26366", "ES": "32346", "FR": "26711",
	"HE": "44954", "HU": "54378", "ID": "39821", "JA": "26513", "PT": "26714", "RU": "26296", "SV": "29789",
	"UK": "48836", "ZH-HANS": "44742"}

// InVerified is toloka-kit's Languages.in_(…, verified=True): any of the
// languages, with its language test passed.
func (k InclusionKey) InVerified(langs ...string) (FilterCondition, error) {
	if k.key != "languages" {
		return nil, errorf("filter: only Languages has language tests")
	}
	var parts []FilterCondition
	for _, l := range langs {
		skill, ok := verifiedSkills[l]
		if !ok {
			return nil, errorf("filter: no language test for %s", l)
		}
		parts = append(parts, And(cond(k.category, k.key, "IN", l), Skill(skill).Eq(100)))
	}
	return Or(parts...), nil
}

// Eq is ==.
func (k IdentityKey) Eq(v any) Condition { return cond(k.category, k.key, "EQ", v) }

// Ne is !=.
func (k IdentityKey) Ne(v any) Condition { return cond(k.category, k.key, "NE", v) }

// Lt is <.
func (k CompareKey) Lt(v any) Condition { return cond(k.category, k.key, "LT", v) }

// Lte is <=.
func (k CompareKey) Lte(v any) Condition { return cond(k.category, k.key, "LTE", v) }

// Gt is >.
func (k CompareKey) Gt(v any) Condition { return cond(k.category, k.key, "GT", v) }

// Gte is >=.
func (k CompareKey) Gte(v any) Condition { return cond(k.category, k.key, "GTE", v) }

// Eq is ==.
func (k CompareKey) Eq(v any) Condition { return cond(k.category, k.key, "EQ", v) }

// Ne is !=.
func (k CompareKey) Ne(v any) Condition { return cond(k.category, k.key, "NE", v) }

// Lt is the skill < v.
func (k SkillKey) Lt(v any) Condition { return cond("skill", k.id, "LT", v) }

// Lte is the skill <= v.
func (k SkillKey) Lte(v any) Condition { return cond("skill", k.id, "LTE", v) }

// Gt is the skill > v.
func (k SkillKey) Gt(v any) Condition { return cond("skill", k.id, "GT", v) }

// Gte is the skill >= v.
func (k SkillKey) Gte(v any) Condition { return cond("skill", k.id, "GTE", v) }

// Eq is the skill == v; nil selects Tolokers without the skill.
func (k SkillKey) Eq(v any) Condition { return cond("skill", k.id, "EQ", v) }

// Ne is the skill != v.
func (k SkillKey) Ne(v any) Condition { return cond("skill", k.id, "NE", v) }
