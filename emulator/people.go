package emulator

import (
	"math"
	"net/http"
)

// Skills, Tolokers' skill values, and restrictions.

func (st *state) createSkill(r *http.Request) (int, any, *apiError) {
	s, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	stripReadOnly(s)
	if e := skillForm.validate(s); e != nil {
		return 0, nil, e
	}
	s["id"] = st.numericID("skill")
	s["created"] = st.now()
	s["owner"] = st.owner()
	skillForm.fill(s)
	st.skills.add(s)
	return http.StatusCreated, s, nil
}

func (st *state) updateSkill(r *http.Request) (int, any, *apiError) {
	id := r.PathValue("id")
	old, ok := st.skills.get(id)
	if !ok {
		return 0, nil, notFound("Skill", id)
	}
	s, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	stripReadOnly(s)
	if e := skillForm.validate(s); e != nil {
		return 0, nil, e
	}
	replaceFields(old, s)
	skillForm.fill(old)
	return 200, old, nil
}

// setUserSkill upserts a Toloker's value of a skill (PUT answers 201 as the real API does).
func (st *state) setUserSkill(r *http.Request) (int, any, *apiError) {
	b, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	fe := fieldErrors{}
	userSkillForm.check(fe, b, "")
	skill, user := str(b["skill_id"]), str(b["user_id"])
	if _, ok := st.skills.get(skill); !ok && skill != "" {
		fe.add("skill_id", "ENTITY_DOES_NOT_EXIST", "Skill "+skill+" does not exist")
	}
	if value, ok := num(b["value"]); b["value"] != nil && (!ok || value < 0 || value > 100) {
		fe.add("value", "VALUE_OUT_OF_BOUNDS", "Value must be between 0 and 100", 0, 100)
	}
	if e := fe.err(); e != nil {
		return 0, nil, e
	}
	value, _ := num(b["value"])
	var found object
	st.userSk.each(func(o object) bool {
		if str(o["user_id"]) == user && str(o["skill_id"]) == skill {
			found = o
			return false
		}
		return true
	})
	if found == nil {
		found = object{"id": st.numericID("user_skill"), "skill_id": skill, "user_id": user, "created": st.now()}
		st.userSk.add(found)
	}
	found["value"] = int(math.Round(value))
	found["exact_value"] = b["value"]
	found["modified"] = st.now()
	return http.StatusCreated, found, nil
}

func (st *state) setRestriction(r *http.Request) (int, any, *apiError) {
	b, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	stripReadOnly(b)
	fe := fieldErrors{}
	restrictionForm.check(fe, b, "")
	switch str(b["scope"]) {
	case "PROJECT":
		if _, ok := st.projects.get(str(b["project_id"])); !ok {
			fe.add("project_id", "ENTITY_DOES_NOT_EXIST", "Project does not exist")
		}
	case "POOL":
		if _, ok := st.pools.get(str(b["pool_id"])); !ok {
			fe.add("pool_id", "ENTITY_DOES_NOT_EXIST", "Pool does not exist")
		}
	}
	if e := fe.err(); e != nil {
		return 0, nil, e
	}
	b["id"] = st.numericID("restriction")
	b["created"] = st.now()
	st.restrictions.add(b)
	return 200, b, nil
}
