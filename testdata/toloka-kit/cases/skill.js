// A skill
result = toloka.Skill({name: 'Area selection', hidden: true, skill_ttl_hours: 24, training: false,
  public_name: {EN: 'Area selection'}, public_requester_description: {EN: 'Annotating road signs'}});
