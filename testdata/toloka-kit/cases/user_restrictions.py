# A restriction to a project
result = toloka.user_restriction.ProjectUserRestriction(user_id='u1', project_id='1', private_comment='spam', will_expire=datetime.datetime(2030, 1, 1))
