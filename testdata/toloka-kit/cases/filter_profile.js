// Profile filters: gender, education, adult content, citizenship, city, verified
const {filter} = toloka;
result = filter.Gender.eq(filter.Gender.FEMALE)
  .and(filter.Education.eq('HIGH').or(filter.Education.eq('MIDDLE')))
  .and(filter.AdultAllowed.eq(true))
  .and(filter.Citizenship.ne('RU'))
  .and(filter.City.in(213))
  .and(filter.AdultAllowed.eq(true).not());
