# Skills: greater than, missing (None), and an inverted skill condition
result = ((toloka.filter.Skill('224') > 70) | (toloka.filter.Skill('225') == None)) & ~(toloka.filter.Skill('226') < 10)
