package emulator

// Skills, Tolokers' skill values, and restrictions.

func (st *state) createSkill(r apiRequest) (int, any, *apiError) {
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
	return 201, s, nil
}

func (st *state) updateSkill(r apiRequest) (int, any, *apiError) {
	old, s, err := bodyFor(r, st.skills, "Skill")
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
func (st *state) setUserSkill(r apiRequest) (int, any, *apiError) {
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
	found := st.putSkill(skill, user, value)
	found["exact_value"] = b["value"] // the digits sent, as sent
	return 201, found, nil
}

func (st *state) setRestriction(r apiRequest) (int, any, *apiError) {
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
	return 200, st.addRestriction(b), nil
}

// deleteRestriction lifts a restriction: the Toloker may be back for work.
func (st *state) deleteRestriction(r apiRequest) (int, any, *apiError) {
	id := r.id
	if _, ok := st.restrictions.get(id); !ok {
		return 0, nil, notFound("User restriction", id)
	}
	st.restrictions.remove(id)
	st.wake()
	return 204, nil, nil
}

// deleteUserSkill takes a skill's value away from a Toloker, which may take
// them out of a pool.
func (st *state) deleteUserSkill(r apiRequest) (int, any, *apiError) {
	id := r.id
	o, ok := st.userSk.get(id)
	if !ok {
		return 0, nil, notFound("User skill", id)
	}
	before, _ := num(o["exact_value"])
	st.userSk.remove(id)
	st.onSkillChanged(str(o["user_id"]), str(o["skill_id"]), before, true)
	st.wake()
	return 204, nil, nil
}
