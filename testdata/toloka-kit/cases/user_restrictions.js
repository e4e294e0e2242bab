// A restriction to a project
result = toloka.user_restriction.ProjectUserRestriction({user_id: 'u1', project_id: '1', private_comment: 'spam', will_expire: new Date(Date.UTC(2030, 0, 1))});
