# Profile filters: gender, education, adult content, citizenship, city, verified
result = (
    (toloka.filter.Gender == toloka.filter.Gender.FEMALE) &
    (toloka.filter.Education.eq('HIGH') | (toloka.filter.Education == 'MIDDLE')) &
    (toloka.filter.AdultAllowed == True) &
    (toloka.filter.Citizenship != 'RU') &
    toloka.filter.City.in_(213) &
    ~(toloka.filter.AdultAllowed == True)
)
