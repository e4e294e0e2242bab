# A skill
result = toloka.Skill(name='Area selection', hidden=True, skill_ttl_hours=24, training=False,
                      public_name={'EN': 'Area selection'}, public_requester_description={'EN': 'Annotating road signs'})
